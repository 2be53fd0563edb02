//! A file's upload (issue 23), for the widget and the inbox: how often it
//! is tried when the network fails (an upload is kept once under its id,
//! so trying again never doubles it), and, for the inbox, a `PUT` that
//! tells its progress (`fetch` cannot report how much of a body has gone,
//! so this is `XMLHttpRequest`'s, its `upload.onprogress` telling the
//! fraction sent).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ProgressEvent, XmlHttpRequest};

/// The files of a paste or a drop.
pub fn dropped(data: Option<web_sys::DataTransfer>) -> Vec<web_sys::File> {
    listed(data.and_then(|d| d.files()))
}

/// The files a file input's `change` picked; the input is emptied, so
/// picking the same file again is news again.
pub fn picked(e: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return vec![];
    };
    let files = listed(input.files());
    input.set_value("");
    files
}

fn listed(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map_or_else(Vec::new, |list| (0..list.length()).filter_map(|i| list.get(i)).collect())
}

/// How many times an upload is tried while the network fails, and how long
/// it waits before the next try (ms, doubled each time).
const TRIES: u32 = 3;
const FIRST_WAIT_MS: i32 = 1_000;

/// Runs `attempt` until `network_failed` says its answer was not the
/// network's fault, at most [`TRIES`] times, waiting between tries: its
/// last answer. (An upload is kept once under its id, so trying again
/// never doubles it.)
pub async fn tried<T, F: std::future::Future<Output = T>>(
    mut attempt: impl FnMut() -> F,
    network_failed: impl Fn(&T) -> bool,
) -> T {
    let mut wait = FIRST_WAIT_MS;
    let mut answer = attempt().await;
    for _ in 1..TRIES {
        if !network_failed(&answer) {
            break;
        }
        pause(wait).await;
        wait *= 2;
        answer = attempt().await;
    }
    answer
}

/// Waits `ms` milliseconds.
async fn pause(ms: i32) {
    let waited = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(waited).await;
}

/// `PUT`s `body` to `url` with `headers` (and the page's cookies, on the
/// same site); `progress` hears the fraction sent (0 to 1) as it goes.
/// The answer's status and text; `None` if nothing came back.
pub async fn put(
    url: &str,
    headers: &[(&str, &str)],
    body: &web_sys::Blob,
    progress: impl Fn(f64) + 'static,
) -> Option<(u16, String)> {
    let xhr = XmlHttpRequest::new().ok()?;
    xhr.open("PUT", url).ok()?;
    for (k, v) in headers {
        xhr.set_request_header(k, v).ok()?;
    }
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress(e.loaded() / e.total());
        }
    });
    xhr.upload().ok()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let done: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let ended = js_sys::Promise::new(&mut |resolve, _| {
        *done.borrow_mut() = Some(resolve);
    });
    let finish = {
        let done = done.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(resolve) = done.borrow_mut().take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        })
    };
    xhr.set_onloadend(Some(finish.as_ref().unchecked_ref()));
    xhr.send_with_opt_blob(Some(body)).ok()?;
    wasm_bindgen_futures::JsFuture::from(ended).await.ok()?;
    drop((on_progress, finish));
    let status = xhr.status().ok()?;
    (status != 0).then(|| (status, xhr.response_text().ok().flatten().unwrap_or_default()))
}
