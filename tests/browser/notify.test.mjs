// Issue 6, notifications: with the inbox's tab hidden, a visitor's message
// raises a desktop notification (once the operator has allowed them) and a
// short sound (unless muted, which the browser remembers); both keep working
// after the inbox's bus socket drops and reconnects. The browser's
// Notification and AudioContext are watched through an init script (a
// headless browser has no desktop to show them on).
import { test } from "node:test";
import assert from "node:assert/strict";
import { operatorAndVisitor, openChat, say, sockets } from "./harness.mjs";

const WATCH = () => {
  window.__alerts = { notifications: [], sounds: 0 };
  Object.defineProperty(Document.prototype, "hidden", { get: () => window.__hidden === true });
  window.Notification = class {
    static permission = "default";
    static requestPermission() {
      window.Notification.permission = "granted";
      return Promise.resolve("granted");
    }
    constructor(title, options) {
      window.__alerts.notifications.push({ title, body: options?.body });
    }
  };
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    createOscillator() {
      window.__alerts.sounds += 1;
      return super.createOscillator();
    }
  };
};

test("a hidden inbox notifies and chimes for new messages, muted on request, also after a reconnect", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Notify");
  const a = inbox.page;
  try {
    const bus = await sockets(inbox.context, /\/api\/bus$/);
    await inbox.context.addInitScript(WATCH);
    await a.reload();
    await a.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
    const alerts = () => a.evaluate(() => window.__alerts);
    const until = async (check) => a.waitForFunction(check, undefined, { timeout: 15_000 });

    // The operator allows desktop notifications from the messages menu.
    const menu = a.getByRole("button", { name: /^Messages,/ });
    await menu.click();
    await a.getByRole("button", { name: "Turn on desktop notifications" }).click();
    await a.getByText("Desktop notifications are on.").waitFor();
    await menu.click();
    await a.evaluate(() => { window.__hidden = true; });

    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Hello?");
    await until(() => window.__alerts.notifications.length === 1);
    const [first] = (await alerts()).notifications;
    assert.match(first.title, /^New message from Visitor #\d{4}/, "the visitor by their number");
    assert.equal(first.body, "Hello?");
    assert.equal((await alerts()).sounds, 1);

    // Muted: a notification, no sound; the choice survives a reload.
    await menu.click();
    await a.getByRole("checkbox", { name: "Play a sound for new messages" }).uncheck();
    await menu.click();
    await say(chat, "Still there?");
    await until(() => window.__alerts.notifications.length === 2);
    assert.equal((await alerts()).sounds, 1, "muted");

    // The bus socket drops and comes back: alerts go on.
    const back = bus.connected();
    await bus.drop();
    await back;
    await a.getByRole("navigation", { name: "Conversations" }).getByText("Reconnecting…").waitFor({ state: "detached" });
    await say(chat, "Third try");
    await until(() => window.__alerts.notifications.length === 3);
    assert.equal((await alerts()).notifications[2].body, "Third try");

    await a.reload();
    await a.getByRole("button", { name: /^Messages,/ }).click();
    assert.equal(await a.getByRole("checkbox", { name: "Play a sound for new messages" }).isChecked(), false);
  } finally {
    await close();
  }
});
