// Issue 6, keyboard: in Discuss the operator moves between conversations and
// answers without the mouse — Alt+↓ / Alt+↑ open the next / previous
// conversation with the cursor in its reply box, Enter sends, and ↓ / ↑ move
// between the conversations of the list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { operatorAndVisitor, openChat, person, say } from "./harness.mjs";

test("Alt+arrows switch conversations, Enter answers, arrows walk the list", async () => {
  const { inbox, site, visitor, close } = await operatorAndVisitor("Keyboard");
  const other = await person("en-US");
  const a = inbox.page;
  try {
    const list = a.getByRole("navigation", { name: "Conversations" });
    await list.getByText("No conversations yet.").waitFor();
    await visitor.page.goto(site.url);
    const first = await openChat(visitor.page);
    await say(first, "First visitor here");
    await list.getByText("First visitor here").waitFor();
    await other.page.goto(site.url);
    const second = await openChat(other.page);
    await say(second, "Second visitor here");
    await list.getByText("Second visitor here").waitFor();

    // In the list's order (newest activity first).
    const items = list.getByRole("button", { name: /Visitor/ });
    const saidIn = async (i) => ((await items.nth(i).innerText()).match(/(First|Second) visitor here/) ?? [])[0];
    const [top, below] = [await saidIn(0), await saidIn(1)];
    assert.deepEqual([top, below].sort(), ["First visitor here", "Second visitor here"]);
    const chatOf = (text) => (text === "First visitor here" ? first : second);

    // Alt+↓ opens the first conversation of the list, ready to answer;
    // Alt+↓ again the next, Alt+↑ back.
    await a.keyboard.press("Alt+ArrowDown");
    const pane = a.getByRole("region", { name: "Conversation" });
    await pane.getByText(top).waitFor();
    await a.keyboard.press("Alt+ArrowDown");
    await pane.getByText(below).waitFor();
    await a.keyboard.press("Alt+ArrowUp");
    await pane.getByText(top).waitFor();
    const reply = pane.getByRole("textbox", { name: "Reply" });
    await a.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Reply");
    await a.keyboard.type("Hello, you on top");
    await a.keyboard.press("Enter");
    await chatOf(top).getByText("Hello, you on top").waitFor();

    // Answered, it stays on top; Alt+↓ reaches the other.
    await a.keyboard.press("Alt+ArrowDown");
    await pane.getByText(below).waitFor();
    assert.equal(await reply.inputValue(), "");
    await a.keyboard.type("Hello, you below");
    await a.keyboard.press("Enter");
    await chatOf(below).getByText("Hello, you below").waitFor();
    // Answered last, it moves to the top of the list: the order to walk.
    await items.first().getByText("Hello, you below").waitFor();

    // In the list, ↓ and ↑ move the focus from one conversation to the next.
    const focused = () => a.evaluate(() => document.activeElement.innerText);
    await items.first().focus();
    const onTop = await focused();
    await a.keyboard.press("ArrowDown");
    assert.notEqual(await focused(), onTop);
    assert.match(await focused(), /Visitor/);
    await a.keyboard.press("ArrowUp");
    assert.equal(await focused(), onTop);
  } finally {
    await other.context.close();
    await close();
  }
});
