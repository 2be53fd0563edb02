//! Files in the operator's conversation pane (issue 23): the files a
//! message carries (images shown, everything else to download, all through
//! the Worker with the operator's session) and the "Attach files" control,
//! which uploads what the operator picks and sends it as a message.

use leptos::prelude::*;
use switchboard_browser::chat::Chat;
use switchboard_core::ids::ConversationId;
use switchboard_core::limits::MAX_FILES_PER_MESSAGE;
use switchboard_core::protocol::{ApiError, Attachment};

use crate::i18n::{number, tr, tr_with};

fn file_url(conversation: &ConversationId, id: &str) -> String {
    format!("/api/conversations/{conversation}/files/{id}")
}

/// "2.4 MB", "830 KB", "12 bytes", in the inbox's language.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => {
            let tenths = (b * 10 + 512 * 1024) / (1024 * 1024);
            tr_with("size-mb", &[("size", &format!("{}.{}", number(tenths / 10), tenths % 10))])
        }
        b if b >= 1024 => tr_with("size-kb", &[("size", &number(b / 1024))]),
        b => tr_with("size-bytes", &[("size", &number(b))]),
    }
}

/// The files of one message.
#[component]
pub fn Files(conversation: ConversationId, files: Vec<Attachment>) -> impl IntoView {
    view! {
        <ul class="files" aria-label=tr("files")>
            {files.into_iter().map(|f| {
                let url = file_url(&conversation, &f.id);
                if f.is_image() {
                    let src = url.clone();
                    view! { <li><a href=url target="_blank" rel="noopener">
                        <img src=src alt=f.name.clone() loading="lazy"/>
                    </a></li> }.into_any()
                } else {
                    let label = format!("{} ({}, {})", f.name, f.content_type.split(';').next().unwrap_or_default(), size_text(f.size));
                    view! { <li><a href=url download=f.name.clone()>{label}</a></li> }.into_any()
                }
            }).collect_view()}
        </ul>
    }
}

/// Uploads `file` to the conversation under a new id, telling `progress`
/// how much has gone.
async fn upload(
    conversation: &ConversationId,
    file: &web_sys::File,
    progress: RwSignal<Option<f64>>,
) -> Result<Attachment, String> {
    use switchboard_browser::upload::{put, tried};
    let id = switchboard_browser::socket::random_hex();
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let url = file_url(conversation, &id);
    // Tried again under the same id while the network fails (kept once).
    let headers = [("x-file-name", name.as_str())];
    let attempt = || put(&url, &headers, file, move |fraction| progress.set(Some(fraction)));
    let Some((status, text)) = tried(attempt, Option::is_none).await else {
        return Err(tr("server-unreachable"));
    };
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|e| e.to_string());
    }
    Err(serde_json::from_str::<ApiError>(&text).map_or_else(
        |_| tr_with("server-answered", &[("what", &status.to_string())]),
        |e| crate::api::localized(e).message,
    ))
}

/// The pane's uploads: whether one is under way and what to say of it.
#[derive(Clone, Copy)]
pub struct Uploads {
    busy: RwSignal<bool>,
    status: RwSignal<Option<String>>,
    /// How much of the file on its way has gone (0 to 1).
    progress: RwSignal<Option<f64>>,
}

impl Uploads {
    pub fn new() -> Uploads {
        Uploads { busy: RwSignal::new(false), status: RwSignal::new(None), progress: RwSignal::new(None) }
    }

    /// Uploads `picked` (picked, pasted or dropped), then sends them as one
    /// message; says what it is doing, and why a file was refused.
    pub fn send(self, chat: Chat, conversation: ConversationId, picked: Vec<web_sys::File>) {
        let Uploads { busy, status, progress } = self;
        if picked.is_empty() {
            return;
        }
        if picked.len() > MAX_FILES_PER_MESSAGE {
            status.set(Some(tr_with("at-most-files", &[("count", &number(MAX_FILES_PER_MESSAGE as u64))])));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let mut sent = vec![];
            for (i, file) in picked.iter().enumerate() {
                let (at, of) = (number(i as u64 + 1), number(picked.len() as u64));
                status.set(Some(tr_with(
                    "uploading",
                    &[("file", &file.name()), ("count", &at), ("what", &of)],
                )));
                progress.set(Some(0.0));
                let uploaded = upload(&conversation, file, progress).await;
                progress.set(None);
                match uploaded {
                    Ok(done) => sent.push(done.id),
                    Err(why) => {
                        status.set(Some(tr_with("not-sent", &[("file", &file.name()), ("what", &why)])));
                        busy.set(false);
                        return;
                    }
                }
            }
            chat.send_with_files(String::new(), sent);
            status.set(None);
            busy.set(false);
        });
    }
}

/// "Attach files": picks files and sends them.
#[component]
pub fn AttachButton(
    chat: Chat,
    conversation: ConversationId,
    uploads: Uploads,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let on_change = move |e: leptos::ev::Event| {
        let picked = switchboard_browser::upload::carried(&e);
        uploads.send(chat.clone(), conversation.clone(), picked);
    };
    view! {
        <label class="attach secondary">
            {tr("attach-files")}
            <input type="file" multiple on:change=on_change disabled=move || disabled.get() || uploads.busy.get()/>
        </label>
        <p class="attach-status" role="status">{move || uploads.status.get()}</p>
        {move || uploads.progress.get().map(|done| view! {
            <progress max="1" value=done aria-label=tr("upload-progress")></progress>
        })}
    }
}
