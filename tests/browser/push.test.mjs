// Issue 24, Web Push: the inbox offers notifications on this device when
// the service sends pushes, its service worker shows a push (as the browser
// hands it over, decrypted) as a notification tagged by its conversation,
// and the inbox opened from a notification opens that conversation. The
// encryption and the sending are tested against a local push service in
// tests/tests/push.rs (headless Chromium has no push service to subscribe
// through here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, api, chatOn, inboxFor, workspaceWithChannel } from "./harness.mjs";

/** The service worker's registration id, through the DevTools protocol. */
async function registrationId(cdp) {
  const found = new Promise((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${SERVER}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  return found;
}

test("a push shows its notification, and the conversation opens from it", async () => {
  const { admin, channel } = await workspaceWithChannel("Pushes", "Support");
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  const a = inbox.page;
  try {
    await inbox.context.grantPermissions(["notifications"], { origin: SERVER });
    await a.getByRole("navigation", { name: "Main" }).waitFor();
    await a.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Controlling the page (it claims it while activating) is not yet able
    // to take a push: wait until it is activated.
    await a.evaluate(async () => {
      const worker = (await navigator.serviceWorker.ready).active;
      if (worker.state === "activated") return;
      await new Promise((done) => worker.addEventListener("statechange", () => worker.state === "activated" && done()));
    });
    await a.getByRole("button", { name: /^Messages/ }).click();
    await a.getByRole("checkbox", { name: "Notify this device while the inbox is closed" }).waitFor();

    // A visitor writes; the operator's device gets a push about it.
    const started = await chatOn(channel.id, ["en"]);
    const cdp = await inbox.context.newCDPSession(a);
    const notice = { title: "New message", body: "Where is my order?", conversation: started.conversation };
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: SERVER, registrationId: await registrationId(cdp), data: JSON.stringify(notice),
    });
    // Polled: the page hears nothing when its service worker shows one.
    const shown = await a.waitForFunction(() => {
      navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((all) => {
        window.shownNotifications = all.map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
      });
      return window.shownNotifications?.length > 0 && window.shownNotifications;
    }, null, { polling: 100 });
    assert.deepEqual(await shown.jsonValue(), [{ title: "New message", body: "Where is my order?", tag: started.conversation }]);

    // A click opens the inbox on the conversation (in a chat window).
    await a.goto(`${SERVER}/?conversation=${started.conversation}`);
    await a.getByRole("region", { name: /^Chat with Visitor #/ }).waitFor();
    assert.equal(new URL(a.url()).search, "", "the address is the inbox's again");
  } finally {
    await inbox.context.close();
  }
});
