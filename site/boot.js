// Starts the inbox. A file, not an inline script: the inbox's
// Content-Security-Policy runs scripts from its own origin only.
import init from "/inbox/switchboard_site.js";
init({ module_or_path: "/inbox/switchboard_site_bg.wasm" });
// Installable, and opens offline: the app shell from this device (sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("The inbox works without its offline copy:", e));
}
