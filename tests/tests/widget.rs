//! What the widget asks of the Worker beyond messages: its texts in the
//! visitor's language, the channel's welcome in that language and whether
//! anyone is online, the "leave a message" form, read receipts and rating.

use serde_json::json;
use switchboard_core::ids::ClientMsgId;
use switchboard_core::protocol::{
    Author, BusEvent, ChannelPublic, ClientMsg, ConversationStarted, ErrorCode, Rating, ServerMsg,
    WidgetLocale, WidgetTexts,
};
use switchboard_tests::{
    http, inbox_with_list, new_operator, open_inbox, start_conversation_on, workspace_with_channel, Browser,
    Client,
};

fn texts(lang: &str) -> WidgetLocale {
    let url = format!("{}/api/widget/texts?lang={lang}", switchboard_tests::base());
    http().get(url).call().expect("GET texts").body_mut().read_json().expect("a WidgetLocale")
}

#[test]
fn the_widget_speaks_the_visitor_s_language_and_falls_back_to_english() {
    let fr = texts("fr-FR,en");
    assert_eq!((fr.lang.as_str(), fr.rtl, fr.texts.send.as_str()), ("fr", false, "Envoyer"));
    let ar = texts("ar-EG");
    assert_eq!((ar.lang.as_str(), ar.rtl), ("ar", true));
    assert_eq!(ar.texts.send, "إرسال");
    let other = texts("sv,nl");
    assert_eq!((other.lang.as_str(), other.texts.send.as_str()), ("en", "Send"));
    assert_eq!(Vec::from(other.texts).len(), WidgetTexts::IDS.len(), "every text, in order");
}

fn public(channel: &str, lang: &str) -> ChannelPublic {
    let url = format!("{}/api/channels/{channel}/public?lang={lang}", switchboard_tests::base());
    http().get(url).call().expect("GET public").body_mut().read_json().expect("a ChannelPublic")
}

#[tokio::test]
async fn a_channel_welcomes_in_the_visitor_s_language_and_says_whether_anyone_is_online() {
    let (mut admin, channel) = workspace_with_channel("Welcomes", "Support");
    admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["en", "fr", "de"] })));
    let (status, body) = admin.send(
        "PUT",
        &format!("/api/channels/{channel}"),
        Some(json!({ "name": "Support", "welcome": "Hello!", "welcomes": [{ "lang": "ja", "text": "こんにちは" }] })),
    );
    assert_eq!((status, body["field"].as_str()), (400, Some("welcomes")), "Japanese is not enabled: {body}");
    let (status, body) = admin.send(
        "PUT",
        &format!("/api/channels/{channel}"),
        Some(json!({ "name": "Support", "welcome": "Hello!", "welcomes": [{ "lang": "fr", "text": "Bonjour !" }] })),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(public(&channel, "fr-CA,en").welcome, "Bonjour !");
    assert_eq!(public(&channel, "de").welcome, "Hello!", "no German welcome: the default");
    assert!(!public(&channel, "en").online, "nobody has joined");

    let (_, mut operator) = new_operator(&mut admin, None);
    assert_eq!(operator.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let _inbox = open_inbox(&operator, &channel).await;
    assert!(public(&channel, "en").online, "an operator with the inbox open");

    // The edge answers from what the channel published: each change shows at once.
    assert_eq!(operator.send("POST", &format!("/api/channels/{channel}/leave"), Some(json!({}))).0, 200);
    assert!(!public(&channel, "en").online, "the only operator left");
    let body = json!({ "name": "Help desk", "welcome": "Hello!" });
    assert_eq!(admin.send("PUT", &format!("/api/channels/{channel}"), Some(body)).0, 200);
    assert_eq!(public(&channel, "en").name, "Help desk", "renamed");
}

fn start_offline(channel: &str, email: Option<&str>) -> (u16, serde_json::Value) {
    Browser::anonymous().send(
        "POST",
        "/api/conversations",
        Some(json!({ "channel": channel, "languages": ["en"], "offline": true, "email": email })),
    )
}

#[tokio::test]
async fn a_message_left_while_nobody_is_online_needs_an_email_and_reaches_the_inbox_marked() {
    let (mut admin, channel) = workspace_with_channel("Offline", "Support");
    for email in [None, Some("not an address")] {
        let (status, body) = start_offline(&channel, email);
        assert_eq!((status, body["field"].as_str()), (400, Some("email")), "{email:?}: {body}");
    }
    let (status, body) = start_offline(&channel, Some("Ann@Example.COM"));
    assert_eq!(status, 200, "{body}");
    let started: ConversationStarted = serde_json::from_value(body).unwrap();
    let mut visitor = Client::visitor_on(&started, &channel).await;
    let client_id = ClientMsgId::parse("left-1").unwrap();
    visitor.send(&ClientMsg::Send { client_id, text: "Please call me back".into(), files: vec![] }).await;
    assert!(matches!(visitor.recv().await, ServerMsg::Ack { .. }));

    let (_, mut operator) = new_operator(&mut admin, None);
    assert_eq!(operator.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let (_inbox, list) = inbox_with_list(&operator, &channel).await;
    let summary = list.iter().find(|c| c.id == started.conversation).expect("the message is in the inbox");
    assert!(summary.offline);
    assert_eq!(summary.visitor_email.as_deref(), Some("Ann@example.com"));
    assert_eq!(summary.preview, "Please call me back");
}

#[tokio::test]
async fn the_visitor_sees_what_the_operator_has_read_and_rates_the_ended_conversation() {
    let (mut admin, channel) = workspace_with_channel("Receipts", "Support");
    let (_, mut operator) = new_operator(&mut admin, Some("Olga"));
    assert_eq!(operator.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let mut inbox = open_inbox(&operator, &channel).await;
    let started = start_conversation_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    let client_id = ClientMsgId::parse("v-1").unwrap();
    visitor.send(&ClientMsg::Send { client_id, text: "Is it in stock?".into(), files: vec![] }).await;
    let seq = loop {
        if let ServerMsg::Ack { seq, .. } = visitor.recv().await {
            break seq;
        }
    };

    let cookie = operator.cookie.clone().unwrap();
    let mut olga = Client::operator(&cookie, started.conversation.as_str()).await;
    olga.send(&ClientMsg::Hello {
        v: switchboard_core::protocol::PROTOCOL_VERSION,
        token: None,
        last_seq: 0,
    })
    .await;
    olga.send(&ClientMsg::Seen { seq }).await;
    let olga_author = Author::Operator { name: "Olga".into() };
    loop {
        match visitor.recv().await {
            ServerMsg::Seen { by, seq: seen } if by == olga_author => break assert_eq!(seen, seq),
            _ => continue,
        }
    }

    let rate = |rating| ClientMsg::Rate { rating, comment: "Quick and kind".into() };
    visitor.send(&rate(Rating::Good)).await;
    assert!(matches!(visitor.recv().await, ServerMsg::Error { code: ErrorCode::InvalidMessage, .. }));
    visitor.send(&ClientMsg::Close).await;
    visitor.send(&rate(Rating::Good)).await;
    loop {
        if let ServerMsg::Rated { rating } = visitor.recv().await {
            break assert_eq!(rating, Rating::Good);
        }
    }
    // Olga has it: the rating reaches her inbox from the conversation.
    loop {
        if let BusEvent::Activity(a) = inbox.event().await {
            if a.conversation == started.conversation && a.rating.is_some() {
                assert_eq!(
                    (a.rating, a.rating_comment.as_deref()),
                    (Some(Rating::Good), Some("Quick and kind"))
                );
                break;
            }
        }
    }
}
