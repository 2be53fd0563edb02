//! `chaos`: "nothing lost, nothing twice" under faults, against real
//! workerd (issue 22, item 2). `cargo xtask chaos [--minutes N]` runs it
//! (and `cargo xtask test` a one-minute run): a workerd of its own, a
//! channel whose admin has every conversation, and in each conversation
//! the visitor and the operator typing through core's `ClientLog` over
//! sockets cut at random, while workerd (its whole process group) is
//! `kill -9`ed at random moments and started again on the same state.
//! Then every client's view, the admin's inbox (a tab open from the start
//! and coming back, and a new one) and the stored logs are compared; the
//! counts are printed and any non-zero fails the run.
//!
//! Bounded: 127.0.0.1 only, [`CONVERSATIONS`] conversations, the minutes
//! asked (default 1) plus at most [`SETTLE`] to settle. `CHAOS_SEED`
//! replays a run's random choices (the workerd's timing is its own).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_core::client::ClientLog;
use switchboard_tests::chaos::{catch_up, write, Outcome, Pace, Rng, Side, Verdict};
use switchboard_tests::inbox::{mismatches, Inbox, Truth};
use switchboard_tests::workerd::Workerd;
use switchboard_tests::{
    base, fresh_address, start_chat_on, workspace_with_channel, Browser, CLIENT_ADDRESS,
};

const CONVERSATIONS: usize = 12;
/// After the typing stops: how long everything may take to be acknowledged
/// and shown.
const SETTLE: Duration = Duration::from_secs(60);
const VISITOR: Pace = Pace { typing: (400, 2_500), socket_life: (1_000, 9_000), reconnect: (50, 800) };
const OPERATOR: Pace = Pace { typing: (700, 4_000), socket_life: (2_000, 15_000), reconnect: (50, 800) };

fn main() -> ExitCode {
    let minutes: f64 = std::env::args()
        .skip_while(|a| a != "--minutes")
        .nth(1)
        .map(|m| m.parse().expect("--minutes: a number"))
        .unwrap_or(1.0);
    let seed = std::env::var("CHAOS_SEED").ok().map(|s| s.parse().expect("CHAOS_SEED: a number"));
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    println!("chaos: seed {seed} (CHAOS_SEED={seed} replays its choices), {minutes} minute(s)");
    let state = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/chaos-state");
    let _ = std::fs::remove_dir_all(&state);
    let server = Workerd::start(&state);
    // SAFETY: before any thread of ours starts.
    unsafe { std::env::set_var("SWITCHBOARD_URL", server.url()) };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let passed = runtime.block_on(run(server, Duration::from_secs_f64(minutes * 60.0), Rng::new(seed)));
    if passed {
        ExitCode::SUCCESS
    } else {
        println!("chaos: FAILED (seed {seed})");
        ExitCode::FAILURE
    }
}

async fn run(server: Workerd, length: Duration, mut rng: Rng) -> bool {
    let (mut admin, channel) = workspace_with_channel("Chaos", "Support");
    let settings = json!({ "inactivity_timeout_s": 3600, "capacity": 50, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    assert_eq!(admin.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let (_, me) = admin.get("/api/me");
    let login = me["login"].as_str().expect("the admin's login").to_owned();
    let cookie = admin.cookie.clone().expect("logged in");
    let patience = SETTLE;
    let mut open_all_along = Inbox::open(Browser { cookie: Some(cookie.clone()) }, &channel, patience).await;

    let mut sides = vec![];
    for n in 0..CONVERSATIONS {
        let started = start_chat_on(&channel, &["en"]);
        let id = started.conversation.to_string();
        let address = fresh_address();
        let visitor = Side {
            name: format!("v{n}"),
            path: format!("/api/conversations/{id}/ws?channel={channel}"),
            headers: vec![(CLIENT_ADDRESS.into(), address)],
            token: Some(started.token.clone()),
        };
        let operator = Side {
            name: format!("o{n}"),
            path: format!("/api/conversations/{id}/ws?as=operator"),
            headers: vec![("cookie".into(), cookie.clone()), ("origin".into(), base())],
            token: None,
        };
        sides.push((started.conversation, visitor, operator));
    }

    let typing_until = Instant::now() + length;
    let deadline = typing_until + SETTLE;
    let writers: Vec<_> = sides
        .iter()
        .flat_map(|(_, v, o)| [(v, VISITOR), (o, OPERATOR)])
        .map(|(side, pace)| write(side, pace, rng.split(), typing_until, deadline))
        .collect();
    let killer = kill_now_and_then(server, length, rng.split());
    let (outcomes, (server, kills)) = tokio::join!(futures_util::future::join_all(writers), killer);
    let typed: usize = outcomes.iter().map(|o| o.typed.len()).sum();
    let slowed: usize = outcomes.iter().map(|o| o.slowed).sum();

    // The stored logs, read as a new client reads them; each writer's view
    // brought up to date as it would be on coming back.
    let mut verdict = Verdict::default();
    let mut problems = vec![];
    let mut outcomes = outcomes.into_iter();
    let mut truth = vec![];
    for (id, visitor, operator) in &sides {
        let mut stored = ClientLog::default();
        if catch_up(visitor, &mut stored).await.is_none() {
            problems.push(format!("{id}: its log could not be read"));
        }
        let mut writers: Vec<Outcome> = outcomes.by_ref().take(2).collect();
        for (w, side) in writers.iter_mut().zip([visitor, operator]) {
            if catch_up(side, &mut w.log).await.is_none() {
                problems.push(format!("{}: could not come back", w.name));
            }
        }
        verdict.judge(stored.messages(), &writers, &mut problems);
        truth.push(Truth { id: id.clone(), last_seq: stored.last_seq() });
    }
    // The admin's inbox: the tab open all along, back with the last event
    // it held, and a new tab.
    open_all_along.reconnect().await;
    let back = open_all_along.settle(|i| mismatches(i, &truth, &login, true)).await;
    let mut fresh = Inbox::open(Browser { cookie: Some(cookie) }, &channel, patience).await;
    let new = fresh.settle(|i| mismatches(i, &truth, &login, true)).await;
    problems.extend(back.iter().map(|w| format!("inbox tab come back: {w}")));
    problems.extend(new.iter().map(|w| format!("new inbox tab: {w}")));
    drop(server);

    let Verdict { lost, duplicated, out_of_order, stuck, wrong_views, refused } = verdict;
    println!(
        "chaos: {CONVERSATIONS} conversations, {} writers, {typed} messages typed, {kills} kill -9s, \
         {slowed} slow-downs waited out",
        CONVERSATIONS * 2
    );
    println!(
        "chaos: lost {lost} · duplicated {duplicated} · out of order {out_of_order} · stuck {stuck} · \
         client views wrong {wrong_views} · refused {refused} · stale inbox {} (tab come back) {} (new tab)",
        back.len(),
        new.len()
    );
    for p in problems.iter().take(30) {
        println!("  {p}");
    }
    let enough_kills = kills >= 2;
    if !enough_kills {
        println!("chaos: only {kills} kill(s): a run must kill workerd at least twice");
    }
    verdict.passed() && back.is_empty() && new.is_empty() && enough_kills && problems.is_empty()
}

/// Kills workerd at random moments while the writers type (at least twice,
/// about every 20 s), starting it again on the same state after up to 1.5 s.
async fn kill_now_and_then(mut server: Workerd, length: Duration, mut rng: Rng) -> (Workerd, usize) {
    let start = Instant::now();
    let kills = ((length.as_secs_f64() / 20.0).round() as usize).max(2);
    let slot = length.as_millis() as u64 / kills as u64;
    for k in 0..kills as u64 {
        // Somewhere in the middle of its slot, so the last restart is over
        // before the typing stops.
        let at = start + Duration::from_millis(k * slot) + rng.ms((slot / 4, slot / 2));
        tokio::time::sleep_until(at.into()).await;
        server.kill();
        tokio::time::sleep(rng.ms((0, 1_500))).await;
        server = tokio::task::spawn_blocking(move || {
            server.restart();
            server
        })
        .await
        .expect("workerd restarted");
        println!(
            "chaos: kill -9 #{} at {:.1} s, back at {:.1} s",
            k + 1,
            (at - start).as_secs_f64(),
            start.elapsed().as_secs_f64()
        );
    }
    (server, kills)
}
