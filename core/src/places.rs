//! Places in a channel's queue, told without a push to every waiting
//! visitor on every move. Each conversation that joins the queue takes the
//! next ticket; its place is counted from the first ticket still waiting to
//! be served (the head): `ticket − head + 1` (it never counts those who left
//! the line from ahead of it early, so it is a bound, reached when the head
//! gets there). A visitor is shown their place exactly among the first
//! [`EXACT_PLACES`], and beyond as a bound ("among the next 50",
//! [`shown`]), which changes only when the place crosses one of a few
//! steps. So when the head moves on by one, only the first few and one
//! conversation per step learn a new place ([`moved`]): a move costs the
//! same with ten people waiting as with ten thousand.

use std::ops::Range;

/// How many places at the head of the line are shown exactly.
pub const EXACT_PLACES: u64 = 10;

/// The bounds shown beyond [`EXACT_PLACES`], in order; past the last, the
/// next multiple of it.
const STEPS: [u64; 21] = [
    15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000,
    20_000,
];

/// A conversation's place in line: its ticket against the head's (1: next).
pub fn place(ticket: u64, head: u64) -> u64 {
    (ticket + 1).saturating_sub(head).max(1)
}

/// What a visitor is shown of `place`: itself among the first
/// [`EXACT_PLACES`], else the first step not below it.
pub fn shown(place: u64) -> u64 {
    if place <= EXACT_PLACES {
        return place;
    }
    let last = STEPS[STEPS.len() - 1];
    STEPS.iter().copied().find(|s| *s >= place).unwrap_or_else(|| place.div_ceil(last) * last)
}

/// The tickets whose shown place changes when the head moves from `from`
/// to `to` (later), `last` being the last ticket given: the first
/// [`EXACT_PLACES`] behind the new head, and those that crossed a step.
/// The ranges are of tickets, in order, none empty, none overlapping.
pub fn moved(from: u64, to: u64, last: u64) -> Vec<Range<u64>> {
    if to <= from || to > last {
        return vec![];
    }
    let exact = to..(to + EXACT_PLACES).min(last + 1);
    let mut ranges = vec![exact.clone()];
    // Ticket t crosses the step b when its place goes from above b to b or
    // below: t − from + 1 > b ≥ t − to + 1, i.e. from + b ≤ t < to + b.
    let tail = STEPS[STEPS.len() - 1];
    let beyond = (1..).map(|k| tail * (k + 1));
    for b in STEPS.into_iter().chain(beyond) {
        if from + b > last {
            break;
        }
        let r = (from + b).max(exact.end)..(to + b).min(last + 1);
        if r.is_empty() {
            continue;
        }
        // A head that moved further than two steps are apart: one ticket
        // crosses both, and is told once.
        match ranges.last_mut() {
            Some(prev) if prev.end >= r.start => prev.end = prev.end.max(r.end),
            _ => ranges.push(r),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn places_count_from_the_head_and_are_shown_exactly_at_the_front() {
        assert_eq!(place(7, 7), 1, "the head is next");
        assert_eq!(place(9, 7), 3);
        assert_eq!(place(3, 7), 1, "back in line ahead of the head: next");
        assert_eq!((1..=10).map(shown).collect::<Vec<_>>(), (1..=10).collect::<Vec<_>>());
        assert_eq!(shown(11), 15);
        assert_eq!(shown(15), 15);
        assert_eq!(shown(16), 20);
        assert_eq!(shown(999), 1000);
        assert_eq!(shown(1001), 1500);
        assert_eq!(shown(20_001), 40_000);
    }

    #[test]
    fn a_move_by_one_tells_the_front_and_one_per_step() {
        let told: u64 = moved(100, 101, 100_000).iter().map(|r| r.end - r.start).sum();
        assert_eq!(told, EXACT_PLACES + STEPS.len() as u64 + 3, "and one per 20,000 beyond");
        let told: u64 = moved(100, 101, 130).iter().map(|r| r.end - r.start).sum();
        assert_eq!(told, EXACT_PLACES + 3, "nobody is told past the last ticket (15, 20 and 30 are crossed)");
        assert!(moved(5, 5, 9).is_empty(), "no move, nobody told");
        // Moved on by 13, further than 15 and 20 are apart: ticket 23 crosses
        // both steps and is told once (it was told twice).
        let ranges = moved(0, 13, 100);
        assert_eq!(ranges.iter().filter(|r| r.contains(&23)).count(), 1, "{ranges:?}");
        assert!(ranges.windows(2).all(|w| w[0].end < w[1].start), "apart and in order: {ranges:?}");
    }

    proptest! {
        /// Exactly the tickets whose shown place changed are told, each once.
        #[test]
        fn exactly_those_whose_shown_place_changed_are_told(
            from in 0u64..5_000,
            by in 1u64..40,
            ahead in 0u64..60_000,
            more in 0u64..60_000,
        ) {
            let to = from + by;
            let (t, last) = (to + ahead, to + ahead + more);
            let ranges = moved(from, to, last);
            let told = ranges.iter().filter(|r| r.contains(&t)).count();
            let changed = shown(place(t, from)) != shown(place(t, to));
            prop_assert_eq!(told, changed as usize, "ticket {} from {} to {}", t, from, to);
        }

        /// A shown place is never better than the place, and never moves back.
        #[test]
        fn the_shown_place_is_a_bound_that_only_comes_closer(p in 1u64..100_000) {
            prop_assert!(shown(p) >= p);
            prop_assert!(shown(p + 1) >= shown(p));
        }
    }
}
