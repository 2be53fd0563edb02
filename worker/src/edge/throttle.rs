//! What one client address may start (issue 21, item 3): new
//! conversations, new workspaces and log-in attempts, each counted by one of
//! the platform's rate-limiting bindings (`[[ratelimits]]` in
//! `wrangler.toml`, a minute each; `core::limits` names the same numbers),
//! keyed by the address Cloudflare saw (`CF-Connecting-IP`). A refusal is a
//! 429 that says so in words, with `Retry-After`.
//!
//! The bindings count per Cloudflare location and forgive a little; the
//! limits that must be exact (a login's wrong passwords) live with what
//! they protect (`core::backoff`, in the workspace).

use super::*;

/// What a client address starts.
#[derive(Clone, Copy)]
pub(super) enum Start {
    Conversation,
    SignUp,
    LogIn,
    /// A file sent in a conversation.
    Upload,
}

/// Every binding's period, in seconds.
const PERIOD_S: u32 = 60;

impl Start {
    fn binding(self) -> &'static str {
        match self {
            Start::Conversation => "STARTS",
            Start::SignUp => "SIGNUPS",
            Start::LogIn => "LOGINS",
            Start::Upload => "UPLOADS",
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Start::Conversation => {
                "Too many conversations were started from your connection just now. Please try again in a minute."
            }
            Start::SignUp => {
                "Too many workspaces were created from your connection just now. Please try again in a minute."
            }
            Start::LogIn => "Too many log-in attempts from your connection. Please try again in a minute.",
            Start::Upload => "Too many files were sent from your connection just now. Please try again in a minute.",
        }
    }
}

/// Counts one `what` for the request's client address; refused past the limit.
pub(super) async fn allow(req: &Request, env: &Env, what: Start) -> AppResult<()> {
    let address = req.headers().get("cf-connecting-ip")?.unwrap_or_default();
    let outcome = env.rate_limiter(what.binding())?.limit(address).await?;
    match outcome.success {
        true => Ok(()),
        false => Err(AppError::TooMany { message: what.refusal().to_owned(), retry_after_s: PERIOD_S }),
    }
}
