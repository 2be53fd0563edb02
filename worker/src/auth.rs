//! Secrets: random tokens, password hashes, session cookies.
//!
//! Passwords are hashed with PBKDF2-HMAC-SHA256 through the runtime's
//! WebCrypto (100,000 iterations: the most the Workers runtime allows) and a
//! random 16-byte salt; hashes are compared in constant time. Tokens are 32
//! random bytes from `crypto.getRandomValues`, hex encoded.

use js_sys::{Array, Object, Reflect, Uint8Array};
use subtle::ConstantTimeEq;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, WorkerGlobalScope};

use crate::error::{AppError, AppResult};

pub const PBKDF2_ITERATIONS: u32 = 100_000;

fn crypto() -> AppResult<Crypto> {
    js_sys::global()
        .unchecked_into::<WorkerGlobalScope>()
        .crypto()
        .map_err(|e| AppError::Internal(format!("no crypto: {e:?}")))
}

fn js(e: JsValue) -> AppError {
    AppError::Internal(format!("webcrypto: {e:?}"))
}

pub fn random_bytes(n: usize) -> AppResult<Vec<u8>> {
    let mut buf = vec![0u8; n];
    crypto()?.get_random_values_with_u8_array(&mut buf).map_err(js)?;
    Ok(buf)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh secret token (sessions, visitor keys): 256 random bits.
pub fn token() -> AppResult<String> {
    Ok(hex(&random_bytes(32)?))
}

/// What a session is stored and named by: the SHA-256 of its token (hex).
/// A database read does not give anyone a cookie, and an object told of a
/// session (a socket's tag) learns nothing it could log in with.
pub fn digest(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// A fresh identifier: 128 random bits, URL-safe.
pub fn new_id() -> AppResult<String> {
    Ok(hex(&random_bytes(16)?))
}

/// PBKDF2-HMAC-SHA256 of `password` with `salt`: 32 bytes.
pub async fn hash_password(password: &str, salt: &[u8]) -> AppResult<Vec<u8>> {
    let subtle = crypto()?.subtle();
    let raw = Uint8Array::from(password.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let key = JsFuture::from(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages).map_err(js)?)
        .await
        .map_err(js)?;
    let params = Object::new();
    for (k, v) in [
        ("name", JsValue::from_str("PBKDF2")),
        ("hash", JsValue::from_str("SHA-256")),
        ("iterations", JsValue::from(PBKDF2_ITERATIONS)),
        ("salt", Uint8Array::from(salt).into()),
    ] {
        Reflect::set(&params, &JsValue::from_str(k), &v).map_err(js)?;
    }
    let bits =
        JsFuture::from(subtle.derive_bits_with_object(&params, &key.unchecked_into(), 256).map_err(js)?)
            .await
            .map_err(js)?;
    Ok(Uint8Array::new(&bits).to_vec())
}

pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// The session cookie's value from a `Cookie` header, if any (`secure`:
/// the request came over https; `core::cookie` says which name).
pub fn session_from_cookie(header: Option<String>, secure: bool) -> Option<String> {
    switchboard_core::cookie::session(&header?, secure).map(str::to_owned)
}

/// The `Set-Cookie` value for a session.
pub fn session_cookie(value: &str, max_age_s: i64, secure: bool) -> String {
    switchboard_core::cookie::set_cookie(value, max_age_s, secure)
}
