// Issue 21, item 6: an operator reads a colleague's conversation but cannot
// write in it until they take it over; then they can, and the colleague is
// told.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, chatOn, inboxFor, unique, workspaceWithChannel, axeProblems } from "./harness.mjs";

test("someone else's conversation is read only until taken over", async () => {
  const { admin, channel } = await workspaceWithChannel("Take over", "Support");
  await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
  const ada = await inboxFor(admin.cookie);
  await ada.page.getByRole("navigation", { name: "Conversations" }).getByText("No conversations yet.").waitFor();
  await chatOn(channel.id, ["en"]); // Ada, the only one online, has it.
  await ada.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).waitFor();
  const login = unique("pavel");
  await api("POST", "/api/operators", { name: "Pavel", login, password: "a long enough password" }, admin.cookie);
  const { cookie } = await api("POST", "/api/login", { login, password: "a long enough password" });
  await api("POST", `/api/channels/${channel.id}/join`, {}, cookie);
  const pavel = await inboxFor(cookie);
  try {
    const p = pavel.page;
    await p.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    const pane = p.getByRole("region", { name: "Conversation" });
    await pane.getByText("Ada has this conversation: you can read it; take it over to write.").waitFor();
    const reply = pane.getByRole("textbox", { name: "Reply" });
    assert.equal(await reply.isDisabled(), true, "read only");
    assert.equal(await pane.getByRole("button", { name: "End conversation" }).isVisible(), false);
    assert.deepEqual(await axeProblems(p), [], "the read-only pane");

    await pane.getByRole("button", { name: "Take over" }).click();
    await reply.fill("Pavel here, I can help.");
    await reply.press("Enter");
    await pane.getByRole("log").getByText("Pavel here, I can help.").waitFor();
    await ada.page.getByText("Pavel took over a conversation of yours.").waitFor();
  } finally {
    await pavel.context.close();
    await ada.context.close();
  }
});
