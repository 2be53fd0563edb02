//! Invitations: an admin makes a link for an operator (a new one invited
//! without a password, or one who forgot theirs), and the person who opens
//! it chooses their password and is logged in. The link names the
//! invitation after `#`, so it never reaches a server's logs or another
//! site's `Referer`.

use leptos::prelude::*;
use switchboard_core::protocol::{InvitationInfo, InvitationLink, Me, PasswordReset};

use crate::api;
use crate::form::{FormState, FormStatus, TextField};
use crate::i18n::{lang, tr, tr_with};
use crate::Session;

/// What a link's address carries after `#`.
const MARK: &str = "#invite=";

/// The invitation the page's address names, if any.
pub fn in_address() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix(MARK).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Forgets the invitation in the address (spent, or set aside).
fn leave_address() {
    if let Some(w) = web_sys::window() {
        let path = w.location().pathname().unwrap_or_else(|_| "/".into());
        let _ =
            w.history().and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path)));
    }
}

fn until(ms: i64) -> String {
    js_sys::Date::new(&(ms as f64).into()).to_locale_string(&lang(), &js_sys::Object::new()).into()
}

/// An admin's button that makes a new link for operator `login` (the last
/// stops working) and shows it, to copy and send them.
#[component]
pub fn InviteButton(login: String, name: String) -> impl IntoView {
    let form = FormState::new();
    let link = RwSignal::new(None::<InvitationLink>);
    let path = format!("/api/operators/{login}/invite");
    let make = move |_| {
        let path = path.clone();
        form.submit(
            "",
            async move { api::post::<_, InvitationLink>(&path, &serde_json::json!({})).await },
            move |l| link.set(Some(l)),
        );
    };
    let (button_label, field_label) =
        (tr_with("invitation-link-for", &[("name", &name)]), tr_with("link-for", &[("name", &name)]));
    view! {
        <button type="button" class="secondary" aria-label=button_label on:click=make>{tr("invitation-link")}</button>
        <FormStatus form/>
        {move || link.get().map(|l| view! { <ShownLink link=l label=field_label.clone()/> })}
    }
}

/// A link made: to copy, with when it stops working.
#[component]
pub fn ShownLink(link: InvitationLink, label: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = link.link.clone();
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    let group = label.clone();
    view! {
        <div class="invitation" role="group" aria-label=group>
            <label>{label}<input type="text" readonly prop:value=link.link.clone()
                on:focus=|e| { let _ = event_target::<web_sys::HtmlInputElement>(&e).select(); }/></label>
            <button type="button" class="secondary" on:click=copy>{tr("copy")}</button>
            <p role="status">
                {move || copied.get().then(|| format!("{} ", tr("copied")))}
                {tr_with("link-works-until", &[("time", &until(link.expires_at))])}
            </p>
        </div>
    }
}

/// The page an invitation link opens: whose it is, and their password.
#[component]
pub fn AcceptPage(value: String) -> impl IntoView {
    let info = RwSignal::new(None::<Result<InvitationInfo, String>>);
    let path = format!("/api/invitations/{value}");
    {
        let path = path.clone();
        leptos::task::spawn_local(async move {
            info.set(Some(api::get::<InvitationInfo>(&path).await.map_err(|e| e.message)));
        });
    }
    view! {
        <main class="login">
            <h1>{tr("app-title")}</h1>
            {move || match info.get() {
                None => view! { <p role="status">{tr("loading")}</p> }.into_any(),
                Some(Err(message)) => view! { <Refused message/> }.into_any(),
                Some(Ok(i)) => view! { <PasswordChoice info=i path=path.clone()/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Refused(message: String) -> impl IntoView {
    let invitation = expect_context::<Invitation>();
    // Back to what the session says: the log-in page, or the inbox.
    let onward = move |_| {
        leave_address();
        invitation.0.set(None);
    };
    view! {
        <p role="alert">{message}</p>
        <button type="button" class="link" on:click=onward>{tr("go-to-inbox")}</button>
    }
}

#[component]
fn PasswordChoice(info: InvitationInfo, path: String) -> impl IntoView {
    let (session, invitation) = (expect_context::<Session>(), expect_context::<Invitation>());
    let form = FormState::new();
    let password = RwSignal::new(String::new());
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let (path, body) = (path.clone(), PasswordReset { password: password.get_untracked() });
        form.submit(tr("welcome"), async move { api::post::<_, Me>(&path, &body).await }, move |me| {
            leave_address();
            session.enter(me);
            invitation.0.set(None);
        });
    };
    let workspace = if info.workspace_name.is_empty() { tr("the-workspace") } else { info.workspace_name };
    view! {
        <form on:submit=submit aria-label=tr("accept-invitation")>
            <h2>{tr_with("welcome-name", &[("name", &info.name)])}</h2>
            <p>{tr_with("invited-to", &[("name", &workspace), ("login", info.login.as_str())])}</p>
            <TextField label=tr("password") field="password" value=password form kind="password"/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>{tr("set-password-log-in")}</button>
        </form>
    }
}

/// The invitation being answered, shared with the root (which shows its
/// page instead of the log-in page or the inbox).
#[derive(Clone, Copy)]
pub struct Invitation(pub RwSignal<Option<String>>);
