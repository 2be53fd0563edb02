//! Accounts and sessions: sign-up, the demo's seed, log-in and log-out,
//! and who a token is (and whether an admin).

use super::*;
use switchboard_core::backoff::{self, Failures};

impl WorkspaceDo {
    /// Claims `login` in the directory for this workspace.
    pub(super) async fn claim(&self, login: &Login, workspace: &WorkspaceId) -> AppResult<()> {
        let dir = internal::stub(&self.env, DIRECTORY, DIRECTORY_NAME)?;
        let entry = Entry { login: login.clone(), workspace: workspace.clone() };
        rpc::call(&dir, &Claim(entry)).await
    }

    pub(super) async fn release(&self, login: &Login) {
        if let Ok(dir) = internal::stub(&self.env, DIRECTORY, DIRECTORY_NAME) {
            let _ = rpc::call(&dir, &Release(LoginOnly { login: login.clone() })).await;
        }
    }

    /// Stores a new operator (validated by the caller). Without a password
    /// (invited), none that anyone types matches: the hash is empty.
    pub(super) async fn insert_operator(
        &self,
        login: &Login,
        name: &str,
        chat_name: &str,
        password: Option<&str>,
        admin: bool,
    ) -> AppResult<()> {
        let salt = auth::random_bytes(16)?;
        let hash = match password {
            Some(password) => auth::hash_password(password, &salt).await?,
            None => vec![],
        };
        self.sql().exec(
            "INSERT INTO operators (login, name, chat_name, admin, languages, salt, hash) VALUES (?, ?, ?, ?, '[]', ?, ?)",
            vec![login.as_str().into(), name.into(), chat_name.into(), (admin as i64).into(), salt.into(), hash.into()],
        )?;
        Ok(())
    }

    pub(super) async fn seed_if_demo(&self, workspace: &WorkspaceId) -> AppResult<()> {
        if workspace.as_str() != DEMO_WORKSPACE || !crate::demo_seed(&self.env) || self.exists()? {
            return Ok(());
        }
        for (login, name, chat_name, password, admin) in DEMO_OPERATORS {
            self.insert_operator(&Login::parse(login)?, name, chat_name, Some(password), admin).await?;
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
        let meta = self.meta();
        meta.store(&keys::NAME, &"Demo shop".to_owned())?;
        meta.store(&keys::LANGUAGES, &["en", "fr", "de"].map(String::from).to_vec())?;
        meta.store(&keys::ID, workspace)?;
        let demo = self.channel_settings()?.into_iter().next().ok_or(AppError::NotFound)?;
        self.configure_channel(&demo).await
    }

    /// Sign-up: this (new, empty) workspace and its first admin.
    pub(super) async fn create(&self, workspace: &WorkspaceId, s: SignUp) -> AppResult<LoggedIn> {
        let workspace_name = rules::name("workspace_name", &s.workspace_name)?;
        let name = rules::person_name("name", &s.name)?;
        let login = rules::login(&s.login)?;
        rules::password(&s.password)?;
        if self.exists()? {
            return Err(AppError::Conflict("This workspace exists already.".into()));
        }
        self.claim(&login, workspace).await?;
        if let Err(e) = self.insert_operator(&login, &name, "", Some(&s.password), true).await {
            self.release(&login).await;
            return Err(e);
        }
        let meta = self.meta();
        meta.store(&keys::NAME, &workspace_name)?;
        meta.store(&keys::LANGUAGES, &DEFAULT_LANGUAGES.map(String::from).to_vec())?;
        meta.store(&keys::ID, workspace)?;
        self.start_session(&login)
    }

    pub(super) fn start_session(&self, login: &Login) -> AppResult<LoggedIn> {
        let op = self.operator(login)?.ok_or(AppError::Unauthorized)?;
        let token = auth::token()?;
        let now = crate::now_ms();
        let sql = self.sql();
        sql.exec("DELETE FROM sessions WHERE expires_at < ?", vec![now.into()])?;
        sql.exec(
            "INSERT INTO sessions (token, login, expires_at) VALUES (?, ?, ?)",
            vec![auth::digest(&token).into(), login.as_str().into(), (now + SESSION_TTL_MS).into()],
        )?;
        Ok(LoggedIn { token, me: self.me(&op)? })
    }

    /// Checks a password, unless the login must wait after wrong ones
    /// (`core::backoff`): then a 429 says how long, and nothing is checked.
    pub(super) async fn login(&self, body: Credentials) -> AppResult<LoggedIn> {
        let op = match rules::login(&body.login) {
            Ok(login) => self.operator(&login)?,
            Err(_) => None,
        };
        let now = crate::now_ms();
        let failures = match &op {
            Some(op) => self.failures(&op.login)?,
            None => Failures::default(),
        };
        if let Some(wait) = failures.wait_ms(now) {
            return Err(AppError::TooMany {
                message: format!(
                    "Too many wrong passwords for this login. Try again in {}.",
                    backoff::words(wait)
                ),
                retry_after_s: backoff::seconds(wait),
            });
        }
        // Hash even for an unknown login, so timing does not tell logins apart.
        let (salt, expected) = match &op {
            Some(op) => (op.salt.clone(), op.hash.clone()),
            None => (vec![0u8; 16], vec![0xffu8; 32]),
        };
        let hash = auth::hash_password(&body.password, &salt).await?;
        let right = auth::same_secret(&hash, &expected);
        match op {
            // Only the right password learns the account is disabled.
            Some(op) if right && op.disabled != 0 => Err(AppError::ForbiddenBecause(
                "This account is disabled. Ask an admin of your workspace.".into(),
            )),
            Some(op) if right => {
                if failures.count > 0 {
                    self.sql()
                        .exec("DELETE FROM login_failures WHERE login = ?", vec![op.login.as_str().into()])?;
                }
                self.start_session(&op.login)
            }
            Some(op) => {
                let f = failures.failed(now);
                self.sql().exec(
                    "INSERT INTO login_failures (login, count, last_ms) VALUES (?, ?, ?) \
                     ON CONFLICT(login) DO UPDATE SET count = excluded.count, last_ms = excluded.last_ms",
                    vec![op.login.as_str().into(), (f.count as i64).into(), f.last_ms.into()],
                )?;
                Err(AppError::Unauthorized)
            }
            None => Err(AppError::Unauthorized),
        }
    }

    fn failures(&self, login: &Login) -> AppResult<Failures> {
        #[derive(Deserialize)]
        struct Row {
            count: i64,
            last_ms: i64,
        }
        let rows: Vec<Row> = self
            .sql()
            .exec("SELECT count, last_ms FROM login_failures WHERE login = ?", vec![login.as_str().into()])?
            .to_array()?;
        Ok(rows.first().map_or(Failures::default(), |r| Failures {
            count: u32::try_from(r.count).unwrap_or(u32::MAX),
            last_ms: r.last_ms,
        }))
    }

    /// Ends the session: its cookie is refused from now on, and its open
    /// sockets close (the operator's bus closes them, `bus/revoke.rs`).
    pub(super) async fn logout(&self, body: TokenBody) -> AppResult<()> {
        let session = auth::digest(&body.token);
        let caller = self.caller(&body.token);
        self.sql().exec("DELETE FROM sessions WHERE token = ?", vec![session.as_str().into()])?;
        if let Ok(op) = caller {
            self.revoke(&op.login, Some(session)).await?;
        }
        Ok(())
    }

    /// Closes the sockets of one session of `login`, or (`None`) of all of
    /// them, whose rows are gone already.
    pub(super) async fn revoke(&self, login: &Login, session: Option<String>) -> AppResult<()> {
        self.tell_bus(login, Ended { session, keep: None }).await
    }

    pub(super) async fn tell_bus(&self, login: &Login, ended: Ended) -> AppResult<()> {
        let bus = internal::stub(&self.env, OPERATORS, &internal::bus_name(&self.workspace_id()?, login))?;
        rpc::call(&bus, &Revoke(ended)).await
    }

    /// The operator a session token belongs to.
    pub(super) fn caller(&self, token: &str) -> AppResult<OperatorRow> {
        #[derive(Deserialize)]
        struct S {
            login: Login,
        }
        let rows: Vec<S> = self
            .sql()
            .exec(
                "SELECT login FROM sessions WHERE token = ? AND expires_at >= ?",
                vec![auth::digest(token).into(), crate::now_ms().into()],
            )?
            .to_array()?;
        let login = rows.into_iter().next().ok_or(AppError::Unauthorized)?.login;
        self.operator(&login)?.filter(|op| op.disabled == 0).ok_or(AppError::Unauthorized)
    }

    pub(super) fn admin(&self, token: &str) -> AppResult<Admin> {
        let op = self.caller(token)?;
        if op.admin == 0 {
            return Err(AppError::Forbidden);
        }
        Ok(Admin(op))
    }

    /// Runs `handle` on behalf of the operator whose token `a` carries:
    /// who asks is checked here, once, and handed over as a value.
    pub(super) async fn as_operator<T, A, Fut>(
        &self,
        a: Authed<T>,
        handle: impl FnOnce(Operator, T) -> Fut,
    ) -> AppResult<A>
    where
        Fut: std::future::Future<Output = AppResult<A>>,
    {
        let op = Operator(self.caller(&a.token)?);
        handle(op, a.body).await
    }

    /// Runs `handle` on behalf of the admin whose token `a` carries (an
    /// operator is refused), with the item `a` names, if any.
    pub(super) async fn as_admin<T, A, Fut>(
        &self,
        a: Authed<T>,
        handle: impl FnOnce(Admin, T, Option<String>) -> Fut,
    ) -> AppResult<A>
    where
        Fut: std::future::Future<Output = AppResult<A>>,
    {
        let admin = self.admin(&a.token)?;
        handle(admin, a.body, a.id).await
    }
}

/// An operator of this workspace, as their session token shows them: made
/// only by [`WorkspaceDo::as_operator`], so a handler that takes one cannot
/// run for a stranger.
pub(super) struct Operator(pub(super) OperatorRow);

/// An admin of this workspace: made only by [`WorkspaceDo::admin`] (through
/// [`WorkspaceDo::as_admin`]), so an admin-only handler takes one.
pub(super) struct Admin(pub(super) OperatorRow);
