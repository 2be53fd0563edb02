//! `latency`: how long a visitor's message takes to reach the operator, on
//! the local workerd that `cargo xtask bench` starts (`SWITCHBOARD_URL`),
//! beside a minimal one-object-per-room chat on another workerd of the same
//! run (`BASELINE_URL`, `bench/baseline/`). Not a test: it prints numbers.
//!
//! For 100 and 1,000 conversations with 20 and 200 operators online in one
//! channel: every conversation assigned, each operator's inbox tab open (their
//! bus) and every conversation open in its operator's pane (its own socket).
//! Then, for [`MEASURE`], each visitor writes once every 20 s and each
//! operator answers as often (the load ARCHITECTURE.md's Scale section
//! assumes), spread evenly. Measured: a visitor's send → the assignee's tab
//! lists it, and → the open pane shows it (p50, p95, p99); in the baseline,
//! with as many rooms and the same sends, a visitor's send → the other
//! socket of its room. The ratio is Switchboard's pane to the baseline.
//!
//! Bounded: 1,000 conversations and 200 operators at most at a time,
//! 127.0.0.1 only, about a minute and a half per mix.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use switchboard_core::ids::ClientMsgId;
use switchboard_core::limits::MAX_CAPACITY;
use switchboard_core::protocol::{BusEvent, ClientMsg, ConversationStarted, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::{base, fresh_address, start_chat_on, unique, ws_base, Browser, CLIENT_ADDRESS};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// (conversations, operators online) in one channel.
const MIXES: [(usize, usize); 4] = [(100, 20), (100, 200), (1_000, 20), (1_000, 200)];
/// How long each side writes, once every [`EVERY`].
const MEASURE: Duration = Duration::from_secs(30);
const EVERY: Duration = Duration::from_secs(20);
/// How long a message may take before it counts as lost.
const GRACE: Duration = Duration::from_secs(5);
/// How long the sends wait after the set-up. Local workerd hibernates an
/// object about 10 s after its last event; the hundreds the set-up woke
/// doing so at once stall its one thread for about a second at 200
/// operators (measured: p99 over 1 s when the sends start at once). That is
/// workerd's, not a message's: on Cloudflare each object runs on its own.
/// Past it, every message still meets a hibernated object (one every 20 s
/// per side), in both systems.
const QUIET_BEFORE: Duration = Duration::from_secs(15);
/// Parallel clients while setting up.
const SETUP_CLIENTS: usize = 8;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Sink = SplitSink<Ws, Message>;

/// When each token was sent, and how long each took to arrive where
/// measured; `heard` wakes whoever waits, at every frame a tab or a
/// measured socket reads.
#[derive(Default)]
struct Clock {
    sent: Mutex<HashMap<String, Instant>>,
    took: Mutex<HashMap<&'static str, Vec<Duration>>>,
    heard: Notify,
}

impl Clock {
    /// Waits until the tabs hear nothing for a second (what the set-up sent
    /// them is read), so the driver's reading is not in the numbers; a
    /// minute at most.
    async fn settle(&self) {
        let limit = Instant::now() + Duration::from_secs(60);
        while Instant::now() < limit {
            if tokio::time::timeout(Duration::from_secs(1), self.heard.notified()).await.is_err() {
                return;
            }
        }
    }

    /// Waits until every visitor's message sent has arrived at each of
    /// `places`, or [`GRACE`] has passed (what has not is lost).
    async fn landed(&self, places: &[&'static str]) {
        let limit = tokio::time::Instant::now() + GRACE;
        loop {
            let sent = self.sent.lock().unwrap().keys().filter(|t| t.starts_with('v')).count();
            let all_in = {
                let took = self.took.lock().unwrap();
                places.iter().all(|p| took.get(p).map_or(0, Vec::len) >= sent)
            };
            if all_in {
                return;
            }
            if tokio::time::timeout_at(limit, self.heard.notified()).await.is_err() {
                return;
            }
        }
    }

    fn sent(&self, token: &str) {
        self.sent.lock().unwrap().insert(token.to_owned(), Instant::now());
    }

    /// `token` arrived at `place`: a visitor's is measured (the operators'
    /// are load).
    fn arrived(&self, place: &'static str, token: &str) {
        if !token.starts_with('v') {
            return;
        }
        let at = self.sent.lock().unwrap().get(token).copied();
        if let Some(at) = at {
            self.took.lock().unwrap().entry(place).or_default().push(at.elapsed());
            self.heard.notify_waiters();
        }
    }

    fn spread(&self, place: &'static str) -> Spread {
        let mut times = self.took.lock().unwrap().remove(place).unwrap_or_default();
        times.sort();
        Spread { times, sent: self.sent.lock().unwrap().len() }
    }
}

struct Spread {
    times: Vec<Duration>,
    sent: usize,
}

impl Spread {
    fn ms(&self, q: f64) -> f64 {
        if self.times.is_empty() {
            return f64::NAN;
        }
        self.times[((self.times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
    }

    fn line(&self) -> String {
        format!(
            "p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms ({} of {} sent)",
            self.ms(0.5),
            self.ms(0.95),
            self.ms(0.99),
            self.times.len(),
            self.sent
        )
    }
}

async fn connect(url: String, cookie: Option<&str>, origin: &str) -> Ws {
    let mut req = url.into_client_request().unwrap();
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse().unwrap());
    }
    req.headers_mut().insert("origin", origin.parse().unwrap());
    // Each visitor on a connection of their own (the limits per address).
    req.headers_mut().insert(CLIENT_ADDRESS, fresh_address().parse().unwrap());
    tokio_tungstenite::connect_async(req).await.expect("a socket").0
}

async fn say(sink: &mut Sink, msg: &ClientMsg) {
    let _ = sink.send(Message::Text(serde_json::to_string(msg).unwrap().into())).await;
}

/// Reads `stream` until it closes, handing each server frame to `on`.
fn read(mut stream: SplitStream<Ws>, mut on: impl FnMut(ServerMsg) + Send + 'static) {
    tokio::spawn(async move {
        while let Some(Ok(frame)) = stream.next().await {
            if let Message::Text(text) = frame {
                if let Ok(msg) = serde_json::from_str::<ServerMsg>(text.as_str()) {
                    on(msg);
                }
            }
        }
    });
}

/// One side's sends: tokens `{name}-{k}`, the first `offset` after
/// `start`, then every [`EVERY`] until [`MEASURE`] is over. The socket is
/// handed back open (the other side may still write).
async fn write(
    mut sink: Sink,
    clock: Arc<Clock>,
    start: Instant,
    offset: Duration,
    name: String,
    frame: fn(&str) -> Message,
) -> Sink {
    let mut k = 0;
    while offset + EVERY * k < MEASURE {
        tokio::time::sleep_until((start + offset + EVERY * k).into()).await;
        let token = format!("{name}-{k}");
        clock.sent(&token);
        let _ = sink.send(frame(&token)).await;
        k += 1;
    }
    sink
}

fn chat_frame(token: &str) -> Message {
    let msg = ClientMsg::Send {
        client_id: ClientMsgId::parse(token).unwrap(),
        text: token.to_owned(),
        files: vec![],
    };
    Message::Text(serde_json::to_string(&msg).unwrap().into())
}

fn room_frame(token: &str) -> Message {
    Message::Text(token.to_owned().into())
}

/// A channel with `operators` joined, each logged in: the channel's id and
/// the operators' (login, cookie).
fn team(conversations: usize, operators: usize) -> (String, Vec<(String, String)>) {
    let (mut admin, _) = Browser::sign_up("Latency");
    let capacity = (conversations.div_ceil(operators) + 5).min(MAX_CAPACITY as usize);
    let settings = json!({ "inactivity_timeout_s": 3600, "capacity": capacity, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    let (_, channel) = admin.send("POST", "/api/channels", Some(json!({ "name": "Latency" })));
    let channel = channel["id"].as_str().expect("a channel").to_owned();
    let team = parallel(operators, |_| {
        let mut admin = Browser { cookie: admin.cookie.clone() };
        let login = unique("lat");
        let body = json!({ "name": login, "login": login, "password": "a long enough password" });
        assert_eq!(admin.send("POST", "/api/operators", Some(body)).0, 200);
        let mut op = Browser::logged_in(&login, "a long enough password");
        assert_eq!(op.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
        (login, op.cookie.unwrap())
    });
    (channel, team)
}

/// `make(i)` for `0..n`, on [`SETUP_CLIENTS`] threads.
fn parallel<T: Send>(n: usize, make: impl Fn(usize) -> T + Sync) -> Vec<T> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..SETUP_CLIENTS)
            .map(|t| {
                let make = &make;
                scope.spawn(move || (t..n).step_by(SETUP_CLIENTS).map(|i| (i, make(i))).collect::<Vec<_>>())
            })
            .collect();
        let mut all: Vec<(usize, T)> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, t)| t).collect()
    })
}

/// Switchboard: the tabs, the conversations with their panes, the sends.
/// The tabs are handed back open: closed, their buses would leave the
/// channel all at once a grace period later, in the next mix's numbers.
async fn switchboard(conversations: usize, operators: usize) -> (Spread, Spread, Vec<Sink>) {
    let (channel, team) = team(conversations, operators);
    let clock = Arc::new(Clock::default());
    let origin = base();
    // Kept open to the end: a tab open is the operator online.
    let mut tabs = vec![];
    for (_, cookie) in &team {
        let (mut sink, stream) =
            connect(format!("{}/api/bus", ws_base()), Some(cookie), &origin).await.split();
        say(&mut sink, &ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
        let c = clock.clone();
        read(stream, move |msg| {
            c.heard.notify_waiters();
            if let ServerMsg::Event { event: BusEvent::Activity(a), .. } = msg {
                c.arrived("tab", &a.preview);
            }
        });
        tabs.push(sink);
    }
    // Blocking meanwhile: what the tabs are sent waits in their sockets.
    let started: Vec<ConversationStarted> = parallel(conversations, |_| start_chat_on(&channel, &["en"]));
    let cookies: HashMap<&str, &str> = team.iter().map(|(l, c)| (l.as_str(), c.as_str())).collect();
    let mut sides = vec![];
    for c in &started {
        let path = format!("{}/api/conversations/{}/ws?channel={channel}", ws_base(), c.conversation);
        let (mut visitor, mut frames) = connect(path, None, &origin).await.split();
        say(
            &mut visitor,
            &ClientMsg::Hello { v: PROTOCOL_VERSION, token: Some(c.token.clone()), last_seq: 0 },
        )
        .await;
        // Its operator (operators are named by their login).
        let login = loop {
            match frames.next().await {
                Some(Ok(Message::Text(t))) => {
                    if let Ok(ServerMsg::Assignment { operator: Some(name), .. }) = serde_json::from_str(&t) {
                        break name;
                    }
                }
                Some(Ok(_)) => {}
                _ => panic!("conversation {} was not assigned", c.conversation),
            }
        };
        read(frames, |_| {});
        let pane = format!("{}/api/conversations/{}/ws?as=operator", ws_base(), c.conversation);
        let (mut operator, panes) =
            connect(pane, cookies.get(login.as_str()).copied(), &origin).await.split();
        say(&mut operator, &ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
        let k = clock.clone();
        read(panes, move |msg| {
            if let ServerMsg::Message(m) = msg {
                k.arrived("pane", &m.text);
            }
        });
        sides.push((visitor, operator));
    }
    clock.settle().await;
    run_sends(sides, &clock, chat_frame, &["tab", "pane"]).await;
    (clock.spread("tab"), clock.spread("pane"), tabs)
}

/// Every conversation's visitor and operator write, spread evenly over
/// [`EVERY`], the operators half a period after their visitor, until the
/// visitors' messages have landed at `places`; then only the visitors'
/// sends are kept (the operators' are load).
async fn run_sends(
    sides: Vec<(Sink, Sink)>,
    clock: &Arc<Clock>,
    frame: fn(&str) -> Message,
    places: &[&'static str],
) {
    let start = Instant::now() + QUIET_BEFORE;
    let n = sides.len();
    eprintln!(
        "  {n} conversations set up; sending in {} s, for {} s",
        QUIET_BEFORE.as_secs(),
        MEASURE.as_secs()
    );
    let mut writers = vec![];
    for (i, (visitor, operator)) in sides.into_iter().enumerate() {
        let offset = EVERY.mul_f64(i as f64 / n as f64);
        writers.push(tokio::spawn(write(visitor, clock.clone(), start, offset, format!("v{i}"), frame)));
        let half = offset + EVERY / 2;
        writers.push(tokio::spawn(write(operator, clock.clone(), start, half, format!("o{i}"), frame)));
    }
    let mut open = vec![];
    for w in writers {
        open.extend(w.await);
    }
    clock.landed(places).await;
    clock.sent.lock().unwrap().retain(|token, _| token.starts_with('v'));
    drop(open);
}

/// The baseline: as many rooms, a visitor and an operator socket in each.
async fn baseline(conversations: usize, run: &str) -> Spread {
    let url = std::env::var("BASELINE_URL").expect("BASELINE_URL: run it with `cargo xtask bench`");
    let ws = url.replacen("http://", "ws://", 1);
    let clock = Arc::new(Clock::default());
    let mut sides = vec![];
    for i in 0..conversations {
        let room = format!("{ws}/room/{run}-{i}");
        let (visitor, frames) = connect(room.clone(), None, &url).await.split();
        let (operator, theirs) = connect(room, None, &url).await.split();
        read(frames, |_| {});
        let k = clock.clone();
        tokio::spawn(async move {
            let mut theirs = theirs;
            while let Some(Ok(Message::Text(t))) = theirs.next().await {
                k.arrived("room", t.as_str());
            }
        });
        sides.push((visitor, operator));
    }
    run_sends(sides, &clock, room_frame, &["room"]).await;
    clock.spread("room")
}

/// The mixes to run: [`MIXES`], or those `LATENCY_MIXES` names (e.g.
/// `1000x20,100x200`: one at a time while looking into one).
fn mixes() -> Vec<(usize, usize)> {
    let Ok(named) = std::env::var("LATENCY_MIXES") else { return MIXES.to_vec() };
    let mix = |m: &str| {
        let (c, o) = m.trim().split_once('x')?;
        Some((c.parse().ok()?, o.parse().ok()?))
    };
    named
        .split(',')
        .map(|m| mix(m).unwrap_or_else(|| panic!("LATENCY_MIXES: {m:?} is not like 1000x20")))
        .collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut open = vec![];
    for (conversations, operators) in mixes() {
        let (tab, pane, tabs) = switchboard(conversations, operators).await;
        open.push(tabs);
        let room = baseline(conversations, &unique("mix")).await;
        println!("{conversations} conversations, {operators} operators online in one channel:");
        println!("  visitor → the assignee's tab:  {}", tab.line());
        println!("  visitor → the open pane:       {}", pane.line());
        println!("  baseline (one object a room):  {}", room.line());
        println!(
            "  ratio, pane to baseline: p50 {:.2}, p99 {:.2}; tab to baseline: p50 {:.2}, p99 {:.2}",
            pane.ms(0.5) / room.ms(0.5),
            pane.ms(0.99) / room.ms(0.99),
            tab.ms(0.5) / room.ms(0.5),
            tab.ms(0.99) / room.ms(0.99)
        );
    }
}
