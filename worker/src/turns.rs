//! One at a time, in the order they came. An object's handler may wait on
//! the network (the platform's rate limiter, another object), and workerd
//! delivers the object's next event meanwhile: two frames of one socket
//! would then be decided side by side, each on the session as it was
//! before the other, and stored in whichever order their waits ended
//! (`cargo xtask chaos` caught a visitor's message stored before the one
//! typed ahead of it, when a rate limit's minute ended between them). A
//! handler that must see what the one before it did takes a [`Turn`]
//! first: it begins when every turn given out before it has ended, or
//! after [`PATIENCE`], so that a handler stuck on the network cannot stop
//! its object for good (logged: order is then not kept).

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use futures_channel::oneshot;
use futures_util::future::{select, Either};

/// The longest a turn waits for the one before it.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The queue of turns of one object.
#[derive(Default)]
pub struct Turns {
    /// Ends when the last turn given out ends.
    last: RefCell<Option<oneshot::Receiver<()>>>,
}

/// This handler's turn, held until dropped (an error or an early return
/// ends it too); then the next begins.
pub struct Turn {
    _done: oneshot::Sender<()>,
}

impl Turns {
    /// A place in the queue, taken now, in the order of calls; the future
    /// is ready when the turns before it have ended.
    pub fn take(&self) -> impl Future<Output = Turn> {
        let (done, ended) = oneshot::channel();
        let before = self.last.replace(Some(ended));
        async move {
            if let Some(before) = before {
                // Dropped, never sent: the turn before has ended.
                if let Either::Right(_) = select(before, pin!(worker::Delay::from(PATIENCE))).await {
                    worker::console_error!("a turn waited {PATIENCE:?} for the one before it; going on");
                }
            }
            Turn { _done: done }
        }
    }
}
