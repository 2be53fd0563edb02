//! What admins configure: workspace settings, channels, expertise,
//! canned responses and chatbot scripts.

use super::*;

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
    /// Days History keeps an ended conversation; 0: for good.
    #[serde(default)]
    pub keep_history_days: u32,
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
            keep_history_days: 0,
        }
    }
}

fn default_capacity() -> u32 {
    DEFAULT_CAPACITY
}

fn default_reassign_after() -> u32 {
    DEFAULT_REASSIGN_AFTER_S
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
    pub operators: Vec<Login>,
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
    pub operators: Vec<Login>,
    /// Website origins allowed to embed it; empty means any site.
    #[serde(default)]
    pub origins: Vec<String>,
    /// The chatbot script the channel runs on new conversations, if any.
    #[serde(default)]
    pub chatbot: Option<ChannelChatbot>,
    /// Keep visited pages' addresses whole, query strings and fragments
    /// included (off: cut off, as they may hold tokens and personal data).
    #[serde(default)]
    pub keep_page_queries: bool,
    /// Refuse a visitor the site describes (`setUser`) without signing
    /// their id with the channel's identity secret.
    #[serde(default)]
    pub require_identity: bool,
    /// Make a new identity secret (the old one stops verifying at once).
    #[serde(default)]
    pub new_identity_secret: bool,
    /// What files visitors and operators may send.
    #[serde(default)]
    pub files: FileLimits,
}

/// What files a channel takes (issue 23; `crate::files` checks them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileLimits {
    /// The largest file, in MB (1 to `MAX_FILE_MB`).
    pub max_mb: u32,
    /// The kinds taken, as `crate::files::Kind::label` names them.
    pub kinds: Vec<String>,
}

impl Default for FileLimits {
    /// 10 MB of images, PDF, text and ZIP.
    fn default() -> Self {
        FileLimits {
            max_mb: (crate::limits::DEFAULT_MAX_FILE_BYTES / (1024 * 1024)) as u32,
            kinds: crate::files::KINDS.iter().map(|k| k.label().to_owned()).collect(),
        }
    }
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
    pub operators: Vec<Login>,
    pub origins: Vec<String>,
    #[serde(default)]
    pub chatbot: Option<ChannelChatbot>,
    /// As in [`ChannelInput`].
    #[serde(default)]
    pub keep_page_queries: bool,
    #[serde(default)]
    pub require_identity: bool,
    /// The secret a site signs its users' ids with (admins only; `None`
    /// for others, and empty for a channel saved before secrets existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_secret: Option<String>,
    #[serde(default)]
    pub files: FileLimits,
}
