//! The inbox's session cookie, as pure text (issue 21, item 7). On https it
//! is `__Host-sb_session`: a browser keeps it only when `Secure`, for this
//! host alone and path `/`, so no sibling subdomain can set or shadow it;
//! only that name is read there. Plain http (local runs) cannot hold a
//! `Secure` cookie, so it uses `sb_session`. Always `HttpOnly` and
//! `SameSite=Lax`.

/// The cookie's name on an https origin.
pub const SECURE_NAME: &str = "__Host-sb_session";
/// The cookie's name on a plain-http origin (local runs only).
pub const PLAIN_NAME: &str = "sb_session";

fn name(secure: bool) -> &'static str {
    if secure {
        SECURE_NAME
    } else {
        PLAIN_NAME
    }
}

/// The `Set-Cookie` value carrying `value` for `max_age_s` seconds (0 and
/// an empty value end it).
pub fn set_cookie(value: &str, max_age_s: i64, secure: bool) -> String {
    let secure_flag = if secure { "; Secure" } else { "" };
    format!("{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{secure_flag}", name(secure))
}

/// The session's value in a `Cookie` header, under the one name this
/// origin uses.
pub fn session(header: &str, secure: bool) -> Option<&str> {
    header.split(';').find_map(|part| {
        let (n, value) = part.trim().split_once('=')?;
        (n == name(secure) && !value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_https_the_cookie_is_host_only_and_secure() {
        assert_eq!(
            set_cookie("w.t.s", 60, true),
            "__Host-sb_session=w.t.s; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert_eq!(
            set_cookie("w.t.s", 60, false),
            "sb_session=w.t.s; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        );
    }

    #[test]
    fn only_the_origin_s_own_name_is_read() {
        let both = "theme=dark; sb_session=planted; __Host-sb_session=real";
        assert_eq!(session(both, true), Some("real"));
        assert_eq!(session("sb_session=planted", true), None, "a sibling's cookie is not a session on https");
        assert_eq!(session(both, false), Some("planted"));
        assert_eq!(session("__Host-sb_session=", true), None, "an ended session");
    }
}
