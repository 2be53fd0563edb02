//! Handing the ended conversation to its workspace's History (`HistoryDo`),
//! as `core::relay` decides (it ended; it was rated after). Nothing is lost
//! on the way: the hand-over is written down first (`ARCHIVE_DUE`), tried at
//! once, and tried again by the alarm until History has it; what History
//! already has is not sent again (`ARCHIVED_SEQ`), and History stores nothing
//! twice.

use switchboard_core::history::ARCHIVE_BATCH;
use switchboard_core::protocol::{Assignee, Ended};
use switchboard_core::relay::preview;

use super::*;
use crate::internal::HISTORY;
use crate::rpc::history::{Archive, Archived};

/// How long after a failed hand-over the alarm tries again (ms).
const RETRY_MS: i64 = 30_000;

impl ConversationDo {
    /// History must get the conversation as it is now: noted, then tried.
    pub(super) async fn hand_over(&self) -> AppResult<()> {
        self.meta().store(&keys::ARCHIVE_DUE, &crate::now_ms())?;
        self.try_archive().await
    }

    /// Tries the hand-over; on failure the alarm tries again later.
    pub(super) async fn try_archive(&self) -> AppResult<()> {
        if let Err(e) = self.archive().await {
            e.log();
            self.meta().store(&keys::ARCHIVE_DUE, &(crate::now_ms() + RETRY_MS))?;
        }
        Ok(())
    }

    async fn archive(&self) -> AppResult<()> {
        let sql = self.sql();
        let kv = self.meta();
        let (Some(workspace), Some(record)) = (kv.load(&keys::WORKSPACE)?, self.record(&sql)?) else {
            // Nothing to keep (no message), or started before conversations
            // knew their workspace.
            return kv.remove(&keys::ARCHIVE_DUE);
        };
        let stub = internal::stub(&self.env, HISTORY, workspace.as_str())?;
        let mut after = kv.load(&keys::ARCHIVED_SEQ)?.unwrap_or(0);
        loop {
            let messages = self.messages_page(&sql, after, ARCHIVE_BATCH)?;
            let full = messages.len() == ARCHIVE_BATCH;
            let last = messages.last().map(|m| m.seq);
            let workspace = Some(workspace.clone());
            rpc::call(&stub, &Archive(Archived { record: record.clone(), messages, workspace })).await?;
            if let Some(seq) = last {
                after = seq;
                kv.store(&keys::ARCHIVED_SEQ, &after)?;
            }
            if !full {
                return kv.remove(&keys::ARCHIVE_DUE);
            }
        }
    }

    /// The conversation as History lists it; `None` before its first message.
    fn record(&self, sql: &SqlStorage) -> AppResult<Option<Ended>> {
        #[derive(Deserialize)]
        struct Span {
            first: Option<i64>,
            n: i64,
        }
        let span = sql.exec("SELECT min(at) AS first, count(*) AS n FROM messages", None)?.one::<Span>()?;
        let (Some(started_at), Some(last)) = (span.first, self.last_message(sql)?) else { return Ok(None) };
        let kv = self.meta();
        let name = kv.load(&keys::ASSIGNMENT)?.and_then(|a| a.operator);
        let operator = kv.load(&keys::ASSIGNEE)?.zip(name).map(|(login, name)| Assignee { login, name });
        Ok(Some(Ended {
            id: kv.need(&keys::ID)?,
            channel: kv.need(&keys::CHANNEL)?,
            operator,
            visitor: kv.load(&keys::VISITOR)?,
            visitor_name: kv.load(&keys::VISITOR_NAME)?,
            visitor_email: kv.load(&keys::VISITOR_EMAIL)?,
            country: kv.load(&keys::COUNTRY)?,
            started_at,
            ended_at: kv.load(&keys::CLOSED)?.map_or(last.at, |e| e.at),
            rating: kv.load(&keys::RATING)?,
            rating_comment: kv.load(&keys::RATING_COMMENT)?,
            messages: span.n as u32,
            preview: preview(&last),
        }))
    }
}
