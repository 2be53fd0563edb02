//! Web Push routes: the key a browser subscribes with, and an operator's
//! devices subscribing and unsubscribing. Which endpoints may be named is
//! `core::push::endpoint_allowed` (the push services in `PUSH_SERVICES`;
//! loopback only when `PUSH_LOOPBACK=true`, for local runs and tests).

use switchboard_core::protocol::{PushInfo, PushSubscription};
use switchboard_core::push;
use worker::{Env, Request, Response};

use super::{json, operator, same_origin};
use crate::error::{AppError, AppResult};
use crate::internal::{self, OPERATORS};
use crate::rpc;
use crate::rpc::bus::{Subscribe, Unsubscribe};

/// `GET /api/push`: the public key, or `null` when pushes are off.
pub(super) async fn info(req: &Request, env: &Env) -> AppResult<Response> {
    operator(req, env).await?;
    json(&PushInfo { key: crate::vapid::key(env).map(|v| v.public_key()) })
}

/// `POST /api/push/subscriptions`: this device wants pushes.
pub(super) async fn subscribe(mut req: Request, env: &Env) -> AppResult<Response> {
    same_origin(&req)?;
    let (caller, me) = operator(&req, env).await?;
    let s: PushSubscription = internal::client_body(&mut req).await?;
    if crate::vapid::key(env).is_none() {
        return Err(AppError::NotFound);
    }
    let services = env.var("PUSH_SERVICES").map(|v| v.to_string()).unwrap_or_default();
    let loopback = env.var("PUSH_LOOPBACK").is_ok_and(|v| v.to_string() == "true");
    if !push::endpoint_allowed(&s.endpoint, &services, loopback) || !push::keys_shaped(&s) {
        return Err(AppError::BadRequest("not a push subscription this service sends to".into()));
    }
    let bus = internal::stub(env, OPERATORS, &internal::bus_name(&caller.workspace, &me.login))?;
    rpc::call(&bus, &Subscribe(s)).await?;
    json(&serde_json::json!({}))
}

/// `DELETE /api/push/subscriptions`: this device wants no more pushes (its
/// endpoint in the body).
pub(super) async fn unsubscribe(mut req: Request, env: &Env) -> AppResult<Response> {
    same_origin(&req)?;
    let (caller, me) = operator(&req, env).await?;
    #[derive(serde::Deserialize)]
    struct Which {
        endpoint: String,
    }
    let Which { endpoint } = internal::client_body(&mut req).await?;
    let bus = internal::stub(env, OPERATORS, &internal::bus_name(&caller.workspace, &me.login))?;
    rpc::call(&bus, &Unsubscribe(endpoint)).await?;
    json(&serde_json::json!({}))
}
