//! Nothing lost in a crash: `kill -9` of workerd just after visitors'
//! messages were acknowledged (their news to the inboxes on its way), a
//! restart on the same state, and every inbox shows what the conversations
//! hold — each conversation's last message and who has it — and each
//! conversation knows who has it. Runs its own workerd (the shared one
//! serves the other tests meanwhile).

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;
use switchboard_core::ids::{ClientMsgId, Seq};
use switchboard_core::protocol::{ClientMsg, ConversationStarted, ServerMsg};
use switchboard_tests::inbox::{mismatches, Inbox, Truth};
use switchboard_tests::workerd::Workerd;
use switchboard_tests::{
    new_operator, start_chat_on, start_conversation_on, workspace_with_channel, Browser, Client,
};

/// Conversations the admin has, each with a message in flight at the kill.
const ASSIGNED: usize = 30;
/// Conversations whose first words are in flight at the kill.
const STARTING: usize = 10;
/// How long the inboxes may take to show it all after the restart (the
/// objects' alarms mend within seconds).
const MENDED_WITHIN: Duration = Duration::from_secs(45);

/// The visitor writes; the number their message got.
async fn says(visitor: &mut Client, text: String) -> Seq {
    let client_id = ClientMsgId::parse(format!("m-{}", text.len())).unwrap();
    visitor.send(&ClientMsg::Send { client_id, text, files: vec![] }).await;
    loop {
        if let ServerMsg::Ack { seq, .. } = visitor.recv().await {
            return seq;
        }
    }
}

#[tokio::test]
async fn after_kill_9_every_inbox_shows_what_the_conversations_hold() {
    let state = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("crash-state");
    let _ = std::fs::remove_dir_all(&state);
    let mut server = Workerd::start(&state);
    // SAFETY: the one test of this binary; nothing else reads the variable meanwhile.
    unsafe { std::env::set_var("SWITCHBOARD_URL", server.url()) };

    // The admin has room for every conversation; a colleague watches the
    // channel (it is theirs too) without taking any.
    let (mut admin, channel) = workspace_with_channel("Crash", "Support");
    let settings = json!({ "inactivity_timeout_s": 1800, "capacity": 50, "reassign_after_s": 0 });
    assert_eq!(admin.send("PUT", "/api/settings", Some(settings)).0, 200);
    assert_eq!(admin.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let (_, me) = admin.get("/api/me");
    let ada = me["login"].as_str().expect("the admin's login").to_owned();
    let (_, colleague) = new_operator(&mut admin, Some("Maya"));
    let mut own = Inbox::open(Browser { cookie: admin.cookie.clone() }, &channel, MENDED_WITHIN).await;
    let mut theirs = Inbox::open(colleague, &channel, MENDED_WITHIN).await;

    let assigned: Vec<ConversationStarted> =
        (0..ASSIGNED).map(|_| start_chat_on(&channel, &["en"])).collect();
    let before: Vec<Truth> =
        assigned.iter().map(|c| Truth { id: c.conversation.clone(), last_seq: 1 }).collect();
    own.until("assigned before the crash", |i| mismatches(i, &before, &ada, true)).await;
    let starting: Vec<ConversationStarted> =
        (0..STARTING).map(|_| start_conversation_on(&channel, &["en"])).collect();
    let mut visitors = vec![];
    for c in assigned.iter().chain(&starting) {
        visitors.push(Client::visitor_on(c, &channel).await);
    }

    // Every visitor writes at once; at the last acknowledgement, kill -9.
    let writes = visitors.iter_mut().enumerate().map(|(i, v)| says(v, "?".repeat(i + 1)));
    let seqs = futures_util::future::join_all(writes).await;
    server.kill();
    drop(visitors);
    server.restart();

    let truth: Vec<Truth> = assigned
        .iter()
        .chain(&starting)
        .zip(seqs)
        .map(|(c, last_seq)| Truth { id: c.conversation.clone(), last_seq })
        .collect();
    own.reconnect().await;
    own.until("the assignee's inbox after the crash", |i| mismatches(i, &truth, &ada, true)).await;
    theirs.reconnect().await;
    theirs.until("a colleague's inbox after the crash", |i| mismatches(i, &truth, &ada, false)).await;
    // Each conversation knows who has it: its visitor is told on coming back.
    for c in &starting {
        let mut visitor = Client::visitor_on(c, &channel).await;
        visitor.with_patience(MENDED_WITHIN);
        assert_eq!(visitor.assignment().await.0.as_deref(), Some("Ada Admin"), "{}", c.conversation);
    }
}
