//! The logged-in frame: a top bar with the app's pages and the avatar menu,
//! and the page being shown. Pages switch without a reload.

use leptos::prelude::*;
use switchboard_core::protocol::Me;

use crate::{admin, api, canned, channels, chatbots, inbox, profile, windows, Session};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Discuss,
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
    // Channel feeds live as long as the shell: presence on every page.
    provide_context(inbox::Feeds(me.channels.iter().cloned().map(inbox::ChannelFeed::open).collect()));
    provide_context(canned::Canned::load());
    windows::provide(me.login.clone());
    let admin = me.admin;
    view! {
        <TopBar me/>
        {move || match page.0.get() {
            Page::Discuss => view! { <inbox::Inbox/> }.into_any(),
            Page::Channels => view! { <channels::ChannelsPage admin/> }.into_any(),
            Page::Chatbots => view! { <chatbots::ChatbotsPage/> }.into_any(),
            Page::Configuration => view! { <admin::ConfigurationPage/> }.into_any(),
            Page::Profile => view! { <profile::ProfilePage/> }.into_any(),
        }}
        <windows::ChatWindowStack/>
    }
}

#[component]
fn NavButton(page: Page, label: &'static str) -> impl IntoView {
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
    let log_out = move |_| {
        leptos::task::spawn_local(async move {
            if api::post::<_, serde_json::Value>("/api/logout", &serde_json::json!({})).await.is_ok() {
                session.0.set(Some(None));
            }
        })
    };
    let initial = me.display_name.chars().next().unwrap_or('?').to_uppercase().to_string();
    view! {
        <header class="topbar">
            <strong>"Switchboard"</strong>
            <nav aria-label="Main">
                <NavButton page=Page::Discuss label="Discuss"/>
                <NavButton page=Page::Channels label="Channels"/>
                {me.admin.then(|| view! {
                    <NavButton page=Page::Chatbots label="Chatbots"/>
                    <NavButton page=Page::Configuration label="Configuration"/>
                })}
            </nav>
            <span class="workspace">{me.workspace_name.clone()}</span>
            <div class="account">
                <button type="button" class="avatar" aria-label=format!("Account menu for {}", me.display_name)
                    aria-haspopup="menu" aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)>{initial}</button>
                <Show when=move || menu_open.get()>
                    <ul role="menu" aria-label="Account">
                        <li role="none"><button type="button" role="menuitem" on:click=move |_| {
                            current.0.set(Page::Profile);
                            menu_open.set(false);
                        }>"My Profile"</button></li>
                        <li role="none"><button type="button" role="menuitem" on:click=log_out>"Log out"</button></li>
                    </ul>
                </Show>
            </div>
        </header>
    }
}
