//! Workspaces on real workerd: sign-up, operators, profiles, languages,
//! expertise, channels with Join / Leave — and every refusal: other
//! workspaces, non-admins, no session, other sites, bad input.

use serde_json::{json, Value};
use switchboard_tests::{base, start_conversation_on, unique, Browser, OPERATOR};

/// An admin with a fresh workspace and one plain operator in it.
fn workspace_with_operator() -> (Browser, Browser, String) {
    let (mut admin, _) = Browser::sign_up("Acme");
    let login = unique("op");
    let (status, op) = admin.send(
        "POST",
        "/api/operators",
        Some(json!({ "name": "Olga Operator", "login": login, "password": "another long password" })),
    );
    assert_eq!(status, 200, "{op}");
    assert_eq!(op["admin"], false);
    (admin, Browser::logged_in(&login, "another long password"), login)
}

fn field(body: &Value) -> &str {
    body["field"].as_str().unwrap_or("")
}

#[test]
fn sign_up_makes_an_admin_who_adds_operators_who_can_log_in() {
    let (mut admin, mut operator, login) = workspace_with_operator();
    let (_, me) = admin.get("/api/me");
    assert_eq!((me["admin"].clone(), me["workspace_name"].clone()), (json!(true), json!("Acme")));
    let (status, me) = operator.get("/api/me");
    assert_eq!(status, 200);
    assert_eq!((me["login"].as_str(), me["admin"].as_bool()), (Some(login.as_str()), Some(false)));
    let (_, view) = admin.get("/api/workspace");
    assert_eq!(view["operators"].as_array().unwrap().len(), 2);
    assert_eq!(
        view["languages"],
        json!([{ "tag": "en", "name": "English" }]),
        "a new workspace speaks English"
    );
}

#[test]
fn a_login_is_unique_across_workspaces() {
    let (mut other, _) = Browser::sign_up("Other");
    let (status, body) = other.send(
        "POST",
        "/api/operators",
        Some(json!({ "name": "Copy", "login": OPERATOR.0, "password": "a long enough one" })),
    );
    assert_eq!((status, field(&body)), (400, "login"));
    assert_eq!(body["message"], "This login is taken.");
    let (status, _) = Browser::anonymous().send(
        "POST",
        "/api/signup",
        Some(json!({ "workspace_name": "X", "name": "X", "login": OPERATOR.0, "password": "a long enough one" })),
    );
    assert_eq!(status, 400);
    Browser::logged_in(OPERATOR.0, OPERATOR.1); // the demo operator still logs in
}

#[test]
fn online_chat_name_and_languages_are_the_operators_own() {
    let (mut admin, mut operator, _) = workspace_with_operator();
    let (status, body) =
        operator.send("PUT", "/api/profile", Some(json!({ "chat_name": "Olga", "languages": ["fr"] })));
    assert_eq!((status, field(&body)), (400, "languages"), "French is not enabled yet: {body}");
    assert_eq!(body["message"], "Français is not enabled in this workspace.");
    assert_eq!(operator.get("/api/me").1["display_name"], "Olga Operator", "nothing was half-saved");

    let (status, _) = admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["en", "fr-be", "fr"] })));
    assert_eq!(status, 200);
    let (status, me) = operator.send(
        "PUT",
        "/api/profile",
        Some(json!({ "chat_name": " Olga ", "languages": ["fr-BE", "en"] })),
    );
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["display_name"], "Olga", "visitors see the online chat name");
    let (_, view) = admin.get("/api/workspace");
    let olga =
        view["operators"].as_array().unwrap().iter().find(|o| o["name"] == "Olga Operator").unwrap().clone();
    assert_eq!(olga["languages"], json!(["fr-BE", "en"]));

    // Switching a language off takes it off every profile.
    admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["en"] })));
    let (_, view) = admin.get("/api/workspace");
    let olga =
        view["operators"].as_array().unwrap().iter().find(|o| o["name"] == "Olga Operator").unwrap().clone();
    assert_eq!(olga["languages"], json!(["en"]));

    let (_, me) = operator.send("PUT", "/api/profile", Some(json!({ "chat_name": "" })));
    assert_eq!(me["display_name"], "Olga Operator", "an empty chat name shows the name");

    // Issue 21, item 8: a chat name shows something, and is not the bot's.
    for (chat_name, message) in [
        ("\u{200B}\u{200D}", "Use at least one visible letter, digit or sign."),
        ("Olga (chatbot)", "A person's name cannot say “bot”: visitors would take them for the chatbot."),
    ] {
        let (status, body) = operator.send("PUT", "/api/profile", Some(json!({ "chat_name": chat_name })));
        assert_eq!((status, field(&body), body["message"].as_str()), (400, "chat_name", Some(message)));
    }
    assert_eq!(operator.get("/api/me").1["display_name"], "Olga Operator");
}

#[test]
fn expertise_links_operators_both_ways() {
    let (mut admin, mut operator, login) = workspace_with_operator();
    let (status, billing) =
        admin.send("POST", "/api/expertise", Some(json!({ "name": "Billing", "operators": [login] })));
    assert_eq!(status, 200, "{billing}");
    let (_, view) = admin.get("/api/workspace");
    let olga =
        view["operators"].as_array().unwrap().iter().find(|o| o["login"] == login.as_str()).unwrap().clone();
    assert_eq!(olga["expertise"], json!([billing["id"]]), "the expertise shows on the operator's profile");

    let (_, shipping) = admin.send("POST", "/api/expertise", Some(json!({ "name": "Shipping" })));
    let (status, _) = operator.send("PUT", "/api/profile", Some(json!({ "expertise": [shipping["id"]] })));
    assert_eq!(status, 200);
    let (_, view) = admin.get("/api/workspace");
    let names: Vec<(String, Value)> = view["expertise"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_owned(), e["operators"].clone()))
        .collect();
    assert_eq!(names, vec![("Billing".into(), json!([])), ("Shipping".into(), json!([login]))]);

    let (status, body) = admin.send("POST", "/api/expertise", Some(json!({ "name": "billing" })));
    assert_eq!((status, field(&body)), (400, "name"), "names are unique, whatever the case");
    let path = format!("/api/expertise/{}", shipping["id"].as_str().unwrap());
    assert_eq!(admin.send("DELETE", &path, None).0, 200);
    assert_eq!(admin.send("DELETE", &path, None).0, 404);
}

#[test]
fn channels_have_join_and_leave_and_take_visitors() {
    let (mut admin, mut operator, _) = workspace_with_operator();
    let (status, channel) = admin.send("POST", "/api/channels", Some(json!({ "name": "Sales" })));
    assert_eq!(status, 200);
    let id = channel["id"].as_str().unwrap().to_owned();
    let (_, cards) = operator.get("/api/channels");
    assert_eq!(cards, json!([{ "id": id, "name": "Sales", "joined": false, "members": [] }]));
    let (_, card) = operator.send("POST", &format!("/api/channels/{id}/join"), Some(json!({})));
    assert_eq!((card["joined"].clone(), card["members"].clone()), (json!(true), json!(["Olga Operator"])));
    let (_, cards) = admin.get("/api/channels");
    assert_eq!(cards[0]["joined"], false, "joining is per operator");
    assert_eq!(cards[0]["members"], json!(["Olga Operator"]));
    let (_, card) = operator.send("POST", &format!("/api/channels/{id}/leave"), Some(json!({})));
    assert_eq!((card["joined"].clone(), card["members"].clone()), (json!(false), json!([])));
    start_conversation_on(&id, &["en"]);
}

#[test]
fn another_workspace_sees_nothing_of_ours() {
    let (mut stranger, _) = Browser::sign_up("Stranger");
    assert_eq!(stranger.send("POST", "/api/channels/demo/join", Some(json!({}))).0, 404);
    assert_eq!(stranger.get("/api/channels").1, json!([]));
    let (_, view) = stranger.get("/api/workspace");
    assert_eq!(view["operators"].as_array().unwrap().len(), 1, "only its own admin");
    assert!(!view.to_string().contains(OPERATOR.0));
}

#[test]
fn non_admins_cannot_change_the_workspace() {
    let (_, mut operator, _) = workspace_with_operator();
    for (method, path, body) in [
        (
            "POST",
            "/api/operators",
            json!({ "name": "Eve", "login": unique("eve"), "password": "long enough password" }),
        ),
        ("PUT", "/api/languages", json!({ "enabled": ["en", "fr"] })),
        ("POST", "/api/expertise", json!({ "name": "Hacking" })),
        ("POST", "/api/channels", json!({ "name": "Mine" })),
    ] {
        assert_eq!(operator.send(method, path, Some(body)).0, 403, "{method} {path}");
    }
}

#[test]
fn no_session_no_access_and_other_sites_are_refused() {
    let mut anonymous = Browser::anonymous();
    for (method, path) in [("GET", "/api/workspace"), ("PUT", "/api/profile"), ("GET", "/api/channels")] {
        let body = (method != "GET").then(|| json!({}));
        assert_eq!(anonymous.send(method, path, body).0, 401, "{method} {path}");
    }
    let (admin, _) = Browser::sign_up("Acme");
    let res = switchboard_tests::http()
        .put(format!("{}/api/profile", base()))
        .header("cookie", admin.cookie.as_deref().unwrap())
        .header("origin", "http://evil.example")
        .send_json(json!({ "chat_name": "pwned" }))
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[test]
fn bad_input_gets_a_message_for_the_field() {
    let (mut admin, _) = Browser::sign_up("Acme");
    let cases = [
        (json!({ "name": "", "login": unique("a"), "password": "long enough password" }), "name"),
        (
            json!({ "name": "x".repeat(10_000), "login": unique("a"), "password": "long enough password" }),
            "name",
        ),
        (json!({ "name": "Bob", "login": "no spaces allowed", "password": "long enough password" }), "login"),
        (json!({ "name": "Bob", "login": unique("b"), "password": "short" }), "password"),
    ];
    for (body, expected) in cases {
        let (status, answer) = admin.send("POST", "/api/operators", Some(body));
        assert_eq!((status, field(&answer)), (400, expected), "{answer}");
        assert!(!answer["message"].as_str().unwrap().is_empty());
    }
    let (status, answer) = admin.send("PUT", "/api/languages", Some(json!({ "enabled": ["xx-notalang!"] })));
    assert_eq!((status, field(&answer)), (400, "languages"));
    let (status, answer) = admin.send("PUT", "/api/profile", Some(json!("not an object")));
    assert_eq!((status, answer["code"].as_str()), (400, Some("bad_request")));
    assert_eq!(admin.get("/api/workspace").1["operators"].as_array().unwrap().len(), 1, "nothing was added");
}

#[test]
fn a_channel_limited_to_some_operators_is_theirs_alone_until_edited() {
    let (mut admin, mut olga, login) = workspace_with_operator();
    let other_login = unique("pat");
    let (status, _) = admin.send(
        "POST",
        "/api/operators",
        Some(json!({ "name": "Pat", "login": other_login, "password": "pat's long password" })),
    );
    assert_eq!(status, 200);
    let mut pat = Browser::logged_in(&other_login, "pat's long password");

    let (status, vip) = admin.send(
        "POST",
        "/api/channels",
        Some(json!({ "name": "VIP", "welcome": " Bienvenue ! ", "operators": [login], "origins": ["https://Shop.Example/"] })),
    );
    assert_eq!(status, 200, "{vip}");
    assert_eq!(
        (vip["welcome"].clone(), vip["origins"].clone()),
        (json!("Bienvenue !"), json!(["https://shop.example"]))
    );
    let id = vip["id"].as_str().unwrap().to_owned();
    assert_eq!(olga.get("/api/channels").1.as_array().unwrap().len(), 1);
    assert_eq!(pat.get("/api/channels").1, json!([]), "Pat does not work in VIP");
    assert_eq!(pat.send("POST", &format!("/api/channels/{id}/join"), Some(json!({}))).0, 404);

    let (status, edited) =
        admin.send("PUT", &format!("/api/channels/{id}"), Some(json!({ "name": "VIP desk" })));
    assert_eq!(status, 200);
    assert_eq!((edited["name"].clone(), edited["operators"].clone()), (json!("VIP desk"), json!([])));
    assert_eq!(pat.get("/api/channels").1[0]["name"], "VIP desk", "no operator listed: everyone works in it");

    let bad = [
        (json!({ "name": "X", "origins": ["shop.example"] }), "origins"),
        (json!({ "name": "X", "operators": ["nobody-here"] }), "operators"),
        (json!({ "name": "X", "welcome": "w".repeat(1_001) }), "welcome"),
    ];
    for (body, expected) in bad {
        let (status, answer) = admin.send("PUT", &format!("/api/channels/{id}"), Some(body));
        assert_eq!((status, field(&answer)), (400, expected), "{answer}");
    }
    assert_eq!(admin.send("PUT", "/api/channels/0000", Some(json!({ "name": "Ghost" }))).0, 404);
    assert_eq!(pat.send("PUT", &format!("/api/channels/{id}"), Some(json!({ "name": "Mine" }))).0, 403);
    assert_eq!(admin.get("/api/channels").1[0]["name"], "VIP desk", "refused edits changed nothing");
}

#[tokio::test]
async fn only_allowed_websites_can_embed_a_channel() {
    let (mut admin, _) = Browser::sign_up("Acme");
    let (_, channel) = admin.send(
        "POST",
        "/api/channels",
        Some(json!({ "name": "Shop", "welcome": "Hi!", "origins": ["https://shop.example"] })),
    );
    let id = channel["id"].as_str().unwrap().to_owned();
    let from = |origin: &str, path: &str, body: Option<Value>| {
        let req = ureq::http::Request::builder()
            .method(if body.is_some() { "POST" } else { "GET" })
            .uri(format!("{}{path}", base()))
            .header("origin", origin)
            .header("content-type", "application/json")
            .body(body.map(|b| b.to_string()).unwrap_or_default())
            .unwrap();
        let mut res = switchboard_tests::http().run(req).unwrap();
        let cors = res.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned());
        let body: Value = res.body_mut().read_json().unwrap_or(Value::Null);
        (res.status().as_u16(), cors, body)
    };
    let start = json!({ "channel": id, "languages": ["en"] });
    let (status, cors, body) = from("https://evil.example", "/api/conversations", Some(start.clone()));
    assert_eq!((status, cors.as_deref()), (403, Some("*")), "refused, and the widget can read why");
    assert_eq!(body["message"], "This website is not allowed to use this chat.");
    let (status, _, body) = from("https://evil.example", &format!("/api/channels/{id}/public"), None);
    assert_eq!(status, 403, "{body}");
    let (status, _, public) = from("https://shop.example", &format!("/api/channels/{id}/public"), None);
    assert_eq!((status, public), (200, json!({ "name": "Shop", "welcome": "Hi!", "online": false })));
    let (status, _, started) = from("https://shop.example", "/api/conversations", Some(start));
    assert_eq!(status, 200);

    let path = format!("/api/conversations/{}/ws?channel={id}", started["conversation"].as_str().unwrap());
    let evil = switchboard_tests::Client::connect(&path, &[("origin", "https://evil.example")]).await;
    assert!(matches!(evil, Err(tokio_tungstenite::tungstenite::Error::Http(ref r)) if r.status() == 403));
    let wrong_channel =
        format!("/api/conversations/{}/ws?channel=demo", started["conversation"].as_str().unwrap());
    let sneaky =
        switchboard_tests::Client::connect(&wrong_channel, &[("origin", "https://shop.example")]).await;
    assert!(matches!(sneaky, Err(tokio_tungstenite::tungstenite::Error::Http(ref r)) if r.status() == 404));
    assert!(switchboard_tests::Client::connect(&path, &[("origin", "https://shop.example")]).await.is_ok());
}
