//! The page before the inbox: log in, or create a new workspace (sign-up
//! makes its first admin).

use leptos::prelude::*;
use switchboard_core::protocol::{Credentials, Me, SignUp};

use crate::api;
use crate::form::{FormState, FormStatus, TextField};
use crate::Session;

#[component]
pub fn LoginPage() -> impl IntoView {
    let signing_up = RwSignal::new(false);
    let ended = expect_context::<crate::SessionEnded>();
    view! {
        <main class="login">
            <h1>"Switchboard inbox"</h1>
            <Show when=move || ended.shown.get()>
                <p role="alert">"Your session has ended. Please log in again."</p>
            </Show>
            {move || if signing_up.get() { view! { <SignUpForm/> }.into_any() } else { view! { <LoginForm/> }.into_any() }}
            <button type="button" class="link" on:click=move |_| signing_up.update(|s| *s = !*s)>
                {move || if signing_up.get() { "I have an account: log in" } else { "Create a workspace" }}
            </button>
        </main>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let form = FormState::new();
    let (login, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = Credentials { login: login.get_untracked(), password: password.get_untracked() };
        form.submit("Logged in.", async move { api::post::<_, Me>("/api/login", &body).await }, move |me| {
            session.0.set(Some(Some(me)))
        });
    };
    view! {
        <form on:submit=submit aria-label="Log in">
            <TextField label="Login" field="login" value=login form/>
            <TextField label="Password" field="password" value=password form kind="password"/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>
                {move || if form.busy.get() { "Logging in…" } else { "Log in" }}
            </button>
        </form>
    }
}

#[component]
fn SignUpForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let form = FormState::new();
    let workspace = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = SignUp {
            workspace_name: workspace.get_untracked(),
            name: name.get_untracked(),
            login: login.get_untracked(),
            password: password.get_untracked(),
        };
        form.submit(
            "Workspace created.",
            async move { api::post::<_, Me>("/api/signup", &body).await },
            move |me| session.0.set(Some(Some(me))),
        );
    };
    view! {
        <form on:submit=submit aria-label="Create a workspace">
            <TextField label="Workspace name" field="workspace_name" value=workspace form/>
            <TextField label="Your name" field="name" value=name form/>
            <TextField label="Login" field="login" value=login form/>
            <TextField label="Password" field="password" value=password form kind="password"/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>"Create workspace"</button>
        </form>
    }
}
