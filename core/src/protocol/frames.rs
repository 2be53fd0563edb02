//! Socket frames: what the widget and the inbox send on a conversation's
//! socket or the operator's bus, and what the server answers.

use super::*;

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// The close code of a socket whose session ended (log-out, a disabled or
/// removed operator, a new password): the client must not reconnect with
/// it, and the inbox goes back to its log-in page.
pub const SESSION_ENDED: u16 = 4401;

/// A frame a client (widget or inbox) sends on a socket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// Must be the first frame on a socket; nothing is sent to a socket before.
    Hello {
        v: u32,
        /// The visitor's secret for this conversation (operators are
        /// authenticated by their session cookie instead).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
        /// The last sequence number the client holds (0 for none).
        #[serde(default)]
        last_seq: Seq,
    },
    /// A new message. Resending the same `client_id` is safe. `files`: the
    /// ids of files uploaded to the conversation beforehand
    /// (`PUT /api/conversations/:id/files/:file`); `text` may then be empty.
    Send {
        client_id: ClientMsgId,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<String>,
    },
    /// The operator is at work (input, focus, sending), on their bus; the
    /// inbox sends it at most every half minute.
    Active,
    /// Ends the conversation (visitor or operator, on its socket). Closing
    /// twice is harmless; nobody can write afterwards.
    Close,
    /// The sender is typing (sent at most every few seconds while they do;
    /// never stored).
    Typing,
    /// The sender has seen every message up to `seq` (sent when new messages
    /// are in view; never moves back).
    Seen { seq: Seq },
    /// The visitor rates the conversation once it has ended (once; the
    /// comment may be empty).
    Rate {
        rating: Rating,
        #[serde(default)]
        comment: String,
    },
    /// The operator has read a conversation this far, on their bus (kept
    /// per operator; their tabs hear `Read`).
    Read(ReadMark),
    /// Whether the tab is in view, on their bus (sent after `hello` and when
    /// it changes): while none of their tabs is, their devices get a push
    /// for what needs them (`core::push`).
    Visibility { visible: bool },
}

/// How the visitor found the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Good,
    Ok,
    Bad,
}

/// Who wrote a message, as shown to the other side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Visitor,
    /// `name` is the operator's display name (never their login).
    Operator {
        name: String,
    },
    /// A channel's chatbot, by the name its script gives it.
    Bot {
        name: String,
    },
}

/// A stored message, as every participant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub seq: Seq,
    pub client_id: ClientMsgId,
    pub author: Author,
    pub text: String,
    /// Milliseconds since the Unix epoch; strictly increasing in a conversation.
    pub at: i64,
    /// A chatbot's question: the answers the visitor may click (each is
    /// sent as the visitor's message).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
    /// Files sent with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Attachment>,
}

/// A file sent in a conversation, as its participants see it: they fetch
/// it from `GET /api/conversations/:conversation/files/:id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    /// As its sender's system named it, made safe (`crate::files::file_name`).
    pub name: String,
    /// From its content (`crate::files::Kind`), never from its name.
    pub content_type: String,
    pub size: u64,
}

impl Attachment {
    /// A raster image: shown inline; everything else is a link to download.
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

/// What a typed error frame is about; clients switch on this, never on text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The frame was not valid JSON of a known shape.
    Malformed,
    /// The frame exceeded [`MAX_FRAME_BYTES`].
    TooLarge,
    /// The client's protocol version is not spoken here.
    UnsupportedVersion,
    /// A frame other than `hello` came before `hello`.
    HelloFirst,
    /// A second `hello` on the same socket.
    AlreadyIntroduced,
    /// The token does not open this conversation.
    Unauthorized,
    /// The message is empty or too long.
    InvalidMessage,
    /// The client claims a sequence number the server never gave out.
    BadResume,
    /// The conversation has ended; nothing more can be written to it.
    Closed,
    /// The visitor sent too many messages too fast; send again later.
    RateLimited,
    /// Someone else has the conversation: an operator who is not its
    /// assignee (nor an admin) reads it but takes it over to write.
    NotYours,
    /// Something failed on our side; details are in the server log only.
    Internal,
}

/// A summary of one conversation, as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: ConversationId,
    pub channel: ChannelId,
    /// The visitor's browser languages, canonical BCP 47, most preferred first.
    pub languages: Vec<String>,
    pub last_seq: Seq,
    /// The start of the last message, for the list.
    pub preview: String,
    pub updated_at: i64,
    /// Who the channel assigned it to; `None`: waiting in the queue.
    #[serde(default)]
    pub operator: Option<Assignee>,
    /// Ended by the visitor or an operator.
    #[serde(default)]
    pub closed: bool,
    /// When an operator last wrote in it (ms), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<i64>,
    /// The visitor's browser, when the widget said it (for "previous operator").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor: Option<VisitorId>,
    /// Who the site says the visitor is (`Switchboard.setUser`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_email: Option<String>,
    /// The site's user id for the visitor, verified or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<VisitorIdentity>,
    /// Left with the offline form while nobody was online: answer by email.
    #[serde(default)]
    pub offline: bool,
    /// The visitor's rating once it has ended, and their comment (may be
    /// empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_comment: Option<String>,
    /// The channel's chatbot has it (not yet forwarded to people).
    #[serde(default)]
    pub bot: bool,
    /// The expertise (ids) the chatbot's answers asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expertise: Vec<String>,
    /// The pages the visitor went through while chatting, oldest first; the
    /// last is the one they are on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// Their country (ISO 3166 code) as the network places them, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl ConversationSummary {
    /// What names an anonymous visitor (`core::naming`): their browser's id,
    /// else the conversation's.
    pub fn visitor_key(&self) -> &str {
        self.visitor.as_ref().map_or(self.id.as_str(), |v| v.as_str())
    }
}

/// How far an operator has read a conversation (kept by their bus); the
/// inbox shows later messages as unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMark {
    pub conversation: ConversationId,
    pub seq: Seq,
}

/// A conversation's latest, from the conversation itself to its
/// assignee's bus after each message, page or rating (its channel is not
/// told): what the inbox's list shows changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub conversation: ConversationId,
    pub channel: ChannelId,
    pub last_seq: Seq,
    /// The start of the last message, for the list.
    pub preview: String,
    pub updated_at: i64,
    /// Who wrote the last message, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Author>,
    #[serde(default)]
    pub closed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_comment: Option<String>,
}

/// An operator a conversation is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignee {
    pub login: Login,
    /// What visitors see (online chat name, else name).
    pub name: String,
}

/// A frame the server sends on a socket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerMsg {
    /// Answer to `hello`: the replay of missed messages follows at once.
    Welcome {
        v: u32,
        last_seq: Seq,
    },
    Message(Message),
    Ack {
        client_id: ClientMsgId,
        seq: Seq,
    },
    Error {
        code: ErrorCode,
        message: String,
    },
    /// The operator's bus, after `hello`, to a tab that holds nothing or
    /// missed more than the bus keeps: everything the inbox shows, as of
    /// event `seq` (the events after it follow).
    State {
        seq: Seq,
        channels: Vec<ChannelState>,
        #[serde(default)]
        read: Vec<ReadMark>,
    },
    /// The operator's bus: one event. `seq` grows by one per event, so a tab
    /// that says `hello` with the last it holds is sent only what it missed
    /// (after a `welcome`).
    Event {
        seq: Seq,
        event: BusEvent,
    },
    /// To a conversation's sockets: who has it now, or its place in the
    /// channel's queue (1 = next). Sent when it changes and after `welcome`.
    Assignment {
        operator: Option<String>,
        position: Option<u32>,
    },
    /// To a conversation's sockets: it has ended (sent when it happens and
    /// after `welcome` on an ended conversation).
    Closed {
        by: Author,
        at: i64,
    },
    /// To a conversation's other sockets: `by` is typing.
    Typing {
        by: Author,
    },
    /// To a conversation's sockets: the visitor (`by: visitor`) or an
    /// operator has seen every message up to `seq`. Also after `welcome`.
    Seen {
        by: Author,
        seq: Seq,
    },
    /// To a conversation's sockets: the visitor rated it (also after
    /// `welcome`, so the widget does not ask twice).
    Rated {
        rating: Rating,
    },
}

/// What happens on an operator's bus (their `OperatorDo`), after the
/// whole [`ServerMsg::State`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusEvent {
    /// A conversation of one of their channels is new or changed (a
    /// message, an assignment, an ending).
    Updated(Box<ConversationSummary>),
    /// A conversation they have got a message (or a page, a rating): the
    /// list's summary takes it (`relay::apply`).
    Activity(Box<Activity>),
    /// They have read a conversation this far (in this tab or another).
    Read(ReadMark),
    /// Who is online in one of their channels now (display names).
    Presence { channel: ChannelId, online: Vec<String> },
    /// How many wait in a channel's line now (as [`ChannelState::waiting`]).
    Waiting { channel: ChannelId, count: u32 },
    /// They were removed from a channel (no activity for longer than the
    /// workspace allows); Join again.
    Removed { channel: ChannelId, inactive_minutes: u32 },
    /// A conversation they had went to someone else (`to`), or back to the
    /// queue (`None`).
    Reassigned { conversation: ConversationId, to: Option<Assignee>, reason: ReassignReason },
    /// A channel is theirs now (created, renamed, or they were put on its
    /// list) with what it holds; the tab lists it at once.
    Channel(ChannelState),
    /// A channel is no longer theirs (taken off its list).
    ChannelGone { channel: ChannelId },
}

/// One channel as the bus's [`ServerMsg::State`] has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelState {
    pub channel: ChannelId,
    /// Its name (the bus fills it from the operator's list).
    #[serde(default)]
    pub name: String,
    /// Its conversations, newest activity first.
    pub items: Vec<ConversationSummary>,
    /// Who is online in it (display names).
    pub online: Vec<String>,
    /// How many wait in its line (`core::listing::line_count`: beyond
    /// `LINE_COUNTED`, one more).
    #[serde(default)]
    pub waiting: u32,
}

/// The frames a conversation's socket receives, for a client that decodes
/// only those: the widget, where every decoder is paid in download bytes.
/// The same JSON as the matching [`ServerMsg`] variants (tested).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationFrame {
    Welcome { v: u32, last_seq: Seq },
    Message(Message),
    Ack { client_id: ClientMsgId, seq: Seq },
    Error { code: ErrorCode, message: String },
    Assignment { operator: Option<String>, position: Option<u32> },
    Closed { by: Author, at: i64 },
    Typing { by: Author },
    Seen { by: Author, seq: Seq },
    Rated { rating: Rating },
}

impl From<ConversationFrame> for ServerMsg {
    fn from(f: ConversationFrame) -> ServerMsg {
        match f {
            ConversationFrame::Welcome { v, last_seq } => ServerMsg::Welcome { v, last_seq },
            ConversationFrame::Message(m) => ServerMsg::Message(m),
            ConversationFrame::Ack { client_id, seq } => ServerMsg::Ack { client_id, seq },
            ConversationFrame::Error { code, message } => ServerMsg::Error { code, message },
            ConversationFrame::Assignment { operator, position } => {
                ServerMsg::Assignment { operator, position }
            }
            ConversationFrame::Closed { by, at } => ServerMsg::Closed { by, at },
            ConversationFrame::Typing { by } => ServerMsg::Typing { by },
            ConversationFrame::Seen { by, seq } => ServerMsg::Seen { by, seq },
            ConversationFrame::Rated { rating } => ServerMsg::Rated { rating },
        }
    }
}

/// Why a conversation left its operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReassignReason {
    /// Nobody answered within the workspace's delay.
    Unanswered { seconds: u32 },
    /// `by` (a display name) handed it over.
    Transferred { by: String },
    /// `by` (a display name) took it over.
    TakenOver { by: String },
}

impl ServerMsg {
    pub fn error(code: ErrorCode, message: impl Into<String>) -> Self {
        ServerMsg::Error { code, message: message.into() }
    }

    pub fn to_json(&self) -> String {
        // Serialising these plain enums cannot fail (no maps with non-string keys).
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Parses one client frame; a bad frame is a typed error, never a panic.
pub fn decode_client(frame: &str) -> Result<ClientMsg, ServerMsg> {
    if frame.len() > MAX_FRAME_BYTES {
        return Err(ServerMsg::error(
            ErrorCode::TooLarge,
            format!("frames are limited to {MAX_FRAME_BYTES} bytes"),
        ));
    }
    serde_json::from_str(frame)
        .map_err(|_| ServerMsg::error(ErrorCode::Malformed, "not a frame this server understands"))
}
