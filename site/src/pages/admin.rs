//! Configuration (admins): operators, expertise and the workspace's
//! languages. The page loads the workspace once into a signal; each section's
//! list follows it, while its form is made once (a reload never wipes what
//! the admin is typing).

use leptos::prelude::*;
use switchboard_core::protocol::{
    ExpertiseInfo, ExpertiseInput, InvitationLink, LanguagesUpdate, NewOperator, OperatorInfo,
    OperatorUpdate, WorkspaceSettings, WorkspaceView,
};

use crate::api;
use crate::form::{CheckboxGroup, FormState, FormStatus, TextField};
use crate::i18n::{tr, tr_with};

/// The workspace as last loaded, and how to load it again.
#[derive(Clone, Copy)]
struct Workspace {
    data: RwSignal<Option<WorkspaceView>>,
    problem: RwSignal<Option<String>>,
    /// What the last change of an operator's access did.
    notice: RwSignal<Option<String>>,
}

impl Workspace {
    fn reload(self) {
        leptos::task::spawn_local(async move {
            match api::get::<WorkspaceView>("/api/workspace").await {
                Ok(v) => self.data.set(Some(v)),
                Err(e) => self.problem.set(Some(e.message)),
            }
        })
    }

    fn with<T: Default>(self, f: impl Fn(&WorkspaceView) -> T) -> T {
        self.data.with(|d| d.as_ref().map(&f).unwrap_or_default())
    }
}

#[component]
pub fn ConfigurationPage() -> impl IntoView {
    let ws =
        Workspace { data: RwSignal::new(None), problem: RwSignal::new(None), notice: RwSignal::new(None) };
    ws.reload();
    let loaded = move || ws.data.with(Option::is_some);
    view! {
        <main class="page">
            <h1>{tr("nav-configuration")}</h1>
            <p role="alert">{move || ws.problem.get()}</p>
            <Show when=loaded fallback=|| view! { <p role="status">{tr("loading")}</p> }>
                <Operators ws/>
                <Expertise ws/>
                <Languages ws/>
                <Presence ws/>
                <crate::canned::CannedSection/>
            </Show>
        </main>
    }
}

#[component]
fn Operators(ws: Workspace) -> impl IntoView {
    let form = FormState::new();
    let (name, login, password) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let admin = RwSignal::new(false);
    // The link of the operator just invited (no password given).
    let invited = RwSignal::new(None::<(String, InvitationLink)>);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        invited.set(None);
        let body = NewOperator {
            name: name.get_untracked(),
            login: login.get_untracked(),
            password: password.get_untracked(),
            admin: admin.get_untracked(),
        };
        let invite = body.password.is_empty();
        form.submit(
            tr(if invite { "operator-invited" } else { "operator-created" }),
            async move {
                let op = api::post::<_, OperatorInfo>("/api/operators", &body).await?;
                let link = match invite {
                    true => Some(
                        api::post::<_, InvitationLink>(&format!("/api/operators/{}/invite", op.login), &())
                            .await?,
                    ),
                    false => None,
                };
                Ok((op, link))
            },
            move |(op, link): (OperatorInfo, Option<InvitationLink>)| {
                invited.set(link.map(|l| (op.name, l)));
                for field in [name, login, password] {
                    field.set(String::new());
                }
                ws.reload();
            },
        );
    };
    view! {
        <section aria-labelledby="operators-heading">
            <h2 id="operators-heading">{tr("operators")}</h2>
            <p role="status">{move || ws.notice.get()}</p>
            <ul>
                <For each=move || ws.with(|w| w.operators.clone()) key=|o| o.clone() let:o>
                    <OperatorItem o ws/>
                </For>
            </ul>
            <form on:submit=submit aria-label=tr("new-operator")>
                <TextField label=tr("name") field="name" value=name form/>
                <TextField label=tr("login") field="login" value=login form/>
                <TextField label=tr("initial-password") field="password" value=password
                    form kind="password"/>
                <label class="check"><input type="checkbox" prop:checked=move || admin.get()
                    on:change=move |e| admin.set(event_target_checked(&e))/>{tr("administrator")}</label>
                <FormStatus form/>
                <button type="submit" disabled=move || form.busy.get()>{tr("create-operator")}</button>
            </form>
            {move || invited.get().map(|(name, link)| {
                view! { <crate::invite::ShownLink link label=tr_with("link-for", &[("name", &name)])/> }
            })}
        </section>
    }
}

/// One operator: who they are, and how many conversations they hold at
/// once (empty: the workspace's setting).
#[component]
fn OperatorItem(o: OperatorInfo, ws: Workspace) -> impl IntoView {
    let form = FormState::new();
    let capacity = RwSignal::new(o.capacity.map(|c| c.to_string()).unwrap_or_default());
    let default = ws.with(|w| w.settings.capacity);
    let path = format!("/api/operators/{}", o.login);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let raw = capacity.get_untracked();
        let capacity = match raw.trim() {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => return form.refuse("capacity", &tr("whole-number-or-nothing")),
            },
        };
        let path = path.clone();
        form.submit(
            tr("saved"),
            async move { api::put::<_, OperatorInfo>(&path, &OperatorUpdate { capacity }).await },
            |_| {},
        );
    };
    let label =
        tr_with("capacity-of", &[("name", &o.name), ("count", &crate::i18n::number(u64::from(default)))]);
    let changed = Callback::new(move |done: String| {
        ws.notice.set(Some(done));
        ws.reload()
    });
    let me = expect_context::<crate::Session>().0.get_untracked().flatten().map(|m| m.login);
    let others = me.as_ref() != Some(&o.login);
    let role = match (o.admin, o.disabled) {
        (_, true) => format!(" · {}", tr("role-disabled")),
        (true, false) => format!(" · {}", tr("role-admin")),
        (false, false) => String::new(),
    };
    let role = match o.invited_until {
        Some(_) => format!("{role} · {}", tr("role-invited")),
        None => role,
    };
    view! {
        <li>
            {format!("{} ({}){role}", o.name, o.login)}
            <form class="inline" on:submit=submit aria-label=tr_with("capacity-form", &[("name", &o.name)])>
                <TextField label field="capacity" value=capacity form kind="number"/>
                <FormStatus form/>
                <button type="submit" class="secondary" disabled=move || form.busy.get()>{tr("save")}</button>
            </form>
            // One's own access changes elsewhere (My Profile), never here.
            <Show when=move || others>
                <crate::access::OperatorAccess o=o.clone() changed/>
            </Show>
        </li>
    }
}

#[component]
fn ExpertiseItem(e: ExpertiseInfo, ws: Workspace) -> impl IntoView {
    let who: Vec<String> = ws.with(|w| {
        e.operators
            .iter()
            .filter_map(|l| w.operators.iter().find(|o| &o.login == l).map(|o| o.name.clone()))
            .collect()
    });
    let editing = RwSignal::new(false);
    let path = format!("/api/expertise/{}", e.id);
    let delete = move |_| {
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api::call::<(), serde_json::Value>(gloo_net::http::Method::DELETE, &path, None).await {
                Ok(_) => ws.reload(),
                Err(err) => ws.problem.set(Some(err.message)),
            }
        });
    };
    let name = e.name.clone();
    view! {
        <li>
            {format!("{} — {}", e.name, if who.is_empty() { tr("no-operator") } else { who.join(", ") })}
            <button type="button" class="secondary" aria-label=tr_with("edit-name", &[("name", &name)])
                aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|x| *x = !*x)>{tr("edit")}</button>
            <button type="button" class="secondary" aria-label=tr_with("delete-name", &[("name", &name)]) on:click=delete>{tr("delete")}</button>
            <Show when=move || editing.get()>
                <ExpertiseForm ws existing=Some(e.clone())/>
            </Show>
        </li>
    }
}

/// Creates an expertise (`existing` None) or edits one: name and operators.
#[component]
fn ExpertiseForm(ws: Workspace, existing: Option<ExpertiseInfo>) -> impl IntoView {
    let form = FormState::new();
    let name = RwSignal::new(existing.as_ref().map(|e| e.name.clone()).unwrap_or_default());
    let operators = RwSignal::new(existing.as_ref().map(|e| e.operators.clone()).unwrap_or_default());
    let options = Signal::derive(move || {
        ws.with(|w| w.operators.iter().map(|o| (o.login.clone(), o.name.clone())).collect())
    });
    let id = existing.map(|e| e.id);
    let label = tr(if id.is_some() { "edit-expertise" } else { "new-expertise" });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = ExpertiseInput { name: name.get_untracked(), operators: operators.get_untracked() };
        let id = id.clone();
        let creating = id.is_none();
        form.submit(
            tr("expertise-saved"),
            async move {
                match id {
                    Some(id) => api::put::<_, ExpertiseInfo>(&format!("/api/expertise/{id}"), &body).await,
                    None => api::post::<_, ExpertiseInfo>("/api/expertise", &body).await,
                }
            },
            move |_| {
                if creating {
                    name.set(String::new());
                    operators.set(vec![]);
                }
                ws.reload();
            },
        );
    };
    view! {
        <form on:submit=submit aria-label=label>
            <TextField label=tr("name") field="name" value=name form/>
            <CheckboxGroup legend=tr("operators") field="operators" options chosen=operators form/>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>{tr("save-expertise")}</button>
        </form>
    }
}

#[component]
fn Expertise(ws: Workspace) -> impl IntoView {
    view! {
        <section aria-labelledby="expertise-heading">
            <h2 id="expertise-heading">{tr("expertise")}</h2>
            <ul>
                <For each=move || ws.with(|w| w.expertise.clone()) key=|e| e.clone() let:e>
                    <ExpertiseItem e ws/>
                </For>
            </ul>
            <h3>{tr("new-expertise")}</h3>
            <ExpertiseForm ws existing=None/>
        </section>
    }
}

#[component]
fn Languages(ws: Workspace) -> impl IntoView {
    let form = FormState::new();
    let enabled = RwSignal::new(ws.with(|w| w.languages.iter().map(|l| l.tag.clone()).collect::<Vec<_>>()));
    let options = Signal::derive(move || {
        ws.with(|w| {
            w.known_languages.iter().map(|l| (l.tag.clone(), format!("{} ({})", l.name, l.tag))).collect()
        })
    });
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = LanguagesUpdate { enabled: enabled.get_untracked() };
        form.submit(
            tr("languages-saved"),
            async move { api::put::<_, WorkspaceView>("/api/languages", &body).await },
            move |v| ws.data.set(Some(v)),
        );
    };
    view! {
        <section aria-labelledby="languages-heading">
            <h2 id="languages-heading">{tr("languages")}</h2>
            <form on:submit=submit aria-label=tr("languages")>
                <CheckboxGroup legend=tr("enabled-languages") field="languages" options chosen=enabled form/>
                <FormStatus form/>
                <button type="submit" disabled=move || form.busy.get()>{tr("save-languages")}</button>
            </form>
        </section>
    }
}

/// Presence and assignment: how long an operator may show no activity
/// before leaving their channels, how many conversations each holds, and how
/// long an assigned conversation may wait for an answer, and how long
/// History keeps ended conversations.
#[component]
fn Presence(ws: Workspace) -> impl IntoView {
    let form = FormState::new();
    let settings = ws.with(|w| w.settings.clone());
    let minutes = RwSignal::new((settings.inactivity_timeout_s / 60).max(1).to_string());
    let capacity = RwSignal::new(settings.capacity.to_string());
    let reassign = RwSignal::new(settings.reassign_after_s.to_string());
    let keep = RwSignal::new(settings.keep_history_days.to_string());
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let number = |value: RwSignal<String>, field: &str| {
            value.get_untracked().trim().parse::<u32>().map_err(|_| form.refuse(field, &tr("whole-number")))
        };
        let (Ok(m), Ok(capacity), Ok(reassign_after_s), Ok(keep_history_days)) = (
            number(minutes, "inactivity_timeout_s"),
            number(capacity, "capacity"),
            number(reassign, "reassign_after_s"),
            number(keep, "keep_history_days"),
        ) else {
            return;
        };
        let inactivity_timeout_s = m.saturating_mul(60);
        let body = WorkspaceSettings { inactivity_timeout_s, capacity, reassign_after_s, keep_history_days };
        form.submit(
            tr("settings-saved"),
            async move { api::put::<_, WorkspaceSettings>("/api/settings", &body).await },
            |_| {},
        );
    };
    view! {
        <section aria-labelledby="presence-heading">
            <h2 id="presence-heading">{tr("presence-assignment")}</h2>
            <form on:submit=submit aria-label=tr("presence-assignment")>
                <TextField label=tr("inactivity-timeout") field="inactivity_timeout_s" value=minutes form kind="number"/>
                <p class="hint">{tr("inactivity-timeout-hint")}</p>
                <TextField label=tr("conversations-per-operator") field="capacity" value=capacity form kind="number"/>
                <TextField label=tr("reassign-after") field="reassign_after_s" value=reassign form kind="number"/>
                <p class="hint">{tr("reassign-after-hint")}</p>
                <TextField label=tr("keep-history") field="keep_history_days" value=keep form kind="number"/>
                <p class="hint">{tr("keep-history-hint")}</p>
                <FormStatus form/>
                <button type="submit" disabled=move || form.busy.get()>{tr("save-settings")}</button>
            </form>
        </section>
    }
}
