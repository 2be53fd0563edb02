//! One conversation as the operator works in it: its log with "seen", what
//! is known of the visitor, the composer (canned responses with `::`,
//! commands with `/`), ending and transferring. Discuss shows it in its main
//! pane, a chat window in its body; both share the conversation's draft.
//!
//! Beside the chat, what is known of the visitor: languages, country (the
//! edge reads it from the request's `cf` at the start), the page they are
//! on and those they went through (the widget's socket URL says its page,
//! noted by the `ConversationDo` once the visitor's `hello` is accepted, web
//! addresses only), and their earlier conversations in the channel, by
//! visitor key.

use leptos::prelude::*;
use switchboard_browser::chat::{page_hidden, put_back, Chat, Over, Problem};
use switchboard_browser::socket::Link;
use switchboard_core::composer::{self, Command};
use switchboard_core::conversation::is_web_address;
use switchboard_core::ids::ConversationId;
use switchboard_core::limits::MAX_MESSAGE_CHARS;
use switchboard_core::naming;
use switchboard_core::protocol::{
    Author, ConversationSummary, Ended, ErrorCode, HistoryPage, Rating, VisitorIdentity,
};

use crate::actions::{self, ConversationActions};
use crate::api;
use crate::attach::{AttachButton, Files, Uploads};
use crate::bus::{Bus, Feeds};
use crate::canned::{CannedList, Picker};
use crate::drafts::Drafts;
use crate::i18n::{lang, number, tr, tr_with};

/// A visitor's name on screen (`core::naming`): what they told, else
/// "Visitor #0427" (with their country) in the inbox's language; `key` is
/// their browser's id, or their conversation's.
pub fn visitor_name(name: Option<&str>, email: Option<&str>, key: &str, country: Option<&str>) -> String {
    naming::visitor_name_in(name, email, key, country, &tr("visitor-number"), &tr("visitor-number-from"))
}

/// Who the visitor is, as far as the inbox knows.
pub fn visitor_label(s: &ConversationSummary) -> String {
    visitor_name(s.visitor_name.as_deref(), s.visitor_email.as_deref(), s.visitor_key(), s.country.as_deref())
}

/// Up to two letters for the visitor's avatar (`core::naming::initials`,
/// whatever the language says "Visitor" with).
pub fn visitor_initials(s: &ConversationSummary) -> String {
    let english =
        naming::visitor_name(s.visitor_name.as_deref(), s.visitor_email.as_deref(), s.visitor_key(), None);
    naming::initials(&english)
}

/// A conversation's summary as its channel's feed has it now.
pub fn summary_of(id: ConversationId) -> Memo<Option<ConversationSummary>> {
    let feeds = expect_context::<Feeds>();
    Memo::new(move |_| {
        feeds
            .get()
            .iter()
            .find_map(|f| f.items.with(|list| list.as_ref()?.iter().find(|c| c.id == id).cloned()))
    })
}

/// Carries out a composer command; what it says goes to `said`.
fn run_command(
    command: Command,
    chat: Chat,
    summary: Memo<Option<ConversationSummary>>,
    said: RwSignal<Option<String>>,
) {
    let transfer = |name: String| {
        let Some(s) = summary.get_untracked() else { return };
        said.set(Some(tr_with("transferring-to", &[("name", &name)])));
        leptos::task::spawn_local(async move {
            let outcome = actions::transfer_by_name(&s, &name).await;
            said.set(Some(outcome.unwrap_or_else(|refusal| refusal)));
        });
    };
    match command {
        Command::Help => {
            let list = composer::COMMANDS.iter().map(|(c, what)| format!("{c} — {what}")).collect::<Vec<_>>();
            said.set(Some(tr_with("commands", &[("what", &list.join("; "))])))
        }
        Command::Close => {
            chat.end();
            said.set(None);
        }
        Command::Transfer(name) => transfer(name),
        Command::TransferWhom => said.set(Some(tr("transfer-whom"))),
        Command::Unknown(name) => said.set(Some(tr_with("not-a-command", &[("name", &name)]))),
    }
}

/// How the inbox names who wrote a message.
pub fn author_name(author: &Author) -> String {
    match author {
        Author::Visitor => tr("author-visitor"),
        Author::Operator { name } => name.clone(),
        Author::Bot { name } => tr_with("author-bot", &[("name", name)]),
    }
}

pub fn rating_word(r: Rating) -> String {
    tr(match r {
        Rating::Good => "rating-good",
        Rating::Ok => "rating-ok",
        Rating::Bad => "rating-bad",
    })
}

/// The inbox's words for what went wrong in a conversation.
fn problem_text(p: Problem) -> String {
    match p {
        Problem::Refused(ErrorCode::Closed) => tr("conversation-has-ended"),
        Problem::Refused(ErrorCode::NotYours) => tr("not-yours"),
        Problem::Refused(ErrorCode::InvalidMessage) => {
            tr_with("too-long", &[("count", &number(MAX_MESSAGE_CHARS as u64))])
        }
        Problem::NotConnected => tr("not-connected"),
        _ => tr("refused"),
    }
}

/// What the visitor left with the conversation: the offline form's address,
/// their rating and comment.
fn visitor_note(s: &ConversationSummary) -> Option<String> {
    let mut notes = vec![];
    if s.offline {
        let email = s.visitor_email.clone().unwrap_or_else(|| tr("their-email"));
        notes.push(tr_with("left-offline", &[("name", &email)]));
    }
    if let Some(r) = s.rating {
        let comment = s.rating_comment.as_deref().map(|c| format!(": “{c}”")).unwrap_or_default();
        notes.push(tr_with("visitor-rated", &[("what", &format!("{}{comment}", rating_word(r)))]));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// The site's word about who the visitor is (`core::identity`).
fn identity_text(identity: Option<&VisitorIdentity>) -> String {
    match identity {
        Some(i) if i.verified => tr_with("identity-verified", &[("name", &i.id)]),
        Some(i) => tr_with("identity-unverified", &[("name", &i.id)]),
        None => tr("not-given"),
    }
}

/// What the inbox knows of the visitor: their languages, country, the page
/// they are on and those they went through, and their earlier
/// conversations in the channel (those still listed, and History's, asked
/// once when the visitor is known).
#[component]
fn VisitorContext(summary: Memo<Option<ConversationSummary>>, open: bool) -> impl IntoView {
    let feeds = expect_context::<Feeds>();
    let archived = RwSignal::new(Vec::<Ended>::new());
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let Some((channel, Some(visitor))) =
            summary.with(|s| s.as_ref().map(|s| (s.channel.clone(), s.visitor.clone())))
        else {
            return;
        };
        if asked.get_value() {
            return;
        }
        asked.set_value(true);
        let path = format!("/api/history?channel={channel}&visitor={visitor}");
        leptos::task::spawn_local(async move {
            if let Ok(page) = api::get::<HistoryPage>(&path).await {
                archived.set(page.items);
            }
        });
    });
    // (id, when, preview), newest first.
    let earlier = Memo::new(move |_| {
        let Some((id, Some(visitor), updated)) =
            summary.with(|s| s.as_ref().map(|s| (s.id.clone(), s.visitor.clone(), s.updated_at)))
        else {
            return vec![];
        };
        let mut found: Vec<(ConversationId, i64, String)> = feeds
            .get()
            .iter()
            .flat_map(|f| {
                f.items.with(|i| {
                    i.iter()
                        .flatten()
                        .filter(|c| {
                            c.id != id && c.visitor.as_ref() == Some(&visitor) && c.updated_at <= updated
                        })
                        .map(|c| (c.id.clone(), c.updated_at, c.preview.clone()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        archived.with(|a| {
            for e in a.iter().filter(|e| e.id != id && e.ended_at <= updated) {
                if !found.iter().any(|(f, ..)| *f == e.id) {
                    found.push((e.id.clone(), e.ended_at, e.preview.clone()));
                }
            }
        });
        found.sort_by_key(|(_, at, _)| std::cmp::Reverse(*at));
        found
    });
    let field = move |f: fn(&ConversationSummary) -> String| move || summary.with(|s| s.as_ref().map(f));
    view! {
        <details class="visitor-context" open=open>
            <summary>{tr("about-visitor")}</summary>
            <dl>
                <dt>{tr("languages")}</dt>
                <dd>{field(|s| if s.languages.is_empty() { tr("not-said") } else { s.languages.join(", ") })}</dd>
                <dt>{tr("country")}</dt>
                <dd>{field(|s| s.country.clone().unwrap_or_else(|| tr("unknown")))}</dd>
                <dt>{tr("site-account")}</dt>
                <dd>{field(|s| identity_text(s.identity.as_ref()))}</dd>
                <dt>{tr("on-the-page")}</dt>
                <dd>{move || match summary.with(|s| s.as_ref().and_then(|s| s.pages.last().cloned())) {
                    // Addresses read left to right, in a right-to-left inbox too.
                    Some(page) if !is_web_address(&page) => view! { <bdi dir="ltr">{page}</bdi> }.into_any(),
                    Some(page) => view! { <a href=page.clone() dir="ltr" target="_blank" rel="noopener noreferrer">{page.clone()}</a> }.into_any(),
                    None => tr("unknown").into_any(),
                }}</dd>
                <dt>{tr("pages-visited")}</dt>
                <dd><ol aria-label=tr("pages-visited-oldest-first")>
                    {move || summary.with(|s| s.as_ref().map(|s| s.pages.clone()).unwrap_or_default())
                        .into_iter().map(|p| view! { <li><bdi dir="ltr">{p}</bdi></li> }).collect_view()}
                </ol></dd>
                <dt>{tr("earlier-conversations")}</dt>
                <dd>{move || {
                    let earlier = earlier.get();
                    if earlier.is_empty() {
                        return tr("none-in-channel").into_any();
                    }
                    view! { <ul aria-label=tr("earlier-conversations")>
                        {earlier.into_iter().map(|(_, at, preview)| {
                            let when = js_sys::Date::new(&(at as f64).into()).to_locale_date_string(&lang(), &js_sys::Object::new());
                            view! { <li>{format!("{} — {preview}", String::from(when))}</li> }
                        }).collect_view()}
                    </ul> }.into_any()
                }}</dd>
            </dl>
        </details>
    }
}

#[component]
pub fn ConversationPane(
    id: ConversationId,
    /// How the pane is named: "Conversation" in Discuss, the visitor in a
    /// chat window.
    #[prop(into, default = tr("conversation"))]
    label: String,
    /// Whether its messages are on screen (a folded window's are not).
    #[prop(into, default = Signal::stored(true))]
    shown: Signal<bool>,
    /// Whether what is known of the visitor shows at first (in Discuss; a
    /// window is too small, it opens on request).
    #[prop(default = true)]
    context_open: bool,
    /// Transfer and end folded under one control (a chat window keeps its
    /// room for the messages).
    #[prop(default = false)]
    compact: bool,
) -> impl IntoView {
    let url = crate::api::socket_url(&format!("/api/conversations/{id}/ws?as=operator"));
    let draft = expect_context::<Drafts>().of(&id);
    let chat = Chat::open(url, None, move |over| {
        // A reply that met the end stays in the composer, to copy elsewhere.
        if let Over::Undelivered(texts) = over {
            put_back(draft, texts);
        }
    });
    let summary = summary_of(id.clone());
    // Someone else's (and no admin): read only until taken over.
    let theirs = actions::held_by_other(summary);
    let typing = chat.typing;
    let ended = move || chat.log.with(|l| l.closed_by().is_some());
    let closer = StoredValue::new_local(chat.clone());
    on_cleanup(move || closer.with_value(Chat::close));
    let log = chat.log;
    let problem = chat.problem;
    let link = chat.link();
    // The operator sees what is on screen: "seen" for the visitor's
    // messages, only while they are (not in a folded window, not while the
    // tab is hidden).
    let visible = page_visibility();
    {
        let chat = chat.clone();
        Effect::new(move |_| {
            log.track();
            visible.track();
            if shown.get() {
                chat.see(false);
            }
        });
    }
    // What is on screen is read: the channel keeps it for this operator.
    {
        let id = id.clone();
        let bus = expect_context::<Bus>();
        Effect::new(move |_| {
            let last = log.with(|l| l.last_seq());
            visible.track();
            if !shown.get() || page_hidden() {
                return;
            }
            bus.mark_read(&id, last);
        });
    }
    // The list shows what the open conversation says, whoever has it (the
    // bus tells only its assignee of each message).
    {
        let feeds = expect_context::<Feeds>();
        Effect::new(move |_| {
            let latest = log.with(|l| l.messages().last().cloned());
            if let (Some(m), Some(s)) = (latest, summary.get_untracked()) {
                feeds.take(&switchboard_core::relay::latest(&s, &m));
            }
        });
    }
    // The last of the operators' messages the visitor has seen.
    let last_seen = move || log.with(|l| l.last_seen_of_mine(false));
    // What a command said (help, a transfer's outcome, a refusal).
    let said = RwSignal::new(None::<String>);
    let picker = Picker::new(draft);
    let list_id = format!("canned-{id}");
    let submit = {
        let chat = chat.clone();
        move || {
            let text = draft.get_untracked();
            if text.trim().is_empty() || ended() {
                return;
            }
            match composer::command(&text) {
                None => chat.send(composer::message_text(&text).to_owned()),
                Some(command) => run_command(command, chat.clone(), summary, said),
            }
            draft.set(String::new());
        }
    };
    let on_submit = {
        let submit = submit.clone();
        move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            submit()
        }
    };
    let files_of_message = id.clone();
    // Files pasted into the reply or dropped on it go as they are.
    let uploads = Uploads::new();
    let dropped = {
        let (chat, id) = (chat.clone(), id.clone());
        move |e: &web_sys::Event| {
            let files = switchboard_browser::upload::carried(e);
            if !files.is_empty() && !ended() && theirs().is_none() {
                e.prevent_default();
                uploads.send(chat.clone(), id.clone(), files);
            }
        }
    };
    view! {
        <section class="conversation" aria-label=label>
            <div class="log" role="log" aria-label=tr("messages") aria-live="polite" tabindex="0"><ol class="messages">
                <For each=move || log.get().messages().to_vec() key=|m| m.seq let:m>
                    <li class=match m.author { Author::Visitor => "theirs", Author::Operator { .. } => "mine", Author::Bot { .. } => "mine bot" }>
                        // Isolated: right-to-left words show as written and
                        // cannot reorder what follows them.
                        <span class="who"><bdi>{author_name(&m.author)}</bdi>
                            {move || (last_seen() == Some(m.seq)).then(|| format!(" · {}", tr("seen")))}</span>
                        <p dir="auto">{m.text.clone()}</p>
                        {(!m.files.is_empty()).then(|| view! { <Files conversation=files_of_message.clone() files=m.files.clone()/> })}
                    </li>
                </For>
                <For each=move || log.get().pending().to_vec() key=|p| p.client_id.clone() let:p>
                    <li class="mine pending"><span class="who">{tr("you-sending")}</span><p dir="auto">{p.text.clone()}</p></li>
                </For>
            </ol></div>
            <p class="note">{move || summary.get().as_ref().and_then(visitor_note)}</p>
            {move || summary.with(|s| s.as_ref().filter(|s| s.offline).and_then(|s| s.visitor_email.clone())).map(|email| view! {
                <p><a href=format!("mailto:{email}")>{tr_with("answer-by-email", &[("name", &email)])}</a></p>
            })}
            <VisitorContext summary open=context_open/>
            <p class="status" role="status">{move || problem.get().map(|p| match p {
                Problem::Refused(ErrorCode::Closed) if !draft.with(String::is_empty) => tr("reply-kept"),
                p => problem_text(p),
            }).or_else(|| match link.get() {
                Link::Reconnecting(_) => Some(tr("connection-lost")),
                _ => None,
            })}</p>
            <p class="typing" role="status">
                {move || (typing.get() == Some(Author::Visitor)).then(|| tr("visitor-typing"))}
            </p>
            {if compact {
                view! {
                    <details class="more-actions">
                        <summary>{tr("transfer-or-end")}</summary>
                        <ConversationActions chat=chat.clone() summary/>
                    </details>
                }
                .into_any()
            } else {
                view! { <ConversationActions chat=chat.clone() summary/> }.into_any()
            }}
            <p class="notice" role="status">{move || log.with(|l| l.closed_by().cloned()).map(|by| match by {
                Author::Visitor => tr("visitor-ended"),
                by => tr_with("someone-ended", &[("name", &author_name(&by))]),
            })}</p>
            <form class="composer" on:submit=on_submit>
                // Ended: closed, but what it did not take stays to copy.
                <textarea aria-label=tr("reply") rows="2" placeholder=tr("write-a-reply")
                    disabled=move || (ended() && draft.with(String::is_empty)) || theirs().is_some()
                    readonly=ended
                    prop:value=move || draft.get()
                    on:input={
                        let chat = chat.clone();
                        move |e| {
                            draft.set(event_target_value(&e));
                            chat.typed();
                        }
                    }
                    aria-controls=list_id.clone()
                    aria-activedescendant={ let list_id = list_id.clone(); move || picker.active_id(&list_id) }
                    aria-describedby=format!("{list_id}-hint")
                    on:keydown=move |e: web_sys::KeyboardEvent| {
                        if picker.on_key(&e) { return }
                        if e.key() == "Enter" && !e.shift_key() { e.prevent_default(); submit() }
                    }
                    on:paste={ let dropped = dropped.clone(); move |e: web_sys::ClipboardEvent| dropped(&e) }
                    on:dragover=move |e: web_sys::DragEvent| e.prevent_default()
                    on:drop={ let dropped = dropped.clone(); move |e: web_sys::DragEvent| dropped(&e) }
                ></textarea>
                <CannedList picker id=list_id.clone()/>
                <button type="submit" disabled=move || ended() || theirs().is_some()>{tr("send")}</button>
                <AttachButton chat=chat.clone() conversation=id.clone() uploads
                    disabled=Signal::derive(move || ended() || theirs().is_some())/>
            </form>
            <p class="hint" id=format!("{list_id}-hint")>{tr("composer-hint")}</p>
            <p class="command-note" role="status">{move || said.get()}</p>
        </section>
    }
}

/// Changes whenever the tab is shown or hidden (for what happens only
/// while the operator can see it).
fn page_visibility() -> Trigger {
    let changed = Trigger::new();
    let handle = window_event_listener_untyped("visibilitychange", move |_| changed.notify());
    on_cleanup(move || handle.remove());
    changed
}
