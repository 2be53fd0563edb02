//! Language tags as browsers and admins send them (`?lang=`, `navigator.languages`,
//! chat languages): canonical tags, the best of a list, the widget's texts.
//! Never a panic; what is canonical stays so.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_core::languages::canonical_languages;
use switchboard_core::texts;
use switchboard_core::workspace as rules;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let asked: Vec<&str> = text.split(',').collect();
    let canonical = canonical_languages(&asked);
    assert_eq!(canonical_languages(&canonical), canonical, "{text}");
    let _ = texts::best_language(&canonical, &["en", "fr", "ar", "zh-CN"]);
    let _ = texts::widget_texts(&canonical);
    for tag in &asked {
        if let Ok(tag) = rules::language_tag("lang", tag) {
            assert_eq!(rules::language_tag("lang", &tag).as_ref(), Ok(&tag));
        }
    }
});
