//! The inbox's words in the operator's language: Fluent files, one per
//! language of [`INBOX_LANGUAGES`], in `site/locales/` (and a push's
//! titles and anonymous visitors' names in `site/locales/push/`, which the
//! Worker carries). The inbox never
//! parses them: `cargo xtask build` formats each once into
//! `dist/inbox/texts/<tag>.json` (and the inbox's build script builds
//! English in, its fallback), with the variables only the inbox knows (a
//! name, a count, a time) left as `{name}` markers that
//! `texts::fill` replaces. Which language an operator gets:
//! [`crate::texts::INBOX_LANGUAGES`]. No message selects on a number (no plurals):
//! counts stand apart ("Unread: {count}"), so one text fits every count in
//! every language.

use crate::texts::catalog::{format_messages, is_rtl};
use unic_langid::LanguageIdentifier;

/// Every language's file, in [`INBOX_LANGUAGES`] order.
pub const INBOX_LOCALES: [(&str, &str); 9] = locale_files!("site/locales");

/// The titles of a push in each language (`site/locales/push/`): apart
/// from the inbox's texts, so the Worker carries only these.
pub const PUSH_LOCALES: [(&str, &str); 9] = locale_files!("site/locales/push");

/// The variables the inbox fills in (any other is an error).
pub const INBOX_VARIABLES: [&str; 9] =
    ["name", "count", "channel", "time", "file", "size", "login", "what", "to"];

/// One language's texts, formatted: `{"lang", "rtl", "texts": {id: text}}`,
/// what the inbox loads.
pub fn inbox_catalog(tag: &str) -> Result<serde_json::Value, String> {
    let (tag, source) =
        INBOX_LOCALES.iter().find(|(t, _)| *t == tag).ok_or(format!("{tag}: no inbox texts"))?;
    let texts: serde_json::Map<String, serde_json::Value> =
        format_messages(tag, source, &INBOX_VARIABLES, &[])?
            .into_iter()
            .map(|(id, t)| (id, t.into()))
            .collect();
    let rtl = tag.parse::<LanguageIdentifier>().is_ok_and(|l| is_rtl(&l));
    Ok(serde_json::json!({ "lang": tag, "rtl": rtl, "texts": texts }))
}

/// The titles of a push in `tag` (one of the inbox's languages; English
/// otherwise), for the operator's bus. Each language's file is formatted
/// once per process.
pub fn push_words(tag: Option<&str>) -> crate::push::PushWords {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static FORMATTED: [OnceLock<HashMap<String, String>>; PUSH_LOCALES.len()] =
        [const { OnceLock::new() }; PUSH_LOCALES.len()];
    let i = PUSH_LOCALES.iter().position(|(t, _)| Some(*t) == tag).unwrap_or(0);
    let texts = FORMATTED[i].get_or_init(|| {
        let (tag, source) = PUSH_LOCALES[i];
        format_messages(tag, source, &INBOX_VARIABLES, &[])
            .map(|m| m.into_iter().collect())
            .unwrap_or_default()
    });
    let mut words = crate::push::PushWords::default();
    let put = |field: &mut String, id: &str| {
        if let Some(text) = texts.get(id) {
            field.clone_from(text)
        }
    };
    put(&mut words.new_conversation, "push-new-conversation");
    put(&mut words.new_message, "push-new-message");
    put(&mut words.visitor, "visitor-number");
    put(&mut words.visitor_from, "visitor-number-from");
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::INBOX_LANGUAGES;

    fn ids(tag: &str, source: &str) -> Vec<String> {
        format_messages(tag, source, &INBOX_VARIABLES, &[]).unwrap().into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn the_files_are_the_inboxs_languages_in_order() {
        let languages: Vec<&str> = INBOX_LANGUAGES.iter().map(|(t, _)| *t).collect();
        for locales in [INBOX_LOCALES, PUSH_LOCALES] {
            assert_eq!(locales.iter().map(|(t, _)| *t).collect::<Vec<_>>(), languages);
        }
    }

    #[test]
    fn every_language_has_every_message_with_the_same_markers() {
        same_messages(&INBOX_LOCALES);
        same_messages(&PUSH_LOCALES);
    }

    fn same_messages(locales: &[(&str, &str)]) {
        let english = format_messages("en", locales[0].1, &INBOX_VARIABLES, &[]).unwrap();
        for &(tag, source) in locales {
            let messages = format_messages(tag, source, &INBOX_VARIABLES, &[]).unwrap();
            assert_eq!(ids(tag, source), ids("en", locales[0].1), "{tag}.ftl: same messages, same order");
            crate::texts::catalog::tests::assert_same_markers(tag, &english, &messages, &INBOX_VARIABLES);
        }
    }

    #[test]
    fn arabic_reads_right_to_left_and_names_stay_isolated() {
        let ar = inbox_catalog("ar").unwrap();
        assert_eq!(ar["rtl"], true);
        assert_eq!(inbox_catalog("ja").unwrap()["rtl"], false);
        let account = ar["texts"]["account-menu"].as_str().unwrap();
        assert!(account.contains("\u{2068}{name}\u{2069}"), "{account}");
    }

    #[test]
    fn a_push_is_titled_in_the_operators_language() {
        assert_eq!(push_words(None), crate::push::PushWords::default());
        assert_eq!(push_words(Some("xx")), crate::push::PushWords::default());
        let ja = push_words(Some("ja"));
        assert!(ja.new_conversation.contains("{name}") && ja.new_message != "New message", "{ja:?}");
        assert_eq!(
            (ja.visitor.as_str(), ja.visitor_from.as_str()),
            ("訪問者 #{count}", "訪問者 #{count}（{what}）")
        );
    }

    /// The inbox says every reason the server names, in English the
    /// server's own words.
    #[test]
    fn the_inbox_has_words_for_every_refusal() {
        let english: std::collections::HashMap<_, _> =
            format_messages("en", INBOX_LOCALES[0].1, &INBOX_VARIABLES, &[]).unwrap().into_iter().collect();
        for (id, words) in crate::reasons::REASONS {
            let said = english.get(&format!("refusal-{id}"));
            assert_eq!(said.map(String::as_str), Some(words), "refusal-{id} in site/locales/en.ftl");
        }
    }

    /// A push names a visitor who told no name as the inbox does.
    #[test]
    fn a_push_names_an_anonymous_visitor_in_the_inboxs_words() {
        for (&(tag, inbox), &(_, push)) in INBOX_LOCALES.iter().zip(&PUSH_LOCALES) {
            let inbox: std::collections::HashMap<_, _> =
                format_messages(tag, inbox, &INBOX_VARIABLES, &[]).unwrap().into_iter().collect();
            for (id, text) in format_messages(tag, push, &INBOX_VARIABLES, &[]).unwrap() {
                if id.starts_with("visitor-") {
                    assert_eq!(Some(&text), inbox.get(&id), "{tag}: {id}");
                }
            }
        }
    }

    /// Every `tr("…")` and `tr_with("…"` of the inbox's code names a message.
    #[test]
    fn every_text_the_inbox_asks_for_exists() {
        let english = ids("en", INBOX_LOCALES[0].1);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../site/src");
        let mut files = vec![root.clone()];
        let mut asked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let code = std::fs::read_to_string(&path).unwrap();
            for call in ["tr(\"", "tr_with(\""] {
                for (at, _) in code.match_indices(call) {
                    let rest = &code[at + call.len()..];
                    let id = &rest[..rest.find('"').unwrap()];
                    assert!(english.iter().any(|e| e == id), "{}: no message {id:?}", path.display());
                    asked += 1;
                }
            }
        }
        assert!(asked > 100, "only {asked} texts found: is the scan looking in the right place?");
    }
}
