//! `ChannelDo`: one Durable Object per channel.
//!
//! It knows its configuration (workspace, name, welcome, allowed websites,
//! the workspace's assignment settings — set by the `WorkspaceDo`), which
//! operators have joined it (Join / Leave, with the profile assignment
//! needs), who is online (whose bus — their `OperatorDo` — watches it: an
//! inbox tab is open), and the channel's conversations (a summary each, with the
//! operator it is assigned to, whether it has ended, when an operator last
//! answered, and who passed it on).
//!
//! Every assignment decision — a new conversation, the queue moving on, an
//! unanswered conversation offered to the next operator, a transfer — builds
//! a snapshot and asks `switchboard_core::assignment::choose`. Decisions are
//! read and written with no `await` in between, so concurrent events cannot
//! over-assign; the news (to visitors through their conversation's object,
//! to inboxes through their operators' buses) goes out afterwards. One alarm covers every
//! deadline: inactive members, unanswered conversations, and ongoing
//! conversations going stale while others wait. Conversations report to it;
//! it never reads their logs.
//!
//! Each bus has at most one call from here in flight (core's `Fanout`):
//! news that comes meanwhile goes in its next call, so under load one call
//! carries the news of several conversations, in order.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use switchboard_core::assignment::{self, Operator, Request as Ask};
use switchboard_core::fanout::Fanout;
use switchboard_core::ids::{ChannelId, ConversationId, VisitorId};
use switchboard_core::protocol::{
    Assignee, BusEvent, ChannelLive, ChannelState, ChatbotScript, ConversationSummary, LocalizedText,
    MemberLive, ReassignReason, ServerMsg, WorkspaceSettings,
};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::error::{AppError, AppResult};
use crate::internal::{self, CONVERSATIONS, OPERATORS};
use crate::kv::Kv;
use crate::operator_do::{Activity, Watch};
use crate::schema;

/// How many conversations an inbox gets when it connects.
const LIST_LIMIT: i64 = 200;

/// Set by the workspace whenever the channel's settings change.
#[derive(Serialize, Deserialize)]
pub struct ChannelConfig {
    /// The channel's own id (an object does not know its name otherwise).
    #[serde(default)]
    pub id: String,
    pub workspace: String,
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

/// An operator joining, leaving, or updating their profile.
#[derive(Serialize, Deserialize)]
pub struct Member {
    pub login: String,
    /// What visitors see (online chat name, else name).
    pub name: String,
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
    pub by: String,
    pub by_name: String,
    /// Admins may transfer any conversation, others only their own.
    pub admin: bool,
    pub to: Option<String>,
}

#[durable_object]
pub struct ChannelDo {
    state: State,
    env: Env,
    /// What is still to go to each operator's bus (by login), as JSON.
    to_buses: RefCell<Fanout<String, Rc<str>>>,
}

/// A request's turn to send to one bus, from when it queued news there and
/// found nobody sending. Dropped before the bus's queue is empty (an error,
/// or the request went away), it gives the turn up: the next news for that
/// bus makes a new sender, which sends what is left too.
struct BusSender<'a> {
    fanout: &'a RefCell<Fanout<String, Rc<str>>>,
    login: String,
    done: bool,
}

impl Drop for BusSender<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.fanout.borrow_mut().abandon(&self.login);
        }
    }
}

#[derive(Deserialize)]
struct Row {
    id: String,
    channel: String,
    languages: String,
    last_seq: i64,
    preview: String,
    updated_at: i64,
    operator: Option<String>,
    operator_name: Option<String>,
    closed: i64,
    answered_at: i64,
    visitor: Option<String>,
    visitor_name: Option<String>,
    visitor_email: Option<String>,
    offline: i64,
    rating: Option<String>,
    rating_comment: Option<String>,
    bot: i64,
    expertise: String,
    pages: String,
    country: Option<String>,
}

impl Row {
    fn into_summary(self) -> Option<ConversationSummary> {
        Some(ConversationSummary {
            id: ConversationId::parse(self.id).ok()?,
            channel: ChannelId::parse(self.channel).ok()?,
            languages: serde_json::from_str(&self.languages).ok()?,
            last_seq: self.last_seq as u64,
            preview: self.preview,
            updated_at: self.updated_at,
            operator: self.operator.zip(self.operator_name).map(|(login, name)| Assignee { login, name }),
            closed: self.closed != 0,
            answered_at: (self.answered_at > 0).then_some(self.answered_at),
            visitor: self.visitor.and_then(|v| VisitorId::parse(v).ok()),
            visitor_name: self.visitor_name,
            visitor_email: self.visitor_email,
            offline: self.offline != 0,
            rating: self.rating.and_then(|r| serde_json::from_str(&r).ok()),
            rating_comment: self.rating_comment,
            bot: self.bot != 0,
            expertise: strings(&self.expertise),
            pages: strings(&self.pages),
            country: self.country,
        })
    }
}

const ROW_COLUMNS: &str = "id, channel, languages, last_seq, preview, updated_at, operator, operator_name, \
                           closed, answered_at, visitor, visitor_name, visitor_email, offline, rating, \
                           rating_comment, bot, expertise, pages, country";

#[derive(Deserialize)]
struct MemberRow {
    login: String,
    name: String,
    languages: String,
    expertise: String,
    last_assigned_at: i64,
    last_active_at: i64,
    capacity: Option<i64>,
    /// Whether their bus watches the channel: online (an inbox tab is open,
    /// or the last closed less than the grace period ago).
    watching: i64,
}

const MEMBER_COLUMNS: &str =
    "login, name, languages, expertise, last_assigned_at, last_active_at, capacity, \
     EXISTS (SELECT 1 FROM watchers w WHERE w.login = members.login) AS watching";

/// What assignment needs of one conversation.
#[derive(Deserialize)]
struct Candidate {
    id: String,
    languages: String,
    visitor: Option<String>,
    passed: String,
    operator: Option<String>,
    closed: i64,
    expertise: String,
}

const CANDIDATE_COLUMNS: &str = "id, languages, visitor, passed, operator, closed, expertise";

/// The channel's operators as assignment sees them, kept current while
/// several decisions are made in one go.
struct Snapshot {
    operators: Vec<Operator>,
    names: Vec<String>,
    idle_since: Vec<i64>,
    now: i64,
    /// The workspace's settings, read once per event.
    settings: WorkspaceSettings,
}

impl Snapshot {
    fn any_eligible(&self) -> bool {
        self.operators.iter().any(Operator::is_eligible)
    }

    fn index(&self, login: &str) -> Option<usize> {
        self.operators.iter().position(|o| o.login == login)
    }

    fn name(&self, login: &str) -> Option<String> {
        self.index(login).map(|i| self.names[i].clone())
    }

    /// `login` got a conversation (or, with `delta` -1, gave one away).
    fn count(&mut self, login: &str, delta: i32) {
        if let Some(i) = self.index(login) {
            let o = &mut self.operators[i];
            o.ongoing = o.ongoing.saturating_add_signed(delta);
            if delta > 0 {
                o.last_assigned_at = self.now;
            }
        }
    }
}

/// What must be told once decisions are written down.
#[derive(Default)]
struct News {
    /// Conversations whose operator or place changed (their visitor and the
    /// inboxes hear of it).
    changed: Vec<ConversationId>,
    /// Whether the queue moved (everyone waiting learns their new place).
    queue_moved: bool,
    /// To an operator's inboxes: a conversation left them.
    reassigned: Vec<(String, BusEvent)>,
    /// To an operator's inboxes: removed from the channel.
    removed: Vec<(String, BusEvent)>,
}

impl News {
    fn merge(&mut self, other: News) {
        self.changed.extend(other.changed);
        self.queue_moved |= other.queue_moved;
        self.reassigned.extend(other.reassigned);
        self.removed.extend(other.removed);
    }
}

fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn conversation_id(id: String) -> AppResult<ConversationId> {
    ConversationId::parse(id).map_err(|e| AppError::Internal(e.to_string()))
}

impl DurableObject for ChannelDo {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        Kv::create(&sql, "config");
        schema::create(
            &sql,
            "channel",
            &[
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, channel TEXT NOT NULL, \
             languages TEXT NOT NULL, last_seq INTEGER NOT NULL, preview TEXT NOT NULL, \
             updated_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS members (login TEXT PRIMARY KEY, name TEXT NOT NULL, joined_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS watchers (login TEXT PRIMARY KEY)",
            ],
        );
        schema::add_columns(
            &sql,
            &[
                ("conversations", "operator TEXT"),
                ("conversations", "operator_name TEXT"),
                ("conversations", "closed INTEGER NOT NULL DEFAULT 0"),
                ("conversations", "answered_at INTEGER NOT NULL DEFAULT 0"),
                ("conversations", "assigned_at INTEGER NOT NULL DEFAULT 0"),
                ("conversations", "visitor TEXT"),
                ("conversations", "passed TEXT NOT NULL DEFAULT '[]'"),
                ("conversations", "visitor_name TEXT"),
                ("conversations", "visitor_email TEXT"),
                ("conversations", "offline INTEGER NOT NULL DEFAULT 0"),
                ("conversations", "rating TEXT"),
                ("conversations", "rating_comment TEXT"),
                ("conversations", "bot INTEGER NOT NULL DEFAULT 0"),
                ("conversations", "expertise TEXT NOT NULL DEFAULT '[]'"),
                ("conversations", "pages TEXT NOT NULL DEFAULT '[]'"),
                ("conversations", "country TEXT"),
                ("members", "languages TEXT NOT NULL DEFAULT '[]'"),
                ("members", "expertise TEXT NOT NULL DEFAULT '[]'"),
                ("members", "last_assigned_at INTEGER NOT NULL DEFAULT 0"),
                ("members", "last_active_at INTEGER NOT NULL DEFAULT 0"),
                ("members", "capacity INTEGER"),
            ],
        );
        schema::create(
            &sql,
            "channel",
            &["CREATE INDEX IF NOT EXISTS conversations_visitor ON conversations (visitor)"],
        );
        Self { state, env, to_buses: RefCell::default() }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = async {
            match req.path().as_str() {
                "/notify" => self.notify(internal::body(&mut req).await?).await,
                "/watch" => self.watch(internal::body(&mut req).await?).await,
                "/active" => self.active(internal::body(&mut req).await?).await,
                "/configure" => self.configure(internal::body(&mut req).await?),
                "/info" => self.info(internal::body(&mut req).await?),
                "/join" => self.join(internal::body(&mut req).await?).await,
                "/refresh" => self.refresh(internal::body(&mut req).await?).await,
                "/leave" => self.leave(internal::body(&mut req).await?).await,
                "/members" => self.members().and_then(|m| Ok(Response::from_json(&m)?)),
                "/live" => Ok(Response::from_json(&self.live()?)?),
                "/transfer" => self.transfer(internal::body(&mut req).await?).await,
                "/forward" => self.forward(internal::body(&mut req).await?).await,
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        Ok(result.unwrap_or_else(AppError::into_response))
    }

    /// Every deadline: removes members whose inactivity outlasted the
    /// timeout, offers unanswered conversations to the next operator, lets
    /// the queue move on, then sets the alarm for the next deadline.
    async fn alarm(&self) -> Result<Response> {
        if let Err(e) = self.on_alarm().await {
            e.log();
        }
        Response::empty()
    }
}

fn ok() -> AppResult<Response> {
    Ok(Response::from_json(&serde_json::json!({}))?)
}

impl ChannelDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    fn configure(&self, config: ChannelConfig) -> AppResult<Response> {
        let origins = serde_json::to_string(&config.origins)?;
        let welcomes = serde_json::to_string(&config.welcomes)?;
        let settings = serde_json::to_string(&config.settings)?;
        let chatbot = config.chatbot.as_ref().map(serde_json::to_string).transpose()?.unwrap_or_default();
        let only_when_offline = if config.chatbot_only_when_offline { "1" } else { "" };
        for (k, v) in [
            ("id", config.id),
            ("workspace", config.workspace),
            ("name", config.name),
            ("welcome", config.welcome),
            ("welcomes", welcomes),
            ("origins", origins),
            ("settings", settings),
            ("chatbot", chatbot),
            ("chatbot_only_when_offline", only_when_offline.to_owned()),
        ] {
            self.config().set(k, &v)?;
        }
        ok()
    }

    fn config(&self) -> Kv {
        Kv::new(self.sql(), "config")
    }

    fn settings(&self) -> AppResult<WorkspaceSettings> {
        Ok(self.config().get("settings")?.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
    }

    /// The configuration; 404 for a channel no workspace has created.
    fn info(&self, ask: InfoAsk) -> AppResult<Response> {
        let config = self.config();
        let get = |key: &str| config.get(key).ok().flatten();
        let script = get("chatbot").filter(|c| !c.is_empty());
        let only_when_offline = get("chatbot_only_when_offline").is_some_and(|o| !o.is_empty());
        // Whether an operator is online matters only for these asks.
        let operator_online = if ask.online || (ask.starting && only_when_offline && script.is_some()) {
            self.anyone_online()?
        } else {
            false
        };
        let has_bot = script.is_some();
        let runs = has_bot && !(only_when_offline && operator_online);
        // The script itself is read only for a conversation it runs on.
        let chatbot: Option<ChatbotScript> = match script {
            Some(script) if ask.starting && runs => serde_json::from_str(&script).ok(),
            _ => None,
        };
        match (get("workspace"), get("name")) {
            (Some(workspace), Some(name)) => Ok(Response::from_json(&ChannelConfig {
                id: get("id").unwrap_or_default(),
                workspace,
                name,
                welcome: get("welcome").unwrap_or_default(),
                welcomes: get("welcomes").and_then(|w| serde_json::from_str(&w).ok()).unwrap_or_default(),
                origins: get("origins").map(|o| strings(&o)).unwrap_or_default(),
                settings: self.settings()?,
                online: ask.online && (operator_online || has_bot),
                chatbot,
                chatbot_only_when_offline: only_when_offline,
            })?),
            _ => Err(AppError::NotFound),
        }
    }

    async fn join(&self, m: Member) -> AppResult<Response> {
        let now = crate::now_ms();
        self.sql().exec(
            "INSERT INTO members (login, name, joined_at, languages, expertise, last_active_at, capacity) \
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(login) DO UPDATE SET name = excluded.name, \
             languages = excluded.languages, expertise = excluded.expertise, \
             last_active_at = excluded.last_active_at, capacity = excluded.capacity",
            vec![
                m.login.into(),
                m.name.into(),
                now.into(),
                serde_json::to_string(&m.languages)?.into(),
                serde_json::to_string(&m.expertise)?.into(),
                now.into(),
                m.capacity.map(i64::from).into(),
            ],
        )?;
        self.serve_queue().await?;
        self.broadcast(self.presence()?.into_iter().collect()).await?;
        Ok(Response::from_json(&self.members()?)?)
    }

    /// The operator is at work (their bus passes on their inbox's activity).
    async fn active(&self, a: Activity) -> AppResult<Response> {
        self.sql().exec(
            "UPDATE members SET last_active_at = ? WHERE login = ?",
            vec![crate::now_ms().into(), a.login.into()],
        )?;
        self.schedule().await?;
        ok()
    }

    /// An operator's bus opens (`on`: answered with the channel as their
    /// inbox shows it; coming online may take waiting conversations) or
    /// closes (the bus's grace period is over). A member's coming and going
    /// is told to everyone watching.
    async fn watch(&self, w: Watch) -> AppResult<Response> {
        let sql = self.sql();
        let login = w.login.as_str();
        let was_watching = self.has_login("watchers", login)?;
        if w.on {
            sql.exec(
                "INSERT INTO watchers (login) VALUES (?) ON CONFLICT(login) DO NOTHING",
                vec![login.into()],
            )?;
            self.serve_queue().await?;
        } else {
            sql.exec("DELETE FROM watchers WHERE login = ?", vec![login.into()])?;
        }
        if was_watching != w.on && self.has_login("members", login)? {
            self.broadcast(self.presence()?.into_iter().collect()).await?;
        }
        let state = match (w.on, self.channel_id()?) {
            (true, Some(channel)) => Some(ChannelState {
                channel,
                name: String::new(),
                items: self.list(&sql)?,
                online: self.online_names()?,
            }),
            _ => None,
        };
        Ok(Response::from_json(&state)?)
    }

    /// Whether `table` (`watchers` or `members`) has a row for `login`.
    fn has_login(&self, table: &str, login: &str) -> AppResult<bool> {
        #[derive(Deserialize)]
        struct Found {
            found: i64,
        }
        let query = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE login = ?) AS found");
        Ok(self.sql().exec(&query, vec![login.into()])?.one::<Found>()?.found != 0)
    }

    /// The logins whose bus watches the channel.
    fn watchers(&self) -> AppResult<Vec<String>> {
        #[derive(Deserialize)]
        struct Watcher {
            login: String,
        }
        let rows: Vec<Watcher> = self.sql().exec("SELECT login FROM watchers", None)?.to_array()?;
        Ok(rows.into_iter().map(|w| w.login).collect())
    }

    /// The members with an inbox open, by the name visitors see.
    fn online_names(&self) -> AppResult<Vec<String>> {
        Ok(self.member_rows()?.into_iter().filter(|m| m.watching != 0).map(|m| m.name).collect())
    }

    /// Who is online now, as the inboxes are told.
    fn presence(&self) -> AppResult<Option<BusEvent>> {
        let online = self.online_names()?;
        Ok(self.channel_id()?.map(|channel| BusEvent::Presence { channel, online }))
    }

    /// One alarm, for the earliest deadline: a member's inactivity running
    /// out, an assigned conversation going unanswered too long, or (while
    /// some wait) an ongoing conversation going stale, which frees a slot.
    async fn schedule(&self) -> AppResult<()> {
        #[derive(Deserialize)]
        struct At {
            t: Option<i64>,
        }
        let sql = self.sql();
        let settings = self.settings()?;
        let (timeout, now) = (settings.inactivity_timeout_ms(), crate::now_ms());
        let min = |query: &str, args: Vec<worker::SqlStorageValue>| -> AppResult<Option<i64>> {
            Ok(sql.exec(query, args)?.one::<At>()?.t)
        };
        let mut due = vec![];
        if let Some(t) = min("SELECT min(last_active_at) AS t FROM members", vec![])? {
            due.push(t + timeout);
        }
        if settings.reassign_after_s > 0 {
            let unanswered = min(
                "SELECT min(assigned_at) AS t FROM conversations WHERE operator IS NOT NULL AND closed = 0 \
                 AND answered_at < assigned_at AND updated_at > ?",
                vec![(now - timeout).into()],
            )?;
            due.extend(unanswered.map(|t| t + settings.reassign_after_s as i64 * 1000));
        }
        if !self.waiting(now, timeout)?.is_empty() {
            let stale = min(
                "SELECT min(updated_at) AS t FROM conversations WHERE operator IS NOT NULL AND closed = 0 \
                 AND updated_at > ?",
                vec![(now - timeout).into()],
            )?;
            due.extend(stale.map(|t| t + timeout + 1));
        }
        let storage = self.state.storage();
        match due.into_iter().min() {
            Some(t) => storage.set_alarm((t - now).max(0)).await?,
            None => storage.delete_alarm().await?,
        }
        Ok(())
    }

    async fn on_alarm(&self) -> AppResult<()> {
        let mut news = self.expire()?;
        let mut snapshot = self.snapshot()?;
        news.merge(self.reassign_unanswered(&mut snapshot)?);
        news.merge(self.drain_queue(&mut snapshot)?);
        self.schedule().await?;
        self.announce(news).await
    }

    /// Removes the members whose inactivity outlasted the timeout.
    fn expire(&self) -> AppResult<News> {
        let timeout = self.settings()?.inactivity_timeout_ms();
        let cutoff = crate::now_ms() - timeout;
        #[derive(Deserialize)]
        struct Gone {
            login: String,
        }
        let sql = self.sql();
        let gone: Vec<Gone> = sql
            .exec("SELECT login FROM members WHERE last_active_at <= ?", vec![cutoff.into()])?
            .to_array()?;
        sql.exec("DELETE FROM members WHERE last_active_at <= ?", vec![cutoff.into()])?;
        let mut news = News::default();
        if let Some(channel) = self.channel_id()? {
            let notice = BusEvent::Removed { channel, inactive_minutes: (timeout / 60_000).max(1) as u32 };
            news.removed = gone.into_iter().map(|g| (g.login, notice.clone())).collect();
        }
        Ok(news)
    }

    /// This channel's id (the name the workspace knows it by).
    fn channel_id(&self) -> AppResult<Option<ChannelId>> {
        Ok(self.config().get("id")?.and_then(|id| ChannelId::parse(id).ok()))
    }

    /// Operators' profiles changed (a no-op for those not joined here); a
    /// larger capacity may let the queue move on.
    async fn refresh(&self, members: Vec<Member>) -> AppResult<Response> {
        for m in members {
            self.sql().exec(
                "UPDATE members SET name = ?, languages = ?, expertise = ?, capacity = ? WHERE login = ?",
                vec![
                    m.name.into(),
                    serde_json::to_string(&m.languages)?.into(),
                    serde_json::to_string(&m.expertise)?.into(),
                    m.capacity.map(i64::from).into(),
                    m.login.into(),
                ],
            )?;
        }
        self.serve_queue().await?;
        ok()
    }

    async fn leave(&self, m: Member) -> AppResult<Response> {
        self.sql().exec("DELETE FROM members WHERE login = ?", vec![m.login.into()])?;
        self.broadcast(self.presence()?.into_iter().collect()).await?;
        Ok(Response::from_json(&self.members()?)?)
    }

    fn anyone_online(&self) -> AppResult<bool> {
        Ok(self.member_rows()?.iter().any(|m| m.watching != 0))
    }

    fn member_rows(&self) -> AppResult<Vec<MemberRow>> {
        Ok(self
            .sql()
            .exec(&format!("SELECT {MEMBER_COLUMNS} FROM members ORDER BY joined_at, login"), None)?
            .to_array()?)
    }

    /// Who is active in the channel, in the order they joined.
    fn members(&self) -> AppResult<Vec<Member>> {
        Ok(self
            .member_rows()?
            .into_iter()
            .map(|r| Member {
                login: r.login,
                name: r.name,
                languages: strings(&r.languages),
                expertise: strings(&r.expertise),
                capacity: r.capacity.map(|c| c as u32),
            })
            .collect())
    }

    /// Who is joined, online, how loaded, and how long the queue is.
    fn live(&self) -> AppResult<ChannelLive> {
        let snapshot = self.snapshot()?;
        let queue = self.waiting(snapshot.now, snapshot.settings.inactivity_timeout_ms())?.len() as u32;
        let members = snapshot
            .operators
            .iter()
            .zip(&snapshot.names)
            .zip(&snapshot.idle_since)
            .map(|((o, name), since)| MemberLive {
                login: o.login.clone(),
                name: name.clone(),
                online: o.online,
                ongoing: o.ongoing,
                capacity: o.capacity,
                idle_s: ((snapshot.now - since).max(0) / 1000) as u64,
            })
            .collect();
        Ok(ChannelLive { queue, members })
    }

    /// The channel's operators now: online (their bus watches) and their ongoing conversations
    /// (assigned, not closed, active within the inactivity timeout).
    fn snapshot(&self) -> AppResult<Snapshot> {
        let (now, settings) = (crate::now_ms(), self.settings()?);
        #[derive(Deserialize)]
        struct Load {
            operator: String,
            n: i64,
        }
        let loads: Vec<Load> = self
            .sql()
            .exec(
                "SELECT operator, count(*) AS n FROM conversations WHERE operator IS NOT NULL \
                 AND closed = 0 AND updated_at > ? GROUP BY operator",
                vec![(now - settings.inactivity_timeout_ms()).into()],
            )?
            .to_array()?;
        let mut snapshot = Snapshot { operators: vec![], names: vec![], idle_since: vec![], now, settings };
        for m in self.member_rows()? {
            snapshot.operators.push(Operator {
                online: m.watching != 0,
                joined: true,
                capacity: m.capacity.map_or(snapshot.settings.capacity, |c| c as u32),
                ongoing: loads.iter().find(|l| l.operator == m.login).map_or(0, |l| l.n as u32),
                languages: strings(&m.languages),
                expertise: strings(&m.expertise),
                last_assigned_at: m.last_assigned_at,
                login: m.login,
            });
            snapshot.names.push(m.name);
            snapshot.idle_since.push(m.last_active_at);
        }
        Ok(snapshot)
    }

    fn candidate(&self, id: &str) -> AppResult<Option<Candidate>> {
        let rows: Vec<Candidate> = self
            .sql()
            .exec(&format!("SELECT {CANDIDATE_COLUMNS} FROM conversations WHERE id = ?"), vec![id.into()])?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Who answered this visitor last in this channel.
    fn previous_operator(&self, c: &Candidate) -> AppResult<Option<String>> {
        let Some(visitor) = &c.visitor else { return Ok(None) };
        #[derive(Deserialize)]
        struct Previous {
            operator: String,
        }
        let rows: Vec<Previous> = self
            .sql()
            .exec(
                "SELECT operator FROM conversations WHERE visitor = ? AND id != ? AND operator IS NOT NULL \
                 ORDER BY rowid DESC LIMIT 1",
                vec![visitor.as_str().into(), c.id.as_str().into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().next().map(|p| p.operator))
    }

    /// Picks the operator for one conversation by the policy and writes it
    /// down (or leaves it as it is: nobody can take it). No `await`.
    fn assign(&self, snapshot: &mut Snapshot, c: &Candidate) -> AppResult<Option<String>> {
        let (languages, passed, expertise) =
            (strings(&c.languages), strings(&c.passed), strings(&c.expertise));
        let previous = self.previous_operator(c)?;
        let ask = Ask {
            languages: &languages,
            expertise: &expertise,
            previous_operator: previous.as_deref(),
            passed: &passed,
        };
        let Some(chosen) = assignment::choose(&snapshot.operators, &ask).map(|o| o.login.clone()) else {
            return Ok(None);
        };
        self.give(snapshot, &c.id, &chosen, &passed)?;
        Ok(Some(chosen))
    }

    /// Writes down that `login` has the conversation now (people have it:
    /// no longer the chatbot's).
    fn give(&self, snapshot: &mut Snapshot, id: &str, login: &str, passed: &[String]) -> AppResult<()> {
        let sql = self.sql();
        let name = snapshot.name(login).unwrap_or_default();
        sql.exec(
            "UPDATE conversations SET operator = ?, operator_name = ?, assigned_at = ?, passed = ?, bot = 0 \
             WHERE id = ?",
            vec![
                login.into(),
                name.into(),
                snapshot.now.into(),
                serde_json::to_string(passed)?.into(),
                id.into(),
            ],
        )?;
        sql.exec(
            "UPDATE members SET last_assigned_at = ? WHERE login = ?",
            vec![snapshot.now.into(), login.into()],
        )?;
        snapshot.count(login, 1);
        Ok(())
    }

    /// Waiting conversations, first come first (stale ones — visitors gone
    /// for longer than the inactivity timeout — are not served).
    fn waiting(&self, now: i64, timeout_ms: i64) -> AppResult<Vec<Candidate>> {
        Ok(self
            .sql()
            .exec(
                &format!(
                    "SELECT {CANDIDATE_COLUMNS} FROM conversations \
                     WHERE operator IS NULL AND closed = 0 AND bot = 0 AND offline = 0 AND updated_at > ? \
                     ORDER BY rowid"
                ),
                vec![(now - timeout_ms).into()],
            )?
            .to_array()?)
    }

    /// The queue as it is now.
    fn queue_now(&self) -> AppResult<Vec<Candidate>> {
        self.waiting(crate::now_ms(), self.settings()?.inactivity_timeout_ms())
    }

    /// Gives waiting conversations, oldest first, to operators who can take
    /// them, while anyone can. No `await`.
    fn drain_queue(&self, snapshot: &mut Snapshot) -> AppResult<News> {
        let mut news = News::default();
        for c in self.waiting(snapshot.now, snapshot.settings.inactivity_timeout_ms())? {
            if !snapshot.any_eligible() {
                break;
            }
            // One that only those who passed it on could take stays; the
            // next may go.
            if self.assign(snapshot, &c)?.is_some() {
                news.changed.push(conversation_id(c.id)?);
                news.queue_moved = true;
            }
        }
        Ok(news)
    }

    async fn serve_queue(&self) -> AppResult<()> {
        let news = self.drain_queue(&mut self.snapshot()?)?;
        self.schedule().await?;
        self.announce(news).await
    }

    /// Offers each conversation its operator left unanswered too long to the
    /// next operator by the policy; the first is told. With nobody else to
    /// take it, it stays, and is offered again after the same delay.
    fn reassign_unanswered(&self, snapshot: &mut Snapshot) -> AppResult<News> {
        let mut news = News::default();
        let seconds = snapshot.settings.reassign_after_s;
        if seconds == 0 {
            return Ok(news);
        }
        let overdue: Vec<Candidate> = self
            .sql()
            .exec(
                &format!(
                    "SELECT {CANDIDATE_COLUMNS} FROM conversations \
                     WHERE operator IS NOT NULL AND closed = 0 AND answered_at < assigned_at \
                     AND assigned_at <= ? AND updated_at > ? ORDER BY assigned_at"
                ),
                vec![
                    (snapshot.now - seconds as i64 * 1000).into(),
                    (snapshot.now - snapshot.settings.inactivity_timeout_ms()).into(),
                ],
            )?
            .to_array()?;
        for mut c in overdue {
            let Some(first) = c.operator.clone() else { continue };
            let mut passed = strings(&c.passed);
            passed.push(first.clone());
            c.passed = serde_json::to_string(&passed)?;
            match self.assign(snapshot, &c)? {
                Some(next) => {
                    snapshot.count(&first, -1);
                    let to = snapshot.name(&next).map(|name| Assignee { login: next, name });
                    let id = conversation_id(c.id)?;
                    let reason = ReassignReason::Unanswered { seconds };
                    news.reassigned
                        .push((first, BusEvent::Reassigned { conversation: id.clone(), to, reason }));
                    news.changed.push(id);
                }
                None => {
                    self.sql().exec(
                        "UPDATE conversations SET assigned_at = ? WHERE id = ?",
                        vec![snapshot.now.into(), c.id.into()],
                    )?;
                }
            }
        }
        Ok(news)
    }

    /// Hands a conversation to another joined operator, or back to the
    /// queue (where whoever passed it on is not offered it again).
    async fn transfer(&self, t: TransferAsk) -> AppResult<Response> {
        let c = self.candidate(t.conversation.as_str())?.ok_or(AppError::NotFound)?;
        if c.closed != 0 {
            return Err(AppError::Conflict("This conversation has ended.".into()));
        }
        if !t.admin && c.operator.as_deref() != Some(t.by.as_str()) {
            return Err(AppError::ForbiddenBecause(
                "Only the operator who has this conversation, or an admin, can transfer it.".into(),
            ));
        }
        let mut snapshot = self.snapshot()?;
        let mut passed = strings(&c.passed);
        passed.extend(c.operator.clone());
        let mut news = News::default();
        match &t.to {
            Some(login) => {
                let invalid = |message: String| AppError::Invalid { field: "to".into(), message };
                let name = snapshot
                    .name(login)
                    .ok_or_else(|| invalid("They have not joined this channel.".into()))?;
                if c.operator.as_deref() == Some(login.as_str()) {
                    return Err(invalid(format!("{name} has this conversation already.")));
                }
                passed.retain(|p| p != login);
                self.give(&mut snapshot, &c.id, login, &passed)?;
            }
            None => {
                self.sql().exec(
                    "UPDATE conversations SET operator = NULL, operator_name = NULL, passed = ?, bot = 0 \
                     WHERE id = ?",
                    vec![serde_json::to_string(&passed)?.into(), c.id.as_str().into()],
                )?;
                news.queue_moved = true;
            }
        }
        if let Some(first) = &c.operator {
            snapshot.count(first, -1);
        }
        news.merge(self.drain_queue(&mut snapshot)?);
        let id = conversation_id(c.id)?;
        if !news.changed.contains(&id) {
            news.changed.push(id.clone());
        }
        if let Some(first) = c.operator {
            let to = t.to.and_then(|login| snapshot.name(&login).map(|name| Assignee { login, name }));
            let reason = ReassignReason::Transferred { by: t.by_name };
            news.reassigned.push((first, BusEvent::Reassigned { conversation: id.clone(), to, reason }));
        }
        self.schedule().await?;
        self.announce(news).await?;
        Ok(Response::from_json(&self.summary(&id)?)?)
    }

    /// A conversation's chatbot hands it on, with the expertise its answers
    /// asked for: assigned by the policy, else queued (if the script has no
    /// "no operator" branch) or left with the bot.
    async fn forward(&self, f: ForwardAsk) -> AppResult<Response> {
        let mut c = self.candidate(f.conversation.as_str())?.ok_or(AppError::NotFound)?;
        if c.closed != 0 {
            return Err(AppError::Conflict("This conversation has ended.".into()));
        }
        // An admin handed it to someone meanwhile: people have it.
        if c.operator.is_some() {
            return Ok(Response::from_json(&Forwarded { assigned: true })?);
        }
        c.expertise = serde_json::to_string(&f.expertise)?;
        self.sql().exec(
            "UPDATE conversations SET expertise = ? WHERE id = ?",
            vec![c.expertise.as_str().into(), c.id.as_str().into()],
        )?;
        let assigned = self.assign(&mut self.snapshot()?, &c)?.is_some();
        let mut news = News::default();
        if assigned || f.queue {
            // Queued: off to people as well (an assigned one is already).
            if !assigned {
                self.sql()
                    .exec("UPDATE conversations SET bot = 0 WHERE id = ?", vec![c.id.as_str().into()])?;
            }
            news.changed.push(f.conversation);
        }
        self.schedule().await?;
        self.announce(news).await?;
        Ok(Response::from_json(&Forwarded { assigned })?)
    }

    /// A conversation reports how it looks; a new one is assigned first, an
    /// ended one frees its operator's slot.
    async fn notify(&self, s: ConversationSummary) -> AppResult<Response> {
        let before = self.candidate(s.id.as_str())?;
        self.sql().exec(
            "INSERT INTO conversations (id, channel, languages, last_seq, preview, updated_at, closed, \
             answered_at, visitor, visitor_name, visitor_email, offline, rating, rating_comment, bot, \
             expertise, pages, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET \
             preview = CASE WHEN excluded.last_seq >= conversations.last_seq \
             THEN excluded.preview ELSE conversations.preview END, \
             last_seq = max(conversations.last_seq, excluded.last_seq), \
             updated_at = max(conversations.updated_at, excluded.updated_at), \
             closed = max(conversations.closed, excluded.closed), \
             answered_at = max(conversations.answered_at, excluded.answered_at), \
             rating = coalesce(excluded.rating, conversations.rating), \
             rating_comment = coalesce(excluded.rating_comment, conversations.rating_comment), \
             visitor_email = coalesce(excluded.visitor_email, conversations.visitor_email), \
             bot = min(conversations.bot, excluded.bot), expertise = excluded.expertise, \
             pages = excluded.pages, country = coalesce(excluded.country, conversations.country)",
            vec![
                s.id.as_str().into(),
                s.channel.as_str().into(),
                serde_json::to_string(&s.languages)?.into(),
                (s.last_seq as i64).into(),
                s.preview.as_str().into(),
                s.updated_at.into(),
                (s.closed as i64).into(),
                s.answered_at.unwrap_or(0).into(),
                s.visitor.as_ref().map(|v| v.as_str().to_owned()).into(),
                s.visitor_name.clone().into(),
                s.visitor_email.clone().into(),
                (s.offline as i64).into(),
                s.rating.map(|r| serde_json::to_string(&r)).transpose()?.into(),
                s.rating_comment.clone().into(),
                (s.bot as i64).into(),
                serde_json::to_string(&s.expertise)?.into(),
                serde_json::to_string(&s.pages)?.into(),
                s.country.clone().into(),
            ],
        )?;
        let mut news = News::default();
        match before {
            // The chatbot has it: it forwards when its script says so. A
            // message left while nobody was online is answered by email: it
            // is listed, never queued nor assigned as a live chat.
            None if s.bot || s.offline => {}
            None => {
                let c = self.candidate(s.id.as_str())?.ok_or(AppError::NotFound)?;
                // A newcomer who waits learns their place; the others' do not change.
                self.assign(&mut self.snapshot()?, &c)?;
                news.changed.push(s.id.clone());
            }
            Some(c) if c.closed == 0 && s.closed => {
                news.merge(self.drain_queue(&mut self.snapshot()?)?);
                if c.operator.is_none() {
                    news.queue_moved = true;
                }
            }
            Some(_) => {}
        }
        self.schedule().await?;
        let listed = news.changed.contains(&s.id);
        self.announce(news).await?;
        if !listed {
            if let Some(summary) = self.summary(&s.id)? {
                self.broadcast(vec![BusEvent::Updated(Box::new(summary))]).await?;
            }
        }
        ok()
    }

    /// Tells what the decisions changed: inboxes get the updated summaries
    /// and their notices, visitors who they have or their place in line.
    /// Everything is queued for the buses first, in order, then sent while
    /// the conversations are told.
    async fn announce(&self, news: News) -> AppResult<()> {
        let watchers = self.watchers()?;
        let mut senders = vec![];
        // Removed members are no longer online here: the others are told.
        let removed_any = !news.removed.is_empty();
        for (login, event) in news.removed.into_iter().chain(news.reassigned) {
            if watchers.contains(&login) {
                senders.extend(self.queue(std::slice::from_ref(&login), &[event])?);
            }
        }
        let mut tells = vec![];
        let mut updates = vec![];
        let mut waiting: Option<Vec<Candidate>> = None;
        if news.queue_moved {
            waiting = Some(self.queue_now()?);
        }
        for id in &news.changed {
            if let Some(summary) = self.summary(id)? {
                let position = match &summary.operator {
                    Some(_) => None,
                    None => {
                        if waiting.is_none() {
                            waiting = Some(self.queue_now()?);
                        }
                        let line = waiting.as_deref().unwrap_or_default();
                        line.iter().position(|w| w.id == id.as_str()).map(|i| i as u32 + 1)
                    }
                };
                let operator = summary.operator.as_ref().map(|a| a.name.clone());
                updates.push(BusEvent::Updated(Box::new(summary)));
                tells.push((id.clone(), operator, position));
            }
        }
        if removed_any {
            updates.extend(self.presence()?);
        }
        senders.extend(self.queue(&watchers, &updates)?);
        if news.queue_moved {
            for (i, w) in waiting.unwrap_or_default().iter().enumerate() {
                let id = conversation_id(w.id.clone())?;
                if !news.changed.contains(&id) {
                    tells.push((id, None, Some(i as u32 + 1)));
                }
            }
        }
        let tells = tells.iter().map(|(id, operator, position)| self.tell(id, operator.clone(), *position));
        let (told, ()) =
            futures_util::future::join(futures_util::future::join_all(tells), self.send(senders)).await;
        told.into_iter().collect()
    }

    /// Tells a conversation (so its visitor) who has it, or its place.
    async fn tell(
        &self,
        id: &ConversationId,
        operator: Option<String>,
        position: Option<u32>,
    ) -> AppResult<()> {
        let stub = internal::stub(&self.env, CONVERSATIONS, id.as_str())?;
        let news = ServerMsg::Assignment { operator, position };
        internal::answer::<serde_json::Value>(internal::post(&stub, "/assignment", &news).await?).await?;
        Ok(())
    }

    fn summary(&self, id: &ConversationId) -> AppResult<Option<ConversationSummary>> {
        let rows: Vec<Row> = self
            .sql()
            .exec(&format!("SELECT {ROW_COLUMNS} FROM conversations WHERE id = ?"), vec![id.as_str().into()])?
            .to_array()?;
        Ok(rows.into_iter().next().and_then(Row::into_summary))
    }

    /// Sends `events` to every operator whose bus watches the channel.
    async fn broadcast(&self, events: Vec<BusEvent>) -> AppResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.push(&self.watchers()?, &events).await
    }

    /// Sends `events` to the buses of `logins` (see [`Self::queue`]).
    async fn push(&self, logins: &[String], events: &[BusEvent]) -> AppResult<()> {
        let mine = self.queue(logins, events)?;
        self.send(mine).await;
        Ok(())
    }

    /// Queues `events` for the buses of `logins`. A bus already being sent
    /// to gets them in its sender's next call; for the others this request
    /// is now the sender, and [`Self::send`]s.
    fn queue(&self, logins: &[String], events: &[BusEvent]) -> AppResult<Vec<BusSender<'_>>> {
        let news = events
            .iter()
            .map(|event| Ok(Rc::from(serde_json::to_string(event)?)))
            .collect::<AppResult<Vec<Rc<str>>>>()?;
        let mine = self.to_buses.borrow_mut().queue(logins, &news);
        Ok(mine.into_iter().map(|login| BusSender { fanout: &self.to_buses, login, done: false }).collect())
    }

    /// Sends to each bus, all at once, until nothing is left for them.
    async fn send(&self, senders: Vec<BusSender<'_>>) {
        if senders.is_empty() {
            return;
        }
        match self.config().get("workspace") {
            Ok(workspace) => {
                let workspace = workspace.unwrap_or_default();
                futures_util::future::join_all(senders.into_iter().map(|s| self.send_to_bus(&workspace, s)))
                    .await;
            }
            Err(e) => e.log(),
        }
    }

    /// Sends a bus what is queued for it, a call at a time, until nothing is
    /// left. A call that fails is logged and the next one goes on, as before
    /// batching: the inbox has that conversation right again when it next
    /// changes, or when the tab loads the whole state.
    async fn send_to_bus(&self, workspace: &str, mut sender: BusSender<'_>) {
        loop {
            let batch = self.to_buses.borrow_mut().next(&sender.login);
            if batch.is_empty() {
                sender.done = true;
                return;
            }
            let login = &sender.login;
            let sent = async {
                let stub = internal::stub(&self.env, OPERATORS, &internal::bus_name(workspace, login))?;
                let body = format!("[{}]", batch.join(","));
                internal::answer::<serde_json::Value>(internal::post_json(&stub, "/push", body).await?).await
            };
            if let Err(e) = sent.await {
                e.log();
            }
        }
    }

    fn list(&self, sql: &SqlStorage) -> AppResult<Vec<ConversationSummary>> {
        let rows: Vec<Row> = sql
            .exec(
                &format!("SELECT {ROW_COLUMNS} FROM conversations ORDER BY updated_at DESC LIMIT ?"),
                vec![LIST_LIMIT.into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().filter_map(Row::into_summary).collect())
    }
}
