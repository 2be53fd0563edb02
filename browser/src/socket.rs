//! A WebSocket that comes back: reconnects with exponential backoff and says
//! `hello` again every time. Shared by the widget and the inbox.
//!
//! The socket knows frames, not conversations: what to say on connect and what
//! to do with each server frame are the owner's callbacks. [`crate::chat`]
//! builds a conversation on it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use switchboard_core::protocol::{ClientMsg, ServerMsg, SESSION_ENDED};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// What the person should be told about the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Online,
    /// Lost; trying again (the attempt number, from 1).
    Reconnecting(u32),
    /// Given up on purpose (closed by us, or refused for good).
    Closed,
}

const MAX_BACKOFF_MS: i32 = 30_000;

/// The event the window hears when a socket closed because its session
/// ended (`SESSION_ENDED`): the inbox goes back to its log-in page.
pub const SESSION_ENDED_EVENT: &str = "switchboard:session-ended";

type Hello = Box<dyn Fn() -> ClientMsg>;
type OnFrame = Box<dyn Fn(ServerMsg) -> Vec<ClientMsg>>;

/// Decodes a text frame as `F` (a narrower type than `ServerMsg` decodes
/// fewer shapes, in fewer bytes of wasm).
fn decode<F: DeserializeOwned + Into<ServerMsg>>(text: &str) -> Option<ServerMsg> {
    crate::json::from_str::<F>(text).map(Into::into)
}

struct Inner {
    url: String,
    decode: fn(&str) -> Option<ServerMsg>,
    hello: Hello,
    on_frame: OnFrame,
    link: RwSignal<Link>,
    ws: RefCell<Option<WebSocket>>,
    attempts: Cell<u32>,
    /// The pending reconnect, if one is waiting.
    timer: Cell<Option<i32>>,
    closed: Cell<bool>,
    /// The current socket's handlers, dropped when it is replaced.
    handlers: RefCell<Vec<Box<dyn std::any::Any>>>,
}

/// A cheap handle; clones share one connection.
#[derive(Clone)]
pub struct Socket(Rc<Inner>);

/// A handle that does not keep the socket alive (for timers and callbacks).
pub struct WeakSocket(std::rc::Weak<Inner>);

impl WeakSocket {
    pub fn upgrade(&self) -> Option<Socket> {
        self.0.upgrade().map(Socket)
    }
}

impl Socket {
    /// Opens `url`; `hello` makes the first frame of every connection and
    /// `on_frame` answers each server frame, decoded as `F`, with frames to
    /// send.
    pub fn open<F: DeserializeOwned + Into<ServerMsg>>(
        url: String,
        hello: impl Fn() -> ClientMsg + 'static,
        on_frame: impl Fn(ServerMsg) -> Vec<ClientMsg> + 'static,
    ) -> Socket {
        let socket = Socket(Rc::new(Inner {
            url,
            decode: decode::<F>,
            hello: Box::new(hello),
            on_frame: Box::new(on_frame),
            link: RwSignal::new(Link::Connecting),
            ws: RefCell::new(None),
            attempts: Cell::new(0),
            timer: Cell::new(None),
            closed: Cell::new(false),
            handlers: RefCell::new(vec![]),
        }));
        socket.connect();
        socket.follow_network();
        socket
    }

    /// The browser knows before the socket does: going offline drops the
    /// connection at once (so the person is told), and coming back online
    /// reconnects without waiting for the backoff.
    fn follow_network(&self) {
        let Some(window) = web_sys::window() else { return };
        for (event, online) in [("offline", false), ("online", true)] {
            let weak = self.downgrade();
            let listener = Closure::<dyn FnMut()>::new(move || {
                if let Some(socket) = weak.upgrade() {
                    if online {
                        socket.retry_now()
                    } else {
                        socket.drop_connection()
                    }
                }
            });
            let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            // Lives as long as the page: a few bytes per conversation opened.
            listener.forget();
        }
    }

    /// Reconnects now instead of at the end of the backoff ("Try now", or
    /// the browser coming back online).
    pub fn retry_now(&self) {
        if let Some(id) = self.0.timer.take() {
            if let Some(window) = web_sys::window() {
                window.clear_timeout_with_handle(id);
            }
            self.connect();
        }
    }

    pub fn link(&self) -> ReadSignal<Link> {
        self.0.link.read_only()
    }

    pub fn downgrade(&self) -> WeakSocket {
        WeakSocket(Rc::downgrade(&self.0))
    }

    /// Sends now if connected; returns false if the frame was not sent.
    pub fn send(&self, msg: &ClientMsg) -> bool {
        let Some(json) = crate::json::to_string(msg) else { return false };
        match &*self.0.ws.borrow() {
            Some(ws) if ws.ready_state() == WebSocket::OPEN => ws.send_with_str(&json).is_ok(),
            _ => false,
        }
    }

    /// Closes for good (no reconnect).
    pub fn close(&self) {
        self.0.closed.set(true);
        if let Some(ws) = self.0.ws.borrow_mut().take() {
            let _ = ws.close();
        }
        self.0.link.set(Link::Closed);
    }

    /// Drops the current connection as a network failure would (tests, and
    /// the browser's `offline` event); it reconnects as usual.
    pub fn drop_connection(&self) {
        if let Some(ws) = &*self.0.ws.borrow() {
            let _ = ws.close();
        }
    }

    fn connect(&self) {
        if self.0.closed.get() {
            return;
        }
        let ws = match WebSocket::new(&self.0.url) {
            Ok(ws) => ws,
            Err(_) => return self.retry(),
        };
        let this = self.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || {
            this.send(&(this.0.hello)());
        });
        let this = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let Some(msg) = (this.0.decode)(&text) else {
                return;
            };
            if matches!(msg, ServerMsg::Welcome { .. } | ServerMsg::State { .. }) {
                this.0.attempts.set(0);
                this.0.link.set(Link::Online);
            }
            for reply in (this.0.on_frame)(msg) {
                this.send(&reply);
            }
        });
        let this = self.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            if e.code() == SESSION_ENDED {
                // Reconnecting would be refused: the page is told instead.
                this.0.closed.set(true);
                this.0.link.set(Link::Closed);
                let event = web_sys::Event::new(SESSION_ENDED_EVENT);
                if let (Some(window), Ok(event)) = (web_sys::window(), event) {
                    let _ = window.dispatch_event(&event);
                }
                return;
            }
            // A failed connection attempt closes too, so this covers errors.
            this.retry();
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        *self.0.handlers.borrow_mut() = vec![Box::new(on_open), Box::new(on_message), Box::new(on_close)];
        if let Some(old) = self.0.ws.replace(Some(ws)) {
            old.set_onclose(None);
            let _ = old.close();
        }
    }

    fn retry(&self) {
        if self.0.closed.get() {
            return;
        }
        let attempt = self.0.attempts.get() + 1;
        self.0.attempts.set(attempt);
        self.0.link.set(Link::Reconnecting(attempt));
        let delay = (500i32 << attempt.min(6)).min(MAX_BACKOFF_MS);
        let this = self.clone();
        let again = Closure::once_into_js(move || {
            this.0.timer.set(None);
            this.connect()
        });
        if let Some(window) = web_sys::window() {
            let id =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), delay);
            self.0.timer.set(id.ok());
        }
    }
}

/// `ws://` or `wss://` for a path on the `http(s)://` origin `base`.
pub fn ws_url(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let base = base
        .strip_prefix("https://")
        .map(|b| format!("wss://{b}"))
        .or_else(|| base.strip_prefix("http://").map(|b| format!("ws://{b}")))
        .unwrap_or_else(|| base.to_owned());
    format!("{base}{path}")
}

/// 128 random bits, hex. (`getRandomValues`, not `randomUUID`: the latter
/// exists only on https pages.)
pub fn random_hex() -> String {
    use std::fmt::Write;
    let mut bytes = [0u8; 16];
    let random = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !random {
        // No Web Crypto at all: time plus a counter still never repeats here.
        thread_local!(static N: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });
        let n = N.with(|n| n.replace(n.get() + 1));
        bytes[..8].copy_from_slice(&(js_sys::Date::now() as u64).to_be_bytes());
        bytes[8..].copy_from_slice(&n.to_be_bytes());
    }
    bytes.iter().fold(String::with_capacity(32), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A fresh client message id (a repeated id would make the server drop a
/// message as a resend).
pub fn new_client_id() -> switchboard_core::ids::ClientMsgId {
    switchboard_core::ids::ClientMsgId::parse(random_hex()).expect("32 hex digits are a valid client id")
}
