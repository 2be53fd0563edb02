//! The widget's view: the chat panel (the loader draws the launcher, and
//! hands it over). State lives in a [`Widget`] handle in context; the
//! components are small and read it. [`WidgetApi`] is what the page's
//! `Switchboard` object calls; events go back through the loader's `emit`.

use leptos::prelude::*;
use switchboard_core::ids::ChannelId;
use switchboard_core::limits::MAX_MESSAGE_CHARS;
use switchboard_core::protocol::{Author, ChannelPublic};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use switchboard_core::client::ClientLog;

use crate::chat::Chat;
use crate::socket::{ws_url, Link};
use crate::visitor;

const CSS: &str = include_str!("widget.css");

/// Shared widget state, `Copy` so components can take it from context.
#[derive(Clone, Copy)]
struct Widget {
    base: StoredValue<String>,
    channel: StoredValue<ChannelId>,
    open: RwSignal<bool>,
    chat: RwSignal<Option<Chat>, LocalStorage>,
    starting: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
    /// The channel's name and welcome message, once known.
    channel_info: RwSignal<Option<ChannelPublic>>,
    /// Focus moves between these two: into the panel when it opens, back to
    /// the launcher (the loader's button) when Esc closes it.
    launcher: StoredValue<web_sys::HtmlElement, LocalStorage>,
    message: NodeRef<leptos::html::Textarea>,
    /// The loader's `emit(event, detail)`, for the page's listeners.
    emit: StoredValue<js_sys::Function, LocalStorage>,
    /// `Switchboard.setLocale`: the language to use before the browser's.
    locale: RwSignal<Option<String>>,
    /// What the visitor is typing; a message that could not start a
    /// conversation comes back here rather than being lost.
    draft: RwSignal<String>,
}

impl Widget {
    fn connect(self, conversation: &str, token: String) {
        let channel = self.channel.get_value();
        let url = ws_url(
            &self.base.get_value(),
            &format!("/api/conversations/{conversation}/ws?channel={channel}"),
        );
        // The server no longer knows this key: start afresh next time.
        let chat = Chat::open(url, Some(token), move || self.drop_conversation());
        // Messages typed before a reload and never acknowledged go out again.
        for (client_id, text) in visitor::outbox(&channel) {
            chat.log.update(|l| {
                l.compose(client_id, text);
            });
        }
        self.chat.set(Some(chat));
    }

    /// Leaves the current conversation: its socket, its key and its outbox.
    fn drop_conversation(self) {
        if let Some(chat) = self.chat.get_untracked() {
            chat.close();
        }
        self.chat.set(None);
        visitor::forget(&self.channel.get_value());
    }

    fn emit(self, event: &str, detail: &JsValue) {
        let _ = self.emit.with_value(|f| f.call2(&JsValue::NULL, &JsValue::from_str(event), detail));
    }

    /// The visitor's languages: `setLocale`'s first, then the browser's.
    fn languages(self) -> Vec<String> {
        let mut list = visitor::browser_languages();
        if let Some(tag) = self.locale.get_untracked() {
            list.retain(|l| *l != tag);
            list.insert(0, tag);
        }
        list
    }

    fn send(self, text: String) {
        if let Some(chat) = self.chat.get_untracked() {
            if !chat.log.with_untracked(|l| l.closed_by().is_some()) {
                return chat.send(text);
            }
            // That one has ended: writing again starts a new conversation.
            self.drop_conversation();
        }
        if self.starting.get_untracked() {
            return;
        }
        self.starting.set(true);
        self.problem.set(None);
        leptos::task::spawn_local(async move {
            match visitor::start(&self.base.get_value(), &self.channel.get_value(), self.languages()).await {
                Ok(started) => {
                    self.connect(started.conversation.as_str(), started.token);
                    if let Some(chat) = self.chat.get_untracked() {
                        chat.send(text);
                    }
                }
                Err(message) => {
                    self.problem.set(Some(message));
                    if self.draft.with_untracked(String::is_empty) {
                        self.draft.set(text);
                    }
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

    /// A BCP 47 tag to prefer over the browser's languages.
    pub fn set_locale(&self, tag: String) {
        let tag = tag.trim().to_owned();
        self.widget.locale.set((!tag.is_empty()).then_some(tag));
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
    root.append_child(&style)?;
    let container = document.create_element("div")?;
    root.append_child(&container)?;
    let container: web_sys::HtmlElement = container.unchecked_into();
    let handle = std::rc::Rc::new(std::cell::RefCell::new(None));
    let mounted = handle.clone();
    leptos::mount::mount_to(container, move || {
        let widget = Widget {
            base: StoredValue::new(base),
            channel: StoredValue::new(channel),
            open: RwSignal::new(false),
            chat: RwSignal::new_local(None),
            starting: RwSignal::new(false),
            problem: RwSignal::new(None),
            channel_info: RwSignal::new(None),
            launcher: StoredValue::new_local(launcher),
            message: NodeRef::new(),
            emit: StoredValue::new_local(emit),
            locale: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
        };
        *mounted.borrow_mut() = Some(widget);
        announce(widget);
        keep_outbox(widget);
        follow_other_tabs(widget);
        leptos::task::spawn_local(async move {
            match visitor::channel_info(&widget.base.get_value(), &widget.channel.get_value()).await {
                Ok(info) => widget.channel_info.set(Some(info)),
                Err(message) => widget.problem.set(Some(message)),
            }
        });
        if let Some(known) = visitor::stored(&widget.channel.get_value()) {
            widget.connect(known.conversation.as_str(), known.token);
        }
        provide_context(widget);
        view! { <Panel/> }
    })
    .forget();
    let widget = handle.borrow_mut().take().ok_or("the widget did not mount")?;
    Ok(WidgetApi { widget })
}

/// Keeps the unacknowledged messages in the site's storage, so a reload (or a
/// closed tab) while offline loses none; the server's client ids make the
/// resend safe.
fn keep_outbox(w: Widget) {
    Effect::new(move |_| {
        let pending: Vec<_> = w
            .chat
            .get()
            .map(|c| {
                c.log.with(|l| l.pending().iter().map(|p| (p.client_id.clone(), p.text.clone())).collect())
            })
            .unwrap_or_default();
        visitor::save_outbox(&w.channel.get_value(), &pending);
    });
}

/// One conversation per site, not one per tab: when another tab starts it,
/// this one joins it.
fn follow_other_tabs(w: Widget) {
    let listener = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |_e: web_sys::StorageEvent| {
        if w.chat.get_untracked().is_none() {
            if let Some(known) = visitor::stored(&w.channel.get_value()) {
                w.connect(known.conversation.as_str(), known.token);
            }
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    }
    listener.forget();
}

/// Tells the launcher and the page's listeners what happens: the panel
/// opening or closing, and each new message from an operator.
fn announce(w: Widget) {
    Effect::new(move |was_open: Option<bool>| {
        let open = w.open.get();
        w.launcher.with_value(|l| {
            let _ = l.set_attribute("aria-expanded", if open { "true" } else { "false" });
        });
        // The panel starts closed: an `open()` queued before the first run is news too.
        if was_open.unwrap_or(false) != open {
            w.emit(if open { "open" } else { "close" }, &JsValue::UNDEFINED);
        }
        open
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
                    if let Author::Operator { name } = &m.author {
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

fn use_widget() -> Widget {
    use_context::<Widget>().expect("Widget is provided by mount")
}

#[component]
fn Panel() -> impl IntoView {
    let w = use_widget();
    // Opening moves focus to the message box (after the panel is shown).
    Effect::new(move |_| {
        if w.open.get() {
            if let Some(message) = w.message.get() {
                let _ = message.focus();
            }
        }
    });
    let close = move || {
        w.open.set(false);
        w.launcher.with_value(|l| {
            let _ = l.focus();
        });
    };
    view! {
        <section
            id="switchboard-panel"
            class="panel"
            role="dialog"
            aria-label="Chat"
            hidden=move || !w.open.get()
            on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Escape" { close() }
        >
            <header><h2>"Chat with us"</h2><EndChat/></header>
            <Queue/>
            <Messages/>
            <Typing/>
            <Status/>
            <Composer/>
        </section>
    }
}

/// One line of the conversation: a stored message, or one of ours still on
/// its way (one list, so one keyed loop).
#[derive(Clone, PartialEq)]
struct Line {
    key: String,
    who: String,
    text: String,
    mine: bool,
    pending: bool,
    /// When it was stored (ms), for the time shown beside it.
    at: Option<i64>,
}

/// "14:05" in the visitor's locale, and the ISO time for `<time datetime>`.
fn clock(at: i64) -> (String, String) {
    let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
    let options = js_sys::Object::new();
    for key in ["hour", "minute"] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &"2-digit".into());
    }
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options);
    let shown = format.format().call1(&format, &date).ok().and_then(|s| s.as_string()).unwrap_or_default();
    (shown, date.to_iso_string().into())
}

fn lines(chat: Option<Chat>) -> Vec<Line> {
    let Some(chat) = chat else { return vec![] };
    chat.log.with(|log| {
        let stored = log.messages().iter().map(|m| {
            let (who, mine) = match &m.author {
                Author::Visitor => ("You".to_owned(), true),
                Author::Operator { name } => (name.clone(), false),
            };
            Line { key: m.seq.to_string(), who, text: m.text.clone(), mine, pending: false, at: Some(m.at) }
        });
        let pending = log.pending().iter().map(|p| Line {
            key: p.client_id.to_string(),
            who: "You · sending…".to_owned(),
            text: p.text.clone(),
            mine: true,
            pending: true,
            at: None,
        });
        stored.chain(pending).collect()
    })
}

#[component]
fn Messages() -> impl IntoView {
    let w = use_widget();
    let welcome = move || w.channel_info.get().filter(|c| !c.welcome.is_empty());
    view! {
        <div class="log" role="log" aria-label="Messages" aria-live="polite"><ol class="messages">
            {move || welcome().map(|c| view! {
                <li class="theirs welcome"><span class="who">{c.name}</span><p>{c.welcome}</p></li>
            })}
            <For each=move || lines(w.chat.get()) key=|l| (l.key.clone(), l.pending) let:l>
                <li class=match (l.mine, l.pending) { (true, true) => "mine pending", (true, false) => "mine", _ => "theirs" }>
                    <span class="who">
                        {(!l.mine).then(|| view! { <span class="avatar" aria-hidden="true">{l.who.chars().next().map(String::from)}</span> })}
                        <span class="name">{l.who}</span>
                        {l.at.map(|at| { let (shown, iso) = clock(at); view! { " · " <time datetime=iso>{shown}</time> } })}
                    </span>
                    <p>{l.text}</p>
                </li>
            </For>
        </ol></div>
    }
}

/// Ends the conversation (shown while there is one going on).
#[component]
fn EndChat() -> impl IntoView {
    let w = use_widget();
    let going = move || w.chat.get().is_some_and(|c| !c.is_ended());
    view! {
        <Show when=going>
            <button type="button" class="end" on:click=move |_| {
                if let Some(chat) = w.chat.get_untracked() { chat.end() }
            }>"End chat"</button>
        </Show>
    }
}

/// Who has the conversation, or the visitor's place in the queue, or who
/// ended it.
#[component]
fn Queue() -> impl IntoView {
    let w = use_widget();
    let text = move || {
        let chat = w.chat.get()?;
        if let Some(by) = chat.log.with(|l| l.closed_by().cloned()) {
            let who = match by {
                Author::Visitor => "You".to_owned(),
                Author::Operator { name } => name,
            };
            return Some(format!("{who} ended the conversation. Write below to start a new one."));
        }
        let news = chat.log.with(|l| l.assignment().cloned())?;
        Some(match news {
            (Some(name), _) => format!("You are chatting with {name}."),
            (None, Some(place)) => {
                format!(
                    "All our operators are busy. You are number {place} in line; please stay on this page."
                )
            }
            (None, None) => "Waiting for an operator…".to_owned(),
        })
    };
    view! { <p class="queue" role="status">{text}</p> }
}

/// "Mitchell is typing…", while an operator is.
#[component]
fn Typing() -> impl IntoView {
    let w = use_widget();
    let text = move || match w.chat.get()?.typing.get()? {
        Author::Operator { name } => Some(format!("{name} is typing…")),
        Author::Visitor => None,
    };
    view! { <p class="typing" role="status">{text}</p> }
}

#[component]
fn Status() -> impl IntoView {
    let w = use_widget();
    let text = move || {
        if let Some(p) = w.problem.get() {
            return p;
        }
        let Some(chat) = w.chat.get() else {
            return String::new();
        };
        if let Some(p) = chat.problem.get() {
            return p;
        }
        match chat.link().get() {
            Link::Connecting => "Connecting…".into(),
            Link::Reconnecting(_) => "Connection lost. Reconnecting… Your messages will be sent.".into(),
            Link::Online | Link::Closed => String::new(),
        }
    };
    view! { <p class="status" role="status">{text}</p> }
}

#[component]
fn Composer() -> impl IntoView {
    let w = use_widget();
    let draft = w.draft;
    let too_long = move || draft.with(|d| d.chars().count() > MAX_MESSAGE_CHARS);
    let submit = move || {
        let text = draft.get_untracked().trim().to_owned();
        if text.is_empty() || too_long() {
            return;
        }
        w.send(text);
        draft.set(String::new());
    };
    view! {
        <form class="composer" on:submit=move |e| { e.prevent_default(); submit() }>
            <textarea
                node_ref=w.message
                aria-label="Message"
                placeholder="Write a message…"
                rows="2"
                prop:value=move || draft.get()
                on:input=move |e| {
                    draft.set(event_target_value(&e));
                    if let Some(chat) = w.chat.get_untracked() { chat.typed() }
                }
                on:keydown=move |e: web_sys::KeyboardEvent| {
                    if e.key() == "Enter" && !e.shift_key() { e.prevent_default(); submit() }
                }
            ></textarea>
            <button type="submit" disabled=move || w.starting.get() || too_long()>"Send"</button>
            <Show when=too_long>
                <p class="limit" role="alert">{format!("Messages are limited to {MAX_MESSAGE_CHARS} characters.")}</p>
            </Show>
        </form>
    }
}
