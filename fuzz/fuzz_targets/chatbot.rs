//! Chatbot scripts as an admin's browser sends them: read, tidied and
//! validated (linear in the script), references checked. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_core::chatbot::{check_references, tidy, validate};
use switchboard_core::protocol::ChatbotScript;

fuzz_target!(|data: &[u8]| {
    let Ok(script) = serde_json::from_slice::<ChatbotScript>(data) else { return };
    let script = tidy(script);
    let problems = validate(&script);
    let expertise = [("billing".to_owned(), "Billing".to_owned())];
    let enabled = ["en".to_owned(), "fr".to_owned()];
    let references = check_references(&script, &expertise, &enabled);
    // A script with problems says what they are, in words.
    assert!(problems.iter().chain(&references).all(|p| !p.trim().is_empty()));
});
