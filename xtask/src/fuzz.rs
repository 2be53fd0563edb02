//! `cargo xtask fuzz [--seconds N]`: every fuzz target in `fuzz/` (cargo-fuzz,
//! libFuzzer) for N seconds each (default 60), on the pinned nightly,
//! starting from the small committed seeds (`fuzz/seeds/<target>`); what it
//! learns goes to `fuzz/corpus/<target>` (not committed), a crash to
//! `fuzz/artifacts/<target>` with the command that replays it. The short
//! pass that runs with every test is `core/tests/decoders.rs` (proptest).

use std::process::Command;

use crate::tools::{self, nightly_cargo, WIDGET_NIGHTLY};
use crate::{root, run, step, Result};

/// The targets, as `fuzz/Cargo.toml` names them.
const TARGETS: [&str; 4] = ["frames", "bodies", "chatbot", "languages"];

pub fn fuzz(seconds: u32) -> Result {
    tools::ensure_fuzz_tools()?;
    let dir = root().join("fuzz");
    for target in TARGETS {
        step(&format!("fuzzing {target} for {seconds} s ({WIDGET_NIGHTLY})"));
        let corpus = dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let mut cargo: Command = nightly_cargo();
        run(cargo
            .current_dir(&dir)
            .args(["fuzz", "run", target])
            .arg(&corpus)
            .arg(dir.join("seeds").join(target))
            .args(["--", &format!("-max_total_time={seconds}"), "-print_final_stats=1"]))?;
    }
    step("fuzzing found nothing");
    Ok(())
}
