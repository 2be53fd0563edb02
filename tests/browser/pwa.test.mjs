// Issue 24, installable: the inbox has a web app manifest with its icons
// and a service worker that keeps the app shell (and never an API answer),
// so it opens offline and says so plainly, then connects by itself when
// the network is back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inboxFor, workspaceWithChannel } from "./harness.mjs";

test("the inbox installs, keeps its shell and no API answer, and opens offline to say so", async () => {
  const { admin } = await workspaceWithChannel("Offline", "Support");
  const inbox = await inboxFor(admin.cookie);
  const a = inbox.page;
  try {
    const pages = a.getByRole("navigation", { name: "Main" });
    await pages.waitFor();
    const manifest = await a.evaluate(async () => (await fetch(document.querySelector("link[rel=manifest]").href)).json());
    assert.equal(manifest.name, "Switchboard inbox");
    assert.equal(manifest.display, "standalone");
    assert.ok(manifest.icons.some((i) => i.sizes === "512x512") && manifest.icons.some((i) => i.sizes === "192x192"));

    // The service worker is in charge of the page, the shell kept.
    await a.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const kept = await a.evaluate(async () => {
      const paths = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    assert.ok(kept.includes("/inbox/switchboard_site_bg.wasm") && kept.includes("/"), `the shell is kept: ${kept}`);
    assert.deepEqual(kept.filter((p) => p.startsWith("/api/")), [], "no API answer is kept");

    // Offline: the inbox still opens, and says why it cannot go on.
    await inbox.context.setOffline(true);
    await a.reload();
    // (Chromium 148's offline emulation fails every request but leaves
    // `navigator.onLine` true, so the inbox may only know that the server
    // is out of reach; a device really offline reads "You are offline".)
    await a.getByRole("alert").filter({ hasText: /You are offline|The server cannot be reached/ }).waitFor();
    // The network is back: it connects without being asked.
    await inbox.context.setOffline(false);
    await pages.waitFor();
  } finally {
    await inbox.context.close();
  }
});
