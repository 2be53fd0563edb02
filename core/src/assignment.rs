//! Who answers a new conversation: the assignment policy, as a pure function
//! over a snapshot of a channel's operators.
//!
//! The policy (ARCHITECTURE.md states it in these words):
//! 1. Eligible: joined the channel, online, and below their capacity.
//!    Nobody eligible ⇒ the conversation waits in the channel's queue.
//! 2. The visitor's previous operator in this channel, if eligible.
//! 3. Preference groups, first non-empty wins: language and all requested
//!    expertise; language and some; language; all expertise; some expertise;
//!    everyone eligible. Language matching understands BCP 47: a `fr-BE`
//!    visitor matches an `fr` operator, and an exact match ranks first.
//! 4. Inside the group: fewest ongoing conversations; ties go to whoever was
//!    assigned least recently, then by login (deterministic, no randomness).
//! 5. Language and expertise never override 1.
//!
//! An operator who passed a conversation on (transferred it away, or let it
//! go unanswered) is not offered it again: for that conversation they are not
//! eligible.
//!
//! Language is matched against the visitor's first (preferred) language.
//! Tags are canonical BCP 47 (see [`crate::languages`]), so the primary
//! language is the part before the first `-`, and no parsing is needed here.

use crate::ids::Login;

/// One operator of the channel, as the channel sees them now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub login: Login,
    pub joined: bool,
    pub online: bool,
    /// Most conversations they may hold at once.
    pub capacity: u32,
    /// Conversations assigned, not closed, with recent activity.
    pub ongoing: u32,
    /// Canonical BCP 47 tags.
    pub languages: Vec<String>,
    /// Expertise ids.
    pub expertise: Vec<String>,
    /// When they were last given a conversation (ms; 0 = never).
    pub last_assigned_at: i64,
}

impl Operator {
    pub fn is_eligible(&self) -> bool {
        self.joined && self.online && self.ongoing < self.capacity
    }
}

/// What the new conversation asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request<'a> {
    /// The visitor's languages, canonical, preferred first.
    pub languages: &'a [String],
    /// Expertise ids collected (by a chatbot, say); may be empty.
    pub expertise: &'a [String],
    /// Who answered this visitor last time in this channel.
    pub previous_operator: Option<&'a Login>,
    /// Logins that passed this conversation on already.
    pub passed: &'a [Login],
}

impl Request<'_> {
    fn can_take(&self, op: &Operator) -> bool {
        op.is_eligible() && !self.passed.contains(&op.login)
    }
}

fn primary(tag: &str) -> &str {
    match tag.find('-') {
        Some(i) => &tag[..i],
        None => tag,
    }
}

/// 2: speaks exactly the visitor's language; 1: the same primary language; 0: no.
fn language_match(op: &Operator, visitor: Option<(&str, &str)>) -> u8 {
    let Some((exact, visitor_primary)) = visitor else { return 0 };
    let mut best = 0;
    for l in &op.languages {
        if l == exact {
            return 2;
        }
        if primary(l) == visitor_primary {
            best = 1;
        }
    }
    best
}

/// The preference group of an eligible operator (0 is best), per line 3.
/// `visitor` is the visitor's first language and its primary subtag.
fn group(op: &Operator, req: &Request, visitor: Option<(&str, &str)>) -> u8 {
    let language = language_match(op, visitor);
    let matched = req.expertise.iter().filter(|e| op.expertise.contains(e)).count();
    let all = matched == req.expertise.len();
    let some = matched > 0;
    match (language, all, some) {
        (2, true, _) => 0,
        (1, true, _) => 1,
        (2, _, true) => 2,
        (1, _, true) => 3,
        (2, _, _) => 4,
        (1, _, _) => 5,
        (_, true, _) => 6,
        (_, _, true) => 7,
        _ => 8,
    }
}

/// The operator who gets the conversation, or `None`: it must wait in the
/// queue. Runs in one pass over the operators.
pub fn choose<'o>(operators: &'o [Operator], req: &Request) -> Option<&'o Operator> {
    if let Some(previous) = req.previous_operator {
        if let Some(op) = operators.iter().find(|o| &o.login == previous && req.can_take(o)) {
            return Some(op);
        }
    }
    let visitor = req.languages.first().map(|l| (l.as_str(), primary(l)));
    operators
        .iter()
        .filter(|o| req.can_take(o))
        .min_by_key(|o| (group(o, req, visitor), o.ongoing, o.last_assigned_at, &o.login))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Logins have at least 3 characters: the tests' short names get a prefix.
    fn login(name: &str) -> Login {
        Login::parse(format!("op-{name}")).unwrap()
    }

    fn name(login: &Login) -> String {
        login.as_str()["op-".len()..].to_owned()
    }

    fn op(name: &str, languages: &[&str], expertise: &[&str]) -> Operator {
        Operator {
            login: login(name),
            joined: true,
            online: true,
            capacity: 5,
            ongoing: 0,
            languages: languages.iter().map(|s| s.to_string()).collect(),
            expertise: expertise.iter().map(|s| s.to_string()).collect(),
            last_assigned_at: 0,
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn pick(
        ops: &[Operator],
        languages: &[&str],
        expertise: &[&str],
        previous: Option<&str>,
    ) -> Option<String> {
        let (l, e) = (strings(languages), strings(expertise));
        let previous = previous.map(login);
        let req = Request { languages: &l, expertise: &e, previous_operator: previous.as_ref(), passed: &[] };
        choose(ops, &req).map(|o| name(&o.login))
    }

    #[test]
    fn line_1_only_joined_online_operators_below_capacity_are_eligible() {
        let mut away = op("away", &["fr"], &[]);
        away.online = false;
        let mut left = op("left", &["fr"], &[]);
        left.joined = false;
        let mut full = op("full", &["fr"], &[]);
        full.ongoing = 5;
        assert_eq!(pick(&[away, left, full.clone()], &["fr"], &[], None), None, "nobody eligible: queue");
        assert_eq!(pick(&[full, op("free", &["en"], &[])], &["fr"], &[], None).as_deref(), Some("free"));
    }

    #[test]
    fn line_2_the_previous_operator_wins_if_eligible() {
        let ops = [op("fr", &["fr"], &[]), op("prev", &["en"], &[])];
        assert_eq!(pick(&ops, &["fr"], &[], Some("prev")).as_deref(), Some("prev"));
        let mut busy = ops.clone();
        busy[1].ongoing = 5;
        assert_eq!(pick(&busy, &["fr"], &[], Some("prev")).as_deref(), Some("fr"), "not when full");
    }

    #[test]
    fn whoever_passed_the_conversation_on_is_not_offered_it_again() {
        let ops = [op("a-prev", &["fr"], &[]), op("b-other", &["en"], &[])];
        let (l, passed) = (strings(&["fr"]), vec![login("a-prev")]);
        let req =
            Request { languages: &l, expertise: &[], previous_operator: Some(&passed[0]), passed: &passed };
        assert_eq!(choose(&ops, &req).map(|o| name(&o.login)).as_deref(), Some("b-other"));
        let alone = Request { passed: &passed, ..Request::default() };
        assert_eq!(choose(&ops[..1], &alone), None, "nobody else: it waits");
    }

    #[test]
    fn line_3_preference_groups_in_order() {
        let everyone = op("a-anyone", &["de"], &[]);
        let some_exp = op("b-some", &["de"], &["billing"]);
        let all_exp = op("c-all", &["de"], &["billing", "vat"]);
        let lang = op("d-lang", &["fr"], &[]);
        let lang_some = op("e-lang-some", &["fr"], &["billing"]);
        let lang_all = op("f-lang-all", &["fr"], &["billing", "vat"]);
        let mut ops = vec![everyone, some_exp, all_exp, lang, lang_some, lang_all];
        for expected in ["f-lang-all", "e-lang-some", "d-lang", "c-all", "b-some", "a-anyone"] {
            assert_eq!(pick(&ops, &["fr"], &["billing", "vat"], None).as_deref(), Some(expected));
            ops.retain(|o| name(&o.login) != expected);
        }
    }

    #[test]
    fn line_3_bcp47_a_region_matches_its_language_and_exact_ranks_first() {
        let ops = [op("a-plain-fr", &["fr"], &[]), op("b-en", &["en"], &[])];
        assert_eq!(pick(&ops, &["fr-BE"], &[], None).as_deref(), Some("a-plain-fr"));
        let ops = [op("a-fr-fr", &["fr-FR"], &[]), op("b-fr-be", &["fr-BE"], &[])];
        assert_eq!(pick(&ops, &["fr-BE"], &[], None).as_deref(), Some("b-fr-be"));
        assert_eq!(pick(&ops, &["fr"], &[], None).as_deref(), Some("a-fr-fr"), "same group: ties by login");
    }

    #[test]
    fn line_4_fewest_ongoing_then_least_recently_assigned() {
        let mut a = op("a", &["en"], &[]);
        let mut b = op("b", &["en"], &[]);
        a.ongoing = 2;
        b.ongoing = 1;
        assert_eq!(pick(&[a.clone(), b.clone()], &["en"], &[], None).as_deref(), Some("b"));
        b.ongoing = 2;
        a.last_assigned_at = 200;
        b.last_assigned_at = 100;
        assert_eq!(pick(&[a, b], &["en"], &[], None).as_deref(), Some("b"));
    }

    #[test]
    fn line_5_language_never_overrides_capacity() {
        let mut french = op("french", &["fr"], &["billing"]);
        french.ongoing = french.capacity;
        let english = op("english", &["en"], &[]);
        assert_eq!(pick(&[french, english], &["fr-FR"], &["billing"], None).as_deref(), Some("english"));
    }

    #[test]
    fn no_language_and_no_expertise_means_fewest_ongoing() {
        let mut a = op("a", &["fr"], &[]);
        a.ongoing = 1;
        assert_eq!(pick(&[a, op("b", &["de"], &[])], &[], &[], None).as_deref(), Some("b"));
    }

    fn arb_operator() -> impl Strategy<Value = Operator> {
        (
            "[a-z]{3,6}",
            any::<bool>(),
            any::<bool>(),
            0u32..4,
            0u32..5,
            proptest::sample::subsequence(vec!["fr", "fr-BE", "en", "de"], 0..3),
            proptest::sample::subsequence(vec!["billing", "vat"], 0..2),
            0i64..5,
        )
            .prop_map(|(login, joined, online, capacity, ongoing, langs, exp, last)| Operator {
                login: Login::parse(login).unwrap(),
                joined,
                online,
                capacity,
                ongoing,
                languages: langs.into_iter().map(String::from).collect(),
                expertise: exp.into_iter().map(String::from).collect(),
                last_assigned_at: last,
            })
    }

    proptest! {
        #[test]
        fn the_chosen_operator_is_always_eligible(
            ops in proptest::collection::vec(arb_operator(), 0..12),
            lang in proptest::sample::select(vec!["fr", "fr-BE", "en", "ja"]),
            previous in proptest::option::of("[a-z]{3,6}"),
        ) {
            let l = vec![lang.to_string()];
            let e = vec!["billing".to_string()];
            let previous = previous.map(|p| Login::parse(p).unwrap());
            let req = Request { languages: &l, expertise: &e, previous_operator: previous.as_ref(), passed: &[] };
            match choose(&ops, &req) {
                Some(chosen) => prop_assert!(chosen.is_eligible()),
                None => prop_assert!(ops.iter().all(|o| !o.is_eligible())),
            }
        }

        /// Assigning until nobody is free never takes anyone past capacity.
        #[test]
        fn capacity_is_never_exceeded(ops in proptest::collection::vec(arb_operator(), 1..10), n in 0usize..60) {
            let mut ops: Vec<Operator> = ops
                .into_iter()
                .enumerate()
                .map(|(i, o)| Operator { login: Login::parse(format!("{i}-{}", o.login)).unwrap(), ..o })
                .collect();
            let before: Vec<u32> = ops.iter().map(|o| o.ongoing).collect();
            let l = vec!["fr".to_string()];
            for t in 0..n {
                let req = Request { languages: &l, expertise: &[], previous_operator: None, passed: &[] };
                let Some(login) = choose(&ops, &req).map(|o| o.login.clone()) else { break };
                let o = ops.iter_mut().find(|o| o.login == login).unwrap();
                o.ongoing += 1;
                o.last_assigned_at = 10 + t as i64;
            }
            for (o, start) in ops.iter().zip(before) {
                prop_assert!(o.ongoing == start || o.ongoing <= o.capacity, "{o:?} started at {start}");
            }
        }

        /// Among equal operators, assignments spread evenly (max − min ≤ 1).
        #[test]
        fn equal_operators_share_evenly(count in 1usize..20, n in 0usize..200) {
            let mut ops: Vec<Operator> = (0..count)
                .map(|i| Operator { capacity: u32::MAX, ..op(&format!("op{i:02}"), &["en"], &[]) })
                .collect();
            let l = vec!["en".to_string()];
            for t in 0..n {
                let req = Request { languages: &l, expertise: &[], previous_operator: None, passed: &[] };
                let login = choose(&ops, &req).unwrap().login.clone();
                let o = ops.iter_mut().find(|o| o.login == login).unwrap();
                o.ongoing += 1;
                o.last_assigned_at = 1 + t as i64;
            }
            let max = ops.iter().map(|o| o.ongoing).max().unwrap();
            let min = ops.iter().map(|o| o.ongoing).min().unwrap();
            prop_assert!(max - min <= 1, "spread {min}..{max}");
        }
    }
}
