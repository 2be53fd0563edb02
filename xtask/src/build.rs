//! Builds what the Worker serves:
//! - `worker/build/` — the Worker (worker-build: cargo, wasm-bindgen, esbuild);
//! - `dist/widget.js` (the loader, minified) and `dist/widget/` (the widget's wasm);
//! - `dist/index.html` and `dist/inbox/` — the operator inbox.
//!
//! The browser crates go through plain `cargo build` + `wasm-bindgen --target
//! web` + npm's `wasm-opt -Oz` (never Debian's binaryen: too old, it breaks
//! the wasm). Each crate is built on its own, so the widget's size never
//! depends on what the inbox pulls in. The widget,
//! which every visitor of every site downloads, is built with the pinned
//! nightly and `std` rebuilt for size (see `tools::WIDGET_NIGHTLY`), in its
//! own target directory, and linked through `link`.

use std::fs;
use std::path::Path;
use std::process::Command;

use switchboard_core::texts::INBOX_LANGUAGES;

use crate::tools::{self, node_bin, path_with_node, wasm_bindgen};
use crate::{cargo, root, run, step, Result};
use crate::{link, names};

pub fn all() -> Result {
    worker()?;
    widget("dist/widget", &[])?;
    minify_loader()?;
    // index.html only starts it.
    browser_app("switchboard-site", "switchboard_site", "dist/inbox", "default", Toolchain::Stable, &[])?;
    copy("site/index.html", "dist/index.html")?;
    copy("site/inbox.css", "dist/inbox/inbox.css")?;
    copy("site/boot.js", "dist/inbox/boot.js")?;
    // Installable, and opens offline (issue 24).
    copy("site/manifest.webmanifest", "dist/manifest.webmanifest")?;
    for icon in ["icon.svg", "icon-192.png", "icon-512.png"] {
        copy(&format!("site/{icon}"), &format!("dist/inbox/{icon}"))?;
    }
    inbox_texts()?;
    service_worker()?;
    // The inbox's security headers, applied by the static assets (locally too).
    copy("site/_headers", "dist/_headers")?;
    Ok(())
}

fn esbuild() -> std::path::PathBuf {
    root().join("node_modules/@esbuild/linux-x64/bin/esbuild")
}

/// The widget into `out`, with `cargo` arguments `more` (features).
pub fn widget(out: &str, more: &[&str]) -> Result {
    // widget.js calls `mount` once the glue is ready.
    browser_app(
        "switchboard-widget",
        "switchboard_widget",
        out,
        "default, mount",
        Toolchain::SizeNightly,
        more,
    )
}

/// The loader every page of every site downloads: minified by esbuild
/// (from the npm lockfile), so its comments cost nothing.
fn minify_loader() -> Result {
    let out = root().join("dist/widget.js");
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // The launcher's label in each language, keyed by primary language
    // subtag (what the loader compares), from the same message files as the
    // widget's other texts.
    let labels: serde_json::Map<String, serde_json::Value> = switchboard_core::texts::launcher_labels()?
        .into_iter()
        .map(|(tag, label)| (tag.split('-').next().unwrap_or_default().to_lowercase(), label.into()))
        .collect();
    run(Command::new(esbuild())
        .current_dir(root())
        .args(["widget/widget.js", "--minify", "--charset=utf8", "--log-level=warning"])
        .arg(format!("--define:SWITCHBOARD_LABELS={}", serde_json::Value::from(labels)))
        .arg(format!("--outfile={}", out.display())))
}

fn worker() -> Result {
    step("building the worker");
    run(Command::new(tools::worker_build())
        .current_dir(root().join("worker"))
        .arg("--release")
        .env("PATH", path_with_node())
        .env("WASM_BINDGEN_BIN", wasm_bindgen())
        .env("ESBUILD_BIN", esbuild()))
}

enum Toolchain {
    Stable,
    SizeNightly,
}

/// What `-Z build-std` and these flags remove: unwinding and panic messages,
/// `#[track_caller]` file names, `Debug` formatting (the widget shows none).
/// Without reference types, wasm-bindgen keeps JS values in a JS-side table
/// instead of generating externref shims around each import (0.7 KB gzip).
const SIZE_RUSTFLAGS: &str = "-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options \
     -Cpanic=immediate-abort -Ctarget-feature=-reference-types,-multivalue";

/// Builds `package` into `out`; its page imports `uses` from the glue.
fn browser_app(
    package: &str,
    krate: &str,
    out: &str,
    uses: &str,
    toolchain: Toolchain,
    more: &[&str],
) -> Result {
    step(&format!("building {package} {}", more.join(" ")));
    let args = ["build", "--release", "--target", "wasm32-unknown-unknown", "--package", package];
    let target_dir = match toolchain {
        Toolchain::Stable => {
            run(cargo().args(args).args(more))?;
            root().join("target")
        }
        Toolchain::SizeNightly => {
            let dir = root().join("target/widget");
            let sysroot = tools::nightly_sysroot().ok_or("the widget's nightly is not installed")?;
            run(tools::nightly_cargo()
                .args(args)
                .args(more)
                .args(["-Z", "build-std=std,panic_abort", "-Z", "build-std-features=optimize_for_size"])
                .arg("--target-dir")
                .arg(&dir)
                .env("RUSTFLAGS", SIZE_RUSTFLAGS)
                .envs(link::cargo_env(&sysroot)?))?;
            dir
        }
    };
    let wasm = target_dir.join(format!("wasm32-unknown-unknown/release/{krate}.wasm"));
    let out = root().join(out);
    let _ = fs::remove_dir_all(&out);
    run(Command::new(wasm_bindgen())
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out)
        .arg(&wasm))?;
    // The glue is plain JS: minified like the loader, and only what the page
    // imports (`uses`). wasm-bindgen writes a class for every exported type,
    // even one whose code is gone (see `link`).
    let glue = out.join(format!("{krate}.js"));
    let entry = out.join("entry.js");
    fs::write(&entry, format!("export {{ {uses} }} from \"./{krate}.js\";\n"))
        .map_err(|e| format!("{}: {e}", entry.display()))?;
    run(Command::new(esbuild())
        .arg(&entry)
        .args(["--bundle", "--minify", "--format=esm", "--allow-overwrite", "--log-level=warning"])
        .arg(format!("--outfile={}", glue.display())))?;
    let _ = fs::remove_file(&entry);
    let bg = out.join(format!("{krate}_bg.wasm"));
    // The widget first merges functions that differ only in constants
    // (monomorphised copies; 0.8 KB gzip), then runs the passes until nothing
    // shrinks (about 1 KB); after that, -Os leaves fewer bytes once gzipped
    // than -Oz (0.4 KB).
    // Rust lays the stack out first (below 1 MB, growing down), so nothing
    // lives in the lowest 1 KB: offsets fold into loads and stores (0.7 KB).
    // The inbox, linked by plain rust-lld, still exports wasm-streams'
    // classes (see `link`): dropping the exports here lets the passes drop the
    // code they call directly, though not what sits in the function table.
    let passes: &[&str] = match toolchain {
        Toolchain::SizeNightly => &["--low-memory-unused", "--merge-similar-functions", "-Os", "--converge"],
        Toolchain::Stable => &["--remove-exports", "--pass-arg=remove-exports@*intounderlying*", "-Oz"],
    };
    run(Command::new(node_bin("wasm-opt"))
        .env("PATH", path_with_node())
        .args(passes)
        .arg("-o")
        .arg(&bg)
        .arg(&bg))?;
    names::shorten(&bg, &glue, &format!("./{krate}_bg.js"))
}

/// What the inbox's service worker keeps (`site/sw.js` lists the same by
/// their URLs).
const SHELL: [&str; 9] = [
    "dist/index.html",
    "dist/manifest.webmanifest",
    "dist/inbox/boot.js",
    "dist/inbox/inbox.css",
    "dist/inbox/switchboard_site.js",
    "dist/inbox/switchboard_site_bg.wasm",
    "dist/inbox/icon.svg",
    "dist/inbox/icon-192.png",
    "dist/inbox/icon-512.png",
];

/// `dist/inbox/texts/<tag>.json`: the inbox's texts in each of its
/// languages but English (built in), formatted from `site/locales/`
/// (`core::inbox_texts`).
fn inbox_texts() -> Result {
    let dir = root().join("dist/inbox/texts");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (tag, _) in INBOX_LANGUAGES.iter().skip(1) {
        let out = dir.join(format!("{tag}.json"));
        let catalog = switchboard_core::inbox_texts::inbox_catalog(tag)?;
        fs::write(&out, catalog.to_string()).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

/// `dist/sw.js`: the service worker, named by a hash of the shell it
/// keeps (the texts of every language with it), so a build that changes
/// the shell is a new service worker.
fn service_worker() -> Result {
    use std::hash::{Hash, Hasher};
    let mut hash = std::hash::DefaultHasher::new();
    let texts = INBOX_LANGUAGES.iter().skip(1).map(|(tag, _)| format!("dist/inbox/texts/{tag}.json"));
    for file in SHELL.iter().map(|f| f.to_string()).chain(texts) {
        fs::read(root().join(&file)).map_err(|e| format!("{file}: {e}"))?.hash(&mut hash);
    }
    let source = fs::read_to_string(root().join("site/sw.js")).map_err(|e| format!("site/sw.js: {e}"))?;
    let out = root().join("dist/sw.js");
    fs::write(&out, source.replace("SHELL_HASH", &format!("{:016x}", hash.finish())))
        .map_err(|e| format!("{}: {e}", out.display()))
}

fn copy(from: &str, to: &str) -> Result {
    let to = root().join(to);
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::copy(root().join(from), &to).map_err(|e| format!("copy {from} to {}: {e}", to.display()))?;
    Ok(())
}

/// True when `path` exists (used by bench to name what is missing).
pub fn built(path: &str) -> bool {
    Path::new(&root().join(path)).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The service worker keeps the texts of every language the build
    /// writes (an inbox opened offline must still speak it).
    #[test]
    fn the_service_worker_keeps_every_languages_texts() {
        let sw = fs::read_to_string(root().join("site/sw.js")).unwrap();
        let list = sw.split("/inbox/texts/").nth(0).unwrap().rsplit_once("...[").unwrap().1;
        let kept: Vec<&str> =
            list.split(']').next().unwrap().split(',').map(|t| t.trim().trim_matches('"')).collect();
        let written: Vec<&str> = INBOX_LANGUAGES.iter().skip(1).map(|(tag, _)| *tag).collect();
        assert_eq!(kept, written);
    }
}
