//! JSON through the browser's own `JSON.parse` / `JSON.stringify`: no JSON
//! parser in the wasm (against `serde_json`, about 12 KB gzip less for every
//! visitor). serde goes between JS values and Rust types: `serde-wasm-bindgen`
//! writes them, and [`Reader`] reads them.
//!
//! Why a reader of our own: a serde error builds its message from the value
//! it met, floats among them, and `serde-wasm-bindgen`'s error formats every
//! message. Formatting floats is large code. The widget never shows why a
//! frame was not what it expected (it drops the frame, or says the service
//! is unreachable), so [`NotExpected`] keeps no message and that code is
//! never linked. With the smaller reader, the widget is 8.5 KB gzip lighter
//! (123.3 → 114.7 KB), 5.9 KB of it float formatting.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde::{forward_to_deserialize_any, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Reads `text` as a `T`; `None` when it is not JSON or not a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    T::deserialize(Reader(value)).ok()
}

/// The text field `name` of the JSON object `text` (no type to read it into:
/// the widget needs one field of an error, not its whole shape).
pub fn text_field(text: &str, name: &str) -> Option<String> {
    let value = js_sys::JSON::parse(text).ok()?;
    js_sys::Reflect::get(&value, &name.into()).ok()?.as_string()
}

/// `value` as JSON text (plain objects, numbers as numbers).
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// The value read was not what the type expects (what it was is not kept).
#[derive(Debug)]
pub struct NotExpected;

impl std::fmt::Display for NotExpected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not the JSON expected")
    }
}

impl std::error::Error for NotExpected {}

impl de::Error for NotExpected {
    /// Drops `msg` unformatted: nothing formats serde's messages, so the
    /// code to do it (floats among them) stays out of the wasm.
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        NotExpected
    }
}

/// A parsed JSON value, read by serde: what `JSON.parse` makes (null,
/// booleans, numbers, strings, arrays and plain objects), nothing more.
pub struct Reader(JsValue);

impl<'de> de::Deserializer<'de> for Reader {
    type Error = NotExpected;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotExpected> {
        let v = self.0;
        if v.is_null_or_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = v.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = v.as_f64() {
            // Whole numbers as integers, for the integer fields that hold them.
            match n {
                n if n.fract() != 0.0 || n.abs() > MAX_SAFE_INTEGER => visitor.visit_f64(n),
                n if n < 0.0 => visitor.visit_i64(n as i64),
                n => visitor.visit_u64(n as u64),
            }
        } else if let Some(s) = v.as_string() {
            visitor.visit_string(s)
        } else if js_sys::Array::is_array(&v) {
            visitor.visit_seq(Items { items: v.unchecked_into(), next: 0 })
        } else if let Some(fields) = Fields::of(&v) {
            visitor.visit_map(fields)
        } else {
            Err(NotExpected)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotExpected> {
        if self.0.is_null_or_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NotExpected> {
        visitor.visit_newtype_struct(self)
    }

    /// Externally tagged, as serde writes enums: `"name"` for a variant
    /// without data, `{"name": data}` for the others.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NotExpected> {
        if self.0.is_string() {
            return visitor.visit_enum(Variant { name: self.0, data: JsValue::UNDEFINED });
        }
        let Some(mut fields) = Fields::of(&self.0) else { return Err(NotExpected) };
        match (fields.pairs.length(), fields.next_pair()) {
            (1, Some((name, data))) => visitor.visit_enum(Variant { name, data }),
            _ => Err(NotExpected),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotExpected> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// `Number.MAX_SAFE_INTEGER`: past it a number is not a whole count.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// An array's items, in order.
struct Items {
    items: js_sys::Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = NotExpected;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NotExpected> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        self.next += 1;
        seed.deserialize(Reader(self.items.get(self.next - 1))).map(Some)
    }
}

/// An object's own fields, in order (`Object.entries`).
struct Fields {
    pairs: js_sys::Array,
    next: u32,
    value: JsValue,
}

impl Fields {
    /// `None` unless `value` is an object (`Object.entries` throws on null).
    fn of(value: &JsValue) -> Option<Fields> {
        let pairs = value.is_object().then(|| js_sys::Object::entries(value.unchecked_ref()))?;
        Some(Fields { pairs, next: 0, value: JsValue::UNDEFINED })
    }

    fn next_pair(&mut self) -> Option<(JsValue, JsValue)> {
        if self.next >= self.pairs.length() {
            return None;
        }
        let pair: js_sys::Array = self.pairs.get(self.next).unchecked_into();
        self.next += 1;
        Some((pair.get(0), pair.get(1)))
    }
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = NotExpected;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, NotExpected> {
        let Some((key, value)) = self.next_pair() else { return Ok(None) };
        self.value = value;
        seed.deserialize(Reader(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NotExpected> {
        seed.deserialize(Reader(std::mem::take(&mut self.value)))
    }
}

/// One enum variant: its name, and its data (`undefined` for none).
struct Variant {
    name: JsValue,
    data: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = NotExpected;
    type Variant = Reader;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Reader), NotExpected> {
        Ok((seed.deserialize(Reader(self.name))?, Reader(self.data)))
    }
}

impl<'de> de::VariantAccess<'de> for Reader {
    type Error = NotExpected;

    fn unit_variant(self) -> Result<(), NotExpected> {
        if self.0.is_null_or_undefined() {
            Ok(())
        } else {
            Err(NotExpected)
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, NotExpected> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, NotExpected> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NotExpected> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

/// Run in Node by `cargo xtask test` (wasm-bindgen-test-runner).
#[cfg(test)]
mod tests {
    use super::from_str;
    use switchboard_core::protocol::{Author, ConversationFrame, ErrorCode, Rating, ServerMsg};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Every conversation frame the server writes reads back the same.
    #[wasm_bindgen_test]
    fn reads_what_the_server_writes() {
        let message = serde_json::json!({"message": {"seq": 7, "at": 1_763_800_000_123_i64,
            "author": {"operator": {"name": "Mitchell"}}, "text": "<b>hi</b>", "client_id": "op-7",
            "answers": ["Sales", "Support"]}});
        let frames = [
            serde_json::json!({"welcome": {"v": 1, "last_seq": 9_007_199_254_740_991_u64}}),
            message,
            serde_json::json!({"ack": {"client_id": "c-1", "seq": 3}}),
            serde_json::json!({"error": {"code": "rate_limited", "message": "Slow down"}}),
            serde_json::json!({"assignment": {"operator": null, "position": 2}}),
            serde_json::json!({"closed": {"by": "visitor", "at": -1}}),
            serde_json::json!({"typing": {"by": {"bot": {"name": "Bot"}}}}),
            serde_json::json!({"rated": {"rating": "ok"}}),
        ];
        for frame in frames {
            let text = frame.to_string();
            let read: ConversationFrame = from_str(&text).unwrap_or_else(|| panic!("{text}"));
            let back = serde_json::to_value(ServerMsg::from(read)).unwrap();
            assert_eq!(back, frame);
        }
    }

    #[wasm_bindgen_test]
    fn reads_unit_variants_and_defaults() {
        assert_eq!(from_str::<Author>(r#""visitor""#), Some(Author::Visitor));
        assert_eq!(from_str::<Rating>(r#"{"bad": null}"#), Some(Rating::Bad));
        assert_eq!(from_str::<ErrorCode>(r#""closed""#), Some(ErrorCode::Closed));
        // A field the server may leave out takes its default.
        let read: ConversationFrame = from_str(
            r#"{"message": {"seq": 1, "at": 2, "author": "visitor",
            "client_id": "c-1", "text": "x"}}"#,
        )
        .unwrap();
        let ConversationFrame::Message(m) = read else { panic!("not a message") };
        assert!(m.answers.is_empty());
    }

    /// Anything else is `None`, never a trap: not JSON, the wrong shape, a
    /// fraction or a negative number where a count goes, an unknown variant.
    #[wasm_bindgen_test]
    fn refuses_what_is_not_a_frame() {
        for text in [
            "",
            "{",
            "null",
            "[]",
            "42",
            r#"{"ack": null}"#,
            r#"{"ack": {"client_id": "c-1", "seq": 1.5}}"#,
            r#"{"ack": {"client_id": "c-1", "seq": -1}}"#,
            r#"{"ack": {"client_id": "<script>", "seq": 1}}"#,
            r#"{"welcome": {"v": 1, "last_seq": 1}, "ack": {"client_id": "c", "seq": 1}}"#,
            r#"{"hello": {}}"#,
            r#"{"closed": {"by": 7, "at": 1}}"#,
        ] {
            assert_eq!(from_str::<ConversationFrame>(text), None, "{text}");
        }
    }
}
