//! Who may change whose access (issue 21, item 1). An admin disables,
//! enables, removes, changes the role of and resets the password of other
//! operators of their workspace; never their own account that way (they
//! would lock themselves out: their own password changes in their profile),
//! and never so that the workspace is left without an enabled admin.

use crate::ids::Login;

/// What an invitation link that no longer works says (spent, replaced,
/// expired, or never made: alike, so a guess learns nothing).
pub const INVITATION_GONE: &str =
    "This invitation link has expired or was already used. Ask an administrator for a new one.";

/// What an admin does to an operator's access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Disable,
    Enable,
    Remove,
    Role { admin: bool },
    ResetPassword,
}

/// The operator a change is about, as the workspace knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub admin: bool,
    pub disabled: bool,
}

/// Why a change is refused, in words an admin can act on.
pub fn refusal(
    by: &Login,
    login: &Login,
    target: Target,
    enabled_admins: usize,
    change: Change,
) -> Option<&'static str> {
    if by == login {
        return Some(match change {
            Change::ResetPassword => "Change your own password in My Profile.",
            _ => "You cannot do that to your own account: ask another admin.",
        });
    }
    // Whether the change takes an enabled admin away.
    let takes_an_admin = target.admin
        && !target.disabled
        && matches!(change, Change::Disable | Change::Remove | Change::Role { admin: false });
    (takes_an_admin && enabled_admins <= 1)
        .then_some("The workspace needs an admin: make someone else an admin first.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(s: &str) -> Login {
        Login::parse(s).unwrap()
    }

    const OPERATOR: Target = Target { admin: false, disabled: false };
    const ADMIN: Target = Target { admin: true, disabled: false };

    #[test]
    fn an_admin_changes_others_never_themselves() {
        let (ada, bob) = (login("ada"), login("bob"));
        for change in [Change::Disable, Change::Enable, Change::Remove, Change::Role { admin: true }] {
            assert_eq!(refusal(&ada, &bob, OPERATOR, 1, change), None, "{change:?}");
            assert_eq!(
                refusal(&ada, &ada, ADMIN, 2, change),
                Some("You cannot do that to your own account: ask another admin.")
            );
        }
        assert_eq!(
            refusal(&ada, &ada, ADMIN, 2, Change::ResetPassword),
            Some("Change your own password in My Profile.")
        );
        assert_eq!(refusal(&ada, &bob, ADMIN, 2, Change::ResetPassword), None);
    }

    #[test]
    fn the_last_enabled_admin_stays() {
        let (ada, bob) = (login("ada"), login("bob"));
        let last = Some("The workspace needs an admin: make someone else an admin first.");
        for change in [Change::Disable, Change::Remove, Change::Role { admin: false }] {
            assert_eq!(refusal(&ada, &bob, ADMIN, 1, change), last, "{change:?}");
            assert_eq!(refusal(&ada, &bob, ADMIN, 2, change), None, "another admin remains");
        }
        let disabled_admin = Target { admin: true, disabled: true };
        assert_eq!(refusal(&ada, &bob, disabled_admin, 1, Change::Remove), None, "not an enabled admin");
        assert_eq!(refusal(&ada, &bob, ADMIN, 1, Change::ResetPassword), None);
    }
}
