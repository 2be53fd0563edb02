//! The widget's linker: rust-lld, less the exports of code no JavaScript
//! calls.
//!
//! Leptos always brings server_fn's browser client, and with it wasm-streams,
//! whose `IntoUnderlying*` classes are `#[wasm_bindgen]` exports. An export is
//! a root for the linker, so the code behind it stays, and the closures it
//! boxes put their functions in the wasm function table, where no later pass
//! can tell they are dead (5.7 KB gzip of the widget, with the glue's imports
//! for them). Removing the exports after linking is too late; so cargo links
//! the widget through `xtask` itself ([`cargo_env`]), which runs rust-lld
//! with the same arguments less those exports.

use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// Set for the widget's build: the rust-lld that `xtask`, run as the linker,
/// hands on to.
const LINK_WITH: &str = "SWITCHBOARD_LINK_WITH";

/// Exports no JavaScript of ours calls: wasm-streams' classes (the loader and
/// the widget never use server functions, the only callers).
fn unwanted(symbol: &str) -> bool {
    symbol.contains("intounderlying")
}

/// The variables for a cargo build whose wasm32 artefacts link here: cargo's
/// linker for the target is this program, and `LINK_WITH` the toolchain's own
/// rust-lld (in `sysroot`).
pub fn cargo_env(sysroot: &str) -> crate::Result<[(&'static str, OsString); 2]> {
    let me = std::env::current_exe().map_err(|e| format!("xtask's own path: {e}"))?;
    let lld = fs::read_dir(PathBuf::from(sysroot).join("lib/rustlib"))
        .map_err(|e| format!("{sysroot}: {e}"))?
        .filter_map(|dir| Some(dir.ok()?.path().join("bin/rust-lld")))
        .find(|lld| lld.exists())
        .ok_or_else(|| format!("no rust-lld under {sysroot}"))?;
    Ok([("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", me.into()), (LINK_WITH, lld.into())])
}

/// `Some` when this process was started by rustc as the linker: links, and
/// says how it went.
pub fn as_linker() -> Option<ExitCode> {
    let lld = std::env::var_os(LINK_WITH)?;
    let args = match std::env::args().skip(1).map(filter_response_file).collect::<Result<Vec<_>, _>>() {
        Ok(args) => keep_wanted(args),
        Err(e) => {
            eprintln!("xtask (as linker): {e}");
            return Some(ExitCode::FAILURE);
        }
    };
    Some(match Command::new(&lld).args(args).status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("xtask (as linker): {}: {e}", PathBuf::from(lld).display());
            ExitCode::FAILURE
        }
    })
}

/// Drops each `--export <unwanted>` pair, keeping every other argument in
/// order.
fn keep_wanted(args: Vec<String>) -> Vec<String> {
    let mut kept = Vec::with_capacity(args.len());
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        if arg == "--export" && args.peek().is_some_and(|symbol| unwanted(symbol)) {
            args.next();
            continue;
        }
        kept.push(arg);
    }
    kept
}

/// rustc passes a long command line in a file (`@path`, one argument per
/// line): the same filter, into a file beside it.
fn filter_response_file(arg: String) -> Result<String, String> {
    let Some(path) = arg.strip_prefix('@') else { return Ok(arg) };
    let text = fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let kept = keep_wanted(text.lines().map(String::from).collect());
    let filtered = format!("{path}.kept");
    fs::write(&filtered, kept.join("\n")).map_err(|e| format!("{filtered}: {e}"))?;
    Ok(format!("@{filtered}"))
}

#[cfg(test)]
mod tests {
    use super::keep_wanted;

    #[test]
    fn drops_only_the_unwanted_export_pairs() {
        let args = ["-flavor", "wasm", "--export", "mount_1a", "--export", "intounderlyingsink_write_2b"]
            .into_iter()
            .chain(["--export", "__wbindgen_describe_intounderlyingsource_pull_3c", "-o", "out.wasm"])
            .map(String::from)
            .collect();
        assert_eq!(keep_wanted(args), ["-flavor", "wasm", "--export", "mount_1a", "-o", "out.wasm"]);
    }
}
