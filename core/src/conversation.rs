//! The conversation state machine: one message log, many sockets.
//!
//! A Durable Object holds one [`Conversation`] and one [`Session`] per socket.
//! For each frame it calls [`Conversation::on_frame`] and carries out the
//! returned [`Effect`]s in order. What needs storage is asked through the
//! [`Ledger`] trait, so this module stays pure and is tested against an
//! in-memory ledger.
//!
//! Guarantees (ARCHITECTURE.md, invariants):
//! - sequence numbers are 1, 2, 3… with no gap, and message times strictly
//!   increase (`max(now, last + 1)`), whatever the clock does;
//! - a client id is stored at most once: a resend is acked with its first seq;
//! - a (re)connecting client gets exactly the messages after the seq it names.

use serde::{Deserialize, Serialize};

use crate::ids::{ClientMsgId, Login, Seq};
use crate::limits::{
    MAX_FILES_PER_MESSAGE, MAX_MESSAGE_CHARS, MAX_RATING_COMMENT_CHARS, MIN_TYPING_GAP_MS, VISITOR_BURST,
    VISITOR_WINDOW_MS,
};
use crate::protocol::{
    Attachment, Author, ClientMsg, ErrorCode, Message, Rating, ServerMsg, PROTOCOL_VERSION,
};

/// What the state machine needs to know from storage.
pub trait Ledger {
    /// The seq stored under this client id, if that message is already stored.
    fn seq_of(&mut self, client_id: &ClientMsgId) -> Option<Seq>;
    /// Whether `token` opens this conversation for a visitor.
    fn visitor_token_ok(&mut self, token: &str) -> bool;
    /// How many messages the visitor wrote at `since` (ms) or later.
    fn visitor_messages_since(&mut self, since: i64) -> usize;
    /// The file uploaded to this conversation under `id`, if any.
    fn file(&mut self, id: &str) -> Option<Attachment>;
}

/// Who holds a socket. Decided by the edge (cookie or token), not by frames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    Visitor,
    /// `login` and `admin` say whether they may write while someone else
    /// has the conversation (sockets from before they were kept: may).
    Operator {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        login: Option<Login>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        admin: bool,
    },
}

/// Per-socket state. Serialisable because it is the socket's attachment,
/// which is how sessions survive the object hibernating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub role: Role,
    /// True once the socket has said a valid `hello`.
    pub introduced: bool,
    /// A visitor's socket: the page it was opened on (noted once the
    /// visitor has proved who they are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// A visitor's socket: the client address it came from, whose visitors'
    /// messages across conversations are limited (the object asks the
    /// platform's limiter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// When this socket's last `typing` was passed on (0: never).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub typed_at: i64,
    /// A visitor's socket: the message refused for speed. Every other one
    /// this socket sends is refused too until that one is sent again, so
    /// the visitor's words are stored in the order they typed them (the
    /// client resends what is pending in that order). Without it, a
    /// message sent while the refusal was on its way, or after the window
    /// turned, was stored before the refused one (found by
    /// `core/tests/simulation.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<ClientMsgId>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl Session {
    pub fn new(role: Role) -> Self {
        Session { role, introduced: false, page: None, address: None, typed_at: 0, held: None }
    }

    fn author(&self) -> Author {
        match &self.role {
            Role::Visitor => Author::Visitor,
            Role::Operator { name, .. } => Author::Operator { name: name.clone() },
        }
    }
}

/// Notes that the visitor is on `page` (a URL, cut to
/// [`MAX_PAGE_CHARS`](crate::limits::MAX_PAGE_CHARS)): the last of `pages`,
/// which keeps the latest [`PAGES_KEPT`](crate::limits::PAGES_KEPT), oldest
/// first. A reload of the same page is not a new visit, and only `http(s)`
/// addresses are pages (the inbox links them: never a `javascript:` one).
/// Unless `whole` (the channel's admin turned it on), an address is kept
/// without its query string and fragment, where sites put tokens and
/// personal data. Returns whether `pages` changed.
pub fn note_visit(pages: &mut Vec<String>, page: &str, whole: bool) -> bool {
    use crate::limits::{MAX_PAGE_CHARS, PAGES_KEPT};
    let page = page.trim();
    let page = if whole { page } else { page.split(['?', '#']).next().unwrap_or_default() };
    let page: String = page.chars().take(MAX_PAGE_CHARS).collect();
    if !is_web_address(&page) || pages.last() == Some(&page) {
        return false;
    }
    pages.push(page);
    let extra = pages.len().saturating_sub(PAGES_KEPT);
    pages.drain(..extra);
    true
}

/// Whether `page` is an `http://` or `https://` address.
pub fn is_web_address(page: &str) -> bool {
    let lower = page.get(..8).unwrap_or(page).to_ascii_lowercase();
    (lower.starts_with("http://") && page.len() > 7) || (lower.starts_with("https://") && page.len() > 8)
}

/// What the shell must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send to the socket the frame came from.
    Reply(ServerMsg),
    /// Send the stored messages with seq greater than this, in order, to the
    /// socket the frame came from.
    ReplayAfter(Seq),
    /// Store this message (before anything is broadcast or acked).
    Store(Message),
    /// Send to every introduced socket of the conversation.
    Broadcast(ServerMsg),
    /// The session changed: write it back to the socket's attachment.
    SaveSession,
    /// Only the session's clock changed (a `typing` passed on): write it
    /// back, nothing else.
    KeepSession,
    /// The conversation has ended: remember it (before broadcasting).
    Close { by: Author, at: i64 },
    /// Send to every introduced socket but the one the frame came from.
    Relay(ServerMsg),
    /// Remember how far `by`'s side has read (before broadcasting).
    Seen { by: Author, seq: Seq },
    /// Remember the visitor's rating (before broadcasting).
    Rate { rating: Rating, comment: String },
}

/// The log's head: all a conversation must remember between frames.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conversation {
    last_seq: Seq,
    last_at: i64,
    /// Who ended it and when, once it has ended.
    closed: Option<(Author, i64)>,
    /// How far the visitor has read, and how far an operator has (with the
    /// operator's name).
    seen: Seen,
    rating: Option<Rating>,
    /// Who has it (a login), if anyone: only they, admins and the visitor
    /// write in it or end it.
    assignee: Option<Login>,
}

/// How far each side has read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Seen {
    pub visitor: Seq,
    pub operator: Option<(String, Seq)>,
}

impl Conversation {
    /// A conversation whose last stored message has `last_seq` and `last_at`
    /// (both 0 for an empty one).
    pub fn restore(last_seq: Seq, last_at: i64) -> Self {
        Conversation { last_seq, last_at, ..Default::default() }
    }

    /// The same conversation, read this far by each side.
    pub fn seen_as(self, seen: Seen) -> Self {
        Conversation { seen, ..self }
    }

    /// The same conversation, held by `assignee` (a login), if anyone.
    pub fn held_by(self, assignee: Option<Login>) -> Self {
        Conversation { assignee, ..self }
    }

    /// Whether `session` may write in it or end it: the visitor, its
    /// assignee, an admin, anyone while nobody has it.
    fn may_write(&self, session: &Session) -> bool {
        match (&session.role, &self.assignee) {
            (Role::Visitor, _) | (_, None) => true,
            (Role::Operator { admin: true, .. }, _) | (Role::Operator { login: None, .. }, _) => true,
            (Role::Operator { login: Some(login), .. }, Some(assignee)) => login == assignee,
        }
    }

    /// The same conversation, rated by its visitor.
    pub fn rated(self, rating: Rating) -> Self {
        Conversation { rating: Some(rating), ..self }
    }

    /// The same conversation, ended by `by` at `at`.
    pub fn ended(self, by: Author, at: i64) -> Self {
        Conversation { closed: Some((by, at)), ..self }
    }

    pub fn is_closed(&self) -> bool {
        self.closed.is_some()
    }

    pub fn last_seq(&self) -> Seq {
        self.last_seq
    }

    /// Handles one decoded frame from a socket whose session is `session`.
    pub fn on_frame(
        &mut self,
        session: &mut Session,
        frame: ClientMsg,
        now: i64,
        ledger: &mut impl Ledger,
    ) -> Vec<Effect> {
        match frame {
            ClientMsg::Hello { v, token, last_seq } => self.hello(session, v, token, last_seq, ledger),
            _ if !session.introduced => {
                vec![Effect::Reply(ServerMsg::error(ErrorCode::HelloFirst, "say hello first"))]
            }
            ClientMsg::Send { .. } | ClientMsg::Close if !self.may_write(session) => {
                vec![Effect::Reply(ServerMsg::error(
                    ErrorCode::NotYours,
                    "someone else has this conversation: take it over to write",
                ))]
            }
            ClientMsg::Send { client_id, text, files } => {
                let mut effects = self.send(session, client_id, text, files, now, ledger);
                // Their words are here, which ends "typing" on the other
                // side: the next keystroke says so again at once.
                if session.typed_at != 0 && effects.iter().any(|e| matches!(e, Effect::Store(_))) {
                    session.typed_at = 0;
                    effects.push(Effect::KeepSession);
                }
                effects
            }
            ClientMsg::Close => self.close(session, now),
            // Nobody types into an ended conversation.
            ClientMsg::Typing if self.closed.is_some() => vec![],
            // At most one every MIN_TYPING_GAP_MS is passed on.
            ClientMsg::Typing if session.typed_at != 0 && now - session.typed_at < MIN_TYPING_GAP_MS => {
                vec![]
            }
            ClientMsg::Typing => {
                session.typed_at = now;
                vec![Effect::Relay(ServerMsg::Typing { by: session.author() }), Effect::KeepSession]
            }
            ClientMsg::Active | ClientMsg::Read(_) | ClientMsg::Visibility { .. } => {
                vec![Effect::Reply(ServerMsg::error(
                    ErrorCode::Malformed,
                    "activity and reading are reported on the operator's bus",
                ))]
            }
            ClientMsg::Seen { seq } => self.seen(session, seq),
            ClientMsg::Rate { rating, comment } => self.rate(session, rating, comment),
        }
    }

    /// Read receipts only move forward, and only over stored messages.
    fn seen(&mut self, session: &Session, seq: Seq) -> Vec<Effect> {
        let seq = seq.min(self.last_seq);
        let by = session.author();
        let before = match &by {
            Author::Visitor => self.seen.visitor,
            _ => self.seen.operator.as_ref().map_or(0, |(_, s)| *s),
        };
        if seq <= before {
            return vec![];
        }
        match &by {
            Author::Visitor => self.seen.visitor = seq,
            Author::Operator { name } | Author::Bot { name } => {
                self.seen.operator = Some((name.clone(), seq))
            }
        }
        vec![Effect::Seen { by: by.clone(), seq }, Effect::Broadcast(ServerMsg::Seen { by, seq })]
    }

    /// The visitor rates an ended conversation, once.
    fn rate(&mut self, session: &Session, rating: Rating, comment: String) -> Vec<Effect> {
        let refuse = |code, msg: &str| vec![Effect::Reply(ServerMsg::error(code, msg))];
        if session.role != Role::Visitor {
            return refuse(ErrorCode::Malformed, "only the visitor rates a conversation");
        }
        if self.closed.is_none() {
            return refuse(ErrorCode::InvalidMessage, "a conversation is rated once it has ended");
        }
        if let Some(rating) = self.rating {
            return vec![Effect::Reply(ServerMsg::Rated { rating })];
        }
        let comment = comment.trim();
        if comment.chars().count() > MAX_RATING_COMMENT_CHARS {
            return refuse(
                ErrorCode::InvalidMessage,
                &format!("comments are limited to {MAX_RATING_COMMENT_CHARS} characters"),
            );
        }
        self.rating = Some(rating);
        vec![
            Effect::Rate { rating, comment: comment.to_owned() },
            Effect::Broadcast(ServerMsg::Rated { rating }),
        ]
    }

    fn hello(
        &mut self,
        session: &mut Session,
        v: u32,
        token: Option<String>,
        last_seq: Seq,
        ledger: &mut impl Ledger,
    ) -> Vec<Effect> {
        let refuse = |code, msg: &str| vec![Effect::Reply(ServerMsg::error(code, msg))];
        if session.introduced {
            return refuse(ErrorCode::AlreadyIntroduced, "this socket already said hello");
        }
        if v != PROTOCOL_VERSION {
            return refuse(
                ErrorCode::UnsupportedVersion,
                &format!("this server speaks protocol version {PROTOCOL_VERSION}"),
            );
        }
        if session.role == Role::Visitor && !token.is_some_and(|t| ledger.visitor_token_ok(&t)) {
            return refuse(ErrorCode::Unauthorized, "this conversation cannot be opened with that token");
        }
        if last_seq > self.last_seq {
            return refuse(ErrorCode::BadResume, "the conversation has no message with that sequence number");
        }
        session.introduced = true;
        let mut effects = vec![
            Effect::SaveSession,
            Effect::Reply(ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: self.last_seq }),
            Effect::ReplayAfter(last_seq),
        ];
        if self.seen.visitor > 0 {
            effects.push(Effect::Reply(ServerMsg::Seen { by: Author::Visitor, seq: self.seen.visitor }));
        }
        if let Some((name, seq)) = &self.seen.operator {
            effects.push(Effect::Reply(ServerMsg::Seen {
                by: Author::Operator { name: name.clone() },
                seq: *seq,
            }));
        }
        if let Some((by, at)) = &self.closed {
            effects.push(Effect::Reply(ServerMsg::Closed { by: by.clone(), at: *at }));
        }
        if let Some(rating) = self.rating {
            effects.push(Effect::Reply(ServerMsg::Rated { rating }));
        }
        effects
    }

    /// The channel's chatbot writes `text` (offering `answers`): stored and
    /// sent to everyone, like a message from a socket. Its client id is
    /// `bot-<seq>` (or, if a client took that one, the first free
    /// `bot-<seq>-<n>`).
    pub fn say(
        &mut self,
        name: &str,
        text: &str,
        answers: Vec<String>,
        now: i64,
        ledger: &mut impl Ledger,
    ) -> Vec<Effect> {
        if self.closed.is_some() {
            return vec![];
        }
        let seq = self.last_seq + 1;
        let mut free = |id: String| ClientMsgId::parse(id).ok().filter(|id| ledger.seq_of(id).is_none());
        let Some(client_id) =
            free(format!("bot-{seq}")).or_else(|| (1..=64).find_map(|n| free(format!("bot-{seq}-{n}"))))
        else {
            return vec![];
        };
        self.last_seq = seq;
        self.last_at = now.max(self.last_at + 1);
        let message = Message {
            seq: self.last_seq,
            client_id,
            author: Author::Bot { name: name.to_owned() },
            text: text.to_owned(),
            at: self.last_at,
            answers,
            files: vec![],
        };
        vec![Effect::Store(message.clone()), Effect::Broadcast(ServerMsg::Message(message))]
    }

    /// The chatbot ends the conversation (its script's last step).
    pub fn close_as_bot(&mut self, name: &str, now: i64) -> Vec<Effect> {
        self.end(Author::Bot { name: name.to_owned() }, now)
    }

    fn close(&mut self, session: &Session, now: i64) -> Vec<Effect> {
        self.end(session.author(), now)
    }

    fn end(&mut self, by: Author, now: i64) -> Vec<Effect> {
        if let Some((by, at)) = &self.closed {
            return vec![Effect::Reply(ServerMsg::Closed { by: by.clone(), at: *at })];
        }
        let at = now.max(self.last_at + 1);
        self.closed = Some((by.clone(), at));
        vec![Effect::Close { by: by.clone(), at }, Effect::Broadcast(ServerMsg::Closed { by, at })]
    }

    fn send(
        &mut self,
        session: &mut Session,
        client_id: ClientMsgId,
        text: String,
        files: Vec<String>,
        now: i64,
        ledger: &mut impl Ledger,
    ) -> Vec<Effect> {
        if let Some(seq) = ledger.seq_of(&client_id) {
            // Stored already (sent again after a cut): it holds nothing back.
            let freed = session.held.take_if(|h| *h == client_id).map(|_| Effect::KeepSession);
            return freed.into_iter().chain([Effect::Reply(ServerMsg::Ack { client_id, seq })]).collect();
        }
        if self.closed.is_some() {
            return vec![Effect::Reply(ServerMsg::error(ErrorCode::Closed, "this conversation has ended"))];
        }
        let text = text.trim();
        let invalid = |why: String| vec![Effect::Reply(ServerMsg::error(ErrorCode::InvalidMessage, why))];
        if text.is_empty() && files.is_empty() {
            return invalid("the message is empty".into());
        }
        if files.len() > MAX_FILES_PER_MESSAGE {
            return invalid(format!("a message carries at most {MAX_FILES_PER_MESSAGE} files"));
        }
        let mut attached = Vec::with_capacity(files.len());
        for id in &files {
            match ledger.file(id) {
                Some(file) if !attached.contains(&file) => attached.push(file),
                Some(_) => {}
                None => return invalid("a file of this message was not uploaded".into()),
            }
        }
        let files = attached;
        if text.chars().count() > MAX_MESSAGE_CHARS {
            return vec![Effect::Reply(ServerMsg::error(
                ErrorCode::InvalidMessage,
                format!("messages are limited to {MAX_MESSAGE_CHARS} characters"),
            ))];
        }
        let too_fast = || {
            Effect::Reply(ServerMsg::error(
                ErrorCode::RateLimited,
                "You are sending messages very fast; the next ones will go out in a few seconds.",
            ))
        };
        if session.held.as_ref().is_some_and(|h| *h != client_id) {
            return vec![too_fast()];
        }
        if session.role == Role::Visitor
            && ledger.visitor_messages_since(now - VISITOR_WINDOW_MS) >= VISITOR_BURST
        {
            session.held = Some(client_id);
            return vec![too_fast(), Effect::KeepSession];
        }
        let freed = session.held.take().map(|_| Effect::KeepSession);
        self.last_seq += 1;
        self.last_at = now.max(self.last_at + 1);
        let message = Message {
            seq: self.last_seq,
            client_id: client_id.clone(),
            author: session.author(),
            text: text.to_owned(),
            at: self.last_at,
            answers: vec![],
            files,
        };
        let mut effects = vec![
            Effect::Store(message.clone()),
            Effect::Reply(ServerMsg::Ack { client_id, seq: message.seq }),
            Effect::Broadcast(ServerMsg::Message(message)),
        ];
        effects.extend(freed);
        effects
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_visited_keep_the_latest_without_reloads() {
        let mut pages = vec![];
        assert!(note_visit(&mut pages, "https://shop.example/", true));
        assert!(!note_visit(&mut pages, "https://shop.example/", true), "a reload is not a visit");
        assert!(!note_visit(&mut pages, "  ", true));
        assert!(!note_visit(&mut pages, "javascript:alert(1)", true), "only web addresses");
        assert!(!note_visit(&mut pages, "https://", true));
        for i in 0..crate::limits::PAGES_KEPT {
            assert!(note_visit(&mut pages, &format!("https://shop.example/p/{i}"), true));
        }
        assert_eq!(pages.len(), crate::limits::PAGES_KEPT);
        assert_eq!(pages[0], "https://shop.example/p/0", "the oldest went first");
        assert!(note_visit(&mut pages, &format!("HTTPS://{}", "x".repeat(5000)), true));
        assert_eq!(pages.last().unwrap().chars().count(), crate::limits::MAX_PAGE_CHARS);
    }

    #[test]
    fn page_addresses_lose_their_query_and_fragment_unless_kept_whole() {
        let mut pages = vec![];
        assert!(note_visit(&mut pages, "https://shop.example/reset?token=s3cret&email=a@b.c#step2", false));
        assert!(!note_visit(&mut pages, "https://shop.example/reset?token=other", false), "the same page");
        assert!(note_visit(&mut pages, "https://shop.example/cart#top", false));
        assert_eq!(pages, ["https://shop.example/reset", "https://shop.example/cart"]);
        assert!(note_visit(&mut pages, "https://shop.example/search?q=shoes", true));
        assert_eq!(pages.last().unwrap(), "https://shop.example/search?q=shoes");
    }
    use proptest::prelude::*;

    /// An in-memory ledger: what the Durable Object keeps in SQLite.
    #[derive(Default)]
    struct Log {
        messages: Vec<Message>,
        files: Vec<Attachment>,
    }

    impl Ledger for Log {
        fn seq_of(&mut self, client_id: &ClientMsgId) -> Option<Seq> {
            self.messages.iter().find(|m| &m.client_id == client_id).map(|m| m.seq)
        }
        fn visitor_token_ok(&mut self, token: &str) -> bool {
            token == "secret"
        }
        fn visitor_messages_since(&mut self, since: i64) -> usize {
            self.messages.iter().filter(|m| m.author == Author::Visitor && m.at >= since).count()
        }
        fn file(&mut self, id: &str) -> Option<Attachment> {
            self.files.iter().find(|f| f.id == id).cloned()
        }
    }

    /// Runs a frame and carries out the effects as the Durable Object does;
    /// returns what the sending socket received.
    fn run(
        conv: &mut Conversation,
        s: &mut Session,
        log: &mut Log,
        frame: ClientMsg,
        now: i64,
    ) -> Vec<ServerMsg> {
        let mut out = vec![];
        for e in conv.on_frame(s, frame, now, log) {
            match e {
                Effect::Reply(m) | Effect::Broadcast(m) => out.push(m),
                Effect::Store(m) => log.messages.push(m),
                Effect::ReplayAfter(after) => {
                    out.extend(log.messages.iter().filter(|m| m.seq > after).cloned().map(ServerMsg::Message))
                }
                Effect::SaveSession
                | Effect::KeepSession
                | Effect::Close { .. }
                | Effect::Relay(_)
                | Effect::Seen { .. }
                | Effect::Rate { .. } => {}
            }
        }
        out
    }

    fn hello(last_seq: Seq) -> ClientMsg {
        ClientMsg::Hello { v: PROTOCOL_VERSION, token: Some("secret".into()), last_seq }
    }

    fn send(id: &str, text: &str) -> ClientMsg {
        ClientMsg::Send { client_id: ClientMsgId::parse(id).unwrap(), text: text.into(), files: vec![] }
    }

    fn visitor() -> Session {
        Session::new(Role::Visitor)
    }

    fn code(msgs: &[ServerMsg]) -> Option<ErrorCode> {
        match msgs {
            [ServerMsg::Error { code, .. }] => Some(*code),
            _ => None,
        }
    }

    fn seqs(msgs: &[ServerMsg]) -> Vec<Seq> {
        msgs.iter()
            .filter_map(|m| match m {
                ServerMsg::Message(m) => Some(m.seq),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_message_carries_the_files_uploaded_for_it_and_only_those() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        let file = |id: &str| Attachment {
            id: id.into(),
            name: format!("{id}.png"),
            content_type: "image/png".into(),
            size: 3,
        };
        log.files = vec![file("f1"), file("f2")];
        run(&mut c, &mut s, &mut log, hello(0), 1);
        let with = |id: &str, text: &str, files: &[&str]| ClientMsg::Send {
            client_id: ClientMsgId::parse(id).unwrap(),
            text: text.into(),
            files: files.iter().map(|f| f.to_string()).collect(),
        };
        let out = run(&mut c, &mut s, &mut log, with("a", "", &["f1", "f2", "f1"]), 2);
        assert!(matches!(out[0], ServerMsg::Ack { .. }), "files alone make a message: {out:?}");
        assert_eq!(log.messages[0].files, [file("f1"), file("f2")], "each once, in order");
        let out = run(&mut c, &mut s, &mut log, with("b", "and this", &["nope"]), 3);
        assert_eq!(code(&out), Some(ErrorCode::InvalidMessage), "a file never uploaded here");
        let many = ["f1"; MAX_FILES_PER_MESSAGE + 1];
        assert_eq!(
            code(&run(&mut c, &mut s, &mut log, with("c", "", &many), 4)),
            Some(ErrorCode::InvalidMessage)
        );
        assert_eq!(log.messages.len(), 1);
    }

    #[test]
    fn nothing_is_accepted_before_hello() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        let out = run(&mut c, &mut s, &mut log, send("a", "hi"), 1);
        assert_eq!(code(&out), Some(ErrorCode::HelloFirst));
        assert!(log.messages.is_empty());
    }

    #[test]
    fn hello_checks_version_token_and_resume_point() {
        let (mut c, mut log) = (Conversation::default(), Log::default());
        let mut s = visitor();
        let v2 = ClientMsg::Hello { v: 2, token: Some("secret".into()), last_seq: 0 };
        assert_eq!(code(&run(&mut c, &mut s, &mut log, v2, 1)), Some(ErrorCode::UnsupportedVersion));
        let bad = ClientMsg::Hello { v: PROTOCOL_VERSION, token: Some("guess".into()), last_seq: 0 };
        assert_eq!(code(&run(&mut c, &mut s, &mut log, bad, 1)), Some(ErrorCode::Unauthorized));
        let none = ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 };
        assert_eq!(code(&run(&mut c, &mut s, &mut log, none, 1)), Some(ErrorCode::Unauthorized));
        assert_eq!(code(&run(&mut c, &mut s, &mut log, hello(5), 1)), Some(ErrorCode::BadResume));
        assert!(!s.introduced);
        let out = run(&mut c, &mut s, &mut log, hello(0), 1);
        assert_eq!(out, vec![ServerMsg::Welcome { v: PROTOCOL_VERSION, last_seq: 0 }]);
        assert_eq!(code(&run(&mut c, &mut s, &mut log, hello(0), 1)), Some(ErrorCode::AlreadyIntroduced));
    }

    #[test]
    fn operators_need_no_token() {
        let (mut c, mut log) = (Conversation::default(), Log::default());
        let mut s = Session::new(Role::Operator { name: "Mitchell".into(), login: None, admin: false });
        let hello = ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 };
        run(&mut c, &mut s, &mut log, hello, 1);
        assert!(s.introduced);
        run(&mut c, &mut s, &mut log, send("op-1", "Bonjour"), 2);
        assert_eq!(log.messages[0].author, Author::Operator { name: "Mitchell".into() });
    }

    #[test]
    fn a_closed_conversation_takes_no_new_message_and_says_so_to_late_comers() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 1);
        run(&mut c, &mut s, &mut log, send("a", "thanks, bye"), 10);
        let mut op = Session::new(Role::Operator { name: "Olga".into(), login: None, admin: false });
        run(
            &mut c,
            &mut op,
            &mut log,
            ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 1 },
            11,
        );
        let effects = c.on_frame(&mut op, ClientMsg::Close, 5, &mut log);
        let closed = ServerMsg::Closed { by: Author::Operator { name: "Olga".into() }, at: 11 };
        assert_eq!(
            effects,
            vec![
                Effect::Close { by: Author::Operator { name: "Olga".into() }, at: 11 },
                Effect::Broadcast(closed.clone())
            ],
            "closing is remembered before it is told, at a time after the last message"
        );
        assert_eq!(code(&run(&mut c, &mut s, &mut log, send("b", "wait"), 12)), Some(ErrorCode::Closed));
        assert!(
            matches!(
                run(&mut c, &mut s, &mut log, send("a", "thanks, bye"), 12)[..],
                [ServerMsg::Ack { seq: 1, .. }]
            ),
            "a resend of a message stored before the end is still acknowledged"
        );
        assert_eq!(
            run(&mut c, &mut op, &mut log, ClientMsg::Close, 13),
            vec![closed.clone()],
            "closing twice changes nothing"
        );
        let mut reload = visitor();
        let out = run(&mut c, &mut reload, &mut log, hello(0), 14);
        assert_eq!(out.last(), Some(&closed), "after the replay, a late comer learns it has ended");
        assert_eq!(seqs(&out), vec![1]);
        let restored = Conversation::restore(1, 10).ended(Author::Visitor, 11);
        assert!(restored.is_closed());
    }

    #[test]
    fn a_message_refused_for_speed_holds_its_place_until_it_comes_again() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 0);
        for i in 0..VISITOR_BURST {
            run(&mut c, &mut s, &mut log, send(&format!("v{i}"), "hi"), 100);
        }
        assert_eq!(
            code(&run(&mut c, &mut s, &mut log, send("ninth", "hi"), 200)),
            Some(ErrorCode::RateLimited)
        );
        // The window has turned, but the tenth may not pass the ninth.
        let later = 200 + VISITOR_WINDOW_MS;
        assert_eq!(
            code(&run(&mut c, &mut s, &mut log, send("tenth", "hi"), later)),
            Some(ErrorCode::RateLimited)
        );
        assert!(matches!(
            run(&mut c, &mut s, &mut log, send("ninth", "hi"), later)[0],
            ServerMsg::Ack { .. }
        ));
        assert!(matches!(
            run(&mut c, &mut s, &mut log, send("tenth", "hi"), later)[0],
            ServerMsg::Ack { .. }
        ));
        let order: Vec<&str> =
            log.messages.iter().map(|m| m.client_id.as_str()).skip(VISITOR_BURST).collect();
        assert_eq!(order, ["ninth", "tenth"]);
    }

    #[test]
    fn a_visitor_sending_too_fast_is_refused_until_the_window_passes_but_operators_are_not() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 0);
        for i in 0..VISITOR_BURST {
            let out = run(&mut c, &mut s, &mut log, send(&format!("v{i}"), "hi"), 100 + i as i64);
            assert!(matches!(out[0], ServerMsg::Ack { .. }));
        }
        let out = run(&mut c, &mut s, &mut log, send("over", "hi"), 200);
        assert_eq!(code(&out), Some(ErrorCode::RateLimited));
        assert!(
            matches!(
                run(&mut c, &mut s, &mut log, send("v0", "hi"), 201)[..],
                [ServerMsg::Ack { seq: 1, .. }]
            ),
            "a resend of an accepted message is still acknowledged"
        );
        let mut op = Session::new(Role::Operator { name: "Olga".into(), login: None, admin: false });
        run(
            &mut c,
            &mut op,
            &mut log,
            ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 },
            202,
        );
        assert!(matches!(run(&mut c, &mut op, &mut log, send("op", "hello"), 203)[0], ServerMsg::Ack { .. }));
        let later = 100 + VISITOR_WINDOW_MS + VISITOR_BURST as i64;
        assert!(matches!(run(&mut c, &mut s, &mut log, send("over", "hi"), later)[0], ServerMsg::Ack { .. }));
    }

    #[test]
    fn typing_is_relayed_to_the_others_and_never_stored() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        assert_eq!(code(&run(&mut c, &mut s, &mut log, ClientMsg::Typing, 1)), Some(ErrorCode::HelloFirst));
        run(&mut c, &mut s, &mut log, hello(0), 1);
        let passed = vec![Effect::Relay(ServerMsg::Typing { by: Author::Visitor }), Effect::KeepSession];
        assert_eq!(c.on_frame(&mut s, ClientMsg::Typing, 2, &mut log), passed);
        assert!(log.messages.is_empty());
        // A client that floods typing frames is heard once per gap.
        assert!(c.on_frame(&mut s, ClientMsg::Typing, 2 + MIN_TYPING_GAP_MS - 1, &mut log).is_empty());
        assert_eq!(c.on_frame(&mut s, ClientMsg::Typing, 2 + MIN_TYPING_GAP_MS, &mut log), passed);
        // A message ends "typing" on the other side: the next keystroke is heard at once.
        let at = 3 + MIN_TYPING_GAP_MS;
        assert!(c.on_frame(&mut s, send("after", "Done"), at, &mut log).contains(&Effect::KeepSession));
        assert_eq!(c.on_frame(&mut s, ClientMsg::Typing, at + 1, &mut log), passed);
        c.on_frame(&mut s, ClientMsg::Close, 3 + MIN_TYPING_GAP_MS * 2, &mut log);
        assert!(
            c.on_frame(&mut s, ClientMsg::Typing, 4 + MIN_TYPING_GAP_MS * 3, &mut log).is_empty(),
            "not after the end"
        );
    }

    #[test]
    fn the_bot_writes_in_the_log_like_anyone_and_never_takes_a_visitor_s_id() {
        let (mut conv, mut log, mut s) = (Conversation::default(), Log::default(), visitor());
        run(&mut conv, &mut s, &mut log, hello(0), 1);
        // A visitor chose "bot-2" as a client id: the bot's second message must not collide.
        run(&mut conv, &mut s, &mut log, send("bot-2", "hi"), 10);
        let said =
            conv.say("Sam", "Billing or shipping?", vec!["Billing".into(), "Shipping".into()], 5, &mut log);
        let Some(Effect::Store(m)) = said.first() else { panic!("{said:?}") };
        assert_eq!((m.seq, m.client_id.as_str(), m.at), (2, "bot-2-1", 11), "next seq, later time");
        assert_eq!(m.author, Author::Bot { name: "Sam".into() });
        assert_eq!(m.answers, ["Billing", "Shipping"]);
        assert!(matches!(&said[1], Effect::Broadcast(ServerMsg::Message(b)) if b == m));
        let closing = conv.close_as_bot("Sam", 20);
        assert_eq!(closing[0], Effect::Close { by: Author::Bot { name: "Sam".into() }, at: 20 });
        assert_eq!(conv.say("Sam", "Still there?", vec![], 30, &mut log), vec![], "nothing after the end");
    }

    #[test]
    fn close_needs_hello_first() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        assert_eq!(code(&run(&mut c, &mut s, &mut log, ClientMsg::Close, 1)), Some(ErrorCode::HelloFirst));
        assert!(!c.is_closed());
    }

    #[test]
    fn messages_get_gapless_seqs_and_increasing_times() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 0);
        // The clock goes backwards and stands still: times still increase.
        for (i, now) in [100, 50, 50, 200].into_iter().enumerate() {
            let out = run(&mut c, &mut s, &mut log, send(&format!("m{i}"), "hi"), now);
            assert!(matches!(out[0], ServerMsg::Ack { seq, .. } if seq == i as u64 + 1));
        }
        let at: Vec<i64> = log.messages.iter().map(|m| m.at).collect();
        assert_eq!(at, vec![100, 101, 102, 200]);
        assert_eq!(log.messages.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    }

    #[test]
    fn a_resend_is_acked_with_its_first_seq_and_not_stored_again() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 0);
        run(&mut c, &mut s, &mut log, send("x", "hello"), 1);
        run(&mut c, &mut s, &mut log, send("y", "again"), 2);
        let out = run(&mut c, &mut s, &mut log, send("x", "hello"), 3);
        assert_eq!(out, vec![ServerMsg::Ack { client_id: ClientMsgId::parse("x").unwrap(), seq: 1 }]);
        assert_eq!(log.messages.len(), 2);
    }

    #[test]
    fn empty_and_overlong_messages_are_refused() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 0);
        assert_eq!(
            code(&run(&mut c, &mut s, &mut log, send("a", "  \n "), 1)),
            Some(ErrorCode::InvalidMessage)
        );
        let long = "é".repeat(MAX_MESSAGE_CHARS + 1);
        assert_eq!(
            code(&run(&mut c, &mut s, &mut log, send("b", &long), 1)),
            Some(ErrorCode::InvalidMessage)
        );
        let max = "é".repeat(MAX_MESSAGE_CHARS);
        assert!(matches!(
            run(&mut c, &mut s, &mut log, send("c", &max), 1)[0],
            ServerMsg::Ack { seq: 1, .. }
        ));
    }

    #[test]
    fn resume_replays_exactly_the_missed_messages_in_order() {
        let (mut c, mut log) = (Conversation::default(), Log::default());
        let mut first = visitor();
        run(&mut c, &mut first, &mut log, hello(0), 0);
        for i in 0..5 {
            run(&mut c, &mut first, &mut log, send(&format!("m{i}"), "hi"), i);
        }
        let mut again = visitor();
        assert_eq!(seqs(&run(&mut c, &mut again, &mut log, hello(2), 9)), vec![3, 4, 5]);
        let mut fresh = visitor();
        assert_eq!(seqs(&run(&mut c, &mut fresh, &mut log, hello(0), 9)), vec![1, 2, 3, 4, 5]);
        let mut current = visitor();
        assert_eq!(seqs(&run(&mut c, &mut current, &mut log, hello(5), 9)), Vec::<Seq>::new());
    }

    proptest! {
        /// Whatever mix of new messages and resends arrives, each client id is
        /// stored once, seqs are gapless and every ack names the stored seq.
        #[test]
        fn resends_never_duplicate(ids in proptest::collection::vec(0u8..20, 1..200)) {
            let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
            run(&mut c, &mut s, &mut log, hello(0), 0);
            for (t, id) in ids.iter().enumerate() {
                // A human pace (2 s apart), under the visitor rate limit.
                let out = run(&mut c, &mut s, &mut log, send(&format!("id{id}"), "x"), t as i64 * 2_000);
                let ServerMsg::Ack { client_id, seq } = &out[0] else { panic!("{out:?}") };
                let stored = log.messages.iter().find(|m| &m.client_id == client_id).unwrap();
                prop_assert_eq!(stored.seq, *seq);
            }
            let mut distinct = ids.clone();
            distinct.sort();
            distinct.dedup();
            prop_assert_eq!(log.messages.len(), distinct.len());
            for (i, m) in log.messages.iter().enumerate() {
                prop_assert_eq!(m.seq, i as u64 + 1);
            }
        }
    }

    fn operator(name: &str) -> Session {
        Session {
            role: Role::Operator { name: name.into(), login: None, admin: false },
            introduced: true,
            page: None,
            address: None,
            typed_at: 0,
            held: None,
        }
    }

    fn operator_as(login: &str, admin: bool) -> Session {
        let login = Some(Login::parse(login).unwrap());
        Session {
            role: Role::Operator { name: login.clone().unwrap().to_string(), login, admin },
            ..operator("x")
        }
    }

    #[test]
    fn only_its_assignee_an_admin_or_the_visitor_write_in_a_held_conversation() {
        let mut c = Conversation::default().held_by(Some(Login::parse("ana").unwrap()));
        let mut log = Log::default();
        let mut bob = operator_as("bob", false);
        assert_eq!(
            code(&run(&mut c, &mut bob, &mut log, send("b1", "mine now"), 1)),
            Some(ErrorCode::NotYours)
        );
        assert_eq!(code(&run(&mut c, &mut bob, &mut log, ClientMsg::Close, 2)), Some(ErrorCode::NotYours));
        assert!(log.messages.is_empty() && !c.is_closed(), "nothing written, nothing ended");
        for (who, id) in
            [(operator_as("ana", false), "a1"), (operator_as("zed", true), "z1"), (visitor(), "v1")]
        {
            let mut who = who;
            if who.role == Role::Visitor {
                run(&mut c, &mut who, &mut log, hello(0), 3);
            }
            assert!(
                matches!(run(&mut c, &mut who, &mut log, send(id, "hi"), 4)[0], ServerMsg::Ack { .. }),
                "{id}"
            );
        }
        let mut waiting = Conversation::default();
        assert!(
            matches!(run(&mut waiting, &mut bob, &mut log, send("b2", "hi"), 5)[0], ServerMsg::Ack { .. }),
            "nobody has it: anyone answers"
        );
    }

    #[test]
    fn read_receipts_move_forward_over_stored_messages_and_greet_late_comers() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 1);
        run(&mut c, &mut s, &mut log, send("a", "one"), 2);
        run(&mut c, &mut s, &mut log, send("b", "two"), 3);
        let mut olga = operator("Olga");
        let effects = c.on_frame(&mut olga, ClientMsg::Seen { seq: 9 }, 4, &mut log);
        let by = Author::Operator { name: "Olga".into() };
        assert_eq!(
            effects,
            vec![
                Effect::Seen { by: by.clone(), seq: 2 },
                Effect::Broadcast(ServerMsg::Seen { by: by.clone(), seq: 2 })
            ],
            "clamped to the last stored message"
        );
        assert!(c.on_frame(&mut olga, ClientMsg::Seen { seq: 1 }, 5, &mut log).is_empty(), "never back");
        let mut later = visitor();
        let out = run(&mut c, &mut later, &mut log, hello(2), 6);
        assert!(out.contains(&ServerMsg::Seen { by, seq: 2 }), "{out:?}");
    }

    #[test]
    fn the_visitor_rates_an_ended_conversation_once() {
        let (mut c, mut s, mut log) = (Conversation::default(), visitor(), Log::default());
        run(&mut c, &mut s, &mut log, hello(0), 1);
        let rate = |rating, comment: &str| ClientMsg::Rate { rating, comment: comment.into() };
        assert_eq!(
            code(&run(&mut c, &mut s, &mut log, rate(Rating::Good, ""), 2)),
            Some(ErrorCode::InvalidMessage)
        );
        run(&mut c, &mut s, &mut log, ClientMsg::Close, 3);
        let mut olga = operator("Olga");
        assert_eq!(
            code(&run(&mut c, &mut olga, &mut log, rate(Rating::Bad, ""), 4)),
            Some(ErrorCode::Malformed)
        );
        let long = "x".repeat(MAX_RATING_COMMENT_CHARS + 1);
        assert_eq!(
            code(&run(&mut c, &mut s, &mut log, rate(Rating::Ok, &long), 5)),
            Some(ErrorCode::InvalidMessage)
        );
        let effects = c.on_frame(&mut s, rate(Rating::Ok, "  quick "), 6, &mut log);
        assert_eq!(
            effects,
            vec![
                Effect::Rate { rating: Rating::Ok, comment: "quick".into() },
                Effect::Broadcast(ServerMsg::Rated { rating: Rating::Ok })
            ]
        );
        assert_eq!(
            run(&mut c, &mut s, &mut log, rate(Rating::Bad, ""), 7),
            vec![ServerMsg::Rated { rating: Rating::Ok }]
        );
        let out = run(&mut c, &mut visitor(), &mut log, hello(0), 8);
        assert_eq!(out.last(), Some(&ServerMsg::Rated { rating: Rating::Ok }), "a reload is not asked again");
    }
}
