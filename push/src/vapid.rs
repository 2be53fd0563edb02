//! VAPID (RFC 8292): a push request carries a short-lived ES256 JWT signed
//! with the service's key and that key's public half, so a push service
//! knows every push for a subscription comes from the server it was made
//! for.

use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

use crate::{b64, origin, unb64};

/// The token's header, always the same (RFC 8292 §2).
const HEADER: &str = r#"{"typ":"JWT","alg":"ES256"}"#;

/// The service's signing key (the secret `VAPID_PRIVATE_KEY`, a P-256
/// scalar in base64url).
pub struct Vapid {
    key: SigningKey,
}

impl Vapid {
    pub fn from_secret(secret: &str) -> Option<Vapid> {
        let bytes = unb64(secret.trim())?;
        Some(Vapid { key: SigningKey::from_slice(&bytes).ok()? })
    }

    /// The public key browsers subscribe with (`applicationServerKey`),
    /// uncompressed, base64url.
    pub fn public_key(&self) -> String {
        b64(&self.key.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// A JWT for pushes to `audience` (an endpoint's origin) until
    /// `expires` (seconds since 1970; at most 24 hours ahead), naming
    /// `subject` (a `mailto:` or `https:` contact for the push service).
    pub fn token(&self, audience: &str, expires: u64, subject: &str) -> String {
        let claims =
            format!(r#"{{"aud":{},"exp":{expires},"sub":{}}}"#, json_string(audience), json_string(subject));
        let signed = format!("{}.{}", b64(HEADER.as_bytes()), b64(claims.as_bytes()));
        let signature: Signature = self.key.sign(signed.as_bytes());
        format!("{signed}.{}", b64(&signature.to_bytes()))
    }

    /// The `Authorization` header of a push to `endpoint`; `None` if the
    /// endpoint has no origin.
    pub fn authorization(&self, endpoint: &str, expires: u64, subject: &str) -> Option<String> {
        let token = self.token(origin(endpoint)?, expires, subject);
        Some(format!("vapid t={token}, k={}", self.public_key()))
    }
}

/// The claims of `token` (JSON) if ES256-signed by `public_key` (base64url,
/// uncompressed): what a push service checks.
pub fn verify(token: &str, public_key: &str) -> Option<String> {
    let key = VerifyingKey::from_sec1_bytes(&unb64(public_key)?).ok()?;
    let (signed, signature) = token.rsplit_once('.')?;
    let signature = Signature::from_slice(&unb64(signature)?).ok()?;
    key.verify(signed.as_bytes(), &signature).ok()?;
    let (header, claims) = signed.split_once('.')?;
    (unb64(header)? == HEADER.as_bytes()).then_some(())?;
    String::from_utf8(unb64(claims)?).ok()
}

/// `text` as a JSON string (quotes and control characters escaped).
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8292 §2.4's example: its token and the key that signed it.
    const RFC_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.i3CYb7t4xfxCDquptFOepC9GAu_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA";
    const RFC_KEY: &str =
        "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs";

    /// A key for tests only (the RFC 8291 example's sender key).
    const SECRET: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";

    #[test]
    fn the_rfc_8292_example_token_verifies_with_its_key() {
        let claims = verify(RFC_TOKEN, RFC_KEY).unwrap();
        assert_eq!(
            claims,
            r#"{"aud":"https://push.example.net","exp":1453523768,"sub":"mailto:push@example.com"}"#
        );
        assert_eq!(verify(RFC_TOKEN, &Vapid::from_secret(SECRET).unwrap().public_key()), None);
    }

    #[test]
    fn a_token_is_the_rfcs_header_and_claims_signed_with_our_key() {
        let vapid = Vapid::from_secret(SECRET).unwrap();
        let token = vapid.token("https://push.example.net", 1453523768, "mailto:push@example.com");
        let (signed, _) = token.rsplit_once('.').unwrap();
        let (rfc_signed, _) = RFC_TOKEN.rsplit_once('.').unwrap();
        assert_eq!(signed, rfc_signed);
        assert!(verify(&token, &vapid.public_key()).is_some());
        assert_eq!(
            vapid.public_key(),
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
        );
    }

    #[test]
    fn the_authorization_names_the_endpoints_origin_and_the_key() {
        let vapid = Vapid::from_secret(SECRET).unwrap();
        let header = vapid.authorization("https://push.example.net/p/abc?x=1", 10, "mailto:a@b.c").unwrap();
        let (token, key) = header.strip_prefix("vapid t=").unwrap().split_once(", k=").unwrap();
        assert_eq!(key, vapid.public_key());
        assert_eq!(
            verify(token, key).unwrap(),
            r#"{"aud":"https://push.example.net","exp":10,"sub":"mailto:a@b.c"}"#
        );
        assert_eq!(vapid.authorization("push.example.net/p", 10, "mailto:a@b.c"), None);
    }

    #[test]
    fn a_changed_claim_does_not_verify() {
        let vapid = Vapid::from_secret(SECRET).unwrap();
        let token = vapid.token("https://a.example", 10, "mailto:\"x\"");
        let forged = token.replacen(&b64(br#"{"aud":"https://a.example""#)[..8], "AAAAAAAA", 1);
        assert!(verify(&token, &vapid.public_key()).unwrap().contains(r#""sub":"mailto:\"x\"""#));
        assert_eq!(verify(&forged, &vapid.public_key()), None);
    }

    #[test]
    fn a_secret_that_is_no_scalar_is_refused() {
        assert!(Vapid::from_secret("AAAA").is_none());
        assert!(Vapid::from_secret(&b64(&[0u8; 32])).is_none());
        assert!(Vapid::from_secret(&b64(&[0xff; 32])).is_none());
    }
}
