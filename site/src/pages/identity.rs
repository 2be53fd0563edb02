//! A channel's verified visitors (admins, in the channel's form): the
//! secret a site's server signs its users' ids with, replaced on request,
//! and whether the channel refuses a visitor the site names unsigned.

use leptos::prelude::*;

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
            <legend>"Verified visitors"</legend>
            <span class="hint">"Your site's server signs a logged-in user's id with this secret \
                (HMAC-SHA256, in hex) and the page passes both to Switchboard.setUser({ id, hash }). \
                The inbox marks each visitor's id as verified or not."</span>
            {move || match secret.get().filter(|s| !s.is_empty()) {
                Some(s) => view! {
                    <label class="field"><span>"Identity secret"</span>
                        <input type="text" readonly class="secret" spellcheck="false" prop:value=s/>
                    </label>
                }.into_any(),
                None => view! { <p class="hint">"The channel gets its secret when you save it."</p> }.into_any(),
            }}
            <label class="check"><input type="checkbox" name="new_identity_secret"
                prop:checked=move || renew.get()
                on:change=move |e| renew.set(event_target_checked(&e))/>
                "Make a new secret when saving (the old one stops verifying at once)"</label>
            <label class="check"><input type="checkbox" name="require_identity"
                prop:checked=move || require.get()
                on:change=move |e| require.set(event_target_checked(&e))/>
                "Only verified visitors: refuse a chat when the site names its visitor without a valid signature"</label>
        </fieldset>
    }
}
