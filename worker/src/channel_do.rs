//! `ChannelDo`: one Durable Object per channel.
//!
//! It keeps the channel's list of conversations (a summary each, in SQLite)
//! and pushes every change to the inbox sockets of the channel's operators
//! (hibernation API). Conversations report to it; it never reads their logs.
//! Later it also holds operator presence and runs assignment.

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
        let ddl = "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, channel TEXT NOT NULL, \
                   languages TEXT NOT NULL, last_seq INTEGER NOT NULL, preview TEXT NOT NULL, \
                   updated_at INTEGER NOT NULL)";
        if let Err(e) = state.storage().sql().exec(ddl, None) {
            worker::console_error!("channel schema: {e}");
        }
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = match req.path().as_str() {
            "/notify" => self.notify(&mut req).await,
            "/ws" => self.accept(),
            _ => Err(AppError::NotFound),
        };
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
            WebSocketIncomingMessage::Binary(_) => ServerMsg::error(ErrorCode::Malformed, "frames are JSON text"),
        };
        ws.send_with_str(reply.to_json())
    }

    async fn websocket_close(&self, ws: WebSocket, _code: usize, _reason: String, _clean: bool) -> Result<()> {
        let _ = ws.close(Some(1000), Some("bye"));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }
}

impl ChannelDo {
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
