// Issue 23, files both ways: the visitor attaches a screenshot in the widget
// and the operator sees it inline; the operator attaches a PDF and the
// visitor downloads it under its name; an SVG is only ever a download; a
// screenshot pasted and a file dropped go too; a file too large and one of
// a kind not taken are refused in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeProblems, expectCount, operatorAndVisitor, openChat, say, sockets } from "./harness.mjs";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>`);

/** Pastes (`how: "paste"`) or drops a file into the element, as a browser does. */
function give(el, { how, name, type, b64 }) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, { type }));
  const event = how === "paste"
    ? new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true })
    : new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true });
  el.dispatchEvent(event);
}

/**
 * The visitor on the site writes `first`, and the operator opens the
 * conversation: the widget's chat and the inbox's pane.
 */
async function talking({ inbox, site, visitor }, first) {
  await visitor.page.goto(site.url);
  const chat = await openChat(visitor.page);
  await say(chat, first);
  await inbox.page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Visitor/ }).click();
  const pane = inbox.page.getByRole("region", { name: "Conversation" });
  await pane.getByText(first).waitFor();
  return { chat, pane };
}

test("a screenshot and a PDF go both ways; an SVG only downloads; refusals say why", async () => {
  const people = await operatorAndVisitor("Files");
  const { inbox, visitor, close } = people;
  try {
    const { chat, pane } = await talking(people, "Here is what I see");
    // What the widget fetches of each file (it shows them from memory).
    const fetched = [];
    visitor.page.on("request", (r) => r.method() === "GET" && r.url().includes("/files/") && fetched.push(r.url()));

    // The visitor's screenshot shows in the operator's pane, loaded.
    await chat.getByLabel("Attach files").setInputFiles({ name: "screenshot.png", mimeType: "image/png", buffer: PNG });
    const shot = pane.getByRole("img", { name: "screenshot.png" });
    await shot.waitFor();
    await inbox.page.waitForFunction((img) => img.complete && img.naturalWidth === 1, await shot.elementHandle());
    await chat.getByRole("img", { name: "screenshot.png" }).waitFor();
    // Its line is drawn again once sent and once seen: the image stays, fetched once.
    await chat.getByRole("listitem").filter({ has: visitor.page.getByRole("img", { name: "screenshot.png" }) }).getByText("Seen").waitFor();

    // The operator's PDF downloads in the widget under its name.
    await pane.getByLabel("Attach files").setInputFiles({ name: "invoice 42.pdf", mimeType: "application/pdf", buffer: PDF });
    const pdf = chat.getByRole("link", { name: "invoice 42.pdf" });
    await pdf.waitFor();
    const [saved] = await Promise.all([visitor.page.waitForEvent("download"), pdf.click()]);
    assert.equal(saved.suggestedFilename(), "invoice 42.pdf");

    // An SVG is text to download, never an image.
    await chat.getByLabel("Attach files").setInputFiles({ name: "cat.svg", mimeType: "image/svg+xml", buffer: SVG });
    const svg = pane.getByRole("link", { name: /^cat\.svg \(text\/plain/ });
    await svg.waitFor();
    assert.equal(await pane.getByRole("img", { name: "cat.svg" }).count(), 0);
    const [download] = await Promise.all([inbox.page.waitForEvent("download"), svg.click()]);
    assert.equal(download.suggestedFilename(), "cat.svg");

    // A screenshot pasted into the message, a file dropped on the reply.
    await chat.getByRole("textbox", { name: "Message" }).evaluate(give, { how: "paste", name: "pasted.png", type: "image/png", b64: PNG.toString("base64") });
    await pane.getByRole("img", { name: "pasted.png" }).waitFor();
    await pane.getByRole("textbox", { name: "Reply" }).evaluate(give, { how: "drop", name: "dropped.pdf", type: "application/pdf", b64: PDF.toString("base64") });
    await chat.getByRole("link", { name: "dropped.pdf" }).waitFor();

    // Refusals, in words.
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 97);
    await chat.getByLabel("Attach files").setInputFiles({ name: "huge.txt", mimeType: "text/plain", buffer: big });
    await chat.getByText("This file is too large: at most 10 MB.").waitFor();
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]);
    await chat.getByLabel("Attach files").setInputFiles({ name: "tool", mimeType: "application/octet-stream", buffer: elf });
    await chat.getByText("Files of this kind cannot be sent here.").waitFor();

    assert.deepEqual(await axeProblems(inbox.page), [], "the inbox with files");
    assert.equal(fetched.length, 5, `the widget fetched each file once: ${fetched.join(", ")}`);
    assert.equal(new Set(fetched).size, fetched.length, "no file fetched twice");
    assert.deepEqual(visitor.problems.filter((p) => !/4\d\d/.test(p)), []);
  } finally {
    await close();
  }
});

test("a file sent while the visitor's connection is cut, and kept across a reload, arrives once", async () => {
  const people = await operatorAndVisitor("Files cut");
  const { inbox, visitor, close } = people;
  try {
    const network = await sockets(visitor.context, /\/api\/conversations\/.*\/ws/);
    const { chat, pane } = await talking(people, "One moment, a photo");

    await network.cut();
    await chat.getByText("Connection lost. Reconnecting… Your messages are kept and will be sent.").waitFor();
    // The upload goes over HTTP; the message naming it waits for the socket.
    await chat.getByLabel("Attach files").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: PNG });
    await chat.getByRole("listitem").filter({ hasText: "sending" }).waitFor();
    assert.equal(await pane.getByRole("img", { name: "photo.png" }).count(), 0, "not before the socket is back");
    // A reload meanwhile: the message naming the file waits in the outbox.
    await visitor.page.reload();
    const again = await openChat(visitor.page);
    await again.getByRole("listitem").filter({ hasText: "sending" }).waitFor();
    network.restore();
    await pane.getByRole("img", { name: "photo.png" }).waitFor({ timeout: 30_000 });
    await again.getByRole("img", { name: "photo.png" }).waitFor();
    await expectCount(pane.getByRole("img", { name: "photo.png" }), 1);
    await expectCount(again.getByRole("img", { name: "photo.png" }), 1);
  } finally {
    await close();
  }
});

test("an upload cut off on its way is tried again under its id and arrives once", async () => {
  const people = await operatorAndVisitor("Files retry");
  const { inbox, visitor, close } = people;
  try {
    // The first PUT of a file from each side fails as a dropped network would.
    const cutFirst = async (context) => {
      let cut = false;
      await context.route(/\/files\//, (route) => {
        if (route.request().method() === "PUT" && !cut) {
          cut = true;
          return route.abort("connectionreset");
        }
        return route.continue();
      });
    };
    await cutFirst(visitor.context);
    await cutFirst(inbox.context);
    const { chat, pane } = await talking(people, "Sending a photo");

    await chat.getByLabel("Attach files").setInputFiles({ name: "retry.png", mimeType: "image/png", buffer: PNG });
    await pane.getByRole("img", { name: "retry.png" }).waitFor();
    await pane.getByLabel("Attach files").setInputFiles({ name: "retry.pdf", mimeType: "application/pdf", buffer: PDF });
    await chat.getByRole("link", { name: "retry.pdf" }).waitFor();
    await expectCount(pane.getByRole("img", { name: "retry.png" }), 1);
    await expectCount(chat.getByRole("link", { name: "retry.pdf" }), 1);
  } finally {
    await close();
  }
});
