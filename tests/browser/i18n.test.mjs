// Issue 24, the inbox in the operator's language: the language their
// profile names (else their browser's), loaded before the inbox is drawn,
// Arabic right to left; changing it in My Profile redraws the inbox in it;
// a refusal the inbox has words for is said in its language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, api, axeProblems, chatOn, inboxFor, person, workspaceWithChannel } from "./harness.mjs";

const profile = (language) => ({ chat_name: "", languages: [], expertise: [], inbox_language: language });

/** A new workspace whose admin's profile says `language`, joined to its channel, inbox open. */
async function inboxIn(language, workspace) {
  const { admin, channel } = await workspaceWithChannel(workspace, "Support");
  await api("PUT", "/api/profile", profile(language), admin.cookie);
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  return { channel, inbox: await inboxFor(admin.cookie) };
}

test("an operator whose profile says Japanese gets the inbox in Japanese", async () => {
  const { channel, inbox } = await inboxIn("ja", "Tokyo");
  const a = inbox.page;
  try {
    const pages = a.getByRole("navigation", { name: "メイン" });
    await pages.getByRole("button", { name: "ディスカッション" }).waitFor();
    await pages.getByRole("button", { name: "履歴" }).waitFor();
    assert.equal(await a.locator("html").getAttribute("lang"), "ja");
    await a.getByRole("button", { name: "メッセージ、未読なし" }).waitFor();
    // A visitor writes: the list and the pane speak Japanese around their words.
    await chatOn(channel.id, ["en"]);
    const list = a.getByRole("navigation", { name: "会話" });
    await list.getByRole("button", { name: /^訪問者 #\d{4}/ }).click();
    await a.getByRole("textbox", { name: "返信" }).waitFor();
    await a.getByRole("button", { name: "会話を終了" }).waitFor();
    // History too.
    await pages.getByRole("button", { name: "履歴" }).click();
    await a.getByRole("heading", { name: "履歴", level: 1 }).waitFor();
    await a.getByRole("search", { name: "終了した会話を検索" }).getByRole("button", { name: "検索" }).waitFor();
  } finally {
    await inbox.context.close();
  }
});

test("Arabic reads right to left, and contrast holds", async () => {
  const { inbox } = await inboxIn("ar", "Cairo");
  const a = inbox.page;
  try {
    await a.getByRole("navigation", { name: "الرئيسية" }).getByRole("button", { name: "النقاش" }).waitFor();
    assert.equal(await a.locator("html").getAttribute("dir"), "rtl");
    // The conversations' column starts on the right.
    const list = await a.getByRole("navigation", { name: "المحادثات" }).boundingBox();
    const pane = await a.getByRole("main").boundingBox();
    assert.ok(list.x > pane.x, `list at ${list.x}, pane at ${pane.x}`);
    assert.deepEqual(await axeProblems(a), []);
  } finally {
    await inbox.context.close();
  }
});

test("without a choice the browser's language is used, says a script's problems and a refused field in it, and My Profile changes it", async () => {
  const { admin } = await workspaceWithChannel("Lyon", "Support");
  const operator = await person("fr-FR");
  const [name, value] = admin.cookie.split("=");
  await operator.context.addCookies([{ name, value, url: SERVER }]);
  const a = operator.page;
  try {
    await a.goto(`${SERVER}/`);
    const pages = a.getByRole("navigation", { name: "Principal" });
    await pages.getByRole("button", { name: "Historique" }).waitFor();
    // The chatbot editor names a script's problems in French.
    await pages.getByRole("button", { name: "Chatbots" }).click();
    const problems = a.getByRole("form", { name: "Nouveau script" }).getByRole("region", { name: "Problèmes de ce script" });
    await problems.getByText("Donnez un nom au script.").waitFor();
    await a.getByRole("button", { name: /^Menu du compte/ }).click();
    await a.getByRole("menuitem", { name: "Mon profil" }).click();
    // The server's refusal of a field is said in French too.
    const chatName = a.getByLabel("Nom de chat en ligne");
    await chatName.fill("Sam Bot");
    await a.getByRole("button", { name: "Enregistrer" }).click();
    await a.getByText("Le nom d’une personne ne peut pas contenir « bot »", { exact: false }).waitFor();
    await chatName.fill("");
    await a.getByLabel("Langue de la boîte de réception").selectOption("de");
    await a.getByRole("button", { name: "Enregistrer" }).click();
    // The inbox starts again in German.
    await a.getByRole("navigation", { name: "Hauptmenü" }).getByRole("button", { name: "Verlauf" }).waitFor();
    assert.equal(await a.locator("html").getAttribute("lang"), "de");
  } finally {
    await operator.context.close();
  }
});

test("a refused log-in says why in the browser's language", async () => {
  const stranger = await person("fr-FR");
  const a = stranger.page;
  try {
    await a.goto(`${SERVER}/`);
    const form = a.getByRole("form", { name: "Se connecter" });
    await form.getByLabel("Identifiant").fill("nobody-here");
    await form.getByLabel("Mot de passe").fill("not the password");
    await form.getByRole("button", { name: "Se connecter" }).click();
    await a.getByRole("alert").filter({ hasText: "Identifiant ou mot de passe incorrect" }).waitFor();
  } finally {
    await stranger.context.close();
  }
});
