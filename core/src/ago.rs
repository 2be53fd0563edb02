//! How long ago something happened, for lists that are read at a glance
//! (Discuss's conversations): now, or whole minutes, hours or days — the
//! inbox writes it in the operator's language ("4 min", "4分"; "4 minutes
//! ago" for a screen reader). The clock is the caller's: both times are
//! milliseconds since the Unix epoch.

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The largest whole unit that has gone by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elapsed {
    /// Less than a minute.
    Now,
    Minutes(i64),
    Hours(i64),
    Days(i64),
}

/// `then` as seen at `now`; a time in the future (clocks disagree) is now.
pub fn elapsed(now: i64, then: i64) -> Elapsed {
    match now.saturating_sub(then) {
        d if d < MINUTE => Elapsed::Now,
        d if d < HOUR => Elapsed::Minutes(d / MINUTE),
        d if d < DAY => Elapsed::Hours(d / HOUR),
        d => Elapsed::Days(d / DAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_whole_unit_gone_by() {
        let now = 10 * DAY;
        assert_eq!(elapsed(now, now - 59_999), Elapsed::Now);
        assert_eq!(elapsed(now, now - 4 * MINUTE - 59_999), Elapsed::Minutes(4));
        assert_eq!(elapsed(now, now - HOUR), Elapsed::Hours(1));
        assert_eq!(elapsed(now, now - 3 * DAY - HOUR), Elapsed::Days(3));
        assert_eq!(elapsed(now, now + MINUTE), Elapsed::Now, "a clock ahead of ours");
    }
}
