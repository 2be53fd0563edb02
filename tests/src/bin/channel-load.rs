//! `channel-load`: how fast one `ChannelDo` assigns, on the local workerd
//! that `cargo xtask bench` starts (`SWITCHBOARD_URL`). Not a test: it
//! prints numbers.
//!
//! One channel with 20 operators online (capacity 50 each, so nobody is full
//! before the end). "Assigned" is when an inbox socket on the channel hears
//! that the conversation has an operator — what an operator would see.
//! - latency: 100 new conversations one after another, from the visitor's
//!   `POST /api/conversations` and first message to that moment (median,
//!   p95, max);
//! - sustained rate: 800 new conversations from 16 clients at once, divided
//!   by the time until the last is assigned, and how long each client waited
//!   for its answer meanwhile (median, p95, max).
//!
//! Bounded: 900 conversations, 127.0.0.1 only, 120 s at most.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_tests::load::{drain, inbox, Seen};
use switchboard_tests::{start_chat_on, unique, Browser};

const OPERATORS: usize = 20;
const CAPACITY: u32 = 50;
const ONE_BY_ONE: usize = 100;
const AT_ONCE: usize = 800;
const CLIENTS: usize = 16;
const DEADLINE: Duration = Duration::from_secs(120);

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
            let id = start_chat_on(&channel, &["en"]).conversation.to_string();
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
                            let id = start_chat_on(channel, &["en"]).conversation.to_string();
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
