//! Whether a chatbot script may be saved, said in words. First its limits
//! (steps, answers, translations, text lengths), so that what follows works
//! on a bounded script; then its names and its graph: every jump lands on a
//! step, every step can be reached, no loop runs without a visitor answer.
//!
//! Every pass is linear in the script's size (steps, answers, texts): ids
//! are looked up in one map built once, and loops of steps that go on by
//! themselves are found by one walk (each step has at most one such
//! successor). The walks count their steps, so a test holds them to that.

use std::collections::hash_map::{Entry, HashMap};

use crate::limits::{
    MAX_ANSWER_EXPERTISE, MAX_ID_LEN, MAX_PROBLEMS_TOLD, MAX_SCRIPT_ANSWERS, MAX_SCRIPT_STEPS,
    MAX_SCRIPT_TEXT_CHARS, MAX_TRANSLATIONS,
};
use crate::protocol::{ChatbotScript, StepKind, Translated};
use crate::reasons::{refuse, within, FieldError};
use crate::workspace;

type Problems = Vec<FieldError>;

/// A problem with the script (each one of `core::reasons`, so the inbox
/// says it in its language).
fn problem(reason: &'static str, args: &[(&'static str, String)]) -> FieldError {
    refuse("script", reason, args)
}

/// Every problem with `script`, in words (at most [`MAX_PROBLEMS_TOLD`], then
/// how many more); empty when it can be saved.
pub fn validate(script: &ChatbotScript) -> Vec<String> {
    problems(script).into_iter().map(|p| p.message).collect()
}

/// [`validate`]'s problems, each with its reason.
pub fn problems(script: &ChatbotScript) -> Problems {
    validate_counting(script, &mut 0)
}

/// [`problems`], adding to `work` one per item it visits.
fn validate_counting(script: &ChatbotScript, work: &mut usize) -> Problems {
    let mut problems = limits(script, work);
    if problems.is_empty() {
        names(script, &mut problems);
        graph(script, work, &mut problems);
    }
    if problems.len() > MAX_PROBLEMS_TOLD {
        let more = problems.len() - MAX_PROBLEMS_TOLD;
        problems.truncate(MAX_PROBLEMS_TOLD);
        problems.push(problem("more-problems", &[("count", more.to_string())]));
    }
    problems
}

/// A step's name as a problem quotes it (cut short if too long).
fn shown(id: &str) -> String {
    match id.char_indices().nth(MAX_ID_LEN) {
        Some((cut, _)) => format!("{}…", &id[..cut]),
        None => id.to_owned(),
    }
}

fn limits(script: &ChatbotScript, work: &mut usize) -> Problems {
    let mut problems = vec![];
    if script.steps.len() > MAX_SCRIPT_STEPS {
        let args = [("count", MAX_SCRIPT_STEPS.to_string()), ("what", script.steps.len().to_string())];
        problems.push(problem("script-steps", &args));
    }
    for step in &script.steps {
        *work += 1;
        let at = shown(&step.id);
        if step.id.len() > MAX_ID_LEN {
            problems
                .push(problem("step-name-long", &[("name", at.clone()), ("count", MAX_ID_LEN.to_string())]));
        }
        text_limits(&step.text, &at, work, &mut problems);
        let StepKind::Question { answers } = &step.kind else { continue };
        if answers.len() > MAX_SCRIPT_ANSWERS {
            let args = [("name", at.clone()), ("what", answers.len().to_string())];
            problems.push(problem(
                "question-answers",
                &[&args[..], &[("count", MAX_SCRIPT_ANSWERS.to_string())]].concat(),
            ));
        }
        for a in answers {
            *work += 1 + a.expertise.len();
            text_limits(&a.label, &at, work, &mut problems);
            if a.expertise.len() > MAX_ANSWER_EXPERTISE {
                let args = [
                    ("name", at.clone()),
                    ("what", a.expertise.len().to_string()),
                    ("count", MAX_ANSWER_EXPERTISE.to_string()),
                ];
                problems.push(problem("answer-expertise-count", &args));
            }
        }
    }
    problems
}

fn text_limits(text: &Translated, at: &str, work: &mut usize, problems: &mut Problems) {
    if text.translations.len() > MAX_TRANSLATIONS {
        let args = [
            ("name", at.to_owned()),
            ("what", text.translations.len().to_string()),
            ("count", MAX_TRANSLATIONS.to_string()),
        ];
        problems.push(problem("translations-count", &args));
    }
    let versions = std::iter::once(&text.default).chain(text.translations.iter().map(|t| &t.text));
    for version in versions {
        *work += 1;
        if version.chars().count() > MAX_SCRIPT_TEXT_CHARS {
            problems.push(problem(
                "text-long",
                &[("name", at.to_owned()), ("count", MAX_SCRIPT_TEXT_CHARS.to_string())],
            ));
        }
    }
}

/// The script's name and the bot's, as names are checked everywhere.
fn names(script: &ChatbotScript, problems: &mut Problems) {
    if script.name.trim().is_empty() {
        problems.push(problem("script-name-empty", &[]));
    } else if let Err(e) = workspace::name("name", &script.name) {
        problems.push(within("script", "script-name", &[], e));
    }
    if script.bot_name.trim().is_empty() {
        problems.push(problem("bot-name-empty", &[]));
    } else if let Err(e) = workspace::name("bot_name", &script.bot_name) {
        problems.push(within("script", "bot-name", &[], e));
    }
}

/// Where step `i` may lead: `(next step, needs a visitor answer first)`;
/// `None` as a target is the end of the list. `find` looks a name up.
fn edges(
    script: &ChatbotScript,
    i: usize,
    find: impl Fn(&str) -> Option<usize>,
) -> Vec<(Option<usize>, bool)> {
    let next = Some(i + 1).filter(|n| *n < script.steps.len());
    match &script.steps[i].kind {
        StepKind::Text => vec![(next, false)],
        StepKind::Question { answers } => {
            answers.iter().map(|a| (a.jump.as_deref().map_or(next, &find), true)).collect()
        }
        StepKind::AskEmail | StepKind::FreeInput => vec![(next, true)],
        // Assigned: people take over. Nobody: the branch, if any (at once).
        StepKind::Forward { no_operator } => {
            no_operator.as_deref().map(|j| (find(j), false)).into_iter().collect()
        }
        StepKind::End => vec![],
    }
}

fn graph(script: &ChatbotScript, work: &mut usize, problems: &mut Problems) {
    if script.steps.is_empty() {
        problems.push(problem("no-steps", &[]));
        return;
    }
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(script.steps.len());
    for (i, step) in script.steps.iter().enumerate() {
        *work += 1;
        if step.id.trim().is_empty() {
            problems.push(problem("step-unnamed", &[]));
        } else if let Entry::Vacant(e) = ids.entry(step.id.as_str()) {
            // A jump to a name used twice lands on its first step, as a run does.
            e.insert(i);
        } else {
            problems.push(problem("steps-same-name", &[("name", step.id.clone())]));
        }
    }
    let find = |j: &str| ids.get(j).copied();
    for step in &script.steps {
        own_problems(step, &find, work, problems);
    }
    let edges: Vec<Vec<(Option<usize>, bool)>> =
        (0..script.steps.len()).map(|i| edges(script, i, find)).collect();
    unreachable(script, &edges, work, problems);
    endless(script, &edges, work, problems);
}

/// Each step's own problems: jumps to nowhere, questions without answers,
/// steps that say nothing.
fn own_problems(
    step: &crate::protocol::ChatbotStep,
    find: &impl Fn(&str) -> Option<usize>,
    work: &mut usize,
    problems: &mut Problems,
) {
    match &step.kind {
        StepKind::Question { answers } => {
            if answers.is_empty() {
                problems.push(problem("question-no-answer", &[("name", step.id.clone())]));
            }
            for a in answers {
                *work += 1;
                if a.label.default.trim().is_empty() {
                    problems.push(problem("answer-no-text", &[("name", step.id.clone())]));
                }
                if let Some(j) = a.jump.as_deref().filter(|j| find(j).is_none()) {
                    let args =
                        [("what", a.label.default.clone()), ("name", step.id.clone()), ("to", j.to_owned())];
                    problems.push(problem("answer-jump", &args));
                }
            }
        }
        StepKind::Forward { no_operator: Some(j) } if find(j).is_none() => {
            problems.push(problem("forward-jump", &[("name", step.id.clone()), ("to", j.clone())]));
        }
        _ => {}
    }
    let says_nothing = step.text.default.trim().is_empty();
    if says_nothing && !matches!(step.kind, StepKind::Forward { .. } | StepKind::End) {
        problems.push(problem("says-nothing", &[("name", step.id.clone())]));
    }
}

/// Steps no path from the first one reaches, over every edge.
fn unreachable(
    script: &ChatbotScript,
    edges: &[Vec<(Option<usize>, bool)>],
    work: &mut usize,
    problems: &mut Problems,
) {
    let mut reached = vec![false; script.steps.len()];
    let mut todo = vec![0];
    while let Some(i) = todo.pop() {
        *work += 1;
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        todo.extend(edges[i].iter().filter_map(|(to, _)| *to));
    }
    for (step, reached) in script.steps.iter().zip(&reached) {
        if !reached {
            problems.push(problem("unreachable", &[("name", step.id.clone())]));
        }
    }
}

/// Loops of steps that go on by themselves: they never wait for the
/// visitor. Each step has at most one such successor, so one walk from
/// each step not yet walked finds every loop once.
fn endless(
    script: &ChatbotScript,
    edges: &[Vec<(Option<usize>, bool)>],
    work: &mut usize,
    problems: &mut Problems,
) {
    let automatic: Vec<Option<usize>> =
        edges.iter().map(|e| e.iter().find(|(_, asks)| !asks).and_then(|(to, _)| *to)).collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Walk {
        New,
        OnPath(usize),
        Done,
    }
    let mut walk = vec![Walk::New; script.steps.len()];
    for start in 0..script.steps.len() {
        let mut path = vec![];
        let mut at = Some(start);
        while let Some(i) = at {
            *work += 1;
            match walk[i] {
                Walk::New => {
                    walk[i] = Walk::OnPath(path.len());
                    path.push(i);
                    at = automatic[i];
                }
                Walk::OnPath(from) => {
                    let names: Vec<String> =
                        path[from..].iter().map(|i| format!("“{}”", script.steps[*i].id)).collect();
                    problems.push(problem("endless", &[("what", names.join(" → "))]));
                    break;
                }
                Walk::Done => break,
            }
        }
        for i in path {
            walk[i] = Walk::Done;
        }
    }
}
/// Every problem with what `script` names outside itself, in words: the
/// expertise its answers ask for must be the workspace's (`expertise`, ids
/// with names), and its translations in languages the workspace has
/// enabled, its default language a language tag.
pub fn check_references(
    script: &ChatbotScript,
    expertise: &[(String, String)],
    enabled: &[String],
) -> Vec<String> {
    references(script, expertise, enabled).into_iter().map(|p| p.message).collect()
}

/// [`check_references`]'s problems, each with its reason.
pub fn references(script: &ChatbotScript, expertise: &[(String, String)], enabled: &[String]) -> Problems {
    let mut problems = vec![];
    if script.default_lang.parse::<unic_langid::LanguageIdentifier>().is_err() {
        problems.push(problem("default-language", &[("what", script.default_lang.clone())]));
    }
    for step in &script.steps {
        let mut texts = vec![&step.text];
        if let StepKind::Question { answers } = &step.kind {
            for a in answers {
                texts.push(&a.label);
                if let Some(e) = a.expertise.iter().find(|e| !expertise.iter().any(|(id, _)| id == *e)) {
                    let args = [("name", a.label.default.clone()), ("what", e.clone())];
                    problems.push(problem("answer-unknown-expertise", &args));
                }
            }
        }
        for t in texts.iter().flat_map(|t| &t.translations) {
            if !enabled.contains(&t.lang) {
                problems.push(problem(
                    "text-not-enabled",
                    &[("name", step.id.clone()), ("what", t.lang.clone())],
                ));
            }
        }
    }
    problems
}

/// `script` with the control characters of its texts taken out (line
/// breaks stay), as welcome messages and canned responses lose theirs.
pub fn tidy(mut script: ChatbotScript) -> ChatbotScript {
    let tidy_text = |t: &mut Translated| {
        t.default = workspace::printable(&t.default);
        for version in &mut t.translations {
            version.text = workspace::printable(&version.text);
        }
    };
    for step in &mut script.steps {
        tidy_text(&mut step.text);
        if let StepKind::Question { answers } = &mut step.kind {
            answers.iter_mut().for_each(|a| tidy_text(&mut a.label));
        }
    }
    script
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    #[test]
    fn a_sound_script_has_no_problem() {
        assert_eq!(validate(&support()), Vec::<String>::new());
    }

    #[test]
    fn problems_are_said_in_words() {
        let mut s = support();
        s.steps[1].kind = StepKind::Question { answers: vec![answer("Billing", Some("nowhere"), &[])] };
        assert!(validate(&s).contains(
            &"The answer “Billing” of “topic” leads to “nowhere”, which is not a step.".to_owned()
        ));

        let mut s = support();
        // After "bye" (the end) nothing leads on.
        s.steps.push(step("orphan", "Never said.", StepKind::Text));
        assert!(
            validate(&s).contains(&"The step “orphan” can never be reached.".to_owned()),
            "{:?}",
            validate(&s)
        );

        let mut s = support();
        s.steps[2].kind = StepKind::Forward { no_operator: Some("hello".into()) };
        s.steps[1].kind = StepKind::Text;
        let problems = validate(&s);
        assert!(
            problems.iter().any(|p| p.contains("go round forever") && p.contains("“forward”")),
            "hello → topic → forward → hello never waits: {problems:?}"
        );

        let mut s = support();
        s.steps[4].id = "email".into();
        assert!(validate(&s).contains(&"Two steps are named “email”.".to_owned()));
        assert_eq!(
            validate(&ChatbotScript { steps: vec![], ..support() }),
            vec!["Add at least one step.".to_owned()]
        );
    }

    #[test]
    fn expertise_and_languages_must_be_the_workspace_s() {
        let s = support();
        let billing = [("billing".to_owned(), "Billing".to_owned())];
        let enabled = ["en".to_owned(), "fr".to_owned()];
        assert_eq!(check_references(&s, &billing, &enabled), Vec::<String>::new());
        assert_eq!(
            check_references(&s, &[], &enabled),
            vec!["The answer “Billing” asks for an expertise that does not exist (billing).".to_owned()]
        );
        assert_eq!(
            check_references(&s, &billing, &["en".to_owned()]),
            vec!["“hello” has a text in fr, which is not enabled in this workspace.".to_owned()]
        );
    }

    #[test]
    fn a_loop_through_a_question_is_fine() {
        let mut s = support();
        // "Something else" asks again: the visitor answers each time round.
        s.steps[1].kind = StepKind::Question {
            answers: vec![
                answer("Billing", Some("forward"), &["billing"]),
                answer("Again", Some("hello"), &[]),
            ],
        };
        assert_eq!(validate(&s), Vec::<String>::new());
    }

    #[test]
    fn limits_come_first_in_words() {
        let chain = |n: usize| ChatbotScript {
            steps: (0..n).map(|i| step(&format!("s{i}"), "Hello", StepKind::Text)).collect(),
            ..support()
        };
        assert_eq!(validate(&chain(MAX_SCRIPT_STEPS)), Vec::<String>::new());
        assert_eq!(
            validate(&chain(MAX_SCRIPT_STEPS + 1)),
            vec![format!("Use at most {MAX_SCRIPT_STEPS} steps (this script has {}).", MAX_SCRIPT_STEPS + 1)]
        );
        let mut s = support();
        s.steps[1].kind = StepKind::Question {
            answers: (0..=MAX_SCRIPT_ANSWERS).map(|i| answer(&format!("a{i}"), None, &[])).collect(),
        };
        s.steps[0].text.default = "x".repeat(MAX_SCRIPT_TEXT_CHARS + 1);
        s.steps[4].id = "b".repeat(500);
        assert_eq!(
            validate(&s),
            vec![
                format!("A text of “hello” is longer than {MAX_SCRIPT_TEXT_CHARS} characters."),
                format!("The question “topic” has 11 answers: use at most {MAX_SCRIPT_ANSWERS}."),
                format!(
                    "The step “{}…” has a name longer than {MAX_ID_LEN} characters.",
                    "b".repeat(MAX_ID_LEN)
                ),
            ]
        );
        let mut s = support();
        s.name = "\u{200B}\u{200B}".into();
        s.bot_name = "Sam\u{202E}".into();
        assert_eq!(
            validate(&s),
            vec![
                "The script's name: Use at least one visible letter, digit or sign.".to_owned(),
                "The bot's name: Use letters, digits, spaces and punctuation only.".to_owned(),
            ]
        );
    }

    #[test]
    fn many_problems_are_told_up_to_a_bound() {
        let steps = (0..50).map(|i| step(&format!("s{i}"), "", StepKind::AskEmail)).collect();
        let problems = validate(&ChatbotScript { steps, ..support() });
        assert_eq!(problems.len(), MAX_PROBLEMS_TOLD + 1);
        assert_eq!(problems.last().unwrap(), &format!("… and {} more problems.", 50 - MAX_PROBLEMS_TOLD));
    }

    #[test]
    fn control_characters_leave_the_texts() {
        let mut s = support();
        s.steps[0].text.default = "Hi\u{7}!\r\nI am Sam.".into();
        let StepKind::Question { answers } = &mut s.steps[1].kind else { unreachable!() };
        answers[0].label.default = "Bill\u{1b}[2Jing".into();
        let s = tidy(s);
        assert_eq!(s.steps[0].text.default, "Hi!\nI am Sam.");
        let StepKind::Question { answers } = &s.steps[1].kind else { unreachable!() };
        assert_eq!(answers[0].label.default, "Bill[2Jing");
    }

    /// What validation may be linear in: steps, answers, expertise named
    /// and text versions.
    fn size(script: &ChatbotScript) -> usize {
        let texts = |t: &Translated| 1 + t.translations.len();
        script
            .steps
            .iter()
            .map(|s| {
                let answers = match &s.kind {
                    StepKind::Question { answers } => {
                        answers.iter().map(|a| 1 + a.expertise.len() + texts(&a.label)).sum()
                    }
                    _ => 0,
                };
                1 + texts(&s.text) + answers
            })
            .sum()
    }

    #[test]
    fn a_long_chain_costs_a_walk_not_a_walk_per_step() {
        // Each step goes on by itself to the next: walking from every step
        // to the end, as validation once did, is quadratic.
        let steps = (0..MAX_SCRIPT_STEPS).map(|i| step(&format!("s{i}"), "Hello", StepKind::Text)).collect();
        let script = ChatbotScript { steps, ..support() };
        let mut work = 0;
        assert!(validate_counting(&script, &mut work).is_empty());
        assert!(work <= 8 * size(&script), "{work} for {}", size(&script));
    }

    mod linear {
        use super::*;
        use proptest::prelude::*;

        /// Scripts of any shape and size, past the limits too: jumps by
        /// index (most land), duplicate names, translations, expertise.
        fn scripts() -> impl Strategy<Value = ChatbotScript> {
            let answers = (0usize..400, 0usize..8, 0usize..3);
            let kind = (0u8..6, prop::collection::vec(answers, 0..14), 0usize..400, 0usize..3, any::<bool>());
            prop::collection::vec(kind, 0..260).prop_map(|kinds| {
                let n = kinds.len().max(1);
                let name =
                    |i: usize, dup: bool| if dup { "same".to_owned() } else { format!("s{}", i % (n + 2)) };
                let steps = kinds
                    .iter()
                    .enumerate()
                    .map(|(i, (k, answers, branch, langs, dup))| {
                        let kind = match k {
                            0 => StepKind::Text,
                            1 => StepKind::Question {
                                answers: answers
                                    .iter()
                                    .map(|(j, e, l)| {
                                        let mut a = answer(&format!("a{j}"), Some(&name(*j, false)), &[]);
                                        a.expertise = (0..*e).map(|x| format!("e{x}")).collect();
                                        a.label.translations = (0..*l).map(|_| fr("Oui")).collect();
                                        a
                                    })
                                    .collect(),
                            },
                            2 => StepKind::AskEmail,
                            3 => StepKind::FreeInput,
                            4 => StepKind::Forward { no_operator: Some(name(*branch, false)) },
                            _ => StepKind::End,
                        };
                        let mut s = step(&name(i, *dup && i % 7 == 0), "Hello", kind);
                        s.text.translations = (0..*langs).map(|_| fr("Bonjour")).collect();
                        s
                    })
                    .collect();
                ChatbotScript { steps, ..support() }
            })
        }

        fn fr(text: &str) -> crate::protocol::LocalizedText {
            crate::protocol::LocalizedText { lang: "fr".into(), text: text.into() }
        }

        proptest! {
            /// However a script is shaped, validating it visits each of its
            /// items a bounded number of times.
            #[test]
            fn validation_is_linear_in_the_script(script in scripts()) {
                let mut work = 0;
                validate_counting(&script, &mut work);
                prop_assert!(work <= 8 * (size(&script) + 1), "{} for {}", work, size(&script));
            }
        }
    }
}
