//! Who may come in: an admin's controls over another operator's access
//! (disable or enable, admin or not, a new password, removal, asked twice),
//! and an operator's own password. Each change takes effect at once on the
//! server: the operator's open inboxes stop and go back to the log-in page.

use gloo_net::http::Method;
use leptos::prelude::*;
use switchboard_core::protocol::{OperatorInfo, PasswordChange, PasswordReset, RoleUpdate};

use crate::api;
use crate::form::{FormState, FormStatus, TextField};
use crate::i18n::{tr, tr_with};

/// An admin's controls over operator `o`; `changed` runs after each change
/// with what to tell the admin (the list is drawn again, this included).
#[component]
pub fn OperatorAccess(o: OperatorInfo, changed: Callback<String>) -> impl IntoView {
    let form = FormState::new();
    let base = format!("/api/operators/{}", o.login);
    let name = o.name.clone();
    // What it did is said once, by the list (this item is drawn anew);
    // here only a refusal shows.
    let run = move |done: String, method: Method, path: String, body: Option<serde_json::Value>| {
        form.submit(
            "",
            async move { api::call::<_, serde_json::Value>(method, &path, body.as_ref()).await },
            move |_| changed.run(done),
        );
    };
    let (disabled, admin) = (o.disabled, o.admin);
    let toggle = {
        let (base, verb) = (base.clone(), if disabled { "enable" } else { "disable" });
        move |_| {
            let done = tr(if disabled { "enabled" } else { "disabled-logged-out" });
            run(done, Method::POST, format!("{base}/{verb}"), Some(serde_json::json!({})))
        }
    };
    let role = {
        let base = base.clone();
        move |_| {
            let body = serde_json::to_value(RoleUpdate { admin: !admin }).ok();
            run(tr("role-changed"), Method::PUT, format!("{base}/role"), body)
        }
    };
    let confirming = RwSignal::new(false);
    let remove = {
        let base = base.clone();
        move |_| run(tr("removed"), Method::DELETE, base.clone(), None)
    };
    let password = RwSignal::new(String::new());
    let reset = {
        let base = base.clone();
        move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            let body = serde_json::to_value(PasswordReset { password: password.get_untracked() }).ok();
            password.set(String::new());
            run(tr("password-set"), Method::POST, format!("{base}/password"), body)
        }
    };
    let named = |id: &str| tr_with(id, &[("name", &name)]);
    let toggle_label = named(if disabled { "enable-name" } else { "disable-name" });
    let (group_label, ask, reset_label) =
        (named("access-of"), named("remove-confirm"), named("new-password-for"));
    let role_label = named(if admin { "make-operator-name" } else { "make-admin-name" });
    view! {
        <div class="access" role="group" aria-label=group_label>
            <button type="button" class="secondary" aria-label=toggle_label on:click=toggle>
                {tr(if disabled { "enable" } else { "disable" })}
            </button>
            <button type="button" class="secondary" aria-label=role_label on:click=role>
                {tr(if admin { "make-operator" } else { "make-admin" })}
            </button>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="secondary" on:click=move |_| confirming.set(true)>{tr("remove")}</button>
                }
            >
                <span>{ask.clone()}</span>
                <button type="button" class="danger" on:click=remove.clone()>{tr("yes-remove")}</button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{tr("cancel")}</button>
            </Show>
            <crate::invite::InviteButton login=o.login.to_string() name=name.clone()/>
            <form class="inline" on:submit=reset aria-label=reset_label>
                <TextField label=tr("new-password") field="password" value=password form kind="password"/>
                <button type="submit" class="secondary" disabled=move || form.busy.get()>{tr("set-password")}</button>
            </form>
            <FormStatus form/>
        </div>
    }
}

/// The caller's own password, changed (the current one first); their other
/// sessions end, this one goes on.
#[component]
pub fn PasswordForm() -> impl IntoView {
    let form = FormState::new();
    let (current, new) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = PasswordChange { current: current.get_untracked(), new: new.get_untracked() };
        form.submit(
            tr("password-changed"),
            async move { api::put::<_, serde_json::Value>("/api/password", &body).await },
            move |_| {
                current.set(String::new());
                new.set(String::new());
            },
        );
    };
    view! {
        <form on:submit=submit aria-label=tr("password")>
            <h2>{tr("password")}</h2>
            <TextField label=tr("current-password") field="current" value=current form kind="password"/>
            <TextField label=tr("new-password") field="new" value=new form kind="password"/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>{tr("change-password")}</button>
        </form>
    }
}
