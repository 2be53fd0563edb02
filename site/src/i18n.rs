//! The inbox's words in the operator's language: the language their
//! profile names, else the best of their browser's among
//! `texts::INBOX_LANGUAGES`. Its texts come formatted (`core::inbox_texts`):
//! English is built in; another language is loaded from
//! `/inbox/texts/<tag>.json` before the inbox is drawn, and the page's
//! `lang` and `dir` follow it (Arabic right to left). Numbers and times are
//! written by the browser's `Intl` for the same language.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Deserialize;
use switchboard_core::texts::{best_language, fill, INBOX_LANGUAGES};

#[derive(Deserialize)]
struct Catalog {
    lang: String,
    rtl: bool,
    texts: HashMap<String, String>,
}

thread_local! {
    static CURRENT: RefCell<Option<Catalog>> = const { RefCell::new(None) };
}

fn english() -> Catalog {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/en.json"))).expect("the build wrote English")
}

/// The text `id` in the inbox's language (its id if there is none: a
/// test checks every id the code asks for exists).
pub fn tr(id: &str) -> String {
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        let catalog = c.get_or_insert_with(english);
        catalog.texts.get(id).cloned().unwrap_or_else(|| id.to_owned())
    })
}

/// The text `id` with its `{var}` markers filled.
pub fn tr_with(id: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(tr(id), |text, (var, value)| fill(&text, var, value))
}

/// The inbox's language now.
pub fn lang() -> String {
    CURRENT.with(|c| c.borrow().as_ref().map_or_else(|| "en".to_owned(), |c| c.lang.clone()))
}

/// The language for an operator whose profile says `chosen` (or nobody
/// logged in yet): that one, else the browser's best, else English.
pub fn choose(chosen: Option<&str>) -> &'static str {
    let tags: Vec<&str> = INBOX_LANGUAGES.iter().map(|(t, _)| *t).collect();
    if let Some(tag) = chosen.and_then(|c| tags.iter().find(|t| **t == c)) {
        return tag;
    }
    let asked: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default();
    best_language(&asked, &tags).map_or("en", |i| tags[i])
}

/// Makes `tag` the inbox's language (loading its texts unless they are
/// here); English when they cannot be loaded.
pub async fn adopt(tag: &str) {
    if lang() == tag && CURRENT.with(|c| c.borrow().is_some()) {
        return;
    }
    let catalog = if tag == "en" {
        english()
    } else {
        let url = format!("/inbox/texts/{tag}.json");
        match gloo_net::http::Request::get(&url).send().await {
            Ok(res) if res.ok() => res.json::<Catalog>().await.unwrap_or_else(|_| english()),
            _ => english(),
        }
    };
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", &catalog.lang);
        let _ = root.set_attribute("dir", if catalog.rtl { "rtl" } else { "ltr" });
    }
    CURRENT.with(|c| *c.borrow_mut() = Some(catalog));
}

/// `n` as the inbox's language writes numbers.
pub fn number(n: u64) -> String {
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&lang().into()), &js_sys::Object::new());
    format
        .format()
        .call1(&format, &(n as f64).into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or(n.to_string())
}

/// How long ago `then` was at `now` (ms), for the eye ("4 min") and the
/// ear ("4 minutes ago"), in the inbox's language (`core::ago` picks the
/// unit).
pub fn ago(now: i64, then: i64) -> (String, String) {
    use switchboard_core::ago::{elapsed, Elapsed};
    let (value, unit) = match elapsed(now, then) {
        Elapsed::Now => return (tr("time-now"), tr("time-just-now")),
        Elapsed::Minutes(n) => (n, "minute"),
        Elapsed::Hours(n) => (n, "hour"),
        Elapsed::Days(n) => (n, "day"),
    };
    let locales = js_sys::Array::of1(&lang().into());
    let short = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&short, &"style".into(), &"unit".into());
    let _ = js_sys::Reflect::set(&short, &"unit".into(), &unit.into());
    let _ = js_sys::Reflect::set(&short, &"unitDisplay".into(), &"short".into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &short);
    let eye = format.format().call1(&format, &(value as f64).into()).ok().and_then(|s| s.as_string());
    let words = js_sys::Intl::RelativeTimeFormat::new(&locales, &js_sys::Object::new());
    let ear = words.format(-(value as f64), unit).as_string();
    (eye.unwrap_or_else(|| value.to_string()), ear.unwrap_or_else(|| value.to_string()))
}
