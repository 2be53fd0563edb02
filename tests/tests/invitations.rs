//! Invitations (issue 21, item 1), against real workerd: an admin invites
//! an operator without giving them a password; the link says whom it is
//! for, sets their password once and logs them in; it works once, a new
//! link replaces the last, a forged or altered one reaches nothing, and
//! nobody logs in as the invited before they choose a password. The same
//! link lets an operator who forgot their password choose a new one (their
//! sessions end); an admin cannot send one to themselves, nor an operator
//! to anyone.

use serde_json::{json, Value};
use switchboard_tests::{new_operator, unique, Browser};

/// The invitation in a link (`…/#invite=<value>`).
fn value_of(link: &Value) -> String {
    let link = link["link"].as_str().expect("a link");
    link.split_once("#invite=").expect("an invitation in the link").1.to_owned()
}

fn invite(admin: &mut Browser, login: &str) -> String {
    let (status, link) = admin.send("POST", &format!("/api/operators/{login}/invite"), Some(json!({})));
    assert_eq!(status, 200, "{link}");
    assert!(link["expires_at"].as_i64().unwrap() > 0);
    value_of(&link)
}

#[test]
fn an_invited_operator_chooses_their_password_once_and_is_logged_in() {
    let (mut admin, _) = Browser::sign_up("Invitations");
    let login = unique("inv");
    let (status, info) = admin.send(
        "POST",
        "/api/operators",
        Some(json!({ "name": "Ines Invited", "login": login, "password": "" })),
    );
    assert_eq!(status, 200, "an operator without a password is invited: {info}");
    let value = invite(&mut admin, &login);
    let (_, view) = admin.get("/api/workspace");
    let listed = view["operators"].as_array().unwrap().iter().find(|o| o["login"] == login.as_str()).cloned();
    assert!(listed.unwrap()["invited_until"].as_i64().is_some(), "the list says they are invited");

    // Nobody logs in as them before they choose: not with an empty password, nor a guess.
    let (status, _) =
        Browser::anonymous().send("POST", "/api/login", Some(json!({ "login": login, "password": "" })));
    assert_eq!(status, 400);
    let guess = json!({ "login": login, "password": "a long enough password" });
    let (status, refusal) = Browser::anonymous().send("POST", "/api/login", Some(guess));
    assert_eq!((status, refusal["message"].as_str()), (400, Some("Wrong login or password.")));

    let mut ines = Browser::anonymous();
    let (status, whom) = ines.get(&format!("/api/invitations/{value}"));
    assert_eq!(status, 200, "{whom}");
    assert_eq!(whom["login"], login.as_str());
    assert_eq!(whom["name"], "Ines Invited");
    assert_eq!(whom["workspace_name"], "Invitations");

    let (status, refusal) =
        ines.send("POST", &format!("/api/invitations/{value}"), Some(json!({ "password": "short" })));
    assert_eq!((status, refusal["field"].as_str()), (400, Some("password")), "{refusal}");
    let (status, me) = ines.send(
        "POST",
        &format!("/api/invitations/{value}"),
        Some(json!({ "password": "my own long password" })),
    );
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["login"], login.as_str());
    assert_eq!(ines.get("/api/me").0, 200, "logged in by the link");
    Browser::logged_in(&login, "my own long password");

    // Spent: the link works no more, and says what to do.
    let (status, gone) = Browser::anonymous().get(&format!("/api/invitations/{value}"));
    assert_eq!(status, 403);
    assert!(gone["message"].as_str().unwrap().contains("Ask an administrator for a new one"), "{gone}");
    let (status, _) = Browser::anonymous().send(
        "POST",
        &format!("/api/invitations/{value}"),
        Some(json!({ "password": "someone else's password" })),
    );
    assert_eq!(status, 403, "a spent link sets no password");
    assert!(listed_invited(&mut admin, &login).is_none(), "no longer shown as invited");
}

fn listed_invited(admin: &mut Browser, login: &str) -> Option<i64> {
    let (_, view) = admin.get("/api/workspace");
    let op = view["operators"].as_array().unwrap().iter().find(|o| o["login"] == login).cloned().unwrap();
    op["invited_until"].as_i64()
}

#[test]
fn a_new_link_replaces_the_last_and_a_forged_one_reaches_nothing() {
    let (mut admin, _) = Browser::sign_up("Invitations");
    let login = unique("inv");
    let body = json!({ "name": "Ivo", "login": login, "password": "" });
    assert_eq!(admin.send("POST", "/api/operators", Some(body)).0, 200);
    let first = invite(&mut admin, &login);
    let second = invite(&mut admin, &login);
    assert_eq!(Browser::anonymous().get(&format!("/api/invitations/{first}")).0, 403, "replaced");
    assert_eq!(Browser::anonymous().get(&format!("/api/invitations/{second}")).0, 200);

    // Altered in its token, or in its tag, or not ours at all: refused alike.
    let flip = |s: &str, at: usize| {
        let mut b = s.as_bytes().to_vec();
        b[at] = if b[at] == b'0' { b'1' } else { b'0' };
        String::from_utf8(b).unwrap()
    };
    let dot = second.find('.').unwrap();
    for forged in [flip(&second, dot + 3), flip(&second, second.len() - 1), "nothing".to_owned()] {
        let (status, _) = Browser::anonymous().get(&format!("/api/invitations/{forged}"));
        assert_eq!(status, 403, "{forged}");
    }
}

#[test]
fn a_link_resets_a_forgotten_password_and_ends_the_old_sessions() {
    let (mut admin, admin_login) = Browser::sign_up("Invitations");
    let (login, mut old) = new_operator(&mut admin, None);
    let value = invite(&mut admin, &login);
    let (status, _) = Browser::anonymous().send(
        "POST",
        &format!("/api/invitations/{value}"),
        Some(json!({ "password": "a brand new password" })),
    );
    assert_eq!(status, 200);
    assert_eq!(old.get("/api/me").0, 401, "the session from before ends");
    Browser::logged_in(&login, "a brand new password");

    // Not to oneself (My Profile changes one's own), and only by an admin.
    let (status, refusal) =
        admin.send("POST", &format!("/api/operators/{admin_login}/invite"), Some(json!({})));
    assert_eq!(status, 409, "{refusal}");
    let mut operator = Browser::logged_in(&login, "a brand new password");
    let (status, _) = operator.send("POST", &format!("/api/operators/{admin_login}/invite"), Some(json!({})));
    assert_eq!(status, 403);
}
