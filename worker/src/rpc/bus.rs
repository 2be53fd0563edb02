//! Calls to an operator's bus (`OperatorDo`), besides the tabs' sockets:
//! their channels push what happens in them, and the workspace says which
//! channels they work in.

use switchboard_core::protocol::{BusEvent, ChannelInfo};

use super::calls;

calls! {
    /// News from a channel, in order: numbered, kept and sent to the tabs.
    Push = "/push": Vec<BusEvent> => ();
    /// The channels the operator works in now.
    SetChannels = "/channels": Vec<ChannelInfo> => ();
}
