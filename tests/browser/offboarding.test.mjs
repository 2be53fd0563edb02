// Issue 21, item 1: an admin disables an operator whose inbox is open; the
// operator's inbox stops at once and goes back to the log-in page, where
// their password now says the account is disabled; enabled again, they log
// in. An operator changes their own password in My Profile.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, inboxFor, unique, workspaceWithChannel, axeProblems } from "./harness.mjs";

const PASSWORD = "a long enough password";

test("disabling an operator whose inbox is open logs them out at once; enabled, they come back", async () => {
  const { admin } = await workspaceWithChannel("Off-boarding", "Support");
  const login = unique("pavel");
  await api("POST", "/api/operators", { name: "Pavel", login, password: PASSWORD }, admin.cookie);
  const pavel = await api("POST", "/api/login", { login, password: PASSWORD });
  const theirs = await inboxFor(pavel.cookie);
  const mine = await inboxFor(admin.cookie);
  try {
    const p = theirs.page;
    await p.getByRole("navigation", { name: "Conversations" }).waitFor();
    const a = mine.page;
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Configuration" }).click();
    const access = a.getByRole("group", { name: "Access of Pavel" });
    await access.getByRole("button", { name: "Disable Pavel" }).click();
    const operators = a.getByRole("region", { name: "Operators" });
    await operators.getByRole("status").filter({ hasText: "Disabled: they are logged out everywhere." }).waitFor();
    await a.getByText(`Pavel (${login}) · disabled`).waitFor();

    // Their inbox, open all along, is back at the log-in page, saying why.
    await p.getByRole("alert").filter({ hasText: "Your session has ended. Please log in again." }).waitFor();
    const form = p.getByRole("form", { name: "Log in" });
    await form.getByRole("textbox", { name: "Login" }).fill(login);
    await form.getByLabel("Password").fill(PASSWORD);
    await form.getByRole("button", { name: "Log in" }).click();
    await form.getByRole("alert").filter({ hasText: "This account is disabled. Ask an admin of your workspace." }).waitFor();

    await a.getByRole("group", { name: "Access of Pavel" }).getByRole("button", { name: "Enable Pavel" }).click();
    await a.getByRole("group", { name: "Access of Pavel" }).getByRole("button", { name: "Disable Pavel" }).waitFor();
    await form.getByRole("button", { name: "Log in" }).click();
    await p.getByRole("navigation", { name: "Conversations" }).waitFor();
    assert.deepEqual(await axeProblems(a), [], "Configuration with the access controls");
  } finally {
    await theirs.context.close();
    await mine.context.close();
  }
});

test("an operator changes their own password in My Profile", async () => {
  const { admin } = await workspaceWithChannel("Own password", "Support");
  const inbox = await inboxFor(admin.cookie);
  try {
    const p = inbox.page;
    await p.getByRole("button", { name: /Account menu/ }).click();
    await p.getByRole("menuitem", { name: "My Profile" }).click();
    const form = p.getByRole("form", { name: "Password" });
    await form.getByLabel("Current password").fill("not my password");
    await form.getByLabel("New password").fill("a new long password");
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText("This is not your current password.").waitFor();
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel("New password").fill("a new long password");
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByRole("status").filter({ hasText: "Password changed. Your other sessions are logged out." }).waitFor();
  } finally {
    await inbox.context.close();
  }
});
