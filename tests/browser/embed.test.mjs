// Issue 5, embedding: the loader draws the launcher at once and fetches the
// wasm only when the visitor reaches for the launcher (a click made
// meanwhile is kept), never for a page view alone, unless a conversation is
// going (issue 20); `window.Switchboard` opens and
// closes the chat, names the visitor and reports events; each side sees the
// other typing; a single-page app
// that wipes the body gets the launcher back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, person, hostPage, api, inboxFor, unique, expectCount } from "./harness.mjs";

async function channelWithOperator() {
  const admin = await api("POST", "/api/signup", {
    workspace_name: "Embed", name: "Ada", login: unique("ada"), password: "a long enough password",
  });
  const { json: channel } = await api("POST", "/api/channels", { name: "Help" }, admin.cookie);
  const login = unique("op");
  await api("POST", "/api/operators", { name: "Nia", login, password: "a long enough password" }, admin.cookie);
  const { cookie } = await api("POST", "/api/login", { login, password: "a long enough password" });
  await api("POST", `/api/channels/${channel.id}/join`, {}, cookie);
  return { channel, cookie };
}

const page = (channel) =>
  `<!doctype html><html lang="en"><body><h1>Store</h1>` +
  `<script src="${SERVER}/widget.js" data-channel="${channel.id}" async></script></body></html>`;

test("the launcher comes first, the wasm after load, and a click made meanwhile is kept", async () => {
  const { channel } = await channelWithOperator();
  const site = await hostPage(page(channel));
  const visitor = await person("en-US");
  try {
    let release;
    const held = new Promise((ok) => (release = ok));
    await visitor.page.route("**/switchboard_widget_bg.wasm", async (route) => { await held; await route.continue(); });
    await visitor.page.goto(site.url);
    const launcher = visitor.page.getByRole("button", { name: "Chat with us" });
    await launcher.click();
    assert.equal(await launcher.getAttribute("aria-expanded"), "false", "nothing is open before the widget has loaded");
    release();
    const chat = visitor.page.getByRole("dialog", { name: "Chat" });
    await chat.waitFor();
    assert.equal(await launcher.getAttribute("aria-expanded"), "true");

    const [wasmStart, loadEnd] = await visitor.page.evaluate(() => [
      performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm")).startTime,
      performance.getEntriesByType("navigation")[0].loadEventEnd,
    ]);
    assert.ok(wasmStart >= loadEnd, `the wasm (at ${wasmStart} ms) waited for load (${loadEnd} ms)`);
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
    site.close();
  }
});

/** Everything the page asked of the service so far (its resource entries). */
const asked = (p) => p.evaluate((server) =>
  performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.startsWith(server)), SERVER);

/** Waits for the page to be idle twice: the loader's old idle-time load would have started by then. */
const idleTwice = (p) => p.evaluate(() => new Promise((done) => requestIdleCallback(() => requestIdleCallback(done))));

test("a page view costs the service nothing but the loader, until the visitor reaches for the chat or has one going", async () => {
  const { channel, cookie } = await channelWithOperator();
  const site = await hostPage(page(channel));
  const visitor = await person("en-US");
  const inbox = await inboxFor(cookie); // Nia is online: the chat is live
  try {
    await inbox.page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    const v = visitor.page;
    await v.goto(site.url, { waitUntil: "load" });
    await v.getByRole("button", { name: "Chat with us" }).waitFor();
    await idleTwice(v);
    assert.deepEqual(await asked(v), [`${SERVER}/widget.js`], "only the loader, no wasm, no channel info");

    // Pointing at the launcher loads the widget, which then asks for the channel's info.
    const info = v.waitForRequest((r) => r.url().includes(`/api/channels/${channel.id}/public`));
    await v.getByRole("button", { name: "Chat with us" }).hover();
    await info;
    assert.ok((await asked(v)).some((n) => n.endsWith(".wasm")), "the wasm loads once the visitor points at the launcher");

    // With a conversation going, the next page loads the widget by itself, so it goes on.
    await v.getByRole("button", { name: "Chat with us" }).click();
    const chat = v.getByRole("dialog", { name: "Chat" });
    await chat.getByRole("textbox", { name: "Message" }).fill("Still there?");
    await chat.getByRole("button", { name: "Send", exact: true }).click();
    await v.waitForFunction((key) => localStorage.getItem(key), `switchboard:v1:${channel.id}`);
    await v.goto(site.url, { waitUntil: "load" });
    await v.evaluate(() => new Promise((ok) => Switchboard.on("ready", ok)));
    assert.ok((await asked(v)).some((n) => n.endsWith(".wasm")), "a conversation going loads the widget without a touch");
    assert.deepEqual(visitor.problems, []);
  } finally {
    for (const p of [visitor, inbox]) await p.context.close();
    site.close();
  }
});

test("window.Switchboard opens, closes, names the visitor and reports events", async () => {
  const { channel, cookie } = await channelWithOperator();
  const site = await hostPage(page(channel));
  const visitor = await person("en-US");
  const inbox = await inboxFor(cookie);
  try {
    await inbox.page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    const v = visitor.page;
    await v.goto(site.url);
    await v.getByRole("button", { name: "Chat with us" }).waitFor();
    await v.evaluate(() => {
      window.seen = [];
      for (const name of ["ready", "open", "close", "message"]) {
        Switchboard.on(name, (detail) => window.seen.push(detail ? `${name}: ${detail.author}: ${detail.text}` : name));
      }
      Switchboard.setUser({ name: "Grace Hopper", email: "grace@example.com" });
      Switchboard.open();
    });
    const chat = v.getByRole("dialog", { name: "Chat" });
    await chat.waitFor();
    await chat.getByRole("textbox", { name: "Message" }).fill("Do you ship to Lisbon?");
    await chat.getByRole("button", { name: "Send", exact: true }).click();

    // The operator sees who the site says the visitor is, and answers.
    const list = inbox.page.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("button", { name: /Grace Hopper <grace@example.com>/ }).click();
    const pane = inbox.page.getByRole("region", { name: "Conversation" });
    await pane.getByText("Do you ship to Lisbon?").waitFor();
    // Each side sees the other typing, until the message arrives.
    await chat.getByRole("textbox", { name: "Message" }).fill("And to Porto?");
    await pane.getByRole("status").filter({ hasText: "The visitor is typing…" }).waitFor();
    await pane.getByRole("textbox", { name: "Reply" }).fill("Yes, in two days.");
    await chat.getByRole("status").filter({ hasText: "Nia is typing…" }).waitFor();
    await pane.getByRole("button", { name: "Send", exact: true }).click();
    await chat.getByText("Yes, in two days.").waitFor();
    await expectCount(chat.getByText("Nia is typing…"), 0);

    await v.evaluate(() => Switchboard.close());
    await chat.waitFor({ state: "hidden" });
    await v.waitForFunction(() => window.seen.includes("close"));
    assert.deepEqual(await v.evaluate(() => window.seen), ["ready", "open", "message: Nia: Yes, in two days.", "close"]);
    assert.deepEqual(visitor.problems, []);
  } finally {
    for (const p of [visitor, inbox]) await p.context.close();
    site.close();
  }
});

test("a single-page app that wipes or replaces the body gets the launcher back", async () => {
  const { channel } = await channelWithOperator();
  const site = await hostPage(page(channel));
  const visitor = await person("en-US");
  try {
    const v = visitor.page;
    await v.goto(site.url);
    await v.getByRole("button", { name: "Chat with us" }).waitFor();
    await v.evaluate(() => { document.body.innerHTML = "<main><h1>Route two</h1></main>"; });
    await v.getByRole("button", { name: "Chat with us" }).waitFor();
    await v.evaluate(() => { const b = document.createElement("body"); b.innerHTML = "<h1>Route three</h1>"; document.body.replaceWith(b); });
    await v.getByRole("heading", { name: "Route three" }).waitFor();
    await v.getByRole("button", { name: "Chat with us" }).click();
    await v.getByRole("dialog", { name: "Chat" }).waitFor();
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
    site.close();
  }
});
