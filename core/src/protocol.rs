//! The wire protocol: every frame and JSON body that crosses a boundary.
//!
//! This is the only module whose types derive serde ("if a type is
//! serialisable, it is part of a boundary"). Sockets carry JSON text frames,
//! externally tagged (`{"send":{…}}`, and a bare `"active"` for a frame with
//! no fields): serde decodes that shape without buffering, which keeps the
//! widget's wasm small (internal tags cost several KB per enum). HTTP bodies
//! are plain JSON objects. The protocol is
//! versioned: a client's first frame is [`ClientMsg::Hello`] with
//! [`PROTOCOL_VERSION`], and a server refuses versions it does not speak with a
//! typed [`ServerMsg::Error`], never a dropped socket.
//!
//! Delivery rules (see ARCHITECTURE.md, invariants):
//! - every [`ClientMsg::Send`] carries a client-chosen [`ClientMsgId`]; the
//!   server answers [`ServerMsg::Ack`] with the message's [`Seq`], also when it
//!   already had that id (then nothing is stored twice);
//! - on every (re)connect the client says the last `Seq` it has, and the server
//!   replays every later message, in order, before anything new.

use serde::{Deserialize, Serialize};

use crate::ids::{ChannelId, ClientMsgId, ConversationId, Seq, VisitorId};
use crate::limits::{DEFAULT_CAPACITY, DEFAULT_REASSIGN_AFTER_S, MAX_FRAME_BYTES};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

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
    /// A new message. Resending the same `client_id` is safe.
    Send { client_id: ClientMsgId, text: String },
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

/// How far an operator has read a conversation (kept by their bus); the
/// inbox shows later messages as unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMark {
    pub conversation: ConversationId,
    pub seq: Seq,
}

/// An operator a conversation is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignee {
    pub login: String,
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
    /// They have read a conversation this far (in this tab or another).
    Read(ReadMark),
    /// Who is online in one of their channels now (display names).
    Presence { channel: ChannelId, online: Vec<String> },
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

// ---- HTTP bodies --------------------------------------------------------

/// `POST /api/conversations`: a visitor opens a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartConversation {
    pub channel: ChannelId,
    /// `navigator.languages` as the browser gave them.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The visitor's browser on this site, if the widget knows it.
    #[serde(default)]
    pub visitor: Option<VisitorId>,
    /// From the site's `Switchboard.setUser` (unchecked: the edge keeps
    /// only valid values).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Left while nobody was online: the visitor expects an answer by email
    /// (then `email` is required and checked).
    #[serde(default)]
    pub offline: bool,
}

/// `Switchboard.setUser({name, email})`, as the widget keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorUser {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// Answer to [`StartConversation`]. The token is the visitor's only key to the
/// conversation: the widget keeps it in the host site's local storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationStarted {
    pub conversation: ConversationId,
    pub token: String,
}

/// `GET /api/channels/:id/public`: what the widget shows before a
/// conversation starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPublic {
    pub name: String,
    /// In the visitor's language (`?lang=`) if the channel has it; may be
    /// empty.
    pub welcome: String,
    /// Whether any operator is online (else the widget offers to leave a
    /// message).
    pub online: bool,
}

/// `GET /api/widget/texts?lang=…`: the widget's words for a visitor's
/// languages (the same for every channel, so asked apart and cached).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetLocale {
    /// The language chosen (BCP 47), for the widget's `lang` attribute.
    pub lang: String,
    /// True when `lang` is written right to left.
    pub rtl: bool,
    pub texts: WidgetTexts,
}

/// Declares [`WidgetTexts`]: one `String` per message of the widget's message
/// files, in this order. On the wire it is a JSON array in the same order
/// (named fields would cost the widget's decoder about 20 KB of wasm).
macro_rules! widget_texts {
    ($($field:ident),* $(,)?) => {
        /// The widget's own words in one language, from the message files in
        /// `widget/locales/` (see [`crate::texts`]): the field `too_long` is
        /// the message `too-long`. Placeholders such as `{name}` are left for
        /// the widget to fill with [`crate::texts::fill`].
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(from = "Vec<String>", into = "Vec<String>")]
        pub struct WidgetTexts {
            $(pub $field: String,)*
        }

        impl WidgetTexts {
            /// The message ids, in wire order.
            pub const IDS: &'static [&'static str] = &[$(stringify!($field),)*];
        }

        impl From<Vec<String>> for WidgetTexts {
            fn from(list: Vec<String>) -> Self {
                let mut list = list.into_iter();
                WidgetTexts { $($field: list.next().unwrap_or_default(),)* }
            }
        }

        impl From<WidgetTexts> for Vec<String> {
            fn from(t: WidgetTexts) -> Self {
                vec![$(t.$field,)*]
            }
        }
    };
}

widget_texts!(
    launcher,
    title,
    messages_label,
    you,
    sending,
    seen,
    end_chat,
    ended_by_you,
    ended_by,
    chatting_with,
    queue_place,
    waiting,
    typing,
    connecting,
    reconnecting,
    offline,
    retry_now,
    message_label,
    placeholder,
    send,
    too_long,
    unreachable,
    not_connected,
    rate_limited,
    conversation_ended,
    site_not_allowed,
    channel_unknown,
    server_problem,
    nobody_online,
    email_label,
    email_invalid,
    leave_message,
    offline_sent,
    rate_question,
    rate_good,
    rate_ok,
    rate_bad,
    rate_comment,
    rate_send,
    rate_thanks,
    transcript,
);

/// `POST /api/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    pub login: String,
    pub password: String,
}

/// A channel as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfo {
    pub id: ChannelId,
    pub name: String,
}

/// `GET /api/me`: who is logged in, and what they may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub workspace: String,
    pub workspace_name: String,
    pub login: String,
    pub name: String,
    /// What visitors see: the online chat name, else the name.
    pub display_name: String,
    pub admin: bool,
    /// Online Chat Languages (canonical BCP 47).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Live Chat Expertise ids.
    #[serde(default)]
    pub expertise: Vec<String>,
    pub channels: Vec<ChannelInfo>,
    /// Conversations they hold at once; `None`: the workspace's setting.
    #[serde(default)]
    pub capacity: Option<u32>,
}

/// Every HTTP error body: a short text for people and a stable code; `field`
/// names the form field the message belongs next to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// `POST /api/signup`: a new workspace and its first admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUp {
    pub workspace_name: String,
    pub name: String,
    pub login: String,
    pub password: String,
}

/// `POST /api/operators` (admins): a new operator of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOperator {
    pub name: String,
    pub login: String,
    pub password: String,
    #[serde(default)]
    pub admin: bool,
}

/// `PUT /api/profile`: the caller's own live chat preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileUpdate {
    /// Online Chat Name; empty means "show my name".
    #[serde(default)]
    pub chat_name: String,
    /// Online Chat Languages (BCP 47), each enabled in the workspace.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Live Chat Expertise ids.
    #[serde(default)]
    pub expertise: Vec<String>,
}

/// `PUT /api/settings` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    /// An operator, or a conversation, with no activity for longer is gone:
    /// the operator leaves their channels, the conversation stops counting
    /// as ongoing.
    pub inactivity_timeout_s: u32,
    /// Conversations an operator holds at once.
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// Seconds before an unanswered conversation goes to the next operator; 0: never.
    #[serde(default = "default_reassign_after")]
    pub reassign_after_s: u32,
}

impl WorkspaceSettings {
    /// The inactivity timeout in milliseconds.
    pub fn inactivity_timeout_ms(&self) -> i64 {
        self.inactivity_timeout_s as i64 * 1000
    }
}

impl Default for WorkspaceSettings {
    fn default() -> Self {
        WorkspaceSettings {
            inactivity_timeout_s: crate::limits::DEFAULT_INACTIVITY_TIMEOUT_S,
            capacity: DEFAULT_CAPACITY,
            reassign_after_s: DEFAULT_REASSIGN_AFTER_S,
        }
    }
}

fn default_capacity() -> u32 {
    DEFAULT_CAPACITY
}

fn default_reassign_after() -> u32 {
    DEFAULT_REASSIGN_AFTER_S
}

/// `POST /api/conversations/:id/transfer`: hand a conversation to another
/// operator of its channel (`to`, a login), or back to its queue (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub channel: ChannelId,
    #[serde(default)]
    pub to: Option<String>,
}

/// `GET /api/channels/:id/live`: the channel right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelLive {
    /// Conversations waiting for an operator.
    pub queue: u32,
    /// Operators who have joined, in the order they joined.
    pub members: Vec<MemberLive>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLive {
    pub login: String,
    pub name: String,
    pub online: bool,
    pub ongoing: u32,
    pub capacity: u32,
    /// Seconds since their last activity.
    pub idle_s: u64,
}

/// `PUT /api/languages` (admins): the languages enabled in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguagesUpdate {
    pub enabled: Vec<String>,
}

/// `POST /api/expertise`, `PUT /api/expertise/:id` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertiseInput {
    pub name: String,
    /// Operator logins.
    #[serde(default)]
    pub operators: Vec<String>,
}

/// `POST /api/channels`, `PUT /api/channels/:id` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInput {
    pub name: String,
    /// Shown to visitors when they open the chat; may be empty.
    #[serde(default)]
    pub welcome: String,
    /// The welcome message in other languages (of the workspace's); a
    /// visitor sees the one in their language, else `welcome`.
    #[serde(default)]
    pub welcomes: Vec<LocalizedText>,
    /// Operator logins who may work in this channel; empty means everyone.
    #[serde(default)]
    pub operators: Vec<String>,
    /// Website origins allowed to embed it; empty means any site.
    #[serde(default)]
    pub origins: Vec<String>,
    /// The chatbot script the channel runs on new conversations, if any.
    #[serde(default)]
    pub chatbot: Option<ChannelChatbot>,
}

/// Which chatbot script a channel runs, and when.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelChatbot {
    /// The script's id (`GET /api/chatbots`).
    pub script: String,
    /// Only while no operator of the channel is online (else: always).
    #[serde(default)]
    pub only_when_offline: bool,
}

/// A saved reply (Configuration → Canned responses): an operator types
/// `::shortcut` in a conversation to insert `text`. `GET /api/canned` lists
/// them (operators); `POST /api/canned` saves one by its shortcut and
/// `DELETE /api/canned/:shortcut` removes it (admins).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CannedResponse {
    pub shortcut: String,
    pub text: String,
}

/// A chatbot script (Live Chat → Chatbots): who the bot says it is, and its
/// steps in order. A step without a jump goes on to the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatbotScript {
    pub name: String,
    /// What visitors see as the bot's name.
    pub bot_name: String,
    /// The language the default texts are written in (BCP 47).
    pub default_lang: String,
    pub steps: Vec<ChatbotStep>,
}

/// A saved script, as `GET /api/chatbots` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatbotInfo {
    pub id: String,
    pub script: ChatbotScript,
}

/// One step of a script. `id` is how jumps name it (unique in the script).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatbotStep {
    pub id: String,
    /// What the bot says (for `forward`: while it looks for an operator).
    pub text: Translated,
    pub kind: StepKind,
}

/// A text in the script's default language, and in others.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translated {
    pub default: String,
    #[serde(default)]
    pub translations: Vec<LocalizedText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The bot says something and goes on.
    Text,
    /// The bot asks; the visitor clicks one of the answers.
    Question { answers: Vec<ChatbotAnswer> },
    /// The bot asks for an email address (checked; asked again if wrong).
    AskEmail,
    /// The visitor types anything; it is kept with the conversation.
    FreeInput,
    /// Assignment with the expertise collected so far. Nobody available:
    /// the queue, or the step `no_operator` names.
    Forward {
        #[serde(default)]
        no_operator: Option<String>,
    },
    /// The bot says its last word and the conversation ends.
    End,
}

/// An answer to a question: where it leads (else the next step) and which
/// expertise it asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatbotAnswer {
    pub label: Translated,
    #[serde(default)]
    pub jump: Option<String>,
    /// Expertise ids.
    #[serde(default)]
    pub expertise: Vec<String>,
}

/// A text written for one language (a BCP 47 tag).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LocalizedText {
    pub lang: String,
    pub text: String,
}

/// A channel's whole configuration, as admins edit it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelSettings {
    pub id: ChannelId,
    pub name: String,
    pub welcome: String,
    #[serde(default)]
    pub welcomes: Vec<LocalizedText>,
    pub operators: Vec<String>,
    pub origins: Vec<String>,
    #[serde(default)]
    pub chatbot: Option<ChannelChatbot>,
}

/// A language as people pick it: its tag and the name its speakers use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Language {
    pub tag: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OperatorInfo {
    pub login: String,
    pub name: String,
    pub chat_name: Option<String>,
    pub admin: bool,
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    /// Their own limit of conversations at once; `None`: the workspace's.
    #[serde(default)]
    pub capacity: Option<u32>,
}

/// `PUT /api/operators/:login` (admins): an operator's own capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorUpdate {
    #[serde(default)]
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExpertiseInfo {
    pub id: String,
    pub name: String,
    /// Operator logins.
    pub operators: Vec<String>,
}

/// `GET /api/workspace`: everything the profile and admin screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceView {
    pub id: String,
    pub name: String,
    /// Enabled languages.
    pub languages: Vec<Language>,
    /// Every language that can be enabled.
    pub known_languages: Vec<Language>,
    pub operators: Vec<OperatorInfo>,
    pub expertise: Vec<ExpertiseInfo>,
    /// Every channel with its settings (operators see the ones they work in).
    pub channels: Vec<ChannelSettings>,
    pub settings: WorkspaceSettings,
}

/// `GET /api/channels`: a card per channel, with the caller's Join / Leave.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelCard {
    pub id: ChannelId,
    pub name: String,
    /// True when the caller is active in the channel (shows Leave).
    pub joined: bool,
    /// Display names of the operators active in it.
    pub members: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_tagged_json() {
        let hello: ClientMsg = serde_json::from_str(r#"{"hello":{"v":1,"last_seq":3}}"#).unwrap();
        assert_eq!(hello, ClientMsg::Hello { v: 1, token: None, last_seq: 3 });
        assert_eq!(serde_json::from_str::<ClientMsg>(r#""active""#).unwrap(), ClientMsg::Active);
        let ack = ServerMsg::Ack { client_id: ClientMsgId::parse("a1").unwrap(), seq: 4 };
        assert_eq!(ack.to_json(), r#"{"ack":{"client_id":"a1","seq":4}}"#);
        let by = Author::Operator { name: "Olga".into() };
        assert_eq!(serde_json::to_string(&by).unwrap(), r#"{"operator":{"name":"Olga"}}"#);
    }

    #[test]
    fn conversation_frames_read_what_the_server_writes() {
        let id = ClientMsgId::parse("c1").unwrap();
        let author = Author::Operator { name: "Olga".into() };
        for msg in [
            ServerMsg::Welcome { v: 1, last_seq: 2 },
            ServerMsg::Message(Message {
                seq: 1,
                client_id: id.clone(),
                author: author.clone(),
                text: "hi".into(),
                at: 5,
                answers: vec![],
            }),
            ServerMsg::Ack { client_id: id, seq: 1 },
            ServerMsg::error(ErrorCode::Closed, "ended"),
            ServerMsg::Assignment { operator: Some("Olga".into()), position: None },
            ServerMsg::Assignment { operator: None, position: Some(3) },
            ServerMsg::Closed { by: author.clone(), at: 9 },
            ServerMsg::Typing { by: Author::Visitor },
            ServerMsg::Seen { by: author, seq: 4 },
            ServerMsg::Rated { rating: Rating::Ok },
        ] {
            let frame: ConversationFrame = serde_json::from_str(&msg.to_json()).unwrap();
            assert_eq!(ServerMsg::from(frame), msg);
        }
        assert!(serde_json::from_str::<ConversationFrame>(
            &ServerMsg::State { seq: 0, channels: vec![], read: vec![] }.to_json()
        )
        .is_err());
    }

    #[test]
    fn malformed_frames_are_typed_errors() {
        for bad in [
            "",
            "{",
            "null",
            r#"{"nope":{}}"#,
            r#"{"type":"hello","v":1}"#,
            r#"{"send":{"client_id":"a b","text":"x"}}"#,
            r#"{"send":{"client_id":"a","text":"x","extra":1}}"#,
        ] {
            match decode_client(bad) {
                Err(ServerMsg::Error { code: ErrorCode::Malformed, .. }) => {}
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
        let huge = format!(r#"{{"send":{{"client_id":"a","text":"{}"}}}}"#, "x".repeat(MAX_FRAME_BYTES));
        assert!(matches!(decode_client(&huge), Err(ServerMsg::Error { code: ErrorCode::TooLarge, .. })));
    }
}
