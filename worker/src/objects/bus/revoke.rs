//! Ending a session's reach (issue 21, item 2). Every socket an operator's
//! session opens is tagged with the session's digest: its tabs here, and
//! its sockets to conversations, which the edge reports as they open
//! (`opened`, one row per session and conversation, kept no longer than a
//! session lives). When the workspace ends a session (log-out), or all of
//! the operator's (disabled, removed, a new password), the bus closes those
//! tabs with [`SESSION_ENDED`] and asks each conversation the session
//! opened to close its sockets: nothing opened before keeps reading or
//! writing.

use super::*;
use crate::internal::{operator_tag, CONVERSATIONS};
use crate::rpc::bus::{Ended, OpenedIn};
use crate::rpc::conversation::{Disconnect, SocketTag};
use switchboard_core::limits::SESSION_TTL_MS;
use switchboard_core::protocol::SESSION_ENDED;

impl OperatorDo {
    pub(super) fn opened(&self, o: OpenedIn) -> AppResult<()> {
        self.sql().exec(
            "INSERT OR REPLACE INTO opened (session, conversation, at) VALUES (?, ?, ?)",
            vec![o.session.into(), o.conversation.as_str().into(), crate::now_ms().into()],
        )?;
        Ok(())
    }

    pub(super) async fn revoke(&self, ended: Ended) -> AppResult<()> {
        let kept = |ws: &WebSocket| ended.keep.as_ref().is_some_and(|k| self.state.get_tags(ws).contains(k));
        let tabs: Vec<WebSocket> = match &ended.session {
            Some(session) => self.state.get_websockets_with_tag(session),
            None => self.state.get_websockets().into_iter().filter(|ws| !kept(ws)).collect(),
        };
        for ws in &tabs {
            // No longer a tab: no news goes to it, and it keeps no one here.
            ws.attach(&Tab::default())?;
            let _ = ws.close(Some(SESSION_ENDED), Some("session ended"));
        }
        if let Some(ws) = tabs.first() {
            self.tab_gone(ws).await;
        }
        // The conversations to tell, each with the tag its sockets carry.
        #[derive(Deserialize)]
        struct Row {
            session: String,
            conversation: String,
        }
        let sql = self.sql();
        let rows: Vec<Row> = match (&ended.session, &ended.keep) {
            (Some(s), _) => sql
                .exec("SELECT session, conversation FROM opened WHERE session = ?", vec![s.as_str().into()]),
            (None, Some(k)) => sql
                .exec("SELECT session, conversation FROM opened WHERE session != ?", vec![k.as_str().into()]),
            (None, None) => sql.exec("SELECT session, conversation FROM opened", None),
        }?
        .to_array()?;
        // Every session's: by the operator's own tag (a bus that never had
        // a tab knows no login, and has no rows either).
        let every = match (&ended.session, &ended.keep, rows.is_empty()) {
            (None, None, false) => Some(operator_tag(&self.login()?)),
            _ => None,
        };
        let mut told: Vec<(String, String)> =
            rows.into_iter().map(|r| (r.conversation, every.clone().unwrap_or(r.session))).collect();
        told.sort();
        told.dedup();
        let mut calls = vec![];
        for (conversation, tag) in told {
            let stub = internal::stub(&self.env, CONVERSATIONS, &conversation)?;
            calls.push(async move { rpc::call(&stub, &Disconnect(SocketTag { tag })).await });
        }
        for outcome in futures_util::future::join_all(calls).await {
            outcome?;
        }
        match (&ended.session, &ended.keep) {
            (Some(s), _) => sql.exec("DELETE FROM opened WHERE session = ?", vec![s.as_str().into()])?,
            (None, Some(k)) => sql.exec("DELETE FROM opened WHERE session != ?", vec![k.as_str().into()])?,
            (None, None) => sql.exec("DELETE FROM opened", None)?,
        };
        Ok(())
    }

    /// Rows of sessions that have expired by now go (with the event log's
    /// clean-up).
    pub(super) fn forget_opened(&self) -> AppResult<()> {
        self.sql()
            .exec("DELETE FROM opened WHERE at < ?", vec![(crate::now_ms() - SESSION_TTL_MS).into()])?;
        Ok(())
    }
}
