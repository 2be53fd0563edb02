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

test("ended while the visitor was offline: what they typed meanwhile starts a new conversation", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Delivery");
  try {
    const network = await sockets(visitor.context, /\/api\/conversations\//);
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Hello there");
    const list = inbox.page.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("button", { name: /Hello there/ }).click();
    const pane = inbox.page.getByRole("region", { name: "Conversation" });
    await pane.getByText("Hello there").waitFor();

    await network.cut();
    await chat.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    await pane.getByRole("button", { name: "End conversation" }).click();
    await pane.getByText("ended this conversation").waitFor();
    // The widget cannot know yet: the message waits for the connection.
    await say(chat, "Are you still there?");
    await chat.getByText("You · sending…").waitFor();

    network.restore();
    await chat.getByRole("button", { name: "Try now" }).click();
    const log = chat.getByRole("log", { name: "Messages" });
    await list.getByRole("button", { name: /Are you still there\?/ }).click();
    await pane.getByText("Are you still there?").waitFor();
    await expectCount(list.getByRole("button", { name: /Are you still there\?/ }), 1);
    await expectCount(chat.getByText("You · sending…"), 0);
    await expectCount(log.getByText("Are you still there?"), 1);
  } finally {
    await close();
  }
});

test("a conversation whose key no longer opens it: what was typed for it starts a new one", async () => {
  const { channel, inbox, site, visitor, close } = await operatorAndVisitor("Delivery");
  try {
    const network = await sockets(visitor.context, /\/api\/conversations\//);
    await visitor.page.goto(site.url);
    let chat = await openChat(visitor.page);
    await say(chat, "Hello there");
    const list = inbox.page.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("button", { name: /Hello there/ }).waitFor();

    await network.cut();
    await chat.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    await say(chat, "Is anyone there?");
    await chat.getByText("You · sending…").waitFor();
    // The key this site kept stops opening the conversation (as if the
    // service had lost it); the page is loaded again, still offline.
    await visitor.page.evaluate((key) => {
      const kept = JSON.parse(localStorage.getItem(key));
      localStorage.setItem(key, JSON.stringify({ ...kept, token: "no-longer-valid" }));
    }, `switchboard:v1:${channel.id}`);
    await visitor.page.reload();
    chat = await openChat(visitor.page);
    await chat.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();

    network.restore();
    await chat.getByRole("button", { name: "Try now" }).click();
    await list.getByRole("button", { name: /Is anyone there\?/ }).waitFor();
    const log = chat.getByRole("log", { name: "Messages" });
    await log.getByText("Is anyone there?").waitFor();
    await expectCount(chat.getByText("You · sending…"), 0);
    await expectCount(log.getByText("Is anyone there?"), 1);
    await expectCount(list.getByRole("button", { name: /Is anyone there\?/ }), 1);
  } finally {
    await close();
  }
});
