// Issue 5, never a lost message: what the visitor types offline waits in an
// outbox that survives closing the tab, and goes out once when they are back;
// two tabs of the same site share one conversation; what meets a conversation
// that ended meanwhile starts a new one.
import { test } from "node:test";
import {
  person, hostPage, expectCount, workspaceWithChannel, embedding, openChat, operatorAndVisitor, say, sockets,
} from "./harness.mjs";

const channel = async () => (await workspaceWithChannel("Delivery", "Help")).channel;
const page = embedding;

// Nobody has joined these channels: the first message is left with an email.
async function leave(chat, text) {
  await chat.getByRole("textbox", { name: "Your email" }).fill("visitor@example.com");
  await chat.getByRole("textbox", { name: "Message" }).fill(text);
  await chat.getByRole("button", { name: "Send message" }).click();
}

test("typed offline, tab closed, back online: the message goes out once", async () => {
  const c = await channel();
  const site = await hostPage(page(c));
  const visitor = await person("en-US");
  try {
    // The network, between the browser and the chat's sockets: cut on demand.
    const network = await sockets(visitor.context, /\/api\/conversations\//);
    let p = visitor.page;
    await p.goto(site.url);
    let chat = await openChat(p);
    await leave(chat, "First, online");
    // Stored: the line shows its time instead of "sending…".
    await chat.getByText(/^You · \d/).waitFor();

    await network.cut();
    await chat.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    await say(chat, "Second, typed offline");
    await chat.getByText("You · sending…").waitFor();
    await p.close();

    network.restore();
    p = await visitor.context.newPage();
    await p.goto(site.url);
    chat = await openChat(p);
    const log = chat.getByRole("log", { name: "Messages" });
    await log.getByText("Second, typed offline").waitFor();
    await expectCount(chat.getByText("You · sending…"), 0);
    await expectCount(log.getByText("Second, typed offline"), 1);
    await expectCount(log.getByText("First, online"), 1);
  } finally {
    await visitor.context.close();
    site.close();
  }
});

test("two tabs of the same site share one conversation", async () => {
  const c = await channel();
  const site = await hostPage(page(c));
  const visitor = await person("en-US");
  try {
    const a = visitor.page;
    const b = await visitor.context.newPage();
    await a.goto(site.url);
    await b.goto(site.url);
    const chatA = await openChat(a);
    const chatB = await openChat(b);
    await leave(chatA, "Hello from the first tab");
    await chatB.getByText("Hello from the first tab").waitFor();
    await say(chatB, "And from the second");
    await chatA.getByText("And from the second").waitFor();
    for (const chat of [chatA, chatB]) {
      const log = chat.getByRole("log", { name: "Messages" });
      await expectCount(log.getByText("Hello from the first tab"), 1);
      await expectCount(log.getByText("And from the second"), 1);
    }
  } finally {
    await visitor.context.close();
    site.close();
  }
});

/**
 * An operator in the inbox and a visitor who said "Hello there" to them;
 * then the visitor's chat sockets are cut (`network`).
 */
async function cutAfterHello() {
  const people = await operatorAndVisitor("Delivery");
  try {
    const network = await sockets(people.visitor.context, /\/api\/conversations\//);
    await people.visitor.page.goto(people.site.url);
    const chat = await openChat(people.visitor.page);
    await say(chat, "Hello there");
    const list = people.inbox.page.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("button", { name: /Hello there/ }).waitFor();
    // Said: the widget has its acknowledgement before the cut (else it
    // rightly keeps "Hello there" to send again).
    await expectCount(chat.getByText("You · sending…"), 0);
    await network.cut();
    await chat.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    return { ...people, network, chat, list };
  } catch (e) {
    // Set-up failed: no browser left running.
    await people.close();
    throw e;
  }
}

/** Back online ("Try now"): `text` shows once in `chat`, and in the inbox as a new conversation. */
async function arrivesInANewConversation({ network, chat, list }, text) {
  network.restore();
  await chat.getByRole("button", { name: "Try now" }).click();
  const conversation = list.getByRole("button", { name: new RegExp(text.replace(/[?.]/g, "\\$&")) });
  await conversation.waitFor();
  const log = chat.getByRole("log", { name: "Messages" });
  await log.getByText(text).waitFor();
  await expectCount(chat.getByText("You · sending…"), 0);
  await expectCount(log.getByText(text), 1);
  await expectCount(conversation, 1);
}

test("ended while the visitor was offline: what they typed meanwhile starts a new conversation", async () => {
  const t = await cutAfterHello();
  try {
    await t.list.getByRole("button", { name: /Hello there/ }).click();
    const pane = t.inbox.page.getByRole("region", { name: "Conversation" });
    await pane.getByText("Hello there").waitFor();
    await pane.getByRole("button", { name: "End conversation" }).click();
    await pane.getByText("ended this conversation").waitFor();
    // The widget cannot know yet: the message waits for the connection.
    await say(t.chat, "Are you still there?");
    await t.chat.getByText("You · sending…").waitFor();
    await arrivesInANewConversation(t, "Are you still there?");
  } finally {
    await t.close();
  }
});

test("a conversation whose key no longer opens it: what was typed for it starts a new one", async () => {
  const t = await cutAfterHello();
  try {
    await say(t.chat, "Is anyone there?");
    await t.chat.getByText("You · sending…").waitFor();
    // The key this site kept stops opening the conversation (as if the
    // service had lost it); the page is loaded again, still offline.
    const page = t.visitor.page;
    await page.evaluate((key) => {
      const kept = JSON.parse(localStorage.getItem(key));
      localStorage.setItem(key, JSON.stringify({ ...kept, token: "no-longer-valid" }));
    }, `switchboard:v1:${t.channel.id}`);
    await page.reload();
    const chat = await openChat(page);
    await chat.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    await arrivesInANewConversation({ ...t, chat }, "Is anyone there?");
  } finally {
    await t.close();
  }
});
