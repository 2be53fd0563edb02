//! Canned responses: the workspace's saved replies. Admins keep them under
//! Configuration; in a conversation, typing `::` opens a list filtered by
//! what follows (core's `composer` rules), and Enter inserts the chosen one.
//!
//! The list is loaded once by the shell and shared in context ([`Canned`]);
//! saving or deleting one loads it again.

use leptos::prelude::*;
use switchboard_core::composer;
use switchboard_core::protocol::CannedResponse;

use crate::api;
use crate::form::{FormState, FormStatus, TextArea, TextField};
use crate::i18n::{number, tr, tr_with};

/// The workspace's canned responses, for every conversation of the inbox.
#[derive(Clone, Copy)]
pub struct Canned(pub RwSignal<Vec<CannedResponse>>);

impl Canned {
    pub fn load() -> Canned {
        let canned = Canned(RwSignal::new(vec![]));
        canned.reload();
        canned
    }

    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::get::<Vec<CannedResponse>>("/api/canned").await {
                self.0.set(list);
            }
        })
    }
}

/// Configuration → Canned responses: the list, with Delete, and a form that
/// saves one by its shortcut (the same shortcut replaces it).
#[component]
pub fn CannedSection() -> impl IntoView {
    let canned = expect_context::<Canned>();
    let form = FormState::new();
    let (shortcut, text) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let problem = RwSignal::new(None::<String>);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = CannedResponse { shortcut: shortcut.get_untracked(), text: text.get_untracked() };
        form.submit(
            tr("canned-saved"),
            async move { api::post::<_, CannedResponse>("/api/canned", &body).await },
            move |_| {
                shortcut.set(String::new());
                text.set(String::new());
                canned.reload();
            },
        );
    };
    let delete = move |shortcut: String| {
        leptos::task::spawn_local(async move {
            let path = format!("/api/canned/{shortcut}");
            match api::call::<(), serde_json::Value>(gloo_net::http::Method::DELETE, &path, None).await {
                Ok(_) => canned.reload(),
                Err(e) => problem.set(Some(e.message)),
            }
        })
    };
    view! {
        <section aria-labelledby="canned-heading">
            <h2 id="canned-heading">{tr("canned-responses")}</h2>
            <p class="hint">{tr("canned-hint")}</p>
            <p role="alert">{move || problem.get()}</p>
            <ul>
                <For each=move || canned.0.get() key=|c| c.clone() let:c>
                    <li>
                        <code>{format!("::{}", c.shortcut)}</code>" — "{c.text.clone()}
                        <button type="button" class="secondary" aria-label=tr_with("delete-name", &[("name", &format!("::{}", c.shortcut))])
                            on:click={ let s = c.shortcut.clone(); move |_| delete(s.clone()) }>{tr("delete")}</button>
                    </li>
                </For>
            </ul>
            <form on:submit=submit aria-label=tr("new-canned")>
                <TextField label=tr("shortcut") field="shortcut" value=shortcut form/>
                <TextArea label=tr("reply") field="text" value=text form/>
                <FormStatus form/>
                <button type="submit" disabled=move || form.busy.get()>{tr("save-canned")}</button>
            </form>
        </section>
    }
}

/// What the composer's `::` list needs: the draft, which option is active,
/// and a draft the operator closed the list for (Esc).
#[derive(Clone, Copy)]
pub struct Picker {
    draft: RwSignal<String>,
    active: RwSignal<usize>,
    closed_for: RwSignal<Option<String>>,
    /// The responses offered now (none while the draft asks for none),
    /// worked out once per keystroke for the list, its count and the keys.
    offered: Memo<Vec<CannedResponse>>,
}

impl Picker {
    pub fn new(draft: RwSignal<String>) -> Picker {
        let canned = expect_context::<Canned>();
        let closed_for = RwSignal::new(None::<String>);
        let offered = Memo::new(move |_| {
            draft.with(|draft| {
                if closed_for.with(|c| c.as_deref() == Some(draft.as_str())) {
                    return vec![];
                }
                let Some(query) = composer::canned_query(draft) else { return vec![] };
                canned.0.with(|list| composer::matching(list, query).into_iter().cloned().collect())
            })
        });
        Picker { draft, active: RwSignal::new(0), closed_for, offered }
    }

    fn insert(self, chosen: &CannedResponse) {
        self.draft.update(|d| *d = composer::insert_canned(d, &chosen.text));
        self.active.set(0);
    }

    /// Handles a key while the list is open; true if it was the list's.
    pub fn on_key(self, e: &web_sys::KeyboardEvent) -> bool {
        let options = self.offered.get_untracked();
        if options.is_empty() {
            return false;
        }
        let last = options.len() - 1;
        match e.key().as_str() {
            "ArrowDown" => self.active.update(|a| *a = if *a >= last { 0 } else { *a + 1 }),
            "ArrowUp" => self.active.update(|a| *a = if *a == 0 { last } else { *a - 1 }),
            "Enter" | "Tab" => self.insert(&options[self.active.get_untracked().min(last)]),
            "Escape" => self.closed_for.set(Some(self.draft.get_untracked())),
            _ => return false,
        }
        e.prevent_default();
        true
    }

    /// The id of the active option, for the textarea's `aria-activedescendant`.
    pub fn active_id(self, list_id: &str) -> Option<String> {
        self.offered.with(|o| !o.is_empty()).then(|| format!("{list_id}-{}", self.active.get()))
    }
}

/// The `::` list under the composer: options to click, or to choose with the
/// arrow keys and Enter from the textarea (which names the active one).
#[component]
pub fn CannedList(picker: Picker, id: String) -> impl IntoView {
    let list_id = id.clone();
    let options =
        move || {
            picker.offered.get().into_iter().enumerate().map(|(i, c)| {
            let selected = move || picker.active.get() == i;
            let chosen = c.clone();
            view! {
                <li role="option" id=format!("{list_id}-{i}") aria-selected=move || selected().to_string()
                    class:active=selected
                    on:mousedown=move |e| { e.prevent_default(); picker.insert(&chosen) }>
                    <code>{format!("::{}", c.shortcut)}</code>" "{c.text.clone()}
                </li>
            }
        }).collect::<Vec<_>>()
        };
    let count = move || match picker.offered.with(Vec::len) {
        0 => String::new(),
        1 => tr("one-canned-offered"),
        n => tr_with("canned-offered", &[("count", &number(n as u64))]),
    };
    view! {
        <ul role="listbox" id=id aria-label=tr("canned-responses") class="canned" hidden=move || picker.offered.with(Vec::is_empty)>
            {options}
        </ul>
        <p class="sr-only" role="status">{count}</p>
    }
}
