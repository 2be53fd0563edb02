//! History's routes, for a logged-in operator: a search and a transcript,
//! over the channels they work in (an admin: every channel), and an
//! admin's deletion of a visitor's ended conversations by email. Answers
//! hold visitors' words and addresses: never cached.

use switchboard_core::protocol::Forget;
use switchboard_core::workspace as rules;

use super::*;
use crate::internal::HISTORY;
use crate::rpc::history::{Erase, Read, Search, SearchAsk, TranscriptAsk, Viewer};

/// Pairs of a search's address read at most (the search has fewer fields).
const MAX_PAIRS: usize = 16;

fn viewer(me: &Me) -> Viewer {
    Viewer { channels: (!me.admin).then(|| me.channels.iter().map(|c| c.id.clone()).collect()) }
}

fn history(env: &Env, workspace: &WorkspaceId) -> AppResult<internal::Stub> {
    internal::stub(env, HISTORY, workspace.as_str())
}

fn private<T: Serialize>(value: &T) -> AppResult<Response> {
    let res = json(value)?;
    res.headers().set("cache-control", "no-store")?;
    Ok(res)
}

/// `GET /api/history?words=…&channel=…&operator=…&from=…&to=…&rating=…&email=…&before=…`
pub(super) async fn search(req: &Request, env: &Env) -> AppResult<Response> {
    let (caller, me) = operator(req, env).await?;
    let pairs =
        req.url()?.query_pairs().take(MAX_PAIRS).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let ask = SearchAsk { viewer: viewer(&me), pairs };
    private(&rpc::call(&history(env, &caller.workspace)?, &Search(ask)).await?)
}

/// `GET /api/history/:id`: 404 for a conversation of a channel they do not work in.
pub(super) async fn transcript(req: &Request, env: &Env, id: &str) -> AppResult<Response> {
    let (caller, me) = operator(req, env).await?;
    let id = ConversationId::parse(id).map_err(|_| AppError::NotFound)?;
    let ask = TranscriptAsk { viewer: viewer(&me), id };
    private(&rpc::call(&history(env, &caller.workspace)?, &Read(ask)).await?)
}

/// `POST /api/history/forget {email}` (admins): how many were deleted.
pub(super) async fn forget(req: &mut Request, env: &Env) -> AppResult<Response> {
    same_origin(req)?;
    let (caller, me) = operator(req, env).await?;
    if !me.admin {
        return Err(AppError::Forbidden);
    }
    let Forget { email } = internal::client_body(req).await?;
    let email = rules::email("email", &email)?;
    private(&rpc::call(&history(env, &caller.workspace)?, &Erase(Forget { email })).await?)
}
