//! The transport under [`crate::rpc`]: JSON over stub `fetch` on internal
//! URLs (`https://do/<path>`), stubs by binding and name, reading bodies and
//! answers (an object's refusal comes back as the [`AppError`] it answered
//! with), and WebSocket upgrades handed to an object.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use worker::{Env, Headers, Request, RequestInit, Response};

use switchboard_core::ids::{ConversationId, Login, WorkspaceId};
use switchboard_core::limits::MAX_BODY_BYTES;
use switchboard_core::protocol::ApiError;

use crate::error::{AppError, AppResult};

pub const CONVERSATIONS: &str = "CONVERSATIONS";
pub const CHANNELS: &str = "CHANNELS";
pub const WORKSPACES: &str = "WORKSPACES";
pub const DIRECTORY: &str = "DIRECTORY";
pub const OPERATORS: &str = "OPERATORS";
pub const HISTORY: &str = "HISTORY";
/// The KV namespace each channel publishes its public info to (`rpc::channel::Published`).
pub const CHANNEL_INFO: &str = "CHANNEL_INFO";
/// The one `DirectoryDo`.
pub const DIRECTORY_NAME: &str = "directory";

/// The name of an operator's bus (`OperatorDo`).
/// The R2 bucket of files sent in conversations.
pub const FILES: &str = "FILES";

/// Where a conversation's files are kept in [`FILES`]: one prefix per
/// conversation, under its workspace's.
pub fn files_prefix(workspace: &WorkspaceId, conversation: &ConversationId) -> String {
    format!("files/{workspace}/{conversation}/")
}

/// Deletes every file of `conversation` (History's retention, and a
/// visitor's data forgotten). A failure is logged: the database's rows go
/// anyway, and nothing links to the files any more.
pub async fn delete_files(env: &Env, workspace: &WorkspaceId, conversation: &ConversationId) {
    let deleted = async {
        let bucket = env.bucket(FILES)?;
        let listed = bucket.list().prefix(files_prefix(workspace, conversation)).execute().await?;
        let keys: Vec<String> = listed.objects().iter().map(|o| o.key()).collect();
        if !keys.is_empty() {
            bucket.delete_multiple(keys).await?;
        }
        Ok::<_, worker::Error>(())
    };
    if let Err(e) = deleted.await {
        AppError::from(e).log();
    }
}

pub fn bus_name(workspace: &WorkspaceId, login: &Login) -> String {
    format!("{workspace}/{login}")
}

pub fn stub(env: &Env, binding: &str, name: &str) -> AppResult<Stub> {
    Ok(Stub(env.durable_object(binding)?.get_by_name(name)?.into_rpc()))
}

/// An object's stub, held as the runtime's own: a call goes to its `fetch`
/// and its answer is read in one step each. (Through `worker::Stub`, each
/// call built a `worker::Request`, and its answer became a `worker::Response`,
/// was built again as the runtime's and read chunk by chunk through a
/// stream reader: a CPU profile of workerd found about a sixth of a
/// message's time there.)
pub struct Stub(worker_sys::DurableObject);

impl Stub {
    /// POSTs `body` as JSON to `path` of the object; its status and answer.
    pub async fn post<B: Serialize>(&self, path: &str, body: &B) -> AppResult<(u16, String)> {
        self.post_json(path, serde_json::to_string(body)?).await
    }

    /// POSTs JSON written already (as one list out of pieces written once).
    pub async fn post_json(&self, path: &str, json: String) -> AppResult<(u16, String)> {
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&json));
        let req = web_sys::Request::new_with_str_and_init(&format!("https://do{path}"), &init).map_err(js)?;
        let res: web_sys::Response = self.send(&req).await?.unchecked_into();
        let text = JsFuture::from(res.text().map_err(js)?).await.map_err(js)?;
        Ok((res.status(), text.as_string().unwrap_or_default()))
    }

    /// Hands `req` (a socket's upgrade) to the object; its answer as it is.
    pub async fn forward(&self, req: Request) -> AppResult<Response> {
        let res: web_sys::Response = self.send(req.inner()).await?.unchecked_into();
        Ok(res.into())
    }

    async fn send(&self, req: &web_sys::Request) -> AppResult<JsValue> {
        JsFuture::from(self.0.fetch_with_request(req).map_err(js)?).await.map_err(js)
    }
}

fn js(e: JsValue) -> AppError {
    worker::Error::from(e).into()
}

/// An internal path with query parameters, encoded (`/ws?role=operator&…`).
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> AppResult<String> {
    let mut url =
        worker::Url::parse(&format!("https://do{path}")).map_err(|e| AppError::Internal(e.to_string()))?;
    url.query_pairs_mut().extend_pairs(pairs);
    Ok(format!("{}?{}", url.path(), url.query().unwrap_or_default()))
}

/// Reads a JSON answer, turning an object's error status back into the
/// [`AppError`] it answered with (so a refusal travels to the client as is).
pub fn answer<T: DeserializeOwned>((status, text): (u16, String)) -> AppResult<T> {
    if (200..300).contains(&status) {
        return Ok(serde_json::from_str(&text)?);
    }
    let err: Option<ApiError> = serde_json::from_str(&text).ok();
    Err(match (status, err) {
        (401, _) => AppError::Unauthorized,
        (403, Some(e)) => AppError::ForbiddenBecause(e.message),
        (403, None) => AppError::Forbidden,
        (404, _) => AppError::NotFound,
        (400, Some(ApiError { field: Some(field), message, reason, .. })) => {
            AppError::Invalid(Box::new(crate::error::Invalid { field, message, reason }))
        }
        (400, Some(e)) => AppError::BadRequest(e.message),
        (409, Some(e)) => AppError::Conflict(e.message),
        (429, Some(e)) => {
            AppError::TooMany { message: e.message, retry_after_s: e.retry_after_s.unwrap_or(60) }
        }
        (s, _) => AppError::Internal(format!("object answered {s}: {text}")),
    })
}

/// Reads a JSON request body; a body that does not parse is the caller's
/// error, said in words that quote neither the input nor our types.
pub async fn body<T: DeserializeOwned>(req: &mut Request) -> AppResult<T> {
    parse(&req.text().await?)
}

/// The same for a body from outside (the edge's routes): refused unread
/// when it says it is larger than anyone may send, and once read if it is.
pub async fn client_body<T: DeserializeOwned>(req: &mut Request) -> AppResult<T> {
    let said = req.headers().get("content-length")?.and_then(|n| n.parse::<usize>().ok());
    if said.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(AppError::TooLarge);
    }
    let text = req.text().await?;
    if text.len() > MAX_BODY_BYTES {
        return Err(AppError::TooLarge);
    }
    parse(&text)
}

fn parse<T: DeserializeOwned>(text: &str) -> AppResult<T> {
    use serde_json::error::Category;
    serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        AppError::BadRequest(match e.classify() {
            Category::Data => format!(
                "The request body lacks a field or has one of the wrong kind (line {line}, column {column})."
            ),
            _ => format!("The request body is not valid JSON (line {line}, column {column})."),
        })
    })
}

/// A WebSocket upgrade request for an object, carrying the edge's verdict in
/// the query string, with the client's headers (Upgrade, Sec-WebSocket-*).
pub fn upgrade(req: &Request, path_and_query: &str) -> AppResult<Request> {
    let headers = Headers::new();
    for (k, v) in req.headers().entries() {
        if k != "cookie" {
            headers.set(&k, &v)?;
        }
    }
    let mut init = RequestInit::new();
    init.with_headers(headers);
    Ok(Request::new_with_init(&format!("https://do{path_and_query}"), &init)?)
}

pub fn is_websocket_upgrade(req: &Request) -> bool {
    req.headers().get("upgrade").ok().flatten().is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// The tag every socket of operator `login` carries in a conversation
/// (besides its session's digest), so all of them can be closed at once.
pub fn operator_tag(login: &Login) -> String {
    format!("op:{login}")
}
