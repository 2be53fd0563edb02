//! Calls to a conversation's `ConversationDo` (besides its sockets, which
//! the edge hands over as they come): the edge creates it, its channel
//! tells it who has it or its place in line, and its assignee's bus asks
//! for its latest.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::{ChannelId, ConversationId, VisitorId, WorkspaceId};
use switchboard_core::protocol::{
    Activity, Assignee, Attachment, ChatbotScript, FileLimits, VisitorIdentity,
};

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
    /// The site's id for the visitor, verified or not (`core::identity`).
    #[serde(default)]
    pub identity: Option<VisitorIdentity>,
    /// Left with the offline form (nobody was online).
    #[serde(default)]
    pub offline: bool,
    /// The channel's chatbot script, if it runs on this conversation.
    #[serde(default)]
    pub chatbot: Option<ChatbotScript>,
    /// The visitor's country as the network places them, if known.
    #[serde(default)]
    pub country: Option<String>,
    /// The channel's workspace (its operators' buses are named by it).
    pub workspace: WorkspaceId,
    /// The workspace's inactivity timeout: no message for that long and
    /// the conversation tells its channel it went quiet.
    pub inactivity_timeout_ms: i64,
    /// The workspace's reassignment delay (0: never): an operator who has
    /// not answered that long after it was given to them, and the
    /// conversation tells the channel it is overdue.
    #[serde(default)]
    pub reassign_after_ms: i64,
    /// The websites allowed to embed the channel (empty: any), as they were
    /// when it started: the visitor's sockets are checked against them here,
    /// so a page change does not ask the channel.
    #[serde(default)]
    pub origins: Vec<String>,
    /// Visited pages are kept with their query strings (else without).
    #[serde(default)]
    pub keep_page_queries: bool,
    /// What files it takes (its channel's limits when it started).
    #[serde(default)]
    pub files: FileLimits,
}

/// From the channel: who has the conversation now, or its place in line.
#[derive(Serialize, Deserialize)]
pub struct Assignment {
    pub operator: Option<Assignee>,
    pub position: Option<u32>,
    /// When the channel decided who has it (ms): the conversation keeps it,
    /// to tell an older word from a newer one.
    #[serde(default)]
    pub at: i64,
}

/// The operator sockets of one session (its digest), or of one operator
/// (`op:<login>`), as a socket was tagged when it opened.
#[derive(Serialize, Deserialize)]
pub struct SocketTag {
    pub tag: String,
}

/// Who asks for a file of the conversation: its visitor (their key, and
/// the site they are on) or an operator the edge authenticated (the
/// channels they work in, as for its sockets: an admin's are all).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileCaller {
    Visitor { token: String, origin: String },
    Operator { channels: Vec<ChannelId> },
}

/// File `id` of the conversation, for `caller`.
#[derive(Serialize, Deserialize)]
pub struct FileAsk {
    pub caller: FileCaller,
    pub id: String,
}

/// May an upload go on: where the file is kept (R2 key) and how large it
/// may be; or the file is there already (an upload sent again).
#[derive(Serialize, Deserialize)]
pub struct FilePermit {
    pub key: String,
    pub limits: FileLimits,
    pub existing: Option<Attachment>,
}

/// The file is in R2 under its key: the conversation keeps it.
#[derive(Serialize, Deserialize)]
pub struct FileStored {
    pub caller: FileCaller,
    pub file: Attachment,
}

/// A file of the conversation and where it is kept.
#[derive(Serialize, Deserialize)]
pub struct FileFound {
    pub file: Attachment,
    pub key: String,
}

calls! {
    /// From the edge before an upload (`PUT …/files/:id`).
    Permit = "/files/permit": FileAsk => FilePermit;
    /// From the edge once the upload is in R2.
    Stored = "/files/stored": FileStored => Attachment;
    /// From the edge before a download (`GET …/files/:id`).
    ReadFile = "/files/read": FileAsk => FileFound;
    /// From an operator's bus, when their session ends (log-out) or all of
    /// them do (disabled, removed, a new password): those sockets close.
    Disconnect = "/disconnect": SocketTag => ();
    /// From its assignee's bus, when a tab says `hello`: the conversation's
    /// latest (what it told the bus after its last message, in case that
    /// was lost).
    Latest = "/latest": () => Activity;
}

is_call!(Init = "/init" => ());
// Kept for sockets that connect later; a person's bus hears its messages.
is_call!(Assignment = "/assignment" => ());
