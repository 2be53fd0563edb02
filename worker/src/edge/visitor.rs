//! The widget's routes, for any site (CORS, allowed origins): the channel's
//! public info, the widget's texts, starting a conversation, and the
//! conversation's socket (visitor or operator).

use super::*;
use switchboard_core::identity;
use switchboard_core::protocol::VisitorIdentity;
use switchboard_core::reasons::refuse;
use switchboard_core::workspace;

/// CORS for the one cross-site JSON call the widget makes (no credentials).
pub(super) fn cors(mut res: Response) -> AppResult<Response> {
    let h = res.headers_mut();
    h.set("access-control-allow-origin", "*")?;
    h.set("access-control-allow-methods", "GET, POST, PUT, OPTIONS")?;
    // A file's upload says its name and the visitor's key in headers.
    h.set("access-control-allow-headers", "content-type, authorization, x-file-name")?;
    h.set("access-control-max-age", "86400")?;
    Ok(res)
}

/// A widget route's answer, refusals included, readable by the embedding
/// site's page (a refusal without CORS headers reaches it as a bare
/// network error).
pub(super) fn for_any_site(result: AppResult<Response>) -> AppResult<Response> {
    cors(result.unwrap_or_else(AppError::into_response))
}

pub(super) fn preflight() -> AppResult<Response> {
    cors(Response::empty()?.with_status(204))
}

/// The channel a visitor's request is for, if the site it comes from may
/// embed it (its `Origin` is in the channel's allowed websites, or the list
/// is empty).
/// `online`: also say whether any operator is online.
pub(super) async fn visitor_channel(
    req: &Request,
    env: &Env,
    channel: &str,
    ask: InfoAsk,
) -> AppResult<ChannelConfig> {
    let unknown = || AppError::BadRequest("This chat is not set up: unknown channel.".into());
    let id = ChannelId::parse(channel).map_err(|_| unknown())?;
    // Only what channels published: an unknown id names no object (a
    // channel publishes whenever its settings or who is online change).
    let config = published(env, &id).await.ok_or_else(unknown)?.answer(&ask);
    let origin = req.headers().get("origin")?.unwrap_or_default();
    if !workspace::site_allowed(&config.origins, &origin) {
        return Err(AppError::ForbiddenBecause("This website is not allowed to use this chat.".into()));
    }
    Ok(config)
}

/// What the channel last published for visitors (KV), if anything; a
/// value that does not read is logged and counts as none.
async fn published(env: &Env, id: &ChannelId) -> Option<Published> {
    let store = match env.kv(internal::CHANNEL_INFO) {
        Ok(store) => store,
        Err(e) => {
            AppError::from(e).log();
            return None;
        }
    };
    match store.get(id.as_str()).json::<Published>().await {
        Ok(found) => found,
        Err(e) => {
            AppError::Internal(e.to_string()).log();
            None
        }
    }
}

/// The visitor's languages from `?lang=` (comma-separated, most preferred
/// first), canonical.
pub(super) fn asked_languages(req: &Request) -> AppResult<Vec<String>> {
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
pub(super) async fn channel_public(req: &Request, env: &Env, id: &str) -> AppResult<Response> {
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
pub(super) fn widget_texts(req: &Request) -> AppResult<Response> {
    let mut res = json(&texts::widget_texts(&asked_languages(req)?))?;
    res.headers_mut().set("cache-control", "public, max-age=600")?;
    Ok(res)
}

pub(super) async fn start_conversation(mut req: Request, env: &Env) -> AppResult<Response> {
    throttle::allow(&req, env, throttle::Start::Conversation).await?;
    let body: StartConversation = internal::client_body(&mut req).await?;
    let starting = InfoAsk { starting: true, ..Default::default() };
    let config = visitor_channel(&req, env, body.channel.as_str(), starting).await?;
    let id = crate::signed::new_conversation_id(env)?;
    let token = auth::token()?;
    // A message left while nobody was online is answered by email: the
    // address is required and must be valid (elsewhere it is optional).
    let offline_email = match (body.offline, &body.email) {
        (true, Some(e)) => Some(rules::email("email", e)?),
        (true, None) => return Err(refuse("email", "answer-where", &[]).into()),
        (false, _) => None,
    };
    let identity = visitor_identity(&body, &config)?;
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
        identity,
        offline: body.offline,
        // A message left for email is not the chatbot's.
        chatbot: config.chatbot.filter(|_| !body.offline),
        country: req.cf().and_then(|cf| cf.country()),
        workspace: config.workspace,
        inactivity_timeout_ms: config.settings.inactivity_timeout_ms(),
        reassign_after_ms: config.settings.reassign_after_s as i64 * 1000,
        origins: config.origins,
        keep_page_queries: config.keep_page_queries,
        files: config.files,
    };
    let conversation = internal::stub(env, CONVERSATIONS, id.as_str())?;
    rpc::call(&conversation, &init).await?;
    json(&ConversationStarted { conversation: id, token })
}

/// Who the site says the visitor is, as far as its signature goes
/// (`core::identity`): refused when the channel requires a signature the
/// site did not give.
fn visitor_identity(body: &StartConversation, config: &ChannelConfig) -> AppResult<Option<VisitorIdentity>> {
    let user_id = body.user_id.as_deref();
    let signed = match (user_id, &body.user_hash) {
        (Some(id), Some(hash)) => crate::signed::site_signed(&config.identity_secret, id, hash),
        _ => false,
    };
    // An address typed into the offline form is the visitor's, not the site's.
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let described = given(&body.name) || (given(&body.email) && !body.offline);
    identity::judge(config.require_identity, identity::Claim { user_id, signed, described })
        .map_err(|_| AppError::Unverified)
}

pub(super) async fn conversation_socket(req: &Request, env: &Env, id: &str) -> AppResult<Response> {
    if !internal::is_websocket_upgrade(req) {
        return Err(AppError::BadRequest("Expected a WebSocket upgrade.".into()));
    }
    // Only an id the service made names an object (a stranger's creates none).
    let id = crate::signed::conversation_id(env, id)?.ok_or(AppError::NotFound)?;
    let url = req.url()?;
    let as_operator = url.query_pairs().any(|(k, v)| k == "as" && v == "operator");
    let path = if as_operator {
        same_origin(req)?;
        let (caller, me) = operator(req, env).await?;
        let channels: Vec<&str> = me.channels.iter().map(|c| c.id.as_str()).collect();
        let channels = channels.join(",");
        // Its bus learns the session opened it, so that ending the session closes it.
        let session = auth::digest(&caller.token);
        let bus = internal::stub(env, OPERATORS, &internal::bus_name(&caller.workspace, &me.login))?;
        rpc::call(&bus, &Opened(OpenedIn { conversation: id.clone(), session: session.clone() })).await?;
        internal::with_query(
            rpc::SOCKET,
            &[
                ("role", "operator"),
                ("name", &me.display_name),
                ("channels", &channels),
                ("session", &session),
                ("login", me.login.as_str()),
                ("admin", if me.admin { "1" } else { "0" }),
            ],
        )?
    } else {
        let channel = url.query_pairs().find(|(k, _)| k == "channel").map(|(_, v)| v.into_owned());
        let channel = channel.ok_or_else(|| AppError::BadRequest("Say which channel.".into()))?;
        // The page the widget is on, for the inbox's visitor context. The
        // conversation checks the site against the websites its channel
        // allowed (a page change asks no channel).
        let page = url.query_pairs().find(|(k, _)| k == "page").map(|(_, v)| v.into_owned());
        let origin = req.headers().get("origin")?.unwrap_or_default().to_lowercase();
        internal::with_query(
            rpc::SOCKET,
            &[
                ("role", "visitor"),
                ("channel", &channel),
                ("origin", &origin),
                ("page", page.as_deref().unwrap_or_default()),
            ],
        )?
    };
    let stub = internal::stub(env, CONVERSATIONS, id.as_str())?;
    stub.forward(internal::upgrade(req, &path)?).await
}
