//! Writes the inbox's English texts (from `locales/en.ftl`, formatted by
//! core's message catalogue) to `$OUT_DIR/en.json`: the inbox's built-in
//! fallback, and its language until another one is loaded.

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let english = switchboard_core::inbox_texts::inbox_catalog("en").expect("locales/en.ftl formats");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("en.json"), english.to_string()).expect("OUT_DIR is writable");
}
