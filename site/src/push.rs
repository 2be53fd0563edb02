//! Web Push on this device: in the messages menu, a choice to be notified
//! while the inbox is closed or out of view. The browser subscribes with
//! the service's key (`GET /api/push`; nothing is offered when the service
//! sends no pushes or the browser cannot receive them) and the
//! subscription goes to the operator's bus; the service worker (`sw.js`)
//! shows what arrives. Turning it off, or logging out here, unsubscribes
//! here and there.

use gloo_net::http::Method;
use leptos::prelude::*;
use switchboard_core::protocol::{PushInfo, PushSubscription};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{PushManager, PushSubscriptionOptionsInit, ServiceWorkerRegistration};

use crate::api;
use crate::i18n::tr;

/// Where this device stands.
#[derive(Clone, PartialEq)]
enum State {
    /// Not offered (no key, no push in this browser), or not known yet.
    Off,
    /// Offered; `true` when this device is subscribed.
    Offered { key: String, on: bool },
}

/// This page's push manager, once its service worker is active.
async fn push_manager() -> Option<PushManager> {
    let container = web_sys::window()?.navigator().service_worker();
    let ready = JsFuture::from(container.ready().ok()?).await.ok()?;
    ready.dyn_into::<ServiceWorkerRegistration>().ok()?.push_manager().ok()
}

/// The push manager of a service worker already registered, if any (never
/// waits for one that may not come).
async fn registered_push_manager() -> Option<PushManager> {
    let container = web_sys::window()?.navigator().service_worker();
    let found = JsFuture::from(container.get_registration()).await.ok()?;
    found.dyn_into::<ServiceWorkerRegistration>().ok()?.push_manager().ok()
}

async fn current(manager: &PushManager) -> Option<web_sys::PushSubscription> {
    let found = JsFuture::from(manager.get_subscription().ok()?).await.ok()?;
    found.dyn_into().ok()
}

/// Why the browser refused, in words.
fn refused(e: JsValue) -> String {
    let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string());
    match name.as_deref() {
        Some("NotAllowedError") => tr("notifications-blocked"),
        _ => tr("push-service-unreachable"),
    }
}

async fn turn_on(key: &str) -> Result<(), String> {
    let manager = push_manager().await.ok_or_else(|| tr("no-push-here"))?;
    let options = PushSubscriptionOptionsInit::new();
    options.set_user_visible_only(true);
    options.set_application_server_key(&JsValue::from_str(key));
    let promise = manager.subscribe_with_options(&options).map_err(refused)?;
    let subscription: web_sys::PushSubscription =
        JsFuture::from(promise).await.map_err(refused)?.unchecked_into();
    let json = subscription.to_json().map_err(refused)?;
    let text: String = js_sys::JSON::stringify(&json).map_err(refused)?.into();
    let body: PushSubscription = serde_json::from_str(&text).map_err(|_| tr("push-service-unreachable"))?;
    api::post::<_, serde_json::Value>("/api/push/subscriptions", &body).await.map_err(|e| e.message)?;
    Ok(())
}

/// This device wants no more pushes (also when the operator logs out here).
pub async fn turn_off() -> Result<(), String> {
    let Some(manager) = registered_push_manager().await else { return Ok(()) };
    let Some(subscription) = current(&manager).await else { return Ok(()) };
    let endpoint = subscription.endpoint();
    if let Ok(promise) = subscription.unsubscribe() {
        let _ = JsFuture::from(promise).await;
    }
    let body = serde_json::json!({ "endpoint": endpoint });
    api::call::<_, serde_json::Value>(Method::DELETE, "/api/push/subscriptions", Some(&body))
        .await
        .map_err(|e| e.message)?;
    Ok(())
}

/// "Notify this device while the inbox is closed", when it can be.
#[component]
pub fn PushChoice() -> impl IntoView {
    let state = RwSignal::new(State::Off);
    let busy = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        let Ok(PushInfo { key: Some(key) }) = api::get::<PushInfo>("/api/push").await else { return };
        let Some(manager) = push_manager().await else { return };
        let on = current(&manager).await.is_some();
        state.set(State::Offered { key, on });
    });
    let toggle = move |want: bool| {
        let State::Offered { key, .. } = state.get_untracked() else { return };
        busy.set(true);
        said.set(None);
        leptos::task::spawn_local(async move {
            let done = if want { turn_on(&key).await } else { turn_off().await };
            match done {
                Ok(()) => state.set(State::Offered { key, on: want }),
                Err(message) => said.set(Some(message)),
            }
            busy.set(false);
        });
    };
    move || match state.get() {
        State::Off => ().into_any(),
        State::Offered { on, .. } => view! {
            <label class="check">
                <input type="checkbox" prop:checked=on disabled=move || busy.get()
                    on:change=move |e| toggle(event_target_checked(&e))/>
                {tr("notify-this-device")}
            </label>
            <p class="hint" role="status" hidden=move || said.with(Option::is_none)>{move || said.get()}</p>
        }
        .into_any(),
    }
}

/// A notification clicked opens its conversation in a chat window: the
/// service worker opens the inbox with `?conversation=<id>`, or tells an
/// open tab (`{ open: <id> }`).
pub fn follow_clicks(windows: crate::windows::ChatWindows) {
    let Some(window) = web_sys::window() else { return };
    let open = move |id: &str| {
        if let Ok(id) = switchboard_core::ids::ConversationId::parse(id) {
            windows.open(id);
        }
    };
    let search = window.location().search().unwrap_or_default();
    if let Some(id) = search.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("conversation="))
    {
        open(id);
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some("/"));
        }
    }
    let told = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        move |e: web_sys::MessageEvent| {
            if let Some(id) = js_sys::Reflect::get(&e.data(), &"open".into()).ok().and_then(|v| v.as_string())
            {
                open(&id);
            }
        },
    );
    let container = window.navigator().service_worker();
    let _ = container.add_event_listener_with_callback("message", told.as_ref().unchecked_ref());
    // As long as the page: the inbox is one page.
    told.forget();
}
