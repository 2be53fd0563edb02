//! The visitor's key to their conversation: `{conversation, token}` in the
//! host site's `localStorage`, one per channel, so a reload or a second tab
//! continues the same conversation. Also the visitor's id on this site (not a
//! secret), so a returning visitor can get the operator who answered them
//! last time. The last texts and channel news are kept there too, so the
//! widget draws at once, and offline after a reload. HTTP is plain `fetch`.

use serde::de::DeserializeOwned;
use switchboard_core::client::Pending;
use switchboard_core::ids::{ChannelId, ClientMsgId, VisitorId};
use switchboard_core::protocol::{
    ChannelPublic, ConversationStarted, StartConversation, VisitorUser, WidgetLocale, WidgetTexts,
};

use switchboard_browser::chat::Problem;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// Calls the chat service (plain `fetch`: the widget pays for every crate):
/// the answer's text, or why there is none.
async fn fetch(url: &str, json_body: Option<String>) -> Result<String, Problem> {
    let res = match json_body {
        Some(body) => {
            request(url, "POST", Some(&body.into()), &[("content-type", "application/json")]).await?
        }
        None => request(url, "GET", None, &[]).await?,
    };
    Ok(text_of(&res).await)
}

async fn text_of(res: &Response) -> String {
    match res.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A request to the Worker; its answer if it said yes, else what it said
/// (or that it could not be reached).
pub(crate) async fn request(
    url: &str,
    method: &str,
    body: Option<&wasm_bindgen::JsValue>,
    headers: &[(&str, &str)],
) -> Result<Response, Problem> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(body);
    }
    let sent = web_sys::Headers::new().map_err(|_| Problem::Unreachable)?;
    for (k, v) in headers {
        let _ = sent.set(k, v);
    }
    init.set_headers(&sent);
    let window = web_sys::window().ok_or(Problem::Unreachable)?;
    let res =
        JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|_| Problem::Unreachable)?;
    let res: Response = res.unchecked_into();
    if !res.ok() {
        return Err(refusal(&text_of(&res).await));
    }
    Ok(res)
}

/// What the Worker's refusal `text` (an `ApiError`) says, as the widget
/// tells it: its code.
fn refusal(text: &str) -> Problem {
    switchboard_browser::json::text_field(text, "code").map_or(Problem::Unreachable, Problem::Api)
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    switchboard_browser::json::from_str(text).ok_or(Problem::Unreachable)
}

/// Fetches `path?lang=…`, reads it with `decode`, and keeps the answer
/// under `key`: what the widget learnt last time lets it draw itself at once,
/// and offline after a reload.
async fn fetch_kept<T>(
    base: &str,
    path: &str,
    languages: &[String],
    key: &str,
    decode: fn(&str) -> Result<T, Problem>,
) -> Result<T, Problem> {
    let lang = js_sys::encode_uri_component(&languages.join(","));
    let text = fetch(&format!("{}{path}?lang={lang}", base.trim_end_matches('/')), None).await?;
    let answer = decode(&text)?;
    if let Some(s) = storage() {
        let _ = s.set_item(key, &text);
    }
    Ok(answer)
}

fn kept<T>(key: &str, decode: fn(&str) -> Result<T, Problem>) -> Option<T> {
    decode(&storage()?.get_item(key).ok().flatten()?).ok()
}

/// A [`WidgetLocale`] (`{lang, rtl, texts: […]}`), read with the browser's
/// JSON and no serde visitor (a few hundred bytes of wasm less). The texts
/// cross from JS in one string, joined by U+001F (which no message holds):
/// one crossing instead of one per text. A list of another length (another
/// version of the widget) is refused.
pub fn decode_locale(text: &str) -> Result<WidgetLocale, Problem> {
    const SEPARATOR: char = '\u{1f}';
    let value = js_sys::JSON::parse(text).map_err(|_| Problem::Unreachable)?;
    let get = |key: &str| js_sys::Reflect::get(&value, &key.into()).ok();
    let lang = get("lang").and_then(|v| v.as_string()).ok_or(Problem::Unreachable)?;
    let rtl = get("rtl").and_then(|v| v.as_bool()).unwrap_or(false);
    let list = get("texts").filter(js_sys::Array::is_array).ok_or(Problem::Unreachable)?;
    let joined = String::from(js_sys::Array::from(&list).join(&SEPARATOR.to_string()));
    let texts: Vec<String> = joined.split(SEPARATOR).map(str::to_owned).collect();
    if texts.len() != WidgetTexts::IDS.len() {
        return Err(Problem::Unreachable);
    }
    Ok(WidgetLocale { lang, rtl, texts: texts.into() })
}

/// Texts are a list in the order of `WidgetTexts::IDS`: a list kept by
/// another version of the widget (another count) is not read.
fn texts_key() -> String {
    format!("switchboard:v1:texts:{}", WidgetTexts::IDS.len())
}

fn info_key(channel: &ChannelId) -> String {
    format!("switchboard:v1:{channel}:info")
}

/// The widget's texts in the visitor's `languages`.
pub async fn texts(base: &str, languages: &[String]) -> Result<WidgetLocale, Problem> {
    fetch_kept(base, "/api/widget/texts", languages, &texts_key(), decode_locale).await
}

pub fn cached_texts() -> Option<WidgetLocale> {
    kept(&texts_key(), decode_locale)
}

/// The channel's name, welcome message (in the visitor's `languages` if
/// written in one) and whether anyone is online (or why this site may not
/// chat).
pub async fn channel_info(
    base: &str,
    channel: &ChannelId,
    languages: &[String],
) -> Result<ChannelPublic, Problem> {
    fetch_kept(base, &format!("/api/channels/{channel}/public"), languages, &info_key(channel), parse).await
}

pub fn cached_channel_info(channel: &ChannelId) -> Option<ChannelPublic> {
    kept(&info_key(channel), parse)
}

fn key(channel: &ChannelId) -> String {
    format!("switchboard:v1:{channel}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn stored(channel: &ChannelId) -> Option<ConversationStarted> {
    kept(&key(channel), parse)
}

pub fn forget(channel: &ChannelId) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(channel));
        let _ = s.remove_item(&outbox_key(channel));
    }
}

fn outbox_key(channel: &ChannelId) -> String {
    format!("switchboard:v1:{channel}:outbox")
}

/// Messages sent but not yet acknowledged: `[[client id, text, [file
/// ids]], …]` (older entries have no files), read and written with the
/// browser's own JSON (a serde decoder for it would cost the widget several
/// KB). A file's upload is done before its message is composed, so the ids
/// are all a resend needs.
pub fn outbox(channel: &ChannelId) -> Vec<Pending> {
    let Some(json) = storage().and_then(|s| s.get_item(&outbox_key(channel)).ok().flatten()) else {
        return vec![];
    };
    let Ok(list) = js_sys::JSON::parse(&json) else { return vec![] };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|entry| {
            let entry = js_sys::Array::from(&entry);
            let client_id = ClientMsgId::parse(entry.get(0).as_string()?).ok()?;
            let files = js_sys::Array::from(&entry.get(2)).iter().filter_map(|f| f.as_string()).collect();
            Some(Pending { client_id, text: entry.get(1).as_string()?, files })
        })
        .collect()
}

pub fn save_outbox(channel: &ChannelId, pending: &[Pending]) {
    let Some(s) = storage() else { return };
    if pending.is_empty() {
        let _ = s.remove_item(&outbox_key(channel));
        return;
    }
    let list: js_sys::Array = pending
        .iter()
        .map(|p| {
            let files: js_sys::Array = p.files.iter().map(|f| wasm_bindgen::JsValue::from_str(f)).collect();
            js_sys::Array::of3(&p.client_id.as_str().into(), &p.text.as_str().into(), &files)
        })
        .collect();
    if let Some(json) = js_sys::JSON::stringify(&list).ok().and_then(|j| j.as_string()) {
        let _ = s.set_item(&outbox_key(channel), &json);
    }
}

/// The browser's languages, most preferred first (`navigator.languages`).
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return vec![];
    };
    let list: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

/// This browser's visitor id on this site, made on first use.
fn visitor_id() -> Option<VisitorId> {
    const KEY: &str = "switchboard:v1:visitor";
    let storage = storage()?;
    if let Some(id) = storage.get_item(KEY).ok().flatten().and_then(|id| VisitorId::parse(id).ok()) {
        return Some(id);
    }
    let id = VisitorId::parse(switchboard_browser::socket::random_hex()).ok()?;
    storage.set_item(KEY, id.as_str()).ok()?;
    Some(id)
}

const USER_KEY: &str = "switchboard:v1:user";

/// `Switchboard.setUser`: kept for the next new conversation.
pub fn remember_user(json: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(USER_KEY, json);
    }
}

/// Opens a new conversation on the server and remembers it. `offline_email`:
/// nobody is online, and the visitor leaves a message to be answered there.
pub async fn start(
    base: &str,
    channel: &ChannelId,
    languages: Vec<String>,
    offline_email: Option<String>,
) -> Result<ConversationStarted, Problem> {
    let user: VisitorUser = kept(USER_KEY, parse).unwrap_or_default();
    let offline = offline_email.is_some();
    let body = StartConversation {
        channel: channel.clone(),
        languages,
        visitor: visitor_id(),
        name: user.name,
        email: offline_email.or(user.email),
        user_id: user.id,
        user_hash: user.hash,
        offline,
    };
    let url = format!("{}/api/conversations", base.trim_end_matches('/'));
    let body = switchboard_browser::json::to_string(&body).ok_or(Problem::Unreachable)?;
    let started: ConversationStarted = parse(&fetch(&url, Some(body)).await?)?;
    if let (Some(s), Some(json)) = (storage(), switchboard_browser::json::to_string(&started)) {
        let _ = s.set_item(&key(channel), &json);
    }
    Ok(started)
}
