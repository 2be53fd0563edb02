//! The edge router's refusals, as a client sees them: clear statuses and
//! messages, and nothing internal in the body.

use switchboard_core::protocol::{ApiError, SESSION_ENDED};
use switchboard_tests::{base, http, login, start_conversation, Client, OPERATOR};
use tokio_tungstenite::tungstenite;

fn handshake_status(result: Result<Client, tungstenite::Error>) -> u16 {
    match result {
        Err(tungstenite::Error::Http(res)) => res.status().as_u16(),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("the socket was accepted"),
    }
}

#[test]
fn login_refuses_a_wrong_password_with_a_readable_message() {
    let mut res = http()
        .post(format!("{}/api/login", base()))
        .send_json(serde_json::json!({ "login": OPERATOR.0, "password": "wrong" }))
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: ApiError = res.body_mut().read_json().unwrap();
    assert_eq!(body.message, "Wrong login or password.");
    assert_eq!(body.code, "wrong_credentials", "its own code: the inbox says it in the operator's language");
    assert!(res.headers().get("set-cookie").is_none());
}

#[test]
fn malformed_json_and_unknown_channels_are_client_errors() {
    let mut res = http()
        .post(format!("{}/api/conversations", base()))
        .header("content-type", "application/json")
        .send("{\"channel\":")
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.body_mut().read_json::<ApiError>().unwrap().code, "bad_request");
    let mut res = http()
        .post(format!("{}/api/conversations", base()))
        .send_json(serde_json::json!({ "channel": "no-such-channel" }))
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.body_mut().read_json::<ApiError>().unwrap().message,
        "This chat is not set up: unknown channel."
    );
}

#[test]
fn me_needs_a_session_and_logout_ends_it() {
    assert_eq!(http().get(format!("{}/api/me", base())).call().unwrap().status(), 401);
    let mut nobody = http().get(format!("{}/api/session", base())).call().unwrap();
    assert_eq!(nobody.body_mut().read_json::<serde_json::Value>().unwrap(), serde_json::Value::Null);
    let cookie = login(OPERATOR.0, OPERATOR.1);
    let mut me = http().get(format!("{}/api/me", base())).header("cookie", &cookie).call().unwrap();
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.body_mut().read_json().unwrap();
    assert_eq!(me["display_name"], OPERATOR.2);
    let out = http().post(format!("{}/api/logout", base())).header("cookie", &cookie).send_empty().unwrap();
    assert_eq!(out.status(), 200);
    let after = http().get(format!("{}/api/me", base())).header("cookie", &cookie).call().unwrap();
    assert_eq!(after.status(), 401, "the session is revoked on the server");
}

#[test]
fn a_login_from_another_site_is_refused() {
    let res = http()
        .post(format!("{}/api/login", base()))
        .header("origin", "http://evil.example")
        .send_json(serde_json::json!({ "login": OPERATOR.0, "password": OPERATOR.1 }))
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn operator_sockets_need_a_session_from_our_own_origin() {
    let conv = start_conversation(&[]);
    let path = format!("/api/conversations/{}/ws?as=operator", conv.conversation);
    // Without a session the socket closes at once, saying why (a browser
    // cannot read a refused upgrade's status: it would retry for ever).
    let mut nobody = Client::connect(&path, &[]).await.expect("accepted, to be closed");
    assert_eq!(nobody.closed_by_server().await, SESSION_ENDED);
    let cookie = login(OPERATOR.0, OPERATOR.1);
    let evil = [("cookie", cookie.as_str()), ("origin", "http://evil.example")];
    assert_eq!(handshake_status(Client::connect(&path, &evil).await), 403);
    assert_eq!(handshake_status(Client::connect("/api/bus", &evil).await), 403);
    let mut nobody =
        Client::connect("/api/bus", &[("origin", &base())]).await.expect("accepted, to be closed");
    assert_eq!(nobody.closed_by_server().await, SESSION_ENDED);
}

/// Issue 21, item 7: the inbox's pages refuse to run another origin's
/// scripts or to be framed, and the API's answers are never kept nor
/// sniffed, errors included.
#[test]
fn the_inbox_and_the_api_answer_with_their_security_headers() {
    let header = |res: &ureq::http::Response<ureq::Body>, name: &str| {
        res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    for page in ["/", "/history", "/inbox/boot.js"] {
        let res = http().get(format!("{}{page}", base())).call().unwrap();
        assert_eq!(res.status(), 200, "{page}");
        let csp = header(&res, "content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{page}: {directive} missing from {csp:?}");
        }
        assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{page}");
        assert_eq!(header(&res, "referrer-policy"), "no-referrer", "{page}");
    }
    let answers = [
        http().get(format!("{}/api/session", base())).call().unwrap(),
        http().get(format!("{}/api/workspace", base())).call().unwrap(),
    ];
    for res in answers {
        assert_eq!(header(&res, "cache-control"), "no-store", "{}", res.status());
        assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{}", res.status());
    }
}

/// Issue 21, item 4: a body that does not read says so in words, quoting
/// neither what was sent nor the server's types; one larger than anyone may
/// send is refused before it is read.
#[test]
fn a_bad_or_huge_body_is_refused_in_words_that_echo_nothing() {
    let post = |path: &str, body: String| {
        let mut res = http()
            .post(format!("{}{path}", base()))
            .header("content-type", "application/json")
            .header("origin", base())
            .send(body)
            .unwrap();
        let status = res.status().as_u16();
        (status, res.body_mut().read_json::<ApiError>().unwrap())
    };
    let (status, error) = post("/api/login", r#"{"login": 5, "password": "secret-typed"}"#.to_owned());
    assert_eq!((status, error.code.as_str()), (400, "bad_request"));
    assert_eq!(
        error.message,
        "The request body lacks a field or has one of the wrong kind (line 1, column 11)."
    );
    let (status, error) = post("/api/conversations", r#"{"channel": "#.to_owned());
    assert_eq!(
        (status, error.message.as_str()),
        (400, "The request body is not valid JSON (line 1, column 12).")
    );

    let huge = format!(r#"{{"login": "{}", "password": "x"}}"#, "a".repeat(10 * 1024 * 1024));
    let (status, error) = post("/api/login", huge);
    assert_eq!((status, error.code.as_str()), (413, "too_large"));
    assert_eq!(error.message, "The request is too large: at most 64 KB.");
}
