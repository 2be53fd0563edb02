//! A push's payload, encrypted for one browser subscription: RFC 8291's
//! key derivation from an ECDH share and the subscription's auth secret,
//! then one `aes128gcm` record (RFC 8188) with the sender's public key as
//! the key id.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use hkdf::Hkdf;
use p256::ecdh::diffie_hellman;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;

use crate::Error;

/// The record size announced in the header; a payload is one record, so
/// at most this less 17 bytes (the delimiter and the tag) of plaintext.
pub const RECORD_SIZE: u32 = 4096;

/// What a browser's subscription gives a sender (`keys.p256dh`, `keys.auth`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The browser's public key, an uncompressed P-256 point (65 bytes).
    pub p256dh: Vec<u8>,
    /// The subscription's auth secret (16 bytes).
    pub auth: Vec<u8>,
}

impl Keys {
    /// From the base64url texts a subscription carries; `None` unless both
    /// decode to the right kind of key.
    pub fn parse(p256dh: &str, auth: &str) -> Option<Keys> {
        let keys = Keys { p256dh: crate::unb64(p256dh)?, auth: crate::unb64(auth)? };
        let point = keys.p256dh.len() == 65 && PublicKey::from_sec1_bytes(&keys.p256dh).is_ok();
        (point && keys.auth.len() == 16).then_some(keys)
    }
}

/// The content key and nonce of RFC 8291 §3.3–3.4.
fn derive(
    shared: &[u8],
    auth: &[u8],
    ua_public: &[u8],
    as_public: &[u8],
    salt: &[u8],
) -> ([u8; 16], [u8; 12]) {
    let mut info = b"WebPush: info\0".to_vec();
    info.extend_from_slice(ua_public);
    info.extend_from_slice(as_public);
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(auth), shared).expand(&info, &mut ikm).expect("32 bytes is a valid length");
    let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let (mut cek, mut nonce) = ([0u8; 16], [0u8; 12]);
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek).expect("valid length");
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce).expect("valid length");
    (cek, nonce)
}

/// `plaintext` encrypted for `to`, with the sender's one-time key
/// (`ephemeral`, 32 random bytes) and `salt` (16 random bytes): the body of
/// the push request, sent with `Content-Encoding: aes128gcm`.
pub fn encrypt(plaintext: &[u8], to: &Keys, ephemeral: &[u8; 32], salt: &[u8; 16]) -> Result<Vec<u8>, Error> {
    if plaintext.len() + 17 > RECORD_SIZE as usize {
        return Err(Error::TooLong);
    }
    let ua = PublicKey::from_sec1_bytes(&to.p256dh).map_err(|_| Error::Key)?;
    let secret = SecretKey::from_slice(ephemeral).map_err(|_| Error::Key)?;
    let as_public = secret.public_key().to_encoded_point(false);
    let shared = diffie_hellman(secret.to_nonzero_scalar(), ua.as_affine());
    let (cek, nonce) = derive(shared.raw_secret_bytes(), &to.auth, &to.p256dh, as_public.as_bytes(), salt);
    let mut record = plaintext.to_vec();
    record.push(2); // the last record's delimiter, no padding
    let sealed = Aes128Gcm::new(&cek.into()).encrypt(Nonce::from_slice(&nonce), record.as_slice());
    let sealed = sealed.map_err(|_| Error::TooLong)?;
    let mut body = salt.to_vec();
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(as_public.as_bytes());
    body.extend_from_slice(&sealed);
    Ok(body)
}

/// What the browser holding `ua_secret` (and the subscription's `auth`)
/// reads from a push's body; `None` if it does not decrypt.
pub fn decrypt(body: &[u8], ua_secret: &[u8; 32], auth: &[u8]) -> Option<Vec<u8>> {
    let (salt, rest) = body.split_at_checked(16)?;
    let (&id_len, rest) = rest.get(4..)?.split_first()?;
    let (as_public, sealed) = rest.split_at_checked(id_len as usize)?;
    let secret = SecretKey::from_slice(ua_secret).ok()?;
    let sender = PublicKey::from_sec1_bytes(as_public).ok()?;
    let ua_public = secret.public_key().to_encoded_point(false);
    let shared = diffie_hellman(secret.to_nonzero_scalar(), sender.as_affine());
    let (cek, nonce) = derive(shared.raw_secret_bytes(), auth, ua_public.as_bytes(), as_public, salt);
    let mut record = Aes128Gcm::new(&cek.into()).decrypt(Nonce::from_slice(&nonce), sealed).ok()?;
    // Padding, then the delimiter: 2 for the last record.
    let end = record.iter().rposition(|&b| b != 0)?;
    (record[end] == 2).then(|| {
        record.truncate(end);
        record
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{b64, unb64};

    /// RFC 8291 §5 and Appendix A, every value as published.
    const PLAINTEXT: &str = "When I grow up, I want to be a watermelon";
    const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    const UA_PUBLIC: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
    const BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    fn bytes<const N: usize>(text: &str) -> [u8; N] {
        unb64(text).unwrap().try_into().unwrap()
    }

    #[test]
    fn encrypts_the_rfc_8291_example_to_the_published_body() {
        let to = Keys::parse(UA_PUBLIC, AUTH).unwrap();
        let body = encrypt(PLAINTEXT.as_bytes(), &to, &bytes(AS_PRIVATE), &bytes(SALT)).unwrap();
        assert_eq!(b64(&body), BODY);
    }

    #[test]
    fn the_browser_reads_the_rfc_8291_example_back() {
        let read = decrypt(&unb64(BODY).unwrap(), &bytes(UA_PRIVATE), &unb64(AUTH).unwrap());
        assert_eq!(read.as_deref(), Some(PLAINTEXT.as_bytes()));
    }

    #[test]
    fn a_wrong_auth_secret_or_a_changed_byte_does_not_decrypt() {
        let mut body = unb64(BODY).unwrap();
        assert_eq!(decrypt(&body, &bytes(UA_PRIVATE), &[0u8; 16]), None);
        let last = body.len() - 1;
        body[last] ^= 1;
        assert_eq!(decrypt(&body, &bytes(UA_PRIVATE), &unb64(AUTH).unwrap()), None);
        assert_eq!(decrypt(&body[..20], &bytes(UA_PRIVATE), &unb64(AUTH).unwrap()), None);
    }

    #[test]
    fn keys_that_are_not_a_point_and_a_16_byte_secret_are_refused() {
        assert!(Keys::parse(UA_PUBLIC, AUTH).is_some());
        assert_eq!(Keys::parse(UA_PUBLIC, "BTBZMqHH6r4Tts7J_aSI"), None);
        let mut point = unb64(UA_PUBLIC).unwrap();
        point[64] ^= 1; // off the curve
        assert_eq!(Keys::parse(&b64(&point), AUTH), None);
        assert_eq!(Keys::parse("not base64!", AUTH), None);
    }

    #[test]
    fn a_payload_longer_than_one_record_is_refused() {
        let to = Keys::parse(UA_PUBLIC, AUTH).unwrap();
        let long = vec![b'a'; RECORD_SIZE as usize - 16];
        assert_eq!(encrypt(&long, &to, &bytes(AS_PRIVATE), &bytes(SALT)), Err(Error::TooLong));
        let fits = vec![b'a'; RECORD_SIZE as usize - 17];
        assert!(encrypt(&fits, &to, &bytes(AS_PRIVATE), &bytes(SALT)).is_ok());
    }
}
