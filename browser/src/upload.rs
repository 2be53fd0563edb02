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

/// The files `e` carries: a paste's, a drop's, or those a file input
/// picked (the input is emptied, so picking the same file again is news
/// again). Read by name rather than through each event's type: the
/// widget's every import costs each visitor.
pub fn carried(e: &web_sys::Event) -> Vec<web_sys::File> {
    let get = |v: &JsValue, key: &str| {
        js_sys::Reflect::get(v, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
    };
    let listed = |list: Option<JsValue>| -> Vec<web_sys::File> {
        list.map_or_else(Vec::new, |list| {
            js_sys::Array::from(&list).iter().map(JsCast::unchecked_into).collect()
        })
    };
    if let Some(data) = get(e, "clipboardData").or_else(|| get(e, "dataTransfer")) {
        return listed(get(&data, "files"));
    }
    // Listed before the input is emptied: its list is live.
    let input: JsValue = e.target().map(Into::into).unwrap_or_default();
    let files = listed(get(&input, "files"));
    let _ = js_sys::Reflect::set(&input, &"value".into(), &"".into());
    files
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
