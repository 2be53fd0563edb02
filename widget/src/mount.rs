//! The widget's entry points: [`mount`], called by the loader with the
//! shadow root and the launcher it drew, and [`WidgetApi`], what the page's
//! `Switchboard` object calls; and the effects that keep the launcher, the
//! site's storage and the page's listeners told.
//!
//! The host page's main thread meets no long task for the chat if it can
//! help it: the loader mounts in an idle moment; `mount` only makes the
//! widget's state (the built-in English texts are Rust literals from
//! `build.rs`, nothing parsed) and leaves the rest to later tasks, a step
//! each (`one_task_each`: the watch that builds the panel when first opened
//! and the launcher's `aria-expanded`, which must agree with the panel from
//! its first frame; the storage names, the panel's style sheet and what
//! storage kept;
//! the effects; the fetches), because whatever runs first in a wasm module
//! also pays for compiling it. The panel is built when first opened
//! (`cargo xtask bench` measures Total Blocking Time).

use leptos::prelude::*;
use switchboard_core::client::ClientLog;
use switchboard_core::ids::ChannelId;
use switchboard_core::protocol::Author;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::{english, Widget, CSS};
use crate::visitor;
use switchboard_browser::chat::page_hidden;

/// How often an open panel with no conversation asks whether anyone is online.
const PRESENCE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

#[wasm_bindgen]
pub struct WidgetApi {
    widget: Widget,
}

#[wasm_bindgen]
impl WidgetApi {
    pub fn open(&self) {
        self.widget.open.set(true);
    }

    pub fn close(&self) {
        self.widget.open.set(false);
    }

    pub fn toggle(&self) {
        self.widget.open.update(|o| *o = !*o);
    }

    /// `{name, email}` as JSON: kept on this site, sent with the next new
    /// conversation.
    pub fn set_user(&self, json: String) {
        visitor::remember_user(&json);
    }

    /// A BCP 47 tag to prefer over the browser's languages: the widget's
    /// texts follow at once, and the next conversation is routed by it.
    pub fn set_locale(&self, tag: String) {
        let tag = tag.trim().to_owned();
        self.widget.preferred.set((!tag.is_empty()).then_some(tag));
        self.widget.load(true);
    }
}

/// Called by `widget.js` with the shadow root to render into, its launcher
/// button, and its `emit(event, detail)`.
#[wasm_bindgen]
pub fn mount(
    root: web_sys::ShadowRoot,
    launcher: web_sys::HtmlElement,
    base: String,
    channel: String,
    emit: js_sys::Function,
) -> Result<WidgetApi, JsValue> {
    let channel = ChannelId::parse(channel).map_err(|e| JsValue::from_str(&format!("data-channel: {e}")))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let style = document.create_element("style")?;
    style.set_text_content(Some(CSS));
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    root.append_child(&container)?;
    // The widget's reactive root: its state now, everything else in tasks of
    // their own. What runs first in a wasm module pays for compiling it, so
    // the host page's main thread meets several short tasks rather than one
    // long one (its Total Blocking Time stays as it was).
    // Effects run on this executor, from the first.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    // The widget lives as long as the page: its root is never dropped.
    std::mem::forget(owner.clone());
    let widget = owner.with(|| {
        let widget = Widget {
            base: StoredValue::new(base),
            channel_info: RwSignal::new(None),
            locale: RwSignal::new(english()),
            channel: StoredValue::new(channel),
            open: RwSignal::new(false),
            chat: RwSignal::new_local(None),
            starting: RwSignal::new(false),
            problem: RwSignal::new(None),
            launcher: StoredValue::new_local(launcher),
            unstyled: StoredValue::new_local(Some((root, style))),
            message: StoredValue::new_local(None),
            emit: StoredValue::new_local(emit),
            preferred: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
            left_for: RwSignal::new(None),
            shown: StoredValue::new_local(vec![]),
            root: StoredValue::new(owner.clone()),
        };
        widget
    });
    one_task_each(
        owner,
        vec![
            // The panel is built when it is first opened, not at load: the
            // host page never pays for a chat the visitor has not opened. The
            // launcher says whether it is open from the same moment.
            Box::new(move || {
                let root = widget.root.get_value();
                let mut built = false;
                crate::dom::watch(move || {
                    if !built && widget.open.get() {
                        built = true;
                        root.with(|| untrack(|| crate::panel::panel(widget, &container)));
                    }
                });
                announce(widget);
                follow_presence(widget);
                crate::phone::follow(widget);
            }),
            // The conversation this site's storage names (a reload, another tab).
            Box::new(move || widget.resume()),
            // What the widget learnt last time (the visitor's texts, the
            // channel's news), unless fresher news came first.
            Box::new(move || {
                widget.style();
                if let Some(locale) = visitor::cached_texts() {
                    if widget.locale.with_untracked(|l| l.lang == "en" && *l == english()) {
                        widget.locale.set(locale);
                    }
                }
                let channel = widget.channel.get_value();
                if let Some(info) = visitor::cached_channel_info(&channel) {
                    widget.channel_info.update(|known| {
                        known.get_or_insert(info);
                    });
                }
            }),
            Box::new(move || {
                keep_outbox(widget);
                follow_other_tabs(widget);
            }),
            Box::new(move || widget.load(true)),
        ],
    );
    Ok(WidgetApi { widget })
}

/// Runs `steps` in order, each in a task of its own (under `owner`): the host
/// page's main thread meets several short tasks rather than one long one.
fn one_task_each(owner: Owner, steps: Vec<Box<dyn FnOnce()>>) {
    fn next(owner: Owner, mut rest: std::vec::IntoIter<Box<dyn FnOnce()>>) {
        if let Some(step) = rest.next() {
            set_timeout(
                move || {
                    owner.with(step);
                    next(owner, rest);
                },
                std::time::Duration::ZERO,
            );
        }
    }
    next(owner, steps.into_iter())
}

/// Keeps the unacknowledged messages in the site's storage, so a reload (or a
/// closed tab) while offline loses none; the server's client ids make the
/// resend safe. Only a conversation's own log writes it: before the widget
/// has reconnected to its conversation, what storage holds is what it will
/// send (and leaving a conversation forgets its outbox with it).
fn keep_outbox(w: Widget) {
    Effect::new(move |_| {
        let Some(chat) = w.chat.get() else { return };
        chat.log.with(|l| visitor::save_outbox(&w.channel.get_value(), l.pending()));
    });
}

/// One conversation per site, not one per tab: when another tab starts it,
/// this one joins it.
fn follow_other_tabs(w: Widget) {
    let listener =
        Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |_e: web_sys::StorageEvent| w.resume());
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    }
    listener.forget();
    // A conversation another tab started between set-up's first look and
    // this listener would otherwise go unnoticed.
    w.resume();
}

/// Tells the launcher and the page's listeners what happens: the panel
/// opening or closing, each new message from an operator, and how many
/// wait unread. Also says "seen" for the operator's messages while the
/// panel shows them.
fn announce(w: Widget) {
    Effect::new(move |was_open: Option<bool>| {
        let open = w.open.get();
        w.launcher.with_value(|l| {
            let _ = l.set_attribute("aria-expanded", if open { "true" } else { "false" });
        });
        // The panel starts closed: an `open()` queued before the first run is news too.
        if was_open.unwrap_or(false) != open {
            w.emit(if open { "open" } else { "close" }, &JsValue::UNDEFINED);
            if open {
                // Someone may have come online (or gone) since the page loaded.
                w.load(false);
            }
        }
        open
    });
    // An operator's message while the panel is closed shows on the
    // launcher (a number, and words in its name) until the visitor reads it.
    Effect::new(move |before: Option<usize>| {
        let unread = w.unread();
        if before.unwrap_or(0) != unread {
            w.label_launcher();
        }
        unread
    });
    Effect::new(move |_| {
        let Some(chat) = w.chat.get() else { return };
        // Runs again on new messages and when the panel opens.
        chat.log.track();
        if w.open.get() {
            chat.see(true);
        }
    });
    // (the conversation's log, the last seq told): a new conversation starts at 0.
    Effect::new(move |state: Option<(Option<RwSignal<ClientLog>>, u64)>| {
        let chat = w.chat.get();
        let log_signal = chat.as_ref().map(|c| c.log);
        let mut told = match state {
            Some((seen, told)) if seen == log_signal => told,
            _ => 0,
        };
        if let Some(chat) = chat {
            chat.log.with(|log| {
                for m in log.messages().iter().filter(|m| m.seq > told && log.is_news(m)) {
                    if let Author::Operator { name } | Author::Bot { name } = &m.author {
                        let detail = js_sys::Object::new();
                        let _ = js_sys::Reflect::set(&detail, &"author".into(), &name.into());
                        let _ = js_sys::Reflect::set(&detail, &"text".into(), &m.text.as_str().into());
                        w.emit("message", &detail);
                    }
                }
                told = told.max(log.last_seq());
            });
        }
        (log_signal, told)
    });
}

/// While the panel is open and no conversation is going on, whether anyone
/// is online is asked again every few seconds: an operator coming online
/// turns the leave-a-message form into the chat, and the other way round
/// (what the visitor typed stays: it is the widget's draft).
fn follow_presence(w: Widget) {
    Effect::new(move |_| {
        if !w.open.get() || w.chat.with(Option::is_some) {
            return;
        }
        let ask = move || {
            if !page_hidden() {
                w.load(false)
            }
        };
        if let Ok(timer) = set_interval_with_handle(ask, PRESENCE_EVERY) {
            on_cleanup(move || timer.clear());
        }
    });
}
