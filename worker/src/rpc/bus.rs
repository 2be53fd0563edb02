//! Calls to an operator's bus (`OperatorDo`), besides the tabs' sockets:
//! their channels push what happens in them (and that they joined one),
//! the conversations they have push each message's `activity`, and the
//! workspace says which channels they work in.

use serde::{Deserialize, Serialize};
use switchboard_core::protocol::{BusEvent, ChannelInfo};

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
}
