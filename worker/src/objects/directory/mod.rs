//! `DirectoryDo`: the one object that knows which workspace a login belongs
//! to, so that logins are unique across workspaces and log-in finds the
//! right `WorkspaceDo`.
//!
//! Asked only at log-in and when an account is created — never per message
//! or per request of a logged-in operator (their cookie names the workspace).

use switchboard_core::ids::Login;
use switchboard_core::reasons::refuse;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::demo::{DEMO_OPERATORS, DEMO_WORKSPACE};
use crate::error::{AppError, AppResult};
use crate::meter::Meter;
use crate::rpc::directory::{Claim, Entry, Find, LoginOnly, Release};
use crate::rpc::{serve, Call};
use crate::storage::schema::{self, Schema};

/// The directory's one table: which workspace each login belongs to.
const SCHEMA: Schema = Schema {
    object: "directory",
    tables: &["CREATE TABLE IF NOT EXISTS logins (login TEXT PRIMARY KEY, workspace TEXT NOT NULL)"],
    columns: &[],
    migrations: &[],
};

#[durable_object]
pub struct DirectoryDo {
    state: State,
    env: Env,
    /// Whether its tables are as this build knows them (else it refuses).
    schema: schema::Applied,
    /// Counts what reaches it (`METER=true` only).
    meter: Meter,
}

impl DurableObject for DirectoryDo {
    fn new(state: State, env: Env) -> Self {
        let schema = SCHEMA.apply(&state.storage().sql());
        let meter = Meter::new(&env, "directory");
        Self { state, env, schema, meter }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.meter.reached(&req.path());
        if let Err(e) = schema::ready(&self.schema) {
            return Ok(e.into_response());
        }
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
                Claim::PATH => serve(&mut req, |c: Claim| async { self.claim(c.0) }).await,
                Release::PATH => serve(&mut req, |c: Release| async { self.release(c.0) }).await,
                Find::PATH => serve(&mut req, |c: Find| async { self.find(c.0) }).await,
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        self.meter.rows(&self.state.storage().sql());
        Ok(result.unwrap_or_else(AppError::into_response))
    }
}

impl DirectoryDo {
    /// Reserves a login for a workspace; refuses one already in use.
    /// (No await between the check and the insert: the object runs one
    /// request at a time there, so two claims cannot both succeed.)
    fn claim(&self, entry: Entry) -> AppResult<()> {
        if self.lookup(&entry.login)?.is_some() {
            return Err(refuse("login", "login-taken", &[]).into());
        }
        self.state.storage().sql().exec(
            "INSERT INTO logins (login, workspace) VALUES (?, ?)",
            vec![String::from(entry.login).into(), String::from(entry.workspace).into()],
        )?;
        Ok(())
    }

    fn lookup(&self, login: &Login) -> AppResult<Option<Entry>> {
        let rows: Vec<Entry> = self
            .state
            .storage()
            .sql()
            .exec("SELECT login, workspace FROM logins WHERE login = ?", vec![login.as_str().into()])?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    fn release(&self, who: LoginOnly) -> AppResult<()> {
        self.state
            .storage()
            .sql()
            .exec("DELETE FROM logins WHERE login = ?", vec![String::from(who.login).into()])?;
        Ok(())
    }

    fn find(&self, who: LoginOnly) -> AppResult<Entry> {
        self.lookup(&who.login)?.ok_or(AppError::NotFound)
    }
}
