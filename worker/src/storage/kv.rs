//! A key/value table inside an object's SQLite database (`meta` in
//! conversations and workspaces, `config` in channels): a handful of named
//! settings that do not deserve columns of their own.

use serde::Deserialize;
use worker::SqlStorage;

use crate::error::AppResult;

pub struct Kv {
    sql: SqlStorage,
    table: &'static str,
}

impl Kv {
    /// The table `table` of `sql` (made by the object's schema:
    /// [`crate::storage::schema::META`] or [`crate::storage::schema::CONFIG`]).
    pub fn new(sql: SqlStorage, table: &'static str) -> Kv {
        Kv { sql, table }
    }

    pub fn get(&self, key: &str) -> AppResult<Option<String>> {
        #[derive(Deserialize)]
        struct Row {
            v: String,
        }
        let query = format!("SELECT v FROM {} WHERE k = ?", self.table);
        let rows: Vec<Row> = self.sql.exec(&query, vec![key.into()])?.to_array()?;
        Ok(rows.into_iter().next().map(|r| r.v))
    }

    pub fn set(&self, key: &str, value: &str) -> AppResult<()> {
        let query = format!(
            "INSERT INTO {} (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            self.table
        );
        self.sql.exec(&query, vec![key.into(), value.into()])?;
        Ok(())
    }
}
