//! Calls to a conversation's `ConversationDo` (besides its sockets, which
//! the edge hands over as they come): the edge creates it, and its
//! channel tells it who has it or its place in line.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::{ChannelId, ConversationId, VisitorId};
use switchboard_core::protocol::{ChatbotScript, ServerMsg};

use super::{calls, is_call};

/// Sent by the edge to create the conversation.
#[derive(Serialize, Deserialize)]
pub struct Init {
    pub id: ConversationId,
    pub channel: ChannelId,
    pub languages: Vec<String>,
    pub token: String,
    #[serde(default)]
    pub visitor: Option<VisitorId>,
    #[serde(default)]
    pub visitor_name: Option<String>,
    #[serde(default)]
    pub visitor_email: Option<String>,
    /// Left with the offline form (nobody was online).
    #[serde(default)]
    pub offline: bool,
    /// The channel's chatbot script, if it runs on this conversation.
    #[serde(default)]
    pub chatbot: Option<ChatbotScript>,
    /// The visitor's country as the network places them, if known.
    #[serde(default)]
    pub country: Option<String>,
}

is_call!(Init = "/init" => ());

calls! {
    /// Who has the conversation, or its place in line (a
    /// `ServerMsg::Assignment`), kept for sockets that connect later.
    Assignment = "/assignment": ServerMsg => ();
}
