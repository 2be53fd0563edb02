//! What the visitor's widget and the operator's inbox share in the browser.
//!
//! - [`socket`]: a WebSocket that reconnects, with backoff, and says when it
//!   is up; what to do with each server frame is the owner's callbacks.
//! - [`chat`]: one conversation over that socket, with core's client log
//!   (`switchboard_core::client`): pending sends, resends on reconnect, what
//!   the page shows.
//! - [`json`]: JSON through the browser's own parser (`JSON.parse` and
//!   serde between JS values and Rust types), so no JSON parser ships in the
//!   wasm.
//! - [`upload`]: a file's `PUT`, telling how much has gone.
//!
//! Nothing here knows which page it runs in; it never imports the widget
//! or the inbox.

pub mod chat;
pub mod json;
pub mod socket;
pub mod upload;
