// Issue 4 as a visitor sees it: a French-speaking visitor is answered by the
// French-speaking operator while she is free, and by the free English one
// once she is full — language never overrides availability.
import { test } from "node:test";
import { SERVER, person, hostPage, api, chatOn, inboxFor, unique } from "./harness.mjs";

test("a fr-FR visitor goes to the French speaker, and to the English one when she is full", async () => {
  // Set-up through the API (the screens are covered by workspace.test.mjs).
  const admin = await api("POST", "/api/signup", {
    workspace_name: "Routing", name: "Ada", login: unique("ada"), password: "a long enough password",
  });
  await api("PUT", "/api/languages", { enabled: ["en", "fr"] }, admin.cookie);
  const { json: channel } = await api("POST", "/api/channels", { name: "Support" }, admin.cookie);
  const operators = [];
  for (const [name, language] of [["Émilie", "fr"], ["Ellen", "en"]]) {
    const login = unique("op");
    await api("POST", "/api/operators", { name, login, password: "a long enough password" }, admin.cookie);
    const { cookie } = await api("POST", "/api/login", { login, password: "a long enough password" });
    await api("PUT", "/api/profile", { languages: [language] }, cookie);
    await api("POST", `/api/channels/${channel.id}/join`, {}, cookie);
    operators.push(await inboxFor(cookie));
  }
  // Both inboxes are connected once their (empty) list has arrived.
  for (const { page } of operators) {
    await page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
  }

  const embed = `<script src="${SERVER}/widget.js" data-channel="${channel.id}" async></script>`;
  const site = await hostPage(`<!doctype html><html lang="fr"><body><h1>Boutique</h1>${embed}</body></html>`);
  const visitors = [];
  const chatWith = async () => {
    const visitor = await person("fr-FR");
    visitors.push(visitor);
    await visitor.page.goto(site.url);
    // The launcher, drawn by the loader before the widget loads, speaks French.
    await visitor.page.getByRole("button", { name: "Discutez avec nous" }).click();
    const chat = visitor.page.getByRole("dialog", { name: "Discutez avec nous" });
    await chat.getByRole("textbox", { name: "Message" }).fill("Bonjour !");
    await chat.getByRole("button", { name: "Envoyer", exact: true }).click();
    return chat;
  };
  try {
    const first = await chatWith();
    await first.getByRole("status").filter({ hasText: "Vous discutez avec Émilie." }).waitFor();

    // Four more French visitors fill Émilie up to her capacity (5).
    for (let i = 0; i < 4; i++) {
      await chatOn(channel.id, ["fr-FR"]);
    }
    const next = await chatWith();
    await next.getByRole("status").filter({ hasText: "Vous discutez avec Ellen." }).waitFor();
  } finally {
    for (const p of [...operators, ...visitors]) await p.context.close();
    site.close();
  }
});
