//! What every object's storage shares: the small key/value table its
//! settings live in, and how it makes its tables.

pub mod kv;
pub mod schema;
