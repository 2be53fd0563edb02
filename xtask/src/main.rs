//! `cargo xtask <command>`: everything beyond `cargo build`, in Rust so it
//! runs the same on every machine (the rust-analyzer xtask pattern).
//!
//! - `dev`: install what is missing, build, run the product on local workerd
//!   with persisted state, print the URLs and demo logins; Ctrl-C stops it.
//! - `test`: install what is missing, run every test (unit, integration
//!   against workerd, browser in headless Chromium); non-zero on any failure.
//! - `build`: build the worker, the widget and the inbox into `dist/`.
//! - `bench`: sizes and timings, printed as numbers and ratios.
//! - `chaos [--minutes N]`: conversations typed through while sockets are
//!   cut and workerd is `kill -9`ed and restarted; fails on anything lost,
//!   doubled, reordered, stuck or stale (default 5 minutes; `test` runs 1).
//! - `fuzz [--seconds N]`: every fuzz target (cargo-fuzz, the pinned
//!   nightly) for N seconds each (default 60).
//! - `deploy`: build, then `wrangler deploy` to your Cloudflare account
//!   (further arguments go to wrangler).
//! - `screenshots`: the README's pictures of the widget and the inbox,
//!   taken in Chromium from a fresh workerd (`docs/screenshots/`).
//!
//! Modules: [`tools`] installs pinned tools idempotently, [`build`] makes the
//! artefacts (linking the widget through [`link`]), [`fuzz`] fuzzes, [`serve`] runs workerd
//! and the demo host page, [`bench`] measures, [`deploy`] deploys (and
//! checks, as a dry run, that it would).

mod bench;
mod build;
mod deploy;
mod fuzz;
mod link;
mod names;
mod serve;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    if let Some(linked) = link::as_linker() {
        return linked;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => serve::dev(),
        Some("test") => test(),
        Some("build") => tools::ensure_build_tools().and_then(|()| build::all()),
        Some("bench") => bench::run(),
        Some("fuzz") => {
            let seconds = args.iter().skip_while(|a| *a != "--seconds").nth(1).map_or(Ok(60), |s| s.parse());
            seconds.map_err(|_| "--seconds: a whole number".to_owned()).and_then(fuzz::fuzz)
        }
        Some("chaos") => {
            let minutes = args.iter().skip_while(|a| *a != "--minutes").nth(1).map_or("5", String::as_str);
            tools::ensure_build_tools().and_then(|()| build::all()).and_then(|()| chaos(minutes))
        }
        Some("deploy") => deploy::deploy(&args[1..]),
        Some("screenshots") => screenshots(),
        _ => {
            eprintln!(
                "usage: cargo xtask <dev | test | build | bench | chaos [--minutes N] | fuzz [--seconds N] | deploy | screenshots>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every test, in order of cost: unit, then against real workerd, then in
/// the browser. workerd is stopped whatever happens (its guard drops).
fn test() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    step("unit tests (core, push, xtask)");
    // All targets: the benches are built (and run once, as tests) too, so
    // a change that breaks them fails here, not first in `cargo xtask bench`.
    run(cargo().args(["test", "--package", "switchboard-core", "--features", "catalog", "--all-targets"]))?;
    run(cargo().args(["test", "--package", "switchboard-push"]))?;
    run(cargo().args(["test", "--package", "xtask"]))?;
    step("unit tests of the browser crates' wasm-only code (in Node)");
    run(cargo()
        .args(["test", "--package", "switchboard-browser", "--target", "wasm32-unknown-unknown", "--lib"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", tools::wasm_bindgen_test_runner())
        .env("PATH", tools::path_with_node()))?;
    build::all()?;
    deploy::dry_run()?;
    let state = root().join("target/xtask-test-state");
    let _ = std::fs::remove_dir_all(&state);
    let server = serve::Workerd::start(&state, serve::free_port()?, false)?;
    step("integration tests against workerd");
    // The crash test runs a workerd of its own, which it kills and restarts.
    run(cargo()
        .args(["test", "--no-fail-fast", "--package", "switchboard-tests"])
        .env("SWITCHBOARD_URL", server.url())
        .env("SWITCHBOARD_STATE", &state)
        .env("SWITCHBOARD_WORKERD", workerd_line()?)
        .env("PATH", tools::path_with_node())
        .envs(serve::WRANGLER_ENV))?;
    chaos("1")?;
    step("browser tests in headless Chromium");
    // The browser crash test, too, runs a workerd of its own.
    run(tools::node()
        .args(["--test", "--test-concurrency=1", "tests/browser/*.test.mjs"])
        .env("SWITCHBOARD_URL", server.url())
        .env("SWITCHBOARD_WORKERD", workerd_line()?)
        .env("CHROMIUM", tools::CHROMIUM)
        .envs(serve::WRANGLER_ENV))?;
    drop(server);
    step("all tests passed");
    Ok(())
}

/// The command line that starts a workerd of a test's own (the crash test
/// and `chaos` add the port and state folder), as JSON.
fn workerd_line() -> Result<String> {
    let node = tools::node().get_program().to_string_lossy().into_owned();
    let workerd = std::iter::once(node).chain(serve::wrangler_dev(&[])).collect::<Vec<_>>();
    serde_json::to_string(&workerd).map_err(|e| e.to_string())
}

/// `minutes` of faults against a workerd of its own (`tests/src/bin/chaos.rs`).
fn chaos(minutes: &str) -> Result {
    step(&format!("chaos: {minutes} minute(s) of cut sockets and kill -9 (CHAOS_SEED replays a run)"));
    run(cargo()
        .args([
            "run",
            "--quiet",
            "--package",
            "switchboard-tests",
            "--bin",
            "chaos",
            "--",
            "--minutes",
            minutes,
        ])
        .env("SWITCHBOARD_WORKERD", workerd_line()?)
        .env("PATH", tools::path_with_node())
        .envs(serve::WRANGLER_ENV))
}

/// The README's screenshots (`docs/screenshots/`), taken in Chromium from a
/// fresh workerd of their own (`tests/browser/screenshots.mjs`).
fn screenshots() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    build::all()?;
    let state = root().join("target/xtask-screenshots-state");
    let _ = std::fs::remove_dir_all(&state);
    let server = serve::Workerd::start(&state, serve::free_port()?, false)?;
    step("screenshots for the README");
    run(tools::node()
        .args(["tests/browser/screenshots.mjs"])
        .env("SWITCHBOARD_URL", server.url())
        .env("CHROMIUM", tools::CHROMIUM)
        .envs(serve::WRANGLER_ENV))
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

pub fn step(what: &str) {
    eprintln!("\n==> {what}");
}

/// Runs a command to completion; a non-zero exit is an error naming it.
pub fn run(cmd: &mut Command) -> Result {
    let status = cmd.status().map_err(|e| format!("cannot run {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} {:?} failed ({status})", cmd.get_program(), cmd.get_args().collect::<Vec<_>>()))
    }
}

/// Runs a command and returns its standard output, if it ran and succeeded.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
