//! Canned responses (issue 6): admins save them by shortcut (the same
//! shortcut replaces one; a bad one is refused on its field), every operator
//! of the workspace reads them, and only admins change them.

use serde_json::json;
use switchboard_tests::{new_operator, workspace_with_channel};

#[test]
fn admins_keep_canned_responses_and_operators_read_them() {
    let (mut admin, _) = workspace_with_channel("Canned", "Support");
    let save = |shortcut: &str, text: &str| json!({ "shortcut": shortcut, "text": text });
    let (status, saved) = admin.send("POST", "/api/canned", Some(save("::Thanks", "Thank you!")));
    assert_eq!((status, &saved), (200, &save("thanks", "Thank you!")));
    assert_eq!(admin.send("POST", "/api/canned", Some(save("thanks", "Many thanks!"))).0, 200);
    let (status, body) = admin.send("POST", "/api/canned", Some(save("two words", "x")));
    assert_eq!((status, body["field"].as_str()), (400, Some("shortcut")), "{body}");

    let (_, mut operator) = new_operator(&mut admin, None);
    assert_eq!(
        operator.get("/api/canned"),
        (200, json!([save("thanks", "Many thanks!")])),
        "replaced, not doubled"
    );
    assert_eq!(operator.send("POST", "/api/canned", Some(save("bye", "Bye"))).0, 403);
    assert_eq!(operator.send("DELETE", "/api/canned/thanks", None).0, 403);
    assert_eq!(admin.send("DELETE", "/api/canned/thanks", None).0, 200);
    assert_eq!(admin.send("DELETE", "/api/canned/thanks", None).0, 404);
    assert_eq!(operator.get("/api/canned"), (200, json!([])));
}
