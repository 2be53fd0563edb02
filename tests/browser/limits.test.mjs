// Issue 21, item 3: a visitor whose connection has started too many
// conversations in the last minute is told so in their language, and what
// they typed stays in the composer for when they try again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, person, hostPage, api, embedding, inboxFor, workspaceWithChannel } from "./harness.mjs";

const STARTS_PER_MINUTE = 30;

test("too many conversations from one connection: the widget says so in French and keeps the words", async () => {
  const { admin, channel } = await workspaceWithChannel("Limits", "Aide");
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  const address = `10.200.${process.pid % 256}.1`;
  const site = await hostPage(embedding(channel));
  const visitor = await person("fr-FR");
  try {
    const v = visitor.page;
    // The widget's requests come from a connection on which someone has just
    // started all that this minute allows (the platform's windows follow the
    // wall clock: filled right before, so the widget's start falls in the same one).
    await v.route(`${SERVER}/api/conversations`, async (route) => {
      for (let i = 0; i <= 4 * STARTS_PER_MINUTE; i++) {
        const res = await fetch(`${SERVER}/api/conversations`, {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": address },
          body: JSON.stringify({ channel: channel.id }),
        });
        if (res.status === 429) break;
      }
      await route.continue({ headers: { ...route.request().headers(), "cf-connecting-ip": address } });
    });
    await v.goto(site.url);
    await v.getByRole("button", { name: "Discutez avec nous" }).click();
    const chat = v.getByRole("dialog", { name: "Discutez avec nous" });
    const box = chat.getByRole("textbox", { name: "Message" });
    await box.fill("Bonjour, une question sur ma commande");
    await chat.getByRole("button", { name: "Envoyer", exact: true }).click();
    await chat.getByRole("status").filter({ hasText: "Trop de conversations ont été ouvertes depuis votre connexion" }).waitFor();
    assert.equal(await box.inputValue(), "Bonjour, une question sur ma commande", "nothing typed is lost");
  } finally {
    await visitor.context.close();
    await inbox.context.close();
    site.close();
  }
});
