//! Calls to a channel's `ChannelDo`: presence and assignment. It is told
//! of conversations (new or changed), of operators' buses watching it and
//! of their activity, and of the workspace's settings; the edge asks it
//! what a visitor sees, who has joined, and to join, leave or transfer.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::{ConversationId, Login, WorkspaceId};
use switchboard_core::protocol::{
    Assignee, ChannelLive, ChannelState, ChatbotScript, ConversationSummary, FileLimits, LocalizedText,
    WorkspaceSettings,
};

use super::{calls, is_call};

/// Set by the workspace whenever the channel's settings change.
#[derive(Serialize, Deserialize)]
pub struct ChannelConfig {
    /// The channel's own id (an object does not know its name otherwise).
    #[serde(default)]
    pub id: String,
    pub workspace: WorkspaceId,
    pub name: String,
    pub welcome: String,
    /// The welcome message in other languages.
    #[serde(default)]
    pub welcomes: Vec<LocalizedText>,
    /// Website origins allowed to embed the channel; empty: any.
    pub origins: Vec<String>,
    /// The workspace's inactivity timeout, capacity and reassignment delay.
    #[serde(default)]
    pub settings: WorkspaceSettings,
    /// In answers to [`InfoAsk`] `{ online: true }` only: whether anyone
    /// answers now (an operator of the channel is online, or its chatbot
    /// runs).
    #[serde(default)]
    pub online: bool,
    /// The chatbot script the channel runs, and whether only while no
    /// operator is online. In answers to [`InfoAsk`] `{ starting: true }`,
    /// the script only if it runs on a conversation starting now.
    #[serde(default)]
    pub chatbot: Option<ChatbotScript>,
    #[serde(default)]
    pub chatbot_only_when_offline: bool,
    /// Visited pages are kept with their query strings (else without).
    #[serde(default)]
    pub keep_page_queries: bool,
    /// What a site signs its users' ids with (empty: none yet), and whether
    /// an unsigned `setUser` is refused (`core::identity`).
    #[serde(default)]
    pub identity_secret: String,
    #[serde(default)]
    pub require_identity: bool,
    /// What files its conversations take.
    #[serde(default)]
    pub files: FileLimits,
}

/// What a channel publishes for the edge (KV `CHANNEL_INFO`, by channel
/// id) whenever it changes: its configuration with its chatbot script, and
/// whether an operator is online. The edge answers [`InfoAsk`]s from it as
/// the channel would, without asking the channel.
#[derive(Serialize, Deserialize)]
pub struct Published {
    pub config: ChannelConfig,
    pub operator_online: bool,
}

impl Published {
    /// The answer to `ask`: whether anyone answers now (an operator, or the
    /// chatbot), and the script only for a conversation it runs on.
    pub fn answer(mut self, ask: &InfoAsk) -> ChannelConfig {
        let has_bot = self.config.chatbot.is_some();
        let runs = has_bot && !(self.config.chatbot_only_when_offline && self.operator_online);
        self.config.online = ask.online && (self.operator_online || has_bot);
        if !(ask.starting && runs) {
            self.config.chatbot = None;
        }
        self.config
    }
}

/// `/info`: the configuration, and whether anyone is online when asked
/// (only the widget's public info needs it; starting a conversation or
/// opening its socket does not).
#[derive(Serialize, Deserialize, Default)]
pub struct InfoAsk {
    #[serde(default)]
    pub online: bool,
    /// A conversation starts: with the chatbot script if it runs now.
    #[serde(default)]
    pub starting: bool,
}

/// A conversation's chatbot hands it to people: to an operator preferring
/// `expertise`; nobody free ⇒ the queue if `queue`, else it stays with the
/// bot (whose script goes on). Answers [`Forwarded`].
#[derive(Serialize, Deserialize)]
pub struct ForwardAsk {
    pub conversation: ConversationId,
    pub expertise: Vec<String>,
    pub queue: bool,
}

#[derive(Serialize, Deserialize)]
pub struct Forwarded {
    pub assigned: bool,
}

/// The channel now, with each member's user name (in the order of
/// `live.members`) for the edge to show admins.
#[derive(Serialize, Deserialize)]
pub struct LiveNow {
    pub live: ChannelLive,
    pub user_names: Vec<String>,
}

/// An operator joining, leaving, or updating their profile.
#[derive(Serialize, Deserialize)]
pub struct Member {
    pub login: Login,
    /// What visitors see (online chat name, else name).
    pub name: String,
    /// Their user name (admins see it beside `name`).
    #[serde(default)]
    pub user_name: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub expertise: Vec<String>,
    /// Their own limit; `None`: the workspace's.
    #[serde(default)]
    pub capacity: Option<u32>,
}

impl Member {
    /// What a channel keeps of an operator.
    pub fn of(me: &switchboard_core::protocol::Me) -> Member {
        Member {
            login: me.login.clone(),
            name: me.display_name.clone(),
            user_name: me.name.clone(),
            languages: me.languages.clone(),
            expertise: me.expertise.clone(),
            capacity: me.capacity,
        }
    }
}

/// The edge asks to hand a conversation over, on behalf of `by`.
#[derive(Serialize, Deserialize)]
pub struct TransferAsk {
    pub conversation: ConversationId,
    pub by: Login,
    pub by_name: String,
    /// Admins may transfer any conversation, others only their own.
    pub admin: bool,
    pub to: Option<Login>,
}

/// From the bus to a channel: the operator's tabs are open (`on`), or the
/// last one closed. A channel answers `on` with its [`ChannelState`].
#[derive(Serialize, Deserialize)]
pub struct Watch {
    pub login: Login,
    pub on: bool,
}

/// A channel's answer to a bus's [`Watch`] `{ on: true }`: the channel as
/// their inbox shows it, and the inactivity timeout the bus keeps for them.
#[derive(Serialize, Deserialize)]
pub struct Watched {
    pub state: ChannelState,
    pub inactivity_timeout_ms: i64,
}

/// From the bus to a channel: the operator is at work (told at most every
/// few minutes, for the live view's idle time; see `core::bus_clock`).
#[derive(Serialize, Deserialize)]
pub struct Activity {
    pub login: Login,
}

/// From the bus to a channel: the operator has been inactive since `since`
/// (ms) for the whole timeout; a member since before then is removed.
#[derive(Serialize, Deserialize)]
pub struct Inactive {
    pub login: Login,
    pub since: i64,
}

/// From a conversation, when its lifecycle moves (`core::relay`): it
/// started, its operator first answered, it went quiet or woke up, it
/// ended. Never per message.
#[derive(Serialize, Deserialize)]
pub struct Notify {
    pub summary: ConversationSummary,
    /// No message for the inactivity timeout: not ongoing, not served.
    pub quiet: bool,
}

/// A channel's answer to [`Notify`]: who has the conversation there, and
/// when the channel decided it (`at`, ms; 0 for nobody ever). A
/// conversation that knows an older decision (the channel's word to it was
/// lost) takes this one.
#[derive(Serialize, Deserialize, Default)]
pub struct Placed {
    pub operator: Option<Assignee>,
    pub at: i64,
}

/// From a conversation: `operator` has not answered it within the
/// reassignment delay since it was given to them (the conversation times
/// it). The channel offers it to the next operator, if anyone else can.
#[derive(Serialize, Deserialize)]
pub struct Overdue {
    pub conversation: ConversationId,
    pub operator: Login,
}

calls! {
    /// The members' profiles changed (from the workspace).
    Refresh = "/refresh": Vec<Member> => ();
    /// Who has joined.
    Members = "/members": () => Vec<Member>;
    /// The channel now (admins).
    Live = "/live": () => LiveNow;
    /// An operator joins, with their profile: who has joined now.
    Join = "/join": Member => Vec<Member>;
    /// An operator leaves: who has joined now.
    Leave = "/leave": Member => Vec<Member>;
    /// An operator no longer works here (disabled, removed, taken off the
    /// channel's list): off its members and watchers, and what they had
    /// goes to others or back to the line.
    Depart = "/depart": Login => ();
}

is_call!(Notify = "/notify" => Placed);
is_call!(Overdue = "/overdue" => ());
is_call!(Watch = "/watch" => Option<Watched>);
is_call!(Inactive = "/inactive" => ());
is_call!(Activity = "/active" => ());
is_call!(ChannelConfig = "/configure" => ());
is_call!(InfoAsk = "/info" => ChannelConfig);
is_call!(TransferAsk = "/transfer" => Option<ConversationSummary>);
is_call!(ForwardAsk = "/forward" => Forwarded);
