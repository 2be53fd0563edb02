//! Live Chat → Channels: a card per channel with Join (when not active in
//! it) or Leave; admins also create channels and copy each one's embed code.

use leptos::prelude::*;
use switchboard_core::protocol::{ApiError, ChannelCard, ChannelInfo, ChannelInput};

use crate::api;
use crate::form::{FormState, FormStatus, TextField};

#[component]
pub fn ChannelsPage(admin: bool) -> impl IntoView {
    let cards = RwSignal::new(Vec::<ChannelCard>::new());
    let problem = RwSignal::new(None::<String>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::get::<Vec<ChannelCard>>("/api/channels").await {
                Ok(list) => cards.set(list),
                Err(e) => problem.set(Some(e.message)),
            }
        })
    };
    reload();
    view! {
        <main class="page">
            <h1>"Channels"</h1>
            <p role="alert">{move || problem.get()}</p>
            <div class="cards">
                <For each=move || cards.get() key=|c| (c.id.clone(), c.joined, c.members.len()) let:card>
                    <Card card admin cards/>
                </For>
            </div>
            {admin.then(|| view! { <NewChannel on_created=reload/> })}
        </main>
    }
}

fn embed_code(id: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!(r#"<script src="{origin}/widget.js" data-channel="{id}" async></script>"#)
}

#[component]
fn Card(card: ChannelCard, admin: bool, cards: RwSignal<Vec<ChannelCard>>) -> impl IntoView {
    let heading = format!("channel-card-{}", card.id);
    let labelled_by = heading.clone();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = card.id.to_string();
    let action = if card.joined { "leave" } else { "join" };
    let toggle = move |_| {
        let path = format!("/api/channels/{id}/{action}");
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post::<_, ChannelCard>(&path, &serde_json::json!({})).await {
                Ok(updated) => cards.update(|list| {
                    if let Some(c) = list.iter_mut().find(|c| c.id == updated.id) {
                        *c = updated;
                    }
                }),
                Err(ApiError { message, .. }) => error.set(Some(message)),
            }
            busy.set(false);
        });
    };
    let members = if card.members.is_empty() {
        "No operator is active here.".to_owned()
    } else {
        format!("Active: {}", card.members.join(", "))
    };
    let code = embed_code(card.id.as_str());
    let code_label = format!("Embed code for {}", card.name);
    view! {
        <article class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{card.name.clone()}</h2>
            <p>{members}</p>
            <button type="button" disabled=move || busy.get() on:click=toggle>
                {if card.joined { "Leave" } else { "Join" }}
            </button>
            <p role="alert">{move || error.get()}</p>
            {admin.then(|| view! {
                <label class="field"><span>{code_label}</span>
                    <textarea readonly rows="3">{code}</textarea>
                </label>
            })}
        </article>
    }
}

#[component]
fn NewChannel(on_created: impl Fn() + Copy + 'static) -> impl IntoView {
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = ChannelInput {
            name: name.get_untracked(),
        };
        form.submit(
            "Channel created.",
            async move { api::post::<_, ChannelInfo>("/api/channels", &body).await },
            move |_| {
                name.set(String::new());
                on_created();
            },
        );
    };
    view! {
        <form on:submit=submit aria-label="New channel">
            <h2>"New channel"</h2>
            <TextField label="Name" field="name" value=name form/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>"Create channel"</button>
        </form>
    }
}
