//! Identifiers shared by every part of Switchboard.
//!
//! Ids travel in URLs, socket frames and SQL rows, so they are restricted to a
//! small, URL-safe alphabet and a bounded length. Core never makes ids: making
//! one needs randomness, which is I/O, so the edges generate them and core
//! only validates them.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::limits::{MAX_ID_LEN, MAX_LOGIN_CHARS};

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Empty,
    TooLong,
    BadChar,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => write!(f, "id is empty"),
            IdError::TooLong => write!(f, "id is longer than {MAX_ID_LEN} bytes"),
            IdError::BadChar => write!(f, "id may hold only letters, digits, '-' and '_'"),
        }
    }
}

fn check(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong);
    }
    if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(IdError::BadChar);
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                check(&s)?;
                Ok(Self(s))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// One conversation between a visitor and the operators of a channel.
    ConversationId
);
id_type!(
    /// A channel: what a site embeds with `data-channel`.
    ChannelId
);
id_type!(
    /// Chosen by the client for each message it sends, so that a resend of the
    /// same message (after a reconnect) is recognised and not stored twice.
    ClientMsgId
);

id_type!(
    /// A file in a conversation, chosen by the client that uploads it, so
    /// that an upload sent again is kept once.
    FileId
);

id_type!(
    /// A visitor's browser on one site, chosen by the widget and kept in the
    /// site's local storage, so a returning visitor can get the operator who
    /// answered them last time. It opens nothing: it is not a secret.
    VisitorId
);

id_type!(
    /// A workspace: one team, its operators and channels. Made by the edge
    /// when the team signs up; the first half of the session cookie.
    WorkspaceId
);

/// How an operator logs in, unique in their workspace: 3 to
/// [`MAX_LOGIN_CHARS`] characters among lowercase letters, digits and
/// `. _ - @ +`. [`crate::workspace::login`] makes one from what a person
/// typed (trimmed, lowercased); a `Login` read from the wire or storage must
/// already be in that form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login(String);

/// Why a string is not a login in its stored form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    Length,
    BadChar,
}

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginError::Length => write!(f, "a login has 3 to {MAX_LOGIN_CHARS} characters"),
            LoginError::BadChar => write!(f, "a login holds only a-z, 0-9 and . _ - @ +"),
        }
    }
}

impl Login {
    pub fn parse(s: impl Into<String>) -> Result<Self, LoginError> {
        let s = s.into();
        if !(3..=MAX_LOGIN_CHARS).contains(&s.chars().count()) {
            return Err(LoginError::Length);
        }
        if !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_@+".contains(&b)) {
            return Err(LoginError::BadChar);
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for Login {
    type Error = LoginError;
    fn try_from(s: String) -> Result<Self, LoginError> {
        Self::parse(s)
    }
}
impl From<Login> for String {
    fn from(l: Login) -> String {
        l.0
    }
}
impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl PartialEq<str> for Login {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// A message's place in its conversation: 1, 2, 3… with no gaps. 0 means
/// "nothing yet" (what a client says it has before its first message).
pub type Seq = u64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_url_safe_ids_and_rejects_the_rest() {
        assert!(ConversationId::parse("c_01-AZ").is_ok());
        assert_eq!(ConversationId::parse(""), Err(IdError::Empty));
        assert_eq!(ConversationId::parse("a/b"), Err(IdError::BadChar));
        assert_eq!(ConversationId::parse("é"), Err(IdError::BadChar));
        assert_eq!(ConversationId::parse("x".repeat(MAX_ID_LEN + 1)), Err(IdError::TooLong));
        assert!(ConversationId::parse("x".repeat(MAX_ID_LEN)).is_ok());
    }

    #[test]
    fn logins_are_stored_lowercase_and_plain() {
        assert!(Login::parse("mitchell@example.com").is_ok());
        assert_eq!(Login::parse("Mitchell"), Err(LoginError::BadChar));
        assert_eq!(Login::parse("ab"), Err(LoginError::Length));
        assert_eq!(Login::parse("a b c"), Err(LoginError::BadChar));
        assert!(serde_json::from_str::<Login>("\"<script>\"").is_err());
        assert_eq!(serde_json::to_string(&Login::parse("admin").unwrap()).unwrap(), "\"admin\"");
    }

    #[test]
    fn invalid_ids_fail_to_deserialize() {
        assert!(serde_json::from_str::<ClientMsgId>("\"ok-1\"").is_ok());
        assert!(serde_json::from_str::<ClientMsgId>("\"<script>\"").is_err());
    }
}
