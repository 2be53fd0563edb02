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

use serde::Deserialize;
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
use crate::channel_do::{ForwardAsk, Forwarded};
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS};
use crate::kv::Kv;
use crate::schema;

/// How many characters of the last message an inbox list shows.
const PREVIEW_CHARS: usize = 80;

/// Sent by the edge to create the conversation.
#[derive(Deserialize, serde::Serialize)]
pub struct Init {
    pub id: ConversationId,
    pub channel: ChannelId,
    pub languages: Vec<String>,
    pub token: String,
    #[serde(default)]
    pub visitor: Option<VisitorId>,
    #[serde(default)]
    pub visitor_name: Option<String>,
    #[serde(default)]
    pub visitor_email: Option<String>,
    /// Left with the offline form (nobody was online).
    #[serde(default)]
    pub offline: bool,
    /// The channel's chatbot script, if it runs on this conversation.
    #[serde(default)]
    pub chatbot: Option<ChatbotScript>,
    /// The visitor's country as the network places them, if known.
    #[serde(default)]
    pub country: Option<String>,
}

#[durable_object]
pub struct ConversationDo {
    state: State,
    env: Env,
}

/// Storage as core's [`Ledger`] sees it.
struct SqlLedger<'a> {
    sql: &'a SqlStorage,
}

impl Ledger for SqlLedger<'_> {
    fn seq_of(&mut self, client_id: &ClientMsgId) -> Option<Seq> {
        #[derive(Deserialize)]
        struct Row {
            seq: i64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec("SELECT seq FROM messages WHERE client_id = ?", vec![client_id.as_str().into()])
            .and_then(|c| c.to_array())
            .unwrap_or_default();
        rows.first().map(|r| r.seq as Seq)
    }

    fn visitor_messages_since(&mut self, since: i64) -> usize {
        #[derive(Deserialize)]
        struct Count {
            n: i64,
        }
        let visitor = serde_json::to_string(&Author::Visitor).unwrap_or_default();
        self.sql
            .exec(
                "SELECT count(*) AS n FROM messages WHERE author = ? AND at >= ?",
                vec![visitor.into(), since.into()],
            )
            .and_then(|c| c.one::<Count>())
            .map_or(0, |c| c.n as usize)
    }

    fn visitor_token_ok(&mut self, token: &str) -> bool {
        meta(self.sql, "token").is_some_and(|t| same_secret(t.as_bytes(), token.as_bytes()))
    }
}

/// A value of the conversation's `meta` table (id, channel, languages,
/// token, visitor, assignment, closed, answered_at, seen, rating; with a
/// chatbot: script, run, and `input:<step>` for what the visitor typed), if
/// set.
fn meta(sql: &SqlStorage, key: &str) -> Option<String> {
    Kv::new(sql.clone(), "meta").get(key).ok().flatten()
}

#[derive(Deserialize)]
struct MessageRow {
    seq: i64,
    client_id: String,
    author: String,
    text: String,
    at: i64,
    answers: Option<String>,
}

const MESSAGE_COLUMNS: &str = "seq, client_id, author, text, at, answers";

impl MessageRow {
    fn into_message(self) -> AppResult<Message> {
        Ok(Message {
            seq: self.seq as Seq,
            client_id: ClientMsgId::parse(self.client_id).map_err(|e| AppError::Internal(e.to_string()))?,
            author: serde_json::from_str(&self.author)?,
            text: self.text,
            at: self.at,
            answers: self.answers.map(|a| serde_json::from_str(&a)).transpose()?.unwrap_or_default(),
        })
    }
}

impl DurableObject for ConversationDo {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        Kv::create(&sql, "meta");
        schema::create(
            &sql,
            "conversation",
            &["CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, \
               author TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)"],
        );
        schema::add_columns(&sql, &[("messages", "answers TEXT")]);
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = match req.path().as_str() {
            "/init" => self.init(&mut req).await,
            "/assignment" => self.assignment(&mut req).await,
            "/ws" => self.accept(&req),
            _ => Err(AppError::NotFound),
        };
        Ok(result.unwrap_or_else(AppError::into_response))
    }

    async fn websocket_message(&self, ws: WebSocket, message: WebSocketIncomingMessage) -> Result<()> {
        if let Err(e) = self.on_message(&ws, message).await {
            e.log();
            let _ = ws.send_with_str(ServerMsg::error(ErrorCode::Internal, "please retry").to_json());
        }
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

    async fn init(&self, req: &mut Request) -> AppResult<Response> {
        let init: Init = internal::body(req).await?;
        let sql = self.sql();
        if meta(&sql, "channel").is_some() {
            return Err(AppError::Conflict("conversation exists".into()));
        }
        let languages = serde_json::to_string(&init.languages)?;
        let visitor = init.visitor.as_ref().map_or("", |v| v.as_str());
        for (k, v) in [
            ("id", init.id.as_str()),
            ("channel", init.channel.as_str()),
            ("languages", languages.as_str()),
            ("token", init.token.as_str()),
            ("visitor", visitor),
            ("visitor_name", init.visitor_name.as_deref().unwrap_or_default()),
            ("visitor_email", init.visitor_email.as_deref().unwrap_or_default()),
            ("offline", if init.offline { "1" } else { "" }),
            ("country", init.country.as_deref().unwrap_or_default()),
        ] {
            Kv::new(sql.clone(), "meta").set(k, v)?;
        }
        if let Some(script) = &init.chatbot {
            // The bot has it until its script forwards: the visitor sees its name.
            let with_bot = ServerMsg::Assignment { operator: Some(script.bot_name.clone()), position: None };
            let kv = Kv::new(sql.clone(), "meta");
            kv.set("script", &serde_json::to_string(script)?)?;
            kv.set("run", &serde_json::to_string(&Run::default())?)?;
            kv.set("assignment", &with_bot.to_json())?;
        }
        self.tell_channel(None).await?;
        Ok(Response::from_json(&serde_json::json!({}))?)
    }

    /// News from the channel: who has the conversation, or its place in the
    /// queue. Kept (for sockets that connect later) and passed on.
    async fn assignment(&self, req: &mut Request) -> AppResult<Response> {
        let news: ServerMsg = internal::body(req).await?;
        if !matches!(news, ServerMsg::Assignment { .. }) {
            return Err(AppError::BadRequest("not an assignment".into()));
        }
        let json = news.to_json();
        Kv::new(self.sql(), "meta").set("assignment", &json)?;
        self.broadcast(&json);
        Ok(Response::from_json(&serde_json::json!({}))?)
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
        let Some(channel) = meta(&self.sql(), "channel") else {
            return Err(AppError::NotFound);
        };
        let role = match q("role").as_deref() {
            // The edge checked the site against this channel: it must be ours.
            Some("visitor") if q("channel").as_deref() == Some(channel.as_str()) => Role::Visitor,
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
                        Author::Visitor => "seen_visitor",
                        _ => "seen_operator",
                    };
                    let seen = ServerMsg::Seen { by, seq }.to_json();
                    Kv::new(sql.clone(), "meta").set(key, &seen)?;
                }
                Effect::Rate { rating, comment } => {
                    let kv = Kv::new(sql.clone(), "meta");
                    kv.set("rating", &serde_json::to_string(&rating)?)?;
                    kv.set("rating_comment", &comment)?;
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
            if let Some(news) = meta(&sql, "assignment") {
                ws.send_with_str(news)?;
            }
        }
        match stored {
            // The visitor's words go to the chatbot, if it has the conversation.
            Some(msg) if msg.author == Author::Visitor && with_bot(self.run(&sql).as_ref()) => {
                let text = msg.text.clone();
                self.run_bot(Input::Typed(&text), Some(msg)).await
            }
            stored if changed => self.tell_channel(stored).await,
            _ => Ok(()),
        }
    }

    /// The pages the visitor went through, oldest first.
    fn pages(&self, sql: &SqlStorage) -> Vec<String> {
        meta(sql, "pages").and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default()
    }

    /// The visitor is on `page`; whether that is news for the inbox.
    fn visited(&self, sql: &SqlStorage, page: &str) -> AppResult<bool> {
        let mut pages = self.pages(sql);
        if !note_visit(&mut pages, page) {
            return Ok(false);
        }
        Kv::new(sql.clone(), "meta").set("pages", &serde_json::to_string(&pages)?)?;
        Ok(true)
    }

    /// The chatbot's place in its script; `None` when no script runs here
    /// (the run is kept from the start, beside the script).
    fn run(&self, sql: &SqlStorage) -> Option<Run> {
        meta(sql, "run").and_then(|r| serde_json::from_str(&r).ok())
    }

    /// Gives the chatbot one input and carries out what its script says:
    /// its messages, what it keeps, forwarding to the channel (whose answer
    /// is the next input) and the end. `last`: a message just stored, for
    /// the channel's summary. The run is saved before each forward (which
    /// waits), so an input arriving meanwhile finds the bot waiting.
    async fn run_bot(&self, input: Input<'_>, mut last: Option<Message>) -> AppResult<()> {
        let sql = self.sql();
        let script: ChatbotScript = serde_json::from_str(&meta(&sql, "script").unwrap_or_default())?;
        let languages: Vec<String> = serde_json::from_str(&meta(&sql, "languages").unwrap_or_default())?;
        let kv = Kv::new(sql.clone(), "meta");
        let mut run = self.run(&sql).unwrap_or_default();
        let mut todo = run.on(&script, &languages, input);
        while !todo.is_empty() {
            // Read again after each wait: others may have written meanwhile.
            let mut head = self.head(&sql)?;
            let mut next = vec![];
            for effect in todo {
                let now = crate::now_ms();
                let effects = match effect {
                    chatbot::Effect::Say { text, answers } => {
                        head.say(&script.bot_name, &text, answers, now, &mut SqlLedger { sql: &sql })
                    }
                    chatbot::Effect::Close => head.close_as_bot(&script.bot_name, now),
                    chatbot::Effect::KeepEmail(email) => {
                        kv.set("visitor_email", &email)?;
                        vec![]
                    }
                    chatbot::Effect::KeepInput { step, text } => {
                        kv.set(&format!("input:{step}"), &text)?;
                        vec![]
                    }
                    chatbot::Effect::Forward { expertise, queue } => {
                        kv.set("run", &serde_json::to_string(&run)?)?;
                        let id = meta(&sql, "id").unwrap_or_default();
                        let ask = ForwardAsk { conversation: parse_id(id)?, expertise, queue };
                        let stub =
                            internal::stub(&self.env, CHANNELS, &meta(&sql, "channel").unwrap_or_default())?;
                        let answer: Forwarded =
                            internal::answer(internal::post(&stub, "/forward", &ask).await?).await?;
                        next = run.on(&script, &languages, Input::Forwarded { assigned: answer.assigned });
                        vec![]
                    }
                };
                for e in effects {
                    match e {
                        Effect::Store(msg) => {
                            store(&sql, &msg)?;
                            last = Some(msg);
                        }
                        Effect::Close { by, at } => remember_close(&sql, by, at)?,
                        Effect::Broadcast(msg) => self.broadcast(&msg.to_json()),
                        _ => {}
                    }
                }
            }
            todo = next;
        }
        kv.set("run", &serde_json::to_string(&run)?)?;
        self.tell_channel(last).await
    }

    /// The log's head, read from storage (so it survives hibernation).
    fn head(&self, sql: &SqlStorage) -> Result<Conversation> {
        #[derive(Deserialize)]
        struct Row {
            seq: i64,
            at: i64,
        }
        let rows: Vec<Row> =
            sql.exec("SELECT seq, at FROM messages ORDER BY seq DESC LIMIT 1", None)?.to_array()?;
        let head = rows.first().map(|r| Conversation::restore(r.seq as Seq, r.at)).unwrap_or_default();
        let head = match meta(sql, "closed").and_then(|c| serde_json::from_str(&c).ok()) {
            Some(ServerMsg::Closed { by, at }) => head.ended(by, at),
            _ => head,
        };
        let mut seen = Seen::default();
        for key in ["seen_visitor", "seen_operator"] {
            match meta(sql, key).and_then(|s| serde_json::from_str(&s).ok()) {
                Some(ServerMsg::Seen { by: Author::Visitor, seq }) => seen.visitor = seq,
                Some(ServerMsg::Seen { by: Author::Operator { name }, seq }) => {
                    seen.operator = Some((name, seq))
                }
                _ => {}
            }
        }
        let head = head.seen_as(seen);
        Ok(match self.rating(sql) {
            Some(rating) => head.rated(rating),
            None => head,
        })
    }

    fn rating(&self, sql: &SqlStorage) -> Option<Rating> {
        meta(sql, "rating").and_then(|r| serde_json::from_str(&r).ok())
    }

    fn last_message(&self, sql: &SqlStorage) -> AppResult<Option<Message>> {
        let rows: Vec<MessageRow> = sql
            .exec(&format!("SELECT {MESSAGE_COLUMNS} FROM messages ORDER BY seq DESC LIMIT 1"), None)?
            .to_array()?;
        rows.into_iter().next().map(MessageRow::into_message).transpose()
    }

    fn messages_after(&self, sql: &SqlStorage, after: Seq) -> AppResult<Vec<Message>> {
        let rows: Vec<MessageRow> = sql
            .exec(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE seq > ? ORDER BY seq"),
                vec![(after as i64).into()],
            )?
            .to_array()?;
        rows.into_iter().map(MessageRow::into_message).collect()
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
        let get = |k| meta(&sql, k).ok_or_else(|| AppError::Internal(format!("meta {k} missing")));
        let id = parse_id(get("id")?)?;
        let channel = ChannelId::parse(get("channel")?).map_err(|e| AppError::Internal(e.to_string()))?;
        let languages: Vec<String> = serde_json::from_str(&get("languages")?)?;
        let run = self.run(&sql);
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
            closed: meta(&sql, "closed").is_some(),
            answered_at: meta(&sql, "answered_at").and_then(|t| t.parse().ok()),
            visitor: meta(&sql, "visitor").and_then(|v| VisitorId::parse(v).ok()),
            visitor_name: meta(&sql, "visitor_name").filter(|n| !n.is_empty()),
            visitor_email: meta(&sql, "visitor_email").filter(|e| !e.is_empty()),
            offline: meta(&sql, "offline").is_some_and(|o| !o.is_empty()),
            rating: self.rating(&sql),
            rating_comment: meta(&sql, "rating_comment").filter(|c| !c.is_empty()),
            bot: with_bot(run.as_ref()),
            expertise: run.map(|r| r.expertise).unwrap_or_default(),
            pages: self.pages(&sql),
            country: meta(&sql, "country").filter(|c| !c.is_empty()),
        };
        let stub = internal::stub(&self.env, CHANNELS, channel.as_str())?;
        let res = internal::post(&stub, "/notify", &summary).await?;
        internal::answer::<serde_json::Value>(res).await.map(|_| ())
    }
}

/// Whether the chatbot has the conversation: its script runs and is not over.
fn with_bot(run: Option<&Run>) -> bool {
    run.is_some_and(|r| !r.is_finished())
}

fn parse_id(id: String) -> AppResult<ConversationId> {
    ConversationId::parse(id).map_err(|e| AppError::Internal(e.to_string()))
}

/// Writes a message to the log (an operator's also marks the conversation
/// answered).
fn store(sql: &SqlStorage, msg: &Message) -> AppResult<()> {
    let answers = (!msg.answers.is_empty()).then(|| serde_json::to_string(&msg.answers)).transpose()?;
    sql.exec(
        "INSERT INTO messages (seq, client_id, author, text, at, answers) VALUES (?, ?, ?, ?, ?, ?)",
        vec![
            (msg.seq as i64).into(),
            msg.client_id.as_str().into(),
            serde_json::to_string(&msg.author)?.into(),
            msg.text.as_str().into(),
            msg.at.into(),
            answers.into(),
        ],
    )?;
    if matches!(msg.author, Author::Operator { .. }) {
        Kv::new(sql.clone(), "meta").set("answered_at", &msg.at.to_string())?;
    }
    Ok(())
}

/// Remembers who ended the conversation and when.
fn remember_close(sql: &SqlStorage, by: Author, at: i64) -> AppResult<()> {
    Kv::new(sql.clone(), "meta").set("closed", &serde_json::to_string(&ServerMsg::Closed { by, at })?)?;
    Ok(())
}
