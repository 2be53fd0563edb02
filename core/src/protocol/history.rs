//! The inbox's History: ended conversations, searched and paged, and one
//! conversation's transcript (`GET /api/history`, `/api/history/:id`), and
//! an admin's "delete this visitor's conversations" (`POST
//! /api/history/forget`). What a search asks is read from the address by
//! `crate::history::Search`.

use serde::{Deserialize, Serialize};

use super::{Assignee, Message, Rating};
use crate::ids::{ChannelId, ConversationId, VisitorId};

/// An ended conversation as History lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ended {
    pub id: ConversationId,
    pub channel: ChannelId,
    /// Who had it last (none: nobody answered, or only a chatbot).
    #[serde(default)]
    pub operator: Option<Assignee>,
    /// The visitor's browser, if the widget knew it.
    #[serde(default)]
    pub visitor: Option<VisitorId>,
    #[serde(default)]
    pub visitor_name: Option<String>,
    #[serde(default)]
    pub visitor_email: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    /// Its first and last message (ms).
    pub started_at: i64,
    pub ended_at: i64,
    #[serde(default)]
    pub rating: Option<Rating>,
    #[serde(default)]
    pub rating_comment: Option<String>,
    /// How many messages it holds.
    pub messages: u32,
    /// The start of its last message (a search shows the matching words instead).
    pub preview: String,
}

/// One page of a search, newest first; `next` asks for the following one
/// (as the `before` of the next search).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub items: Vec<Ended>,
    #[serde(default)]
    pub next: Option<String>,
}

/// An ended conversation, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub conversation: Ended,
    pub messages: Vec<Message>,
}

/// An admin deletes every ended conversation of a visitor (a privacy request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forget {
    pub email: String,
}

/// How many conversations were deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forgotten {
    pub conversations: u32,
}
