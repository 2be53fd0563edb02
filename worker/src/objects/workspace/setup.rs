//! What admins set up for the channels: canned responses, chatbot scripts,
//! and the channels themselves (each told its configuration, and every
//! operator's bus its list of channels).

use super::*;

impl WorkspaceDo {
    /// Tells the channel's object its settings (what visitors' requests need).
    pub(super) async fn configure_channel(&self, c: &ChannelSettings) -> AppResult<()> {
        let workspace = self.workspace_id()?;
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
            keep_page_queries: c.keep_page_queries,
            identity_secret: c.identity_secret.clone().unwrap_or_default(),
            require_identity: c.require_identity,
            files: c.files.clone(),
        };
        rpc::call(&stub, &config).await?;
        Ok(())
    }

    /// Saves a canned response under its shortcut (replacing one with the
    /// same shortcut).
    pub(super) fn save_canned(&self, _: Admin, c: CannedResponse) -> AppResult<CannedResponse> {
        let c = rules::canned(&c)?;
        let list = self.canned()?;
        if list.len() >= MAX_CANNED_RESPONSES && !list.iter().any(|x| x.shortcut == c.shortcut) {
            return Err(
                refuse("shortcut", "canned-limit", &[("count", MAX_CANNED_RESPONSES.to_string())]).into()
            );
        }
        self.sql().exec(
            "INSERT INTO canned (shortcut, text) VALUES (?, ?) ON CONFLICT(shortcut) DO UPDATE SET text = excluded.text",
            vec![c.shortcut.as_str().into(), c.text.as_str().into()],
        )?;
        Ok(c)
    }

    pub(super) fn delete_canned(&self, _: Admin, shortcut: String) -> AppResult<()> {
        if !self.canned()?.iter().any(|c| c.shortcut == shortcut) {
            return Err(AppError::NotFound);
        }
        self.sql().exec("DELETE FROM canned WHERE shortcut = ?", vec![shortcut.into()])?;
        Ok(())
    }

    /// Creates (no id) or updates (`id`) a chatbot script, if it is sound
    /// and names only this workspace's expertise and languages; else every
    /// problem, in words.
    pub(super) async fn save_chatbot(
        &self,
        _: Admin,
        script: ChatbotScript,
        id: Option<String>,
    ) -> AppResult<ChatbotInfo> {
        let view = self.view()?;
        let expertise: Vec<(String, String)> =
            view.expertise.iter().map(|e| (e.id.clone(), e.name.clone())).collect();
        let enabled: Vec<String> = view.languages.iter().map(|l| l.tag.clone()).collect();
        let script = chatbot::tidy(script);
        let mut problems = chatbot::problems(&script);
        problems.extend(chatbot::references(&script, &expertise, &enabled));
        if let Some(first) = problems.first() {
            // Every problem in English; the first's reason, for the inbox's language.
            let message = problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("\n");
            return Err(FieldError { message, ..first.clone() }.into());
        }
        let id = match id {
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
        Ok(ChatbotInfo { id, script })
    }

    pub(super) fn delete_chatbot(&self, _: Admin, id: String) -> AppResult<()> {
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
        Ok(())
    }

    /// Creates (no id) or updates (`id`) a channel.
    pub(super) async fn save_channel(
        &self,
        _: Admin,
        input: ChannelInput,
        id: Option<String>,
    ) -> AppResult<ChannelSettings> {
        let name = rules::name("name", &input.name)?;
        let welcome = rules::welcome(&input.welcome)?;
        let welcomes = rules::welcomes(&input.welcomes, &self.enabled_languages()?)?;
        let origins = rules::origins(&input.origins)?;
        let files = switchboard_core::files::limits(&input.files)?;
        let known: Vec<Login> = self.view()?.operators.into_iter().map(|o| o.login).collect();
        if let Some(bad) = input.operators.iter().find(|l| !known.contains(l)) {
            return Err(refuse("operators", "unknown-operator", &[("what", bad.to_string())]).into());
        }
        if let Some(bot) = &input.chatbot {
            if self.chatbot(&bot.script)?.is_none() {
                return Err(refuse("chatbot", "unknown-script", &[("what", bot.script.clone())]).into());
            }
        }
        let existing = self.channel_settings()?;
        let (id, secret) = match id {
            Some(id) => match existing.iter().find(|c| c.id.as_str() == id) {
                Some(c) => (id, c.identity_secret.clone().unwrap_or_default()),
                None => return Err(AppError::NotFound),
            },
            None => (auth::new_id()?, String::new()),
        };
        // A channel gets its secret when created (or first saved after
        // secrets came), a new one when asked.
        let secret = if secret.is_empty() || input.new_identity_secret { auth::token()? } else { secret };
        let settings = ChannelSettings {
            id: ChannelId::parse(id).map_err(|e| AppError::Internal(e.to_string()))?,
            name,
            welcome,
            welcomes,
            operators: input.operators,
            origins,
            chatbot: input.chatbot,
            keep_page_queries: input.keep_page_queries,
            require_identity: input.require_identity,
            identity_secret: Some(secret),
            files,
        };
        self.configure_channel(&settings).await?;
        let before = self.channel_lists()?;
        self.sql().exec(
            "INSERT INTO channels (id, name, welcome, welcomes, operators, origins, chatbot, keep_queries, \
             identity_secret, require_identity, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, welcome = excluded.welcome, \
             welcomes = excluded.welcomes, operators = excluded.operators, origins = excluded.origins, \
             chatbot = excluded.chatbot, keep_queries = excluded.keep_queries, \
             identity_secret = excluded.identity_secret, require_identity = excluded.require_identity, \
             files = excluded.files",
            vec![
                settings.id.as_str().into(),
                settings.name.as_str().into(),
                settings.welcome.as_str().into(),
                serde_json::to_string(&settings.welcomes)?.into(),
                serde_json::to_string(&settings.operators)?.into(),
                serde_json::to_string(&settings.origins)?.into(),
                settings.chatbot.as_ref().map(serde_json::to_string).transpose()?.into(),
                (settings.keep_page_queries as i64).into(),
                settings.identity_secret.clone().unwrap_or_default().into(),
                (settings.require_identity as i64).into(),
                serde_json::to_string(&settings.files)?.into(),
            ],
        )?;
        self.lists_changed(before).await?;
        Ok(settings)
    }

    /// Tells the bus of every operator whose channels changed since
    /// `before` their list now, so their open tabs list (and watch) a new
    /// channel at once. A bus that fails is logged: the tab's next load
    /// has the list anyway.
    pub(super) async fn tell_buses(&self, before: Vec<(Login, Vec<ChannelInfo>)>) {
        let (Ok(now), Ok(workspace)) = (self.channel_lists(), self.workspace_id()) else { return };
        let tells =
            now.into_iter().filter(|(login, list)| !before.iter().any(|b| b.0 == *login && b.1 == *list));
        let asks = tells.map(|(login, list)| {
            let workspace = workspace.clone();
            async move {
                let stub = internal::stub(&self.env, OPERATORS, &internal::bus_name(&workspace, &login))?;
                rpc::call(&stub, &SetChannels(list)).await
            }
        });
        for result in futures_util::future::join_all(asks).await {
            if let Err(e) = result {
                e.log();
            }
        }
    }
}
