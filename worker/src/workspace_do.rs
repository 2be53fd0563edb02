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
//! named [`DEMO_WORKSPACE`] fills itself with demo data on first use.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use switchboard_core::chatbot;
use switchboard_core::ids::ChannelId;
use switchboard_core::limits::MAX_CANNED_RESPONSES;
use switchboard_core::protocol::{
    CannedResponse, ChannelInfo, ChannelInput, ChannelSettings, ChatbotInfo, ChatbotScript, ExpertiseInfo,
    ExpertiseInput, Language, LanguagesUpdate, Login, Me, NewOperator, OperatorInfo, OperatorUpdate,
    ProfileUpdate, SignUp, WorkspaceSettings, WorkspaceView,
};
use switchboard_core::workspace::{self as rules, FieldError, KNOWN_LANGUAGES};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue, State,
};

use crate::auth;
use crate::channel_do::{ChannelConfig, Member};
use crate::directory_do::{Entry, LoginOnly};
use crate::error::{AppError, AppResult};
use crate::internal::{self, CHANNELS, DIRECTORY, DIRECTORY_NAME, OPERATORS};
use crate::kv::Kv;
use crate::schema;

/// How long a login session lasts without logging in again.
pub const SESSION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

pub const DEMO_WORKSPACE: &str = "demo";
/// The demo operators: (login, full name, online chat name, password, admin).
pub const DEMO_OPERATORS: [(&str, &str, &str, &str, bool); 2] = [
    ("mitchell", "Mitchell Admin", "Mitchell", "demo-mitchell", true),
    ("marc", "Marc Demo", "", "demo-marc", false),
];
pub const DEMO_CHANNEL: (&str, &str, &str) =
    ("demo", "Website support", "Hello! Ask us anything about your order.");
const DEFAULT_LANGUAGES: [&str; 1] = ["en"];

#[derive(Serialize, Deserialize)]
pub struct LoggedIn {
    pub token: String,
    pub me: Me,
}

#[derive(Serialize, Deserialize)]
pub struct TokenBody {
    pub token: String,
}

/// A request made on behalf of a logged-in operator (the token is checked
/// here, with the role the route needs).
#[derive(Serialize, Deserialize)]
pub struct Authed<T> {
    pub token: String,
    #[serde(default)]
    pub id: Option<String>,
    pub body: T,
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
    admin: i64,
    languages: String,
    // SQLite BLOBs arrive as byte arrays, not sequences.
    #[serde(with = "serde_bytes")]
    salt: Vec<u8>,
    #[serde(with = "serde_bytes")]
    hash: Vec<u8>,
    capacity: Option<i64>,
}

const OPERATOR_COLUMNS: &str = "login, name, chat_name, admin, languages, salt, hash, capacity";

impl DurableObject for WorkspaceDo {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        Kv::create(&sql, "meta");
        schema::create(
            &sql,
            "workspace",
            &[
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
        );
        schema::add_columns(
            &sql,
            &[
                ("channels", "welcome TEXT NOT NULL DEFAULT ''"),
                ("channels", "operators TEXT NOT NULL DEFAULT '[]'"),
                ("channels", "origins TEXT NOT NULL DEFAULT '[]'"),
                ("channels", "welcomes TEXT NOT NULL DEFAULT '[]'"),
                ("channels", "chatbot TEXT"),
                ("operators", "capacity INTEGER"),
            ],
        );
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let result = async {
            // The edge names the workspace in every internal URL.
            let url = req.url()?;
            let workspace = url.query_pairs().find(|(k, _)| k == "workspace").map(|(_, v)| v.into_owned());
            let workspace = workspace.ok_or_else(|| AppError::Internal("no workspace in the URL".into()))?;
            self.seed_if_demo(&workspace).await?;
            match req.path().as_str() {
                "/seed" => ok(), // seeding happened above
                "/create" => self.create(&workspace, internal::body(&mut req).await?).await,
                "/login" => self.login(internal::body(&mut req).await?).await,
                "/logout" => self.logout(internal::body(&mut req).await?),
                "/session" => {
                    let t: TokenBody = internal::body(&mut req).await?;
                    json(&self.me(&self.caller(&t.token)?)?)
                }
                "/view" => {
                    let t: TokenBody = internal::body(&mut req).await?;
                    let op = self.caller(&t.token)?;
                    let mut view = self.view()?;
                    view.channels = self.channels_of(&op)?;
                    json(&view)
                }
                "/profile" => self.profile(authed(&mut req).await?).await,
                "/operators" => self.add_operator(authed(&mut req).await?).await,
                "/operators/update" => self.update_operator(authed(&mut req).await?).await,
                "/languages" => self.languages(authed(&mut req).await?).await,
                "/settings" => self.save_settings(authed(&mut req).await?).await,
                "/expertise/create" => self.save_expertise(authed(&mut req).await?, None).await,
                "/expertise/update" => {
                    let a: Authed<ExpertiseInput> = authed(&mut req).await?;
                    let id = a.id.clone().ok_or(AppError::NotFound)?;
                    self.save_expertise(a, Some(id)).await
                }
                "/expertise/delete" => self.delete_expertise(authed(&mut req).await?).await,
                "/chatbots" => {
                    let a: Authed<serde_json::Value> = authed(&mut req).await?;
                    self.admin(&a.token)?;
                    json(&self.chatbots()?)
                }
                "/chatbots/save" => self.save_chatbot(authed(&mut req).await?).await,
                "/chatbots/delete" => self.delete_chatbot(authed(&mut req).await?),
                "/canned" => {
                    let a: Authed<serde_json::Value> = authed(&mut req).await?;
                    self.caller(&a.token)?;
                    json(&self.canned()?)
                }
                "/canned/save" => self.save_canned(authed(&mut req).await?),
                "/canned/delete" => self.delete_canned(authed(&mut req).await?),
                "/channels/create" => self.save_channel(authed(&mut req).await?).await,
                "/channels/update" => self.save_channel(authed(&mut req).await?).await,
                _ => Err(AppError::NotFound),
            }
        }
        .await;
        Ok(result.unwrap_or_else(AppError::into_response))
    }
}

/// Whether `op` works in `c`: admins in every channel, others in those that
/// list no operators or list them.
fn works_in(op: &OperatorRow, c: &ChannelSettings) -> bool {
    op.admin != 0 || c.operators.is_empty() || c.operators.contains(&op.login)
}

async fn authed<T: DeserializeOwned>(req: &mut Request) -> AppResult<Authed<T>> {
    internal::body(req).await
}

fn json<T: Serialize>(value: &T) -> AppResult<Response> {
    Ok(Response::from_json(value)?)
}

fn ok() -> AppResult<Response> {
    json(&serde_json::json!({}))
}

impl WorkspaceDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    fn meta(&self, key: &str) -> AppResult<Option<String>> {
        Kv::new(self.sql(), "meta").get(key)
    }

    fn set_meta(&self, key: &str, value: &str) -> AppResult<()> {
        Kv::new(self.sql(), "meta").set(key, value)
    }

    fn exists(&self) -> AppResult<bool> {
        Ok(self.meta("id")?.is_some())
    }

    fn enabled_languages(&self) -> AppResult<Vec<String>> {
        Ok(serde_json::from_str(&self.meta("languages")?.unwrap_or_else(|| "[]".into()))?)
    }

    /// Claims `login` in the directory for this workspace.
    async fn claim(&self, login: &str, workspace: &str) -> AppResult<()> {
        let dir = internal::stub(&self.env, DIRECTORY, DIRECTORY_NAME)?;
        let entry = Entry { login: login.to_owned(), workspace: workspace.to_owned() };
        internal::answer::<serde_json::Value>(internal::post(&dir, "/claim", &entry).await?).await?;
        Ok(())
    }

    async fn release(&self, login: &str) {
        if let Ok(dir) = internal::stub(&self.env, DIRECTORY, DIRECTORY_NAME) {
            let _ = internal::post(&dir, "/release", &LoginOnly { login: login.to_owned() }).await;
        }
    }

    /// Stores a new operator (validated by the caller).
    async fn insert_operator(
        &self,
        login: &str,
        name: &str,
        chat_name: &str,
        password: &str,
        admin: bool,
    ) -> AppResult<()> {
        let salt = auth::random_bytes(16)?;
        let hash = auth::hash_password(password, &salt).await?;
        self.sql().exec(
            "INSERT INTO operators (login, name, chat_name, admin, languages, salt, hash) VALUES (?, ?, ?, ?, '[]', ?, ?)",
            vec![login.into(), name.into(), chat_name.into(), (admin as i64).into(), salt.into(), hash.into()],
        )?;
        Ok(())
    }

    /// Tells the channel's object its settings (what visitors' requests need).
    async fn configure_channel(&self, c: &ChannelSettings) -> AppResult<()> {
        let workspace = self.meta("id")?.unwrap_or_default();
        let stub = internal::stub(&self.env, CHANNELS, c.id.as_str())?;
        let config = ChannelConfig {
            id: c.id.to_string(),
            workspace,
            name: c.name.clone(),
            welcome: c.welcome.clone(),
            welcomes: c.welcomes.clone(),
            origins: c.origins.clone(),
            settings: self.settings()?,
            online: false,
            chatbot: match &c.chatbot {
                Some(bot) => self.chatbot(&bot.script)?,
                None => None,
            },
            chatbot_only_when_offline: c.chatbot.as_ref().is_some_and(|b| b.only_when_offline),
        };
        internal::answer::<serde_json::Value>(internal::post(&stub, "/configure", &config).await?).await?;
        Ok(())
    }

    async fn seed_if_demo(&self, workspace: &str) -> AppResult<()> {
        if workspace != DEMO_WORKSPACE || !crate::demo_seed(&self.env) || self.exists()? {
            return Ok(());
        }
        for (login, name, chat_name, password, admin) in DEMO_OPERATORS {
            self.insert_operator(login, name, chat_name, password, admin).await?;
        }
        let sql = self.sql();
        sql.exec(
            "UPDATE operators SET languages = ? WHERE login = 'mitchell'",
            vec![r#"["en","fr"]"#.into()],
        )?;
        sql.exec("UPDATE operators SET languages = ? WHERE login = 'marc'", vec![r#"["en"]"#.into()])?;
        sql.exec(
            "INSERT INTO expertise (id, name) VALUES ('billing', 'Billing'), ('shipping', 'Shipping')",
            None,
        )?;
        sql.exec("INSERT INTO operator_expertise (login, expertise) VALUES ('marc', 'billing')", None)?;
        sql.exec(
            "INSERT INTO channels (id, name, welcome) VALUES (?, ?, ?)",
            vec![DEMO_CHANNEL.0.into(), DEMO_CHANNEL.1.into(), DEMO_CHANNEL.2.into()],
        )?;
        // A chatbot script to try (Live Chat → Chatbots; a channel runs it once chosen there).
        let script: ChatbotScript = serde_json::from_value(serde_json::json!({
            "name": "Support", "bot_name": "Sam", "default_lang": "en",
            "steps": [
                { "id": "topic", "text": { "default": "Hi, I am Sam. What is it about?",
                    "translations": [{ "lang": "fr", "text": "Bonjour, je suis Sam. C'est à quel sujet ?" }] },
                  "kind": { "question": { "answers": [
                    { "label": { "default": "Billing", "translations": [{ "lang": "fr", "text": "Facturation" }] },
                      "expertise": ["billing"] },
                    { "label": { "default": "Shipping", "translations": [{ "lang": "fr", "text": "Livraison" }] },
                      "expertise": ["shipping"] },
                    { "label": { "default": "Something else", "translations": [{ "lang": "fr", "text": "Autre chose" }] } }
                  ] } } },
                { "id": "forward", "text": { "default": "Let me find someone for you." },
                  "kind": { "forward": { "no_operator": "email" } } },
                { "id": "email", "text": { "default": "Nobody is free right now. What is your email address?" },
                  "kind": "ask_email" },
                { "id": "bye", "text": { "default": "Thank you! We will write to you soon." }, "kind": "end" }
            ]
        }))?;
        sql.exec(
            "INSERT INTO chatbots (id, script) VALUES ('support', ?)",
            vec![serde_json::to_string(&script)?.into()],
        )?;
        self.set_meta("name", "Demo shop")?;
        self.set_meta("languages", r#"["en","fr","de"]"#)?;
        self.set_meta("id", DEMO_WORKSPACE)?;
        let demo = self.channel_settings()?.into_iter().next().ok_or(AppError::NotFound)?;
        self.configure_channel(&demo).await
    }

    /// Sign-up: this (new, empty) workspace and its first admin.
    async fn create(&self, workspace: &str, s: SignUp) -> AppResult<Response> {
        let workspace_name = rules::name("workspace_name", &s.workspace_name)?;
        let name = rules::name("name", &s.name)?;
        let login = rules::login(&s.login)?;
        rules::password(&s.password)?;
        if self.exists()? {
            return Err(AppError::Conflict("This workspace exists already.".into()));
        }
        self.claim(&login, workspace).await?;
        if let Err(e) = self.insert_operator(&login, &name, "", &s.password, true).await {
            self.release(&login).await;
            return Err(e);
        }
        self.set_meta("name", &workspace_name)?;
        self.set_meta("languages", &serde_json::to_string(&DEFAULT_LANGUAGES)?)?;
        self.set_meta("id", workspace)?;
        self.start_session(&login)
    }

    fn operator(&self, login: &str) -> AppResult<Option<OperatorRow>> {
        let rows: Vec<OperatorRow> = self
            .sql()
            .exec(&format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE login = ?"), vec![login.into()])?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Every channel's settings, by name.
    fn channel_settings(&self) -> AppResult<Vec<ChannelSettings>> {
        #[derive(Deserialize)]
        struct Ch {
            id: String,
            name: String,
            welcome: String,
            welcomes: String,
            operators: String,
            origins: String,
            chatbot: Option<String>,
        }
        let rows: Vec<Ch> = self
            .sql()
            .exec(
                "SELECT id, name, welcome, welcomes, operators, origins, chatbot FROM channels ORDER BY name",
                None,
            )?
            .to_array()?;
        Ok(rows
            .into_iter()
            .filter_map(|c| {
                Some(ChannelSettings {
                    id: ChannelId::parse(c.id).ok()?,
                    name: c.name,
                    welcome: c.welcome,
                    welcomes: serde_json::from_str(&c.welcomes).ok()?,
                    operators: serde_json::from_str(&c.operators).ok()?,
                    origins: serde_json::from_str(&c.origins).ok()?,
                    chatbot: c.chatbot.and_then(|b| serde_json::from_str(&b).ok()),
                })
            })
            .collect())
    }

    /// The channels `op` works in: all for admins; else those that list no
    /// operators or list them.
    fn channels_of(&self, op: &OperatorRow) -> AppResult<Vec<ChannelSettings>> {
        Ok(self.channel_settings()?.into_iter().filter(|c| works_in(op, c)).collect())
    }

    fn me(&self, op: &OperatorRow) -> AppResult<Me> {
        Ok(Me {
            workspace: self.meta("id")?.unwrap_or_default(),
            workspace_name: self.meta("name")?.unwrap_or_default(),
            login: op.login.clone(),
            name: op.name.clone(),
            display_name: if op.chat_name.is_empty() { op.name.clone() } else { op.chat_name.clone() },
            admin: op.admin != 0,
            languages: serde_json::from_str(&op.languages).unwrap_or_default(),
            expertise: self.expertise_of(&op.login)?,
            channels: self
                .channels_of(op)?
                .into_iter()
                .map(|c| ChannelInfo { id: c.id, name: c.name })
                .collect(),
            capacity: op.capacity.map(|c| c as u32),
        })
    }

    fn expertise_of(&self, login: &str) -> AppResult<Vec<String>> {
        #[derive(Deserialize)]
        struct E {
            expertise: String,
        }
        let rows: Vec<E> = self
            .sql()
            .exec(
                "SELECT expertise FROM operator_expertise WHERE login = ? ORDER BY expertise",
                vec![login.into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().map(|e| e.expertise).collect())
    }

    fn start_session(&self, login: &str) -> AppResult<Response> {
        let op = self.operator(login)?.ok_or(AppError::Unauthorized)?;
        let token = auth::token()?;
        let now = crate::now_ms();
        let sql = self.sql();
        sql.exec("DELETE FROM sessions WHERE expires_at < ?", vec![now.into()])?;
        sql.exec(
            "INSERT INTO sessions (token, login, expires_at) VALUES (?, ?, ?)",
            vec![token.as_str().into(), login.into(), (now + SESSION_TTL_MS).into()],
        )?;
        Ok(Response::from_json(&LoggedIn { token, me: self.me(&op)? })?)
    }

    async fn login(&self, body: Login) -> AppResult<Response> {
        let op = self.operator(&body.login.trim().to_lowercase())?;
        // Hash even for an unknown login, so timing does not tell logins apart.
        let (salt, expected) = match &op {
            Some(op) => (op.salt.clone(), op.hash.clone()),
            None => (vec![0u8; 16], vec![0xffu8; 32]),
        };
        let hash = auth::hash_password(&body.password, &salt).await?;
        match op.filter(|_| auth::same_secret(&hash, &expected)) {
            Some(op) => self.start_session(&op.login),
            None => Err(AppError::Unauthorized),
        }
    }

    fn logout(&self, body: TokenBody) -> AppResult<Response> {
        self.sql().exec("DELETE FROM sessions WHERE token = ?", vec![body.token.into()])?;
        ok()
    }

    /// The operator a session token belongs to.
    fn caller(&self, token: &str) -> AppResult<OperatorRow> {
        #[derive(Deserialize)]
        struct S {
            login: String,
        }
        let rows: Vec<S> = self
            .sql()
            .exec(
                "SELECT login FROM sessions WHERE token = ? AND expires_at >= ?",
                vec![token.into(), crate::now_ms().into()],
            )?
            .to_array()?;
        let login = rows.into_iter().next().ok_or(AppError::Unauthorized)?.login;
        self.operator(&login)?.ok_or(AppError::Unauthorized)
    }

    fn admin(&self, token: &str) -> AppResult<OperatorRow> {
        let op = self.caller(token)?;
        if op.admin == 0 {
            return Err(AppError::Forbidden);
        }
        Ok(op)
    }

    fn expertise_ids(&self) -> AppResult<Vec<String>> {
        #[derive(Deserialize)]
        struct E {
            id: String,
        }
        let rows: Vec<E> = self.sql().exec("SELECT id FROM expertise", None)?.to_array()?;
        Ok(rows.into_iter().map(|e| e.id).collect())
    }

    fn view(&self) -> AppResult<WorkspaceView> {
        #[derive(Deserialize)]
        struct Link {
            login: String,
            expertise: String,
        }
        #[derive(Deserialize)]
        struct E {
            id: String,
            name: String,
        }
        let sql = self.sql();
        let links: Vec<Link> =
            sql.exec("SELECT login, expertise FROM operator_expertise ORDER BY login", None)?.to_array()?;
        let ops: Vec<OperatorRow> =
            sql.exec(&format!("SELECT {OPERATOR_COLUMNS} FROM operators ORDER BY name"), None)?.to_array()?;
        let expertise: Vec<E> = sql.exec("SELECT id, name FROM expertise ORDER BY name", None)?.to_array()?;
        let language = |tag: &str| Language { tag: tag.to_owned(), name: rules::native_name(tag) };
        Ok(WorkspaceView {
            id: self.meta("id")?.unwrap_or_default(),
            name: self.meta("name")?.unwrap_or_default(),
            languages: self.enabled_languages()?.iter().map(|t| language(t)).collect(),
            known_languages: KNOWN_LANGUAGES.iter().map(|(t, _)| language(t)).collect(),
            operators: ops
                .into_iter()
                .map(|o| OperatorInfo {
                    expertise: links
                        .iter()
                        .filter(|l| l.login == o.login)
                        .map(|l| l.expertise.clone())
                        .collect(),
                    languages: serde_json::from_str(&o.languages).unwrap_or_default(),
                    chat_name: (!o.chat_name.is_empty()).then_some(o.chat_name),
                    admin: o.admin != 0,
                    capacity: o.capacity.map(|c| c as u32),
                    login: o.login,
                    name: o.name,
                })
                .collect(),
            expertise: expertise
                .into_iter()
                .map(|e| ExpertiseInfo {
                    operators: links
                        .iter()
                        .filter(|l| l.expertise == e.id)
                        .map(|l| l.login.clone())
                        .collect(),
                    id: e.id,
                    name: e.name,
                })
                .collect(),
            channels: self.channel_settings()?,
            settings: self.settings()?,
        })
    }

    fn settings(&self) -> AppResult<WorkspaceSettings> {
        Ok(self.meta("settings")?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
    }

    async fn save_settings(&self, a: Authed<WorkspaceSettings>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let settings = rules::settings(a.body)?;
        self.set_meta("settings", &serde_json::to_string(&settings)?)?;
        for channel in self.channel_settings()? {
            self.configure_channel(&channel).await?;
        }
        json(&self.settings()?)
    }

    /// Tells every channel the current profile of these operators (name,
    /// languages, expertise, capacity), so that assignment uses it at once;
    /// channels they have not joined ignore it. `None`: every operator.
    async fn refresh_members(&self, logins: Option<&[String]>) -> AppResult<()> {
        let ops: Vec<OperatorRow> =
            self.sql().exec(&format!("SELECT {OPERATOR_COLUMNS} FROM operators"), None)?.to_array()?;
        let mut members = vec![];
        for op in ops.iter().filter(|o| logins.is_none_or(|l| l.contains(&o.login))) {
            members.push(Member::of(&self.me(op)?));
        }
        for channel in self.channel_settings()? {
            let stub = internal::stub(&self.env, CHANNELS, channel.id.as_str())?;
            internal::answer::<serde_json::Value>(internal::post(&stub, "/refresh", &members).await?).await?;
        }
        Ok(())
    }

    /// An operator's own capacity (admins).
    async fn update_operator(&self, a: Authed<OperatorUpdate>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let login = a.id.ok_or(AppError::NotFound)?;
        self.operator(&login)?.ok_or(AppError::NotFound)?;
        let capacity = a.body.capacity.map(rules::capacity).transpose()?;
        self.sql().exec(
            "UPDATE operators SET capacity = ? WHERE login = ?",
            vec![capacity.map(i64::from).into(), login.as_str().into()],
        )?;
        self.refresh_members(Some(std::slice::from_ref(&login))).await?;
        self.operator_info(&login)
    }

    /// One operator as the Configuration page lists them.
    fn operator_info(&self, login: &str) -> AppResult<Response> {
        let info = self.view()?.operators.into_iter().find(|o| o.login == login);
        json(&info.ok_or(AppError::NotFound)?)
    }

    async fn profile(&self, a: Authed<ProfileUpdate>) -> AppResult<Response> {
        let op = self.caller(&a.token)?;
        let chat_name = rules::optional_name("chat_name", &a.body.chat_name)?.unwrap_or_default();
        let languages = rules::chat_languages(&a.body.languages, &self.enabled_languages()?)?;
        let known = self.expertise_ids()?;
        if let Some(bad) = a.body.expertise.iter().find(|e| !known.contains(e)) {
            return Err(FieldError {
                field: "expertise",
                message: format!("There is no expertise {bad:?}."),
            }
            .into());
        }
        let sql = self.sql();
        sql.exec(
            "UPDATE operators SET chat_name = ?, languages = ? WHERE login = ?",
            vec![chat_name.into(), serde_json::to_string(&languages)?.into(), op.login.as_str().into()],
        )?;
        sql.exec("DELETE FROM operator_expertise WHERE login = ?", vec![op.login.as_str().into()])?;
        for e in &a.body.expertise {
            sql.exec(
                "INSERT OR IGNORE INTO operator_expertise (login, expertise) VALUES (?, ?)",
                vec![op.login.as_str().into(), e.as_str().into()],
            )?;
        }
        let op = self.operator(&op.login)?.ok_or(AppError::Unauthorized)?;
        self.refresh_members(Some(std::slice::from_ref(&op.login))).await?;
        Ok(Response::from_json(&self.me(&op)?)?)
    }

    async fn add_operator(&self, a: Authed<NewOperator>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let n = a.body;
        let name = rules::name("name", &n.name)?;
        let login = rules::login(&n.login)?;
        rules::password(&n.password)?;
        let workspace = self.meta("id")?.unwrap_or_default();
        self.claim(&login, &workspace).await?;
        if let Err(e) = self.insert_operator(&login, &name, "", &n.password, n.admin).await {
            self.release(&login).await;
            return Err(e);
        }
        self.operator_info(&login)
    }

    async fn languages(&self, a: Authed<LanguagesUpdate>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let enabled = rules::enabled_languages(&a.body.enabled)?;
        self.set_meta("languages", &serde_json::to_string(&enabled)?)?;
        // A language switched off leaves every operator's profile too.
        #[derive(Deserialize)]
        struct L {
            login: String,
            languages: String,
        }
        let sql = self.sql();
        let rows: Vec<L> = sql.exec("SELECT login, languages FROM operators", None)?.to_array()?;
        for row in rows {
            let mine: Vec<String> = serde_json::from_str(&row.languages).unwrap_or_default();
            let kept: Vec<&String> = mine.iter().filter(|t| enabled.contains(t)).collect();
            if kept.len() != mine.len() {
                sql.exec(
                    "UPDATE operators SET languages = ? WHERE login = ?",
                    vec![serde_json::to_string(&kept)?.into(), row.login.into()],
                )?;
            }
        }
        self.refresh_members(None).await?;
        json(&self.view()?)
    }

    async fn save_expertise(&self, a: Authed<ExpertiseInput>, id: Option<String>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let name = rules::name("name", &a.body.name)?;
        let view = self.view()?;
        if let Some(bad) = a.body.operators.iter().find(|l| !view.operators.iter().any(|o| &o.login == *l)) {
            return Err(
                FieldError { field: "operators", message: format!("There is no operator {bad:?}.") }.into()
            );
        }
        let clash =
            view.expertise.iter().any(|e| e.name.eq_ignore_ascii_case(&name) && Some(&e.id) != id.as_ref());
        if clash {
            return Err(
                FieldError { field: "name", message: "An expertise with this name exists.".into() }.into()
            );
        }
        let sql = self.sql();
        let id = match id {
            Some(id) => {
                if !view.expertise.iter().any(|e| e.id == id) {
                    return Err(AppError::NotFound);
                }
                sql.exec(
                    "UPDATE expertise SET name = ? WHERE id = ?",
                    vec![name.into(), id.as_str().into()],
                )?;
                id
            }
            None => {
                let id = auth::new_id()?;
                sql.exec(
                    "INSERT INTO expertise (id, name) VALUES (?, ?)",
                    vec![id.as_str().into(), name.into()],
                )?;
                id
            }
        };
        sql.exec("DELETE FROM operator_expertise WHERE expertise = ?", vec![id.as_str().into()])?;
        for login in &a.body.operators {
            sql.exec(
                "INSERT OR IGNORE INTO operator_expertise (login, expertise) VALUES (?, ?)",
                vec![login.as_str().into(), id.as_str().into()],
            )?;
        }
        self.refresh_members(None).await?;
        self.view()?
            .expertise
            .into_iter()
            .find(|e| e.id == id)
            .ok_or(AppError::NotFound)
            .and_then(|x| json(&x))
    }

    async fn delete_expertise(&self, a: Authed<serde_json::Value>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let id = a.id.ok_or(AppError::NotFound)?;
        if !self.expertise_ids()?.contains(&id) {
            return Err(AppError::NotFound);
        }
        let sql = self.sql();
        sql.exec("DELETE FROM operator_expertise WHERE expertise = ?", vec![id.as_str().into()])?;
        sql.exec("DELETE FROM expertise WHERE id = ?", vec![id.into()])?;
        self.refresh_members(None).await?;
        ok()
    }

    /// The workspace's canned responses, by shortcut.
    fn canned(&self) -> AppResult<Vec<CannedResponse>> {
        Ok(self.sql().exec("SELECT shortcut, text FROM canned ORDER BY shortcut", None)?.to_array()?)
    }

    /// Saves a canned response under its shortcut (replacing one with the
    /// same shortcut).
    fn save_canned(&self, a: Authed<CannedResponse>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let c = rules::canned(&a.body)?;
        let list = self.canned()?;
        if list.len() >= MAX_CANNED_RESPONSES && !list.iter().any(|x| x.shortcut == c.shortcut) {
            return Err(FieldError {
                field: "shortcut",
                message: format!("A workspace keeps at most {MAX_CANNED_RESPONSES} canned responses."),
            }
            .into());
        }
        self.sql().exec(
            "INSERT INTO canned (shortcut, text) VALUES (?, ?) ON CONFLICT(shortcut) DO UPDATE SET text = excluded.text",
            vec![c.shortcut.as_str().into(), c.text.as_str().into()],
        )?;
        json(&c)
    }

    fn delete_canned(&self, a: Authed<serde_json::Value>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let shortcut = a.id.ok_or(AppError::NotFound)?;
        if !self.canned()?.iter().any(|c| c.shortcut == shortcut) {
            return Err(AppError::NotFound);
        }
        self.sql().exec("DELETE FROM canned WHERE shortcut = ?", vec![shortcut.into()])?;
        ok()
    }

    /// The workspace's chatbot scripts, by id.
    fn chatbots(&self) -> AppResult<Vec<ChatbotInfo>> {
        self.chatbots_where("", vec![])
    }

    /// The script `id`, if the workspace has it.
    fn chatbot(&self, id: &str) -> AppResult<Option<ChatbotScript>> {
        Ok(self.chatbots_where("WHERE id = ?", vec![id.into()])?.pop().map(|c| c.script))
    }

    fn chatbots_where(&self, condition: &str, args: Vec<SqlStorageValue>) -> AppResult<Vec<ChatbotInfo>> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
            script: String,
        }
        let rows: Vec<Row> = self
            .sql()
            .exec(&format!("SELECT id, script FROM chatbots {condition} ORDER BY id"), args)?
            .to_array()?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some(ChatbotInfo { id: r.id, script: serde_json::from_str(&r.script).ok()? }))
            .collect())
    }

    /// Creates (no id) or updates (`a.id`) a chatbot script, if it is sound
    /// and names only this workspace's expertise and languages; else every
    /// problem, in words.
    async fn save_chatbot(&self, a: Authed<ChatbotScript>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let script = a.body;
        let view = self.view()?;
        let expertise: Vec<(String, String)> =
            view.expertise.iter().map(|e| (e.id.clone(), e.name.clone())).collect();
        let enabled: Vec<String> = view.languages.iter().map(|l| l.tag.clone()).collect();
        let mut problems = chatbot::validate(&script);
        problems.extend(chatbot::check_references(&script, &expertise, &enabled));
        if !problems.is_empty() {
            return Err(FieldError { field: "script", message: problems.join("\n") }.into());
        }
        let id = match a.id {
            Some(id) if self.chatbot(&id)?.is_some() => id,
            Some(_) => return Err(AppError::NotFound),
            None => auth::new_id()?,
        };
        self.sql().exec(
            "INSERT INTO chatbots (id, script) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET script = excluded.script",
            vec![id.as_str().into(), serde_json::to_string(&script)?.into()],
        )?;
        // Channels that run it run the new version from the next conversation.
        for c in self.channel_settings()? {
            if c.chatbot.as_ref().is_some_and(|b| b.script == id) {
                self.configure_channel(&c).await?;
            }
        }
        json(&ChatbotInfo { id, script })
    }

    fn delete_chatbot(&self, a: Authed<serde_json::Value>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let id = a.id.ok_or(AppError::NotFound)?;
        if self.chatbot(&id)?.is_none() {
            return Err(AppError::NotFound);
        }
        if let Some(c) =
            self.channel_settings()?.into_iter().find(|c| c.chatbot.as_ref().is_some_and(|b| b.script == id))
        {
            return Err(AppError::Conflict(format!(
                "The channel “{}” runs this script: choose another one there first.",
                c.name
            )));
        }
        self.sql().exec("DELETE FROM chatbots WHERE id = ?", vec![id.into()])?;
        ok()
    }

    /// Creates (no id) or updates (`a.id`) a channel.
    async fn save_channel(&self, a: Authed<ChannelInput>) -> AppResult<Response> {
        self.admin(&a.token)?;
        let input = a.body;
        let name = rules::name("name", &input.name)?;
        let welcome = rules::welcome(&input.welcome)?;
        let welcomes = rules::welcomes(&input.welcomes, &self.enabled_languages()?)?;
        let origins = rules::origins(&input.origins)?;
        let known: Vec<String> = self.view()?.operators.into_iter().map(|o| o.login).collect();
        if let Some(bad) = input.operators.iter().find(|l| !known.contains(l)) {
            return Err(
                FieldError { field: "operators", message: format!("There is no operator {bad:?}.") }.into()
            );
        }
        if let Some(bot) = &input.chatbot {
            if self.chatbot(&bot.script)?.is_none() {
                let message = format!("There is no chatbot script {:?}.", bot.script);
                return Err(FieldError { field: "chatbot", message }.into());
            }
        }
        let id = match a.id {
            Some(id) if self.channel_settings()?.iter().any(|c| c.id.as_str() == id) => id,
            Some(_) => return Err(AppError::NotFound),
            None => auth::new_id()?,
        };
        let settings = ChannelSettings {
            id: ChannelId::parse(id).map_err(|e| AppError::Internal(e.to_string()))?,
            name,
            welcome,
            welcomes,
            operators: input.operators,
            origins,
            chatbot: input.chatbot,
        };
        self.configure_channel(&settings).await?;
        let before = self.channel_lists()?;
        self.sql().exec(
            "INSERT INTO channels (id, name, welcome, welcomes, operators, origins, chatbot) \
             VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, welcome = excluded.welcome, \
             welcomes = excluded.welcomes, operators = excluded.operators, origins = excluded.origins, \
             chatbot = excluded.chatbot",
            vec![
                settings.id.as_str().into(),
                settings.name.as_str().into(),
                settings.welcome.as_str().into(),
                serde_json::to_string(&settings.welcomes)?.into(),
                serde_json::to_string(&settings.operators)?.into(),
                serde_json::to_string(&settings.origins)?.into(),
                settings.chatbot.as_ref().map(serde_json::to_string).transpose()?.into(),
            ],
        )?;
        self.tell_buses(before).await;
        json(&settings)
    }

    /// Each operator's channels, as their bus knows them.
    fn channel_lists(&self) -> AppResult<Vec<(String, Vec<ChannelInfo>)>> {
        let ops: Vec<OperatorRow> =
            self.sql().exec(&format!("SELECT {OPERATOR_COLUMNS} FROM operators"), None)?.to_array()?;
        let channels = self.channel_settings()?;
        Ok(ops
            .iter()
            .map(|op| {
                let mine = channels
                    .iter()
                    .filter(|c| works_in(op, c))
                    .map(|c| ChannelInfo { id: c.id.clone(), name: c.name.clone() })
                    .collect();
                (op.login.clone(), mine)
            })
            .collect())
    }

    /// Tells the bus of every operator whose channels changed since
    /// `before` their list now, so their open tabs list (and watch) a new
    /// channel at once. A bus that fails is logged: the tab's next load
    /// has the list anyway.
    async fn tell_buses(&self, before: Vec<(String, Vec<ChannelInfo>)>) {
        let (Ok(now), Ok(Some(workspace))) = (self.channel_lists(), self.meta("id")) else { return };
        let tells =
            now.into_iter().filter(|(login, list)| !before.iter().any(|b| b.0 == *login && b.1 == *list));
        let asks = tells.map(|(login, list)| {
            let workspace = workspace.clone();
            async move {
                let stub = internal::stub(&self.env, OPERATORS, &internal::bus_name(&workspace, &login))?;
                internal::answer::<serde_json::Value>(internal::post(&stub, "/channels", &list).await?).await
            }
        });
        for result in futures_util::future::join_all(asks).await {
            if let Err(e) = result {
                e.log();
            }
        }
    }
}
