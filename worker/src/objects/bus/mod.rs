//! `OperatorDo`: one Durable Object per operator, their bus.
//!
//! Each inbox tab holds one socket here. The operator's channels push what
//! happens in them (a conversation's lifecycle, who is online, a
//! conversation taken away, removal for inactivity), and each conversation
//! the operator has pushes its latest after each message (`activity.rs`,
//! laid over the channels' summaries); the bus numbers each
//! event, keeps the last [`KEEP_EVENTS`] and fans it out to the tabs. A tab
//! that says `hello` with the last number it holds is sent what it missed,
//! in order, once; a new tab (or one that missed more than is kept) gets the
//! whole state first — each channel's list, who is online, and how far the
//! operator has read each conversation, which is kept here (per operator, so
//! it survives reloads and is shared by their tabs).
//!
//! Presence follows the tabs: a tab's `hello` tells each channel the
//! operator is here (`/watch`, which also makes the channel push to the
//! bus); the tabs' `active` frames stay here, where the operator's
//! inactivity clock runs (`clock.rs`), and the channels hear only when it
//! runs out. When the last tab closes, the bus waits [`OFFLINE_GRACE_MS`]
//! (a reload, a network blip) before telling the channels the operator left;
//! from then on it hears nothing, so a tab that held less than that moment
//! gets the whole state again rather than a replay with a hole in it (core's
//! `bus_log::greet` decides, property-tested).
//!
//! When a session ends, its sockets close, here and in the conversations
//! it opened (`revoke.rs`).

use serde::{Deserialize, Serialize};
use switchboard_core::bus_log::{self, Greeting, Kept};
use switchboard_core::ids::{ConversationId, Login, WorkspaceId};
use switchboard_core::limits::OFFLINE_GRACE_MS;
use switchboard_core::protocol::{
    decode_client, BusEvent, ChannelInfo, ChannelState, ClientMsg, ErrorCode, ReadMark, ServerMsg,
    PROTOCOL_VERSION,
};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};

use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS};
use crate::meter::Meter;
use crate::objects::Attachment;
use crate::rpc::bus::{Joined, Opened, Push, Revoke, SetChannels, Subscribe, Touch, Unsubscribe};
use crate::rpc::channel::{Activity, Inactive, Watch};
use crate::rpc::{self, serve, Call};
use crate::storage::kv::{Cache, Key, Kv};
use crate::storage::schema::{self, Schema};

mod activity;
mod clock;
mod push;
mod revoke;
mod store;
use store::*;

/// A tab's socket attachment: a name to tell it from the others, whether
/// it has said `hello` (events go only to those that have), and whether it
/// is in view (until it says otherwise, it is: no push while it is).
#[derive(Serialize, Deserialize)]
struct Tab {
    id: String,
    introduced: bool,
    #[serde(default = "in_view")]
    visible: bool,
}

fn in_view() -> bool {
    true
}

impl Default for Tab {
    fn default() -> Tab {
        Tab { id: String::new(), introduced: false, visible: true }
    }
}

#[durable_object]
pub struct OperatorDo {
    state: State,
    env: Env,
    /// Whether its tables are as this build knows them (else it refuses).
    schema: schema::Applied,
    /// Counts what reaches it (`METER=true` only).
    meter: Meter,
    /// Its `meta` table, read once while it is awake (`storage::kv::Cache`).
    meta_cache: Cache,
    /// The last event's number, once read while it is awake (only it writes events).
    last: std::cell::Cell<Option<u64>>,
}

impl DurableObject for OperatorDo {
    fn new(state: State, env: Env) -> Self {
        let schema = SCHEMA.apply(&state.storage().sql());
        let meter = Meter::new(&env, "bus");
        Self { state, env, schema, meter, meta_cache: Cache::default(), last: Default::default() }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.meter.reached(&req.path());
        if let Err(e) = schema::ready(&self.schema) {
            return Ok(e.into_response());
        }
        let result = async {
            match req.path().as_str() {
                rpc::SOCKET => self.accept(&req).await,
                Push::PATH => serve(&mut req, |c: Push| async { self.news(c.0) }).await,
                SetChannels::PATH => serve(&mut req, |c: SetChannels| self.set_channels(c.0)).await,
                Touch::PATH => serve(&mut req, |c: Touch| self.touched(c.0)).await,
                Opened::PATH => serve(&mut req, |c: Opened| async { self.opened(c.0) }).await,
                Revoke::PATH => serve(&mut req, |c: Revoke| self.revoke(c.0)).await,
                Subscribe::PATH => serve(&mut req, |c: Subscribe| async { self.subscribe(c.0) }).await,
                Unsubscribe::PATH => {
                    serve(&mut req, |c: Unsubscribe| async move { self.unsubscribe(&c.0) }).await
                }
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        self.meter.rows(&self.state.storage().sql());
        Ok(result.unwrap_or_else(AppError::into_response))
    }

    async fn websocket_message(&self, ws: WebSocket, message: WebSocketIncomingMessage) -> Result<()> {
        self.meter.reached("socket frame");
        let result = self.on_frame(&ws, message).await;
        self.meter.rows(&self.sql());
        result
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        self.tab_gone(&ws).await;
        let _ = ws.close(Some(1000), Some("bye"));
        Ok(())
    }

    async fn websocket_error(&self, ws: WebSocket, _error: worker::Error) -> Result<()> {
        self.tab_gone(&ws).await;
        Ok(())
    }

    /// A deadline: the grace period after the last tab closed, or the
    /// operator's inactivity (`clock.rs`).
    async fn alarm(&self) -> Result<Response> {
        super::ring(&self.meter, &self.sql(), self.on_alarm()).await
    }
}

impl OperatorDo {
    /// A frame from a tab: `hello`, a read mark, or activity.
    async fn on_frame(&self, ws: &WebSocket, message: WebSocketIncomingMessage) -> Result<()> {
        let text = match message {
            WebSocketIncomingMessage::String(text) => text,
            WebSocketIncomingMessage::Binary(_) => {
                return ws
                    .send_with_str(ServerMsg::error(ErrorCode::Malformed, "frames are JSON text").to_json())
            }
        };
        let outcome = match decode_client(&text) {
            Ok(ClientMsg::Hello { v, last_seq, .. }) if v == PROTOCOL_VERSION => {
                self.hello(ws, last_seq).await
            }
            Ok(ClientMsg::Hello { .. }) => {
                let message = format!("this server speaks protocol version {PROTOCOL_VERSION}");
                return ws.send_with_str(ServerMsg::error(ErrorCode::UnsupportedVersion, message).to_json());
            }
            Ok(ClientMsg::Read(mark)) => self.read(mark),
            Ok(ClientMsg::Active) => self.active().await,
            Ok(ClientMsg::Visibility { visible }) => self.seen_in_view(ws, visible),
            Ok(
                ClientMsg::Send { .. }
                | ClientMsg::Close
                | ClientMsg::Typing
                | ClientMsg::Seen { .. }
                | ClientMsg::Rate { .. },
            ) => {
                let message = "use the conversation's socket for that";
                return ws.send_with_str(ServerMsg::error(ErrorCode::Malformed, message).to_json());
            }
            Err(error) => return ws.send_with_str(error.to_json()),
        };
        if let Err(e) = outcome {
            e.log();
            ws.send_with_str(ServerMsg::error(ErrorCode::Internal, "please retry").to_json())?;
        }
        Ok(())
    }

    /// A tab's socket. The edge says whose bus this is and which channels
    /// they work in (the latest tab's list is the one kept; channels that
    /// left it are told the operator is gone).
    async fn accept(&self, req: &Request) -> AppResult<Response> {
        let url = req.url()?;
        let query = |key: &str| url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned());
        let who = query("workspace").and_then(|w| WorkspaceId::parse(w).ok());
        let (workspace, login) = match (who, query("login").and_then(|l| Login::parse(l).ok())) {
            (Some(w), Some(l)) => (w, l),
            _ => return Err(AppError::BadRequest("no operator".into())),
        };
        let session = query("session").ok_or_else(|| AppError::BadRequest("no session".into()))?;
        let channels: Vec<ChannelInfo> = query("channels")
            .map(|c| serde_json::from_str(&c))
            .transpose()
            .map_err(|_| AppError::BadRequest("no channels".into()))?
            .unwrap_or_default();
        let dropped: Vec<String> =
            self.channels()?.into_iter().filter(|c| !channels.iter().any(|n| n.id.as_str() == c)).collect();
        let meta = self.meta();
        meta.store(&keys::WORKSPACE, &workspace)?;
        meta.store(&keys::LOGIN, &login)?;
        meta.store(&keys::ADMIN, &(query("admin").as_deref() == Some("1")))?;
        meta.store(&keys::LANGUAGE, &query("lang").unwrap_or_default())?;
        meta.store(&keys::CHANNELS, &channels)?;
        self.watch(&dropped, false).await;
        let pair = WebSocketPair::new()?;
        // Tagged with its session, which `revoke.rs` closes by.
        self.state.accept_websocket_with_tags(&pair.server, &[&session]);
        pair.server.attach(&Tab { id: crate::auth::token()?, ..Tab::default() })?;
        Ok(Response::from_websocket(pair.client)?)
    }

    /// The channels the operator works in, with their names.
    fn channel_infos(&self) -> AppResult<Vec<ChannelInfo>> {
        Ok(self.meta().load(&keys::CHANNELS)?.unwrap_or_default())
    }

    fn channels(&self) -> AppResult<Vec<String>> {
        Ok(self.channel_infos()?.into_iter().map(|c| c.id.as_str().to_owned()).collect())
    }

    /// The workspace says which channels the operator works in now (one was
    /// created, renamed, or its list of operators changed). Channels new to
    /// them are watched at once when a tab is open, and each tab is told:
    /// a channel is listed (or renamed) with what it holds, or taken away.
    /// With no tab open, the next tab gets the whole state instead.
    async fn set_channels(&self, now: Vec<ChannelInfo>) -> AppResult<()> {
        let before = self.channel_infos()?;
        let changed: Vec<String> =
            now.iter().filter(|c| !before.contains(c)).map(|c| c.id.as_str().to_owned()).collect();
        let dropped: Vec<ChannelInfo> =
            before.into_iter().filter(|c| !now.iter().any(|n| n.id == c.id)).collect();
        self.meta().store(&keys::CHANNELS, &now)?;
        let dropped_ids: Vec<String> = dropped.iter().map(|c| c.id.as_str().to_owned()).collect();
        self.watch(&dropped_ids, false).await;
        if !self.any_tab(None) {
            return self.meta().store(&keys::LAPSED, &self.last_seq()?);
        }
        let states = self.watch(&changed, true).await;
        let mut events: Vec<BusEvent> =
            dropped.into_iter().map(|c| BusEvent::ChannelGone { channel: c.id }).collect();
        events.extend(named(states, &now).into_iter().map(BusEvent::Channel));
        self.publish(events)
    }

    fn login(&self) -> AppResult<Login> {
        self.meta().need(&keys::LOGIN)
    }

    /// Tells `channels` the operator is here (`on`, answered with each
    /// channel's state) or gone. A channel that fails is logged and left out.
    async fn watch(&self, channels: &[String], on: bool) -> Vec<ChannelState> {
        let Ok(login) = self.login() else { return vec![] };
        let answers = self.ask_channels(channels, &Watch { login, on }).await;
        let mut states = vec![];
        for answer in answers {
            match answer {
                Ok(Some(watched)) => {
                    if let Err(e) = self.keep_timeout(watched.inactivity_timeout_ms) {
                        e.log();
                    }
                    states.push(watched.state);
                }
                Ok(None) => {}
                Err(e) => e.log(),
            }
        }
        states
    }

    /// Sends `c` to each of `channels`, all at once; their answers, in order.
    async fn ask_channels<C: Call>(&self, channels: &[String], c: &C) -> Vec<AppResult<C::Answer>> {
        let stubs = channels.iter().map(|channel| internal::stub(&self.env, CHANNELS, channel)).collect();
        rpc::call_all(stubs, c).await
    }

    /// A tab introduces itself with the last event it holds: it is sent
    /// what it missed, or the whole state and what followed it.
    async fn hello(&self, ws: &WebSocket, last_seq: u64) -> AppResult<()> {
        let before = self.last_seq()?;
        // Presence first: every hello, so a tab back from a network cut
        // puts the operator online again.
        let channels = named(self.watch(&self.channels()?, true).await, &self.channel_infos()?);
        // What its conversations told and a crash lost, mended.
        self.catch_up(&channels).await;
        // No await from here on: what is sent and what is published later
        // cannot interleave.
        let lapsed = self.meta().load(&keys::LAPSED)?.unwrap_or(0);
        let kept = Kept { last: self.last_seq()?, first: self.first_kept()?, lapsed };
        let mut greeting = bus_log::greet(last_seq, kept, before);
        let from = match greeting {
            Greeting::Replay { after } => after,
            Greeting::State { as_of } => as_of,
        };
        // A log that does not read (kept by an older build) cannot be
        // replayed whole: the tab gets the whole state as of now instead.
        let replay = match self.events_after(from) {
            Ok(events) => events,
            Err(e) => {
                e.log();
                greeting = Greeting::State { as_of: kept.last };
                vec![]
            }
        };
        match greeting {
            Greeting::Replay { .. } => {
                ws.send_with_str(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: kept.last }.to_json())?
            }
            Greeting::State { as_of } => {
                let read = self.read_marks()?;
                let mut channels = channels;
                self.bring_up_to_date(channels.iter_mut().flat_map(|c| c.items.iter_mut()))?;
                self.for_viewer(channels.iter_mut().flat_map(|c| c.items.iter_mut()))?;
                ws.send_with_str(ServerMsg::State { seq: as_of, channels, read }.to_json())?
            }
        }
        for (seq, event) in replay {
            ws.send_with_str(ServerMsg::Event { seq, event }.to_json())?;
        }
        let mut tab: Tab = ws.attached()?.unwrap_or_default();
        tab.introduced = true;
        ws.attach(&tab)?;
        Ok(())
    }

    /// News from a channel or a conversation: published, and pushed to the
    /// operator's devices when no tab is in view (`push.rs`).
    fn news(&self, events: Vec<BusEvent>) -> AppResult<()> {
        self.push_news(&events)?;
        self.publish(events)
    }

    /// A tab went out of view or came back.
    fn seen_in_view(&self, ws: &WebSocket, visible: bool) -> AppResult<()> {
        let mut tab: Tab = ws.attached()?.unwrap_or_default();
        tab.visible = visible;
        Ok(ws.attach(&tab)?)
    }

    /// Numbers each event, keeps it, and sends it to every introduced tab.
    fn publish(&self, mut events: Vec<BusEvent>) -> AppResult<()> {
        self.up_to_date(&mut events)?;
        let tabs = self.tabs();
        let before = self.last_seq()?;
        let mut seq = before;
        for event in events {
            seq += 1;
            self.keep(seq, &event)?;
            let frame = ServerMsg::Event { seq, event }.to_json();
            for (ws, _) in &tabs {
                let _ = ws.send_with_str(&frame);
            }
        }
        // What is kept beyond its bound goes now and then, not at each event.
        if seq / FORGET_EVERY != before / FORGET_EVERY {
            self.forget_before(seq)?;
            self.forget_activity()?;
            self.forget_opened()?;
        }
        Ok(())
    }

    /// The operator has read a conversation this far: kept and told to
    /// their tabs.
    fn read(&self, mark: ReadMark) -> AppResult<()> {
        let kept = self.keep_read(mark)?;
        self.publish(vec![BusEvent::Read(kept)])
    }

    /// Whether a tab other than `except` has said `hello`.
    fn any_tab(&self, except: Option<&str>) -> bool {
        self.tabs().iter().any(|(_, t)| Some(t.id.as_str()) != except)
    }

    /// The tabs that have said `hello` (events go only to them).
    fn tabs(&self) -> Vec<(WebSocket, Tab)> {
        self.state
            .get_websockets()
            .into_iter()
            .filter_map(|ws| {
                let tab = ws.attached::<Tab>().ok().flatten().filter(|t: &Tab| t.introduced)?;
                Some((ws, tab))
            })
            .collect()
    }

    /// No tab came back: the operator has left their channels, and the bus
    /// notes where its news stops being whole.
    async fn leave_if_gone(&self) -> AppResult<()> {
        if self.any_tab(None) {
            return Ok(());
        }
        let channels = self.channels()?;
        self.watch(&channels, false).await;
        self.meta().store(&keys::LAPSED, &self.last_seq()?)?;
        // A tab said hello meanwhile: it is here after all.
        if self.any_tab(None) {
            self.watch(&channels, true).await;
        }
        Ok(())
    }
}

/// Channel states with the names the operator's list gives them.
fn named(mut states: Vec<ChannelState>, infos: &[ChannelInfo]) -> Vec<ChannelState> {
    for state in &mut states {
        if let Some(info) = infos.iter().find(|i| i.id == state.channel) {
            state.name = info.name.clone();
        }
    }
    states
}
