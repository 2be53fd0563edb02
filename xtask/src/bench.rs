//! `cargo xtask bench`: what a site owner pays and what decisions cost, as
//! numbers. Sizes of everything the widget transfers (raw and gzip) and of
//! the worker; the assignment decision at 10 to 10,000 operators (criterion);
//! new-conversation-to-assigned latency and sustained assignments per second
//! through one `ChannelDo` on local workerd (`tests/src/bin/channel-load.rs`);
//! a visitor's message to the operator's tab and pane at 100 and 1,000
//! conversations, beside a minimal one-object-per-room chat run on its own
//! workerd in the same run (`tests/src/bin/latency.rs`, `bench/baseline/`);
//! the host page's Total Blocking Time without and with the widget
//! (`tests/browser/tbt.bench.mjs`).

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{build, root, Result};

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

/// What attaching and uploading files adds to the open widget: the widget
/// built again without its `upload` feature, weighed the same way (issue
/// 23's budget: 3 KB gzip). Then the widget is built as it ships again.
fn upload_weight(widget_gzip: usize) -> Result {
    crate::step("the open widget without attaching and uploading files (issue 23: at most 3 KB gzip)");
    let out = "target/widget-without-upload";
    build::widget(out, &["--no-default-features"])?;
    let mut without = 0;
    for file in ["switchboard_widget.js", "switchboard_widget_bg.wasm"] {
        let path = root().join(out).join(file);
        without += gzip_len(&std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    let added = widget_gzip.saturating_sub(without);
    println!(
        "without upload: {without} B gzip; attaching and uploading files add {added} B ({:.0}% of its 3 KB budget)",
        100.0 * added as f64 / 3_000.0
    );
    build::widget("dist/widget", &[])
}

pub fn run() -> Result {
    crate::tools::ensure_build_tools()?;
    build::all()?;
    let files = [
        ("widget loader", "dist/widget.js"),
        ("widget glue", "dist/widget/switchboard_widget.js"),
        ("widget wasm", "dist/widget/switchboard_widget_bg.wasm"),
        ("inbox glue", "dist/inbox/switchboard_site.js"),
        ("inbox wasm", "dist/inbox/switchboard_site_bg.wasm"),
        ("worker wasm", "worker/build/index_bg.wasm"),
    ];
    println!("{:<16} {:>10} {:>10} {:>7}", "artefact", "raw B", "gzip B", "ratio");
    let (mut widget_gzip, mut loader_gzip) = (0, 0);
    for (name, path) in files {
        if !build::built(path) {
            return Err(format!("{path} is missing after the build"));
        }
        let bytes = std::fs::read(root().join(path)).map_err(|e| format!("{path}: {e}"))?;
        let gz = gzip_len(&bytes);
        match name {
            "widget loader" => loader_gzip = gz,
            n if n.starts_with("widget") => widget_gzip += gz,
            _ => {}
        }
        println!("{name:<16} {:>10} {gz:>10} {:>6.1}%", bytes.len(), 100.0 * gz as f64 / bytes.len() as f64);
    }
    println!(
        "\nwidget loader: {loader_gzip} B gzip ({:.0}% of its 2 KB budget); the open widget \
         (wasm + glue, its CSS inside the wasm): {widget_gzip} B gzip ({:.0}% of its 100 KB budget)",
        100.0 * loader_gzip as f64 / 2_000.0,
        100.0 * widget_gzip as f64 / 100_000.0
    );
    upload_weight(widget_gzip)?;
    crate::deploy::dry_run()?;
    crate::step("assignment decision time (goal: at most 20 µs at 1,000 operators)");
    crate::run(crate::cargo().args(["bench", "--package", "switchboard-core", "--bench", "assignment"]))?;
    let state = root().join("target/xtask-bench-state");
    let _ = std::fs::remove_dir_all(&state);
    let server =
        crate::serve::Workerd::start_with(&state, crate::serve::free_port()?, false, &["METER:true"])?;
    crate::step(
        "what one event costs: requests to each kind of object, rows written (counted by the Worker)",
    );
    crate::run(
        crate::cargo()
            .args(["run", "--release", "--package", "switchboard-tests", "--bin", "calls"])
            .env("SWITCHBOARD_URL", server.url()),
    )?;
    crate::step("growth: a new conversation's latency on a fresh channel and after 10,000 ended ones");
    crate::run(
        crate::cargo()
            .args(["run", "--release", "--package", "switchboard-tests", "--bin", "growth"])
            .env("SWITCHBOARD_URL", server.url()),
    )?;
    crate::step("one ChannelDo on local workerd: latency and sustained assignments");
    crate::run(
        crate::cargo()
            .args(["run", "--release", "--package", "switchboard-tests", "--bin", "channel-load"])
            .env("SWITCHBOARD_URL", server.url()),
    )?;
    crate::step(
        "latency of a visitor's message at 100 and 1,000 conversations, beside a one-object-per-room chat",
    );
    // Both on a workerd of their own, fresh and counting nothing, alike.
    let baseline_state = root().join("target/xtask-bench-baseline");
    let _ = std::fs::remove_dir_all(&baseline_state);
    let baseline = crate::serve::Workerd::start_baseline(&baseline_state, crate::serve::free_port()?)?;
    let latency_state = root().join("target/xtask-bench-latency");
    let _ = std::fs::remove_dir_all(&latency_state);
    let fresh = crate::serve::Workerd::start_with(&latency_state, crate::serve::free_port()?, false, &[])?;
    crate::run(
        crate::cargo()
            .args(["run", "--release", "--package", "switchboard-tests", "--bin", "latency"])
            .env("SWITCHBOARD_URL", fresh.url())
            .env("BASELINE_URL", baseline.url()),
    )?;
    drop((baseline, fresh));
    crate::step("the host page's Total Blocking Time, without and with the widget (Chromium, CPU 4× slower)");
    crate::tools::ensure_browser()?;
    crate::run(
        crate::tools::node()
            .arg("tests/browser/tbt.bench.mjs")
            .env("SWITCHBOARD_URL", server.url())
            .env("CHROMIUM", crate::tools::CHROMIUM),
    )
}
