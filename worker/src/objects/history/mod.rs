//! `HistoryDo`: one Durable Object per workspace (named by its id), its
//! ended conversations. A conversation hands itself over when it ends, so
//! the channel keeps only open ones; operators search here (full text over
//! every message with SQLite FTS5, and filters by channel, operator, date,
//! rating and visitor email, newest first, a page at a time) and read a
//! transcript; admins set how long it keeps them and delete a visitor's
//! conversations by email.
//!
//! Why an object and not D1: each workspace's history is its own database
//! (a workspace's data stays apart from the others', and deleting it is one
//! object), its writes are local to one object like every other write of
//! ours, and it needs no binding or migration tool beyond the objects'
//! own (`storage::schema`). Every query goes through an index (time,
//! channel, operator, email, the FTS index); retention deletes a bounded
//! batch per alarm.

mod store;

use switchboard_core::history::{self, expired_before, Search, EXPIRE_BATCH};
use switchboard_core::ids::{ConversationId, WorkspaceId};
use switchboard_core::protocol::{Forget, Forgotten, HistoryPage, Transcript};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::error::{AppError, AppResult};
use crate::internal;
use crate::meter::Meter;
use crate::rpc::history::{
    Archive, Archived, Erase, Keep, Read, Retain, Search as SearchCall, SearchAsk, TranscriptAsk,
};
use crate::rpc::{serve, Call};
use crate::storage::kv::{Key, Kv};
use crate::storage::schema::{self, Schema};

/// Days an ended conversation is kept (0 or none: for good).
const KEEP_DAYS: Key<i64> = Key::new("keep_days");
/// The workspace it is History of (told with what is archived).
const WORKSPACE: Key<WorkspaceId> = Key::new("workspace");

/// Ended conversations, their messages, and the full-text index over them
/// (external content: the index holds no second copy of the text).
const SCHEMA: Schema = Schema {
    object: "history",
    tables: &[
        schema::META,
        "CREATE TABLE IF NOT EXISTS ended (id TEXT PRIMARY KEY, channel TEXT NOT NULL, operator TEXT, \
         operator_name TEXT, visitor TEXT, visitor_name TEXT, visitor_email TEXT, email_key TEXT, country TEXT, \
         started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL, rating TEXT, rating_comment TEXT, \
         messages INTEGER NOT NULL, preview TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ended_time ON ended (ended_at, id)",
        "CREATE INDEX IF NOT EXISTS ended_channel ON ended (channel, ended_at, id)",
        "CREATE INDEX IF NOT EXISTS ended_operator ON ended (operator, ended_at, id)",
        "CREATE INDEX IF NOT EXISTS ended_email ON ended (email_key)",
        "CREATE INDEX IF NOT EXISTS ended_visitor ON ended (visitor, ended_at, id)",
        "CREATE TABLE IF NOT EXISTS lines (id INTEGER PRIMARY KEY, conversation TEXT NOT NULL, \
         seq INTEGER NOT NULL, client_id TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL, \
         at INTEGER NOT NULL, UNIQUE (conversation, seq))",
        "CREATE VIRTUAL TABLE IF NOT EXISTS lines_text USING fts5(text, content='lines', content_rowid='id')",
    ],
    columns: &[],
    migrations: &[
        // 2: the files each message carried (issue 23).
        &["ALTER TABLE lines ADD COLUMN files TEXT"],
    ],
};

#[durable_object]
pub struct HistoryDo {
    state: State,
    env: Env,
    /// Whether its tables are as this build knows them (else it refuses).
    schema: schema::Applied,
    /// Counts what reaches it (`METER=true` only).
    meter: Meter,
}

impl DurableObject for HistoryDo {
    fn new(state: State, env: Env) -> Self {
        let schema = SCHEMA.apply(&state.storage().sql());
        let meter = Meter::new(&env, "history");
        Self { state, env, schema, meter }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.meter.reached(&req.path());
        if let Err(e) = schema::ready(&self.schema) {
            return Ok(e.into_response());
        }
        let result = match req.path().as_str() {
            Archive::PATH => serve(&mut req, |c: Archive| self.archive(c.0)).await,
            SearchCall::PATH => serve(&mut req, |c: SearchCall| async { self.search(c.0) }).await,
            Read::PATH => serve(&mut req, |c: Read| async { self.transcript(c.0) }).await,
            Erase::PATH => serve(&mut req, |c: Erase| self.forget(c.0)).await,
            Retain::PATH => serve(&mut req, |c: Retain| self.retain(c.0)).await,
            _ => Err(AppError::NotFound),
        };
        self.meter.rows(&self.sql());
        Ok(result.unwrap_or_else(AppError::into_response))
    }

    /// Retention: deletes what is due, a batch at a time.
    async fn alarm(&self) -> Result<Response> {
        super::ring(&self.meter, &self.sql(), self.expire()).await
    }
}

impl HistoryDo {
    fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    fn meta(&self) -> Kv {
        Kv::new(self.sql(), "meta")
    }

    fn keep_days(&self) -> AppResult<u32> {
        Ok(u32::try_from(self.meta().load(&KEEP_DAYS)?.unwrap_or(0)).unwrap_or(0))
    }

    async fn archive(&self, a: Archived) -> AppResult<()> {
        if let Some(workspace) = &a.workspace {
            self.meta().store(&WORKSPACE, workspace)?;
        }
        store::keep(&self.sql(), &a)?;
        // The first kept under a retention: its alarm.
        if self.keep_days()? > 0 && self.state.storage().get_alarm().await?.is_none() {
            self.arm().await?;
        }
        Ok(())
    }

    fn search(&self, ask: SearchAsk) -> AppResult<HistoryPage> {
        let search = Search::from_pairs(ask.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        store::search(&self.sql(), &ask.viewer, &search)
    }

    fn transcript(&self, ask: TranscriptAsk) -> AppResult<Transcript> {
        let sql = self.sql();
        let conversation = store::ended(&sql, &ask.id)?.filter(|e| ask.viewer.may_see(&e.channel));
        let conversation = conversation.ok_or(AppError::NotFound)?;
        Ok(Transcript { messages: store::lines(&sql, &ask.id)?, conversation })
    }

    async fn forget(&self, f: Forget) -> AppResult<Forgotten> {
        let sql = self.sql();
        let ids = store::of_visitor(&sql, &history::email_key(&f.email))?;
        self.delete(&ids).await?;
        Ok(Forgotten { conversations: ids.len() as u32 })
    }

    /// Deletes conversations: their rows, then their files.
    async fn delete(&self, ids: &[ConversationId]) -> AppResult<()> {
        let sql = self.sql();
        for id in ids {
            store::delete(&sql, id)?;
        }
        if let Some(workspace) = self.meta().load(&WORKSPACE)? {
            for id in ids {
                internal::delete_files(&self.env, &workspace, id).await;
            }
        }
        Ok(())
    }

    async fn retain(&self, keep: Keep) -> AppResult<()> {
        let days = history::keep_days(keep.days)?;
        self.meta().store(&KEEP_DAYS, &i64::from(days))?;
        self.arm().await
    }

    /// The alarm for the next conversation due to go, if any is kept for a time.
    async fn arm(&self) -> AppResult<()> {
        let storage = self.state.storage();
        let now = crate::now_ms();
        match (expired_before(now, self.keep_days()?), store::oldest(&self.sql())?) {
            (Some(cutoff), Some(oldest)) => storage.set_alarm((oldest - cutoff).max(0)).await?,
            _ => storage.delete_alarm().await?,
        }
        Ok(())
    }

    /// Deletes conversations that ended before the retention; goes on at
    /// once while a whole batch went, else waits for the next one due.
    async fn expire(&self) -> AppResult<()> {
        let sql = self.sql();
        let Some(cutoff) = expired_before(crate::now_ms(), self.keep_days()?) else {
            return self.arm().await;
        };
        let due = store::ended_before(&sql, cutoff, EXPIRE_BATCH)?;
        self.delete(&due).await?;
        match due.len() == EXPIRE_BATCH {
            true => Ok(self.state.storage().set_alarm(0).await?),
            false => self.arm().await,
        }
    }
}
