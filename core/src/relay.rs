//! What a conversation tells beyond its own sockets, and when: its
//! channel hears of its lifecycle only (it started, it went quiet or woke
//! up, it ended, and — only if its operator did not answer in time — that it
//! is overdue: [`Relay::overdue`]), never of each message;
//! its assignee's bus hears of each message, page and rating, as one slim
//! event. A waiting or chatbot-held conversation tells nobody per message.
//!
//! The channel counts an assigned conversation as its operator's load
//! until it is told the conversation went quiet (no message for the
//! inactivity timeout, timed by the conversation itself: [`quiet_check`]),
//! and serves a waiting one until then; a message after that wakes it up
//! again, once. The same for the reassignment delay: the conversation
//! times it from each assignment to a person ([`alarm_at`]) and tells the
//! channel only when it runs out unanswered. So the channel's calls per
//! conversation do not grow with its messages (property-tested).

use crate::ids::{ConversationId, Login};
use crate::protocol::{Activity, Author, ConversationSummary, Message};

/// How many characters of the last message an inbox list shows.
pub const PREVIEW_CHARS: usize = 80;

/// The inbox list's line for a message: who (unless the visitor), then the
/// start of the text.
pub fn preview(m: &Message) -> String {
    let who = match &m.author {
        Author::Visitor => String::new(),
        Author::Operator { name } | Author::Bot { name } => format!("{name}: "),
    };
    format!("{who}{}", m.text.chars().take(PREVIEW_CHARS).collect::<String>())
}

/// What a message says of its conversation, for a list that has it (a tab
/// with the conversation open knows it before any bus does).
pub fn latest(summary: &ConversationSummary, m: &Message) -> Activity {
    Activity {
        conversation: summary.id.clone(),
        channel: summary.channel.clone(),
        last_seq: m.seq,
        preview: preview(m),
        updated_at: m.at,
        author: Some(m.author.clone()),
        closed: false,
        pages: vec![],
        rating: None,
        rating_comment: None,
    }
}

/// Brings a listed summary up to a conversation's latest activity; older
/// activity (news that crossed a newer summary) changes nothing.
pub fn apply(summary: &mut ConversationSummary, a: &Activity) {
    if a.conversation != summary.id || a.last_seq < summary.last_seq {
        return;
    }
    summary.last_seq = a.last_seq;
    summary.preview.clone_from(&a.preview);
    summary.updated_at = summary.updated_at.max(a.updated_at);
    summary.closed |= a.closed;
    if !a.pages.is_empty() {
        summary.pages.clone_from(&a.pages);
    }
    if a.rating.is_some() {
        summary.rating = a.rating;
        summary.rating_comment.clone_from(&a.rating_comment);
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Visitor,
    Operator,
    Bot,
}

/// What happened to the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A message was stored.
    Wrote(Writer),
    /// The visitor is on a page they had not been on.
    Visited,
    /// The visitor rated it.
    Rated,
    /// It ended.
    Closed,
    /// The channel says who has it now: a person (`true`), or nobody (the
    /// queue; the chatbot).
    Assigned { person: bool },
    /// No message for the inactivity timeout ([`quiet_check`] said so).
    Quiet,
}

/// What an event must be told to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tell {
    /// The channel (its lifecycle changed).
    pub channel: bool,
    /// The assignee's bus (the slim event: seq, time, who, a preview).
    pub assignee: bool,
    /// The workspace's History (it ended, or was rated after: it hands
    /// itself over, as it is now).
    pub history: bool,
}

/// What the channel has heard so far, as the conversation keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relay {
    /// It has heard of the conversation (its first visitor message).
    pub started: bool,
    /// A person has it (their bus hears its messages).
    pub assigned: bool,
    /// Its assignee has written since it was given to them.
    pub answered: bool,
    /// It was told the conversation went quiet (not ongoing, not served).
    pub quiet: bool,
    /// It was told the conversation ended.
    pub closed: bool,
}

impl Relay {
    /// Whether the reassignment delay running out now is news for the
    /// channel: a person has it, has not written since it was given to
    /// them, and it has not ended.
    pub fn overdue(&self) -> bool {
        self.assigned && !self.answered && !self.closed
    }

    /// Notes `event`; says who must hear of it.
    pub fn on(&mut self, event: Event) -> Tell {
        let assignee = self.assigned;
        match event {
            Event::Wrote(writer) => {
                // The visitor's first words bring it to the channel.
                let starts = writer == Writer::Visitor && !self.started && !self.closed;
                let wakes = self.started && self.quiet && writer != Writer::Bot;
                self.started |= starts;
                self.answered |= self.assigned && writer == Writer::Operator;
                if wakes {
                    self.quiet = false;
                }
                Tell { channel: (starts || wakes) && !self.closed, assignee, history: false }
            }
            Event::Visited => Tell { channel: false, assignee, history: false },
            Event::Rated => Tell { channel: false, assignee, history: self.closed && self.started },
            Event::Closed => {
                let first = !self.closed;
                self.closed = true;
                Tell {
                    channel: first && self.started,
                    assignee: first && assignee,
                    history: first && self.started,
                }
            }
            Event::Assigned { person } => {
                self.assigned = person;
                self.answered = false;
                // A new assignee's inbox gets the latest at once.
                Tell { channel: false, assignee: person, history: false }
            }
            Event::Quiet => {
                let news = self.started && !self.closed && !self.quiet;
                self.quiet |= news;
                Tell { channel: news, assignee: false, history: false }
            }
        }
    }
}

/// When the conversation's one alarm must ring: the earliest of its clocks
/// (the quiet check, the reassignment delay, handing over to History).
pub fn alarm_at(clocks: &[Option<i64>]) -> Option<i64> {
    clocks.iter().flatten().min().copied()
}

/// The quiet check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// No message for the whole timeout: it went quiet.
    Quiet,
    /// Someone wrote meanwhile: check again then (ms).
    Again(i64),
}

/// The conversation's alarm rang at `now`; its last message (or its start)
/// was at `last_at`. Set once per timeout, not per message: a message only
/// moves `last_at`, and the check looks again when the time is up.
pub fn quiet_check(last_at: i64, now: i64, timeout_ms: i64) -> Check {
    let due = last_at + timeout_ms;
    match now >= due {
        true => Check::Quiet,
        false => Check::Again(due),
    }
}

/// How many of an operator's open conversations their bus asks for their
/// latest when a tab says `hello`.
pub const CATCH_UP: usize = 50;

/// The conversations a bus asks for their latest when a tab says `hello`:
/// its operator's open ones, the latest first, at most [`CATCH_UP`]. A
/// conversation tells the bus after each message without writing it down
/// first (that would cost every message a write), so a crash in between is
/// mended here, where the tab comes back.
pub fn catch_up<'a>(
    login: &Login,
    listed: impl IntoIterator<Item = &'a ConversationSummary>,
) -> Vec<ConversationId> {
    let mut own: Vec<&ConversationSummary> = listed
        .into_iter()
        .filter(|s| !s.closed && s.operator.as_ref().is_some_and(|a| &a.login == login))
        .collect();
    own.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.id.cmp(&b.id)));
    own.dedup_by(|a, b| a.id == b.id);
    own.into_iter().take(CATCH_UP).map(|s| s.id.clone()).collect()
}

/// Whether a conversation's latest is news to a bus that kept `kept`.
pub fn is_news(kept: Option<&Activity>, latest: &Activity) -> bool {
    kept.is_none_or(|k| {
        latest.last_seq > k.last_seq
            || (latest.last_seq == k.last_seq
                && (latest.closed != k.closed || latest.pages != k.pages || latest.rating != k.rating))
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn wrote(r: &mut Relay, w: Writer) -> Tell {
        r.on(Event::Wrote(w))
    }

    fn listed(id: &str, operator: Option<&str>, closed: bool, updated_at: i64) -> ConversationSummary {
        let operator = operator.map(|l| serde_json::json!({ "login": l, "name": l }));
        serde_json::from_value(serde_json::json!({
            "id": id, "channel": "c", "languages": [], "last_seq": 1, "preview": "",
            "updated_at": updated_at, "operator": operator, "closed": closed,
        }))
        .unwrap()
    }

    fn latest_of(last_seq: u64, pages: &[&str]) -> Activity {
        let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
        serde_json::from_value(serde_json::json!({
            "conversation": "a", "channel": "c", "last_seq": last_seq, "preview": "", "updated_at": 1,
            "pages": pages,
        }))
        .unwrap()
    }

    #[test]
    fn a_bus_catches_up_with_its_operators_open_conversations_latest_first() {
        let me = Login::parse("ann").unwrap();
        let lists = [
            listed("old", Some("ann"), false, 1),
            listed("ended", Some("ann"), true, 9),
            listed("theirs", Some("bob"), false, 9),
            listed("waiting", None, false, 9),
            listed("new", Some("ann"), false, 5),
            listed("new", Some("ann"), false, 5),
        ];
        let ids: Vec<String> = catch_up(&me, &lists).into_iter().map(String::from).collect();
        assert_eq!(ids, ["new", "old"], "own and open, each once, the latest first");
        let many: Vec<ConversationSummary> =
            (0..CATCH_UP + 7).map(|i| listed(&format!("c{i}"), Some("ann"), false, i as i64)).collect();
        let asked = catch_up(&me, &many);
        assert_eq!(asked.len(), CATCH_UP, "bounded");
        assert_eq!(asked[0].as_str(), format!("c{}", CATCH_UP + 6), "the latest kept");
    }

    #[test]
    fn only_a_later_latest_is_news() {
        let kept = latest_of(4, &["/a"]);
        assert!(is_news(None, &kept), "nothing kept");
        assert!(is_news(Some(&kept), &latest_of(5, &["/a"])), "a later message");
        assert!(is_news(Some(&kept), &latest_of(4, &["/a", "/b"])), "a page since");
        assert!(!is_news(Some(&kept), &latest_of(4, &["/a"])), "the same");
        assert!(!is_news(Some(&kept), &latest_of(3, &[])), "older");
    }

    #[test]
    fn the_visitors_first_words_bring_it_to_the_channel_once() {
        let mut r = Relay::default();
        assert_eq!(wrote(&mut r, Writer::Visitor), Tell { channel: true, assignee: false, history: false });
        assert_eq!(wrote(&mut r, Writer::Visitor), Tell::default(), "waiting: nobody per message");
    }

    #[test]
    fn an_assignee_hears_every_message_and_the_channel_only_of_no_answer() {
        let mut r = Relay::default();
        wrote(&mut r, Writer::Visitor);
        assert_eq!(
            r.on(Event::Assigned { person: true }),
            Tell { channel: false, assignee: true, history: false }
        );
        assert_eq!(wrote(&mut r, Writer::Visitor), Tell { channel: false, assignee: true, history: false });
        assert!(r.overdue(), "not answered yet");
        assert_eq!(wrote(&mut r, Writer::Bot), Tell { channel: false, assignee: true, history: false });
        assert!(r.overdue(), "a bot is no answer");
        assert_eq!(wrote(&mut r, Writer::Operator), Tell { channel: false, assignee: true, history: false });
        assert!(!r.overdue(), "answered");
        assert_eq!(r.on(Event::Visited), Tell { channel: false, assignee: true, history: false });
        // Given to someone else: they have to answer in their turn.
        r.on(Event::Assigned { person: true });
        assert!(r.overdue());
        r.on(Event::Closed);
        assert!(!r.overdue(), "an ended conversation is nobody's to answer");
        assert_eq!(alarm_at(&[Some(5), Some(3), None]), Some(3));
        assert_eq!(alarm_at(&[None, None]), None);
    }

    #[test]
    fn quiet_is_told_once_and_the_next_message_wakes_it() {
        let mut r = Relay::default();
        assert_eq!(r.on(Event::Quiet), Tell::default(), "the channel never heard of it");
        wrote(&mut r, Writer::Visitor);
        assert_eq!(r.on(Event::Quiet), Tell { channel: true, assignee: false, history: false });
        assert_eq!(r.on(Event::Quiet), Tell::default());
        assert_eq!(wrote(&mut r, Writer::Bot), Tell::default(), "a bot does not wake it");
        assert_eq!(wrote(&mut r, Writer::Visitor), Tell { channel: true, assignee: false, history: false });
    }

    /// Found by the History property: words after the end (which the
    /// conversation refuses anyway) do not start it, nor hand it to History.
    #[test]
    fn words_after_the_end_start_nothing() {
        let mut r = Relay::default();
        r.on(Event::Closed);
        assert_eq!(wrote(&mut r, Writer::Visitor), Tell::default());
        assert!(!r.started);
    }

    #[test]
    fn the_end_is_told_once_and_only_if_the_channel_knows_it() {
        let mut r = Relay::default();
        assert_eq!(r.on(Event::Closed), Tell::default(), "an empty conversation costs nobody");
        let mut r = Relay::default();
        wrote(&mut r, Writer::Visitor);
        r.on(Event::Assigned { person: true });
        assert_eq!(r.on(Event::Closed), Tell { channel: true, assignee: true, history: true });
        assert_eq!(r.on(Event::Closed), Tell::default());
        assert_eq!(
            r.on(Event::Rated),
            Tell { channel: false, assignee: true, history: true },
            "the rating: its operator and History"
        );
        assert_eq!(r.on(Event::Quiet), Tell::default());
    }

    #[test]
    fn the_check_looks_again_when_someone_wrote() {
        assert_eq!(quiet_check(1_000, 5_000, 1_000), Check::Quiet);
        assert_eq!(quiet_check(4_500, 5_000, 1_000), Check::Again(5_500));
        assert_eq!(quiet_check(4_000, 5_000, 1_000), Check::Quiet, "exactly the timeout");
    }

    #[test]
    fn a_summary_takes_newer_activity_and_keeps_what_is_newer_than_it() {
        let id = crate::ids::ConversationId::parse("c-1").unwrap();
        let channel = crate::ids::ChannelId::parse("ch").unwrap();
        let mut s: ConversationSummary = serde_json::from_value(serde_json::json!({
            "id": "c-1", "channel": "ch", "languages": [], "last_seq": 2, "preview": "two", "updated_at": 20
        }))
        .unwrap();
        let activity = |seq: u64, preview: &str, at: i64| Activity {
            conversation: id.clone(),
            channel: channel.clone(),
            last_seq: seq,
            preview: preview.into(),
            updated_at: at,
            author: None,
            closed: false,
            pages: vec![],
            rating: None,
            rating_comment: None,
        };
        apply(&mut s, &activity(1, "one", 10));
        assert_eq!(
            (s.last_seq, s.preview.as_str(), s.updated_at),
            (2, "two", 20),
            "older news changes nothing"
        );
        apply(&mut s, &Activity { pages: vec!["/pricing".into()], ..activity(3, "three", 30) });
        assert_eq!((s.last_seq, s.preview.as_str(), s.updated_at), (3, "three", 30));
        assert_eq!(s.pages, ["/pricing"]);
        apply(
            &mut s,
            &Activity {
                closed: true,
                rating: Some(crate::protocol::Rating::Good),
                ..activity(3, "three", 31)
            },
        );
        assert!(s.closed && s.rating.is_some() && s.pages == ["/pricing"], "what it does not say stays");
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            8 => prop_oneof![Just(Writer::Visitor), Just(Writer::Operator), Just(Writer::Bot)].prop_map(Event::Wrote),
            1 => Just(Event::Visited),
            1 => Just(Event::Rated),
            1 => Just(Event::Closed),
            1 => any::<bool>().prop_map(|person| Event::Assigned { person }),
            1 => Just(Event::Quiet),
        ]
    }

    proptest! {
        /// The channel's calls grow with the lifecycle, never with the
        /// messages: at most the start, a quiet and a wake-up per quiet
        /// period, and the end.
        #[test]
        fn the_channel_hears_the_lifecycle_not_the_messages(events in prop::collection::vec(event(), 0..200)) {
            let mut r = Relay::default();
            let mut told = 0;
            for e in &events {
                told += r.on(*e).channel as usize;
            }
            let count = |f: fn(&Event) -> bool| events.iter().filter(|e| f(e)).count();
            let quiets = count(|e| matches!(e, Event::Quiet));
            prop_assert!(told <= 2 + 2 * quiets, "{told} calls for {events:?}");
        }

        /// History hears of a conversation only once it ended, once for the
        /// end and once per rating after, and always if the visitor wrote.
        #[test]
        fn history_gets_every_ended_conversation_and_nothing_open(events in prop::collection::vec(event(), 0..200)) {
            let mut r = Relay::default();
            let (mut handed, mut rated_after) = (0, 0);
            for e in &events {
                let closed = r.closed;
                let tell = r.on(*e);
                prop_assert!(!tell.history || r.closed, "an open conversation stays out of History");
                handed += tell.history as usize;
                rated_after += (closed && *e == Event::Rated) as usize;
            }
            prop_assert!(handed <= 1 + rated_after);
            prop_assert_eq!(handed > 0, r.closed && r.started, "{:?}", events);
        }

        /// Only an assigned conversation tells anyone per message, and only
        /// its assignee; after the end, nothing reaches the channel.
        #[test]
        fn only_the_assignee_hears_messages(events in prop::collection::vec(event(), 0..100)) {
            let mut r = Relay::default();
            for e in events {
                let before = r;
                let tell = r.on(e);
                if matches!(e, Event::Wrote(_) | Event::Visited | Event::Rated) {
                    prop_assert!(!tell.assignee || before.assigned);
                }
                prop_assert!(!(tell.channel && before.closed));
            }
        }
    }
}
