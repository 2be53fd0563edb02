//! The operator inbox: a Leptos CSR app served by the Worker at `/`.
//!
//! - [`pages`]: one module per page (log-in, Discuss, Channels, Chatbots,
//!   Configuration, My Profile). A page may use the parts below, never the
//!   shell.
//! - [`shell`]: the top bar and the page being shown.
//! - [`api`]: the inbox's HTTP calls; [`form`]: what every form shares.
//! - [`bus`]: the tab's one live socket, to the operator's bus (their channels' news).
//! - [`conversation`]: the conversation pane that Discuss and the chat
//!   windows share; [`windows`]: the chat windows that follow the operator.
//! - [`access`]: an admin's controls over an operator's access, and one's
//!   own password; [`invite`]: invitation links, made and answered.
//! - [`actions`]: ending a conversation, transferring it; [`canned`]: canned
//!   responses; [`drafts`]: unsent text per conversation; [`notify`]: sound
//!   and desktop notifications.
//! - this file: the root — log-in or the shell, depending on the session.

mod access;
mod actions;
mod api;
mod attach;
mod bus;
mod canned;
mod conversation;
mod drafts;
mod form;
mod i18n;
mod invite;
mod notify;
mod pages;
mod push;
mod shell;
mod windows;

use leptos::prelude::*;
use switchboard_core::protocol::Me;
use wasm_bindgen::prelude::*;

/// Whether the last session ended under the operator (`shown`: the log-in
/// page says so), or because they logged out (`leaving`: nothing to say).
#[derive(Clone, Copy)]
pub struct SessionEnded {
    pub shown: RwSignal<bool>,
    pub leaving: RwSignal<bool>,
}

/// Who is logged in: `None` until known, then `Some(None)` or `Some(Some(me))`.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<Me>>>);

impl Session {
    /// Asks the server who is logged in; on failure, says why.
    fn check(self, problem: RwSignal<Option<String>>) {
        problem.set(None);
        leptos::task::spawn_local(async move {
            match api::me().await {
                Ok(me) => self.enter_now(me).await,
                Err(message) => problem.set(Some(message)),
            }
        });
    }

    /// Someone logged in: the inbox takes their language, then shows.
    pub fn enter(self, me: Me) {
        leptos::task::spawn_local(self.enter_now(Some(me)));
    }

    async fn enter_now(self, me: Option<Me>) {
        i18n::adopt(i18n::choose(me.as_ref().and_then(|m| m.inbox_language.as_deref()))).await;
        self.0.set(Some(me));
    }
}

/// How often an inbox that cannot reach the server asks again by itself.
const ASK_AGAIN_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let session = Session(RwSignal::new(None));
    let problem = RwSignal::new(None::<String>);
    let ended = SessionEnded { shown: RwSignal::new(false), leaving: RwSignal::new(false) };
    provide_context(session);
    provide_context(ended);
    // An invitation link opened: its page, whoever is logged in.
    let invitation = invite::Invitation(RwSignal::new(invite::in_address()));
    provide_context(invitation);
    session.check(problem);
    // A socket closed because the session ended (logged out elsewhere,
    // disabled, a new password): back to the log-in page, saying why.
    let on_end = Closure::<dyn Fn()>::new(move || {
        if !ended.leaving.get_untracked() {
            ended.shown.set(true);
            session.0.set(Some(None));
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(
            switchboard_browser::socket::SESSION_ENDED_EVENT,
            on_end.as_ref().unchecked_ref(),
        );
    }
    on_end.forget();
    // Opened offline (from the service worker's cache, `sw.js`): the
    // network coming back is the time to ask again.
    let on_online = Closure::<dyn Fn()>::new(move || {
        if problem.get_untracked().is_some() && session.0.get_untracked().is_none() {
            session.check(problem);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    }
    on_online.forget();
    // And every few seconds while it cannot reach the server: a browser
    // does not always announce the network's return (a server restarting,
    // a captive portal, an emulated outage).
    Effect::new(move |_| {
        if problem.get().is_some() && session.0.get_untracked().is_none() {
            if let Ok(timer) = set_timeout_with_handle(move || session.check(problem), ASK_AGAIN_EVERY) {
                on_cleanup(move || timer.clear());
            }
        }
    });
    // Logged in again: a later end is news again.
    Effect::new(move |_| {
        if matches!(session.0.get(), Some(Some(_))) {
            ended.shown.set(false);
            ended.leaving.set(false);
        }
    });
    // Re-render the shell only when who is logged in changes, not when their
    // profile does (a saved profile must not reset the page).
    let who = Memo::new(move |_| session.0.get().map(|me| me.map(|m| (m.workspace, m.login))));
    view! {
        {move || match (invitation.0.get(), who.get(), problem.get()) {
            // Once the language is known (the session asked first).
            (Some(value), Some(_), _) => view! { <invite::AcceptPage value/> }.into_any(),
            (_, None, Some(message)) => view! {
                <main class="login">
                    <p role="alert">{message}</p>
                    <button type="button" on:click=move |_| session.check(problem)>{i18n::tr("try-again")}</button>
                </main>
            }.into_any(),
            (_, None, None) => view! { <p role="status">{i18n::tr("loading")}</p> }.into_any(),
            (None, Some(None), _) => view! { <pages::login::LoginPage/> }.into_any(),
            (None, Some(Some(_)), _) => match session.0.get_untracked().flatten() {
                Some(me) => view! { <shell::Shell me/> }.into_any(),
                None => ().into_any(),
            },
        }}
    }
}
