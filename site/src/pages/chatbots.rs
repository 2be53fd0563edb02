//! Live Chat → Chatbots (admins): the workspace's chatbot scripts and the
//! editor for one — its name, the bot's name, the language its texts are
//! written in, and its steps in order (what the bot says, in other languages
//! too; a question's answers with where each leads and the expertise it asks
//! for; where a forward goes when nobody is available).
//!
//! The editor runs core's `chatbot::validate` as the admin types, so the
//! problems (in the words the server would refuse with) show before saving;
//! the server checks again, with the workspace's expertise and languages.

use leptos::prelude::*;
use switchboard_core::chatbot;
use switchboard_core::protocol::{
    ChatbotAnswer, ChatbotInfo, ChatbotScript, ChatbotStep, Language, LocalizedText, StepKind, Translated,
    WorkspaceView,
};
use switchboard_core::reasons::FieldError;

use crate::api;
use crate::form::{FormState, FormStatus, TextField};
use crate::i18n::{number, tr, tr_with};

/// The page's data: the scripts, and the workspace (languages, expertise).
#[derive(Clone, Copy)]
struct Chatbots {
    list: RwSignal<Vec<ChatbotInfo>>,
    workspace: RwSignal<Option<WorkspaceView>>,
    problem: RwSignal<Option<String>>,
}

impl Chatbots {
    fn reload(self) {
        leptos::task::spawn_local(async move {
            match api::get::<Vec<ChatbotInfo>>("/api/chatbots").await {
                Ok(list) => self.list.set(list),
                Err(e) => self.problem.set(Some(e.message)),
            }
            match api::get::<WorkspaceView>("/api/workspace").await {
                Ok(ws) => self.workspace.set(Some(ws)),
                Err(e) => self.problem.set(Some(e.message)),
            }
        })
    }

    fn languages(self) -> Vec<Language> {
        self.workspace.with(|w| w.as_ref().map(|w| w.languages.clone()).unwrap_or_default())
    }
}

#[component]
pub fn ChatbotsPage() -> impl IntoView {
    let page = Chatbots {
        list: RwSignal::new(vec![]),
        workspace: RwSignal::new(None),
        problem: RwSignal::new(None),
    };
    provide_context(page);
    page.reload();
    let loaded = move || page.workspace.with(Option::is_some);
    view! {
        <main class="page">
            <h1>{tr("nav-chatbots")}</h1>
            <p class="hint">{tr("chatbots-hint")}</p>
            <p role="alert">{move || page.problem.get()}</p>
            <Show when=loaded fallback=|| view! { <p role="status">{tr("loading")}</p> }>
                <ul class="scripts">
                    <For each=move || page.list.get() key=|c| serde_json::to_string(c).unwrap_or_default() let:info>
                        <ScriptItem info/>
                    </For>
                </ul>
                <h2>{tr("new-script")}</h2>
                <ScriptForm existing=None/>
            </Show>
        </main>
    }
}

#[component]
fn ScriptItem(info: ChatbotInfo) -> impl IntoView {
    let page = expect_context::<Chatbots>();
    let editing = RwSignal::new(false);
    let path = format!("/api/chatbots/{}", info.id);
    let delete = move |_| {
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api::call::<(), serde_json::Value>(gloo_net::http::Method::DELETE, &path, None).await {
                Ok(_) => page.reload(),
                Err(e) => page.problem.set(Some(e.message)),
            }
        });
    };
    let s = &info.script;
    let (name, summary) = (
        s.name.clone(),
        format!(
            "{} — {}, {}",
            s.name,
            s.bot_name,
            tr_with("steps-count", &[("count", &number(s.steps.len() as u64))])
        ),
    );
    view! {
        <li>
            {summary}
            <button type="button" class="secondary" aria-label=tr_with("edit-name", &[("name", &name)])
                aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|x| *x = !*x)>{tr("edit")}</button>
            <button type="button" class="secondary" aria-label=tr_with("delete-name", &[("name", &name)]) on:click=delete>{tr("delete")}</button>
            <Show when=move || editing.get()>
                <ScriptForm existing=Some(info.clone())/>
            </Show>
        </li>
    }
}

/// The steps being edited, each with an id of the editor's own (a step's
/// name changes as the admin types; rows must not).
type Steps = RwSignal<Vec<(u32, ChatbotStep)>>;

/// Changes the step `uid` of `steps`.
fn edit_step(steps: Steps, uid: u32, change: impl FnOnce(&mut ChatbotStep)) {
    steps.update(|list| {
        if let Some((_, step)) = list.iter_mut().find(|(u, _)| *u == uid) {
            change(step)
        }
    })
}

fn read_step<T>(steps: Steps, uid: u32, read: impl FnOnce(&ChatbotStep) -> T) -> Option<T> {
    steps.with(|list| list.iter().find(|(u, _)| *u == uid).map(|(_, s)| read(s)))
}

fn blank_step(kind: StepKind) -> ChatbotStep {
    ChatbotStep { id: String::new(), text: Translated::default(), kind }
}

/// Creates a script (`existing` None) or edits one.
#[component]
fn ScriptForm(existing: Option<ChatbotInfo>) -> impl IntoView {
    let page = expect_context::<Chatbots>();
    let form = FormState::new();
    let s = existing.as_ref().map(|e| e.script.clone());
    let name = RwSignal::new(s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let bot_name = RwSignal::new(s.as_ref().map(|s| s.bot_name.clone()).unwrap_or_default());
    let first_language = page.languages().first().map_or("en".to_owned(), |l| l.tag.clone());
    let lang = RwSignal::new(s.as_ref().map_or(first_language, |s| s.default_lang.clone()));
    let initial: Vec<(u32, ChatbotStep)> =
        s.map(|s| s.steps).unwrap_or_default().into_iter().zip(0..).map(|(s, i)| (i, s)).collect();
    let next_uid = StoredValue::new(initial.len() as u32);
    let steps: Steps = RwSignal::new(initial);
    let script = move || ChatbotScript {
        name: name.get(),
        bot_name: bot_name.get(),
        default_lang: lang.get(),
        steps: steps.with(|list| list.iter().map(|(_, s)| s.clone()).collect()),
    };
    // In the inbox's language (`core::reasons`).
    let problems = Memo::new(move |_| {
        let said = |p: FieldError| api::refusal(&p.reason()).unwrap_or(p.message);
        chatbot::problems(&script()).into_iter().map(said).collect::<Vec<_>>()
    });
    let id = existing.map(|e| e.id);
    let label = tr(if id.is_some() { "edit-script" } else { "new-script" });
    let add = move |_| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        steps.update(|list| list.push((uid, blank_step(StepKind::Text))));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(first) = problems.with_untracked(|p| p.first().cloned()) {
            return form.refuse("script", &tr_with("not-saved", &[("what", &first)]));
        }
        let body = script();
        let id = id.clone();
        let creating = id.is_none();
        form.submit(
            tr("script-saved"),
            async move {
                match id {
                    Some(id) => api::put::<_, ChatbotInfo>(&format!("/api/chatbots/{id}"), &body).await,
                    None => api::post::<_, ChatbotInfo>("/api/chatbots", &body).await,
                }
            },
            move |_| {
                if creating {
                    name.set(String::new());
                    bot_name.set(String::new());
                    steps.set(vec![]);
                }
                page.reload();
            },
        );
    };
    let server_problems = form.field_error("script");
    view! {
        <form on:submit=submit aria-label=label class="script">
            <TextField label=tr("script-name") field="name" value=name form/>
            <TextField label=tr("bot-name") field="bot_name" value=bot_name form/>
            <label class="field"><span>{tr("texts-language")}</span>
                <select prop:value=move || lang.get() on:change=move |e| lang.set(event_target_value(&e))>
                    <For each=move || page.languages() key=|l| l.tag.clone() let:l>
                        <option value=l.tag.clone() selected={ let t = l.tag.clone(); move || lang.get() == t }>{l.name.clone()}</option>
                    </For>
                </select>
            </label>
            <ol class="steps">
                <For each=move || steps.with(|list| list.iter().map(|(u, _)| *u).collect::<Vec<_>>()) key=|u| *u let:uid>
                    <li><StepEditor uid steps lang/></li>
                </For>
            </ol>
            <button type="button" class="secondary" on:click=add>{tr("add-step")}</button>
            <section class="problems" aria-label=tr("script-problems")>
                <h3>{tr("check")}</h3>
                <div role="status"><ul>
                    {move || {
                        let mut found = problems.get();
                        found.extend(server_problems().into_iter().flat_map(|p| p.lines().map(str::to_owned).collect::<Vec<_>>()));
                        if found.is_empty() { found.push(tr("no-problem")) }
                        found.into_iter().map(|p| view! { <li>{p}</li> }).collect::<Vec<_>>()
                    }}
                </ul></div>
            </section>
            <FormStatus form/>
            <button type="submit" disabled=move || form.busy.get()>{tr("save-script")}</button>
        </form>
    }
}

/// The kinds of step, as the kind select names them.
const KINDS: [(&str, &str); 6] = [
    ("text", "step-text"),
    ("question", "step-question"),
    ("ask_email", "step-ask-email"),
    ("free_input", "step-free-input"),
    ("forward", "step-forward"),
    ("end", "step-end"),
];

fn kind_name(kind: &StepKind) -> &'static str {
    match kind {
        StepKind::Text => "text",
        StepKind::Question { .. } => "question",
        StepKind::AskEmail => "ask_email",
        StepKind::FreeInput => "free_input",
        StepKind::Forward { .. } => "forward",
        StepKind::End => "end",
    }
}

fn kind_of(name: &str) -> StepKind {
    match name {
        "question" => StepKind::Question { answers: vec![blank_answer()] },
        "ask_email" => StepKind::AskEmail,
        "free_input" => StepKind::FreeInput,
        "forward" => StepKind::Forward { no_operator: None },
        "end" => StepKind::End,
        _ => StepKind::Text,
    }
}

fn blank_answer() -> ChatbotAnswer {
    ChatbotAnswer { label: Translated::default(), jump: None, expertise: vec![] }
}

/// The names of the script's steps, for "go to" choices.
fn step_names(steps: Steps) -> Vec<String> {
    steps.with(|list| list.iter().map(|(_, s)| s.id.clone()).filter(|id| !id.is_empty()).collect())
}

/// One step: its name, kind, text (with translations), and what its kind
/// needs; moved up or down, or removed.
#[component]
fn StepEditor(uid: u32, steps: Steps, lang: RwSignal<String>) -> impl IntoView {
    let id = move || read_step(steps, uid, |s| s.id.clone()).unwrap_or_default();
    let place = move || steps.with(|list| list.iter().position(|(u, _)| *u == uid).unwrap_or(0));
    let kind = Memo::new(move |_| read_step(steps, uid, |s| kind_name(&s.kind)).unwrap_or("text"));
    let legend =
        move || format!("{}: {}", tr_with("step-number", &[("count", &number(place() as u64 + 1))]), id());
    let shift = move |by: isize| {
        steps.update(|list| {
            let from = list.iter().position(|(u, _)| *u == uid).unwrap_or(0);
            let to = from as isize + by;
            if (0..list.len() as isize).contains(&to) {
                list.swap(from, to as usize);
            }
        })
    };
    let text = Signal::derive(move || read_step(steps, uid, |s| s.text.clone()).unwrap_or_default());
    let named = move |what: &str| {
        let step = if id().is_empty() {
            tr_with("step-number", &[("count", &number(place() as u64 + 1))])
        } else {
            id()
        };
        tr_with(what, &[("name", &step)])
    };
    view! {
        <fieldset class="step">
            <legend>{legend}</legend>
            <label class="field"><span>{tr("step-name")}</span>
                <input type="text" prop:value=id on:input=move |e| edit_step(steps, uid, |s| s.id = event_target_value(&e))/>
            </label>
            <label class="field"><span>{tr("kind")}</span>
                <select prop:value=move || kind.get() on:change=move |e| edit_step(steps, uid, |s| s.kind = kind_of(&event_target_value(&e)))>
                    {KINDS.iter().map(|(value, label)| view! {
                        <option value=*value selected=move || kind.get() == *value>{tr(label)}</option>
                    }).collect::<Vec<_>>()}
                </select>
            </label>
            <Texts label=tr("bot-says") value=text lang
                set=Callback::new(move |t| edit_step(steps, uid, |s| s.text = t))/>
            {move || match kind.get() {
                "question" => view! { <Answers uid steps lang/> }.into_any(),
                "forward" => view! { <NobodyBranch uid steps/> }.into_any(),
                _ => ().into_any(),
            }}
            <div class="step-actions">
                <button type="button" class="secondary" aria-label=move || named("move-up-name") on:click=move |_| shift(-1)>{tr("move-up")}</button>
                <button type="button" class="secondary" aria-label=move || named("move-down-name") on:click=move |_| shift(1)>{tr("move-down")}</button>
                <button type="button" class="secondary" aria-label=move || named("remove-name")
                    on:click=move |_| steps.update(|list| list.retain(|(u, _)| *u != uid))>{tr("remove")}</button>
            </div>
        </fieldset>
    }
}

/// A text in the script's language, and optionally in the workspace's other
/// languages.
#[component]
fn Texts(
    #[prop(into)] label: String,
    value: Signal<Translated>,
    lang: RwSignal<String>,
    set: Callback<Translated>,
) -> impl IntoView {
    let page = expect_context::<Chatbots>();
    let others = move || page.languages().into_iter().filter(|l| l.tag != lang.get()).collect::<Vec<_>>();
    let in_lang = move |tag: &str| {
        value.with(|t| {
            t.translations.iter().find(|x| x.lang == tag).map(|x| x.text.clone()).unwrap_or_default()
        })
    };
    let set_in = move |tag: String, text: String| {
        let mut t = value.get_untracked();
        t.translations.retain(|x| x.lang != tag);
        if !text.trim().is_empty() {
            t.translations.push(LocalizedText { lang: tag, text });
        }
        set.run(t);
    };
    let label = StoredValue::new(label);
    view! {
        <label class="field"><span>{label.get_value()}</span>
            <textarea rows="2" prop:value=move || value.with(|t| t.default.clone()) on:input=move |e| {
                let mut t = value.get_untracked();
                t.default = event_target_value(&e);
                set.run(t);
            }></textarea>
        </label>
        <details class="translations">
            <summary>{label.with_value(|l| tr_with("in-other-languages", &[("what", l)]))}</summary>
            <For each=others key=|l| l.tag.clone() let:l>
                <label class="field"><span>{format!("{} ({})", label.get_value(), l.name)}</span>
                    <textarea rows="2" lang=l.tag.clone()
                        prop:value={ let tag = l.tag.clone(); move || in_lang(&tag) }
                        on:input={ let tag = l.tag.clone(); move |e| set_in(tag.clone(), event_target_value(&e)) }></textarea>
                </label>
            </For>
        </details>
    }
}

/// A question's answers: each one's text, where it leads, the expertise it
/// asks for.
#[component]
fn Answers(uid: u32, steps: Steps, lang: RwSignal<String>) -> impl IntoView {
    let count = move || {
        read_step(steps, uid, |s| match &s.kind {
            StepKind::Question { answers } => answers.len(),
            _ => 0,
        })
        .unwrap_or(0)
    };
    let add = move |_| {
        edit_step(steps, uid, |s| {
            if let StepKind::Question { answers } = &mut s.kind {
                answers.push(blank_answer())
            }
        })
    };
    view! {
        <For each=move || 0..count() key=|i| *i let:i>
            <AnswerEditor uid steps lang index=i/>
        </For>
        <button type="button" class="secondary" on:click=add>{tr("add-answer")}</button>
    }
}

fn edit_answer(steps: Steps, uid: u32, index: usize, change: impl FnOnce(&mut Vec<ChatbotAnswer>)) {
    edit_step(steps, uid, |s| {
        if let StepKind::Question { answers } = &mut s.kind {
            if index < answers.len() {
                change(answers)
            }
        }
    })
}

#[component]
fn AnswerEditor(uid: u32, steps: Steps, lang: RwSignal<String>, index: usize) -> impl IntoView {
    let page = expect_context::<Chatbots>();
    let answer = Signal::derive(move || {
        read_step(steps, uid, |s| match &s.kind {
            StepKind::Question { answers } => answers.get(index).cloned(),
            _ => None,
        })
        .flatten()
        .unwrap_or_else(blank_answer)
    });
    let label = Signal::derive(move || answer.get().label);
    let expertise =
        move || page.workspace.with(|w| w.as_ref().map(|w| w.expertise.clone()).unwrap_or_default());
    view! {
        <fieldset class="answer">
            <legend>{tr_with("answer-number", &[("count", &number(index as u64 + 1))])}</legend>
            <Texts label=tr("answer") value=label lang
                set=Callback::new(move |t| edit_answer(steps, uid, index, |a| a[index].label = t))/>
            <label class="field"><span>{tr("then-go-to")}</span>
                <select prop:value=move || answer.get().jump.unwrap_or_default()
                    on:change=move |e| {
                        let to = event_target_value(&e);
                        edit_answer(steps, uid, index, |a| a[index].jump = (!to.is_empty()).then_some(to))
                    }>
                    <option value="">{tr("next-step")}</option>
                    {move || step_names(steps).into_iter().map(|n| {
                        let chosen = answer.get().jump.as_deref() == Some(n.as_str());
                        view! { <option value=n.clone() selected=chosen>{n.clone()}</option> }
                    }).collect::<Vec<_>>()}
                </select>
            </label>
            <fieldset>
                <legend>{tr("expertise-asked")}</legend>
                <For each=expertise key=|e| e.id.clone() let:e>
                    <label class="check">
                        <input type="checkbox" prop:checked={ let id = e.id.clone(); move || answer.get().expertise.contains(&id) }
                            on:change={ let id = e.id.clone(); move |ev| {
                                let on = event_target_checked(&ev);
                                let id = id.clone();
                                edit_answer(steps, uid, index, |a| {
                                    a[index].expertise.retain(|x| *x != id);
                                    if on { a[index].expertise.push(id) }
                                })
                            }}/>
                        {e.name.clone()}
                    </label>
                </For>
            </fieldset>
            <button type="button" class="secondary" aria-label=tr_with("remove-answer-number", &[("count", &number(index as u64 + 1))])
                on:click=move |_| edit_answer(steps, uid, index, |a| { a.remove(index); })>{tr("remove-answer")}</button>
        </fieldset>
    }
}

/// Where a forward goes when nobody is available: the queue, or a step.
#[component]
fn NobodyBranch(uid: u32, steps: Steps) -> impl IntoView {
    let branch = move || {
        read_step(steps, uid, |s| match &s.kind {
            StepKind::Forward { no_operator } => no_operator.clone(),
            _ => None,
        })
        .flatten()
    };
    view! {
        <label class="field"><span>{tr("when-nobody")}</span>
            <select prop:value=move || branch().unwrap_or_default() on:change=move |e| {
                let to = event_target_value(&e);
                edit_step(steps, uid, |s| s.kind = StepKind::Forward { no_operator: (!to.is_empty()).then_some(to) })
            }>
                <option value="">{tr("wait-in-queue")}</option>
                {move || step_names(steps).into_iter().map(|n| {
                    let chosen = branch().as_deref() == Some(n.as_str());
                    view! { <option value=n.clone() selected=chosen>{n.clone()}</option> }
                }).collect::<Vec<_>>()}
            </select>
        </label>
    }
}
