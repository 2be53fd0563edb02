//! The inbox's HTTP calls. A failure comes back as an [`ApiError`]: the
//! server's own (with the form field it is about) or one made here when the
//! server cannot be reached.

use gloo_net::http::{Method, RequestBuilder};
use serde::{de::DeserializeOwned, Serialize};
use switchboard_core::protocol::{ApiError, Me, Reason};

/// This inbox's origin: the Worker's, which serves it.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The WebSocket URL of `path` on the Worker.
pub fn socket_url(path: &str) -> String {
    switchboard_browser::socket::ws_url(&origin(), path)
}

/// Why a request went unanswered: this device is offline, or the server is
/// out of reach.
fn unreachable() -> ApiError {
    let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
    local_error(crate::i18n::tr(if online { "server-unreachable" } else { "offline" }))
}

fn local_error(message: impl Into<String>) -> ApiError {
    ApiError {
        code: "client".into(),
        message: message.into(),
        field: None,
        retry_after_s: None,
        reason: None,
    }
}

/// Sends `body` (JSON) to `path`; reads the JSON answer.
pub async fn call<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let builder = RequestBuilder::new(path).method(method);
    let request = match body {
        Some(b) => builder.json(b).map_err(|e| local_error(e.to_string()))?,
        None => builder.build().map_err(|e| local_error(e.to_string()))?,
    };
    let res = request.send().await.map_err(|_| unreachable())?;
    if res.ok() {
        res.json().await.map_err(|e| local_error(e.to_string()))
    } else {
        Err(res.json::<ApiError>().await.map(localized).unwrap_or_else(|_| {
            local_error(crate::i18n::tr_with("server-answered", &[("what", &res.status().to_string())]))
        }))
    }
}

/// A refusal in the inbox's language when it has words of its own for that
/// kind of refusal; in English the server's own words stay (they can say
/// more: which limit, which field).
pub fn localized(mut e: ApiError) -> ApiError {
    use crate::i18n::{lang, number, tr, tr_with};
    if lang() == "en" {
        return e;
    }
    if let Some(said) = e.reason.as_ref().and_then(refusal) {
        e.message = said;
        return e;
    }
    e.message = match (e.code.as_str(), e.retry_after_s) {
        ("wrong_credentials", _) => tr("error-wrong-credentials"),
        ("unauthorized", _) => tr("error-unauthorized"),
        ("forbidden", _) => tr("error-forbidden"),
        ("not_found", _) => tr("error-not-found"),
        ("internal", _) => tr("error-internal"),
        ("file_empty", _) => tr("error-file-empty"),
        ("too_many", Some(s)) => tr_with("error-too-many", &[("count", &number(u64::from(s)))]),
        _ => return e,
    };
    e
}

/// A form field's refusal in the inbox's language (`refusal-<id>` of
/// `site/locales/`, `core::reasons`), if it has the words.
pub fn refusal(reason: &Reason) -> Option<String> {
    use crate::i18n::{tr, tr_with};
    let arg = |name: &str| reason.args.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let id = format!("refusal-{}", reason.id);
    if tr(&id) == id {
        return None;
    }
    // The inner reason of one said of a language's text comes first.
    let inner;
    let mut args: Vec<(&str, &str)> = reason.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if let Some(of) = arg("reason") {
        let rest = reason.args.iter().filter(|(k, _)| k != "reason").cloned().collect();
        inner = refusal(&Reason { id: of.to_owned(), args: rest })?;
        args.retain(|(k, _)| *k != "name");
        args.push(("name", &inner));
    }
    Some(tr_with(&id, &args))
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    call::<(), T>(Method::GET, path, None).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    call(Method::POST, path, Some(body)).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    call(Method::PUT, path, Some(body)).await
}

/// The logged-in operator, or `None` when nobody is logged in.
pub async fn me() -> Result<Option<Me>, String> {
    get("/api/session").await.map_err(|e| e.message)
}
