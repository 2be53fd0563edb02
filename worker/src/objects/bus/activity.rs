//! The latest of each conversation the operator has, as its own object told
//! (`BusEvent::Activity`, after each message): the channel hears no
//! message, so its summaries in the whole state, and in its news, carry the
//! preview of their last lifecycle step. The bus brings them up to date from
//! what it kept (`core::relay::apply`) before a tab sees them, whichever
//! came first. At most [`KEEP_ACTIVITY`] conversations, the latest: an
//! operator has a handful open at a time.
//!
//! A conversation tells the bus without writing it down first, so news
//! lost in a crash is mended where the tab comes back: each `hello` asks
//! the operator's open conversations for their latest (`core::relay::
//! catch_up`, at most 50, all at once) and publishes what is news.

use switchboard_core::protocol::{Activity, ConversationSummary};
use switchboard_core::relay;

use super::*;
use crate::internal::CONVERSATIONS;
use crate::rpc::conversation::Latest;

/// How many conversations' latest the bus keeps.
pub(super) const KEEP_ACTIVITY: i64 = 500;

impl OperatorDo {
    /// Keeps a conversation's latest (an older one changes nothing).
    pub(super) fn keep_activity(&self, a: &Activity) -> AppResult<()> {
        let sql = self.sql();
        sql.exec(
            "INSERT INTO activity (conversation, last_seq, updated_at, json) VALUES (?, ?, ?, ?) \
             ON CONFLICT(conversation) DO UPDATE SET last_seq = excluded.last_seq, \
             updated_at = excluded.updated_at, json = excluded.json \
             WHERE excluded.last_seq >= activity.last_seq",
            vec![
                a.conversation.as_str().into(),
                (a.last_seq as i64).into(),
                a.updated_at.into(),
                serde_json::to_string(a)?.into(),
            ],
        )?;
        Ok(())
    }

    /// Forgets the latest of all but the [`KEEP_ACTIVITY`] conversations
    /// active last (done now and then: `publish`).
    pub(super) fn forget_activity(&self) -> AppResult<()> {
        self.sql().exec(
            "DELETE FROM activity WHERE updated_at < (SELECT updated_at FROM activity \
             ORDER BY updated_at DESC LIMIT 1 OFFSET ?)",
            vec![KEEP_ACTIVITY.into()],
        )?;
        Ok(())
    }

    /// The latest kept: of one conversation, or of all (a few hundred at most).
    fn kept_activity(&self, of: Option<&ConversationId>) -> AppResult<Vec<Activity>> {
        #[derive(Deserialize)]
        struct Row {
            json: String,
        }
        let rows: Vec<Row> = match of {
            Some(id) => self
                .sql()
                .exec("SELECT json FROM activity WHERE conversation = ?", vec![id.as_str().into()])?,
            None => self.sql().exec("SELECT json FROM activity", None)?,
        }
        .to_array()?;
        Ok(rows.into_iter().filter_map(|r| serde_json::from_str(&r.json).ok()).collect())
    }

    /// A tab said `hello`: the operator's open conversations, as `channels`
    /// list them, are asked for their latest; what is news is kept and
    /// published. A conversation that fails is logged and left out.
    pub(super) async fn catch_up(&self, channels: &[ChannelState]) {
        let Ok(login) = self.login() else { return };
        let ids = relay::catch_up(&login, channels.iter().flat_map(|c| c.items.iter()));
        if ids.is_empty() {
            return;
        }
        let stubs = ids.iter().map(|id| internal::stub(&self.env, CONVERSATIONS, id.as_str())).collect();
        let mut news = vec![];
        for answer in rpc::call_all(stubs, &Latest(())).await {
            let latest = answer.and_then(|a| Ok((self.kept_activity(Some(&a.conversation))?, a)));
            match latest {
                Ok((kept, a)) if relay::is_news(kept.first(), &a) => {
                    news.push(BusEvent::Activity(Box::new(a)))
                }
                Ok(_) => {}
                Err(e) => e.log(),
            }
        }
        if news.is_empty() {
            return;
        }
        if let Err(e) = self.publish(news) {
            e.log();
        }
    }

    /// Brings `summaries` up to what the conversations told.
    pub(super) fn bring_up_to_date<'a>(
        &self,
        summaries: impl IntoIterator<Item = &'a mut ConversationSummary>,
    ) -> AppResult<()> {
        let kept = self.kept_activity(None)?;
        if kept.is_empty() {
            return Ok(());
        }
        for s in summaries {
            if let Some(a) = kept.iter().find(|a| a.conversation == s.id) {
                relay::apply(s, a);
            }
        }
        Ok(())
    }

    /// What this operator may see of each of `items` (`core::listing::for_viewer`).
    pub(super) fn for_viewer<'a>(
        &self,
        items: impl Iterator<Item = &'a mut ConversationSummary>,
    ) -> AppResult<()> {
        let meta = self.meta();
        let (me, admin) = (meta.load(&keys::LOGIN)?, meta.load(&keys::ADMIN)?.unwrap_or(false));
        items.for_each(|c| switchboard_core::listing::for_viewer(c, me.as_ref(), admin));
        Ok(())
    }

    /// The same for the news before it is published.
    pub(super) fn up_to_date(&self, events: &mut [BusEvent]) -> AppResult<()> {
        for event in events.iter_mut() {
            match event {
                BusEvent::Activity(a) => self.keep_activity(a)?,
                // One conversation: its own row, not every kept one.
                BusEvent::Updated(s) => {
                    if let Some(a) = self.kept_activity(Some(&s.id))?.first() {
                        relay::apply(s, a);
                    }
                    self.for_viewer(std::iter::once(&mut **s))?;
                }
                BusEvent::Channel(state) => {
                    self.bring_up_to_date(&mut state.items)?;
                    self.for_viewer(state.items.iter_mut())?;
                    // From the channel itself (sent whole after a crash): named here.
                    let infos = self.channel_infos()?;
                    if let Some(info) =
                        infos.into_iter().find(|i| state.name.is_empty() && i.id == state.channel)
                    {
                        state.name = info.name;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}
