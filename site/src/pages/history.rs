//! History: the ended conversations of the channels the operator works in
//! (an admin: every channel), newest first, a page at a time; searched by
//! words of their messages and filtered by channel, who handled them, date,
//! rating and the visitor's email. One opens as its transcript beside the
//! list. Admins also delete a visitor's conversations by email (a privacy
//! request), after saying yes once more.

use leptos::prelude::*;
use switchboard_core::protocol::{ChannelInfo, Ended, Forget, Forgotten, HistoryPage, Transcript};

use crate::api;
use crate::attach::Files;
use crate::conversation::{author_name, rating_word};
use crate::form::{FormState, FormStatus, TextField};
use crate::i18n::{number, tr, tr_with};

const DAY_MS: f64 = 86_400_000.0;

/// What the search form holds.
#[derive(Clone, Copy)]
struct Filters {
    words: RwSignal<String>,
    channel: RwSignal<String>,
    operator: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    rating: RwSignal<String>,
    email: RwSignal<String>,
}

/// A day picked in a date field (`YYYY-MM-DD`), as the local midnight in ms.
fn day_ms(day: &str) -> Option<f64> {
    let t = js_sys::Date::new(&format!("{day}T00:00").into()).get_time();
    (!day.is_empty() && t.is_finite()).then_some(t)
}

fn date(ms: i64) -> String {
    js_sys::Date::new(&(ms as f64).into())
        .to_locale_string(&crate::i18n::lang(), &js_sys::Object::new())
        .into()
}

impl Filters {
    /// The search's address, from the page `before` on.
    fn query(&self, before: Option<&str>) -> String {
        let mut pairs = vec![
            ("words", self.words.get_untracked()),
            ("channel", self.channel.get_untracked()),
            ("operator", self.operator.get_untracked()),
            ("rating", self.rating.get_untracked()),
            ("email", self.email.get_untracked()),
        ];
        if let Some(t) = day_ms(&self.from.get_untracked()) {
            pairs.push(("from", (t as i64).to_string()));
        }
        // Up to the end of the last day picked.
        if let Some(t) = day_ms(&self.to.get_untracked()) {
            pairs.push(("to", ((t + DAY_MS) as i64).to_string()));
        }
        pairs.extend(before.map(|b| ("before", b.to_owned())));
        let encoded: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v.trim()))))
            .collect();
        format!("/api/history?{}", encoded.join("&"))
    }
}

fn who(e: &Ended) -> String {
    let key = e.visitor.as_ref().map_or(e.id.as_str(), |v| v.as_str());
    crate::conversation::visitor_name(
        e.visitor_name.as_deref(),
        e.visitor_email.as_deref(),
        key,
        e.country.as_deref(),
    )
}

#[component]
pub fn HistoryPage(channels: Vec<ChannelInfo>, login: String, admin: bool) -> impl IntoView {
    let f = Filters {
        words: RwSignal::new(String::new()),
        channel: RwSignal::new(String::new()),
        operator: RwSignal::new(String::new()),
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
        rating: RwSignal::new(String::new()),
        email: RwSignal::new(String::new()),
    };
    let form = FormState::new();
    let items = RwSignal::new(Vec::<Ended>::new());
    let next = RwSignal::new(None::<String>);
    let searched = RwSignal::new(false);
    let open = RwSignal::new(None::<Ended>);
    // A new search replaces the list; "Load more" adds the next page.
    let run = move |before: Option<String>| {
        let path = f.query(before.as_deref());
        let more = before.is_some();
        form.submit("", async move { api::get::<HistoryPage>(&path).await }, move |page| {
            items.update(|i| {
                if !more {
                    i.clear();
                }
                i.extend(page.items)
            });
            next.set(page.next);
            searched.set(true);
        });
    };
    run(None);
    let names = channels.clone();
    let channel_name =
        move |id: &str| names.iter().find(|c| c.id.as_str() == id).map_or("", |c| c.name.as_str()).to_owned();
    let status = move || match (form.busy.get(), searched.get(), items.with(Vec::len)) {
        (true, _, _) => tr("searching"),
        (_, false, _) => String::new(),
        (_, true, 0) => tr("no-match"),
        (_, true, 1) => tr("one-conversation"),
        (_, true, n) if next.with(Option::is_some) => {
            tr_with("conversations-more", &[("count", &number(n as u64))])
        }
        (_, true, n) => tr_with("conversations-count", &[("count", &number(n as u64))]),
    };
    view! {
        <main class="page history">
            <h1>{tr("nav-history")}</h1>
            <form role="search" aria-label=tr("search-ended") on:submit=move |e| { e.prevent_default(); run(None) }>
                <TextField label=tr("words-in-messages") field="words" value=f.words form kind="search"/>
                <label class="field"><span>{tr("channel")}</span>
                    <select prop:value=move || f.channel.get() on:change=move |e| f.channel.set(event_target_value(&e))>
                        <option value="">{tr("all-channels")}</option>
                        {channels.iter().map(|c| view! { <option value=c.id.as_str().to_owned()>{c.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>{tr("handled-by")}</span>
                    <select prop:value=move || f.operator.get() on:change=move |e| f.operator.set(event_target_value(&e))>
                        <option value="">{tr("anyone")}</option>
                        <option value=login.clone()>{tr("me")}</option>
                    </select>
                </label>
                <TextField label=tr("ended-from") field="from" value=f.from form kind="date"/>
                <TextField label=tr("ended-until") field="to" value=f.to form kind="date"/>
                <label class="field"><span>{tr("rating")}</span>
                    <select prop:value=move || f.rating.get() on:change=move |e| f.rating.set(event_target_value(&e))>
                        <option value="">{tr("any")}</option>
                        <option value="good">{tr("rating-good-option")}</option>
                        <option value="ok">{tr("rating-ok-option")}</option>
                        <option value="bad">{tr("rating-bad-option")}</option>
                    </select>
                </label>
                <TextField label=tr("visitors-email") field="email" value=f.email form kind="email"/>
                <button type="submit" disabled=move || form.busy.get()>{tr("search")}</button>
                <FormStatus form/>
            </form>
            <p role="status">{status}</p>
            <div class="history-panes">
                <ul class="history-list" aria-label=tr("ended-conversations")>
                    <For each=move || items.get() key=|e| e.id.clone() let:e>
                        {
                            let shown = e.clone();
                            let id = e.id.clone();
                            let line = format!("{} · {} · {}", who(&e), channel_name(e.channel.as_str()), date(e.ended_at));
                            let rated = e.rating.map(|r| format!(" · {}", tr_with("rated", &[("what", &rating_word(r))]))).unwrap_or_default();
                            view! {
                                <li><button type="button" aria-pressed=move || open.with(|o| o.as_ref().is_some_and(|o| o.id == id)).to_string()
                                    on:click=move |_| open.set(Some(shown.clone()))>
                                    <span class="who">{format!("{line}{rated}")}</span>
                                    <span class="preview">{e.preview.clone()}</span>
                                </button></li>
                            }
                        }
                    </For>
                </ul>
                {move || open.get().map(|e| view! { <TranscriptView ended=e/> })}
            </div>
            <Show when=move || next.with(Option::is_some)>
                <button type="button" disabled=move || form.busy.get() on:click=move |_| run(next.get_untracked())>{tr("load-more")}</button>
            </Show>
            {admin.then(|| view! { <ForgetVisitor/> })}
        </main>
    }
}

/// One ended conversation, whole.
#[component]
fn TranscriptView(ended: Ended) -> impl IntoView {
    let transcript = RwSignal::new(None::<Transcript>);
    let problem = RwSignal::new(None::<String>);
    let path = format!("/api/history/{}", ended.id);
    leptos::task::spawn_local(async move {
        match api::get::<Transcript>(&path).await {
            Ok(t) => transcript.set(Some(t)),
            Err(e) => problem.set(Some(e.message)),
        }
    });
    let rating = match (ended.rating, &ended.rating_comment) {
        (Some(r), Some(c)) => format!("{} — {c}", rating_word(r)),
        (Some(r), None) => rating_word(r),
        _ => tr("not-rated"),
    };
    let conversation = ended.id.clone();
    view! {
        <section class="transcript" aria-label=tr("transcript")>
            <h2>{who(&ended)}</h2>
            <dl>
                <dt>{tr("handled-by")}</dt><dd>{ended.operator.as_ref().map_or_else(|| tr("nobody"), |o| o.name.clone())}</dd>
                <dt>{tr("started")}</dt><dd>{date(ended.started_at)}</dd>
                <dt>{tr("ended")}</dt><dd>{date(ended.ended_at)}</dd>
                <dt>{tr("rating")}</dt><dd>{rating}</dd>
            </dl>
            <p role="alert">{move || problem.get()}</p>
            <ol aria-label=tr("messages") class="log">
                {move || transcript.get().map(|t| t.messages.into_iter().map(|m| view! {
                    <li><strong><bdi>{author_name(&m.author)}</bdi>": "</strong><bdi dir="auto">{m.text}</bdi>
                        {(!m.files.is_empty()).then(|| view! { <Files conversation=conversation.clone() files=m.files/> })}
                    </li>
                }).collect_view())}
            </ol>
        </section>
    }
}

/// An admin deletes every ended conversation of a visitor, by email.
#[component]
fn ForgetVisitor() -> impl IntoView {
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let asking = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let confirm = move |_| {
        asking.set(false);
        let body = Forget { email: email.get_untracked() };
        form.submit(
            "",
            async move { api::post::<_, Forgotten>("/api/history/forget", &body).await },
            move |f| {
                done.set(Some(match f.conversations {
                    1 => tr("deleted-one"),
                    n => tr_with("deleted-count", &[("count", &number(u64::from(n)))]),
                }))
            },
        );
    };
    view! {
        <section aria-labelledby="forget-heading">
            <h2 id="forget-heading">{tr("delete-visitor-data")}</h2>
            <form aria-label=tr("delete-visitor-data") on:submit=move |e| { e.prevent_default(); done.set(None); asking.set(true) }>
                <TextField label=tr("visitors-email") field="email" value=email form kind="email"/>
                <button type="submit" disabled=move || form.busy.get()>{tr("delete-their-conversations")}</button>
                <Show when=move || asking.get()>
                    <p role="alert">{move || tr_with("delete-confirm", &[("name", &email.get())])}</p>
                    <button type="button" on:click=confirm>{tr("delete-for-good")}</button>
                    <button type="button" on:click=move |_| asking.set(false)>{tr("cancel")}</button>
                </Show>
                <FormStatus form/>
                <p role="status">{move || done.get()}</p>
            </form>
        </section>
    }
}
