//! The operator's clocks, kept by their bus (core's `bus_clock` decides):
//! the grace period after their last tab closes, and their inactivity. The
//! tabs' `active` frames stay here; the channels hear only that the
//! inactivity ran out (once), and now and then that the operator works.

use switchboard_core::bus_clock::{self, Clocks};

use super::*;

impl OperatorDo {
    fn clocks(&self) -> AppResult<Clocks> {
        let meta = self.meta();
        Ok(Clocks {
            last_active: meta.load(&keys::LAST_ACTIVE)?,
            timeout_ms: meta.load(&keys::TIMEOUT_MS)?,
            told_inactive: meta.load(&keys::TOLD_INACTIVE)?.unwrap_or(false),
            grace_until: meta.load(&keys::GRACE_UNTIL)?,
        })
    }

    /// Sets the one alarm for the earliest deadline, or none.
    async fn arm(&self) -> AppResult<()> {
        let storage = self.state.storage();
        match bus_clock::next_alarm(&self.clocks()?) {
            Some(t) => storage.set_alarm((t - crate::now_ms()).max(0)).await?,
            None => storage.delete_alarm().await?,
        }
        Ok(())
    }

    /// The operator is at work: noted; their channels hear of it at most
    /// every few minutes (for the live view's idle time).
    pub(super) async fn active(&self) -> AppResult<()> {
        let now = crate::now_ms();
        let meta = self.meta();
        let told = meta.load(&keys::TOLD_INACTIVE)?.unwrap_or(false);
        let relay = bus_clock::relay(now, meta.load(&keys::RELAYED)?, told);
        meta.store(&keys::LAST_ACTIVE, &now)?;
        meta.store(&keys::TOLD_INACTIVE, &false)?;
        if relay {
            meta.store(&keys::RELAYED, &now)?;
        }
        self.arm().await?;
        if relay {
            let activity = Activity { login: self.login()? };
            for answer in self.ask_channels(&self.channels()?, &activity).await {
                answer?;
            }
        }
        Ok(())
    }

    /// They joined a channel (joining counts as activity), whose timeout
    /// the bus now keeps.
    pub(super) async fn touched(&self, j: Joined) -> AppResult<()> {
        let meta = self.meta();
        meta.store(&keys::TIMEOUT_MS, &j.inactivity_timeout_ms)?;
        meta.store(&keys::LAST_ACTIVE, &crate::now_ms())?;
        meta.store(&keys::TOLD_INACTIVE, &false)?;
        self.arm().await
    }

    /// The workspace's timeout, as a channel answered it.
    pub(super) fn keep_timeout(&self, timeout_ms: i64) -> AppResult<()> {
        self.meta().store(&keys::TIMEOUT_MS, &timeout_ms)
    }

    /// A tab closed: when it was the last, the grace period starts.
    pub(super) async fn tab_gone(&self, ws: &WebSocket) {
        let gone = ws.attached::<Tab>().ok().flatten().map(|t| t.id);
        if self.any_tab(gone.as_deref()) {
            return;
        }
        let started = async {
            self.meta().store(&keys::GRACE_UNTIL, &(crate::now_ms() + OFFLINE_GRACE_MS))?;
            self.arm().await
        };
        if let Err(e) = started.await {
            e.log();
        }
    }

    /// A deadline came: the grace period ran out (the channels hear the
    /// operator left, unless a tab came back), or their inactivity did (the
    /// channels remove them). Then the next deadline is set.
    pub(super) async fn on_alarm(&self) -> AppResult<()> {
        let (now, clocks) = (crate::now_ms(), self.clocks()?);
        if clocks.grace_due(now) {
            self.meta().remove(&keys::GRACE_UNTIL)?;
            self.leave_if_gone().await?;
        }
        if let (true, Some(since)) = (clocks.inactive_due(now), clocks.last_active) {
            self.meta().store(&keys::TOLD_INACTIVE, &true)?;
            let inactive = Inactive { login: self.login()?, since };
            for answer in self.ask_channels(&self.channels()?, &inactive).await {
                if let Err(e) = answer {
                    e.log();
                }
            }
        }
        self.arm().await
    }
}
