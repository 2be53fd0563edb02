//! Invitations (issue 21, item 1): instead of an initial password, an
//! admin gives a new operator a link that sets their password and logs
//! them in. The link works once and for [`INVITATION_TTL_MS`]; a new one
//! for the same operator replaces the last. The same link serves an
//! operator who forgot their password: an admin sends them one
//! (`core::access` says who may, as for a reset).
//!
//! The token is kept by its SHA-256, as sessions are; the edge signs it
//! with the workspace's id into the link (`signed::invitation_value`), so
//! a forged link reaches no workspace. An invited operator who has not
//! set their password has none that any typed one matches.

use super::*;
use switchboard_core::access::{Change, INVITATION_GONE};
use switchboard_core::limits::INVITATION_TTL_MS;
use switchboard_core::protocol::InvitationInfo;

impl WorkspaceDo {
    /// A new link for `login`, replacing any before it.
    pub(super) async fn invite(&self, Admin(by): Admin, login: Login) -> AppResult<Issued> {
        let op = self.operator(&login)?.ok_or(AppError::NotFound)?;
        self.allowed(&by, &op, Change::ResetPassword)?;
        let token = auth::token()?;
        let expires_at = crate::now_ms() + INVITATION_TTL_MS;
        let sql = self.sql();
        sql.exec("DELETE FROM invitations WHERE login = ?", vec![login.as_str().into()])?;
        sql.exec(
            "INSERT INTO invitations (digest, login, expires_at) VALUES (?, ?, ?)",
            vec![auth::digest(&token).into(), login.as_str().into(), expires_at.into()],
        )?;
        Ok(Issued { token, expires_at })
    }

    /// Whom the link with `token` invites, if it still works.
    pub(super) fn invitation(&self, token: &str) -> AppResult<InvitationInfo> {
        let (op, expires_at) = self.invited(token)?;
        Ok(InvitationInfo {
            login: op.login,
            name: op.name,
            workspace_name: self.meta().load(&keys::NAME)?.unwrap_or_default(),
            expires_at,
        })
    }

    /// Sets the invited operator's password, spends the link, ends any
    /// session they had, and logs them in.
    pub(super) async fn accept(&self, token: &str, password: &str) -> AppResult<LoggedIn> {
        let (op, _) = self.invited(token)?;
        self.set_password(&op.login, password, "password").await?;
        self.sql().exec("DELETE FROM invitations WHERE login = ?", vec![op.login.as_str().into()])?;
        self.end_sessions(&op.login, None).await?;
        self.start_session(&op.login)
    }

    /// The operator a working link invites, and until when; else a refusal
    /// that says what to do (gone, used, expired and forged look alike).
    fn invited(&self, token: &str) -> AppResult<(OperatorRow, i64)> {
        let gone = || AppError::ForbiddenBecause(INVITATION_GONE.into());
        let (login, until) = self.invitations(Some(token))?.into_iter().next().ok_or_else(gone)?;
        let op = self.operator(&login)?.filter(|op| op.disabled == 0).ok_or_else(gone)?;
        Ok((op, until))
    }

    /// Who has a working link, and until when.
    pub(super) fn invited_until(&self) -> AppResult<Vec<(Login, i64)>> {
        self.invitations(None)
    }

    /// The working links (of `token` only, if given): whose, until when.
    fn invitations(&self, token: Option<&str>) -> AppResult<Vec<(Login, i64)>> {
        #[derive(Deserialize)]
        struct Row {
            login: Login,
            expires_at: i64,
        }
        let now = crate::now_ms().into();
        let rows: Vec<Row> = match token {
            Some(token) => self.sql().exec(
                "SELECT login, expires_at FROM invitations WHERE digest = ? AND expires_at > ?",
                vec![auth::digest(token).into(), now],
            ),
            None => {
                self.sql().exec("SELECT login, expires_at FROM invitations WHERE expires_at > ?", vec![now])
            }
        }?
        .to_array()?;
        Ok(rows.into_iter().map(|r| (r.login, r.expires_at)).collect())
    }
}
