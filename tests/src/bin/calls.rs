//! `calls`: what one event costs the service, counted by the Worker itself
//! (`crate::meter` in the worker, `METER=true`, read at `GET /api/meter`) on
//! the local workerd `cargo xtask bench` starts. Not a test: it prints, per
//! event, the requests that reached each kind of object (by path), socket
//! frames, alarms, and rows written.
//!
//! One channel with `OPERATORS` operators joined and online (an inbox tab
//! each), so what grows with the watchers shows. Events: a page view (the
//! loader), the visitor reaching for the chat (the requests the widget makes
//! as it loads, replayed: the glue, the wasm, the texts, the channel's public
//! info), a new conversation with its first message, a visitor's message,
//! the operator's reply, the operator's activity, and the end.
//!
//! Each event is done, then waited for as a person would see it (each
//! inbox tab hears of it), then the counts are read until they stop moving
//! (what the objects do after the tabs heard is still the event's cost).
//! Bounded: a handful of requests, 127.0.0.1 only.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use switchboard_core::protocol::{BusEvent, ClientMsg, ConversationSummary, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::{base, http, start_conversation_on, Client};

const OPERATORS: usize = 3;

type Counts = BTreeMap<String, u64>;

fn counts() -> Counts {
    let mut res = http().get(format!("{}/api/meter", base())).call().expect("the meter");
    assert_eq!(res.status().as_u16(), 200, "the meter is off: start workerd with METER=true");
    res.body_mut().read_json().expect("the counts")
}

/// The counts once nothing has moved for three reads in a row (2 s at most).
async fn settled() -> Counts {
    let deadline = Instant::now() + Duration::from_secs(2);
    let (mut last, mut same) = (counts(), 0);
    while same < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await; // polling a counter, not synchronising
        let now = counts();
        same = if now == last { same + 1 } else { 0 };
        last = now;
    }
    last
}

fn report(event: &str, before: &Counts, after: &Counts) {
    println!("\n{event}");
    let mut by_kind: BTreeMap<&str, u64> = BTreeMap::new();
    for (key, n) in after {
        let d = n - before.get(key).copied().unwrap_or(0);
        if d > 0 {
            println!("  {key:<48} {d:>5}");
            let kind = key.split(' ').next().unwrap_or_default();
            if !key.ends_with("rows written") {
                *by_kind.entry(kind).or_default() += d;
            }
        }
    }
    let summary: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("  = requests and frames by kind: {}", summary.join(", "));
}

/// The assignee's tab hears the conversation's activity up to `seq` (the
/// others hear nothing of a message).
async fn assignee_hears(tab: &mut Client, conversation: &str, seq: u64) {
    loop {
        if let BusEvent::Activity(a) = tab.event().await {
            if a.conversation.as_str() == conversation && a.last_seq >= seq {
                break;
            }
        }
    }
}

/// Every tab hears an update of `conversation` that `done` accepts.
async fn all_hear(tabs: &mut [Client], conversation: &str, done: impl Fn(&ConversationSummary) -> bool) {
    for tab in tabs.iter_mut() {
        loop {
            if let BusEvent::Updated(s) = tab.event().await {
                if s.id.as_str() == conversation && done(&s) {
                    break;
                }
            }
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (mut admin, admin_login) = switchboard_tests::Browser::sign_up("Calls");
    // No reassignment while the events are spaced out for counting (its
    // cost is the conversation's alarm and one `/overdue`, once per delay).
    let settings = serde_json::json!({ "inactivity_timeout_s": 1800, "capacity": 5, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    let (_, made) = admin.send("POST", "/api/channels", Some(serde_json::json!({ "name": "Calls" })));
    let channel = made["id"].as_str().expect("a channel").to_owned();
    let (mut operators, mut logins) = (vec![], vec![]);
    for _ in 1..OPERATORS {
        let (login, op) = switchboard_tests::new_operator(&mut admin, None);
        operators.push(op);
        logins.push(login);
    }
    operators.push(admin);
    logins.push(admin_login);
    let mut tabs = vec![];
    for op in &mut operators {
        assert_eq!(op.send("POST", &format!("/api/channels/{channel}/join"), None).0, 200);
        tabs.push(switchboard_tests::open_inbox(op, &channel).await);
    }
    println!("one channel, {OPERATORS} operators joined, each with an inbox tab open");

    let get = |path: &str| {
        let res = http().get(format!("{}{path}", base())).header("origin", "http://127.0.0.1:1").call();
        assert!(res.is_ok_and(|r| r.status().as_u16() < 500), "{path}");
    };
    let before = settled().await;
    get("/widget.js");
    report(
        "a page view (the loader alone: it loads the widget only when the visitor reaches for it)",
        &before,
        &settled().await,
    );

    let before = settled().await;
    for path in [
        "/widget/switchboard_widget.js".to_owned(),
        "/widget/switchboard_widget_bg.wasm".to_owned(),
        "/api/widget/texts?lang=en".to_owned(),
        format!("/api/channels/{channel}/public"),
    ] {
        get(&path);
    }
    report(
        "the visitor reaches for the chat (the widget's requests as it loads, replayed)",
        &before,
        &settled().await,
    );

    let before = settled().await;
    let started = start_conversation_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    let send = |text: &str, id: &str| ClientMsg::Send {
        client_id: switchboard_core::ids::ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        files: vec![],
    };
    visitor.send(&send("Hello", "c1")).await;
    let id = started.conversation.to_string();
    let mut assignee_login = None;
    for tab in tabs.iter_mut() {
        loop {
            if let BusEvent::Updated(s) = tab.event().await {
                if s.id.as_str() == id && s.operator.is_some() {
                    assignee_login = s.operator.map(|o| o.login.to_string());
                    break;
                }
            }
        }
    }
    report("a new conversation and its first message (assigned)", &before, &settled().await);

    // Its operator opens it, as their inbox does.
    let mine = logins.iter().position(|l| Some(l) == assignee_login.as_ref()).expect("an assignee");
    let assignee = &operators[mine];
    let mut pane = Client::operator(assignee.cookie.as_deref().unwrap(), &id).await;
    pane.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
    while !matches!(pane.recv().await, ServerMsg::Welcome { .. }) {}

    let before = settled().await;
    visitor.send(&send("A question", "c2")).await;
    assignee_hears(&mut tabs[mine], &id, 2).await;
    report("a visitor's message", &before, &settled().await);

    let before = settled().await;
    pane.send(&send("An answer", "o1")).await;
    assignee_hears(&mut tabs[mine], &id, 3).await;
    report("an operator's reply", &before, &settled().await);

    let before = settled().await;
    tabs[0].send(&ClientMsg::Active).await;
    report(
        "an operator's first activity (their tab's `active`; relayed to the channel)",
        &before,
        &settled().await,
    );
    let before = settled().await;
    tabs[0].send(&ClientMsg::Active).await;
    report(
        "their next activity (every 30 s while they work; relayed at most every 5 minutes)",
        &before,
        &settled().await,
    );

    let before = settled().await;
    visitor.send(&ClientMsg::Close).await;
    all_hear(&mut tabs, &id, |s| s.closed).await;
    report("the end (the visitor closes)", &before, &settled().await);
}
