//! The Durable Objects, one folder each, the same shape: `mod.rs` the
//! object and its dispatch (each route a typed call of `crate::rpc`, handed
//! to its handler by `rpc::serve`), further files by layer. No object
//! imports another: they meet only through `crate::rpc`.

pub mod bus;
pub mod channel;
pub mod conversation;
pub mod directory;
pub mod history;
pub mod workspace;

use std::future::Future;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use worker::{Response, SqlStorage, WebSocket};

use crate::error::AppResult;
use crate::meter::Meter;

/// An object's alarm, the same in each: counted, `work` done (an error is
/// logged, nobody waits for an answer), the rows it wrote counted.
pub(crate) async fn ring(
    meter: &Meter,
    sql: &SqlStorage,
    work: impl Future<Output = AppResult<()>>,
) -> worker::Result<Response> {
    meter.reached("alarm");
    if let Err(e) = work.await {
        e.log();
    }
    meter.rows(sql);
    Response::empty()
}

/// What a hibernating socket carries (its session, its tab), kept as JSON
/// text: handing a record to the runtime as a JS object and back costs a
/// property lookup per field on every frame (a CPU profile of workerd found
/// it among a message's larger costs); one string costs one copy.
pub(crate) trait Attachment {
    fn attached<T: DeserializeOwned>(&self) -> worker::Result<Option<T>>;
    fn attach<T: Serialize>(&self, value: &T) -> worker::Result<()>;
}

/// As attached: JSON text, or a record (sockets attached before 2026-12-06).
#[derive(Deserialize)]
#[serde(untagged)]
enum Attached<T> {
    Json(String),
    Whole(T),
}

impl Attachment for WebSocket {
    fn attached<T: DeserializeOwned>(&self) -> worker::Result<Option<T>> {
        Ok(match self.deserialize_attachment::<Attached<T>>()? {
            Some(Attached::Json(text)) => Some(serde_json::from_str(&text)?),
            Some(Attached::Whole(value)) => Some(value),
            None => None,
        })
    }

    fn attach<T: Serialize>(&self, value: &T) -> worker::Result<()> {
        self.serialize_attachment(serde_json::to_string(value)?)
    }
}
