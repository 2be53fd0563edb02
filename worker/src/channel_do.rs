//! `ChannelDo`: one Durable Object per channel.
//!
//! It knows its configuration (workspace, name, welcome, allowed websites —
//! set by the `WorkspaceDo`), which operators have joined it (Join / Leave,
//! with the profile assignment needs), who is online (an open inbox socket,
//! tagged with the operator's login), and the channel's conversations (a
//! summary each, with the operator it was assigned to). When a conversation
//! first reports, the channel builds a snapshot and asks
//! `switchboard_core::assignment::choose` who answers; nobody eligible leaves
//! it waiting. The snapshot is read and the decision written with no `await`
//! in between, so concurrent new conversations cannot over-assign.
//! Conversations report to it; it never reads their logs.

use serde::{Deserialize, Serialize};
use switchboard_core::assignment::{self, Operator, Request as Ask};
use switchboard_core::ids::{ChannelId, ConversationId};
use switchboard_core::limits::{DEFAULT_CAPACITY, DEFAULT_INACTIVITY_TIMEOUT_S, OFFLINE_GRACE_MS};
use switchboard_core::protocol::{
    decode_client, Assignee, ClientMsg, ConversationSummary, ErrorCode, ServerMsg, PROTOCOL_VERSION,
};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};

use crate::error::{AppError, AppResult};
use crate::internal::{self, CONVERSATIONS};
use crate::kv::Kv;

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
    /// Website origins allowed to embed the channel; empty: any.
    pub origins: Vec<String>,
    /// Seconds without activity after which a member is removed.
    #[serde(default = "default_timeout")]
    pub inactivity_timeout_s: u32,
}

fn default_timeout() -> u32 {
    DEFAULT_INACTIVITY_TIMEOUT_S
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
}

/// An inbox socket's attachment.
#[derive(Serialize, Deserialize, Default)]
struct InboxSession {
    introduced: bool,
}

#[durable_object]
pub struct ChannelDo {
    state: State,
    env: Env,
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
        })
    }
}

const ROW_COLUMNS: &str = "id, channel, languages, last_seq, preview, updated_at, operator, operator_name";

#[derive(Deserialize)]
struct MemberRow {
    login: String,
    name: String,
    languages: String,
    expertise: String,
    last_assigned_at: i64,
    last_seen_at: i64,
}

impl DurableObject for ChannelDo {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        Kv::create(&sql, "config");
        for ddl in [
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, channel TEXT NOT NULL, \
             languages TEXT NOT NULL, last_seq INTEGER NOT NULL, preview TEXT NOT NULL, \
             updated_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS members (login TEXT PRIMARY KEY, name TEXT NOT NULL, joined_at INTEGER NOT NULL)",
        ] {
            if let Err(e) = sql.exec(ddl, None) {
                worker::console_error!("channel schema: {e}");
            }
        }
        // Columns added after the first version (adding one twice fails).
        for (table, column) in [
            ("conversations", "operator TEXT"),
            ("conversations", "operator_name TEXT"),
            ("members", "languages TEXT NOT NULL DEFAULT '[]'"),
            ("members", "expertise TEXT NOT NULL DEFAULT '[]'"),
            ("members", "last_assigned_at INTEGER NOT NULL DEFAULT 0"),
            ("members", "last_active_at INTEGER NOT NULL DEFAULT 0"),
            ("members", "last_seen_at INTEGER NOT NULL DEFAULT 0"),
        ] {
            let _ = sql.exec(&format!("ALTER TABLE {table} ADD COLUMN {column}"), None);
        }
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = async {
            match req.path().as_str() {
                "/notify" => self.notify(internal::body(&mut req).await?).await,
                "/ws" => {
                    // An operator coming online may take waiting conversations.
                    let res = self.accept(&req)?;
                    self.serve_queue().await?;
                    Ok(res)
                }
                "/configure" => self.configure(internal::body(&mut req).await?),
                "/info" => self.info(),
                "/join" => self.join(internal::body(&mut req).await?).await,
                "/refresh" => self.refresh(internal::body(&mut req).await?),
                "/leave" => self.leave(internal::body(&mut req).await?),
                "/members" => self.members().and_then(|m| Ok(Response::from_json(&m)?)),
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        Ok(result.unwrap_or_else(AppError::into_response))
    }

    async fn websocket_message(&self, ws: WebSocket, message: WebSocketIncomingMessage) -> Result<()> {
        let reply = match message {
            WebSocketIncomingMessage::String(text) => match decode_client(&text) {
                Ok(ClientMsg::Hello { v, .. }) if v == PROTOCOL_VERSION => {
                    ws.serialize_attachment(InboxSession { introduced: true })?;
                    match self.list(&self.sql()) {
                        Ok(items) => ServerMsg::Conversations { items },
                        Err(e) => {
                            e.log();
                            ServerMsg::error(ErrorCode::Internal, "please retry")
                        }
                    }
                }
                Ok(ClientMsg::Hello { .. }) => ServerMsg::error(
                    ErrorCode::UnsupportedVersion,
                    format!("this server speaks protocol version {PROTOCOL_VERSION}"),
                ),
                Ok(ClientMsg::Active) => {
                    if let Err(e) = self.active(&ws).await {
                        e.log();
                    }
                    return Ok(());
                }
                Ok(ClientMsg::Send { .. }) => {
                    ServerMsg::error(ErrorCode::Malformed, "send messages on the conversation's socket")
                }
                Err(error) => error,
            },
            WebSocketIncomingMessage::Binary(_) => {
                ServerMsg::error(ErrorCode::Malformed, "frames are JSON text")
            }
        };
        ws.send_with_str(reply.to_json())
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        // Seen until now: the offline grace period starts.
        for login in self.state.get_tags(&ws) {
            self.sql().exec(
                "UPDATE members SET last_seen_at = ? WHERE login = ?",
                vec![crate::now_ms().into(), login.into()],
            )?;
        }
        let _ = ws.close(Some(1000), Some("bye"));
        Ok(())
    }

    /// Removes the members whose inactivity outlasted the timeout, tells
    /// their inboxes, and sets the alarm for the next one.
    async fn alarm(&self) -> Result<Response> {
        if let Err(e) = self.expire().await {
            e.log();
        }
        Response::empty()
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
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
        for (k, v) in [
            ("id", config.id),
            ("workspace", config.workspace),
            ("name", config.name),
            ("welcome", config.welcome),
            ("origins", origins),
            ("inactivity_timeout_s", config.inactivity_timeout_s.to_string()),
        ] {
            self.config().set(k, &v)?;
        }
        ok()
    }

    fn config(&self) -> Kv {
        Kv::new(self.sql(), "config")
    }

    /// The configuration; 404 for a channel no workspace has created.
    fn info(&self) -> AppResult<Response> {
        let config = self.config();
        let get = |key: &str| config.get(key).ok().flatten();
        match (get("workspace"), get("name")) {
            (Some(workspace), Some(name)) => Ok(Response::from_json(&ChannelConfig {
                id: get("id").unwrap_or_default(),
                workspace,
                name,
                welcome: get("welcome").unwrap_or_default(),
                origins: get("origins").and_then(|o| serde_json::from_str(&o).ok()).unwrap_or_default(),
                inactivity_timeout_s: get("inactivity_timeout_s")
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(DEFAULT_INACTIVITY_TIMEOUT_S),
            })?),
            _ => Err(AppError::NotFound),
        }
    }

    async fn join(&self, m: Member) -> AppResult<Response> {
        let now = crate::now_ms();
        self.sql().exec(
            "INSERT INTO members (login, name, joined_at, languages, expertise, last_active_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(login) DO UPDATE SET name = excluded.name, \
             languages = excluded.languages, expertise = excluded.expertise, \
             last_active_at = excluded.last_active_at",
            vec![
                m.login.into(),
                m.name.into(),
                now.into(),
                serde_json::to_string(&m.languages)?.into(),
                serde_json::to_string(&m.expertise)?.into(),
                now.into(),
            ],
        )?;
        self.schedule_expiry().await?;
        self.serve_queue().await?;
        Ok(Response::from_json(&self.members()?)?)
    }

    fn timeout_ms(&self) -> AppResult<i64> {
        let seconds = self.config().get("inactivity_timeout_s")?.and_then(|v| v.parse::<i64>().ok());
        Ok(seconds.unwrap_or(DEFAULT_INACTIVITY_TIMEOUT_S as i64) * 1000)
    }

    /// The operator on this inbox socket is at work.
    async fn active(&self, ws: &WebSocket) -> AppResult<()> {
        for login in self.state.get_tags(ws) {
            self.sql().exec(
                "UPDATE members SET last_active_at = ? WHERE login = ?",
                vec![crate::now_ms().into(), login.into()],
            )?;
        }
        self.schedule_expiry().await
    }

    /// One alarm for the member whose inactivity runs out first.
    async fn schedule_expiry(&self) -> AppResult<()> {
        #[derive(Deserialize)]
        struct Oldest {
            t: Option<i64>,
        }
        let oldest: Oldest = self.sql().exec("SELECT min(last_active_at) AS t FROM members", None)?.one()?;
        let storage = self.state.storage();
        match oldest.t {
            Some(t) => {
                let due = t + self.timeout_ms()?;
                storage.set_alarm((due - crate::now_ms()).max(0)).await?;
            }
            None => storage.delete_alarm().await?,
        }
        Ok(())
    }

    async fn expire(&self) -> AppResult<()> {
        let timeout = self.timeout_ms()?;
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
        if let Some(channel) = self.channel_id()? {
            let notice =
                ServerMsg::Removed { channel, inactive_minutes: (timeout / 60_000).max(1) as u32 }.to_json();
            for g in gone {
                for ws in self.state.get_websockets_with_tag(&g.login) {
                    let _ = ws.send_with_str(&notice);
                }
            }
        }
        self.schedule_expiry().await
    }

    /// This channel's id (the name the workspace knows it by).
    fn channel_id(&self) -> AppResult<Option<ChannelId>> {
        Ok(self.config().get("id")?.and_then(|id| ChannelId::parse(id).ok()))
    }

    /// A member's profile changed (a no-op for operators not joined here).
    fn refresh(&self, m: Member) -> AppResult<Response> {
        self.sql().exec(
            "UPDATE members SET name = ?, languages = ?, expertise = ? WHERE login = ?",
            vec![
                m.name.into(),
                serde_json::to_string(&m.languages)?.into(),
                serde_json::to_string(&m.expertise)?.into(),
                m.login.into(),
            ],
        )?;
        ok()
    }

    fn leave(&self, m: Member) -> AppResult<Response> {
        self.sql().exec("DELETE FROM members WHERE login = ?", vec![m.login.into()])?;
        Ok(Response::from_json(&self.members()?)?)
    }

    /// Who is active in the channel, in the order they joined.
    fn members(&self) -> AppResult<Vec<Member>> {
        let rows: Vec<MemberRow> = self
            .sql()
            .exec("SELECT login, name, languages, expertise, last_assigned_at, last_seen_at FROM members ORDER BY joined_at, login", None)?
            .to_array()?;
        Ok(rows
            .into_iter()
            .map(|r| Member {
                login: r.login,
                name: r.name,
                languages: serde_json::from_str(&r.languages).unwrap_or_default(),
                expertise: serde_json::from_str(&r.expertise).unwrap_or_default(),
            })
            .collect())
    }

    /// A conversation reports how it looks; a new one is assigned first.
    async fn notify(&self, s: ConversationSummary) -> AppResult<Response> {
        let sql = self.sql();
        let is_new = sql
            .exec("SELECT id FROM conversations WHERE id = ?", vec![s.id.as_str().into()])?
            .to_array::<serde_json::Value>()?
            .is_empty();
        sql.exec(
            "INSERT INTO conversations (id, channel, languages, last_seq, preview, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET \
             last_seq = excluded.last_seq, preview = excluded.preview, updated_at = excluded.updated_at \
             WHERE excluded.last_seq >= conversations.last_seq",
            vec![
                s.id.as_str().into(),
                s.channel.as_str().into(),
                serde_json::to_string(&s.languages)?.into(),
                (s.last_seq as i64).into(),
                s.preview.as_str().into(),
                s.updated_at.into(),
            ],
        )?;
        if is_new {
            let chosen = self.assign(&s.id, &s.languages)?;
            let position = match chosen {
                Some(_) => None,
                None => Some(self.waiting()?.len() as u32),
            };
            self.tell(&s.id, position).await?;
        }
        if let Some(summary) = self.summary(&s.id)? {
            self.broadcast(&ServerMsg::ConversationUpdated(summary));
        }
        ok()
    }

    /// Waiting conversations, first come first: (id, languages).
    fn waiting(&self) -> AppResult<Vec<(ConversationId, Vec<String>)>> {
        #[derive(Deserialize)]
        struct W {
            id: String,
            languages: String,
        }
        let rows: Vec<W> = self
            .sql()
            .exec("SELECT id, languages FROM conversations WHERE operator IS NULL ORDER BY rowid", None)?
            .to_array()?;
        Ok(rows
            .into_iter()
            .filter_map(|w| {
                Some((
                    ConversationId::parse(w.id).ok()?,
                    serde_json::from_str(&w.languages).unwrap_or_default(),
                ))
            })
            .collect())
    }

    /// Gives waiting conversations, oldest first, to operators who can take
    /// them; stops at the first nobody can take (FIFO: nobody jumps the
    /// queue). Then tells everyone still waiting their new place.
    async fn serve_queue(&self) -> AppResult<()> {
        let mut served = false;
        for (id, languages) in self.waiting()? {
            if self.assign(&id, &languages)?.is_none() {
                break;
            }
            served = true;
            if let Some(summary) = self.summary(&id)? {
                self.broadcast(&ServerMsg::ConversationUpdated(summary));
            }
            self.tell(&id, None).await?;
        }
        if served {
            for (i, (id, _)) in self.waiting()?.into_iter().enumerate() {
                self.tell(&id, Some(i as u32 + 1)).await?;
            }
        }
        Ok(())
    }

    /// Tells a conversation (so its visitor) who has it, or its place.
    async fn tell(&self, id: &ConversationId, position: Option<u32>) -> AppResult<()> {
        let operator = match position {
            Some(_) => None,
            None => self.summary(id)?.and_then(|s| s.operator).map(|a| a.name),
        };
        let stub = internal::stub(&self.env, CONVERSATIONS, id.as_str())?;
        let news = ServerMsg::Assignment { operator, position };
        internal::answer::<serde_json::Value>(internal::post(&stub, "/assignment", &news).await?).await?;
        Ok(())
    }

    /// Picks the operator for a new conversation (or leaves it waiting).
    fn assign(&self, id: &ConversationId, languages: &[String]) -> AppResult<Option<String>> {
        let sql = self.sql();
        #[derive(Deserialize)]
        struct Load {
            operator: String,
            n: i64,
        }
        let loads: Vec<Load> = sql
            .exec(
                "SELECT operator, count(*) AS n FROM conversations WHERE operator IS NOT NULL GROUP BY operator",
                None,
            )?
            .to_array()?;
        let members: Vec<MemberRow> = sql
            .exec(
                "SELECT login, name, languages, expertise, last_assigned_at, last_seen_at FROM members",
                None,
            )?
            .to_array()?;
        let now = crate::now_ms();
        let members_names: Vec<(String, String)> =
            members.iter().map(|m| (m.login.clone(), m.name.clone())).collect();
        let snapshot: Vec<Operator> = members
            .into_iter()
            .map(|m| Operator {
                // An open inbox, or one closed less than the grace period ago.
                online: !self.state.get_websockets_with_tag(&m.login).is_empty()
                    || now - m.last_seen_at < OFFLINE_GRACE_MS,
                joined: true,
                capacity: DEFAULT_CAPACITY,
                ongoing: loads.iter().find(|l| l.operator == m.login).map_or(0, |l| l.n as u32),
                languages: serde_json::from_str(&m.languages).unwrap_or_default(),
                expertise: serde_json::from_str(&m.expertise).unwrap_or_default(),
                last_assigned_at: m.last_assigned_at,
                login: m.login,
            })
            .collect();
        let ask = Ask { languages, expertise: &[], previous_operator: None };
        let Some(chosen) = assignment::choose(&snapshot, &ask).map(|o| o.login.clone()) else {
            return Ok(None);
        };
        let name =
            members_names.iter().find(|(l, _)| *l == chosen).map(|(_, n)| n.clone()).unwrap_or_default();
        sql.exec(
            "UPDATE conversations SET operator = ?, operator_name = ? WHERE id = ?",
            vec![chosen.as_str().into(), name.into(), id.as_str().into()],
        )?;
        sql.exec(
            "UPDATE members SET last_assigned_at = ? WHERE login = ?",
            vec![crate::now_ms().into(), chosen.as_str().into()],
        )?;
        Ok(Some(chosen))
    }

    fn summary(&self, id: &ConversationId) -> AppResult<Option<ConversationSummary>> {
        let rows: Vec<Row> = self
            .sql()
            .exec(&format!("SELECT {ROW_COLUMNS} FROM conversations WHERE id = ?"), vec![id.as_str().into()])?
            .to_array()?;
        Ok(rows.into_iter().next().and_then(Row::into_summary))
    }

    fn broadcast(&self, msg: &ServerMsg) {
        let json = msg.to_json();
        for ws in self.state.get_websockets() {
            let session: InboxSession = ws.deserialize_attachment().ok().flatten().unwrap_or_default();
            if session.introduced {
                let _ = ws.send_with_str(&json);
            }
        }
    }

    /// An inbox socket, tagged with its operator's login (that is presence).
    fn accept(&self, req: &Request) -> AppResult<Response> {
        let url = req.url()?;
        let login = url.query_pairs().find(|(k, _)| k == "login").map(|(_, v)| v.into_owned());
        let login = login.ok_or_else(|| AppError::BadRequest("no login".into()))?;
        let pair = WebSocketPair::new()?;
        self.state.accept_websocket_with_tags(&pair.server, &[login.as_str()]);
        pair.server.serialize_attachment(InboxSession::default())?;
        Ok(Response::from_websocket(pair.client)?)
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
