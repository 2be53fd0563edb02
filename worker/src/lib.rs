//! The Switchboard Worker: the edge router and the Durable Objects behind it.
//!
//! - [`router`]: the edge. Authenticates, picks the object, forwards. Nothing
//!   else: no domain logic, no storage.
//! - [`conversation_do`]: one object per conversation: its message log and the
//!   sockets of its visitor and operators.
//! - [`channel_do`]: one object per channel: its members and who is online,
//!   the list of its conversations, and every assignment decision.
//! - [`operator_do`]: one object per operator, their bus: the channels push
//!   to it, it numbers the events, keeps read marks and fans out to the
//!   operator's inbox tabs.
//! - [`workspace_do`]: one object per workspace: operators and their
//!   profiles, sessions, languages, expertise, channels.
//! - [`directory_do`]: the one object that maps each login to its workspace.
//! - [`auth`]: passwords (PBKDF2 through WebCrypto), random tokens, cookies.
//! - [`assets`]: the widget files, served with the CORS headers embedding needs.
//! - [`internal`]: how the edge and the objects call one another.
//! - [`kv`]: the small key/value table objects keep their settings in.
//! - [`error`]: the one error type; internals are logged, never sent.
//!
//! The domain rules live in `switchboard-core`; the objects here turn runtime
//! calls into core events and carry out the effects core returns.

mod assets;
mod auth;
mod channel_do;
mod conversation_do;
mod directory_do;
mod error;
mod internal;
mod kv;
mod operator_do;
mod router;
mod schema;
mod workspace_do;

use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Ok(match router::handle(req, &env).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    })
}

/// True when demo data may be seeded (`DEMO_SEED=true`, dev and tests only).
pub(crate) fn demo_seed(env: &Env) -> bool {
    env.var("DEMO_SEED").is_ok_and(|v| v.to_string() == "true")
}

/// Milliseconds since the Unix epoch, from the runtime's clock.
pub(crate) fn now_ms() -> i64 {
    worker::Date::now().as_millis() as i64
}
