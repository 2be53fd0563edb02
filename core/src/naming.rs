//! How the inbox and History name a visitor. What they told comes first
//! (name and e-mail, or either); a visitor who told nothing is "Visitor
//! #0427": a number drawn from their browser's id (or, without one, their
//! conversation's), so the same person keeps the same name in every list,
//! tab and page, and two visitors waiting side by side can be told apart;
//! the country the network places them in follows, when known.

/// The number of an anonymous visitor whose browser (or conversation) has
/// id `key`: four digits, the same for the same key (FNV-1a).
pub fn visitor_number(key: &str) -> u16 {
    let hash = key.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    (hash % 10_000) as u16
}

/// What a visitor told, if anything (blank is nothing).
fn told(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The name a visitor gave themselves: `name <email>`, the name, or the
/// e-mail; `None` if they told neither.
fn told_name(name: Option<&str>, email: Option<&str>) -> Option<String> {
    match (told(name), told(email)) {
        (Some(name), Some(email)) => Some(format!("{name} <{email}>")),
        (Some(name), None) => Some(name.to_owned()),
        (None, Some(email)) => Some(email.to_owned()),
        (None, None) => None,
    }
}

/// An anonymous visitor in English: their number, and with their country.
pub const ANONYMOUS: &str = "Visitor #{count}";
pub const ANONYMOUS_FROM: &str = "Visitor #{count} ({what})";

/// A visitor's name on screen: [`told_name`], or "Visitor #0427" from
/// `key`, with ` (FR)` when `country` is known.
pub fn visitor_name(name: Option<&str>, email: Option<&str>, key: &str, country: Option<&str>) -> String {
    visitor_name_in(name, email, key, country, ANONYMOUS, ANONYMOUS_FROM)
}

/// [`visitor_name`] with an anonymous visitor in other words: `anonymous`
/// fills `{count}` with their number, `anonymous_from` also `{what}` with
/// their country (the inbox's and a push's, in the operator's language).
pub fn visitor_name_in(
    name: Option<&str>,
    email: Option<&str>,
    key: &str,
    country: Option<&str>,
    anonymous: &str,
    anonymous_from: &str,
) -> String {
    use crate::texts::fill;
    told_name(name, email).unwrap_or_else(|| {
        let count = format!("{:04}", visitor_number(key));
        match told(country) {
            Some(country) => fill(&fill(anonymous_from, "count", &count), "what", country),
            None => fill(anonymous, "count", &count),
        }
    })
}

/// Up to two letters for an avatar beside `label` (a [`visitor_name`]):
/// the first of its first two words ("Ana Lopes" → "AL"), or the last two
/// digits of an anonymous visitor's number ("Visitor #0427" → "27").
pub fn initials(label: &str) -> String {
    if let Some(number) = label.strip_prefix("Visitor #") {
        return number.chars().take(4).skip(2).collect();
    }
    let words = label.split_whitespace().filter(|w| !w.starts_with('<')).take(2);
    words.filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_who_told_nothing_keeps_one_number() {
        let a = visitor_name(None, None, "b7f3c2", None);
        assert!(a.starts_with("Visitor #") && a.len() == "Visitor #0000".len(), "{a}");
        assert_eq!(a, visitor_name(None, Some(" "), "b7f3c2", None), "the same browser, the same name");
        let many: std::collections::HashSet<u16> =
            (0..100).map(|i| visitor_number(&format!("browser-{i}"))).collect();
        assert!(many.len() > 95, "visitors side by side are told apart: {} names for 100", many.len());
    }

    #[test]
    fn what_a_visitor_told_comes_first_and_the_country_last() {
        assert_eq!(visitor_name(Some("Ana"), Some("ana@example.com"), "k", None), "Ana <ana@example.com>");
        assert_eq!(visitor_name(Some("Ana"), None, "k", Some("PT")), "Ana");
        assert_eq!(visitor_name(None, Some("ana@example.com"), "k", None), "ana@example.com");
        let n = visitor_number("k");
        assert_eq!(visitor_name(None, None, "k", Some("FR")), format!("Visitor #{n:04} (FR)"));
    }

    #[test]
    fn initials_are_two_letters_or_the_number_s_last_digits() {
        assert_eq!(initials("Ana Lopes <ana@example.com>"), "AL");
        assert_eq!(initials("ana@example.com"), "A");
        assert_eq!(initials("émile zola"), "ÉZ");
        assert_eq!(initials("Visitor #0427 (FR)"), "27");
        assert_eq!(initials(""), "");
    }
}
