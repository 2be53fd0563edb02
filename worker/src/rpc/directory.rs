//! Calls to the one `DirectoryDo`, which maps each login to its workspace
//! (so logins are unique everywhere): asked at log-in and when an account
//! is made.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::{Login, WorkspaceId};

use super::calls;

/// A login and the workspace it belongs to.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub login: Login,
    pub workspace: WorkspaceId,
}

/// A login alone.
#[derive(Serialize, Deserialize)]
pub struct LoginOnly {
    pub login: Login,
}

calls! {
    /// Takes a login for a workspace (refused if it is taken).
    Claim = "/claim": Entry => ();
    /// Gives a login back (an account that could not be made).
    Release = "/release": LoginOnly => ();
    /// Whose a login is.
    Find = "/find": LoginOnly => Entry;
}
