//! Limits on what anyone can start (issue 21, item 3), against real
//! workerd: one client address may start only so many conversations,
//! workspaces and log-ins a minute (a 429 in words, with `Retry-After`);
//! a login's wrong passwords make it wait longer each time; a flood of
//! `typing` frames reaches the other side once per gap.
//!
//! Each test that means to meet a limit sends one address of its own again
//! and again; every other request of the suite comes from an address of
//! its own ([`switchboard_tests::http`]).

use serde_json::{json, Value};
use switchboard_core::backoff::FREE_FAILURES;
use switchboard_core::ids::ClientMsgId;
use switchboard_core::limits::{
    LOGINS_PER_MINUTE, SIGNUPS_PER_MINUTE, STARTS_PER_MINUTE, UPLOADS_PER_MINUTE, VISITOR_BURST,
    VISITOR_MESSAGES_PER_MINUTE,
};
use switchboard_core::protocol::{ClientMsg, ErrorCode, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::{
    base, fresh_address, http, login, new_operator, start_conversation, unique, workspace_with_channel,
    Client, CHANNEL, CLIENT_ADDRESS, OPERATOR,
};

/// POSTs `body` to `path` from `address`: the status, `Retry-After`, the body.
fn post_from(address: &str, path: &str, body: Value) -> (u16, Option<String>, Value) {
    let mut res = http()
        .post(format!("{}{path}", base()))
        .header("origin", base())
        .header(CLIENT_ADDRESS, address)
        .send_json(body)
        .expect("a response");
    let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    let body = res.body_mut().read_json().unwrap_or(Value::Null);
    (res.status().as_u16(), retry, body)
}

/// The wall-clock minute, which the platform's windows follow.
fn minute() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 60
}

/// Sends `body` to `path` from one address until refused; the number of
/// answers before the refusal, and the refusal. The platform's windows
/// follow the wall clock (a minute each): a run that crossed into the next
/// minute is run again, from a fresh address.
fn until_refused(path: &str, body: impl Fn() -> Value, most: u32) -> (u32, (u16, Option<String>, Value)) {
    for _ in 0..2 {
        let (address, began) = (fresh_address(), minute());
        for n in 0..=most {
            let answer = post_from(&address, path, body());
            if answer.0 == 429 && minute() == began {
                return (n, answer);
            }
            if minute() != began {
                break;
            }
        }
    }
    panic!("{path}: {} requests from one address within a minute, none refused", most + 1);
}

#[test]
fn one_address_may_start_only_so_many_conversations_a_minute() {
    let (allowed, (_, retry, refusal)) =
        until_refused("/api/conversations", || json!({ "channel": CHANNEL }), STARTS_PER_MINUTE);
    assert_eq!(allowed, STARTS_PER_MINUTE);
    assert_eq!(retry.as_deref(), Some("60"));
    assert_eq!(refusal["code"], "too_many");
    assert_eq!(refusal["retry_after_s"], 60);
    assert_eq!(
        refusal["message"],
        "Too many conversations were started from your connection just now. Please try again in a minute."
    );
    // Someone else, elsewhere, is not held back.
    start_conversation(&[]);
}

#[test]
fn one_address_may_create_only_so_many_workspaces_a_minute() {
    let signup = || {
        json!({ "workspace_name": "Spam", "name": "Sam Spam", "login": unique("spam"),
                "password": "a good long password" })
    };
    let (allowed, (_, retry, refusal)) = until_refused("/api/signup", signup, SIGNUPS_PER_MINUTE);
    assert_eq!((allowed, retry.as_deref()), (SIGNUPS_PER_MINUTE, Some("60")));
    assert_eq!(
        refusal["message"],
        "Too many workspaces were created from your connection just now. Please try again in a minute."
    );
}

#[test]
fn one_address_may_try_only_so_many_log_ins_a_minute() {
    let guess = || json!({ "login": unique("nobody"), "password": "guess guess guess" });
    let (allowed, (_, _, refusal)) = until_refused("/api/login", guess, LOGINS_PER_MINUTE);
    assert_eq!(allowed, LOGINS_PER_MINUTE);
    assert_eq!(
        refusal["message"],
        "Too many log-in attempts from your connection. Please try again in a minute."
    );
}

#[test]
fn wrong_passwords_make_a_login_wait_and_the_right_one_afterwards_forgets_them() {
    let (mut admin, _) = workspace_with_channel("Guessed", "Support");
    let (login_name, _) = new_operator(&mut admin, None);
    // From ever new addresses, as a guesser with many would.
    let attempt = |password: &str| {
        post_from(&fresh_address(), "/api/login", json!({ "login": login_name, "password": password }))
    };
    for _ in 0..FREE_FAILURES {
        let (status, _, body) = attempt("not the password");
        assert_eq!((status, body["message"].as_str()), (400, Some("Wrong login or password.")));
    }
    let (status, retry, body) = attempt("a long enough password");
    assert_eq!(status, 429, "even the right password waits: {body}");
    assert_eq!(body["message"], "Too many wrong passwords for this login. Try again in a second.");
    assert_eq!(retry.as_deref(), Some("1"));
    // Once the wait is over (it is a second), the right password works:
    // asked again until it does (a try during the wait is refused unchecked,
    // so asking costs little), within a bound.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match attempt("a long enough password") {
            (200, _, _) => break,
            (429, _, _) if std::time::Instant::now() < deadline => continue,
            other => panic!("after the wait: {other:?}"),
        }
    }
    let (status, _, _) = attempt("not the password");
    assert_eq!(status, 400, "a success forgot the failures: one more mistake costs no wait");
    // Others log in as ever.
    login(OPERATOR.0, OPERATOR.1);
}

#[tokio::test]
async fn a_flood_of_typing_reaches_the_other_side_once() {
    let conv = start_conversation(&[]);
    let hello = |token: Option<&str>| ClientMsg::Hello {
        v: PROTOCOL_VERSION,
        token: token.map(str::to_owned),
        last_seq: 0,
    };
    let mut visitor = Client::visitor(&conv).await;
    visitor.send(&hello(Some(&conv.token))).await;
    assert!(matches!(visitor.recv().await, ServerMsg::Welcome { .. }));
    let cookie = login(OPERATOR.0, OPERATOR.1);
    let mut operator = Client::operator(&cookie, conv.conversation.as_str()).await;
    operator.send(&hello(None)).await;
    assert!(matches!(operator.recv().await, ServerMsg::Welcome { .. }));

    for _ in 0..50 {
        visitor.send(&ClientMsg::Typing).await;
    }
    let client_id = ClientMsgId::parse("after-typing").unwrap();
    visitor.send(&ClientMsg::Send { client_id, text: "Hello".into(), files: vec![] }).await;
    assert!(matches!(operator.recv().await, ServerMsg::Typing { .. }));
    match operator.recv().await {
        ServerMsg::Message(m) => assert_eq!(m.text, "Hello"),
        other => panic!("one typing, then the message; got {other:?}"),
    }
}

/// One connection's visitors may send only so many messages a minute
/// across all their conversations (each keeps its own burst limit).
#[tokio::test]
async fn one_address_s_visitors_may_send_only_so_many_messages_a_minute_across_conversations() {
    let per_chat = VISITOR_BURST as u32;
    let chats = VISITOR_MESSAGES_PER_MINUTE.div_ceil(per_chat) + 1;
    for _ in 0..2 {
        let (address, began) = (fresh_address(), minute());
        let (mut acked, mut refused, mut resent) = (0, 0, false);
        for c in 0..chats {
            let started = start_conversation(&[]);
            let path = format!("/api/conversations/{}/ws?channel={CHANNEL}", started.conversation);
            let mut visitor = Client::connect(&path, &[(CLIENT_ADDRESS, &address)]).await.expect("a socket");
            let token = Some(started.token.clone());
            visitor.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token, last_seq: 0 }).await;
            for i in 0..per_chat {
                let client_id = ClientMsgId::parse(format!("m{c}-{i}")).unwrap();
                visitor.send(&ClientMsg::Send { client_id, text: "hello".into(), files: vec![] }).await;
            }
            let (mut answered, before) = (0, acked);
            while answered < per_chat {
                match visitor.recv().await {
                    ServerMsg::Ack { .. } => (acked, answered) = (acked + 1, answered + 1),
                    ServerMsg::Error { code: ErrorCode::RateLimited, .. } => {
                        (refused, answered) = (refused + 1, answered + 1)
                    }
                    _ => {}
                }
            }
            // Past the limit, a message sent again that is stored already
            // (its ack was lost) is acknowledged, not refused or counted.
            if acked > before && acked - before < per_chat {
                let client_id = ClientMsgId::parse(format!("m{c}-0")).unwrap();
                visitor.send(&ClientMsg::Send { client_id, text: "hello".into(), files: vec![] }).await;
                loop {
                    match visitor.recv().await {
                        ServerMsg::Ack { seq: 1, .. } => break,
                        ServerMsg::Error { code, .. } => panic!("a stored message sent again: {code:?}"),
                        _ => {}
                    }
                }
                resent = true;
            }
        }
        if minute() == began {
            assert!(resent, "a conversation was cut off by the limit midway");
            assert_eq!(acked, VISITOR_MESSAGES_PER_MINUTE, "{refused} refused");
            assert_eq!(refused, chats * per_chat - VISITOR_MESSAGES_PER_MINUTE);
            return;
        }
    }
    panic!("two runs crossed a minute");
}

/// The bindings in `wrangler.toml` say what `core::limits` says.
#[test]
fn the_platform_s_limits_are_core_s() {
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../wrangler.toml")).unwrap();
    let limit = |binding: &str| -> u32 {
        let block = config.split("[[ratelimits]]").find(|b| b.contains(&format!("name = \"{binding}\"")));
        let block = block.unwrap_or_else(|| panic!("no binding {binding}"));
        assert!(block.contains("period = 60"), "{binding}: a minute");
        let at = block.find("limit = ").expect("a limit") + "limit = ".len();
        block[at..].split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    assert_eq!(limit("STARTS"), STARTS_PER_MINUTE);
    assert_eq!(limit("SIGNUPS"), SIGNUPS_PER_MINUTE);
    assert_eq!(limit("LOGINS"), LOGINS_PER_MINUTE);
    assert_eq!(limit("MESSAGES"), VISITOR_MESSAGES_PER_MINUTE);
    assert_eq!(limit("UPLOADS"), UPLOADS_PER_MINUTE);
}
