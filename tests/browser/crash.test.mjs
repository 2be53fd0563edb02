// Issue 22, item 4: a visitor types in Chromium while workerd (its whole
// process group) is killed with -9 and started again on the same state:
// one message on its way as it dies, one typed while it is down, one once
// it is back. The widget and the inbox both end showing each message once,
// in the order typed. Runs a workerd of its own (`ownserver.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ownServer } from "./ownserver.mjs";

const server = await ownServer();
process.env.SWITCHBOARD_URL = server.url;
const { api, embedding, hostPage, inboxFor, openChat, person, say, workspaceWithChannel } = await import("./harness.mjs");

/** The words of `log`'s messages that are among `words`, in the order shown. */
async function shown(log, words) {
  const lines = await log.getByRole("listitem").allInnerTexts();
  return lines.flatMap((line) => words.filter((w) => new RegExp(`\\b${w}\\b`).test(line)));
}

test("a visitor types through a kill -9 of workerd: both sides show each message once, in order", async () => {
  const { admin, channel } = await workspaceWithChannel("Crash", "Support");
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  const site = await hostPage(embedding(channel));
  const visitor = await person("en-US");
  const words = ["Alpha", "Bravo", "Charlie", "Delta"];
  try {
    const list = inbox.page.getByRole("navigation", { name: "Conversations" });
    await list.getByText("No conversations yet.").waitFor();
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    const log = chat.getByRole("log", { name: "Messages" });
    await say(chat, "Alpha");
    await log.getByRole("listitem").filter({ hasText: "Alpha" }).getByRole("time").waitFor();
    await list.getByRole("button", { name: /Visitor/ }).click();
    const pane = inbox.page.getByRole("region", { name: "Conversation" });
    await pane.getByText("Alpha").waitFor();

    await say(chat, "Bravo"); // on its way as workerd dies
    await server.kill();
    // The visitor sees the service gone, and is told their words are kept.
    await chat.getByText("Connection lost. Reconnecting… Your messages are kept and will be sent.").waitFor();
    await say(chat, "Charlie"); // typed while the service is down
    assert.equal(await log.getByRole("listitem").filter({ hasText: "Charlie" }).getByRole("time").count(), 0, "not stored yet");
    await server.restart();
    await say(chat, "Delta");

    for (const [where, messages] of [["widget", log], ["inbox", pane.getByRole("log")]]) {
      await messages.getByText("Delta", { exact: true }).waitFor({ timeout: 60_000 });
      assert.deepEqual(await shown(messages, words), words, `${where}: each once, in order`);
    }
    // Every message is stored, not only shown: the widget shows each one's time.
    for (const w of words) {
      await log.getByRole("listitem").filter({ hasText: w }).getByRole("time").waitFor({ timeout: 30_000 });
    }
    assert.deepEqual(await shown(log, words), words, "the widget, once all is stored");
  } finally {
    await visitor.context.close();
    site.close();
    await inbox.context.close();
    await server.stop();
  }
});
