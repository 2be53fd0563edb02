//! What the visitor is offered once a conversation has ended: rate it (good,
//! OK or bad, with an optional comment; once) and download its transcript
//! (made here from the messages the widget holds, so it works offline).

use leptos::prelude::*;
use switchboard_core::limits::MAX_RATING_COMMENT_CHARS;
use switchboard_core::protocol::{Author, Rating, WidgetTexts};
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::clock::clock;
use crate::dom::{flag, h, hide, on, say, text, watch};
use crate::state::Widget;
use switchboard_browser::chat::Problem;

pub fn ending(w: Widget, t: &WidgetTexts) -> Element {
    let transcript = h("button", &[("type", "button"), ("class", "transcript")], &[&text(&t.transcript)]);
    on(&transcript, "click", move |_| download(w));
    let (thanks, form) = rate(w, t);
    let div = h("div", &[("class", "ending")], &[&thanks, &form, &transcript]);
    hide(&div, move || !w.chat.get().is_some_and(|c| c.is_ended()));
    div
}

/// "Thank you" once rated, and the form that rates.
fn rate(w: Widget, t: &WidgetTexts) -> (Element, Element) {
    let choice = RwSignal::new(None::<Rating>);
    let comment = RwSignal::new(String::new());
    let rated = move || w.chat.get().and_then(|c| c.log.with(|l| l.rating()));
    let thanks = h("p", &[("class", "thanks"), ("role", "status")], &[]);
    let said = t.rate_thanks.clone();
    say(&thanks, move || rated().map(|_| said.clone()).unwrap_or_default());
    let option = |rating: Rating, label: &str| {
        let radio = h("input", &[("type", "radio"), ("name", "switchboard-rating")], &[]);
        let input = radio.clone().unchecked_into::<web_sys::HtmlInputElement>();
        watch(move || input.set_checked(choice.get() == Some(rating)));
        on(&radio, "change", move |_| choice.set(Some(rating)));
        h("label", &[], &[&radio, &text(label)])
    };
    let options = h(
        "fieldset",
        &[],
        &[
            &h("legend", &[], &[&text(&t.rate_question)]),
            &option(Rating::Good, &t.rate_good),
            &option(Rating::Ok, &t.rate_ok),
            &option(Rating::Bad, &t.rate_bad),
        ],
    );
    let max = MAX_RATING_COMMENT_CHARS.to_string();
    let area = h("textarea", &[("rows", "2"), ("maxlength", &max)], &[]);
    let shown = area.clone().unchecked_into::<web_sys::HtmlTextAreaElement>();
    watch(move || shown.set_value(&comment.get()));
    on(&area, "input", move |e| comment.set(event_target_value(&e)));
    let label = h("label", &[("class", "comment")], &[&h("span", &[], &[&text(&t.rate_comment)]), &area]);
    let send = h("button", &[("type", "submit")], &[&text(&t.rate_send)]);
    flag(&send, "disabled", move || choice.get().is_none());
    let form = h("form", &[("class", "rate")], &[&options, &label, &send]);
    hide(&form, move || rated().is_some());
    on(&form, "submit", move |e| {
        e.prevent_default();
        let (Some(rating), Some(chat)) = (choice.get_untracked(), w.chat.get_untracked()) else { return };
        if !chat.rate(rating, comment.get_untracked()) {
            w.problem.set(Some(Problem::NotConnected));
        }
    });
    (thanks, form)
}

/// Saves the conversation as a text file: one line per message, with its
/// time and author, and the names of the files it carried.
fn download(w: Widget) {
    let Some(chat) = w.chat.get_untracked() else { return };
    let you = w.t(|t| &t.you);
    let mut text =
        w.channel_info.with_untracked(|c| c.as_ref().map(|c| format!("{}\n\n", c.name)).unwrap_or_default());
    chat.log.with_untracked(|log| {
        for m in log.messages() {
            let who = match &m.author {
                Author::Visitor => you.as_str(),
                Author::Operator { name } | Author::Bot { name } => name.as_str(),
            };
            let (time, iso) = clock(m.at);
            text.push_str(&format!("[{} {time}] {who}: {}", &iso[..10], m.text));
            for f in &m.files {
                text.push_str(&format!(" [{}]", f.name));
            }
            text.push('\n');
        }
    });
    let _ = save(&text, "transcript.txt");
}

fn save(text: &str, name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
