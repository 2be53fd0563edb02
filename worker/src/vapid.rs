//! The service's VAPID key (RFC 8292), which signs every Web Push: the
//! secret `VAPID_PRIVATE_KEY` (a P-256 scalar, base64url; production sets it
//! with `wrangler secret put`, `cargo xtask dev` and `test` pass a local
//! one). Without it the service sends no pushes and the inbox offers none.

use worker::Env;

pub(crate) fn key(env: &Env) -> Option<switchboard_push::Vapid> {
    const KEY: &str = "VAPID_PRIVATE_KEY";
    let secret = env.secret(KEY).map(|s| s.to_string()).or_else(|_| env.var(KEY).map(|v| v.to_string()));
    switchboard_push::Vapid::from_secret(&secret.ok()?)
}
