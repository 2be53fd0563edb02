// Issue 5, the visitor's language and the keyboard: an Arabic-speaking
// visitor gets the widget in Arabic, right to left, and uses it without a
// mouse — Tab to the launcher, Enter to open, the "leave a message" form
// (nobody is online), Esc to close; `Switchboard.setLocale` switches the
// widget's language at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { person, hostPage, workspaceWithChannel, embedding } from "./harness.mjs";

const channel = async () => (await workspaceWithChannel("Souk", "Help")).channel;
const page = embedding;

/** What has focus, looking into the widget's shadow root. */
const focused = (p) => p.evaluate(() => {
  const inner = document.activeElement?.shadowRoot?.activeElement ?? document.activeElement;
  return inner?.getAttribute("aria-label") ?? inner?.tagName;
});

test("an Arabic visitor reads the widget right to left and leaves a message with the keyboard only", async () => {
  const site = await hostPage(page(await channel()));
  const visitor = await person("ar-EG");
  const p = visitor.page;
  try {
    await p.goto(site.url);
    await p.getByRole("button", { name: "تحدث معنا" }).waitFor();
    await p.keyboard.press("Tab");
    assert.equal(await focused(p), "تحدث معنا", "Tab reaches the launcher");
    await p.keyboard.press("Enter");
    const chat = p.getByRole("dialog", { name: "تحدث معنا" });
    await chat.getByText("لا يوجد أحد متاح الآن.", { exact: false }).waitFor();
    assert.deepEqual(
      await chat.evaluate((el) => [el.lang, el.dir, getComputedStyle(el).direction]),
      ["ar", "rtl", "rtl"],
    );
    assert.equal(await focused(p), "الرسالة", "opening puts the cursor in the message box");

    await p.keyboard.type("مرحبا، هل لديكم هذا المنتج؟");
    await p.keyboard.press("Shift+Tab");
    await p.keyboard.type("amal@example.com");
    await p.keyboard.press("Tab");
    await p.keyboard.press("Enter");
    await chat.getByRole("log", { name: "الرسائل" }).getByText("مرحبا، هل لديكم هذا المنتج؟").waitFor();
    await chat.getByRole("status").filter({ hasText: "amal@example.com" }).filter({ hasText: "شكرًا لك!" }).waitFor();

    await p.keyboard.press("Escape");
    await chat.waitFor({ state: "hidden" });
    assert.equal(await focused(p), "تحدث معنا", "Esc gives focus back to the launcher");

    // The site can choose the language: the widget follows at once.
    await p.evaluate(() => window.Switchboard.setLocale("de"));
    await p.evaluate(() => window.Switchboard.open());
    const german = p.getByRole("dialog", { name: "Chatten Sie mit uns" });
    await german.getByRole("textbox", { name: "Nachricht" }).waitFor();
    assert.deepEqual(await german.evaluate((el) => [el.lang, el.dir]), ["de", "ltr"]);
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
    site.close();
  }
});
