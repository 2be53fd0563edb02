//! Who calls: the session cookie (`<workspace>.<token>`), the logged-in
//! operator, and the routes that make or end a session (sign-up, log-in,
//! log-out).

use super::*;

/// The session cookie's two halves: which workspace, which session.
pub(super) struct Caller {
    pub(super) workspace: WorkspaceId,
    pub(super) token: String,
}

impl Caller {
    /// Sends `c` to the caller's workspace.
    pub(super) async fn call<C: Call>(&self, env: &Env, c: &C) -> AppResult<C::Answer> {
        ws::call(env, &self.workspace, c).await
    }

    pub(super) fn token_body(&self) -> TokenBody {
        TokenBody { token: self.token.clone() }
    }

    /// A request about item `id` (or none) on behalf of the caller.
    pub(super) fn authed(&self, id: Option<String>) -> Authed<Nothing> {
        Authed { token: self.token.clone(), id, body: serde_json::json!({}) }
    }
}

/// Who the session cookie says calls, if the service signed it: a forged
/// cookie reaches no workspace (`signed.rs`).
pub(super) fn caller(req: &Request, env: &Env) -> AppResult<Caller> {
    let cookie = auth::session_from_cookie(req.headers().get("cookie")?, over_https(req)?);
    let value = cookie.ok_or(AppError::Unauthorized)?;
    let (workspace, token) = crate::signed::session(env, &value)?.ok_or(AppError::Unauthorized)?;
    Ok(Caller { workspace, token })
}

/// Whether `req` came over https (the cookie's name and flags follow).
fn over_https(req: &Request) -> AppResult<bool> {
    Ok(req.url()?.scheme() == "https")
}

/// An operator's socket refused for want of a session (logged out, ended
/// elsewhere, never there): accepted, then closed at once with
/// `SESSION_ENDED`, so the page learns why and goes to its log-in page. A
/// refused upgrade (401) reaches a browser as a bare failure, which it
/// would retry for ever.
pub(super) fn without_session_ended(socket: AppResult<Response>) -> AppResult<Response> {
    match socket {
        Err(AppError::Unauthorized) => {
            let pair = worker::WebSocketPair::new()?;
            pair.server.accept()?;
            pair.server.close(Some(SESSION_ENDED), Some("the session has ended"))?;
            Ok(Response::from_websocket(pair.client)?)
        }
        other => other,
    }
}

/// The logged-in operator, from the session cookie.
pub(super) async fn operator(req: &Request, env: &Env) -> AppResult<(Caller, Me)> {
    let caller = caller(req, env)?;
    let me = caller.call(env, &ws::Session(caller.token_body())).await?;
    Ok((caller, me))
}

pub(super) fn with_session_cookie(
    res: Response,
    req: &Request,
    value: &str,
    max_age_s: i64,
) -> AppResult<Response> {
    let secure = over_https(req)?;
    let headers = Headers::new();
    for (k, v) in res.headers().entries() {
        headers.set(&k, &v)?;
    }
    headers.set("set-cookie", &auth::session_cookie(value, max_age_s, secure))?;
    Ok(res.with_headers(headers))
}

pub(super) fn logged_in(
    req: &Request,
    env: &Env,
    workspace: &WorkspaceId,
    l: LoggedIn,
) -> AppResult<Response> {
    let value = crate::signed::session_value(env, workspace, &l.token)?;
    with_session_cookie(json(&l.me)?, req, &value, SESSION_TTL_MS / 1000)
}

pub(super) async fn sign_up(mut req: Request, env: &Env) -> AppResult<Response> {
    same_origin(&req)?;
    throttle::allow(&req, env, throttle::Start::SignUp).await?;
    let body: SignUp = internal::client_body(&mut req).await?;
    let workspace = WorkspaceId::parse(auth::new_id()?)?;
    let l = ws::call(env, &workspace, &ws::Create(body)).await?;
    logged_in(&req, env, &workspace, l)
}

pub(super) async fn login(mut req: Request, env: &Env) -> AppResult<Response> {
    same_origin(&req)?;
    throttle::allow(&req, env, throttle::Start::LogIn).await?;
    let body: Credentials = internal::client_body(&mut req).await?;
    if body.login.trim().is_empty() || body.password.is_empty() {
        return Err(AppError::BadRequest("Enter your login and password.".into()));
    }
    let wrong = || AppError::WrongCredentials;
    let directory = internal::stub(env, DIRECTORY, DIRECTORY_NAME)?;
    let found = match rules::login(&body.login) {
        Ok(login) => rpc::call(&directory, &Find(LoginOnly { login })).await,
        Err(_) => Err(AppError::NotFound),
    };
    let entry: Entry = match found {
        Ok(entry) => entry,
        Err(AppError::NotFound) => {
            // As slow as a real check, so timing does not tell logins apart.
            auth::hash_password(&body.password, &[0u8; 16]).await?;
            return Err(wrong());
        }
        Err(e) => return Err(e),
    };
    let l = ws::call(env, &entry.workspace, &ws::LogIn(body)).await.map_err(|e| match e {
        AppError::Unauthorized => wrong(),
        e => e,
    })?;
    logged_in(&req, env, &entry.workspace, l)
}

pub(super) async fn logout(req: &Request, env: &Env) -> AppResult<Response> {
    same_origin(req)?;
    if let Ok(caller) = caller(req, env) {
        caller.call(env, &ws::LogOut(caller.token_body())).await?;
    }
    with_session_cookie(json(&serde_json::json!({}))?, req, "", 0)
}

pub(super) async fn session(req: &Request, env: &Env) -> AppResult<Response> {
    match operator(req, env).await {
        Ok((_, me)) => json(&Some(me)),
        Err(AppError::Unauthorized) => json(&None::<Me>),
        Err(e) => Err(e),
    }
}

/// `POST /api/operators/:login/invite` (admins): a new link for `login`.
pub(super) async fn invite(req: &Request, env: &Env, login: &str) -> AppResult<Response> {
    same_origin(req)?;
    let caller = caller(req, env)?;
    let issued = caller.call(env, &ws::Invite(caller.authed(Some(login.to_owned())))).await?;
    let value = crate::signed::invitation_value(env, &caller.workspace, &issued.token)?;
    let origin = req.url()?.origin().ascii_serialization();
    json(&InvitationLink { link: format!("{origin}/#invite={value}"), expires_at: issued.expires_at })
}

/// The workspace and token of an invitation link; a forged one is refused
/// as a spent one is, without reaching any workspace.
fn invited(env: &Env, value: &str) -> AppResult<(WorkspaceId, String)> {
    let gone = || AppError::ForbiddenBecause(switchboard_core::access::INVITATION_GONE.into());
    crate::signed::invitation(env, value)?.ok_or_else(gone)
}

/// `GET /api/invitations/:value`: whom the link invites.
pub(super) async fn invitation(env: &Env, value: &str) -> AppResult<InvitationInfo> {
    let (workspace, token) = invited(env, value)?;
    ws::call(env, &workspace, &ws::ReadInvitation(TokenBody { token })).await
}

/// `POST /api/invitations/:value`: the password chosen; logged in.
pub(super) async fn accept_invitation(mut req: Request, env: &Env, value: &str) -> AppResult<Response> {
    same_origin(&req)?;
    throttle::allow(&req, env, throttle::Start::LogIn).await?;
    let (workspace, token) = invited(env, value)?;
    let PasswordReset { password } = internal::client_body(&mut req).await?;
    let l = ws::call(env, &workspace, &ws::AcceptInvitation(ws::Acceptance { token, password })).await?;
    logged_in(&req, env, &workspace, l)
}
