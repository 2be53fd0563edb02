//! What the bench's load drivers (`src/bin/channel-load.rs`,
//! `src/bin/growth.rs`) share: blocking sockets to the operators' buses, and
//! when each conversation was first seen assigned there.

use std::collections::HashMap;
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use switchboard_core::protocol::{BusEvent, ClientMsg, ServerMsg, PROTOCOL_VERSION};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::stream::MaybeTlsStream;
use tokio_tungstenite::tungstenite::{self, Message, WebSocket};

use crate::{base, ws_base, Browser};

pub type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

/// When each conversation was first seen assigned.
#[derive(Default)]
pub struct Seen {
    at: Mutex<HashMap<String, Instant>>,
    changed: Condvar,
}

impl Seen {
    /// Waits until every id is seen; returns when the last one was.
    pub fn wait_for(&self, ids: &[String], deadline: Instant) -> Instant {
        let mut at = self.at.lock().unwrap();
        loop {
            if let Some(last) = ids.iter().map(|id| at.get(id).copied()).collect::<Option<Vec<_>>>() {
                return last.into_iter().max().unwrap_or_else(Instant::now);
            }
            let left = deadline.checked_duration_since(Instant::now()).expect("the bench ran out of time");
            at = self.changed.wait_timeout(at, left).unwrap().0;
        }
    }

    fn note(&self, id: String) {
        self.at.lock().unwrap().entry(id).or_insert_with(Instant::now);
        self.changed.notify_all();
    }
}

/// A blocking socket to `path`, with the browser's cookie if it has one.
pub fn socket(path: &str, cookie: Option<&str>) -> Socket {
    let mut req = format!("{}{path}", ws_base()).into_client_request().unwrap();
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse().unwrap());
    }
    req.headers_mut().insert("origin", base().parse().unwrap());
    // A connection of its own, as each of many people would have.
    req.headers_mut().insert(crate::CLIENT_ADDRESS, crate::fresh_address().parse().unwrap());
    tungstenite::connect(req).expect("a socket").0
}

pub fn send(ws: &mut Socket, msg: &ClientMsg) {
    ws.send(Message::Text(serde_json::to_string(msg).unwrap().into())).unwrap();
}

/// An inbox tab's socket to the operator's bus, introduced.
pub fn inbox(browser: &Browser) -> Socket {
    let mut ws = socket("/api/bus", browser.cookie.as_deref());
    send(&mut ws, &ClientMsg::Hello { v: PROTOCOL_VERSION, token: None, last_seq: 0 });
    ws
}

/// Reads a socket until it closes, noting assignments if `seen` is given.
pub fn drain(mut ws: Socket, seen: Option<Arc<Seen>>) {
    while let Ok(frame) = ws.read() {
        let (Some(seen), Message::Text(text)) = (&seen, frame) else { continue };
        if let Ok(ServerMsg::Event { event: BusEvent::Updated(s), .. }) = serde_json::from_str(text.as_str())
        {
            if s.operator.is_some() {
                seen.note(s.id.to_string());
            }
        }
    }
}
