//! What files a channel takes (admins, in the channel's form; issue 23):
//! the largest file in MB, and which kinds, from those core offers.

use leptos::prelude::*;
use switchboard_core::files::KINDS;
use switchboard_core::limits::MAX_FILE_MB;

use crate::form::{CheckboxGroup, FormState, TextField};
use crate::i18n::{number, tr, tr_with};

#[component]
pub fn FileLimitsFields(
    max_mb: RwSignal<String>,
    kinds: RwSignal<Vec<String>>,
    form: FormState,
) -> impl IntoView {
    let options: Vec<(String, String)> =
        KINDS.iter().map(|k| (k.label().to_owned(), k.label().to_owned())).collect();
    view! {
        <TextField label=tr_with("largest-file", &[("count", &number(u64::from(MAX_FILE_MB)))])
            field="files" value=max_mb form kind="number"/>
        <CheckboxGroup legend=tr("file-kinds") field="file_kinds"
            options=Signal::stored(options) chosen=kinds form/>
    }
}
