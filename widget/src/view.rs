//! The widget's state and its entry points: [`mount`], called by the loader
//! with the shadow root and the launcher it drew, and [`WidgetApi`], what the
//! page's `Switchboard` object calls. State lives in a [`Widget`] handle in
//! context; the panel's components (in `panel`, `offline` and `ending`) are
//! small and read it. Events go back through the loader's `emit`.
//!
//! Every word the visitor reads comes from the texts the Worker sends in
//! their language ([`WidgetLocale`]); [`Widget::t`] picks one.

use leptos::prelude::*;
use switchboard_core::client::ClientLog;
use switchboard_core::ids::ChannelId;
use switchboard_core::protocol::{Author, ChannelPublic, ErrorCode, WidgetLocale, WidgetTexts};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::chat::{page_hidden, put_back, Chat, Over, Problem};
use crate::panel::Panel;
use crate::socket::ws_url;
use crate::visitor;

const CSS: &str = include_str!("widget.css");
/// How often an open panel with no conversation asks whether anyone is online.
const PRESENCE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The widget's English texts, in `WidgetTexts` order, written by `build.rs`
/// from `locales/en.ftl`.
const ENGLISH: &[&str] = include!(concat!(env!("OUT_DIR"), "/en.rs"));
const _: () = assert!(ENGLISH.len() == WidgetTexts::IDS.len(), "en.ftl has every widget text");

/// The built-in English: no storage read and no parsing at mount.
fn english() -> WidgetLocale {
    let texts: Vec<String> = ENGLISH.iter().map(|t| t.to_string()).collect();
    WidgetLocale { lang: "en".into(), rtl: false, texts: texts.into() }
}

/// Shared widget state, `Copy` so components can take it from context.
#[derive(Clone, Copy)]
pub struct Widget {
    base: StoredValue<String>,
    channel: StoredValue<ChannelId>,
    pub open: RwSignal<bool>,
    pub chat: RwSignal<Option<Chat>, LocalStorage>,
    pub starting: RwSignal<bool>,
    pub problem: RwSignal<Option<Problem>>,
    /// The channel's name, welcome message and whether anyone is online.
    pub channel_info: RwSignal<Option<ChannelPublic>>,
    /// The widget's texts, in the visitor's language (English until it is
    /// known).
    pub locale: RwSignal<WidgetLocale>,
    /// Focus moves between these two: into the panel when it opens, back to
    /// the launcher (the loader's button) when Esc closes it.
    pub launcher: StoredValue<web_sys::HtmlElement, LocalStorage>,
    pub message: NodeRef<leptos::html::Textarea>,
    /// The loader's `emit(event, detail)`, for the page's listeners.
    emit: StoredValue<js_sys::Function, LocalStorage>,
    /// `Switchboard.setLocale`: the language to use before the browser's.
    preferred: RwSignal<Option<String>>,
    /// What the visitor is typing; a message that could not start a
    /// conversation comes back here rather than being lost.
    pub draft: RwSignal<String>,
    /// The address a message left while nobody was online will be answered at.
    pub left_for: RwSignal<Option<String>>,
    /// The panel's style sheet, until [`Widget::style`] puts it in the shadow
    /// root (parsing it is main-thread work the launcher does not need).
    unstyled: StoredValue<Option<(web_sys::ShadowRoot, web_sys::Element)>, LocalStorage>,
}

impl Widget {
    /// Puts the panel's style sheet in place, once: in a task after mount, or
    /// when the panel is first drawn if that comes sooner.
    pub fn style(self) {
        if let Some((root, style)) = self.unstyled.try_update_value(Option::take).flatten() {
            let _ = root.append_child(&style);
        }
    }

    /// One of the widget's texts in the visitor's language.
    pub fn t(self, pick: fn(&WidgetTexts) -> &String) -> String {
        self.locale.with(|l| pick(&l.texts).clone())
    }

    /// What to tell the visitor about `problem`, in their language (nothing
    /// for a refusal the widget recovers from by itself).
    pub fn say(self, problem: &Problem) -> Option<String> {
        let pick: fn(&WidgetTexts) -> &String = match problem {
            Problem::Refused(ErrorCode::RateLimited) => |t| &t.rate_limited,
            Problem::Refused(ErrorCode::Closed) => |t| &t.conversation_ended,
            Problem::Refused(ErrorCode::InvalidMessage | ErrorCode::TooLarge) => |t| &t.too_long,
            // The conversation is gone: the widget starts afresh.
            Problem::Refused(ErrorCode::Unauthorized | ErrorCode::BadResume) => return None,
            Problem::Refused(_) => |t| &t.server_problem,
            Problem::NotConnected => |t| &t.not_connected,
            Problem::Unreachable => |t| &t.unreachable,
            Problem::Api(code) => match code.as_str() {
                "forbidden" => |t| &t.site_not_allowed,
                "bad_request" | "not_found" => |t| &t.channel_unknown,
                "invalid" => |t| &t.email_invalid,
                _ => |t| &t.server_problem,
            },
        };
        Some(self.t(pick))
    }

    /// Opens the conversation's socket. `carried`: it was started to carry
    /// words another conversation did not take.
    fn connect(self, conversation: &str, token: String, carried: bool) {
        let channel = self.channel.get_value();
        // The page the visitor is on: the inbox shows where they are.
        let page = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        let page = String::from(js_sys::encode_uri_component(&page));
        let url = ws_url(
            &self.base.get_value(),
            &format!("/api/conversations/{conversation}/ws?channel={channel}&page={page}"),
        );
        let chat = Chat::open(url, Some(token), move |over| {
            let (reset, texts) = match over {
                Over::Reset(texts) => (true, texts),
                Over::Undelivered(texts) => (false, texts),
            };
            // Words this conversation did not take (it ended before they got
            // there, or its key no longer opens it) start a new one, as
            // writing after the end does; but only once: if the new one does
            // not take them either, they wait in the composer.
            if carried && !texts.is_empty() {
                if reset {
                    self.drop_conversation();
                }
                return put_back(self.draft, texts);
            }
            self.drop_conversation();
            if !texts.is_empty() {
                self.start(texts, None, true);
            }
        });
        // Messages typed before a reload and never acknowledged go out again.
        for (client_id, text) in visitor::outbox(&channel) {
            chat.log.update(|l| {
                l.compose(client_id, text);
            });
        }
        self.chat.set(Some(chat));
    }

    /// Joins the conversation this site's storage names, unless the widget
    /// has one or is starting one: at set-up, before sending, and when
    /// another tab starts one.
    fn resume(self) {
        if self.chat.with_untracked(Option::is_some) || self.starting.get_untracked() {
            return;
        }
        if let Some(known) = visitor::stored(&self.channel.get_value()) {
            self.connect(known.conversation.as_str(), known.token, false);
        }
    }

    /// Leaves the current conversation: its socket, its key and its outbox.
    pub fn drop_conversation(self) {
        if let Some(chat) = self.chat.get_untracked() {
            chat.close();
        }
        self.chat.set(None);
        self.left_for.set(None);
        visitor::forget(&self.channel.get_value());
    }

    fn emit(self, event: &str, detail: &JsValue) {
        let _ = self.emit.with_value(|f| f.call2(&JsValue::NULL, &JsValue::from_str(event), detail));
    }

    /// The visitor's languages: `setLocale`'s first, then the browser's.
    fn languages(self) -> Vec<String> {
        let mut list = visitor::browser_languages();
        if let Some(tag) = self.preferred.get_untracked() {
            list.retain(|l| *l != tag);
            list.insert(0, tag);
        }
        list
    }

    /// Asks for the widget's texts and the channel's news, in the visitor's
    /// languages (at mount, on `setLocale`, and the channel again on open).
    fn load(self, texts: bool) {
        let (base, channel, languages) = (self.base.get_value(), self.channel.get_value(), self.languages());
        wasm_bindgen_futures::spawn_local(async move {
            if texts {
                match visitor::texts(&base, &languages).await {
                    Ok(locale) => {
                        // The loader guessed the launcher's label; now it is known.
                        self.label_launcher(&locale.texts.launcher);
                        // The panel is drawn again in a new language: not for nothing.
                        if self.locale.with_untracked(|l| *l != locale) {
                            self.locale.set(locale);
                        }
                    }
                    Err(problem) => self.problem.set(Some(problem)),
                }
            }
            match visitor::channel_info(&base, &channel, &languages).await {
                Ok(info) => {
                    self.channel_info.set(Some(info));
                    // The service answers again: an earlier "could not reach" is over.
                    if self.problem.with_untracked(|p| p == &Some(Problem::Unreachable)) {
                        self.problem.set(None);
                    }
                }
                Err(problem) => self.problem.set(Some(problem)),
            }
        });
    }

    fn label_launcher(self, label: &str) {
        self.launcher.with_value(|l| {
            let _ = l.set_attribute("aria-label", label);
        });
    }

    /// Sends `text`, starting a conversation first if there is none (with
    /// `offline_email`: a message left while nobody is online).
    pub fn send(self, text: String, offline_email: Option<String>) {
        // The conversation storage names first, if set-up has not joined it yet.
        self.resume();
        if let Some(chat) = self.chat.get_untracked() {
            if !chat.log.with_untracked(|l| l.closed_by().is_some()) {
                return chat.send(text);
            }
            // That one has ended: writing again starts a new conversation.
            self.drop_conversation();
        }
        self.start(vec![text], offline_email, false);
    }

    /// Starts a new conversation and sends `texts` in it (`carried`: words
    /// an earlier one did not take). If it cannot start (or one is already
    /// starting), they go back to the composer.
    fn start(self, texts: Vec<String>, offline_email: Option<String>, carried: bool) {
        if self.starting.get_untracked() {
            return put_back(self.draft, texts);
        }
        self.starting.set(true);
        self.problem.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let (base, channel) = (self.base.get_value(), self.channel.get_value());
            match visitor::start(&base, &channel, self.languages(), offline_email.clone()).await {
                Ok(started) => {
                    self.connect(started.conversation.as_str(), started.token, carried);
                    self.left_for.set(offline_email);
                    if let Some(chat) = self.chat.get_untracked() {
                        texts.into_iter().for_each(|text| chat.send(text));
                    }
                }
                Err(problem) => {
                    self.problem.set(Some(problem));
                    put_back(self.draft, texts);
                }
            }
            self.starting.set(false);
        });
    }
}

/// What `window.Switchboard` calls once the widget has loaded.
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
            message: NodeRef::new(),
            emit: StoredValue::new_local(emit),
            preferred: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
            left_for: RwSignal::new(None),
        };
        provide_context(widget);
        widget
    });
    one_task_each(
        owner,
        vec![
            // The panel is built when it is first opened, not at load: the
            // host page never pays for a chat the visitor has not opened. The
            // launcher says whether it is open from the same moment.
            Box::new(move || {
                let opened =
                    Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || widget.open.get());
                leptos::mount::mount_to(container, move || move || opened.get().then(|| view! { <Panel/> }))
                    .forget();
                // After mount_to, which starts the executor effects run on.
                announce(widget);
                follow_presence(widget);
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
        let pending: Vec<_> =
            chat.log.with(|l| l.pending().iter().map(|p| (p.client_id.clone(), p.text.clone())).collect());
        visitor::save_outbox(&w.channel.get_value(), &pending);
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
}

/// Tells the launcher and the page's listeners what happens: the panel
/// opening or closing, and each new message from an operator. Also says
/// "seen" for the operator's messages while the panel shows them.
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

pub fn use_widget() -> Widget {
    use_context::<Widget>().expect("Widget is provided by mount")
}
