//! `channel-load`: how fast one `ChannelDo` assigns, on the local workerd
//! that `cargo xtask bench` starts (`SWITCHBOARD_URL`). Not a test: it
//! prints numbers.
//!
//! One channel with 20 operators online (capacity 50 each, so nobody is full
//! before the end). "Assigned" is when an inbox socket on the channel hears
//! that the conversation has an operator — what an operator would see.
//! - latency: 100 new conversations one after another, from the visitor's
//!   `POST /api/conversations` to that moment (median, p95, max);
//! - sustained rate: 800 new conversations from 16 clients at once, divided
//!   by the time until the last is assigned, and how long each client waited
//!   for its answer meanwhile (median, p95, max).
//!
//! Bounded: 900 conversations, 127.0.0.1 only, 120 s at most.

use std::collections::HashMap;
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_core::protocol::{BusEvent, ClientMsg, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::{base, start_conversation_on, unique, ws_base, Browser};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::stream::MaybeTlsStream;
use tokio_tungstenite::tungstenite::{self, Message, WebSocket};

const OPERATORS: usize = 20;
const CAPACITY: u32 = 50;
const ONE_BY_ONE: usize = 100;
const AT_ONCE: usize = 800;
const CLIENTS: usize = 16;
const DEADLINE: Duration = Duration::from_secs(120);

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

/// When each conversation was first seen assigned.
#[derive(Default)]
struct Seen {
    at: Mutex<HashMap<String, Instant>>,
    changed: Condvar,
}

impl Seen {
    /// Waits until every id is seen; returns when the last one was.
    fn wait_for(&self, ids: &[String], deadline: Instant) -> Instant {
        let mut at = self.at.lock().unwrap();
        loop {
            if let Some(last) = ids.iter().map(|id| at.get(id).copied()).collect::<Option<Vec<_>>>() {
                return last.into_iter().max().unwrap_or_else(Instant::now);
            }
            let left = deadline.checked_duration_since(Instant::now()).expect("the bench ran out of time");
            at = self.changed.wait_timeout(at, left).unwrap().0;
        }
    }
}

/// An inbox tab's socket to the operator's bus, introduced.
fn inbox(browser: &Browser) -> Socket {
    let mut req = format!("{}/api/bus", ws_base()).into_client_request().unwrap();
    req.headers_mut().insert("cookie", browser.cookie.clone().unwrap().parse().unwrap());
    req.headers_mut().insert("origin", base().parse().unwrap());
    let (mut ws, _) = tungstenite::connect(req).expect("an inbox socket");
    let hello = ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 };
    ws.send(Message::Text(serde_json::to_string(&hello).unwrap().into())).unwrap();
    ws
}

/// Reads a socket until it closes, noting assignments if `seen` is given.
fn drain(mut ws: Socket, seen: Option<Arc<Seen>>) {
    while let Ok(frame) = ws.read() {
        let (Some(seen), Message::Text(text)) = (&seen, frame) else { continue };
        if let Ok(ServerMsg::Event { event: BusEvent::Updated(s), .. }) = serde_json::from_str(text.as_str())
        {
            if s.operator.is_some() {
                seen.at.lock().unwrap().entry(s.id.to_string()).or_insert_with(Instant::now);
                seen.changed.notify_all();
            }
        }
    }
}

/// "median …, p95 …, max …" of `times`, in milliseconds.
fn spread(mut times: Vec<Duration>) -> String {
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    format!("median {:.1} ms, p95 {:.1} ms, max {:.1} ms", pick(0.5), pick(0.95), pick(1.0))
}

fn main() {
    let deadline = Instant::now() + DEADLINE;
    let (mut admin, _) = Browser::sign_up("Load");
    let settings = json!({ "inactivity_timeout_s": 3600, "capacity": CAPACITY, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    let (_, channel) = admin.send("POST", "/api/channels", Some(json!({ "name": "Load" })));
    let channel = channel["id"].as_str().expect("a channel").to_owned();
    for _ in 0..OPERATORS {
        let login = unique("load");
        let body = json!({ "name": login, "login": login, "password": "a long enough password" });
        assert_eq!(admin.send("POST", "/api/operators", Some(body)).0, 200);
        let mut op = Browser::logged_in(&login, "a long enough password");
        assert_eq!(op.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
        let ws = inbox(&op);
        std::thread::spawn(move || drain(ws, None));
    }
    let seen = Arc::new(Seen::default());
    let watcher = inbox(&admin);
    let s = seen.clone();
    std::thread::spawn(move || drain(watcher, Some(s)));

    let latencies: Vec<Duration> = (0..ONE_BY_ONE)
        .map(|_| {
            let t0 = Instant::now();
            let id = start_conversation_on(&channel, &["en"]).conversation.to_string();
            seen.wait_for(&[id], deadline) - t0
        })
        .collect();
    println!(
        "new conversation → assigned (as an inbox sees it), {ONE_BY_ONE} one after another: {}",
        spread(latencies)
    );

    let t0 = Instant::now();
    let (ids, answers): (Vec<String>, Vec<Duration>) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let channel = &channel;
                scope.spawn(move || {
                    (0..AT_ONCE / CLIENTS)
                        .map(|_| {
                            let asked = Instant::now();
                            let id = start_conversation_on(channel, &["en"]).conversation.to_string();
                            (id, asked.elapsed())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).unzip()
    });
    let elapsed = seen.wait_for(&ids, deadline) - t0;
    println!(
        "sustained: {AT_ONCE} new conversations from {CLIENTS} clients at once, all assigned in {:.2} s: \
         {:.0} assignments/s through one ChannelDo",
        elapsed.as_secs_f64(),
        AT_ONCE as f64 / elapsed.as_secs_f64()
    );
    println!("meanwhile, a visitor's new conversation was answered in: {}", spread(answers));
}
