// Issue 4 in the screens: an operator hands a conversation to a colleague
// (who sees the load of each), the colleague ends it, the visitor is told and
// writing again starts a new conversation with the operator who answered last;
// the admin sees the channel's live state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { SERVER, person, hostPage, api, inboxFor, unique } from "./harness.mjs";

test("transfer to a colleague, end the conversation, come back to the same operator", async () => {
  const admin = await api("POST", "/api/signup", {
    workspace_name: "Hand-over", name: "Ada", login: unique("ada"), password: "a long enough password",
  });
  await api("PUT", "/api/settings", { inactivity_timeout_s: 1800, capacity: 5, reassign_after_s: 0 }, admin.cookie);
  const { json: channel } = await api("POST", "/api/channels", { name: "Support" }, admin.cookie);
  const inboxes = {};
  for (const name of ["Olga", "Pavel"]) {
    const login = unique("op");
    await api("POST", "/api/operators", { name, login, password: "a long enough password" }, admin.cookie);
    const { cookie } = await api("POST", "/api/login", { login, password: "a long enough password" });
    await api("POST", `/api/channels/${channel.id}/join`, {}, cookie);
    inboxes[name] = await inboxFor(cookie);
    await inboxes[name].page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
  }

  const embed = `<script src="${SERVER}/widget.js" data-channel="${channel.id}" async></script>`;
  const site = await hostPage(`<!doctype html><html lang="en"><body><h1>Shop</h1>${embed}</body></html>`);
  const visitor = await person("en-US");
  try {
    await visitor.page.goto(site.url);
    await visitor.page.getByRole("button", { name: "Chat with us" }).click();
    const chat = visitor.page.getByRole("dialog", { name: "Chat" });
    await chat.getByRole("textbox", { name: "Message" }).fill("Where is my parcel?");
    await chat.getByRole("button", { name: "Send", exact: true }).click();
    const line = chat.getByRole("status").filter({ hasText: /You are chatting with (Olga|Pavel)\./ });
    const first = (await line.textContent()).match(/with (\w+)\./)[1];
    const second = first === "Olga" ? "Pavel" : "Olga";

    // The first operator sees it in the chat window that opened, then opens it
    // in Discuss and hands it over; the list shows each colleague's load.
    const { page: firstPage } = inboxes[first];
    await firstPage.getByRole("region", { name: "Chat with Visitor" }).getByText("Where is my parcel?").waitFor();
    const item = firstPage.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ });
    await item.filter({ hasNotText: "unread" }).click();
    const pane = firstPage.getByRole("region", { name: "Conversation" });
    await pane.getByText("Where is my parcel?").waitFor();
    const select = pane.getByRole("combobox", { name: "Transfer to" });
    await select.getByRole("option", { name: `${second} (online, 0/5)` }).waitFor({ state: "attached" });
    await select.selectOption({ label: `${second} (online, 0/5)` });
    await pane.getByRole("button", { name: "Transfer" }).click();
    await pane.getByRole("status").filter({ hasText: `Transferred to ${second}.` }).waitFor();
    await chat.getByRole("status").filter({ hasText: `You are chatting with ${second}.` }).waitFor();
    await firstPage.getByRole("status").filter({ hasText: `${first} transferred a conversation to ${second}.` }).waitFor();

    // The colleague answers and ends it; the visitor is told, the reply box closes.
    const { page: secondPage } = inboxes[second];
    await secondPage.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: new RegExp(`Visitor.*${second}`) }).click();
    const theirs = secondPage.getByRole("region", { name: "Conversation" });
    await theirs.getByRole("textbox", { name: "Reply" }).fill("It left this morning.");
    await theirs.getByRole("button", { name: "Send", exact: true }).click();
    await chat.getByText("It left this morning.").waitFor();
    // Each side sees that the other has read: the visitor's question was on
    // the operators' screens, the answer is in the open widget.
    const visitorLog = chat.getByRole("log", { name: "Messages" });
    await visitorLog.getByRole("listitem").filter({ hasText: "Where is my parcel?" }).getByText("Seen").waitFor();
    await theirs.getByRole("listitem").filter({ hasText: "It left this morning." }).getByText("Seen").waitFor();
    await theirs.getByRole("button", { name: "End conversation" }).click();
    await chat.getByRole("status").filter({ hasText: `${second} ended the conversation. Write below to start a new one.` }).waitFor();
    await theirs.getByRole("status").filter({ hasText: `${second} ended this conversation.` }).waitFor();
    assert.equal(await theirs.getByRole("textbox", { name: "Reply" }).isDisabled(), true);
    await secondPage.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /· ended/ }).waitFor();

    // The visitor rates it and keeps a transcript; the operator sees the rating.
    const rate = chat.getByRole("group", { name: "How was this conversation?" });
    await rate.getByRole("radio", { name: "Good" }).check();
    await chat.getByRole("textbox", { name: "Comment (optional)" }).fill("Quick & kind");
    await chat.getByRole("button", { name: "Send rating" }).click();
    await chat.getByRole("status").filter({ hasText: "Thank you for your rating." }).waitFor();
    await theirs.getByText("The visitor rated this conversation good: “Quick & kind”.").waitFor();
    const [download] = await Promise.all([
      visitor.page.waitForEvent("download"),
      chat.getByRole("button", { name: "Download the transcript" }).click(),
    ]);
    const transcript = await readFile(await download.path(), "utf8");
    assert.match(transcript, /\] You: Where is my parcel\?\n/);
    assert.match(transcript, new RegExp(`\\] ${second}: It left this morning\\.\\n`));

    // Writing again starts a new conversation, with the operator who answered last.
    await chat.getByRole("textbox", { name: "Message" }).fill("One more question");
    await chat.getByRole("button", { name: "Send", exact: true }).click();
    await chat.getByRole("status").filter({ hasText: `You are chatting with ${second}.` }).waitFor();
    const log = chat.getByRole("log", { name: "Messages" });
    await log.getByText("One more question").waitFor();
    assert.equal(await log.getByText("Where is my parcel?").count(), 0, "a new conversation starts empty");
    assert.deepEqual(visitor.problems, []);

    // The admin sees the channel right now: both online, the new conversation with its operator.
    inboxes.admin = await inboxFor(admin.cookie);
    const adminPage = inboxes.admin.page;
    await adminPage.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    const live = adminPage.getByRole("table", { name: "Support right now" });
    await live.getByRole("row", { name: `${second} online 1/5 active` }).waitFor();
    await live.getByRole("row", { name: `${first} online 0/5 active` }).waitFor();
    await adminPage.getByRole("status").filter({ hasText: "Nobody is waiting." }).waitFor();
  } finally {
    for (const p of [...Object.values(inboxes), visitor]) await p.context.close();
    site.close();
  }
});
