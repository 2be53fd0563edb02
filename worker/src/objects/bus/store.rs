//! The bus's SQL: what it keeps in `meta` (typed), the events it keeps
//! for tabs that come back, and how far the operator has read.
//!
//! The event log keeps each event as the frame it went out in
//! (`BusEvent`'s JSON): a replay sends exactly what a tab would have had.
//! Only [`KEEP_EVENTS`] stay, so a bus's storage never grows with history.

use super::*;

/// How many events the bus keeps for tabs that reconnect.
pub(super) const KEEP_EVENTS: i64 = 1000;
/// How many events go by between two clean-ups of what is kept beyond its
/// bound (so at most this many more are kept).
pub(super) const FORGET_EVERY: u64 = 64;

/// The bus's tables: its settings, the events it keeps, read marks.
pub(super) const SCHEMA: Schema = Schema {
    object: "operator",
    tables: &[
        schema::META,
        "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, event TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS reads (conversation TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
    ],
    columns: &[],
    migrations: &[
        // 2: the latest of each of the operator's conversations (`activity.rs`).
        &[
            "CREATE TABLE activity (conversation TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, \
             updated_at INTEGER NOT NULL, json TEXT NOT NULL)",
            "CREATE INDEX activity_recent ON activity (updated_at)",
        ],
        // 3: the conversations each session opened a socket to (`revoke.rs`).
        &[
            "CREATE TABLE opened (session TEXT NOT NULL, conversation TEXT NOT NULL, \
             at INTEGER NOT NULL, PRIMARY KEY (session, conversation))",
            "CREATE INDEX opened_at ON opened (at)",
        ],
        // 4: the devices the operator wants pushes on (`push.rs`).
        &["CREATE TABLE devices (endpoint TEXT PRIMARY KEY, p256dh TEXT NOT NULL, auth TEXT NOT NULL, \
             added_at INTEGER NOT NULL)"],
    ],
};

/// What the bus keeps in `meta`, with each value's type.
pub(super) mod keys {
    use super::*;

    /// Whose bus this is (the edge says, on every tab's socket).
    pub(in super::super) const WORKSPACE: Key<WorkspaceId> = Key::new("workspace");
    pub(in super::super) const LOGIN: Key<Login> = Key::new("login");
    /// Whether they are an admin (the edge says, on every tab's socket):
    /// others' visitors' e-mail and pages reach only admins' tabs.
    pub(in super::super) const ADMIN: Key<bool> = Key::new("admin");
    /// The language of their inbox, if they chose one (pushes speak it;
    /// empty: none chosen).
    pub(in super::super) const LANGUAGE: Key<String> = Key::new("language");
    /// The channels they work in, with their names.
    pub(in super::super) const CHANNELS: Key<Vec<ChannelInfo>> = Key::new("channels");
    /// The last event before the bus stopped hearing its channels (no tab
    /// for longer than the grace period): a tab holding less gets the state.
    pub(in super::super) const LAPSED: Key<u64> = Key::new("lapsed");
    /// The operator's clocks (`core::bus_clock`), times in ms.
    pub(in super::super) const LAST_ACTIVE: Key<i64> = Key::new("last_active");
    pub(in super::super) const TIMEOUT_MS: Key<i64> = Key::new("inactivity_timeout_ms");
    pub(in super::super) const TOLD_INACTIVE: Key<bool> = Key::new("told_inactive");
    pub(in super::super) const RELAYED: Key<i64> = Key::new("relayed");
    pub(in super::super) const GRACE_UNTIL: Key<i64> = Key::new("grace_until");
}

impl OperatorDo {
    pub(super) fn sql(&self) -> SqlStorage {
        self.state.storage().sql()
    }

    pub(super) fn meta(&self) -> Kv {
        Kv::cached(self.sql(), "meta", &self.meta_cache)
    }

    /// Keeps event `seq`.
    pub(super) fn keep(&self, seq: u64, event: &BusEvent) -> AppResult<()> {
        let json = serde_json::to_string(event)?;
        self.sql()
            .exec("INSERT INTO events (seq, event) VALUES (?, ?)", vec![(seq as i64).into(), json.into()])?;
        self.last.set(Some(seq));
        Ok(())
    }

    /// Forgets what is more than [`KEEP_EVENTS`] before `last`.
    pub(super) fn forget_before(&self, last: u64) -> AppResult<()> {
        self.sql().exec("DELETE FROM events WHERE seq <= ?", vec![(last as i64 - KEEP_EVENTS).into()])?;
        Ok(())
    }

    pub(super) fn last_seq(&self) -> AppResult<u64> {
        if let Some(last) = self.last.get() {
            return Ok(last);
        }
        let last = self.seq_bound("SELECT coalesce(max(seq), 0) AS seq FROM events")?;
        self.last.set(Some(last));
        Ok(last)
    }

    /// The oldest event kept (the next one's number when none is).
    pub(super) fn first_kept(&self) -> AppResult<u64> {
        self.seq_bound(
            "SELECT coalesce(min(seq), (SELECT coalesce(max(seq), 0) + 1 FROM events)) AS seq FROM events",
        )
    }

    fn seq_bound(&self, query: &str) -> AppResult<u64> {
        #[derive(Deserialize)]
        struct Bound {
            seq: i64,
        }
        Ok(self.sql().exec(query, None)?.one::<Bound>()?.seq as u64)
    }

    pub(super) fn events_after(&self, seq: u64) -> AppResult<Vec<(u64, BusEvent)>> {
        #[derive(Deserialize)]
        struct Kept {
            seq: i64,
            event: String,
        }
        let kept: Vec<Kept> = self
            .sql()
            .exec("SELECT seq, event FROM events WHERE seq > ? ORDER BY seq", vec![(seq as i64).into()])?
            .to_array()?;
        kept.into_iter().map(|k| Ok((k.seq as u64, serde_json::from_str(&k.event)?))).collect()
    }

    /// Keeps how far the operator has read a conversation (marks only
    /// move forward): the mark as kept.
    pub(super) fn keep_read(&self, mark: ReadMark) -> AppResult<ReadMark> {
        #[derive(Deserialize)]
        struct Kept {
            seq: i64,
        }
        let kept: Kept = self
            .sql()
            .exec(
                "INSERT INTO reads (conversation, seq) VALUES (?, ?) ON CONFLICT(conversation) \
                 DO UPDATE SET seq = max(reads.seq, excluded.seq) RETURNING seq",
                vec![mark.conversation.as_str().into(), (mark.seq as i64).into()],
            )?
            .one()?;
        Ok(ReadMark { conversation: mark.conversation, seq: kept.seq as u64 })
    }

    pub(super) fn read_marks(&self) -> AppResult<Vec<ReadMark>> {
        #[derive(Deserialize)]
        struct Mark {
            conversation: String,
            seq: i64,
        }
        let marks: Vec<Mark> = self.sql().exec("SELECT conversation, seq FROM reads", None)?.to_array()?;
        Ok(marks
            .into_iter()
            .filter_map(|m| {
                Some(ReadMark {
                    conversation: ConversationId::parse(m.conversation).ok()?,
                    seq: m.seq as u64,
                })
            })
            .collect())
    }
}
