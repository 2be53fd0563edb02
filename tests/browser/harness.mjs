// Shared set-up for the browser tests: Debian's Chromium through
// playwright-core (never a downloaded browser), and host pages served from
// their own loopback origin, so the widget is embedded cross-origin as on
// every real site. `cargo xtask test` sets SWITCHBOARD_URL and CHROMIUM.
import http from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const SERVER = process.env.SWITCHBOARD_URL;
if (!SERVER) throw new Error("SWITCHBOARD_URL is not set: run the browser tests with `cargo xtask test`");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** A desktop's screen, where the tests run unless they say otherwise. */
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** A phone's screen and touch, as Chromium's device emulation gives them. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/**
 * A browser profile of its own (a person on their own machine), in a
 * locale; on a desktop's screen unless `device` says otherwise (`PHONE`).
 */
export async function person(locale = "en-US", device = DESKTOP) {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "sb-chromium-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: FLAGS,
    locale,
    ...device,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  return { context, page, problems };
}

/** Serves `html` on a fresh loopback port; returns its URL and a closer. */
export async function hostPage(html) {
  const server = http.createServer((req, res) => {
    if (req.url.startsWith("/favicon")) { res.writeHead(204); return res.end(); }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Waits until `locator` matches exactly `n` elements (fails on timeout). */
export async function expectCount(locator, n, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let seen;
  while ((seen = await locator.count()) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} matches of ${locator}, found ${seen}`);
    await locator.page().waitForTimeout(50);
  }
}

/** The JSON API as the inbox calls it (our Origin, a session cookie). */
let addresses = 0;

/**
 * Calls the API as a client of its own address (`CF-Connecting-IP`, kept by
 * local workerd), as many people on many connections would: the limits per
 * address bite only Chromium's own requests. `from`: this address instead.
 */
export async function api(method, path, body, cookie, from) {
  addresses += 1;
  const address = from ?? `10.${(process.pid >> 8) % 256}.${process.pid % 256}.${addresses % 256}`;
  const res = await fetch(`${SERVER}${path}`, {
    method,
    headers: {
      origin: SERVER,
      "content-type": "application/json",
      "cf-connecting-ip": address,
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const setCookie = res.headers.getSetCookie()[0];
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return { json, cookie: setCookie ? setCookie.split(";")[0] : cookie };
}

/**
 * A visitor starts a chat on `channel` without a browser: the conversation,
 * then their first words ("Hello") on its socket, which bring it to the
 * channel (an empty conversation takes no operator's slot). Resolves once
 * the message is acknowledged.
 */
export async function chatOn(channel, languages) {
  const { json: started } = await api("POST", "/api/conversations", { channel, languages });
  const url = `${SERVER.replace(/^http/, "ws")}/api/conversations/${started.conversation}/ws?channel=${channel}`;
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onerror = () => reject(new Error("the visitor's socket failed"));
    ws.onopen = () => {
      ws.send(JSON.stringify({ hello: { v: 1, token: started.token, last_seq: 0 } }));
      ws.send(JSON.stringify({ send: { client_id: "first", text: "Hello" } }));
    };
    ws.onmessage = (e) => {
      if (JSON.parse(e.data).ack) resolve();
    };
  });
  ws.close();
  return started;
}

/**
 * Opens the inbox for the session `cookie` ("name=value") in its own
 * profile, on a desktop's screen unless `device` says otherwise.
 */
export async function inboxFor(cookie, device) {
  const p = await person("en-US", device);
  const [name, value] = cookie.split("=");
  await p.context.addCookies([{ name, value, url: SERVER }]);
  await p.page.goto(`${SERVER}/`);
  return p;
}

export const unique = (prefix) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/** A new workspace (its admin signed up) with one channel: `{ admin, channel }`. */
export async function workspaceWithChannel(workspace, channelName) {
  const admin = await api("POST", "/api/signup", {
    workspace_name: workspace, name: "Ada", login: unique("ada"), password: "a long enough password",
  });
  const { json: channel } = await api("POST", "/api/channels", { name: channelName }, admin.cookie);
  return { admin, channel };
}

/**
 * A new workspace whose admin has joined its channel and has the inbox open,
 * and a visitor (their own browser) with a site embedding the channel:
 * `{ admin, channel, inbox, site, visitor, close }`.
 */
export async function operatorAndVisitor(workspace) {
  const { admin, channel } = await workspaceWithChannel(workspace, "Support");
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  const site = await hostPage(embedding(channel));
  const visitor = await person("en-US");
  const close = async () => {
    await visitor.context.close();
    site.close();
    await inbox.context.close();
  };
  return { admin, channel, inbox, site, visitor, close };
}

/**
 * The network between `context`'s pages and its WebSockets whose URL matches
 * `pattern`, under the test's control (Chromium's offline mode leaves open
 * WebSockets alone): `drop()` closes the open ones (they may reconnect),
 * `cut()` also refuses new ones until `restore()`, and `connected()`
 * resolves at the next connection.
 */
export async function sockets(context, pattern) {
  let down = false;
  const open = new Set();
  const waiting = [];
  await context.routeWebSocket(pattern, (ws) => {
    if (down) return ws.close();
    ws.connectToServer();
    open.add(ws);
    for (const resolve of waiting.splice(0)) resolve();
  });
  const drop = async () => {
    for (const ws of open) await ws.close();
    open.clear();
  };
  return {
    drop,
    cut: async () => {
      down = true;
      await drop();
    },
    restore: () => { down = false; },
    connected: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

/** The visitor opens the widget on their page `p`: its chat dialog. */
export async function openChat(p) {
  await p.getByRole("button", { name: "Chat with us" }).click();
  return p.getByRole("dialog", { name: "Chat" });
}

/** The visitor writes `text` in the open widget `chat` and sends it. */
export async function say(chat, text) {
  await chat.getByRole("textbox", { name: "Message" }).fill(text);
  await chat.getByRole("button", { name: "Send", exact: true }).click();
}

/** A host page embedding `channel`'s widget with the one script tag. */
export const embedding = (channel) => `<!doctype html><html lang="en"><head><title>Store</title></head><body><h1>Store</h1>` +
  `<script src="${SERVER}/widget.js" data-channel="${channel.id}" async></script></body></html>`;

const AXE = new URL("../../node_modules/axe-core/axe.min.js", import.meta.url).pathname;

/**
 * Serious and critical axe-core violations on the page, as readable lines.
 * axe is evaluated through the browser's DevTools protocol: the inbox's
 * Content-Security-Policy rightly refuses a script tag it did not serve.
 */
export async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof axe !== "undefined"))) {
    await page.evaluate(`${readFileSync(AXE, "utf8")}\n;globalThis.axe = axe;`);
  }
  const violations = await page.evaluate(async () => (await axe.run(document)).violations);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}
