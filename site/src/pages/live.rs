//! A channel right now, for admins on its card: who has joined, who is
//! online, how many conversations each holds against their capacity, how
//! long since their last activity, and how many visitors wait. Refreshed
//! every few seconds while the card is on screen.

use std::time::Duration;

use leptos::prelude::*;
use switchboard_core::protocol::ChannelLive;

use crate::api;
use crate::i18n::{number, tr, tr_with};

const REFRESH: Duration = Duration::from_secs(5);

fn idle(seconds: u64) -> String {
    match seconds {
        0..60 => tr("activity-active"),
        60..3600 => tr_with("idle-minutes", &[("count", &number(seconds / 60))]),
        _ => tr_with("idle-hours", &[("count", &number(seconds / 3600))]),
    }
}

#[component]
pub fn LiveState(channel: String, name: String) -> impl IntoView {
    let live = RwSignal::new(None::<ChannelLive>);
    let problem = RwSignal::new(None::<String>);
    let path = format!("/api/channels/{channel}/live");
    let load = move || {
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api::get::<ChannelLive>(&path).await {
                Ok(now) => {
                    live.set(Some(now));
                    problem.set(None);
                }
                Err(e) => problem.set(Some(e.message)),
            }
        });
    };
    load();
    if let Ok(timer) = set_interval_with_handle(load, REFRESH) {
        on_cleanup(move || timer.clear());
    }
    let rows = move || {
        live.get()
            .map(|l| l.members)
            .unwrap_or_default()
            .into_iter()
            .map(|m| {
                view! {
                    <tr>
                        <th scope="row">{m.name}</th>
                        <td>{tr(if m.online { "member-online" } else { "member-offline" })}</td>
                        <td>{format!("{}/{}", number(u64::from(m.ongoing)), number(u64::from(m.capacity)))}</td>
                        <td>{idle(m.idle_s)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let queue = move || {
        live.get().map(|l| match l.queue {
            0 => tr("nobody-waiting"),
            1 => tr("one-waiting"),
            n => tr_with("waiting", &[("count", &number(u64::from(n)))]),
        })
    };
    view! {
        <table class="live">
            <caption>{tr_with("right-now", &[("channel", &name)])}</caption>
            <thead><tr>
                <th scope="col">{tr("operator")}</th><th scope="col">{tr("state")}</th>
                <th scope="col">{tr("conversations")}</th><th scope="col">{tr("activity")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p role="status">{queue}</p>
        <p role="alert">{move || problem.get()}</p>
    }
}
