// Issue 21, item 2: when a session ends elsewhere (logged out from another
// device), the inbox open on it stops at once: its sockets close, and it
// goes back to the log-in page saying why, instead of reconnecting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, inboxFor, workspaceWithChannel } from "./harness.mjs";

test("a session ended elsewhere takes its open inbox back to the log-in page, saying why", async () => {
  const { admin } = await workspaceWithChannel("Ended", "Support");
  const inbox = await inboxFor(admin.cookie);
  try {
    const p = inbox.page;
    await p.getByRole("navigation", { name: "Conversations" }).waitFor();
    await api("POST", "/api/logout", {}, admin.cookie);
    await p.getByRole("alert").filter({ hasText: "Your session has ended. Please log in again." }).waitFor();
    await p.getByRole("form", { name: "Log in" }).waitFor();
    assert.equal(await p.getByRole("navigation", { name: "Conversations" }).count(), 0);
    assert.deepEqual(inbox.problems.filter((m) => !m.includes("401")), []);
  } finally {
    await inbox.context.close();
  }
});
