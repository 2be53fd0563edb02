//! Every object's SQLite tables are made in its constructor, the same way:
//! `CREATE … IF NOT EXISTS` statements (a failure is logged, never fatal),
//! then the columns later versions added (adding one that exists fails,
//! which is what makes it idempotent).

use worker::SqlStorage;

/// Runs `ddl` (each statement `IF NOT EXISTS`); `object` names the log line.
pub fn create(sql: &SqlStorage, object: &str, ddl: &[&str]) {
    for statement in ddl {
        if let Err(e) = sql.exec(statement, None) {
            worker::console_error!("{object} schema: {e}");
        }
    }
}

/// Adds each `(table, column definition)` that is not there yet.
pub fn add_columns(sql: &SqlStorage, columns: &[(&str, &str)]) {
    for (table, column) in columns {
        let _ = sql.exec(&format!("ALTER TABLE {table} ADD COLUMN {column}"), None);
    }
}
