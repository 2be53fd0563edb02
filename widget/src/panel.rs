//! The chat panel and its parts: the conversation's lines, who has it, who
//! is typing, the connection, and the message box (which becomes the
//! "leave a message" form while nobody is online). Each part is built from
//! the [`Widget`] and the texts of the language it is drawn in, with the
//! helpers of [`crate::dom`].

use leptos::prelude::*;
use switchboard_core::limits::MAX_MESSAGE_CHARS;
use switchboard_core::places::EXACT_PLACES;
use switchboard_core::protocol::{Attachment, Author, WidgetTexts};
use switchboard_core::texts::fill as fill_in;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::clock::clock;
use crate::dom::{fill, flag, h, hide, isolated, keyed, on, say, text, watch};
use crate::files::{attach, files, send_files};
use crate::state::Widget;
use switchboard_browser::chat::Chat;
use switchboard_browser::socket::Link;

const HIDE_ICON: &str = "<svg viewBox=\"0 0 24 24\" width=\"20\" height=\"20\" aria-hidden=\"true\"><path fill=\"currentColor\" d=\"M5.3 8.3a1 1 0 0 1 1.4 0L12 13.6l5.3-5.3a1 1 0 1 1 1.4 1.4l-6 6a1 1 0 0 1-1.4 0l-6-6a1 1 0 0 1 0-1.4z\"/></svg>";

/// The panel in the language `w.locale` holds, drawn afresh (never
/// patched) when it changes, inside `container`.
pub fn panel(w: Widget, container: &Element) {
    w.style();
    let container = container.clone();
    let mut drawn: Option<(Owner, Element)> = None;
    watch(move || {
        let locale = w.locale.get();
        if let Some((owner, old)) = drawn.take() {
            old.remove();
            owner.cleanup();
        }
        let owner = Owner::new();
        let section = owner.with(|| untrack(|| draw(w, &locale.lang, locale.rtl, &locale.texts)));
        let _ = container.append_child(&section);
        drawn = Some((owner, section));
        // Opening moves focus to the message box, once the panel is shown;
        // so does drawing it again in another language while it is open.
        if w.open.get_untracked() {
            focus_message(w);
        }
    });
    let mut was_open = w.open.get_untracked();
    watch(move || {
        let open = w.open.get();
        if open && !was_open {
            focus_message(w);
        }
        was_open = open;
    });
}

fn focus_message(w: Widget) {
    request_animation_frame(move || {
        if let Some(message) = w.message.get_value() {
            let _ = message.focus();
        }
    });
}

fn close(w: Widget) {
    w.open.set(false);
    w.launcher.with_value(|l| {
        let _ = l.focus();
    });
}

fn draw(w: Widget, lang: &str, rtl: bool, t: &WidgetTexts) -> Element {
    let hide_button = h("button", &[("type", "button"), ("class", "hide"), ("aria-label", &t.hide)], &[]);
    hide_button.set_inner_html(HIDE_ICON);
    on(&hide_button, "click", move |_| close(w));
    let header = h("header", &[], &[&h("h2", &[], &[&text(&t.title)]), &end_chat(w, t), &hide_button]);
    let section = h(
        "section",
        &[
            ("id", "switchboard-panel"),
            ("class", "panel"),
            ("role", "dialog"),
            ("aria-label", &t.title),
            ("lang", lang),
            ("dir", if rtl { "rtl" } else { "ltr" }),
        ],
        &[
            &header,
            &queue(w, t),
            &messages(w, t),
            &typing(w, t),
            &crate::ending::ending(w, t),
            &status(w, t),
            &composer(w, t),
        ],
    );
    hide(&section, move || !w.open.get());
    on(&section, "keydown", move |e| {
        if e.unchecked_ref::<web_sys::KeyboardEvent>().key() == "Escape" {
            close(w)
        }
    });
    section
}

/// One line of the conversation: the channel's welcome, a stored message,
/// or one of ours still on its way (one list, so one keyed loop).
#[derive(Clone, PartialEq)]
struct Line {
    key: String,
    who: String,
    text: String,
    welcome: bool,
    mine: bool,
    pending: bool,
    /// The last of the visitor's messages the operator has seen.
    seen: bool,
    /// When it was stored (ms), for the time shown beside it.
    at: Option<i64>,
    /// The chatbot's answers to click, on its last question while it waits.
    answers: Vec<String>,
    /// The files it carries.
    files: Vec<Attachment>,
}

impl Line {
    fn new(key: String, who: String, text: String) -> Line {
        let (welcome, mine, pending, seen, at) = (false, false, false, false, None);
        Line { key, who, text, welcome, mine, pending, seen, at, answers: vec![], files: vec![] }
    }

    /// What redraws the line when it changes.
    fn key(&self) -> String {
        format!("{} {} {} {} {}", self.key, self.pending, self.seen, self.answers.len(), self.who)
    }
}

fn lines(w: Widget, you: &str, sending: &str) -> Vec<Line> {
    let welcome = w
        .channel_info
        .get()
        .filter(|c| !c.welcome.is_empty())
        .map(|c| Line { welcome: true, ..Line::new(format!("welcome {}", c.welcome), c.name, c.welcome) });
    let Some(chat) = w.chat.get() else { return welcome.into_iter().collect() };
    chat.log.with(|log| {
        let last_seen = log.last_seen_of_mine(true);
        let asking = log.messages().last().map(|m| m.seq).filter(|_| log.pending().is_empty());
        let stored = log.messages().iter().map(|m| {
            let (who, mine) = match &m.author {
                Author::Visitor => (you.to_owned(), true),
                Author::Operator { name } | Author::Bot { name } => (name.clone(), false),
            };
            let asks = Some(m.seq) == asking && log.closed_by().is_none();
            Line {
                mine,
                seen: Some(m.seq) == last_seen,
                at: Some(m.at),
                answers: if asks { m.answers.clone() } else { vec![] },
                files: m.files.clone(),
                ..Line::new(m.seq.to_string(), who, m.text.clone())
            }
        });
        let pending = log.pending().iter().map(|p| Line {
            mine: true,
            pending: true,
            ..Line::new(p.client_id.to_string(), format!("{you} · {sending}"), p.text.clone())
        });
        welcome.into_iter().chain(stored).chain(pending).collect()
    })
}

fn messages(w: Widget, t: &WidgetTexts) -> Element {
    let list = h("ol", &[("class", "messages")], &[]);
    let (you, sending, seen) = (t.you.clone(), t.sending.clone(), t.seen.clone());
    keyed(&list, move || lines(w, &you, &sending), Line::key, move |l| line(w, l, &seen));
    h(
        "div",
        &[
            ("class", "log"),
            ("role", "log"),
            ("aria-label", &t.messages_label),
            ("aria-live", "polite"),
            ("tabindex", "0"),
        ],
        &[&list],
    )
}

fn line(w: Widget, l: Line, seen: &str) -> Element {
    let class = match (l.welcome, l.mine, l.pending) {
        (true, ..) => "theirs welcome",
        (_, true, true) => "mine pending",
        (_, true, false) => "mine",
        _ => "theirs",
    };
    // Isolated: right-to-left names and words show as written and cannot
    // reorder what follows.
    let name = h("bdi", if l.welcome { &[] } else { &[("class", "name")] }, &[&text(&l.who)]);
    let who = h("span", &[("class", "who")], &[]);
    if !l.mine && !l.welcome {
        let initial = l.who.chars().next().map(String::from).unwrap_or_default();
        let _ =
            who.append_child(&h("span", &[("class", "avatar"), ("aria-hidden", "true")], &[&text(&initial)]));
    }
    let _ = who.append_child(&name);
    if let Some(at) = l.at {
        let (shown, iso) = clock(at);
        let _ = who.append_child(&text(" · "));
        let _ = who.append_child(&h("time", &[("datetime", &iso)], &[&text(&shown)]));
    }
    if l.seen {
        let _ = who.append_child(&text(" · "));
        let _ = who.append_child(&h("span", &[("class", "seen")], &[&text(seen)]));
    }
    let li = h("li", &[("class", class)], &[&who, &h("p", &[("dir", "auto")], &[&text(&l.text)])]);
    if !l.files.is_empty() {
        files(w, &li, l.files);
    }
    for answer in l.answers {
        let button = h("button", &[("type", "button"), ("class", "answer")], &[&text(&answer)]);
        on(&button, "click", move |_| w.send(answer.clone(), None));
        let _ = li.append_child(&button);
    }
    li
}

/// Ends the conversation (shown while there is one going on).
fn end_chat(w: Widget, t: &WidgetTexts) -> Element {
    let button = h("button", &[("type", "button"), ("class", "end")], &[&text(&t.end_chat)]);
    hide(&button, move || !w.chat.get().is_some_and(|c| !c.is_ended()));
    // Asked while the socket is down: it goes when the socket is back.
    flag(&button, "disabled", move || w.chat.get().is_some_and(|c| c.log.with(|l| l.is_ending())));
    on(&button, "click", move |_| {
        if let Some(chat) = w.chat.get_untracked() {
            chat.end()
        }
    });
    button
}

/// Who has the conversation, or the visitor's place in the queue, or who
/// ended it, or where a message left offline will be answered.
fn queue(w: Widget, t: &WidgetTexts) -> Element {
    let p = h("p", &[("class", "queue"), ("role", "status")], &[]);
    let t = t.clone();
    fill(&p, move |p| {
        let Some(chat) = w.chat.get() else { return };
        if let Some(by) = chat.log.with(|l| l.closed_by().cloned()) {
            return match by {
                Author::Visitor => p.set_text_content(Some(&t.ended_by_you)),
                Author::Operator { name } | Author::Bot { name } => isolated(p, &t.ended_by, "name", &name),
            };
        }
        let news = chat.log.with(|l| l.assignment().cloned());
        match (news, w.left_for.get()) {
            (Some((Some(name), _)), _) => isolated(p, &t.chatting_with, "name", &name),
            (_, Some(email)) => isolated(p, &t.offline_sent, "email", &email),
            // Beyond the first few, a place is a bound (`core::places`).
            (Some((None, Some(place))), _) => {
                let template = if u64::from(place) > EXACT_PLACES { &t.queue_within } else { &t.queue_place };
                p.set_text_content(Some(&fill_in(template, "place", &place.to_string())))
            }
            _ => p.set_text_content(Some(&t.waiting)),
        }
    });
    p
}

/// "Mitchell is typing…", while an operator is.
fn typing(w: Widget, t: &WidgetTexts) -> Element {
    let p = h("p", &[("class", "typing"), ("role", "status")], &[]);
    let template = t.typing.clone();
    fill(&p, move |p| {
        if let Some(Author::Operator { name }) = w.chat.get().and_then(|c| c.typing.get()) {
            isolated(p, &template, "name", &name)
        }
    });
    p
}

fn link(chat: Option<Chat>) -> Option<Link> {
    chat.map(|c| c.link().get())
}

/// What went wrong, and the connection as it is: connecting, lost (with a
/// way to try at once), or offline. Nothing while all is well.
fn status(w: Widget, t: &WidgetTexts) -> Element {
    let p = h("p", &[("role", "status")], &[]);
    let retry = h("button", &[("type", "button")], &[&text(&t.retry_now)]);
    let t = t.clone();
    say(&p, move || {
        if let Some(p) = w.problem.get() {
            return w.say(&p).unwrap_or_default();
        }
        if let Some(p) = w.chat.get().and_then(|c| c.problem.get()) {
            return w.say(&p).unwrap_or_default();
        }
        match link(w.chat.get()) {
            Some(Link::Connecting) => t.connecting.clone(),
            Some(Link::Reconnecting(_)) if web_sys::window().is_none_or(|w| w.navigator().on_line()) => {
                t.reconnecting.clone()
            }
            Some(Link::Reconnecting(_)) => t.offline.clone(),
            _ => String::new(),
        }
    });
    hide(&retry, move || !matches!(link(w.chat.get()), Some(Link::Reconnecting(_))));
    on(&retry, "click", move |_| {
        if let Some(chat) = w.chat.get_untracked() {
            chat.retry_now()
        }
    });
    h("div", &[("class", "status")], &[&p, &retry])
}

/// The message box. While nobody is online (and no conversation is going
/// on) it asks for an email address too, and the message is left for later.
fn composer(w: Widget, t: &WidgetTexts) -> Element {
    let draft = w.draft;
    let email = RwSignal::new(String::new());
    let email_wrong = RwSignal::new(false);
    let offline =
        move || w.chat.get().is_none() && w.channel_info.with(|c| c.as_ref().is_some_and(|c| !c.online));
    let too_long = move || draft.with(|d| d.chars().count() > MAX_MESSAGE_CHARS);
    let uploading = RwSignal::new(false);

    let email_input = h(
        "input",
        &[
            ("type", "email"),
            ("autocomplete", "email"),
            ("required", ""),
            ("aria-describedby", "switchboard-email-error"),
        ],
        &[],
    );
    let input = email_input.clone().unchecked_into::<web_sys::HtmlInputElement>();
    watch(move || input.set_value(&email.get()));
    say_attr(&email_input, "aria-invalid", move || email_wrong.get().to_string());
    on(&email_input, "input", move |e| {
        email.set(event_target_value(&e));
        email_wrong.set(false)
    });
    let email_error =
        h("p", &[("id", "switchboard-email-error"), ("class", "limit"), ("role", "alert")], &[]);
    let wrong = t.email_invalid.clone();
    say(&email_error, move || if email_wrong.get() { wrong.clone() } else { String::new() });
    let label = h("label", &[("class", "email")], &[&h("span", &[], &[&text(&t.email_label)]), &email_input]);
    let fieldset = h(
        "fieldset",
        &[("class", "offline")],
        &[&h("p", &[], &[&text(&t.nobody_online)]), &label, &email_error],
    );
    hide(&fieldset, move || !offline());
    flag(&fieldset, "disabled", move || !offline());

    let submit = move || {
        let text = draft.get_untracked().trim().to_owned();
        if text.is_empty() || too_long() {
            return;
        }
        let address = if offline() {
            let address = email.get_untracked().trim().to_owned();
            // Core's check does not lowercase: `to_lowercase` would bring
            // Unicode case tables into the wasm (the server normalises).
            if !switchboard_core::workspace::looks_like_email(&address) {
                email_wrong.set(true);
                let _ = email_input.unchecked_ref::<web_sys::HtmlElement>().focus();
                return;
            }
            Some(address)
        } else {
            None
        };
        // Emptied first: what cannot be sent comes back into it.
        draft.set(String::new());
        w.send(text, address);
    };

    let message = h(
        "textarea",
        &[("aria-label", &t.message_label), ("placeholder", &t.placeholder), ("rows", "2")],
        &[],
    );
    let area = message.clone().unchecked_into::<web_sys::HtmlTextAreaElement>();
    w.message.set_value(Some(area.clone()));
    watch(move || area.set_value(&draft.get()));
    on(&message, "input", move |e| {
        draft.set(event_target_value(&e));
        if let Some(chat) = w.chat.get_untracked() {
            chat.typed()
        }
    });
    let enter = submit.clone();
    on(&message, "keydown", move |e| {
        let key = e.unchecked_ref::<web_sys::KeyboardEvent>();
        if key.key() == "Enter" && !key.shift_key() {
            e.prevent_default();
            enter()
        }
    });
    // Files pasted into the message or dropped on it go as they are.
    let dropped = move |e: web_sys::Event| {
        let files = switchboard_browser::upload::carried(&e);
        if !files.is_empty() {
            e.prevent_default();
            send_files(w, files, uploading);
        }
    };
    if cfg!(feature = "upload") {
        on(&message, "paste", dropped);
        on(&message, "dragover", |e| e.prevent_default());
        on(&message, "drop", dropped);
    }

    let send = h("button", &[("type", "submit")], &[]);
    let (leave, send_text) = (t.leave_message.clone(), t.send.clone());
    say(&send, move || if offline() { leave.clone() } else { send_text.clone() });
    flag(&send, "disabled", move || w.starting.get() || too_long());
    let limit = h("p", &[("class", "limit"), ("role", "alert")], &[]);
    let long = t.too_long.clone();
    say(&limit, move || if too_long() { long.clone() } else { String::new() });

    // The widget checks the address itself, in the visitor's language.
    let form = h("form", &[("class", "composer"), ("novalidate", "")], &[&fieldset, &message, &send, &limit]);
    attach(w, &form, t, uploading);
    on(&form, "submit", move |e| {
        e.prevent_default();
        submit()
    });
    form
}

/// Attribute `name` set to what `f` says.
fn say_attr(el: &Element, name: &'static str, f: impl Fn() -> String + 'static) {
    let el = el.clone();
    watch(move || {
        let _ = el.set_attribute(name, &f());
    })
}
