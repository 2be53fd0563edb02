// Issue 3 as people do it: someone signs up and creates an operator and a
// channel (with its welcome message in French too); the operator sets an
// online chat name and a language and joins the channel; a French visitor on a
// site embedding that channel is welcomed in French and sees the online chat
// name, never the full name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, person, hostPage, unique } from "./harness.mjs";

test("sign up → operator → profile → join → the visitor sees the online chat name", async () => {
  const admin = await person("en-US");
  const visitor = await person("fr-FR");
  let site;
  try {
    const a = admin.page;
    await a.goto(`${SERVER}/`);
    await a.getByRole("button", { name: "Create a workspace" }).click();
    const signUp = a.getByRole("form", { name: "Create a workspace" });
    await signUp.getByRole("textbox", { name: "Workspace name" }).fill("Boulangerie");
    await signUp.getByRole("textbox", { name: "Your name" }).fill("Ada Admin");
    await signUp.getByRole("textbox", { name: "Login" }).fill(unique("ada"));
    await signUp.getByLabel("Password").fill("short");
    await signUp.getByRole("button", { name: "Create workspace" }).click();
    // Bad input is explained next to its field.
    await signUp.getByText("Use at least 10 characters.").waitFor();
    await signUp.getByLabel("Password").fill("a long enough password");
    await signUp.getByRole("button", { name: "Create workspace" }).click();

    // Configuration: enable French, create an operator.
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Configuration" }).click();
    const languages = a.getByRole("form", { name: "Languages" });
    await languages.getByRole("checkbox", { name: "Français (fr)" }).check();
    await languages.getByRole("button", { name: "Save languages" }).click();
    await languages.getByText("Languages saved.").waitFor();
    const operatorLogin = unique("olga");
    const newOperator = a.getByRole("form", { name: "New operator" });
    await newOperator.getByRole("textbox", { name: "Name" }).fill("Olga Operatorova");
    await newOperator.getByRole("textbox", { name: "Login" }).fill(operatorLogin);
    await newOperator.getByLabel("Initial password").fill("olga's long password");
    await newOperator.getByRole("button", { name: "Create operator" }).click();
    await a.getByRole("listitem").filter({ hasText: `Olga Operatorova (${operatorLogin})` }).waitFor();

    // Expertise: new (with Olga), then renamed.
    const newExpertise = a.getByRole("form", { name: "New expertise" });
    await newExpertise.getByRole("textbox", { name: "Name" }).fill("Viennoiseries");
    await newExpertise.getByRole("group", { name: "Operators" }).getByRole("checkbox", { name: "Olga Operatorova" }).check();
    await newExpertise.getByRole("button", { name: "Save expertise" }).click();
    await a.getByRole("listitem").filter({ hasText: "Viennoiseries — Olga Operatorova" }).waitFor();
    await a.getByRole("button", { name: "Edit Viennoiseries" }).click();
    const editExpertise = a.getByRole("form", { name: "Edit expertise" });
    await editExpertise.getByRole("textbox", { name: "Name" }).fill("Croissants");
    await editExpertise.getByRole("button", { name: "Save expertise" }).click();
    await a.getByRole("listitem").filter({ hasText: "Croissants — Olga Operatorova" }).waitFor();

    // Channels: create one, with a welcome in two languages, and take its embed code.
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    const newChannel = a.getByRole("form", { name: "New channel" });
    await newChannel.getByRole("textbox", { name: "Name" }).fill("Pâtisserie");
    // The welcome message, and its French version for French-speaking visitors.
    await newChannel.getByRole("textbox", { name: "Welcome message", exact: true }).fill("Hello! Ask us about our cakes.");
    await newChannel.getByRole("group", { name: "Welcome message in other languages" })
      .getByRole("textbox", { name: "Français" }).fill("Bonjour ! Une question sur nos gâteaux ?");
    await newChannel.getByRole("button", { name: "Create channel" }).click();
    const card = a.getByRole("article", { name: "Pâtisserie" });
    const embed = await card.getByRole("textbox", { name: "Embed code for Pâtisserie" }).inputValue();
    assert.match(embed, /^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-channel="[0-9a-f]+" async><\/script>$/);

    // The admin logs out; the operator logs in on the same computer.
    await a.getByRole("button", { name: /Account menu/ }).click();
    await a.getByRole("menuitem", { name: "Log out" }).click();
    await a.getByRole("textbox", { name: "Login" }).fill(operatorLogin);
    await a.getByLabel("Password").fill("olga's long password");
    await a.getByRole("button", { name: "Log in" }).click();

    // My Profile → Preferences.
    await a.getByRole("button", { name: /Account menu/ }).click();
    await a.getByRole("menuitem", { name: "My Profile" }).click();
    const prefs = a.getByRole("form", { name: "Preferences" });
    const expertise = prefs.getByRole("group", { name: "Live Chat Expertise" });
    assert.ok(await expertise.getByRole("checkbox", { name: "Croissants" }).isChecked(), "the admin's choice shows on the profile");
    await prefs.getByRole("textbox", { name: "Online Chat Name" }).fill("Olga");
    await prefs.getByRole("group", { name: "Online Chat Languages" }).getByRole("checkbox", { name: "Français" }).check();
    await prefs.getByRole("button", { name: "Save" }).click();
    await prefs.getByText("Preferences saved.").waitFor();

    // Join the channel.
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Channels" }).click();
    await a.getByRole("article", { name: "Pâtisserie" }).getByRole("button", { name: "Join" }).click();
    await a.getByRole("article", { name: "Pâtisserie" }).getByRole("button", { name: "Leave" }).waitFor();
    await a.getByRole("article", { name: "Pâtisserie" }).getByText("Active: Olga").waitFor();

    // A visitor writes on a site embedding that channel.
    site = await hostPage(`<!doctype html><html><body><h1>Gâteaux</h1>${embed}</body></html>`);
    const v = visitor.page;
    await v.goto(site.url);
    await v.getByRole("button", { name: "Discutez avec nous" }).click();
    const chat = v.getByRole("dialog", { name: "Discutez avec nous" });
    await chat.getByRole("log", { name: "Messages" }).getByText("Bonjour ! Une question sur nos gâteaux ?").waitFor();
    assert.equal(await chat.getByText("Hello! Ask us about our cakes.").count(), 0, "the French version, not the default");
    await chat.getByRole("textbox", { name: "Message" }).fill("Bonjour, un gâteau ?");
    await chat.getByRole("button", { name: "Envoyer", exact: true }).click();

    // The operator answers from Discuss.
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Discuss" }).click();
    await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Bonjour, un gâteau/ }).click();
    await a.getByRole("textbox", { name: "Reply" }).fill("Oui, bien sûr !");
    await a.getByRole("button", { name: "Send", exact: true }).click();

    const log = chat.getByRole("log", { name: "Messages" });
    await log.getByText("Oui, bien sûr !").waitFor();
    await log.getByText("Olga", { exact: true }).waitFor();
    assert.equal(await log.getByText("Operatorova").count(), 0, "visitors never see the full name");
    assert.deepEqual(admin.problems.filter((p) => !p.includes("status of 400")), []);
    assert.deepEqual(visitor.problems, []);
  } finally {
    await admin.context.close();
    await visitor.context.close();
    site?.close();
  }
});
