//! History's SQL: an ended conversation and its lines in, a page of a
//! search, a transcript and deletions out. Every read goes through an index:
//! by time (and channel, operator or email), or the full-text index.

use serde::Deserialize;
use switchboard_core::history::{match_expression, rating_named, rating_word, Cursor, Search, PAGE_SIZE};
use switchboard_core::ids::{ChannelId, ClientMsgId, ConversationId, Login, VisitorId};
use switchboard_core::protocol::{Assignee, Ended, HistoryPage, Message};
use worker::{SqlStorage, SqlStorageValue};

use crate::error::{AppError, AppResult};
use crate::rpc::history::{Archived, Viewer};

const ENDED_COLUMNS: &str =
    "id, channel, operator, operator_name, visitor, visitor_name, visitor_email, country, \
                             started_at, ended_at, rating, rating_comment, messages, preview";

#[derive(Deserialize)]
struct Row {
    id: String,
    channel: String,
    operator: Option<String>,
    operator_name: Option<String>,
    visitor: Option<String>,
    visitor_name: Option<String>,
    visitor_email: Option<String>,
    country: Option<String>,
    started_at: i64,
    ended_at: i64,
    rating: Option<String>,
    rating_comment: Option<String>,
    messages: i64,
    preview: String,
}

fn internal(e: impl ToString) -> AppError {
    AppError::Internal(e.to_string())
}

impl Row {
    fn into_ended(self) -> AppResult<Ended> {
        let operator = match (self.operator, self.operator_name) {
            (Some(login), Some(name)) => {
                Some(Assignee { login: Login::parse(login).map_err(internal)?, name })
            }
            _ => None,
        };
        Ok(Ended {
            id: ConversationId::parse(self.id).map_err(internal)?,
            channel: ChannelId::parse(self.channel).map_err(internal)?,
            operator,
            visitor: self.visitor.and_then(|v| VisitorId::parse(v).ok()),
            visitor_name: self.visitor_name,
            visitor_email: self.visitor_email,
            country: self.country,
            started_at: self.started_at,
            ended_at: self.ended_at,
            rating: self.rating.as_deref().and_then(rating_named),
            rating_comment: self.rating_comment,
            messages: self.messages as u32,
            preview: self.preview,
        })
    }
}

/// Keeps a conversation's record as it is now, and those of its lines it
/// does not have yet (each indexed for search once).
pub(super) fn keep(sql: &SqlStorage, a: &Archived) -> AppResult<()> {
    let r = &a.record;
    let email_key = r.visitor_email.as_deref().map(switchboard_core::history::email_key);
    sql.exec(
        &format!(
            "INSERT OR REPLACE INTO ended ({ENDED_COLUMNS}, email_key) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        vec![
            r.id.as_str().into(),
            r.channel.as_str().into(),
            r.operator.as_ref().map(|o| o.login.as_str().to_owned()).into(),
            r.operator.as_ref().map(|o| o.name.clone()).into(),
            r.visitor.as_ref().map(|v| v.as_str().to_owned()).into(),
            r.visitor_name.clone().into(),
            r.visitor_email.clone().into(),
            r.country.clone().into(),
            r.started_at.into(),
            r.ended_at.into(),
            r.rating.map(rating_word).into(),
            r.rating_comment.clone().into(),
            (r.messages as i64).into(),
            r.preview.as_str().into(),
            email_key.into(),
        ],
    )?;
    #[derive(Deserialize)]
    struct New {
        id: i64,
    }
    for m in &a.messages {
        let added: Vec<New> = sql
            .exec(
                "INSERT INTO lines (conversation, seq, client_id, author, text, at, files) VALUES (?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (conversation, seq) DO NOTHING RETURNING id",
                vec![
                    r.id.as_str().into(),
                    (m.seq as i64).into(),
                    m.client_id.as_str().into(),
                    serde_json::to_string(&m.author)?.into(),
                    m.text.as_str().into(),
                    m.at.into(),
                    (!m.files.is_empty()).then(|| serde_json::to_string(&m.files)).transpose()?.into(),
                ],
            )?
            .to_array()?;
        for new in added {
            sql.exec(
                "INSERT INTO lines_text (rowid, text) VALUES (?, ?)",
                vec![new.id.into(), m.text.as_str().into()],
            )?;
        }
    }
    Ok(())
}

/// One page of `s`, as `viewer` may see it, newest first.
pub(super) fn search(sql: &SqlStorage, viewer: &Viewer, s: &Search) -> AppResult<HistoryPage> {
    let empty = HistoryPage { items: vec![], next: None };
    let mut query = format!("SELECT {ENDED_COLUMNS} FROM ended WHERE 1 = 1");
    let mut args: Vec<SqlStorageValue> = vec![];
    let words = match_expression(&s.words);
    if let Some(expr) = &words {
        query.push_str(
            " AND id IN (SELECT l.conversation FROM lines_text JOIN lines l ON l.id = lines_text.rowid \
             WHERE lines_text MATCH ?)",
        );
        args.push(expr.as_str().into());
    }
    match (&s.channel, &viewer.channels) {
        (Some(c), _) if !viewer.may_see(c) => return Ok(empty),
        (Some(c), _) => {
            query.push_str(" AND channel = ?");
            args.push(c.as_str().into());
        }
        (None, Some(allowed)) if allowed.is_empty() => return Ok(empty),
        (None, Some(allowed)) => {
            query.push_str(&format!(" AND channel IN ({})", vec!["?"; allowed.len()].join(", ")));
            args.extend(allowed.iter().map(|c| c.as_str().into()));
        }
        (None, None) => {}
    }
    let mut filter = |clause: &str, value: SqlStorageValue| {
        query.push_str(clause);
        args.push(value);
    };
    if let Some(o) = &s.operator {
        filter(" AND operator = ?", o.as_str().into());
    }
    if let Some(from) = s.from {
        filter(" AND ended_at >= ?", from.into());
    }
    if let Some(to) = s.to {
        filter(" AND ended_at < ?", to.into());
    }
    if let Some(r) = s.rating {
        filter(" AND rating = ?", rating_word(r).into());
    }
    if let Some(e) = &s.email {
        filter(" AND email_key = ?", e.as_str().into());
    }
    if let Some(v) = &s.visitor {
        filter(" AND visitor = ?", v.as_str().into());
    }
    if let Some(Cursor { ended_at, id }) = &s.before {
        query.push_str(" AND (ended_at < ? OR (ended_at = ? AND id < ?))");
        args.extend([(*ended_at).into(), (*ended_at).into(), id.as_str().into()]);
    }
    query.push_str(&format!(" ORDER BY ended_at DESC, id DESC LIMIT {}", PAGE_SIZE + 1));
    let rows: Vec<Row> = sql.exec(&query, args)?.to_array()?;
    let mut items = rows.into_iter().map(Row::into_ended).collect::<AppResult<Vec<_>>>()?;
    let next = match items.len() > PAGE_SIZE {
        true => {
            items.truncate(PAGE_SIZE);
            items.last().map(|e| Cursor { ended_at: e.ended_at, id: e.id.clone() }.encode())
        }
        false => None,
    };
    // A search by words shows where they are, not the last message.
    if let Some(expr) = &words {
        for item in &mut items {
            if let Some(found) = snippet(sql, expr, &item.id)? {
                item.preview = found;
            }
        }
    }
    Ok(HistoryPage { items, next })
}

fn snippet(sql: &SqlStorage, expr: &str, id: &ConversationId) -> AppResult<Option<String>> {
    #[derive(Deserialize)]
    struct Found {
        s: String,
    }
    let rows: Vec<Found> = sql
        .exec(
            "SELECT snippet(lines_text, 0, '', '', '…', 16) AS s FROM lines_text \
             JOIN lines l ON l.id = lines_text.rowid WHERE lines_text MATCH ? AND l.conversation = ? \
             ORDER BY l.seq LIMIT 1",
            vec![expr.into(), id.as_str().into()],
        )?
        .to_array()?;
    Ok(rows.into_iter().next().map(|f| f.s))
}

pub(super) fn ended(sql: &SqlStorage, id: &ConversationId) -> AppResult<Option<Ended>> {
    let rows: Vec<Row> = sql
        .exec(&format!("SELECT {ENDED_COLUMNS} FROM ended WHERE id = ?"), vec![id.as_str().into()])?
        .to_array()?;
    rows.into_iter().next().map(Row::into_ended).transpose()
}

/// A conversation's messages, in order.
pub(super) fn lines(sql: &SqlStorage, id: &ConversationId) -> AppResult<Vec<Message>> {
    #[derive(Deserialize)]
    struct Line {
        seq: i64,
        client_id: String,
        author: String,
        text: String,
        at: i64,
        files: Option<String>,
    }
    let rows: Vec<Line> = sql
        .exec(
            "SELECT seq, client_id, author, text, at, files FROM lines WHERE conversation = ? ORDER BY seq",
            vec![id.as_str().into()],
        )?
        .to_array()?;
    rows.into_iter()
        .map(|l| {
            Ok(Message {
                seq: l.seq as u64,
                client_id: ClientMsgId::parse(l.client_id).map_err(internal)?,
                author: serde_json::from_str(&l.author)?,
                text: l.text,
                at: l.at,
                answers: vec![],
                files: l.files.map(|f| serde_json::from_str(&f)).transpose()?.unwrap_or_default(),
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

fn ids(rows: Vec<Id>) -> AppResult<Vec<ConversationId>> {
    rows.into_iter().map(|r| ConversationId::parse(r.id).map_err(internal)).collect()
}

/// The ended conversations of the visitor with this email (as `email_key` makes it).
pub(super) fn of_visitor(sql: &SqlStorage, email_key: &str) -> AppResult<Vec<ConversationId>> {
    ids(sql.exec("SELECT id FROM ended WHERE email_key = ?", vec![email_key.into()])?.to_array()?)
}

/// At most `limit` conversations that ended before `cutoff`, oldest first.
pub(super) fn ended_before(sql: &SqlStorage, cutoff: i64, limit: usize) -> AppResult<Vec<ConversationId>> {
    let query = format!(
        "SELECT id FROM ended INDEXED BY ended_time WHERE ended_at < ? ORDER BY ended_at LIMIT {limit}"
    );
    ids(sql.exec(&query, vec![cutoff.into()])?.to_array()?)
}

/// When the oldest kept conversation ended.
pub(super) fn oldest(sql: &SqlStorage) -> AppResult<Option<i64>> {
    #[derive(Deserialize)]
    struct Oldest {
        at: Option<i64>,
    }
    Ok(sql.exec("SELECT min(ended_at) AS at FROM ended", None)?.one::<Oldest>()?.at)
}

/// Deletes a conversation, its lines and their index entries.
pub(super) fn delete(sql: &SqlStorage, id: &ConversationId) -> AppResult<()> {
    let args = || vec![SqlStorageValue::from(id.as_str())];
    sql.exec(
        "INSERT INTO lines_text (lines_text, rowid, text) SELECT 'delete', id, text FROM lines WHERE conversation = ?",
        args(),
    )?;
    sql.exec("DELETE FROM lines WHERE conversation = ?", args())?;
    sql.exec("DELETE FROM ended WHERE id = ?", args())?;
    Ok(())
}
