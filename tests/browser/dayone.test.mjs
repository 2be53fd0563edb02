// Issue 18, a new team's first day, in the order people do it: operators
// are logged in before the admin makes the channel; each finding of the
// issue is met here the way a person meets it.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  api, axeProblems, embedding, expectCount, hostPage, inboxFor, openChat, operatorAndVisitor, person, say, unique,
  workspaceWithChannel,
} from "./harness.mjs";

const PASSWORD = "a long enough password";

/** A new workspace (its admin signed up) and an operator `name`, logged in: `{ admin, operator }`. */
async function team(workspace, name) {
  const admin = await api("POST", "/api/signup", {
    workspace_name: workspace, name: "Ada Admin", login: unique("ada"), password: PASSWORD,
  });
  const login = unique(name.toLowerCase());
  await api("POST", "/api/operators", { name: `${name} Dupont`, login, password: PASSWORD }, admin.cookie);
  const operator = await api("POST", "/api/login", { login, password: PASSWORD });
  return { admin, operator };
}

test("a channel made while an operator's tab is open is live in that tab: Join makes them available", async () => {
  const { admin, operator } = await team("Day one", "Jean");
  const jean = await inboxFor(operator.cookie);
  const visitor = await person("en-US");
  let site;
  try {
    const j = jean.page;
    await j.getByRole("navigation", { name: "Conversations" }).waitFor();
    // The admin creates the channel while Jean's tab is open.
    const { json: channel } = await api("POST", "/api/channels", { name: "Boutique" }, admin.cookie);

    // Discuss lists it without a reload.
    const list = j.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("heading", { name: "Boutique" }).waitFor();

    // Jean joins from Channels, in the same tab.
    await j.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    const card = j.getByRole("article", { name: "Boutique" });
    await card.getByRole("button", { name: "Join" }).click();
    await card.getByRole("button", { name: "Leave" }).waitFor();

    // The channel counts Jean online: a visitor gets the chat, not the form.
    const { json: live } = await api("GET", `/api/channels/${channel.id}/live`, undefined, admin.cookie);
    assert.deepEqual(live.members.map((m) => [m.name, m.online]), [["Jean Dupont", true]]);
    site = await hostPage(embedding(channel));
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Is the shop open on Sunday?");
    await j.getByRole("region", { name: "Chat with Visitor" }).getByText("Is the shop open on Sunday?").waitFor();
    assert.equal(await chat.getByRole("textbox", { name: "Your email" }).isVisible(), false, "no leave-a-message form");
  } finally {
    await jean.context.close();
    await visitor.context.close();
    site?.close();
  }
});

test("a channel renamed while Discuss is open shows its new name there at once", async () => {
  const { admin, operator } = await team("Renames", "Jean");
  const { json: channel } = await api("POST", "/api/channels", { name: "Boutique" }, admin.cookie);
  const jean = await inboxFor(operator.cookie);
  try {
    const list = jean.page.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("heading", { name: "Boutique" }).waitFor();
    await api("PUT", `/api/channels/${channel.id}`, { name: "Boutique Paris" }, admin.cookie);
    await list.getByRole("heading", { name: "Boutique Paris" }).waitFor();
    await expectCount(list.getByRole("heading", { name: "Boutique", exact: true }), 0);
  } finally {
    await jean.context.close();
  }
});

test("admins tell operators apart: the card and the live table name each one's user beside the chat name", async () => {
  const { admin, operator } = await team("Who is who", "Jean");
  await api("PUT", "/api/profile", { chat_name: "Jean", languages: [], expertise: [] }, operator.cookie);
  const { json: channel } = await api("POST", "/api/channels", { name: "Boutique" }, admin.cookie);
  await api("POST", `/api/channels/${channel.id}/join`, {}, operator.cookie);
  const ada = await inboxFor(admin.cookie);
  const jean = await inboxFor(operator.cookie);
  try {
    for (const p of [ada.page, jean.page]) {
      await p.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    }
    const card = ada.page.getByRole("article", { name: "Boutique" });
    await card.getByText("Active: Jean — Jean Dupont").waitFor();
    await card.getByRole("table", { name: "Boutique right now" }).getByRole("rowheader", { name: "Jean — Jean Dupont" }).waitFor();
    // Operators see colleagues as visitors do.
    await jean.page.getByRole("article", { name: "Boutique" }).getByText("Active: Jean", { exact: true }).waitFor();
  } finally {
    await ada.context.close();
    await jean.context.close();
  }
});

test("keyboard and screen readers: the rated conversation's log takes focus, Discuss has its level-one heading", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Access");
  try {
    await inbox.page.getByRole("heading", { name: "Discuss", level: 1 }).waitFor({ state: "attached" });
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    // Enough words that the log scrolls.
    for (const n of [1, 2, 3, 4, 5, 6]) await say(chat, `Question number ${n}: ${"a fairly long line ".repeat(6)}`);
    const log = chat.getByRole("log", { name: "Messages" });
    await log.getByText("Question number 6").waitFor();
    await chat.getByRole("button", { name: "End chat" }).click();
    const rate = chat.getByRole("group", { name: "How was this conversation?" });
    await rate.getByRole("radio", { name: "Good" }).check();
    await chat.getByRole("button", { name: "Send rating" }).click();
    await chat.getByRole("status").filter({ hasText: "Thank you for your rating." }).waitFor();
    assert.ok(await log.evaluate((l) => l.scrollHeight > l.clientHeight), "the log scrolls");
    await log.focus();
    assert.ok(await log.evaluate((l) => l.getRootNode().activeElement === l), "the log takes keyboard focus");
    assert.deepEqual(await axeProblems(visitor.page), [], "the widget after the rating");
  } finally {
    await close();
  }
});

test("typing shows at once after quick sends", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Typing");
  try {
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Hello");
    // The operator's chat window is open and caught up (typing is relayed to
    // the sockets there at that moment, never stored).
    const win = inbox.page.getByRole("region", { name: "Chat with Visitor" });
    await win.getByText("Hello").waitFor();
    for (const text of ["One", "Two", "Three"]) await say(chat, text);
    // One keystroke right after, then nothing: it alone must say the visitor is typing.
    await chat.getByRole("textbox", { name: "Message" }).press("F");
    await win.getByText("Three").waitFor();
    await win.getByText("The visitor is typing…").waitFor();
  } finally {
    await close();
  }
});

test("seen only once on screen, and a draft goes with its conversation from window to Discuss", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Seen");
  const a = inbox.page;
  try {
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    const log = chat.getByRole("log", { name: "Messages" });
    await say(chat, "Hello?");
    const win = a.getByRole("region", { name: "Chat with Visitor" });
    await win.getByText("Hello?").waitFor();
    await log.getByRole("listitem").filter({ hasText: "Hello?" }).getByText("Seen").waitFor();

    // Folded: the next message reaches the window but is not on screen.
    await win.getByRole("button", { name: "Fold" }).click();
    await say(chat, "Anyone?");
    await win.getByText("Anyone?").waitFor({ state: "attached" });
    await a.getByRole("button", { name: "Messages, 1 conversation unread" }).waitFor();
    assert.equal(await log.getByRole("listitem").filter({ hasText: "Anyone?" }).getByText("Seen").count(), 0,
      "not seen while the window is folded");
    await win.getByRole("button", { name: "Unfold" }).click();
    await log.getByRole("listitem").filter({ hasText: "Anyone?" }).getByText("Seen").waitFor();

    // A reply begun in the window is there when the conversation opens in Discuss.
    await win.getByRole("textbox", { name: "Reply" }).fill("Let me check");
    await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    await win.waitFor({ state: "detached" });
    const pane = a.getByRole("region", { name: "Conversation" });
    assert.equal(await pane.getByRole("textbox", { name: "Reply" }).inputValue(), "Let me check");
  } finally {
    await close();
  }
});

test("a message left while nobody was online is listed for an email answer, never assigned as a live chat", async () => {
  const { admin, channel } = await workspaceWithChannel("Offline", "Support");
  const ada = await inboxFor(admin.cookie);
  const visitor = await person("en-US");
  const site = await hostPage(embedding(channel));
  try {
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await chat.getByText("No one is available right now. Leave a message and we will answer by email.").waitFor();
    await chat.getByRole("textbox", { name: "Your email" }).fill("claire@example.com");
    await chat.getByRole("textbox", { name: "Message" }).fill("Do you deliver to Lyon?");
    await chat.getByRole("button", { name: "Send message" }).click();
    await chat.getByText("Thank you! We will answer at claire@example.com.").waitFor();

    const list = ada.page.getByRole("navigation", { name: "Conversations" });
    const item = list.getByRole("button", { name: /offline message/ });
    await item.getByText(/to answer by email/).waitFor();

    // Ada joins: the message is not handed to her as a live chat.
    await ada.page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    const card = ada.page.getByRole("article", { name: "Support" });
    await card.getByRole("button", { name: "Join" }).click();
    await card.getByRole("button", { name: "Leave" }).waitFor();
    const { json: live } = await api("GET", `/api/channels/${channel.id}/live`, undefined, admin.cookie);
    assert.deepEqual(live.members.map((m) => [m.online, m.ongoing]), [[true, 0]]);
    assert.equal(live.queue, 0, "not waiting in the queue either");
    assert.equal(await ada.page.getByRole("complementary", { name: "Chat windows" }).getByRole("region").count(), 0);

    // In Discuss it is there to answer by email, the address at hand.
    await ada.page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Discuss" }).click();
    await list.getByRole("button", { name: /offline message/ }).getByText(/to answer by email/).waitFor();
    await list.getByRole("button", { name: /offline message/ }).click();
    const link = ada.page.getByRole("region", { name: "Conversation" }).getByRole("link", { name: "Answer by email to claire@example.com" });
    assert.equal(await link.getAttribute("href"), "mailto:claire@example.com");
  } finally {
    await ada.context.close();
    await visitor.context.close();
    site.close();
  }
});

test("the launcher clicked at DOMContentLoaded shows who is there, and follows operators coming and going", async () => {
  const { admin, channel, inbox, site, visitor, close } = await operatorAndVisitor("Early");
  try {
    await inbox.page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    const v = visitor.page;
    await v.goto(site.url, { waitUntil: "domcontentloaded" });
    await v.getByRole("button", { name: "Chat with us" }).click();
    const chat = v.getByRole("dialog", { name: "Chat" });
    const send = chat.getByRole("button", { name: "Send", exact: true });
    const leave = chat.getByRole("button", { name: "Send message" });
    await send.waitFor();
    await v.waitForLoadState("load");
    assert.equal(await chat.getByRole("textbox", { name: "Your email" }).isVisible(), false, "no leave-a-message form");

    // The operator leaves: the chat becomes the form, keeping what is typed.
    await chat.getByRole("textbox", { name: "Message" }).fill("Are you there?");
    await api("POST", `/api/channels/${channel.id}/leave`, {}, admin.cookie);
    await leave.waitFor({ timeout: 30_000 });
    await chat.getByText("No one is available right now. Leave a message and we will answer by email.").waitFor();
    // And back when they join again.
    await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
    await send.waitFor({ timeout: 30_000 });
    assert.equal(await chat.getByRole("textbox", { name: "Message" }).inputValue(), "Are you there?");
  } finally {
    await close();
  }
});
