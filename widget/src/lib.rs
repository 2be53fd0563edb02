//! The visitor's chat widget: a Leptos app mounted by `widget.js` inside a
//! shadow root, so the host page's CSS cannot reach it.
//!
//! - [`socket`]: a WebSocket that reconnects (shared with the inbox).
//! - [`chat`]: a conversation over that socket, with core's client log.
//! - [`visitor`]: the visitor's conversation key, outbox and HTTP calls,
//!   kept in the site's storage.
//! - `view`: the widget's state, `mount` and the `WidgetApi` that the
//!   page's `Switchboard` object calls;
//! - `panel`: the chat panel (the loader, `widget.js`, draws the launcher),
//!   with the "leave a message" form while nobody is online;
//! - `ending`: rating and transcript once a conversation has ended.
//!
//! With the `embed` feature (default) the crate exports `mount` for the
//! loader; the inbox uses the crate without it, for `socket` and `chat`.

pub mod chat;
#[cfg(feature = "embed")]
mod clock;
#[cfg(feature = "embed")]
mod ending;
mod json;
#[cfg(feature = "embed")]
mod mount;
#[cfg(feature = "embed")]
mod panel;
pub mod socket;
#[cfg(feature = "embed")]
mod state;
#[cfg(feature = "embed")]
mod visitor;

#[cfg(feature = "embed")]
pub use mount::mount;
