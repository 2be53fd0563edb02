//! A conversation as the browser sees it: a [`Socket`] plus core's
//! [`ClientLog`] in a signal, so views re-render as frames arrive. Used by the
//! widget (as visitor) and by the inbox (as operator).
//!
//! Its socket decodes only `ConversationFrame`s (the conversation socket's
//! subset of `ServerMsg`, the same JSON), so the widget carries no decoder
//! for the inbox's frames.

use leptos::prelude::*;
use switchboard_core::client::{ClientLog, ClientStep};
use switchboard_core::protocol::{Author, ClientMsg, ConversationFrame, ErrorCode, Rating, ServerMsg};

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::socket::{new_client_id, Link, Socket, WeakSocket};

/// Something to tell the person, as a reason: each view words it in its
/// person's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The conversation's socket refused a frame.
    Refused(ErrorCode),
    /// An action that needs the connection came while it was down.
    NotConnected,
    /// The chat service could not be reached, or answered nonsense.
    Unreachable,
    /// The chat service refused a request; its error code.
    Api(String),
}

/// Why this side can say nothing more in a conversation, with the messages
/// typed here that it did not take: the person's words, to put somewhere (a
/// new conversation, the composer), never to drop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Over {
    /// The server no longer opens it with this key: start afresh.
    Reset(Vec<String>),
    /// It ended before these messages reached it.
    Undelivered(Vec<String>),
}

#[derive(Clone)]
pub struct Chat {
    socket: Socket,
    pub log: RwSignal<ClientLog>,
    /// The last refusal, for the person to read (cleared on the next send).
    pub problem: RwSignal<Option<Problem>>,
    /// Who is typing on the other side, for a few seconds after they said so.
    pub typing: RwSignal<Option<Author>>,
    /// When this side last said it was typing (ms), to say it at most every
    /// [`TYPING_EVERY_MS`].
    typed_at: Rc<Cell<f64>>,
}

/// This side says "typing" at most this often; the other side shows it for
/// a little longer, so a steady typist shows steadily.
const TYPING_EVERY_MS: f64 = 3_000.0;
const TYPING_SHOWN_MS: u64 = 5_000;

/// Whether the page is hidden (another tab, a minimised window): nothing on
/// it is being read.
pub fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Puts words that could not be sent back in a composer's `draft`, before
/// what is being typed there now.
pub fn put_back(draft: RwSignal<String>, texts: Vec<String>) {
    draft.update(|draft| {
        let typed = std::mem::take(draft);
        *draft = texts.into_iter().chain((!typed.is_empty()).then_some(typed)).collect::<Vec<_>>().join("\n");
    });
}

impl Chat {
    /// Connects to the conversation socket at `url`. `token` is the visitor's
    /// key (None for operators). `on_over` runs when the server says the
    /// conversation cannot be opened any more, or that it ended with
    /// messages of this side undelivered.
    pub fn open(url: String, token: Option<String>, on_over: impl Fn(Over) + 'static) -> Chat {
        let log = RwSignal::new(ClientLog::default());
        let problem = RwSignal::new(None);
        let typing = RwSignal::new(None);
        // Which "typing" news is the latest (an older one's timer must not hide it).
        let typing_seen = Rc::new(Cell::new(0u32));
        // The socket, for the retry timer (weak: no cycle through its callback).
        let cell: Rc<RefCell<Option<WeakSocket>>> = Rc::new(RefCell::new(None));
        let me = cell.clone();
        let socket = Socket::open::<ConversationFrame>(
            url,
            move || log.with_untracked(|l| l.hello(token.clone())),
            move |msg: ServerMsg| {
                match &msg {
                    ServerMsg::Typing { by } => {
                        typing.set(Some(by.clone()));
                        let shown = typing_seen.get() + 1;
                        typing_seen.set(shown);
                        let seen = typing_seen.clone();
                        set_timeout(
                            move || {
                                if seen.get() == shown {
                                    typing.set(None);
                                }
                            },
                            std::time::Duration::from_millis(TYPING_SHOWN_MS),
                        );
                    }
                    // Their message is here: they are no longer typing it.
                    ServerMsg::Message(m) if typing.with_untracked(|t| t.as_ref() == Some(&m.author)) => {
                        typing.set(None)
                    }
                    _ => {}
                }
                let mut step = ClientStep::None;
                log.update(|l| step = l.on_server(msg));
                match step {
                    ClientStep::None => vec![],
                    ClientStep::Send(frames) => frames,
                    ClientStep::Failed { code, reset } => {
                        problem.set(Some(Problem::Refused(code)));
                        if reset {
                            let left =
                                log.with_untracked(|l| l.pending().iter().map(|p| p.text.clone()).collect());
                            on_over(Over::Reset(left));
                        }
                        vec![]
                    }
                    ClientStep::Undelivered(left) => {
                        problem.set(Some(Problem::Refused(ErrorCode::Closed)));
                        on_over(Over::Undelivered(left.into_iter().map(|p| p.text).collect()));
                        vec![]
                    }
                    ClientStep::RetryLater { after_ms } => {
                        // Messages the server found too fast go out again
                        // (same ids) when it allows.
                        problem.set(Some(Problem::Refused(ErrorCode::RateLimited)));
                        let me = me.clone();
                        set_timeout(
                            move || {
                                let Some(socket) = me.borrow().as_ref().and_then(WeakSocket::upgrade) else {
                                    return;
                                };
                                problem.set(None);
                                for frame in log.with_untracked(ClientLog::resend) {
                                    socket.send(&frame);
                                }
                            },
                            std::time::Duration::from_millis(after_ms.into()),
                        );
                        vec![]
                    }
                }
            },
        );
        *cell.borrow_mut() = Some(socket.downgrade());
        Chat { socket, log, problem, typing, typed_at: Rc::new(Cell::new(f64::NEG_INFINITY)) }
    }

    /// This side is typing: tells the others, at most every few seconds.
    pub fn typed(&self) {
        let now = js_sys::Date::now();
        if now - self.typed_at.get() >= TYPING_EVERY_MS && self.socket.send(&ClientMsg::Typing) {
            self.typed_at.set(now);
        }
    }

    pub fn link(&self) -> ReadSignal<Link> {
        self.socket.link()
    }

    /// Says "seen" for the other side's messages up to the last one, if not
    /// said yet (call while they are shown; nothing while the page is
    /// hidden). `as_visitor` says which side this is.
    pub fn see(&self, as_visitor: bool) {
        if page_hidden() {
            return;
        }
        // Only the log's own bookkeeping changes: nothing to re-render.
        if let Some(frame) = self.log.update_untracked(|l| l.see(as_visitor)) {
            self.socket.send(&frame);
        }
    }

    /// Rates the ended conversation (visitor); false if not connected.
    pub fn rate(&self, rating: Rating, comment: String) -> bool {
        self.socket.send(&ClientMsg::Rate { rating, comment })
    }

    /// Reconnects now rather than at the end of the backoff.
    pub fn retry_now(&self) {
        self.socket.retry_now()
    }

    /// Sends `text` now, or as soon as the socket is back.
    pub fn send(&self, text: String) {
        self.send_with_files(text, vec![]);
    }

    /// Sends a message carrying files uploaded beforehand (their ids): kept,
    /// resent and acknowledged like any other.
    pub fn send_with_files(&self, text: String, files: Vec<String>) {
        self.problem.set(None);
        // The other side stops showing "typing" when this message arrives:
        // the next keystroke says so again at once.
        self.typed_at.set(f64::NEG_INFINITY);
        let composed = self.log.try_update(|l| l.compose_with_files(new_client_id(), text, files));
        if let Some(frame) = composed.flatten() {
            self.socket.send(&frame);
        }
    }

    /// Ends the conversation for everyone in it, now or as soon as the
    /// socket is back (after what this side still has to send).
    pub fn end(&self) {
        self.problem.set(None);
        if let Some(frame) = self.log.try_update(ClientLog::end).flatten() {
            self.socket.send(&frame);
        }
    }

    pub fn is_ended(&self) -> bool {
        self.log.with(|l| l.closed_by().is_some())
    }

    /// Closes the socket (the conversation goes on without this view).
    pub fn close(&self) {
        self.socket.close();
    }
}
