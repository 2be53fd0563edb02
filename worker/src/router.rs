//! The edge: every request enters here. It authenticates the caller (their
//! session cookie names their workspace), picks the object and forwards — no
//! domain logic, no storage of its own.
//!
//! | route | who | goes to |
//! |---|---|---|
//! | `GET /api/channels/:id/public` | visitor (allowed sites, CORS) | `ChannelDo /info` |
//! | `GET /api/widget/texts` | anyone (CORS) | the widget's texts, formatted here |
//! | `POST /api/conversations` | visitor (allowed sites, CORS) | `ChannelDo /info`, `ConversationDo /init` |
//! | `GET /api/conversations/:id/ws?channel=…` | visitor (allowed sites; token in `hello`) | `ConversationDo /ws?role=visitor` |
//! | `GET /api/conversations/:id/ws?as=operator` | operator | `ConversationDo /ws?role=operator` |
//! | `GET /api/bus` | operator (one socket per inbox tab) | `OperatorDo /ws` (their bus) |
//! | `POST /api/signup` | anyone | `WorkspaceDo /create` (new id) |
//! | `POST /api/login` | anyone | `DirectoryDo /find`, `WorkspaceDo /login` |
//! | `POST /api/logout`, `GET /api/me` | operator | `WorkspaceDo` |
//! | `GET /api/session` | the inbox: who is logged in, `null` if nobody | `WorkspaceDo` |
//! | `GET /api/workspace`, `PUT /api/profile`, `GET /api/canned` | operator | `WorkspaceDo` (it tells the channels of profile changes) |
//! | `PUT /api/settings`, `POST /api/operators`, `PUT /api/operators/:login`, `PUT /api/languages`, `POST/PUT/DELETE /api/expertise[/:id]`, `POST/PUT /api/channels[/:id]`, `GET/POST/PUT/DELETE /api/chatbots[/:id]`, `POST /api/canned`, `DELETE /api/canned/:shortcut` | admin | `WorkspaceDo` |
//! | `GET /api/channels`, `POST /api/channels/:id/join`, `…/leave`, `GET /api/channels/:id/live` | operator | `ChannelDo` |
//! | `POST /api/conversations/:id/transfer` | its operator, or an admin | `ChannelDo /transfer` |
//! | `GET /widget.js`, `/widget/*` | any site | static assets, with CORS |
//!
//! Everything else is a static file of the inbox, served by the runtime
//! before the Worker runs (`[assets]` in wrangler.toml). Routes that use the
//! session cookie and change something refuse other sites (`same_origin`).

use serde::Serialize;
use switchboard_core::ids::{ChannelId, ConversationId};
use switchboard_core::languages::canonical_languages;
use switchboard_core::protocol::{
    CannedResponse, ChannelCard, ChannelInput, ChannelLive, ChannelPublic, ChannelSettings, ChatbotInfo,
    ChatbotScript, ConversationStarted, ConversationSummary, ExpertiseInfo, ExpertiseInput, LanguagesUpdate,
    Login, Me, NewOperator, OperatorInfo, OperatorUpdate, ProfileUpdate, SignUp, StartConversation, Transfer,
    WorkspaceSettings, WorkspaceView,
};
use switchboard_core::texts;
use switchboard_core::workspace::{self as rules, known_as};
use worker::{Env, Headers, Method, Request, Response};

use crate::assets;
use crate::auth;
use crate::channel_do::{ChannelConfig, InfoAsk, Member, TransferAsk};
use crate::conversation_do::Init;
use crate::directory_do::{Entry, LoginOnly};
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS, CONVERSATIONS, DIRECTORY, DIRECTORY_NAME, OPERATORS};
use crate::workspace_do::{Authed, LoggedIn, TokenBody, DEMO_WORKSPACE, SESSION_TTL_MS};

thread_local! {
    static DEMO_READY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// With `DEMO_SEED=true`, makes sure the demo workspace (and so its channel)
/// exists before any request, whatever comes first; once per isolate.
async fn ensure_demo(env: &Env) -> AppResult<()> {
    if !crate::demo_seed(env) || DEMO_READY.get() {
        return Ok(());
    }
    internal::workspace::<_, serde_json::Value>(env, DEMO_WORKSPACE, "/seed", &()).await?;
    DEMO_READY.set(true);
    Ok(())
}

pub async fn handle(mut req: Request, env: &Env) -> AppResult<Response> {
    ensure_demo(env).await?;
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (req.method(), segments.as_slice()) {
        (Method::Options, ["api", "conversations"]) => preflight(),
        (Method::Get, ["api", "channels", id, "public"]) => for_any_site(channel_public(&req, env, id).await),
        (Method::Get, ["api", "widget", "texts"]) => for_any_site(widget_texts(&req)),
        (Method::Post, ["api", "conversations"]) => for_any_site(start_conversation(req, env).await),
        (Method::Get, ["api", "conversations", id, "ws"]) => conversation_socket(&req, env, id).await,
        (Method::Get, ["api", "bus"]) => bus_socket(&req, env).await,
        (Method::Post, ["api", "signup"]) => sign_up(req, env).await,
        (Method::Post, ["api", "login"]) => login(req, env).await,
        (Method::Post, ["api", "logout"]) => logout(&req, env).await,
        (Method::Get, ["api", "me"]) => json(&operator(&req, env).await?.1),
        (Method::Get, ["api", "session"]) => session(&req, env).await,
        (Method::Get, ["api", "workspace"]) => {
            let caller = caller(&req)?;
            json(
                &caller
                    .call::<_, WorkspaceView>(env, "/view", &TokenBody { token: caller.token.clone() })
                    .await?,
            )
        }
        (Method::Put, ["api", "profile"]) => {
            json(&configure::<ProfileUpdate, Me>(&mut req, env, "/profile", None).await?)
        }
        (Method::Put, ["api", "settings"]) => {
            json(&configure::<WorkspaceSettings, WorkspaceSettings>(&mut req, env, "/settings", None).await?)
        }
        (Method::Post, ["api", "operators"]) => {
            json(&configure::<NewOperator, OperatorInfo>(&mut req, env, "/operators", None).await?)
        }
        (Method::Put, ["api", "operators", login]) => {
            let login = Some(login.to_string());
            json(&configure::<OperatorUpdate, OperatorInfo>(&mut req, env, "/operators/update", login).await?)
        }
        (Method::Put, ["api", "languages"]) => {
            json(&configure::<LanguagesUpdate, WorkspaceView>(&mut req, env, "/languages", None).await?)
        }
        (Method::Post, ["api", "expertise"]) => {
            json(&configure::<ExpertiseInput, ExpertiseInfo>(&mut req, env, "/expertise/create", None).await?)
        }
        (Method::Put, ["api", "expertise", id]) => {
            let id = Some(id.to_string());
            json(&configure::<ExpertiseInput, ExpertiseInfo>(&mut req, env, "/expertise/update", id).await?)
        }
        (Method::Delete, ["api", "expertise", id]) => remove(&req, env, "/expertise/delete", id).await,
        (Method::Get, ["api", "canned"]) => {
            let caller = caller(&req)?;
            let body = Authed { token: caller.token.clone(), id: None, body: serde_json::json!({}) };
            json(&caller.call::<_, Vec<CannedResponse>>(env, "/canned", &body).await?)
        }
        (Method::Post, ["api", "canned"]) => {
            json(&configure::<CannedResponse, CannedResponse>(&mut req, env, "/canned/save", None).await?)
        }
        (Method::Delete, ["api", "canned", shortcut]) => remove(&req, env, "/canned/delete", shortcut).await,
        (Method::Get, ["api", "chatbots"]) => {
            let caller = caller(&req)?;
            let body = Authed { token: caller.token.clone(), id: None, body: serde_json::json!({}) };
            json(&caller.call::<_, Vec<ChatbotInfo>>(env, "/chatbots", &body).await?)
        }
        (Method::Post, ["api", "chatbots"]) => {
            json(&configure::<ChatbotScript, ChatbotInfo>(&mut req, env, "/chatbots/save", None).await?)
        }
        (Method::Put, ["api", "chatbots", id]) => {
            let id = Some(id.to_string());
            json(&configure::<ChatbotScript, ChatbotInfo>(&mut req, env, "/chatbots/save", id).await?)
        }
        (Method::Delete, ["api", "chatbots", id]) => remove(&req, env, "/chatbots/delete", id).await,
        (Method::Get, ["api", "channels"]) => channel_cards(&req, env).await,
        (Method::Post, ["api", "channels"]) => {
            json(&configure::<ChannelInput, ChannelSettings>(&mut req, env, "/channels/create", None).await?)
        }
        (Method::Put, ["api", "channels", id]) => {
            let id = Some(id.to_string());
            json(&configure::<ChannelInput, ChannelSettings>(&mut req, env, "/channels/update", id).await?)
        }
        (Method::Post, ["api", "channels", id, action @ ("join" | "leave")]) => {
            join_or_leave(&req, env, id, action).await
        }
        (Method::Get, ["api", "channels", id, "live"]) => {
            let (caller, me) = operator(&req, env).await?;
            let stub = internal::stub(env, CHANNELS, own_channel(&me, id)?.as_str())?;
            let mut live: ChannelLive = internal::answer(internal::post(&stub, "/live", &()).await?).await?;
            let names = Names::for_caller(&caller, &me, env).await?;
            for m in &mut live.members {
                m.name = names.of(&m.login, &m.name);
            }
            json(&live)
        }
        (Method::Post, ["api", "conversations", id, "transfer"]) => transfer(&mut req, env, id).await,
        (Method::Get, ["widget.js"] | ["widget", ..]) => assets::with_cors(req, env).await,
        _ => Err(AppError::NotFound),
    }
}

fn json<T: Serialize>(value: &T) -> AppResult<Response> {
    Ok(Response::from_json(value)?)
}

/// The session cookie's two halves: which workspace, which session.
struct Caller {
    workspace: String,
    token: String,
}

impl Caller {
    async fn call<B: Serialize, T: serde::de::DeserializeOwned>(
        &self,
        env: &Env,
        path: &str,
        body: &B,
    ) -> AppResult<T> {
        internal::workspace(env, &self.workspace, path, body).await
    }
}

fn caller(req: &Request) -> AppResult<Caller> {
    let value = auth::session_from_cookie(req.headers().get("cookie")?).ok_or(AppError::Unauthorized)?;
    let (workspace, token) = value.split_once('.').ok_or(AppError::Unauthorized)?;
    if workspace.is_empty() || !workspace.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(AppError::Unauthorized);
    }
    Ok(Caller { workspace: workspace.to_owned(), token: token.to_owned() })
}

/// The logged-in operator, from the session cookie.
async fn operator(req: &Request, env: &Env) -> AppResult<(Caller, Me)> {
    let caller = caller(req)?;
    let me = caller.call(env, "/session", &TokenBody { token: caller.token.clone() }).await?;
    Ok((caller, me))
}

/// A configuration change on behalf of the caller; the workspace checks the
/// role the change needs.
async fn configure<B, T>(req: &mut Request, env: &Env, path: &str, id: Option<String>) -> AppResult<T>
where
    B: Serialize + serde::de::DeserializeOwned,
    T: serde::de::DeserializeOwned,
{
    same_origin(req)?;
    let caller = caller(req)?;
    let body: B = internal::body(req).await?;
    caller.call(env, path, &Authed { token: caller.token.clone(), id, body }).await
}

/// An admin deletes item `id` of their workspace (`path` names the kind).
async fn remove(req: &Request, env: &Env, path: &str, id: &str) -> AppResult<Response> {
    same_origin(req)?;
    let caller = caller(req)?;
    let body = Authed { token: caller.token.clone(), id: Some(id.to_string()), body: serde_json::json!({}) };
    json(&caller.call::<_, serde_json::Value>(env, path, &body).await?)
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

/// A widget route's answer, refusals included, readable by the embedding
/// site's page (a refusal without CORS headers reaches it as a bare
/// network error).
fn for_any_site(result: AppResult<Response>) -> AppResult<Response> {
    cors(result.unwrap_or_else(AppError::into_response))
}

fn preflight() -> AppResult<Response> {
    cors(Response::empty()?.with_status(204))
}

/// The channel a visitor's request is for, if the site it comes from may
/// embed it (its `Origin` is in the channel's allowed websites, or the list
/// is empty).
/// `online`: also say whether any operator is online.
async fn visitor_channel(req: &Request, env: &Env, channel: &str, ask: InfoAsk) -> AppResult<ChannelConfig> {
    let unknown = || AppError::BadRequest("This chat is not set up: unknown channel.".into());
    let id = ChannelId::parse(channel).map_err(|_| unknown())?;
    let stub = internal::stub(env, CHANNELS, id.as_str())?;
    let config: ChannelConfig =
        internal::answer(internal::post(&stub, "/info", &ask).await?).await.map_err(|e| match e {
            AppError::NotFound => unknown(),
            e => e,
        })?;
    if !config.origins.is_empty() {
        let origin = req.headers().get("origin")?.unwrap_or_default().to_lowercase();
        if !config.origins.contains(&origin) {
            return Err(AppError::ForbiddenBecause("This website is not allowed to use this chat.".into()));
        }
    }
    Ok(config)
}

/// The visitor's languages from `?lang=` (comma-separated, most preferred
/// first), canonical.
fn asked_languages(req: &Request) -> AppResult<Vec<String>> {
    let asked: Vec<String> = req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(canonical_languages(&asked))
}

/// What the widget shows before a conversation starts, with the welcome
/// message in the visitor's language if the channel has it.
async fn channel_public(req: &Request, env: &Env, id: &str) -> AppResult<Response> {
    let config = visitor_channel(req, env, id, InfoAsk { online: true, ..Default::default() }).await?;
    let asked = asked_languages(req)?;
    let tags: Vec<&str> = config.welcomes.iter().map(|w| w.lang.as_str()).collect();
    let welcome = match texts::best_language(&asked, &tags) {
        Some(i) => config.welcomes[i].text.clone(),
        None => config.welcome,
    };
    json(&ChannelPublic { name: config.name, welcome, online: config.online })
}

/// The widget's own words, for any site: they say nothing about a channel
/// (so a refused site can still be told so in its visitor's language).
fn widget_texts(req: &Request) -> AppResult<Response> {
    let mut res = json(&texts::widget_texts(&asked_languages(req)?))?;
    res.headers_mut().set("cache-control", "public, max-age=600")?;
    Ok(res)
}

async fn start_conversation(mut req: Request, env: &Env) -> AppResult<Response> {
    let body: StartConversation = internal::body(&mut req).await?;
    let starting = InfoAsk { starting: true, ..Default::default() };
    let config = visitor_channel(&req, env, body.channel.as_str(), starting).await?;
    let id = ConversationId::parse(auth::new_id()?).map_err(|e| AppError::Internal(e.to_string()))?;
    let token = auth::token()?;
    // A message left while nobody was online is answered by email: the
    // address is required and must be valid (elsewhere it is optional).
    let offline_email = match (body.offline, &body.email) {
        (true, Some(e)) => Some(rules::email("email", e)?),
        (true, None) => {
            return Err(rules::FieldError { field: "email", message: "Say where to answer.".into() }.into())
        }
        (false, _) => None,
    };
    let init = Init {
        id: id.clone(),
        channel: body.channel,
        languages: canonical_languages(&body.languages),
        token: token.clone(),
        visitor: body.visitor,
        // What the site says of its visitor: kept if valid, else dropped (a
        // site's mistake must not stop anyone from chatting).
        visitor_name: body.name.and_then(|n| rules::optional_name("name", &n).ok().flatten()),
        visitor_email: offline_email.or_else(|| body.email.and_then(|e| rules::email("email", &e).ok())),
        offline: body.offline,
        // A message left for email is not the chatbot's.
        chatbot: config.chatbot.filter(|_| !body.offline),
        country: req.cf().and_then(|cf| cf.country()),
    };
    let conversation = internal::stub(env, CONVERSATIONS, id.as_str())?;
    internal::answer::<serde_json::Value>(internal::post(&conversation, "/init", &init).await?).await?;
    json(&ConversationStarted { conversation: id, token })
}

async fn conversation_socket(req: &Request, env: &Env, id: &str) -> AppResult<Response> {
    if !internal::is_websocket_upgrade(req) {
        return Err(AppError::BadRequest("Expected a WebSocket upgrade.".into()));
    }
    let id = ConversationId::parse(id).map_err(|_| AppError::NotFound)?;
    let url = req.url()?;
    let as_operator = url.query_pairs().any(|(k, v)| k == "as" && v == "operator");
    let path = if as_operator {
        same_origin(req)?;
        let (_, me) = operator(req, env).await?;
        let channels: Vec<&str> = me.channels.iter().map(|c| c.id.as_str()).collect();
        let channels = channels.join(",");
        internal::with_query(
            "/ws",
            &[("role", "operator"), ("name", &me.display_name), ("channels", &channels)],
        )?
    } else {
        let channel = url.query_pairs().find(|(k, _)| k == "channel").map(|(_, v)| v.into_owned());
        let channel = channel.ok_or_else(|| AppError::BadRequest("Say which channel.".into()))?;
        visitor_channel(req, env, &channel, InfoAsk::default()).await?;
        // The page the widget is on, for the inbox's visitor context.
        let page = url.query_pairs().find(|(k, _)| k == "page").map(|(_, v)| v.into_owned());
        internal::with_query(
            "/ws",
            &[("role", "visitor"), ("channel", &channel), ("page", page.as_deref().unwrap_or_default())],
        )?
    };
    let stub = internal::stub(env, CONVERSATIONS, id.as_str())?;
    Ok(stub.fetch_with_request(internal::upgrade(req, &path)?).await?)
}

/// A channel of the caller's workspace, else 404 (never "exists elsewhere").
fn own_channel(me: &Me, id: &str) -> AppResult<ChannelId> {
    let id = ChannelId::parse(id).map_err(|_| AppError::NotFound)?;
    if me.channels.iter().any(|c| c.id == id) {
        Ok(id)
    } else {
        Err(AppError::NotFound)
    }
}

/// An inbox tab's one socket, to the operator's bus, which learns the
/// channels they work in.
async fn bus_socket(req: &Request, env: &Env) -> AppResult<Response> {
    if !internal::is_websocket_upgrade(req) {
        return Err(AppError::BadRequest("Expected a WebSocket upgrade.".into()));
    }
    same_origin(req)?;
    let (caller, me) = operator(req, env).await?;
    let channels = serde_json::to_string(&me.channels)?;
    let stub = internal::stub(env, OPERATORS, &internal::bus_name(&caller.workspace, &me.login))?;
    let path = internal::with_query(
        "/ws",
        &[("workspace", &caller.workspace), ("login", &me.login), ("channels", &channels)],
    )?;
    Ok(stub.fetch_with_request(internal::upgrade(req, &path)?).await?)
}

/// Operators as the caller should see them: admins see each one's user name
/// beside the online chat name; everyone else the chat name alone.
struct Names(Vec<(String, String)>);

impl Names {
    async fn for_caller(caller: &Caller, me: &Me, env: &Env) -> AppResult<Names> {
        if !me.admin {
            return Ok(Names(vec![]));
        }
        let view: WorkspaceView =
            caller.call(env, "/view", &TokenBody { token: caller.token.clone() }).await?;
        Ok(Names(view.operators.into_iter().map(|o| (o.login, o.name)).collect()))
    }

    /// How `login`, shown to visitors as `shown`, is named for the caller.
    fn of(&self, login: &str, shown: &str) -> String {
        match self.0.iter().find(|(l, _)| l == login) {
            Some((_, name)) => known_as(shown, name),
            None => shown.to_owned(),
        }
    }

    fn card(&self, id: ChannelId, name: String, login: &str, members: Vec<Member>) -> ChannelCard {
        ChannelCard {
            joined: members.iter().any(|m| m.login == login),
            members: members.iter().map(|m| self.of(&m.login, &m.name)).collect(),
            id,
            name,
        }
    }
}

async fn channel_cards(req: &Request, env: &Env) -> AppResult<Response> {
    let (caller, me) = operator(req, env).await?;
    let names = Names::for_caller(&caller, &me, env).await?;
    let mut cards = Vec::with_capacity(me.channels.len());
    for channel in &me.channels {
        let stub = internal::stub(env, CHANNELS, channel.id.as_str())?;
        let members: Vec<Member> = internal::answer(internal::post(&stub, "/members", &()).await?).await?;
        cards.push(names.card(channel.id.clone(), channel.name.clone(), &me.login, members));
    }
    json(&cards)
}

/// Hands a conversation to another operator of its channel, or back to the
/// channel's queue; the channel checks who may.
async fn transfer(req: &mut Request, env: &Env, id: &str) -> AppResult<Response> {
    same_origin(req)?;
    let (_, me) = operator(req, env).await?;
    let body: Transfer = internal::body(req).await?;
    let channel = own_channel(&me, body.channel.as_str())?;
    let ask = TransferAsk {
        conversation: ConversationId::parse(id).map_err(|_| AppError::NotFound)?,
        by: me.login,
        by_name: me.display_name,
        admin: me.admin,
        to: body.to,
    };
    let stub = internal::stub(env, CHANNELS, channel.as_str())?;
    json(
        &internal::answer::<Option<ConversationSummary>>(internal::post(&stub, "/transfer", &ask).await?)
            .await?,
    )
}

async fn join_or_leave(req: &Request, env: &Env, id: &str, action: &str) -> AppResult<Response> {
    same_origin(req)?;
    let (caller, me) = operator(req, env).await?;
    let id = own_channel(&me, id)?;
    let stub = internal::stub(env, CHANNELS, id.as_str())?;
    let member = Member::of(&me);
    let members: Vec<Member> =
        internal::answer(internal::post(&stub, &format!("/{action}"), &member).await?).await?;
    let name = me.channels.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default();
    json(&Names::for_caller(&caller, &me, env).await?.card(id, name, &me.login, members))
}

fn with_session_cookie(res: Response, req: &Request, value: &str, max_age_s: i64) -> AppResult<Response> {
    let secure = req.url()?.scheme() == "https";
    let headers = Headers::new();
    for (k, v) in res.headers().entries() {
        headers.set(&k, &v)?;
    }
    headers.set("set-cookie", &auth::session_cookie(value, max_age_s, secure))?;
    Ok(res.with_headers(headers))
}

fn logged_in(req: &Request, workspace: &str, l: LoggedIn) -> AppResult<Response> {
    with_session_cookie(json(&l.me)?, req, &format!("{workspace}.{}", l.token), SESSION_TTL_MS / 1000)
}

async fn sign_up(mut req: Request, env: &Env) -> AppResult<Response> {
    same_origin(&req)?;
    let body: SignUp = internal::body(&mut req).await?;
    let workspace = auth::new_id()?;
    let l: LoggedIn = internal::workspace(env, &workspace, "/create", &body).await?;
    logged_in(&req, &workspace, l)
}

async fn login(mut req: Request, env: &Env) -> AppResult<Response> {
    same_origin(&req)?;
    let body: Login = internal::body(&mut req).await?;
    if body.login.trim().is_empty() || body.password.is_empty() {
        return Err(AppError::BadRequest("Enter your login and password.".into()));
    }
    let wrong = || AppError::BadRequest("Wrong login or password.".into());
    let directory = internal::stub(env, DIRECTORY, DIRECTORY_NAME)?;
    let who = LoginOnly { login: body.login.trim().to_lowercase() };
    let entry: Entry = match internal::answer(internal::post(&directory, "/find", &who).await?).await {
        Ok(entry) => entry,
        Err(AppError::NotFound) => {
            // As slow as a real check, so timing does not tell logins apart.
            auth::hash_password(&body.password, &[0u8; 16]).await?;
            return Err(wrong());
        }
        Err(e) => return Err(e),
    };
    let l: LoggedIn =
        internal::workspace(env, &entry.workspace, "/login", &body).await.map_err(|e| match e {
            AppError::Unauthorized => wrong(),
            e => e,
        })?;
    logged_in(&req, &entry.workspace, l)
}

async fn logout(req: &Request, env: &Env) -> AppResult<Response> {
    same_origin(req)?;
    if let Ok(caller) = caller(req) {
        caller
            .call::<_, serde_json::Value>(env, "/logout", &TokenBody { token: caller.token.clone() })
            .await?;
    }
    with_session_cookie(json(&serde_json::json!({}))?, req, "", 0)
}

async fn session(req: &Request, env: &Env) -> AppResult<Response> {
    match operator(req, env).await {
        Ok((_, me)) => json(&Some(me)),
        Err(AppError::Unauthorized) => json(&None::<Me>),
        Err(e) => Err(e),
    }
}

/// Refuses cross-site requests on cookie-authenticated routes (CSRF, and
/// cross-site WebSocket hijacking): the browser's `Origin` must be ours, and
/// a browser that says the request is cross-site is believed.
fn same_origin(req: &Request) -> AppResult<()> {
    let ours = req.url()?.origin().ascii_serialization();
    let headers = req.headers();
    if headers.get("origin")?.is_some_and(|origin| origin != ours) {
        return Err(AppError::Forbidden);
    }
    if headers.get("sec-fetch-site")?.is_some_and(|site| site == "cross-site") {
        return Err(AppError::Forbidden);
    }
    Ok(())
}
