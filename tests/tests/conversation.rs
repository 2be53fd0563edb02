//! A conversation on real workerd: a visitor and an operator talk both ways,
//! a resend is not stored twice, a reconnecting client gets exactly what it
//! missed, and bad input gets typed errors, never a dead socket.

use switchboard_core::ids::{ClientMsgId, Seq};
use switchboard_core::limits::VISITOR_BURST;
use switchboard_core::protocol::{Author, ClientMsg, ErrorCode, Message, ServerMsg, PROTOCOL_VERSION};
use switchboard_tests::{login, start_conversation, Client, OPERATOR};

fn hello(token: Option<&str>, last_seq: Seq) -> ClientMsg {
    ClientMsg::Hello { v: PROTOCOL_VERSION, token: token.map(str::to_owned), last_seq }
}

fn send(id: &str, text: &str) -> ClientMsg {
    ClientMsg::Send { client_id: ClientMsgId::parse(id).unwrap(), text: text.to_owned(), files: vec![] }
}

async fn welcome(c: &mut Client, expect_last: Seq) {
    assert_eq!(c.recv().await, ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: expect_last });
}

async fn message(c: &mut Client) -> Message {
    match c.recv().await {
        ServerMsg::Message(m) => m,
        other => panic!("expected a message, got {other:?}"),
    }
}

async fn ack(c: &mut Client) -> (ClientMsgId, Seq) {
    match c.recv().await {
        ServerMsg::Ack { client_id, seq } => (client_id, seq),
        other => panic!("expected an ack, got {other:?}"),
    }
}

async fn error(c: &mut Client) -> ErrorCode {
    match c.recv().await {
        ServerMsg::Error { code, .. } => code,
        other => panic!("expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn visitor_and_operator_talk_and_a_reconnect_gets_exactly_what_was_missed() {
    let conv = start_conversation(&["fr-FR", "en"]);
    let cookie = login(OPERATOR.0, OPERATOR.1);

    let mut visitor = Client::visitor(&conv).await;
    visitor.send(&hello(Some(&conv.token), 0)).await;
    welcome(&mut visitor, 0).await;
    let mut operator = Client::operator(&cookie, conv.conversation.as_str()).await;
    operator.send(&hello(None, 0)).await;
    welcome(&mut operator, 0).await;

    visitor.send(&send("v-1", "hello")).await;
    assert_eq!(ack(&mut visitor).await.1, 1);
    let m = message(&mut visitor).await;
    assert_eq!((m.seq, m.author, m.text.as_str()), (1, Author::Visitor, "hello"));
    let m = message(&mut operator).await;
    assert_eq!((m.seq, m.text.as_str()), (1, "hello"));

    operator.send(&send("o-1", "Bonjour!")).await;
    assert_eq!(ack(&mut operator).await.1, 2);
    assert_eq!(message(&mut operator).await.seq, 2, "the sender gets the stored copy too");
    let m = message(&mut visitor).await;
    assert_eq!(
        m.author,
        Author::Operator { name: OPERATOR.2.to_owned() },
        "visitors see the online chat name"
    );
    assert_eq!(m.text, "Bonjour!");

    // The visitor drops; the operator writes twice meanwhile.
    visitor.close().await;
    for (id, text) in [("o-2", "Are you there?"), ("o-3", "I can help with orders.")] {
        operator.send(&send(id, text)).await;
        let (_, seq) = ack(&mut operator).await;
        assert_eq!(message(&mut operator).await.seq, seq);
    }

    let mut back = Client::visitor(&conv).await;
    back.send(&hello(Some(&conv.token), 2)).await;
    welcome(&mut back, 4).await;
    let replay: Vec<(Seq, String)> = vec![message(&mut back).await, message(&mut back).await]
        .into_iter()
        .map(|m| (m.seq, m.text))
        .collect();
    assert_eq!(replay, vec![(3, "Are you there?".to_owned()), (4, "I can help with orders.".to_owned())]);
    // Nothing else was replayed: the next frame is the ack of a new message.
    back.send(&send("v-2", "yes")).await;
    assert_eq!(ack(&mut back).await.1, 5);
}

#[tokio::test]
async fn a_resend_is_acked_with_its_first_seq_and_stored_once() {
    let conv = start_conversation(&["en"]);
    let mut visitor = Client::visitor(&conv).await;
    visitor.send(&hello(Some(&conv.token), 0)).await;
    welcome(&mut visitor, 0).await;
    visitor.send(&send("same-id", "only once")).await;
    assert_eq!(ack(&mut visitor).await.1, 1);
    assert_eq!(message(&mut visitor).await.seq, 1);

    // Resent on a new socket, as after a network drop before the ack arrived.
    let mut again = Client::visitor(&conv).await;
    again.send(&hello(Some(&conv.token), 1)).await;
    welcome(&mut again, 1).await;
    again.send(&send("same-id", "only once")).await;
    assert_eq!(ack(&mut again).await, (ClientMsgId::parse("same-id").unwrap(), 1));
    again.send(&send("next-id", "next")).await;
    assert_eq!(ack(&mut again).await.1, 2, "the resend took no seq");

    let mut fresh = Client::visitor(&conv).await;
    fresh.send(&hello(Some(&conv.token), 0)).await;
    welcome(&mut fresh, 2).await;
    let texts = vec![message(&mut fresh).await.text, message(&mut fresh).await.text];
    assert_eq!(texts, vec!["only once", "next"]);
}

#[tokio::test]
async fn bad_frames_get_typed_errors_and_the_socket_keeps_working() {
    let conv = start_conversation(&[]);
    let mut visitor = Client::visitor(&conv).await;
    visitor.send(&send("early", "before hello")).await;
    assert_eq!(error(&mut visitor).await, ErrorCode::HelloFirst);
    visitor.send_raw("{not json").await;
    assert_eq!(error(&mut visitor).await, ErrorCode::Malformed);
    visitor.send(&ClientMsg::Hello { v: 99, token: Some(conv.token.clone()), last_seq: 0 }).await;
    assert_eq!(error(&mut visitor).await, ErrorCode::UnsupportedVersion);
    visitor.send(&hello(Some(&conv.token), 7)).await;
    assert_eq!(error(&mut visitor).await, ErrorCode::BadResume);
    visitor.send(&hello(Some(&conv.token), 0)).await;
    welcome(&mut visitor, 0).await;
    visitor.send(&send("blank", "   ")).await;
    assert_eq!(error(&mut visitor).await, ErrorCode::InvalidMessage);
    visitor.send_raw(&format!(r#"{{"send":{{"client_id":"big","text":"{}"}}}}"#, "x".repeat(40_000))).await;
    assert_eq!(error(&mut visitor).await, ErrorCode::TooLarge);
    visitor.send(&send("ok", "still here")).await;
    assert_eq!(ack(&mut visitor).await.1, 1);
}

#[tokio::test]
async fn a_wrong_token_does_not_open_a_conversation() {
    let conv = start_conversation(&[]);
    let mut stranger = Client::visitor(&conv).await;
    stranger.send(&hello(Some("not-the-token"), 0)).await;
    assert_eq!(error(&mut stranger).await, ErrorCode::Unauthorized);
    stranger.send(&send("x", "let me in")).await;
    assert_eq!(error(&mut stranger).await, ErrorCode::HelloFirst);
}

#[tokio::test]
async fn a_visitor_sending_too_fast_is_told_to_wait_and_operators_are_not_limited() {
    let conv = start_conversation(&[]);
    let mut visitor = Client::visitor(&conv).await;
    visitor.send(&hello(Some(&conv.token), 0)).await;
    welcome(&mut visitor, 0).await;
    for i in 0..VISITOR_BURST {
        visitor.send(&send(&format!("fast-{i}"), "hi")).await;
        assert_eq!(ack(&mut visitor).await.1, i as Seq + 1);
        message(&mut visitor).await;
    }
    visitor.send(&send("one-too-many", "hi")).await;
    assert_eq!(error(&mut visitor).await, ErrorCode::RateLimited);

    let cookie = login(OPERATOR.0, OPERATOR.1);
    let mut operator = Client::operator(&cookie, conv.conversation.as_str()).await;
    operator.send(&hello(None, VISITOR_BURST as Seq)).await;
    welcome(&mut operator, VISITOR_BURST as Seq).await;
    operator.send(&send("calm", "Take your time.")).await;
    assert_eq!(ack(&mut operator).await.1, VISITOR_BURST as Seq + 1);
}

/// Found by `cargo xtask chaos`: a visitor's frames sent back to back are
/// stored in the order sent, though each waits on the platform's rate
/// limiter (another frame's handler may run meanwhile). Many conversations
/// at once, each a burst as fast as its socket takes it.
#[tokio::test]
async fn frames_sent_back_to_back_are_stored_in_the_order_sent() {
    let bursts = (0..24).map(|round| async move {
        let conv = start_conversation(&[]);
        let mut visitor = Client::visitor(&conv).await;
        visitor.send(&hello(Some(&conv.token), 0)).await;
        welcome(&mut visitor, 0).await;
        for i in 0..VISITOR_BURST {
            visitor.send(&send(&format!("burst-{i}"), "hi")).await;
        }
        let mut stored = vec![];
        while stored.len() < VISITOR_BURST {
            if let ServerMsg::Ack { client_id, seq } = visitor.recv().await {
                stored.push((seq, client_id.as_str().to_owned()));
            }
        }
        stored.sort();
        let order: Vec<String> = stored.into_iter().map(|(_, id)| id).collect();
        let sent: Vec<String> = (0..VISITOR_BURST).map(|i| format!("burst-{i}")).collect();
        assert_eq!(order, sent, "conversation {round}: stored in another order than sent");
    });
    futures_util::future::join_all(bursts).await;
}
