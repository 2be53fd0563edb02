//! What an inbox tab holds of a channel: bounded, whatever the channel holds.
//!
//! A channel with 20,000 live conversations can be sent whole to no tab, and
//! no tab can keep every conversation its news ever named. A tab holds three
//! parts of each channel:
//! - the operator's **own** open conversations, all of them (their own work
//!   is never missing);
//! - the head of the **line**: the [`LINE_PAGE`] longest waiting, and how many
//!   wait in all (counted up to [`LINE_COUNTED`]; beyond, "more than");
//! - the [`RECENT`] **other** conversations with the latest activity.
//!
//! The channel sends these parts on a tab's `hello`; the tab trims what news
//! adds by the same rule ([`keep`]), so a tab open for a week holds no more
//! than one opened now. Everything else is in History.

use crate::ids::Login;
use crate::protocol::ConversationSummary;

/// How many other conversations a tab holds, the latest activity first.
pub const RECENT: usize = 200;
/// How many of the line a tab holds, the longest waiting first.
pub const LINE_PAGE: usize = 50;
/// How far the line is counted: a longer line is "more than" this.
pub const LINE_COUNTED: u32 = 1_000;

/// Which part of a tab's list a conversation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The operator's own, open.
    Own,
    /// Waiting for a person (not with the chatbot, not left for e-mail).
    Line,
    /// Anyone else's, or ended.
    Other,
}

/// The part `c` belongs to in `me`'s tab.
pub fn part(c: &ConversationSummary, me: &Login) -> Part {
    match (&c.operator, c.closed) {
        (_, true) => Part::Other,
        (Some(a), false) if a.login == *me => Part::Own,
        (Some(_), false) => Part::Other,
        (None, false) if c.bot || c.offline => Part::Other,
        (None, false) => Part::Line,
    }
}

/// Trims `items` to what `me`'s tab keeps: every own open conversation, the
/// [`LINE_PAGE`] in line that have waited longest (the earliest activity:
/// a waiting conversation changes when it joins the line), and the
/// [`RECENT`] others with the latest activity. What stays is in the order
/// of the latest activity first.
pub fn keep(items: &mut Vec<ConversationSummary>, me: &Login) {
    // Newest first; among equal times the order given stays (a stable sort).
    items.sort_by_key(|c| std::cmp::Reverse(c.updated_at));
    let in_line = items.iter().filter(|c| part(c, me) == Part::Line).count();
    // The line's newest are first: skip those beyond the page.
    let (mut line_dropped, mut others) = (in_line.saturating_sub(LINE_PAGE), 0usize);
    items.retain(|c| match part(c, me) {
        Part::Own => true,
        Part::Line if line_dropped > 0 => {
            line_dropped -= 1;
            false
        }
        Part::Line => true,
        Part::Other => {
            others += 1;
            others <= RECENT
        }
    });
}

/// How many are in line, as a channel counted it: up to [`LINE_COUNTED`],
/// or one more for "more than that".
pub fn line_count(counted: u64) -> u32 {
    counted.min(u64::from(LINE_COUNTED) + 1) as u32
}

/// What `me` may see of `c` (issue 21, item 6): a conversation someone
/// else has comes without its visitor's e-mail, the site's id for them
/// and the pages they went through, unless `me` is an admin (`None`: nobody known, who sees no
/// one's). A waiting one, or one left for e-mail, keeps them: whoever
/// takes it needs them.
pub fn for_viewer(c: &mut ConversationSummary, me: Option<&Login>, admin: bool) {
    if !admin && c.operator.as_ref().is_some_and(|o| Some(&o.login) != me) {
        c.visitor_email = None;
        c.identity = None;
        c.pages.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ChannelId, ConversationId};
    use crate::protocol::{Assignee, VisitorIdentity};
    use proptest::prelude::*;

    fn me() -> Login {
        Login::parse("mine").unwrap()
    }

    /// A conversation `n`, last active at `at`, in part `kind`.
    fn conv(n: usize, at: i64, kind: u8) -> ConversationSummary {
        let operator =
            |login: &str| Some(Assignee { login: Login::parse(login).unwrap(), name: login.into() });
        ConversationSummary {
            id: ConversationId::parse(format!("c{n:05}")).unwrap(),
            channel: ChannelId::parse("ch").unwrap(),
            languages: vec![],
            last_seq: 1,
            preview: String::new(),
            updated_at: at,
            operator: match kind % 4 {
                0 => operator("mine"),
                1 => None,
                _ => operator("them"),
            },
            closed: kind % 4 == 3,
            answered_at: None,
            visitor: None,
            visitor_name: None,
            visitor_email: None,
            identity: None,
            offline: false,
            rating: None,
            rating_comment: None,
            bot: false,
            expertise: vec![],
            pages: vec![],
            country: None,
        }
    }

    #[test]
    fn someone_else_s_visitor_keeps_their_address_and_pages_to_them() {
        let with_details = |kind: u8| ConversationSummary {
            visitor_email: Some("ann@example.com".into()),
            identity: Some(VisitorIdentity { id: "42".into(), verified: true }),
            pages: vec!["https://shop.example/".into()],
            ..conv(1, 0, kind)
        };
        let seen = |kind: u8, admin: bool| {
            let mut c = with_details(kind);
            for_viewer(&mut c, Some(&me()), admin);
            assert_eq!(
                c.identity.is_some(),
                c.visitor_email.is_some(),
                "the site's id goes with the address"
            );
            (c.visitor_email.is_some(), !c.pages.is_empty())
        };
        assert_eq!(seen(0, false), (true, true), "one's own");
        assert_eq!(seen(1, false), (true, true), "waiting: whoever takes it needs them");
        assert_eq!(seen(2, false), (false, false), "someone else's");
        assert_eq!(seen(2, true), (true, true), "an admin sees all");
        let mut c = with_details(0);
        for_viewer(&mut c, None, false);
        assert_eq!(c.visitor_email, None, "nobody known sees no one's");
    }

    #[test]
    fn parts() {
        let me = me();
        assert_eq!(part(&conv(1, 0, 0), &me), Part::Own);
        assert_eq!(part(&conv(1, 0, 1), &me), Part::Line);
        assert_eq!(part(&conv(1, 0, 2), &me), Part::Other);
        assert_eq!(part(&conv(1, 0, 3), &me), Part::Other, "ended");
        let mut ended_mine = conv(1, 0, 0);
        ended_mine.closed = true;
        assert_eq!(part(&ended_mine, &me), Part::Other);
        let mut bot = conv(1, 0, 1);
        bot.bot = true;
        assert_eq!(part(&bot, &me), Part::Other);
    }

    #[test]
    fn the_line_keeps_its_head_and_others_their_latest() {
        // 60 in line (joined at 0..60), 250 others (active at 1000..1250),
        // 3 own from long ago.
        let mut items: Vec<_> = (0..60).map(|i| conv(i, i as i64, 1)).collect();
        items.extend((0..250).map(|i| conv(100 + i, 1000 + i as i64, 2)));
        items.extend((0..3).map(|i| conv(400 + i, -5, 0)));
        keep(&mut items, &me());
        let line: Vec<i64> =
            items.iter().filter(|c| part(c, &me()) == Part::Line).map(|c| c.updated_at).collect();
        assert_eq!(line, (0..50).rev().collect::<Vec<_>>(), "the fifty who waited longest");
        let others: Vec<i64> =
            items.iter().filter(|c| part(c, &me()) == Part::Other).map(|c| c.updated_at).collect();
        assert_eq!(others, (1050..1250).rev().collect::<Vec<_>>(), "the two hundred latest");
        assert_eq!(items.iter().filter(|c| part(c, &me()) == Part::Own).count(), 3, "all own, however old");
    }

    #[test]
    fn a_count_beyond_the_limit_says_more_than() {
        assert_eq!(line_count(0), 0);
        assert_eq!(line_count(1000), 1000);
        assert_eq!(line_count(50_000), 1001);
    }

    proptest! {
        /// Own open conversations are never dropped, the list is bounded,
        /// newest first, made of what it was given, and trimming again
        /// changes nothing (a tab trims on every piece of news).
        #[test]
        fn keep_is_bounded_and_never_drops_own_work(
            given in proptest::collection::vec((0i64..400, 0u8..4), 0..700),
        ) {
            let me = me();
            let items: Vec<_> = given.iter().enumerate().map(|(n, &(at, kind))| conv(n, at, kind)).collect();
            let mut kept = items.clone();
            keep(&mut kept, &me);
            let own = items.iter().filter(|c| part(c, &me) == Part::Own).count();
            prop_assert_eq!(kept.iter().filter(|c| part(c, &me) == Part::Own).count(), own);
            prop_assert!(kept.len() <= own + LINE_PAGE + RECENT);
            prop_assert!(kept.windows(2).all(|w| w[0].updated_at >= w[1].updated_at));
            prop_assert!(kept.iter().all(|c| items.contains(c)));
            // Nothing dropped is newer than an other kept, or older than a
            // waiting one kept, in its part.
            for dropped in items.iter().filter(|c| !kept.contains(c)) {
                let same: Vec<_> = kept.iter().filter(|k| part(k, &me) == part(dropped, &me)).collect();
                match part(dropped, &me) {
                    Part::Line => prop_assert!(same.iter().all(|k| k.updated_at <= dropped.updated_at)),
                    _ => prop_assert!(same.iter().all(|k| k.updated_at >= dropped.updated_at)),
                }
            }
            let mut again = kept.clone();
            keep(&mut again, &me);
            prop_assert_eq!(again, kept);
        }
    }
}
