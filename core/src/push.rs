//! Web Push for operators: which bus events reach an operator's devices
//! while no inbox tab of theirs is in view, what the notification says,
//! and which push endpoints a subscription may name. The encryption and
//! signing are `switchboard-push`; sending is the bus's
//! (`worker/src/objects/bus/push.rs`).

use crate::ids::Login;
use crate::limits::{MAX_PUSH_ENDPOINT_CHARS, PUSH_PREVIEW_CHARS};
use crate::naming::{visitor_name_in, ANONYMOUS, ANONYMOUS_FROM};
use crate::protocol::{Author, BusEvent, PushNotice, PushSubscription};

/// A push's titles in the operator's language (the texts of
/// `site/locales/push/`: `push-new-conversation`, with a `{name}` marker,
/// `push-new-message`, and a visitor who told no name, `visitor-number`
/// and `visitor-number-from`, the inbox's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushWords {
    pub new_conversation: String,
    pub new_message: String,
    /// "Visitor #{count}".
    pub visitor: String,
    /// "Visitor #{count} ({what})", `what` their country.
    pub visitor_from: String,
}

impl Default for PushWords {
    fn default() -> PushWords {
        PushWords {
            new_conversation: "New conversation: {name}".into(),
            new_message: "New message".into(),
            visitor: ANONYMOUS.into(),
            visitor_from: ANONYMOUS_FROM.into(),
        }
    }
}

impl PushWords {
    /// The visitor's name as the inbox shows it, in these words.
    fn visitor_name(&self, s: &crate::protocol::ConversationSummary) -> String {
        let (name, email, country) =
            (s.visitor_name.as_deref(), s.visitor_email.as_deref(), s.country.as_deref());
        visitor_name_in(name, email, s.visitor_key(), country, &self.visitor, &self.visitor_from)
    }
}

/// Whether `me`'s devices are told of `event`: a conversation newly theirs
/// (assigned, not yet answered), or a visitor's message in one of theirs.
/// Nothing for the rest (the list moving, presence, their own words).
pub fn due(event: &BusEvent, me: &Login) -> bool {
    match event {
        BusEvent::Updated(s) => {
            let mine = s.operator.as_ref().is_some_and(|a| &a.login == me);
            mine && !s.closed && !s.bot && s.answered_at.is_none()
        }
        BusEvent::Activity(a) => a.author == Some(Author::Visitor) && !a.closed,
        _ => false,
    }
}

/// What `me`'s devices are told of `event`, if it is [`due`], in `words`.
pub fn notice(event: &BusEvent, me: &Login, words: &PushWords) -> Option<PushNotice> {
    if !due(event, me) {
        return None;
    }
    match event {
        BusEvent::Updated(s) => {
            let who = words.visitor_name(s);
            Some(PushNotice {
                title: crate::texts::fill(&words.new_conversation, "name", &who),
                body: short(&s.preview),
                conversation: s.id.clone(),
            })
        }
        BusEvent::Activity(a) => Some(PushNotice {
            title: words.new_message.clone(),
            body: short(&a.preview),
            conversation: a.conversation.clone(),
        }),
        _ => None,
    }
}

/// At most [`PUSH_PREVIEW_CHARS`] characters, with an ellipsis when cut.
fn short(text: &str) -> String {
    match text.char_indices().nth(PUSH_PREVIEW_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Whether a subscription may be kept: its endpoint is `https://` on a
/// host of `services` (space-separated; `.example.com` stands for its
/// subdomains), or, when `loopback` (local runs and tests), `http://` on
/// 127.0.0.1 or localhost. Anything else would make the Worker send
/// requests wherever an operator likes.
pub fn endpoint_allowed(endpoint: &str, services: &str, loopback: bool) -> bool {
    if endpoint.chars().count() > MAX_PUSH_ENDPOINT_CHARS || endpoint.chars().any(|c| c.is_whitespace()) {
        return false;
    }
    let (secure, rest) = match (endpoint.strip_prefix("https://"), endpoint.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => return false,
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return false;
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_ascii_lowercase();
    if loopback && (host == "127.0.0.1" || host == "localhost") {
        return true;
    }
    if !secure {
        return false;
    }
    services.split_whitespace().any(|s| match s.strip_prefix('.') {
        Some(domain) => host.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
        None => host == s.to_ascii_lowercase(),
    })
}

/// Whether a subscription's keys have the shape of base64url keys (a
/// 65-byte point: 87 characters; a 16-byte secret: 22), checked before the
/// bus decodes them.
pub fn keys_shaped(s: &PushSubscription) -> bool {
    let b64 = |t: &str, len: usize| {
        let t = t.trim_end_matches('=');
        t.len() == len && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    b64(&s.keys.p256dh, 87) && b64(&s.keys.auth, 22)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ChannelId, ConversationId};
    use crate::protocol::{Activity, Assignee, ConversationSummary, PushKeys};

    const SERVICES: &str = "fcm.googleapis.com .push.services.mozilla.com web.push.apple.com";

    fn me() -> Login {
        Login::parse("ana").unwrap()
    }

    fn summary(operator: Option<&str>) -> ConversationSummary {
        let mut s: ConversationSummary = serde_json::from_value(serde_json::json!({
            "id": "c1", "channel": "ch", "languages": [], "last_seq": 1, "preview": "Hello?",
            "updated_at": 5
        }))
        .unwrap();
        s.operator = operator.map(|l| Assignee { login: Login::parse(l).unwrap(), name: l.into() });
        s
    }

    fn activity(author: Option<Author>, preview: &str) -> Activity {
        Activity {
            conversation: ConversationId::parse("c1").unwrap(),
            channel: ChannelId::parse("ch").unwrap(),
            last_seq: 2,
            preview: preview.into(),
            updated_at: 6,
            author,
            closed: false,
            pages: vec![],
            rating: None,
            rating_comment: None,
        }
    }

    #[test]
    fn a_conversation_newly_theirs_is_told_with_the_visitors_name() {
        let told =
            notice(&BusEvent::Updated(Box::new(summary(Some("ana")))), &me(), &PushWords::default()).unwrap();
        assert!(told.title.starts_with("New conversation: Visitor #"), "{}", told.title);
        assert_eq!((told.body.as_str(), told.conversation.as_str()), ("Hello?", "c1"));
        let mut answered = summary(Some("ana"));
        answered.answered_at = Some(7);
        let mut bot = summary(Some("ana"));
        bot.bot = true;
        for quiet in [summary(Some("bob")), summary(None), answered, bot] {
            assert_eq!(notice(&BusEvent::Updated(Box::new(quiet)), &me(), &PushWords::default()), None);
        }
    }

    #[test]
    fn an_anonymous_visitor_is_named_in_the_operators_words() {
        let german = PushWords {
            new_conversation: "Neue Unterhaltung: {name}".into(),
            visitor: "Besucher Nr. {count}".into(),
            visitor_from: "Besucher Nr. {count} ({what})".into(),
            ..PushWords::default()
        };
        let mut s = summary(Some("ana"));
        let title = |s: &ConversationSummary| {
            notice(&BusEvent::Updated(Box::new(s.clone())), &me(), &german).unwrap().title
        };
        assert!(title(&s).starts_with("Neue Unterhaltung: Besucher Nr. "), "{}", title(&s));
        s.country = Some("FR".into());
        assert!(title(&s).ends_with(" (FR)"), "{}", title(&s));
        s.visitor_name = Some("Zoé".into());
        assert_eq!(title(&s), "Neue Unterhaltung: Zoé");
    }

    #[test]
    fn only_a_visitors_message_is_told_cut_short() {
        let long = "é".repeat(PUSH_PREVIEW_CHARS + 5);
        let told = notice(
            &BusEvent::Activity(Box::new(activity(Some(Author::Visitor), &long))),
            &me(),
            &PushWords::default(),
        )
        .unwrap();
        assert_eq!(told.body.chars().count(), PUSH_PREVIEW_CHARS + 1);
        assert!(told.body.ends_with('…'));
        let own = Author::Operator { name: "Ana".into() };
        for quiet in [activity(Some(own), "hi"), activity(None, "/pricing")] {
            assert_eq!(notice(&BusEvent::Activity(Box::new(quiet)), &me(), &PushWords::default()), None);
        }
    }

    #[test]
    fn endpoints_are_the_push_services_over_https_or_loopback_when_local() {
        let ok = |e: &str, loopback| endpoint_allowed(e, SERVICES, loopback);
        assert!(ok("https://fcm.googleapis.com/fcm/send/abc", false));
        assert!(ok("https://updates.push.services.mozilla.com/wpush/v2/x", false));
        assert!(ok("https://web.push.apple.com:443/QG", false));
        assert!(!ok("http://fcm.googleapis.com/fcm/send/abc", false));
        assert!(!ok("https://evil.example/fcm.googleapis.com", false));
        assert!(!ok("https://fcm.googleapis.com.evil.example/x", false));
        assert!(!ok("https://push.services.mozilla.com/x", false));
        assert!(!ok("https://user@fcm.googleapis.com/x", false));
        assert!(!ok("http://127.0.0.1:9/push", false));
        assert!(ok("http://127.0.0.1:9/push", true));
        assert!(!ok("http://10.0.0.1/push", true));
        assert!(!ok(&format!("https://fcm.googleapis.com/{}", "a".repeat(MAX_PUSH_ENDPOINT_CHARS)), false));
    }

    #[test]
    fn keys_must_have_the_length_of_a_point_and_a_secret() {
        let sub = |p: &str, a: &str| PushSubscription {
            endpoint: String::new(),
            keys: PushKeys { p256dh: p.into(), auth: a.into() },
        };
        let point = "B".repeat(87);
        assert!(keys_shaped(&sub(&point, &"a".repeat(22))));
        assert!(keys_shaped(&sub(&point, &format!("{}==", "a".repeat(22)))));
        assert!(!keys_shaped(&sub(&point, &"a".repeat(23))));
        assert!(!keys_shaped(&sub(&"B".repeat(86), &"a".repeat(22))));
        assert!(!keys_shaped(&sub(&format!("{}+", "B".repeat(86)), &"a".repeat(22))));
    }
}
