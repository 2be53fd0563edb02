//! `WorkspaceDo`: one Durable Object per workspace — its operators (with
//! their roles and live chat profiles), login sessions, enabled languages,
//! expertise list and channels.
//!
//! Not a hot spot: configuration changes are rare, and it is asked only at
//! log-in, when an inbox loads or connects, and when a setting changes —
//! never per message (messages go straight to their `ConversationDo`) nor per
//! new conversation (that asks the channel's `ChannelDo`).
//!
//! Every write is validated whole first (`switchboard_core::workspace`), then
//! done without an `await` in between, so the runtime commits it atomically:
//! nothing is ever half-saved.
//!
//! With `DEMO_SEED=true` (what `cargo xtask dev` and `test` set) the workspace
//! named [`crate::demo::DEMO_WORKSPACE`] fills itself with demo data on first use.

mod access;
mod invite;
mod people;
mod session;
mod setup;
mod store;

use serde::Deserialize;
use switchboard_core::chatbot;
use switchboard_core::ids::{ChannelId, Login, WorkspaceId};
use switchboard_core::limits::MAX_CANNED_RESPONSES;
use switchboard_core::protocol::{
    CannedResponse, ChannelInfo, ChannelInput, ChannelSettings, ChatbotInfo, ChatbotScript, Credentials,
    ExpertiseInfo, ExpertiseInput, Language, LanguagesUpdate, Me, NewOperator, OperatorInfo, OperatorUpdate,
    ProfileUpdate, SignUp, WorkspaceSettings, WorkspaceView,
};
use switchboard_core::reasons::refuse;
use switchboard_core::workspace::{self as rules, FieldError, KNOWN_LANGUAGES};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue, State,
};

use crate::auth;
use crate::demo::{DEMO_CHANNEL, DEMO_OPERATORS, DEMO_WORKSPACE};
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS, DIRECTORY, DIRECTORY_NAME, OPERATORS};
use crate::meter::Meter;
use crate::rpc::bus::{Ended, Revoke, SetChannels};
use crate::rpc::channel::{ChannelConfig, Member, Refresh};
use crate::rpc::directory::{Claim, Entry, LoginOnly, Release};
use crate::rpc::workspace::*;
use crate::rpc::{self, serve, Call};
use crate::storage::kv::{Key, Kv};
use crate::storage::schema::{self, Schema};

use session::{Admin, Operator};
use store::*;

use switchboard_core::limits::SESSION_TTL_MS;

const DEFAULT_LANGUAGES: [&str; 1] = ["en"];

/// The workspace's tables: its settings, operators, sessions, channels,
/// expertise, chatbot scripts and canned responses.
const SCHEMA: Schema = Schema {
    object: "workspace",
    tables: &[
        schema::META,
        "CREATE TABLE IF NOT EXISTS operators (login TEXT PRIMARY KEY, name TEXT NOT NULL, \
         chat_name TEXT NOT NULL, admin INTEGER NOT NULL, languages TEXT NOT NULL, \
         salt BLOB NOT NULL, hash BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, login TEXT NOT NULL, \
         expires_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS channels (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS expertise (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)",
        "CREATE TABLE IF NOT EXISTS operator_expertise (login TEXT NOT NULL, expertise TEXT NOT NULL, \
         PRIMARY KEY (login, expertise))",
        "CREATE TABLE IF NOT EXISTS chatbots (id TEXT PRIMARY KEY, script TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS canned (shortcut TEXT PRIMARY KEY, text TEXT NOT NULL)",
    ],
    columns: &[
        ("channels", "welcome TEXT NOT NULL DEFAULT ''"),
        ("channels", "operators TEXT NOT NULL DEFAULT '[]'"),
        ("channels", "origins TEXT NOT NULL DEFAULT '[]'"),
        ("channels", "welcomes TEXT NOT NULL DEFAULT '[]'"),
        ("channels", "chatbot TEXT"),
        ("operators", "capacity INTEGER"),
    ],
    migrations: &[
        // 2: a login's wrong passwords in a row (only while there are some).
        &["CREATE TABLE login_failures (login TEXT PRIMARY KEY, count INTEGER NOT NULL, last_ms INTEGER NOT NULL)"],
        // 3: sessions are kept by the SHA-256 of their token; those kept as
        // sent end (their operators log in again once).
        &["DELETE FROM sessions", "CREATE INDEX sessions_by_login ON sessions (login)"],
        // 4: operators an admin disabled (they cannot log in).
        &["ALTER TABLE operators ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0"],
        // 5: a channel may keep visited pages' query strings (off by default).
        &["ALTER TABLE channels ADD COLUMN keep_queries INTEGER NOT NULL DEFAULT 0"],
        // 6: invitation links, by the digest of their token (one per operator).
        &[
            "CREATE TABLE invitations (digest TEXT PRIMARY KEY, login TEXT NOT NULL, expires_at INTEGER NOT NULL)",
            "CREATE INDEX invitations_by_login ON invitations (login)",
        ],
        // 7: verified visitors: the secret a site signs its users' ids with
        // (made when the channel is next saved), and whether it must.
        &[
            "ALTER TABLE channels ADD COLUMN identity_secret TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE channels ADD COLUMN require_identity INTEGER NOT NULL DEFAULT 0",
        ],
        // 8: what files a channel takes (none said: the defaults).
        &["ALTER TABLE channels ADD COLUMN files TEXT"],
        // 9: the language of an operator's inbox (none: their browser's).
        &["ALTER TABLE operators ADD COLUMN inbox_language TEXT"],
    ],
};

#[durable_object]
pub struct WorkspaceDo {
    state: State,
    env: Env,
    /// Whether its tables are as this build knows them (else it refuses).
    schema: schema::Applied,
    /// Counts what reaches it (`METER=true` only).
    meter: Meter,
}

impl DurableObject for WorkspaceDo {
    fn new(state: State, env: Env) -> Self {
        let schema = SCHEMA.apply(&state.storage().sql());
        let meter = Meter::new(&env, "workspace");
        Self { state, env, schema, meter }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.meter.reached(&req.path());
        if let Err(e) = schema::ready(&self.schema) {
            return Ok(e.into_response());
        }
        let result = async {
            // The edge names the workspace in every internal URL.
            let url = req.url()?;
            let workspace = url.query_pairs().find(|(k, _)| k == "workspace").map(|(_, v)| v.into_owned());
            let workspace = workspace.ok_or_else(|| AppError::Internal("no workspace in the URL".into()))?;
            let workspace = WorkspaceId::parse(workspace)?;
            self.seed_if_demo(&workspace).await?;
            match req.path().as_str() {
                Seed::PATH => serve(&mut req, |_: Seed| async { Ok(()) }).await, // seeding happened above
                Create::PATH => serve(&mut req, |c: Create| self.create(&workspace, c.0)).await,
                LogIn::PATH => serve(&mut req, |c: LogIn| self.login(c.0)).await,
                LogOut::PATH => serve(&mut req, |c: LogOut| self.logout(c.0)).await,
                Session::PATH => {
                    serve(&mut req, |c: Session| async move { self.me(&self.caller(&c.0.token)?) }).await
                }
                View::PATH => serve(&mut req, |c: View| async move { self.view_for(&c.0.token) }).await,
                SaveProfile::PATH => {
                    serve(&mut req, |c: SaveProfile| self.as_operator(c.0, |op, u| self.profile(op, u))).await
                }
                AddOperator::PATH => {
                    serve(&mut req, |c: AddOperator| {
                        self.as_admin(c.0, |admin, n, _| self.add_operator(admin, n))
                    })
                    .await
                }
                UpdateOperator::PATH => {
                    serve(&mut req, |c: UpdateOperator| {
                        self.as_admin(c.0, |admin, u, login| async move {
                            let login = operator_named(login)?;
                            self.update_operator(admin, login, u).await
                        })
                    })
                    .await
                }
                ChangeAccess::PATH => {
                    serve(&mut req, |c: ChangeAccess| {
                        self.as_admin(c.0, |admin, change, login| async move {
                            let login = operator_named(login)?;
                            self.change_access(admin, login, change).await
                        })
                    })
                    .await
                }
                RemoveOperator::PATH => {
                    serve(&mut req, |c: RemoveOperator| {
                        self.as_admin(c.0, |admin, _, login| async move {
                            let login = operator_named(login)?;
                            self.remove_operator(admin, login).await
                        })
                    })
                    .await
                }
                Invite::PATH => {
                    serve(&mut req, |c: Invite| {
                        self.as_admin(c.0, |admin, _, login| async move {
                            self.invite(admin, operator_named(login)?).await
                        })
                    })
                    .await
                }
                ReadInvitation::PATH => {
                    serve(&mut req, |c: ReadInvitation| async move { self.invitation(&c.0.token) }).await
                }
                AcceptInvitation::PATH => {
                    serve(&mut req, |c: AcceptInvitation| async move {
                        self.accept(&c.0.token, &c.0.password).await
                    })
                    .await
                }
                ChangePassword::PATH => {
                    serve(&mut req, |c: ChangePassword| {
                        let token = c.0.token.clone();
                        async move {
                            self.as_operator(c.0, |op, change| async move {
                                self.change_password(op, &token, change).await
                            })
                            .await
                        }
                    })
                    .await
                }
                SetLanguages::PATH => {
                    serve(&mut req, |c: SetLanguages| {
                        self.as_admin(c.0, |admin, l, _| self.languages(admin, l))
                    })
                    .await
                }
                SaveSettings::PATH => {
                    serve(&mut req, |c: SaveSettings| {
                        self.as_admin(c.0, |admin, s, _| self.save_settings(admin, s))
                    })
                    .await
                }
                CreateExpertise::PATH => {
                    serve(&mut req, |c: CreateExpertise| {
                        self.as_admin(c.0, |admin, e, _| self.save_expertise(admin, e, None))
                    })
                    .await
                }
                UpdateExpertise::PATH => {
                    serve(&mut req, |c: UpdateExpertise| {
                        self.as_admin(c.0, |admin, e, id| async move {
                            self.save_expertise(admin, e, Some(id.ok_or(AppError::NotFound)?)).await
                        })
                    })
                    .await
                }
                DeleteExpertise::PATH => {
                    serve(&mut req, |c: DeleteExpertise| {
                        self.as_admin(c.0, |admin, _, id| async move {
                            self.delete_expertise(admin, id.ok_or(AppError::NotFound)?).await
                        })
                    })
                    .await
                }
                Chatbots::PATH => {
                    serve(&mut req, |c: Chatbots| self.as_admin(c.0, |_, _, _| async { self.chatbots() }))
                        .await
                }
                SaveChatbot::PATH => {
                    serve(&mut req, |c: SaveChatbot| {
                        self.as_admin(c.0, |admin, script, id| self.save_chatbot(admin, script, id))
                    })
                    .await
                }
                DeleteChatbot::PATH => {
                    serve(&mut req, |c: DeleteChatbot| {
                        self.as_admin(c.0, |admin, _, id| async move {
                            self.delete_chatbot(admin, id.ok_or(AppError::NotFound)?)
                        })
                    })
                    .await
                }
                Canned::PATH => {
                    serve(&mut req, |c: Canned| self.as_operator(c.0, |_, _| async { self.canned() })).await
                }
                SaveCanned::PATH => {
                    serve(&mut req, |c: SaveCanned| {
                        self.as_admin(c.0, |admin, r, _| async move { self.save_canned(admin, r) })
                    })
                    .await
                }
                DeleteCanned::PATH => {
                    serve(&mut req, |c: DeleteCanned| {
                        self.as_admin(c.0, |admin, _, id| async move {
                            self.delete_canned(admin, id.ok_or(AppError::NotFound)?)
                        })
                    })
                    .await
                }
                CreateChannel::PATH => {
                    serve(&mut req, |c: CreateChannel| {
                        self.as_admin(c.0, |admin, input, _| self.save_channel(admin, input, None))
                    })
                    .await
                }
                UpdateChannel::PATH => {
                    serve(&mut req, |c: UpdateChannel| {
                        self.as_admin(c.0, |admin, input, id| self.save_channel(admin, input, id))
                    })
                    .await
                }
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        self.meter.rows(&self.state.storage().sql());
        Ok(result.unwrap_or_else(AppError::into_response))
    }
}

impl WorkspaceDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    fn meta(&self) -> Kv {
        Kv::new(self.sql(), "meta")
    }

    fn exists(&self) -> AppResult<bool> {
        self.meta().has(&keys::ID)
    }
}

/// The operator a request names (`Authed::id`): a login, else 404.
fn operator_named(id: Option<String>) -> AppResult<Login> {
    id.and_then(|l| Login::parse(l).ok()).ok_or(AppError::NotFound)
}
