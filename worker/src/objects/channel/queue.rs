//! Assignment: a snapshot of the operators, new conversations given or
//! queued, the queue served, unanswered ones offered on, transfers and the
//! chatbot's forwards, and the one alarm for the earliest deadline.

use super::*;
use switchboard_core::reasons::refuse;

/// The channel's operators as assignment sees them (core's `Pool`, kept
/// current while several decisions are made in one go), with what the
/// inboxes show of them.
pub(super) struct Snapshot {
    pub(super) pool: Pool,
    pub(super) names: Vec<String>,
    pub(super) idle_since: Vec<i64>,
    /// The workspace's settings, read once per event.
    pub(super) settings: WorkspaceSettings,
}

impl Snapshot {
    pub(super) fn name(&self, login: &Login) -> Option<String> {
        self.pool.index(login).map(|i| self.names[i].clone())
    }
}

/// How many waiting conversations are read at a time while serving.
const SERVE_PAGE: usize = 50;

/// What must be told once decisions are written down.
#[derive(Default)]
pub(super) struct News {
    /// Conversations whose operator or place changed (their visitor and the
    /// inboxes hear of it).
    pub(super) changed: Vec<ConversationId>,
    /// Whether the queue moved (everyone waiting learns their new place).
    pub(super) queue_moved: bool,
    /// To an operator's inboxes: a conversation left them.
    pub(super) reassigned: Vec<(Login, BusEvent)>,
    /// To an operator's inboxes: removed from the channel.
    pub(super) removed: Vec<(Login, BusEvent)>,
}

impl News {
    pub(super) fn is_empty(&self) -> bool {
        self.changed.is_empty() && !self.queue_moved && self.reassigned.is_empty() && self.removed.is_empty()
    }

    pub(super) fn merge(&mut self, other: News) {
        self.changed.extend(other.changed);
        self.queue_moved |= other.queue_moved;
        self.reassigned.extend(other.reassigned);
        self.removed.extend(other.removed);
    }
}

impl ChannelDo {
    /// One alarm: the backstop for members no bus spoke of (`expire`), and
    /// whether news in flight has landed (`flight.rs`).
    /// Conversations time their own quiet and reassignment delay.
    pub(super) async fn schedule(&self) -> AppResult<()> {
        #[derive(Deserialize)]
        struct At {
            t: Option<i64>,
        }
        let (timeout, now) = (self.settings()?.inactivity_timeout_ms(), crate::now_ms());
        let oldest = self.sql().exec("SELECT min(last_active_at) AS t FROM members", None)?.one::<At>()?.t;
        let mut due = rules::next_alarm(oldest, timeout);
        // News may be on its way: the alarm looks whether it landed.
        if self.news_in_flight()? {
            let look = now + super::flight::FLIGHT_CHECK_MS;
            due = Some(due.map_or(look, |t| t.min(look)));
        }
        let storage = self.state.storage();
        match due {
            Some(t) => storage.set_alarm((t - now).max(0)).await?,
            None => storage.delete_alarm().await?,
        }
        Ok(())
    }

    pub(super) async fn on_alarm(&self) -> AppResult<()> {
        let mut news = self.expire()?;
        news.merge(self.drain_queue(&mut self.snapshot()?)?);
        // Noted with the decisions (no `await` since): news is on its way.
        let _expecting = match news.is_empty() {
            true => None,
            false => Some(self.expect_news()?),
        };
        self.schedule().await?;
        self.announce(news).await
    }

    /// The channel's operators now: online (their bus watches) and their ongoing conversations
    /// (assigned, not closed, not quiet: a message within the inactivity timeout).
    pub(super) fn snapshot(&self) -> AppResult<Snapshot> {
        let (now, settings) = (crate::now_ms(), self.settings()?);
        #[derive(Deserialize)]
        struct Load {
            operator: Login,
            n: i64,
        }
        let loads: Vec<Load> = self
            .sql()
            .exec(
                "SELECT operator, count(*) AS n FROM conversations INDEXED BY conversations_open_load \
                 WHERE operator IS NOT NULL AND closed = 0 AND quiet = 0 GROUP BY operator",
                None,
            )?
            .to_array()?;
        let pool = Pool { operators: vec![], now };
        let mut snapshot = Snapshot { pool, names: vec![], idle_since: vec![], settings };
        for m in self.member_rows()? {
            snapshot.pool.operators.push(Operator {
                online: m.watching != 0,
                joined: true,
                capacity: m.capacity.map_or(snapshot.settings.capacity, |c| c as u32),
                ongoing: loads.iter().find(|l| l.operator == m.login).map_or(0, |l| l.n as u32),
                languages: json_list(&m.languages),
                expertise: json_list(&m.expertise),
                last_assigned_at: m.last_assigned_at,
                login: m.login,
            });
            snapshot.names.push(m.name);
            snapshot.idle_since.push(m.last_active_at);
        }
        Ok(snapshot)
    }

    /// What a conversation asks of assignment, read from storage.
    pub(super) fn wanted(&self, c: &Candidate) -> AppResult<Wanted> {
        Ok(Wanted {
            languages: json_list(&c.languages),
            expertise: json_list(&c.expertise),
            previous_operator: self.previous_operator(c)?,
            passed: json_list(&c.passed),
        })
    }

    /// Picks the operator for one conversation by the policy and writes it
    /// down (or leaves it as it is: nobody can take it). No `await`.
    pub(super) fn assign(&self, snapshot: &mut Snapshot, c: &Candidate) -> AppResult<Option<Login>> {
        let wanted = self.wanted(c)?;
        let Some(chosen) = snapshot.pool.take(&wanted.request()) else {
            return Ok(None);
        };
        self.record(snapshot, &c.id, &chosen, &wanted.passed)?;
        Ok(Some(chosen))
    }

    /// Gives `login` the conversation: counted, and written down.
    pub(super) fn give(
        &self,
        snapshot: &mut Snapshot,
        id: &str,
        login: &Login,
        passed: &[Login],
    ) -> AppResult<()> {
        snapshot.pool.count(login, 1);
        self.record(snapshot, id, login, passed)
    }

    /// Writes down that `login` has the conversation now (people have it:
    /// no longer the chatbot's); the pool has counted it already.
    pub(super) fn record(
        &self,
        snapshot: &Snapshot,
        id: &str,
        login: &Login,
        passed: &[Login],
    ) -> AppResult<()> {
        let sql = self.sql();
        let name = snapshot.name(login).unwrap_or_default();
        sql.exec(
            "UPDATE conversations SET operator = ?, operator_name = ?, assigned_at = max(assigned_at + 1, ?), \
             passed = ?, bot = 0 WHERE id = ?",
            vec![
                login.as_str().into(),
                name.into(),
                snapshot.pool.now.into(),
                serde_json::to_string(passed)?.into(),
                id.into(),
            ],
        )?;
        sql.exec(
            "UPDATE members SET last_assigned_at = ? WHERE login = ?",
            vec![snapshot.pool.now.into(), login.as_str().into()],
        )?;
        Ok(())
    }

    /// Gives waiting conversations, oldest first, to operators who can take
    /// them, while anyone can. No `await`.
    pub(super) fn drain_queue(&self, snapshot: &mut Snapshot) -> AppResult<News> {
        let mut news = News::default();
        // A page at a time, while anyone can take one: a long line is not
        // read when nobody is free.
        let mut after = 0;
        while snapshot.pool.any_eligible() {
            let waiting = self.waiting_after(after, SERVE_PAGE)?;
            let given = rules::serve(&mut snapshot.pool, waiting.len(), |i| self.wanted(&waiting[i]))?;
            for (i, login) in given {
                let c = &waiting[i];
                self.record(snapshot, &c.id, &login, &json_list(&c.passed))?;
                news.changed.push(conversation_id(c.id.clone())?);
                news.queue_moved = true;
            }
            match waiting.last() {
                Some(last) if waiting.len() == SERVE_PAGE => after = last.ticket,
                _ => break,
            }
        }
        Ok(news)
    }

    pub(super) async fn serve_queue(&self) -> AppResult<()> {
        let news = self.drain_queue(&mut self.snapshot()?)?;
        self.schedule().await?;
        self.announce(news).await
    }

    /// A conversation its operator left unanswered for the reassignment
    /// delay (its own clock) is offered to the next operator by the policy;
    /// the first is told. With nobody else to take it, it stays (and the
    /// conversation looks again after the same delay).
    pub(super) async fn overdue(&self, o: Overdue) -> AppResult<()> {
        let Some(c) = self.candidate(o.conversation.as_str())? else { return Ok(()) };
        // Ended, or no longer theirs meanwhile: nothing is overdue.
        if c.closed != 0 || c.operator.as_ref() != Some(&o.operator) {
            return Ok(());
        }
        let mut snapshot = self.snapshot()?;
        let seconds = snapshot.settings.reassign_after_s;
        let mut news = News::default();
        if let Unanswered::To { to: next, passed } =
            rules::unanswered(&mut snapshot.pool, &o.operator, &self.wanted(&c)?)
        {
            self.record(&snapshot, &c.id, &next, &passed)?;
            let to = snapshot.name(&next).map(|name| Assignee { login: next, name });
            let reason = ReassignReason::Unanswered { seconds };
            let event = BusEvent::Reassigned { conversation: o.conversation.clone(), to, reason };
            news.reassigned.push((o.operator, event));
            news.changed.push(o.conversation);
        }
        self.announce(news).await
    }

    /// Puts conversation `id` back in the line (it keeps its ticket), not to
    /// be offered again to those who `passed` it on; decided at `now`.
    pub(super) fn back_to_line(&self, id: &str, passed: &[Login], now: i64) -> AppResult<()> {
        self.sql().exec(
            "UPDATE conversations SET operator = NULL, operator_name = NULL, passed = ?, bot = 0, \
             assigned_at = max(assigned_at + 1, ?) WHERE id = ?",
            vec![serde_json::to_string(passed)?.into(), now.into(), id.into()],
        )?;
        Ok(())
    }

    /// Hands a conversation to another joined operator, or back to the
    /// queue (where whoever passed it on is not offered it again).
    pub(super) async fn transfer(&self, t: TransferAsk) -> AppResult<Option<ConversationSummary>> {
        let c = self.candidate(t.conversation.as_str())?.ok_or(AppError::NotFound)?;
        let mut snapshot = self.snapshot()?;
        let passed: Vec<Login> = json_list(&c.passed);
        let held = Held { operator: c.operator.as_ref(), closed: c.closed != 0, passed: &passed };
        let plan = rules::transfer(&held, &t.by, t.admin, t.to.as_ref(), |login| snapshot.name(login))
            .map_err(|refusal| match refusal {
                Refusal::Ended => AppError::Conflict("This conversation has ended.".into()),
                Refusal::NotTheirs => AppError::ForbiddenBecause(
                    "Only the operator who has this conversation, or an admin, can transfer it.".into(),
                ),
                Refusal::NotJoined => refuse("to", "not-joined", &[]).into(),
                Refusal::HasItAlready(name) => refuse("to", "has-it", &[("name", name)]).into(),
            })?;
        let mut news = News::default();
        match &plan.to {
            Some(login) => self.give(&mut snapshot, &c.id, login, &plan.passed)?,
            None => {
                self.back_to_line(&c.id, &plan.passed, snapshot.pool.now)?;
                news.queue_moved = true;
            }
        }
        if let Some(first) = &c.operator {
            snapshot.pool.count(first, -1);
        }
        news.merge(self.drain_queue(&mut snapshot)?);
        let id = conversation_id(c.id)?;
        if !news.changed.contains(&id) {
            news.changed.push(id.clone());
        }
        if let Some(first) = c.operator {
            let taken = t.to.as_ref() == Some(&t.by);
            let to = t.to.and_then(|login| snapshot.name(&login).map(|name| Assignee { login, name }));
            let reason = match taken {
                true => ReassignReason::TakenOver { by: t.by_name },
                false => ReassignReason::Transferred { by: t.by_name },
            };
            news.reassigned.push((first, BusEvent::Reassigned { conversation: id.clone(), to, reason }));
        }
        self.schedule().await?;
        self.announce(news).await?;
        self.summary(&id)
    }

    /// A conversation's chatbot hands it on, with the expertise its answers
    /// asked for: assigned by the policy, else queued (if the script has no
    /// "no operator" branch) or left with the bot.
    pub(super) async fn forward(&self, f: ForwardAsk) -> AppResult<Forwarded> {
        let mut c = self.candidate(f.conversation.as_str())?.ok_or(AppError::NotFound)?;
        if c.closed != 0 {
            return Err(AppError::Conflict("This conversation has ended.".into()));
        }
        // An admin handed it to someone meanwhile: people have it.
        if c.operator.is_some() {
            return Ok(Forwarded { assigned: true });
        }
        c.expertise = serde_json::to_string(&f.expertise)?;
        self.sql().exec(
            "UPDATE conversations SET expertise = ? WHERE id = ?",
            vec![c.expertise.as_str().into(), c.id.as_str().into()],
        )?;
        let mut snapshot = self.snapshot()?;
        let wanted = self.wanted(&c)?;
        let mut news = News::default();
        let assigned = match rules::forward(&mut snapshot.pool, &wanted, f.queue) {
            Forward::To(login) => {
                self.record(&snapshot, &c.id, &login, &wanted.passed)?;
                news.changed.push(f.conversation);
                true
            }
            // Queued: off to people as well.
            Forward::Queued => {
                self.sql()
                    .exec("UPDATE conversations SET bot = 0 WHERE id = ?", vec![c.id.as_str().into()])?;
                news.changed.push(f.conversation);
                false
            }
            Forward::StaysWithBot => false,
        };
        self.schedule().await?;
        self.announce(news).await?;
        Ok(Forwarded { assigned })
    }

    /// A conversation's lifecycle moved (`core::relay`): a new one is
    /// assigned first; an ended or quiet one frees its operator's slot, or
    /// leaves the queue; one waking up counts again. Told again (the
    /// conversation did not hear the answer), it changes nothing. The
    /// answer says who has it here, so a conversation that missed the
    /// word (`/assignment`) learns it now.
    pub(super) async fn notify(&self, told: Notify) -> AppResult<Placed> {
        let Notify { summary: s, quiet } = told;
        let before = self.candidate(s.id.as_str())?;
        // An end it does not hold (told again, or it left already): History has it.
        if s.closed && before.is_none() {
            return Ok(Placed::default());
        }
        // A newcomer takes the next ticket: its place in line, if it waits.
        let ticket = match before {
            None => self.next_ticket()?,
            Some(_) => 0,
        };
        self.sql().exec(
            "INSERT INTO conversations (id, channel, languages, last_seq, preview, updated_at, closed, \
             answered_at, visitor, visitor_name, visitor_email, offline, rating, rating_comment, bot, \
             expertise, pages, country, quiet, ticket, identity) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET \
             preview = CASE WHEN excluded.last_seq >= conversations.last_seq \
             THEN excluded.preview ELSE conversations.preview END, \
             last_seq = max(conversations.last_seq, excluded.last_seq), \
             updated_at = max(conversations.updated_at, excluded.updated_at), \
             closed = max(conversations.closed, excluded.closed), \
             answered_at = max(conversations.answered_at, excluded.answered_at), \
             rating = coalesce(excluded.rating, conversations.rating), \
             rating_comment = coalesce(excluded.rating_comment, conversations.rating_comment), \
             visitor_email = coalesce(excluded.visitor_email, conversations.visitor_email), \
             bot = min(conversations.bot, excluded.bot), expertise = excluded.expertise, \
             pages = excluded.pages, country = coalesce(excluded.country, conversations.country), \
             quiet = excluded.quiet",
            vec![
                s.id.as_str().into(),
                s.channel.as_str().into(),
                serde_json::to_string(&s.languages)?.into(),
                (s.last_seq as i64).into(),
                s.preview.as_str().into(),
                s.updated_at.into(),
                (s.closed as i64).into(),
                s.answered_at.unwrap_or(0).into(),
                s.visitor.as_ref().map(|v| v.as_str().to_owned()).into(),
                s.visitor_name.clone().into(),
                s.visitor_email.clone().into(),
                (s.offline as i64).into(),
                s.rating.map(|r| serde_json::to_string(&r)).transpose()?.into(),
                s.rating_comment.clone().into(),
                (s.bot as i64).into(),
                serde_json::to_string(&s.expertise)?.into(),
                serde_json::to_string(&s.pages)?.into(),
                s.country.clone().into(),
                (quiet as i64).into(),
                (ticket as i64).into(),
                s.identity.as_ref().map(serde_json::to_string).transpose()?.into(),
            ],
        )?;
        let mut news = News::default();
        match before {
            // The chatbot has it: it forwards when its script says so. A
            // message left while nobody was online is answered by email: it
            // is listed, never queued nor assigned as a live chat.
            None if s.bot || s.offline => {}
            None => {
                let c = self.candidate(s.id.as_str())?.ok_or(AppError::NotFound)?;
                // A newcomer who waits learns their place; the others' do not change.
                self.assign(&mut self.snapshot()?, &c)?;
                news.changed.push(s.id.clone());
            }
            // Ended, or quiet: a slot is free, or the queue moved up.
            Some(c) if c.closed == 0 && (s.closed || (quiet && c.quiet == 0)) => {
                news.merge(self.drain_queue(&mut self.snapshot()?)?);
                if c.operator.is_none() {
                    news.queue_moved = true;
                }
            }
            // Back from quiet while waiting: in line again.
            Some(c) if c.quiet != 0 && !quiet && c.operator.is_none() => {
                news.merge(self.drain_queue(&mut self.snapshot()?)?);
                news.queue_moved = true;
            }
            Some(_) => {}
        }
        self.schedule().await?;
        let listed = news.changed.contains(&s.id);
        self.announce(news).await?;
        if !listed {
            if let Some(summary) = self.summary(&s.id)? {
                self.broadcast(vec![BusEvent::Updated(Box::new(summary))]).await?;
            }
        }
        // The inboxes have heard it ended: from now on History has it.
        if s.closed {
            self.let_go(&s.id)?;
        }
        self.placed(s.id.as_str())
    }
}
