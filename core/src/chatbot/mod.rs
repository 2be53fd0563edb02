//! Chatbot scripts: what a workspace's bot says and asks before (or
//! instead of) an operator, as a pure state machine; [`check`] says whether
//! a script may be saved.
//!
//! A script is a list of steps ([`ChatbotScript`]); a step goes on to the
//! next one unless an answer or a "no operator" branch jumps elsewhere. The
//! conversation's Durable Object keeps a [`Run`] per conversation, feeds it
//! the visitor's messages ([`Input`]) and the channel's answer to a forward,
//! and carries out the returned [`Effect`]s (write the bot's message with a
//! question's answers, keep an email or what was typed, ask the channel for
//! an operator with the expertise collected, end). A clicked answer arrives
//! as the visitor's message with its label.

use crate::protocol::{ChatbotAnswer, ChatbotScript, ChatbotStep, StepKind, Translated};
use crate::texts::best_language;

mod check;
pub use check::{check_references, problems, references, tidy, validate};

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
pub(crate) mod fixtures {
    use crate::protocol::{ChatbotAnswer, ChatbotScript, ChatbotStep, LocalizedText, StepKind, Translated};

    pub(crate) fn t(default: &str) -> Translated {
        Translated { default: default.into(), translations: vec![] }
    }

    pub(crate) fn step(id: &str, text: &str, kind: StepKind) -> ChatbotStep {
        ChatbotStep { id: id.into(), text: t(text), kind }
    }

    pub(crate) fn answer(label: &str, jump: Option<&str>, expertise: &[&str]) -> ChatbotAnswer {
        ChatbotAnswer {
            label: t(label),
            jump: jump.map(Into::into),
            expertise: expertise.iter().map(|e| e.to_string()).collect(),
        }
    }

    /// Billing or other; forward; if nobody is free, leave an email.
    pub(crate) fn support() -> ChatbotScript {
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

    pub(crate) fn en() -> Vec<String> {
        vec!["en".into()]
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::protocol::LocalizedText;

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
