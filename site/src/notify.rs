//! Notifications: while the inbox's tab is hidden, a new message for the
//! operator (in a conversation they have, or one waiting) raises a desktop
//! notification, once they have allowed it, and a short sound unless they
//! muted it (kept in this browser). The tab's title counts unread
//! conversations (`shell.rs`). Everything is driven by the channel feeds'
//! unread counts, so it keeps working after a socket reconnects.

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_browser::chat::page_hidden;
use switchboard_core::ids::ConversationId;
use web_sys::{AudioContext, Notification, NotificationOptions, NotificationPermission};

use crate::bus::Feeds;
use crate::conversation::visitor_label;
use crate::i18n::{tr, tr_with};

/// Where the "mute" choice is kept in this browser.
const MUTED_KEY: &str = "switchboard:inbox:muted";

/// The operator's choices: sound muted or not, and the browser's answer
/// about desktop notifications.
#[derive(Clone, Copy)]
pub struct Alerts {
    pub muted: RwSignal<bool>,
    pub permission: RwSignal<NotificationPermission>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Alerts {
    pub fn set_muted(self, muted: bool) {
        self.muted.set(muted);
        if let Some(s) = storage() {
            let _ = if muted { s.set_item(MUTED_KEY, "1") } else { s.remove_item(MUTED_KEY) };
        }
    }

    /// Asks the browser for desktop notifications (it shows its own prompt).
    pub fn ask_permission(self) {
        let Ok(promise) = Notification::request_permission() else { return };
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            self.permission.set(Notification::permission());
        });
    }

    fn alert(self, title: &str, body: &str) {
        if self.permission.get_untracked() == NotificationPermission::Granted {
            let options = NotificationOptions::new();
            options.set_body(body);
            let _ = Notification::new_with_options(title, &options);
        }
        if !self.muted.get_untracked() {
            beep();
        }
    }
}

/// A short, soft two-tone chime.
fn beep() {
    let Ok(ctx) = AudioContext::new() else { return };
    let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else { return };
    let now = ctx.current_time();
    osc.frequency().set_value(880.0);
    let _ = osc.frequency().set_value_at_time(660.0, now + 0.12);
    gain.gain().set_value(0.08);
    let _ = gain.gain().linear_ramp_to_value_at_time(0.0, now + 0.3);
    let _ = osc.connect_with_audio_node(&gain);
    let _ = gain.connect_with_audio_node(&ctx.destination());
    let _ = osc.start();
    let _ = osc.stop_with_when(now + 0.3);
}

/// Makes the operator's [`Alerts`] and watches the feeds: a conversation
/// whose unread count grows while the tab is hidden raises an alert.
pub fn provide() -> Alerts {
    let muted = storage().and_then(|s| s.get_item(MUTED_KEY).ok().flatten()).is_some();
    let alerts =
        Alerts { muted: RwSignal::new(muted), permission: RwSignal::new(Notification::permission()) };
    provide_context(alerts);
    expect_context::<Feeds>().each(move |feed| {
        // Unread counts as last seen; `None` before the channel's first list
        // (what was unread then is not news).
        let before = StoredValue::new(None::<HashMap<ConversationId, u64>>);
        Effect::new(move |_| {
            feed.items.with(|items| {
                let Some(list) = items else { return };
                let now: HashMap<ConversationId, u64> =
                    list.iter().map(|c| (c.id.clone(), feed.unread(c))).collect();
                let hidden = page_hidden();
                before.with_value(|old| {
                    let Some(old) = old.as_ref().filter(|_| hidden) else { return };
                    for c in list.iter().filter(|c| now[&c.id] > old.get(&c.id).copied().unwrap_or(0)) {
                        alerts
                            .alert(&tr_with("new-message-from", &[("name", &visitor_label(c))]), &c.preview);
                    }
                });
                before.set_value(Some(now));
            });
        });
    });
    alerts
}

/// The choices, in the messages menu: sound on or off, and desktop
/// notifications (a button while the browser has not been asked).
#[component]
pub fn AlertChoices() -> impl IntoView {
    let alerts = expect_context::<Alerts>();
    let permission = move || match alerts.permission.get() {
        NotificationPermission::Granted => Some(tr("desktop-notifications-on")),
        NotificationPermission::Denied => Some(tr("notifications-blocked")),
        _ => None,
    };
    view! {
        <div class="alert-choices">
            <label class="check">
                <input type="checkbox" prop:checked=move || !alerts.muted.get()
                    on:change=move |e| alerts.set_muted(!event_target_checked(&e))/>
                {tr("play-sound")}
            </label>
            {move || match permission() {
                Some(said) => view! { <p class="hint">{said}</p> }.into_any(),
                None => view! {
                    <button type="button" class="secondary" on:click=move |_| alerts.ask_permission()>
                        {tr("turn-on-desktop-notifications")}
                    </button>
                }.into_any(),
            }}
            <crate::push::PushChoice/>
        </div>
    }
}
