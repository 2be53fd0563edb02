//! Calls to a workspace's `WorkspaceDo`: sign-up, log-in and sessions, and
//! everything an admin configures. Each names the workspace in its URL
//! (`?workspace=`), which is how the object learns its own id.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::WorkspaceId;
use switchboard_core::protocol::{
    CannedResponse, ChannelInput, ChannelSettings, ChatbotInfo, ChatbotScript, Credentials, ExpertiseInfo,
    ExpertiseInput, InvitationInfo, LanguagesUpdate, Me, NewOperator, OperatorInfo, OperatorUpdate,
    PasswordChange, ProfileUpdate, SignUp, WorkspaceSettings, WorkspaceView,
};
use worker::Env;

use super::{calls, Call};
use crate::error::AppResult;
use crate::internal::{self, WORKSPACES};

#[derive(Serialize, Deserialize)]
pub struct LoggedIn {
    pub token: String,
    pub me: Me,
}

#[derive(Serialize, Deserialize)]
pub struct TokenBody {
    pub token: String,
}

/// A request made on behalf of a logged-in operator (the token is checked
/// here, with the role the route needs).
#[derive(Serialize, Deserialize)]
pub struct Authed<T> {
    pub token: String,
    #[serde(default)]
    pub id: Option<String>,
    pub body: T,
}

/// What an admin does to another operator's access (the edge's routes
/// name it; `core::access` says who may).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessChange {
    Disable,
    Enable,
    Role { admin: bool },
    Password { password: String },
}

/// An invitation the workspace made: its token (for the link; it keeps
/// only a digest) and until when it works.
#[derive(Serialize, Deserialize)]
pub struct Issued {
    pub token: String,
    pub expires_at: i64,
}

/// An invitation's token, and the password its operator chose.
#[derive(Serialize, Deserialize)]
pub struct Acceptance {
    pub token: String,
    pub password: String,
}

/// Nothing more than who asks (deletions name their item in `Authed::id`).
pub type Nothing = serde_json::Value;

calls! {
    /// Seeds the demo workspace if it is the demo's and empty.
    Seed = "/seed": () => ();
    /// Signs up: the workspace and its first admin, logged in.
    Create = "/create": SignUp => LoggedIn;
    LogIn = "/login": Credentials => LoggedIn;
    LogOut = "/logout": TokenBody => ();
    /// Who is logged in with this token.
    Session = "/session": TokenBody => Me;
    /// The workspace as the caller may see it.
    View = "/view": TokenBody => WorkspaceView;
    SaveProfile = "/profile": Authed<ProfileUpdate> => Me;
    AddOperator = "/operators": Authed<NewOperator> => OperatorInfo;
    UpdateOperator = "/operators/update": Authed<OperatorUpdate> => OperatorInfo;
    /// An admin changes another operator's access (`id`: their login).
    ChangeAccess = "/operators/access": Authed<AccessChange> => OperatorInfo;
    /// An admin removes another operator (`id`: their login).
    RemoveOperator = "/operators/remove": Authed<Nothing> => ();
    /// An admin makes an invitation link for an operator (`id`: their login).
    Invite = "/operators/invite": Authed<Nothing> => Issued;
    /// Whom an invitation is for (its token).
    ReadInvitation = "/invitations/read": TokenBody => InvitationInfo;
    /// The invited operator's password: set, the link spent, logged in.
    AcceptInvitation = "/invitations/accept": Acceptance => LoggedIn;
    /// An operator changes their own password.
    ChangePassword = "/password": Authed<PasswordChange> => ();
    SetLanguages = "/languages": Authed<LanguagesUpdate> => WorkspaceView;
    SaveSettings = "/settings": Authed<WorkspaceSettings> => WorkspaceSettings;
    CreateExpertise = "/expertise/create": Authed<ExpertiseInput> => ExpertiseInfo;
    UpdateExpertise = "/expertise/update": Authed<ExpertiseInput> => ExpertiseInfo;
    DeleteExpertise = "/expertise/delete": Authed<Nothing> => ();
    Chatbots = "/chatbots": Authed<Nothing> => Vec<ChatbotInfo>;
    SaveChatbot = "/chatbots/save": Authed<ChatbotScript> => ChatbotInfo;
    DeleteChatbot = "/chatbots/delete": Authed<Nothing> => ();
    Canned = "/canned": Authed<Nothing> => Vec<CannedResponse>;
    SaveCanned = "/canned/save": Authed<CannedResponse> => CannedResponse;
    DeleteCanned = "/canned/delete": Authed<Nothing> => ();
    CreateChannel = "/channels/create": Authed<ChannelInput> => ChannelSettings;
    UpdateChannel = "/channels/update": Authed<ChannelInput> => ChannelSettings;
}

/// Sends `c` to the workspace `id`'s object.
pub async fn call<C: Call>(env: &Env, id: &WorkspaceId, c: &C) -> AppResult<C::Answer> {
    let path = internal::with_query(C::PATH, &[("workspace", id.as_str())])?;
    internal::answer(internal::stub(env, WORKSPACES, id.as_str())?.post(&path, c).await?)
}
