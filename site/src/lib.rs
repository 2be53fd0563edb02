//! The operator inbox: a Leptos CSR app served by the Worker at `/`.
//!
//! - [`api`]: the inbox's HTTP calls (login, logout, who am I).
//! - [`inbox`]: the logged-in view: channels and their conversations on the
//!   left, the open conversation on the right.
//! - this file: the root — log-in form or inbox, depending on the session.
//!
//! Live data comes over sockets (the widget crate's `socket` and `chat`):
//! one per channel for the conversation list, one for the open conversation.

mod api;
mod inbox;

use leptos::prelude::*;
use switchboard_core::protocol::Me;
use wasm_bindgen::prelude::*;

/// Who is logged in: `None` until known, then `Some(None)` or `Some(Some(me))`.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<Me>>>);

impl Session {
    /// Asks the server who is logged in; on failure, says why.
    fn check(self, problem: RwSignal<Option<String>>) {
        problem.set(None);
        leptos::task::spawn_local(async move {
            match api::me().await {
                Ok(me) => self.0.set(Some(me)),
                Err(message) => problem.set(Some(message)),
            }
        });
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let session = Session(RwSignal::new(None));
    let problem = RwSignal::new(None::<String>);
    provide_context(session);
    session.check(problem);
    view! {
        {move || match (session.0.get(), problem.get()) {
            (None, Some(message)) => view! {
                <main class="login">
                    <p role="alert">{message}</p>
                    <button type="button" on:click=move |_| session.check(problem)>"Try again"</button>
                </main>
            }.into_any(),
            (None, None) => view! { <p role="status">"Loading…"</p> }.into_any(),
            (Some(None), _) => view! { <LoginForm/> }.into_any(),
            (Some(Some(me)), _) => view! { <inbox::Inbox me/> }.into_any(),
        }}
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::login(login.get_untracked(), password.get_untracked()).await {
                Ok(me) => session.0.set(Some(Some(me))),
                Err(message) => error.set(Some(message)),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="login">
            <h1>"Switchboard inbox"</h1>
            <form on:submit=submit aria-describedby="login-error">
                <label>"Login"<input name="login" autocomplete="username" required
                    prop:value=move || login.get() on:input=move |e| login.set(event_target_value(&e))/></label>
                <label>"Password"<input name="password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e))/></label>
                <p id="login-error" role="alert">{move || error.get()}</p>
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Logging in…" } else { "Log in" }}
                </button>
            </form>
        </main>
    }
}
