//! The edge: every request enters here. It authenticates the caller, picks
//! the Durable Object and forwards — no domain logic, no storage of its own.
//!
//! | route | who | goes to |
//! |---|---|---|
//! | `POST /api/conversations` | visitor (any site, CORS) | `WorkspaceDo` (channel exists?), `ConversationDo /init` |
//! | `GET /api/conversations/:id/ws` | visitor (token in `hello`) | `ConversationDo /ws?role=visitor` |
//! | `GET /api/conversations/:id/ws?as=operator` | operator (cookie) | `ConversationDo /ws?role=operator` |
//! | `GET /api/channels/:id/ws` | operator (cookie) | `ChannelDo /ws` |
//! | `POST /api/login`, `POST /api/logout`, `GET /api/me` | operator | `WorkspaceDo` |
//! | `GET /api/session` | the inbox: who is logged in, `null` if nobody (no 401 in the console) | `WorkspaceDo` |
//! | `GET /widget.js`, `/widget/*` | any site | static assets, with CORS |
//!
//! Everything else is a static file of the inbox, served by the runtime
//! before the Worker runs (`[assets]` in wrangler.toml).

use switchboard_core::ids::{ChannelId, ConversationId};
use switchboard_core::languages::canonical_languages;
use switchboard_core::protocol::{ConversationStarted, Login, Me, StartConversation};
use worker::{Env, Headers, Method, Request, Response, Url};

use crate::assets;
use crate::auth;
use crate::conversation_do::Init;
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS, CONVERSATIONS, WORKSPACES};
use crate::workspace_do::{LoggedIn, TokenBody, SESSION_TTL_MS};

/// The workspace every request belongs to, until workspaces can be created.
const WORKSPACE: &str = "default";

pub async fn handle(req: Request, env: &Env) -> AppResult<Response> {
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (req.method(), segments.as_slice()) {
        (Method::Options, ["api", "conversations"]) => preflight(),
        (Method::Post, ["api", "conversations"]) => start_conversation(req, env).await,
        (Method::Get, ["api", "conversations", id, "ws"]) => conversation_socket(&req, env, id).await,
        (Method::Get, ["api", "channels", id, "ws"]) => channel_socket(&req, env, id).await,
        (Method::Post, ["api", "login"]) => login(req, env).await,
        (Method::Post, ["api", "logout"]) => logout(&req, env).await,
        (Method::Get, ["api", "me"]) => Ok(Response::from_json(&operator(&req, env).await?)?),
        (Method::Get, ["api", "session"]) => session(&req, env).await,
        (Method::Get, ["widget.js"] | ["widget", ..]) => assets::with_cors(req, env).await,
        _ => Err(AppError::NotFound),
    }
}

/// CORS for the one cross-site JSON call the widget makes (no credentials).
fn cors(mut res: Response) -> AppResult<Response> {
    let h = res.headers_mut();
    h.set("access-control-allow-origin", "*")?;
    h.set("access-control-allow-methods", "POST, OPTIONS")?;
    h.set("access-control-allow-headers", "content-type")?;
    h.set("access-control-max-age", "86400")?;
    Ok(res)
}

fn preflight() -> AppResult<Response> {
    cors(Response::empty()?.with_status(204))
}

async fn start_conversation(mut req: Request, env: &Env) -> AppResult<Response> {
    let body: StartConversation = internal::body(&mut req).await?;
    let workspace = internal::stub(env, WORKSPACES, WORKSPACE)?;
    internal::answer::<serde_json::Value>(internal::post(&workspace, "/channel", &body.channel).await?)
        .await
        .map_err(|e| match e {
            AppError::NotFound => AppError::BadRequest("This chat is not set up: unknown channel.".into()),
            e => e,
        })?;
    let id = ConversationId::parse(auth::new_id()?).map_err(|e| AppError::Internal(e.to_string()))?;
    let token = auth::token()?;
    let init = Init {
        id: id.clone(),
        channel: body.channel,
        languages: canonical_languages(&body.languages),
        token: token.clone(),
    };
    let conversation = internal::stub(env, CONVERSATIONS, id.as_str())?;
    internal::answer::<serde_json::Value>(internal::post(&conversation, "/init", &init).await?).await?;
    cors(Response::from_json(&ConversationStarted { conversation: id, token })?)
}

async fn conversation_socket(req: &Request, env: &Env, id: &str) -> AppResult<Response> {
    if !internal::is_websocket_upgrade(req) {
        return Err(AppError::BadRequest("Expected a WebSocket upgrade.".into()));
    }
    let id = ConversationId::parse(id).map_err(|_| AppError::NotFound)?;
    let url = req.url()?;
    let as_operator = url.query_pairs().any(|(k, v)| k == "as" && v == "operator");
    let mut target = Url::parse("https://do/ws").map_err(|e| AppError::Internal(e.to_string()))?;
    if as_operator {
        same_origin(req)?;
        let me = operator(req, env).await?;
        let channels: Vec<&str> = me.channels.iter().map(|c| c.id.as_str()).collect();
        target
            .query_pairs_mut()
            .append_pair("role", "operator")
            .append_pair("name", &me.display_name)
            .append_pair("channels", &channels.join(","));
    } else {
        target.query_pairs_mut().append_pair("role", "visitor");
    }
    let path = format!("{}?{}", target.path(), target.query().unwrap_or_default());
    let stub = internal::stub(env, CONVERSATIONS, id.as_str())?;
    Ok(stub.fetch_with_request(internal::upgrade(req, &path)?).await?)
}

async fn channel_socket(req: &Request, env: &Env, id: &str) -> AppResult<Response> {
    if !internal::is_websocket_upgrade(req) {
        return Err(AppError::BadRequest("Expected a WebSocket upgrade.".into()));
    }
    same_origin(req)?;
    let me = operator(req, env).await?;
    let id = ChannelId::parse(id).map_err(|_| AppError::NotFound)?;
    if !me.channels.iter().any(|c| c.id == id) {
        return Err(AppError::NotFound);
    }
    let stub = internal::stub(env, CHANNELS, id.as_str())?;
    Ok(stub.fetch_with_request(internal::upgrade(req, "/ws")?).await?)
}

async fn login(mut req: Request, env: &Env) -> AppResult<Response> {
    same_origin(&req)?;
    let body: Login = internal::body(&mut req).await?;
    if body.login.trim().is_empty() || body.password.is_empty() {
        return Err(AppError::BadRequest("Enter your login and password.".into()));
    }
    let workspace = internal::stub(env, WORKSPACES, WORKSPACE)?;
    let logged_in: LoggedIn = internal::answer(internal::post(&workspace, "/login", &body).await?)
        .await
        .map_err(|e| match e {
            AppError::Unauthorized => AppError::BadRequest("Wrong login or password.".into()),
            e => e,
        })?;
    let secure = req.url()?.scheme() == "https";
    let headers = Headers::new();
    headers.set("set-cookie", &auth::session_cookie(&logged_in.token, SESSION_TTL_MS / 1000, secure))?;
    Ok(Response::from_json(&logged_in.me)?.with_headers(headers))
}

async fn logout(req: &Request, env: &Env) -> AppResult<Response> {
    same_origin(req)?;
    if let Some(token) = auth::session_from_cookie(req.headers().get("cookie")?) {
        let workspace = internal::stub(env, WORKSPACES, WORKSPACE)?;
        internal::answer::<serde_json::Value>(internal::post(&workspace, "/logout", &TokenBody { token }).await?)
            .await?;
    }
    let secure = req.url()?.scheme() == "https";
    let headers = Headers::new();
    headers.set("set-cookie", &auth::session_cookie("", 0, secure))?;
    Ok(Response::from_json(&serde_json::json!({}))?.with_headers(headers))
}

async fn session(req: &Request, env: &Env) -> AppResult<Response> {
    let me = match operator(req, env).await {
        Ok(me) => Some(me),
        Err(AppError::Unauthorized) => None,
        Err(e) => return Err(e),
    };
    Ok(Response::from_json(&me)?)
}

/// The logged-in operator, from the session cookie.
async fn operator(req: &Request, env: &Env) -> AppResult<Me> {
    let token = auth::session_from_cookie(req.headers().get("cookie")?).ok_or(AppError::Unauthorized)?;
    let workspace = internal::stub(env, WORKSPACES, WORKSPACE)?;
    internal::answer(internal::post(&workspace, "/session", &TokenBody { token }).await?).await
}

/// Refuses cross-site requests on cookie-authenticated routes (CSRF, and
/// cross-site WebSocket hijacking): the browser's `Origin` must be ours.
fn same_origin(req: &Request) -> AppResult<()> {
    let ours = req.url()?.origin().ascii_serialization();
    match req.headers().get("origin")? {
        Some(origin) if origin != ours => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}
