//! Chatbot scripts as admins keep them (issue 7): saved only when sound and
//! naming the workspace's own expertise and languages; refusals say what is
//! wrong in words; operators may not change them.

use serde_json::{json, Value};
use switchboard_tests::{new_operator, workspace_with_channel};

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
