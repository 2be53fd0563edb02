//! Verified visitors (issue 21, item 9). A site whose visitors log in tells
//! the widget who they are with `Switchboard.setUser({ id, hash, … })`,
//! where `hash` is the HMAC-SHA256 of `id` under the channel's identity
//! secret, in hex, computed by the site's server (as Chatwoot's
//! `identifier_hash` and Intercom's identity verification do). The edge
//! computes the HMAC; this module says what the claim is worth.

use crate::limits::MAX_USER_ID_CHARS;
use crate::protocol::VisitorIdentity;

/// What a site said of its visitor when a conversation started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Claim<'a> {
    /// The `id` given to `setUser`, as sent.
    pub user_id: Option<&'a str>,
    /// The `hash` given matches `user_id` under the channel's secret.
    pub signed: bool,
    /// `setUser` also gave a name or an email (the site's word about them).
    pub described: bool,
}

/// The channel requires verified identities and the site's claim is not
/// signed: the conversation does not start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unverified;

/// A user id a site may give: 1 to [`MAX_USER_ID_CHARS`] characters, no
/// control characters.
pub fn user_id(raw: &str) -> Option<&str> {
    let ok =
        !raw.is_empty() && raw.chars().count() <= MAX_USER_ID_CHARS && !raw.chars().any(char::is_control);
    ok.then_some(raw)
}

/// Who the visitor is, as far as the inbox can tell: the site's user id,
/// verified or not; `None` for an anonymous visitor. With `require`, a
/// claim that is not signed (an id without a valid hash, or a name or
/// email without a signed id) is refused; an anonymous visitor still
/// chats. Without it, an unsigned id is kept and marked unverified (a
/// site's mistake must not stop anyone from chatting).
pub fn judge(require: bool, claim: Claim) -> Result<Option<VisitorIdentity>, Unverified> {
    let id = claim.user_id.and_then(user_id);
    let verified = id.is_some() && claim.signed;
    if require && !verified && (claim.user_id.is_some() || claim.described) {
        return Err(Unverified);
    }
    Ok(id.map(|id| VisitorIdentity { id: id.to_owned(), verified }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(user_id: Option<&str>, signed: bool, described: bool) -> Claim<'_> {
        Claim { user_id, signed, described }
    }

    fn identity(id: &str, verified: bool) -> Option<VisitorIdentity> {
        Some(VisitorIdentity { id: id.to_owned(), verified })
    }

    #[test]
    fn a_signed_id_is_verified_whether_required_or_not() {
        for require in [false, true] {
            assert_eq!(judge(require, claim(Some("42"), true, true)), Ok(identity("42", true)));
        }
    }

    #[test]
    fn an_unsigned_id_is_kept_unverified_unless_required() {
        assert_eq!(judge(false, claim(Some("42"), false, false)), Ok(identity("42", false)));
        assert_eq!(judge(true, claim(Some("42"), false, false)), Err(Unverified));
    }

    #[test]
    fn a_name_without_a_signed_id_is_refused_when_required() {
        assert_eq!(judge(true, claim(None, false, true)), Err(Unverified));
        assert_eq!(judge(false, claim(None, false, true)), Ok(None));
    }

    #[test]
    fn anonymous_visitors_chat_either_way() {
        for require in [false, true] {
            assert_eq!(judge(require, Claim::default()), Ok(None));
        }
    }

    #[test]
    fn an_id_no_site_could_mean_is_never_an_identity() {
        let long = "x".repeat(MAX_USER_ID_CHARS + 1);
        for bad in ["", "a\nb", long.as_str()] {
            assert_eq!(judge(false, claim(Some(bad), true, false)), Ok(None), "{bad:?}");
            assert_eq!(judge(true, claim(Some(bad), true, false)), Err(Unverified), "{bad:?}");
        }
        assert_eq!(user_id(&"é".repeat(MAX_USER_ID_CHARS)).map(str::len), Some(2 * MAX_USER_ID_CHARS));
    }
}
