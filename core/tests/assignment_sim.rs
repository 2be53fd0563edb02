//! A channel's lifecycle under concurrent starts, closes, transfers,
//! unanswered conversations and operators coming and going (issue 22,
//! item 1, for assignment): the channel's decisions as core makes them
//! (`queue::serve`, `transfer`, `unanswered`, the policy's `Pool`), carried
//! out on a model of its tables as the `ChannelDo` carries them out, with
//! load counters kept incrementally as it keeps them. After every step:
//! - the counters equal the conversations each operator has (never two
//!   operators for one conversation: each has one `operator` field, and
//!   each is counted once);
//! - the policy never gives anyone a conversation at or over their
//!   capacity (only an explicit transfer may);
//! - the queue is served in order: a conversation given while an earlier
//!   one still waits went to someone who passed the earlier one on;
//! - nobody waits while an eligible operator could take them.
//!
//! `PROPTEST_CASES` sets how many runs (default 2,000, about a second).

use proptest::prelude::*;
use switchboard_core::assignment::Operator;
use switchboard_core::ids::Login;
use switchboard_core::queue::{self, Held, Pool, Unanswered, Wanted};

const OPERATORS: usize = 4;
const LANGUAGES: [&str; 3] = ["en", "fr", "de"];

#[derive(Debug, Clone)]
enum Step {
    Start {
        language: usize,
    },
    Close {
        pick: usize,
    },
    /// `by` hands the conversation to `to` (an operator) or back to the
    /// queue (`None`); an admin may hand anyone's.
    Transfer {
        pick: usize,
        by: usize,
        to: Option<usize>,
        admin: bool,
    },
    Unanswered {
        pick: usize,
    },
    Online {
        op: usize,
        online: bool,
    },
    Joined {
        op: usize,
        joined: bool,
    },
    Capacity {
        op: usize,
        capacity: u32,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let op = 0..OPERATORS;
    let pick = any::<usize>();
    prop_oneof![
        5 => (0..LANGUAGES.len()).prop_map(|language| Step::Start { language }),
        3 => pick.clone().prop_map(|pick| Step::Close { pick }),
        2 => (pick.clone(), op.clone(), prop::option::of(op.clone()), any::<bool>())
            .prop_map(|(pick, by, to, admin)| Step::Transfer { pick, by, to, admin }),
        2 => pick.prop_map(|pick| Step::Unanswered { pick }),
        2 => (op.clone(), any::<bool>()).prop_map(|(op, online)| Step::Online { op, online }),
        1 => (op.clone(), any::<bool>()).prop_map(|(op, joined)| Step::Joined { op, joined }),
        1 => (op, 0u32..4).prop_map(|(op, capacity)| Step::Capacity { op, capacity }),
    ]
}

/// One open conversation, as the channel's table holds it.
#[derive(Debug, Clone)]
struct Conversation {
    ticket: u64,
    language: String,
    operator: Option<usize>,
    passed: Vec<Login>,
}

/// The channel: its members (with their load counters) and open conversations.
struct Channel {
    operators: Vec<Operator>,
    open: Vec<Conversation>,
    next_ticket: u64,
    now: i64,
}

fn login(i: usize) -> Login {
    Login::parse(format!("op-{i}")).unwrap()
}

impl Channel {
    fn new() -> Channel {
        let operators = (0..OPERATORS)
            .map(|i| Operator {
                login: login(i),
                joined: true,
                online: true,
                capacity: 2,
                ongoing: 0,
                languages: vec![LANGUAGES[i % LANGUAGES.len()].to_owned()],
                expertise: vec![],
                last_assigned_at: 0,
            })
            .collect();
        Channel { operators, open: vec![], next_ticket: 1, now: 0 }
    }

    fn wanted(c: &Conversation) -> Wanted {
        Wanted { languages: vec![c.language.clone()], passed: c.passed.clone(), ..Wanted::default() }
    }

    fn index(&self, l: &Login) -> usize {
        self.operators.iter().position(|o| &o.login == l).expect("a member")
    }

    /// Gives conversation `c` to `to` (counting) and takes it from whoever had it.
    fn give(&mut self, c: usize, to: Option<usize>) {
        if let Some(from) = self.open[c].operator {
            self.operators[from].ongoing -= 1;
        }
        if let Some(to) = to {
            self.operators[to].ongoing += 1;
            self.operators[to].last_assigned_at = self.now;
        }
        self.open[c].operator = to;
    }

    /// Serves the queue from its head (oldest ticket first), as the channel
    /// does after every change; checks it is served in order.
    fn serve(&mut self) -> Result<(), TestCaseError> {
        let mut waiting: Vec<usize> =
            (0..self.open.len()).filter(|&c| self.open[c].operator.is_none()).collect();
        waiting.sort_by_key(|&c| self.open[c].ticket);
        let mut pool = Pool { operators: self.operators.clone(), now: self.now };
        for o in &pool.operators {
            prop_assert!(!o.is_eligible() || o.ongoing < o.capacity);
        }
        let given =
            queue::serve(&mut pool, waiting.len(), |i| Ok::<_, ()>(Self::wanted(&self.open[waiting[i]])))
                .expect("no storage here");
        for &(place, ref to) in &given {
            let to = self.index(to);
            prop_assert!(
                self.operators[to].ongoing < self.operators[to].capacity,
                "the policy gave {} a conversation at capacity",
                self.operators[to].login
            );
            self.give(waiting[place], Some(to));
        }
        // Served in order: whoever got a conversation passed on every older
        // one still waiting (else they would have had that one first).
        for &(place, ref to) in &given {
            let ticket = self.open[waiting[place]].ticket;
            for earlier in self.open.iter().filter(|c| c.operator.is_none() && c.ticket < ticket) {
                prop_assert!(earlier.passed.contains(to), "ticket {} went before {}", ticket, earlier.ticket);
            }
        }
        Ok(())
    }

    fn apply(&mut self, s: &Step) -> Result<(), TestCaseError> {
        self.now += 1_000;
        let pick = |n: usize| (!self.open.is_empty()).then(|| n % self.open.len());
        match *s {
            Step::Start { language } => {
                self.open.push(Conversation {
                    ticket: self.next_ticket,
                    language: LANGUAGES[language].to_owned(),
                    operator: None,
                    passed: vec![],
                });
                self.next_ticket += 1;
            }
            Step::Close { pick: p } => {
                if let Some(c) = pick(p) {
                    self.give(c, None);
                    self.open.remove(c);
                }
            }
            Step::Transfer { pick: p, by, to, admin } => {
                let Some(c) = pick(p) else { return Ok(()) };
                let conv = self.open[c].clone();
                let holder = conv.operator.map(login);
                let held = Held { operator: holder.as_ref(), closed: false, passed: &conv.passed };
                let members: Vec<(Login, bool)> =
                    self.operators.iter().map(|o| (o.login.clone(), o.joined)).collect();
                let joined = |l: &Login| {
                    members.iter().find(|(m, j)| m == l && *j).map(|(m, _)| m.as_str().to_owned())
                };
                if let Ok(t) = queue::transfer(&held, &login(by), admin, to.map(login).as_ref(), joined) {
                    prop_assert!(
                        t.to.as_ref().is_none_or(|to| !t.passed.contains(to)),
                        "passed on to itself"
                    );
                    let to = t.to.as_ref().map(|l| self.index(l));
                    self.open[c].passed = t.passed;
                    self.give(c, to);
                }
            }
            Step::Unanswered { pick: p } => {
                let Some(c) = pick(p) else { return Ok(()) };
                let Some(first) = self.open[c].operator else { return Ok(()) };
                let mut pool = Pool { operators: self.operators.clone(), now: self.now };
                if let Unanswered::To { to, passed } =
                    queue::unanswered(&mut pool, &login(first), &Self::wanted(&self.open[c]))
                {
                    let to = self.index(&to);
                    prop_assert!(to != first, "left unanswered, offered to the same operator");
                    prop_assert!(
                        self.operators[to].ongoing < self.operators[to].capacity,
                        "unanswered: over capacity"
                    );
                    self.open[c].passed = passed;
                    self.give(c, Some(to));
                }
            }
            Step::Online { op, online } => self.operators[op].online = online,
            Step::Joined { op, joined } => {
                self.operators[op].joined = joined;
                if !joined {
                    // Leaving hands one's conversations back to the queue.
                    for c in 0..self.open.len() {
                        if self.open[c].operator == Some(op) {
                            self.give(c, None);
                        }
                    }
                }
            }
            Step::Capacity { op, capacity } => self.operators[op].capacity = capacity,
        }
        self.serve()?;
        self.check()
    }

    /// What holds after every step.
    fn check(&self) -> Result<(), TestCaseError> {
        for (i, o) in self.operators.iter().enumerate() {
            let has = self.open.iter().filter(|c| c.operator == Some(i)).count() as u32;
            prop_assert_eq!(o.ongoing, has, "{}'s counter", o.login);
        }
        let pool = Pool { operators: self.operators.clone(), now: self.now };
        for c in self.open.iter().filter(|c| c.operator.is_none()) {
            let wanted = Self::wanted(c);
            let takers = switchboard_core::assignment::choose(&pool.operators, &wanted.request());
            prop_assert!(
                takers.is_none(),
                "ticket {} waits while {:?} could take it",
                c.ticket,
                takers.map(|o| &o.login)
            );
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_channel_never_overfills_never_doubles_and_serves_in_order(steps in prop::collection::vec(step(), 1..80)) {
        let mut channel = Channel::new();
        for s in &steps {
            channel.apply(s)?;
        }
    }
}
