//! How long ago something happened, in a few characters, for lists that
//! are read at a glance (Discuss's conversations): "now", "4 min", "2 h",
//! "3 d". The clock is the caller's: both times are milliseconds since
//! the Unix epoch.

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// `then` as seen at `now`; a time in the future (clocks disagree) is "now".
pub fn ago(now: i64, then: i64) -> String {
    match now.saturating_sub(then) {
        d if d < MINUTE => "now".to_owned(),
        d if d < HOUR => format!("{} min", d / MINUTE),
        d if d < DAY => format!("{} h", d / HOUR),
        d => format!("{} d", d / DAY),
    }
}

/// The same, in words for a screen reader ("4 minutes ago").
pub fn ago_in_words(now: i64, then: i64) -> String {
    let plural =
        |n: i64, unit: &str| if n == 1 { format!("1 {unit} ago") } else { format!("{n} {unit}s ago") };
    match now.saturating_sub(then) {
        d if d < MINUTE => "just now".to_owned(),
        d if d < HOUR => plural(d / MINUTE, "minute"),
        d if d < DAY => plural(d / HOUR, "hour"),
        d => plural(d / DAY, "day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_for_the_eye_whole_for_the_ear() {
        let now = 10 * DAY;
        assert_eq!(
            (ago(now, now - 59_999), ago_in_words(now, now - 59_999)),
            ("now".into(), "just now".into())
        );
        assert_eq!(
            (ago(now, now - 4 * MINUTE), ago_in_words(now, now - 4 * MINUTE)),
            ("4 min".into(), "4 minutes ago".into())
        );
        assert_eq!(
            (ago(now, now - HOUR), ago_in_words(now, now - HOUR)),
            ("1 h".into(), "1 hour ago".into())
        );
        assert_eq!(ago(now, now - 3 * DAY - HOUR), "3 d");
        assert_eq!(ago(now, now + MINUTE), "now", "a clock ahead of ours");
    }
}
