//! News for many receivers, one batch in flight per receiver.
//!
//! A channel tells every operator's bus what changed, and each bus is a call
//! to another object. When new conversations arrive faster than those calls
//! return, sending each piece of news on its own makes as many calls as
//! pieces times receivers. A [`Fanout`] queues news per receiver instead:
//! whoever finds nobody sending to a receiver becomes its sender and sends
//! everything queued so far in one call, then what arrived meanwhile, until
//! nothing is left. A receiver gets every piece once and in the order queued.
//!
//! Some news only says how things are now (who is online): a newer piece of
//! it makes an older one still queued pointless. [`Fanout::queue_superseding`]
//! drops those, so when many operators come online at once each bus gets the
//! latest presence with its next call, not every step of it: the cost of a
//! burst grows with the calls, not with members × changes.

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

    /// As [`Fanout::queue`], first dropping what is still queued for each
    /// receiver that the news makes stale (`stale` says which pieces). What
    /// is already sent is not called back.
    pub fn queue_superseding(&mut self, to: &[K], news: &[E], stale: impl Fn(&E) -> bool) -> Vec<K> {
        for receiver in to {
            if let Some(queued) = self.pending.get_mut(receiver) {
                queued.retain(|e| !stale(e));
            }
        }
        self.queue(to, news)
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

    /// Receivers with news queued and nobody sending it (their sender gave
    /// up, and no news came since): the caller is now their sender.
    pub fn stalled(&mut self) -> Vec<K> {
        let stalled: Vec<K> = self
            .pending
            .iter()
            .filter(|(k, news)| !news.is_empty() && !self.sending.contains(*k))
            .map(|(k, _)| k.clone())
            .collect();
        self.sending.extend(stalled.iter().cloned());
        stalled
    }

    /// Whether nothing is queued, and nothing sent is still on its way.
    pub fn is_idle(&self) -> bool {
        self.sending.is_empty() && self.pending.values().all(Vec::is_empty)
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
    fn news_left_by_a_sender_that_gave_up_is_found_and_sent() {
        let mut f = Fanout::default();
        assert!(f.is_idle());
        f.queue(&["ann", "bob"], &[1]);
        assert!(!f.is_idle());
        assert_eq!(f.next(&"bob"), [1]);
        f.abandon(&"ann");
        assert_eq!(f.stalled(), ["ann"], "bob's is on its way, not stalled");
        assert!(f.stalled().is_empty(), "ann has a sender now");
        assert_eq!(f.next(&"ann"), [1]);
        assert_eq!(f.next(&"ann"), Vec::<i32>::new());
        assert!(!f.is_idle(), "bob's call has not returned");
        assert_eq!(f.next(&"bob"), Vec::<i32>::new());
        assert!(f.is_idle());
    }

    #[test]
    fn no_news_makes_no_sender() {
        let mut f = Fanout::<&str, i32>::default();
        assert!(f.queue(&["ann"], &[]).is_empty());
        assert!(!f.is_sending(&"ann"));
    }

    #[test]
    fn newer_presence_replaces_what_is_still_queued_not_what_was_sent() {
        let mut f = Fanout::default();
        let presence = |e: &i32| *e < 0;
        assert_eq!(f.queue(&["ann"], &[1, -1]), ["ann"]);
        assert_eq!(f.next(&"ann"), [1, -1], "sent: not called back");
        f.queue_superseding(&["ann"], &[-2], presence);
        f.queue(&["ann"], &[2]);
        f.queue_superseding(&["ann"], &[-3], presence);
        assert_eq!(f.next(&"ann"), [2, -3], "the newest presence only, after the news before it");
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
        /// Superseding news (negative numbers here) never costs a receiver
        /// news of another kind, keeps the order of what it delivers, and
        /// always delivers the latest: at most one stale piece waits at a time.
        #[test]
        fn superseded_news_leaves_the_rest_whole_and_the_latest_delivered(
            ops in proptest::collection::vec((0u8..8, any::<bool>(), any::<bool>()), 0..60),
        ) {
            let mut f = Fanout::<usize, i32>::default();
            let stale = |e: &i32| *e < 0;
            let (mut others, mut got, mut latest, mut n) = (vec![], vec![], None, 0);
            let mut sending = false;
            for (set, presence, send) in ops {
                n += 1;
                if set & 1 != 0 {
                    if presence {
                        f.queue_superseding(&[0], &[-n], stale);
                        latest = Some(-n);
                    } else {
                        f.queue(&[0], &[n]);
                        others.push(n);
                    }
                    sending = true;
                }
                if send && sending {
                    let batch = f.next(&0);
                    prop_assert!(batch.iter().filter(|e| **e < 0).count() <= 1, "{:?}", batch);
                    sending = !batch.is_empty();
                    got.extend(batch);
                }
            }
            loop {
                let batch = f.next(&0);
                if batch.is_empty() {
                    break;
                }
                got.extend(batch);
            }
            let delivered_others: Vec<i32> = got.iter().copied().filter(|e| *e > 0).collect();
            prop_assert_eq!(delivered_others, others);
            prop_assert_eq!(got.iter().copied().rfind(|e| *e < 0), latest);
            let presences: Vec<i32> = got.iter().copied().filter(|e| *e < 0).collect();
            prop_assert!(presences.windows(2).all(|w| w[0] > w[1]), "newest last: {:?}", presences);
        }

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
