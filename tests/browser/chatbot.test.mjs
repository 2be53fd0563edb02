// Issue 7 in the screens: a channel's chatbot asks the visitor what it is
// about; "Billing" goes to the operator with Billing expertise even while one
// without it is free (and would win a plain tie); with no Billing operator
// online it goes to the next available one; with nobody online the script's
// fallback asks for an email and ends. The operator reads the bot's exchange
// above the conversation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeProblems, person, hostPage, api, inboxFor, unique, workspaceWithChannel, embedding, openChat, say } from "./harness.mjs";

const PASSWORD = "a long enough password";

/** The Support script: a question, a forward, and an email fallback. */
const script = (billing) => ({
  name: "Support", bot_name: "Sam", default_lang: "en",
  steps: [
    { id: "topic", text: { default: "What is it about?" }, kind: { question: { answers: [
      { label: { default: "Billing" }, expertise: [billing] },
      { label: { default: "Something else" } },
    ] } } },
    { id: "forward", text: { default: "Let me find someone." }, kind: { forward: { no_operator: "email" } } },
    { id: "email", text: { default: "Nobody is free. What is your email?" }, kind: "ask_email" },
    { id: "bye", text: { default: "Thank you, we will write to you." }, kind: "end" },
  ],
});

/**
 * A workspace whose channel runs the script, with two operators: "Alma"
 * (login first in order, no expertise) and "Zora" (Billing).
 */
async function setUp(name) {
  const { admin, channel } = await workspaceWithChannel(name, "Support");
  const { json: billing } = await api("POST", "/api/expertise", { name: "Billing" }, admin.cookie);
  const { json: bot } = await api("POST", "/api/chatbots", script(billing.id), admin.cookie);
  await api("PUT", `/api/channels/${channel.id}`, { name: "Support", chatbot: { script: bot.id } }, admin.cookie);
  const operators = {};
  for (const [display, prefix] of [["Alma", "a"], ["Zora", "z"]]) {
    const login = unique(prefix);
    await api("POST", "/api/operators", { name: display, login, password: PASSWORD }, admin.cookie);
    operators[display] = { login, cookie: (await api("POST", "/api/login", { login, password: PASSWORD })).cookie };
  }
  await api("PUT", `/api/expertise/${billing.id}`, { name: "Billing", operators: [operators.Zora.login] }, admin.cookie);
  return { channel, operators };
}

/** Joins the channel and opens the inbox (online), ready for conversations. */
async function online(operator, channel) {
  await api("POST", `/api/channels/${channel.id}/join`, {}, operator.cookie);
  const inbox = await inboxFor(operator.cookie);
  await inbox.page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
  return inbox;
}

/**
 * The visitor opens the widget, says hello, and clicks `answer` (with
 * `scan`, the widget showing the answers goes through axe-core first).
 */
async function visit(channel, answer, scan = false) {
  const site = await hostPage(embedding(channel));
  const visitor = await person("en-US");
  await visitor.page.goto(site.url);
  const chat = await openChat(visitor.page);
  await say(chat, "Hello, I have a question");
  await chat.getByRole("status").filter({ hasText: "You are chatting with Sam." }).waitFor();
  await chat.getByText("What is it about?").waitFor();
  if (scan) assert.deepEqual(await axeProblems(visitor.page), [], "the widget with the bot's answers");
  await chat.getByRole("button", { name: answer }).click();
  return { site, visitor, chat };
}

async function close(...people) {
  for (const p of people) await (p.close ? p.close() : p.context.close());
}

test("Billing goes to the Billing operator while another is free, who reads the bot's exchange", async () => {
  const { channel, operators } = await setUp("Bot · Billing");
  const alma = await online(operators.Alma, channel);
  const zora = await online(operators.Zora, channel);
  const { site, visitor, chat } = await visit(channel, "Billing", true);
  try {
    await chat.getByRole("status").filter({ hasText: "You are chatting with Zora." }).waitFor();
    // The answers were for that one question: they are gone once answered.
    await chat.getByRole("button", { name: "Something else" }).waitFor({ state: "detached" });

    const list = zora.page.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("button", { name: /Visitor.*Zora/ }).click();
    const pane = zora.page.getByRole("region", { name: "Conversation" });
    const lines = pane.getByRole("log", { name: "Messages" }).getByRole("listitem");
    await lines.filter({ hasText: "Sam (chatbot)" }).filter({ hasText: "What is it about?" }).waitFor();
    const texts = (await lines.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
    const order = ["Hello, I have a question", "What is it about?", "Billing", "Let me find someone."]
      .map((said) => texts.findIndex((t) => t.endsWith(said)));
    if (order.some((i) => i < 0) || order.some((i, k) => k > 0 && i <= order[k - 1])) {
      throw new Error(`the exchange is not there in order: ${JSON.stringify(texts)}`);
    }
    // Zora answers in the same conversation.
    await pane.getByRole("textbox", { name: "Reply" }).fill("Hi, I can help with your invoice.");
    await pane.getByRole("button", { name: "Send", exact: true }).click();
    await chat.getByText("Hi, I can help with your invoice.").waitFor();
    await alma.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor.*Zora/ }).waitFor();
  } finally {
    await close(visitor, site, alma, zora);
  }
});

test("with no Billing operator online, Billing goes to the next available operator", async () => {
  const { channel, operators } = await setUp("Bot · next available");
  const alma = await online(operators.Alma, channel);
  const { site, visitor, chat } = await visit(channel, "Billing");
  try {
    await chat.getByRole("status").filter({ hasText: "You are chatting with Alma." }).waitFor();
    await alma.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor.*Alma/ }).waitFor();
  } finally {
    await close(visitor, site, alma);
  }
});

test("with nobody online, the script's fallback asks for an email and ends the chat", async () => {
  const { channel } = await setUp("Bot · nobody");
  const { site, visitor, chat } = await visit(channel, "Something else");
  try {
    await chat.getByText("Nobody is free. What is your email?").waitFor();
    const box = chat.getByRole("textbox", { name: "Message" });
    await box.fill("not an address");
    await chat.getByRole("button", { name: "Send", exact: true }).click();
    // Asked again, then a valid address ends the conversation.
    await chat.getByText("Nobody is free. What is your email?").nth(1).waitFor();
    await box.fill("ann@example.com");
    await chat.getByRole("button", { name: "Send", exact: true }).click();
    await chat.getByText("Thank you, we will write to you.").waitFor();
    await chat.getByRole("status").filter({ hasText: "Sam ended the conversation." }).waitFor();
  } finally {
    await close(visitor, site);
  }
});

test("an admin writes a script in the editor, which says what is wrong, and a channel runs it", async () => {
  const { admin, channel } = await workspaceWithChannel("Bot · editor", "Support");
  await api("POST", "/api/expertise", { name: "Billing" }, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  const a = inbox.page;
  let site, visitor;
  try {
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Chatbots" }).click();
    const form = a.getByRole("form", { name: "New script" });
    const check = form.getByRole("region", { name: "Problems with this script" });
    await check.getByText("Give the script a name.").waitFor();
    await form.getByRole("textbox", { name: "Script name" }).fill("Welcome");
    await form.getByRole("textbox", { name: "Bot name (visitors see it)" }).fill("Robin");

    // Step 1: a question with one answer asking for Billing.
    await form.getByRole("button", { name: "Add step" }).click();
    const first = form.getByRole("group", { name: /^Step 1/ });
    await first.getByRole("textbox", { name: "Step name" }).fill("topic");
    await first.getByRole("combobox", { name: "Kind" }).selectOption("question");
    await check.getByText("The step “topic” says nothing.").waitFor();
    await first.getByRole("textbox", { name: "What the bot says", exact: true }).fill("How can I help?");
    await check.getByText("An answer of “topic” has no text.").waitFor();
    const answer = first.getByRole("group", { name: "Answer 1" });
    await answer.getByRole("textbox", { name: "Answer", exact: true }).fill("An invoice");
    await answer.getByRole("checkbox", { name: "Billing" }).check();

    // Step 2: forward; then the check is clean and the script saves.
    await form.getByRole("button", { name: "Add step" }).click();
    const second = form.getByRole("group", { name: /^Step 2/ });
    await second.getByRole("textbox", { name: "Step name" }).fill("hand-over");
    await second.getByRole("combobox", { name: "Kind" }).selectOption("forward");
    await second.getByRole("textbox", { name: "What the bot says", exact: true }).fill("One moment, please.");
    await check.getByText("No problem found.").waitFor();
    assert.deepEqual(await axeProblems(a), [], "the script editor");
    await form.getByRole("button", { name: "Save script" }).click();
    await a.getByRole("listitem").filter({ hasText: "Welcome — Robin, 2 steps" }).waitFor();

    // The channel runs it.
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    const card = a.getByRole("article", { name: "Support" });
    await card.getByRole("button", { name: "Edit" }).click();
    const settings = card.getByRole("form", { name: "Channel settings" });
    await settings.getByRole("combobox", { name: "Script run on new conversations" }).selectOption({ label: "Welcome" });
    await settings.getByRole("button", { name: "Save channel" }).click();
    await settings.getByText("Channel saved.").waitFor();

    site = await hostPage(embedding(channel));
    visitor = await person("en-US");
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Hi");
    await chat.getByText("How can I help?").waitFor();
    await chat.getByRole("button", { name: "An invoice" }).click();
    await chat.getByText("One moment, please.").waitFor();
  } finally {
    await close(inbox, ...[visitor, site].filter(Boolean));
  }
});
