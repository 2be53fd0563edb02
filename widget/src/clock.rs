//! Times as the visitor reads them.

use wasm_bindgen::JsValue;

/// "14:05" in the visitor's locale, and the ISO time for `<time datetime>`.
pub fn clock(at: i64) -> (String, String) {
    let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
    let options = js_sys::Object::new();
    for key in ["hour", "minute"] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &"2-digit".into());
    }
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options);
    let shown = format.format().call1(&format, &date).ok().and_then(|s| s.as_string()).unwrap_or_default();
    (shown, date.to_iso_string().into())
}
