//! News for many receivers, one batch in flight per receiver.
//!
//! A channel tells every operator's bus what changed, and each bus is a call
//! to another object. When new conversations arrive faster than those calls
//! return, sending each piece of news on its own makes as many calls as
//! pieces times receivers. A [`Fanout`] queues news per receiver instead:
//! whoever finds nobody sending to a receiver becomes its sender and sends
//! everything queued so far in one call, then what arrived meanwhile, until
//! nothing is left. A receiver gets every piece once and in the order queued.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// What is still to go to each receiver `K`, and who has a sender now.
#[derive(Debug)]
pub struct Fanout<K, E> {
    pending: HashMap<K, Vec<E>>,
    sending: HashSet<K>,
}

impl<K, E> Default for Fanout<K, E> {
    fn default() -> Self {
        Self { pending: HashMap::new(), sending: HashSet::new() }
    }
}

impl<K: Eq + Hash + Clone, E: Clone> Fanout<K, E> {
    /// Queues `news` for each of `to`. Returns the receivers nobody was
    /// sending to: the caller is now their sender, and calls [`Fanout::next`]
    /// for each until it is empty.
    pub fn queue(&mut self, to: &[K], news: &[E]) -> Vec<K> {
        if news.is_empty() {
            return vec![];
        }
        let mut mine = vec![];
        for receiver in to {
            self.pending.entry(receiver.clone()).or_default().extend_from_slice(news);
            if self.sending.insert(receiver.clone()) {
                mine.push(receiver.clone());
            }
        }
        mine
    }

    /// The sender's next batch for `to`: everything queued so far, oldest
    /// first. Empty when nothing is left, and then the caller is no longer
    /// its sender.
    pub fn next(&mut self, to: &K) -> Vec<E> {
        let batch = self.pending.remove(to).unwrap_or_default();
        if batch.is_empty() {
            self.sending.remove(to);
        }
        batch
    }

    /// The sender of `to` stopped before it was done (its request went
    /// away). What is queued stays, and goes with the next news for `to`.
    pub fn abandon(&mut self, to: &K) {
        self.sending.remove(to);
    }

    /// Whether a sender is sending to `to` now.
    pub fn is_sending(&self, to: &K) -> bool {
        self.sending.contains(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn news_that_comes_while_sending_goes_in_the_next_batch() {
        let mut f = Fanout::default();
        assert_eq!(f.queue(&["ann", "bob"], &[1]), ["ann", "bob"]);
        assert_eq!(f.next(&"ann"), [1]);
        // Ann's call is in flight: new news waits, and the second caller is not her sender.
        assert_eq!(f.queue(&["ann"], &[2]), Vec::<&str>::new());
        assert_eq!(f.queue(&["ann"], &[3]), Vec::<&str>::new());
        assert_eq!(f.next(&"ann"), [2, 3]);
        assert_eq!(f.next(&"ann"), Vec::<i32>::new());
        assert!(!f.is_sending(&"ann"));
        assert!(f.is_sending(&"bob"));
        assert_eq!(f.queue(&["ann"], &[4]), ["ann"]);
    }

    #[test]
    fn an_abandoned_receiver_gets_its_news_with_the_next() {
        let mut f = Fanout::default();
        f.queue(&["ann"], &[1]);
        f.abandon(&"ann");
        assert_eq!(f.queue(&["ann"], &[2]), ["ann"]);
        assert_eq!(f.next(&"ann"), [1, 2]);
    }

    #[test]
    fn no_news_makes_no_sender() {
        let mut f = Fanout::<&str, i32>::default();
        assert!(f.queue(&["ann"], &[]).is_empty());
        assert!(!f.is_sending(&"ann"));
    }

    #[derive(Debug, Clone)]
    enum Op {
        /// News for these receivers (a bit set over 3).
        Queue(u8),
        /// A sender takes its next batch for this receiver, if it has one.
        Send(usize),
        /// The sender of this receiver goes away.
        Abandon(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1u8..8).prop_map(Op::Queue),
            (0usize..3).prop_map(Op::Send),
            (0usize..3).prop_map(Op::Abandon),
        ]
    }

    proptest! {
        /// Whatever the interleaving, each receiver gets every piece of its
        /// news once, in order, with never two senders at once.
        #[test]
        fn every_receiver_gets_its_news_once_in_order(ops in proptest::collection::vec(op(), 0..60)) {
            let mut f = Fanout::<usize, u32>::default();
            let mut queued: [Vec<u32>; 3] = Default::default();
            let mut got: [Vec<u32>; 3] = Default::default();
            let mut senders = [false; 3];
            let mut n = 0;
            for op in ops {
                match op {
                    Op::Queue(set) => {
                        n += 1;
                        let to: Vec<usize> = (0..3).filter(|r| set & (1 << r) != 0).collect();
                        for r in f.queue(&to, &[n]) {
                            prop_assert!(!senders[r], "two senders for {}", r);
                            senders[r] = true;
                        }
                        for r in to {
                            queued[r].push(n);
                        }
                    }
                    Op::Send(r) if senders[r] => {
                        let batch = f.next(&r);
                        senders[r] = !batch.is_empty();
                        got[r].extend(batch);
                    }
                    Op::Send(_) => {}
                    Op::Abandon(r) if senders[r] => {
                        f.abandon(&r);
                        senders[r] = false;
                    }
                    Op::Abandon(_) => {}
                }
                for (r, sending) in senders.iter().enumerate() {
                    prop_assert_eq!(f.is_sending(&r), *sending);
                }
            }
            // Whoever is left sending finishes; an abandoned receiver is picked up by one more piece.
            for r in 0..3 {
                if !senders[r] {
                    n += 1;
                    prop_assert_eq!(f.queue(&[r], &[n]), vec![r]);
                    queued[r].push(n);
                }
                loop {
                    let batch = f.next(&r);
                    if batch.is_empty() {
                        break;
                    }
                    got[r].extend(batch);
                }
                prop_assert_eq!(&got[r], &queued[r]);
            }
        }
    }
}
