//! The visitor's browser languages, made safe to store and to match on.
//!
//! `navigator.languages` is client input: each entry is parsed as a BCP 47
//! language tag with `unic-langid` and kept in canonical form (`fr-be` becomes
//! `fr-BE`); anything that does not parse is dropped, duplicates go, and the
//! list is bounded by [`MAX_LANGUAGES`].

use unic_langid::LanguageIdentifier;

use crate::limits::{MAX_LANGUAGES, MAX_LANGUAGE_TAG_LEN};

/// `tag` in canonical form, if it is a language tag that names a language
/// ("und" says nothing about anyone) and whose canonical form is itself
/// canonical: `unic-langid` writes some odd tags in a form it then reads
/// differently (`rh-USrKf-Kfre` becomes `rh-Kfre-usrkf`, then
/// `rh-kfre-usrkf`; found by fuzzing), and a stored tag must match itself.
pub fn canonical(tag: &str) -> Option<String> {
    if tag.len() > MAX_LANGUAGE_TAG_LEN {
        return None;
    }
    let id = tag.parse::<LanguageIdentifier>().ok()?;
    if id.language.is_empty() {
        return None;
    }
    let once = id.to_string();
    let twice = once.parse::<LanguageIdentifier>().ok()?.to_string();
    (once == twice).then_some(once)
}

/// Canonical BCP 47 tags from raw browser input, preference order kept.
pub fn canonical_languages<S: AsRef<str>>(raw: &[S]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw.iter().map(AsRef::as_ref) {
        let Some(tag) = canonical(tag) else {
            continue;
        };
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
    fn a_tag_whose_canonical_form_reads_otherwise_is_dropped() {
        // From the `languages` fuzz target: not a fixed point of parse and print.
        assert_eq!(canonical_languages(&["rh-USrKf-Kfre", "fr"]), vec!["fr"]);
        assert_eq!(canonical("sr-latn-rs").as_deref(), Some("sr-Latn-RS"));
    }

    #[test]
    fn drops_garbage_and_bounds_the_list() {
        assert_eq!(canonical_languages(&["", "<script>", "und", "x".repeat(100).as_str(), "de"]), vec!["de"]);
        let many: Vec<String> =
            ["en", "fr", "de", "es", "it", "pt", "ja", "ar", "nl", "sv"].map(String::from).into();
        assert_eq!(canonical_languages(&many).len(), MAX_LANGUAGES);
    }
}
