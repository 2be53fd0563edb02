//! A channel's queue rules beside the assignment policy: the operators
//! while several decisions are made in one go ([`Pool`]), serving the queue
//! from its head ([`serve`]), who may transfer a conversation and where it
//! goes ([`transfer`]), where one left unanswered goes ([`unanswered`]) and
//! one a chatbot hands on ([`forward`]), and when the channel's one alarm
//! must next ring ([`next_alarm`]). The `ChannelDo`
//! reads what these need from its tables, asks, and carries out the answer.

use crate::assignment::{self, Operator, Request};
use crate::ids::Login;

/// The channel's operators while several decisions are made in one go:
/// each counts at once, so no decision sees a slot another just took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    pub operators: Vec<Operator>,
    /// When the decisions are made (ms since the epoch).
    pub now: i64,
}

impl Pool {
    pub fn any_eligible(&self) -> bool {
        self.operators.iter().any(Operator::is_eligible)
    }

    pub fn index(&self, login: &Login) -> Option<usize> {
        self.operators.iter().position(|o| &o.login == login)
    }

    /// `login` got a conversation (or, with `delta` -1, gave one away).
    pub fn count(&mut self, login: &Login, delta: i32) {
        if let Some(i) = self.index(login) {
            let o = &mut self.operators[i];
            o.ongoing = o.ongoing.saturating_add_signed(delta);
            if delta > 0 {
                o.last_assigned_at = self.now;
            }
        }
    }

    /// The policy's choice for `ask`, counted: who gets it, if anyone can.
    pub fn take(&mut self, ask: &Request) -> Option<Login> {
        let chosen = assignment::choose(&self.operators, ask)?.login.clone();
        self.count(&chosen, 1);
        Some(chosen)
    }
}

/// What a waiting conversation asks for, owned (read from storage).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted {
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    pub previous_operator: Option<Login>,
    pub passed: Vec<Login>,
}

impl Wanted {
    pub fn request(&self) -> Request<'_> {
        Request {
            languages: &self.languages,
            expertise: &self.expertise,
            previous_operator: self.previous_operator.as_ref(),
            passed: &self.passed,
        }
    }
}

/// Serves a queue of `waiting` conversations from its head: which go to
/// whom, in order (`(place in the queue, login)`). `ask(i)` says what the
/// i-th asks for; it is read only while someone is eligible. One that only
/// those who passed it on could take stays, and the next may go.
pub fn serve<E>(
    pool: &mut Pool,
    waiting: usize,
    mut ask: impl FnMut(usize) -> Result<Wanted, E>,
) -> Result<Vec<(usize, Login)>, E> {
    let mut given = vec![];
    for i in 0..waiting {
        if !pool.any_eligible() {
            break;
        }
        if let Some(login) = pool.take(&ask(i)?.request()) {
            given.push((i, login));
        }
    }
    Ok(given)
}

/// A conversation as a transfer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held<'a> {
    /// Who has it now (a login), if anyone.
    pub operator: Option<&'a Login>,
    pub closed: bool,
    /// Operators who passed it on before (not offered it again).
    pub passed: &'a [Login],
}

/// Why a transfer is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The conversation has ended.
    Ended,
    /// Only the operator who has it, or an admin, may transfer it.
    NotTheirs,
    /// The operator it would go to has not joined the channel.
    NotJoined,
    /// The operator it would go to has it already (their name).
    HasItAlready(String),
}

/// Where a transfer sends a conversation: to `to` (a login), or back to the
/// queue; `passed` is who is not to be offered it again from now on (whoever
/// had it, but never the one it goes to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub to: Option<Login>,
    pub passed: Vec<Login>,
}

/// `by` (an admin or not) asks to hand `held` to `to`, or back to the queue
/// (`None`); `joined` names a member of the channel by login. `to == by`
/// is a take-over, which any member may do.
pub fn transfer(
    held: &Held,
    by: &Login,
    admin: bool,
    to: Option<&Login>,
    joined: impl Fn(&Login) -> Option<String>,
) -> Result<Transfer, Refusal> {
    if held.closed {
        return Err(Refusal::Ended);
    }
    // Anyone joined may take it over for themselves; handing it to anyone
    // else is for whoever has it, or an admin.
    if !admin && held.operator != Some(by) && to != Some(by) {
        return Err(Refusal::NotTheirs);
    }
    let mut passed = held.passed.to_vec();
    passed.extend(held.operator.cloned());
    if let Some(login) = to {
        let name = joined(login).ok_or(Refusal::NotJoined)?;
        if held.operator == Some(login) {
            return Err(Refusal::HasItAlready(name));
        }
        passed.retain(|p| p != login);
    }
    Ok(Transfer { to: to.cloned(), passed })
}

/// What becomes of a conversation its operator left unanswered too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unanswered {
    /// Offered on to `to`; `passed` now holds whoever left it.
    To { to: Login, passed: Vec<Login> },
    /// Nobody else can take it: it stays, and is offered again after the
    /// same delay.
    Stays,
}

/// `first` left a conversation that asks for `wanted` unanswered: the next
/// operator by the policy gets it (never `first`, nor anyone who passed it
/// on before), counted in `pool`, and `first` has one fewer.
pub fn unanswered(pool: &mut Pool, first: &Login, wanted: &Wanted) -> Unanswered {
    let mut passed = wanted.passed.clone();
    if !passed.contains(first) {
        passed.push(first.clone());
    }
    let ask = Wanted { passed, ..wanted.clone() };
    match pool.take(&ask.request()) {
        Some(to) => {
            pool.count(first, -1);
            Unanswered::To { to, passed: ask.passed }
        }
        None => Unanswered::Stays,
    }
}

/// Where a conversation goes when its chatbot hands it to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forward {
    /// To an operator (counted in the pool).
    To(Login),
    /// Nobody free: it waits in the queue, people's now.
    Queued,
    /// Nobody free and the script has a "no operator" branch: the bot goes on.
    StaysWithBot,
}

/// A chatbot forwards a conversation asking for `wanted`; with nobody free,
/// `queue` says whether it waits for people or stays with the bot.
pub fn forward(pool: &mut Pool, wanted: &Wanted, queue: bool) -> Forward {
    match pool.take(&wanted.request()) {
        Some(to) => Forward::To(to),
        None if queue => Forward::Queued,
        None => Forward::StaysWithBot,
    }
}

/// When the channel's one alarm must next ring, if ever: the backstop for
/// members no bus spoke of (their bus tells the channel when they go
/// inactive; this catches a bus that never could), a relay's interval
/// after the longest-idle member's inactivity timeout. Everything else is
/// timed where its subject lives: a conversation's quiet and reassignment
/// delay by the conversation (`relay`), an operator's inactivity by their bus.
pub fn next_alarm(oldest_activity: Option<i64>, timeout_ms: i64) -> Option<i64> {
    oldest_activity.map(|t| t + timeout_ms + crate::bus_clock::RELAY_EVERY_MS)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn operator() -> impl Strategy<Value = Operator> {
        (
            0usize..4,
            any::<bool>(),
            any::<bool>(),
            0u32..4,
            0u32..5,
            prop::sample::subsequence(vec!["en", "fr"], 0..=2),
        )
            .prop_map(|(n, joined, online, capacity, ongoing, languages)| Operator {
                login: l(&format!("op{n}")),
                joined,
                online,
                capacity,
                ongoing,
                languages: languages.into_iter().map(str::to_owned).collect(),
                expertise: vec![],
                last_assigned_at: 0,
            })
    }

    fn wanted() -> impl Strategy<Value = Wanted> {
        (
            prop::sample::subsequence(vec!["en", "fr"], 0..=1),
            prop::collection::vec(0usize..4, 0..3),
            prop::option::of(0usize..4),
        )
            .prop_map(|(languages, passed, previous)| Wanted {
                languages: languages.into_iter().map(str::to_owned).collect(),
                expertise: vec![],
                previous_operator: previous.map(|n| l(&format!("op{n}"))),
                passed: passed.into_iter().map(|n| l(&format!("op{n}"))).collect(),
            })
    }

    fn distinct(ops: Vec<Operator>) -> Vec<Operator> {
        let mut seen = std::collections::HashSet::new();
        ops.into_iter().filter(|o| seen.insert(o.login.clone())).collect()
    }

    proptest! {
        /// Serving the queue never puts anyone over capacity, never gives a
        /// conversation to one who passed it on or to one not eligible, gives
        /// each at most once, and leaves waiting only what nobody still
        /// eligible could take (so it neither stops early nor skips one).
        #[test]
        fn the_queue_is_served_in_order_within_capacity(
            ops in prop::collection::vec(operator(), 0..5),
            queue in prop::collection::vec(wanted(), 0..8),
        ) {
            let ops = distinct(ops);
            let before = Pool { operators: ops, now: 7 };
            let mut pool = before.clone();
            let given = serve(&mut pool, queue.len(), |i| Ok::<_, ()>(queue[i].clone())).unwrap();
            let mut places: Vec<usize> = given.iter().map(|g| g.0).collect();
            places.dedup();
            prop_assert_eq!(places.len(), given.len(), "each at most once, in order");
            for (i, login) in &given {
                prop_assert!(!queue[*i].passed.contains(login), "not to one who passed it on");
                let was = &before.operators[before.index(login).unwrap()];
                prop_assert!(was.joined && was.online, "to one online in the channel");
            }
            for (o, was) in pool.operators.iter().zip(&before.operators) {
                let got = given.iter().filter(|g| g.1 == o.login).count() as u32;
                prop_assert_eq!(o.ongoing, was.ongoing + got);
                prop_assert!(got == 0 || o.ongoing <= o.capacity, "never over capacity");
            }
            for (i, w) in queue.iter().enumerate().filter(|(i, _)| !given.iter().any(|g| g.0 == *i)) {
                prop_assert!(assignment::choose(&pool.operators, &w.request()).is_none(), "{} was skipped", i);
            }
        }
    }

    fn l(s: &str) -> Login {
        Login::parse(s).unwrap()
    }

    fn names(login: &Login) -> Option<String> {
        match login.as_str() {
            "ana" => Some("Ana".into()),
            "bob" => Some("Bob".into()),
            _ => None,
        }
    }

    fn held<'a>(operator: Option<&'a Login>, passed: &'a [Login]) -> Held<'a> {
        Held { operator, closed: false, passed }
    }

    #[test]
    fn its_operator_hands_it_to_a_colleague_and_is_not_offered_it_again() {
        let (ana, bob) = (l("ana"), l("bob"));
        let t = transfer(&held(Some(&ana), &[]), &ana, false, Some(&bob), names);
        assert_eq!(t, Ok(Transfer { to: Some(bob), passed: vec![ana] }));
    }

    #[test]
    fn back_to_the_queue() {
        let ana = l("ana");
        let t = transfer(&held(Some(&ana), &[]), &ana, false, None, names);
        assert_eq!(t, Ok(Transfer { to: None, passed: vec![ana] }));
    }

    #[test]
    fn one_who_passed_it_before_may_be_given_it_again() {
        let (ana, bob) = (l("ana"), l("bob"));
        let before = [bob.clone()];
        let t = transfer(&held(Some(&ana), &before), &ana, false, Some(&bob), names);
        assert_eq!(t, Ok(Transfer { to: Some(bob), passed: vec![ana] }));
    }

    #[test]
    fn refusals() {
        let (ana, bob, cyd, zed) = (l("ana"), l("bob"), l("cyd"), l("zed"));
        let ended = Held { operator: Some(&ana), closed: true, passed: &[] };
        assert_eq!(transfer(&ended, &ana, true, None, names), Err(Refusal::Ended));
        assert_eq!(transfer(&held(Some(&ana), &[]), &bob, false, None, names), Err(Refusal::NotTheirs));
        assert_eq!(transfer(&held(None, &[]), &bob, false, None, names), Err(Refusal::NotTheirs), "waiting");
        assert_eq!(transfer(&held(Some(&ana), &[]), &ana, false, Some(&cyd), names), Err(Refusal::NotJoined));
        assert_eq!(
            transfer(&held(Some(&ana), &[]), &zed, true, Some(&ana), names),
            Err(Refusal::HasItAlready("Ana".into()))
        );
    }

    #[test]
    fn any_member_may_take_one_over_for_themselves_only() {
        let (ana, bob, cyd) = (l("ana"), l("bob"), l("cyd"));
        let t = transfer(&held(Some(&ana), &[]), &bob, false, Some(&bob), names);
        assert_eq!(t, Ok(Transfer { to: Some(bob.clone()), passed: vec![ana.clone()] }));
        let waiting = transfer(&held(None, &[]), &bob, false, Some(&bob), names);
        assert_eq!(waiting, Ok(Transfer { to: Some(bob.clone()), passed: vec![] }), "from the line");
        assert_eq!(transfer(&held(Some(&ana), &[]), &bob, false, Some(&cyd), names), Err(Refusal::NotTheirs));
    }

    #[test]
    fn an_admin_may_transfer_anyones_even_a_waiting_one() {
        let (ana, zed) = (l("ana"), l("zed"));
        let t = transfer(&held(None, &[]), &zed, true, Some(&ana), names);
        assert_eq!(t, Ok(Transfer { to: Some(ana), passed: vec![] }));
    }

    fn member(login: &str, ongoing: u32) -> Operator {
        Operator {
            login: l(login),
            joined: true,
            online: true,
            capacity: 2,
            ongoing,
            languages: vec!["en".into()],
            expertise: vec![],
            last_assigned_at: 0,
        }
    }

    #[test]
    fn an_unanswered_conversation_goes_to_the_next_and_frees_its_first() {
        let mut pool = Pool { operators: vec![member("ana", 1), member("bob", 0)], now: 9 };
        let wanted = Wanted { languages: vec!["en".into()], ..Wanted::default() };
        let got = unanswered(&mut pool, &l("ana"), &wanted);
        assert_eq!(got, Unanswered::To { to: l("bob"), passed: vec![l("ana")] });
        assert_eq!((pool.operators[0].ongoing, pool.operators[1].ongoing), (0, 1));
        assert_eq!(pool.operators[1].last_assigned_at, 9);
    }

    #[test]
    fn an_unanswered_conversation_stays_when_nobody_else_can_take_it() {
        let mut pool = Pool { operators: vec![member("ana", 1), member("bob", 2)], now: 9 };
        let wanted = Wanted { passed: vec![l("cyd")], ..Wanted::default() };
        assert_eq!(unanswered(&mut pool, &l("ana"), &wanted), Unanswered::Stays, "bob is full");
        assert_eq!((pool.operators[0].ongoing, pool.operators[1].ongoing), (1, 2), "nothing counted");
        let mut pool = Pool { operators: vec![member("ana", 0), member("bob", 0)], now: 9 };
        let wanted = Wanted { passed: vec![l("bob")], ..Wanted::default() };
        assert_eq!(unanswered(&mut pool, &l("ana"), &wanted), Unanswered::Stays, "bob passed it on");
    }

    #[test]
    fn a_chatbot_forwards_to_people_or_the_queue_or_keeps_it() {
        let wanted = Wanted::default();
        let mut free = Pool { operators: vec![member("ana", 0)], now: 1 };
        assert_eq!(forward(&mut free, &wanted, false), Forward::To(l("ana")));
        assert_eq!(free.operators[0].ongoing, 1);
        let mut full = Pool { operators: vec![member("ana", 2)], now: 1 };
        assert_eq!(forward(&mut full, &wanted, true), Forward::Queued);
        assert_eq!(forward(&mut full, &wanted, false), Forward::StaysWithBot);
    }

    proptest! {
        /// Offering on never gives it back to whoever left it or passed it
        /// on, never over capacity, and moves exactly one slot when it moves.
        #[test]
        fn offering_on_never_returns_it_and_moves_one_slot(
            ops in prop::collection::vec(operator(), 1..5),
            w in wanted(),
            first in 0usize..4,
        ) {
            let ops = distinct(ops);
            let first = l(&format!("op{first}"));
            let before = Pool { operators: ops, now: 3 };
            let mut pool = before.clone();
            let total = |p: &Pool| p.operators.iter().map(|o| o.ongoing as i64).sum::<i64>();
            match unanswered(&mut pool, &first, &w) {
                Unanswered::To { to, passed } => {
                    prop_assert!(to != first && !w.passed.contains(&to));
                    prop_assert!(passed.contains(&first));
                    let o = &pool.operators[pool.index(&to).unwrap()];
                    prop_assert!(o.ongoing <= o.capacity);
                    let freed = before.index(&first).is_some_and(|i| before.operators[i].ongoing > 0);
                    prop_assert_eq!(total(&pool), total(&before) + 1 - freed as i64);
                }
                Unanswered::Stays => prop_assert_eq!(pool, before),
            }
        }
    }

    #[test]
    fn the_alarm_is_the_backstop_for_idle_members() {
        let timeout = 1_800_000;
        let at = next_alarm(Some(1_000), timeout);
        assert_eq!(at, Some(1_000 + timeout + crate::bus_clock::RELAY_EVERY_MS));
        assert_eq!(next_alarm(None, timeout), None, "nobody to wait for");
    }
}
