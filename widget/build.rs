//! Writes the widget's English texts (from `locales/en.ftl`, formatted by
//! core's message catalogue) to `$OUT_DIR/en.rs`, a list of string literals
//! in `WidgetTexts` order: the widget's built-in fallback until the visitor's
//! own language arrives from the Worker, ready without parsing anything.

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let english = switchboard_core::texts::widget_texts(&["en".to_owned()]);
    let texts: Vec<String> = english.texts.into();
    // `{:?}` writes each text as a Rust string literal (quotes and escapes).
    let items: Vec<String> = texts.iter().map(|t| format!("{t:?}")).collect();
    let source = format!("&[{}]\n", items.join(", "));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("en.rs"), source).expect("OUT_DIR is writable");
}
