//! The inbox's HTTP bodies: logging in, who is logged in, a channel now,
//! and what the inbox lists.

use super::*;

/// `POST /api/login`: the login as typed (any case, spaces around), and
/// the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
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
    pub workspace: WorkspaceId,
    pub workspace_name: String,
    pub login: Login,
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
    /// The language of their inbox (one of `texts::INBOX_LANGUAGES`);
    /// `None`: their browser's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbox_language: Option<String>,
}

/// Every HTTP error body: a short text for people and a stable code; `field`
/// names the form field the message belongs next to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A refusal for now (429): how many seconds until it may be tried again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u32>,
    /// Why `field` was refused, for the inbox to say in its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// One of `core::reasons::REASONS` and the values of its markers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

/// `POST /api/signup`: a new workspace and its first admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUp {
    pub workspace_name: String,
    pub name: String,
    pub login: String,
    pub password: String,
}

/// `POST /api/operators` (admins): a new operator of the workspace. An
/// empty password invites them: they have none until they choose one
/// through their link (`POST /api/operators/:login/invite`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOperator {
    pub name: String,
    pub login: String,
    #[serde(default)]
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
    /// The inbox's language (`None`: the browser's).
    #[serde(default)]
    pub inbox_language: Option<String>,
}

/// `POST /api/conversations/:id/transfer`: hand a conversation to another
/// operator of its channel (`to`, a login), or back to its queue (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub channel: ChannelId,
    #[serde(default)]
    pub to: Option<Login>,
}

/// `GET /api/channels/:id/live`: the channel right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelLive {
    /// Conversations waiting for an operator.
    pub queue: u32,
    /// Operators who have joined, in the order they joined.
    pub members: Vec<MemberLive>,
}

/// `GET /api/channels/:id/team` (any operator of the channel): who has
/// joined, whether online, and how loaded — what a transfer needs, without
/// the live view's idle times and queue (those are the admins').
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Teammate {
    pub login: Login,
    pub name: String,
    pub online: bool,
    pub ongoing: u32,
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLive {
    pub login: Login,
    pub name: String,
    pub online: bool,
    pub ongoing: u32,
    pub capacity: u32,
    /// Seconds since their last activity.
    pub idle_s: u64,
}

/// A language as people pick it: its tag and the name its speakers use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Language {
    pub tag: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OperatorInfo {
    pub login: Login,
    pub name: String,
    pub chat_name: Option<String>,
    pub admin: bool,
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    /// Their own limit of conversations at once; `None`: the workspace's.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Disabled by an admin: cannot log in, works in no channel.
    #[serde(default)]
    pub disabled: bool,
    /// Until when their invitation link works, if one was made and not used.
    #[serde(default)]
    pub invited_until: Option<i64>,
}

/// `POST /api/operators/:login/invite` (admins): a link that lets the
/// operator choose their password and logs them in, once, until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub link: String,
    pub expires_at: i64,
}

/// `GET /api/invitations/:value`: whom a link invites, and where.
/// (`POST` to the same address with a [`PasswordReset`] accepts it.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub login: Login,
    pub name: String,
    pub workspace_name: String,
    pub expires_at: i64,
}

/// `PUT /api/operators/:login/role` (admins): admin or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleUpdate {
    pub admin: bool,
}

/// `POST /api/operators/:login/password` (admins): their new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub password: String,
}

/// `PUT /api/password`: the caller's own password, changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
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
    pub operators: Vec<Login>,
}

/// `GET /api/workspace`: everything the profile and admin screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceView {
    pub id: WorkspaceId,
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

/// `POST /api/push/subscriptions`: a browser's push subscription, as its
/// `PushSubscription.toJSON()` gives it (other fields are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushSubscription {
    pub endpoint: String,
    pub keys: PushKeys,
}

/// A subscription's keys, base64url: the browser's P-256 public key and
/// its 16-byte auth secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushKeys {
    pub p256dh: String,
    pub auth: String,
}

/// `GET /api/push`: the key browsers subscribe with (`applicationServerKey`,
/// base64url), `None` when this server sends no pushes (no VAPID key set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushInfo {
    pub key: Option<String>,
}

/// What a push carries (encrypted) to an operator's device, for the inbox's
/// service worker to show as a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushNotice {
    pub title: String,
    pub body: String,
    /// The conversation it is about: the notification's tag (a newer one
    /// replaces it) and what a click opens.
    pub conversation: ConversationId,
}
