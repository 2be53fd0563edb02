//! Every object's tables, from one [`Schema`] each: a baseline (the tables
//! and columns as they stood when versions began to be kept), then ordered
//! migrations, applied above the version the database keeps in its
//! `schema_version` table. A failing step is an error: the object keeps it
//! and refuses every request (logged, a 500 to the caller) instead of
//! running on a schema it does not know.
//!
//! The baseline is safe on any database made before versions were kept:
//! its tables are `IF NOT EXISTS`, and a column it adds may be there
//! already, which alone is not a failure. Migrations after it are strict.

use serde::Deserialize;
use worker::SqlStorage;

use crate::error::{AppError, AppResult};

pub struct Schema {
    /// Names the object in errors.
    pub object: &'static str,
    /// The baseline's tables (`CREATE TABLE IF NOT EXISTS`).
    pub tables: &'static [&'static str],
    /// The baseline's later columns, `(table, column definition)`.
    pub columns: &'static [(&'static str, &'static str)],
    /// Every change since, in order: the n-th brings version n to n + 1
    /// (the baseline is version 1).
    pub migrations: &'static [&'static [&'static str]],
}

/// What applying a schema gave: `Ok`, or the step that failed and why.
pub type Applied = Result<(), String>;

impl Schema {
    /// Brings `sql` to the newest version.
    pub fn apply(&self, sql: &SqlStorage) -> Applied {
        let run = |statement: &str| sql.exec(statement, None).map(drop).map_err(|e| e.to_string());
        // Read first: an object woken from hibernation makes one query here.
        let mut version = match self.version(sql) {
            Ok(v) => v,
            Err(_) => {
                run("CREATE TABLE IF NOT EXISTS schema_version (v INTEGER NOT NULL)")?;
                self.version(sql)?
            }
        };
        if version == 0 {
            for table in self.tables {
                run(table).map_err(|e| format!("{} baseline: {e}", self.object))?;
            }
            for (table, column) in self.columns {
                match run(&format!("ALTER TABLE {table} ADD COLUMN {column}")) {
                    Err(e) if !e.contains("duplicate column") => {
                        return Err(format!("{} baseline, {table}.{column}: {e}", self.object))
                    }
                    _ => {}
                }
            }
            version = self.set_version(sql, 1)?;
        }
        for (i, migration) in self.migrations.iter().enumerate().skip(version as usize - 1) {
            for statement in *migration {
                run(statement).map_err(|e| format!("{} migration {}: {e}", self.object, i + 2))?;
            }
            self.set_version(sql, i as i64 + 2)?;
        }
        Ok(())
    }

    fn version(&self, sql: &SqlStorage) -> Result<i64, String> {
        #[derive(Deserialize)]
        struct V {
            v: i64,
        }
        let read = sql.exec("SELECT coalesce(max(v), 0) AS v FROM schema_version", None);
        read.and_then(|c| c.one::<V>()).map(|r| r.v).map_err(|e| format!("{} version: {e}", self.object))
    }

    fn set_version(&self, sql: &SqlStorage, v: i64) -> Result<i64, String> {
        let write = sql
            .exec("DELETE FROM schema_version", None)
            .and_then(|_| sql.exec("INSERT INTO schema_version (v) VALUES (?)", vec![v.into()]));
        write.map(|_| v).map_err(|e| format!("{} version {v}: {e}", self.object))
    }
}

/// Refuses a request to an object whose schema did not apply.
pub fn ready(applied: &Applied) -> AppResult<()> {
    applied.clone().map_err(AppError::Internal)
}

/// The key/value table of [`crate::storage::kv::Kv`] named `meta`.
pub const META: &str = "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)";
/// The key/value table named `config`.
pub const CONFIG: &str = "CREATE TABLE IF NOT EXISTS config (k TEXT PRIMARY KEY, v TEXT NOT NULL)";
