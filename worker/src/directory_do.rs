//! `DirectoryDo`: the one object that knows which workspace a login belongs
//! to, so that logins are unique across workspaces and log-in finds the
//! right `WorkspaceDo`.
//!
//! Asked only at log-in and when an account is created — never per message
//! or per request of a logged-in operator (their cookie names the workspace).

use serde::{Deserialize, Serialize};
use switchboard_core::workspace::FieldError;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::error::{AppError, AppResult};
use crate::internal;
use crate::schema;
use crate::workspace_do::{DEMO_OPERATORS, DEMO_WORKSPACE};

#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub login: String,
    pub workspace: String,
}

#[derive(Serialize, Deserialize)]
pub struct LoginOnly {
    pub login: String,
}

#[durable_object]
pub struct DirectoryDo {
    state: State,
    env: Env,
}

impl DurableObject for DirectoryDo {
    fn new(state: State, env: Env) -> Self {
        schema::create(
            &state.storage().sql(),
            "directory",
            &["CREATE TABLE IF NOT EXISTS logins (login TEXT PRIMARY KEY, workspace TEXT NOT NULL)"],
        );
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = async {
            if crate::demo_seed(&self.env) {
                for (login, ..) in DEMO_OPERATORS {
                    self.state.storage().sql().exec(
                        "INSERT OR IGNORE INTO logins (login, workspace) VALUES (?, ?)",
                        vec![login.into(), DEMO_WORKSPACE.into()],
                    )?;
                }
            }
            match req.path().as_str() {
                "/claim" => self.claim(internal::body(&mut req).await?),
                "/release" => self.release(internal::body(&mut req).await?),
                "/find" => self.find(internal::body(&mut req).await?),
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        Ok(result.unwrap_or_else(AppError::into_response))
    }
}

impl DirectoryDo {
    /// Reserves a login for a workspace; refuses one already in use.
    /// (No await between the check and the insert: the object runs one
    /// request at a time there, so two claims cannot both succeed.)
    fn claim(&self, entry: Entry) -> AppResult<Response> {
        if self.lookup(&entry.login)?.is_some() {
            return Err(FieldError { field: "login", message: "This login is taken.".into() }.into());
        }
        self.state.storage().sql().exec(
            "INSERT INTO logins (login, workspace) VALUES (?, ?)",
            vec![entry.login.into(), entry.workspace.into()],
        )?;
        Ok(Response::from_json(&serde_json::json!({}))?)
    }

    fn lookup(&self, login: &str) -> AppResult<Option<Entry>> {
        let rows: Vec<Entry> = self
            .state
            .storage()
            .sql()
            .exec("SELECT login, workspace FROM logins WHERE login = ?", vec![login.into()])?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    fn release(&self, who: LoginOnly) -> AppResult<Response> {
        self.state.storage().sql().exec("DELETE FROM logins WHERE login = ?", vec![who.login.into()])?;
        Ok(Response::from_json(&serde_json::json!({}))?)
    }

    fn find(&self, who: LoginOnly) -> AppResult<Response> {
        let entry = self.lookup(&who.login)?.ok_or(AppError::NotFound)?;
        Ok(Response::from_json(&entry)?)
    }
}
