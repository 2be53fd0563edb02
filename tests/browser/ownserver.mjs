// A workerd of a test's own, which the test may `kill -9` (wrangler and its
// workerd: their whole process group) and start again on the same state,
// as `tests/src/workerd.rs` does for the Rust tests. `cargo xtask test`
// passes the command line in SWITCHBOARD_WORKERD (a JSON list, to which the
// ports and the state folder are added). It imports nothing of the harness:
// a test starts it first, then points the harness at it.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const READY_WITHIN_MS = 90_000;

async function freePort() {
  const server = net.createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Starts one: `{ url, kill(), restart(), stop() }`. */
export async function ownServer() {
  const argv = JSON.parse(process.env.SWITCHBOARD_WORKERD ?? "null");
  if (!argv) throw new Error("SWITCHBOARD_WORKERD is not set: run the browser tests with `cargo xtask test`");
  const state = mkdtempSync(join(tmpdir(), "sb-own-workerd-"));
  const port = await freePort();
  let child;
  const start = async () => {
    const inspector = await freePort();
    const args = [...argv.slice(1), "--port", `${port}`, "--inspector-port", `${inspector}`, "--persist-to", state];
    child = spawn(argv[0], args, { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    await new Promise((resolve, reject) => {
      let said = "";
      const timer = setTimeout(() => reject(new Error(`workerd was not ready within ${READY_WITHIN_MS} ms`)), READY_WITHIN_MS);
      const hear = (chunk) => {
        said = (said + chunk).slice(-4096);
        if (said.includes("Ready on http://")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on("data", hear);
      child.stderr.on("data", hear);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`wrangler exited (${code}) before it was ready: ${said}`));
      });
    });
  };
  const kill = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid, "SIGKILL");
  });
  await start();
  return { url: `http://127.0.0.1:${port}`, kill, restart: start, stop: kill };
}
