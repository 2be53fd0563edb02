//! The visitor's key to their conversation: `{conversation, token}` in the
//! host site's `localStorage`, one per channel, so a reload or a second tab
//! continues the same conversation.

use gloo_net::http::Request;
use switchboard_core::ids::ChannelId;
use switchboard_core::protocol::{ConversationStarted, StartConversation};

fn key(channel: &ChannelId) -> String {
    format!("switchboard:v1:{channel}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn stored(channel: &ChannelId) -> Option<ConversationStarted> {
    let json = storage()?.get_item(&key(channel)).ok().flatten()?;
    serde_json::from_str(&json).ok()
}

pub fn forget(channel: &ChannelId) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(channel));
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

/// Opens a new conversation on the server and remembers it.
pub async fn start(base: &str, channel: &ChannelId) -> Result<ConversationStarted, String> {
    let body = StartConversation { channel: channel.clone(), languages: browser_languages() };
    let url = format!("{}/api/conversations", base.trim_end_matches('/'));
    let res = Request::post(&url).json(&body).map_err(|e| e.to_string())?.send().await.map_err(|_| {
        "We could not reach the chat service. Check your connection and try again.".to_owned()
    })?;
    if !res.ok() {
        let err: Option<switchboard_core::protocol::ApiError> = res.json().await.ok();
        return Err(err.map_or_else(|| format!("The chat service answered {}.", res.status()), |e| e.message));
    }
    let started: ConversationStarted = res.json().await.map_err(|e| e.to_string())?;
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&started)) {
        let _ = s.set_item(&key(channel), &json);
    }
    Ok(started)
}
