// README's screenshots, taken in Chromium from a workerd of their own
// (`cargo xtask screenshots` starts it and sets SWITCHBOARD_URL): a team's
// workspace set up through the API as a new team would, a visitor's
// question on a shop's page, the operator's answer; the widget and the
// inbox on a desktop, the inbox in the dark theme, both on a phone, and
// the inbox of an operator who reads Arabic.
// Written to docs/screenshots/, so the README shows what the code does today.
import { mkdirSync } from "node:fs";
import { DESKTOP, PHONE, api, embedding, hostPage, inboxFor, openChat, person, say, workspaceWithChannel } from "./harness.mjs";

const OUT = new URL("../../docs/screenshots/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const SMALL_PHONE = { ...PHONE, deviceScaleFactor: 1 };

const { admin, channel } = await workspaceWithChannel("Acme Shop", "Support");
await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
const site = await hostPage(embedding(channel)
  .replace("<title>Store</title>", `<title>Acme Shop</title><meta name="viewport" content="width=device-width, initial-scale=1">`)
  .replace("<h1>Store</h1>", "<h1>Acme Shop</h1><p>Handmade tea cups, shipped worldwide.</p>"));
const people = [];
const open = async (opened) => { people.push(opened); return opened; };
try {
  // The operator is online (their inbox open) before the visitor asks.
  const inbox = await open(await inboxFor(admin.cookie, DESKTOP));
  await inbox.page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
  const visitor = await open(await person("en-US", DESKTOP));
  await visitor.page.goto(site.url);
  const chat = await openChat(visitor.page);
  await say(chat, "Hi! Where is my order #1042?");
  await inbox.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor #/ }).click();
  const pane = inbox.page.getByRole("region", { name: "Conversation" });
  await pane.getByRole("textbox", { name: "Reply" }).fill("Hello! It left our warehouse this morning; it should reach you on Thursday.");
  await pane.getByRole("button", { name: "Send", exact: true }).click();
  await chat.getByText("it should reach you on Thursday", { exact: false }).waitFor();
  await say(chat, "Perfect, thank you!");
  await pane.getByText("Perfect, thank you!").waitFor();
  await visitor.page.screenshot({ path: `${OUT}widget.png` });
  await inbox.page.screenshot({ path: `${OUT}inbox.png` });

  const dark = await open(await inboxFor(admin.cookie, { ...DESKTOP, colorScheme: "dark" }));
  await dark.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor #/ }).click();
  await dark.page.getByRole("region", { name: "Conversation" }).getByText("Perfect, thank you!").waitFor();
  await dark.page.screenshot({ path: `${OUT}inbox-dark.png` });

  const phoneVisitor = await open(await person("en-US", SMALL_PHONE));
  await phoneVisitor.page.goto(site.url);
  const phoneChat = await openChat(phoneVisitor.page);
  await say(phoneChat, "Do you ship to Canada?");
  const phoneInbox = await open(await inboxFor(admin.cookie, SMALL_PHONE));
  await phoneInbox.page.getByRole("navigation", { name: "Conversations" })
    .getByRole("button", { name: /Do you ship to Canada\?/ }).click();
  const phonePane = phoneInbox.page.getByRole("region", { name: "Conversation" });
  await phonePane.getByRole("textbox", { name: "Reply" }).fill("We do: 5 to 8 days, free above $60.");
  await phonePane.getByRole("button", { name: "Send", exact: true }).click();
  await phoneChat.getByText("We do: 5 to 8 days", { exact: false }).waitFor();
  await phoneVisitor.page.screenshot({ path: `${OUT}widget-phone.png` });
  await phoneInbox.page.screenshot({ path: `${OUT}inbox-phone.png` });

  // The same inbox for an operator whose profile says Arabic: right to left.
  const { json: me } = await api("GET", "/api/me", undefined, admin.cookie);
  const profile = { chat_name: "", languages: me.languages, expertise: me.expertise, inbox_language: "ar" };
  await api("PUT", "/api/profile", profile, admin.cookie);
  const arabic = await open(await inboxFor(admin.cookie, DESKTOP));
  await arabic.page.getByRole("navigation", { name: "المحادثات" })
    .getByRole("button", { name: /Perfect, thank you/ }).click();
  await arabic.page.getByRole("region", { name: "محادثة" }).getByText("Perfect, thank you!").waitFor();
  await arabic.page.screenshot({ path: `${OUT}inbox-arabic.png` });
  console.log(`screenshots written to ${OUT}`);
} finally {
  for (const p of people) await p.context.close();
  site.close();
}
