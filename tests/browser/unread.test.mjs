// Issue 6, nothing missed: a message the operator has not seen makes the
// conversation bold in Discuss with its count, and the messages icon in the
// top bar counts it; that survives a reload (the bus keeps what each
// operator has read), as does the tab's title; opening the conversation
// clears them, and the icon's list opens a conversation in a chat window.
import { test } from "node:test";
import assert from "node:assert/strict";
import { operatorAndVisitor, openChat, say } from "./harness.mjs";

test("unread conversations are bold and counted by the messages icon, until opened", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Unread");
  const a = inbox.page;
  try {
    const list = a.getByRole("navigation", { name: "Conversations" });
    await list.getByText("No conversations yet.").waitFor();
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Hello?");

    // The window opened, so that message is read; folded, the next is not.
    const win = a.getByRole("region", { name: "Chat with Visitor" });
    await win.getByText("Hello?").waitFor();
    const icon = a.getByRole("button", { name: /^Messages,/ });
    await a.getByRole("button", { name: "Messages, none unread" }).waitFor();
    await win.getByRole("button", { name: "Fold" }).click();
    await say(chat, "Is anyone there?");
    const item = list.getByRole("button", { name: /Visitor.*1 unread/ });
    await item.waitFor();
    if ((await item.evaluate((b) => getComputedStyle(b.querySelector(".who")).fontWeight)) < 600) {
      throw new Error("an unread conversation is bold");
    }
    // Its count as a badge, and when it last moved ("now" to the eye, words to the ear).
    assert.equal(await item.locator(".count").innerText(), "1");
    assert.equal(await item.locator(".ago").innerText(), "now");
    await list.getByRole("button", { name: /Visitor.*1 unread · just now/ }).waitFor();
    await a.getByRole("button", { name: "Messages, 1 conversation unread" }).waitFor();
    await a.waitForFunction(() => document.title === "(1) Switchboard inbox");

    // Kept by the operator's bus: still unread after a reload.
    await a.reload();
    await list.getByRole("button", { name: /Visitor.*1 unread/ }).waitFor();
    await a.getByRole("button", { name: "Messages, 1 conversation unread" }).waitFor();

    // The icon lists the conversation; choosing it opens its window, which reads it.
    await icon.click();
    await a.getByRole("list", { name: "Your conversations" }).getByRole("button", { name: /Visitor #\d{4}.* · 1 unread/ }).click();
    await a.getByRole("region", { name: "Chat with Visitor" }).getByText("Is anyone there?").waitFor();
    await a.getByRole("button", { name: "Messages, none unread" }).waitFor();
    await a.waitForFunction(() => document.title === "Switchboard inbox");
    await list.getByRole("button", { name: /Visitor/ }).filter({ hasNotText: "unread" }).waitFor();

    // A new message while it is open in Discuss is read at once.
    await list.getByRole("button", { name: /Visitor/ }).click();
    await say(chat, "Thanks");
    await a.getByRole("region", { name: "Conversation" }).getByText("Thanks").waitFor();
    await a.getByRole("button", { name: "Messages, none unread" }).waitFor();
  } finally {
    await close();
  }
});
