//! A channel right now, for admins on its card: who has joined, who is
//! online, how many conversations each holds against their capacity, how
//! long since their last activity, and how many visitors wait. Refreshed
//! every few seconds while the card is on screen.

use std::time::Duration;

use leptos::prelude::*;
use switchboard_core::protocol::ChannelLive;

use crate::api;

const REFRESH: Duration = Duration::from_secs(5);

fn idle(seconds: u64) -> String {
    match seconds {
        0..60 => "active".to_owned(),
        60..3600 => format!("idle {} min", seconds / 60),
        _ => format!("idle {} h", seconds / 3600),
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
                        <td>{if m.online { "online" } else { "offline" }}</td>
                        <td>{format!("{}/{}", m.ongoing, m.capacity)}</td>
                        <td>{idle(m.idle_s)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let queue = move || {
        live.get().map(|l| match l.queue {
            0 => "Nobody is waiting.".to_owned(),
            1 => "1 visitor is waiting.".to_owned(),
            n => format!("{n} visitors are waiting."),
        })
    };
    view! {
        <table class="live">
            <caption>{format!("{name} right now")}</caption>
            <thead><tr><th scope="col">"Operator"</th><th scope="col">"State"</th><th scope="col">"Conversations"</th><th scope="col">"Activity"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p role="status">{queue}</p>
        <p role="alert">{move || problem.get()}</p>
    }
}
