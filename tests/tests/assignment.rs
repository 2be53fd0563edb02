//! Assignment through a real `ChannelDo`: who gets a new conversation, as
//! the operators' inboxes see it live.

use serde_json::json;
use switchboard_core::ids::ClientMsgId;
use switchboard_core::listing::LINE_PAGE;
use switchboard_core::protocol::{Author, BusEvent, ErrorCode, ReassignReason};
use switchboard_core::protocol::{ClientMsg, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::{
    inbox_with_list, inbox_with_state, new_operator, open_inbox, start_chat_by, start_chat_on, unique,
    workspace_with_channel, Browser, Client,
};

/// An operator who has joined the channel, with their inbox open.
struct OnDuty {
    login: String,
    browser: Browser,
    inbox: Client,
}

/// A workspace with French enabled, one channel, and operators speaking the
/// given languages, each joined and online.
async fn team(languages: &[&[&str]]) -> (String, Vec<OnDuty>) {
    team_with(None, languages).await
}

/// The same, with the workspace's settings (capacity, reassignment) set first.
async fn team_with(settings: Option<serde_json::Value>, languages: &[&[&str]]) -> (String, Vec<OnDuty>) {
    let (mut admin, channel) = workspace_with_channel("Routing", "Support");
    admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["en", "fr"] })));
    if let Some(settings) = settings {
        let (status, body) = admin.send("PUT", "/api/settings", Some(settings));
        assert_eq!(status, 200, "{body}");
    }
    let mut team = vec![];
    for langs in languages {
        let (login, mut browser) = new_operator(&mut admin, None);
        assert_eq!(browser.send("PUT", "/api/profile", Some(json!({ "languages": langs }))).0, 200);
        assert_eq!(browser.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
        let inbox = open_inbox(&browser, &channel).await;
        team.push(OnDuty { login, browser, inbox });
    }
    (channel, team)
}

/// Starts a conversation and returns who it went to, as an inbox saw it.
async fn assigned(inbox: &mut Client, channel: &str, languages: &[&str]) -> Option<String> {
    let started = start_chat_on(channel, languages);
    loop {
        if let BusEvent::Updated(s) = inbox.event().await {
            if s.id == started.conversation {
                return s.operator.map(|o| o.login.to_string());
            }
        }
    }
}

#[tokio::test]
async fn a_french_visitor_goes_to_the_french_speaker_until_they_are_full() {
    let (channel, mut team) = team(&[&["en"], &["fr"]]).await;
    let (english, french) = (team[0].login.clone(), team[1].login.clone());
    let inbox = &mut team[0].inbox;
    assert_eq!(assigned(inbox, &channel, &["en-US"]).await.as_deref(), Some(english.as_str()));
    for _ in 0..5 {
        assert_eq!(assigned(inbox, &channel, &["fr-FR", "en"]).await.as_deref(), Some(french.as_str()));
    }
    // The French speaker holds 5 (the capacity): language does not override it.
    assert_eq!(assigned(inbox, &channel, &["fr-FR"]).await.as_deref(), Some(english.as_str()));
}

#[tokio::test]
async fn leaving_takes_an_operator_out_of_assignment_at_once() {
    let (channel, mut team) = team(&[&["en"], &["en"]]).await;
    let (first, second) = (team[0].login.clone(), team[1].login.clone());
    let (status, card) =
        team[0].browser.send("POST", &format!("/api/channels/{channel}/leave"), Some(json!({})));
    assert_eq!((status, card["joined"].as_bool()), (200, Some(false)));
    for _ in 0..3 {
        assert_eq!(assigned(&mut team[0].inbox, &channel, &["en"]).await.as_deref(), Some(second.as_str()));
    }
    team[1].browser.send("POST", &format!("/api/channels/{channel}/leave"), Some(json!({})));
    assert_eq!(assigned(&mut team[0].inbox, &channel, &["en"]).await, None, "nobody joined: it waits");
    team[0].browser.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({})));
    assert_eq!(assigned(&mut team[0].inbox, &channel, &["en"]).await.as_deref(), Some(first.as_str()));
}

/// 200 visitors start a chat on `channel` at once (20 at a time, 10 each).
fn two_hundred_chats_at_once(channel: &str) {
    std::thread::scope(|s| {
        for _ in 0..20 {
            s.spawn(|| {
                for _ in 0..10 {
                    start_chat_on(channel, &["en"]);
                }
            });
        }
    });
}

/// A tab gets the operator's own conversations however old, the head of
/// the line and how many wait (`core::listing`), not the whole line.
#[tokio::test]
async fn an_operators_own_conversation_is_in_their_list_behind_a_long_line() {
    let (channel, team) = team_with(settings(1, 0), &[&["en"]]).await;
    let (own, _visitor, who) = visitor_of(&channel, None).await;
    assert_eq!(who.as_deref(), Some(team[0].login.as_str()));
    two_hundred_chats_at_once(&channel);
    let (_, state) = inbox_with_state(&team[0].browser, &channel).await;
    assert_eq!(state.waiting, 200);
    assert_eq!(state.items.len(), 1 + LINE_PAGE, "their own and the head of the line");
    assert!(state.items.iter().any(|c| c.id.as_str() == own), "their own conversation is missing");
}

#[tokio::test]
async fn two_hundred_new_conversations_at_once_never_over_assign() {
    let (channel, team) = team(&[&["en"], &["fr"]]).await;
    two_hundred_chats_at_once(&channel);
    let (_, state) = inbox_with_state(&team[0].browser, &channel).await;
    for op in &team {
        let held = state
            .items
            .iter()
            .filter(|c| c.operator.as_ref().is_some_and(|o| o.login.as_str() == op.login))
            .count();
        assert_eq!(held, 5, "{} holds exactly their capacity", op.login);
    }
    assert_eq!(state.waiting, 190, "the rest wait");
    assert_eq!(state.items.iter().filter(|c| c.operator.is_none()).count(), LINE_PAGE, "the line's head");
}

#[tokio::test]
async fn an_inactive_operator_is_removed_from_the_channel_and_told() {
    let (mut admin, channel) = workspace_with_channel("Sleepy", "Night shift");
    let (status, body) = admin.send("PUT", "/api/settings", Some(json!({ "inactivity_timeout_s": 0 })));
    assert_eq!((status, body["field"].as_str()), (400, Some("inactivity_timeout_s")));
    assert_eq!(admin.send("PUT", "/api/settings", Some(json!({ "inactivity_timeout_s": 1 }))).0, 200);
    let (_, mut sam) = new_operator(&mut admin, Some("Sam"));
    let mut inbox = open_inbox(&sam, &channel).await;
    assert_eq!(sam.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);

    // No activity: the channel's alarm removes Sam and the inbox is told.
    let removed_from = loop {
        if let BusEvent::Removed { channel, .. } = inbox.event().await {
            break channel;
        }
    };
    assert_eq!(removed_from.as_str(), channel);
    let (_, cards) = sam.get("/api/channels");
    assert_eq!((cards[0]["joined"].clone(), cards[0]["members"].clone()), (json!(false), json!([])));
    assert_eq!(assigned(&mut inbox, &channel, &["en"]).await, None, "an open tab alone does not keep Sam in");
}

#[tokio::test]
async fn an_operator_at_work_stays_in_and_is_removed_once_they_stop() {
    let (mut admin, channel) = workspace_with_channel("Busy bee", "Day shift");
    assert_eq!(admin.send("PUT", "/api/settings", Some(json!({ "inactivity_timeout_s": 2 }))).0, 200);
    let (_, mut kim) = new_operator(&mut admin, Some("Kim"));
    let mut inbox = open_inbox(&kim, &channel).await;
    assert_eq!(kim.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);

    // Kim works for twice the timeout, saying `active` whenever 400 ms pass
    // with nothing on the bus: each resets their clock, so no removal comes.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(4) {
        let heard = tokio::time::timeout(std::time::Duration::from_millis(400), inbox.event()).await;
        if let Ok(BusEvent::Removed { .. }) = heard {
            panic!("Kim was removed while working");
        }
        inbox.send(&ClientMsg::Active).await;
    }
    let (_, cards) = kim.get("/api/channels");
    assert_eq!(cards[0]["joined"], json!(true), "still in after working past the timeout");

    // Kim stops: their bus tells the channel once the timeout has run out.
    let removed_from = loop {
        if let BusEvent::Removed { channel, .. } = inbox.event().await {
            break channel;
        }
    };
    assert_eq!(removed_from.as_str(), channel);
    let (_, cards) = kim.get("/api/channels");
    assert_eq!(cards[0]["joined"], json!(false));
}

#[tokio::test]
async fn waiting_visitors_learn_their_place_and_are_served_first_come_first() {
    let (mut admin, channel) = workspace_with_channel("Queue", "Busy");
    let (_, mut solo) = new_operator(&mut admin, Some("Solo"));

    let mut visitors = vec![];
    for place in 1..=6u32 {
        let started = start_chat_on(&channel, &["en"]);
        let mut visitor = Client::visitor_on(&started, &channel).await;
        assert_eq!(visitor.assignment().await, (None, Some(place)), "nobody joined: visitor {place} waits");
        visitors.push(visitor);
    }

    let _inbox = open_inbox(&solo, &channel).await;
    assert_eq!(solo.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    for visitor in &mut visitors[..5] {
        assert_eq!(visitor.assignment().await, (Some("Solo".to_owned()), None), "served in arrival order");
    }
    assert_eq!(visitors[5].assignment().await, (None, Some(1)), "Solo is full: the sixth is next in line");
}

/// Settings for a test: a long inactivity timeout, then these.
fn settings(capacity: u32, reassign_after_s: u32) -> Option<serde_json::Value> {
    Some(json!({ "inactivity_timeout_s": 1800, "capacity": capacity, "reassign_after_s": reassign_after_s }))
}

/// A visitor on a new conversation, and the name of who has it (None: waiting).
async fn visitor_of(channel: &str, visitor: Option<&str>) -> (String, Client, Option<String>) {
    let started = start_chat_by(channel, &["en"], visitor);
    let mut client = Client::visitor_on(&started, channel).await;
    let (operator, _) = client.assignment().await;
    (started.conversation.to_string(), client, operator)
}

async fn until_closed(client: &mut Client) -> Author {
    loop {
        if let ServerMsg::Closed { by, .. } = client.recv().await {
            return by;
        }
    }
}

async fn until_reassigned(inbox: &mut Client) -> (String, Option<String>, ReassignReason) {
    loop {
        if let BusEvent::Reassigned { conversation, to, reason } = inbox.event().await {
            return (conversation.to_string(), to.map(|a| a.login.to_string()), reason);
        }
    }
}

#[tokio::test]
async fn closing_a_conversation_frees_its_operator_for_the_next_in_line() {
    let (channel, mut team) = team_with(settings(1, 0), &[&["en"]]).await;
    let solo = team[0].login.clone();
    let (first, mut v1, operator) = visitor_of(&channel, None).await;
    assert_eq!(operator.as_deref(), Some(solo.as_str()));
    let (_, mut v2, operator) = visitor_of(&channel, None).await;
    assert_eq!(operator, None, "one at a time: the second waits");

    v1.send(&ClientMsg::Close).await;
    assert_eq!(until_closed(&mut v1).await, Author::Visitor);
    assert_eq!(
        v2.assignment().await,
        (Some(solo.clone()), None),
        "the end of the first frees Solo for the second"
    );

    let late = ClientMsg::Send {
        client_id: ClientMsgId::parse("late-1").unwrap(),
        text: "still there?".into(),
        files: vec![],
    };
    v1.send(&late).await;
    assert!(
        matches!(v1.recv().await, ServerMsg::Error { code: ErrorCode::Closed, .. }),
        "nothing goes into an ended conversation"
    );

    let (_, state) = inbox_with_state(&team[0].browser, &channel).await;
    assert_eq!(state.waiting, 0, "nobody waits");
    let (_, mates) = team[0].browser.get(&format!("/api/channels/{channel}/team"));
    let me = &mates[0];
    assert_eq!(
        (me["online"].clone(), me["ongoing"].clone(), me["capacity"].clone()),
        (json!(true), json!(1), json!(1))
    );
    // Ended, it left the channel's list for History.
    let (_, items) = inbox_with_list(&team[0].browser, &channel).await;
    assert!(items.iter().all(|c| c.id.as_str() != first), "the ended one is not in a new tab's list");
    let (_, history) = team[0].browser.get("/api/history");
    let ids: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&first.as_str()), "History has it: {history}");
}

#[tokio::test]
async fn a_returning_visitor_gets_the_operator_who_answered_them_before() {
    let (channel, _team) = team_with(settings(5, 0), &[&["en"], &["en"]]).await;
    let visitor = unique("visitor");
    let (_, mut first, before) = visitor_of(&channel, Some(&visitor)).await;
    first.send(&ClientMsg::Close).await;
    until_closed(&mut first).await;
    // Fair rotation alone would now pick the other operator (assigned least recently).
    let (_, _again, operator) = visitor_of(&channel, Some(&visitor)).await;
    assert_eq!(operator, before, "the same visitor comes back to the same operator");
    let (_, _stranger, operator) = visitor_of(&channel, None).await;
    assert!(operator.is_some() && operator != before, "a new visitor goes to the other one");
}

#[tokio::test]
async fn an_unanswered_conversation_goes_to_the_next_operator_and_the_first_is_told() {
    let (channel, mut team) = team_with(settings(5, 1), &[&["en"], &["en"]]).await;
    let (answered, _v1, first) = visitor_of(&channel, None).await;
    let first = first.expect("assigned");
    let (a, b) = if team[0].login == first { (0, 1) } else { (1, 0) };
    let mut reply = Client::operator(team[a].browser.cookie.as_deref().unwrap(), &answered).await;
    reply.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
    assert!(matches!(reply.recv().await, ServerMsg::Welcome { .. }));
    let hi = ClientMsg::Send {
        client_id: ClientMsgId::parse("hi-1").unwrap(),
        text: "Hello!".into(),
        files: vec![],
    };
    reply.send(&hi).await;
    // The visitor's first words come first (the replay after `welcome`).
    while !matches!(reply.recv().await, ServerMsg::Ack { .. }) {}

    let (unanswered, mut v2, second) = visitor_of(&channel, None).await;
    assert_eq!(second.as_deref(), Some(team[b].login.as_str()), "the one with fewer conversations");
    // Nobody answers it within a second: it goes to the other operator.
    assert_eq!(v2.assignment().await, (Some(first.clone()), None));
    let told = until_reassigned(&mut team[b].inbox).await;
    assert_eq!(told, (unanswered, Some(first.clone()), ReassignReason::Unanswered { seconds: 1 }));

    let (_, mates) = team[a].browser.get(&format!("/api/channels/{channel}/team"));
    let ongoing = |login: &str| {
        mates.as_array().unwrap().iter().find(|m| m["login"] == login).unwrap()["ongoing"].clone()
    };
    assert_eq!(
        (ongoing(&team[a].login), ongoing(&team[b].login)),
        (json!(2), json!(0)),
        "the answered one stayed"
    );
}

#[tokio::test]
async fn an_operator_hands_a_conversation_over_or_back_to_the_queue() {
    let (channel, mut team) = team_with(settings(5, 0), &[&["en"], &["en"], &["en"]]).await;
    let (id, mut visitor, owner) = visitor_of(&channel, None).await;
    let owner = team.iter().position(|t| Some(&t.login) == owner.as_ref()).expect("assigned");
    let (other, third) = ((owner + 1) % 3, (owner + 2) % 3);
    let path = format!("/api/conversations/{id}/transfer");
    let logins: Vec<String> = team.iter().map(|t| t.login.clone()).collect();
    let to = |i: usize| Some(json!({ "channel": channel, "to": logins[i] }));

    // Taking it over for themselves is anyone's (tests/access.rs); giving it to another is not.
    let (status, body) = team[third].browser.send("POST", &path, to(other));
    assert_eq!(status, 403, "not theirs to give: {body}");
    assert!(body["message"].as_str().unwrap().contains("Only the operator"));
    let nobody = Some(json!({ "channel": channel, "to": "nobody" }));
    let (status, body) = team[owner].browser.send("POST", &path, nobody);
    assert_eq!((status, body["field"].as_str()), (400, Some("to")), "{body}");

    let (status, body) = team[owner].browser.send("POST", &path, to(other));
    assert_eq!((status, body["operator"]["login"].as_str()), (200, Some(team[other].login.as_str())));
    assert_eq!(visitor.assignment().await, (Some(team[other].login.clone()), None));
    let owner_login = team[owner].login.clone();
    let told = until_reassigned(&mut team[owner].inbox).await;
    assert_eq!(
        told,
        (id.clone(), Some(team[other].login.clone()), ReassignReason::Transferred { by: owner_login })
    );

    // Back to the queue: the one operator who has not passed it on gets it.
    let back = Some(json!({ "channel": channel, "to": null }));
    assert_eq!(team[other].browser.send("POST", &path, back).0, 200);
    assert_eq!(visitor.assignment().await, (Some(team[third].login.clone()), None));
}

#[tokio::test]
async fn assignment_settings_are_checked() {
    let (mut admin, _) = workspace_with_channel("Settings", "Desk");
    for (body, field) in [
        (json!({ "inactivity_timeout_s": 60, "capacity": 0 }), "capacity"),
        (json!({ "inactivity_timeout_s": 60, "reassign_after_s": 7200 }), "reassign_after_s"),
    ] {
        let (status, answer) = admin.send("PUT", "/api/settings", Some(body));
        assert_eq!((status, answer["field"].as_str()), (400, Some(field)));
    }
    let (_, view) = admin.get("/api/workspace");
    assert_eq!(
        view["settings"],
        json!({ "inactivity_timeout_s": 1800, "capacity": 5, "reassign_after_s": 60, "keep_history_days": 0 }),
        "nothing half-saved"
    );
}

#[tokio::test]
async fn an_operator_s_own_capacity_overrides_the_workspace_s() {
    let (mut admin, channel) = workspace_with_channel("Own capacity", "Desk");
    let (login, mut solo) = new_operator(&mut admin, Some("Solo"));
    let _inbox = open_inbox(&solo, &channel).await;
    assert_eq!(solo.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let path = format!("/api/operators/{login}");
    let (status, body) = admin.send("PUT", &path, Some(json!({ "capacity": 1 })));
    assert_eq!((status, body["capacity"].clone()), (200, json!(1)));

    let (_, _first, operator) = visitor_of(&channel, None).await;
    assert_eq!(operator.as_deref(), Some("Solo"));
    let (_, mut second, operator) = visitor_of(&channel, None).await;
    assert_eq!(operator, None, "Solo holds one, their own limit: the second waits");
    assert_eq!(admin.send("PUT", &path, Some(json!({ "capacity": 2 }))).0, 200);
    assert_eq!(
        second.assignment().await,
        (Some("Solo".to_owned()), None),
        "a higher limit serves the queue at once"
    );

    let (status, body) = admin.send("PUT", &path, Some(json!({ "capacity": 0 })));
    assert_eq!((status, body["field"].as_str()), (400, Some("capacity")));
    assert_eq!(solo.send("PUT", &path, Some(json!({ "capacity": 50 }))).0, 403, "admins only");
    let (_, view) = admin.get("/api/workspace");
    assert_eq!(
        view["operators"].as_array().unwrap().iter().find(|o| o["login"] == login.as_str()).unwrap()
            ["capacity"],
        json!(2)
    );
}

/// What the channel's team says an operator holds now.
fn ongoing(browser: &mut Browser, channel: &str, login: &str) -> serde_json::Value {
    let (_, mates) = browser.get(&format!("/api/channels/{channel}/team"));
    let members = mates.as_array().cloned().unwrap_or_default();
    members.into_iter().find(|m| m["login"] == login).map_or(json!(null), |m| m["ongoing"].clone())
}

/// Beyond the first ten, a place is shown as a bound ("among the next 15")
/// that changes only when the place crosses a step: when the line moves on,
/// the front learns its new places and those further back keep their bound.
#[tokio::test]
async fn when_the_line_moves_the_front_learns_its_place_and_the_back_keeps_its_bound() {
    let (mut admin, channel) = workspace_with_channel("Line", "Busy");
    let settings = json!({ "inactivity_timeout_s": 1800, "capacity": 1, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    let (_, mut solo) = new_operator(&mut admin, Some("Solo"));
    let (mut started, mut visitors) = (vec![], vec![]);
    for place in 1..=13u32 {
        let chat = start_chat_on(&channel, &["en"]);
        let mut visitor = Client::visitor_on(&chat, &channel).await;
        let shown = if place <= 10 { place } else { 15 };
        assert_eq!(visitor.assignment().await, (None, Some(shown)), "visitor {place} waits");
        started.push(chat);
        visitors.push(visitor);
    }

    // Solo joins with room for one: the first is served, the line moves on.
    let _inbox = open_inbox(&solo, &channel).await;
    assert_eq!(solo.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    assert_eq!(visitors[0].assignment().await, (Some("Solo".to_owned()), None));
    for (i, visitor) in visitors[1..=10].iter_mut().enumerate() {
        assert_eq!(visitor.assignment().await, (None, Some(i as u32 + 1)), "the front moves up");
    }
    // The twelfth and thirteenth are still among the next 15, as a socket
    // that connects now is told.
    for chat in &started[11..] {
        let mut again = Client::visitor_on(chat, &channel).await;
        assert_eq!(again.assignment().await, (None, Some(15)));
    }
}

#[tokio::test]
async fn a_conversation_gone_quiet_frees_its_operator_and_counts_again_once_it_wakes() {
    let settings = json!({ "inactivity_timeout_s": 3, "capacity": 1, "reassign_after_s": 0 });
    let (channel, mut team) = team_with(Some(settings), &[&["en"]]).await;
    let solo = team[0].login.clone();
    let (_, mut first, who) = visitor_of(&channel, None).await;
    assert_eq!(who.as_deref(), Some(solo.as_str()));

    // Nobody writes for the timeout: the conversation tells the channel it
    // went quiet (Solo keeps working meanwhile, so Solo stays in).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while ongoing(&mut team[0].browser, &channel, &solo) != json!(0) {
        assert!(std::time::Instant::now() < deadline, "the quiet conversation still counts");
        team[0].inbox.send(&ClientMsg::Active).await;
        let _ = tokio::time::timeout(std::time::Duration::from_millis(200), team[0].inbox.event()).await;
    }
    let (_, _second, who) = visitor_of(&channel, None).await;
    assert_eq!(who.as_deref(), Some(solo.as_str()), "the quiet one freed Solo's one slot");

    // The first visitor writes again: Solo has both now, so a third waits.
    let again = ClientMsg::Send {
        client_id: ClientMsgId::parse("again").unwrap(),
        text: "Still there?".into(),
        files: vec![],
    };
    first.send(&again).await;
    while !matches!(first.recv().await, ServerMsg::Ack { .. }) {}
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while ongoing(&mut team[0].browser, &channel, &solo) != json!(2) {
        assert!(std::time::Instant::now() < deadline, "the conversation woke up but does not count");
        let _ = tokio::time::timeout(std::time::Duration::from_millis(50), team[0].inbox.event()).await;
    }
    let (_, _third, who) = visitor_of(&channel, None).await;
    assert_eq!(who, None, "Solo is full again");
}
