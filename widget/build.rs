//! Writes the widget's English texts (from `locales/en.ftl`, formatted by
//! core's message catalogue) to `$OUT_DIR/en.json`, the widget's built-in
//! fallback until the visitor's own language arrives from the Worker.

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let english = switchboard_core::texts::widget_texts(&["en".to_owned()]);
    let json = serde_json::to_string(&english).expect("texts serialise");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("en.json"), json).expect("OUT_DIR is writable");
}
