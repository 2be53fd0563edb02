//! The chatbot at run time: the conversation keeps its script and `Run`,
//! feeds it the visitor's words, and carries out what it says (messages,
//! forwards to the channel, the end).

use super::*;

/// Whether the chatbot has the conversation: its script runs and is not over.
pub(super) fn with_bot(run: Option<&Run>) -> bool {
    run.is_some_and(|r| !r.is_finished())
}

impl ConversationDo {
    /// The chatbot's place in its script; `None` when no script runs here
    /// (the run is kept from the start, beside the script).
    pub(super) fn run(&self, sql: &SqlStorage) -> Option<Run> {
        meta(sql, "run").and_then(|r| serde_json::from_str(&r).ok())
    }

    /// Gives the chatbot one input and carries out what its script says:
    /// its messages, what it keeps, forwarding to the channel (whose answer
    /// is the next input) and the end. `last`: a message just stored, for
    /// the channel's summary. The run is saved before each forward (which
    /// waits), so an input arriving meanwhile finds the bot waiting.
    pub(super) async fn run_bot(&self, input: Input<'_>, mut last: Option<Message>) -> AppResult<()> {
        let sql = self.sql();
        let script: ChatbotScript = serde_json::from_str(&meta(&sql, "script").unwrap_or_default())?;
        let languages: Vec<String> = serde_json::from_str(&meta(&sql, "languages").unwrap_or_default())?;
        let kv = Kv::new(sql.clone(), "meta");
        let mut run = self.run(&sql).unwrap_or_default();
        let mut todo = run.on(&script, &languages, input);
        while !todo.is_empty() {
            // Read again after each wait: others may have written meanwhile.
            let mut head = self.head(&sql)?;
            let mut next = vec![];
            for effect in todo {
                let now = crate::now_ms();
                let effects = match effect {
                    chatbot::Effect::Say { text, answers } => {
                        head.say(&script.bot_name, &text, answers, now, &mut SqlLedger { sql: &sql })
                    }
                    chatbot::Effect::Close => head.close_as_bot(&script.bot_name, now),
                    chatbot::Effect::KeepEmail(email) => {
                        kv.set("visitor_email", &email)?;
                        vec![]
                    }
                    chatbot::Effect::KeepInput { step, text } => {
                        kv.set(&format!("input:{step}"), &text)?;
                        vec![]
                    }
                    chatbot::Effect::Forward { expertise, queue } => {
                        kv.set("run", &serde_json::to_string(&run)?)?;
                        let id = meta(&sql, "id").unwrap_or_default();
                        let ask = ForwardAsk { conversation: parse_id(id)?, expertise, queue };
                        let stub =
                            internal::stub(&self.env, CHANNELS, &meta(&sql, "channel").unwrap_or_default())?;
                        let answer = rpc::call(&stub, &ask).await?;
                        next = run.on(&script, &languages, Input::Forwarded { assigned: answer.assigned });
                        vec![]
                    }
                };
                for e in effects {
                    match e {
                        Effect::Store(msg) => {
                            store(&sql, &msg)?;
                            last = Some(msg);
                        }
                        Effect::Close { by, at } => remember_close(&sql, by, at)?,
                        Effect::Broadcast(msg) => self.broadcast(&msg.to_json()),
                        _ => {}
                    }
                }
            }
            todo = next;
        }
        kv.set("run", &serde_json::to_string(&run)?)?;
        self.tell_channel(last).await
    }
}
