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
  // The inbox's texts in its languages but English, which is built in.
  ...["fr", "es", "it", "de", "pt", "ja", "zh-CN", "ar"].map((tag) => `/inbox/texts/${tag}.json`),
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

// Web Push (issue 24): what the operator's bus pushed while no inbox tab was
// in view — a conversation newly theirs, a visitor's message — shown as a
// notification, one per conversation (a newer one replaces it). The push
// is decrypted by the browser; its JSON is core's `PushNotice`.
self.addEventListener("push", (event) => {
  let notice;
  try {
    notice = event.data.json();
  } catch {
    notice = { title: "Switchboard", body: "Something new in your inbox.", conversation: "" };
  }
  const options = {
    body: notice.body,
    tag: notice.conversation || "switchboard",
    icon: "/inbox/icon-192.png",
    data: { conversation: notice.conversation },
  };
  event.waitUntil(self.registration.showNotification(notice.title, options));
});

// A click brings an inbox tab forward (or opens one) on that conversation.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const conversation = event.notification.data && event.notification.data.conversation;
  const url = conversation ? `/?conversation=${encodeURIComponent(conversation)}` : "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((tabs) => {
      const tab = tabs.find((t) => new URL(t.url).origin === self.location.origin);
      if (tab) {
        tab.postMessage({ open: conversation });
        return tab.focus();
      }
      return self.clients.openWindow(url);
    }),
  );
});
