// Issue 21, item 9: verified visitors. The site's server signs its user's
// id with the channel's identity secret exactly as the README shows (Node's
// crypto); the operator sees the visitor's account marked verified; once the
// admin turns on "Only verified visitors", a page that names its visitor
// without a valid signature gets the refusal in words, and the visitor's
// words wait in the composer.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { api, axeProblems, operatorAndVisitor, openChat, person, say } from "./harness.mjs";

/** The page, once the widget's loader is there, tells it who is logged in. */
async function visit(page, url, user) {
  await page.goto(url);
  await page.getByRole("button", { name: "Chat with us" }).waitFor();
  await page.evaluate((u) => Switchboard.setUser(u), user);
}

test("a signed visitor is marked verified; an unsigned one is refused once only verified visitors may chat", async () => {
  const { admin, channel, inbox, site, visitor, close } = await operatorAndVisitor("Verified");
  const a = inbox.page;
  let stranger;
  try {
    const { json: view } = await api("GET", "/api/workspace", undefined, admin.cookie);
    const secret = view.channels.find((c) => c.id === channel.id).identity_secret;
    const hash = crypto.createHmac("sha256", secret).update("user-42").digest("hex");
    await visit(visitor.page, site.url, { id: "user-42", hash, name: "Grace Hopper" });
    await say(await openChat(visitor.page), "Where is my order?");
    await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Grace Hopper/ }).click();
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText("Where is my order?").waitFor();
    const about = pane.getByRole("group").filter({ hasText: "About the visitor" });
    assert.equal(await about.locator(`dt:text-is("Account on the site") + dd`).innerText(), "user-42 — verified by the site");

    // The admin requires it, on the channel's form, where the secret is shown.
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    const card = a.getByRole("article", { name: "Support" });
    await card.getByRole("button", { name: "Edit" }).click();
    const settings = card.getByRole("form", { name: "Channel settings" });
    assert.equal(await settings.getByRole("textbox", { name: "Identity secret" }).inputValue(), secret);
    await settings.getByRole("checkbox", { name: /^Only verified visitors/ }).check();
    await settings.getByRole("button", { name: "Save channel" }).click();
    await settings.getByText("Channel saved.").waitFor();
    assert.deepEqual(await axeProblems(a), [], "the channel form");

    stranger = await person("en-US");
    await visit(stranger.page, site.url, { id: "user-7", hash: "0".repeat(64), name: "Mallory" });
    const chat = await openChat(stranger.page);
    await say(chat, "Hello?");
    await chat.getByText("This website could not confirm who you are. Please sign in again, then retry.").waitFor();
    assert.equal(await chat.getByRole("textbox", { name: "Message" }).inputValue(), "Hello?", "the words wait");
  } finally {
    await stranger?.context.close();
    await close();
  }
});
