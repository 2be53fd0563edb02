//! The visitor's chat widget, mounted by `widget.js` inside a shadow root,
//! so the host page's CSS cannot reach it. Its state lives in Leptos's
//! signals (`reactive_graph`); its few elements are built by hand (`dom`)
//! and kept in step by render effects: a view framework's generic code
//! cost every visitor about 30 KB gzip of the open widget.
//!
//! The socket, the conversation over it and JSON come from
//! `switchboard-browser`, which the inbox shares.
//!
//! - [`visitor`]: the visitor's conversation key, outbox and HTTP calls,
//!   kept in the site's storage.
//! - `state`: the widget's state (context) and texts; `mount`: the entry
//!   point and the `WidgetApi` that the page's `Switchboard` object calls;
//! - `clock`: times shown to the visitor; `dom`: the DOM helpers;
//! - `panel`: the chat panel (the loader, `widget.js`, draws the launcher),
//!   with the "leave a message" form while nobody is online;
//! - `ending`: rating and transcript once a conversation has ended.

mod clock;
mod dom;
mod ending;
mod files;
mod mount;
mod panel;
mod phone;
mod state;
mod visitor;

pub use mount::mount;
