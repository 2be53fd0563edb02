//! A channel's verified visitors (admins, in the channel's form): the
//! secret a site's server signs its users' ids with, replaced on request,
//! and whether the channel refuses a visitor the site names unsigned.

use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub fn VerifiedVisitors(
    /// The channel's secret (`None` until the channel is first saved).
    secret: RwSignal<Option<String>>,
    require: RwSignal<bool>,
    /// Replace the secret at the next save.
    renew: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{tr("verified-visitors")}</legend>
            <span class="hint">{tr("verified-visitors-hint")}</span>
            {move || match secret.get().filter(|s| !s.is_empty()) {
                Some(s) => view! {
                    <label class="field"><span>{tr("identity-secret")}</span>
                        <input type="text" readonly class="secret" spellcheck="false" prop:value=s/>
                    </label>
                }.into_any(),
                None => view! { <p class="hint">{tr("secret-on-save")}</p> }.into_any(),
            }}
            <label class="check"><input type="checkbox" name="new_identity_secret"
                prop:checked=move || renew.get()
                on:change=move |e| renew.set(event_target_checked(&e))/>
                {tr("new-secret")}</label>
            <label class="check"><input type="checkbox" name="require_identity"
                prop:checked=move || require.get()
                on:change=move |e| require.set(event_target_checked(&e))/>
                {tr("only-verified")}</label>
        </fieldset>
    }
}
