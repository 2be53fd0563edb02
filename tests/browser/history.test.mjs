// Issue 20, History: an ended conversation is found in the inbox's History
// page by a word of its messages and opens as its transcript; its visitor
// has the name the inbox gave them (issue 24: "Visitor #0427").
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeProblems, operatorAndVisitor, openChat, say } from "./harness.mjs";

test("an ended conversation is found by a word in History and read whole", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("History");
  const a = inbox.page;
  try {
    const word = `zephyr${Date.now().toString(36)}`;
    await visitor.page.goto(site.url);
    await say(await openChat(visitor.page), `Where is my ${word} order?`);
    const list = a.getByRole("navigation", { name: "Conversations" });
    // A visitor who told nothing has a number of their own, the same in History.
    const entry = list.getByRole("button", { name: /Visitor #\d{4}/ });
    const name = (await entry.innerText()).match(/Visitor #\d{4}/)[0];
    await entry.click();
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText(`Where is my ${word} order?`).waitFor();
    await pane.getByRole("button", { name: "End conversation" }).click();
    await pane.getByText("ended this conversation").waitFor();

    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "History" }).click();
    const search = a.getByRole("search", { name: "Search ended conversations" });
    await search.getByLabel("Words in the messages").fill(word.slice(0, -2));
    await search.getByRole("button", { name: "Search" }).click();
    await a.getByRole("status").filter({ hasText: "1 conversation" }).waitFor();
    const found = a.getByRole("list", { name: "Ended conversations" }).getByRole("button");
    assert.equal(await found.count(), 1);
    assert.match(await found.innerText(), new RegExp(word));
    assert.ok((await found.innerText()).includes(name), `History names ${name} as the inbox did`);
    await found.click();
    const transcript = a.getByRole("region", { name: "Transcript" });
    await transcript.getByRole("list", { name: "Messages" }).getByText(`Where is my ${word} order?`).waitFor();
    assert.deepEqual(await axeProblems(a), []);

    await search.getByLabel("Words in the messages").fill(`${word}nothing`);
    await search.getByRole("button", { name: "Search" }).click();
    await a.getByRole("status").filter({ hasText: "No ended conversation matches." }).waitFor();
  } finally {
    await close();
  }
});
