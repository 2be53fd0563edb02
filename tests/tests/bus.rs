//! The operator's bus against real workerd: one socket per inbox tab, the
//! same news on every tab, read marks kept per operator, who comes online
//! and leaves, and a tab back from a cut sent exactly what it missed — or,
//! after the bus stopped hearing its channels, the whole state.

use std::time::Duration;

use serde_json::json;
use switchboard_core::ids::{ClientMsgId, ConversationId, Seq};
use switchboard_core::limits::OFFLINE_GRACE_MS;
use switchboard_core::protocol::{
    BusEvent, ClientMsg, ConversationSummary, ReadMark, ServerMsg, PROTOCOL_VERSION,
};
use switchboard_tests::{
    bus, inbox_with_list, inbox_with_state, new_operator, start_chat_on, start_conversation_on,
    workspace_with_channel, Browser, Client, FRAME_TIMEOUT,
};

fn join(browser: &mut Browser, channel: &str) {
    assert_eq!(browser.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
}

/// The next update of `id` whose summary satisfies `done`, with its number.
async fn update_of(
    tab: &mut Client,
    id: &ConversationId,
    done: impl Fn(&ConversationSummary) -> bool,
) -> (Seq, ConversationSummary) {
    loop {
        if let ServerMsg::Event { seq, event: BusEvent::Updated(s) } = tab.recv().await {
            if s.id == *id && done(&s) {
                return (seq, *s);
            }
        }
    }
}

async fn visitor_says(visitor: &mut Client, client_id: &str, text: &str) {
    let client_id = ClientMsgId::parse(client_id).unwrap();
    visitor.send(&ClientMsg::Send { client_id, text: text.into(), files: vec![] }).await;
    while !matches!(visitor.recv().await, ServerMsg::Ack { .. }) {}
}

#[tokio::test]
async fn every_tab_hears_the_news_and_read_marks_are_the_operators() {
    let (mut admin, channel) = workspace_with_channel("Bus tabs", "Sales");
    join(&mut admin, &channel);
    let (mut first, _) = inbox_with_list(&admin, &channel).await;
    let (mut second, _) = inbox_with_list(&admin, &channel).await;

    let started = start_conversation_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    visitor_says(&mut visitor, "v-1", "Hello there").await;
    let id = &started.conversation;
    for tab in [&mut first, &mut second] {
        let (_, s) = update_of(tab, id, |s| s.last_seq == 1).await;
        assert_eq!(s.preview, "Hello there");
    }

    // Read in the first tab: the second is told, and a new tab knows.
    first.send(&ClientMsg::Read(ReadMark { conversation: id.clone(), seq: 1 })).await;
    let read = loop {
        // Past the conversation's own news (its latest, for its assignee)
        // and the line's.
        match second.event().await {
            BusEvent::Activity(_) | BusEvent::Waiting { .. } => continue,
            other => break other,
        }
    };
    assert_eq!(read, BusEvent::Read(ReadMark { conversation: id.clone(), seq: 1 }));
    let mut third = bus(&admin).await;
    third.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
    match third.recv().await {
        ServerMsg::State { read, .. } => {
            assert!(read.contains(&ReadMark { conversation: id.clone(), seq: 1 }), "{read:?}")
        }
        other => panic!("expected the state, got {other:?}"),
    }
}

#[tokio::test]
async fn a_tab_back_from_a_cut_is_sent_what_it_missed_once_in_order() {
    let (mut admin, channel) = workspace_with_channel("Bus replay", "Sales");
    join(&mut admin, &channel);
    // Another tab stays open all along: it shows when the news is out.
    let (mut witness, _) = inbox_with_list(&admin, &channel).await;
    let (mut tab, _) = inbox_with_list(&admin, &channel).await;

    let started = start_chat_on(&channel, &["en"]);
    let id = &started.conversation;
    let (held, _) = update_of(&mut tab, id, |s| s.operator.is_some()).await;
    tab.close().await;

    // The admin has it: each message reaches their bus from the conversation.
    let mut visitor = Client::visitor_on(&started, &channel).await;
    visitor_says(&mut visitor, "v-1", "Are you there?").await;
    visitor_says(&mut visitor, "v-2", "Hello?").await;
    let newest = loop {
        if let ServerMsg::Event { seq, event: BusEvent::Activity(a) } = witness.recv().await {
            if a.conversation == *id && a.last_seq == 3 {
                break seq;
            }
        }
    };

    let mut back = bus(&admin).await;
    back.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: held }).await;
    assert_eq!(back.recv().await, ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: newest });
    let mut previews = vec![];
    for expected in held + 1..=newest {
        match back.recv().await {
            ServerMsg::Event { seq, event } => {
                assert_eq!(seq, expected, "events come once each, in order");
                match event {
                    BusEvent::Updated(s) => previews.push(s.preview),
                    BusEvent::Activity(a) => previews.push(a.preview),
                    _ => {}
                }
            }
            other => panic!("expected event {expected}, got {other:?}"),
        }
    }
    assert!(previews.ends_with(&["Are you there?".to_owned(), "Hello?".to_owned()]), "{previews:?}");
}

/// Waits for presence news in which `name` is online (`true`) or not.
async fn online(tab: &mut Client, name: &str, online: bool) {
    loop {
        if let BusEvent::Presence { online: names, .. } = tab.event().await {
            if names.iter().any(|n| n == name) == online {
                return;
            }
        }
    }
}

#[tokio::test]
async fn operators_in_a_channel_see_who_comes_and_goes() {
    let (mut admin, channel) = workspace_with_channel("Bus presence", "Sales");
    join(&mut admin, &channel);
    let (_, mut maya) = new_operator(&mut admin, Some("Maya"));
    join(&mut maya, &channel);
    // Joined, but no inbox open: not online.
    let mut watching = bus(&admin).await;
    watching.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
    match watching.recv().await {
        ServerMsg::State { channels, .. } => assert_eq!(channels[0].online, ["Ada Admin"]),
        other => panic!("expected the state, got {other:?}"),
    }

    let (_maya_tab, _) = inbox_with_list(&maya, &channel).await;
    online(&mut watching, "Maya", true).await;
    assert_eq!(maya.send("POST", &format!("/api/channels/{channel}/leave"), Some(json!({}))).0, 200);
    online(&mut watching, "Maya", false).await;
}

#[tokio::test]
async fn a_tab_back_after_the_grace_period_gets_the_whole_state_with_what_came_meanwhile() {
    let (mut admin, channel) = workspace_with_channel("Bus lapse", "Sales");
    join(&mut admin, &channel);
    // A colleague's inbox stays open: it shows when the admin goes offline.
    let (_, mut maya) = new_operator(&mut admin, Some("Maya"));
    join(&mut maya, &channel);
    let (mut colleague, _) = inbox_with_list(&maya, &channel).await;
    let (mut tab, _) = inbox_with_list(&admin, &channel).await;
    online(&mut colleague, "Ada Admin", true).await;
    let first = start_chat_on(&channel, &["en"]);
    let (held, _) = update_of(&mut tab, &first.conversation, |s| s.operator.is_some()).await;
    tab.close().await;

    // With no tab left, the bus waits out the grace period, then leaves the
    // channel: the admin shows offline, and the bus no longer hears it.
    colleague.with_patience(Duration::from_millis(OFFLINE_GRACE_MS as u64) + FRAME_TIMEOUT);
    online(&mut colleague, "Ada Admin", false).await;
    let second = start_chat_on(&channel, &["en"]);

    // Its number alone would get a replay that lacks the second conversation.
    let mut back = bus(&admin).await;
    back.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: held }).await;
    match back.recv().await {
        ServerMsg::State { channels, .. } => {
            let list = &channels.iter().find(|c| c.channel.as_str() == channel).expect("the channel").items;
            assert!(list.iter().any(|s| s.id == second.conversation), "{list:?}");
        }
        other => panic!("expected the whole state, got {other:?}"),
    }
}

/// A tab opened before the channel existed: the channel is listed in it
/// when made, with its name, and gone when the admin takes the operator off
/// its list; meanwhile the bus watches it, so joining puts them online.
#[tokio::test]
async fn a_channel_made_while_a_tab_is_open_is_listed_in_it_and_watched() {
    let (mut admin, _) = Browser::sign_up("Bus channels");
    let (_, mut operator) = new_operator(&mut admin, Some("Jean"));
    let mut tab = bus(&operator).await;
    tab.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
    match tab.recv().await {
        ServerMsg::State { channels, .. } => assert!(channels.is_empty(), "{channels:?}"),
        other => panic!("expected the state, got {other:?}"),
    }
    let (status, made) = admin.send("POST", "/api/channels", Some(json!({ "name": "Boutique" })));
    assert_eq!(status, 200, "{made}");
    let id = made["id"].as_str().unwrap().to_owned();
    match tab.event().await {
        BusEvent::Channel(state) => {
            assert_eq!((state.channel.as_str(), state.name.as_str()), (id.as_str(), "Boutique"));
            assert!(state.items.is_empty());
        }
        other => panic!("expected the channel, got {other:?}"),
    }
    join(&mut operator, &id);
    let (_, live) = admin.get(&format!("/api/channels/{id}/live"));
    assert_eq!(live["members"][0]["online"], json!(true), "{live}");

    let other = new_operator(&mut admin, None).0;
    let body = json!({ "name": "Boutique", "operators": [other] });
    assert_eq!(admin.send("PUT", &format!("/api/channels/{id}"), Some(body)).0, 200);
    loop {
        match tab.event().await {
            BusEvent::ChannelGone { channel } => break assert_eq!(channel.as_str(), id),
            BusEvent::Presence { .. } | BusEvent::Updated(_) | BusEvent::Waiting { .. } => {}
            other => panic!("expected the channel gone, got {other:?}"),
        }
    }
}

/// A tab is sent the head of a long line and how many wait, not the whole
/// line; the count stays live as the line moves, and the operator's own
/// conversation is listed beside the line's head.
#[tokio::test]
async fn a_tab_gets_the_head_of_a_long_line_and_how_many_wait() {
    use switchboard_core::listing::LINE_PAGE;
    let (mut admin, channel) = workspace_with_channel("Long line", "Busy");
    let settings = json!({ "inactivity_timeout_s": 1800, "capacity": 1, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    let (_, mut solo) = new_operator(&mut admin, Some("Solo"));
    let line: Vec<_> = (0..LINE_PAGE + 5).map(|_| start_chat_on(&channel, &["en"])).collect();
    let ids = |items: &[ConversationSummary]| {
        let mut ids: Vec<String> = items.iter().map(|c| c.id.to_string()).collect();
        ids.sort();
        ids
    };
    let expected = |from: usize| {
        let mut ids: Vec<String> =
            line[from..from + LINE_PAGE].iter().map(|c| c.conversation.to_string()).collect();
        ids.sort();
        ids
    };

    let (mut tab, first) = inbox_with_state(&solo, &channel).await;
    assert_eq!(ids(&first.items), expected(0), "the fifty who came first, not all fifty-five");
    assert_eq!(first.waiting, LINE_PAGE as u32 + 5);

    // Solo joins with room for one: the first is theirs, the tab hears the
    // line shorten, and a new tab lists theirs beside the line's new head.
    join(&mut solo, &channel);
    loop {
        if let BusEvent::Waiting { count, .. } = tab.event().await {
            assert_eq!(count, LINE_PAGE as u32 + 4);
            break;
        }
    }
    let (_, now) = inbox_with_state(&solo, &channel).await;
    assert_eq!(now.waiting, LINE_PAGE as u32 + 4);
    let own: Vec<_> = now.items.iter().filter(|c| c.operator.is_some()).map(|c| c.id.to_string()).collect();
    assert_eq!(own, [line[0].conversation.to_string()]);
    let waiting: Vec<_> = now.items.into_iter().filter(|c| c.operator.is_none()).collect();
    assert_eq!(ids(&waiting), expected(1));
}
