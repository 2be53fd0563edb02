//! The operator's bus, inbox side: the tab's one live socket, to their
//! `OperatorDo`. Everything the inbox shows live about the channels comes on
//! it — each channel's conversations, who is online, how far the operator has
//! read, a conversation taken away, removal for inactivity — and the tab's
//! activity and read marks go back on it. Events are numbered: the tab says
//! `hello` with the last it holds and is sent what it missed, once.
//!
//! Opened once by the shell, so the operator stays online (and their
//! activity counts) on every page, not only in Discuss. Each channel gets a
//! [`ChannelFeed`], the view the pages read.

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_browser::chat::page_hidden;
use switchboard_browser::socket::{Link, Socket};
use switchboard_core::ids::{ChannelId, ConversationId, Login, Seq};
use switchboard_core::listing;
use switchboard_core::protocol::{
    Activity, Assignee, BusEvent, ChannelInfo, ChannelState, ClientMsg, ConversationSummary, ReadMark,
    ReassignReason, ServerMsg, PROTOCOL_VERSION,
};

use crate::i18n::{number, tr_with};

/// The tab's socket to the operator's bus, and what is shared by every
/// channel: how far the operator has read each conversation.
#[derive(Clone, Copy)]
pub struct Bus {
    socket: StoredValue<Socket, LocalStorage>,
    pub link: ReadSignal<Link>,
    read: RwSignal<HashMap<ConversationId, Seq>>,
}

/// One channel's live feed: its conversations and what the channel says.
#[derive(Clone, Copy)]
pub struct ChannelFeed {
    pub id: StoredValue<ChannelId>,
    /// Its name now (a rename shows at once).
    pub name: RwSignal<String>,
    /// `None` until the bus's first state arrives.
    pub items: RwSignal<Option<Vec<ConversationSummary>>>,
    /// Who is online in the channel (names visitors see).
    pub online: RwSignal<Vec<String>>,
    /// How many visitors wait in its line (`core::listing::line_count`).
    pub waiting: RwSignal<u32>,
    /// Why the operator is no longer in the channel, said in words.
    pub removed: RwSignal<Option<String>>,
    /// The last conversation that left this operator, said in words.
    pub notice: RwSignal<Option<String>>,
    /// How far the operator has read each conversation (the bus's).
    read: RwSignal<HashMap<ConversationId, Seq>>,
    /// The operator's login (whose conversations count as theirs).
    login: StoredValue<Login>,
}

/// The shell's feeds, one per channel of the operator. Live: a channel
/// created for them, or whose list they were put on, while the tab is open
/// joins the list at once (the bus says so), and one taken away leaves it.
#[derive(Clone, Copy)]
pub struct Feeds {
    list: RwSignal<Vec<ChannelFeed>>,
    /// The shell's owner, under which new feeds are made.
    owner: StoredValue<Owner>,
    /// How far the operator has read each conversation (shared by the feeds).
    read: RwSignal<HashMap<ConversationId, Seq>>,
    /// The operator's login (whose conversations count as theirs).
    login: StoredValue<Login>,
}

impl Feeds {
    /// The feeds now (tracked).
    pub fn get(self) -> Vec<ChannelFeed> {
        self.list.get()
    }

    /// The feeds now, untracked (for event handlers).
    pub fn now(self) -> Vec<ChannelFeed> {
        self.list.get_untracked()
    }

    /// Runs `f` for each feed, now and whenever one is added, under the
    /// shell's owner (so what it makes lives as long as the shell).
    pub fn each(self, f: impl Fn(ChannelFeed) + 'static) {
        let seen = StoredValue::new(Vec::<ChannelId>::new());
        Effect::new(move |_| {
            for feed in self.list.get() {
                let id = feed.id.get_value();
                if seen.with_value(|s| !s.contains(&id)) {
                    seen.update_value(|s| s.push(id));
                    self.owner.with_value(|o| o.with(|| untrack(|| f(feed))));
                }
            }
        });
    }

    /// The feed of `id`, made (under the shell's owner) if the tab had none;
    /// a new name is shown at once.
    fn feed(self, id: &ChannelId, name: &str) -> ChannelFeed {
        if let Some(f) = self.find(id) {
            if !name.is_empty() && f.name.with_untracked(|n| n != name) {
                f.name.set(name.to_owned());
            }
            return f;
        }
        let info = ChannelInfo { id: id.clone(), name: name.to_owned() };
        let f = self.owner.with_value(|o| o.with(|| ChannelFeed::new(info, self.read, self.login)));
        self.list.update(|fs| fs.push(f));
        f
    }

    fn find(self, id: &ChannelId) -> Option<ChannelFeed> {
        self.list.with_untracked(|fs| fs.iter().copied().find(|f| f.id.with_value(|c| c == id)))
    }

    /// A conversation's latest, from its assignee's bus or from a tab that
    /// has it open: its summary in the list takes it (older changes nothing).
    pub fn take(self, a: &Activity) {
        let Some(feed) = self.find(&a.channel) else { return };
        // Only news changes the list (an open pane says what it shows often).
        let news = feed.items.with_untracked(|list| {
            list.iter().flatten().filter(|c| c.id == a.conversation).any(|c| {
                let mut after = c.clone();
                switchboard_core::relay::apply(&mut after, a);
                after != *c
            })
        });
        if !news {
            return;
        }
        feed.items.update(|list| {
            if let Some(list) = list {
                if let Some(c) = list.iter_mut().find(|c| c.id == a.conversation) {
                    switchboard_core::relay::apply(c, a);
                }
                list.sort_by_key(|c| std::cmp::Reverse(c.updated_at));
            }
        })
    }

    fn drop_channel(self, id: &ChannelId) {
        self.list.update(|fs| fs.retain(|f| f.id.with_value(|c| c != id)));
    }
}

impl ChannelFeed {
    fn new(
        channel: ChannelInfo,
        read: RwSignal<HashMap<ConversationId, Seq>>,
        login: StoredValue<Login>,
    ) -> Self {
        ChannelFeed {
            id: StoredValue::new(channel.id),
            name: RwSignal::new(channel.name),
            items: RwSignal::new(None),
            online: RwSignal::new(vec![]),
            waiting: RwSignal::new(0),
            removed: RwSignal::new(None),
            notice: RwSignal::new(None),
            read,
            login,
        }
    }

    fn show(self, state: ChannelState) {
        self.items.set(Some(state.items));
        self.online.set(state.online);
        self.waiting.set(state.waiting);
    }
}

/// Opens the bus for `channels` (those the operator works in) and provides
/// it, and the channels' [`Feeds`], as context.
pub fn provide(channels: Vec<ChannelInfo>, login: Login) {
    let read = RwSignal::new(HashMap::new());
    let login = StoredValue::new(login);
    let last = StoredValue::new(0 as Seq);
    let feeds = Feeds {
        list: RwSignal::new(channels.into_iter().map(|c| ChannelFeed::new(c, read, login)).collect()),
        owner: StoredValue::new(Owner::current().expect("the shell provides the bus")),
        read,
        login,
    };
    let socket = Socket::open::<ServerMsg>(
        crate::api::socket_url("/api/bus"),
        move || ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: last.get_value() },
        move |frame| {
            // Whether this tab is in view, once it is greeted (the bus pushes
            // to the operator's devices while none is).
            let in_view = vec![ClientMsg::Visibility { visible: !page_hidden() }];
            match frame {
                ServerMsg::Welcome { .. } => return in_view,
                ServerMsg::State { seq, channels, read: marks } => {
                    last.set_value(seq);
                    read.set(marks.into_iter().map(|m| (m.conversation, m.seq)).collect());
                    let ids: Vec<ChannelId> = channels.iter().map(|c| c.channel.clone()).collect();
                    for f in feeds.now() {
                        let id = f.id.get_value();
                        if !ids.contains(&id) {
                            feeds.drop_channel(&id);
                        }
                    }
                    for state in channels {
                        feeds.feed(&state.channel, &state.name).show(state);
                    }
                    return in_view;
                }
                ServerMsg::Event { seq, event } if seq > last.get_value() => {
                    last.set_value(seq);
                    apply(feeds, event);
                }
                _ => {}
            }
            vec![]
        },
    );
    let link = socket.link();
    let socket = StoredValue::new_local(socket);
    on_cleanup(move || socket.with_value(Socket::close));
    report_activity(socket);
    report_visibility(socket);
    provide_context(Bus { socket, link, read });
    provide_context(feeds);
}

fn apply(feeds: Feeds, event: BusEvent) {
    let channel = |id: &ChannelId| feeds.find(id);
    match event {
        BusEvent::Updated(one) => {
            if let Some(t) = channel(&one.channel) {
                t.items.update(|list| {
                    let list = list.get_or_insert_with(Vec::new);
                    list.retain(|c| c.id != one.id);
                    list.push(*one);
                    // Bounded however long the tab is open (`core::listing`).
                    t.login.with_value(|me| listing::keep(list, me));
                })
            }
        }
        BusEvent::Activity(a) => feeds.take(&a),
        BusEvent::Read(mark) => feeds.read.update(|r| {
            let seq = r.entry(mark.conversation).or_default();
            *seq = (*seq).max(mark.seq);
        }),
        BusEvent::Presence { channel: id, online } => {
            if let Some(t) = channel(&id) {
                t.online.set(online)
            }
        }
        BusEvent::Waiting { channel: id, count } => {
            if let Some(t) = channel(&id) {
                t.waiting.set(count)
            }
        }
        BusEvent::Removed { channel: id, inactive_minutes } => {
            if let Some(t) = channel(&id) {
                let minutes = number(u64::from(inactive_minutes));
                let name = t.name.get_untracked();
                t.removed.set(Some(tr_with("removed-inactive", &[("count", &minutes), ("channel", &name)])))
            }
        }
        BusEvent::Reassigned { conversation, to, reason } => {
            let all = feeds.now();
            let holder = all
                .iter()
                .find(|t| t.items.with_untracked(|i| i.iter().flatten().any(|c| c.id == conversation)));
            if let Some(t) = holder.or(all.first()) {
                t.notice.set(Some(reassigned_notice(to, reason)))
            }
        }
        BusEvent::Channel(state) => feeds.feed(&state.channel, &state.name).show(state),
        BusEvent::ChannelGone { channel } => feeds.drop_channel(&channel),
    }
}

/// Why a conversation is no longer the operator's, in words.
fn reassigned_notice(to: Option<Assignee>, reason: ReassignReason) -> String {
    let to = to.map(|a| a.name);
    let to = to.as_deref();
    match (reason, to) {
        (ReassignReason::Unanswered { seconds }, to) => {
            let seconds = number(u64::from(seconds));
            let vars = [("count", seconds.as_str()), ("name", to.unwrap_or_default())];
            tr_with(if to.is_some() { "unanswered-went-to" } else { "unanswered-went-back" }, &vars)
        }
        (ReassignReason::Transferred { by }, Some(to)) => {
            tr_with("transferred-by-to", &[("what", &by), ("name", to)])
        }
        (ReassignReason::Transferred { by }, None) => tr_with("transferred-by-back", &[("what", &by)]),
        (ReassignReason::TakenOver { by }, _) => tr_with("taken-over-by", &[("what", &by)]),
    }
}

impl ChannelFeed {
    /// Whether `c` is this operator's.
    pub fn is_mine(self, c: &ConversationSummary) -> bool {
        c.operator.as_ref().is_some_and(|o| self.login.with_value(|l| *l == o.login))
    }

    /// How many messages of `c` this operator has not read: counted for
    /// conversations they have, or that wait for someone.
    pub fn unread(self, c: &ConversationSummary) -> u64 {
        let theirs = match &c.operator {
            Some(_) => self.is_mine(c),
            None => !c.closed && !c.bot,
        };
        if !theirs {
            return 0;
        }
        c.last_seq.saturating_sub(self.read.with(|r| r.get(&c.id).copied().unwrap_or(0)))
    }
}

impl Bus {
    /// The operator has read `id` up to `seq` (told to the bus, which tells
    /// their other tabs and keeps it).
    pub fn mark_read(self, id: &ConversationId, seq: Seq) {
        if seq <= self.read.with_untracked(|r| r.get(id).copied().unwrap_or(0)) {
            return;
        }
        let mark = ReadMark { conversation: id.clone(), seq };
        if self.socket.with_value(|s| s.send(&ClientMsg::Read(mark))) {
            self.read.update(|r| {
                r.insert(id.clone(), seq);
            });
        }
    }
}

/// The bus hears when this tab goes out of view and back.
fn report_visibility(socket: StoredValue<Socket, LocalStorage>) {
    let handle = window_event_listener(leptos::ev::visibilitychange, move |_| {
        socket.with_value(|s| s.send(&ClientMsg::Visibility { visible: !page_hidden() }));
    });
    on_cleanup(move || handle.remove());
}

/// Activity (keys, pointer, focus) is what keeps an operator in their
/// channels; an open tab alone is not. Reported at most every 30 s.
fn report_activity(socket: StoredValue<Socket, LocalStorage>) {
    const EVERY_MS: f64 = 30_000.0;
    let last = StoredValue::new_local(f64::NEG_INFINITY);
    let report = move || {
        let now = js_sys::Date::now();
        if now - last.get_value() >= EVERY_MS && socket.with_value(|s| s.send(&ClientMsg::Active)) {
            last.set_value(now);
        }
    };
    let handles = [
        window_event_listener(leptos::ev::keydown, move |_| report()),
        window_event_listener(leptos::ev::pointerdown, move |_| report()),
        window_event_listener(leptos::ev::focus, move |_| report()),
    ];
    let handles = StoredValue::new_local(Some(handles));
    on_cleanup(move || {
        if let Some(hs) = handles.try_update_value(Option::take).flatten() {
            hs.into_iter().for_each(|h| h.remove());
        }
    });
}
