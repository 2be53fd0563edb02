//! The operator's bus keeps their clocks: the grace period after their
//! last tab closes, and the workspace's inactivity rule. The inbox says
//! `active` on its bus while the operator works (at most every 30 s); the
//! bus remembers when, and tells their channels only when something
//! changes for them:
//! - once, when the inactivity timeout runs out with no activity since
//!   (the channels remove them, as if they had pressed Leave);
//! - now and then while they work ([`RELAY_EVERY_MS`]), so a channel's live
//!   view says how long each member has been idle, to within that.
//!
//! Before, every `active` went to every channel of the operator: at 1,000
//! operators that is 33 requests per second to each channel, for nothing
//! that changes. The bus has one alarm: [`next_alarm`] says when.

/// How often, at most, a working operator's bus tells their channels so.
pub const RELAY_EVERY_MS: i64 = 5 * 60 * 1000;

/// What the bus knows of its operator's clocks (times in ms since the
/// epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clocks {
    /// Their last activity (a tab's `active`, or joining a channel).
    pub last_active: Option<i64>,
    /// The workspace's inactivity timeout, once a channel has said it.
    pub timeout_ms: Option<i64>,
    /// Whether the channels were told the timeout ran out, since the last
    /// activity.
    pub told_inactive: bool,
    /// When the grace period after the last tab closed ends, if it runs.
    pub grace_until: Option<i64>,
}

impl Clocks {
    /// When the operator's inactivity runs out, if the channels are still
    /// to be told.
    pub fn inactive_at(&self) -> Option<i64> {
        match (self.last_active, self.timeout_ms, self.told_inactive) {
            (Some(at), Some(timeout), false) => Some(at + timeout),
            _ => None,
        }
    }

    /// Whether the channels must be told now that the operator is inactive.
    pub fn inactive_due(&self, now: i64) -> bool {
        self.inactive_at().is_some_and(|t| t <= now)
    }

    /// Whether the grace period is over now.
    pub fn grace_due(&self, now: i64) -> bool {
        self.grace_until.is_some_and(|t| t <= now)
    }
}

/// When the bus's one alarm must ring: the earliest of what is still due.
pub fn next_alarm(c: &Clocks) -> Option<i64> {
    [c.inactive_at(), c.grace_until].into_iter().flatten().min()
}

/// Whether an `active` at `now` is worth telling the channels, the last
/// relay having been at `relayed` (they are told at most every
/// [`RELAY_EVERY_MS`], and always after being told of inactivity).
pub fn relay(now: i64, relayed: Option<i64>, told_inactive: bool) -> bool {
    told_inactive || relayed.is_none_or(|r| now - r >= RELAY_EVERY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn inactivity_runs_out_once_after_the_last_activity() {
        let c = Clocks { last_active: Some(1_000), timeout_ms: Some(30 * MIN), ..Clocks::default() };
        assert_eq!(next_alarm(&c), Some(1_000 + 30 * MIN));
        assert!(!c.inactive_due(30 * MIN));
        assert!(c.inactive_due(1_000 + 30 * MIN));
        let told = Clocks { told_inactive: true, ..c };
        assert_eq!(next_alarm(&told), None, "told once: nothing more until the next activity");
    }

    #[test]
    fn no_alarm_for_inactivity_before_the_timeout_is_known_or_anyone_was_active() {
        assert_eq!(next_alarm(&Clocks { last_active: Some(5), ..Clocks::default() }), None);
        assert_eq!(next_alarm(&Clocks { timeout_ms: Some(MIN), ..Clocks::default() }), None);
    }

    #[test]
    fn the_earliest_deadline_rings_first() {
        let c = Clocks {
            last_active: Some(0),
            timeout_ms: Some(30 * MIN),
            told_inactive: false,
            grace_until: Some(MIN),
        };
        assert_eq!(next_alarm(&c), Some(MIN), "the grace period first");
        assert!(c.grace_due(MIN) && !c.inactive_due(MIN));
        let later = Clocks { grace_until: Some(31 * MIN), ..c };
        assert_eq!(next_alarm(&later), Some(30 * MIN), "inactivity first");
    }

    #[test]
    fn activity_is_relayed_at_most_every_five_minutes_and_after_inactivity() {
        assert!(relay(0, None, false), "the first activity is told");
        assert!(!relay(RELAY_EVERY_MS - 1, Some(0), false));
        assert!(relay(RELAY_EVERY_MS, Some(0), false));
        assert!(relay(1, Some(0), true), "back after being told inactive: told at once");
    }
}
