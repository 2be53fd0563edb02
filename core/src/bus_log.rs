//! The operator's bus: how it answers a tab's `hello` (the "whole or says
//! so" invariant).
//!
//! The bus numbers its events 1, 2, 3… and keeps the latest ones. A tab
//! says `hello` with the last number it holds. It can be sent what it missed
//! (a `welcome`, then every later event, in order) only when it holds a
//! number the bus gave, the bus still keeps every event after it, and the
//! bus heard its channels all along since then: after the grace period of
//! the last tab ran out the bus stops hearing them (`lapsed` is the last
//! number before that), so news of that time was never numbered. Otherwise
//! the tab gets the whole state, as of a number, and the events after it.
//! The object carries out the answer; this decides it.

use crate::ids::Seq;

/// What the bus keeps, when a tab says `hello`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// The last event's number (0 before the first).
    pub last: Seq,
    /// The oldest event kept (`last + 1` when none is).
    pub first: Seq,
    /// The last number before the bus last stopped hearing its channels
    /// (0 if it never did).
    pub lapsed: Seq,
}

/// How to answer a tab's `hello`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeting {
    /// `welcome` (with `Kept::last`), then every event after `after` (what
    /// the tab holds), in order.
    Replay { after: Seq },
    /// The whole state, as of `as_of`, then every event after it.
    State { as_of: Seq },
}

/// The answer to a tab that holds `held`, the bus keeping `kept`; a state
/// would be as of `state_as_of` (the last number before it was read).
pub fn greet(held: Seq, kept: Kept, state_as_of: Seq) -> Greeting {
    let heard_since = held > kept.lapsed;
    let ours = held <= kept.last;
    let nothing_missing = kept.first <= held + 1;
    if heard_since && ours && nothing_missing {
        Greeting::Replay { after: held }
    } else {
        Greeting::State { as_of: state_as_of }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn kept(last: Seq, first: Seq, lapsed: Seq) -> Kept {
        Kept { last, first, lapsed }
    }

    #[test]
    fn a_tab_that_holds_what_the_bus_keeps_is_sent_what_it_missed() {
        assert_eq!(greet(5, kept(9, 1, 0), 9), Greeting::Replay { after: 5 });
        assert_eq!(greet(9, kept(9, 1, 0), 9), Greeting::Replay { after: 9 }, "nothing missed");
        assert_eq!(greet(4, kept(9, 5, 0), 9), Greeting::Replay { after: 4 }, "the next is the oldest kept");
    }

    #[test]
    fn otherwise_the_whole_state() {
        assert_eq!(greet(0, kept(9, 1, 0), 9), Greeting::State { as_of: 9 }, "a new tab");
        assert_eq!(greet(3, kept(9, 5, 0), 9), Greeting::State { as_of: 9 }, "the bus kept too few");
        assert_eq!(greet(12, kept(9, 1, 0), 9), Greeting::State { as_of: 9 }, "not a number it gave");
        assert_eq!(greet(6, kept(9, 1, 6), 9), Greeting::State { as_of: 9 }, "it stopped hearing after 6");
        assert_eq!(greet(7, kept(9, 1, 6), 9), Greeting::Replay { after: 7 }, "held past the lapse");
        assert_eq!(greet(0, kept(0, 1, 0), 0), Greeting::State { as_of: 0 }, "an empty bus");
    }

    /// What happens to a bus and one tab.
    #[derive(Debug, Clone)]
    enum Step {
        /// Something happens in a channel (numbered if the bus hears it).
        News,
        /// The tab's socket drops.
        Drop,
        /// The grace period after the last tab runs out.
        Lapse,
        /// The tab says `hello`.
        Hello,
        /// The tab reloads: it holds nothing.
        Reload,
        /// The network delivers the last event again.
        Duplicate,
        /// The bus's object restarts: what it kept in memory is gone (its
        /// sockets with it); what it stored stays.
        Restart,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            6 => Just(Step::News),
            1 => Just(Step::Drop),
            1 => Just(Step::Lapse),
            2 => Just(Step::Hello),
            1 => Just(Step::Reload),
            1 => Just(Step::Duplicate),
            1 => Just(Step::Restart),
        ]
    }

    /// A bus that keeps `keep` events, and a tab that applies an event only
    /// if it is the next: after every `hello` the tab shows the truth, and it
    /// never saw an event twice or out of order, whatever the network
    /// repeated and however often the bus restarted (its numbers and kept
    /// events are stored: a restart loses only its sockets).
    fn run(keep: usize, steps: &[Step]) -> Result<(), TestCaseError> {
        let mut truth = 0u64; // how many things happened
        let mut events: Vec<(Seq, u64)> = vec![]; // (number, truth after it)
        let (mut lapsed, mut hearing) = (0, true);
        let (mut connected, mut shown, mut held) = (true, 0u64, 0 as Seq);
        for s in steps {
            match s {
                Step::News => {
                    truth += 1;
                    if hearing {
                        let seq = events.last().map_or(0, |e| e.0) + 1;
                        events.push((seq, truth));
                        if events.len() > keep {
                            events.remove(0);
                        }
                        if connected {
                            prop_assert_eq!(seq, held + 1, "live events come in order");
                            (shown, held) = (truth, seq);
                        }
                    }
                }
                Step::Drop | Step::Restart => connected = false,
                Step::Duplicate => {
                    if let (true, Some(&(seq, _))) = (connected, events.last()) {
                        // The tab applies an event only if it is the next.
                        prop_assert!(seq <= held, "a duplicate is never news");
                    }
                }
                Step::Lapse if !connected => {
                    lapsed = events.last().map_or(0, |e| e.0);
                    hearing = false;
                }
                Step::Lapse => {}
                Step::Reload => (connected, shown, held) = (false, 0, 0),
                Step::Hello => {
                    hearing = true;
                    let last = events.last().map_or(0, |e| e.0);
                    let first = events.first().map_or(last + 1, |e| e.0);
                    let after = match greet(held, Kept { last, first, lapsed }, last) {
                        Greeting::Replay { after } => after,
                        Greeting::State { as_of } => {
                            (shown, held) = (truth, as_of);
                            as_of
                        }
                    };
                    for &(seq, then) in events.iter().filter(|e| e.0 > after) {
                        prop_assert_eq!(seq, held + 1, "replayed once each, in order");
                        (shown, held) = (then, seq);
                    }
                    connected = true;
                    prop_assert_eq!(shown, truth, "the tab shows what happened");
                }
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn every_event_once_and_in_order_or_a_state(keep in 1usize..6, steps in prop::collection::vec(step(), 0..60)) {
            run(keep, &steps)?;
        }
    }
}
