//! The chatbot at run time: the conversation keeps its script and `Run`,
//! feeds it the visitor's words, and carries out what it says (messages,
//! forwards to the channel, the end).
//!
//! When a visitor starts a conversation the edge asks the channel (`/info`
//! with `starting`), which answers with the script if it runs now, and hands
//! it here in `/init`; the widget then says someone answers even with nobody
//! online. The script and run are kept in `meta` (`script`, `run`); the
//! visitor is told the bot has them (assignment news with the bot's name),
//! and the channel lists the conversation `bot` (not queued, not assigned).
//! The bot's words are messages of the log like any other (`Author::Bot`,
//! client id `bot-<seq>`, stored, broadcast, replayed); a question carries
//! its `answers`, which the widget shows as buttons and sends, when clicked,
//! as the visitor's message. A forward asks the channel (`/forward`) with the
//! expertise collected: core's `queue::forward` picks (expertise is a
//! preference, never above availability and load); nobody free ⇒ the queue,
//! or, with a "no operator" branch, the bot goes on. The run is saved before
//! each forward, so a message arriving meanwhile finds the bot waiting.

use super::*;

/// Whether the chatbot has the conversation: its script runs and is not over.
pub(super) fn with_bot(run: Option<&Run>) -> bool {
    run.is_some_and(|r| !r.is_finished())
}

impl ConversationDo {
    /// The chatbot's place in its script; `None` when no script runs here
    /// (the run is kept from the start, beside the script).
    pub(super) fn run(&self) -> AppResult<Option<Run>> {
        self.meta().load(&keys::RUN)
    }

    /// Gives the chatbot one input and carries out what its script says:
    /// its messages, what it keeps, forwarding to the channel (whose answer
    /// is the next input) and the end. `last`: a message just stored, for
    /// the news. The run is saved before each forward (which
    /// waits), so an input arriving meanwhile finds the bot waiting.
    pub(super) async fn run_bot(&self, input: Input<'_>, mut last: Option<Message>) -> AppResult<()> {
        let sql = self.sql();
        let kv = self.meta();
        let script = kv.need(&keys::SCRIPT)?;
        let languages = kv.need(&keys::LANGUAGES)?;
        let mut run = self.run()?.unwrap_or_default();
        let mut todo = run.on(&script, &languages, input);
        let mut events = vec![];
        while !todo.is_empty() {
            // Read again after each wait: others may have written meanwhile.
            let mut head = self.head(&sql)?;
            let mut next = vec![];
            for effect in todo {
                let now = crate::now_ms();
                let effects = match effect {
                    chatbot::Effect::Say { text, answers } => head.say(
                        &script.bot_name,
                        &text,
                        answers,
                        now,
                        &mut SqlLedger { sql: &sql, meta: self.meta() },
                    ),
                    chatbot::Effect::Close => head.close_as_bot(&script.bot_name, now),
                    chatbot::Effect::KeepEmail(email) => {
                        kv.store(&keys::VISITOR_EMAIL, &email)?;
                        vec![]
                    }
                    chatbot::Effect::KeepInput { step, text } => {
                        kv.store(&keys::input(&step), &text)?;
                        vec![]
                    }
                    chatbot::Effect::Forward { expertise, queue } => {
                        kv.store(&keys::RUN, &run)?;
                        let ask = ForwardAsk { conversation: kv.need(&keys::ID)?, expertise, queue };
                        let stub = internal::stub(&self.env, CHANNELS, kv.need(&keys::CHANNEL)?.as_str())?;
                        let answer = rpc::call(&stub, &ask).await?;
                        next = run.on(&script, &languages, Input::Forwarded { assigned: answer.assigned });
                        vec![]
                    }
                };
                for e in effects {
                    match e {
                        Effect::Store(msg) => {
                            self.write_message(&sql, &msg)?;
                            events.push(relay::wrote(&msg));
                            last = Some(msg);
                        }
                        Effect::Close { by, at } => {
                            self.remember_close(by, at)?;
                            events.push(Event::Closed);
                        }
                        Effect::Broadcast(msg) => self.broadcast(&msg.to_json()),
                        _ => {}
                    }
                }
            }
            todo = next;
        }
        kv.store(&keys::RUN, &run)?;
        self.report(&events, last).await
    }
}
