// Issue 6, working the conversation: beside the chat, the operator sees what
// is known of the visitor — languages, country, the page they are on and the
// pages they went through (the widget says which page it runs on; only web
// addresses count), and their earlier conversations in the channel (from
// History once they ended).
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeProblems, operatorAndVisitor, openChat, say } from "./harness.mjs";

test("the visitor's languages, country, pages and earlier conversations beside the chat", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Context");
  const a = inbox.page;
  try {
    const list = a.getByRole("navigation", { name: "Conversations" });
    await list.getByText("No conversations yet.").waitFor();
    await visitor.page.goto(`${site.url}shoes`);
    await say(await openChat(visitor.page), "Do you have size 44?");
    await list.getByRole("button", { name: /Visitor/ }).click();
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText("Do you have size 44?").waitFor();

    const about = pane.getByRole("group").filter({ hasText: "About the visitor" });
    const value = (term) => about.locator(`dt:text-is("${term}") + dd`);
    assert.equal(await value("Languages").innerText(), "en-US");
    assert.match(await value("Country").innerText(), /^([A-Z]{2}|Unknown)$/);
    await value("On the page").getByRole("link", { name: `${site.url}shoes` }).waitFor();

    // The visitor moves on: the inbox follows, and keeps where they were.
    await visitor.page.goto(`${site.url}checkout`);
    await value("On the page").getByRole("link", { name: `${site.url}checkout` }).waitFor();
    const visited = about.getByRole("list", { name: "Pages visited, oldest first" }).getByRole("listitem");
    assert.deepEqual(await visited.allInnerTexts(), [`${site.url}shoes`, `${site.url}checkout`]);
    assert.equal(await value("Earlier conversations").innerText(), "None in this channel");
    assert.deepEqual(await axeProblems(a), []);

    // Ended, then a new conversation from the same visitor: the first is listed as earlier.
    await pane.getByRole("button", { name: "End conversation" }).click();
    await pane.getByText("ended this conversation").waitFor();
    await visitor.page.reload();
    // Writing after the end starts a new conversation.
    await say(await openChat(visitor.page), "Back again");
    await list.getByRole("button", { name: /Back again/ }).click();
    await pane.getByText("Back again").waitFor();
    await about.getByRole("list", { name: "Earlier conversations" }).getByText("Do you have size 44?").waitFor();

    // After a reload the ended one is no longer listed in Discuss: History still knows it.
    await a.reload();
    await list.getByRole("button", { name: /Back again/ }).click();
    await pane.getByText("Back again").waitFor();
    await about.getByRole("list", { name: "Earlier conversations" }).getByText("Do you have size 44?").waitFor();
  } finally {
    await close();
  }
});
