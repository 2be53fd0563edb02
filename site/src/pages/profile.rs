//! My Profile → Preferences: the Online Chat Name visitors see, the Online
//! Chat Languages (only those enabled in the workspace) and the Live Chat
//! Expertise; and the operator's own password (`crate::access`).

use leptos::prelude::*;
use switchboard_core::protocol::{Me, ProfileUpdate, WorkspaceView};
use switchboard_core::texts::INBOX_LANGUAGES;

use crate::api;
use crate::form::{CheckboxGroup, FormState, FormStatus, TextField};
use crate::i18n::{tr, tr_with};
use crate::Session;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let view_data = LocalResource::new(|| api::get::<WorkspaceView>("/api/workspace"));
    view! {
        <main class="page">
            <h1>{tr("my-profile")}</h1>
            <Suspense fallback=|| view! { <p role="status">{tr("loading")}</p> }>
                {move || view_data.get().map(|r| match r {
                    Ok(ws) => view! { <Preferences ws/> <crate::access::PasswordForm/> }.into_any(),
                    Err(e) => view! { <p role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Preferences(ws: WorkspaceView) -> impl IntoView {
    let session = expect_context::<Session>();
    let me = session.0.get_untracked().flatten();
    let login = me.as_ref().map(|m| m.login.clone());
    let saved_language = me.and_then(|m| m.inbox_language);
    let inbox_language = RwSignal::new(saved_language.clone().unwrap_or_default());
    let mine = ws.operators.iter().find(|o| Some(&o.login) == login.as_ref()).cloned();
    let form = FormState::new();
    let chat_name = RwSignal::new(mine.as_ref().and_then(|o| o.chat_name.clone()).unwrap_or_default());
    let languages = RwSignal::new(mine.as_ref().map(|o| o.languages.clone()).unwrap_or_default());
    let expertise = RwSignal::new(mine.as_ref().map(|o| o.expertise.clone()).unwrap_or_default());
    let language_options: Vec<_> = ws.languages.iter().map(|l| (l.tag.clone(), l.name.clone())).collect();
    let expertise_options: Vec<_> = ws.expertise.iter().map(|e| (e.id.clone(), e.name.clone())).collect();
    let language_options = Signal::derive(move || language_options.clone());
    let expertise_options = Signal::derive(move || expertise_options.clone());
    let name = mine.map(|o| o.name).unwrap_or_default();
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = ProfileUpdate {
            chat_name: chat_name.get_untracked(),
            languages: languages.get_untracked(),
            expertise: expertise.get_untracked(),
            inbox_language: Some(inbox_language.get_untracked()).filter(|l| !l.is_empty()),
        };
        let changed = body.inbox_language != saved_language;
        form.submit(
            tr("preferences-saved"),
            async move { api::put::<_, Me>("/api/profile", &body).await },
            move |me| {
                // Another language: the inbox starts again in it.
                match changed.then(web_sys::window).flatten() {
                    Some(window) => drop(window.location().reload()),
                    None => session.0.set(Some(Some(me))),
                }
            },
        );
    };
    view! {
        <form on:submit=submit aria-label=tr("preferences")>
            <h2>{tr("preferences")}</h2>
            <TextField label=tr("online-chat-name") field="chat_name" value=chat_name form/>
            <p class="hint">{tr_with("online-chat-name-hint", &[("name", &name)])}</p>
            <CheckboxGroup legend=tr("online-chat-languages") field="languages" options=language_options chosen=languages form/>
            <CheckboxGroup legend=tr("live-chat-expertise") field="expertise" options=expertise_options chosen=expertise form/>
            <label class="field">
                {tr("inbox-language")}
                <select prop:value=move || inbox_language.get() on:change=move |e| inbox_language.set(event_target_value(&e))>
                    <option value="">{tr("browser-language")}</option>
                    {INBOX_LANGUAGES.iter().map(|(tag, name)| view! { <option value=*tag lang=*tag>{*name}</option> }).collect_view()}
                </select>
            </label>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>{tr("save")}</button>
        </form>
    }
}
