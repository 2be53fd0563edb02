// Issue 6, working the conversation: an admin saves a canned response under
// Configuration; in the conversation, "::" opens the list, typing filters
// it, the keyboard picks one and Enter inserts it; "/help" lists the
// commands, "/transfer" to nobody says so, and "/close" ends the
// conversation, after which the visitor is offered the rating.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeProblems, operatorAndVisitor, openChat, say } from "./harness.mjs";

test("canned responses with ::, then /help, /transfer and /close from the composer", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Composer");
  const a = inbox.page;
  try {
    // Configuration → Canned responses: two saved replies.
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Configuration" }).click();
    const form = a.getByRole("form", { name: "New canned response" });
    for (const [shortcut, text] of [["thanks", "Thank you for waiting!"], ["hours", "We are open 9 to 5."]]) {
      await form.getByRole("textbox", { name: "Shortcut" }).fill(shortcut);
      await form.getByRole("textbox", { name: "Reply" }).fill(text);
      await form.getByRole("button", { name: "Save canned response" }).click();
      await a.getByRole("listitem").filter({ hasText: `::${shortcut} — ${text}` }).waitFor();
    }
    await form.getByRole("textbox", { name: "Shortcut" }).fill("two words");
    await form.getByRole("textbox", { name: "Reply" }).fill("x");
    await form.getByRole("button", { name: "Save canned response" }).click();
    await form.getByText("Use letters, digits, “-” and “_” only (no spaces).").waitFor();

    // A visitor writes; the operator opens the conversation in Discuss.
    await visitor.page.goto(site.url);
    const chat = await openChat(visitor.page);
    await say(chat, "Are you there?");
    await a.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Discuss" }).click();
    await a.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText("Are you there?").waitFor();

    // "::" lists both; typing filters; the keyboard picks; Enter inserts.
    const reply = pane.getByRole("textbox", { name: "Reply" });
    const list = pane.getByRole("listbox", { name: "Canned responses" });
    await reply.pressSequentially("Hello! ::");
    await list.getByRole("option").nth(1).waitFor();
    assert.deepEqual(await list.getByRole("option").allTextContents(), ["::hours We are open 9 to 5.", "::thanks Thank you for waiting!"]);
    assert.deepEqual(await axeProblems(a), [], "the conversation with the :: list open");
    await reply.press("ArrowDown");
    await list.getByRole("option", { name: /thanks/, selected: true }).waitFor();
    await reply.press("ArrowUp");
    await list.getByRole("option", { name: /hours/, selected: true }).waitFor();
    await reply.pressSequentially("tha");
    await list.getByRole("option", { name: /hours/ }).waitFor({ state: "detached" });
    await reply.press("Enter");
    assert.equal(await reply.inputValue(), "Hello! Thank you for waiting!");
    await list.waitFor({ state: "hidden" });
    await reply.press("Enter");
    await chat.getByText("Hello! Thank you for waiting!").waitFor();

    // Commands: /help, /transfer to nobody, then /close.
    const said = pane.getByRole("status").filter({ hasText: /Commands:|Nobody called|Transferr/ });
    await reply.fill("/help");
    await reply.press("Enter");
    await said.filter({ hasText: "/close — end the conversation" }).waitFor();
    await reply.fill("/transfer Nemo");
    await reply.press("Enter");
    await said.filter({ hasText: "Nobody called “Nemo” has joined this channel." }).waitFor();
    assert.equal(await chat.getByText("/help").count(), 0, "commands are not sent to the visitor");
    await reply.fill("/close");
    await reply.press("Enter");
    await pane.getByRole("status").filter({ hasText: "Ada ended this conversation." }).waitFor();
    await chat.getByRole("button", { name: "Send rating" }).waitFor();
  } finally {
    await close();
  }
});
