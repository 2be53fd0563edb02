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
//! It does not know about channels beyond telling its channel's object when
//! the conversation starts or gets a message (so inboxes can list it), asking
//! it for an operator when the chatbot forwards, and passing on the channel's
//! assignment news (who has the conversation, or its place in the queue) to
//! its sockets, keeping the latest for later ones.
//!
//! Typing: a client sends `typing` at most every 3 s while its person types
//! (and again at the first keystroke after sending); it is relayed to the
//! other sockets, never stored, and shown for 5 s or until the message
//! comes. Closing: the visitor or an operator sends `close`; who and when
//! are kept, `closed` is broadcast (and sent after `welcome` to later
//! sockets), new messages get `ErrorCode::Closed`, and the channel is told,
//! which frees the slot.

mod bot;
mod store;

use serde::{Deserialize, Serialize};
use switchboard_core::chatbot::{self, Input, Run};
use switchboard_core::conversation::{note_visit, Conversation, Effect, Ledger, Role, Seen, Session};
use switchboard_core::ids::{ChannelId, ClientMsgId, ConversationId, Seq, VisitorId};
use switchboard_core::protocol::{
    decode_client, Author, ChatbotScript, ConversationSummary, ErrorCode, Message, Rating, ServerMsg,
};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};

use crate::auth::same_secret;
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS};
use crate::meter::Meter;
use crate::rpc::channel::{ForwardAsk, Notify};
use crate::rpc::conversation::{Assignment, Init};
use crate::rpc::{self, serve, Call};
use crate::storage::kv::{Json, Key, Kv};
use crate::storage::schema::{self, Schema};

use bot::*;
use store::*;

/// How many characters of the last message an inbox list shows.
const PREVIEW_CHARS: usize = 80;

/// The conversation's tables: its settings and its log.
const SCHEMA: Schema = Schema {
    object: "conversation",
    tables: &[
        schema::META,
        "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, \
         author TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)",
    ],
    columns: &[("messages", "answers TEXT")],
    migrations: &[UNFRAME],
};

#[durable_object]
pub struct ConversationDo {
    state: State,
    env: Env,
    /// Whether its tables are as this build knows them (else it refuses).
    schema: schema::Applied,
    /// Counts what reaches it (`METER=true` only).
    meter: Meter,
}

impl DurableObject for ConversationDo {
    fn new(state: State, env: Env) -> Self {
        let schema = SCHEMA.apply(&state.storage().sql());
        let meter = Meter::new(&env, "conversation");
        Self { state, env, schema, meter }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.meter.reached(&req.path());
        if let Err(e) = schema::ready(&self.schema) {
            return Ok(e.into_response());
        }
        let result = match req.path().as_str() {
            Init::PATH => serve(&mut req, |c: Init| self.init(c)).await,
            Assignment::PATH => serve(&mut req, |c: Assignment| async { self.assignment(c.0) }).await,
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
}

impl ConversationDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    async fn init(&self, init: Init) -> AppResult<()> {
        let kv = meta(&self.sql());
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
        kv.store(&keys::OFFLINE, &init.offline)?;
        kv.store_or_remove(&keys::COUNTRY, given(&init.country).as_ref())?;
        if let Some(script) = &init.chatbot {
            // The bot has it until its script forwards: the visitor sees its name.
            kv.store(&keys::SCRIPT, script)?;
            kv.store(&keys::RUN, &Run::default())?;
            kv.store(
                &keys::ASSIGNMENT,
                &Assigned { operator: Some(script.bot_name.clone()), position: None },
            )?;
        }
        self.tell_channel(None).await?;
        Ok(())
    }

    /// News from the channel: who has the conversation, or its place in the
    /// queue. Kept (for sockets that connect later) and passed on.
    fn assignment(&self, news: ServerMsg) -> AppResult<()> {
        let ServerMsg::Assignment { operator, position } = news else {
            return Err(AppError::BadRequest("not an assignment".into()));
        };
        let kept = Assigned { operator, position };
        meta(&self.sql()).store(&keys::ASSIGNMENT, &kept)?;
        self.broadcast(&kept.frame().to_json());
        Ok(())
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
            let introduced =
                socket.deserialize_attachment::<Session>().ok().flatten().is_some_and(|s| s.introduced);
            if introduced && except != Some(&socket) {
                let _ = socket.send_with_str(json);
            }
        }
    }

    /// Accepts a socket whose role the edge has decided.
    fn accept(&self, req: &Request) -> AppResult<Response> {
        let url = req.url()?;
        let q = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
        let Some(channel) = meta(&self.sql()).load(&keys::CHANNEL)? else {
            return Err(AppError::NotFound);
        };
        let channel = channel.as_str();
        let role = match q("role").as_deref() {
            // The edge checked the site against this channel: it must be ours.
            Some("visitor") if q("channel").as_deref() == Some(channel) => Role::Visitor,
            Some("visitor") => return Err(AppError::NotFound),
            Some("operator") => {
                let allowed = q("channels").unwrap_or_default();
                if !allowed.split(',').any(|c| c == channel) {
                    return Err(AppError::NotFound);
                }
                Role::Operator { name: q("name").unwrap_or_default() }
            }
            _ => return Err(AppError::BadRequest("unknown role".into())),
        };
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        let mut session = Session::new(role);
        // Noted once the visitor has said hello with their token.
        session.page = q("page").filter(|_| session.role == Role::Visitor);
        pair.server.serialize_attachment(session)?;
        Ok(Response::from_websocket(pair.client)?)
    }

    async fn on_message(&self, ws: &WebSocket, message: WebSocketIncomingMessage) -> AppResult<()> {
        let Some(mut session) = ws.deserialize_attachment::<Session>()? else {
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
        let sql = self.sql();
        let mut conversation = self.head(&sql)?;
        let effects =
            conversation.on_frame(&mut session, frame, crate::now_ms(), &mut SqlLedger { sql: &sql });
        let mut changed = false;
        let mut welcomed = false;
        // The message just stored, if any: the channel's summary needs it.
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
                    store(&sql, &msg)?;
                    stored = Some(msg);
                    changed = true;
                }
                Effect::Close { by, at } => {
                    remember_close(&sql, by, at)?;
                    changed = true;
                }
                Effect::Seen { by, seq } => {
                    let key = match by {
                        Author::Visitor => keys::SEEN_VISITOR,
                        _ => keys::SEEN_OPERATOR,
                    };
                    meta(&sql).store(&key, &SeenUpTo { by, seq })?;
                }
                Effect::Rate { rating, comment } => {
                    let kv = meta(&sql);
                    kv.store(&keys::RATING, &rating)?;
                    kv.store_or_remove(&keys::RATING_COMMENT, Some(&comment).filter(|c| !c.is_empty()))?;
                    changed = true;
                }
                Effect::Broadcast(msg) => self.broadcast(&msg.to_json()),
                Effect::Relay(msg) => self.relay(ws, &msg.to_json()),
                Effect::SaveSession => {
                    if let Some(page) = session.page.take() {
                        changed |= self.visited(&sql, &page)?;
                    }
                    ws.serialize_attachment(&session)?;
                    // Just introduced (after the replay): the assignment news.
                    welcomed = true;
                }
            }
        }
        if welcomed {
            if let Some(news) = meta(&sql).load(&keys::ASSIGNMENT)? {
                ws.send_with_str(news.frame().to_json())?;
            }
        }
        match stored {
            // The visitor's words go to the chatbot, if it has the conversation.
            Some(msg) if msg.author == Author::Visitor && with_bot(self.run(&sql)?.as_ref()) => {
                let text = msg.text.clone();
                self.run_bot(Input::Typed(&text), Some(msg)).await
            }
            stored if changed => self.tell_channel(stored).await,
            _ => Ok(()),
        }
    }

    /// Tells the channel's object how this conversation looks now. `last`:
    /// the last message, when the caller has just stored it (else it is read).
    async fn tell_channel(&self, last: Option<Message>) -> AppResult<()> {
        let sql = self.sql();
        let last = match last {
            Some(m) => Some(m),
            None => self.last_message(&sql)?,
        };
        let last = last.as_ref();
        let kv = meta(&sql);
        let id = kv.need(&keys::ID)?;
        let channel = kv.need(&keys::CHANNEL)?;
        let languages = kv.need(&keys::LANGUAGES)?;
        let run = self.run(&sql)?;
        let summary = ConversationSummary {
            id,
            channel: channel.clone(),
            languages,
            last_seq: last.map_or(0, |m| m.seq),
            preview: last
                .map(|m| {
                    let who = match &m.author {
                        Author::Visitor => String::new(),
                        Author::Operator { name } | Author::Bot { name } => format!("{name}: "),
                    };
                    format!("{who}{}", m.text.chars().take(PREVIEW_CHARS).collect::<String>())
                })
                .unwrap_or_default(),
            updated_at: last.map_or_else(crate::now_ms, |m| m.at),
            // The channel owns assignment; it keeps this as it decided.
            operator: None,
            closed: kv.has(&keys::CLOSED)?,
            answered_at: kv.load(&keys::ANSWERED_AT)?,
            visitor: kv.load(&keys::VISITOR)?,
            visitor_name: kv.load(&keys::VISITOR_NAME)?,
            visitor_email: kv.load(&keys::VISITOR_EMAIL)?,
            offline: kv.load(&keys::OFFLINE)?.unwrap_or(false),
            rating: kv.load(&keys::RATING)?,
            rating_comment: kv.load(&keys::RATING_COMMENT)?,
            bot: with_bot(run.as_ref()),
            expertise: run.map(|r| r.expertise).unwrap_or_default(),
            pages: self.pages(&sql)?,
            country: kv.load(&keys::COUNTRY)?,
        };
        let stub = internal::stub(&self.env, CHANNELS, channel.as_str())?;
        rpc::call(&stub, &Notify(summary)).await
    }
}
