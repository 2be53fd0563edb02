//! What the service signs (issue 21, item 5): conversation ids and session
//! cookies carry an HMAC-SHA256 tag made with the secret `ID_SECRET`, so the
//! edge tells one it made from a stranger's before it names any Durable
//! Object. An unknown or forged id is refused without creating an object
//! (and the database that comes with it); a forged cookie never reaches a
//! workspace.
//!
//! In production the secret is set once with `wrangler secret put
//! ID_SECRET`; `cargo xtask dev` and `test` pass a development value.
//! Without it, nothing that needs it works (a 500, and the log says why).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use switchboard_core::ids::{ConversationId, WorkspaceId};
use worker::Env;

use crate::auth;
use crate::error::{AppError, AppResult};

const SECRET: &str = "ID_SECRET";
/// Hex digits of a tag (64 bits: a forger's guess succeeds once in 2^64).
const TAG_HEX: usize = 16;
/// Hex digits of the random part of an id.
const RANDOM_HEX: usize = 32;

fn key(env: &Env) -> AppResult<String> {
    let secret =
        env.secret(SECRET).map(|s| s.to_string()).or_else(|_| env.var(SECRET).map(|v| v.to_string()));
    secret.map_err(|_| AppError::Internal(format!("{SECRET} is not set: run `wrangler secret put {SECRET}`")))
}

/// The tag of `data` for `purpose` (a conversation id and a cookie never
/// share one).
fn tag(env: &Env, purpose: &str, data: &str) -> AppResult<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key(env)?.as_bytes())
        .map_err(|e| AppError::Internal(format!("hmac: {e}")))?;
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(data.as_bytes());
    Ok(auth::hex(&mac.finalize().into_bytes()[..TAG_HEX / 2]))
}

fn tagged(env: &Env, purpose: &str, data: &str, claimed: &str) -> AppResult<bool> {
    Ok(auth::same_secret(tag(env, purpose, data)?.as_bytes(), claimed.as_bytes()))
}

/// A new conversation's id: 128 random bits, then their tag.
pub fn new_conversation_id(env: &Env) -> AppResult<ConversationId> {
    let random = auth::new_id()?;
    let tag = tag(env, "conversation", &random)?;
    Ok(ConversationId::parse(format!("{random}{tag}"))?)
}

/// `id`, if this service made it; `None` for anything else.
pub fn conversation_id(env: &Env, id: &str) -> AppResult<Option<ConversationId>> {
    if id.len() != RANDOM_HEX + TAG_HEX || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let (random, claimed) = id.split_at(RANDOM_HEX);
    match tagged(env, "conversation", random, claimed)? {
        true => Ok(ConversationId::parse(id).ok()),
        false => Ok(None),
    }
}

/// A session cookie's value: the workspace, the token, their tag.
pub fn session_value(env: &Env, workspace: &WorkspaceId, token: &str) -> AppResult<String> {
    pair_value(env, "session", workspace, token)
}

/// The workspace and token a cookie value names, if this service made it.
pub fn session(env: &Env, value: &str) -> AppResult<Option<(WorkspaceId, String)>> {
    pair(env, "session", value)
}

/// An invitation link's value: the workspace, the token, their tag.
pub fn invitation_value(env: &Env, workspace: &WorkspaceId, token: &str) -> AppResult<String> {
    pair_value(env, "invitation", workspace, token)
}

/// The workspace and token an invitation link names, if this service made it.
pub fn invitation(env: &Env, value: &str) -> AppResult<Option<(WorkspaceId, String)>> {
    pair(env, "invitation", value)
}

fn pair_value(env: &Env, purpose: &str, workspace: &WorkspaceId, token: &str) -> AppResult<String> {
    let both = format!("{workspace}.{token}");
    let tag = tag(env, purpose, &both)?;
    Ok(format!("{both}.{tag}"))
}

fn pair(env: &Env, purpose: &str, value: &str) -> AppResult<Option<(WorkspaceId, String)>> {
    let Some((both, claimed)) = value.rsplit_once('.') else { return Ok(None) };
    let Some((workspace, token)) = both.split_once('.') else { return Ok(None) };
    if claimed.len() != TAG_HEX || !tagged(env, purpose, both, claimed)? {
        return Ok(None);
    }
    Ok(WorkspaceId::parse(workspace).ok().map(|w| (w, token.to_owned())))
}

/// Whether `hash` is the HMAC-SHA256 of `user_id` under a channel's
/// identity `secret`, in hex (either case): what a site's server computes
/// for `Switchboard.setUser` (`core::identity`; the README shows how). A
/// channel without a secret verifies nobody.
pub fn site_signed(secret: &str, user_id: &str, hash: &str) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
    mac.update(user_id.as_bytes());
    let expected = auth::hex(&mac.finalize().into_bytes());
    !secret.is_empty() && auth::same_secret(expected.as_bytes(), hash.to_ascii_lowercase().as_bytes())
}
