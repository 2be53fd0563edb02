//! The JSON bodies of HTTP requests, read and validated as the Worker does
//! (`serde_json`, then core's rules): a visitor starting a chat, sign-up,
//! log-in, a new password, and what operators and admins save. The first
//! byte picks the body. Never a panic; what a rule accepts, it accepts again
//! unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use switchboard_core::identity::{self, Claim};
use switchboard_core::languages::canonical_languages;
use switchboard_core::protocol::{
    CannedResponse, ChannelInput, Credentials, NewOperator, PasswordReset, ProfileUpdate, SignUp,
    StartConversation, WorkspaceSettings,
};
use switchboard_core::workspace::{self as rules, FieldError};

fn read<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}

/// A rule keeps what it accepted as it is.
fn settled(rule: impl Fn(&str) -> Result<String, FieldError>, raw: &str) {
    if let Ok(kept) = rule(raw) {
        assert_eq!(rule(&kept).as_ref(), Ok(&kept), "{raw:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    match pick % 9 {
        0 => {
            let Some(s) = read::<StartConversation>(body) else { return };
            canonical_languages(&s.languages);
            let _ = s.name.as_deref().map(|n| rules::optional_name("name", n));
            let _ = s.email.as_deref().map(|e| rules::email("email", e));
            let claim = Claim { user_id: s.user_id.as_deref(), signed: s.user_hash.is_some(), described: s.name.is_some() };
            let _ = identity::judge(true, claim);
        }
        1 => {
            let Some(s) = read::<SignUp>(body) else { return };
            settled(|n| rules::name("workspace_name", n), &s.workspace_name);
            settled(|n| rules::person_name("name", n), &s.name);
            let _ = rules::login(&s.login);
            let _ = rules::password(&s.password);
        }
        2 => {
            let Some(c) = read::<Credentials>(body) else { return };
            let _ = rules::login(&c.login);
        }
        3 => {
            let Some(p) = read::<PasswordReset>(body) else { return };
            let _ = rules::password(&p.password);
        }
        4 => {
            let Some(c) = read::<ChannelInput>(body) else { return };
            settled(|n| rules::name("name", n), &c.name);
            settled(rules::welcome, &c.welcome);
            let _ = rules::welcomes(&c.welcomes, &["en".to_owned(), "fr".to_owned()]);
            if let Ok(origins) = rules::origins(&c.origins) {
                assert_eq!(rules::origins(&origins).as_ref(), Ok(&origins));
            }
        }
        5 => {
            let Some(s) = read::<WorkspaceSettings>(body) else { return };
            let _ = rules::settings(s);
        }
        6 => {
            let Some(c) = read::<CannedResponse>(body) else { return };
            if let Ok(kept) = rules::canned(&c) {
                assert_eq!(rules::canned(&kept).as_ref(), Ok(&kept));
            }
        }
        7 => {
            let Some(p) = read::<ProfileUpdate>(body) else { return };
            let _ = rules::optional_person_name("chat_name", &p.chat_name);
            let _ = rules::chat_languages(&p.languages, &["en".to_owned(), "ar".to_owned()]);
        }
        _ => {
            let Some(o) = read::<NewOperator>(body) else { return };
            settled(|n| rules::person_name("name", n), &o.name);
            let _ = rules::login(&o.login);
        }
    }
});
