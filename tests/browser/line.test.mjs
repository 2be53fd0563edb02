// Issue 20, item 5, as an operator sees it: Discuss says how many visitors
// wait in a channel's line, lists the line's head beside the operator's own
// conversations, and the count follows the line as it is served.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, chatOn, expectCount, inboxFor, workspaceWithChannel } from "./harness.mjs";

const settings = (capacity) => ({ inactivity_timeout_s: 1800, capacity, reassign_after_s: 0 });

test("Discuss says how many wait in line, and the count follows the line", async () => {
  const { admin, channel } = await workspaceWithChannel("Line", "Support");
  await api("PUT", "/api/settings", settings(1), admin.cookie);
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const inbox = await inboxFor(admin.cookie);
  try {
    const list = inbox.page.getByRole("navigation", { name: "Conversations" });
    await list.getByText("No conversations yet.").waitFor();
    for (let i = 0; i < 3; i++) await chatOn(channel.id, ["en"]);

    // One is the admin's (room for one), two wait: Discuss says so.
    await list.getByRole("status").filter({ hasText: "2 visitors are waiting." }).waitFor();
    await expectCount(list.getByRole("button", { name: /· waiting/ }), 2);
    await expectCount(list.getByRole("button", { name: /· Ada/ }), 1);

    // Room for three: the line is served, and Discuss says nobody waits.
    await api("PUT", "/api/settings", settings(3), admin.cookie);
    await expectCount(list.getByRole("button", { name: /· Ada/ }), 3);
    await expectCount(list.getByRole("status").filter({ hasText: "waiting" }), 0);
    assert.equal(await list.getByRole("button", { name: /· waiting/ }).count(), 0);
  } finally {
    await inbox.context.close();
  }
});
