// Issue 5, bad input and access: HTML or script typed by either side is shown
// as text and never runs, on both sides; an axe-core scan of the open widget
// (inside its shadow root) and of Discuss with the conversation open finds no
// serious or critical violation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, person, hostPage, api, inboxFor, unique, axeProblems } from "./harness.mjs";

test("what people type is shown as text on both sides, and the open widget passes axe-core", async () => {
  const admin = await api("POST", "/api/signup", {
    workspace_name: "Safety", name: "Ada", login: unique("ada"), password: "a long enough password",
  });
  const { json: channel } = await api("POST", "/api/channels", { name: "Help", welcome: "Hi! How can we help?" }, admin.cookie);
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  const site = await hostPage(`<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1></main>` +
    `<script src="${SERVER}/widget.js" data-channel="${channel.id}" async></script></body></html>`);
  const visitor = await person("en-US");
  try {
    await inbox.page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    const v = visitor.page;
    await v.goto(site.url);
    await v.getByRole("button", { name: "Chat with us" }).click();
    const chat = v.getByRole("dialog", { name: "Chat" });
    const payloads = [`<img src=x onerror="window.pwned=1">`, `<script>window.pwned=2</script>`];
    for (const text of payloads) {
      await chat.getByRole("textbox", { name: "Message" }).fill(text);
      await chat.getByRole("button", { name: "Send", exact: true }).click();
      await chat.getByRole("log", { name: "Messages" }).getByText(text, { exact: true }).waitFor();
    }

    await inbox.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    const pane = inbox.page.getByRole("region", { name: "Conversation" });
    for (const text of payloads) await pane.getByText(text, { exact: true }).waitFor();
    await pane.getByRole("textbox", { name: "Reply" }).fill(`<b onmouseover="window.pwned=3">bold?</b>`);
    await pane.getByRole("button", { name: "Send", exact: true }).click();
    await chat.getByText(`<b onmouseover="window.pwned=3">bold?</b>`, { exact: true }).hover();

    for (const page of [v, inbox.page]) {
      assert.equal(await page.evaluate(() => window.pwned), undefined, "no payload ran");
      assert.equal(await page.locator("img[src=x]").count(), 0);
    }
    assert.deepEqual(await axeProblems(v), []);
    assert.deepEqual(await axeProblems(inbox.page), [], "Discuss, with the conversation open");
    assert.deepEqual(visitor.problems, []);
  } finally {
    for (const p of [visitor, inbox]) await p.context.close();
    site.close();
  }
});
