// Issue 6, nothing missed: the operator's connection to a conversation, or
// the tab's one socket to their bus, drops while the visitor keeps writing;
// the inbox says it is reconnecting, and once back it shows every message
// sent meanwhile, each once (the bus replays the news the tab missed); an
// end asked meanwhile goes once the socket is back, and a reply that met the
// end comes back to the composer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { operatorAndVisitor, openChat, say, sockets } from "./harness.mjs";

/** The visitor writes `text` in `chat`: sent and stored (the line shows its time). */
async function stored(chat, text) {
  await say(chat, text);
  await chat.getByRole("listitem").filter({ hasText: text }).getByRole("time").waitFor();
}

/**
 * A visitor has written `first`, the operator has the conversation open, and
 * then the inbox's conversation socket is cut (`network.restore()` brings it
 * back): the people, the visitor's chat and the operator's pane.
 */
async function paneCutAfter(workspace, first) {
  const people = await operatorAndVisitor(workspace);
  const { inbox, site, visitor } = people;
  try {
    const network = await sockets(inbox.context, /\/api\/conversations\//);
    const list = inbox.page.getByRole("navigation", { name: "Conversations" });
    await list.getByText("No conversations yet.").waitFor();
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await stored(chat, first);
    await list.getByRole("button", { name: /Visitor/ }).click();
    const pane = inbox.page.getByRole("region", { name: "Conversation" });
    await pane.getByText(first).waitFor();
    await network.cut();
    await pane.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    return { ...people, network, chat, pane };
  } catch (e) {
    await people.close();
    throw e;
  }
}

test("messages sent while the operator's socket was down appear once on reconnect", async () => {
  const { network, chat, pane, close } = await paneCutAfter("Reconnect", "First question");
  try {
    await stored(chat, "Second, while you were away");
    await stored(chat, "Third, still away");
    // Ended while down: the end waits for the socket, and says so.
    await pane.getByRole("button", { name: "End conversation" }).click();
    assert.ok(await pane.getByRole("button", { name: "Ending…" }).isDisabled());

    network.restore();
    const log = pane.getByRole("log", { name: "Messages" });
    await log.getByText("Third, still away").waitFor({ timeout: 30_000 });
    for (const text of ["First question", "Second, while you were away", "Third, still away"]) {
      assert.equal(await log.getByText(text, { exact: true }).count(), 1, `${text} once`);
    }
    await pane.getByRole("status").filter({ hasText: "Connection lost" }).waitFor({ state: "detached" });
    await pane.getByRole("status").filter({ hasText: "ended this conversation." }).waitFor();
    await chat.getByRole("status").filter({ hasText: "ended the conversation" }).waitFor();
  } finally {
    await close();
  }
});

test("a reply that met the end while the operator's socket was down comes back to the composer", async () => {
  const { network, chat, pane, close } = await paneCutAfter("Kept reply", "Can you send me the link?");
  try {
    const reply = pane.getByRole("textbox", { name: "Reply" });
    await reply.fill("Here it is: example.com/link");
    await reply.press("Enter");
    await pane.getByRole("listitem").filter({ hasText: "sending…" }).waitFor();
    // Meanwhile the visitor leaves.
    await chat.getByRole("button", { name: "End chat" }).click();
    await chat.getByRole("status").filter({ hasText: "You ended the conversation." }).waitFor();

    network.restore();
    await pane.getByRole("status").filter({ hasText: "The visitor ended this conversation." }).waitFor({ timeout: 30_000 });
    await pane.getByRole("status").filter({ hasText: "Your reply is kept below to copy." }).waitFor();
    assert.equal(await reply.inputValue(), "Here it is: example.com/link", "the reply is back in the composer");
    assert.equal(await reply.isEditable(), false, "read only: the conversation has ended");
    assert.equal(await pane.getByRole("listitem").filter({ hasText: "sending…" }).count(), 0, "not left 'sending…'");
    assert.equal(await chat.getByText("Here it is: example.com/link").count(), 0, "never reached the ended conversation");
  } finally {
    await close();
  }
});

test("news sent while the inbox's bus was down arrives once when it is back", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Bus reconnect");
  const a = inbox.page;
  try {
    // The tab's socket to the operator's bus, cut at will (from the reload on).
    const bus = await sockets(inbox.context, /\/api\/bus$/);
    await a.reload();
    const list = a.getByRole("navigation", { name: "Conversations" });
    await list.getByText("No conversations yet.").waitFor();
    await list.getByText("Online: Ada").waitFor();
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "First question");
    // Assigned to the operator: its window opens; folded, it reads nothing.
    const win = a.getByRole("region", { name: "Chat with Visitor" });
    await win.getByText("First question").waitFor();
    await win.getByRole("button", { name: "Fold" }).click();

    await bus.cut();
    await list.getByRole("status").filter({ hasText: "Reconnecting…" }).waitFor();
    for (const text of ["Second, while you were away", "Third, still away"]) {
      await stored(chat, text);
    }
    bus.restore();
    await list.getByRole("button", { name: /Visitor.*2 unread/ }).waitFor({ timeout: 30_000 });
    assert.equal(await list.getByRole("button", { name: /Visitor/ }).count(), 1, "listed once");
    await list.getByText("Third, still away").waitFor();
    await a.getByRole("button", { name: "Messages, 1 conversation unread" }).waitFor();
    await list.getByRole("status").filter({ hasText: "Reconnecting…" }).waitFor({ state: "detached" });
  } finally {
    await close();
  }
});
