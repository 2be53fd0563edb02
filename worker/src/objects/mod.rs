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

use worker::{Response, SqlStorage};

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
