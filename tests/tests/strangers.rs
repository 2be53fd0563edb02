//! No storage for strangers (issue 21, item 5), against real workerd: a
//! request naming a conversation the service did not make, a forged session
//! cookie, or an unknown channel is refused without creating a Durable
//! Object, seen as no new database file in workerd's state folder
//! (`SWITCHBOARD_STATE`, which `cargo xtask test` sets). A real conversation
//! makes one, so the look does see objects.
//!
//! One test in its own binary: nothing else runs against workerd meanwhile.

use serde_json::json;
use switchboard_tests::{base, first_words, http, start_conversation, Browser, Client, CHANNEL};

/// The objects' databases in workerd's state folder (their `.sqlite`
/// files; the write-ahead logs beside them come and go).
fn databases() -> std::collections::BTreeSet<std::path::PathBuf> {
    let state = std::env::var("SWITCHBOARD_STATE")
        .expect("SWITCHBOARD_STATE is not set: run these tests with `cargo xtask test`");
    fn walk(dir: &std::path::Path, found: &mut std::collections::BTreeSet<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "sqlite") {
                found.insert(path);
            }
        }
    }
    let mut found = std::collections::BTreeSet::new();
    walk(&std::path::Path::new(&state).join("v3/do"), &mut found);
    found
}

/// The databases in `after` that `before` did not have.
fn made_since(
    before: &std::collections::BTreeSet<std::path::PathBuf>,
    after: &std::collections::BTreeSet<std::path::PathBuf>,
) -> Vec<std::path::PathBuf> {
    after.difference(before).cloned().collect()
}

fn random_hex(n: usize) -> String {
    switchboard_tests::unique("x").bytes().map(|b| format!("{:x}", b % 16)).cycle().take(n).collect()
}

#[tokio::test]
async fn requests_naming_what_the_service_did_not_make_leave_no_object_behind() {
    // What exists anyway (the demo, a first conversation) exists before counting.
    let warm = start_conversation(&[]);
    first_words(&warm, CHANNEL);
    let before = databases();
    for i in 0..10 {
        let forged = [random_hex(32), random_hex(48), format!("not-an-id-{i}")];
        for id in forged {
            let path = format!("/api/conversations/{id}/ws?channel={CHANNEL}");
            assert!(Client::connect(&path, &[]).await.is_err(), "{id}: refused");
            let path = format!("/api/conversations/{id}/ws?as=operator");
            assert!(Client::connect(&path, &[("origin", &base())]).await.is_err(), "{id}: refused");
        }
        let cookie = format!("sb_session={}.{}.{}", random_hex(32), random_hex(64), random_hex(16));
        let (status, _) = Browser { cookie: Some(cookie) }.get("/api/me");
        assert_eq!(status, 401, "a forged cookie");
        let channel = random_hex(32);
        let res = http().get(format!("{}/api/channels/{channel}/public", base())).call().unwrap();
        assert_eq!(res.status(), 400, "an unknown channel");
        let (status, _) =
            Browser::anonymous().send("POST", "/api/conversations", Some(json!({ "channel": channel })));
        assert_eq!(status, 400, "no conversation on an unknown channel");
    }
    assert_eq!(
        made_since(&before, &databases()),
        Vec::<std::path::PathBuf>::new(),
        "no object for a stranger"
    );

    let started = start_conversation(&[]);
    first_words(&started, CHANNEL);
    assert_eq!(
        made_since(&before, &databases()).len(),
        1,
        "a real conversation is an object (the count sees them)"
    );
}
