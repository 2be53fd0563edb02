//! `ConversationDo`: one Durable Object per conversation.
//!
//! It owns the conversation's message log (SQLite) and the sockets of the
//! visitor and of the operators who have it open (hibernation API: a socket
//! costs nothing while idle; its session lives in the socket's attachment, so
//! nothing is lost when the object sleeps). Each frame is handed to
//! `switchboard_core::conversation`, and the effects are carried out here, in
//! order: store, then ack and broadcast. It also remembers the end (who
//! closed it, when), relays "typing" to the other sockets without storing
//! it, and counts the visitor's recent messages for core's rate limit.
//!
//! When its channel runs a chatbot, it keeps the script and its place in it
//! (`switchboard_core::chatbot::Run`), gives it the visitor's messages, and
//! writes the bot's words to the log like anyone's.
//!
//! It does not know about channels beyond telling its channel's object of
//! the conversation's lifecycle (`relay.rs`: the visitor's first message,
//! going quiet or waking up, an operator overdue to answer, the end — never
//! each message),
//! asking it for an operator when the chatbot forwards, and passing on the
//! channel's assignment news (who has the conversation, or its place in the
//! queue) to its sockets, keeping the latest for later ones. Each message,
//! page and rating goes to the assignee's bus (one slim event), nowhere else.
//!
//! Typing: a client sends `typing` at most every 3 s while its person types
//! (and again at the first keystroke after sending); it is relayed to the
//! other sockets, never stored, and shown for 5 s or until the message
//! comes. Closing: the visitor or an operator sends `close`; who and when
//! are kept, `closed` is broadcast (and sent after `welcome` to later
//! sockets), new messages get `ErrorCode::Closed`, and the channel is told,
//! which frees the slot. An empty conversation (no visitor message yet)
//! costs the channel nothing: it never heard of it.

mod archive;
mod bot;
mod files;
mod relay;
mod store;

use serde::{Deserialize, Serialize};
use switchboard_core::chatbot::{self, Input, Run};
use switchboard_core::conversation::{note_visit, Conversation, Effect, Ledger, Role, Seen, Session};
use switchboard_core::ids::{ChannelId, ClientMsgId, ConversationId, Login, Seq, VisitorId, WorkspaceId};
use switchboard_core::limits::DEFAULT_INACTIVITY_TIMEOUT_S;
use switchboard_core::protocol::{
    decode_client, Activity, Author, BusEvent, ChatbotScript, ClientMsg, ConversationSummary, ErrorCode,
    FileLimits, Message, Rating, ServerMsg, VisitorIdentity, SESSION_ENDED,
};
use switchboard_core::relay::Event;
use switchboard_core::workspace;
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};

use crate::auth::same_secret;
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS};
use crate::meter::Meter;
use crate::objects::Attachment;
use crate::rpc::channel::{ForwardAsk, Notify};
use crate::rpc::conversation::{Assignment, Disconnect, Init, Latest, Permit, ReadFile, Stored};
use crate::rpc::{self, serve, Call};
use crate::storage::kv::{Cache, Json, Key, Kv};
use crate::storage::schema::{self, Schema};
/// A file sent in the conversation (`Attachment` is a socket's here).
use switchboard_core::protocol::Attachment as File;

use bot::*;
use relay::{wrote, Told};
use store::*;

/// The inactivity timeout of conversations started before they kept their
/// workspace's.
const DEFAULT_TIMEOUT_MS: i64 = DEFAULT_INACTIVITY_TIMEOUT_S as i64 * 1000;

/// The conversation's tables: its settings and its log.
const SCHEMA: Schema = Schema {
    object: "conversation",
    tables: &[
        schema::META,
        "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, \
         author TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)",
    ],
    columns: &[("messages", "answers TEXT")],
    migrations: &[
        UNFRAME,
        // 2: the visitor's recent messages (the rate limit, on every
        // message) through an index, not a read of the whole log.
        &["CREATE INDEX IF NOT EXISTS messages_by_author ON messages (author, at)"],
        // 3: files (issue 23): those uploaded, and those each message carries.
        &[
            "CREATE TABLE files (id TEXT PRIMARY KEY, name TEXT NOT NULL, content_type TEXT NOT NULL, \
             size INTEGER NOT NULL)",
            "ALTER TABLE messages ADD COLUMN files TEXT",
        ],
    ],
};

#[durable_object]
pub struct ConversationDo {
    state: State,
    env: Env,
    /// Whether its tables are as this build knows them (else it refuses).
    schema: schema::Applied,
    /// Counts what reaches it (`METER=true` only).
    meter: Meter,
    /// Its `meta` table, read once while it is awake (`storage::kv::Cache`).
    meta_cache: Cache,
    /// The last message's seq and time, once read while it is awake (only
    /// it writes the log).
    tip: std::cell::Cell<Option<(Seq, i64)>>,
    /// Frames take turns (`turns.rs`).
    turns: crate::turns::Turns,
}

impl DurableObject for ConversationDo {
    fn new(state: State, env: Env) -> Self {
        let schema = SCHEMA.apply(&state.storage().sql());
        let meter = Meter::new(&env, "conversation");
        Self {
            state,
            env,
            schema,
            meter,
            meta_cache: Cache::default(),
            tip: Default::default(),
            turns: Default::default(),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.meter.reached(&req.path());
        if let Err(e) = schema::ready(&self.schema) {
            return Ok(e.into_response());
        }
        let result = match req.path().as_str() {
            Init::PATH => serve(&mut req, |c: Init| self.init(c)).await,
            Assignment::PATH => serve(&mut req, |c: Assignment| self.assignment(c)).await,
            Latest::PATH => serve(&mut req, |_: Latest| async { self.latest() }).await,
            Permit::PATH => serve(&mut req, |c: Permit| async move { self.permit(c.0) }).await,
            Stored::PATH => serve(&mut req, |c: Stored| async move { self.stored(c.0) }).await,
            ReadFile::PATH => serve(&mut req, |c: ReadFile| async move { self.read_file(c.0) }).await,
            Disconnect::PATH => {
                serve(&mut req, |c: Disconnect| async move { self.disconnect(&c.0.tag) }).await
            }
            rpc::SOCKET => self.accept(&req),
            _ => Err(AppError::NotFound),
        };
        self.meter.rows(&self.state.storage().sql());
        Ok(result.unwrap_or_else(AppError::into_response))
    }

    async fn websocket_message(&self, ws: WebSocket, message: WebSocketIncomingMessage) -> Result<()> {
        self.meter.reached("socket frame");
        if let Err(e) = self.on_message(&ws, message).await {
            e.log();
            let _ = ws.send_with_str(ServerMsg::error(ErrorCode::Internal, "please retry").to_json());
        }
        self.meter.rows(&self.sql());
        Ok(())
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        let _ = ws.close(Some(1000), Some("bye"));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }

    /// The quiet check and the time to answer (`relay.rs`).
    async fn alarm(&self) -> Result<Response> {
        super::ring(&self.meter, &self.sql(), self.on_alarm()).await
    }
}

impl ConversationDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    async fn init(&self, init: Init) -> AppResult<()> {
        let kv = self.meta();
        if kv.has(&keys::CHANNEL)? {
            return Err(AppError::Conflict("conversation exists".into()));
        }
        kv.store(&keys::ID, &init.id)?;
        kv.store(&keys::CHANNEL, &init.channel)?;
        kv.store(&keys::LANGUAGES, &init.languages)?;
        kv.store(&keys::TOKEN, &init.token)?;
        kv.store_or_remove(&keys::VISITOR, init.visitor.as_ref())?;
        let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        kv.store_or_remove(&keys::VISITOR_NAME, given(&init.visitor_name).as_ref())?;
        kv.store_or_remove(&keys::VISITOR_EMAIL, given(&init.visitor_email).as_ref())?;
        kv.store_or_remove(&keys::IDENTITY, init.identity.as_ref())?;
        kv.store(&keys::OFFLINE, &init.offline)?;
        kv.store_or_remove(&keys::COUNTRY, given(&init.country).as_ref())?;
        kv.store(&keys::WORKSPACE, &init.workspace)?;
        kv.store(&keys::TIMEOUT_MS, &init.inactivity_timeout_ms)?;
        kv.store(&keys::REASSIGN_AFTER_MS, &init.reassign_after_ms)?;
        kv.store(&keys::ORIGINS, &init.origins)?;
        kv.store(&keys::KEEP_PAGE_QUERIES, &init.keep_page_queries)?;
        kv.store(&keys::FILE_LIMITS, &init.files)?;
        if let Some(script) = &init.chatbot {
            // The bot has it until its script forwards: the visitor sees its name.
            kv.store(&keys::SCRIPT, script)?;
            kv.store(&keys::RUN, &Run::default())?;
            kv.store(
                &keys::ASSIGNMENT,
                &Assigned { operator: Some(script.bot_name.clone()), position: None },
            )?;
        }
        // The channel hears of it with the visitor's first message.
        Ok(())
    }

    /// News from the channel: who has the conversation, or its place in the
    /// queue. Kept (for sockets that connect later) and passed on; a new
    /// assignee's inbox gets the conversation's latest at once.
    pub(super) async fn assignment(&self, news: Assignment) -> AppResult<()> {
        let kv = self.meta();
        // A word it has already (told again after a crash): nothing new.
        let to = news.operator.as_ref().map(|a| &a.login);
        if to.is_some()
            && news.at > 0
            && news.at <= kv.load(&keys::ASSIGNED_AT)?.unwrap_or(0)
            && to == kv.load(&keys::ASSIGNEE)?.as_ref()
        {
            return Ok(());
        }
        let kept =
            Assigned { operator: news.operator.as_ref().map(|a| a.name.clone()), position: news.position };
        kv.store(&keys::ASSIGNMENT, &kept)?;
        if news.at > kv.load(&keys::ASSIGNED_AT)?.unwrap_or(0) {
            kv.store(&keys::ASSIGNED_AT, &news.at)?;
        }
        kv.store_or_remove(&keys::ASSIGNEE, news.operator.as_ref().map(|a| &a.login))?;
        self.broadcast(&kept.frame().to_json());
        // Their clock to answer starts now (a new assignee's anew).
        self.time_answer(news.operator.is_some()).await?;
        self.report(&[Event::Assigned { person: news.operator.is_some() }], None).await
    }

    /// Sends to every socket that has said hello.
    fn broadcast(&self, json: &str) {
        self.send_introduced(json, None);
    }

    /// Sends to every socket that has said hello, but `from`.
    fn relay(&self, from: &WebSocket, json: &str) {
        self.send_introduced(json, Some(from));
    }

    fn send_introduced(&self, json: &str, except: Option<&WebSocket>) {
        for socket in self.state.get_websockets() {
            let introduced = socket.attached::<Session>().ok().flatten().is_some_and(|s| s.introduced);
            if introduced && except != Some(&socket) {
                let _ = socket.send_with_str(json);
            }
        }
    }

    /// Closes the sockets tagged `tag` (a session that ended, or every
    /// session of an operator): nothing more goes to them or is taken.
    fn disconnect(&self, tag: &str) -> AppResult<()> {
        for ws in self.state.get_websockets_with_tag(tag) {
            if let Some(mut session) = ws.attached::<Session>()? {
                session.introduced = false;
                ws.attach(&session)?;
            }
            let _ = ws.close(Some(SESSION_ENDED), Some("session ended"));
        }
        Ok(())
    }

    /// Accepts a socket whose role the edge has decided.
    fn accept(&self, req: &Request) -> AppResult<Response> {
        let url = req.url()?;
        let q = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
        let kv = self.meta();
        let Some(channel) = kv.load(&keys::CHANNEL)? else {
            return Err(AppError::NotFound);
        };
        let channel = channel.as_str();
        let role = match q("role").as_deref() {
            // The visitor's widget names this channel, on a site it allowed.
            Some("visitor") if q("channel").as_deref() == Some(channel) => {
                let origins = kv.load(&keys::ORIGINS)?.unwrap_or_default();
                if !workspace::site_allowed(&origins, &q("origin").unwrap_or_default()) {
                    return Err(AppError::ForbiddenBecause(
                        "This website is not allowed to use this chat.".into(),
                    ));
                }
                Role::Visitor
            }
            Some("visitor") => return Err(AppError::NotFound),
            Some("operator") => {
                let allowed = q("channels").unwrap_or_default();
                if !allowed.split(',').any(|c| c == channel) {
                    return Err(AppError::NotFound);
                }
                let login = q("login").and_then(|l| Login::parse(l).ok());
                let login = login.ok_or_else(|| AppError::BadRequest("no login".into()))?;
                Role::Operator {
                    name: q("name").unwrap_or_default(),
                    login: Some(login),
                    admin: q("admin").as_deref() == Some("1"),
                }
            }
            _ => return Err(AppError::BadRequest("unknown role".into())),
        };
        let pair = WebSocketPair::new()?;
        match &role {
            // Tagged with its session and its operator: either's end closes it.
            Role::Operator { login: Some(login), .. } => {
                let session = q("session").ok_or_else(|| AppError::BadRequest("no session".into()))?;
                let tags = [session, internal::operator_tag(login)];
                self.state.accept_websocket_with_tags(&pair.server, &[&tags[0], &tags[1]]);
            }
            _ => self.state.accept_web_socket(&pair.server),
        }
        let mut session = Session::new(role);
        // Noted once the visitor has said hello with their token.
        session.page = q("page").filter(|_| session.role == Role::Visitor);
        // Its visitors' messages across conversations are limited by address.
        session.address = req.headers().get("cf-connecting-ip")?.filter(|_| session.role == Role::Visitor);
        pair.server.attach(&session)?;
        Ok(Response::from_websocket(pair.client)?)
    }

    async fn on_message(&self, ws: &WebSocket, message: WebSocketIncomingMessage) -> AppResult<()> {
        // Frames are decided one at a time, in the order they came, each on
        // the session and log the one before left (`turns.rs`).
        let turn = self.turns.take().await;
        let Some(mut session) = ws.attached::<Session>()? else {
            ws.close(Some(1011), Some("no session"))?;
            return Ok(());
        };
        let frame = match message {
            WebSocketIncomingMessage::String(text) => decode_client(&text),
            WebSocketIncomingMessage::Binary(_) => {
                Err(ServerMsg::error(ErrorCode::Malformed, "frames are JSON text"))
            }
        };
        let frame = match frame {
            Ok(frame) => frame,
            Err(error) => return Ok(ws.send_with_str(error.to_json())?),
        };
        if let (ClientMsg::Send { client_id, .. }, true, Some(address)) =
            (&frame, session.introduced, &session.address)
        {
            let refused = !self.env.rate_limiter("MESSAGES")?.limit(address.clone()).await?.success;
            // One stored already (its ack was lost) is acknowledged by core.
            let stored = |id| SqlLedger { sql: &self.sql(), meta: self.meta() }.seq_of(id).is_some();
            if refused && !stored(client_id) {
                // Its place is held, as core holds one it refuses (`Session::held`).
                if session.held.is_none() {
                    session.held = Some(client_id.clone());
                    ws.attach(&session)?;
                }
                let refusal = "too many messages from your connection: sent again in a moment";
                return Ok(ws.send_with_str(ServerMsg::error(ErrorCode::RateLimited, refusal).to_json())?);
            }
        }
        let sql = self.sql();
        let mut conversation = self.head(&sql)?;
        let effects = conversation.on_frame(
            &mut session,
            frame,
            crate::now_ms(),
            &mut SqlLedger { sql: &sql, meta: self.meta() },
        );
        let mut welcomed = false;
        // What happened, for the channel and the assignee (`relay.rs`).
        let mut events = vec![];
        // The message just stored, if any: the news needs it.
        let mut stored = None;
        for effect in effects {
            match effect {
                Effect::Reply(msg) => ws.send_with_str(msg.to_json())?,
                Effect::ReplayAfter(after) => {
                    for msg in self.messages_after(&sql, after)? {
                        ws.send_with_str(ServerMsg::Message(msg).to_json())?;
                    }
                }
                Effect::Store(msg) => {
                    self.write_message(&sql, &msg)?;
                    events.push(wrote(&msg));
                    stored = Some(msg);
                }
                Effect::Close { by, at } => {
                    self.remember_close(by, at)?;
                    events.push(Event::Closed);
                }
                Effect::Seen { by, seq } => {
                    let key = match by {
                        Author::Visitor => keys::SEEN_VISITOR,
                        _ => keys::SEEN_OPERATOR,
                    };
                    self.meta().store(&key, &SeenUpTo { by, seq })?;
                }
                Effect::Rate { rating, comment } => {
                    let kv = self.meta();
                    kv.store(&keys::RATING, &rating)?;
                    kv.store_or_remove(&keys::RATING_COMMENT, Some(&comment).filter(|c| !c.is_empty()))?;
                    events.push(Event::Rated);
                }
                Effect::Broadcast(msg) => self.broadcast(&msg.to_json()),
                Effect::Relay(msg) => self.relay(ws, &msg.to_json()),
                Effect::KeepSession => ws.attach(&session)?,
                Effect::SaveSession => {
                    if let Some(page) = session.page.take() {
                        if self.visited(&page)? {
                            events.push(Event::Visited);
                        }
                    }
                    ws.attach(&session)?;
                    // Just introduced (after the replay): the assignment news.
                    welcomed = true;
                }
            }
        }
        if welcomed {
            if let Some(news) = self.meta().load(&keys::ASSIGNMENT)? {
                ws.send_with_str(news.frame().to_json())?;
            }
        }
        // Decided and stored: what follows waits on others, and the next
        // frame need not wait for it.
        drop(turn);
        if let Some(msg) = &stored {
            self.keep_watch(msg.at).await?;
        }
        // The channel first: a chatbot's forward needs it to know the conversation.
        self.report(&events, stored.clone()).await?;
        match stored {
            // The visitor's words go to the chatbot, if it has the conversation.
            Some(msg) if msg.author == Author::Visitor && with_bot(self.run()?.as_ref()) => {
                self.run_bot(Input::Typed(&msg.text), None).await
            }
            _ => Ok(()),
        }
    }
}
