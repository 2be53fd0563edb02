//! Live Chat → Channels: a card per channel with Join (when not active in
//! it) or Leave. Admins also create and edit channels (name, welcome
//! message, operators, allowed websites), see each one's live state and copy
//! its embed code.

use leptos::prelude::*;
use switchboard_core::ids::Login;
use switchboard_core::protocol::{
    ApiError, ChannelCard, ChannelChatbot, ChannelInput, ChannelSettings, ChatbotInfo, FileLimits,
    LocalizedText, WorkspaceView,
};

use super::file_limits::FileLimitsFields;
use super::identity::VerifiedVisitors;
use super::live::LiveState;
use crate::api;
use crate::form::{unique_id, CheckboxGroup, FormState, FormStatus, TextArea, TextField};
use crate::i18n::{tr, tr_with};

/// The page's data: the cards, and for admins the workspace (settings and
/// operators for the channel forms).
#[derive(Clone, Copy)]
struct Channels {
    cards: RwSignal<Vec<ChannelCard>>,
    workspace: RwSignal<Option<WorkspaceView>>,
    /// The workspace's chatbot scripts (admins), for the channel forms.
    chatbots: RwSignal<Vec<ChatbotInfo>>,
    problem: RwSignal<Option<String>>,
    admin: bool,
}

impl Channels {
    fn reload(self) {
        leptos::task::spawn_local(async move {
            match api::get::<Vec<ChannelCard>>("/api/channels").await {
                Ok(list) => self.cards.set(list),
                Err(e) => self.problem.set(Some(e.message)),
            }
            if self.admin {
                match api::get::<WorkspaceView>("/api/workspace").await {
                    Ok(ws) => self.workspace.set(Some(ws)),
                    Err(e) => self.problem.set(Some(e.message)),
                }
                match api::get::<Vec<ChatbotInfo>>("/api/chatbots").await {
                    Ok(list) => self.chatbots.set(list),
                    Err(e) => self.problem.set(Some(e.message)),
                }
            }
        })
    }

    fn settings(self, id: &str) -> Option<ChannelSettings> {
        self.workspace.with(|w| w.as_ref()?.channels.iter().find(|c| c.id.as_str() == id).cloned())
    }

    fn operator_options(self) -> Signal<Vec<(Login, String)>> {
        Signal::derive(move || {
            self.workspace.with(|w| {
                w.as_ref()
                    .map(|w| w.operators.iter().map(|o| (o.login.clone(), o.name.clone())).collect())
                    .unwrap_or_default()
            })
        })
    }
}

#[component]
pub fn ChannelsPage(admin: bool) -> impl IntoView {
    let page = Channels {
        cards: RwSignal::new(vec![]),
        workspace: RwSignal::new(None),
        chatbots: RwSignal::new(vec![]),
        problem: RwSignal::new(None),
        admin,
    };
    provide_context(page);
    page.reload();
    view! {
        <main class="page">
            <h1>{tr("nav-channels")}</h1>
            <p role="alert">{move || page.problem.get()}</p>
            <div class="cards">
                <For each=move || page.cards.get() key=|c| c.clone() let:card>
                    <Card card/>
                </For>
            </div>
            {admin.then(|| view! {
                <h2>{tr("new-channel")}</h2>
                <ChannelForm existing=None/>
            })}
        </main>
    }
}

fn embed_code(id: &str) -> String {
    let origin = api::origin();
    format!(r#"<script src="{origin}/widget.js" data-channel="{id}" async></script>"#)
}

#[component]
fn Card(card: ChannelCard) -> impl IntoView {
    let page = expect_context::<Channels>();
    let heading = format!("channel-card-{}", card.id);
    let labelled_by = heading.clone();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let id = card.id.to_string();
    let action = if card.joined { "leave" } else { "join" };
    let path = format!("/api/channels/{id}/{action}");
    let toggle = move |_| {
        let path = path.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post::<_, ChannelCard>(&path, &serde_json::json!({})).await {
                Ok(updated) => page.cards.update(|list| {
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
        tr("no-operator-active")
    } else {
        tr_with("active-members", &[("name", &card.members.join(", "))])
    };
    let name = card.name.clone();
    view! {
        <article class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{card.name.clone()}</h2>
            <p>{members}</p>
            <button type="button" disabled=move || busy.get() on:click=toggle>
                {if card.joined { tr("leave") } else { tr("join") }}
            </button>
            <p role="alert">{move || error.get()}</p>
            {page.admin.then(|| {
                let id = id.clone();
                view! {
                    <LiveState channel=id.clone() name=name.clone()/>
                    <EmbedCode id=id.clone() name=name.clone()/>
                    <button type="button" class="secondary" aria-expanded=move || editing.get().to_string()
                        on:click=move |_| editing.update(|e| *e = !*e)>{tr("edit")}</button>
                    <Show when=move || editing.get()>
                        {
                            let id = id.clone();
                            // Built once the workspace is known, then kept: the reload after
                            // a save must not replace the form (and its "Channel saved.").
                            let known = Memo::new(move |_| page.workspace.with(Option::is_some));
                            move || {
                                known.get().then(|| untrack(|| page.settings(&id))).flatten()
                                    .map(|s| view! { <ChannelForm existing=Some(s)/> })
                            }
                        }
                    </Show>
                }
            })}
        </article>
    }
}

#[component]
fn EmbedCode(id: String, name: String) -> impl IntoView {
    let code = embed_code(&id);
    let copied = RwSignal::new(None::<String>);
    let to_copy = code.clone();
    let copy = move |_| {
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return };
        let promise = clipboard.write_text(&to_copy);
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(Some(tr(if done { "copied" } else { "copy-failed" })));
        });
    };
    view! {
        <label class="field"><span>{tr_with("embed-code-for", &[("name", &name)])}</span>
            <textarea readonly rows="3">{code}</textarea>
        </label>
        <button type="button" class="secondary" on:click=copy aria-label=tr_with("copy-embed-code-for", &[("name", &name)])>{tr("copy")}</button>
        <p role="status">{move || copied.get()}</p>
    }
}

/// Creates a channel (`existing` None) or edits one.
#[component]
fn ChannelForm(existing: Option<ChannelSettings>) -> impl IntoView {
    let page = expect_context::<Channels>();
    let form = FormState::new();
    let s = existing.clone();
    let name = RwSignal::new(s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let welcome = RwSignal::new(s.as_ref().map(|s| s.welcome.clone()).unwrap_or_default());
    let welcomes = RwSignal::new(s.as_ref().map(|s| s.welcomes.clone()).unwrap_or_default());
    let operators = RwSignal::new(s.as_ref().map(|s| s.operators.clone()).unwrap_or_default());
    let origins = RwSignal::new(s.as_ref().map(|s| s.origins.join("\n")).unwrap_or_default());
    let chatbot = RwSignal::new(s.as_ref().and_then(|s| s.chatbot.clone()));
    let keep_queries = RwSignal::new(s.as_ref().is_some_and(|s| s.keep_page_queries));
    let require_identity = RwSignal::new(s.as_ref().is_some_and(|s| s.require_identity));
    let secret = RwSignal::new(s.as_ref().and_then(|s| s.identity_secret.clone()));
    let renew_secret = RwSignal::new(false);
    let limits = s.as_ref().map(|s| s.files.clone()).unwrap_or_default();
    let max_mb = RwSignal::new(limits.max_mb.to_string());
    let file_kinds = RwSignal::new(limits.kinds);
    let id = existing.map(|s| s.id.to_string());
    let creating = id.is_none();
    let label = tr(if creating { "new-channel" } else { "channel-settings" });
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = ChannelInput {
            name: name.get_untracked(),
            welcome: welcome.get_untracked(),
            welcomes: welcomes.get_untracked(),
            operators: operators.get_untracked(),
            origins: origins.get_untracked().lines().map(str::to_owned).collect(),
            chatbot: chatbot.get_untracked(),
            keep_page_queries: keep_queries.get_untracked(),
            require_identity: require_identity.get_untracked(),
            new_identity_secret: renew_secret.get_untracked(),
            // Not a number: 0, which the server refuses in words.
            files: FileLimits {
                max_mb: max_mb.get_untracked().trim().parse().unwrap_or(0),
                kinds: file_kinds.get_untracked(),
            },
        };
        let id = id.clone();
        form.submit(
            tr(if creating { "channel-created" } else { "channel-saved" }),
            async move {
                match id {
                    Some(id) => api::put::<_, ChannelSettings>(&format!("/api/channels/{id}"), &body).await,
                    None => api::post::<_, ChannelSettings>("/api/channels", &body).await,
                }
            },
            move |saved: ChannelSettings| {
                renew_secret.set(false);
                if creating {
                    for field in [name, welcome, origins] {
                        field.set(String::new());
                    }
                    operators.set(vec![]);
                    welcomes.set(vec![]);
                    chatbot.set(None);
                    keep_queries.set(false);
                    require_identity.set(false);
                    let defaults = FileLimits::default();
                    max_mb.set(defaults.max_mb.to_string());
                    file_kinds.set(defaults.kinds);
                } else {
                    secret.set(saved.identity_secret);
                }
                page.reload();
            },
        );
    };
    view! {
        <form on:submit=submit aria-label=label>
            <TextField label=tr("name") field="name" value=name form/>
            <TextArea label=tr("welcome-message") field="welcome" value=welcome form/>
            <WelcomeTranslations welcomes form/>
            <CheckboxGroup legend=tr("operators-none-everyone") field="operators"
                options=page.operator_options() chosen=operators form/>
            <TextArea label=tr("allowed-websites") field="origins" value=origins form
                hint=tr("allowed-websites-hint")/>
            <ChatbotChoice chatbot form/>
            <label class="check"><input type="checkbox" name="keep_page_queries"
                prop:checked=move || keep_queries.get()
                on:change=move |e| keep_queries.set(event_target_checked(&e))/>
                {tr("keep-queries")}</label>
            <FileLimitsFields max_mb kinds=file_kinds form/>
            {(!creating).then(|| view! {
                <VerifiedVisitors secret require=require_identity renew=renew_secret/>
            })}
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>
                {tr(if creating { "create-channel" } else { "save-channel" })}
            </button>
        </form>
    }
}

/// The welcome message in each language enabled in the workspace, all
/// optional: a visitor whose browser asks for one of them reads it instead.
#[component]
fn WelcomeTranslations(welcomes: RwSignal<Vec<LocalizedText>>, form: FormState) -> impl IntoView {
    let page = expect_context::<Channels>();
    let languages =
        move || page.workspace.with(|w| w.as_ref().map(|w| w.languages.clone()).unwrap_or_default());
    let error_id = StoredValue::new(unique_id("welcomes"));
    let error = form.field_error("welcomes");
    let text_of = move |tag: &str| {
        welcomes.with(|list| list.iter().find(|w| w.lang == tag).map(|w| w.text.clone()).unwrap_or_default())
    };
    let set = move |tag: String, text: String| {
        welcomes.update(|list| {
            list.retain(|w| w.lang != tag);
            list.push(LocalizedText { lang: tag, text });
        })
    };
    view! {
        <fieldset class="field">
            <legend>{tr("welcome-other-languages")}</legend>
            <span class="hint">{tr("welcome-other-languages-hint")}</span>
            <For each=languages key=|l| l.tag.clone() let:l>
                <label class="field">
                    <span>{l.name.clone()}</span>
                    <textarea rows="2" lang=l.tag.clone()
                        prop:value={ let tag = l.tag.clone(); move || text_of(&tag) }
                        on:input={ let tag = l.tag.clone(); move |e| set(tag.clone(), event_target_value(&e)) }
                        aria-describedby=error_id.get_value()
                    ></textarea>
                </label>
            </For>
            <span class="field-error" id=error_id.get_value() role="alert">{error}</span>
        </fieldset>
    }
}

/// Which chatbot script the channel runs on new conversations, and whether
/// only while no operator is online.
#[component]
fn ChatbotChoice(chatbot: RwSignal<Option<ChannelChatbot>>, form: FormState) -> impl IntoView {
    let page = expect_context::<Channels>();
    let error_id = StoredValue::new(unique_id("chatbot"));
    let error = form.field_error("chatbot");
    let chosen = move || chatbot.with(|c| c.as_ref().map(|c| c.script.clone()).unwrap_or_default());
    let only_offline = move || chatbot.with(|c| c.as_ref().is_some_and(|c| c.only_when_offline));
    let pick = move |e| {
        let script = event_target_value(&e);
        let only_when_offline = only_offline();
        chatbot.set((!script.is_empty()).then_some(ChannelChatbot { script, only_when_offline }));
    };
    view! {
        <fieldset class="field">
            <legend>{tr("chatbot")}</legend>
            <label class="field"><span>{tr("chatbot-script")}</span>
                <select on:change=pick prop:value=chosen aria-describedby=error_id.get_value()>
                    <option value="">{tr("none")}</option>
                    <For each=move || page.chatbots.get() key=|c| c.id.clone() let:c>
                        <option value=c.id.clone() selected={ let id = c.id.clone(); move || chosen() == id }>
                            {c.script.name.clone()}
                        </option>
                    </For>
                </select>
            </label>
            <label class="check">
                <input type="checkbox" disabled=move || chatbot.with(Option::is_none) prop:checked=only_offline
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        chatbot.update(|c| if let Some(c) = c { c.only_when_offline = on });
                    }/>
                {tr("only-when-offline")}
            </label>
            <span class="field-error" id=error_id.get_value() role="alert">{error}</span>
        </fieldset>
    }
}
