// The inbox's service worker: the app shell (its page, script, styles,
// wasm, manifest and icons) from this device's cache, so the inbox opens
// at once, and opens offline to say so. Never an API answer: every
// /api/ request, and anything not in the shell, goes to the network
// untouched, so no conversation or personal data is ever kept here.
// `cargo xtask build` writes a hash of the shell into VERSION: a new build
// is a new service worker, which fetches the new shell whole and drops the
// old one.
const VERSION = "switchboard-shell-SHELL_HASH";
const SHELL = [
  "/",
  "/manifest.webmanifest",
  "/inbox/boot.js",
  "/inbox/inbox.css",
  "/inbox/switchboard_site.js",
  "/inbox/switchboard_site_bg.wasm",
  "/inbox/icon.svg",
  "/inbox/icon-192.png",
  "/inbox/icon-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const old = (keys) => keys.filter((key) => key !== VERSION).map((key) => caches.delete(key));
  event.waitUntil(caches.keys().then((keys) => Promise.all(old(keys))).then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const path = url.pathname === "/index.html" ? "/" : url.pathname;
  if (!SHELL.includes(path)) return;
  event.respondWith(caches.match(path).then((kept) => kept || fetch(event.request)));
});
