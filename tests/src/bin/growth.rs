//! `growth`: whether what one event costs grows with history, on the local
//! workerd `cargo xtask bench` starts (`SWITCHBOARD_URL`). Not a test: it
//! prints numbers.
//!
//! One channel with 5 operators online. The latency of a new conversation
//! until an inbox hears it assigned, 50 one after another, on a fresh
//! channel (from the visitor's start and first message); then `CLOSED`
//! conversations are started, said hello in and ended (16 visitors at
//! once: an empty one would never reach the channel); then the same 50 again, and the ratio of the medians (goal: at
//! most 1.2). Bounded: 127.0.0.1 only, `DEADLINE` at most (what was made by
//! then is reported).

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_core::protocol::{ClientMsg, ConversationStarted, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::load::{drain, inbox, send, socket, Seen};
use switchboard_tests::{start_chat_on, unique, Browser};
use tokio_tungstenite::tungstenite::Message;

const OPERATORS: usize = 5;
const MEASURED: usize = 50;
const CLOSED: usize = 10_000;
const CLIENTS: usize = 16;
const DEADLINE: Duration = Duration::from_secs(900);

/// The visitor ends their conversation, and hears it ended.
fn close(c: &ConversationStarted, channel: &str) {
    let mut ws = socket(&format!("/api/conversations/{}/ws?channel={channel}", c.conversation), None);
    send(&mut ws, &ClientMsg::Hello { v: PROTOCOL_VERSION, token: Some(c.token.clone()), last_seq: 0 });
    send(&mut ws, &ClientMsg::Close);
    while let Ok(frame) = ws.read() {
        if let Message::Text(text) = frame {
            if let Ok(ServerMsg::Closed { .. }) = serde_json::from_str(text.as_str()) {
                break;
            }
        }
    }
    let _ = ws.close(None);
}

/// 50 new conversations one after another, each ended once assigned: the
/// median time to assigned, in ms.
fn measure(channel: &str, seen: &Seen, deadline: Instant) -> f64 {
    let mut times: Vec<Duration> = (0..MEASURED)
        .map(|_| {
            let t0 = Instant::now();
            let started = start_chat_on(channel, &["en"]);
            let took = seen.wait_for(&[started.conversation.to_string()], deadline) - t0;
            close(&started, channel);
            took
        })
        .collect();
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let deadline = Instant::now() + DEADLINE;
    let (mut admin, _) = Browser::sign_up("Growth");
    let settings = json!({ "inactivity_timeout_s": 3600, "capacity": 50, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    let (_, channel) = admin.send("POST", "/api/channels", Some(json!({ "name": "Growth" })));
    let channel = channel["id"].as_str().expect("a channel").to_owned();
    for _ in 0..OPERATORS {
        let login = unique("grow");
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

    let fresh = measure(&channel, &seen, deadline);
    let t0 = Instant::now();
    let made: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let channel = &channel;
                scope.spawn(move || {
                    let mut made = 0;
                    while made < CLOSED / CLIENTS && Instant::now() + Duration::from_secs(120) < deadline {
                        close(&start_chat_on(channel, &["en"]), channel);
                        made += 1;
                    }
                    made
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let filled = t0.elapsed();
    let after = measure(&channel, &seen, deadline);
    println!(
        "new conversation → assigned, median of {MEASURED}: {fresh:.1} ms on a fresh channel, {after:.1} ms after \
         {made} more were started and ended (in {:.0} s): ratio {:.2} (goal ≤ 1.2)",
        filled.as_secs_f64(),
        after / fresh
    );
}
