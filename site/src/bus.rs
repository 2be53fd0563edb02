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
use switchboard_core::ids::{ChannelId, ConversationId, Seq};
use switchboard_core::protocol::{
    Assignee, BusEvent, ChannelInfo, ClientMsg, ConversationSummary, ReadMark, ReassignReason, ServerMsg,
    PROTOCOL_VERSION,
};
use switchboard_widget::socket::{Link, Socket};

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
    pub channel: StoredValue<ChannelInfo>,
    /// `None` until the bus's first state arrives.
    pub items: RwSignal<Option<Vec<ConversationSummary>>>,
    /// Who is online in the channel (names visitors see).
    pub online: RwSignal<Vec<String>>,
    /// Why the operator is no longer in the channel, said in words.
    pub removed: RwSignal<Option<String>>,
    /// The last conversation that left this operator, said in words.
    pub notice: RwSignal<Option<String>>,
    pub bus: Bus,
    /// The operator's login (whose conversations count as theirs).
    login: StoredValue<String>,
}

/// The shell's feeds, one per channel of the operator.
#[derive(Clone)]
pub struct Feeds(pub Vec<ChannelFeed>);

/// Opens the bus for `channels` (those the operator works in) and provides
/// it, and the channels' [`Feeds`], as context.
pub fn provide(channels: Vec<ChannelInfo>, login: String) {
    let read = RwSignal::new(HashMap::new());
    let login = StoredValue::new(login);
    let last = StoredValue::new(0 as Seq);
    let targets: Vec<Target> = channels
        .iter()
        .map(|c| Target {
            id: c.id.clone(),
            name: c.name.clone(),
            items: RwSignal::new(None),
            online: RwSignal::new(vec![]),
            removed: RwSignal::new(None),
            notice: RwSignal::new(None),
        })
        .collect();
    let feeds: Vec<(ChannelInfo, Target)> = channels.into_iter().zip(targets.iter().cloned()).collect();
    let socket = Socket::open::<ServerMsg>(
        crate::api::socket_url("/api/bus"),
        move || ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: last.get_value() },
        move |frame| {
            match frame {
                ServerMsg::State { seq, channels, read: marks } => {
                    last.set_value(seq);
                    read.set(marks.into_iter().map(|m| (m.conversation, m.seq)).collect());
                    for state in channels {
                        if let Some(t) = targets.iter().find(|t| t.id == state.channel) {
                            t.items.set(Some(state.items));
                            t.online.set(state.online);
                        }
                    }
                }
                ServerMsg::Event { seq, event } if seq > last.get_value() => {
                    last.set_value(seq);
                    apply(&targets, read, event);
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
    let bus = Bus { socket, link, read };
    provide_context(bus);
    provide_context(Feeds(
        feeds
            .into_iter()
            .map(|(channel, t)| ChannelFeed {
                channel: StoredValue::new(channel),
                items: t.items,
                online: t.online,
                removed: t.removed,
                notice: t.notice,
                bus,
                login,
            })
            .collect(),
    ));
}

/// Where the bus's frames land for one channel.
#[derive(Clone)]
struct Target {
    id: ChannelId,
    name: String,
    items: RwSignal<Option<Vec<ConversationSummary>>>,
    online: RwSignal<Vec<String>>,
    removed: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
}

fn apply(targets: &[Target], read: RwSignal<HashMap<ConversationId, Seq>>, event: BusEvent) {
    let channel = |id: &ChannelId| targets.iter().find(|t| t.id == *id);
    match event {
        BusEvent::Updated(one) => {
            if let Some(t) = channel(&one.channel) {
                t.items.update(|list| {
                    let list = list.get_or_insert_with(Vec::new);
                    list.retain(|c| c.id != one.id);
                    list.push(*one);
                    list.sort_by_key(|c| std::cmp::Reverse(c.updated_at));
                })
            }
        }
        BusEvent::Read(mark) => read.update(|r| {
            let seq = r.entry(mark.conversation).or_default();
            *seq = (*seq).max(mark.seq);
        }),
        BusEvent::Presence { channel: id, online } => {
            if let Some(t) = channel(&id) {
                t.online.set(online)
            }
        }
        BusEvent::Removed { channel: id, inactive_minutes } => {
            if let Some(t) = channel(&id) {
                t.removed.set(Some(format!(
                    "You were inactive for more than {inactive_minutes} minutes and left {}. \
                     Join it again from Channels to receive new conversations.",
                    t.name
                )))
            }
        }
        BusEvent::Reassigned { conversation, to, reason } => {
            let holder = targets
                .iter()
                .find(|t| t.items.with_untracked(|i| i.iter().flatten().any(|c| c.id == conversation)));
            if let Some(t) = holder.or(targets.first()) {
                t.notice.set(Some(reassigned_notice(to, reason)))
            }
        }
    }
}

/// Why a conversation is no longer the operator's, in words.
fn reassigned_notice(to: Option<Assignee>, reason: ReassignReason) -> String {
    let whither = match to {
        Some(a) => format!("to {}", a.name),
        None => "back to the queue".to_owned(),
    };
    match reason {
        ReassignReason::Unanswered { seconds } => {
            format!("A conversation went {whither}: it was not answered within {seconds} seconds.")
        }
        ReassignReason::Transferred { by } => format!("{by} transferred a conversation {whither}."),
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
        c.last_seq.saturating_sub(self.bus.read.with(|r| r.get(&c.id).copied().unwrap_or(0)))
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
