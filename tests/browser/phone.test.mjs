// Issue 24, on phones (390×844, Chromium's device emulation). The widget:
// the open panel fills the screen, the page behind it stays put, nothing is
// wider than the screen, "Hide chat" gives the page back, and a reply that
// comes while the panel is hidden shows on the launcher until the visitor
// reads it. The inbox: the pages in a menu, Discuss one column at a time
// (the list, then the conversation with a way back), nothing sideways.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  PHONE, SERVER, api, axeProblems, chatOn, hostPage, inboxFor, person, say, workspaceWithChannel,
} from "./harness.mjs";

/** A long page of a shop that embeds `channel`'s widget. */
const longPage = (channel) => `<!doctype html><html lang="en"><head><title>Store</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><h1>Store</h1>` +
  `<p style="height:3000px">Our products.</p>` +
  `<script src="${SERVER}/widget.js" data-channel="${channel.id}" async></script></body></html>`;

test("on a phone the chat fills the screen, holds the page still, and the launcher counts replies", async () => {
  const { admin, channel } = await workspaceWithChannel("Phones", "Support");
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  const site = await hostPage(longPage(channel));
  const visitor = await person("en-US", PHONE);
  const page = visitor.page;
  try {
    await page.goto(site.url);
    const scrolled = async () => {
      await page.mouse.move(200, 400);
      await page.mouse.wheel(0, 600);
      // The wheel's scroll lands in a later frame, if it lands at all.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      return page.evaluate(() => window.scrollY);
    };

    await page.getByRole("button", { name: "Chat with us" }).click();
    const chat = page.getByRole("dialog", { name: "Chat" });
    await chat.getByRole("textbox", { name: "Message" }).waitFor();
    const box = await chat.boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 390, 844], "the panel is the screen");
    assert.equal(await scrolled(), 0, "the page behind the open panel does not move");

    // A long word wraps: nothing scrolls sideways.
    await say(chat, `https://shop.example/${"x".repeat(200)}`);
    await chat.getByText("x".repeat(50), { exact: false }).waitFor();
    const log = chat.getByRole("log", { name: "Messages" });
    assert.ok(await log.evaluate((el) => el.scrollWidth <= el.clientWidth), "the messages fit the screen's width");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "so does the page");
    assert.deepEqual(await axeProblems(page), [], "the open panel on a phone");

    // Hidden: the page is the visitor's again.
    await chat.getByRole("button", { name: "Hide chat" }).click();
    await chat.waitFor({ state: "hidden" });
    assert.ok((await scrolled()) > 0, "the page scrolls again");

    // The operator answers while the panel is hidden: the launcher says so.
    await inbox.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    const pane = inbox.page.getByRole("region", { name: "Conversation" });
    await pane.getByRole("textbox", { name: "Reply" }).fill("Hello! How can I help?");
    await pane.getByRole("button", { name: "Send", exact: true }).click();
    const told = page.getByRole("button", { name: "Chat with us (New messages: 1)" });
    await told.waitFor();
    assert.equal(await told.locator(".badge").textContent(), "1", "a number on the launcher");

    // Read: the number goes.
    await told.click();
    await chat.getByText("Hello! How can I help?").waitFor();
    await chat.getByRole("button", { name: "Hide chat" }).click();
    const launcher = page.getByRole("button", { name: "Chat with us", exact: true });
    await launcher.waitFor();
    assert.equal(await launcher.locator(".badge").isVisible(), false, "no number once read");
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
    site.close();
    await inbox.context.close();
  }
});

test("an operator answers from a phone: pages in a menu, the list, then the conversation and back", async () => {
  const { admin, channel } = await workspaceWithChannel("Phone inbox", "Support");
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  await chatOn(channel.id, ["en"]);
  const inbox = await inboxFor(admin.cookie, PHONE);
  const a = inbox.page;
  const sideways = () => a.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  try {
    const list = a.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("button", { name: /Visitor #\d{4}/ }).waitFor();
    assert.equal(await sideways(), false, "the inbox fits the phone");

    // The pages are in a menu.
    const pages = a.getByRole("navigation", { name: "Main" });
    assert.equal(await pages.isVisible(), false);
    await a.getByRole("button", { name: "Menu", exact: true }).click();
    await pages.getByRole("button", { name: "History" }).click();
    await a.getByRole("search", { name: "Search ended conversations" }).waitFor();
    assert.equal(await pages.isVisible(), false, "the menu closes once a page is chosen");
    await a.getByRole("button", { name: "Menu", exact: true }).click();
    await pages.getByRole("button", { name: "Discuss" }).click();

    // The list, then the conversation alone.
    await list.getByRole("button", { name: /Visitor #\d{4}/ }).click();
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText("Hello").waitFor();
    assert.equal(await list.isVisible(), false, "one column at a time");
    const long = `https://shop.example/${"y".repeat(180)}`;
    await pane.getByRole("textbox", { name: "Reply" }).fill(long);
    await pane.getByRole("button", { name: "Send", exact: true }).click();
    await pane.getByText(long).waitFor();
    assert.equal(await sideways(), false, "a long word wraps");
    assert.deepEqual(await axeProblems(a), [], "the conversation on a phone");

    // And back.
    await a.getByRole("button", { name: "← Conversations" }).click();
    await list.getByRole("button", { name: /Visitor #\d{4}/ }).waitFor();
    assert.equal(await pane.isVisible(), false);
    assert.deepEqual(inbox.problems, []);
  } finally {
    await inbox.context.close();
  }
});
