//! What operators and admins configure, validated before anything is stored:
//! names, logins, passwords, profile languages and expertise, canned
//! responses.
//!
//! Every check returns a [`FieldError`] naming the field, so the inbox can
//! show the message next to it. Validation is all-or-nothing: a request with
//! one bad field changes nothing.

use crate::ids::{Login, LoginError};
pub use crate::limits::MAX_LOGIN_CHARS;
use crate::limits::{MAX_CAPACITY, MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_SHORTCUT_CHARS};
use crate::protocol::{CannedResponse, LocalizedText, WorkspaceSettings};

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;

pub use crate::reasons::FieldError;
use crate::reasons::{in_language, refuse};

/// A display name (operator, workspace, channel, expertise): trimmed,
/// non-empty, at most [`MAX_NAME_CHARS`] characters, no control characters.
pub fn name(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(refuse(field, "empty", &[]));
    }
    if s.chars().count() > MAX_NAME_CHARS {
        return Err(refuse(field, "at-most-chars", &[("count", MAX_NAME_CHARS.to_string())]));
    }
    if s.chars().any(|c| c.is_control() || reorders(c)) {
        return Err(refuse(field, "printable", &[]));
    }
    if s.chars().all(|c| c.is_whitespace() || invisible(c)) {
        return Err(refuse(field, "visible", &[]));
    }
    Ok(s.to_owned())
}

/// An optional name: empty means "not set".
pub fn optional_name(field: &'static str, raw: &str) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        name(field, raw).map(Some)
    }
}

/// A person's name, or the chat name visitors see: a [`name`] that does not
/// pose as the chatbot ("Sam (chatbot)", "Support Bot").
pub fn person_name(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let s = name(field, raw)?;
    let words = s.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase);
    if words.into_iter().any(|w| w == "bot" || w == "chatbot") {
        return Err(refuse(field, "not-bot", &[]));
    }
    Ok(s)
}

/// An optional [`person_name`]: empty means "not set".
pub fn optional_person_name(field: &'static str, raw: &str) -> Result<Option<String>, FieldError> {
    match raw.trim().is_empty() {
        true => Ok(None),
        false => person_name(field, raw).map(Some),
    }
}

/// Characters that change the order text is shown in (embeddings,
/// overrides, isolates): in a name they could reorder what follows it.
pub(crate) fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing: format characters (zero-width spaces and
/// joiners, marks, the byte-order mark, soft hyphens), variation selectors
/// and blank fillers.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' | '\u{FFA0}' | '\u{E0000}'..='\u{E007F}'
    )
}

/// Text people write for visitors (welcome messages, canned responses):
/// control characters go (line breaks stay, as `\n`).
pub(crate) fn printable(raw: &str) -> String {
    raw.replace("\r\n", "\n").chars().filter(|&c| c == '\n' || !c.is_control()).collect()
}

/// A login as a person typed it: case-insensitive (kept lowercase), 3 to
/// [`MAX_LOGIN_CHARS`] characters among letters, digits and `. _ - @ +`.
pub fn login(raw: &str) -> Result<Login, FieldError> {
    Login::parse(raw.trim().to_lowercase()).map_err(|e| match e {
        LoginError::Length => refuse("login", "login-length", &[("count", MAX_LOGIN_CHARS.to_string())]),
        LoginError::BadChar => refuse("login", "login-chars", &[]),
    })
}

pub fn password(raw: &str) -> Result<(), FieldError> {
    let len = raw.chars().count();
    if len < MIN_PASSWORD_CHARS {
        return Err(refuse("password", "at-least-chars", &[("count", MIN_PASSWORD_CHARS.to_string())]));
    }
    if len > MAX_PASSWORD_CHARS {
        return Err(refuse("password", "at-most-chars", &[("count", MAX_PASSWORD_CHARS.to_string())]));
    }
    Ok(())
}

pub const MAX_WELCOME_CHARS: usize = 1_000;
pub const MAX_ORIGINS: usize = 20;

/// A canned response: a shortcut of letters, digits, `-` or `_` (kept in
/// lower case, so `::Thanks` and `::thanks` are one), and a non-empty text a
/// message could hold.
pub fn canned(raw: &CannedResponse) -> Result<CannedResponse, FieldError> {
    let shortcut = raw.shortcut.trim().trim_start_matches("::").to_lowercase();
    if shortcut.is_empty() {
        return Err(refuse("shortcut", "shortcut-empty", &[]));
    }
    if shortcut.chars().count() > MAX_SHORTCUT_CHARS {
        return Err(refuse("shortcut", "at-most-chars", &[("count", MAX_SHORTCUT_CHARS.to_string())]));
    }
    if !shortcut.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return Err(refuse("shortcut", "shortcut-chars", &[]));
    }
    let text = printable(&raw.text);
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("text", "reply-empty", &[]));
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(refuse("text", "message-limit", &[("count", MAX_MESSAGE_CHARS.to_string())]));
    }
    Ok(CannedResponse { shortcut, text: text.to_owned() })
}

/// A channel's welcome message: optional text, kept as typed (trimmed,
/// without control characters).
pub fn welcome(raw: &str) -> Result<String, FieldError> {
    let s = printable(raw);
    let s = s.trim();
    if s.chars().count() > MAX_WELCOME_CHARS {
        return Err(refuse("welcome", "at-most-chars", &[("count", MAX_WELCOME_CHARS.to_string())]));
    }
    Ok(s.to_owned())
}

/// A channel's welcome message in other languages: each in a language the
/// workspace has enabled, at most once, with the same length limit; empty
/// ones are dropped.
pub fn welcomes(raw: &[LocalizedText], enabled: &[String]) -> Result<Vec<LocalizedText>, FieldError> {
    let mut out: Vec<LocalizedText> = Vec::new();
    for w in raw {
        let lang = enabled_language("welcomes", &w.lang, enabled)?;
        let text = welcome(&w.text).map_err(|e| in_language("welcomes", native_name(&lang), e))?;
        if out.iter().any(|o| o.lang == lang) {
            return Err(refuse("welcomes", "two-welcomes", &[("what", native_name(&lang))]));
        }
        if !text.is_empty() {
            out.push(LocalizedText { lang, text });
        }
    }
    Ok(out)
}

/// Website origins allowed to embed a channel (`https://shop.example`,
/// `http://127.0.0.1:8788`): scheme, host and optional port, nothing else.
/// Kept lowercase, without a trailing slash; an empty list allows any site.
pub fn origins(raw: &[String]) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for o in raw.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        let origin = o.trim_end_matches('/').to_lowercase();
        let bad = || refuse("origins", "not-origin", &[("what", o.chars().take(60).collect())]);
        let rest =
            origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://")).ok_or_else(bad)?;
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        };
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host
                .split('.')
                .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
        if !host_ok || !port_ok {
            return Err(bad());
        }
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    if out.len() > MAX_ORIGINS {
        return Err(refuse("origins", "websites-limit", &[("count", MAX_ORIGINS.to_string())]));
    }
    Ok(out)
}

/// Whether a page from `origin` (its `Origin` header) may use a channel that
/// allowed `origins` (as [`origins`] keeps them): any site when the list is
/// empty, else one of those listed, whatever the case of its letters.
pub fn site_allowed(origins: &[String], origin: &str) -> bool {
    origins.is_empty() || origins.iter().any(|o| o.eq_ignore_ascii_case(origin))
}

/// The inactivity timeout: from 1 second (tests) to a day.
pub fn inactivity_timeout(seconds: u32) -> Result<u32, FieldError> {
    if (1..=86_400).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(refuse("inactivity_timeout_s", "inactivity", &[]))
    }
}

/// An email address, plainly checked: one `@`, something before it, a dot
/// in the domain, no spaces, at most 254 characters; lowercased domain.
pub fn email(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    if !looks_like_email(raw) {
        return Err(refuse(field, "email", &[]));
    }
    let (local, domain) = raw.split_once('@').unwrap_or((raw, ""));
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

/// The check behind [`email`], without lowercasing: the widget asks only
/// this, so it carries no Unicode case tables (the server normalises).
pub fn looks_like_email(raw: &str) -> bool {
    let raw = raw.trim();
    let Some((local, domain)) = raw.split_once('@') else { return false };
    let plain =
        |s: &str| !s.is_empty() && !s.contains(['@', ' ', '<', '>', '"']) && !s.chars().any(char::is_control);
    raw.len() <= 254 && plain(local) && plain(domain) && domain.contains('.') && !domain.ends_with('.')
}

/// Conversations an operator may hold at once.
pub fn capacity(n: u32) -> Result<u32, FieldError> {
    if (1..=MAX_CAPACITY).contains(&n) {
        Ok(n)
    } else {
        Err(refuse("capacity", "capacity", &[("count", MAX_CAPACITY.to_string())]))
    }
}

/// A workspace's assignment settings, each within its bounds.
pub fn settings(s: WorkspaceSettings) -> Result<WorkspaceSettings, FieldError> {
    inactivity_timeout(s.inactivity_timeout_s)?;
    capacity(s.capacity)?;
    if s.reassign_after_s > 3_600 {
        return Err(refuse("reassign_after_s", "reassign", &[]));
    }
    crate::history::keep_days(s.keep_history_days)?;
    Ok(s)
}

/// One BCP 47 tag in canonical form, or why not.
pub fn language_tag(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let bad = || refuse(field, "not-language", &[("what", raw.chars().take(20).collect())]);
    crate::languages::canonical(raw.trim()).ok_or_else(bad)
}

/// `raw` as a canonical tag, if the workspace has enabled that language.
fn enabled_language(field: &'static str, raw: &str, enabled: &[String]) -> Result<String, FieldError> {
    let tag = language_tag(field, raw)?;
    if !enabled.contains(&tag) {
        return Err(refuse(field, "not-enabled", &[("what", native_name(&tag))]));
    }
    Ok(tag)
}

/// An operator's chat languages: each a valid tag and enabled in the
/// workspace; duplicates removed, order kept.
pub fn chat_languages(raw: &[String], enabled: &[String]) -> Result<Vec<String>, FieldError> {
    let mut out = Vec::new();
    for tag in raw {
        let tag = enabled_language("languages", tag, enabled)?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

/// Languages a workspace can enable, with the names their speakers use.
/// Data, not logic: extend the table to offer more.
pub const KNOWN_LANGUAGES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("de-CH", "Deutsch (CH)"),
    ("en", "English"),
    ("en-GB", "English (UK)"),
    ("en-US", "English (US)"),
    ("es", "Español"),
    ("es-MX", "Español (MX)"),
    ("fr", "Français"),
    ("fr-BE", "Français (BE)"),
    ("fr-CA", "Français (CA)"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("nl", "Nederlands"),
    ("nl-BE", "Nederlands (BE)"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("pt-BR", "Português (BR)"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
    ("zh-CN", "中文 (简体)"),
    ("zh-TW", "中文 (繁體)"),
];

/// The native name of a known tag, else the tag itself.
pub fn native_name(tag: &str) -> String {
    KNOWN_LANGUAGES.iter().find(|(t, _)| *t == tag).map_or_else(|| tag.to_owned(), |(_, n)| (*n).to_owned())
}

/// Languages a workspace enables: each must be a known one.
pub fn enabled_languages(raw: &[String]) -> Result<Vec<String>, FieldError> {
    let mut out = Vec::new();
    for tag in raw {
        let tag = language_tag("languages", tag)?;
        if !KNOWN_LANGUAGES.iter().any(|(t, _)| *t == tag) {
            return Err(refuse("languages", "not-offered", &[("what", tag.to_string())]));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.is_empty() {
        return Err(refuse("languages", "one-language", &[]));
    }
    Ok(out)
}

/// How an admin sees an operator: the online chat name visitors see, and
/// beside it the user name when it differs ("Jean — Jean Dupont").
pub fn known_as(shown: &str, name: &str) -> String {
    if shown == name || name.is_empty() {
        shown.to_owned()
    } else {
        format!("{shown} — {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_see_the_user_name_beside_the_chat_name() {
        assert_eq!(known_as("Jean", "Jean Dupont"), "Jean — Jean Dupont");
        assert_eq!(known_as("Jean Dupont", "Jean Dupont"), "Jean Dupont");
        assert_eq!(known_as("Jean", ""), "Jean");
    }

    #[test]
    fn canned_responses_have_a_one_word_shortcut_and_a_text() {
        let c = |shortcut: &str, text: &str| {
            canned(&CannedResponse { shortcut: shortcut.into(), text: text.into() })
        };
        assert_eq!(
            c(" ::Thanks ", " Thank you! "),
            Ok(CannedResponse { shortcut: "thanks".into(), text: "Thank you!".into() })
        );
        assert_eq!(c("two words", "x").unwrap_err().field, "shortcut");
        assert_eq!(c("", "x").unwrap_err().field, "shortcut");
        assert_eq!(c("ok", "  ").unwrap_err().field, "text");
        assert_eq!(c("long", &"x".repeat(MAX_MESSAGE_CHARS + 1)).unwrap_err().field, "text");
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn names_are_trimmed_bounded_and_printable() {
        assert_eq!(name("name", "  Mitchell  ").unwrap(), "Mitchell");
        assert_eq!(name("name", "   ").unwrap_err().field, "name");
        assert!(name("name", &"x".repeat(10_000)).is_err());
        assert!(name("name", &"é".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(name("name", "a\u{0}b").is_err());
        assert_eq!(optional_name("chat_name", " ").unwrap(), None);
    }

    /// Issue 21, item 8: a name must show something and cannot reorder
    /// what follows it; a person's cannot pose as the chatbot; texts for
    /// visitors lose control characters but keep their lines.
    #[test]
    fn names_people_can_see() {
        for blank in ["\u{200B}", "\u{200B}\u{200D}\u{FEFF}", " \u{3164} ", "\u{2800}", "\u{00AD}\u{FE0F}"] {
            assert_eq!(
                name("name", blank).unwrap_err().message,
                "Use at least one visible letter, digit or sign.",
                "{blank:?}"
            );
        }
        assert_eq!(name("name", "Zoë\u{200D}").unwrap(), "Zoë\u{200D}", "a joiner beside letters is fine");
        assert_eq!(name("name", "مريم").unwrap(), "مريم");
        assert!(name("name", "Sam\u{202E}nimda").is_err(), "a right-to-left override");
        assert!(name("name", "Sam\u{2067}x").is_err(), "an isolate");
        for bot in ["Sam (chatbot)", "Support Bot", "BOT", "sam-bot"] {
            assert!(person_name("chat_name", bot).is_err(), "{bot}");
        }
        for fine in ["Abbot", "Bottega", "Robotics Sam"] {
            assert_eq!(person_name("chat_name", fine).unwrap(), fine);
        }
        assert_eq!(optional_person_name("chat_name", " ").unwrap(), None);
        assert_eq!(welcome("Hello\u{7}\r\nWelcome\u{1B}[31m").unwrap(), "Hello\nWelcome[31m");
        let reply = CannedResponse { shortcut: "hi".into(), text: "Hi\u{0}!\nBye".into() };
        assert_eq!(canned(&reply).unwrap().text, "Hi!\nBye");
        assert!(canned(&CannedResponse { shortcut: "x".into(), text: "\u{7}\u{8}".into() }).is_err());
    }

    #[test]
    fn logins_are_lowercase_and_plain() {
        assert_eq!(login(" Mitchell@Example.com ").unwrap().as_str(), "mitchell@example.com");
        assert!(login("ab").is_err());
        assert!(login("a b c").is_err());
        assert!(login("<script>").is_err());
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum() {
        assert!(password("short").is_err());
        assert!(password("long enough pass").is_ok());
        assert!(password(&"p".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
    }

    #[test]
    fn chat_languages_must_be_enabled_in_the_workspace() {
        let enabled = s(&["en", "fr", "fr-BE"]);
        assert_eq!(chat_languages(&s(&["fr-be", "en", "fr-BE"]), &enabled).unwrap(), s(&["fr-BE", "en"]));
        let e = chat_languages(&s(&["de"]), &enabled).unwrap_err();
        assert_eq!(e.message, "Deutsch is not enabled in this workspace.");
        assert_eq!(chat_languages(&s(&["not a tag"]), &enabled).unwrap_err().field, "languages");
        assert_eq!(chat_languages(&[], &enabled).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_workspace_enables_known_languages_only() {
        assert_eq!(enabled_languages(&s(&["FR", "en"])).unwrap(), s(&["fr", "en"]));
        assert!(enabled_languages(&s(&["tlh"])).is_err());
        assert!(enabled_languages(&[]).is_err());
        for (tag, _) in KNOWN_LANGUAGES {
            assert_eq!(language_tag("t", tag).as_deref(), Ok(*tag), "the table holds canonical tags");
        }
    }

    #[test]
    fn a_site_is_allowed_when_listed_or_when_none_are() {
        let listed = s(&["https://shop.example"]);
        assert!(site_allowed(&[], "https://anywhere.example"));
        assert!(site_allowed(&listed, "https://shop.example"));
        assert!(site_allowed(&listed, "https://Shop.Example"));
        assert!(!site_allowed(&listed, "https://shop.example.evil"));
        assert!(!site_allowed(&listed, "http://shop.example"));
        assert!(!site_allowed(&listed, ""));
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            origins(&s(&["https://Shop.Example/", " http://127.0.0.1:8788 ", "", "https://shop.example"]))
                .unwrap(),
            s(&["https://shop.example", "http://127.0.0.1:8788"])
        );
        for bad in [
            "shop.example",
            "ftp://x.y",
            "https://",
            "https://a b",
            "https://x.y/path",
            "https://x.y:99999",
            "javascript:alert(1)",
        ] {
            assert_eq!(origins(&s(&[bad])).unwrap_err().field, "origins", "{bad}");
        }
    }

    #[test]
    fn welcome_messages_are_bounded() {
        assert_eq!(welcome("  Hi!  ").unwrap(), "Hi!");
        assert!(welcome(&"x".repeat(MAX_WELCOME_CHARS + 1)).is_err());
    }

    #[test]
    fn emails_are_plainly_checked() {
        assert_eq!(email("email", " Ada@Example.COM ").as_deref(), Ok("Ada@example.com"));
        for bad in
            ["", "ada", "@example.com", "ada@", "ada@localhost", "a b@example.com", "ada@example.", "<a>@x.y"]
        {
            assert_eq!(email("email", bad).unwrap_err().field, "email", "{bad:?}");
            assert!(!looks_like_email(bad), "{bad:?}");
        }
        assert!(looks_like_email(" Ada@Example.COM "));
    }

    #[test]
    fn settings_are_bounded_and_name_the_field_at_fault() {
        let ok = WorkspaceSettings {
            inactivity_timeout_s: 1800,
            capacity: 5,
            reassign_after_s: 0,
            keep_history_days: 0,
        };
        assert_eq!(settings(ok.clone()), Ok(ok.clone()));
        let field = |s| settings(s).unwrap_err().field;
        assert_eq!(field(WorkspaceSettings { capacity: 0, ..ok.clone() }), "capacity");
        assert_eq!(field(WorkspaceSettings { capacity: MAX_CAPACITY + 1, ..ok.clone() }), "capacity");
        assert_eq!(field(WorkspaceSettings { reassign_after_s: 3_601, ..ok.clone() }), "reassign_after_s");
        assert_eq!(
            field(WorkspaceSettings { keep_history_days: 100_000, ..ok.clone() }),
            "keep_history_days"
        );
        assert_eq!(field(WorkspaceSettings { inactivity_timeout_s: 0, ..ok }), "inactivity_timeout_s");
    }

    #[test]
    fn welcomes_are_in_enabled_languages_once_and_empty_ones_go() {
        let w = |lang: &str, text: &str| LocalizedText { lang: lang.into(), text: text.into() };
        let enabled = s(&["en", "fr", "de"]);
        assert_eq!(welcomes(&[w("fr", " Bonjour "), w("de", "  ")], &enabled), Ok(vec![w("fr", "Bonjour")]));
        assert_eq!(
            welcomes(&[w("ja", "こんにちは")], &enabled).unwrap_err().message,
            "日本語 is not enabled in this workspace."
        );
        assert!(welcomes(&[w("fr", "a"), w("fr", "b")], &enabled).unwrap_err().message.contains("two"));
        let long = "x".repeat(MAX_WELCOME_CHARS + 1);
        assert_eq!(welcomes(&[w("de", &long)], &enabled).unwrap_err().field, "welcomes");
    }

    #[test]
    fn native_names_come_from_the_table() {
        assert_eq!(native_name("fr-BE"), "Français (BE)");
        assert_eq!(native_name("xx"), "xx");
    }
}
