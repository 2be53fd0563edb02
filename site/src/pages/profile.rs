//! My Profile → Preferences: the Online Chat Name visitors see, the Online
//! Chat Languages (only those enabled in the workspace) and the Live Chat
//! Expertise; and the operator's own password (`crate::access`).

use leptos::prelude::*;
use switchboard_core::protocol::{Me, ProfileUpdate, WorkspaceView};

use crate::api;
use crate::form::{CheckboxGroup, FormState, FormStatus, TextField};
use crate::Session;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let view_data = LocalResource::new(|| api::get::<WorkspaceView>("/api/workspace"));
    view! {
        <main class="page">
            <h1>"My Profile"</h1>
            <Suspense fallback=|| view! { <p role="status">"Loading…"</p> }>
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
    let login = session.0.get_untracked().flatten().map(|m| m.login);
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
        };
        form.submit(
            "Preferences saved.",
            async move { api::put::<_, Me>("/api/profile", &body).await },
            move |me| session.0.set(Some(Some(me))),
        );
    };
    view! {
        <form on:submit=submit aria-label="Preferences">
            <h2>"Preferences"</h2>
            <TextField label="Online Chat Name" field="chat_name" value=chat_name form/>
            <p class="hint">{format!("Shown to visitors. When empty, visitors see your name, {name}.")}</p>
            <CheckboxGroup legend="Online Chat Languages" field="languages" options=language_options chosen=languages form/>
            <CheckboxGroup legend="Live Chat Expertise" field="expertise" options=expertise_options chosen=expertise form/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>"Save"</button>
        </form>
    }
}
