//! History against real workerd: an ended conversation leaves its channel's
//! list for its workspace's History, where a word of a message finds it and
//! its transcript reads whole — for those who work in its channel only —, and
//! an admin deletes a visitor's conversations by email.

use serde_json::json;
use switchboard_core::ids::ClientMsgId;
use switchboard_core::protocol::{BusEvent, ClientMsg, ConversationStarted, ServerMsg};
use switchboard_tests::{
    base, http, inbox_with_list, new_operator, unique, workspace_with_channel, Browser, Client,
};

fn join(browser: &mut Browser, channel: &str) {
    assert_eq!(browser.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
}

fn start_with_email(channel: &str, email: &str) -> ConversationStarted {
    let mut res = http()
        .post(format!("{}/api/conversations", base()))
        .send_json(json!({ "channel": channel, "languages": ["en"], "name": "Ann", "email": email }))
        .expect("POST /api/conversations");
    assert_eq!(res.status(), 200);
    res.body_mut().read_json().unwrap()
}

async fn says(client: &mut Client, client_id: &str, text: &str) {
    let client_id = ClientMsgId::parse(client_id).unwrap();
    client.send(&ClientMsg::Send { client_id, text: text.into(), files: vec![] }).await;
    while !matches!(client.recv().await, ServerMsg::Ack { .. }) {}
}

fn search(browser: &mut Browser, query: &str) -> Vec<serde_json::Value> {
    let (status, page) = browser.get(&format!("/api/history?{query}"));
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn an_ended_conversation_is_found_by_a_word_and_read_whole_by_its_channels_people_only() {
    let (mut admin, channel) = workspace_with_channel("History", "Support");
    join(&mut admin, &channel);
    let (mut inbox, _) = inbox_with_list(&admin, &channel).await;
    let word = unique("parcel").replace('-', "");
    let started = start_with_email(&channel, "Ann@Example.com");
    let id = started.conversation.clone();
    let mut visitor = Client::visitor_on(&started, &channel).await;
    says(&mut visitor, "v-1", &format!("My {word} has not arrived")).await;
    assert!(visitor.assignment().await.0.is_some(), "the admin has it");
    // A photo of the parcel's label, which goes with the rest when forgotten.
    let photo = format!("{}/api/conversations/{id}/files/label", base());
    let key = format!("Bearer {}", started.token);
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    let put =
        http().put(&photo).header("authorization", &key).header("x-file-name", "label.png").send(&png[..]);
    assert_eq!(put.unwrap().status(), 200);
    let photo_status = || http().get(&photo).header("authorization", &key).call().unwrap().status().as_u16();
    assert_eq!(photo_status(), 200);
    let mut operator = Client::operator(admin.cookie.as_ref().unwrap(), id.as_str()).await;
    operator
        .send(&ClientMsg::Hello { v: switchboard_core::protocol::PROTOCOL_VERSION, token: None, last_seq: 0 })
        .await;
    says(&mut operator, "o-1", "It leaves the warehouse today").await;
    visitor.send(&ClientMsg::Close).await;

    // The inbox hears it ended: History has it by then.
    loop {
        match inbox.event().await {
            BusEvent::Updated(s) if s.id == id && s.closed => break,
            BusEvent::Activity(a) if a.conversation == id && a.closed => break,
            _ => {}
        }
    }
    let found = search(&mut admin, &format!("words={}", &word[..word.len() - 2]));
    assert_eq!(found.len(), 1, "a word's start finds it: {found:?}");
    assert_eq!(found[0]["id"], json!(id.as_str()));
    assert_eq!(found[0]["visitor_email"], json!("Ann@example.com"));
    assert_eq!(found[0]["messages"], json!(2));
    assert!(found[0]["preview"].as_str().unwrap().contains(&word), "{}", found[0]["preview"]);
    assert!(search(&mut admin, "words=warehouse&rating=bad").is_empty(), "filters narrow it");
    assert_eq!(search(&mut admin, &format!("email=ann%40example.com&channel={channel}")).len(), 1);

    let (status, transcript) = admin.get(&format!("/api/history/{id}"));
    assert_eq!(status, 200);
    let texts: Vec<&str> =
        transcript["messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, [format!("My {word} has not arrived").as_str(), "It leaves the warehouse today"]);

    // It left the channel: a new tab's list does not hold it.
    let (_, list) = inbox_with_list(&admin, &channel).await;
    assert!(list.iter().all(|c| c.id != id), "an ended conversation stays in the channel");

    // Someone who does not work in the channel, or in another workspace, sees nothing.
    let (_, mut outsider) = new_operator(&mut admin, None);
    let (insider, mut colleague) = new_operator(&mut admin, None);
    let only = json!({ "name": "Support", "operators": [insider] });
    assert_eq!(admin.send("PUT", &format!("/api/channels/{channel}"), Some(only)).0, 200);
    assert_eq!(search(&mut colleague, &format!("words={word}")).len(), 1, "who works in it sees it");
    assert!(search(&mut outsider, &format!("words={word}")).is_empty());
    assert_eq!(outsider.get(&format!("/api/history/{id}")).0, 404);
    let (mut stranger, _) = Browser::sign_up("Elsewhere");
    assert!(search(&mut stranger, &format!("words={word}")).is_empty());
    assert_eq!(stranger.get(&format!("/api/history/{id}")).0, 404);

    // Deleting the visitor's data is for admins, by email, and leaves nothing.
    let forget = json!({ "email": "ann@EXAMPLE.com" });
    assert_eq!(outsider.send("POST", "/api/history/forget", Some(forget.clone())).0, 403);
    let (status, gone) = admin.send("POST", "/api/history/forget", Some(forget));
    assert_eq!((status, gone), (200, json!({ "conversations": 1 })));
    assert!(search(&mut admin, &format!("words={word}")).is_empty());
    assert_eq!(admin.get(&format!("/api/history/{id}")).0, 404);
    assert_eq!(photo_status(), 404, "its files are gone too");
}

#[tokio::test]
async fn a_search_says_what_is_wrong_with_it_and_retention_is_bounded() {
    let (mut admin, _) = workspace_with_channel("History limits", "Support");
    for (query, field) in [("rating=great", "rating"), ("from=20&to=10", "to"), ("words=%21%21", "words")] {
        let (status, refusal) = admin.get(&format!("/api/history?{query}"));
        assert_eq!((status, refusal["field"].as_str()), (400, Some(field)), "{query}: {refusal}");
    }
    let keep = |days: u32| json!({ "inactivity_timeout_s": 1800, "capacity": 5, "reassign_after_s": 60, "keep_history_days": days });
    let (status, refusal) = admin.send("PUT", "/api/settings", Some(keep(100_000)));
    assert_eq!((status, refusal["field"].as_str()), (400, Some("keep_history_days")));
    let (status, saved) = admin.send("PUT", "/api/settings", Some(keep(30)));
    assert_eq!((status, &saved["keep_history_days"]), (200, &json!(30)));
}
