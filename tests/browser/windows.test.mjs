// Issue 6, chat windows: a conversation assigned to an active operator opens
// a chat window at the bottom right; moving to Channels and to My Profile
// keeps the window and the reply being typed in it; the window folds to its
// title bar and closes; opening the conversation in Discuss takes it there.
// axe-core finds no serious or critical violation with the window open.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeProblems, operatorAndVisitor, openChat, say } from "./harness.mjs";

test("an assigned conversation opens a chat window that follows the operator from page to page", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Windows");
  const a = inbox.page;
  try {
    await a.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Do you ship to Norway?");

    // The window opens by itself, in the bottom-right corner.
    const windows = a.getByRole("complementary", { name: "Chat windows" });
    const win = windows.getByRole("region", { name: "Chat with Visitor" });
    await win.getByText("Do you ship to Norway?").waitFor();
    const box = await win.boundingBox();
    const viewport = a.viewportSize();
    assert.ok(box.x + box.width > viewport.width - 40, `at the right edge: ${JSON.stringify(box)}`);
    assert.ok(box.y + box.height > viewport.height - 2, `at the bottom: ${JSON.stringify(box)}`);

    assert.deepEqual(await axeProblems(a), [], "Discuss with a chat window open");

    // A draft survives moving to Channels and to My Profile.
    const reply = win.getByRole("textbox", { name: "Reply" });
    await reply.fill("Yes, we do");
    const nav = a.getByRole("navigation", { name: "Main" });
    await nav.getByRole("button", { name: "Channels" }).click();
    await a.getByRole("heading", { name: "Channels", level: 1 }).waitFor();
    assert.equal(await reply.inputValue(), "Yes, we do");
    await a.getByRole("button", { name: /Account menu/ }).click();
    await a.getByRole("menuitem", { name: "My Profile" }).click();
    await a.getByRole("form", { name: "Preferences" }).waitFor();
    assert.equal(await reply.inputValue(), "Yes, we do", "the same window, not a new one");
    await reply.press("Enter");
    await chat.getByText("Yes, we do").waitFor();

    // Transfer and end wait under one control; the messages keep the room.
    const end = win.getByRole("button", { name: "End conversation" });
    assert.equal(await end.isVisible(), false, "folded away at first");
    await win.getByText("Transfer or end").click();
    await end.waitFor();
    await win.getByText("Transfer or end").click();
    await end.waitFor({ state: "hidden" });

    // Fold to the title bar and back; the visitor's next message is there.
    await win.getByRole("button", { name: "Fold" }).click();
    await reply.waitFor({ state: "hidden" });
    await say(chat, "Great, thanks");
    await win.getByRole("button", { name: "Unfold" }).click();
    await win.getByText("Great, thanks").waitFor();

    // Opened in Discuss, it leaves its window; a closed window stays closed.
    await nav.getByRole("button", { name: "Discuss" }).click();
    await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    await a.getByRole("region", { name: "Conversation" }).getByText("Great, thanks").waitFor();
    await win.waitFor({ state: "detached" });
  } finally {
    await close();
  }
});
