//! Chat windows: while an operator is active in a channel, a conversation
//! newly assigned to them opens in a window at the bottom right. The windows
//! live in the shell, outside the page being shown, so moving between pages
//! keeps them and their state (scroll, draft, connection). Each can be
//! folded to its title bar or closed.

use std::collections::HashSet;

use leptos::prelude::*;
use switchboard_core::ids::{ConversationId, Login};

use crate::bus::Feeds;
use crate::conversation::{summary_of, visitor_label, ConversationPane};
use crate::i18n::{tr, tr_with};

/// The open windows, oldest first, each with whether it is folded. (Plain
/// values: windows are opened from an effect, whose own signals would not
/// outlive its next run.)
#[derive(Clone, Copy)]
pub struct ChatWindows(RwSignal<Vec<(ConversationId, bool)>>);

impl ChatWindows {
    /// Opens (or unfolds) the window of `id`.
    pub fn open(self, id: ConversationId) {
        self.0.update(|w| match w.iter_mut().find(|(c, _)| *c == id) {
            Some((_, folded)) => *folded = false,
            None => w.push((id, false)),
        });
    }

    fn is_folded(self, id: &ConversationId) -> bool {
        self.0.with(|w| w.iter().any(|(c, folded)| c == id && *folded))
    }

    fn toggle(self, id: &ConversationId) {
        self.0.update(|w| w.iter_mut().filter(|(c, _)| c == id).for_each(|(_, f)| *f = !*f));
    }

    pub fn close(self, id: &ConversationId) {
        self.0.update(|w| w.retain(|(c, _)| c != id));
    }
}

/// Makes the windows and opens one for each conversation assigned to
/// `login` from now on (those they had when the inbox loaded stay in
/// Discuss).
pub fn provide(login: Login) -> ChatWindows {
    let windows = ChatWindows(RwSignal::new(vec![]));
    expect_context::<Feeds>().each(move |feed| {
        let login = login.clone();
        // Conversations of this channel known to be theirs; `None` before
        // the channel's first list.
        let known = StoredValue::new(None::<HashSet<ConversationId>>);
        Effect::new(move |_| {
            let Some(mine) = feed.items.with(|items| {
                items.as_ref().map(|list| {
                    list.iter()
                        .filter(|c| !c.closed && c.operator.as_ref().is_some_and(|o| o.login == login))
                        .map(|c| c.id.clone())
                        .collect::<HashSet<_>>()
                })
            }) else {
                return;
            };
            let before = known.get_value();
            if let Some(before) = &before {
                for id in mine.difference(before) {
                    windows.open(id.clone());
                }
            }
            known.set_value(Some(mine));
        });
    });
    provide_context(windows);
    windows
}

#[component]
pub fn ChatWindowStack() -> impl IntoView {
    let windows = expect_context::<ChatWindows>();
    view! {
        <aside class="chat-windows" aria-label=tr("chat-windows")>
            <For each=move || windows.0.with(|w| w.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>())
                key=|id| id.clone() let:id>
                <ChatWindow id/>
            </For>
        </aside>
    }
}

#[component]
fn ChatWindow(id: ConversationId) -> impl IntoView {
    let windows = expect_context::<ChatWindows>();
    let folded = {
        let id = id.clone();
        Memo::new(move |_| windows.is_folded(&id))
    };
    let toggle_id = id.clone();
    let summary = summary_of(id.clone());
    let title =
        move || summary.with(|s| s.as_ref().map(visitor_label)).unwrap_or_else(|| tr("author-visitor"));
    let close_id = id.clone();
    view! {
        <section class="chat-window" class:folded=move || folded.get() aria-label=move || tr_with("chat-with", &[("name", &title())])>
            <header>
                <h2>{title}</h2>
                <button type="button" class="secondary" aria-expanded=move || (!folded.get()).to_string()
                    on:click=move |_| windows.toggle(&toggle_id)>{move || if folded.get() { tr("unfold") } else { tr("fold") }}</button>
                <button type="button" class="secondary" aria-label=move || tr_with("close-chat-with", &[("name", &title())])
                    on:click=move |_| windows.close(&close_id)>{tr("close")}</button>
            </header>
            <div class="chat-window-body" hidden=move || folded.get()>
                <ConversationPane id label=tr("chat-window") shown=Signal::derive(move || !folded.get()) context_open=false compact=true/>
            </div>
        </section>
    }
}
