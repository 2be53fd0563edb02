//! The Durable Objects, one folder each, the same shape: `mod.rs` the
//! object and its dispatch (each route a typed call of `crate::rpc`, handed
//! to its handler by `rpc::serve`), further files by layer. No object
//! imports another: they meet only through `crate::rpc`.

pub mod bus;
pub mod channel;
pub mod conversation;
pub mod directory;
pub mod workspace;
