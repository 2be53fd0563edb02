// Starts the inbox. A file, not an inline script: the inbox's
// Content-Security-Policy runs scripts from its own origin only.
import init from "/inbox/switchboard_site.js";
init({ module_or_path: "/inbox/switchboard_site_bg.wasm" });
