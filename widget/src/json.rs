//! JSON through the browser's own `JSON.parse` / `JSON.stringify`, with serde
//! only between JS values and Rust types (`serde-wasm-bindgen`): no JSON
//! parser in the wasm. Against `serde_json`, every visitor downloads about
//! 12 KB gzip less.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Reads `text` as a `T`; `None` when it is not JSON or not a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text (plain objects, numbers as numbers).
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}
