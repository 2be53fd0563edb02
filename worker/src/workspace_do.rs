//! `WorkspaceDo`: one Durable Object per workspace — its operators, their
//! login sessions and its channels.
//!
//! Not a hot spot: it is asked at log-in, when an inbox connects, and when a
//! visitor opens a conversation (to check the channel exists) — never per
//! message. Messages go straight to their `ConversationDo`.
//!
//! With the `DEMO_SEED` variable set to `true` (what `cargo xtask dev` and
//! `cargo xtask test` do) an empty workspace is filled with demo operators and
//! a demo channel on first use.

use serde::{Deserialize, Serialize};
use switchboard_core::ids::ChannelId;
use switchboard_core::protocol::{ChannelInfo, Login, Me};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::auth;
use crate::error::{AppError, AppResult};
use crate::internal;

/// How long a login session lasts without logging in again.
pub const SESSION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

/// The demo data: (login, full name, online chat name, password).
pub const DEMO_OPERATORS: [(&str, &str, &str, &str); 2] = [
    ("mitchell", "Mitchell Admin", "Mitchell", "demo-mitchell"),
    ("marc", "Marc Demo", "", "demo-marc"),
];
pub const DEMO_CHANNEL: (&str, &str) = ("demo", "Website support");

#[derive(Serialize, Deserialize)]
pub struct LoggedIn {
    pub token: String,
    pub me: Me,
}

#[derive(Serialize, Deserialize)]
pub struct TokenBody {
    pub token: String,
}

#[durable_object]
pub struct WorkspaceDo {
    state: State,
    env: Env,
}

#[derive(Deserialize)]
struct OperatorRow {
    login: String,
    name: String,
    chat_name: String,
    // SQLite BLOBs arrive as byte arrays, not sequences.
    #[serde(with = "serde_bytes")]
    salt: Vec<u8>,
    #[serde(with = "serde_bytes")]
    hash: Vec<u8>,
}

impl DurableObject for WorkspaceDo {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        for ddl in [
            "CREATE TABLE IF NOT EXISTS operators (login TEXT PRIMARY KEY, name TEXT NOT NULL, \
             chat_name TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL)",
            "CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, login TEXT NOT NULL, \
             expires_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS channels (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        ] {
            if let Err(e) = sql.exec(ddl, None) {
                worker::console_error!("workspace schema: {e}");
            }
        }
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = async {
            self.seed_if_demo().await?;
            match req.path().as_str() {
                "/login" => self.login(&mut req).await,
                "/logout" => self.logout(&mut req).await,
                "/session" => self.session(&mut req).await,
                "/channel" => self.channel(&mut req).await,
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        Ok(result.unwrap_or_else(AppError::into_response))
    }
}

impl WorkspaceDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    async fn seed_if_demo(&self) -> AppResult<()> {
        if !self.env.var("DEMO_SEED").is_ok_and(|v| v.to_string() == "true") {
            return Ok(());
        }
        let sql = self.sql();
        #[derive(Deserialize)]
        struct Count {
            n: i64,
        }
        let count: Count = sql.exec("SELECT count(*) AS n FROM operators", None)?.one()?;
        if count.n > 0 {
            return Ok(());
        }
        for (login, name, chat_name, password) in DEMO_OPERATORS {
            let salt = auth::random_bytes(16)?;
            let hash = auth::hash_password(password, &salt).await?;
            sql.exec(
                "INSERT OR IGNORE INTO operators (login, name, chat_name, salt, hash) VALUES (?, ?, ?, ?, ?)",
                vec![login.into(), name.into(), chat_name.into(), salt.into(), hash.into()],
            )?;
        }
        sql.exec(
            "INSERT OR IGNORE INTO channels (id, name) VALUES (?, ?)",
            vec![DEMO_CHANNEL.0.into(), DEMO_CHANNEL.1.into()],
        )?;
        Ok(())
    }

    fn operator(&self, login: &str) -> AppResult<Option<OperatorRow>> {
        let rows: Vec<OperatorRow> = self
            .sql()
            .exec("SELECT login, name, chat_name, salt, hash FROM operators WHERE login = ?", vec![login.into()])?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    fn me(&self, op: &OperatorRow) -> AppResult<Me> {
        #[derive(Deserialize)]
        struct Ch {
            id: String,
            name: String,
        }
        let channels: Vec<Ch> = self.sql().exec("SELECT id, name FROM channels ORDER BY name", None)?.to_array()?;
        Ok(Me {
            login: op.login.clone(),
            name: op.name.clone(),
            display_name: if op.chat_name.is_empty() { op.name.clone() } else { op.chat_name.clone() },
            channels: channels
                .into_iter()
                .filter_map(|c| Some(ChannelInfo { id: ChannelId::parse(c.id).ok()?, name: c.name }))
                .collect(),
        })
    }

    async fn login(&self, req: &mut Request) -> AppResult<Response> {
        let body: Login = internal::body(req).await?;
        let op = self.operator(body.login.trim())?;
        // Hash even for an unknown login, so timing does not tell logins apart.
        let (salt, expected) = match &op {
            Some(op) => (op.salt.clone(), op.hash.clone()),
            None => (vec![0u8; 16], vec![0xffu8; 32]),
        };
        let hash = auth::hash_password(&body.password, &salt).await?;
        let Some(op) = op.filter(|_| auth::same_secret(&hash, &expected)) else {
            return Err(AppError::Unauthorized);
        };
        let token = auth::token()?;
        let now = crate::now_ms();
        let sql = self.sql();
        sql.exec("DELETE FROM sessions WHERE expires_at < ?", vec![now.into()])?;
        sql.exec(
            "INSERT INTO sessions (token, login, expires_at) VALUES (?, ?, ?)",
            vec![token.as_str().into(), op.login.as_str().into(), (now + SESSION_TTL_MS).into()],
        )?;
        Ok(Response::from_json(&LoggedIn { token, me: self.me(&op)? })?)
    }

    async fn logout(&self, req: &mut Request) -> AppResult<Response> {
        let body: TokenBody = internal::body(req).await?;
        self.sql().exec("DELETE FROM sessions WHERE token = ?", vec![body.token.into()])?;
        Ok(Response::from_json(&serde_json::json!({}))?)
    }

    async fn session(&self, req: &mut Request) -> AppResult<Response> {
        let body: TokenBody = internal::body(req).await?;
        #[derive(Deserialize)]
        struct S {
            login: String,
        }
        let rows: Vec<S> = self
            .sql()
            .exec(
                "SELECT login FROM sessions WHERE token = ? AND expires_at >= ?",
                vec![body.token.into(), crate::now_ms().into()],
            )?
            .to_array()?;
        let op = match rows.first() {
            Some(s) => self.operator(&s.login)?,
            None => None,
        };
        let op = op.ok_or(AppError::Unauthorized)?;
        Ok(Response::from_json(&self.me(&op)?)?)
    }

    async fn channel(&self, req: &mut Request) -> AppResult<Response> {
        let id: ChannelId = internal::body(req).await?;
        #[derive(Deserialize)]
        struct Ch {
            name: String,
        }
        let rows: Vec<Ch> =
            self.sql().exec("SELECT name FROM channels WHERE id = ?", vec![id.as_str().into()])?.to_array()?;
        let ch = rows.into_iter().next().ok_or(AppError::NotFound)?;
        Ok(Response::from_json(&ChannelInfo { id, name: ch.name })?)
    }
}
