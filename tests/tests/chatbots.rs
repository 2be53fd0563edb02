//! Chatbot scripts (issue 7): admins keep them, saved only when sound and
//! naming the workspace's own expertise and languages (refusals say what is
//! wrong in words); a channel runs one, and its conversation's object runs
//! it with the visitor and forwards to the channel with the expertise the
//! answers asked for.

use serde_json::{json, Value};
use switchboard_core::ids::ClientMsgId;
use switchboard_core::protocol::{Author, ClientMsg, Message, ServerMsg};
use switchboard_tests::{
    new_operator, open_inbox, start_conversation_on, workspace_with_channel, Browser, Client,
};

fn script(expertise: &str, jump: &str) -> Value {
    json!({
        "name": "Support", "bot_name": "Sam", "default_lang": "en",
        "steps": [
            { "id": "topic", "text": { "default": "What is it about?",
                                       "translations": [{ "lang": "fr", "text": "C'est à quel sujet ?" }] },
              "kind": { "question": { "answers": [
                  { "label": { "default": "Billing" }, "jump": jump, "expertise": [expertise] },
                  { "label": { "default": "Something else" }, "jump": "forward" } ] } } },
            { "id": "forward", "text": { "default": "Let me find someone." }, "kind": { "forward": {} } }
        ]
    })
}

#[test]
fn admins_keep_sound_scripts_and_are_told_what_is_wrong_with_the_others() {
    let (mut admin, _) = workspace_with_channel("Bots", "Support");
    admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["en", "fr"] })));
    let (status, billing) = admin.send("POST", "/api/expertise", Some(json!({ "name": "Billing" })));
    assert_eq!(status, 200, "{billing}");
    let billing = billing["id"].as_str().unwrap().to_owned();

    let (status, body) = admin.send("POST", "/api/chatbots", Some(script("nothing-like-it", "nowhere")));
    assert_eq!((status, body["field"].as_str()), (400, Some("script")), "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("The answer “Billing” of “topic” leads to “nowhere”, which is not a step."),
        "{message}"
    );
    assert!(message.contains("asks for an expertise that does not exist"), "{message}");

    let (status, saved) = admin.send("POST", "/api/chatbots", Some(script(&billing, "forward")));
    assert_eq!(status, 200, "{saved}");
    let id = saved["id"].as_str().unwrap().to_owned();
    let mut renamed = script(&billing, "forward");
    renamed["bot_name"] = json!("Samantha");
    assert_eq!(admin.send("PUT", &format!("/api/chatbots/{id}"), Some(renamed)).0, 200);
    let (status, list) = admin.get("/api/chatbots");
    assert_eq!(status, 200);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["script"]["bot_name"], "Samantha");

    let (_, mut operator) = new_operator(&mut admin, None);
    assert_eq!(operator.send("POST", "/api/chatbots", Some(script(&billing, "forward"))).0, 403);
    assert_eq!(operator.get("/api/chatbots").0, 403);

    assert_eq!(admin.send("DELETE", &format!("/api/chatbots/{id}"), None).0, 200);
    assert_eq!(admin.get("/api/chatbots").1, json!([]));
    assert_eq!(admin.send("PUT", &format!("/api/chatbots/{id}"), Some(script(&billing, "forward"))).0, 404);
}

/// Issue 21, item 4: a script is bounded before anything else looks at
/// it, and what it says to visitors loses control characters.
#[test]
fn a_script_past_the_limits_is_refused_in_words_and_texts_are_tidied() {
    use switchboard_core::limits::{MAX_BODY_BYTES, MAX_SCRIPT_STEPS};
    let (mut admin, _) = workspace_with_channel("Big bots", "Support");
    let chain = |n: usize, text: &str| {
        let steps: Vec<Value> = (0..n)
            .map(|i| json!({ "id": format!("s{i}"), "text": { "default": text }, "kind": "text" }))
            .collect();
        json!({ "name": "Chain", "bot_name": "Sam", "default_lang": "en", "steps": steps })
    };
    let (status, body) = admin.send("POST", "/api/chatbots", Some(chain(MAX_SCRIPT_STEPS + 1, "Hi")));
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["message"],
        format!("Use at most {MAX_SCRIPT_STEPS} steps (this script has {}).", MAX_SCRIPT_STEPS + 1)
    );
    let (status, _) = admin.send("POST", "/api/chatbots", Some(chain(10, &"x".repeat(MAX_BODY_BYTES / 10))));
    assert_eq!(status, 413, "a body past the limit is not read");

    let (status, saved) = admin.send("POST", "/api/chatbots", Some(chain(3, "Hi\u{7}\r\nthere")));
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["script"]["steps"][0]["text"]["default"], "Hi\nthere");
}

/// The bot's (or anyone's) next stored message on the visitor's socket.
async fn next_message(visitor: &mut Client) -> Message {
    loop {
        if let ServerMsg::Message(m) = visitor.recv().await {
            return m;
        }
    }
}

async fn say(visitor: &mut Client, id: &str, text: &str) {
    let client_id = ClientMsgId::parse(id).unwrap();
    visitor.send(&ClientMsg::Send { client_id, text: text.into(), files: vec![] }).await;
}

/// A workspace whose channel runs the Billing script (with a "nobody"
/// branch when `branch`), and an expertise Billing: admin, channel, expertise id.
fn channel_with_bot(workspace: &str, branch: bool) -> (Browser, String, String) {
    let (mut admin, channel) = workspace_with_channel(workspace, "Support");
    admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["en", "fr"] })));
    let (_, billing) = admin.send("POST", "/api/expertise", Some(json!({ "name": "Billing" })));
    let billing = billing["id"].as_str().unwrap().to_owned();
    let mut s = script(&billing, "forward");
    if branch {
        s["steps"][1]["kind"] = json!({ "forward": { "no_operator": "email" } });
        s["steps"].as_array_mut().unwrap().extend([
            json!({ "id": "email", "text": { "default": "Nobody is free. Your email?" }, "kind": "ask_email" }),
            json!({ "id": "bye", "text": { "default": "We will write to you." }, "kind": "end" }),
        ]);
    }
    let (status, saved) = admin.send("POST", "/api/chatbots", Some(s));
    assert_eq!(status, 200, "{saved}");
    let chatbot = json!({ "script": saved["id"], "only_when_offline": false });
    let (status, body) = admin.send(
        "PUT",
        &format!("/api/channels/{channel}"),
        Some(json!({ "name": "Support", "chatbot": chatbot })),
    );
    assert_eq!(status, 200, "{body}");
    (admin, channel, billing)
}

#[tokio::test]
async fn the_bot_asks_then_forwards_billing_to_the_operator_with_billing_expertise() {
    let (mut admin, channel, billing) = channel_with_bot("Bot routing", false);
    // Two free operators (named after their logins); the one without Billing
    // comes first in login order, so it would win a plain tie.
    let mut operators = [new_operator(&mut admin, None), new_operator(&mut admin, None)];
    operators.sort_by(|a, b| a.0.cmp(&b.0));
    let (plain, expert) = (operators[0].0.clone(), operators[1].0.clone());
    let body = json!({ "name": "Billing", "operators": [expert] });
    assert_eq!(admin.send("PUT", &format!("/api/expertise/{billing}"), Some(body)).0, 200);
    let mut inboxes = vec![];
    for (_, b) in &mut operators {
        assert_eq!(b.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
        inboxes.push(open_inbox(b, &channel).await);
    }

    let started = start_conversation_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    assert_eq!(visitor.assignment().await, (Some("Sam".into()), None), "the bot has it first");
    say(&mut visitor, "v-1", "Hello").await;
    assert_eq!(next_message(&mut visitor).await.text, "Hello");
    let question = next_message(&mut visitor).await;
    assert_eq!(question.author, Author::Bot { name: "Sam".into() });
    assert_eq!(question.text, "What is it about?");
    assert_eq!(question.answers, ["Billing", "Something else"]);

    say(&mut visitor, "v-2", "Billing").await;
    assert_eq!(next_message(&mut visitor).await.text, "Billing");
    assert_eq!(next_message(&mut visitor).await.text, "Let me find someone.");
    assert_eq!(visitor.assignment().await, (Some(expert.clone()), None), "Billing, not {plain}");
}

#[tokio::test]
async fn with_nobody_online_the_script_s_branch_runs_and_keeps_the_email() {
    let (_admin, channel, _) = channel_with_bot("Bot fallback", true);
    let started = start_conversation_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    say(&mut visitor, "v-1", "Hi").await;
    next_message(&mut visitor).await;
    assert_eq!(next_message(&mut visitor).await.text, "What is it about?");
    say(&mut visitor, "v-2", "something else").await;
    next_message(&mut visitor).await;
    assert_eq!(next_message(&mut visitor).await.text, "Let me find someone.");
    assert_eq!(next_message(&mut visitor).await.text, "Nobody is free. Your email?");
    say(&mut visitor, "v-3", "ann@example.com").await;
    next_message(&mut visitor).await;
    assert_eq!(next_message(&mut visitor).await.text, "We will write to you.");
    loop {
        if let ServerMsg::Closed { by, .. } = visitor.recv().await {
            break assert_eq!(by, Author::Bot { name: "Sam".into() });
        }
    }
}

#[tokio::test]
async fn a_bot_for_when_nobody_is_online_stays_away_while_an_operator_is() {
    let (mut admin, channel, _) = channel_with_bot("Bot offline only", false);
    let (_, saved) = admin.get("/api/chatbots");
    let chatbot = json!({ "script": saved[0]["id"], "only_when_offline": true });
    let body = json!({ "name": "Support", "chatbot": chatbot });
    assert_eq!(admin.send("PUT", &format!("/api/channels/{channel}"), Some(body)).0, 200);

    // Nobody online: the bot answers (and the widget is told someone does).
    let (status, public) = Browser::anonymous().get(&format!("/api/channels/{channel}/public?lang=en"));
    assert_eq!((status, &public["online"]), (200, &json!(true)), "{public}");
    let started = start_conversation_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    assert_eq!(visitor.assignment().await, (Some("Sam".into()), None));

    // An operator online: new conversations go straight to people.
    let (login, mut operator) = new_operator(&mut admin, None);
    assert_eq!(operator.send("POST", &format!("/api/channels/{channel}/join"), Some(json!({}))).0, 200);
    let _inbox = open_inbox(&operator, &channel).await;
    let started = start_conversation_on(&channel, &["en"]);
    let mut visitor = Client::visitor_on(&started, &channel).await;
    say(&mut visitor, "v-1", "Hello").await;
    assert_eq!(next_message(&mut visitor).await.text, "Hello");
    assert_eq!(visitor.assignment().await, (Some(login), None), "no bot while someone is online");
    say(&mut visitor, "v-2", "Anyone?").await;
    let next = next_message(&mut visitor).await;
    assert_eq!(
        (next.author, next.text.as_str()),
        (Author::Visitor, "Anyone?"),
        "the bot said nothing between"
    );
}
