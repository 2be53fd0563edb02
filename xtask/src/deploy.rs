//! `cargo xtask deploy`: the product on the user's own Cloudflare account
//! (`wrangler deploy`, with their credentials: `CLOUDFLARE_API_TOKEN` and
//! `CLOUDFLARE_ACCOUNT_ID`, or a `wrangler login` session). `cargo xtask
//! test` makes the same deploy as a dry run (no network, no account), so a
//! configuration or a bundle that would not deploy fails the tests, and
//! reports the Worker's compressed size against the platform's limit.

use std::process::Command;

use crate::tools::{self, path_with_node};
use crate::{build, root, run, step, Result};

/// The Worker's size limit after compression, in KiB, on the Workers Free
/// and Paid plans (developers.cloudflare.com/workers/platform/limits/#worker-size).
pub const FREE_PLAN_KIB: f64 = 3.0 * 1024.0;
pub const PAID_PLAN_KIB: f64 = 10.0 * 1024.0;

fn wrangler() -> Command {
    let mut cmd = tools::node();
    cmd.arg(root().join("node_modules/wrangler/bin/wrangler.js"))
        .env("PATH", path_with_node())
        .env("WRANGLER_SEND_METRICS", "false");
    cmd
}

/// Builds, then deploys; `args` go to `wrangler deploy` as they are (say
/// `--env production`, or `--name` for a second copy).
pub fn deploy(args: &[String]) -> Result {
    tools::ensure_build_tools()?;
    build::all()?;
    step("deploying with wrangler (your Cloudflare account)");
    run(wrangler().arg("deploy").args(args))
}

/// `wrangler deploy --dry-run`: bundles what `build` made as a deploy
/// would, checks the configuration, and answers the Worker's size after
/// compression (KiB). Refused above the Free plan's limit, so the product
/// deploys on every plan.
pub fn dry_run() -> Result<f64> {
    step("deploy, as a dry run (wrangler deploy --dry-run)");
    let out = root().join("target/deploy-dry-run");
    let output = wrangler()
        .args(["deploy", "--dry-run", "--outdir"])
        .arg(&out)
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .output()
        .map_err(|e| format!("cannot run wrangler: {e}"))?;
    let text =
        String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("wrangler deploy --dry-run failed ({}):\n{text}", output.status));
    }
    let kib = gzip_kib(&text).ok_or_else(|| format!("wrangler did not say the Worker's size:\n{text}"))?;
    eprintln!(
        "worker: {kib:.1} KiB gzip, {:.0}% of the Free plan's {FREE_PLAN_KIB:.0} KiB ({:.0}% of Paid's {PAID_PLAN_KIB:.0} KiB)",
        100.0 * kib / FREE_PLAN_KIB,
        100.0 * kib / PAID_PLAN_KIB
    );
    if kib > FREE_PLAN_KIB {
        return Err(format!("the Worker is {kib:.1} KiB gzip, over the Free plan's {FREE_PLAN_KIB:.0} KiB"));
    }
    Ok(kib)
}

/// The size in wrangler's `Total Upload: 2390.55 KiB / gzip: 754.08 KiB`.
fn gzip_kib(text: &str) -> Option<f64> {
    let line = text.lines().find(|l| l.contains("Total Upload:"))?;
    let after = line.split("gzip:").nth(1)?.trim();
    let (number, unit) = after.split_once(' ')?;
    let n: f64 = number.parse().ok()?;
    match unit.trim() {
        "KiB" => Some(n),
        "MiB" => Some(n * 1024.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_compressed_size_wrangler_prints() {
        let text = "⛅️ wrangler 4.164.0\nTotal Upload: 2390.55 KiB / gzip: 754.08 KiB\nYour Worker has…";
        assert_eq!(gzip_kib(text), Some(754.08));
        assert_eq!(gzip_kib("Total Upload: 12.00 MiB / gzip: 3.50 MiB"), Some(3584.0));
        assert_eq!(gzip_kib("no size here"), None);
    }
}
