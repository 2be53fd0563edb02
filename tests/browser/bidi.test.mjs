// Issue 21, item 8: what people type shows isolated, on both sides: an
// Arabic message reads right to left while the rest stays left to right,
// and a right-to-left override typed in one message cannot reorder what
// follows it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, operatorAndVisitor, openChat, say } from "./harness.mjs";

test("right-to-left words show as written and reorder nothing after them", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Bidi");
  const arabic = "مرحبا، أين طلبي؟";
  const override = "\u202Eorder 42";
  try {
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    for (const text of [arabic, override, "Hello"]) await say(chat, text);
    const pane = inbox.page.getByRole("region", { name: "Chat with Visitor" });
    for (const [where, log] of [["inbox", pane.getByRole("log")], ["widget", chat.getByRole("log", { name: "Messages" })]]) {
      const looks = async (text) => log.getByText(text, { exact: true }).evaluate((p) => {
        const style = getComputedStyle(p);
        return { direction: style.direction, isolated: style.unicodeBidi === "isolate" };
      });
      await log.getByText("Hello", { exact: true }).waitFor();
      assert.deepEqual(await looks(arabic), { direction: "rtl", isolated: true }, `${where}: Arabic reads right to left`);
      assert.deepEqual(await looks("Hello"), { direction: "ltr", isolated: true }, `${where}: English stays left to right`);
      assert.equal((await looks(override)).isolated, true, `${where}: the override stays inside its message`);
    }
  } finally {
    await close();
  }
});

test("an operator's right-to-left name reorders nothing in the widget's sentences", async () => {
  const { admin, inbox, site, visitor, close } = await operatorAndVisitor("Bidi names");
  const name = "سارة";
  try {
    const me = await api("GET", "/api/me", undefined, admin.cookie);
    await api("PUT", "/api/profile", { chat_name: name, languages: me.json.languages, expertise: me.json.expertise }, admin.cookie);
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Hello");
    const status = chat.getByRole("status").filter({ hasText: `You are chatting with ${name}.` });
    await status.waitFor();
    assert.equal(await status.locator("bdi").innerText(), name, "the name is isolated, the full stop stays at the end");
    const pane = inbox.page.getByRole("region", { name: "Chat with Visitor" });
    // Typing tells only once the pane's socket is up: its log shows the message.
    await pane.getByRole("log").getByText("Hello").waitFor();
    await pane.getByRole("textbox", { name: "Reply" }).pressSequentially("a");
    await chat.getByRole("status").filter({ hasText: `${name} is typing` }).locator("bdi").waitFor();
  } finally {
    await close();
  }
});
