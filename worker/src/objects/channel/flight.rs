//! News on its way, kept track of across a crash. What the channel tells
//! buses waits in memory (`news.rs`), and its word to a conversation is a
//! call: a crash can lose either. A request that may make news notes since
//! when news is in flight (`IN_FLIGHT`) before its decision is written
//! (writes land in order); the alarm clears the note once nothing is queued
//! or on its way and no such request is running (and sends what a sender
//! that gave up left queued). A new instance that finds the note set owes,
//! before any other news: every watching bus the channel whole (the tabs
//! then show what the channel holds), and every open conversation decided
//! on since then its word again (a conversation takes a word it has as
//! nothing new).

use std::cell::Cell;

use super::*;

/// How soon after news first goes out the alarm looks whether it has all
/// landed (ms).
pub(super) const FLIGHT_CHECK_MS: i64 = 10_000;

/// How many conversations are told again at once after a crash.
const RETELL_AT_ONCE: usize = 50;

/// A request that may make news, while it runs.
pub(super) struct Expecting<'a>(&'a Cell<u32>);

impl Drop for Expecting<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

impl ChannelDo {
    /// Notes that news may be on its way, before the request's decision is
    /// written. Whether the note is new (the alarm must then be set to look).
    pub(super) fn expect_news(&self) -> AppResult<(Expecting<'_>, bool)> {
        let config = self.config();
        let new = !config.has(&keys::IN_FLIGHT)?;
        if new {
            config.store(&keys::IN_FLIGHT, &crate::now_ms())?;
        }
        self.running.set(self.running.get() + 1);
        Ok((Expecting(&self.running), new))
    }

    /// Whether news may still be on its way (the alarm must look).
    pub(super) fn news_in_flight(&self) -> AppResult<bool> {
        self.config().has(&keys::IN_FLIGHT)
    }

    /// The last instance may have lost news: paid once, before anything else.
    pub(super) async fn repay(&self) -> AppResult<()> {
        let Some(since) = self.owed.take() else { return Ok(()) };
        let Some(channel) = self.channel_id()? else { return Ok(()) };
        let online = self.online_names()?;
        let mut senders = vec![];
        for login in self.watchers()? {
            let state = self.state_of(channel.clone(), &login, online.clone())?;
            senders.extend(self.queue(std::slice::from_ref(&login), &[BusEvent::Channel(state)])?);
        }
        #[derive(Deserialize)]
        struct Decided {
            id: String,
        }
        let decided: Vec<Decided> = self
            .sql()
            .exec(
                "SELECT id FROM conversations INDEXED BY conversations_decided \
                 WHERE closed = 0 AND assigned_at >= ?",
                vec![since.into()],
            )?
            .to_array()?;
        let retell = async {
            for chunk in decided.chunks(RETELL_AT_ONCE) {
                let tells = chunk.iter().map(|d| async {
                    let id = conversation_id(d.id.clone())?;
                    self.tell(&id, self.placed(&d.id)?.operator, None).await
                });
                for told in futures_util::future::join_all(tells).await {
                    if let Err(e) = told {
                        e.log();
                    }
                }
            }
        };
        futures_util::future::join(retell, self.send(senders)).await;
        Ok(())
    }

    /// The alarm: what a sender that gave up left goes now; once nothing is
    /// queued or on its way and no request may add to it, the note goes.
    pub(super) async fn land(&self) -> AppResult<()> {
        let stalled = self.to_buses.borrow_mut().stalled();
        self.send(self.senders(stalled)).await;
        if self.running.get() == 0 && self.to_buses.borrow().is_idle() {
            self.config().remove(&keys::IN_FLIGHT)?;
        }
        Ok(())
    }
}
