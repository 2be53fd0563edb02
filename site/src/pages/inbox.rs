//! Discuss: the channels' conversations on the left (live, from the
//! operator's bus; bold with their count while they have messages the
//! operator has not read, which the bus keeps per operator), who is online
//! in each channel, and the open conversation on the right (the pane of
//! `conversation.rs`, which the chat windows show too). Alt+↓/↑ move between
//! conversations from the keyboard.

use leptos::prelude::*;
use switchboard_browser::socket::Link;
use switchboard_core::ids::ConversationId;
use switchboard_core::protocol::ConversationSummary;

use crate::bus::{Bus, ChannelFeed, Feeds};
use crate::conversation::{rating_word, visitor_initials, visitor_label, ConversationPane};
use crate::i18n::{ago, number, tr, tr_with};
use crate::windows::ChatWindows;

/// The conversation open in the main pane.
#[derive(Clone, Copy)]
struct Selected(RwSignal<Option<ConversationId>>);

/// The conversations in the order Discuss lists them.
fn listed(feeds: &[ChannelFeed]) -> Vec<ConversationId> {
    feeds
        .iter()
        .flat_map(|f| f.items.with(|i| i.iter().flatten().map(|c| c.id.clone()).collect::<Vec<_>>()))
        .collect()
}

/// Keyboard: Alt+↓ / Alt+↑ open the next / previous conversation from
/// anywhere in Discuss and put the cursor in its reply box; ↓ / ↑ move
/// between the list's conversations.
fn keyboard(selected: Selected, feeds: Feeds) {
    let windows = expect_context::<ChatWindows>();
    let handle = window_event_listener(leptos::ev::keydown, move |e| {
        let step = match e.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        if e.alt_key() {
            e.prevent_default();
            let ids = listed(&feeds.now());
            let at =
                selected.0.with_untracked(|s| s.as_ref().and_then(|id| ids.iter().position(|c| c == id)));
            let next = match at {
                Some(i) => i as isize + step,
                None if step > 0 => 0,
                None => ids.len() as isize - 1,
            };
            if let Some(id) = usize::try_from(next).ok().and_then(|i| ids.get(i)) {
                windows.close(id);
                selected.0.set(Some(id.clone()));
                request_animation_frame(|| focus("main textarea"));
            }
        } else if let Some(items) = list_buttons(&e) {
            e.prevent_default();
            let at = items.iter().position(|b| Some(b) == active_element().as_ref());
            let next = at.map_or(0, |i| (i as isize + step).clamp(0, items.len() as isize - 1) as usize);
            if let Some(b) = items.get(next) {
                let _ = b.focus();
            }
        }
    });
    on_cleanup(move || handle.remove());
}

fn active_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?.document()?.active_element()?.dyn_into().ok()
}

/// The list's conversation buttons, when `e` comes from one of them.
fn list_buttons(e: &web_sys::KeyboardEvent) -> Option<Vec<web_sys::HtmlElement>> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    let nav = target.closest("nav.conversations").ok()??;
    target.closest("nav.conversations li button").ok()??;
    let found = nav.query_selector_all("li button").ok()?;
    Some((0..found.length()).filter_map(|i| found.item(i)?.dyn_into().ok()).collect())
}

fn focus(selector: &str) {
    use wasm_bindgen::JsCast;
    let found =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The time now, to say how long ago each conversation moved; it moves on
/// twice a minute while Discuss is shown.
#[derive(Clone, Copy)]
struct Now(RwSignal<i64>);

impl Now {
    fn provide() {
        let now = RwSignal::new(js_sys::Date::now() as i64);
        if let Ok(timer) = set_interval_with_handle(
            move || now.set(js_sys::Date::now() as i64),
            std::time::Duration::from_secs(30),
        ) {
            on_cleanup(move || timer.clear());
        }
        provide_context(Now(now));
    }
}

#[component]
pub fn Inbox() -> impl IntoView {
    let selected = Selected(RwSignal::new(None));
    provide_context(selected);
    Now::provide();
    let feeds = expect_context::<Feeds>();
    keyboard(selected, feeds);
    let link = expect_context::<Bus>().link;
    view! {
        // On a narrow screen, one column at a time: the list, or the
        // conversation with a way back to it (`inbox.css`).
        <div class="inbox" class:reading=move || selected.0.with(Option::is_some)>
            <h1 class="sr-only">{tr("nav-discuss")}</h1>
            <nav aria-label=tr("conversations") class="conversations" aria-keyshortcuts="Alt+ArrowDown Alt+ArrowUp">
                <p class="hint">{tr("keyboard-hint")}</p>
                <p class="status" role="status">
                    {move || matches!(link.get(), Link::Reconnecting(_)).then(|| tr("reconnecting"))}
                </p>
                <For each=move || feeds.get() key=|feed| feed.id.get_value() let:feed>
                    <ChannelConversations feed/>
                </For>
            </nav>
            <main>
                <button type="button" class="back" on:click=move |_| selected.0.set(None)>{tr("back-to-conversations")}</button>
                {move || match selected.0.get() {
                    Some(id) => view! { <ConversationPane id/> }.into_any(),
                    None => view! { <p class="empty">{tr("select-conversation")}</p> }.into_any(),
                }}
            </main>
        </div>
    }
}

/// One channel's conversations, newest activity first, kept live.
#[component]
fn ChannelConversations(feed: ChannelFeed) -> impl IntoView {
    let heading = format!("channel-{}", feed.id.get_value());
    let label = heading.clone();
    let (items, removed, notice, online, waiting) =
        (feed.items, feed.removed, feed.notice, feed.online, feed.waiting);
    view! {
        <section aria-labelledby=label>
            <h2 id=heading>{move || feed.name.get()}</h2>
            <p class="presence">{move || online.with(|names| match names.as_slice() {
                [] => tr("nobody-online"),
                names => tr_with("online", &[("name", &names.join(", "))]),
            })}</p>
            <p class="waiting" role="status">{move || waiting_words(waiting.get())}</p>
            <p class="form-error" role="alert">{move || removed.get()}</p>
            <p class="notice" role="status">{move || notice.get()}</p>
            {move || items.with(|i| matches!(i, Some(list) if list.is_empty()))
                .then(|| view! { <p class="empty-list">{tr("no-conversations-yet")}</p> })}
            <ul>
                <For each=move || items.get().unwrap_or_default()
                    key=move |c| (c.id.clone(), c.last_seq, c.operator.clone(), c.closed, c.bot, feed.unread(c)) let:c>
                    <ConversationItem summary=c feed/>
                </For>
            </ul>
        </section>
    }
}

/// How many wait in a channel's line, in words (nothing when nobody does);
/// the list holds the head of a long line only (`core::listing`).
fn waiting_words(count: u32) -> String {
    use switchboard_core::listing::{LINE_COUNTED, LINE_PAGE};
    let how_many = match count {
        0 => return String::new(),
        1 => tr("one-waiting"),
        n if n > LINE_COUNTED => tr_with("more-waiting", &[("count", &number(u64::from(LINE_COUNTED)))]),
        n => tr_with("waiting", &[("count", &number(u64::from(n)))]),
    };
    match count as usize > LINE_PAGE {
        true => format!("{how_many} {}", tr_with("longest-listed", &[("count", &number(LINE_PAGE as u64))])),
        false => how_many,
    }
}

#[component]
fn ConversationItem(summary: ConversationSummary, feed: ChannelFeed) -> impl IntoView {
    let selected = expect_context::<Selected>();
    let id = summary.id.clone();
    let is_open = {
        let id = id.clone();
        move || selected.0.get().as_ref() == Some(&id)
    };
    let languages = if summary.languages.is_empty() {
        String::new()
    } else {
        format!(" · {}", summary.languages.join(", "))
    };
    let who = visitor_label(&summary);
    let assigned = match (&summary.operator, summary.closed) {
        (_, true) => format!(" · {}", tr("state-ended")),
        (Some(a), false) => format!(" · {}", a.name),
        (None, false) if summary.bot => format!(" · {}", tr("state-with-chatbot")),
        (None, false) if summary.offline => format!(" · {}", tr("state-answer-by-email")),
        (None, false) => format!(" · {}", tr("state-waiting")),
    };
    // Left while nobody was online: the visitor expects an email.
    let offline = if summary.offline { format!(" · {}", tr("offline-message")) } else { String::new() };
    let rating = summary
        .rating
        .map(|r| format!(" · {}", tr_with("rated", &[("what", &rating_word(r))])))
        .unwrap_or_default();
    let unread = feed.unread(&summary);
    // A number for the eye, words for the ear (in the name's first line,
    // so the name still ends with the last words said).
    let unread_badge = (unread > 0).then(|| view! { <span class="count" aria-hidden="true">{unread}</span> });
    let unread_words =
        (unread > 0).then(|| view! { <span class="sr-only">{format!(" · {}", tr_with("unread-count", &[("count", &number(unread))]))}</span> });
    let (now, moved) = (expect_context::<Now>().0, summary.updated_at);
    view! {
        <li class:unread={unread > 0}>
            <button type="button" aria-current=move || is_open().then_some("true")
                on:click=move |_| {
                    // Opened here: its chat window, if any, gives way.
                    expect_context::<ChatWindows>().close(&id);
                    selected.0.set(Some(id.clone()))
                }>
                // Names and words people typed are isolated: right-to-left
                // text shows as written and cannot reorder what follows.
                <span class="initials" aria-hidden="true">{visitor_initials(&summary)}</span>
                <span class="who">
                    <bdi>{who}</bdi>{format!("{languages}{assigned}{offline}{rating}")}{unread_words}
                    <span class="sr-only">{move || format!(" · {}", ago(now.get(), moved).1)}</span>
                </span>
                <span class="ago" aria-hidden="true">{move || ago(now.get(), moved).0}</span>
                <bdi class="preview" dir="auto">{summary.preview}</bdi>
                {unread_badge}
            </button>
        </li>
    }
}
