//! Telling beyond the conversation's sockets, as `core::relay` decides:
//! its channel hears of its lifecycle (a summary, `/notify`), its
//! assignee's bus of each message, page and rating (one slim `activity`
//! event, `/push`). What the channel has heard is kept (`told`), so a
//! hibernated object decides as the awake one would.
//!
//! When it ends (and when it is rated after) it hands itself over to
//! History (`archive.rs`), which the alarm retries until it has it.
//!
//! Nothing the channel must hear is lost in a crash: that it must
//! (`CHANNEL_DUE`) is written with what it is to hear, before the call,
//! and removed once the channel has answered; the alarm tells it again
//! until then (how the conversation is now: the channel takes a repeat as
//! nothing new). The channel answers who has the conversation there: a
//! decision newer than the one this conversation knows (its word,
//! `/assignment`, was lost) is taken as that word. The assignee's bus is
//! not written to first (that would cost every message a write): it asks
//! its open conversations for their latest when a tab says `hello`.
//!
//! Its one alarm serves four clocks (`core::relay::alarm_at`): History and
//! the channel still to hear (above), the quiet check and the time to
//! answer. The quiet
//! check: with the first message the object sets it for the inactivity
//! timeout; when it rings it looks at the last message
//! (`core::relay::quiet_check`) and either tells the channel the
//! conversation went quiet or looks again when the time is up — one alarm
//! per timeout, not one per message. The time to answer: each assignment to
//! a person starts the reassignment delay; their first message stops it; if
//! it runs out first the channel is told (`/overdue`), and, if it stays
//! theirs, the delay starts again.

use switchboard_core::relay::{self, preview, Check, Event, Relay, Writer};

use super::*;
use crate::internal::OPERATORS;
use crate::rpc::bus::Push;
use crate::rpc::channel::{Overdue, Placed};
use crate::rpc::conversation::Assignment;

/// How long after a lifecycle step the alarm tells the channel again if
/// it has not answered by then (ms).
const RETELL_MS: i64 = 5_000;

/// What the channel has heard, as kept in `meta` (core's `Relay` without
/// `assigned`, which the kept assignee says).
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Told {
    started: bool,
    answered: bool,
    quiet: bool,
    closed: bool,
}
impl Json for Told {}

/// The event a stored message is.
pub(super) fn wrote(msg: &Message) -> Event {
    Event::Wrote(match msg.author {
        Author::Visitor => Writer::Visitor,
        Author::Operator { .. } => Writer::Operator,
        Author::Bot { .. } => Writer::Bot,
    })
}

impl ConversationDo {
    /// Notes `events` and tells who must hear of them. `last`: the last
    /// message, when the caller has just stored it (else it is read).
    pub(super) async fn report(&self, events: &[Event], last: Option<Message>) -> AppResult<()> {
        let sql = self.sql();
        let kv = self.meta();
        let before = self.heard()?;
        let mut r = before;
        let (mut channel, mut bus, mut history) = (false, false, false);
        for event in events {
            let tell = r.on(*event);
            channel |= tell.channel;
            bus |= tell.assignee;
            history |= tell.history;
        }
        // Most messages change nothing here: then nothing is written.
        if r != before {
            let told = Told { started: r.started, answered: r.answered, quiet: r.quiet, closed: r.closed };
            kv.store(&keys::TOLD, &told)?;
        }
        // Just answered: the clock to answer stops (the alarm finds nothing due).
        if r.answered && !before.answered {
            kv.remove(&keys::ANSWER_DUE)?;
        }
        // Written with what it is to hear, before any call: a crash from
        // here on leaves it to the alarm.
        let due = match channel {
            true => Some(self.channel_due()?),
            false => None,
        };
        // History first: an inbox told it ended finds it there.
        if history {
            self.hand_over().await?;
        }
        if channel || history {
            self.arm().await?;
        }
        if channel || bus {
            let last = match last {
                Some(m) => Some(m),
                None => self.last_message(&sql)?,
            };
            if let Some(due) = due {
                self.retell(last.as_ref(), due).await?;
            }
            // Who has it now (the channel may have just assigned it).
            if let (true, Some(login)) = (bus, kv.load(&keys::ASSIGNEE)?) {
                self.tell_assignee(&login, last.as_ref()).await?;
            }
        }
        Ok(())
    }

    /// Notes that the channel must hear how the conversation is now; the
    /// note (when to try again, later than any before it).
    fn channel_due(&self) -> AppResult<i64> {
        let kv = self.meta();
        let after = kv.load(&keys::CHANNEL_DUE)?.map_or(0, |t| t + 1);
        let due = (crate::now_ms() + RETELL_MS).max(after);
        kv.store(&keys::CHANNEL_DUE, &due)?;
        Ok(due)
    }

    /// Tells the channel how the conversation is now — after History, once
    /// it must have it — and takes its answer. The note `due` goes once the
    /// channel has answered, unless a later step noted it again meanwhile.
    /// A failure is left to the alarm.
    async fn retell(&self, last: Option<&Message>, due: i64) -> AppResult<()> {
        let kv = self.meta();
        let still = |kv: &Kv| Ok::<_, AppError>(kv.load(&keys::CHANNEL_DUE)? == Some(due));
        let answer = match kv.load(&keys::ARCHIVE_DUE)? {
            Some(archive) => Err(archive),
            None => match self.tell_channel(last, self.heard()?.quiet).await {
                Ok(placed) => Ok(placed),
                Err(e) => {
                    e.log();
                    Err(0)
                }
            },
        };
        match answer {
            Ok(placed) => {
                if still(&kv)? {
                    kv.remove(&keys::CHANNEL_DUE)?;
                }
                self.placed(placed).await
            }
            // Not now: after History, or a while later.
            Err(after) => {
                if still(&kv)? {
                    kv.store(&keys::CHANNEL_DUE, &(crate::now_ms() + RETELL_MS).max(after + 1))?;
                }
                Ok(())
            }
        }
    }

    /// The channel says who has the conversation there: a decision newer
    /// than the one known here, naming someone else, is its lost word.
    async fn placed(&self, placed: Placed) -> AppResult<()> {
        let kv = self.meta();
        let known = kv.load(&keys::ASSIGNED_AT)?.unwrap_or(0);
        let who = placed.operator.as_ref().map(|a| &a.login);
        if kv.has(&keys::CLOSED)? || placed.at <= known || who == kv.load(&keys::ASSIGNEE)?.as_ref() {
            return Ok(());
        }
        let word = Assignment { operator: placed.operator, position: None, at: placed.at };
        Box::pin(self.assignment(word)).await
    }

    /// What the channel has heard, and whether a person has it.
    fn heard(&self) -> AppResult<Relay> {
        let kv = self.meta();
        let told: Told = kv.load(&keys::TOLD)?.unwrap_or_default();
        Ok(Relay {
            started: told.started,
            assigned: kv.has(&keys::ASSIGNEE)?,
            answered: told.answered,
            quiet: told.quiet,
            closed: told.closed,
        })
    }

    /// The conversation now, for the assignee's list.
    fn activity(&self, last: Option<&Message>) -> AppResult<Activity> {
        let kv = self.meta();
        Ok(Activity {
            conversation: kv.need(&keys::ID)?,
            channel: kv.need(&keys::CHANNEL)?,
            last_seq: last.map_or(0, |m| m.seq),
            preview: last.map(preview).unwrap_or_default(),
            updated_at: last.map_or_else(crate::now_ms, |m| m.at),
            author: last.map(|m| m.author.clone()),
            closed: kv.has(&keys::CLOSED)?,
            pages: self.pages()?,
            rating: kv.load(&keys::RATING)?,
            rating_comment: kv.load(&keys::RATING_COMMENT)?,
        })
    }

    /// The conversation's latest, for its assignee's bus catching up.
    pub(super) fn latest(&self) -> AppResult<Activity> {
        let last = self.last_message(&self.sql())?;
        self.activity(last.as_ref())
    }

    async fn tell_assignee(&self, login: &Login, last: Option<&Message>) -> AppResult<()> {
        let Some(workspace) = self.meta().load(&keys::WORKSPACE)? else {
            // Started before conversations knew their workspace: its inbox
            // hears of it at its next lifecycle step.
            return Ok(());
        };
        let event = BusEvent::Activity(Box::new(self.activity(last)?));
        let stub = internal::stub(&self.env, OPERATORS, &internal::bus_name(&workspace, login))?;
        rpc::call(&stub, &Push(vec![event])).await
    }

    /// Tells the channel's object how this conversation looks now; its
    /// answer: who has it there.
    async fn tell_channel(&self, last: Option<&Message>, quiet: bool) -> AppResult<Placed> {
        let kv = self.meta();
        let channel = kv.need(&keys::CHANNEL)?;
        let run = self.run()?;
        let a = self.activity(last)?;
        let summary = ConversationSummary {
            id: a.conversation,
            channel: a.channel,
            languages: kv.need(&keys::LANGUAGES)?,
            last_seq: a.last_seq,
            preview: a.preview,
            updated_at: a.updated_at,
            // The channel owns assignment; it keeps this as it decided.
            operator: None,
            closed: a.closed,
            answered_at: kv.load(&keys::ANSWERED_AT)?,
            visitor: kv.load(&keys::VISITOR)?,
            visitor_name: kv.load(&keys::VISITOR_NAME)?,
            visitor_email: kv.load(&keys::VISITOR_EMAIL)?,
            identity: kv.load(&keys::IDENTITY)?,
            offline: kv.load(&keys::OFFLINE)?.unwrap_or(false),
            rating: a.rating,
            rating_comment: a.rating_comment,
            bot: with_bot(run.as_ref()),
            expertise: run.map(|r| r.expertise).unwrap_or_default(),
            pages: a.pages,
            country: kv.load(&keys::COUNTRY)?,
        };
        let stub = internal::stub(&self.env, CHANNELS, channel.as_str())?;
        rpc::call(&stub, &Notify { summary, quiet }).await
    }

    /// A message was stored at `at`: the quiet check is set, unless it is.
    pub(super) async fn keep_watch(&self, at: i64) -> AppResult<()> {
        let kv = self.meta();
        if kv.has(&keys::QUIET_CHECK)? {
            return Ok(());
        }
        let timeout = kv.load(&keys::TIMEOUT_MS)?.unwrap_or(DEFAULT_TIMEOUT_MS);
        kv.store(&keys::QUIET_CHECK, &(at + timeout))?;
        self.arm().await
    }

    /// It was given to a person (`true`: their time to answer starts now),
    /// or to nobody.
    pub(super) async fn time_answer(&self, person: bool) -> AppResult<()> {
        let kv = self.meta();
        let delay = kv.load(&keys::REASSIGN_AFTER_MS)?.unwrap_or(0);
        let due = (person && delay > 0).then(|| crate::now_ms() + delay);
        kv.store_or_remove(&keys::ANSWER_DUE, due.as_ref())?;
        self.arm().await
    }

    /// Sets the one alarm for the earlier clock, or none.
    async fn arm(&self) -> AppResult<()> {
        let kv = self.meta();
        let storage = self.state.storage();
        let clocks = [
            kv.load(&keys::QUIET_CHECK)?,
            kv.load(&keys::ANSWER_DUE)?,
            kv.load(&keys::ARCHIVE_DUE)?,
            kv.load(&keys::CHANNEL_DUE)?,
        ];
        match relay::alarm_at(&clocks) {
            Some(t) => storage.set_alarm((t - crate::now_ms()).max(0)).await?,
            None => storage.delete_alarm().await?,
        }
        Ok(())
    }

    /// The alarm: whichever clock ran out — History or the channel still to
    /// hear, quiet since the last message for the whole timeout (or look
    /// again later), or no answer in time.
    /// Ended conversations are not watched. Platforms ring alarms at least
    /// once: a clock not yet due (or gone) is left as it is.
    pub(super) async fn on_alarm(&self) -> AppResult<()> {
        let sql = self.sql();
        let kv = self.meta();
        let now = crate::now_ms();
        if kv.load(&keys::ARCHIVE_DUE)?.is_some_and(|t| t <= now) {
            self.try_archive().await?;
        }
        if let Some(due) = kv.load(&keys::CHANNEL_DUE)?.filter(|t| *t <= now) {
            let last = self.last_message(&sql)?;
            self.retell(last.as_ref(), due).await?;
        }
        if kv.has(&keys::CLOSED)? {
            kv.remove(&keys::QUIET_CHECK)?;
            kv.remove(&keys::ANSWER_DUE)?;
            return self.arm().await;
        }
        if kv.load(&keys::QUIET_CHECK)?.is_some_and(|t| t <= now) {
            kv.remove(&keys::QUIET_CHECK)?;
            if let Some(last) = self.last_message(&sql)? {
                let timeout = kv.load(&keys::TIMEOUT_MS)?.unwrap_or(DEFAULT_TIMEOUT_MS);
                match relay::quiet_check(last.at, now, timeout) {
                    Check::Quiet => self.report(&[Event::Quiet], Some(last)).await?,
                    Check::Again(due) => kv.store(&keys::QUIET_CHECK, &due)?,
                }
            }
        }
        if kv.load(&keys::ANSWER_DUE)?.is_some_and(|t| t <= now) {
            self.overdue().await?;
        }
        self.arm().await
    }

    /// The assignee did not answer in time: the channel is told; if it
    /// stays theirs, they have the same delay again.
    async fn overdue(&self) -> AppResult<()> {
        let kv = self.meta();
        kv.remove(&keys::ANSWER_DUE)?;
        let (Some(operator), true) = (kv.load(&keys::ASSIGNEE)?, self.heard()?.overdue()) else {
            return Ok(());
        };
        let channel = kv.need(&keys::CHANNEL)?;
        let ask = Overdue { conversation: kv.need(&keys::ID)?, operator: operator.clone() };
        rpc::call(&internal::stub(&self.env, CHANNELS, channel.as_str())?, &ask).await?;
        // Given to someone else meanwhile: their clock was set then.
        if kv.load(&keys::ASSIGNEE)?.as_ref() == Some(&operator) && self.heard()?.overdue() {
            let delay = kv.load(&keys::REASSIGN_AFTER_MS)?.unwrap_or(0);
            kv.store(&keys::ANSWER_DUE, &(crate::now_ms() + delay))?;
        }
        Ok(())
    }
}
