//! Assignment through a real `ChannelDo`: who gets a new conversation, as
//! the operators' inboxes see it live.

use serde_json::json;
use switchboard_core::protocol::{ClientMsg, ConversationSummary, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::{base, start_conversation_on, unique, Browser, Client};

/// An operator who has joined the channel, with their inbox open.
struct OnDuty {
    login: String,
    browser: Browser,
    inbox: Client,
}

/// An inbox socket to `channel`, introduced, with the list it was sent.
async fn inbox_with_list(browser: &Browser, channel: &str) -> (Client, Vec<ConversationSummary>) {
    let cookie = browser.cookie.clone().unwrap();
    let mut inbox =
        Client::connect(&format!("/api/channels/{channel}/ws"), &[("cookie", &cookie), ("origin", &base())])
            .await
            .expect("inbox socket");
    inbox.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
    match inbox.recv().await {
        ServerMsg::Conversations { items } => (inbox, items),
        other => panic!("expected the list, got {other:?}"),
    }
}

async fn open_inbox(browser: &Browser, channel: &str) -> Client {
    inbox_with_list(browser, channel).await.0
}

/// A fresh workspace with one channel: its admin, and the channel's id.
fn workspace_with_channel(workspace: &str, channel: &str) -> (Browser, String) {
    let (mut admin, _) = Browser::sign_up(workspace);
    let (status, channel) = admin.send("POST", "/api/channels", Some(json!({ "name": channel })));
    assert_eq!(status, 200, "{channel}");
    (admin, channel["id"].as_str().unwrap().to_owned())
}

/// A new operator of the admin's workspace (named `name`, or after their
/// login when `None`), logged in: their login and browser.
fn new_operator(admin: &mut Browser, name: Option<&str>) -> (String, Browser) {
    let login = unique("op");
    let body =
        json!({ "name": name.unwrap_or(&login), "login": login, "password": "a long enough password" });
    assert_eq!(admin.send("POST", "/api/operators", Some(body)).0, 200);
    let browser = Browser::logged_in(&login, "a long enough password");
    (login, browser)
}

/// A workspace with French enabled, one channel, and operators speaking the
/// given languages, each joined and online.
async fn team(languages: &[&[&str]]) -> (String, Vec<OnDuty>) {
    let (mut admin, channel) = workspace_with_channel("Routing", "Support");
    admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["en", "fr"] })));
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
    let started = start_conversation_on(channel, languages);
    loop {
        if let ServerMsg::ConversationUpdated(s) = inbox.recv().await {
            if s.id == started.conversation {
                return s.operator.map(|o| o.login);
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

#[tokio::test]
async fn two_hundred_new_conversations_at_once_never_over_assign() {
    let (channel, team) = team(&[&["en"], &["fr"]]).await;
    std::thread::scope(|s| {
        for _ in 0..20 {
            s.spawn(|| {
                for _ in 0..10 {
                    start_conversation_on(&channel, &["en"]);
                }
            });
        }
    });
    let (_, items) = inbox_with_list(&team[0].browser, &channel).await;
    assert_eq!(items.len(), 200);
    for op in &team {
        let held = items.iter().filter(|c| c.operator.as_ref().is_some_and(|o| o.login == op.login)).count();
        assert_eq!(held, 5, "{} holds exactly their capacity", op.login);
    }
    assert_eq!(items.iter().filter(|c| c.operator.is_none()).count(), 190, "the rest wait");
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
        if let ServerMsg::Removed { channel, .. } = inbox.recv().await {
            break channel;
        }
    };
    assert_eq!(removed_from.as_str(), channel);
    let (_, cards) = sam.get("/api/channels");
    assert_eq!((cards[0]["joined"].clone(), cards[0]["members"].clone()), (json!(false), json!([])));
    assert_eq!(assigned(&mut inbox, &channel, &["en"]).await, None, "an open tab alone does not keep Sam in");
}

#[tokio::test]
async fn waiting_visitors_learn_their_place_and_are_served_first_come_first() {
    let (mut admin, channel) = workspace_with_channel("Queue", "Busy");
    let (_, mut solo) = new_operator(&mut admin, Some("Solo"));

    let mut visitors = vec![];
    for place in 1..=6u32 {
        let started = start_conversation_on(&channel, &["en"]);
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
