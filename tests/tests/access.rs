//! Off-boarding, and changes of access that take effect at once (issue 21,
//! items 1 and 2), against real workerd: logging out closes what that
//! session had open — its inbox tab's bus socket and its conversation
//! sockets — with the close code that tells the inbox not to reconnect, and
//! refuses its cookie, while the operator's other sessions go on; a
//! disabled operator is out at once and what they had goes to another; an
//! admin never locks themselves out; a removed operator's login is free; a
//! new password ends the other sessions; an operator taken off a channel's
//! list hears nothing more from it and gets no visitor.

use serde_json::{json, Value};
use switchboard_core::protocol::ConversationStarted as Started;
use switchboard_core::protocol::{
    BusEvent, ClientMsg, ErrorCode, ReassignReason, ServerMsg, PROTOCOL_VERSION, SESSION_ENDED,
};
use switchboard_tests::{
    bus, new_operator, open_inbox, start_chat_on, start_conversation_on, workspace_with_channel, Browser,
    Client,
};

fn hello() -> ClientMsg {
    ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }
}

#[tokio::test]
async fn logging_out_closes_that_session_s_sockets_and_no_other() {
    let (mut admin, channel) = workspace_with_channel("Access", "Support");
    assert_eq!(admin.send("POST", &format!("/api/channels/{channel}/join"), None).0, 200);
    let (login, mut laptop) = new_operator(&mut admin, None);
    let phone = Browser::logged_in(&login, "a long enough password");
    let conversation = start_conversation_on(&channel, &[]);

    let mut laptop_tab = bus(&laptop).await;
    laptop_tab.send(&hello()).await;
    assert!(matches!(laptop_tab.recv().await, ServerMsg::State { .. }));
    let mut laptop_chat =
        Client::operator(laptop.cookie.as_deref().unwrap(), conversation.conversation.as_str()).await;
    laptop_chat.send(&hello()).await;
    assert!(matches!(laptop_chat.recv().await, ServerMsg::Welcome { .. }));
    let mut phone_tab = bus(&phone).await;
    phone_tab.send(&hello()).await;
    assert!(matches!(phone_tab.recv().await, ServerMsg::State { .. }));

    let old_cookie = laptop.cookie.clone();
    assert_eq!(laptop.send("POST", "/api/logout", None).0, 200);
    assert_eq!(laptop_tab.closed_by_server().await, SESSION_ENDED, "the tab's bus");
    assert_eq!(laptop_chat.closed_by_server().await, SESSION_ENDED, "the conversation it had open");
    let (status, _) = Browser { cookie: old_cookie.clone() }.get("/api/me");
    assert_eq!(status, 401, "the old cookie is refused");
    // A tab that comes back after the log-out (its socket was on its way)
    // is told the session ended, not left to retry.
    let mut late_tab = bus(&Browser { cookie: old_cookie }).await;
    assert_eq!(late_tab.closed_by_server().await, SESSION_ENDED, "a tab coming back late");

    // The phone's session goes on: its tab still hears (a new hello is answered).
    phone_tab.send(&hello()).await;
    assert!(matches!(phone_tab.recv().await, ServerMsg::State { .. }));
    let mut phone_chat =
        Client::operator(phone.cookie.as_deref().unwrap(), conversation.conversation.as_str()).await;
    phone_chat.send(&hello()).await;
    assert!(matches!(phone_chat.recv().await, ServerMsg::Welcome { .. }));
}

/// An operator who has joined `channel`, with their inbox open.
async fn on_duty(admin: &mut Browser, channel: &str) -> OnDuty {
    let (login, mut browser) = new_operator(admin, None);
    assert_eq!(browser.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let inbox = open_inbox(&browser, channel).await;
    (login, browser, inbox)
}

/// Two operators on duty in a new workspace's channel, and a visitor whose
/// chat went to one of them: the admin, the channel, the chat and the
/// visitor's socket, whoever has it, and the other.
async fn a_chat_between_two(workspace: &str) -> (Browser, String, Started, Client, OnDuty, OnDuty) {
    let (mut admin, channel) = workspace_with_channel(workspace, "Support");
    let mut duty = vec![on_duty(&mut admin, &channel).await, on_duty(&mut admin, &channel).await];
    let started = start_chat_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    // Operators are named after their logins here: the visitor is told the name.
    let holder = visitor.assignment().await.0.expect("assigned");
    let held = duty.remove(duty.iter().position(|d| d.0 == holder).expect("one of them"));
    let other = duty.remove(0);
    (admin, channel, started, visitor, held, other)
}

type OnDuty = (String, Browser, Client);

const PASSWORD: &str = "a long enough password";

fn log_in(login: &str, password: &str) -> (u16, Value) {
    Browser::anonymous().send("POST", "/api/login", Some(json!({ "login": login, "password": password })))
}

#[tokio::test]
async fn a_disabled_operator_is_out_at_once_and_what_they_had_goes_to_another() {
    let (mut admin, _, _, mut visitor, held, other) = a_chat_between_two("Off-boarding").await;
    let (login, browser, mut inbox) = held;

    let (status, info) = admin.send("POST", &format!("/api/operators/{login}/disable"), None);
    assert_eq!((status, info["disabled"].as_bool()), (200, Some(true)), "{info}");
    assert_eq!(inbox.closed_by_server().await, SESSION_ENDED, "their open inbox stops");
    assert_eq!(Browser { cookie: browser.cookie.clone() }.get("/api/me").0, 401, "their cookie is refused");
    let (status, refusal) = log_in(&login, PASSWORD);
    assert_eq!(status, 403);
    assert_eq!(refusal["message"], "This account is disabled. Ask an admin of your workspace.");
    let (to, _) = visitor.assignment().await;
    assert_eq!(to, Some(other.0), "the visitor is with the other operator at once");

    let (status, info) = admin.send("POST", &format!("/api/operators/{login}/enable"), None);
    assert_eq!((status, info["disabled"].as_bool()), (200, Some(false)));
    assert_eq!(log_in(&login, PASSWORD).0, 200, "enabled again, they log in");
}

#[test]
fn admins_change_others_access_never_their_own() {
    let (mut admin, _) = workspace_with_channel("Self", "Support");
    let me = admin.get("/api/me").1["login"].as_str().unwrap().to_owned();
    for (method, path, body) in [
        ("POST", format!("/api/operators/{me}/disable"), None),
        ("PUT", format!("/api/operators/{me}/role"), Some(json!({ "admin": false }))),
        ("DELETE", format!("/api/operators/{me}"), None),
    ] {
        let (status, refusal) = admin.send(method, &path, body);
        assert_eq!(status, 409, "{path}");
        assert_eq!(refusal["message"], "You cannot do that to your own account: ask another admin.");
    }
    let (status, refusal) = admin.send(
        "POST",
        &format!("/api/operators/{me}/password"),
        Some(json!({ "password": "x".repeat(12) })),
    );
    assert_eq!((status, refusal["message"].as_str()), (409, Some("Change your own password in My Profile.")));

    let (login, mut operator) = new_operator(&mut admin, None);
    assert_eq!(
        operator.send("POST", &format!("/api/operators/{me}/disable"), None).0,
        403,
        "operators may not"
    );
    let (status, info) =
        admin.send("PUT", &format!("/api/operators/{login}/role"), Some(json!({ "admin": true })));
    assert_eq!((status, info["admin"].as_bool()), (200, Some(true)));
    assert_eq!(operator.get("/api/chatbots").0, 200, "an admin now");
    assert_eq!(admin.send("POST", "/api/operators/nobody-here/disable", None).0, 404);
}

#[test]
fn a_removed_operator_is_gone_and_their_login_free_again() {
    let (mut admin, _) = workspace_with_channel("Removal", "Support");
    let (login, operator) = new_operator(&mut admin, None);
    assert_eq!(admin.send("DELETE", &format!("/api/operators/{login}"), None).0, 200);
    assert_eq!(Browser { cookie: operator.cookie.clone() }.get("/api/me").0, 401);
    assert_eq!(log_in(&login, PASSWORD).1["message"], "Wrong login or password.");
    let operators = admin.get("/api/workspace").1["operators"].clone();
    assert!(!operators.as_array().unwrap().iter().any(|o| o["login"] == login.as_str()), "{operators}");
    let (status, _) = Browser::anonymous().send(
        "POST",
        "/api/signup",
        Some(json!({ "workspace_name": "Next", "name": "Nat", "login": login, "password": PASSWORD })),
    );
    assert_eq!(status, 200, "the login is free for someone else");
}

#[test]
fn a_new_password_ends_the_other_sessions() {
    let (mut admin, _) = workspace_with_channel("Passwords", "Support");
    let (login, mut laptop) = new_operator(&mut admin, None);
    let phone = Browser::logged_in(&login, PASSWORD);
    let change = |current: &str| json!({ "current": current, "new": "a brand new password" });
    let (status, refusal) = laptop.send("PUT", "/api/password", Some(change("not it at all")));
    assert_eq!((status, refusal["field"].as_str()), (400, Some("current")), "{refusal}");
    assert_eq!(
        laptop.send("PUT", "/api/password", Some(json!({ "current": PASSWORD, "new": "short" }))).1["field"],
        "new"
    );
    assert_eq!(laptop.send("PUT", "/api/password", Some(change(PASSWORD))).0, 200);
    assert_eq!(Browser { cookie: phone.cookie.clone() }.get("/api/me").0, 401, "the phone is logged out");
    assert_eq!(laptop.get("/api/me").0, 200, "this session goes on");
    assert_eq!(log_in(&login, PASSWORD).0, 400);
    assert_eq!(log_in(&login, "a brand new password").0, 200);

    let reset = json!({ "password": "reset by the admin" });
    assert_eq!(admin.send("POST", &format!("/api/operators/{login}/password"), Some(reset)).0, 200);
    assert_eq!(laptop.get("/api/me").0, 401, "a reset ends every session");
    assert_eq!(log_in(&login, "reset by the admin").0, 200);
}

#[tokio::test]
async fn taken_off_a_channel_s_list_an_operator_hears_nothing_more_and_gets_nothing() {
    let (mut admin, channel) = workspace_with_channel("Lists", "Support");
    let (off, _, mut off_inbox) = on_duty(&mut admin, &channel).await;
    let (stays, _, mut stays_inbox) = on_duty(&mut admin, &channel).await;
    let body = |operators: &[&str]| json!({ "name": "Support", "operators": operators });
    assert_eq!(admin.send("PUT", &format!("/api/channels/{channel}"), Some(body(&[&off, &stays]))).0, 200);
    assert_eq!(admin.send("PUT", &format!("/api/channels/{channel}"), Some(body(&[&stays]))).0, 200);
    loop {
        if let BusEvent::ChannelGone { channel: gone } = off_inbox.event().await {
            assert_eq!(gone.as_str(), channel);
            break;
        }
    }
    for _ in 0..3 {
        let started = start_chat_on(&channel, &["en"]);
        loop {
            if let BusEvent::Updated(s) = stays_inbox.event().await {
                if s.id == started.conversation {
                    assert_eq!(s.operator.map(|o| o.login.to_string()).as_deref(), Some(stays.as_str()));
                    break;
                }
            }
        }
    }
    let (_, card) = admin.get(&format!("/api/channels/{channel}/live"));
    let members = card["members"].as_array().unwrap();
    assert!(!members.iter().any(|m| m["login"] == off.as_str()), "no longer a member: {card}");
}

/// Issue 21, item 10: the channel now (idle times, the queue) is the
/// admins'; operators see who is on the team and how loaded, for transfers.
#[tokio::test]
async fn the_live_view_is_the_admins_and_operators_see_their_team() {
    let (mut admin, channel) = workspace_with_channel("Live", "Support");
    let (login, mut operator, _inbox) = on_duty(&mut admin, &channel).await;
    assert_eq!(operator.get(&format!("/api/channels/{channel}/live")).0, 403);
    let (status, live) = admin.get(&format!("/api/channels/{channel}/live"));
    assert_eq!((status, live["members"][0]["idle_s"].is_u64()), (200, true), "{live}");
    let (status, team) = operator.get(&format!("/api/channels/{channel}/team"));
    assert_eq!(status, 200);
    assert_eq!(team, json!([{ "login": login, "name": login, "online": true, "ongoing": 0, "capacity": 5 }]));
}

/// Issue 21, item 6: who may write.
#[tokio::test]
async fn someone_else_s_conversation_is_read_only_until_taken_over_and_its_operator_is_told() {
    let (_, channel, started, _visitor, held, other) = a_chat_between_two("Writing").await;
    let (_, a, mut a_inbox) = held;
    let (b_login, mut b, _) = other;
    let id = started.conversation.as_str();

    let mut b_chat = Client::operator(b.cookie.as_deref().unwrap(), id).await;
    b_chat.send(&hello()).await;
    assert!(matches!(b_chat.recv().await, ServerMsg::Welcome { .. }));
    let refused = |msg: ServerMsg| matches!(msg, ServerMsg::Error { code: ErrorCode::NotYours, .. });
    b_chat.send(&say("b-1", "I'll take this")).await;
    assert!(refused(answer(&mut b_chat).await), "not theirs: not written");
    b_chat.send(&ClientMsg::Close).await;
    assert!(refused(answer(&mut b_chat).await), "not theirs: not ended");

    let take = json!({ "channel": channel, "to": b_login });
    let (status, summary) = b.send("POST", &format!("/api/conversations/{id}/transfer"), Some(take));
    assert_eq!((status, summary["operator"]["login"].as_str()), (200, Some(b_login.as_str())), "{summary}");
    loop {
        if let BusEvent::Reassigned { reason, .. } = a_inbox.event().await {
            assert_eq!(reason, ReassignReason::TakenOver { by: b_login.clone() }, "its operator is told");
            break;
        }
    }
    b_chat.send(&say("b-2", "Hello, I can help")).await;
    assert!(matches!(answer(&mut b_chat).await, ServerMsg::Ack { .. }), "theirs now");
    let mut a_chat = Client::operator(a.cookie.as_deref().unwrap(), id).await;
    a_chat.send(&hello()).await;
    assert!(matches!(a_chat.recv().await, ServerMsg::Welcome { .. }));
    a_chat.send(&say("a-1", "Still here?")).await;
    assert!(refused(answer(&mut a_chat).await), "the first operator reads it now");
}

/// The answer to what a socket just sent (the log's messages and receipts
/// replayed to it are passed over).
async fn answer(c: &mut Client) -> ServerMsg {
    loop {
        match c.recv().await {
            ServerMsg::Message(_) | ServerMsg::Seen { .. } => continue,
            other => return other,
        }
    }
}

fn say(id: &str, text: &str) -> ClientMsg {
    ClientMsg::Send {
        client_id: switchboard_core::ids::ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        files: vec![],
    }
}

/// Issue 21, item 6: the pages a visitor went through are kept without
/// their query strings (tokens, e-mails) unless the channel's admin turns
/// that on.
#[tokio::test]
async fn visited_pages_lose_their_query_strings_unless_the_channel_keeps_them() {
    let (mut admin, channel) = workspace_with_channel("Pages", "Support");
    assert_eq!(admin.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let mut inbox = open_inbox(&admin, &channel).await;
    let page = "https%3A%2F%2Fshop.example%2Freset%3Ftoken%3Ds3cret%26email%3Dann%40example.com%23step2";
    let pages_of_a_visit = async |inbox: &mut Client| {
        let started = start_chat_on(&channel, &["en"]);
        let path = format!("/api/conversations/{}/ws?channel={channel}&page={page}", started.conversation);
        let mut visitor = Client::connect(&path, &[]).await.expect("a visitor socket");
        let token = Some(started.token.clone());
        visitor.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token, last_seq: 0 }).await;
        // Its assignee's bus hears of the visit (the channel does not).
        loop {
            if let BusEvent::Activity(a) = inbox.event().await {
                if a.conversation == started.conversation && !a.pages.is_empty() {
                    return a.pages;
                }
            }
        }
    };
    assert_eq!(pages_of_a_visit(&mut inbox).await, ["https://shop.example/reset"]);
    let keep = json!({ "name": "Support", "keep_page_queries": true });
    let (status, saved) = admin.send("PUT", &format!("/api/channels/{channel}"), Some(keep));
    assert_eq!((status, saved["keep_page_queries"].as_bool()), (200, Some(true)), "{saved}");
    assert_eq!(
        pages_of_a_visit(&mut inbox).await,
        ["https://shop.example/reset?token=s3cret&email=ann@example.com#step2"]
    );
}

/// Issue 21, item 6: a visitor's e-mail and pages reach their operator's
/// inbox and admins', not every colleague's.
#[tokio::test]
async fn a_visitor_s_address_reaches_their_operator_not_every_colleague() {
    let (mut admin, channel) = workspace_with_channel("Who sees", "Support");
    let mut duty = vec![on_duty(&mut admin, &channel).await, on_duty(&mut admin, &channel).await];
    let start = json!({ "channel": channel, "email": "ann@example.com" });
    let (status, started) = Browser::anonymous().send("POST", "/api/conversations", Some(start));
    assert_eq!(status, 200, "{started}");
    let started: Started = serde_json::from_value(started).unwrap();
    switchboard_tests::first_words(&started, &channel);
    // Whose inbox, whose the conversation is, the e-mail it shows.
    let mut seen = vec![];
    for (login, _, inbox) in &mut duty {
        let summary = loop {
            if let BusEvent::Updated(s) = inbox.event().await {
                if s.id == started.conversation && s.operator.is_some() {
                    break s;
                }
            }
        };
        seen.push((login.clone(), summary.operator.unwrap().login.to_string(), summary.visitor_email));
    }
    for (inbox_of, holder, email) in seen {
        let expected = (inbox_of == holder).then(|| "ann@example.com".to_owned());
        assert_eq!(email, expected, "{inbox_of}'s inbox (the conversation is {holder}'s)");
    }
    let (_, items) = switchboard_tests::inbox_with_list(&admin, &channel).await;
    let listed = items.iter().find(|c| c.id == started.conversation).expect("listed for the admin");
    assert_eq!(listed.visitor_email.as_deref(), Some("ann@example.com"), "admins see all");
}
