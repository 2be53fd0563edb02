//! The conversation's SQL: its log as core's `Ledger` sees it, messages as
//! rows, the head read on every frame, and what it keeps in `meta`, typed.

use super::*;

/// What the conversation keeps in its `meta` table, with each value's type.
pub(super) mod keys {
    use super::*;

    pub(in super::super) const ID: Key<ConversationId> = Key::new("id");
    pub(in super::super) const CHANNEL: Key<ChannelId> = Key::new("channel");
    /// The visitor's languages, canonical, preferred first.
    pub(in super::super) const LANGUAGES: Key<Vec<String>> = Key::new("languages");
    /// The visitor's secret (their widget keeps it).
    pub(in super::super) const TOKEN: Key<String> = Key::new("token");
    pub(in super::super) const VISITOR: Key<VisitorId> = Key::new("visitor");
    pub(in super::super) const VISITOR_NAME: Key<String> = Key::new("visitor_name");
    pub(in super::super) const VISITOR_EMAIL: Key<String> = Key::new("visitor_email");
    pub(in super::super) const IDENTITY: Key<VisitorIdentity> = Key::new("identity");
    /// Left while nobody was online (answered by email).
    pub(in super::super) const OFFLINE: Key<bool> = Key::new("offline");
    pub(in super::super) const COUNTRY: Key<String> = Key::new("country");
    /// The channel's latest news: who has it, or its place.
    pub(in super::super) const ASSIGNMENT: Key<Assigned> = Key::new("assignment");
    /// The operator who has it (their bus hears each message).
    pub(in super::super) const ASSIGNEE: Key<Login> = Key::new("assignee");
    /// When the channel made the decision it knows (ms).
    pub(in super::super) const ASSIGNED_AT: Key<i64> = Key::new("assigned_at");
    /// The workspace (its operators' buses are named by it).
    pub(in super::super) const WORKSPACE: Key<WorkspaceId> = Key::new("workspace");
    /// The workspace's inactivity timeout (ms), and when the quiet check
    /// is set for.
    pub(in super::super) const TIMEOUT_MS: Key<i64> = Key::new("inactivity_timeout_ms");
    pub(in super::super) const QUIET_CHECK: Key<i64> = Key::new("quiet_check");
    /// The workspace's reassignment delay (ms, 0: never), and when the
    /// assignee's time to answer runs out.
    pub(in super::super) const REASSIGN_AFTER_MS: Key<i64> = Key::new("reassign_after_ms");
    pub(in super::super) const ANSWER_DUE: Key<i64> = Key::new("answer_due");
    /// When History is to get the ended conversation (`archive.rs`), and the
    /// last message it has.
    pub(in super::super) const ARCHIVE_DUE: Key<i64> = Key::new("archive_due");
    pub(in super::super) const ARCHIVED_SEQ: Key<u64> = Key::new("archived_seq");
    /// The websites its channel allowed when it started (empty: any).
    pub(in super::super) const ORIGINS: Key<Vec<String>> = Key::new("origins");
    /// Visited pages are kept whole (the channel's setting when it started).
    pub(in super::super) const KEEP_PAGE_QUERIES: Key<bool> = Key::new("keep_page_queries");
    /// What files it takes (its channel's limits when it started).
    pub(in super::super) const FILE_LIMITS: Key<FileLimits> = Key::new("file_limits");
    /// What the channel has heard (`relay.rs`).
    pub(in super::super) const TOLD: Key<Told> = Key::new("told");
    /// The channel is still to hear how the conversation is now: noted
    /// before it is told, gone once it has answered; when to try again.
    pub(in super::super) const CHANNEL_DUE: Key<i64> = Key::new("channel_due");
    pub(in super::super) const CLOSED: Key<Ended> = Key::new("closed");
    /// When an operator last wrote (ms).
    pub(in super::super) const ANSWERED_AT: Key<i64> = Key::new("answered_at");
    pub(in super::super) const SEEN_VISITOR: Key<SeenUpTo> = Key::new("seen_visitor");
    pub(in super::super) const SEEN_OPERATOR: Key<SeenUpTo> = Key::new("seen_operator");
    pub(in super::super) const RATING: Key<Rating> = Key::new("rating");
    pub(in super::super) const RATING_COMMENT: Key<String> = Key::new("rating_comment");
    /// The pages the visitor went through, oldest first.
    pub(in super::super) const PAGES: Key<Vec<String>> = Key::new("pages");
    /// With a chatbot: its script and its place in it.
    pub(in super::super) const SCRIPT: Key<ChatbotScript> = Key::new("script");
    pub(in super::super) const RUN: Key<Run> = Key::new("run");

    /// What the visitor typed at a chatbot's input step.
    pub(in super::super) fn input(step: &str) -> Key<String> {
        Key::named(format!("input:{step}"))
    }
}

/// Who has the conversation (a name visitors see), or its place in the
/// queue: kept to tell sockets that connect later.
#[derive(Serialize, Deserialize, Clone)]
pub(super) struct Assigned {
    pub(super) operator: Option<String>,
    pub(super) position: Option<u32>,
}
impl Json for Assigned {}

impl Assigned {
    pub(super) fn frame(&self) -> ServerMsg {
        ServerMsg::Assignment { operator: self.operator.clone(), position: self.position }
    }
}

/// Who ended the conversation, and when (ms).
#[derive(Serialize, Deserialize)]
pub(super) struct Ended {
    pub(super) by: Author,
    pub(super) at: i64,
}
impl Json for Ended {}

/// How far a side has seen (the operator's by name).
#[derive(Serialize, Deserialize)]
pub(super) struct SeenUpTo {
    pub(super) by: Author,
    pub(super) seq: Seq,
}
impl Json for SeenUpTo {}

/// Older databases kept these as the frames they were sent as, and empty
/// strings for values not given.
pub(super) const UNFRAME: &[&str] = &[
    "UPDATE meta SET v = json_extract(v, '$.closed') WHERE k = 'closed' AND json_valid(v) \
     AND json_type(v, '$.closed') = 'object'",
    "UPDATE meta SET v = json_extract(v, '$.assignment') WHERE k = 'assignment' AND json_valid(v) \
     AND json_type(v, '$.assignment') = 'object'",
    "UPDATE meta SET v = json_extract(v, '$.seen') WHERE k IN ('seen_visitor', 'seen_operator') \
     AND json_valid(v) AND json_type(v, '$.seen') = 'object'",
    "DELETE FROM meta WHERE v = '' AND k IN ('visitor', 'visitor_name', 'visitor_email', 'offline', \
     'country', 'rating_comment')",
];

impl ConversationDo {
    /// The conversation's `meta` table, read through its cache.
    pub(super) fn meta(&self) -> Kv {
        Kv::cached(self.sql(), "meta", &self.meta_cache)
    }
}

/// Storage as core's [`Ledger`] sees it.
pub(super) struct SqlLedger<'a> {
    pub(super) sql: &'a SqlStorage,
    pub(super) meta: Kv,
}

impl Ledger for SqlLedger<'_> {
    fn seq_of(&mut self, client_id: &ClientMsgId) -> Option<Seq> {
        #[derive(Deserialize)]
        struct Row {
            seq: i64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec("SELECT seq FROM messages WHERE client_id = ?", vec![client_id.as_str().into()])
            .and_then(|c| c.to_array())
            .unwrap_or_default();
        rows.first().map(|r| r.seq as Seq)
    }

    fn visitor_messages_since(&mut self, since: i64) -> usize {
        #[derive(Deserialize)]
        struct Count {
            n: i64,
        }
        let visitor = serde_json::to_string(&Author::Visitor).unwrap_or_default();
        self.sql
            .exec(
                "SELECT count(*) AS n FROM messages WHERE author = ? AND at >= ?",
                vec![visitor.into(), since.into()],
            )
            .and_then(|c| c.one::<Count>())
            .map_or(0, |c| c.n as usize)
    }

    fn file(&mut self, id: &str) -> Option<File> {
        files::file_row(self.sql, id).ok().flatten()
    }

    fn visitor_token_ok(&mut self, token: &str) -> bool {
        visitor_key_ok(&self.meta, token).unwrap_or(false)
    }
}

/// Whether `token` is the conversation's visitor key (compared in constant
/// time).
pub(super) fn visitor_key_ok(meta: &Kv, token: &str) -> AppResult<bool> {
    Ok(meta.load(&keys::TOKEN)?.is_some_and(|t| same_secret(t.as_bytes(), token.as_bytes())))
}

#[derive(Deserialize)]
pub(super) struct MessageRow {
    pub(super) seq: i64,
    pub(super) client_id: String,
    pub(super) author: String,
    pub(super) text: String,
    pub(super) at: i64,
    pub(super) answers: Option<String>,
    pub(super) files: Option<String>,
}

pub(super) const MESSAGE_COLUMNS: &str = "seq, client_id, author, text, at, answers, files";

impl MessageRow {
    pub(super) fn into_message(self) -> AppResult<Message> {
        Ok(Message {
            seq: self.seq as Seq,
            client_id: ClientMsgId::parse(self.client_id).map_err(|e| AppError::Internal(e.to_string()))?,
            author: serde_json::from_str(&self.author)?,
            text: self.text,
            at: self.at,
            answers: self.answers.map(|a| serde_json::from_str(&a)).transpose()?.unwrap_or_default(),
            files: self.files.map(|f| serde_json::from_str(&f)).transpose()?.unwrap_or_default(),
        })
    }
}

impl ConversationDo {
    /// Writes a message to the log (an operator's also marks the conversation
    /// answered).
    pub(super) fn write_message(&self, sql: &SqlStorage, msg: &Message) -> AppResult<()> {
        let answers = (!msg.answers.is_empty()).then(|| serde_json::to_string(&msg.answers)).transpose()?;
        let files = (!msg.files.is_empty()).then(|| serde_json::to_string(&msg.files)).transpose()?;
        sql.exec(
            "INSERT INTO messages (seq, client_id, author, text, at, answers, files) VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![
                (msg.seq as i64).into(),
                msg.client_id.as_str().into(),
                serde_json::to_string(&msg.author)?.into(),
                msg.text.as_str().into(),
                msg.at.into(),
                answers.into(),
                files.into(),
            ],
        )?;
        self.tip.set(Some((msg.seq, msg.at)));
        if matches!(msg.author, Author::Operator { .. }) {
            self.meta().store(&keys::ANSWERED_AT, &msg.at)?;
        }
        Ok(())
    }

    /// Remembers who ended the conversation and when.
    pub(super) fn remember_close(&self, by: Author, at: i64) -> AppResult<()> {
        self.meta().store(&keys::CLOSED, &Ended { by, at })?;
        Ok(())
    }

    /// The pages the visitor went through, oldest first.
    pub(super) fn pages(&self) -> AppResult<Vec<String>> {
        Ok(self.meta().load(&keys::PAGES)?.unwrap_or_default())
    }

    /// The visitor is on `page`; whether that is news for the inbox.
    pub(super) fn visited(&self, page: &str) -> AppResult<bool> {
        let mut pages = self.pages()?;
        let whole = self.meta().load(&keys::KEEP_PAGE_QUERIES)?.unwrap_or(false);
        if !note_visit(&mut pages, page, whole) {
            return Ok(false);
        }
        self.meta().store(&keys::PAGES, &pages)?;
        Ok(true)
    }

    /// The log's head, read from storage (so it survives hibernation).
    pub(super) fn head(&self, sql: &SqlStorage) -> AppResult<Conversation> {
        #[derive(Deserialize)]
        struct Row {
            seq: i64,
            at: i64,
        }
        let tip = match self.tip.get() {
            Some(tip) => tip,
            None => {
                let rows: Vec<Row> =
                    sql.exec("SELECT seq, at FROM messages ORDER BY seq DESC LIMIT 1", None)?.to_array()?;
                let tip = rows.first().map_or((0, 0), |r| (r.seq as Seq, r.at));
                self.tip.set(Some(tip));
                tip
            }
        };
        let head = Conversation::restore(tip.0, tip.1);
        let kv = self.meta();
        let head = match kv.load(&keys::CLOSED)? {
            Some(Ended { by, at }) => head.ended(by, at),
            None => head,
        };
        let mut seen = Seen::default();
        for key in [keys::SEEN_VISITOR, keys::SEEN_OPERATOR] {
            match kv.load(&key)? {
                Some(SeenUpTo { by: Author::Visitor, seq }) => seen.visitor = seq,
                Some(SeenUpTo { by: Author::Operator { name }, seq }) => seen.operator = Some((name, seq)),
                _ => {}
            }
        }
        let head = head.seen_as(seen).held_by(kv.load(&keys::ASSIGNEE)?);
        Ok(match kv.load(&keys::RATING)? {
            Some(rating) => head.rated(rating),
            None => head,
        })
    }

    pub(super) fn last_message(&self, sql: &SqlStorage) -> AppResult<Option<Message>> {
        let rows: Vec<MessageRow> = sql
            .exec(&format!("SELECT {MESSAGE_COLUMNS} FROM messages ORDER BY seq DESC LIMIT 1"), None)?
            .to_array()?;
        rows.into_iter().next().map(MessageRow::into_message).transpose()
    }

    pub(super) fn messages_after(&self, sql: &SqlStorage, after: Seq) -> AppResult<Vec<Message>> {
        self.messages_page(sql, after, usize::MAX)
    }

    /// At most `limit` messages after `after`, in order.
    pub(super) fn messages_page(
        &self,
        sql: &SqlStorage,
        after: Seq,
        limit: usize,
    ) -> AppResult<Vec<Message>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows: Vec<MessageRow> = sql
            .exec(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE seq > ? ORDER BY seq LIMIT ?"),
                vec![(after as i64).into(), limit.into()],
            )?
            .to_array()?;
        rows.into_iter().map(MessageRow::into_message).collect()
    }
}
