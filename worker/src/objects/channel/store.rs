//! The channel's SQL: its tables' rows as types, and the reads every decision
//! and view starts from (members, watchers, one conversation, the list).

use super::*;

/// What the channel keeps in its `config` table (set by the workspace's
/// `/configure`), with each value's type.
pub(super) mod keys {
    use super::*;

    /// The channel's own id (an object does not know its name otherwise).
    pub(in super::super) const ID: Key<ChannelId> = Key::new("id");
    pub(in super::super) const WORKSPACE: Key<WorkspaceId> = Key::new("workspace");
    pub(in super::super) const NAME: Key<String> = Key::new("name");
    pub(in super::super) const WELCOME: Key<String> = Key::new("welcome");
    /// The welcome message in the workspace's other languages.
    pub(in super::super) const WELCOMES: Key<Vec<LocalizedText>> = Key::new("welcomes");
    /// Website origins allowed to embed it; empty: any.
    pub(in super::super) const ORIGINS: Key<Vec<String>> = Key::new("origins");
    pub(in super::super) const KEEP_PAGE_QUERIES: Key<bool> = Key::new("keep_page_queries");
    pub(in super::super) const IDENTITY_SECRET: Key<String> = Key::new("identity_secret");
    pub(in super::super) const REQUIRE_IDENTITY: Key<bool> = Key::new("require_identity");
    pub(in super::super) const FILES: Key<FileLimits> = Key::new("files");
    /// The workspace's inactivity timeout, capacity and reassignment delay.
    pub(in super::super) const SETTINGS: Key<WorkspaceSettings> = Key::new("settings");
    /// The chatbot it runs on new conversations, if any.
    pub(in super::super) const CHATBOT: Key<ChatbotScript> = Key::new("chatbot");
    pub(in super::super) const CHATBOT_ONLY_WHEN_OFFLINE: Key<bool> = Key::new("chatbot_only_when_offline");
    /// What was last written to KV for the edge (`Published`, as JSON).
    pub(in super::super) const PUBLISHED: Key<String> = Key::new("published");
    /// The last ticket given to a conversation, and the first ticket still
    /// in line as visitors were last told their places (`core::places`; it
    /// only moves on).
    pub(in super::super) const TICKETS: Key<u64> = Key::new("tickets");
    pub(in super::super) const HEAD: Key<u64> = Key::new("head");
    /// Since when news for buses and conversations may be on its way (ms;
    /// `flight.rs`).
    pub(in super::super) const IN_FLIGHT: Key<i64> = Key::new("in_flight");
}

/// Conversations in line: waiting for a person and served (not quiet), as
/// the partial index `conversations_line` holds them.
const IN_LINE: &str = "WHERE operator IS NULL AND closed = 0 AND bot = 0 AND offline = 0 AND quiet = 0";

/// How long a channel remembers who answered a visitor (90 days).
pub(super) const RETURNING_KEPT_MS: i64 = 90 * 86_400_000;

#[derive(Deserialize)]
pub(super) struct Row {
    pub(super) id: String,
    pub(super) channel: String,
    pub(super) languages: String,
    pub(super) last_seq: i64,
    pub(super) preview: String,
    pub(super) updated_at: i64,
    pub(super) operator: Option<Login>,
    pub(super) operator_name: Option<String>,
    pub(super) closed: i64,
    pub(super) answered_at: i64,
    pub(super) visitor: Option<String>,
    pub(super) visitor_name: Option<String>,
    pub(super) visitor_email: Option<String>,
    pub(super) identity: Option<String>,
    pub(super) offline: i64,
    pub(super) rating: Option<String>,
    pub(super) rating_comment: Option<String>,
    pub(super) bot: i64,
    pub(super) expertise: String,
    pub(super) pages: String,
    pub(super) country: Option<String>,
}

impl Row {
    pub(super) fn into_summary(self) -> Option<ConversationSummary> {
        Some(ConversationSummary {
            id: ConversationId::parse(self.id).ok()?,
            channel: ChannelId::parse(self.channel).ok()?,
            languages: serde_json::from_str(&self.languages).ok()?,
            last_seq: self.last_seq as u64,
            preview: self.preview,
            updated_at: self.updated_at,
            operator: self.operator.zip(self.operator_name).map(|(login, name)| Assignee { login, name }),
            closed: self.closed != 0,
            answered_at: (self.answered_at > 0).then_some(self.answered_at),
            visitor: self.visitor.and_then(|v| VisitorId::parse(v).ok()),
            visitor_name: self.visitor_name,
            visitor_email: self.visitor_email,
            identity: self.identity.and_then(|i| serde_json::from_str(&i).ok()),
            offline: self.offline != 0,
            rating: self.rating.and_then(|r| serde_json::from_str(&r).ok()),
            rating_comment: self.rating_comment,
            bot: self.bot != 0,
            expertise: json_list(&self.expertise),
            pages: json_list(&self.pages),
            country: self.country,
        })
    }
}

pub(super) const ROW_COLUMNS: &str =
    "id, channel, languages, last_seq, preview, updated_at, operator, operator_name, \
                           closed, answered_at, visitor, visitor_name, visitor_email, offline, rating, \
                           rating_comment, bot, expertise, pages, country, identity";

#[derive(Deserialize)]
pub(super) struct MemberRow {
    pub(super) login: Login,
    pub(super) name: String,
    pub(super) user_name: String,
    pub(super) languages: String,
    pub(super) expertise: String,
    pub(super) last_assigned_at: i64,
    pub(super) last_active_at: i64,
    pub(super) capacity: Option<i64>,
    /// Whether their bus watches the channel: online (an inbox tab is open,
    /// or the last closed less than the grace period ago).
    pub(super) watching: i64,
}

pub(super) const MEMBER_COLUMNS: &str =
    "login, name, user_name, languages, expertise, last_assigned_at, last_active_at, capacity, \
     EXISTS (SELECT 1 FROM watchers w WHERE w.login = members.login) AS watching";

/// What assignment needs of one conversation.
#[derive(Deserialize)]
pub(super) struct Candidate {
    pub(super) id: String,
    pub(super) languages: String,
    pub(super) visitor: Option<String>,
    pub(super) passed: String,
    pub(super) operator: Option<Login>,
    pub(super) closed: i64,
    pub(super) expertise: String,
    /// Told quiet by its conversation: not ongoing, not served.
    pub(super) quiet: i64,
    /// Its place in the order conversations came (`core::places`).
    pub(super) ticket: i64,
}

pub(super) const CANDIDATE_COLUMNS: &str =
    "id, languages, visitor, passed, operator, closed, expertise, quiet, ticket";

/// A JSON list column (languages, expertise, pages, logins); unreadable
/// counts as empty.
pub(super) fn json_list<T: serde::de::DeserializeOwned>(json: &str) -> Vec<T> {
    serde_json::from_str(json).unwrap_or_default()
}

pub(super) fn conversation_id(id: String) -> AppResult<ConversationId> {
    ConversationId::parse(id).map_err(|e| AppError::Internal(e.to_string()))
}

impl ChannelDo {
    /// Whether `table` (`watchers` or `members`) has a row for `login`.
    pub(super) fn has_login(&self, table: &str, login: &Login) -> AppResult<bool> {
        #[derive(Deserialize)]
        struct Found {
            found: i64,
        }
        let query = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE login = ?) AS found");
        Ok(self.sql().exec(&query, vec![login.as_str().into()])?.one::<Found>()?.found != 0)
    }

    /// The logins whose bus watches the channel.
    pub(super) fn watchers(&self) -> AppResult<Vec<Login>> {
        #[derive(Deserialize)]
        struct Watcher {
            login: Login,
        }
        let rows: Vec<Watcher> = self.sql().exec("SELECT login FROM watchers", None)?.to_array()?;
        Ok(rows.into_iter().map(|w| w.login).collect())
    }

    /// The members with an inbox open, by the name visitors see.
    pub(super) fn online_names(&self) -> AppResult<Vec<String>> {
        Ok(self.member_rows()?.into_iter().filter(|m| m.watching != 0).map(|m| m.name).collect())
    }

    /// This channel's id (the name the workspace knows it by).
    pub(super) fn channel_id(&self) -> AppResult<Option<ChannelId>> {
        self.config().load(&keys::ID)
    }

    pub(super) fn anyone_online(&self) -> AppResult<bool> {
        Ok(self.member_rows()?.iter().any(|m| m.watching != 0))
    }

    pub(super) fn member_rows(&self) -> AppResult<Vec<MemberRow>> {
        Ok(self
            .sql()
            .exec(&format!("SELECT {MEMBER_COLUMNS} FROM members ORDER BY joined_at, login"), None)?
            .to_array()?)
    }

    /// Who is active in the channel, in the order they joined.
    pub(super) fn members(&self) -> AppResult<Vec<Member>> {
        Ok(self
            .member_rows()?
            .into_iter()
            .map(|r| Member {
                login: r.login,
                name: r.name,
                user_name: r.user_name,
                languages: json_list(&r.languages),
                expertise: json_list(&r.expertise),
                capacity: r.capacity.map(|c| c as u32),
            })
            .collect())
    }

    pub(super) fn candidate(&self, id: &str) -> AppResult<Option<Candidate>> {
        let rows: Vec<Candidate> = self
            .sql()
            .exec(&format!("SELECT {CANDIDATE_COLUMNS} FROM conversations WHERE id = ?"), vec![id.into()])?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Who has a conversation here, as of which decision (nobody for one
    /// it does not hold).
    pub(super) fn placed(&self, id: &str) -> AppResult<Placed> {
        #[derive(Deserialize)]
        struct Has {
            operator: Option<Login>,
            operator_name: Option<String>,
            assigned_at: i64,
        }
        let rows: Vec<Has> = self
            .sql()
            .exec(
                "SELECT operator, operator_name, assigned_at FROM conversations WHERE id = ?",
                vec![id.into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().next().map_or_else(Placed::default, |h| Placed {
            operator: h.operator.map(|login| Assignee { login, name: h.operator_name.unwrap_or_default() }),
            at: h.assigned_at,
        }))
    }

    /// Who answered this visitor last in this channel.
    pub(super) fn previous_operator(&self, c: &Candidate) -> AppResult<Option<Login>> {
        let Some(visitor) = &c.visitor else { return Ok(None) };
        #[derive(Deserialize)]
        struct Previous {
            operator: Login,
        }
        let rows: Vec<Previous> = self
            .sql()
            .exec("SELECT operator FROM last_operator WHERE visitor = ?", vec![visitor.as_str().into()])?
            .to_array()?;
        Ok(rows.into_iter().next().map(|p| p.operator))
    }

    /// An ended conversation leaves for History; who had it is kept for the
    /// visitor's return (for [`RETURNING_KEPT_MS`], pruned a few at a time).
    pub(super) fn let_go(&self, id: &ConversationId) -> AppResult<()> {
        let sql = self.sql();
        let args = || vec![SqlStorageValue::from(id.as_str())];
        sql.exec(
            "INSERT OR REPLACE INTO last_operator (visitor, operator, at) SELECT visitor, operator, updated_at \
             FROM conversations WHERE id = ? AND visitor IS NOT NULL AND operator IS NOT NULL",
            args(),
        )?;
        sql.exec("DELETE FROM conversations WHERE id = ?", args())?;
        sql.exec(
            "DELETE FROM last_operator WHERE visitor IN (SELECT visitor FROM last_operator INDEXED BY last_operator_at \
             WHERE at < ? ORDER BY at LIMIT 4)",
            vec![(crate::now_ms() - RETURNING_KEPT_MS).into()],
        )?;
        Ok(())
    }

    /// Up to `limit` conversations in line after the ticket `after`, first
    /// come first (quiet ones — visitors gone for longer than the
    /// inactivity timeout — are not served).
    pub(super) fn waiting_after(&self, after: i64, limit: usize) -> AppResult<Vec<Candidate>> {
        let query = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM conversations INDEXED BY conversations_line {IN_LINE} \
             AND ticket > ? ORDER BY ticket LIMIT ?"
        );
        Ok(self.sql().exec(&query, vec![after.into(), (limit as i64).into()])?.to_array()?)
    }

    /// How many are in line.
    pub(super) fn in_line_count(&self) -> AppResult<u32> {
        // SQLite: a negative limit is none.
        Ok(self.count_line(-1)? as u32)
    }

    /// How many are in line, counting at most `limit` of them.
    fn count_line(&self, limit: i64) -> AppResult<i64> {
        #[derive(Deserialize)]
        struct Count {
            n: i64,
        }
        let query = format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM conversations INDEXED BY conversations_line {IN_LINE} LIMIT ?)"
        );
        Ok(self.sql().exec(&query, vec![limit.into()])?.one::<Count>()?.n)
    }

    /// The next ticket, given.
    pub(super) fn next_ticket(&self) -> AppResult<u64> {
        let config = self.config();
        let next = config.load(&keys::TICKETS)?.unwrap_or(0) + 1;
        config.store(&keys::TICKETS, &next)?;
        Ok(next)
    }

    /// A conversation's ticket, if it is in line.
    pub(super) fn in_line(&self, id: &str) -> AppResult<Option<u64>> {
        #[derive(Deserialize)]
        struct Ticket {
            ticket: i64,
        }
        let rows: Vec<Ticket> = self
            .sql()
            .exec(
                &format!(
                    "SELECT ticket FROM conversations INDEXED BY conversations_line {IN_LINE} AND id = ?"
                ),
                vec![id.into()],
            )?
            .to_array()?;
        Ok(rows.first().map(|t| t.ticket as u64))
    }

    /// The head of the line now (it only moves on), and the conversations
    /// in line whose shown place changed since it was last told, with
    /// their tickets (`core::places::moved`: the first few and one per
    /// step, not everyone in line).
    pub(super) fn line(&self) -> AppResult<(u64, Vec<(String, u64)>)> {
        #[derive(Deserialize)]
        struct InLine {
            id: String,
            ticket: i64,
        }
        let (sql, config) = (self.sql(), self.config());
        let last = config.load(&keys::TICKETS)?.unwrap_or(0);
        let before = config.load(&keys::HEAD)?.unwrap_or(1);
        let first: Vec<InLine> = sql
            .exec(
                &format!(
                    "SELECT id, ticket FROM conversations INDEXED BY conversations_line {IN_LINE} \
                     ORDER BY ticket LIMIT 1"
                ),
                None,
            )?
            .to_array()?;
        let head = before.max(first.first().map_or(last + 1, |f| f.ticket as u64));
        let mut moved = vec![];
        if head > before {
            config.store(&keys::HEAD, &head)?;
            for r in places::moved(before, head, last) {
                let rows: Vec<InLine> = sql
                    .exec(
                        &format!(
                            "SELECT id, ticket FROM conversations INDEXED BY conversations_line {IN_LINE} \
                             AND ticket >= ? AND ticket < ?"
                        ),
                        vec![(r.start as i64).into(), (r.end as i64).into()],
                    )?
                    .to_array()?;
                moved.extend(rows.into_iter().map(|r| (r.id, r.ticket as u64)));
            }
        }
        Ok((head, moved))
    }

    pub(super) fn summary(&self, id: &ConversationId) -> AppResult<Option<ConversationSummary>> {
        let rows: Vec<Row> = self
            .sql()
            .exec(&format!("SELECT {ROW_COLUMNS} FROM conversations WHERE id = ?"), vec![id.as_str().into()])?
            .to_array()?;
        Ok(rows.into_iter().next().and_then(Row::into_summary))
    }

    /// The channel as `login`'s tab is sent it (named by their bus), with
    /// who is online.
    pub(super) fn state_of(
        &self,
        channel: ChannelId,
        login: &Login,
        online: Vec<String>,
    ) -> AppResult<ChannelState> {
        let items = self.list(login)?;
        Ok(ChannelState { channel, name: String::new(), items, online, waiting: self.line_counted()? })
    }

    /// What a tab is sent of the channel (`core::listing`): `login`'s own
    /// open conversations however old, the head of the line, and the
    /// others with the latest activity; each through its index.
    fn list(&self, login: &Login) -> AppResult<Vec<ConversationSummary>> {
        let sql = self.sql();
        let read = |query: String, args: Vec<SqlStorageValue>| -> AppResult<Vec<Row>> {
            Ok(sql.exec(&query, args)?.to_array()?)
        };
        let own = read(
            format!(
                "SELECT {ROW_COLUMNS} FROM conversations INDEXED BY conversations_open_load \
                 WHERE operator = ? AND closed = 0"
            ),
            vec![login.as_str().into()],
        )?;
        let line = read(
            format!("SELECT {ROW_COLUMNS} FROM conversations INDEXED BY conversations_line {IN_LINE} ORDER BY ticket LIMIT ?"),
            vec![(listing::LINE_PAGE as i64).into()],
        )?;
        let recent = read(
            format!("SELECT {ROW_COLUMNS} FROM conversations INDEXED BY conversations_recent ORDER BY updated_at DESC LIMIT ?"),
            vec![(listing::RECENT as i64).into()],
        )?;
        let mut seen = std::collections::HashSet::new();
        let mut items: Vec<ConversationSummary> = own
            .into_iter()
            .chain(line)
            .chain(recent)
            .filter(|r| seen.insert(r.id.clone()))
            .filter_map(Row::into_summary)
            .collect();
        listing::keep(&mut items, login);
        Ok(items)
    }

    /// How many are in line, counted up to `core::listing::LINE_COUNTED`
    /// and one more (a long line costs no more to count than that).
    pub(super) fn line_counted(&self) -> AppResult<u32> {
        let n = self.count_line(i64::from(listing::LINE_COUNTED) + 1)?;
        Ok(listing::line_count(n.max(0) as u64))
    }
}
