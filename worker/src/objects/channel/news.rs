//! What decisions change, told: summaries and notices to the operators'
//! buses (one call in flight per bus, core's `Fanout`), assignments to the
//! conversations.

use super::*;

/// One piece of news for a bus, as JSON; `now` says what it tells of how
/// things are now, if that is all it tells (a newer one of the same kind
/// makes an older still queued pointless).
#[derive(Clone)]
pub(super) struct Piece {
    now: Option<Now>,
    json: Rc<str>,
}

/// News that only says how things are now.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Now {
    /// Who is online.
    Presence,
    /// How many wait in line.
    Waiting,
}

/// A request's turn to send to one bus, from when it queued news there and
/// found nobody sending. Dropped before the bus's queue is empty (an error,
/// or the request went away), it gives the turn up: the next news for that
/// bus makes a new sender, which sends what is left too.
pub(super) struct BusSender<'a> {
    pub(super) fanout: &'a RefCell<Fanout<Login, Piece>>,
    pub(super) login: Login,
    pub(super) done: bool,
}

impl Drop for BusSender<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.fanout.borrow_mut().abandon(&self.login);
        }
    }
}

impl ChannelDo {
    /// Tells what the decisions changed: inboxes get the updated summaries
    /// and their notices, visitors who they have or their place in line
    /// (those whose shown place changed: `core::places`).
    /// Everything is queued for the buses first, in order, then sent while
    /// the conversations are told.
    pub(super) async fn announce(&self, news: News) -> AppResult<()> {
        let watchers = self.watchers()?;
        let mut senders = vec![];
        // Removed members are no longer online here: the others are told.
        let removed_any = !news.removed.is_empty();
        for (login, event) in news.removed.into_iter().chain(news.reassigned) {
            if watchers.contains(&login) {
                senders.extend(self.queue(std::slice::from_ref(&login), &[event])?);
            }
        }
        let mut tells = vec![];
        let mut updates = vec![];
        // Places in line: only those whose shown place changed are told.
        let (head, moved) = match news.queue_moved || !news.changed.is_empty() {
            true => self.line()?,
            false => (0, vec![]),
        };
        let shown = |ticket: u64| places::shown(places::place(ticket, head)) as u32;
        for id in &news.changed {
            if let Some(summary) = self.summary(id)? {
                let position = match &summary.operator {
                    Some(_) => None,
                    None => self.in_line(id.as_str())?.map(shown),
                };
                let operator = summary.operator.clone();
                updates.push(BusEvent::Updated(Box::new(summary)));
                tells.push((id.clone(), operator, position));
            }
        }
        if removed_any {
            updates.extend(self.presence()?);
        }
        if news.queue_moved || !news.changed.is_empty() {
            updates.extend(self.waiting_news()?);
        }
        senders.extend(self.queue(&watchers, &updates)?);
        for (id, ticket) in moved {
            let id = conversation_id(id)?;
            if !news.changed.contains(&id) {
                tells.push((id, None, Some(shown(ticket))));
            }
        }
        let tells = tells.iter().map(|(id, operator, position)| self.tell(id, operator.clone(), *position));
        let (told, ()) =
            futures_util::future::join(futures_util::future::join_all(tells), self.send(senders)).await;
        told.into_iter().collect()
    }

    /// How many wait in line, when the buses were told another number.
    fn waiting_news(&self) -> AppResult<Option<BusEvent>> {
        let count = self.line_counted()?;
        if self.waiting_told.replace(Some(count)) == Some(count) {
            return Ok(None);
        }
        Ok(self.channel_id()?.map(|channel| BusEvent::Waiting { channel, count }))
    }

    /// Tells a conversation (so its visitor, and a person's bus) who has
    /// it, or its place, as of which decision.
    pub(super) async fn tell(
        &self,
        id: &ConversationId,
        operator: Option<Assignee>,
        position: Option<u32>,
    ) -> AppResult<()> {
        let at = self.placed(id.as_str())?.at;
        let stub = internal::stub(&self.env, CONVERSATIONS, id.as_str())?;
        rpc::call(&stub, &Assignment { operator, position, at }).await
    }

    /// Sends `events` to every operator whose bus watches the channel.
    pub(super) async fn broadcast(&self, events: Vec<BusEvent>) -> AppResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.push(&self.watchers()?, &events).await
    }

    /// Sends `events` to the buses of `logins` (see [`Self::queue`]).
    pub(super) async fn push(&self, logins: &[Login], events: &[BusEvent]) -> AppResult<()> {
        let mine = self.queue(logins, events)?;
        self.send(mine).await;
        Ok(())
    }

    /// Queues `events` for the buses of `logins`. A bus already being sent
    /// to gets them in its sender's next call; for the others this request
    /// is now the sender, and [`Self::send`]s. Presence replaces a presence
    /// still queued (each bus gets the latest, not every step of a burst).
    pub(super) fn queue(&self, logins: &[Login], events: &[BusEvent]) -> AppResult<Vec<BusSender<'_>>> {
        let news = events
            .iter()
            .map(|event| {
                let now = match event {
                    BusEvent::Presence { .. } => Some(Now::Presence),
                    BusEvent::Waiting { .. } => Some(Now::Waiting),
                    _ => None,
                };
                Ok(Piece { now, json: Rc::from(serde_json::to_string(event)?) })
            })
            .collect::<AppResult<Vec<Piece>>>()?;
        let newer: Vec<Now> = news.iter().filter_map(|p| p.now).collect();
        let mut fanout = self.to_buses.borrow_mut();
        let mine = match newer.is_empty() {
            true => fanout.queue(logins, &news),
            false => fanout.queue_superseding(logins, &news, |p| p.now.is_some_and(|k| newer.contains(&k))),
        };
        drop(fanout);
        Ok(self.senders(mine))
    }

    /// This request is now the sender to the buses of `logins`.
    pub(super) fn senders(&self, logins: Vec<Login>) -> Vec<BusSender<'_>> {
        logins.into_iter().map(|login| BusSender { fanout: &self.to_buses, login, done: false }).collect()
    }

    /// Sends to each bus, all at once, until nothing is left for them.
    pub(super) async fn send(&self, senders: Vec<BusSender<'_>>) {
        if senders.is_empty() {
            return;
        }
        match self.workspace() {
            Ok(workspace) => {
                futures_util::future::join_all(senders.into_iter().map(|s| self.send_to_bus(&workspace, s)))
                    .await;
            }
            Err(e) => e.log(),
        }
    }

    /// Sends a bus what is queued for it, a call at a time, until nothing is
    /// left. A call that fails is logged and the next one goes on, as before
    /// batching: the inbox has that conversation right again when it next
    /// changes, or when the tab loads the whole state.
    pub(super) async fn send_to_bus(&self, workspace: &WorkspaceId, mut sender: BusSender<'_>) {
        loop {
            let batch = self.to_buses.borrow_mut().next(&sender.login);
            if batch.is_empty() {
                sender.done = true;
                return;
            }
            let login = &sender.login;
            let sent = async {
                let stub = internal::stub(&self.env, OPERATORS, &internal::bus_name(workspace, login))?;
                let body = format!("[{}]", batch.iter().map(|p| &*p.json).collect::<Vec<_>>().join(","));
                rpc::call_json::<Push>(&stub, body).await
            };
            if let Err(e) = sent.await {
                e.log();
            }
        }
    }
}
