//! Helpers for the integration tests: they talk to a real workerd that
//! `cargo xtask test` started, whose URL is in `SWITCHBOARD_URL`.
//!
//! Clients here speak the wire protocol of `switchboard-core` exactly as the
//! widget and the inbox do, over real HTTP and WebSockets.

pub mod chaos;
pub mod inbox;
pub mod load;
pub mod workerd;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use switchboard_core::protocol::{
    BusEvent, ChannelState, ClientMsg, ConversationStarted, ConversationSummary, ServerMsg,
    StartConversation, PROTOCOL_VERSION,
};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for a frame that must come before it fails.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

/// The demo channel and operators that `DEMO_SEED=true` creates.
pub const CHANNEL: &str = "demo";
pub const OPERATOR: (&str, &str, &str) = ("mitchell", "demo-mitchell", "Mitchell");

pub fn base() -> String {
    std::env::var("SWITCHBOARD_URL")
        .expect("SWITCHBOARD_URL is not set: run these tests with `cargo xtask test`")
}

pub fn ws_base() -> String {
    base().replacen("http://", "ws://", 1)
}

/// An HTTP agent that returns error statuses instead of failing on them.
///
/// Tests stand for many people on many connections: a request that does
/// not say its address gets one of its own ([`CLIENT_ADDRESS`], which local
/// workerd keeps when a client sends it and Cloudflare always sets
/// itself), so the per-address limits bite only the tests that mean to
/// meet them, by sending one address again and again.
pub fn http() -> ureq::Agent {
    let own_address = |mut req: ureq::http::Request<ureq::SendBody>,
                       next: ureq::middleware::MiddlewareNext| {
        if !req.headers().contains_key(CLIENT_ADDRESS) {
            req.headers_mut().insert(CLIENT_ADDRESS, fresh_address().parse().expect("an address"));
        }
        next.handle(req)
    };
    ureq::Agent::config_builder().http_status_as_error(false).middleware(own_address).build().into()
}

/// The header that says which address a request comes from.
pub const CLIENT_ADDRESS: &str = "cf-connecting-ip";

/// An address no other request of this run has used (in 10.0.0.0/8, by
/// process and count).
pub fn fresh_address() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("10.{}.{}.{}", std::process::id() % 256, (n >> 8) % 256, n % 256)
}

/// A visitor opens a conversation on the demo channel, as the widget does.
pub fn start_conversation(languages: &[&str]) -> ConversationStarted {
    start_conversation_on(CHANNEL, languages)
}

/// A visitor opens a conversation on `channel`.
pub fn start_conversation_on(channel: &str, languages: &[&str]) -> ConversationStarted {
    start_conversation_by(channel, languages, None)
}

/// The visitor whose browser is `visitor` opens a conversation on `channel`.
pub fn start_conversation_by(
    channel: &str,
    languages: &[&str],
    visitor: Option<&str>,
) -> ConversationStarted {
    let body = StartConversation {
        channel: channel.parse_channel(),
        languages: languages.iter().map(|s| s.to_string()).collect(),
        visitor: visitor.map(|v| switchboard_core::ids::VisitorId::parse(v).expect("a valid visitor id")),
        name: None,
        email: None,
        user_id: None,
        user_hash: None,
        offline: false,
    };
    let mut res = http()
        .post(format!("{}/api/conversations", base()))
        .send_json(&body)
        .expect("POST /api/conversations");
    assert_eq!(res.status(), 200, "starting a conversation");
    res.body_mut().read_json().expect("a ConversationStarted body")
}

/// A visitor starts a chat on `channel`: opens a conversation and says
/// their first words (`Hello`, client id `first`), which bring it to the
/// channel (an empty conversation costs the channel nothing).
pub fn start_chat_on(channel: &str, languages: &[&str]) -> ConversationStarted {
    start_chat_by(channel, languages, None)
}

/// The same, from the browser whose visitor id is `visitor`.
pub fn start_chat_by(channel: &str, languages: &[&str], visitor: Option<&str>) -> ConversationStarted {
    let started = start_conversation_by(channel, languages, visitor);
    first_words(&started, channel);
    started
}

/// The visitor of `c` says `Hello` (client id `first`) on a socket of its
/// own, closed once the message is acked.
pub fn first_words(c: &ConversationStarted, channel: &str) {
    let mut ws = load::socket(&format!("/api/conversations/{}/ws?channel={channel}", c.conversation), None);
    let hello = ClientMsg::Hello { v: PROTOCOL_VERSION, token: Some(c.token.clone()), last_seq: 0 };
    load::send(&mut ws, &hello);
    let client_id = switchboard_core::ids::ClientMsgId::parse("first").unwrap();
    load::send(&mut ws, &ClientMsg::Send { client_id, text: "Hello".into(), files: vec![] });
    loop {
        let frame = ws.read().expect("the ack of the first words");
        if let tungstenite::Message::Text(text) = frame {
            if let Ok(ServerMsg::Ack { .. }) = serde_json::from_str(text.as_str()) {
                break;
            }
        }
    }
    let _ = ws.close(None);
}

trait ParseChannel {
    fn parse_channel(&self) -> switchboard_core::ids::ChannelId;
}
impl ParseChannel for str {
    fn parse_channel(&self) -> switchboard_core::ids::ChannelId {
        switchboard_core::ids::ChannelId::parse(self).expect("a valid channel id")
    }
}

/// Logs in as a demo operator; returns the `Cookie` header value.
pub fn login(login: &str, password: &str) -> String {
    let res = http()
        .post(format!("{}/api/login", base()))
        .send_json(serde_json::json!({ "login": login, "password": password }))
        .expect("POST /api/login");
    assert_eq!(res.status(), 200, "logging in as {login}");
    let set_cookie = res.headers().get("set-cookie").expect("a session cookie").to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

/// One WebSocket client. Assignment news (who has the conversation, the
/// queue position) comes whenever the channel decides, so `recv` sets it
/// aside and `assignment` returns it: tests of the message flow stay exact.
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    news: std::collections::VecDeque<ServerMsg>,
    others: std::collections::VecDeque<ServerMsg>,
    /// How long to wait for a frame that must come ([`FRAME_TIMEOUT`]).
    patience: Duration,
}

impl Client {
    /// Connects to `path` with extra request headers.
    pub async fn connect(path: &str, headers: &[(&str, &str)]) -> Result<Client, tungstenite::Error> {
        let mut req = format!("{}{path}", ws_base()).into_client_request()?;
        // A connection of its own unless `headers` name one, as each of
        // many people would have (the limits per address, `http`).
        req.headers_mut().insert(CLIENT_ADDRESS, fresh_address().parse().expect("an address"));
        for (k, v) in headers {
            let name: tungstenite::http::HeaderName = k.parse().expect("a header name");
            req.headers_mut().insert(name, v.parse().expect("a header value"));
        }
        let (ws, _) = tokio_tungstenite::connect_async(req).await?;
        Ok(Client { ws, news: Default::default(), others: Default::default(), patience: FRAME_TIMEOUT })
    }

    /// A visitor's socket to their conversation on `channel`, introduced.
    pub async fn visitor_on(c: &ConversationStarted, channel: &str) -> Client {
        let mut client =
            Client::connect(&format!("/api/conversations/{}/ws?channel={channel}", c.conversation), &[])
                .await
                .expect("visitor socket");
        client
            .send(&ClientMsg::Hello {
                v: switchboard_core::protocol::PROTOCOL_VERSION,
                token: Some(c.token.clone()),
                last_seq: 0,
            })
            .await;
        assert!(matches!(client.recv().await, ServerMsg::Welcome { .. }));
        client
    }

    /// A visitor's socket to their conversation.
    pub async fn visitor(c: &ConversationStarted) -> Client {
        Client::connect(&format!("/api/conversations/{}/ws?channel={CHANNEL}", c.conversation), &[])
            .await
            .expect("visitor socket")
    }

    /// An operator's socket to a conversation.
    pub async fn operator(cookie: &str, conversation: &str) -> Client {
        Client::connect(
            &format!("/api/conversations/{conversation}/ws?as=operator"),
            &[("cookie", cookie), ("origin", &base())],
        )
        .await
        .expect("operator socket")
    }

    pub async fn send(&mut self, msg: &ClientMsg) {
        self.send_raw(&serde_json::to_string(msg).unwrap()).await;
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws.send(Message::Text(text.into())).await.expect("sending a frame");
    }

    /// The next server frame other than assignment news; fails the test if
    /// none comes in time.
    pub async fn recv(&mut self) -> ServerMsg {
        if let Some(msg) = self.others.pop_front() {
            return msg;
        }
        loop {
            match self.next_frame().await {
                news @ ServerMsg::Assignment { .. } => self.news.push_back(news),
                msg => return msg,
            }
        }
    }

    /// The next event of an operator's bus (other frames are passed over).
    pub async fn event(&mut self) -> BusEvent {
        loop {
            if let ServerMsg::Event { event, .. } = self.recv().await {
                return event;
            }
        }
    }

    /// The next assignment news: (operator's name, queue position).
    pub async fn assignment(&mut self) -> (Option<String>, Option<u32>) {
        loop {
            let msg = match self.news.pop_front() {
                Some(msg) => msg,
                None => self.next_frame().await,
            };
            match msg {
                ServerMsg::Assignment { operator, position } => return (operator, position),
                other => self.others.push_back(other),
            }
        }
    }

    async fn next_frame(&mut self) -> ServerMsg {
        loop {
            let frame = tokio::time::timeout(self.patience, self.ws.next())
                .await
                .expect("no frame came in time")
                .expect("the socket closed")
                .expect("a socket error");
            match frame {
                Message::Text(text) => return serde_json::from_str(text.as_str()).expect("a server frame"),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("unexpected frame {other:?}"),
            }
        }
    }

    /// Waits up to `patience` for each frame from now on: for news that a
    /// deadline of the server's brings, such as a grace period running out.
    pub fn with_patience(&mut self, patience: Duration) {
        self.patience = patience;
    }

    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }

    /// Waits for the server to close the socket (other frames are passed
    /// over): its close code. Fails the test if it stays open.
    pub async fn closed_by_server(&mut self) -> u16 {
        loop {
            let frame = tokio::time::timeout(self.patience, self.ws.next())
                .await
                .expect("the socket stayed open")
                .expect("the socket ended without a close frame")
                .expect("a socket error");
            if let Message::Close(frame) = frame {
                return frame.map_or(1005, |f| f.code.into());
            }
        }
    }
}

/// A string no earlier test run used (logins are unique across workspaces
/// and the state folder may outlive one run).
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}-{nanos:x}-{}", N.fetch_add(1, Ordering::Relaxed))
}

/// A browser-like HTTP client: our own `Origin`, and a session cookie once
/// logged in.
pub struct Browser {
    pub cookie: Option<String>,
}

impl Browser {
    pub fn anonymous() -> Browser {
        Browser { cookie: None }
    }

    pub fn logged_in(login_name: &str, password: &str) -> Browser {
        Browser { cookie: Some(login(login_name, password)) }
    }

    /// Signs up a new workspace; returns its admin's browser and login.
    pub fn sign_up(workspace_name: &str) -> (Browser, String) {
        let login_name = unique("admin");
        let mut b = Browser::anonymous();
        let (status, me) = b.send(
            "POST",
            "/api/signup",
            Some(serde_json::json!({
                "workspace_name": workspace_name, "name": "Ada Admin",
                "login": login_name, "password": "a good long password"
            })),
        );
        assert_eq!(status, 200, "sign-up: {me}");
        (b, login_name)
    }

    /// Sends a request; returns the status and the JSON body (Null if none).
    /// A `set-cookie` answer replaces the session cookie.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let url = format!("{}{path}", base());
        let req = ureq::http::Request::builder().method(method).uri(&url).header("origin", base());
        let req = match &self.cookie {
            Some(c) => req.header("cookie", c),
            None => req,
        };
        let agent = http();
        let mut res = match body {
            Some(b) => agent
                .run(req.header("content-type", "application/json").body(b.to_string()).unwrap())
                .expect("a response"),
            None => agent.run(req.body(()).unwrap()).expect("a response"),
        };
        if let Some(c) = res.headers().get("set-cookie") {
            self.cookie = Some(c.to_str().unwrap().split(';').next().unwrap().to_owned());
        }
        let text = res.body_mut().read_to_string().unwrap_or_default();
        (res.status().as_u16(), serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }

    pub fn get(&mut self, path: &str) -> (u16, serde_json::Value) {
        self.send("GET", path, None)
    }
}

/// An inbox tab's socket to the operator's bus, introduced, with the list of
/// `channel` it was sent.
pub async fn inbox_with_list(browser: &Browser, channel: &str) -> (Client, Vec<ConversationSummary>) {
    let (inbox, state) = inbox_with_state(browser, channel).await;
    (inbox, state.items)
}

/// An inbox tab's socket to the operator's bus, introduced, with what it was
/// sent of `channel`.
pub async fn inbox_with_state(browser: &Browser, channel: &str) -> (Client, ChannelState) {
    let mut inbox = bus(browser).await;
    inbox.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
    match inbox.recv().await {
        ServerMsg::State { channels, .. } => {
            let state = channels.into_iter().find(|c| c.channel.as_str() == channel);
            (inbox, state.expect("the channel's state"))
        }
        other => panic!("expected the state, got {other:?}"),
    }
}

/// An inbox tab's socket to the operator's bus, not introduced yet.
pub async fn bus(browser: &Browser) -> Client {
    let cookie = browser.cookie.clone().unwrap();
    Client::connect("/api/bus", &[("cookie", &cookie), ("origin", &base())]).await.expect("the bus")
}

pub async fn open_inbox(browser: &Browser, channel: &str) -> Client {
    inbox_with_list(browser, channel).await.0
}

/// A fresh workspace with one channel: its admin, and the channel's id.
pub fn workspace_with_channel(workspace: &str, channel: &str) -> (Browser, String) {
    let (mut admin, _) = Browser::sign_up(workspace);
    let (status, channel) = admin.send("POST", "/api/channels", Some(serde_json::json!({ "name": channel })));
    assert_eq!(status, 200, "{channel}");
    (admin, channel["id"].as_str().unwrap().to_owned())
}

/// A new operator of the admin's workspace (named `name`, or after their
/// login when `None`), logged in: their login and browser.
pub fn new_operator(admin: &mut Browser, name: Option<&str>) -> (String, Browser) {
    let login = unique("op");
    let body = serde_json::json!({ "name": name.unwrap_or(&login), "login": login, "password": "a long enough password" });
    assert_eq!(admin.send("POST", "/api/operators", Some(body)).0, 200);
    let browser = Browser::logged_in(&login, "a long enough password");
    (login, browser)
}
