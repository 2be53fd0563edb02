//! Verified visitors (issue 21, item 9): a site's server signs its user's
//! id with the channel's identity secret; the inbox marks the visitor
//! verified or not, and a channel that requires it refuses an unsigned
//! `setUser`. Against real workerd.

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use switchboard_core::protocol::{ConversationStarted as Started, VisitorIdentity};
use switchboard_tests::{first_words, inbox_with_list, new_operator, workspace_with_channel, Browser};

/// What the site's server computes: HMAC-SHA256 of the id under the
/// secret, in hex (the README's example does the same in Node).
fn sign(secret: &str, user_id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(user_id.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// A visitor's page starts a conversation with what `setUser` was given.
fn start(channel: &str, user: Value) -> (u16, Value) {
    let mut body = json!({ "channel": channel });
    body.as_object_mut().unwrap().extend(user.as_object().unwrap().clone());
    Browser::anonymous().send("POST", "/api/conversations", Some(body))
}

/// The channel's settings saved with `extra`; the saved settings.
fn save(admin: &mut Browser, channel: &str, extra: Value) -> Value {
    let mut body = json!({ "name": "Support" });
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let (status, saved) = admin.send("PUT", &format!("/api/channels/{channel}"), Some(body));
    assert_eq!(status, 200, "{saved}");
    saved
}

fn secret_of(settings: &Value) -> String {
    let secret = settings["identity_secret"].as_str().expect("the admin sees the secret");
    assert!(secret.len() >= 32, "a secret worth its name: {secret:?}");
    secret.to_owned()
}

#[tokio::test]
async fn the_inbox_tells_a_signed_id_from_an_unsigned_one() {
    let (mut admin, channel) = workspace_with_channel("Verified", "Support");
    let (_, created) = admin.get("/api/workspace");
    let secret = secret_of(&created["channels"][0]);
    let signed =
        json!({ "user_id": "user-42", "user_hash": sign(&secret, "user-42"), "name": "Grace Hopper" });
    let forged =
        json!({ "user_id": "user-7", "user_hash": sign("another secret", "user-7"), "name": "Mallory" });
    let mut ids = vec![];
    for user in [signed, forged] {
        let (status, started) = start(&channel, user);
        assert_eq!(status, 200, "without “only verified”, both chat: {started}");
        let started: Started = serde_json::from_value(started).unwrap();
        first_words(&started, &channel);
        ids.push(started.conversation);
    }
    let (_, list) = inbox_with_list(&admin, &channel).await;
    let identity_of = |id| list.iter().find(|c| &c.id == id).and_then(|c| c.identity.clone());
    assert_eq!(identity_of(&ids[0]), Some(VisitorIdentity { id: "user-42".into(), verified: true }));
    assert_eq!(identity_of(&ids[1]), Some(VisitorIdentity { id: "user-7".into(), verified: false }));
}

#[tokio::test]
async fn only_verified_visitors_refuses_an_unsigned_claim_but_not_a_stranger() {
    let (mut admin, channel) = workspace_with_channel("Only verified", "Support");
    let secret = secret_of(&save(&mut admin, &channel, json!({ "require_identity": true })));
    let refused = [
        json!({ "user_id": "user-42" }),
        json!({ "user_id": "user-42", "user_hash": sign(&secret, "user-43") }),
        json!({ "name": "Grace Hopper" }),
        json!({ "email": "grace@example.com" }),
    ];
    for user in refused {
        let (status, answer) = start(&channel, user.clone());
        assert_eq!((status, answer["code"].as_str()), (403, Some("unverified")), "{user}: {answer}");
    }
    let allowed = [
        json!({}),
        json!({ "user_id": "user-42", "user_hash": sign(&secret, "user-42"), "name": "Grace Hopper" }),
        // Upper-case hex is the same signature.
        json!({ "user_id": "user-42", "user_hash": sign(&secret, "user-42").to_uppercase() }),
        // An address typed into the offline form is the visitor's own.
        json!({ "email": "grace@example.com", "offline": true }),
    ];
    for user in allowed {
        let (status, answer) = start(&channel, user.clone());
        assert_eq!(status, 200, "{user}: {answer}");
    }
}

#[tokio::test]
async fn a_new_secret_stops_the_old_one_at_once() {
    let (mut admin, channel) = workspace_with_channel("New secret", "Support");
    let old = secret_of(&save(&mut admin, &channel, json!({ "require_identity": true })));
    let kept = secret_of(&save(&mut admin, &channel, json!({ "require_identity": true })));
    assert_eq!(kept, old, "saving keeps the secret");
    let new = secret_of(&save(
        &mut admin,
        &channel,
        json!({ "require_identity": true, "new_identity_secret": true }),
    ));
    assert_ne!(new, old);
    let with = |secret: &str| json!({ "user_id": "u1", "user_hash": sign(secret, "u1") });
    assert_eq!(start(&channel, with(&old)).0, 403, "the old secret no longer verifies");
    assert_eq!(start(&channel, with(&new)).0, 200);
}

#[tokio::test]
async fn only_admins_see_the_secret() {
    let (mut admin, channel) = workspace_with_channel("Secret keepers", "Support");
    let (_, mut operator) = new_operator(&mut admin, None);
    let (status, view) = operator.get("/api/workspace");
    assert_eq!(status, 200, "{view}");
    let theirs = view["channels"].as_array().unwrap().iter().find(|c| c["id"] == channel.as_str()).unwrap();
    assert!(theirs.get("identity_secret").is_none(), "an operator's view: {theirs}");
    let (_, view) = admin.get("/api/workspace");
    secret_of(&view["channels"][0]);
}
