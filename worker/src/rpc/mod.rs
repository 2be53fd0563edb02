//! How the edge and the objects call one another: one request type per
//! internal call, which knows its path and its answer ([`Call`]), declared
//! once here by callee and named by both ends (the way a ruma endpoint
//! carries its route, request and response together). The caller sends it
//! with [`call`] (or [`call_all`], at once); the callee's dispatch hands the
//! request to its handler with [`serve`], which encodes the answer, or the
//! refusal as an [`ApiError`](switchboard_core::protocol::ApiError), so
//! errors stay typed across every hop. Transport: JSON over stub `fetch` on
//! `https://do<path>` (objects are reachable only through the edge, so what
//! a request says — a role, a display name — was checked before it was sent).
//!
//! A path string appears once, in its call's declaration.

pub mod bus;
pub mod channel;
pub mod conversation;
pub mod directory;
pub mod history;
pub mod workspace;

use serde::{de::DeserializeOwned, Serialize};
use worker::{Request, Response};

use crate::error::AppResult;
use crate::internal;
use crate::internal::Stub;

/// The path of an object's WebSocket upgrade (a conversation's sockets, an
/// operator's tabs): not a call, the edge hands the socket over as it came.
pub const SOCKET: &str = "/ws";

/// One internal call: the request, its path on the callee, its answer.
pub trait Call: Serialize + DeserializeOwned {
    const PATH: &'static str;
    type Answer: Serialize + DeserializeOwned;
}

/// Declares calls: `Name = "/path": Body => Answer;` makes a request type
/// `Name(pub Body)` (the same JSON as `Body`) whose [`Call`] says so.
macro_rules! calls {
    ($($(#[$doc:meta])* $name:ident = $path:literal : $body:ty => $answer:ty;)*) => {
        $(
            $(#[$doc])*
            #[derive(serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            pub struct $name(pub $body);

            impl $crate::rpc::Call for $name {
                const PATH: &'static str = $path;
                type Answer = $answer;
            }

            impl From<$body> for $name {
                fn from(body: $body) -> Self {
                    $name(body)
                }
            }
        )*
    };
}
pub(crate) use calls;

/// Says that a request type of its own is a call: `Name = "/path" => Answer`.
macro_rules! is_call {
    ($name:ident = $path:literal => $answer:ty) => {
        impl $crate::rpc::Call for $name {
            const PATH: &'static str = $path;
            type Answer = $answer;
        }
    };
}
pub(crate) use is_call;

/// Sends `c` to the object behind `stub`; its answer, or the refusal it
/// answered with.
pub async fn call<C: Call>(stub: &Stub, c: &C) -> AppResult<C::Answer> {
    internal::answer(stub.post(C::PATH, c).await?)
}

/// Sends a `C` whose JSON is already written (one body made of pieces
/// written once) to the object behind `stub`.
pub async fn call_json<C: Call>(stub: &Stub, json: String) -> AppResult<C::Answer> {
    internal::answer(stub.post_json(C::PATH, json).await?)
}

/// Sends `c` to every object of `stubs` at once; their answers, in order.
pub async fn call_all<C: Call>(stubs: Vec<AppResult<Stub>>, c: &C) -> Vec<AppResult<C::Answer>> {
    let asks = stubs.into_iter().map(|stub| async move { call(&stub?, c).await });
    futures_util::future::join_all(asks).await
}

/// The callee's side: reads the request, runs `handle`, encodes its answer.
pub async fn serve<C, F, Fut>(req: &mut Request, handle: F) -> AppResult<Response>
where
    C: Call,
    F: FnOnce(C) -> Fut,
    Fut: std::future::Future<Output = AppResult<C::Answer>>,
{
    let answer = handle(internal::body::<C>(req).await?).await?;
    Ok(Response::from_json(&answer)?)
}
