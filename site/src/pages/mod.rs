//! One module per page of the inbox. A page is what the top bar switches
//! to; it draws with the shared parts (`crate::form`, `crate::conversation`,
//! `crate::bus`…) and never reaches into the shell or another page, except
//! `channels`, which shows `live` (a channel right now) beside its list and
//! `identity` and `file_limits` in its form.
//!
//! - [`login`]: log in, or create a workspace.
//! - [`inbox`]: Discuss — channels and their conversations, live.
//! - [`channels`]: Live Chat → Channels, with Join / Leave; [`live`]: a
//!   channel right now (admins); [`identity`]: its verified visitors.
//! - [`history`]: ended conversations, searched, and their transcripts.
//! - [`chatbots`]: Live Chat → Chatbots, their scripts.
//! - [`admin`]: Configuration — operators, expertise, languages, presence,
//!   assignment and canned responses.
//! - [`profile`]: My Profile → Preferences (chat name, languages, expertise).

pub mod admin;
pub mod channels;
pub mod chatbots;
pub mod file_limits;
pub mod history;
pub mod identity;
pub mod inbox;
pub mod live;
pub mod login;
pub mod profile;
