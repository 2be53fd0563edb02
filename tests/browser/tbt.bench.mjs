// `cargo xtask bench`: what the widget costs the host page's main thread.
// Total Blocking Time as Lighthouse defines it — the sum, over main-thread
// tasks longer than 50 ms, of the part beyond 50 ms — measured in Debian's
// Chromium with the CPU slowed 4× (Lighthouse's mobile setting), on the same
// page without and with the widget's script tag. The window runs from
// navigation until 3 s after `load` (and, with the widget, after the
// visitor points at the launcher and it is ready), which covers the wasm's
// download, compile and mount.
import { chromium } from "playwright-core";
import { hostPage, SERVER } from "./harness.mjs";

const RUNS = 5;
const WINDOW_MS = 3_000;
const BODY = `<h1>Store</h1>${"<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>".repeat(200)}`;

async function tbt(browser, withWidget) {
  const html = `<!doctype html><html lang="en"><body>${BODY}` +
    (withWidget ? `<script src="${SERVER}/widget.js" data-channel="demo" async></script>` : "") +
    `</body></html>`;
  const site = await hostPage(html);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: "longtask", buffered: true });
      window.__ready = new Promise((ok) => {
        const wait = () => window.Switchboard ? window.Switchboard.on("ready", ok) : setTimeout(wait, 10);
        wait();
      });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto(site.url, { waitUntil: "load" });
    // A page view alone loads no wasm: the visitor reaches for the launcher,
    // which loads and mounts the widget, all inside the window.
    if (withWidget) {
      await page.getByRole("button", { name: "Chat with us" }).hover();
      await page.evaluate(() => window.__ready);
    }
    await page.waitForTimeout(WINDOW_MS); // a measuring window, not a synchronisation
    const tasks = await page.evaluate(() => window.__longTasks);
    return tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
  } finally {
    await context.close();
    site.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  const without = [], withW = [];
  for (let i = 0; i < RUNS; i++) {
    without.push(await tbt(browser, false));
    withW.push(await tbt(browser, true));
  }
  const a = median(without), b = median(withW);
  console.log(`host page Total Blocking Time (CPU 4× slower, median of ${RUNS}): ` +
    `without the widget ${a.toFixed(0)} ms, with it ${b.toFixed(0)} ms (+${(b - a).toFixed(0)} ms)`);
  console.log(`  runs without: ${without.map((x) => x.toFixed(0)).join(", ")}; with: ${withW.map((x) => x.toFixed(0)).join(", ")}`);
} finally {
  await browser.close();
}
