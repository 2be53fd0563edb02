//! The inbox's HTTP calls. Errors come back as the text to show: the server's
//! message when it sent one, else a plain explanation.

use gloo_net::http::{Request, Response};
use switchboard_core::protocol::{ApiError, Login, Me};

async fn error_text(res: Response) -> String {
    match res.json::<ApiError>().await {
        Ok(e) => e.message,
        Err(_) => format!("The server answered {}.", res.status()),
    }
}

const OFFLINE: &str = "The server cannot be reached. Check your connection and try again.";

/// The logged-in operator, or `None` when nobody is logged in.
pub async fn me() -> Result<Option<Me>, String> {
    let res = Request::get("/api/session")
        .send()
        .await
        .map_err(|_| OFFLINE.to_owned())?;
    if res.ok() {
        res.json().await.map_err(|e| e.to_string())
    } else {
        Err(error_text(res).await)
    }
}

pub async fn login(login: String, password: String) -> Result<Me, String> {
    let res = Request::post("/api/login")
        .json(&Login { login, password })
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|_| OFFLINE.to_owned())?;
    if res.ok() {
        res.json().await.map_err(|e| e.to_string())
    } else {
        Err(error_text(res).await)
    }
}

pub async fn logout() -> Result<(), String> {
    let res = Request::post("/api/logout")
        .header("content-type", "application/json")
        .body("{}")
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|_| OFFLINE.to_owned())?;
    if res.ok() {
        Ok(())
    } else {
        Err(error_text(res).await)
    }
}
