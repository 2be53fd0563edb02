//! Everything that reads what a stranger sends (issue 22, item 3: the
//! short pass that runs with every test): socket frames, chatbot scripts,
//! language tags, logins and the names and addresses people type. For any
//! input — random text, and valid input with random bytes changed — each
//! answers (never panics), refuses in words, and what it accepts reads back
//! as itself.

use proptest::prelude::*;
use switchboard_core::chatbot::validate;
use switchboard_core::ids::{ClientMsgId, Login};
use switchboard_core::languages::canonical_languages;
use switchboard_core::limits::MAX_FRAME_BYTES;
use switchboard_core::protocol::{
    decode_client, ChatbotScript, ClientMsg, ErrorCode, Rating, ServerMsg, PROTOCOL_VERSION,
};
use switchboard_core::workspace as rules;

/// Frames a client really sends, as text.
fn valid_frames() -> Vec<String> {
    let id = ClientMsgId::parse("c-1").unwrap();
    let frames = [
        ClientMsg::Hello { v: PROTOCOL_VERSION, token: Some("t0k3n".into()), last_seq: 3 },
        ClientMsg::Send { client_id: id, text: "Bonjour, où est ma commande ?".into(), files: vec![] },
        ClientMsg::Typing,
        ClientMsg::Close,
        ClientMsg::Seen { seq: 7 },
        ClientMsg::Rate { rating: Rating::Good, comment: "merci".into() },
    ];
    frames.iter().map(|f| serde_json::to_string(f).unwrap()).collect()
}

/// `text` with bytes changed at random (then read as UTF-8, lossily).
fn mutated(text: String, edits: Vec<(usize, u8, u8)>) -> String {
    let mut bytes = text.into_bytes();
    for (at, op, byte) in edits {
        let at = at % (bytes.len() + 1);
        match op % 3 {
            0 => bytes.insert(at, byte),
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ if at < bytes.len() => bytes[at] = byte,
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn frame_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[{}\\[\\]\":,a-z0-9 ]{0,80}",
        (
            prop::sample::select(valid_frames()),
            prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..8)
        )
            .prop_map(|(f, e)| mutated(f, e)),
    ]
}

/// A decoded frame reads back as itself; a refusal is a malformed-frame
/// error said in words, never the input or a type's name.
fn frame_answers(text: &str) -> Result<(), TestCaseError> {
    match decode_client(text) {
        Ok(frame) => {
            let again = decode_client(&serde_json::to_string(&frame).unwrap());
            prop_assert_eq!(again.ok(), Some(frame));
        }
        Err(ServerMsg::Error { code, message }) => {
            prop_assert!(matches!(code, ErrorCode::Malformed | ErrorCode::TooLarge));
            prop_assert!(!message.contains("ClientMsg") && !message.contains("serde"));
            if text.len() > 3 {
                prop_assert!(!message.contains(text), "the input is not echoed");
            }
        }
        Err(other) => prop_assert!(false, "not an error: {other:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn any_frame_text_is_decoded_or_refused_in_words(text in frame_text()) {
        frame_answers(&text)?;
    }

    #[test]
    fn a_chatbot_script_of_any_shape_is_checked_without_a_panic(
        text in (prop::sample::select(vec![SCRIPT.to_owned()]), prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..12))
            .prop_map(|(s, e)| mutated(s, e))
    ) {
        if let Ok(script) = serde_json::from_str::<ChatbotScript>(&text) {
            for problem in validate(&script) {
                prop_assert!(!problem.is_empty() && !problem.contains("serde"));
            }
        }
    }

    #[test]
    fn language_tags_of_any_text_come_out_canonical(raw in prop::collection::vec(any::<String>(), 0..6)) {
        let once = canonical_languages(&raw);
        prop_assert_eq!(canonical_languages(&once), once.clone(), "canonical tags stay as they are");
        for tag in &once {
            prop_assert!(rules::language_tag("tag", tag).is_ok(), "{tag} is a tag the workspace accepts");
        }
    }

    #[test]
    fn what_people_type_is_accepted_as_it_reads_or_refused(raw in any::<String>()) {
        if let Ok(login) = rules::login(&raw) {
            prop_assert_eq!(Login::parse(login.as_str()).ok(), Some(login.clone()));
        }
        for check in [rules::name, rules::person_name, rules::email] {
            match check("field", &raw) {
                Ok(kept) => prop_assert_eq!(check("field", &kept).ok(), Some(kept.clone()), "accepted once, accepted again"),
                Err(e) => prop_assert!(!e.message.is_empty()),
            }
        }
        let _ = rules::welcome(&raw);
        let _ = rules::origins(std::slice::from_ref(&raw));
    }
}

#[test]
fn a_frame_past_the_limit_is_refused_unread() {
    let big = format!("{{\"send\":{{\"client_id\":\"a\",\"text\":\"{}\"}}}}", "x".repeat(MAX_FRAME_BYTES));
    assert!(matches!(decode_client(&big), Err(ServerMsg::Error { code: ErrorCode::TooLarge, .. })));
}

#[test]
fn the_script_changed_at_random_is_a_good_one() {
    let script: ChatbotScript = serde_json::from_str(SCRIPT).expect("it reads");
    assert_eq!(validate(&script), Vec::<String>::new());
}

/// A script with every kind of step, to change at random.
const SCRIPT: &str = r#"{"name":"Support","bot_name":"Sam","default_lang":"en","steps":[
 {"id":"topic","text":{"default":"What is it about?","translations":[{"lang":"fr","text":"C'est à quel sujet ?"}]},
  "kind":{"question":{"answers":[{"label":{"default":"Billing"},"expertise":["billing"]},{"label":{"default":"Other"}}]}}},
 {"id":"name","text":{"default":"Your name?"},"kind":"free_input"},
 {"id":"forward","text":{"default":"Let me find someone."},"kind":{"forward":{"no_operator":"email"}}},
 {"id":"email","text":{"default":"Your email?"},"kind":"ask_email"},
 {"id":"bye","text":{"default":"Thanks!"},"kind":"end"}]}"#;
