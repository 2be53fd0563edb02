//! Who is in the channel: operators joining and leaving (or removed for
//! inactivity), their buses watching it, their activity, and the channel now.

use super::*;

impl ChannelDo {
    pub(super) async fn join(&self, m: Member) -> AppResult<Vec<Member>> {
        let now = crate::now_ms();
        let login = m.login.clone();
        self.sql().exec(
            "INSERT INTO members (login, name, user_name, joined_at, languages, expertise, last_active_at, \
             capacity) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(login) DO UPDATE SET name = excluded.name, \
             user_name = excluded.user_name, languages = excluded.languages, expertise = excluded.expertise, \
             last_active_at = excluded.last_active_at, capacity = excluded.capacity",
            vec![
                String::from(m.login).into(),
                m.name.into(),
                m.user_name.into(),
                now.into(),
                serde_json::to_string(&m.languages)?.into(),
                serde_json::to_string(&m.expertise)?.into(),
                now.into(),
                m.capacity.map(i64::from).into(),
            ],
        )?;
        self.serve_queue().await?;
        self.broadcast(self.presence()?.into_iter().collect()).await?;
        self.touch_bus(&login).await;
        self.members()
    }

    /// Joining counts as activity: the member's bus, which keeps their
    /// inactivity clock, is told (a bus that fails is logged; the channel's
    /// own backstop still removes them in the end).
    async fn touch_bus(&self, login: &Login) {
        let told = async {
            let timeout = self.settings()?.inactivity_timeout_ms();
            let stub = internal::stub(&self.env, OPERATORS, &internal::bus_name(&self.workspace()?, login))?;
            rpc::call(&stub, &Touch(Joined { inactivity_timeout_ms: timeout })).await
        };
        if let Err(e) = told.await {
            e.log();
        }
    }

    /// The member's bus says they have been inactive since `since` for the
    /// whole timeout: removed (unless they joined again since), and told.
    pub(super) async fn inactive(&self, i: Inactive) -> AppResult<()> {
        #[derive(Deserialize)]
        struct Gone {
            login: Login,
        }
        let gone: Vec<Gone> = self
            .sql()
            .exec(
                "DELETE FROM members WHERE login = ? AND last_active_at <= ? RETURNING login",
                vec![i.login.as_str().into(), i.since.into()],
            )?
            .to_array()?;
        let Some(channel) = self.channel_id()?.filter(|_| !gone.is_empty()) else { return Ok(()) };
        let timeout = self.settings()?.inactivity_timeout_ms();
        let notice = BusEvent::Removed { channel, inactive_minutes: (timeout / 60_000).max(1) as u32 };
        let news = News {
            removed: gone.into_iter().map(|g| (g.login, notice.clone())).collect(),
            ..News::default()
        };
        self.schedule().await?;
        self.announce(news).await
    }

    /// The operator is at work (their bus passes it on every few minutes).
    pub(super) async fn active(&self, a: Activity) -> AppResult<()> {
        self.sql().exec(
            "UPDATE members SET last_active_at = ? WHERE login = ?",
            vec![crate::now_ms().into(), String::from(a.login).into()],
        )?;
        self.schedule().await?;
        Ok(())
    }

    /// An operator's bus opens (`on`: answered with the channel as their
    /// inbox shows it; coming online may take waiting conversations) or
    /// closes (the bus's grace period is over). A member's coming and going
    /// is told to everyone watching.
    pub(super) async fn watch(&self, w: Watch) -> AppResult<Option<Watched>> {
        let sql = self.sql();
        let login = &w.login;
        let was_watching = self.has_login("watchers", login)?;
        if w.on {
            sql.exec(
                "INSERT INTO watchers (login) VALUES (?) ON CONFLICT(login) DO NOTHING",
                vec![login.as_str().into()],
            )?;
            self.serve_queue().await?;
        } else {
            sql.exec("DELETE FROM watchers WHERE login = ?", vec![login.as_str().into()])?;
        }
        if was_watching != w.on && self.has_login("members", login)? {
            self.broadcast(self.presence()?.into_iter().collect()).await?;
        }
        let state = match (w.on, self.channel_id()?) {
            (true, Some(channel)) => Some(Watched {
                state: self.state_of(channel, login, self.online_names()?)?,
                inactivity_timeout_ms: self.settings()?.inactivity_timeout_ms(),
            }),
            _ => None,
        };
        Ok(state)
    }

    /// Who is online now, as the inboxes are told.
    pub(super) fn presence(&self) -> AppResult<Option<BusEvent>> {
        let online = self.online_names()?;
        Ok(self.channel_id()?.map(|channel| BusEvent::Presence { channel, online }))
    }

    /// The backstop: removes the members no bus has said anything of for
    /// longer than the timeout and a relay's interval (their bus tells the
    /// channel itself when their inactivity runs out; this catches one
    /// that could not, and never removes anyone early).
    pub(super) fn expire(&self) -> AppResult<News> {
        let timeout = self.settings()?.inactivity_timeout_ms();
        let cutoff = crate::now_ms() - timeout - RELAY_EVERY_MS;
        #[derive(Deserialize)]
        struct Gone {
            login: Login,
        }
        let sql = self.sql();
        let gone: Vec<Gone> = sql
            .exec("SELECT login FROM members WHERE last_active_at <= ?", vec![cutoff.into()])?
            .to_array()?;
        sql.exec("DELETE FROM members WHERE last_active_at <= ?", vec![cutoff.into()])?;
        let mut news = News::default();
        if let Some(channel) = self.channel_id()? {
            let notice = BusEvent::Removed { channel, inactive_minutes: (timeout / 60_000).max(1) as u32 };
            news.removed = gone.into_iter().map(|g| (g.login, notice.clone())).collect();
        }
        Ok(news)
    }

    /// Operators' profiles changed (a no-op for those not joined here); a
    /// larger capacity may let the queue move on.
    pub(super) async fn refresh(&self, members: Vec<Member>) -> AppResult<()> {
        for m in members {
            self.sql().exec(
                "UPDATE members SET name = ?, user_name = ?, languages = ?, expertise = ?, capacity = ? \
                 WHERE login = ?",
                vec![
                    m.name.into(),
                    m.user_name.into(),
                    serde_json::to_string(&m.languages)?.into(),
                    serde_json::to_string(&m.expertise)?.into(),
                    m.capacity.map(i64::from).into(),
                    String::from(m.login).into(),
                ],
            )?;
        }
        self.serve_queue().await?;
        Ok(())
    }

    pub(super) async fn leave(&self, m: Member) -> AppResult<Vec<Member>> {
        self.sql().exec("DELETE FROM members WHERE login = ?", vec![String::from(m.login).into()])?;
        self.broadcast(self.presence()?.into_iter().collect()).await?;
        self.members()
    }

    /// An operator no longer works here: off the members and watchers at
    /// once (no news, no assignment), and each open conversation they had
    /// goes to whoever the policy picks, else back to the line, where it
    /// keeps its ticket (it has waited longest). Their inbox hears nothing
    /// more from here.
    pub(super) async fn depart(&self, login: Login) -> AppResult<()> {
        #[derive(Deserialize)]
        struct Held {
            id: String,
            passed: String,
        }
        let sql = self.sql();
        sql.exec("DELETE FROM members WHERE login = ?", vec![login.as_str().into()])?;
        sql.exec("DELETE FROM watchers WHERE login = ?", vec![login.as_str().into()])?;
        let held: Vec<Held> = sql
            .exec(
                "SELECT id, passed FROM conversations INDEXED BY conversations_open_load \
                 WHERE operator = ? AND closed = 0",
                vec![login.as_str().into()],
            )?
            .to_array()?;
        let now = crate::now_ms();
        let mut news = News::default();
        for c in held {
            let mut passed: Vec<Login> = json_list(&c.passed);
            if !passed.contains(&login) {
                passed.push(login.clone());
            }
            self.back_to_line(&c.id, &passed, now)?;
            news.changed.push(conversation_id(c.id)?);
            news.queue_moved = true;
        }
        news.merge(self.drain_queue(&mut self.snapshot()?)?);
        self.broadcast(self.presence()?.into_iter().collect()).await?;
        self.schedule().await?;
        self.announce(news).await
    }

    /// Who is joined, online, how loaded, and how long the queue is.
    pub(super) fn live(&self) -> AppResult<LiveNow> {
        let snapshot = self.snapshot()?;
        let queue = self.in_line_count()?;
        let members = snapshot
            .pool
            .operators
            .iter()
            .zip(&snapshot.names)
            .zip(&snapshot.idle_since)
            .map(|((o, name), since)| MemberLive {
                login: o.login.clone(),
                name: name.clone(),
                online: o.online,
                ongoing: o.ongoing,
                capacity: o.capacity,
                idle_s: ((snapshot.pool.now - since).max(0) / 1000) as u64,
            })
            .collect();
        // The snapshot lists the members in this same order.
        let user_names = self.member_rows()?.into_iter().map(|m| m.user_name).collect();
        Ok(LiveNow { live: ChannelLive { queue, members }, user_names })
    }
}
