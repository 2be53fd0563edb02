//! The logged-in frame: a top bar with the app's pages and the avatar menu,
//! and the page being shown. Pages switch without a reload. The top bar's
//! messages icon counts the operator's unread conversations and lists
//! theirs; the tab's title counts them too. The shell opens the bus, so
//! presence holds on every page, and keeps the chat windows, outside the
//! page, so they keep their state from page to page.

use leptos::prelude::*;
use switchboard_core::protocol::{ConversationSummary, Me};

use crate::i18n::{number, tr, tr_with};
use crate::pages::{admin, channels, chatbots, history, inbox, profile};
use crate::{api, bus, canned, conversation, drafts, notify, windows, Session};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Discuss,
    History,
    Channels,
    Chatbots,
    Configuration,
    Profile,
}

/// The page being shown, shared by every component that can change it.
#[derive(Clone, Copy)]
pub struct CurrentPage(pub RwSignal<Page>);

#[component]
pub fn Shell(me: Me) -> impl IntoView {
    let page = CurrentPage(RwSignal::new(Page::Discuss));
    provide_context(page);
    // The bus lives as long as the shell: presence on every page.
    bus::provide(me.channels.clone(), me.login.clone());
    provide_context(canned::Canned::load());
    drafts::Drafts::provide();
    let windows = windows::provide(me.login.clone());
    crate::push::follow_clicks(windows);
    notify::provide();
    let admin = me.admin;
    let (channels, login) = (me.channels.clone(), me.login.to_string());
    view! {
        <TopBar me/>
        {move || match page.0.get() {
            Page::Discuss => view! { <inbox::Inbox/> }.into_any(),
            Page::History => {
                view! { <history::HistoryPage channels=channels.clone() login=login.clone() admin/> }.into_any()
            }
            Page::Channels => view! { <channels::ChannelsPage admin/> }.into_any(),
            Page::Chatbots => view! { <chatbots::ChatbotsPage/> }.into_any(),
            Page::Configuration => view! { <admin::ConfigurationPage/> }.into_any(),
            Page::Profile => view! { <profile::ProfilePage/> }.into_any(),
        }}
        <windows::ChatWindowStack/>
    }
}

#[component]
fn NavButton(page: Page, label: String) -> impl IntoView {
    let current = expect_context::<CurrentPage>();
    view! {
        <button type="button" aria-current=move || (current.0.get() == page).then_some("page")
            on:click=move |_| current.0.set(page)>{label}</button>
    }
}

#[component]
fn TopBar(me: Me) -> impl IntoView {
    let session = expect_context::<Session>();
    let current = expect_context::<CurrentPage>();
    let menu_open = RwSignal::new(false);
    let ended = expect_context::<crate::SessionEnded>();
    let log_out = move |_| {
        // This tab's sockets close as the session ends: no need to say so.
        ended.leaving.set(true);
        leptos::task::spawn_local(async move {
            // A shared computer: the next person here gets none of their pushes.
            let _ = crate::push::turn_off().await;
            if api::post::<_, serde_json::Value>("/api/logout", &serde_json::json!({})).await.is_ok() {
                session.0.set(Some(None));
            }
        })
    };
    let initial = me.display_name.chars().next().unwrap_or('?').to_uppercase().to_string();
    // On a narrow screen the pages are in a menu (`inbox.css`), closed
    // again once one is chosen.
    let pages_open = RwSignal::new(false);
    Effect::new(move |_| {
        current.0.track();
        pages_open.set(false);
    });
    view! {
        <header class="topbar">
            <button type="button" class="pages-toggle" aria-controls="main-pages"
                aria-expanded=move || pages_open.get().to_string()
                on:click=move |_| pages_open.update(|o| *o = !*o)>{tr("menu")}</button>
            <strong>"Switchboard"</strong>
            <nav aria-label=tr("nav-main") id="main-pages" class:open=move || pages_open.get()>
                <NavButton page=Page::Discuss label=tr("nav-discuss")/>
                <NavButton page=Page::History label=tr("nav-history")/>
                <NavButton page=Page::Channels label=tr("nav-channels")/>
                {me.admin.then(|| view! {
                    <NavButton page=Page::Chatbots label=tr("nav-chatbots")/>
                    <NavButton page=Page::Configuration label=tr("nav-configuration")/>
                })}
            </nav>
            <span class="workspace">{me.workspace_name.clone()}</span>
            <MessagesMenu/>
            <div class="account">
                <button type="button" class="avatar" aria-label=tr_with("account-menu", &[("name", &me.display_name)])
                    aria-haspopup="menu" aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)>{initial}</button>
                <Show when=move || menu_open.get()>
                    <ul role="menu" aria-label=tr("account")>
                        <li role="none"><button type="button" role="menuitem" on:click=move |_| {
                            current.0.set(Page::Profile);
                            menu_open.set(false);
                        }>{tr("my-profile")}</button></li>
                        <li role="none"><button type="button" role="menuitem" on:click=log_out>{tr("log-out")}</button></li>
                    </ul>
                </Show>
            </div>
        </header>
    }
}

/// The messages icon: how many of the operator's conversations have unread
/// messages, and a list of their conversations (newest activity first)
/// that opens one in a chat window.
#[component]
fn MessagesMenu() -> impl IntoView {
    let feeds = expect_context::<bus::Feeds>();
    let windows = expect_context::<windows::ChatWindows>();
    let open = RwSignal::new(false);
    // Computed once per change, shared by the badge, the label, the title
    // and the list.
    let list = Memo::new(move |_| {
        let mut mine: Vec<(ConversationSummary, u64)> = feeds
            .get()
            .iter()
            .flat_map(|f| {
                f.items.with(|items| {
                    items
                        .iter()
                        .flatten()
                        .filter(|c| f.unread(c) > 0 || (f.is_mine(c) && !c.closed))
                        .map(|c| (c.clone(), f.unread(c)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        mine.sort_by_key(|(c, _)| std::cmp::Reverse(c.updated_at));
        mine
    });
    let count = Memo::new(move |_| list.with(|l| l.iter().filter(|(_, n)| *n > 0).count()));
    let label = move || match count.get() {
        0 => tr("messages-none-unread"),
        1 => tr("messages-one-unread"),
        n => tr_with("messages-unread", &[("count", &number(n as u64))]),
    };
    // The tab's title shows the count too, for a tab in the background.
    Effect::new(move |_| {
        let title = match count.get() {
            0 => tr("app-title"),
            n => format!("({}) {}", number(n as u64), tr("app-title")),
        };
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&title);
        }
    });
    view! {
        <div class="messages-menu">
            <button type="button" class="messages-icon" aria-label=label aria-haspopup="true"
                aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                <span aria-hidden="true">"✉"</span>
                <span class="badge" aria-hidden="true" hidden=move || count.get() == 0>{count}</span>
            </button>
            <Show when=move || open.get()>
                <div class="messages-list">
                <notify::AlertChoices/>
                <ul aria-label=tr("your-conversations")>
                    {
                        move || {
                            let items = list.get();
                            if items.is_empty() {
                                return view! { <li class="empty-list">{tr("no-conversation-of-yours")}</li> }.into_any();
                            }
                            items.into_iter().map(|(c, unread)| {
                                let id = c.id.clone();
                                let note = if unread > 0 { format!(" · {}", tr_with("unread-count", &[("count", &number(unread))])) } else { String::new() };
                                view! {
                                    <li class:unread={unread > 0}>
                                        <button type="button" on:click=move |_| { windows.open(id.clone()); open.set(false) }>
                                            <span class="who"><bdi>{conversation::visitor_label(&c)}</bdi>{note}</span>
                                            <bdi class="preview" dir="auto">{c.preview.clone()}</bdi>
                                        </button>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }
                    }
                </ul>
                </div>
            </Show>
        </div>
    }
}
