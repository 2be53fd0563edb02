//! Off-boarding and passwords (issue 21, item 1): an admin disables,
//! enables, removes, changes the role of and resets the password of
//! another operator (`core::access` says who may), and an operator changes
//! their own password. Each change of access takes effect at once (item 2):
//! ended sessions close their sockets (`revoke`), and an operator who no
//! longer works in a channel departs from it (`ChannelDo::depart`: off its
//! members and watchers, what they had goes to others or back to the
//! line), with their open tabs told their list.

use super::*;
use crate::rpc::bus::Ended;
use crate::rpc::channel::Depart;
use switchboard_core::access::{self, Change, Target};
use switchboard_core::protocol::PasswordChange;

impl WorkspaceDo {
    /// Refuses what `core::access` refuses, in its words.
    pub(super) fn allowed(&self, by: &OperatorRow, op: &OperatorRow, change: Change) -> AppResult<()> {
        #[derive(Deserialize)]
        struct N {
            n: i64,
        }
        let rows: Vec<N> = self
            .sql()
            .exec("SELECT count(*) AS n FROM operators WHERE admin = 1 AND disabled = 0", None)?
            .to_array()?;
        let admins = rows.first().map_or(0, |r| r.n as usize);
        let target = Target { admin: op.admin != 0, disabled: op.disabled != 0 };
        match access::refusal(&by.login, &op.login, target, admins, change) {
            Some(why) => Err(AppError::Conflict(why.into())),
            None => Ok(()),
        }
    }

    pub(super) async fn change_access(
        &self,
        Admin(by): Admin,
        login: Login,
        change: AccessChange,
    ) -> AppResult<OperatorInfo> {
        let op = self.operator(&login)?.ok_or(AppError::NotFound)?;
        let kind = match &change {
            AccessChange::Disable => Change::Disable,
            AccessChange::Enable => Change::Enable,
            AccessChange::Role { admin } => Change::Role { admin: *admin },
            AccessChange::Password { .. } => Change::ResetPassword,
        };
        self.allowed(&by, &op, kind)?;
        let before = self.channel_lists()?;
        let sql = self.sql();
        let at = vec![login.as_str().into()];
        match change {
            AccessChange::Disable => {
                sql.exec("UPDATE operators SET disabled = 1 WHERE login = ?", at)?;
                self.end_sessions(&login, None).await?;
            }
            AccessChange::Enable => {
                sql.exec("UPDATE operators SET disabled = 0 WHERE login = ?", at.clone())?;
                sql.exec("DELETE FROM login_failures WHERE login = ?", at)?;
            }
            AccessChange::Role { admin } => {
                sql.exec(
                    "UPDATE operators SET admin = ? WHERE login = ?",
                    vec![(admin as i64).into(), at[0].clone()],
                )?;
            }
            AccessChange::Password { password } => {
                self.set_password(&login, &password, "password").await?;
                self.end_sessions(&login, None).await?;
            }
        }
        self.lists_changed(before).await?;
        self.operator_info(&login)
    }

    /// Removes an operator for good: their sessions end, they depart from
    /// every channel and leave every list, and their login is free again.
    pub(super) async fn remove_operator(&self, Admin(by): Admin, login: Login) -> AppResult<()> {
        let op = self.operator(&login)?.ok_or(AppError::NotFound)?;
        self.allowed(&by, &op, Change::Remove)?;
        let before = self.channel_lists()?;
        let sql = self.sql();
        for table in ["operators", "operator_expertise", "login_failures"] {
            sql.exec(&format!("DELETE FROM {table} WHERE login = ?"), vec![login.as_str().into()])?;
        }
        self.end_sessions(&login, None).await?;
        for mut channel in self.channel_settings()? {
            if channel.operators.contains(&login) {
                channel.operators.retain(|l| *l != login);
                sql.exec(
                    "UPDATE channels SET operators = ? WHERE id = ?",
                    vec![serde_json::to_string(&channel.operators)?.into(), channel.id.as_str().into()],
                )?;
                self.configure_channel(&channel).await?;
            }
        }
        self.lists_changed(before).await?;
        self.release(&login).await;
        Ok(())
    }

    /// The caller's own password: the current one first. Their other
    /// sessions end; this one goes on.
    pub(super) async fn change_password(
        &self,
        Operator(op): Operator,
        token: &str,
        change: PasswordChange,
    ) -> AppResult<()> {
        let hash = auth::hash_password(&change.current, &op.salt).await?;
        if !auth::same_secret(&hash, &op.hash) {
            return Err(refuse("current", "wrong-password", &[]).into());
        }
        self.set_password(&op.login, &change.new, "new").await?;
        self.end_sessions(&op.login, Some(auth::digest(token))).await
    }

    /// A new password for `login`, checked (a refusal names `field`).
    pub(super) async fn set_password(
        &self,
        login: &Login,
        password: &str,
        field: &'static str,
    ) -> AppResult<()> {
        rules::password(password).map_err(|e| FieldError { field, ..e })?;
        let salt = auth::random_bytes(16)?;
        let hash = auth::hash_password(password, &salt).await?;
        let sql = self.sql();
        sql.exec(
            "UPDATE operators SET salt = ?, hash = ? WHERE login = ?",
            vec![salt.into(), hash.into(), login.as_str().into()],
        )?;
        sql.exec("DELETE FROM login_failures WHERE login = ?", vec![login.as_str().into()])?;
        Ok(())
    }

    /// Ends every session of `login` but `keep` (a digest): their cookies
    /// are refused and their sockets close.
    pub(super) async fn end_sessions(&self, login: &Login, keep: Option<String>) -> AppResult<()> {
        self.sql().exec(
            "DELETE FROM sessions WHERE login = ? AND token != ?",
            vec![login.as_str().into(), keep.clone().unwrap_or_default().into()],
        )?;
        self.tell_bus(login, Ended { session: None, keep }).await
    }

    /// Who works where changed since `before`: whoever lost a channel
    /// departs from it, and every bus whose list changed is told.
    pub(super) async fn lists_changed(&self, before: Vec<(Login, Vec<ChannelInfo>)>) -> AppResult<()> {
        let now = self.channel_lists()?;
        for (login, had) in &before {
            let kept: &[ChannelInfo] = now.iter().find(|(l, _)| l == login).map_or(&[], |(_, list)| list);
            for lost in had.iter().filter(|c| !kept.iter().any(|k| k.id == c.id)) {
                let channel = internal::stub(&self.env, CHANNELS, lost.id.as_str())?;
                rpc::call(&channel, &Depart(login.clone())).await?;
            }
        }
        self.tell_buses(before).await;
        Ok(())
    }
}
