//! Counting what each event costs, for `cargo xtask bench`: requests that
//! reach each kind of object (by path), socket frames and alarms, and rows
//! each kind writes. Only with `METER=true` (the bench's workerd); otherwise
//! nothing is counted and `GET /api/meter` is 404.
//!
//! The counts live in the isolate's memory. On local workerd the Worker and
//! all its objects run in one isolate, so one table sees everything; in
//! production each isolate would count only its own, which is why it is off
//! there. Rows written are SQLite's own count (`total_changes()`), read after
//! each request and credited to the object's kind once: interleaved requests
//! are never counted twice.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use serde::Deserialize;
use worker::{Env, SqlStorage};

thread_local! {
    static COUNTS: RefCell<BTreeMap<String, u64>> = const { RefCell::new(BTreeMap::new()) };
}

pub fn enabled(env: &Env) -> bool {
    env.var("METER").is_ok_and(|v| v.to_string() == "true")
}

fn add(key: String, n: u64) {
    COUNTS.with_borrow_mut(|c| *c.entry(key).or_default() += n);
}

/// Everything counted so far, by `"<kind> <what>"`.
pub fn counts() -> BTreeMap<String, u64> {
    COUNTS.with_borrow(Clone::clone)
}

/// One object's meter (`kind`: `channel`, `conversation`, `bus`…).
pub struct Meter {
    kind: &'static str,
    on: bool,
    /// SQLite's change count when it was last read.
    changes: Cell<i64>,
}

impl Meter {
    pub fn new(env: &Env, kind: &'static str) -> Meter {
        Meter { kind, on: enabled(env), changes: Cell::new(0) }
    }

    /// Something reached the object: a request to `path`, `socket frame`,
    /// `socket close`, `alarm`.
    pub fn reached(&self, what: &str) {
        if self.on {
            add(format!("{} {what}", self.kind), 1);
        }
    }

    /// Credits the rows written since last asked.
    pub fn rows(&self, sql: &SqlStorage) {
        if !self.on {
            return;
        }
        #[derive(Deserialize)]
        struct Changes {
            n: i64,
        }
        let Ok(now) = sql.exec("SELECT total_changes() AS n", None).and_then(|c| c.one::<Changes>()) else {
            return;
        };
        let before = self.changes.replace(now.n);
        if now.n > before {
            add(format!("{} rows written", self.kind), (now.n - before) as u64);
        }
    }
}

/// The edge's own count: a request of `what` (a route's name).
pub fn edge(env: &Env, what: &str) {
    if enabled(env) {
        add(format!("edge {what}"), 1);
    }
}
