//! Web Push to the operator's devices: the subscriptions they made (at most
//! [`MAX_PUSH_DEVICES`], the oldest goes), and the pushes. While none of
//! their tabs is in view (each tab says, `ClientMsg::Visibility`), what
//! `core::push::notice` picks from the news their channels and
//! conversations bring goes to every device: encrypted for it (RFC 8291)
//! and signed by the service (VAPID, RFC 8292) by `switchboard-push`, sent
//! after the news is answered (`State::wait_until`), never on the caller's
//! path. A push service that says the subscription is gone (404, 410)
//! loses it here.

use switchboard_core::limits::MAX_PUSH_DEVICES;
use switchboard_core::protocol::{PushNotice, PushSubscription};
use switchboard_core::push;
use switchboard_push::{Keys, Vapid};
use worker::{Fetch, Headers, Method, RequestInit, RequestRedirect};

use super::*;

/// How long a push service keeps a push for a device that is off (s).
const TTL_S: u32 = 3_600;
/// How long a VAPID token is good for (s; RFC 8292 allows a day).
const TOKEN_S: i64 = 12 * 3_600;
/// Who push services may write to about our pushes, unless `VAPID_SUBJECT`
/// says.
const SUBJECT: &str = "mailto:push@switchboard.invalid";

/// One device's subscription, as kept.
#[derive(Deserialize)]
struct Device {
    endpoint: String,
    p256dh: String,
    auth: String,
}

impl OperatorDo {
    /// Keeps a device's subscription (again: its keys are replaced).
    pub(super) fn subscribe(&self, s: PushSubscription) -> AppResult<()> {
        if Keys::parse(&s.keys.p256dh, &s.keys.auth).is_none() {
            return Err(AppError::BadRequest("not a push subscription".into()));
        }
        let sql = self.sql();
        sql.exec(
            "INSERT INTO devices (endpoint, p256dh, auth, added_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT(endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, \
             added_at = excluded.added_at",
            vec![s.endpoint.into(), s.keys.p256dh.into(), s.keys.auth.into(), crate::now_ms().into()],
        )?;
        sql.exec(
            "DELETE FROM devices WHERE endpoint NOT IN \
             (SELECT endpoint FROM devices ORDER BY added_at DESC LIMIT ?)",
            vec![(MAX_PUSH_DEVICES as i64).into()],
        )?;
        Ok(())
    }

    pub(super) fn unsubscribe(&self, endpoint: &str) -> AppResult<()> {
        self.sql().exec("DELETE FROM devices WHERE endpoint = ?", vec![endpoint.into()])?;
        Ok(())
    }

    fn devices(&self) -> AppResult<Vec<Device>> {
        Ok(self
            .sql()
            .exec("SELECT endpoint, p256dh, auth FROM devices ORDER BY added_at", None)?
            .to_array()?)
    }

    /// Whether a tab that said `hello` is in view.
    fn in_view(&self) -> bool {
        self.tabs().iter().any(|(_, t)| t.visible)
    }

    /// Pushes what `events` bring the operator's devices, if no tab of
    /// theirs is in view: one push per conversation (the latest), titled in
    /// the language of their inbox, sent after this call returns. Most news
    /// is none of a push's business: that is known before anything is read.
    pub(super) fn push_news(&self, events: &[BusEvent]) -> AppResult<()> {
        let Ok(me) = self.login() else { return Ok(()) };
        if !events.iter().any(|e| push::due(e, &me)) || self.in_view() {
            return Ok(());
        }
        let devices = self.devices()?;
        let Some(vapid) = (!devices.is_empty()).then(|| crate::vapid::key(&self.env)).flatten() else {
            return Ok(());
        };
        let language = self.meta().load(&keys::LANGUAGE)?.filter(|l| !l.is_empty());
        let words = switchboard_core::inbox_texts::push_words(language.as_deref());
        let mut notices: Vec<PushNotice> = vec![];
        for notice in events.iter().filter_map(|e| push::notice(e, &me, &words)) {
            notices.retain(|n| n.conversation != notice.conversation);
            notices.push(notice);
        }
        let subject = self.env.var("VAPID_SUBJECT").map_or(SUBJECT.to_owned(), |v| v.to_string());
        let sql = self.sql();
        self.state.wait_until(async move {
            for device in devices {
                for notice in &notices {
                    match send(&vapid, &subject, &device, notice).await {
                        Ok(404 | 410) => {
                            let gone = vec![device.endpoint.as_str().into()];
                            if let Err(e) = sql.exec("DELETE FROM devices WHERE endpoint = ?", gone) {
                                AppError::from(e).log();
                            }
                            break;
                        }
                        Ok(200..=299) => {}
                        Ok(status) => worker::console_warn!("push service answered {status}"),
                        Err(e) => e.log(),
                    }
                }
            }
        });
        Ok(())
    }
}

/// One push to one device; the push service's status.
async fn send(vapid: &Vapid, subject: &str, device: &Device, notice: &PushNotice) -> AppResult<u16> {
    let keys = Keys::parse(&device.p256dh, &device.auth)
        .ok_or_else(|| AppError::Internal("kept keys do not parse".into()))?;
    let random = crate::auth::random_bytes(48)?;
    let (ephemeral, salt) = random.split_at(32);
    let plaintext = serde_json::to_vec(notice)?;
    let (ephemeral, salt) = (ephemeral.try_into().expect("32 bytes"), salt.try_into().expect("16 bytes"));
    let body = switchboard_push::encrypt(&plaintext, &keys, ephemeral, salt)
        .map_err(|e| AppError::Internal(format!("push: {e:?}")))?;
    let expires = (crate::now_ms() / 1000 + TOKEN_S) as u64;
    let authorization = vapid
        .authorization(&device.endpoint, expires, subject)
        .ok_or_else(|| AppError::Internal("endpoint without origin".into()))?;
    let headers = Headers::new();
    headers.set("authorization", &authorization)?;
    headers.set("content-encoding", "aes128gcm")?;
    headers.set("content-type", "application/octet-stream")?;
    headers.set("ttl", &TTL_S.to_string())?;
    headers.set("urgency", "high")?;
    // A newer push about the same conversation replaces one not yet delivered.
    let topic = notice.conversation.as_str();
    if topic.len() <= 32 && topic.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        headers.set("topic", topic)?;
    }
    let mut init = RequestInit::new();
    let bytes = js_sys::Uint8Array::from(body.as_slice());
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual)
        .with_body(Some(bytes.into()));
    let request = worker::Request::new_with_init(&device.endpoint, &init)?;
    Ok(Fetch::Request(request).send().await?.status_code())
}
