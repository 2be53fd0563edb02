// Issue 21, item 1: an admin invites a new operator without a password; the
// link, opened in the operator's own browser, says whom it is for, takes
// their password and opens their inbox; opened again, it says it was used.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, inboxFor, person, unique, workspaceWithChannel, axeProblems } from "./harness.mjs";

test("an invited operator opens their link, chooses a password and lands in their inbox", async () => {
  const { admin } = await workspaceWithChannel("Invited", "Support");
  const mine = await inboxFor(admin.cookie);
  const theirs = await person("en-US");
  try {
    const a = mine.page;
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Configuration" }).click();
    const form = a.getByRole("form", { name: "New operator" });
    const login = unique("ines");
    await form.getByRole("textbox", { name: "Name" }).fill("Ines");
    await form.getByRole("textbox", { name: "Login" }).fill(login);
    await form.getByRole("button", { name: "Create operator" }).click();
    const shown = a.getByRole("group", { name: "Link for Ines" });
    const link = await shown.getByRole("textbox", { name: "Link for Ines" }).inputValue();
    assert.ok(link.startsWith(`${SERVER}/#invite=`), link);
    await shown.getByText(/it works once, until/).waitFor();
    await a.getByText(`Ines (${login}) · invited`).waitFor();
    assert.deepEqual(await axeProblems(a), [], "Configuration with a link shown");

    const p = theirs.page;
    await p.goto(link);
    const accept = p.getByRole("form", { name: "Accept the invitation" });
    await accept.getByRole("heading", { name: "Welcome, Ines" }).waitFor();
    await accept.getByText("You are invited to Invited.").waitFor();
    await accept.getByLabel("Password").fill("short");
    await accept.getByRole("button", { name: "Set password and log in" }).click();
    await accept.getByText(/at least/).waitFor();
    await accept.getByLabel("Password").fill("my own long password");
    await accept.getByRole("button", { name: "Set password and log in" }).click();
    await p.getByRole("navigation", { name: "Conversations" }).waitFor();
    assert.equal(new URL(p.url()).hash, "", "the spent invitation leaves the address");

    // Opened again (in a browser logged in or not), it says it was used.
    const again = await person("en-US");
    try {
      await again.page.goto(link);
      await again.page.getByRole("alert").filter({ hasText: "expired or was already used" }).waitFor();
      await again.page.getByRole("button", { name: "Go to the inbox" }).click();
      await again.page.getByRole("form", { name: "Log in" }).waitFor();
    } finally {
      await again.context.close();
    }
    // The refused short password is a 400 the console notes; nothing else went wrong.
    assert.deepEqual(theirs.problems.filter((p) => !p.includes("status of 400")), []);
  } finally {
    await mine.context.close();
    await theirs.context.close();
  }
});
