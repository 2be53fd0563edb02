//! What an operator does to a conversation besides writing in it: end it,
//! or hand it to a colleague of its channel (or back to the channel's
//! queue, where whoever passed it on is not offered it again); someone
//! else's (and no admin): take it over.

use leptos::prelude::*;
use switchboard_browser::chat::Chat;
use switchboard_core::ids::Login;
use switchboard_core::protocol::{ApiError, ConversationSummary, Teammate, Transfer};

use crate::api;
use crate::i18n::{number, tr, tr_with};

/// The value of the "back to the queue" choice.
const QUEUE: &str = "";

#[component]
pub fn ConversationActions(chat: Chat, summary: Memo<Option<ConversationSummary>>) -> impl IntoView {
    let log = chat.log;
    let ended = move || {
        log.with(|l| l.closed_by().is_some()) || summary.with(|s| s.as_ref().is_some_and(|s| s.closed))
    };
    // Asked while the socket is down: it goes when the socket is back.
    let ending = move || log.with(|l| l.is_ending());
    let end = move |_| chat.end();
    let holder = held_by_other(summary);
    // What the last transfer did: said here, since the form goes with it.
    let done = RwSignal::new(None::<String>);
    view! {
        <div class="actions" role="group" aria-label=tr("conversation-actions")>
            <Show when=move || !ended() && holder().is_none()>
                <TransferForm summary done/>
            </Show>
            <span class="form-saved" role="status">{move || done.get()}</span>
            <Show when=move || !ended() && holder().is_some()>
                <TakeOver summary/>
            </Show>
            <button type="button" class="secondary" hidden=move || holder().is_some()
                disabled=move || ended() || ending() on:click=end>
                {move || if ending() { tr("ending") } else { tr("end-conversation") }}
            </button>
        </div>
    }
}

/// The name of whoever has the conversation, when it is someone else and
/// the operator is no admin: then they read it, and take it over to write
/// (the server refuses anything else).
pub fn held_by_other(summary: Memo<Option<ConversationSummary>>) -> impl Fn() -> Option<String> + Copy {
    let me = expect_context::<crate::Session>().0;
    move || {
        let (login, admin) = me.with(|m| m.clone().flatten().map(|m| (m.login, m.admin)))?;
        let holder = summary.with(|s| s.as_ref().and_then(|s| s.operator.clone()))?;
        (!admin && holder.login != login).then_some(holder.name)
    }
}

/// Someone else has it: a clear way to take it over (they are told).
#[component]
fn TakeOver(summary: Memo<Option<ConversationSummary>>) -> impl IntoView {
    let me = expect_context::<crate::Session>().0;
    let holder = held_by_other(summary);
    let (error, busy) = (RwSignal::new(None::<String>), RwSignal::new(false));
    let take = move |_| {
        let Some(s) = summary.get_untracked() else { return };
        let Some(login) = me.get_untracked().flatten().map(|m| m.login) else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(message) = transfer(&s, Some(login)).await {
                error.set(Some(message));
            }
            busy.set(false);
        });
    };
    view! {
        <p class="notice">{move || holder().map(|name| tr_with("held-by", &[("name", &name)]))}</p>
        <button type="button" disabled=move || busy.get() on:click=take>{tr("take-over")}</button>
        <span class="form-error" role="alert">{move || error.get()}</span>
    }
}

/// Transfer to one of the channel's joined operators (with their load), or
/// back to the queue.
#[component]
fn TransferForm(summary: Memo<Option<ConversationSummary>>, done: RwSignal<Option<String>>) -> impl IntoView {
    let channel = Memo::new(move |_| summary.with(|s| s.as_ref().map(|s| s.channel.clone())));
    let live = LocalResource::new(move || {
        let channel = channel.get();
        async move {
            match channel {
                Some(c) => api::get::<Vec<Teammate>>(&format!("/api/channels/{c}/team")).await.ok(),
                None => None,
            }
        }
    });
    let choice = RwSignal::new(QUEUE.to_owned());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let options = move || {
        let current = summary.with(|s| s.as_ref().and_then(|s| s.operator.as_ref().map(|o| o.login.clone())));
        live.get()
            .flatten()
            .unwrap_or_default()
            .into_iter()
            .filter(|m| Some(&m.login) != current.as_ref())
            .map(|m| {
                let state = tr(if m.online { "member-online" } else { "member-offline" });
                let load = format!("{}/{}", number(u64::from(m.ongoing)), number(u64::from(m.capacity)));
                let label = format!("{} ({state}, {load})", m.name);
                view! { <option value=m.login.to_string()>{label}</option> }
            })
            .collect_view()
    };
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(s) = summary.get_untracked() else { return };
        let to = Login::parse(choice.get_untracked()).ok();
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            match transfer(&s, to).await {
                Ok(said) => done.set(Some(said)),
                Err(message) => error.set(Some(message)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="transfer" on:submit=submit aria-label=tr("transfer")>
            <label>
                {tr("transfer-to")}" "
                <select prop:value=move || choice.get() on:change=move |e| choice.set(event_target_value(&e))>
                    <option value=QUEUE>{tr("back-to-queue")}</option>
                    {options}
                </select>
            </label>
            <button type="submit" class="secondary" disabled=move || busy.get()>{tr("transfer")}</button>
            <span class="form-error" role="alert">{move || error.get()}</span>
        </form>
    }
}

/// Hands `s` to the operator `to` (a login), or back to the queue; what
/// happened, in words, or the refusal.
pub async fn transfer(s: &ConversationSummary, to: Option<Login>) -> Result<String, String> {
    let body = Transfer { channel: s.channel.clone(), to };
    let path = format!("/api/conversations/{}/transfer", s.id);
    match api::post::<_, Option<ConversationSummary>>(&path, &body).await {
        Ok(after) => Ok(match after.and_then(|a| a.operator) {
            Some(o) => tr_with("transferred-to", &[("name", &o.name)]),
            None => tr("sent-back-to-queue"),
        }),
        Err(ApiError { message, .. }) => Err(message),
    }
}

/// `/transfer NAME`: the joined operator of the conversation's channel whose
/// name or login is `name` (case ignored), then the transfer.
pub async fn transfer_by_name(s: &ConversationSummary, name: &str) -> Result<String, String> {
    let team = api::get::<Vec<Teammate>>(&format!("/api/channels/{}/team", s.channel))
        .await
        .map_err(|e| e.message)?;
    let wanted = name.to_lowercase();
    let member = team
        .into_iter()
        .find(|m| m.name.to_lowercase() == wanted || m.login.as_str() == wanted)
        .ok_or_else(|| tr_with("nobody-called", &[("name", name)]))?;
    transfer(s, Some(member.login)).await
}
