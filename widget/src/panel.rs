//! The chat panel and its parts: the conversation's lines, who has it, who
//! is typing, the connection, and the message box (which becomes the
//! "leave a message" form while nobody is online). Each part reads the
//! [`Widget`](crate::state::Widget) from context.

use leptos::prelude::*;
use std::sync::Arc;
use switchboard_core::limits::MAX_MESSAGE_CHARS;
use switchboard_core::places::EXACT_PLACES;

use switchboard_core::protocol::{Attachment, Author, WidgetLocale};
use switchboard_core::texts::fill;

use crate::clock::clock;
use crate::ending::Ending;
use crate::files::{send_files, Attach, Files};
use crate::state::{texts, use_widget};
use switchboard_browser::chat::Chat;
use switchboard_browser::socket::Link;

#[component]
pub fn Panel() -> impl IntoView {
    let w = use_widget();
    w.style();
    // Opening moves focus to the message box, once the panel is shown; so
    // does drawing it again in another language while it is open.
    Effect::new(move |_| {
        w.locale.track();
        if w.open.get() {
            request_animation_frame(move || {
                if let Some(message) = w.message.get_untracked() {
                    let _ = message.focus();
                }
            });
        }
    });
    let close = move || {
        w.open.set(false);
        w.launcher.with_value(|l| {
            let _ = l.focus();
        });
    };
    // One panel per language, drawn afresh (never patched) when the language
    // changes: a keyed list of one, so its parts can take plain strings
    // without the code to rebuild them in place.
    let draw = move |locale: WidgetLocale| {
        let WidgetLocale { lang, rtl, texts } = locale;
        let (title, label, hide) = (texts.title.clone(), texts.title.clone(), texts.hide.clone());
        provide_context(Arc::new(texts));
        view! {
            <section
                id="switchboard-panel"
                class="panel"
                role="dialog"
                aria-label=label
                lang=lang
                dir=if rtl { "rtl" } else { "ltr" }
                hidden=move || !w.open.get()
                on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Escape" { close() }
            >
                <header>
                    <h2>{title}</h2>
                    <EndChat/>
                    <button type="button" class="hide" aria-label=hide on:click=move |_| close()>
                        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                            <path fill="currentColor" d="M5.3 8.3a1 1 0 0 1 1.4 0L12 13.6l5.3-5.3a1 1 0 1 1 1.4 1.4l-6 6a1 1 0 0 1-1.4 0l-6-6a1 1 0 0 1 0-1.4z"/>
                        </svg>
                    </button>
                </header>
                <Queue/>
                <Messages/>
                <Typing/>
                <Ending/>
                <Status/>
                <Composer/>
            </section>
        }
    };
    view! { <For each=move || [w.locale.get()] key=|l| l.lang.clone() children=draw/> }
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
    /// The last of the visitor's messages the operator has seen.
    seen: bool,
    /// When it was stored (ms), for the time shown beside it.
    at: Option<i64>,
    /// The chatbot's answers to click, on its last question while it waits.
    answers: Vec<String>,
    /// The files it carries.
    files: Vec<Attachment>,
}

fn lines(chat: Option<Chat>, you: String, sending: String) -> Vec<Line> {
    let Some(chat) = chat else { return vec![] };
    chat.log.with(|log| {
        let last_seen = log.last_seen_of_mine(true);
        let asking = log.messages().last().map(|m| m.seq).filter(|_| log.pending().is_empty());
        let stored = log.messages().iter().map(|m| {
            let (who, mine) = match &m.author {
                Author::Visitor => (you.clone(), true),
                Author::Operator { name } | Author::Bot { name } => (name.clone(), false),
            };
            let seen = Some(m.seq) == last_seen;
            let asks = Some(m.seq) == asking && log.closed_by().is_none();
            Line {
                key: m.seq.to_string(),
                who,
                text: m.text.clone(),
                mine,
                pending: false,
                seen,
                at: Some(m.at),
                answers: if asks { m.answers.clone() } else { vec![] },
                files: m.files.clone(),
            }
        });
        let pending = log.pending().iter().map(|p| Line {
            key: p.client_id.to_string(),
            who: format!("{you} · {sending}"),
            text: p.text.clone(),
            mine: true,
            pending: true,
            seen: false,
            at: None,
            answers: vec![],
            files: vec![],
        });
        stored.chain(pending).collect()
    })
}

#[component]
fn Messages() -> impl IntoView {
    let (w, t) = (use_widget(), texts());
    let welcome = move || w.channel_info.get().filter(|c| !c.welcome.is_empty());
    let (you, sending, seen) = (t.you.clone(), t.sending.clone(), t.seen.clone());
    let each = move || lines(w.chat.get(), you.clone(), sending.clone());
    view! {
        <div class="log" role="log" aria-label=t.messages_label.clone() aria-live="polite" tabindex="0"><ol class="messages">
            {move || welcome().map(|c| view! {
                <li class="theirs welcome"><span class="who"><bdi>{c.name}</bdi></span><p dir="auto">{c.welcome}</p></li>
            })}
            <For each=each key=|l| format!("{} {} {} {} {}", l.key, l.pending, l.seen, l.answers.len(), l.who) let:l>
                <li class=match (l.mine, l.pending) { (true, true) => "mine pending", (true, false) => "mine", _ => "theirs" }>
                    <span class="who">
                        {(!l.mine).then(|| view! { <span class="avatar" aria-hidden="true">{l.who.chars().next().map(String::from)}</span> })}
                        // Isolated: right-to-left names and words show as
                        // written and cannot reorder what follows.
                        <bdi class="name">{l.who}</bdi>
                        {l.at.map(|at| { let (shown, iso) = clock(at); view! { " · " <time datetime=iso>{shown}</time> } })}
                        {l.seen.then(|| view! { " · " <span class="seen">{seen.clone()}</span> })}
                    </span>
                    <p dir="auto">{l.text}</p>
                    {(!l.files.is_empty()).then(|| view! { <Files files=l.files/> })}
                    {l.answers.into_iter().map(|a| view! {
                        <button type="button" class="answer" on:click=move |_| w.send(a.clone(), None)>{a.clone()}</button>
                    }).collect::<Vec<_>>()}
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
    // Asked while the socket is down: it goes when the socket is back.
    let ending = move || w.chat.get().is_some_and(|c| c.log.with(|l| l.is_ending()));
    view! {
        <button type="button" class="end" hidden=move || !going() disabled=ending on:click=move |_| {
                if let Some(chat) = w.chat.get_untracked() { chat.end() }
            }>{texts().end_chat.clone()}</button>
    }
}

/// Who has the conversation, or the visitor's place in the queue, or who
/// ended it, or where a message left offline will be answered.
#[component]
fn Queue() -> impl IntoView {
    let (w, t) = (use_widget(), texts());
    let text = move || {
        let chat = w.chat.get()?;
        if let Some(by) = chat.log.with(|l| l.closed_by().cloned()) {
            return Some(match by {
                Author::Visitor => t.ended_by_you.clone().into_any(),
                Author::Operator { name } | Author::Bot { name } => isolated(&t.ended_by, "name", name),
            });
        }
        let news = chat.log.with(|l| l.assignment().cloned());
        Some(match (news, w.left_for.get()) {
            (Some((Some(name), _)), _) => isolated(&t.chatting_with, "name", name),
            (_, Some(email)) => isolated(&t.offline_sent, "email", email),
            // Beyond the first few, a place is a bound (`core::places`).
            (Some((None, Some(place))), _) if u64::from(place) > EXACT_PLACES => {
                fill(&t.queue_within, "place", &place.to_string()).into_any()
            }
            (Some((None, Some(place))), _) => fill(&t.queue_place, "place", &place.to_string()).into_any(),
            _ => t.waiting.clone().into_any(),
        })
    };
    view! { <p class="queue" role="status">{text}</p> }
}

/// `template` with its `{var}` marker replaced by `value`, isolated (a
/// `<bdi>`): a right-to-left name, or one with a direction override in it,
/// cannot reorder the sentence around it.
fn isolated(template: &str, var: &str, value: String) -> AnyView {
    match template.split_once(&format!("{{{var}}}")) {
        Some((before, after)) => view! { {before.to_owned()}<bdi>{value}</bdi>{after.to_owned()} }.into_any(),
        None => template.to_owned().into_any(),
    }
}

/// "Mitchell is typing…", while an operator is.
#[component]
fn Typing() -> impl IntoView {
    let (w, t) = (use_widget(), texts());
    let text = move || match w.chat.get()?.typing.get()? {
        Author::Operator { name } => Some(isolated(&t.typing, "name", name)),
        _ => None,
    };
    view! { <p class="typing" role="status">{text}</p> }
}

/// What went wrong, and the connection as it is: connecting, lost (with a
/// way to try at once), or offline. Nothing while all is well.
#[component]
fn Status() -> impl IntoView {
    let (w, t) = (use_widget(), texts());
    let retry = t.retry_now.clone();
    let link = move || w.chat.get().map(|c| c.link().get());
    let text = move || {
        if let Some(p) = w.problem.get() {
            return w.say(&p).unwrap_or_default();
        }
        if let Some(p) = w.chat.get().and_then(|c| c.problem.get()) {
            return w.say(&p).unwrap_or_default();
        }
        match link() {
            Some(Link::Connecting) => t.connecting.clone(),
            Some(Link::Reconnecting(_)) => {
                let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
                if online {
                    t.reconnecting.clone()
                } else {
                    t.offline.clone()
                }
            }
            _ => String::new(),
        }
    };
    let lost = move || matches!(link(), Some(Link::Reconnecting(_)));
    view! {
        <div class="status">
            <p role="status">{text}</p>
            <button type="button" hidden=move || !lost() on:click=move |_| {
                    if let Some(chat) = w.chat.get_untracked() { chat.retry_now() }
                }>{retry}</button>
        </div>
    }
}

/// The message box. While nobody is online (and no conversation is going
/// on) it asks for an email address too, and the message is left for later.
#[component]
fn Composer() -> impl IntoView {
    let (w, t) = (use_widget(), texts());
    let draft = w.draft;
    let email = RwSignal::new(String::new());
    let email_wrong = RwSignal::new(false);
    let email_input = NodeRef::<leptos::html::Input>::new();
    let offline =
        move || w.chat.get().is_none() && w.channel_info.with(|c| c.as_ref().is_some_and(|c| !c.online));
    let too_long = move || draft.with(|d| d.chars().count() > MAX_MESSAGE_CHARS);
    // Files pasted into the message or dropped on it go as they are.
    let uploading = RwSignal::new(false);
    let dropped = move |data: Option<web_sys::DataTransfer>, e: &web_sys::Event| {
        let files = switchboard_browser::upload::dropped(data);
        if !files.is_empty() {
            e.prevent_default();
            send_files(w, files, uploading);
        }
    };
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
                if let Some(input) = email_input.get() {
                    let _ = input.focus();
                }
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
    let (nobody, email_label, wrong) =
        (t.nobody_online.clone(), t.email_label.clone(), t.email_invalid.clone());
    view! {
        // The widget checks the address itself, in the visitor's language.
        <form class="composer" novalidate on:submit=move |e| { e.prevent_default(); submit() }>
            <fieldset class="offline" hidden=move || !offline() disabled=move || !offline()>
                <p>{nobody.clone()}</p>
                <label class="email">
                    <span>{email_label.clone()}</span>
                    <input type="email" autocomplete="email" required node_ref=email_input
                        aria-invalid=move || email_wrong.get().to_string()
                        aria-describedby="switchboard-email-error"
                        prop:value=move || email.get()
                        on:input=move |e| { email.set(event_target_value(&e)); email_wrong.set(false) }/>
                </label>
                <p id="switchboard-email-error" class="limit" role="alert">
                    {let wrong = wrong.clone(); move || email_wrong.get().then(|| wrong.clone())}
                </p>
            </fieldset>
            <textarea
                node_ref=w.message
                aria-label=t.message_label.clone()
                placeholder=t.placeholder.clone()
                rows="2"
                prop:value=move || draft.get()
                on:input=move |e| {
                    draft.set(event_target_value(&e));
                    if let Some(chat) = w.chat.get_untracked() { chat.typed() }
                }
                on:keydown=move |e: web_sys::KeyboardEvent| {
                    if e.key() == "Enter" && !e.shift_key() { e.prevent_default(); submit() }
                }
                on:paste=move |e: web_sys::ClipboardEvent| dropped(e.clipboard_data(), &e)
                on:dragover=move |e: web_sys::DragEvent| e.prevent_default()
                on:drop=move |e: web_sys::DragEvent| dropped(e.data_transfer(), &e)
            ></textarea>
            <button type="submit" disabled=move || w.starting.get() || too_long()>
                {let (leave, send) = (t.leave_message.clone(), t.send.clone());
                    move || if offline() { leave.clone() } else { send.clone() }}
            </button>
            <p class="limit" role="alert">{let limit = t.too_long.clone(); move || too_long().then(|| limit.clone())}</p>
            <Attach busy=uploading/>
        </form>
    }
}
