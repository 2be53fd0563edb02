//! Calls to an operator's bus (`OperatorDo`), besides the tabs' sockets:
//! their channels push what happens in them (and that they joined one),
//! the conversations they have push each message's `activity`, and the
//! workspace says which channels they work in.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::ConversationId;
use switchboard_core::protocol::{BusEvent, ChannelInfo, PushSubscription};

/// From the edge: a session of the operator opened a socket to this
/// conversation (so that ending the session can close it).
#[derive(Serialize, Deserialize)]
pub struct OpenedIn {
    pub conversation: ConversationId,
    /// The session's digest (`auth::digest` of its token).
    pub session: String,
}

/// From the workspace: this session has ended, or (`None`) all of them
/// but `keep` (the one that changed the password), if any.
#[derive(Serialize, Deserialize)]
pub struct Ended {
    pub session: Option<String>,
    #[serde(default)]
    pub keep: Option<String>,
}

/// From a channel the operator just joined: joining counts as activity.
#[derive(Serialize, Deserialize)]
pub struct Joined {
    /// The workspace's inactivity timeout.
    pub inactivity_timeout_ms: i64,
}

use super::calls;

calls! {
    /// News from a channel, in order, or a conversation's latest: numbered,
    /// kept and sent to the tabs.
    Push = "/push": Vec<BusEvent> => ();
    /// The channels the operator works in now.
    SetChannels = "/channels": Vec<ChannelInfo> => ();
    /// The operator joined a channel (counts as activity).
    Touch = "/touch": Joined => ();
    /// A session of the operator opened a conversation's socket.
    Opened = "/opened": OpenedIn => ();
    /// Sessions ended: their sockets close, here and in conversations.
    Revoke = "/revoke": Ended => ();
    /// A device of the operator wants pushes (checked by the edge).
    Subscribe = "/push/subscribe": PushSubscription => ();
    /// A device wants no more pushes (its endpoint).
    Unsubscribe = "/push/unsubscribe": String => ();
}
