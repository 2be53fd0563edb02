//! The page before the inbox: log in, or create a new workspace (sign-up
//! makes its first admin).

use leptos::prelude::*;
use switchboard_core::protocol::{Credentials, Me, SignUp};

use crate::api;
use crate::form::{FormState, FormStatus, TextField};
use crate::i18n::tr;
use crate::Session;

#[component]
pub fn LoginPage() -> impl IntoView {
    let signing_up = RwSignal::new(false);
    let ended = expect_context::<crate::SessionEnded>();
    view! {
        <main class="login">
            <h1>{tr("app-title")}</h1>
            <Show when=move || ended.shown.get()>
                <p role="alert">{tr("session-ended")}</p>
            </Show>
            {move || if signing_up.get() { view! { <SignUpForm/> }.into_any() } else { view! { <LoginForm/> }.into_any() }}
            <button type="button" class="link" on:click=move |_| signing_up.update(|s| *s = !*s)>
                {move || if signing_up.get() { tr("have-account") } else { tr("create-workspace") }}
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
        form.submit(
            tr("logged-in"),
            async move { api::post::<_, Me>("/api/login", &body).await },
            move |me| session.enter(me),
        );
    };
    view! {
        <form on:submit=submit aria-label=tr("log-in")>
            <TextField label=tr("login") field="login" value=login form/>
            <TextField label=tr("password") field="password" value=password form kind="password"/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>
                {move || if form.busy.get() { tr("logging-in") } else { tr("log-in") }}
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
            tr("workspace-created"),
            async move { api::post::<_, Me>("/api/signup", &body).await },
            move |me| session.enter(me),
        );
    };
    view! {
        <form on:submit=submit aria-label=tr("create-workspace")>
            <TextField label=tr("workspace-name") field="workspace_name" value=workspace form/>
            <TextField label=tr("your-name") field="name" value=name form/>
            <TextField label=tr("login") field="login" value=login form/>
            <TextField label=tr("password") field="password" value=password form kind="password"/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>{tr("create-workspace-button")}</button>
        </form>
    }
}
