//! The visitor's browser languages, made safe to store and to match on.
//!
//! `navigator.languages` is client input: each entry is parsed as a BCP 47
//! language tag with `unic-langid` and kept in canonical form (`fr-be` becomes
//! `fr-BE`); anything that does not parse is dropped, duplicates go, and the
//! list is bounded by [`MAX_LANGUAGES`].

use unic_langid::LanguageIdentifier;

use crate::limits::{MAX_LANGUAGES, MAX_LANGUAGE_TAG_LEN};

/// Canonical BCP 47 tags from raw browser input, preference order kept.
pub fn canonical_languages<S: AsRef<str>>(raw: &[S]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw.iter().map(AsRef::as_ref) {
        if tag.len() > MAX_LANGUAGE_TAG_LEN {
            continue;
        }
        let Ok(id) = tag.parse::<LanguageIdentifier>() else {
            continue;
        };
        if id.language.is_empty() {
            continue; // "und" says nothing about the visitor
        }
        let tag = id.to_string();
        if !out.contains(&tag) {
            out.push(tag);
        }
        if out.len() == MAX_LANGUAGES {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_valid_tags_canonical_in_order() {
        assert_eq!(canonical_languages(&["fr-be", "fr", "EN-us", "fr-BE"]), vec!["fr-BE", "fr", "en-US"]);
    }

    #[test]
    fn drops_garbage_and_bounds_the_list() {
        assert_eq!(canonical_languages(&["", "<script>", "und", "x".repeat(100).as_str(), "de"]), vec!["de"]);
        let many: Vec<String> =
            ["en", "fr", "de", "es", "it", "pt", "ja", "ar", "nl", "sv"].map(String::from).into();
        assert_eq!(canonical_languages(&many).len(), MAX_LANGUAGES);
    }
}
