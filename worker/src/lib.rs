//! The Switchboard Worker: the edge router and the Durable Objects behind it.
//!
//! - [`edge`]: the edge. Authenticates, picks the object, forwards. Nothing
//!   else: no domain logic, no storage.
//! - [`rpc`]: the typed calls between the edge and the objects (one request
//!   type per call, knowing its path and answer), over [`internal`]'s
//!   transport.
//! - [`objects`]: the Durable Objects, one folder each — `conversation` (a
//!   conversation's log and sockets), `channel` (members, who is online, the
//!   list of its conversations, every assignment decision), `bus` (an
//!   operator's bus: numbers the channels' news, keeps read marks, fans out
//!   to their tabs), `workspace` (operators, sessions, languages, expertise,
//!   channels), `directory` (which workspace each login belongs to).
//! - [`storage`]: the key/value table and schema every object uses.
//! - [`auth`]: passwords (PBKDF2 through WebCrypto), random tokens, cookies.
//! - [`signed`]: the ids and cookies the service signs, checked before any
//!   object is named.
//! - [`vapid`]: the key Web Push is signed with (the bus sends the pushes).
//! - [`assets`]: the widget files, served with the CORS headers embedding needs.
//! - [`demo`]: the demo data.
//! - [`meter`]: what each event costs, counted for the bench (`METER=true`).
//! - [`error`]: the one error type; internals are logged, never sent.
//!
//! The domain rules live in `switchboard-core`; the objects here turn runtime
//! calls into core events and carry out the effects core returns.

mod assets;
mod auth;
mod demo;
mod edge;
mod error;
mod internal;
mod meter;
mod objects;
mod rpc;
mod signed;
mod storage;
mod turns;
mod vapid;

use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let api = req.path().starts_with("/api/");
    let response = match edge::handle(req, &env).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    };
    Ok(if api { edge::api_headers(response) } else { response })
}

/// True when demo data may be seeded (`DEMO_SEED=true`, dev and tests only).
pub(crate) fn demo_seed(env: &Env) -> bool {
    env.var("DEMO_SEED").is_ok_and(|v| v.to_string() == "true")
}

/// Milliseconds since the Unix epoch, from the runtime's clock.
pub(crate) fn now_ms() -> i64 {
    worker::Date::now().as_millis() as i64
}
