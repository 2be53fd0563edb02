//! How long a login waits after wrong passwords: a few are free (people
//! mistype), then each failure doubles the wait from one second up to
//! [`MAX_WAIT_MS`]; a right password forgets them, and so does a day
//! without a failure. A try during the wait is refused unchecked, so a
//! guesser gets about a hundred tries a day instead of sixty a second.

/// Wrong passwords in a row that cost no wait.
pub const FREE_FAILURES: u32 = 5;
/// The longest wait between two tries.
pub const MAX_WAIT_MS: i64 = 15 * 60_000;
/// Failures older than this are forgotten.
pub const FORGET_AFTER_MS: i64 = 24 * 3_600_000;

/// One login's wrong passwords in a row, and when the last was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last_ms: i64,
}

impl Failures {
    fn current(self, now: i64) -> Failures {
        if now - self.last_ms >= FORGET_AFTER_MS {
            Failures::default()
        } else {
            self
        }
    }

    /// How long before a try may be checked, if it must wait.
    pub fn wait_ms(self, now: i64) -> Option<i64> {
        let f = self.current(now);
        let over = f.count.checked_sub(FREE_FAILURES)?;
        let wait = (1_000i64 << over.min(20)).min(MAX_WAIT_MS);
        Some(f.last_ms + wait - now).filter(|left| *left > 0)
    }

    /// After one more wrong password at `now`.
    pub fn failed(self, now: i64) -> Failures {
        Failures { count: self.current(now).count.saturating_add(1), last_ms: now }
    }
}

/// A wait said in whole seconds, rounded up (what `Retry-After` carries).
pub fn seconds(ms: i64) -> u32 {
    u32::try_from((ms.max(0) + 999) / 1_000).unwrap_or(u32::MAX)
}

/// A wait said in words: "12 seconds", "a minute", "4 minutes".
pub fn words(ms: i64) -> String {
    match seconds(ms) {
        1 => "a second".to_owned(),
        s @ 0..=59 => format!("{s} seconds"),
        60 => "a minute".to_owned(),
        s => format!("{} minutes", s.div_ceil(60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(n: u32) -> Failures {
        (0..n).fold(Failures::default(), |f, _| f.failed(1_000_000))
    }

    #[test]
    fn a_few_mistakes_cost_nothing_then_each_doubles_the_wait() {
        let now = 1_000_000;
        assert_eq!(after(FREE_FAILURES - 1).wait_ms(now), None);
        assert_eq!(after(FREE_FAILURES).wait_ms(now), Some(1_000));
        assert_eq!(after(FREE_FAILURES + 1).wait_ms(now), Some(2_000));
        assert_eq!(after(FREE_FAILURES + 3).wait_ms(now + 500), Some(7_500));
        assert_eq!(after(FREE_FAILURES + 40).wait_ms(now), Some(MAX_WAIT_MS), "never more than the ceiling");
        assert_eq!(after(FREE_FAILURES + 1).wait_ms(now + 2_000), None, "the wait is over");
    }

    #[test]
    fn a_day_without_failure_forgets_them() {
        let f = after(FREE_FAILURES + 10);
        assert_eq!(f.wait_ms(1_000_000 + FORGET_AFTER_MS), None);
        assert_eq!(f.failed(1_000_000 + FORGET_AFTER_MS).count, 1, "counting starts again");
    }

    #[test]
    fn a_guesser_gets_about_a_hundred_tries_a_day() {
        // Each try as soon as the wait allows, every one wrong.
        let (mut f, mut now, mut tries) = (Failures::default(), 0i64, 0);
        while now < 24 * 3_600_000 {
            now += f.wait_ms(now).unwrap_or(0);
            f = f.failed(now);
            tries += 1;
        }
        assert!((90..=120).contains(&tries), "{tries} tries in a day");
        assert_eq!(seconds(1), 1);
        assert_eq!(seconds(2_000), 2);
        assert_eq!(words(900), "a second");
        assert_eq!(words(7_500), "8 seconds");
        assert_eq!(words(60_000), "a minute");
        assert_eq!(words(MAX_WAIT_MS - 1), "15 minutes");
    }
}
