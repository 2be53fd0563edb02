// Issue 6, nothing missed: the operator's connection to a conversation drops
// while the visitor keeps writing; the inbox says it is reconnecting, and
// once back it shows every message sent meanwhile, each once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { operatorAndVisitor } from "./harness.mjs";

test("messages sent while the operator's socket was down appear once on reconnect", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Reconnect");
  const a = inbox.page;
  try {
    // Cut the inbox's conversation sockets at will (Chromium's offline mode
    // leaves open WebSockets alone).
    let down = false;
    const open = new Set();
    await inbox.context.routeWebSocket(/\/api\/conversations\//, (ws) => {
      if (down) return ws.close();
      ws.connectToServer();
      open.add(ws);
    });
    await a.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    await visitor.page.goto(site.url);
    await visitor.page.getByRole("button", { name: "Chat with us" }).click();
    const chat = visitor.page.getByRole("dialog", { name: "Chat" });
    const say = async (text) => {
      await chat.getByRole("textbox", { name: "Message" }).fill(text);
      await chat.getByRole("button", { name: "Send", exact: true }).click();
      await chat.getByRole("listitem").filter({ hasText: text }).getByRole("time").waitFor();
    };
    await say("First question");
    await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText("First question").waitFor();

    down = true;
    for (const ws of open) await ws.close();
    await pane.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" }).waitFor();
    await say("Second, while you were away");
    await say("Third, still away");

    down = false;
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
