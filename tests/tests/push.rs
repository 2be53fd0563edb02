//! Web Push against real workerd and a local push service (a socket on
//! 127.0.0.1 that answers as RFC 8030 says and hands over what it got): an
//! operator's device subscribes; while no tab of theirs is in view, a
//! conversation newly theirs and a visitor's message reach it, encrypted
//! for it (RFC 8291, decrypted here with the device's key) and signed by
//! the service (VAPID, RFC 8292, verified with the key `GET /api/push`
//! gives); a device the push service says is gone is forgotten; endpoints
//! outside the push services are refused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::json;
use switchboard_core::ids::ClientMsgId;
use switchboard_core::protocol::{BusEvent, ClientMsg, PushNotice, ServerMsg};
use switchboard_tests::{
    inbox_with_list, start_chat_on, workspace_with_channel, Browser, Client, FRAME_TIMEOUT,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// The device's keys: RFC 8291's example browser (its private key decrypts).
const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
const UA_PUBLIC: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

/// One push as the push service got it.
struct Pushed {
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// A push service on a free loopback port: answers 201, or the status set
/// for a path, and passes on every push.
struct PushService {
    origin: String,
    got: mpsc::UnboundedReceiver<Pushed>,
    answers: Arc<Mutex<HashMap<String, u16>>>,
}

impl PushService {
    async fn start() -> PushService {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let (tx, got) = mpsc::unbounded_channel();
        let answers: Arc<Mutex<HashMap<String, u16>>> = Default::default();
        let statuses = answers.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (tx, statuses) = (tx.clone(), statuses.clone());
                tokio::spawn(async move {
                    let Some(pushed) = read_request(&mut stream).await else { return };
                    let status = statuses.lock().unwrap().get(&pushed.path).copied().unwrap_or(201);
                    let answer =
                        format!("HTTP/1.1 {status} Push\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                    let _ = stream.write_all(answer.as_bytes()).await;
                    let _ = tx.send(pushed);
                });
            }
        });
        PushService { origin, got, answers }
    }

    /// The next push, within [`FRAME_TIMEOUT`].
    async fn next(&mut self) -> Pushed {
        tokio::time::timeout(FRAME_TIMEOUT, self.got.recv()).await.expect("a push in time").unwrap()
    }
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Pushed> {
    let mut data = vec![];
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf).await.ok().filter(|&n| n > 0)?;
        data.extend_from_slice(&buf[..n]);
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
    };
    let head = String::from_utf8(data[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length")?.parse().ok()?;
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).await.ok().filter(|&n| n > 0)?;
        body.extend_from_slice(&buf[..n]);
    }
    Some(Pushed { path, headers, body })
}

/// What a device reads from `push`, after checking it is signed by the
/// service's key (`key`) for the push service's origin.
fn read_push(push: &Pushed, key: &str, origin: &str) -> PushNotice {
    assert_eq!(push.headers.get("content-encoding").map(String::as_str), Some("aes128gcm"));
    assert!(push.headers.get("ttl").and_then(|t| t.parse::<u32>().ok()).is_some(), "{:?}", push.headers);
    let authorization = push.headers.get("authorization").expect("a VAPID authorization");
    let (token, k) = authorization.strip_prefix("vapid t=").unwrap().split_once(", k=").unwrap();
    assert_eq!(k, key, "signed with the key browsers subscribe with");
    let claims: serde_json::Value =
        serde_json::from_str(&switchboard_push::verify(token, key).expect("a valid signature")).unwrap();
    assert_eq!(claims["aud"], origin);
    assert!(claims["sub"].as_str().unwrap().starts_with("mailto:"));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let exp = claims["exp"].as_u64().unwrap();
    assert!(exp > now && exp <= now + 24 * 3600, "exp {exp}, now {now}");
    let secret: [u8; 32] = switchboard_push::unb64(UA_PRIVATE).unwrap().try_into().unwrap();
    let plain = switchboard_push::decrypt(&push.body, &secret, &switchboard_push::unb64(AUTH).unwrap())
        .expect("a payload the device decrypts");
    serde_json::from_slice(&plain).unwrap()
}

fn subscribe(browser: &mut Browser, endpoint: &str) -> u16 {
    let body = json!({ "endpoint": endpoint, "expirationTime": null, "keys": { "p256dh": UA_PUBLIC, "auth": AUTH } });
    browser.send("POST", "/api/push/subscriptions", Some(body)).0
}

fn push_key(browser: &mut Browser) -> String {
    let (status, info) = browser.get("/api/push");
    assert_eq!(status, 200);
    info["key"].as_str().expect("pushes are on in local runs").to_owned()
}

async fn visitor_says(visitor: &mut Client, client_id: &str, text: &str) {
    let client_id = ClientMsgId::parse(client_id).unwrap();
    visitor.send(&ClientMsg::Send { client_id, text: text.into(), files: vec![] }).await;
    while !matches!(visitor.recv().await, ServerMsg::Ack { .. }) {}
}

/// Waits until `tab` has the latest of a message (its conversation's news).
async fn until_activity(tab: &mut Client, preview: &str) {
    loop {
        if let BusEvent::Activity(a) = tab.event().await {
            if a.preview == preview {
                return;
            }
        }
    }
}

#[tokio::test]
async fn a_visitors_message_reaches_the_device_only_while_no_tab_is_in_view() {
    let mut service = PushService::start().await;
    let (mut admin, channel) = workspace_with_channel("Push", "Support");
    assert_eq!(admin.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let (mut tab, _) = inbox_with_list(&admin, &channel).await;
    tab.send(&ClientMsg::Visibility { visible: true }).await;
    let endpoint = format!("{}/push/laptop", service.origin);
    assert_eq!(subscribe(&mut admin, &endpoint), 200);
    let key = push_key(&mut admin);

    // In view: the new conversation and its messages go to the tab alone.
    let started = start_chat_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    visitor_says(&mut visitor, "v-1", "Seen in the tab").await;
    until_activity(&mut tab, "Seen in the tab").await;

    // Out of view: the next message reaches the device, and is the first push.
    tab.send(&ClientMsg::Visibility { visible: false }).await;
    visitor_says(&mut visitor, "v-2", "Where is my order?").await;
    let push = service.next().await;
    assert_eq!(push.path, "/push/laptop");
    let notice = read_push(&push, &key, &service.origin);
    assert_eq!(notice.title, "New message");
    assert_eq!(notice.body, "Where is my order?");
    assert_eq!(notice.conversation, started.conversation);
}

#[tokio::test]
async fn a_new_conversation_reaches_a_hidden_operator_in_their_language_and_a_gone_device_is_forgotten() {
    let mut service = PushService::start().await;
    let (mut admin, channel) = workspace_with_channel("Push gone", "Support");
    let french = json!({ "chat_name": "", "languages": [], "expertise": [], "inbox_language": "fr" });
    assert_eq!(admin.send("PUT", "/api/profile", Some(french)).0, 200);
    assert_eq!(admin.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let (mut tab, _) = inbox_with_list(&admin, &channel).await;
    tab.send(&ClientMsg::Visibility { visible: false }).await;
    service.answers.lock().unwrap().insert("/push/old-phone".into(), 410);
    assert_eq!(subscribe(&mut admin, &format!("{}/push/old-phone", service.origin)), 200);
    let key = push_key(&mut admin);

    let started = start_chat_on(&channel, &["en"]);
    let push = service.next().await;
    assert_eq!(push.path, "/push/old-phone");
    let notice = read_push(&push, &key, &service.origin);
    assert!(notice.title.starts_with("Nouvelle conversation : Visiteur n° "), "{}", notice.title);
    assert_eq!((notice.body.as_str(), &notice.conversation), ("Hello", &started.conversation));

    // The push service said 410: the old phone is forgotten, and the new
    // one is the only device told of the next message (devices are pushed
    // to oldest first, so the old one would come first). Pushes of the first
    // words already on their way may still reach the old phone.
    assert_eq!(subscribe(&mut admin, &format!("{}/push/new-phone", service.origin)), 200);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    visitor_says(&mut visitor, "v-2", "Anyone there?").await;
    let push = loop {
        let push = service.next().await;
        if read_push(&push, &key, &service.origin).body == "Anyone there?" {
            break push;
        }
        assert_eq!(push.path, "/push/old-phone", "only the first words' pushes come before");
    };
    assert_eq!(push.path, "/push/new-phone");
}

#[test]
fn only_push_services_endpoints_and_real_keys_are_kept() {
    let (mut admin, _) = workspace_with_channel("Push refused", "Support");
    for endpoint in [
        "http://10.0.0.7/push",
        "https://attacker.example/push",
        "file:///etc/passwd",
        "http://127.0.0.1@evil.example/x",
    ] {
        assert_eq!(subscribe(&mut admin, endpoint), 400, "{endpoint}");
    }
    let bad_keys = json!({ "endpoint": "https://fcm.googleapis.com/fcm/send/x", "keys": { "p256dh": "B".repeat(87), "auth": AUTH } });
    assert_eq!(
        admin.send("POST", "/api/push/subscriptions", Some(bad_keys)).0,
        400,
        "not a point on the curve"
    );
    assert_eq!(subscribe(&mut admin, "https://fcm.googleapis.com/fcm/send/abc"), 200);
    assert_eq!(Browser::anonymous().get("/api/push").0, 401);
}
