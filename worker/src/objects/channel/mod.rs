//! `ChannelDo`: one Durable Object per channel.
//!
//! It knows its configuration (workspace, name, welcome, allowed websites,
//! the workspace's assignment settings — set by the `WorkspaceDo`), which
//! operators have joined it (Join / Leave, with the profile assignment
//! needs), who is online (whose bus — their `OperatorDo` — watches it: an
//! inbox tab is open), and the channel's conversations (a summary each, with the
//! operator it is assigned to, whether it has ended or gone quiet, when an
//! operator answered, as of its last lifecycle step, and who passed it on).
//! It hears of a conversation's lifecycle only (`core::relay`: the visitor's
//! first message, quiet or awake again, an operator overdue to answer, the
//! end), never of each message: those go from the conversation to its
//! assignee's bus.
//!
//! Every assignment decision — a new conversation, the queue moving on, an
//! unanswered conversation offered to the next operator, a transfer — builds
//! a snapshot and asks core (`queue::Pool` and `queue::serve` over
//! `assignment::choose`; `queue::transfer`; `queue::next_alarm`). Decisions are
//! read and written with no `await` in between, so concurrent events cannot
//! over-assign; the news (to visitors through their conversation's object,
//! to inboxes through their operators' buses) goes out afterwards, kept
//! track of across a crash (`flight.rs`). Its one alarm is a backstop for
//! inactive members, and looks whether news in flight landed; a
//! conversation times its own quiet and
//! its operator's time to answer. Conversations report to it; it never reads
//! their logs.
//!
//! Each bus has at most one call from here in flight (core's `Fanout`):
//! news that comes meanwhile goes in its next call, so under load one call
//! carries the news of several conversations, in order.
//!
//! What the policy's words mean here: *joined* = in the `members` table
//! (Join / Leave, with the languages, expertise and capacity of the
//! operator's profile; the `WorkspaceDo` sends every channel the new profile
//! whenever an operator, an expertise or the languages change); *online* =
//! their bus watches the channel: an inbox tab is open, or the last closed
//! less than `OFFLINE_GRACE_MS` (60 s) ago, kept by the bus, which then tells
//! the channel they left; *ongoing* = conversations assigned to them, not
//! closed, and not quiet (their conversation tells when no message came for
//! the workspace's inactivity timeout, and again when one comes); *capacity* = the operator's own limit if an admin set
//! one, else the workspace's (default 5); *previous operator* = who had the
//! visitor's latest earlier conversation in the channel (by the widget's
//! random visitor id; it opens nothing).
//!
//! Presence: the inbox sends `active` on its bus when the operator types,
//! points or focuses (at most every 30 s); the bus keeps their inactivity
//! clock (`core::bus_clock`) and tells each of their channels once when the
//! timeout runs out (`/inactive`: removed as if they had pressed Leave,
//! their inboxes get `removed`), and that they work at most every five
//! minutes (`/active`, the live view's idle time). An open tab alone is not
//! activity; joining is (the channel tells the bus, `/touch`). Who is online
//! changing (a bus watching or not, Join, Leave, removal) is pushed to the
//! watchers as `presence`. The alarm: a backstop for members no bus spoke
//! of for the timeout and five minutes more. A conversation whose operator
//! has not answered within `reassign_after_s` says so (`/overdue`, timed by
//! the conversation): it is offered on by `queue::unanswered`, the first gets
//! `reassigned`; with nobody else it stays, and the conversation says so
//! again after the same delay.
//!
//! Queue: first come first served, by ticket (each conversation takes the
//! next when it reaches the channel); a conversation gone quiet (its visitor
//! silent longer than the inactivity timeout) is not served until it wakes.
//! When an operator joins, their bus starts watching, a conversation closes
//! or goes quiet, or one is transferred back, the queue is served from its head
//! (`queue::serve`, a page of the line at a time). Each conversation is told
//! `assignment` (its operator's name, or its place: `core::places`, told
//! only where the shown place changes) through its `ConversationDo`. A message left while
//! nobody was online is listed "to answer by email", never queued nor
//! assigned. `/live` is the channel now (each member's online state, load
//! and idle time, the queue's length); the edge names operators for admins
//! "Jean — Jean Dupont" (`workspace::known_as`).

mod flight;
mod news;
mod presence;
mod queue;
mod store;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::Deserialize;
use switchboard_core::assignment::Operator;
use switchboard_core::bus_clock::RELAY_EVERY_MS;
use switchboard_core::fanout::Fanout;
use switchboard_core::ids::{ChannelId, ConversationId, Login, VisitorId, WorkspaceId};
use switchboard_core::protocol::{
    Assignee, BusEvent, ChannelLive, ChannelState, ChatbotScript, ConversationSummary, FileLimits,
    LocalizedText, MemberLive, ReassignReason, WorkspaceSettings,
};
use switchboard_core::queue::{self as rules, Forward, Held, Pool, Refusal, Unanswered, Wanted};
use switchboard_core::{listing, places};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue, State,
};

use crate::error::{AppError, AppResult};
use crate::internal::{self, CONVERSATIONS, OPERATORS};
use crate::meter::Meter;
use crate::rpc::bus::{Joined, Push, Touch};
use crate::rpc::channel::{
    Activity, ChannelConfig, Depart, ForwardAsk, Forwarded, Inactive, InfoAsk, Join, Leave, Live, LiveNow,
    Member, Members, Notify, Overdue, Placed, Published, Refresh, TransferAsk, Watch, Watched,
};
use crate::rpc::conversation::Assignment;
use crate::rpc::{self, serve, Call};
use crate::storage::kv::{Cache, Key, Kv};
use crate::storage::schema::{self, Schema};

use news::Piece;
use queue::News;
use store::*;

/// The calls that may change what the inboxes show (their news is kept
/// track of: `flight.rs`).
const MAKE_NEWS: [&str; 10] = [
    Notify::PATH,
    Overdue::PATH,
    Watch::PATH,
    Inactive::PATH,
    Join::PATH,
    Refresh::PATH,
    Leave::PATH,
    Depart::PATH,
    TransferAsk::PATH,
    ForwardAsk::PATH,
];

/// The channel's tables: its configuration, conversations, members and
/// watching buses.
const SCHEMA: Schema = Schema {
    object: "channel",
    tables: &[
        schema::CONFIG,
        "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, channel TEXT NOT NULL, \
         languages TEXT NOT NULL, last_seq INTEGER NOT NULL, preview TEXT NOT NULL, \
         updated_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS members (login TEXT PRIMARY KEY, name TEXT NOT NULL, joined_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS watchers (login TEXT PRIMARY KEY)",
    ],
    columns: &[
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
        ("conversations", "identity TEXT"),
        ("members", "languages TEXT NOT NULL DEFAULT '[]'"),
        ("members", "expertise TEXT NOT NULL DEFAULT '[]'"),
        ("members", "last_assigned_at INTEGER NOT NULL DEFAULT 0"),
        ("members", "last_active_at INTEGER NOT NULL DEFAULT 0"),
        ("members", "capacity INTEGER"),
    ],
    migrations: &[
        // 2: the index for a visitor's earlier conversations.
        &["CREATE INDEX IF NOT EXISTS conversations_visitor ON conversations (visitor)"],
        // 3: no chatbot is no `chatbot` key (it was an empty string).
        &["DELETE FROM config WHERE k = 'chatbot' AND v = ''"],
        // 4: an index for every query a decision makes. Those over open
        // conversations are partial: they hold only the open ones, so what
        // a decision reads does not grow with the conversations ever had
        // (the queries name them, `INDEXED BY`, so no planner can pick a scan).
        &[
            "CREATE INDEX IF NOT EXISTS conversations_open_load ON conversations (operator, updated_at) \
             WHERE operator IS NOT NULL AND closed = 0",
            "CREATE INDEX IF NOT EXISTS conversations_open_assigned ON conversations (assigned_at) \
             WHERE operator IS NOT NULL AND closed = 0",
            // On a constant column: its entries come in rowid order, the queue's.
            "CREATE INDEX IF NOT EXISTS conversations_waiting ON conversations (closed) \
             WHERE operator IS NULL AND closed = 0 AND bot = 0 AND offline = 0",
            "CREATE INDEX IF NOT EXISTS conversations_recent ON conversations (updated_at)",
        ],
        // 5: each member's user name, for admins (the edge asked the
        // workspace for every name on each card and live view before).
        &["ALTER TABLE members ADD COLUMN user_name TEXT NOT NULL DEFAULT ''"],
        // 6: conversations tell the channel when they go quiet (it no longer
        // hears each message): those quiet by the default timeout already are.
        &[
            "ALTER TABLE conversations ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0",
            "UPDATE conversations SET quiet = 1 WHERE closed = 0 \
             AND updated_at < CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 1800000",
        ],
        // 7: conversations time their operator's answer themselves: no query
        // reads the oldest unanswered any more, so its index goes.
        &["DROP INDEX IF EXISTS conversations_open_assigned"],
        // 8: ended conversations leave the channel for History; who answered
        // each visitor last stays (a returning visitor goes back to them),
        // one row per visitor.
        &[
            "CREATE TABLE IF NOT EXISTS last_operator (visitor TEXT PRIMARY KEY, operator TEXT NOT NULL, \
             at INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS last_operator_at ON last_operator (at)",
            "INSERT OR REPLACE INTO last_operator (visitor, operator, at) SELECT visitor, operator, updated_at \
             FROM conversations WHERE visitor IS NOT NULL AND operator IS NOT NULL ORDER BY rowid",
        ],
        // 9: the open conversations decided on since a moment, for telling
        // them again after a crash (`flight.rs`).
        &["CREATE INDEX IF NOT EXISTS conversations_decided ON conversations (assigned_at) WHERE closed = 0"],
        // 10: tickets: the line in the order conversations came, and places
        // in it counted from its head (`core::places`).
        &[
            "ALTER TABLE conversations ADD COLUMN ticket INTEGER NOT NULL DEFAULT 0",
            "UPDATE conversations SET ticket = rowid",
            "INSERT OR REPLACE INTO config (k, v) \
             SELECT 'tickets', CAST(coalesce(max(rowid), 0) AS TEXT) FROM conversations",
            "CREATE INDEX IF NOT EXISTS conversations_line ON conversations (ticket) \
             WHERE operator IS NULL AND closed = 0 AND bot = 0 AND offline = 0 AND quiet = 0",
            "DROP INDEX IF EXISTS conversations_waiting",
        ],
    ],
};

#[durable_object]
pub struct ChannelDo {
    state: State,
    env: Env,
    /// Whether its tables are as this build knows them (else it refuses).
    schema: schema::Applied,
    /// Counts what reaches it (`METER=true` only).
    meter: Meter,
    /// What is still to go to each operator's bus (by login), as JSON.
    to_buses: RefCell<Fanout<Login, Piece>>,
    /// Requests running that may make news (`flight.rs`).
    running: Cell<u32>,
    /// The last instance may have lost news since then: every watching bus
    /// is owed the channel whole, the conversations decided on since their
    /// word (`flight.rs`).
    owed: Cell<Option<i64>>,
    /// How many wait in line, as the watching buses were last told (none
    /// yet: the next news tells them).
    waiting_told: Cell<Option<u32>>,
    /// Its `config` table, read once while it is awake (`storage::kv::Cache`).
    config_cache: Cache,
}

impl DurableObject for ChannelDo {
    fn new(state: State, env: Env) -> Self {
        let schema = SCHEMA.apply(&state.storage().sql());
        let meter = Meter::new(&env, "channel");
        let config = Kv::new(state.storage().sql(), "config");
        let owed =
            Cell::new(if schema.is_ok() { config.load(&keys::IN_FLIGHT).ok().flatten() } else { None });
        let (to_buses, running, waiting_told) = (RefCell::default(), Cell::new(0), Cell::new(None));
        let config_cache = Cache::default();
        Self { state, env, schema, meter, to_buses, running, owed, waiting_told, config_cache }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.meter.reached(&req.path());
        if let Err(e) = schema::ready(&self.schema) {
            return Ok(e.into_response());
        }
        let path = req.path();
        let result = async {
            self.repay().await?;
            // What may change what the inboxes show notes news in flight first.
            let expecting = MAKE_NEWS.contains(&path.as_str()).then(|| self.expect_news()).transpose()?;
            let answer = match path.as_str() {
                Notify::PATH => serve(&mut req, |c: Notify| self.notify(c)).await,
                Overdue::PATH => serve(&mut req, |c: Overdue| self.overdue(c)).await,
                Watch::PATH => serve(&mut req, |c: Watch| self.watch(c)).await,
                Activity::PATH => serve(&mut req, |c: Activity| self.active(c)).await,
                Inactive::PATH => serve(&mut req, |c: Inactive| self.inactive(c)).await,
                ChannelConfig::PATH => serve(&mut req, |c: ChannelConfig| async { self.configure(c) }).await,
                InfoAsk::PATH => serve(&mut req, |c: InfoAsk| async { self.info(c) }).await,
                Join::PATH => serve(&mut req, |c: Join| self.join(c.0)).await,
                Refresh::PATH => serve(&mut req, |c: Refresh| self.refresh(c.0)).await,
                Leave::PATH => serve(&mut req, |c: Leave| self.leave(c.0)).await,
                Depart::PATH => serve(&mut req, |c: Depart| self.depart(c.0)).await,
                Members::PATH => serve(&mut req, |_: Members| async { self.members() }).await,
                Live::PATH => serve(&mut req, |_: Live| async { self.live() }).await,
                TransferAsk::PATH => serve(&mut req, |c: TransferAsk| self.transfer(c)).await,
                ForwardAsk::PATH => serve(&mut req, |c: ForwardAsk| self.forward(c)).await,
                _ => Err(AppError::NotFound),
            };
            // A new note: the alarm is to look whether it all landed.
            if let Some((guard, true)) = expecting {
                drop(guard);
                self.schedule().await?;
            }
            answer
        }
        .await;
        // What visitors are answered from, if configuration or presence moved.
        if [ChannelConfig::PATH, Watch::PATH, Join::PATH, Leave::PATH, Depart::PATH, Inactive::PATH]
            .contains(&path.as_str())
        {
            self.publish().await;
        }
        self.meter.rows(&self.state.storage().sql());
        Ok(result.unwrap_or_else(AppError::into_response))
    }

    /// The backstop: removes members whose inactivity outlasted the timeout
    /// (and more) with no word from their bus, lets the queue move on, then
    /// sets the alarm for the next.
    async fn alarm(&self) -> Result<Response> {
        let work = async {
            self.repay().await?;
            self.land().await?;
            let done = self.on_alarm().await;
            // A member removed: who answers may have changed.
            self.publish().await;
            done
        };
        super::ring(&self.meter, &self.sql(), work).await
    }
}

impl ChannelDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    fn configure(&self, config: ChannelConfig) -> AppResult<()> {
        let kv = self.config();
        let id = ChannelId::parse(config.id).map_err(|_| AppError::BadRequest("no channel id".into()))?;
        kv.store(&keys::ID, &id)?;
        kv.store(&keys::WORKSPACE, &config.workspace)?;
        kv.store(&keys::NAME, &config.name)?;
        kv.store(&keys::WELCOME, &config.welcome)?;
        kv.store(&keys::WELCOMES, &config.welcomes)?;
        kv.store(&keys::ORIGINS, &config.origins)?;
        kv.store(&keys::SETTINGS, &config.settings)?;
        kv.store_or_remove(&keys::CHATBOT, config.chatbot.as_ref())?;
        kv.store(&keys::CHATBOT_ONLY_WHEN_OFFLINE, &config.chatbot_only_when_offline)?;
        kv.store(&keys::KEEP_PAGE_QUERIES, &config.keep_page_queries)?;
        kv.store(&keys::IDENTITY_SECRET, &config.identity_secret)?;
        kv.store(&keys::REQUIRE_IDENTITY, &config.require_identity)?;
        kv.store(&keys::FILES, &config.files)
    }

    fn config(&self) -> Kv {
        Kv::cached(self.sql(), "config", &self.config_cache)
    }

    /// The workspace the channel belongs to (set by its first configure).
    fn workspace(&self) -> AppResult<WorkspaceId> {
        self.config().load(&keys::WORKSPACE)?.ok_or(AppError::NotFound)
    }

    fn settings(&self) -> AppResult<WorkspaceSettings> {
        Ok(self.config().load(&keys::SETTINGS)?.unwrap_or_default())
    }

    /// The configuration; 404 for a channel no workspace has created.
    fn info(&self, ask: InfoAsk) -> AppResult<ChannelConfig> {
        Ok(self.published()?.ok_or(AppError::NotFound)?.answer(&ask))
    }

    /// What the edge answers visitors from: the configuration with the
    /// chatbot script, and whether an operator is online. `None` for a
    /// channel no workspace has created.
    fn published(&self) -> AppResult<Option<Published>> {
        let kv = self.config();
        let (Some(workspace), Some(name)) = (kv.load(&keys::WORKSPACE)?, kv.load(&keys::NAME)?) else {
            return Ok(None);
        };
        let config = ChannelConfig {
            id: kv.load(&keys::ID)?.map(String::from).unwrap_or_default(),
            workspace,
            name,
            welcome: kv.load(&keys::WELCOME)?.unwrap_or_default(),
            welcomes: kv.load(&keys::WELCOMES)?.unwrap_or_default(),
            origins: kv.load(&keys::ORIGINS)?.unwrap_or_default(),
            settings: self.settings()?,
            online: false,
            chatbot: kv.load(&keys::CHATBOT)?,
            chatbot_only_when_offline: kv.load(&keys::CHATBOT_ONLY_WHEN_OFFLINE)?.unwrap_or(false),
            keep_page_queries: kv.load(&keys::KEEP_PAGE_QUERIES)?.unwrap_or(false),
            identity_secret: kv.load(&keys::IDENTITY_SECRET)?.unwrap_or_default(),
            require_identity: kv.load(&keys::REQUIRE_IDENTITY)?.unwrap_or(false),
            files: kv.load(&keys::FILES)?.unwrap_or_default(),
        };
        Ok(Some(Published { config, operator_online: self.anyone_online()? }))
    }

    /// Writes what the edge answers visitors from to KV when it differs
    /// from what was last written (after each change of configuration or
    /// presence). A failed write is logged; the next change tries again.
    async fn publish(&self) {
        let written = async {
            let Some(now) = self.published()? else { return Ok(()) };
            let json = serde_json::to_string(&now)?;
            let kv = self.config();
            if kv.load(&keys::PUBLISHED)?.as_deref() == Some(json.as_str()) {
                return Ok(());
            }
            let store = self.env.kv(internal::CHANNEL_INFO)?;
            let put =
                store.put(&now.config.id, json.as_str()).map_err(|e| AppError::Internal(e.to_string()))?;
            put.execute().await.map_err(|e| AppError::Internal(e.to_string()))?;
            kv.store(&keys::PUBLISHED, &json)
        };
        if let Err(e) = written.await {
            e.log();
        }
    }
}
