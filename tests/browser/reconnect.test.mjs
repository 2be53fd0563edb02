// Issue 6, nothing missed: the operator's connection to a conversation drops
// while the visitor keeps writing; the inbox says it is reconnecting, and
// once back it shows every message sent meanwhile, each once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { operatorAndVisitor, openChat, say, sockets } from "./harness.mjs";

test("messages sent while the operator's socket was down appear once on reconnect", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Reconnect");
  const a = inbox.page;
  try {
    // The inbox's conversation sockets, cut at will.
    const network = await sockets(inbox.context, /\/api\/conversations\//);
    await a.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    // Sent and stored (the line shows its time).
    const stored = async (text) => {
      await say(chat, text);
      await chat.getByRole("listitem").filter({ hasText: text }).getByRole("time").waitFor();
    };
    await stored("First question");
    await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText("First question").waitFor();

    await network.cut();
    await pane.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    await stored("Second, while you were away");
    await stored("Third, still away");

    network.restore();
    const log = pane.getByRole("log", { name: "Messages" });
    await log.getByText("Third, still away").waitFor({ timeout: 30_000 });
    for (const text of ["First question", "Second, while you were away", "Third, still away"]) {
      assert.equal(await log.getByText(text, { exact: true }).count(), 1, `${text} once`);
    }
    await pane.getByRole("status").filter({ hasText: "Connection lost" }).waitFor({ state: "detached" });
  } finally {
    await close();
  }
});
