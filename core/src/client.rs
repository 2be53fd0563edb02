//! The client side of a conversation socket, shared by the widget and the
//! inbox: what is shown, what is still unacknowledged, what to resend.
//!
//! A client shows stored messages in seq order exactly once, plus its own
//! pending messages (not yet acked) after them. On every (re)connect it says
//! `hello` with the last seq it holds and, once welcomed, resends every
//! pending message with its original client id — the server stores each id
//! once, so a resend can never duplicate.

use crate::ids::{ClientMsgId, Seq};
use crate::limits::VISITOR_WINDOW_MS;
use crate::protocol::{Author, ClientMsg, ErrorCode, Message, Rating, ServerMsg, PROTOCOL_VERSION};

/// A message typed here and not yet acknowledged by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub client_id: ClientMsgId,
    pub text: String,
    /// Files uploaded for it (their ids).
    pub files: Vec<String>,
}

/// What the socket code must do after a server frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientStep {
    /// Nothing beyond re-rendering.
    None,
    /// Welcomed: send these frames (the pending messages) now.
    Send(Vec<ClientMsg>),
    /// The server refused, for this reason (each client words it in its
    /// person's language). `reset` asks to drop the conversation (its token
    /// no longer opens it); what is still [`ClientLog::pending`] was not
    /// taken, and is the person's to keep.
    Failed { code: ErrorCode, reset: bool },
    /// Too fast: say so, and after `after_ms` send [`ClientLog::resend`].
    RetryLater { after_ms: u32 },
    /// The conversation ended before these messages typed here reached it
    /// (sent as it ended, or typed before this client knew). They are the
    /// person's words: the client puts them somewhere, never drops them.
    Undelivered(Vec<Pending>),
}

/// True if `m` comes from the visitor's side (`as_visitor`) or else from
/// the operators' side.
fn is_from(m: &Message, as_visitor: bool) -> bool {
    matches!(m.author, Author::Visitor) == as_visitor
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientLog {
    messages: Vec<Message>,
    pending: Vec<Pending>,
    ready: bool,
    /// The last assignment news: (operator's name, queue position).
    assignment: Option<(Option<String>, Option<u32>)>,
    /// Who ended the conversation, once it has ended.
    closed_by: Option<Author>,
    /// The conversation's last seq when this client was first welcomed:
    /// messages up to it are history, later ones are news.
    history_seq: Option<Seq>,
    /// How far the visitor has read, and how far an operator has.
    seen_by_visitor: Seq,
    seen_by_operator: Seq,
    /// The last `seen` this side said (not to say it twice).
    seen_said: Seq,
    /// The visitor's rating, once given.
    rating: Option<Rating>,
    /// This side asked to end the conversation: until the server says it
    /// ended ([`ClientLog::is_ending`]), the `close` goes (again) after each
    /// welcome.
    ending: bool,
}

impl ClientLog {
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    /// Who has the conversation, or the visitor's place in the queue.
    pub fn assignment(&self) -> Option<&(Option<String>, Option<u32>)> {
        self.assignment.as_ref()
    }

    /// Who ended the conversation, if it has ended.
    pub fn closed_by(&self) -> Option<&Author> {
        self.closed_by.as_ref()
    }

    /// How far the other side has read: the operator's for a visitor
    /// (`as_visitor`), the visitor's for an operator.
    pub fn seen_by_other(&self, as_visitor: bool) -> Seq {
        if as_visitor {
            self.seen_by_operator
        } else {
            self.seen_by_visitor
        }
    }

    /// The last of this side's messages the other side has seen (where a
    /// view shows "Seen"). `as_visitor` says which side this is.
    pub fn last_seen_of_mine(&self, as_visitor: bool) -> Option<Seq> {
        let upto = self.seen_by_other(as_visitor);
        let mine = |m: &&Message| is_from(m, as_visitor) && m.seq <= upto;
        self.messages.iter().rev().find(mine).map(|m| m.seq)
    }

    /// How many of the other side's messages this side has not read yet:
    /// those after the last it said it saw, or was told it had (on another
    /// tab, before a reload). `as_visitor` says which side this is.
    pub fn unread(&self, as_visitor: bool) -> usize {
        let mine = if as_visitor { self.seen_by_visitor } else { self.seen_by_operator };
        let read = mine.max(self.seen_said);
        self.messages.iter().rev().take_while(|m| m.seq > read).filter(|m| !is_from(m, as_visitor)).count()
    }

    /// The `seen` frame to send now that this side shows every message, if
    /// the other side wrote something not yet said seen. `as_visitor` says
    /// which side this is.
    pub fn see(&mut self, as_visitor: bool) -> Option<ClientMsg> {
        let theirs = |m: &&Message| !is_from(m, as_visitor);
        let seq = self.messages.iter().rev().find(theirs)?.seq;
        if !self.ready || seq <= self.seen_said {
            return None;
        }
        self.seen_said = seq;
        Some(ClientMsg::Seen { seq })
    }

    pub fn rating(&self) -> Option<Rating> {
        self.rating
    }

    /// True for a message that arrived after this client first joined (a
    /// reload's replay of history is not news; a message missed during a
    /// network drop is).
    pub fn is_news(&self, m: &Message) -> bool {
        self.history_seq.is_some_and(|h| m.seq > h)
    }

    pub fn last_seq(&self) -> Seq {
        self.messages.last().map_or(0, |m| m.seq)
    }

    /// True between a `welcome` and the socket closing.
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    /// The first frame for a new socket.
    pub fn hello(&self, token: Option<String>) -> ClientMsg {
        ClientMsg::Hello { v: PROTOCOL_VERSION, token, last_seq: self.last_seq() }
    }

    /// Every pending message, as frames with their original ids (safe to
    /// send twice: the server stores an id once), then the `close` this side
    /// asked for, if the end has not come yet (closing twice is harmless).
    /// Nothing while not ready.
    pub fn resend(&self) -> Vec<ClientMsg> {
        if !self.ready {
            return vec![];
        }
        let close = self.is_ending().then_some(ClientMsg::Close);
        self.pending
            .iter()
            .map(|p| ClientMsg::Send {
                client_id: p.client_id.clone(),
                text: p.text.clone(),
                files: p.files.clone(),
            })
            .chain(close)
            .collect()
    }

    /// This side ends the conversation; returns the frame to send now if
    /// the socket is ready, else it goes once welcomed.
    pub fn end(&mut self) -> Option<ClientMsg> {
        self.ending = true;
        (self.ready && self.is_ending()).then_some(ClientMsg::Close)
    }

    /// True while an end this side asked for waits for the server.
    pub fn is_ending(&self) -> bool {
        self.ending && self.closed_by.is_none()
    }

    /// What is still pending, taken out: the conversation will not take it.
    fn hand_back(&mut self) -> ClientStep {
        match std::mem::take(&mut self.pending) {
            left if left.is_empty() => ClientStep::None,
            left => ClientStep::Undelivered(left),
        }
    }

    /// The socket closed: nothing may be sent until the next welcome.
    pub fn disconnected(&mut self) {
        self.ready = false;
    }

    /// Queues a message; returns the frame to send now if the socket is ready.
    pub fn compose(&mut self, client_id: ClientMsgId, text: String) -> Option<ClientMsg> {
        self.compose_with_files(client_id, text, vec![])
    }

    /// Queues a message with files uploaded for it (their ids): resent like
    /// any other until acknowledged.
    pub fn compose_with_files(
        &mut self,
        client_id: ClientMsgId,
        text: String,
        files: Vec<String>,
    ) -> Option<ClientMsg> {
        self.pending.push(Pending { client_id: client_id.clone(), text: text.clone(), files: files.clone() });
        self.ready.then_some(ClientMsg::Send { client_id, text, files })
    }

    pub fn on_server(&mut self, msg: ServerMsg) -> ClientStep {
        match msg {
            ServerMsg::Welcome { last_seq, .. } => {
                self.ready = true;
                // A new connection may have missed what was said on the last.
                self.seen_said = 0;
                self.history_seq.get_or_insert(last_seq);
                ClientStep::Send(self.resend())
            }
            ServerMsg::Message(m) => {
                self.pending.retain(|p| p.client_id != m.client_id);
                if let Err(at) = self.messages.binary_search_by_key(&m.seq, |x| x.seq) {
                    self.messages.insert(at, m);
                }
                ClientStep::None
            }
            ServerMsg::Ack { client_id, .. } => {
                // The message itself arrives by broadcast; the ack only says
                // it is safe.
                self.pending.retain(|p| p.client_id != client_id);
                ClientStep::None
            }
            ServerMsg::Error { code, .. } => match code {
                ErrorCode::BadResume | ErrorCode::Unauthorized => {
                    self.messages.clear();
                    ClientStep::Failed { code, reset: true }
                }
                // Pending messages stay; sent again (same ids) once the window passed.
                ErrorCode::RateLimited => {
                    ClientStep::RetryLater { after_ms: VISITOR_WINDOW_MS as u32 }
                }
                ErrorCode::InvalidMessage => {
                    // The server refused the last pending message for good.
                    self.pending.pop();
                    ClientStep::Failed { code, reset: false }
                }
                // Sends that raced the end were handed back with it; anything
                // written since comes back now.
                ErrorCode::Closed if self.closed_by.is_some() => self.hand_back(),
                // Someone else has it: what this side wrote comes back, to
                // send again once taken over.
                ErrorCode::NotYours => match self.hand_back() {
                    ClientStep::None => ClientStep::Failed { code, reset: false },
                    step => step,
                },
                _ => ClientStep::Failed { code, reset: false },
            },
            ServerMsg::Assignment { operator, position } => {
                self.assignment = Some((operator, position));
                ClientStep::None
            }
            ServerMsg::Closed { by, .. } => {
                // Nothing still pending can be delivered here any more.
                self.closed_by = Some(by);
                self.hand_back()
            }
            ServerMsg::Seen { by, seq } => {
                match by {
                    Author::Visitor => self.seen_by_visitor = self.seen_by_visitor.max(seq),
                    Author::Operator { .. } | Author::Bot { .. } => {
                        self.seen_by_operator = self.seen_by_operator.max(seq)
                    }
                }
                ClientStep::None
            }
            ServerMsg::Rated { rating } => {
                self.rating = Some(rating);
                ClientStep::None
            }
            ServerMsg::State { .. }
            | ServerMsg::Event { .. }
            // Shown for a moment by the view, not kept in the log.
            | ServerMsg::Typing { .. } => ClientStep::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ClientMsgId {
        ClientMsgId::parse(s).unwrap()
    }

    fn stored(seq: Seq, cid: &str) -> ServerMsg {
        ServerMsg::Message(Message {
            seq,
            client_id: id(cid),
            author: Author::Visitor,
            text: cid.into(),
            at: seq as i64,
            answers: vec![],
            files: vec![],
        })
    }

    #[test]
    fn messages_typed_offline_are_sent_once_welcomed() {
        let mut log = ClientLog::default();
        assert_eq!(log.compose(id("a"), "hi".into()), None);
        let step = log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        assert_eq!(
            step,
            ClientStep::Send(vec![ClientMsg::Send { client_id: id("a"), text: "hi".into(), files: vec![] }])
        );
        assert!(log.compose(id("b"), "there".into()).is_some());
    }

    #[test]
    fn replayed_and_broadcast_copies_show_once_in_seq_order() {
        let mut log = ClientLog::default();
        log.compose(id("c"), "c".into());
        for m in [stored(2, "b"), stored(1, "a"), stored(2, "b"), stored(3, "c"), stored(1, "a")] {
            log.on_server(m);
        }
        let seqs: Vec<Seq> = log.messages().iter().map(|m| m.seq).collect();
        assert_eq!(seqs, vec![1, 2, 3]);
        assert!(log.pending().is_empty(), "the stored copy replaces the pending one");
        assert_eq!(log.hello(None), ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 3 });
    }

    #[test]
    fn pending_survives_a_disconnect_and_is_resent() {
        let mut log = ClientLog::default();
        log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        assert!(log.compose(id("x"), "lost?".into()).is_some());
        log.disconnected();
        assert!(!log.is_ready());
        let step = log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        assert_eq!(
            step,
            ClientStep::Send(vec![ClientMsg::Send {
                client_id: id("x"),
                text: "lost?".into(),
                files: vec![]
            }])
        );
        log.on_server(ServerMsg::Ack { client_id: id("x"), seq: 1 });
        assert!(log.pending().is_empty());
    }

    #[test]
    fn history_is_not_news_but_what_came_after_the_first_welcome_is() {
        let mut log = ClientLog::default();
        log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 2 });
        log.disconnected();
        log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 4 });
        let news: Vec<bool> = (1..=5)
            .map(|seq| {
                log.on_server(stored(seq, &format!("m{seq}")));
                log.is_news(&log.messages()[seq as usize - 1])
            })
            .collect();
        assert_eq!(news, vec![false, false, true, true, true], "3 and 4 came during the drop: news too");
    }

    #[test]
    fn the_end_is_remembered_and_hands_back_what_it_did_not_take() {
        let mut log = ClientLog::default();
        log.compose(id("late"), "one more thing".into());
        let step = log.on_server(ServerMsg::Closed { by: Author::Operator { name: "Olga".into() }, at: 5 });
        assert_eq!(
            step,
            ClientStep::Undelivered(vec![Pending {
                client_id: id("late"),
                text: "one more thing".into(),
                files: vec![]
            }])
        );
        assert_eq!(log.closed_by(), Some(&Author::Operator { name: "Olga".into() }));
        assert!(log.pending().is_empty());
        let quiet = ServerMsg::Closed { by: Author::Visitor, at: 6 };
        assert_eq!(log.on_server(quiet), ClientStep::None, "nothing pending, nothing handed back");
    }

    #[test]
    fn back_after_a_reload_into_an_ended_conversation_the_typed_message_comes_back() {
        // Typed before the socket was up: it goes out with the welcome and
        // the server, which sent the end with it, refuses it.
        let mut log = ClientLog::default();
        log.compose(id("again"), "Back again".into());
        let sent = log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 1 });
        assert_eq!(
            sent,
            ClientStep::Send(vec![ClientMsg::Send {
                client_id: id("again"),
                text: "Back again".into(),
                files: vec![]
            }])
        );
        log.on_server(stored(1, "first"));
        let back = log.on_server(ServerMsg::Closed { by: Author::Operator { name: "Olga".into() }, at: 5 });
        assert!(matches!(&back, ClientStep::Undelivered(left) if left[0].text == "Back again"));
        let refused = log.on_server(ServerMsg::error(ErrorCode::Closed, "this conversation has ended"));
        assert_eq!(refused, ClientStep::None, "already handed back: no second word of it");
        log.compose(id("after"), "written after the end".into());
        let refused = log.on_server(ServerMsg::error(ErrorCode::Closed, "this conversation has ended"));
        assert!(
            matches!(&refused, ClientStep::Undelivered(left) if left[0].text == "written after the end"),
            "what was written after the end comes back too, not left 'sending…': {refused:?}"
        );
        assert!(log.pending().is_empty());
    }

    #[test]
    fn an_end_asked_while_disconnected_goes_once_welcomed_and_only_until_it_came() {
        let mut log = ClientLog::default();
        assert_eq!(log.end(), None, "not connected: nothing to send yet");
        assert!(log.is_ending());
        log.compose(id("a"), "bye".into());
        let step = log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        let bye = ClientMsg::Send { client_id: id("a"), text: "bye".into(), files: vec![] };
        assert_eq!(step, ClientStep::Send(vec![bye, ClientMsg::Close]), "the last word, then the end");
        log.on_server(ServerMsg::Ack { client_id: id("a"), seq: 1 });
        log.on_server(ServerMsg::Closed { by: Author::Visitor, at: 2 });
        assert!(!log.is_ending());
        log.disconnected();
        let again = log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 1 });
        assert_eq!(again, ClientStep::Send(vec![]), "ended: no second close");
        assert_eq!(log.end(), None, "already ended");
    }

    #[test]
    fn too_fast_keeps_the_messages_and_says_when_to_send_them_again() {
        let mut log = ClientLog::default();
        log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        log.compose(id("a"), "one".into());
        let step = log.on_server(ServerMsg::error(ErrorCode::RateLimited, "slow down"));
        assert_eq!(step, ClientStep::RetryLater { after_ms: VISITOR_WINDOW_MS as u32 });
        assert_eq!(
            log.resend(),
            vec![ClientMsg::Send { client_id: id("a"), text: "one".into(), files: vec![] }]
        );
        log.disconnected();
        assert!(log.resend().is_empty(), "nothing is sent while disconnected");
    }

    #[test]
    fn someone_else_s_conversation_hands_back_what_was_written() {
        let mut log = ClientLog::default();
        log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        log.compose(id("a"), "mine?".into());
        let step = log.on_server(ServerMsg::error(ErrorCode::NotYours, "take it over"));
        assert!(matches!(&step, ClientStep::Undelivered(left) if left.len() == 1), "{step:?}");
        assert!(log.resend().is_empty(), "not sent again by itself");
        let step = log.on_server(ServerMsg::error(ErrorCode::NotYours, "take it over"));
        assert!(
            matches!(step, ClientStep::Failed { code: ErrorCode::NotYours, reset: false }),
            "an end refused"
        );
    }

    #[test]
    fn a_refused_token_resets_the_conversation() {
        let mut log = ClientLog::default();
        log.on_server(stored(1, "a"));
        let step = log.on_server(ServerMsg::error(ErrorCode::Unauthorized, "no"));
        assert!(matches!(step, ClientStep::Failed { reset: true, .. }));
        assert!(log.messages().is_empty());
    }

    #[test]
    fn unread_counts_the_other_side_s_messages_after_what_this_side_saw() {
        let mut log = ClientLog::default();
        log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        let from = |seq: Seq, author: Author| {
            ServerMsg::Message(Message {
                seq,
                client_id: id(&format!("m{seq}")),
                author,
                text: String::new(),
                at: seq as i64,
                answers: vec![],
                files: vec![],
            })
        };
        let ada = || Author::Operator { name: "Ada".into() };
        log.on_server(from(1, Author::Visitor));
        log.on_server(from(2, ada()));
        log.on_server(from(3, Author::Bot { name: "Bot".into() }));
        assert_eq!(log.unread(true), 2, "the operator's and the bot's");
        assert_eq!(log.unread(false), 1, "the visitor's, for an operator");
        assert_eq!(log.see(true), Some(ClientMsg::Seen { seq: 3 }));
        assert_eq!(log.unread(true), 0, "read once this side said so");
        log.on_server(from(4, Author::Visitor));
        log.on_server(from(5, ada()));
        assert_eq!(log.unread(true), 1);
        // Read on another tab: the server says so.
        log.on_server(ServerMsg::Seen { by: Author::Visitor, seq: 5 });
        assert_eq!(log.unread(true), 0);
    }

    #[test]
    fn seen_is_said_once_per_new_message_of_the_other_side() {
        let mut log = ClientLog::default();
        log.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        assert_eq!(log.see(true), None, "nothing to see yet");
        log.on_server(stored(1, "mine")); // the visitor's own message
        assert_eq!(log.see(true), None, "one's own message is not news to oneself");
        let theirs = |seq| {
            ServerMsg::Message(Message {
                seq,
                client_id: id(&format!("op{seq}")),
                author: Author::Operator { name: "Olga".into() },
                text: "hello".into(),
                at: seq as i64,
                answers: vec![],
                files: vec![],
            })
        };
        log.on_server(theirs(2));
        assert_eq!(log.see(true), Some(ClientMsg::Seen { seq: 2 }));
        assert_eq!(log.see(true), None, "said once");
        log.on_server(theirs(3));
        log.on_server(ServerMsg::Seen { by: Author::Operator { name: "Olga".into() }, seq: 1 });
        log.on_server(ServerMsg::Seen { by: Author::Visitor, seq: 3 });
        assert_eq!((log.seen_by_other(true), log.seen_by_other(false)), (1, 3));
        assert_eq!(log.last_seen_of_mine(true), Some(1), "the visitor's message the operator has read");
        assert_eq!(log.last_seen_of_mine(false), Some(3), "the operators' last message the visitor has read");
        log.disconnected();
        log.on_server(theirs(4));
        assert_eq!(log.see(true), None, "not while the socket is down");
        let mut operator = ClientLog::default();
        operator.on_server(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 });
        operator.on_server(stored(1, "v1"));
        operator.on_server(theirs(2));
        assert_eq!(operator.see(false), Some(ClientMsg::Seen { seq: 1 }), "an operator sees the visitor's");
    }
}
