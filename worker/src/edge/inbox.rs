//! The inbox's routes besides sessions: configuration on behalf of the
//! caller (the workspace checks the role), the bus socket, the channel
//! cards, Join / Leave, the channel now, and transfers.

use super::*;

/// A configuration change on behalf of the caller; the workspace checks the
/// role the change needs.
pub(super) async fn configure<C, B>(req: &mut Request, env: &Env, id: Option<String>) -> AppResult<C::Answer>
where
    C: Call + From<Authed<B>>,
    B: serde::de::DeserializeOwned,
{
    same_origin(req)?;
    let caller = caller(req, env)?;
    let body: B = internal::client_body(req).await?;
    caller.call(env, &C::from(Authed { token: caller.token.clone(), id, body })).await
}

/// An admin changes another operator's access (what the route says).
pub(super) async fn change_access(
    req: &Request,
    env: &Env,
    login: &str,
    change: ws::AccessChange,
) -> AppResult<Response> {
    same_origin(req)?;
    let caller = caller(req, env)?;
    let call =
        ws::ChangeAccess(Authed { token: caller.token.clone(), id: Some(login.to_owned()), body: change });
    json(&caller.call(env, &call).await?)
}

/// An admin deletes item `id` of their workspace (`C` names the kind).
pub(super) async fn remove<C: Call<Answer = ()> + From<Authed<Nothing>>>(
    req: &Request,
    env: &Env,
    id: &str,
) -> AppResult<Response> {
    same_origin(req)?;
    let caller = caller(req, env)?;
    caller.call(env, &C::from(caller.authed(Some(id.to_string())))).await?;
    json(&serde_json::json!({}))
}

/// A channel of the caller's workspace, else 404 (never "exists elsewhere").
pub(super) fn own_channel(me: &Me, id: &str) -> AppResult<ChannelId> {
    let id = ChannelId::parse(id).map_err(|_| AppError::NotFound)?;
    if me.channels.iter().any(|c| c.id == id) {
        Ok(id)
    } else {
        Err(AppError::NotFound)
    }
}

/// An inbox tab's one socket, to the operator's bus, which learns the
/// channels they work in.
pub(super) async fn bus_socket(req: &Request, env: &Env) -> AppResult<Response> {
    if !internal::is_websocket_upgrade(req) {
        return Err(AppError::BadRequest("Expected a WebSocket upgrade.".into()));
    }
    same_origin(req)?;
    let (caller, me) = operator(req, env).await?;
    let channels = serde_json::to_string(&me.channels)?;
    let stub = internal::stub(env, OPERATORS, &internal::bus_name(&caller.workspace, &me.login))?;
    let session = auth::digest(&caller.token);
    let path = internal::with_query(
        rpc::SOCKET,
        &[
            ("workspace", caller.workspace.as_str()),
            ("login", me.login.as_str()),
            ("channels", &channels),
            ("session", &session),
            ("admin", if me.admin { "1" } else { "0" }),
            ("lang", me.inbox_language.as_deref().unwrap_or_default()),
        ],
    )?;
    stub.forward(internal::upgrade(req, &path)?).await
}

/// An operator as `me` should see them: admins see the user name beside
/// the name visitors see (`shown`); everyone else that name alone.
pub(super) fn named_for(me: &Me, shown: &str, user_name: &str) -> String {
    if me.admin {
        known_as(shown, user_name)
    } else {
        shown.to_owned()
    }
}

/// A channel of the caller's right now (members, load, idle times, the
/// queue), with names as they should see them; and who the caller is.
pub(super) async fn channel_now(req: &Request, env: &Env, id: &str) -> AppResult<(ChannelLive, Me)> {
    let (_, me) = operator(req, env).await?;
    let stub = internal::stub(env, CHANNELS, own_channel(&me, id)?.as_str())?;
    let LiveNow { mut live, user_names } = rpc::call(&stub, &Live(())).await?;
    for (m, user_name) in live.members.iter_mut().zip(&user_names) {
        m.name = named_for(&me, &m.name, user_name);
    }
    Ok((live, me))
}

fn card(me: &Me, id: ChannelId, name: String, members: Vec<Member>) -> ChannelCard {
    ChannelCard {
        joined: members.iter().any(|m| m.login == me.login),
        members: members.iter().map(|m| named_for(me, &m.name, &m.user_name)).collect(),
        id,
        name,
    }
}

pub(super) async fn channel_cards(req: &Request, env: &Env) -> AppResult<Response> {
    let (_, me) = operator(req, env).await?;
    let mut cards = Vec::with_capacity(me.channels.len());
    for channel in &me.channels {
        let stub = internal::stub(env, CHANNELS, channel.id.as_str())?;
        let members = rpc::call(&stub, &Members(())).await?;
        cards.push(card(&me, channel.id.clone(), channel.name.clone(), members));
    }
    json(&cards)
}

/// Hands a conversation to another operator of its channel, or back to the
/// channel's queue; the channel checks who may.
pub(super) async fn transfer(req: &mut Request, env: &Env, id: &str) -> AppResult<Response> {
    same_origin(req)?;
    let (_, me) = operator(req, env).await?;
    let body: Transfer = internal::client_body(req).await?;
    let channel = own_channel(&me, body.channel.as_str())?;
    let ask = TransferAsk {
        conversation: ConversationId::parse(id).map_err(|_| AppError::NotFound)?,
        by: me.login,
        by_name: me.display_name,
        admin: me.admin,
        to: body.to,
    };
    let stub = internal::stub(env, CHANNELS, channel.as_str())?;
    json(&rpc::call(&stub, &ask).await?)
}

pub(super) async fn join_or_leave(req: &Request, env: &Env, id: &str, action: &str) -> AppResult<Response> {
    same_origin(req)?;
    let (_, me) = operator(req, env).await?;
    let id = own_channel(&me, id)?;
    let stub = internal::stub(env, CHANNELS, id.as_str())?;
    let member = Member::of(&me);
    let members = match action {
        "join" => rpc::call(&stub, &Join(member)).await?,
        _ => rpc::call(&stub, &Leave(member)).await?,
    };
    let name = me.channels.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default();
    json(&card(&me, id, name, members))
}
