//! `ChannelDo`: one Durable Object per channel.
//!
//! It knows its configuration (workspace, name — set by the `WorkspaceDo`),
//! which operators have joined it (Join / Leave), and the channel's list of
//! conversations (a summary each, in SQLite), pushed live to the inbox
//! sockets of its operators (hibernation API). Conversations report to it; it
//! never reads their logs. Presence timing and assignment come next.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::{ChannelId, ConversationId};
use switchboard_core::protocol::{
    decode_client, ClientMsg, ConversationSummary, ErrorCode, ServerMsg, PROTOCOL_VERSION,
};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};

use crate::error::{AppError, AppResult};
use crate::internal;

/// How many conversations an inbox gets when it connects.
const LIST_LIMIT: i64 = 200;

/// Set by the workspace whenever the channel's settings change.
#[derive(Serialize, Deserialize)]
pub struct ChannelConfig {
    pub workspace: String,
    pub name: String,
    pub welcome: String,
    /// Website origins allowed to embed the channel; empty: any.
    pub origins: Vec<String>,
}

/// An operator joining or leaving.
#[derive(Serialize, Deserialize)]
pub struct Member {
    pub login: String,
    /// What visitors see (online chat name, else name).
    pub name: String,
}

/// An inbox socket's attachment.
#[derive(Serialize, Deserialize, Default)]
struct InboxSession {
    introduced: bool,
}

#[durable_object]
pub struct ChannelDo {
    state: State,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    channel: String,
    languages: String,
    last_seq: i64,
    preview: String,
    updated_at: i64,
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
        })
    }
}

impl DurableObject for ChannelDo {
    fn new(state: State, _env: Env) -> Self {
        for ddl in [
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, channel TEXT NOT NULL, \
             languages TEXT NOT NULL, last_seq INTEGER NOT NULL, preview TEXT NOT NULL, \
             updated_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS config (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS members (login TEXT PRIMARY KEY, name TEXT NOT NULL, joined_at INTEGER NOT NULL)",
        ] {
            if let Err(e) = state.storage().sql().exec(ddl, None) {
                worker::console_error!("channel schema: {e}");
            }
        }
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = async {
            match req.path().as_str() {
                "/notify" => self.notify(&mut req).await,
                "/ws" => self.accept(),
                "/configure" => self.configure(internal::body(&mut req).await?),
                "/info" => self.info(),
                "/join" => self.join(internal::body(&mut req).await?),
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
                    ServerMsg::Conversations { items: self.list(&self.state.storage().sql())? }
                }
                Ok(ClientMsg::Hello { .. }) => ServerMsg::error(
                    ErrorCode::UnsupportedVersion,
                    format!("this server speaks protocol version {PROTOCOL_VERSION}"),
                ),
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
        let _ = ws.close(Some(1000), Some("bye"));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }
}

impl ChannelDo {
    fn configure(&self, config: ChannelConfig) -> AppResult<Response> {
        let sql = self.state.storage().sql();
        let origins = serde_json::to_string(&config.origins)?;
        for (k, v) in [
            ("workspace", config.workspace),
            ("name", config.name),
            ("welcome", config.welcome),
            ("origins", origins),
        ] {
            sql.exec(
                "INSERT INTO config (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
                vec![k.into(), v.into()],
            )?;
        }
        Ok(Response::from_json(&serde_json::json!({}))?)
    }

    /// The configuration; 404 for a channel no workspace has created.
    fn info(&self) -> AppResult<Response> {
        #[derive(Deserialize)]
        struct Kv {
            k: String,
            v: String,
        }
        let rows: Vec<Kv> = self.state.storage().sql().exec("SELECT k, v FROM config", None)?.to_array()?;
        let get = |key: &str| rows.iter().find(|r| r.k == key).map(|r| r.v.clone());
        match (get("workspace"), get("name")) {
            (Some(workspace), Some(name)) => Ok(Response::from_json(&ChannelConfig {
                workspace,
                name,
                welcome: get("welcome").unwrap_or_default(),
                origins: get("origins").and_then(|o| serde_json::from_str(&o).ok()).unwrap_or_default(),
            })?),
            _ => Err(AppError::NotFound),
        }
    }

    fn join(&self, m: Member) -> AppResult<Response> {
        self.state.storage().sql().exec(
            "INSERT INTO members (login, name, joined_at) VALUES (?, ?, ?) \
             ON CONFLICT(login) DO UPDATE SET name = excluded.name",
            vec![m.login.into(), m.name.into(), crate::now_ms().into()],
        )?;
        Ok(Response::from_json(&self.members()?)?)
    }

    fn leave(&self, m: Member) -> AppResult<Response> {
        self.state.storage().sql().exec("DELETE FROM members WHERE login = ?", vec![m.login.into()])?;
        Ok(Response::from_json(&self.members()?)?)
    }

    /// Who is active in the channel, in the order they joined.
    fn members(&self) -> AppResult<Vec<Member>> {
        Ok(self
            .state
            .storage()
            .sql()
            .exec("SELECT login, name FROM members ORDER BY joined_at, login", None)?
            .to_array()?)
    }

    async fn notify(&self, req: &mut Request) -> AppResult<Response> {
        let s: ConversationSummary = internal::body(req).await?;
        self.state.storage().sql().exec(
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
        let json = ServerMsg::ConversationUpdated(s).to_json();
        for ws in self.state.get_websockets() {
            let session: InboxSession = ws.deserialize_attachment().ok().flatten().unwrap_or_default();
            if session.introduced {
                let _ = ws.send_with_str(&json);
            }
        }
        Ok(Response::from_json(&serde_json::json!({}))?)
    }

    fn accept(&self) -> AppResult<Response> {
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        pair.server.serialize_attachment(InboxSession::default())?;
        Ok(Response::from_websocket(pair.client)?)
    }

    fn list(&self, sql: &SqlStorage) -> Result<Vec<ConversationSummary>> {
        let rows: Vec<Row> = sql
            .exec(
                "SELECT id, channel, languages, last_seq, preview, updated_at FROM conversations \
                 ORDER BY updated_at DESC LIMIT ?",
                vec![LIST_LIMIT.into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().filter_map(Row::into_summary).collect())
    }
}
