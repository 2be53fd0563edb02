// Issue 21, item 7, as a browser enforces it: the inbox runs under its
// Content-Security-Policy without a violation, and another site cannot show
// it in a frame (clickjacking).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SERVER, hostPage, person } from "./harness.mjs";

test("the inbox runs under its CSP, and never inside another site's frame", async () => {
  const visitor = await person("en-US");
  const framing = await hostPage(`<!doctype html><html lang="en"><head><title>Elsewhere</title></head>` +
    `<body><h1>Another site</h1><iframe title="Framed inbox" src="${SERVER}/"></iframe></body></html>`);
  try {
    const page = visitor.page;
    // On its own origin it starts (scripts and wasm allowed), with nothing refused.
    await page.goto(`${SERVER}/`);
    await page.getByRole("button", { name: "Log in" }).waitFor();
    assert.deepEqual(visitor.problems, []);

    // Framed by another origin, the browser refuses to show it.
    await page.goto(framing.url);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, "the frame is there");
    assert.ok(!frame.url().startsWith(SERVER), `the inbox was shown in the frame: ${frame.url()}`);
    assert.equal(await page.frameLocator("iframe").getByRole("button", { name: "Log in" }).count(), 0);
  } finally {
    await visitor.context.close();
    framing.close();
  }
});
