//! History's rules: what a search asks (read from the inbox's address,
//! bounded and checked field by field), the full-text expression it becomes
//! (SQLite FTS5: every word must occur, as a word or a word's start; the
//! searcher's punctuation is never syntax), where a page ends, and what
//! retention deletes.

use crate::ids::{ChannelId, ConversationId, Login, VisitorId};
use crate::protocol::Rating;
use crate::workspace::FieldError;

/// Conversations a page of History holds.
pub const PAGE_SIZE: usize = 25;
/// What a search may say: characters and words.
pub const MAX_SEARCH_CHARS: usize = 200;
pub const MAX_SEARCH_WORDS: usize = 8;
/// Messages a conversation hands History in one call when it ends.
pub const ARCHIVE_BATCH: usize = 100;
/// Ended conversations retention deletes in one go (it goes on at once
/// while more are due).
pub const EXPIRE_BATCH: usize = 200;
/// The longest retention an admin may set, in days (0 keeps everything).
pub const MAX_KEEP_DAYS: u32 = 3_650;
pub const DAY_MS: i64 = 86_400_000;

/// Where a page ended: the last conversation's end (ms) and id; the next
/// page holds those that ended before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub ended_at: i64,
    pub id: ConversationId,
}

impl Cursor {
    /// As the inbox passes it back (`before=`).
    pub fn encode(&self) -> String {
        format!("{}.{}", self.ended_at, self.id.as_str())
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let (at, id) = raw.split_once('.')?;
        Some(Cursor { ended_at: at.parse().ok()?, id: ConversationId::parse(id).ok()? })
    }
}

/// A search of History, as asked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    /// Words of a message (all of them, in any order).
    pub words: String,
    pub channel: Option<ChannelId>,
    pub operator: Option<Login>,
    /// Ended at or after `from`, before `to` (ms).
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub rating: Option<Rating>,
    /// The visitor's email address, as [`email_key`] makes it.
    pub email: Option<String>,
    /// The visitor's browser (their earlier conversations).
    pub visitor: Option<VisitorId>,
    pub before: Option<Cursor>,
}

fn refuse(field: &'static str, reason: &'static str) -> FieldError {
    crate::reasons::refuse(field, reason, &[])
}

impl Search {
    /// Reads a search from the address's `key=value` pairs (already
    /// decoded); an empty value is no filter, an unknown key is ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Search, FieldError> {
        let mut s = Search::default();
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let time = |field| value.parse::<i64>().map_err(|_| refuse(field, "date"));
            match key {
                "words" => {
                    if value.chars().count() > MAX_SEARCH_CHARS {
                        return Err(crate::reasons::refuse(
                            "words",
                            "search-length",
                            &[("count", MAX_SEARCH_CHARS.to_string())],
                        ));
                    }
                    s.words = value.to_owned();
                }
                "channel" => {
                    s.channel = Some(ChannelId::parse(value).map_err(|_| refuse("channel", "no-channel"))?)
                }
                "operator" => {
                    s.operator = Some(Login::parse(value).map_err(|_| refuse("operator", "no-operator"))?)
                }
                "from" => s.from = Some(time("from")?),
                "to" => s.to = Some(time("to")?),
                "rating" => s.rating = Some(rating_named(value).ok_or_else(|| refuse("rating", "rating"))?),
                "email" => {
                    if value.len() > 254 {
                        return Err(refuse("email", "email"));
                    }
                    s.email = Some(email_key(value));
                }
                "visitor" => {
                    s.visitor = Some(VisitorId::parse(value).map_err(|_| refuse("visitor", "no-visitor"))?)
                }
                "before" => {
                    s.before = Some(Cursor::decode(value).ok_or_else(|| refuse("before", "no-page"))?)
                }
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (s.from, s.to) {
            if to <= from {
                return Err(refuse("to", "day-after"));
            }
        }
        if match_expression(&s.words).is_none() && !s.words.is_empty() {
            return Err(refuse("words", "search-words"));
        }
        Ok(s)
    }
}

/// The FTS5 expression for what the searcher typed: each word quoted (a
/// quote inside doubled, so nothing they type is syntax) and matched as a
/// word's start, all of them required; at most [`MAX_SEARCH_WORDS`] words.
/// `None`: nothing to search for (no letter or digit).
pub fn match_expression(words: &str) -> Option<String> {
    let terms: Vec<String> = words
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_SEARCH_WORDS)
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// A rating as a search names it, and as History keeps it.
pub fn rating_word(r: Rating) -> &'static str {
    match r {
        Rating::Good => "good",
        Rating::Ok => "ok",
        Rating::Bad => "bad",
    }
}

/// The rating a word names ([`rating_word`] read back).
pub fn rating_named(word: &str) -> Option<Rating> {
    [Rating::Good, Rating::Ok, Rating::Bad].into_iter().find(|r| rating_word(*r) == word)
}

/// How an email address is matched: trimmed and lowercased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Kept for `keep_days` days (0: for good): conversations that ended before
/// the returned time (ms) are deleted.
pub fn expired_before(now: i64, keep_days: u32) -> Option<i64> {
    (keep_days > 0).then(|| now - keep_days as i64 * DAY_MS)
}

/// The retention an admin sets, in days.
pub fn keep_days(days: u32) -> Result<u32, FieldError> {
    match days <= MAX_KEEP_DAYS {
        true => Ok(days),
        false => Err(crate::reasons::refuse(
            "keep_history_days",
            "keep-days",
            &[("count", MAX_KEEP_DAYS.to_string())],
        )),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn search(pairs: &[(&str, &str)]) -> Result<Search, FieldError> {
        Search::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn every_word_is_quoted_and_matched_as_a_words_start() {
        assert_eq!(match_expression("refund order").as_deref(), Some("\"refund\"* \"order\"*"));
        assert_eq!(
            match_expression("  \"NEAR(\" OR x*").as_deref(),
            Some("\"\"\"NEAR(\"\"\"* \"OR\"* \"x*\"*")
        );
        assert_eq!(match_expression(" -- ! "), None);
        assert_eq!(
            match_expression(&"a ".repeat(50)).map(|e| e.matches('*').count()),
            Some(MAX_SEARCH_WORDS)
        );
    }

    #[test]
    fn a_search_reads_its_filters_and_names_the_field_at_fault() {
        let s = search(&[
            ("words", "refund"),
            ("rating", "bad"),
            ("email", " Ann@Example.com "),
            ("from", "10"),
            ("to", "20"),
            ("x", "y"),
        ])
        .unwrap();
        assert_eq!(
            (s.words.as_str(), s.rating, s.email.as_deref(), s.from, s.to),
            ("refund", Some(Rating::Bad), Some("ann@example.com"), Some(10), Some(20))
        );
        assert_eq!(search(&[("channel", ""), ("operator", "")]).unwrap(), Search::default());
        for (pairs, field) in [
            (vec![("rating", "great")], "rating"),
            (vec![("from", "monday")], "from"),
            (vec![("from", "20"), ("to", "10")], "to"),
            (vec![("words", "!!")], "words"),
            (vec![("before", "12")], "before"),
        ] {
            assert_eq!(search(&pairs).unwrap_err().field, field);
        }
        assert_eq!(search(&[("words", &"x".repeat(MAX_SEARCH_CHARS + 1))]).unwrap_err().field, "words");
    }

    #[test]
    fn a_cursor_reads_back_as_written() {
        let c = Cursor { ended_at: 1_700_000_000_000, id: ConversationId::parse("c1").unwrap() };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("x.c1"), None);
    }

    #[test]
    fn a_rating_reads_back_from_its_word() {
        for r in [Rating::Good, Rating::Ok, Rating::Bad] {
            assert_eq!(rating_named(rating_word(r)), Some(r));
        }
        assert_eq!(rating_named("great"), None);
    }

    #[test]
    fn retention_keeps_everything_at_zero_days() {
        assert_eq!(expired_before(10 * DAY_MS, 0), None);
        assert_eq!(expired_before(10 * DAY_MS, 3), Some(7 * DAY_MS));
        assert!(keep_days(MAX_KEEP_DAYS).is_ok());
        assert_eq!(keep_days(MAX_KEEP_DAYS + 1).unwrap_err().field, "keep_history_days");
    }

    proptest! {
        /// Whatever is typed, the expression is only quoted terms: an even
        /// number of quotes, each term closed and starred.
        #[test]
        fn typed_text_never_becomes_syntax(words in "\\PC{0,80}") {
            if let Some(e) = match_expression(&words) {
                prop_assert_eq!(e.matches('"').count() % 2, 0);
                for term in e.split("* ") {
                    prop_assert!(term.starts_with('"'));
                }
                prop_assert!(e.ends_with("\"*"));
            }
        }
    }
}
