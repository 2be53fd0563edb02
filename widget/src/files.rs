//! Files in the visitor's panel (issue 23): the files a message carries,
//! fetched with the visitor's key (the widget runs on another site, so no
//! cookie opens them) and shown from the browser's memory, images inline
//! and everything else as a link to save; and the control that sends what
//! the visitor picks, each file uploaded first, then named in a message.

use leptos::prelude::*;
use switchboard_browser::chat::Problem;
use switchboard_core::protocol::{Attachment, ConversationStarted, WidgetTexts};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::dom::{flag, h, hide, on, text};
use crate::state::Widget;
use crate::visitor;

/// The conversation going on here: its id and the visitor's key.
fn current(w: Widget) -> Option<ConversationStarted> {
    visitor::stored(&w.channel.get_value())
}

fn file_url(w: Widget, c: &ConversationStarted, id: &str) -> String {
    format!("{}/api/conversations/{}/files/{id}", w.base.get_value().trim_end_matches('/'), c.conversation)
}

/// File `id` of the conversation, as a URL of the browser's memory.
async fn local_url(w: Widget, id: String) -> Option<String> {
    let c = current(w)?;
    let key = format!("Bearer {}", c.token);
    let res = visitor::request(&file_url(w, &c, &id), "GET", None, &[("authorization", &key)]).await.ok()?;
    let blob: web_sys::Blob = JsFuture::from(res.blob().ok()?).await.ok()?.unchecked_into();
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// A file fetched (its URL in the browser's memory) or on its way, and the
/// attributes waiting for it (`src` of an image, `href` of a link).
pub(crate) struct Shown {
    id: String,
    url: Option<String>,
    waiting: Vec<(Element, &'static str)>,
}

/// Sets `attr` of `el` to where file `id` shows: fetched once for the
/// conversation (a line drawn again, sent, seen or answered, shows what was
/// fetched or waits for it). A fetch that fails is tried by the next
/// drawing; one that ends after [`forget_shown`] lets its file go.
fn show(w: Widget, id: &str, el: &Element, attr: &'static str) {
    let known = w.shown.try_update_value(|all| match all.iter_mut().find(|s| s.id == id) {
        Some(Shown { url: Some(url), .. }) => {
            let _ = el.set_attribute(attr, url);
            true
        }
        Some(on_its_way) => {
            on_its_way.waiting.push((el.clone(), attr));
            true
        }
        None => {
            all.push(Shown { id: id.to_owned(), url: None, waiting: vec![(el.clone(), attr)] });
            false
        }
    });
    if known != Some(false) {
        return;
    }
    let id = id.to_owned();
    leptos::task::spawn_local(async move {
        let got = local_url(w, id.clone()).await;
        let kept = w.shown.try_update_value(|all| {
            let i = all.iter().position(|s| s.id == id)?;
            let Some(url) = &got else {
                all.remove(i);
                return None;
            };
            for (el, attr) in std::mem::take(&mut all[i].waiting) {
                let _ = el.set_attribute(attr, url);
            }
            all[i].url = got.clone();
            Some(())
        });
        if let (None, Some(url)) = (kept.flatten(), got) {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
}

/// Lets go of the files of a conversation the visitor left.
pub fn forget_shown(w: Widget) {
    for url in w.shown.try_update_value(std::mem::take).unwrap_or_default().into_iter().filter_map(|s| s.url)
    {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// The files of one message, put in its line: each a link to save it, an
/// image shown in it.
pub fn files(w: Widget, line: &Element, files: Vec<Attachment>) {
    for f in files {
        let link = h("a", &[("download", &f.name)], &[]);
        if f.is_image() {
            let image = h("img", &[("alt", &f.name)], &[]);
            show(w, &f.id, &image, "src");
            let _ = link.append_child(&image);
        } else {
            let _ = link.append_child(&text(&f.name));
        }
        show(w, &f.id, &link, "href");
        let _ = line.append_child(&h("p", &[("class", "file")], &[&link]));
    }
}

/// Uploads `file` under a new id, tried again under the same id while the
/// network fails: the id, or why not. (Through `fetch`, which cannot tell
/// how much has gone: the panel shows a bar that moves until it is done;
/// measuring it would cost every visitor about 7 KB gzip.)
async fn upload(w: Widget, file: web_sys::File) -> Result<String, Problem> {
    let c = current(w).ok_or(Problem::NotConnected)?;
    let id = switchboard_browser::socket::random_hex();
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let key = format!("Bearer {}", c.token);
    let headers = [("authorization", key.as_str()), ("x-file-name", name.as_str())];
    let url = file_url(w, &c, &id);
    let put = || visitor::request(&url, "PUT", Some(&file), &headers);
    let answer = switchboard_browser::upload::tried(put, |a| matches!(a, Err(Problem::Unreachable))).await;
    answer.map(|_| id)
}

/// Uploads what the visitor picked, pasted or dropped (at most
/// `MAX_FILES_PER_MESSAGE`), then sends it as one message; a refusal is
/// told in the visitor's language.
pub fn send_files(w: Widget, picked: Vec<web_sys::File>, busy: RwSignal<bool>) {
    if !cfg!(feature = "upload") || picked.is_empty() || w.chat.get_untracked().is_none_or(|c| c.is_ended()) {
        return;
    }
    busy.set(true);
    leptos::task::spawn_local(async move {
        let mut sent = vec![];
        for file in picked.into_iter().take(switchboard_core::limits::MAX_FILES_PER_MESSAGE) {
            match upload(w, file).await {
                Ok(id) => sent.push(id),
                Err(problem) => w.problem.set(Some(problem)),
            }
        }
        if let (false, Some(chat)) = (sent.is_empty(), w.chat.get_untracked()) {
            chat.send_with_files(String::new(), sent);
        }
        busy.set(false);
    });
}

/// "Attach files", while a conversation is going on, put in `form`; and a
/// bar while files go.
pub fn attach(w: Widget, form: &Element, t: &WidgetTexts, busy: RwSignal<bool>) {
    if !cfg!(feature = "upload") {
        return;
    }
    let input = h("input", &[("type", "file"), ("multiple", "")], &[]);
    flag(&input, "disabled", move || busy.get());
    on(&input, "change", move |e| send_files(w, switchboard_browser::upload::carried(&e), busy));
    let label = h("label", &[("class", "attach")], &[&text(&t.attach), &input]);
    hide(&label, move || !w.chat.get().is_some_and(|c| !c.is_ended()));
    let progress = h("progress", &[("aria-label", &t.sending)], &[]);
    hide(&progress, move || !busy.get());
    let _ = form.append_child(&label);
    let _ = form.append_child(&progress);
}
