//! The conversation's SQL: its log as core's `Ledger` sees it, messages as
//! rows, the head read on every frame, and the meta keys it keeps.

use super::*;

/// Storage as core's [`Ledger`] sees it.
pub(super) struct SqlLedger<'a> {
    pub(super) sql: &'a SqlStorage,
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

    fn visitor_token_ok(&mut self, token: &str) -> bool {
        meta(self.sql, "token").is_some_and(|t| same_secret(t.as_bytes(), token.as_bytes()))
    }
}

/// A value of the conversation's `meta` table (id, channel, languages,
/// token, visitor, assignment, closed, answered_at, seen, rating; with a
/// chatbot: script, run, and `input:<step>` for what the visitor typed), if
/// set.
pub(super) fn meta(sql: &SqlStorage, key: &str) -> Option<String> {
    Kv::new(sql.clone(), "meta").get(key).ok().flatten()
}

#[derive(Deserialize)]
pub(super) struct MessageRow {
    pub(super) seq: i64,
    pub(super) client_id: String,
    pub(super) author: String,
    pub(super) text: String,
    pub(super) at: i64,
    pub(super) answers: Option<String>,
}

pub(super) const MESSAGE_COLUMNS: &str = "seq, client_id, author, text, at, answers";

impl MessageRow {
    pub(super) fn into_message(self) -> AppResult<Message> {
        Ok(Message {
            seq: self.seq as Seq,
            client_id: ClientMsgId::parse(self.client_id).map_err(|e| AppError::Internal(e.to_string()))?,
            author: serde_json::from_str(&self.author)?,
            text: self.text,
            at: self.at,
            answers: self.answers.map(|a| serde_json::from_str(&a)).transpose()?.unwrap_or_default(),
        })
    }
}

pub(super) fn parse_id(id: String) -> AppResult<ConversationId> {
    ConversationId::parse(id).map_err(|e| AppError::Internal(e.to_string()))
}

/// Writes a message to the log (an operator's also marks the conversation
/// answered).
pub(super) fn store(sql: &SqlStorage, msg: &Message) -> AppResult<()> {
    let answers = (!msg.answers.is_empty()).then(|| serde_json::to_string(&msg.answers)).transpose()?;
    sql.exec(
        "INSERT INTO messages (seq, client_id, author, text, at, answers) VALUES (?, ?, ?, ?, ?, ?)",
        vec![
            (msg.seq as i64).into(),
            msg.client_id.as_str().into(),
            serde_json::to_string(&msg.author)?.into(),
            msg.text.as_str().into(),
            msg.at.into(),
            answers.into(),
        ],
    )?;
    if matches!(msg.author, Author::Operator { .. }) {
        Kv::new(sql.clone(), "meta").set("answered_at", &msg.at.to_string())?;
    }
    Ok(())
}

/// Remembers who ended the conversation and when.
pub(super) fn remember_close(sql: &SqlStorage, by: Author, at: i64) -> AppResult<()> {
    Kv::new(sql.clone(), "meta").set("closed", &serde_json::to_string(&ServerMsg::Closed { by, at })?)?;
    Ok(())
}

impl ConversationDo {
    /// The pages the visitor went through, oldest first.
    pub(super) fn pages(&self, sql: &SqlStorage) -> Vec<String> {
        meta(sql, "pages").and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default()
    }

    /// The visitor is on `page`; whether that is news for the inbox.
    pub(super) fn visited(&self, sql: &SqlStorage, page: &str) -> AppResult<bool> {
        let mut pages = self.pages(sql);
        if !note_visit(&mut pages, page) {
            return Ok(false);
        }
        Kv::new(sql.clone(), "meta").set("pages", &serde_json::to_string(&pages)?)?;
        Ok(true)
    }

    /// The log's head, read from storage (so it survives hibernation).
    pub(super) fn head(&self, sql: &SqlStorage) -> Result<Conversation> {
        #[derive(Deserialize)]
        struct Row {
            seq: i64,
            at: i64,
        }
        let rows: Vec<Row> =
            sql.exec("SELECT seq, at FROM messages ORDER BY seq DESC LIMIT 1", None)?.to_array()?;
        let head = rows.first().map(|r| Conversation::restore(r.seq as Seq, r.at)).unwrap_or_default();
        let head = match meta(sql, "closed").and_then(|c| serde_json::from_str(&c).ok()) {
            Some(ServerMsg::Closed { by, at }) => head.ended(by, at),
            _ => head,
        };
        let mut seen = Seen::default();
        for key in ["seen_visitor", "seen_operator"] {
            match meta(sql, key).and_then(|s| serde_json::from_str(&s).ok()) {
                Some(ServerMsg::Seen { by: Author::Visitor, seq }) => seen.visitor = seq,
                Some(ServerMsg::Seen { by: Author::Operator { name }, seq }) => {
                    seen.operator = Some((name, seq))
                }
                _ => {}
            }
        }
        let head = head.seen_as(seen);
        Ok(match self.rating(sql) {
            Some(rating) => head.rated(rating),
            None => head,
        })
    }

    pub(super) fn rating(&self, sql: &SqlStorage) -> Option<Rating> {
        meta(sql, "rating").and_then(|r| serde_json::from_str(&r).ok())
    }

    pub(super) fn last_message(&self, sql: &SqlStorage) -> AppResult<Option<Message>> {
        let rows: Vec<MessageRow> = sql
            .exec(&format!("SELECT {MESSAGE_COLUMNS} FROM messages ORDER BY seq DESC LIMIT 1"), None)?
            .to_array()?;
        rows.into_iter().next().map(MessageRow::into_message).transpose()
    }

    pub(super) fn messages_after(&self, sql: &SqlStorage, after: Seq) -> AppResult<Vec<Message>> {
        let rows: Vec<MessageRow> = sql
            .exec(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE seq > ? ORDER BY seq"),
                vec![(after as i64).into()],
            )?
            .to_array()?;
        rows.into_iter().map(MessageRow::into_message).collect()
    }
}
