//! A key/value table inside an object's SQLite database (`meta` in
//! conversations, workspaces and buses, `config` in channels): a handful of
//! named values that do not deserve columns of their own.
//!
//! Each object declares what it keeps there as typed [`Key`]s, in its
//! `store.rs`: the key's type says how the value is kept ([`Stored`]) —
//! plain text for ids, names, numbers and flags, JSON for lists and
//! records — and a value that no longer reads as its type is an error
//! (logged, a 500), never quietly taken for a default.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use switchboard_core::ids::{ChannelId, ConversationId, Login, VisitorId, WorkspaceId};
use worker::SqlStorage;

use crate::error::{AppError, AppResult};

/// A named value of a kv table, of type `T`.
pub struct Key<T> {
    name: Cow<'static, str>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    pub const fn new(name: &'static str) -> Key<T> {
        Key { name: Cow::Borrowed(name), kind: PhantomData }
    }

    /// A key made at run time (`input:<step>`).
    pub fn named(name: String) -> Key<T> {
        Key { name: Cow::Owned(name), kind: PhantomData }
    }
}

/// How a value is written in a kv table, and read back.
pub trait Stored: Sized {
    fn encode(&self) -> AppResult<String>;
    fn decode(text: String) -> Option<Self>;
}

/// Kept as JSON: lists and records (an object's own types, and the
/// configuration it is handed).
pub trait Json: Serialize + DeserializeOwned {}

impl<T: Json> Stored for T {
    fn encode(&self) -> AppResult<String> {
        Ok(serde_json::to_string(self)?)
    }
    fn decode(text: String) -> Option<Self> {
        serde_json::from_str(&text).ok()
    }
}

impl<T: Serialize + DeserializeOwned> Json for Vec<T> {}
impl Json for switchboard_core::protocol::WorkspaceSettings {}
impl Json for switchboard_core::protocol::ChatbotScript {}
impl Json for switchboard_core::protocol::Rating {}
impl Json for switchboard_core::chatbot::Run {}
impl Json for switchboard_core::protocol::VisitorIdentity {}
impl Json for switchboard_core::protocol::FileLimits {}

impl Stored for String {
    fn encode(&self) -> AppResult<String> {
        Ok(self.clone())
    }
    fn decode(text: String) -> Option<Self> {
        Some(text)
    }
}

impl Stored for i64 {
    fn encode(&self) -> AppResult<String> {
        Ok(self.to_string())
    }
    fn decode(text: String) -> Option<Self> {
        text.parse().ok()
    }
}

impl Stored for u64 {
    fn encode(&self) -> AppResult<String> {
        Ok(self.to_string())
    }
    fn decode(text: String) -> Option<Self> {
        text.parse().ok()
    }
}

/// `"1"`; anything else (as `""`, which older rows hold) is `false`.
impl Stored for bool {
    fn encode(&self) -> AppResult<String> {
        Ok(if *self { "1" } else { "" }.to_owned())
    }
    fn decode(text: String) -> Option<Self> {
        Some(text == "1")
    }
}

macro_rules! stored_as_text {
    ($($id:ty),*) => {$(
        impl Stored for $id {
            fn encode(&self) -> AppResult<String> {
                Ok(self.as_str().to_owned())
            }
            fn decode(text: String) -> Option<Self> {
                <$id>::parse(text).ok()
            }
        }
    )*};
}

stored_as_text!(ChannelId, ConversationId, Login, VisitorId, WorkspaceId);

pub struct Kv {
    sql: SqlStorage,
    table: &'static str,
    cache: Option<Cache>,
}

/// A table's values kept beside its object, read whole at the first read
/// (one query, where each read was one) and kept true by every write
/// through [`Kv`]: an object is the only writer of its storage, and
/// nothing else writes these tables once its migrations have run. An
/// object woken from hibernation starts with an empty one.
#[derive(Clone, Default)]
pub struct Cache(Rc<RefCell<Option<HashMap<String, String>>>>);

impl Kv {
    /// The table `table` of `sql` (made by the object's schema:
    /// [`crate::storage::schema::META`] or [`crate::storage::schema::CONFIG`]).
    pub fn new(sql: SqlStorage, table: &'static str) -> Kv {
        Kv { sql, table, cache: None }
    }

    /// The same, reading through the object's [`Cache`] of the table.
    pub fn cached(sql: SqlStorage, table: &'static str, cache: &Cache) -> Kv {
        Kv { sql, table, cache: Some(cache.clone()) }
    }

    /// The value of `key`, if set; an error if it does not read as its type.
    pub fn load<T: Stored>(&self, key: &Key<T>) -> AppResult<Option<T>> {
        match self.get(&key.name)? {
            None => Ok(None),
            Some(text) => T::decode(text).map(Some).ok_or_else(|| {
                AppError::Internal(format!("{}.{} does not read as its type", self.table, key.name))
            }),
        }
    }

    /// The value of `key`; an error if it is not set.
    pub fn need<T: Stored>(&self, key: &Key<T>) -> AppResult<T> {
        self.load(key)?.ok_or_else(|| AppError::Internal(format!("{}.{} is not set", self.table, key.name)))
    }

    pub fn store<T: Stored>(&self, key: &Key<T>, value: &T) -> AppResult<()> {
        let query = format!(
            "INSERT INTO {} (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            self.table
        );
        let text = value.encode()?;
        self.sql.exec(&query, vec![key.name.as_ref().into(), text.as_str().into()])?;
        self.kept(|values| {
            values.insert(key.name.to_string(), text);
        });
        Ok(())
    }

    /// Stores `value`, or removes the key for `None`.
    pub fn store_or_remove<T: Stored>(&self, key: &Key<T>, value: Option<&T>) -> AppResult<()> {
        match value {
            Some(v) => self.store(key, v),
            None => self.remove(key),
        }
    }

    pub fn remove<T>(&self, key: &Key<T>) -> AppResult<()> {
        let query = format!("DELETE FROM {} WHERE k = ?", self.table);
        self.sql.exec(&query, vec![key.name.as_ref().into()])?;
        self.kept(|values| {
            values.remove(key.name.as_ref());
        });
        Ok(())
    }

    pub fn has<T>(&self, key: &Key<T>) -> AppResult<bool> {
        Ok(self.get(&key.name)?.is_some())
    }

    fn get(&self, key: &str) -> AppResult<Option<String>> {
        #[derive(Deserialize)]
        struct Row {
            k: String,
            v: String,
        }
        let Some(cache) = &self.cache else {
            let query = format!("SELECT k, v FROM {} WHERE k = ?", self.table);
            let rows: Vec<Row> = self.sql.exec(&query, vec![key.into()])?.to_array()?;
            return Ok(rows.into_iter().next().map(|r| r.v));
        };
        if cache.0.borrow().is_none() {
            let query = format!("SELECT k, v FROM {}", self.table);
            let rows: Vec<Row> = self.sql.exec(&query, None)?.to_array()?;
            *cache.0.borrow_mut() = Some(rows.into_iter().map(|r| (r.k, r.v)).collect());
        }
        Ok(cache.0.borrow().as_ref().and_then(|values| values.get(key).cloned()))
    }

    /// Changes the cached values, if they were read.
    fn kept(&self, change: impl FnOnce(&mut HashMap<String, String>)) {
        if let Some(cache) = &self.cache {
            if let Some(values) = cache.0.borrow_mut().as_mut() {
                change(values);
            }
        }
    }
}
