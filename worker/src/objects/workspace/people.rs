//! Operators and their profiles, languages and expertise, as admins and the
//! operators themselves change them; every channel is told at once.

use super::*;
use switchboard_core::texts::INBOX_LANGUAGES;

use crate::internal::HISTORY;
use crate::rpc::history::{Keep, Retain};

impl WorkspaceDo {
    pub(super) async fn save_settings(
        &self,
        _: Admin,
        settings: WorkspaceSettings,
    ) -> AppResult<WorkspaceSettings> {
        let settings = rules::settings(settings)?;
        self.meta().store(&keys::SETTINGS, &settings)?;
        for channel in self.channel_settings()? {
            self.configure_channel(&channel).await?;
        }
        // How long History keeps ended conversations.
        let history = internal::stub(&self.env, HISTORY, self.workspace_id()?.as_str())?;
        rpc::call(&history, &Retain(Keep { days: settings.keep_history_days })).await?;
        self.settings()
    }

    /// Tells every channel the current profile of these operators (name,
    /// languages, expertise, capacity), so that assignment uses it at once;
    /// channels they have not joined ignore it. `None`: every operator.
    pub(super) async fn refresh_members(&self, logins: Option<&[Login]>) -> AppResult<()> {
        let ops: Vec<OperatorRow> =
            self.sql().exec(&format!("SELECT {OPERATOR_COLUMNS} FROM operators"), None)?.to_array()?;
        let mut members = vec![];
        for op in ops.iter().filter(|o| logins.is_none_or(|l| l.contains(&o.login))) {
            members.push(Member::of(&self.me(op)?));
        }
        let refresh = Refresh(members);
        for channel in self.channel_settings()? {
            rpc::call(&internal::stub(&self.env, CHANNELS, channel.id.as_str())?, &refresh).await?;
        }
        Ok(())
    }

    /// An operator's own capacity (admins).
    pub(super) async fn update_operator(
        &self,
        _: Admin,
        login: Login,
        update: OperatorUpdate,
    ) -> AppResult<OperatorInfo> {
        self.operator(&login)?.ok_or(AppError::NotFound)?;
        let capacity = update.capacity.map(rules::capacity).transpose()?;
        self.sql().exec(
            "UPDATE operators SET capacity = ? WHERE login = ?",
            vec![capacity.map(i64::from).into(), login.as_str().into()],
        )?;
        self.refresh_members(Some(std::slice::from_ref(&login))).await?;
        self.operator_info(&login)
    }

    pub(super) async fn profile(&self, Operator(op): Operator, update: ProfileUpdate) -> AppResult<Me> {
        let chat_name = rules::optional_person_name("chat_name", &update.chat_name)?.unwrap_or_default();
        let languages = rules::chat_languages(&update.languages, &self.enabled_languages()?)?;
        let known = self.expertise_ids()?;
        if let Some(bad) = update.expertise.iter().find(|e| !known.contains(e)) {
            return Err(refuse("expertise", "unknown-expertise", &[("what", bad.to_string())]).into());
        }
        let inbox_language = update.inbox_language.filter(|l| !l.is_empty());
        if inbox_language.as_deref().is_some_and(|l| !INBOX_LANGUAGES.iter().any(|(tag, _)| *tag == l)) {
            return Err(refuse("inbox_language", "inbox-language", &[]).into());
        }
        let sql = self.sql();
        sql.exec(
            "UPDATE operators SET chat_name = ?, languages = ?, inbox_language = ? WHERE login = ?",
            vec![
                chat_name.into(),
                serde_json::to_string(&languages)?.into(),
                inbox_language.into(),
                op.login.as_str().into(),
            ],
        )?;
        sql.exec("DELETE FROM operator_expertise WHERE login = ?", vec![op.login.as_str().into()])?;
        for e in &update.expertise {
            sql.exec(
                "INSERT OR IGNORE INTO operator_expertise (login, expertise) VALUES (?, ?)",
                vec![op.login.as_str().into(), e.as_str().into()],
            )?;
        }
        let op = self.operator(&op.login)?.ok_or(AppError::Unauthorized)?;
        self.refresh_members(Some(std::slice::from_ref(&op.login))).await?;
        self.me(&op)
    }

    pub(super) async fn add_operator(&self, _: Admin, n: NewOperator) -> AppResult<OperatorInfo> {
        let name = rules::person_name("name", &n.name)?;
        let login = rules::login(&n.login)?;
        // No password: invited (they choose one through their link).
        let password = Some(n.password.as_str()).filter(|p| !p.is_empty());
        password.map(rules::password).transpose()?;
        self.claim(&login, &self.workspace_id()?).await?;
        if let Err(e) = self.insert_operator(&login, &name, "", password, n.admin).await {
            self.release(&login).await;
            return Err(e);
        }
        self.operator_info(&login)
    }

    pub(super) async fn languages(&self, _: Admin, update: LanguagesUpdate) -> AppResult<WorkspaceView> {
        let enabled = rules::enabled_languages(&update.enabled)?;
        self.meta().store(&keys::LANGUAGES, &enabled)?;
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
        self.view()
    }

    pub(super) async fn save_expertise(
        &self,
        _: Admin,
        input: ExpertiseInput,
        id: Option<String>,
    ) -> AppResult<ExpertiseInfo> {
        let name = rules::name("name", &input.name)?;
        let view = self.view()?;
        if let Some(bad) = input.operators.iter().find(|l| !view.operators.iter().any(|o| &o.login == *l)) {
            return Err(refuse("operators", "unknown-operator", &[("what", bad.to_string())]).into());
        }
        let clash =
            view.expertise.iter().any(|e| e.name.eq_ignore_ascii_case(&name) && Some(&e.id) != id.as_ref());
        if clash {
            return Err(refuse("name", "expertise-taken", &[]).into());
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
        for login in &input.operators {
            sql.exec(
                "INSERT OR IGNORE INTO operator_expertise (login, expertise) VALUES (?, ?)",
                vec![login.as_str().into(), id.as_str().into()],
            )?;
        }
        self.refresh_members(None).await?;
        self.view()?.expertise.into_iter().find(|e| e.id == id).ok_or(AppError::NotFound)
    }

    pub(super) async fn delete_expertise(&self, _: Admin, id: String) -> AppResult<()> {
        if !self.expertise_ids()?.contains(&id) {
            return Err(AppError::NotFound);
        }
        let sql = self.sql();
        sql.exec("DELETE FROM operator_expertise WHERE expertise = ?", vec![id.as_str().into()])?;
        sql.exec("DELETE FROM expertise WHERE id = ?", vec![id.into()])?;
        self.refresh_members(None).await?;
        Ok(())
    }
}
