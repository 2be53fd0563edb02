// Issue 24, a dark theme: the inbox follows the system's colour scheme,
// and Discuss (a conversation open, with a reply), History and Channels
// pass axe-core's checks (contrast included) in the dark as in the light.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, api, axeProblems, chatOn, inboxFor, workspaceWithChannel } from "./harness.mjs";

for (const scheme of ["dark", "light"]) {
  test(`the inbox in the system's ${scheme} theme is readable`, async () => {
    const { admin, channel } = await workspaceWithChannel(`Theme ${scheme}`, "Support");
    await api("POST", `/api/channels/${channel.id}/join`, {}, admin.cookie);
    await chatOn(channel.id, ["en"]);
    const inbox = await inboxFor(admin.cookie, { ...DESKTOP, colorScheme: scheme });
    const a = inbox.page;
    try {
      const background = await a.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = background.match(/\d+/g).map(Number);
      assert.equal(r + g + b < 150, scheme === "dark", `the page's background ${background} follows the ${scheme} theme`);

      await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor #\d{4}/ }).click();
      const pane = a.getByRole("region", { name: "Conversation" });
      await pane.getByRole("textbox", { name: "Reply" }).fill("Hello, how can I help?");
      await pane.getByRole("button", { name: "Send", exact: true }).click();
      await pane.getByText("Hello, how can I help?").waitFor();
      assert.deepEqual(await axeProblems(a), [], `Discuss, ${scheme}`);
      const pages = a.getByRole("navigation", { name: "Main" });
      await pages.getByRole("button", { name: "History" }).click();
      await a.getByRole("search", { name: "Search ended conversations" }).waitFor();
      assert.deepEqual(await axeProblems(a), [], `History, ${scheme}`);
      await pages.getByRole("button", { name: "Channels" }).click();
      await a.getByRole("heading", { name: "Support" }).first().waitFor();
      assert.deepEqual(await axeProblems(a), [], `Channels, ${scheme}`);
      assert.deepEqual(inbox.problems, []);
    } finally {
      await inbox.context.close();
    }
  });
}
