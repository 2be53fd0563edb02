//! Calls to a workspace's `HistoryDo` (one per workspace, named by its id):
//! its ended conversations. A conversation hands itself over when it ends
//! (and again when the visitor rates it afterwards); the edge searches it and
//! reads transcripts on behalf of an operator, with the channels they may
//! see; the workspace sets how long it keeps them.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::{ChannelId, ConversationId, WorkspaceId};
use switchboard_core::protocol::{Ended, Forget, Forgotten, HistoryPage, Message, Transcript};

use super::calls;

/// An ended conversation (its record, as it is now) and its messages from
/// the first not handed over yet, at most `history::ARCHIVE_BATCH` at a
/// time. Handed over again, nothing is stored twice.
#[derive(Serialize, Deserialize)]
pub struct Archived {
    pub record: Ended,
    pub messages: Vec<Message>,
    /// Its workspace (History deletes its files with it).
    #[serde(default)]
    pub workspace: Option<WorkspaceId>,
}

/// Who asks: the channels they may see (`None`: all of them, an admin).
#[derive(Serialize, Deserialize, Clone)]
pub struct Viewer {
    pub channels: Option<Vec<ChannelId>>,
}

impl Viewer {
    pub fn may_see(&self, channel: &ChannelId) -> bool {
        self.channels.as_ref().is_none_or(|c| c.contains(channel))
    }
}

/// A search, as the inbox's address said it (`history::Search` reads it).
#[derive(Serialize, Deserialize)]
pub struct SearchAsk {
    pub viewer: Viewer,
    pub pairs: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize)]
pub struct TranscriptAsk {
    pub viewer: Viewer,
    pub id: ConversationId,
}

/// How long ended conversations are kept, in days (0: for good).
#[derive(Serialize, Deserialize)]
pub struct Keep {
    pub days: u32,
}

calls! {
    /// Keeps an ended conversation (or the rest of its messages).
    Archive = "/archive": Archived => ();
    /// One page of ended conversations, newest first.
    Search = "/search": SearchAsk => HistoryPage;
    /// One ended conversation, whole.
    Read = "/transcript": TranscriptAsk => Transcript;
    /// Deletes every ended conversation of a visitor, by email.
    Erase = "/forget": Forget => Forgotten;
    /// The workspace's retention changed.
    Retain = "/retain": Keep => ();
}
