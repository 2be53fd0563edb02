//! The workspace's SQL: operators as rows, channels' settings, and the
//! views made of them (who is logged in, the workspace as admins see it).

use super::*;

/// What the workspace keeps in its `meta` table, with each value's type.
pub(super) mod keys {
    use super::*;

    /// Its own id (stored when it is made; `exists` asks for it).
    pub(in super::super) const ID: Key<WorkspaceId> = Key::new("id");
    pub(in super::super) const NAME: Key<String> = Key::new("name");
    /// The enabled languages (canonical BCP 47).
    pub(in super::super) const LANGUAGES: Key<Vec<String>> = Key::new("languages");
    /// Presence and assignment settings (defaults until an admin saves).
    pub(in super::super) const SETTINGS: Key<WorkspaceSettings> = Key::new("settings");
}

#[derive(Deserialize)]
pub(super) struct OperatorRow {
    pub(super) login: Login,
    pub(super) name: String,
    pub(super) chat_name: String,
    pub(super) admin: i64,
    pub(super) languages: String,
    // SQLite BLOBs arrive as byte arrays, not sequences.
    #[serde(with = "serde_bytes")]
    pub(super) salt: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub(super) hash: Vec<u8>,
    pub(super) capacity: Option<i64>,
    /// Disabled by an admin (1): no log-in, no channel.
    pub(super) disabled: i64,
    pub(super) inbox_language: Option<String>,
}

pub(super) const OPERATOR_COLUMNS: &str =
    "login, name, chat_name, admin, languages, salt, hash, capacity, disabled, inbox_language";

/// Whether `op` works in `c`: admins in every channel, others in those that
/// list no operators or list them.
pub(super) fn works_in(op: &OperatorRow, c: &ChannelSettings) -> bool {
    op.disabled == 0 && (op.admin != 0 || c.operators.is_empty() || c.operators.contains(&op.login))
}

impl WorkspaceDo {
    /// This workspace's id (stored when it was made).
    pub(super) fn workspace_id(&self) -> AppResult<WorkspaceId> {
        self.meta().need(&keys::ID)
    }

    pub(super) fn enabled_languages(&self) -> AppResult<Vec<String>> {
        Ok(self.meta().load(&keys::LANGUAGES)?.unwrap_or_default())
    }

    pub(super) fn operator(&self, login: &Login) -> AppResult<Option<OperatorRow>> {
        let rows: Vec<OperatorRow> = self
            .sql()
            .exec(
                &format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE login = ?"),
                vec![login.as_str().into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Every channel's settings, by name.
    pub(super) fn channel_settings(&self) -> AppResult<Vec<ChannelSettings>> {
        #[derive(Deserialize)]
        struct Ch {
            id: String,
            name: String,
            welcome: String,
            welcomes: String,
            operators: String,
            origins: String,
            chatbot: Option<String>,
            keep_queries: i64,
            identity_secret: String,
            require_identity: i64,
            files: Option<String>,
        }
        let rows: Vec<Ch> = self
            .sql()
            .exec(
                "SELECT id, name, welcome, welcomes, operators, origins, chatbot, keep_queries, \
                 identity_secret, require_identity, files FROM channels ORDER BY name",
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
                    keep_page_queries: c.keep_queries != 0,
                    require_identity: c.require_identity != 0,
                    identity_secret: Some(c.identity_secret),
                    files: c.files.and_then(|f| serde_json::from_str(&f).ok()).unwrap_or_default(),
                })
            })
            .collect())
    }

    /// The channels `op` works in: all for admins; else those that list no
    /// operators or list them.
    pub(super) fn channels_of(&self, op: &OperatorRow) -> AppResult<Vec<ChannelSettings>> {
        Ok(self.channel_settings()?.into_iter().filter(|c| works_in(op, c)).collect())
    }

    pub(super) fn me(&self, op: &OperatorRow) -> AppResult<Me> {
        Ok(Me {
            workspace: self.workspace_id()?,
            workspace_name: self.meta().load(&keys::NAME)?.unwrap_or_default(),
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
            inbox_language: op.inbox_language.clone(),
        })
    }

    pub(super) fn expertise_of(&self, login: &Login) -> AppResult<Vec<String>> {
        #[derive(Deserialize)]
        struct E {
            expertise: String,
        }
        let rows: Vec<E> = self
            .sql()
            .exec(
                "SELECT expertise FROM operator_expertise WHERE login = ? ORDER BY expertise",
                vec![login.as_str().into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().map(|e| e.expertise).collect())
    }

    pub(super) fn expertise_ids(&self) -> AppResult<Vec<String>> {
        #[derive(Deserialize)]
        struct E {
            id: String,
        }
        let rows: Vec<E> = self.sql().exec("SELECT id FROM expertise", None)?.to_array()?;
        Ok(rows.into_iter().map(|e| e.id).collect())
    }

    /// The workspace as the operator with `token` may see it: only the
    /// channels they work in.
    pub(super) fn view_for(&self, token: &str) -> AppResult<WorkspaceView> {
        let op = self.caller(token)?;
        let mut view = self.view()?;
        view.channels = self.channels_of(&op)?;
        if op.admin == 0 {
            // The secret that verifies visitors is the admins' only.
            view.channels.iter_mut().for_each(|c| c.identity_secret = None);
        }
        Ok(view)
    }

    pub(super) fn view(&self) -> AppResult<WorkspaceView> {
        #[derive(Deserialize)]
        struct Link {
            login: Login,
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
        let invited = self.invited_until()?;
        Ok(WorkspaceView {
            id: self.workspace_id()?,
            name: self.meta().load(&keys::NAME)?.unwrap_or_default(),
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
                    disabled: o.disabled != 0,
                    invited_until: invited.iter().find(|(l, _)| *l == o.login).map(|(_, t)| *t),
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

    pub(super) fn settings(&self) -> AppResult<WorkspaceSettings> {
        Ok(self.meta().load(&keys::SETTINGS)?.unwrap_or_default())
    }

    /// One operator as the Configuration page lists them.
    pub(super) fn operator_info(&self, login: &Login) -> AppResult<OperatorInfo> {
        let info = self.view()?.operators.into_iter().find(|o| &o.login == login);
        info.ok_or(AppError::NotFound)
    }

    /// The workspace's canned responses, by shortcut.
    pub(super) fn canned(&self) -> AppResult<Vec<CannedResponse>> {
        Ok(self.sql().exec("SELECT shortcut, text FROM canned ORDER BY shortcut", None)?.to_array()?)
    }

    /// The workspace's chatbot scripts, by id.
    pub(super) fn chatbots(&self) -> AppResult<Vec<ChatbotInfo>> {
        self.chatbots_where("", vec![])
    }

    /// The script `id`, if the workspace has it.
    pub(super) fn chatbot(&self, id: &str) -> AppResult<Option<ChatbotScript>> {
        Ok(self.chatbots_where("WHERE id = ?", vec![id.into()])?.pop().map(|c| c.script))
    }

    pub(super) fn chatbots_where(
        &self,
        condition: &str,
        args: Vec<SqlStorageValue>,
    ) -> AppResult<Vec<ChatbotInfo>> {
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

    /// Each operator's channels, as their bus knows them.
    pub(super) fn channel_lists(&self) -> AppResult<Vec<(Login, Vec<ChannelInfo>)>> {
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
}
