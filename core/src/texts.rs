//! The widget's words in the visitor's language.
//!
//! The texts are Fluent message files, one per language, in
//! `widget/locales/`. The widget never parses them: that would put a Fluent
//! runtime (and nine languages) into every visitor's download. Instead the
//! Worker, with the `catalog` feature, negotiates the visitor's language
//! (`fluent-langneg` over `unic-langid` tags), formats every message once and
//! sends the result as [`WidgetTexts`]. Variables only the widget knows (an
//! operator's name, a queue place, an email) stay as `{name}` markers that
//! [`fill`] replaces.
//!
//! The same catalogue gives the loader its launcher labels at build time
//! ([`launcher_labels`]), and picks a channel's welcome message among the
//! languages it is written in ([`best_language`]).

use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use unic_langid::LanguageIdentifier;

/// The languages the inbox speaks, each with its own name for itself, in
/// the order the profile offers them (`site/locales/<tag>.ftl`).
pub const INBOX_LANGUAGES: [(&str, &str); 9] = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("de", "Deutsch"),
    ("pt", "Português"),
    ("ja", "日本語"),
    ("zh-CN", "简体中文"),
    ("ar", "العربية"),
];

/// Whether the inbox is written right to left in `tag` (of
/// [`INBOX_LANGUAGES`]).
pub fn right_to_left(tag: &str) -> bool {
    tag == "ar"
}

/// Replaces the marker `{var}` in `template` with `value`.
pub fn fill(template: &str, var: &str, value: &str) -> String {
    template.replace(&format!("{{{var}}}"), value)
}

/// Which of `available` (BCP 47 tags) suits a visitor who asked for
/// `requested`, if any does: a region or script may differ (`pt-BR`
/// takes `pt`, `zh-TW` takes `zh-CN`) but the language may not.
pub fn best_language<S: AsRef<str>>(requested: &[String], available: &[S]) -> Option<usize> {
    let parse = |t: &str| t.parse::<LanguageIdentifier>().ok();
    let requested: Vec<LanguageIdentifier> = requested.iter().filter_map(|t| parse(t)).collect();
    let offered: Vec<(usize, LanguageIdentifier)> =
        available.iter().enumerate().filter_map(|(i, t)| Some((i, parse(t.as_ref())?))).collect();
    let ids: Vec<LanguageIdentifier> = offered.iter().map(|(_, l)| l.clone()).collect();
    let chosen = negotiate_languages(&requested, &ids, None, NegotiationStrategy::Filtering);
    let first = chosen.first()?;
    offered.iter().find(|(_, l)| l == *first).map(|(i, _)| *i)
}

#[cfg(feature = "catalog")]
pub use catalog::*;

#[cfg(feature = "catalog")]
pub(crate) mod catalog {
    use std::sync::OnceLock;

    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
    use unic_langid::{CharacterDirection, LanguageIdentifier};

    use super::best_language;

    use crate::limits::MAX_MESSAGE_CHARS;
    use crate::protocol::{WidgetLocale, WidgetTexts};

    /// Every language the widget speaks, with its message file. The first is
    /// the fallback.
    pub const WIDGET_LOCALES: [(&str, &str); 9] = locale_files!("widget/locales");

    /// Variables the widget fills in; the others are formatted here.
    pub const WIDGET_VARIABLES: [&str; 4] = ["name", "place", "email", "count"];

    /// Every message of one file, formatted: `{ $name }` becomes the marker
    /// `{name}`, `$max` the limit. Errors name the language and the problem.
    fn format_all(tag: &str, source: &str) -> Result<Vec<(String, String)>, String> {
        format_messages(tag, source, &WIDGET_VARIABLES, &[("max", MAX_MESSAGE_CHARS)])
    }

    /// Every message of one file, in order, formatted: each of `markers`
    /// (`{ $name }`) becomes the marker `{name}`, each of `numbers` its
    /// value; any other variable is an error.
    pub(crate) fn format_messages(
        tag: &str,
        source: &str,
        markers: &[&str],
        numbers: &[(&str, usize)],
    ) -> Result<Vec<(String, String)>, String> {
        let lang: LanguageIdentifier = tag.parse().map_err(|_| format!("{tag}: not a language tag"))?;
        let rtl = is_rtl(&lang);
        let resource = FluentResource::try_new(source.to_owned())
            .map_err(|(_, errors)| format!("{tag}.ftl does not parse: {errors:?}"))?;
        let ids: Vec<String> = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect();
        let mut bundle = FluentBundle::new(vec![lang]);
        // Isolation marks keep a Latin name readable in a right-to-left
        // sentence; left-to-right texts go without them.
        bundle.set_use_isolating(rtl);
        bundle.add_resource(resource).map_err(|e| format!("{tag}.ftl: {e:?}"))?;
        let mut args = FluentArgs::new();
        for var in markers {
            args.set(*var, FluentValue::from(format!("{{{var}}}")));
        }
        for (var, value) in numbers {
            args.set(*var, FluentValue::from(*value));
        }
        let mut out = Vec::new();
        for id in ids {
            let pattern = bundle
                .get_message(&id)
                .and_then(|m| m.value())
                .ok_or_else(|| format!("{tag}.ftl: {id} has no value"))?;
            let mut errors = vec![];
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
            if !errors.is_empty() {
                return Err(format!("{tag}.ftl: {id}: {errors:?}"));
            }
            out.push((id, text));
        }
        Ok(out)
    }

    /// The file's messages as [`WidgetTexts`]: exactly its fields, no more,
    /// no fewer (message `too-long` is field `too_long`).
    fn texts_of(tag: &str, source: &str) -> Result<WidgetTexts, String> {
        let messages = format_all(tag, source)?;
        let field = |id: &str| id.replace('-', "_");
        if let Some((id, _)) = messages.iter().find(|(id, _)| !WidgetTexts::IDS.contains(&field(id).as_str()))
        {
            return Err(format!("{tag}.ftl: {id} is not one of the widget's texts"));
        }
        WidgetTexts::IDS
            .iter()
            .map(|want| {
                let found = messages.iter().find(|(id, _)| field(id) == *want);
                found.map(|(_, text)| text.clone()).ok_or_else(|| format!("{tag}.ftl: {want} is missing"))
            })
            .collect::<Result<Vec<String>, String>>()
            .map(WidgetTexts::from)
    }

    pub(crate) fn is_rtl(lang: &LanguageIdentifier) -> bool {
        lang.character_direction() == CharacterDirection::RTL
    }

    /// The widget's texts in the best of its languages for `requested`,
    /// English when none suits. Each language's file is formatted once per
    /// process (the Worker asks on every page load of every site).
    pub fn widget_texts(requested: &[String]) -> WidgetLocale {
        static FORMATTED: [OnceLock<WidgetLocale>; WIDGET_LOCALES.len()] =
            [const { OnceLock::new() }; WIDGET_LOCALES.len()];
        let tags: Vec<&str> = WIDGET_LOCALES.iter().map(|(t, _)| *t).collect();
        let i = best_language(requested, &tags).unwrap_or(0);
        FORMATTED[i]
            .get_or_init(|| {
                let (tag, source) = WIDGET_LOCALES[i];
                // The files are checked by this module's tests: a failure here
                // is a build that skipped them, and English is still better
                // than nothing.
                let texts = texts_of(tag, source)
                    .or_else(|_| texts_of(WIDGET_LOCALES[0].0, WIDGET_LOCALES[0].1))
                    .unwrap_or_default();
                let rtl = tag.parse::<LanguageIdentifier>().is_ok_and(|l| is_rtl(&l));
                WidgetLocale { lang: tag.to_owned(), rtl, texts }
            })
            .clone()
    }

    /// `(language, launcher label)` for every language, for the loader, which
    /// draws the launcher before the widget (and its texts) arrive.
    pub fn launcher_labels() -> Result<Vec<(String, String)>, String> {
        WIDGET_LOCALES
            .iter()
            .map(|(tag, source)| Ok((tag.to_string(), texts_of(tag, source)?.launcher)))
            .collect()
    }

    #[cfg(test)]
    pub(crate) mod tests {
        use super::*;
        use crate::texts::fill;

        fn langs(tags: &[&str]) -> Vec<String> {
            tags.iter().map(|t| t.to_string()).collect()
        }

        #[test]
        fn every_language_has_every_message_and_no_other() {
            let english: Vec<String> =
                format_all("en", WIDGET_LOCALES[0].1).unwrap().into_iter().map(|(id, _)| id).collect();
            for (tag, source) in WIDGET_LOCALES {
                let messages = format_all(tag, source).unwrap();
                let ids: Vec<&String> = messages.iter().map(|(id, _)| id).collect();
                assert_eq!(ids, english.iter().collect::<Vec<_>>(), "{tag}.ftl: same messages, same order");
                texts_of(tag, source).unwrap();
            }
        }

        /// Each of `messages` (one file's, formatted) uses each of
        /// `variables` exactly where English does, leaves no Fluent
        /// placeable unformatted, and says something (the inbox's files
        /// are held to the same).
        pub(crate) fn assert_same_markers(
            tag: &str,
            english: &[(String, String)],
            messages: &[(String, String)],
            variables: &[&str],
        ) {
            for ((id, en), (_, text)) in english.iter().zip(messages) {
                for var in variables {
                    let marker = format!("{{{var}}}");
                    assert_eq!(
                        en.contains(&marker),
                        text.contains(&marker),
                        "{tag}.ftl: {id} must use ${var} exactly where English does"
                    );
                }
                assert!(!text.contains("{$") && !text.contains("{ $"), "{tag}.ftl: {id}: {text}");
                assert!(!text.trim().is_empty(), "{tag}.ftl: {id} is empty");
            }
        }

        #[test]
        fn every_language_keeps_the_same_markers_for_the_widget() {
            let english = format_all("en", WIDGET_LOCALES[0].1).unwrap();
            for (tag, source) in WIDGET_LOCALES {
                assert_same_markers(tag, &english, &format_all(tag, source).unwrap(), &WIDGET_VARIABLES);
            }
        }

        #[test]
        fn the_visitors_language_is_chosen_with_region_and_fallback() {
            let pick = |tags: &[&str]| widget_texts(&langs(tags));
            assert_eq!(pick(&["fr-FR", "en"]).lang, "fr");
            assert_eq!(pick(&["fr-FR", "en"]).texts.send, "Envoyer");
            assert_eq!(pick(&["nl", "pt-BR"]).lang, "pt", "the first language we speak wins");
            assert_eq!(pick(&["zh-TW"]).lang, "zh-CN");
            assert_eq!(pick(&["sv", "nl"]).lang, "en");
            assert_eq!(pick(&[]).lang, "en");
            assert!(pick(&["ar-EG"]).rtl);
            assert!(!pick(&["de"]).rtl);
        }

        #[test]
        fn markers_are_left_for_the_widget_and_the_limit_is_written_in() {
            let en = widget_texts(&langs(&["en"])).texts;
            assert_eq!(fill(&en.typing, "name", "Olga"), "Olga is typing…");
            assert_eq!(en.too_long, format!("Messages are limited to {MAX_MESSAGE_CHARS} characters."));
            let ar = widget_texts(&langs(&["ar"])).texts;
            assert!(fill(&ar.typing, "name", "Olga").contains("\u{2068}Olga\u{2069}"), "isolated in RTL");
        }

        #[test]
        fn a_welcome_is_picked_among_the_languages_it_is_written_in() {
            let written = ["de", "fr-CA", "es"];
            assert_eq!(best_language(&langs(&["fr-FR", "es"]), &written), Some(1));
            assert_eq!(best_language(&langs(&["it"]), &written), None);
            assert_eq!(best_language(&langs(&["es-MX", "de"]), &written), Some(2));
        }

        #[test]
        fn the_loader_gets_a_label_per_language() {
            let labels = launcher_labels().unwrap();
            assert_eq!(labels.len(), WIDGET_LOCALES.len());
            assert!(labels.contains(&("fr".to_owned(), "Discutez avec nous".to_owned())));
        }
    }
}
