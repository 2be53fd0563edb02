//! Switchboard's domain and wire protocol, kept free of I/O.
//!
//! Everything here is pure: it builds natively (where it is unit- and
//! property-tested) and to wasm32 (where the Worker and the browser crates use
//! it). The edges — Durable Objects, the widget, the inbox — turn their runtime
//! calls into the events of these modules and carry out the effects returned.
//!
//! - [`files`]: files in conversations — their kind from their bytes, what
//!   a channel takes, their names and how they are served.
//! - [`ids`]: identifiers and their validation.
//! - [`identity`]: what a site's word about its visitor is worth (verified
//!   visitors: the site signs their id).
//! - [`limits`]: every size and count limit, in one place.
//! - [`languages`]: visitor browser languages as canonical BCP 47 tags.
//! - [`protocol`]: the versioned frames on the wire, the only serde types.
//! - [`access`]: who may change whose access (disable, remove, role).
//! - [`assignment`]: who answers a new conversation (the policy, pure).
//! - [`backoff`]: how long a login waits after wrong passwords.
//! - [`chatbot`]: chatbot scripts — validation in words, and the pure
//!   state machine a conversation runs them with.
//! - [`cookie`]: the inbox's session cookie (`__Host-` on https).
//! - [`composer`]: what an operator's draft means besides a message —
//!   `::shortcut` canned responses and slash commands.
//! - [`client`]: the client side of a socket (widget and inbox): what to
//!   show, what to resend after a reconnect.
//! - [`conversation`]: the message log's state machine: ordering, dedup by
//!   client id, resume after a reconnect.
//! - [`relay`]: what a conversation tells its channel (its lifecycle) and
//!   its assignee's bus (each message), and when it goes quiet.
//! - [`listing`]: what an inbox tab holds of a channel, bounded (its own
//!   work, the head of the line, the latest others).
//! - [`fanout`]: news for many receivers, one batch in flight per receiver.
//! - [`places`]: places in a channel's queue, by ticket, told only where
//!   the shown place changes.
//! - [`texts`]: the widget's words in the visitor's language (the message
//!   catalogue itself behind the `catalog` feature).
//! - [`workspace`]: validation of what operators and admins configure.

/// The Fluent files of the nine languages in `$dir` (from the repository's
/// root), in `texts::INBOX_LANGUAGES` order: the widget's, the inbox's and a
/// push's titles are each such a set.
#[cfg(feature = "catalog")]
macro_rules! locale_files {
    ($dir:literal) => {
        [
            ("en", include_str!(concat!("../../", $dir, "/en.ftl"))),
            ("fr", include_str!(concat!("../../", $dir, "/fr.ftl"))),
            ("es", include_str!(concat!("../../", $dir, "/es.ftl"))),
            ("it", include_str!(concat!("../../", $dir, "/it.ftl"))),
            ("de", include_str!(concat!("../../", $dir, "/de.ftl"))),
            ("pt", include_str!(concat!("../../", $dir, "/pt.ftl"))),
            ("ja", include_str!(concat!("../../", $dir, "/ja.ftl"))),
            ("zh-CN", include_str!(concat!("../../", $dir, "/zh-CN.ftl"))),
            ("ar", include_str!(concat!("../../", $dir, "/ar.ftl"))),
        ]
    };
}

pub mod access;
pub mod ago;
pub mod assignment;
pub mod backoff;
pub mod bus_clock;
pub mod bus_log;
pub mod chatbot;
pub mod client;
pub mod composer;
pub mod conversation;
pub mod cookie;
pub mod fanout;
pub mod files;
pub mod history;
pub mod identity;
pub mod ids;
#[cfg(feature = "catalog")]
pub mod inbox_texts;
pub mod languages;
pub mod limits;
pub mod listing;
pub mod naming;
pub mod places;
pub mod protocol;
pub mod push;
pub mod queue;
pub mod reasons;
pub mod relay;
pub mod texts;
pub mod workspace;
