// The walking skeleton, as two people use it: a visitor on a site that embeds
// the widget with one script tag, and an operator in the inbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, person, hostPage, expectCount } from "./harness.mjs";

// A hostile host page: CSS that would hide or restyle any div and button it
// reaches, and globals with the names a careless widget might use.
const HOSTILE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<style>
  div, button, section, textarea { display: none !important; color: red !important; }
  * { font-size: 40px !important; }
</style>
<script>window.Switchboard = "the page's own"; var init = 1; function mount() { throw new Error("page mount"); }</script>
</head><body><h1>Shop</h1>
<script src="${SERVER}/widget.js" data-channel="demo" async></script>
</body></html>`;

test("visitor and operator chat live; a reload keeps the conversation", async () => {
  const site = await hostPage(HOSTILE);
  const visitor = await person("fr-FR");
  const operator = await person("en-US");
  try {
    const v = visitor.page;
    await v.goto(site.url);

    // 1. The launcher shows bottom-right despite the page's CSS, in French.
    const launcher = v.getByRole("button", { name: "Discutez avec nous" });
    await launcher.waitFor({ state: "visible" });
    const box = await launcher.boundingBox();
    const viewport = v.viewportSize();
    assert.ok(box.x + box.width > viewport.width - 100, `launcher is at the right (x=${box.x})`);
    assert.ok(box.y + box.height > viewport.height - 100, `launcher is at the bottom (y=${box.y})`);

    // 3. The visitor says hello.
    await launcher.click();
    const chat = v.getByRole("dialog", { name: "Discutez avec nous" });
    // The channel's welcome message greets the visitor.
    await chat.getByRole("log", { name: "Messages" }).getByText("Hello! Ask us anything about your order.").waitFor();
    // Nobody has joined the demo channel: the widget says so, in French, and
    // offers to leave a message with an email address, which it checks.
    await chat.getByText("Personne n’est disponible pour le moment.", { exact: false }).waitFor();
    const email = chat.getByRole("textbox", { name: "Votre e-mail" });
    // Focus is already in the message box: the visitor just types.
    await v.keyboard.type("hello");
    await v.keyboard.press("Enter");
    await chat.getByRole("alert").filter({ hasText: "Saisissez une adresse e-mail valide" }).waitFor();
    await email.fill("camille@example.fr");
    await chat.getByRole("textbox", { name: "Message" }).press("Enter");
    const visitorLog = chat.getByRole("log", { name: "Messages" });
    await visitorLog.getByText("hello", { exact: true }).waitFor();
    await chat.getByRole("status").filter({ hasText: "Merci ! Nous vous répondrons à camille@example.fr." }).waitFor();
    await expectCount(visitorLog.getByText("Vous · envoi…"), 0);
    await expectCount(email, 0);

    // 4. The operator logs in and sees the conversation, with the visitor's
    // browser language (2.), and the message.
    const o = operator.page;
    await o.goto(`${SERVER}/`);
    await o.getByRole("textbox", { name: "Login" }).fill("mitchell");
    await o.getByLabel("Password").fill("demo-mitchell");
    await o.getByRole("button", { name: "Log in" }).click();
    const list = o.getByRole("navigation", { name: "Conversations" });
    const item = list.getByRole("button", { name: /fr-FR.*hello$/ }).first();
    await item.click();
    const operatorLog = o.getByRole("log", { name: "Messages" });
    await operatorLog.getByText("hello", { exact: true }).waitFor();

    // The operator replies; the visitor sees it live, under the chat name.
    await o.getByRole("textbox", { name: "Reply" }).fill("Bonjour, how can I help?");
    await o.getByRole("button", { name: "Send", exact: true }).click();
    await visitorLog.getByText("Bonjour, how can I help?").waitFor();
    await visitorLog.getByText("Mitchell", { exact: true }).waitFor();

    // A new visitor message reaches the open conversation and the list live.
    const order = `I need help with order ${Date.now().toString(36)}`;
    await chat.getByRole("textbox", { name: "Message" }).fill(order);
    await chat.getByRole("textbox", { name: "Message" }).press("Enter");
    await operatorLog.getByText(order).waitFor();
    await list.getByRole("button", { name: new RegExp(order) }).waitFor();

    // 5. A reload keeps the conversation and shows each message once.
    await v.reload();
    await v.getByRole("button", { name: "Discutez avec nous" }).click();
    await visitorLog.getByText(order).waitFor();
    for (const text of ["hello", "Bonjour, how can I help?", order]) {
      await expectCount(visitorLog.getByText(text, { exact: true }), 1);
    }
    // Esc closes the chat and gives focus back to the launcher.
    await v.keyboard.press("Escape");
    await chat.waitFor({ state: "hidden" });
    const back = v.getByRole("button", { name: "Discutez avec nous" });
    assert.ok(await back.evaluate((el) => el.getRootNode().activeElement === el), "focus returns to the launcher");

    assert.deepEqual(visitor.problems, []);
    assert.deepEqual(operator.problems, []);
  } finally {
    await visitor.context.close();
    await operator.context.close();
    site.close();
  }
});
