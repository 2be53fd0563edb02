//! The edge: every request enters here. It authenticates the caller (their
//! session cookie names their workspace), picks the object and forwards — no
//! domain logic, no storage of its own.
//!
//! | route | who | goes to |
//! |---|---|---|
//! | `GET /api/channels/:id/public` | visitor (allowed sites, CORS) | `ChannelDo /info` |
//! | `GET /api/widget/texts` | anyone (CORS) | the widget's texts, formatted here |
//! | `POST /api/conversations` | visitor (allowed sites, CORS) | `ChannelDo /info`, `ConversationDo /init` |
//! | `PUT /api/conversations/:id/files/:file`, `GET` the same | its visitor (key as bearer, allowed sites, CORS) or an operator of its channel | `ConversationDo /files/permit`, `/files/stored`, `/files/read`; R2 `FILES` |
//! | `GET /api/conversations/:id/ws?channel=…` | visitor (allowed sites; token in `hello`) | `ConversationDo /ws?role=visitor` |
//! | `GET /api/conversations/:id/ws?as=operator` | operator | `ConversationDo /ws?role=operator` |
//! | `GET /api/bus` | operator (one socket per inbox tab) | `OperatorDo /ws` (their bus) |
//! | `POST /api/signup` | anyone | `WorkspaceDo /create` (new id) |
//! | `POST /api/login` | anyone | `DirectoryDo /find`, `WorkspaceDo /login` |
//! | `GET /api/invitations/:value`, `POST /api/invitations/:value` | whoever has the link (signed) | `WorkspaceDo /invitations/read`, `/invitations/accept` |
//! | `POST /api/logout`, `GET /api/me` | operator | `WorkspaceDo` |
//! | `GET /api/session` | the inbox: who is logged in, `null` if nobody | `WorkspaceDo` |
//! | `GET /api/workspace`, `PUT /api/profile`, `PUT /api/password`, `GET /api/canned` | operator | `WorkspaceDo` (it tells the channels of profile changes) |
//! | `PUT /api/settings`, `POST /api/operators`, `PUT/DELETE /api/operators/:login`, `POST /api/operators/:login/{disable,enable,password,invite}`, `PUT /api/operators/:login/role`, `PUT /api/languages`, `POST/PUT/DELETE /api/expertise[/:id]`, `POST/PUT /api/channels[/:id]`, `GET/POST/PUT/DELETE /api/chatbots[/:id]`, `POST /api/canned`, `DELETE /api/canned/:shortcut` | admin | `WorkspaceDo` |
//! | `GET /api/push`, `POST/DELETE /api/push/subscriptions` | operator | `OperatorDo /push/subscribe`, `/push/unsubscribe` (their bus) |
//! | `GET /api/channels`, `POST /api/channels/:id/join`, `…/leave`, `GET /api/channels/:id/team` | operator | `ChannelDo` |
//! | `GET /api/channels/:id/live` | admin | `ChannelDo` |
//! | `POST /api/conversations/:id/transfer` | its operator, or an admin | `ChannelDo /transfer` |
//! | `GET /api/history`, `GET /api/history/:id` | operator (their channels; an admin all) | `HistoryDo /search`, `/transcript` |
//! | `POST /api/history/forget` | admin | `HistoryDo /forget` |
//! | `GET /widget.js`, `/widget/*` | any site | static assets, with CORS |
//! | `GET /api/meter` | the bench (`METER=true` only; else 404) | what each kind of object was asked, counted (`crate::meter`) |
//!
//! Everything else is a static file of the inbox, served by the runtime
//! before the Worker runs (`[assets]` in wrangler.toml). Routes that use the
//! session cookie and change something refuse other sites (`same_origin`).

mod files;
mod history;
mod inbox;
mod push;
mod session;
mod throttle;
mod visitor;

use serde::Serialize;
use switchboard_core::ids::{ChannelId, ConversationId, WorkspaceId};
use switchboard_core::languages::canonical_languages;
use switchboard_core::limits::SESSION_TTL_MS;
use switchboard_core::protocol::{
    Attachment, ChannelCard, ChannelLive, ChannelPublic, ConversationStarted, Credentials, InvitationInfo,
    InvitationLink, Me, PasswordReset, RoleUpdate, SignUp, StartConversation, Teammate, Transfer,
    SESSION_ENDED,
};
use switchboard_core::texts;
use switchboard_core::workspace::{self as rules, known_as};
use worker::{Env, Headers, Method, Request, Response};

use crate::assets;
use crate::auth;
use crate::demo::DEMO_WORKSPACE;
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS, CONVERSATIONS, DIRECTORY, DIRECTORY_NAME, OPERATORS};
use crate::rpc::bus::{Opened, OpenedIn};
use crate::rpc::channel::{
    ChannelConfig, InfoAsk, Join, Leave, Live, LiveNow, Member, Members, Published, TransferAsk,
};
use crate::rpc::conversation::Init;
use crate::rpc::directory::{Entry, Find, LoginOnly};
use crate::rpc::workspace::{self as ws, Authed, LoggedIn, Nothing, TokenBody};
use crate::rpc::{self, Call};

use inbox::*;
use session::*;
use visitor::*;

thread_local! {
    static DEMO_READY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// With `DEMO_SEED=true`, makes sure the demo workspace (and so its channel)
/// exists before any request, whatever comes first; once per isolate.
async fn ensure_demo(env: &Env) -> AppResult<()> {
    if !crate::demo_seed(env) || DEMO_READY.get() {
        return Ok(());
    }
    ws::call(env, &WorkspaceId::parse(DEMO_WORKSPACE)?, &ws::Seed(())).await?;
    DEMO_READY.set(true);
    Ok(())
}

/// A request's route for the meter: its method and path, ids as `:id`.
fn route(method: &Method, segments: &[&str]) -> String {
    let first = segments.first().copied();
    let path: Vec<&str> = segments
        .iter()
        .enumerate()
        .map(|(i, &s)| match (i, first) {
            (2, Some("api")) if s != "texts" => ":id",
            (1.., Some("widget")) => "*",
            _ => s,
        })
        .collect();
    format!("{method:?} /{}", path.join("/"))
}

pub async fn handle(mut req: Request, env: &Env) -> AppResult<Response> {
    ensure_demo(env).await?;
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if segments != ["api", "meter"] {
        crate::meter::edge(env, &route(&req.method(), &segments));
    }
    match (req.method(), segments.as_slice()) {
        (Method::Get, ["api", "meter"]) if crate::meter::enabled(env) => json(&crate::meter::counts()),
        (Method::Options, ["api", "conversations"] | ["api", "conversations", _, "files", _]) => preflight(),
        (Method::Put, ["api", "conversations", id, "files", file]) => {
            for_any_site(files::upload(req, env, id, file).await)
        }
        (Method::Get, ["api", "conversations", id, "files", file]) => {
            for_any_site(files::download(&req, env, id, file).await)
        }
        (Method::Get, ["api", "channels", id, "public"]) => for_any_site(channel_public(&req, env, id).await),
        (Method::Get, ["api", "widget", "texts"]) => for_any_site(widget_texts(&req)),
        (Method::Post, ["api", "conversations"]) => for_any_site(start_conversation(req, env).await),
        (Method::Get, ["api", "conversations", id, "ws"]) => {
            without_session_ended(conversation_socket(&req, env, id).await)
        }
        (Method::Get, ["api", "bus"]) => without_session_ended(bus_socket(&req, env).await),
        (Method::Post, ["api", "signup"]) => sign_up(req, env).await,
        (Method::Post, ["api", "login"]) => login(req, env).await,
        (Method::Post, ["api", "logout"]) => logout(&req, env).await,
        (Method::Get, ["api", "me"]) => json(&operator(&req, env).await?.1),
        (Method::Get, ["api", "session"]) => session(&req, env).await,
        (Method::Get, ["api", "workspace"]) => {
            let caller = caller(&req, env)?;
            json(&caller.call(env, &ws::View(caller.token_body())).await?)
        }
        (Method::Put, ["api", "profile"]) => {
            json(&configure::<ws::SaveProfile, _>(&mut req, env, None).await?)
        }
        (Method::Put, ["api", "settings"]) => {
            json(&configure::<ws::SaveSettings, _>(&mut req, env, None).await?)
        }
        (Method::Post, ["api", "operators"]) => {
            json(&configure::<ws::AddOperator, _>(&mut req, env, None).await?)
        }
        (Method::Put, ["api", "operators", login]) => {
            let login = Some(login.to_string());
            json(&configure::<ws::UpdateOperator, _>(&mut req, env, login).await?)
        }
        (Method::Delete, ["api", "operators", login]) => remove::<ws::RemoveOperator>(&req, env, login).await,
        (Method::Post, ["api", "operators", login, "disable"]) => {
            change_access(&req, env, login, ws::AccessChange::Disable).await
        }
        (Method::Post, ["api", "operators", login, "enable"]) => {
            change_access(&req, env, login, ws::AccessChange::Enable).await
        }
        (Method::Put, ["api", "operators", login, "role"]) => {
            let RoleUpdate { admin } = internal::client_body(&mut req).await?;
            change_access(&req, env, login, ws::AccessChange::Role { admin }).await
        }
        (Method::Post, ["api", "operators", login, "invite"]) => invite(&req, env, login).await,
        (Method::Get, ["api", "invitations", value]) => json(&invitation(env, value).await?),
        (Method::Post, ["api", "invitations", value]) => accept_invitation(req, env, value).await,
        (Method::Post, ["api", "operators", login, "password"]) => {
            let PasswordReset { password } = internal::client_body(&mut req).await?;
            change_access(&req, env, login, ws::AccessChange::Password { password }).await
        }
        (Method::Put, ["api", "password"]) => {
            configure::<ws::ChangePassword, _>(&mut req, env, None).await?;
            json(&serde_json::json!({}))
        }
        (Method::Put, ["api", "languages"]) => {
            json(&configure::<ws::SetLanguages, _>(&mut req, env, None).await?)
        }
        (Method::Post, ["api", "expertise"]) => {
            json(&configure::<ws::CreateExpertise, _>(&mut req, env, None).await?)
        }
        (Method::Put, ["api", "expertise", id]) => {
            let id = Some(id.to_string());
            json(&configure::<ws::UpdateExpertise, _>(&mut req, env, id).await?)
        }
        (Method::Delete, ["api", "expertise", id]) => remove::<ws::DeleteExpertise>(&req, env, id).await,
        (Method::Get, ["api", "canned"]) => {
            let caller = caller(&req, env)?;
            json(&caller.call(env, &ws::Canned(caller.authed(None))).await?)
        }
        (Method::Post, ["api", "canned"]) => {
            json(&configure::<ws::SaveCanned, _>(&mut req, env, None).await?)
        }
        (Method::Delete, ["api", "canned", shortcut]) => {
            remove::<ws::DeleteCanned>(&req, env, shortcut).await
        }
        (Method::Get, ["api", "chatbots"]) => {
            let caller = caller(&req, env)?;
            json(&caller.call(env, &ws::Chatbots(caller.authed(None))).await?)
        }
        (Method::Post, ["api", "chatbots"]) => {
            json(&configure::<ws::SaveChatbot, _>(&mut req, env, None).await?)
        }
        (Method::Put, ["api", "chatbots", id]) => {
            let id = Some(id.to_string());
            json(&configure::<ws::SaveChatbot, _>(&mut req, env, id).await?)
        }
        (Method::Delete, ["api", "chatbots", id]) => remove::<ws::DeleteChatbot>(&req, env, id).await,
        (Method::Get, ["api", "push"]) => push::info(&req, env).await,
        (Method::Post, ["api", "push", "subscriptions"]) => push::subscribe(req, env).await,
        (Method::Delete, ["api", "push", "subscriptions"]) => push::unsubscribe(req, env).await,
        (Method::Get, ["api", "channels"]) => channel_cards(&req, env).await,
        (Method::Post, ["api", "channels"]) => {
            json(&configure::<ws::CreateChannel, _>(&mut req, env, None).await?)
        }
        (Method::Put, ["api", "channels", id]) => {
            let id = Some(id.to_string());
            json(&configure::<ws::UpdateChannel, _>(&mut req, env, id).await?)
        }
        (Method::Post, ["api", "channels", id, action @ ("join" | "leave")]) => {
            join_or_leave(&req, env, id, action).await
        }
        (Method::Get, ["api", "channels", id, "live"]) => {
            let (live, me) = channel_now(&req, env, id).await?;
            if !me.admin {
                return Err(AppError::Forbidden);
            }
            json(&live)
        }
        (Method::Get, ["api", "channels", id, "team"]) => {
            let (live, _) = channel_now(&req, env, id).await?;
            let team: Vec<Teammate> = live
                .members
                .into_iter()
                .map(|m| Teammate {
                    login: m.login,
                    name: m.name,
                    online: m.online,
                    ongoing: m.ongoing,
                    capacity: m.capacity,
                })
                .collect();
            json(&team)
        }
        (Method::Post, ["api", "conversations", id, "transfer"]) => transfer(&mut req, env, id).await,
        (Method::Get, ["api", "history"]) => history::search(&req, env).await,
        (Method::Post, ["api", "history", "forget"]) => history::forget(&mut req, env).await,
        (Method::Get, ["api", "history", id]) => history::transcript(&req, env, id).await,
        (Method::Get, ["widget.js"] | ["widget", ..]) => assets::with_cors(req, env).await,
        _ => Err(AppError::NotFound),
    }
}

/// What every answer of the API says besides its body: never kept by a
/// browser or a cache on the way (answers hold personal data), never
/// sniffed as another type. A socket's upgrade is left as it is.
pub fn api_headers(response: Response) -> Response {
    if response.status_code() == 101 {
        return response;
    }
    let headers = response.headers().clone();
    let set = headers
        .set("cache-control", "no-store")
        .and_then(|()| headers.set("x-content-type-options", "nosniff"));
    match set {
        Ok(()) => response.with_headers(headers),
        // Immutable headers (none of ours are): sent as they are.
        Err(_) => response,
    }
}

fn json<T: Serialize>(value: &T) -> AppResult<Response> {
    Ok(Response::from_json(value)?)
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
