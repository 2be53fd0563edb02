//! Chatbot scripts: what a workspace's bot says and asks before (or
//! instead of) an operator, as a pure state machine.
//!
//! A script is a list of steps ([`ChatbotScript`]); a step goes on to the
//! next one unless an answer or a "no operator" branch jumps elsewhere. The
//! conversation's Durable Object keeps a [`Run`] per conversation, feeds it
//! the visitor's messages ([`Input`]) and the channel's answer to a forward,
//! and carries out the returned [`Effect`]s (write the bot's message with a
//! question's answers, keep an email or what was typed, ask the channel for
//! an operator with the expertise collected, end). A clicked answer arrives
//! as the visitor's message with its label. [`validate`] says, in words,
//! what is wrong with a script before it is saved: every jump lands on a
//! step, every step can be reached, and no loop runs without a visitor
//! answer.

use std::collections::HashSet;

use crate::protocol::{ChatbotAnswer, ChatbotScript, ChatbotStep, StepKind, Translated};
use crate::texts::best_language;

/// The text for a visitor whose languages are `languages` (canonical BCP
/// 47, preferred first): their language's version if written, else the
/// default.
pub fn localize<'a>(text: &'a Translated, languages: &[String]) -> &'a str {
    let tags: Vec<&str> = text.translations.iter().map(|t| t.lang.as_str()).collect();
    match best_language(languages, &tags) {
        Some(i) => &text.translations[i].text,
        None => &text.default,
    }
}

fn index(script: &ChatbotScript, id: &str) -> Option<usize> {
    script.steps.iter().position(|s| s.id == id)
}

/// Where a step may lead: `(next step, needs a visitor answer first)`.
/// `None` as a target is the end of the list.
fn edges(script: &ChatbotScript, i: usize) -> Vec<(Option<usize>, bool)> {
    let next = Some(i + 1).filter(|n| *n < script.steps.len());
    match &script.steps[i].kind {
        StepKind::Text => vec![(next, false)],
        StepKind::Question { answers } => {
            answers.iter().map(|a| (a.jump.as_deref().map_or(next, |j| index(script, j)), true)).collect()
        }
        StepKind::AskEmail | StepKind::FreeInput => vec![(next, true)],
        // Assigned: people take over. Nobody: the branch, if any (at once).
        StepKind::Forward { no_operator } => {
            no_operator.as_deref().map(|j| (index(script, j), false)).into_iter().collect()
        }
        StepKind::End => vec![],
    }
}

/// Every problem with `script`, in words; empty when it can be saved.
pub fn validate(script: &ChatbotScript) -> Vec<String> {
    let mut problems = vec![];
    if script.name.trim().is_empty() {
        problems.push("Give the script a name.".to_owned());
    }
    if script.bot_name.trim().is_empty() {
        problems.push("Give the bot a name: visitors see it.".to_owned());
    }
    if script.steps.is_empty() {
        problems.push("Add at least one step.".to_owned());
        return problems;
    }
    let mut seen = HashSet::new();
    for step in &script.steps {
        if step.id.trim().is_empty() {
            problems.push("Every step needs a name.".to_owned());
        } else if !seen.insert(step.id.as_str()) {
            problems.push(format!("Two steps are named “{}”.", step.id));
        }
        let says_nothing = step.text.default.trim().is_empty();
        match &step.kind {
            StepKind::Question { answers } => {
                if answers.is_empty() {
                    problems.push(format!("The question “{}” needs at least one answer.", step.id));
                }
                for a in answers {
                    if a.label.default.trim().is_empty() {
                        problems.push(format!("An answer of “{}” has no text.", step.id));
                    }
                    if let Some(j) = a.jump.as_deref().filter(|j| index(script, j).is_none()) {
                        problems.push(format!(
                            "The answer “{}” of “{}” leads to “{j}”, which is not a step.",
                            a.label.default, step.id
                        ));
                    }
                }
            }
            StepKind::Forward { no_operator: Some(j) } if index(script, j).is_none() => {
                problems.push(format!(
                    "“{}” goes to “{j}” when nobody is available, which is not a step.",
                    step.id
                ));
            }
            _ => {}
        }
        if says_nothing && !matches!(step.kind, StepKind::Forward { .. } | StepKind::End) {
            problems.push(format!("The step “{}” says nothing.", step.id));
        }
    }
    // Reachable from the first step, over every edge.
    let mut reached = vec![false; script.steps.len()];
    let mut todo = vec![0];
    while let Some(i) = todo.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        todo.extend(edges(script, i).into_iter().filter_map(|(to, _)| to));
    }
    for (step, reached) in script.steps.iter().zip(&reached) {
        if !reached {
            problems.push(format!("The step “{}” can never be reached.", step.id));
        }
    }
    // A loop of steps that go on by themselves never waits for the visitor.
    let automatic = |i: usize| edges(script, i).into_iter().find(|(_, asks)| !asks).and_then(|(to, _)| to);
    let mut reported: HashSet<usize> = HashSet::new();
    for start in 0..script.steps.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(next) = automatic(at) {
            if let Some(pos) = path.iter().position(|p| *p == next) {
                let cycle = &path[pos..];
                if cycle.iter().all(|i| reported.insert(*i)) {
                    let names: Vec<&str> = cycle.iter().map(|i| script.steps[*i].id.as_str()).collect();
                    problems.push(format!(
                        "The steps {} go round forever without waiting for the visitor.",
                        names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(" → ")
                    ));
                }
                break;
            }
            path.push(next);
            at = next;
        }
    }
    problems
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
    let mut problems = vec![];
    if script.default_lang.parse::<unic_langid::LanguageIdentifier>().is_err() {
        problems.push(format!("“{}” is not a language.", script.default_lang));
    }
    for step in &script.steps {
        let mut texts = vec![&step.text];
        if let StepKind::Question { answers } = &step.kind {
            for a in answers {
                texts.push(&a.label);
                if let Some(e) = a.expertise.iter().find(|e| !expertise.iter().any(|(id, _)| id == *e)) {
                    problems.push(format!(
                        "The answer “{}” asks for an expertise that does not exist ({e}).",
                        a.label.default
                    ));
                }
            }
        }
        for t in texts.iter().flat_map(|t| &t.translations) {
            if !enabled.contains(&t.lang) {
                problems.push(format!(
                    "“{}” has a text in {}, which is not enabled in this workspace.",
                    step.id, t.lang
                ));
            }
        }
    }
    problems
}

/// What the conversation's object tells a running script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input<'a> {
    /// The conversation has started: the bot speaks first. (The visitor's
    /// first message, if the bot has not spoken yet, starts it too.)
    Start,
    /// The visitor wrote this (clicking an answer writes its label).
    Typed(&'a str),
    /// The channel answered a forward: someone has it, or nobody was free.
    Forwarded { assigned: bool },
}

/// What the conversation's object must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write this message in the conversation, as the bot; the visitor may
    /// click one of `answers` (written as their message).
    Say { text: String, answers: Vec<String> },
    /// Keep the visitor's (checked) email address with the conversation.
    KeepEmail(String),
    /// Keep what the visitor typed at this step.
    KeepInput { step: String, text: String },
    /// Ask the channel for an operator, preferring this expertise. `queue`:
    /// if nobody can take it, it waits in the channel's queue and the script
    /// is over; else the channel's answer comes back as
    /// [`Input::Forwarded`].
    Forward { expertise: Vec<String>, queue: bool },
    /// The script has ended the conversation.
    Close,
}

/// One conversation's place in a script. Kept in the conversation's
/// storage between events (so it derives serde, like a socket's session).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Run {
    /// The step waiting for the visitor (or for the channel), if any.
    waiting: Option<usize>,
    started: bool,
    finished: bool,
    /// Expertise ids collected from the answers, in order, once each.
    pub expertise: Vec<String>,
}

/// Whether the visitor's `typed` text is this answer's label (in their
/// language or the default), ignoring case and spaces around.
fn is_label(answer: &ChatbotAnswer, languages: &[String], typed: &str) -> bool {
    let typed = typed.trim().to_lowercase();
    [localize(&answer.label, languages), answer.label.default.as_str()]
        .iter()
        .any(|label| label.trim().to_lowercase() == typed)
}

impl Run {
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Handles one input; `languages` picks each text's version.
    pub fn on(&mut self, script: &ChatbotScript, languages: &[String], input: Input) -> Vec<Effect> {
        let mut out = vec![];
        if self.finished {
            return out;
        }
        let Some(i) = self.waiting else {
            // The conversation's start, or the visitor's first words, wake the bot.
            if !self.started && matches!(input, Input::Start | Input::Typed(_)) {
                self.started = true;
                self.advance(script, languages, 0, &mut out);
            }
            return out;
        };
        let step = &script.steps[i];
        match (input, &step.kind) {
            (Input::Typed(text), StepKind::Question { answers }) => {
                match answers.iter().find(|a| is_label(a, languages, text)) {
                    Some(answer) => {
                        for e in &answer.expertise {
                            if !self.expertise.contains(e) {
                                self.expertise.push(e.clone());
                            }
                        }
                        let to = answer.jump.as_deref().and_then(|j| index(script, j)).unwrap_or(i + 1);
                        self.advance(script, languages, to, &mut out);
                    }
                    // Typed something else: the question again.
                    None => out.push(say(step, languages)),
                }
            }
            (Input::Typed(text), StepKind::AskEmail) => match crate::workspace::email("email", text) {
                Ok(email) => {
                    out.push(Effect::KeepEmail(email));
                    self.advance(script, languages, i + 1, &mut out);
                }
                // Asked again (the step's text says what is wanted).
                Err(_) => out.push(say(step, languages)),
            },
            (Input::Typed(text), StepKind::FreeInput) => {
                out.push(Effect::KeepInput { step: step.id.clone(), text: text.trim().to_owned() });
                self.advance(script, languages, i + 1, &mut out);
            }
            (Input::Forwarded { assigned }, StepKind::Forward { no_operator }) => {
                match no_operator.as_deref().and_then(|j| index(script, j)) {
                    Some(j) if !assigned => self.advance(script, languages, j, &mut out),
                    // Someone has it: people take over.
                    _ => self.finish(),
                }
            }
            _ => {}
        }
        out
    }

    fn finish(&mut self) {
        self.finished = true;
        self.waiting = None;
    }

    /// Runs steps from `from` until one waits (for the visitor or the
    /// channel) or the script ends. `validate` rules out endless runs; the
    /// step budget is a second guard.
    fn advance(&mut self, script: &ChatbotScript, languages: &[String], from: usize, out: &mut Vec<Effect>) {
        let mut i = from;
        for _ in 0..=script.steps.len() {
            let Some(step) = script.steps.get(i) else { break };
            if !localize(&step.text, languages).trim().is_empty() {
                out.push(say(step, languages));
            }
            match &step.kind {
                StepKind::Text => i += 1,
                StepKind::Question { .. } | StepKind::AskEmail | StepKind::FreeInput => {
                    self.waiting = Some(i);
                    return;
                }
                StepKind::Forward { no_operator } => {
                    let queue = no_operator.is_none();
                    out.push(Effect::Forward { expertise: self.expertise.clone(), queue });
                    if queue {
                        self.finish();
                    } else {
                        self.waiting = Some(i);
                    }
                    return;
                }
                StepKind::End => {
                    out.push(Effect::Close);
                    return self.finish();
                }
            }
        }
        // Past the last step: people take it from here.
        out.push(Effect::Forward { expertise: self.expertise.clone(), queue: true });
        self.finish();
    }
}

/// What the bot says at `step`, with the answers of a question.
fn say(step: &ChatbotStep, languages: &[String]) -> Effect {
    let answers = match &step.kind {
        StepKind::Question { answers } => {
            answers.iter().map(|a| localize(&a.label, languages).to_owned()).collect()
        }
        _ => vec![],
    };
    Effect::Say { text: localize(&step.text, languages).to_owned(), answers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{ChatbotAnswer, ChatbotStep, LocalizedText};

    fn t(default: &str) -> Translated {
        Translated { default: default.into(), translations: vec![] }
    }

    fn step(id: &str, text: &str, kind: StepKind) -> ChatbotStep {
        ChatbotStep { id: id.into(), text: t(text), kind }
    }

    fn answer(label: &str, jump: Option<&str>, expertise: &[&str]) -> ChatbotAnswer {
        ChatbotAnswer {
            label: t(label),
            jump: jump.map(Into::into),
            expertise: expertise.iter().map(|e| e.to_string()).collect(),
        }
    }

    /// Billing or other; forward; if nobody is free, leave an email.
    fn support() -> ChatbotScript {
        let mut hello = step("hello", "Hi! I am Sam.", StepKind::Text);
        hello
            .text
            .translations
            .push(LocalizedText { lang: "fr".into(), text: "Bonjour ! Je suis Sam.".into() });
        ChatbotScript {
            name: "Support".into(),
            bot_name: "Sam".into(),
            default_lang: "en".into(),
            steps: vec![
                hello,
                step(
                    "topic",
                    "What is it about?",
                    StepKind::Question {
                        answers: vec![
                            answer("Billing", Some("forward"), &["billing"]),
                            answer("Something else", Some("forward"), &[]),
                        ],
                    },
                ),
                step(
                    "forward",
                    "Let me find someone.",
                    StepKind::Forward { no_operator: Some("email".into()) },
                ),
                step("email", "Nobody is free. Your email?", StepKind::AskEmail),
                step("bye", "We will write to you.", StepKind::End),
            ],
        }
    }

    fn en() -> Vec<String> {
        vec!["en".into()]
    }

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

    fn says(text: &str, answers: &[&str]) -> Effect {
        Effect::Say { text: text.into(), answers: answers.iter().map(|a| a.to_string()).collect() }
    }

    #[test]
    fn billing_is_forwarded_with_its_expertise_and_nobody_free_leads_to_the_email_branch() {
        let s = support();
        let mut run = Run::default();
        let question = says("What is it about?", &["Billing", "Something else"]);
        assert_eq!(run.on(&s, &en(), Input::Start), vec![says("Hi! I am Sam.", &[]), question.clone()]);
        assert_eq!(run.on(&s, &en(), Input::Start), vec![], "starts once");
        let mut woken = Run::default();
        assert_eq!(
            woken.on(&s, &en(), Input::Typed("Hello?")),
            vec![says("Hi! I am Sam.", &[]), question.clone()],
            "the visitor's first words start it too"
        );
        assert_eq!(
            run.on(&s, &en(), Input::Typed("billing please")),
            vec![question],
            "anything but an answer: the question again"
        );
        assert_eq!(
            run.on(&s, &en(), Input::Typed(" billing ")),
            vec![
                says("Let me find someone.", &[]),
                Effect::Forward { expertise: vec!["billing".into()], queue: false },
            ],
            "an answer's label, as clicked or typed"
        );
        assert_eq!(
            run.on(&s, &en(), Input::Forwarded { assigned: false }),
            vec![says("Nobody is free. Your email?", &[])]
        );
        assert_eq!(
            run.on(&s, &en(), Input::Typed("not an address")),
            vec![says("Nobody is free. Your email?", &[])],
            "asked again"
        );
        assert_eq!(
            run.on(&s, &en(), Input::Typed("Ann@Example.com")),
            vec![
                Effect::KeepEmail("Ann@example.com".into()),
                says("We will write to you.", &[]),
                Effect::Close
            ]
        );
        assert!(run.is_finished());
        assert_eq!(run.on(&s, &en(), Input::Typed("hello?")), vec![], "people (or nobody) from here");
    }

    #[test]
    fn an_operator_found_ends_the_script() {
        let s = support();
        let mut run = Run::default();
        run.on(&s, &en(), Input::Start);
        run.on(&s, &en(), Input::Typed("Something else"));
        assert_eq!(run.expertise, Vec::<String>::new(), "no expertise asked: the next available operator");
        assert_eq!(run.on(&s, &en(), Input::Forwarded { assigned: true }), vec![]);
        assert!(run.is_finished());
    }

    #[test]
    fn a_forward_without_a_branch_queues_and_ends_the_script() {
        let mut s = support();
        s.steps[2].kind = StepKind::Forward { no_operator: None };
        s.steps.truncate(3);
        let mut run = Run::default();
        run.on(&s, &en(), Input::Start);
        assert_eq!(
            run.on(&s, &en(), Input::Typed("Billing")).last(),
            Some(&Effect::Forward { expertise: vec!["billing".into()], queue: true })
        );
        assert!(run.is_finished(), "the channel's queue has it; the bot is done");
    }

    #[test]
    fn texts_come_in_the_visitor_s_language_else_the_default() {
        let mut s = support();
        s.steps[1].kind = StepKind::Question {
            answers: vec![ChatbotAnswer {
                label: Translated {
                    default: "Billing".into(),
                    translations: vec![LocalizedText { lang: "fr".into(), text: "Facturation".into() }],
                },
                jump: None,
                expertise: vec![],
            }],
        };
        let fr: Vec<String> = vec!["fr-CA".into(), "en".into()];
        let mut run = Run::default();
        let said = run.on(&s, &fr, Input::Start);
        assert_eq!(said[0], says("Bonjour ! Je suis Sam.", &[]));
        assert_eq!(said[1], says("What is it about?", &["Facturation"]), "not translated: the default");
        assert_ne!(
            run.on(&s, &fr, Input::Typed("Facturation")),
            vec![says("What is it about?", &["Facturation"])]
        );
    }

    #[test]
    fn free_input_is_kept_and_running_off_the_end_hands_over() {
        let s = ChatbotScript { steps: vec![step("ask", "Tell us more.", StepKind::FreeInput)], ..support() };
        let mut run = Run::default();
        run.on(&s, &en(), Input::Start);
        assert_eq!(
            run.on(&s, &en(), Input::Typed("  my order is late ")),
            vec![
                Effect::KeepInput { step: "ask".into(), text: "my order is late".into() },
                Effect::Forward { expertise: vec![], queue: true }
            ]
        );
        assert!(run.is_finished());
    }

    mod any_script {
        use super::*;
        use proptest::prelude::*;

        /// A small script of any shape: kinds, answers and jumps at random
        /// (jumps by index, so most of them land on steps).
        fn scripts() -> impl Strategy<Value = ChatbotScript> {
            let kind = (0u8..6, prop::collection::vec((0usize..6, any::<bool>()), 0..3), 0usize..7);
            prop::collection::vec(kind, 1..6).prop_map(|kinds| {
                let name = |i: usize| format!("s{i}");
                let steps = kinds
                    .iter()
                    .enumerate()
                    .map(|(i, (k, answers, branch))| {
                        let kind = match k {
                            0 => StepKind::Text,
                            1 => StepKind::Question {
                                answers: answers
                                    .iter()
                                    .map(|(j, tag)| {
                                        answer(
                                            &format!("a{j}"),
                                            Some(&name(*j)),
                                            if *tag { &["x"] } else { &[] },
                                        )
                                    })
                                    .collect(),
                            },
                            2 => StepKind::AskEmail,
                            3 => StepKind::FreeInput,
                            4 => StepKind::Forward { no_operator: Some(name(*branch)) },
                            _ => StepKind::End,
                        };
                        step(&name(i), "Hello", kind)
                    })
                    .collect();
                ChatbotScript { steps, ..support() }
            })
        }

        fn inputs() -> impl Strategy<Value = Vec<(u8, usize, bool)>> {
            prop::collection::vec((0u8..4, 0usize..4, any::<bool>()), 0..20)
        }

        proptest! {
            /// A script that validates never runs away: every input gives a
            /// bounded number of effects, and a finished run stays quiet.
            #[test]
            fn a_valid_script_never_runs_away(script in scripts(), inputs in inputs()) {
                prop_assume!(validate(&script).is_empty());
                let mut run = Run::default();
                let bound = 3 * script.steps.len() + 3;
                for (kind, k, flag) in inputs {
                    let label = format!("a{k}");
                    let input = match kind {
                        0 => Input::Start,
                        1 => Input::Typed(&label),
                        2 => Input::Typed(if flag { "a@b.co" } else { "text" }),
                        _ => Input::Forwarded { assigned: flag },
                    };
                    let was_finished = run.is_finished();
                    let effects = run.on(&script, &en(), input);
                    prop_assert!(effects.len() <= bound, "{} effects", effects.len());
                    if was_finished {
                        prop_assert!(effects.is_empty());
                    }
                }
            }
        }
    }
}
