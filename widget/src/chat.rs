//! A conversation as the browser sees it: a [`Socket`] plus core's
//! [`ClientLog`] in a signal, so views re-render as frames arrive. Used by the
//! widget (as visitor) and by the inbox (as operator).

use leptos::prelude::*;
use switchboard_core::client::{ClientLog, ClientStep};
use switchboard_core::protocol::{ClientMsg, ConversationFrame, ServerMsg};

use std::cell::RefCell;
use std::rc::Rc;

use crate::socket::{new_client_id, Link, Socket, WeakSocket};

#[derive(Clone)]
pub struct Chat {
    socket: Socket,
    pub log: RwSignal<ClientLog>,
    /// The last refusal, for the person to read (cleared on the next send).
    pub problem: RwSignal<Option<String>>,
}

impl Chat {
    /// Connects to the conversation socket at `url`. `token` is the visitor's
    /// key (None for operators). `on_reset` runs when the server says the
    /// conversation cannot be opened any more.
    pub fn open(url: String, token: Option<String>, on_reset: impl Fn() + 'static) -> Chat {
        let log = RwSignal::new(ClientLog::default());
        let problem = RwSignal::new(None);
        // The socket, for the retry timer (weak: no cycle through its callback).
        let cell: Rc<RefCell<Option<WeakSocket>>> = Rc::new(RefCell::new(None));
        let me = cell.clone();
        let socket = Socket::open::<ConversationFrame>(
            url,
            move || log.with_untracked(|l| l.hello(token.clone())),
            move |msg: ServerMsg| {
                let mut step = ClientStep::None;
                log.update(|l| step = l.on_server(msg));
                match step {
                    ClientStep::None => vec![],
                    ClientStep::Send(frames) => frames,
                    ClientStep::Failed { message, reset } => {
                        problem.set(Some(message));
                        if reset {
                            on_reset();
                        }
                        vec![]
                    }
                    ClientStep::RetryLater { message, after_ms } => {
                        // Messages the server found too fast go out again
                        // (same ids) when it allows.
                        problem.set(Some(message));
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
        Chat { socket, log, problem }
    }

    pub fn link(&self) -> ReadSignal<Link> {
        self.socket.link()
    }

    /// Sends `text` now, or as soon as the socket is back.
    pub fn send(&self, text: String) {
        self.problem.set(None);
        let mut frame = None;
        self.log.update(|l| frame = l.compose(new_client_id(), text));
        if let Some(frame) = frame {
            self.socket.send(&frame);
        }
    }

    /// Ends the conversation for everyone in it; says so if the socket is
    /// not connected right now.
    pub fn end(&self) {
        self.problem.set(None);
        if !self.socket.send(&ClientMsg::Close) {
            self.problem.set(Some("Not connected right now; try again in a moment.".into()));
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
