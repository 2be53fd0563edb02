//! Web Push for operators, the parts that are arithmetic: a message's
//! payload encrypted for one browser (RFC 8291, `aes128gcm` of RFC 8188) and
//! the VAPID token that says who sends it (RFC 8292). No I/O, no clock, no
//! randomness: the Worker gives the random bytes and the time, sends the
//! request (`worker/src/objects/bus/push.rs`), and the tests check these
//! functions against the RFCs' published examples.
//!
//! `decrypt` is what a browser does with a push; the integration tests' local
//! push endpoint uses it to read what the Worker sent.

mod payload;
mod vapid;

pub use payload::{decrypt, encrypt, Keys, RECORD_SIZE};
pub use vapid::{verify, Vapid};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Why a push could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// A key is not a point or a scalar of P-256 (or not the right length).
    Key,
    /// The payload does not fit one record.
    TooLong,
}

/// Base64url without padding, as Web Push writes keys and tokens.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Reads base64url (padding tolerated, as some browsers add it).
pub fn unb64(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// The origin of a push endpoint (`https://host[:port]`), the VAPID
/// token's audience; `None` if the endpoint is no absolute http(s) URL.
pub fn origin(endpoint: &str) -> Option<&str> {
    let rest = endpoint.strip_prefix("https://").or_else(|| endpoint.strip_prefix("http://"))?;
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_len == 0 {
        return None;
    }
    Some(&endpoint[..endpoint.len() - rest.len() + host_len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoints_origin_is_its_scheme_host_and_port() {
        assert_eq!(origin("https://fcm.googleapis.com/fcm/send/abc"), Some("https://fcm.googleapis.com"));
        assert_eq!(origin("http://127.0.0.1:8080/push/1"), Some("http://127.0.0.1:8080"));
        assert_eq!(origin("https://push.example"), Some("https://push.example"));
        assert_eq!(origin("https:///x"), None);
        assert_eq!(origin("ftp://x/y"), None);
    }

    #[test]
    fn base64url_reads_what_it_writes_padded_or_not() {
        assert_eq!(unb64(&b64(b"\xfb\xff")), Some(vec![0xfb, 0xff]));
        assert_eq!(unb64("-_8="), Some(vec![0xfb, 0xff]));
        assert_eq!(unb64("+/8"), None);
    }
}
