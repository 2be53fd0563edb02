//! What an inbox tab shows of one channel, kept as the inbox keeps it: the
//! list as it applied its bus's frames, and the last event number it holds.
//! The crash test and `chaos` compare it with what the conversations hold.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use switchboard_core::ids::{ConversationId, Seq};
use switchboard_core::protocol::{BusEvent, ClientMsg, ConversationSummary, ServerMsg, PROTOCOL_VERSION};
use switchboard_core::relay;

use crate::{bus, Browser, Client};

pub struct Inbox {
    browser: Browser,
    channel: String,
    tab: Client,
    pub last: Seq,
    pub list: HashMap<ConversationId, ConversationSummary>,
    /// How long a frame may take: the longest the inbox may lag.
    patience: Duration,
}

impl Inbox {
    /// A tab of `browser` opened now, introduced, with the state it was sent.
    pub async fn open(browser: Browser, channel: &str, patience: Duration) -> Inbox {
        let tab = bus(&browser).await;
        let mut inbox =
            Inbox { browser, channel: channel.to_owned(), tab, last: 0, list: HashMap::new(), patience };
        inbox.tab.with_patience(patience);
        inbox.tab.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 }).await;
        let state = inbox.tab.recv().await;
        assert!(matches!(state, ServerMsg::State { .. }), "{state:?}");
        inbox.apply(state);
        inbox
    }

    /// Applies a frame as the inbox does.
    fn apply(&mut self, frame: ServerMsg) {
        let mine = |channel: &str| channel == self.channel;
        match frame {
            ServerMsg::State { seq, channels, .. } => {
                self.last = seq;
                if let Some(c) = channels.into_iter().find(|c| mine(c.channel.as_str())) {
                    self.list = c.items.into_iter().map(|s| (s.id.clone(), s)).collect();
                }
            }
            ServerMsg::Event { seq, event } if seq > self.last => {
                self.last = seq;
                match event {
                    BusEvent::Updated(s) if mine(s.channel.as_str()) => {
                        self.list.insert(s.id.clone(), *s);
                    }
                    BusEvent::Activity(a) => {
                        if let Some(s) = self.list.get_mut(&a.conversation) {
                            relay::apply(s, &a);
                        }
                    }
                    BusEvent::Channel(state) if mine(state.channel.as_str()) => {
                        self.list = state.items.into_iter().map(|s| (s.id.clone(), s)).collect();
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Takes frames until the list satisfies `shown` (the mismatches it
    /// lists are none) or `patience` runs out: what is still wrong then.
    pub async fn settle(&mut self, shown: impl Fn(&Inbox) -> Vec<String>) -> Vec<String> {
        let deadline = Instant::now() + self.patience;
        loop {
            let wrong = shown(self);
            let left = deadline.saturating_duration_since(Instant::now());
            if wrong.is_empty() || left.is_zero() {
                return wrong;
            }
            match tokio::time::timeout(left, self.tab.recv()).await {
                Ok(frame) => self.apply(frame),
                Err(_) => return shown(self),
            }
        }
    }

    /// Takes frames until the list satisfies `shown`; fails the test with
    /// what is still wrong if it does not within `patience`.
    pub async fn until(&mut self, what: &str, shown: impl Fn(&Inbox) -> Vec<String>) {
        let wrong = self.settle(shown).await;
        assert!(wrong.is_empty(), "{what}: {} wrong after {:?}: {wrong:#?}", wrong.len(), self.patience);
    }

    /// The tab comes back as the inbox does: `hello` with the last number
    /// it holds.
    pub async fn reconnect(&mut self) {
        self.tab = bus(&self.browser).await;
        self.tab.with_patience(self.patience);
        self.tab.send(&ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: self.last }).await;
    }
}

/// What a conversation holds: its last message's number.
pub struct Truth {
    pub id: ConversationId,
    pub last_seq: Seq,
}

/// The mismatches between an inbox's list and the conversations: each must
/// be listed, with `operator` (a login), and (if `messages`) up to its last
/// message.
pub fn mismatches(inbox: &Inbox, truth: &[Truth], operator: &str, messages: bool) -> Vec<String> {
    let mut wrong = vec![];
    for t in truth {
        match inbox.list.get(&t.id) {
            None => wrong.push(format!("{}: not listed", t.id)),
            Some(s) if s.operator.as_ref().map(|a| a.login.as_str()) != Some(operator) => {
                wrong.push(format!("{}: shown as {:?}'s", t.id, s.operator))
            }
            Some(s) if messages && s.last_seq != t.last_seq => {
                wrong.push(format!("{}: shows message {} of {}", t.id, s.last_seq, t.last_seq))
            }
            Some(_) => {}
        }
    }
    wrong
}
