//! Files in conversations (issue 23), against real workerd with its local
//! R2: a visitor's screenshot reaches the operator in a message and
//! downloads as itself; an upload sent again is kept once; HTML and SVG
//! are only ever downloaded as text; too large, empty and unknown kinds are
//! refused in words; nobody outside the conversation gets a file.

use serde_json::Value;
use switchboard_core::ids::ClientMsgId;
use switchboard_core::limits::DEFAULT_MAX_FILE_BYTES;
use switchboard_core::protocol::{Attachment, ClientMsg, ConversationStarted, ServerMsg};
use switchboard_tests::{base, first_words, http, start_conversation_on, workspace_with_channel, Client};

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];

fn url(c: &ConversationStarted, file: &str) -> String {
    format!("{}/api/conversations/{}/files/{file}", base(), c.conversation)
}

/// The visitor of `c` uploads `bytes` as file `file` named `name`: the
/// status and the JSON answer.
fn upload(c: &ConversationStarted, file: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
    let mut res = http()
        .put(url(c, file))
        .header("authorization", &format!("Bearer {}", c.token))
        .header("x-file-name", name)
        .send(bytes)
        .expect("a response");
    let text = res.body_mut().read_to_string().unwrap_or_default();
    (res.status().as_u16(), serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A download: status, headers asked for, bytes.
fn download(url: &str, auth: (&str, &str)) -> (u16, Vec<String>, Vec<u8>) {
    let mut res =
        http().get(url).header(auth.0, auth.1).header("origin", &base()).call().expect("a response");
    let headers =
        ["content-type", "content-disposition", "x-content-type-options", "content-security-policy"]
            .map(|h| res.headers().get(h).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned())
            .to_vec();
    let bytes = res.body_mut().read_to_vec().unwrap_or_default();
    (res.status().as_u16(), headers, bytes)
}

fn started_chat(channel: &str) -> ConversationStarted {
    let c = start_conversation_on(channel, &["en"]);
    first_words(&c, channel);
    c
}

#[tokio::test]
async fn a_visitor_s_screenshot_reaches_the_operator_and_downloads_as_itself() {
    let (admin, channel) = workspace_with_channel("Files", "Support");
    let c = started_chat(&channel);
    let (status, file) = upload(&c, "shot-1", "Screen%20shot%20%C3%A9.png", PNG);
    assert_eq!(status, 200, "{file}");
    let file: Attachment = serde_json::from_value(file).unwrap();
    assert_eq!(
        (file.name.as_str(), file.content_type.as_str(), file.size),
        ("Screen shot é.png", "image/png", 16)
    );

    let mut visitor = Client::visitor_on(&c, &channel).await;
    let client_id = ClientMsgId::parse("with-file").unwrap();
    visitor.send(&ClientMsg::Send { client_id, text: String::new(), files: vec!["shot-1".into()] }).await;
    let cookie = admin.cookie.clone().unwrap();
    let mut operator = Client::operator(&cookie, c.conversation.as_str()).await;
    operator.send(&ClientMsg::Hello { v: 1, token: None, last_seq: 0 }).await;
    let carried = loop {
        if let ServerMsg::Message(m) = operator.recv().await {
            if !m.files.is_empty() {
                break m.files;
            }
        }
    };
    assert_eq!(carried, [file.clone()], "the operator's pane gets the message with its file");

    for auth in [("cookie", cookie.as_str()), ("authorization", &format!("Bearer {}", c.token))] {
        let (status, headers, bytes) = download(&url(&c, "shot-1"), auth);
        assert_eq!((status, bytes.as_slice()), (200, PNG), "{}", auth.0);
        assert_eq!(headers[0], "image/png");
        assert!(headers[1].starts_with("inline;"), "{}", headers[1]);
        assert_eq!(headers[2], "nosniff");
        assert!(headers[3].contains("sandbox"), "{}", headers[3]);
    }
}

#[tokio::test]
async fn an_upload_sent_again_is_kept_once() {
    let (_, channel) = workspace_with_channel("Files again", "Support");
    let c = started_chat(&channel);
    let (first, a) = upload(&c, "twice", "a.png", PNG);
    let (again, b) = upload(&c, "twice", "b.pdf", b"%PDF-1.7\n");
    assert_eq!((first, again), (200, 200));
    assert_eq!(a, b, "the first upload stands");
    let (_, _, bytes) = download(&url(&c, "twice"), ("authorization", &format!("Bearer {}", c.token)));
    assert_eq!(bytes, PNG);
}

#[tokio::test]
async fn html_and_svg_are_only_ever_downloaded_as_text() {
    let (_, channel) = workspace_with_channel("Files svg", "Support");
    let c = started_chat(&channel);
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>"#;
    let html = b"<!doctype html><script>alert(document.cookie)</script>";
    for (id, name, bytes) in [("svg", "cat.svg", &svg[..]), ("html", "page.html", &html[..])] {
        let (status, file) = upload(&c, id, name, bytes);
        assert_eq!(
            (status, file["content_type"].as_str()),
            (200, Some("text/plain; charset=utf-8")),
            "{file}"
        );
        let (_, headers, _) = download(&url(&c, id), ("authorization", &format!("Bearer {}", c.token)));
        assert_eq!(headers[0], "text/plain; charset=utf-8");
        assert!(headers[1].starts_with("attachment;"), "{name}: {}", headers[1]);
        assert_eq!(headers[2], "nosniff");
    }
}

#[tokio::test]
async fn too_large_empty_and_unknown_files_are_refused_in_words() {
    let (_, channel) = workspace_with_channel("Files refused", "Support");
    let c = started_chat(&channel);
    let big = vec![b'a'; DEFAULT_MAX_FILE_BYTES as usize + 1];
    let refused = [
        ("big", big.as_slice(), 413, "file_too_large"),
        ("empty", &b""[..], 400, "file_empty"),
        ("elf", &b"\x7fELF\x02\x01\x01\x00\x00"[..], 415, "file_type"),
    ];
    for (id, bytes, status, code) in refused {
        let (got, answer) = upload(&c, id, "x", bytes);
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{id}: {answer}");
        assert!(!answer["message"].as_str().unwrap_or_default().is_empty());
    }
}

#[tokio::test]
async fn nobody_outside_the_conversation_gets_its_files() {
    let (_, channel) = workspace_with_channel("Files private", "Support");
    let (a, b) = (started_chat(&channel), started_chat(&channel));
    assert_eq!(upload(&a, "mine", "mine.png", PNG).0, 200);
    let stranger = format!("Bearer {}", b.token);
    assert_eq!(
        download(&url(&a, "mine"), ("authorization", &stranger)).0,
        404,
        "another conversation's visitor"
    );
    let (other_admin, _) = workspace_with_channel("Elsewhere", "Support");
    let theirs = other_admin.cookie.clone().unwrap();
    assert_eq!(download(&url(&a, "mine"), ("cookie", &theirs)).0, 404, "another workspace's operator");
    assert_eq!(download(&url(&a, "mine"), ("x-nothing", "")).0, 401, "nobody at all");
    assert_eq!(upload(&b, "x.y", "x.png", PNG).0, 400, "a file id is letters, digits, - and _");
}

#[tokio::test]
async fn a_channel_takes_the_files_its_admin_says() {
    let (mut admin, channel) = workspace_with_channel("Files limits", "Support");
    let limits = |files: Value| serde_json::json!({ "name": "Support", "files": files });
    for bad in [
        serde_json::json!({ "max_mb": 0, "kinds": [] }),
        serde_json::json!({ "max_mb": 5, "kinds": ["exe"] }),
    ] {
        let (status, answer) = admin.send("PUT", &format!("/api/channels/{channel}"), Some(limits(bad)));
        assert_eq!((status, answer["field"].as_str()), (400, Some("files")), "{answer}");
    }
    let only_pdf = limits(serde_json::json!({ "max_mb": 1, "kinds": ["PDF"] }));
    let (status, saved) = admin.send("PUT", &format!("/api/channels/{channel}"), Some(only_pdf));
    assert_eq!((status, saved["files"]["kinds"].clone()), (200, serde_json::json!(["PDF"])), "{saved}");
    let c = started_chat(&channel);
    assert_eq!(upload(&c, "png", "a.png", PNG).1["code"], "file_type", "no images here");
    let big = [b"%PDF-1.7\n".as_slice(), &vec![b'a'; 1024 * 1024]].concat();
    assert_eq!(upload(&c, "big", "big.pdf", &big).1["code"], "file_too_large");
    assert_eq!(upload(&c, "small", "small.pdf", b"%PDF-1.7\n").0, 200);
}
