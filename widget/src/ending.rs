//! What the visitor is offered once a conversation has ended: rate it (good,
//! OK or bad, with an optional comment; once) and download its transcript
//! (made here from the messages the widget holds, so it works offline).

use leptos::prelude::*;
use switchboard_core::limits::MAX_RATING_COMMENT_CHARS;
use switchboard_core::protocol::{Author, Rating};
use wasm_bindgen::JsCast;

use crate::clock::clock;
use crate::state::{texts, use_widget, Widget};
use switchboard_browser::chat::Problem;

#[component]
pub fn Ending() -> impl IntoView {
    let w = use_widget();
    let ended = move || w.chat.get().is_some_and(|c| c.is_ended());
    view! {
        <div class="ending" hidden=move || !ended()>
            <Rate/>
            <button type="button" class="transcript" on:click=move |_| download(w)>
                {texts().transcript.clone()}
            </button>
        </div>
    }
}

#[component]
fn Rate() -> impl IntoView {
    let (w, t) = (use_widget(), texts());
    let choice = RwSignal::new(None::<Rating>);
    let comment = RwSignal::new(String::new());
    let rated = move || w.chat.get().and_then(|c| c.log.with(|l| l.rating()));
    let send = move || {
        let (Some(rating), Some(chat)) = (choice.get_untracked(), w.chat.get_untracked()) else { return };
        if !chat.rate(rating, comment.get_untracked()) {
            w.problem.set(Some(Problem::NotConnected));
        }
    };
    let option = move |rating: Rating, label: String| {
        view! {
            <label>
                <input type="radio" name="switchboard-rating"
                    prop:checked=move || choice.get() == Some(rating)
                    on:change=move |_| choice.set(Some(rating))/>
                {label}
            </label>
        }
    };
    view! {
        <p class="thanks" role="status">{let thanks = t.rate_thanks.clone(); move || rated().map(|_| thanks.clone())}</p>
        <form class="rate" hidden=move || rated().is_some() on:submit=move |e| { e.prevent_default(); send() }>
            <fieldset>
                <legend>{t.rate_question.clone()}</legend>
                {option(Rating::Good, t.rate_good.clone())}
                {option(Rating::Ok, t.rate_ok.clone())}
                {option(Rating::Bad, t.rate_bad.clone())}
            </fieldset>
            <label class="comment">
                <span>{t.rate_comment.clone()}</span>
                <textarea rows="2" maxlength=MAX_RATING_COMMENT_CHARS.to_string()
                    prop:value=move || comment.get()
                    on:input=move |e| comment.set(event_target_value(&e))></textarea>
            </label>
            <button type="submit" disabled=move || choice.get().is_none()>{t.rate_send.clone()}</button>
        </form>
    }
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
