//! The parts of `cargo xtask chaos` (issue 22, item 2; the binary
//! `src/bin/chaos.rs` runs them): writers that type into a conversation
//! through core's `ClientLog`, exactly as the widget and the inbox do, over
//! sockets that the run drops at random while workerd is killed and
//! restarted under them; then the judgement of what they end with against
//! what the conversations stored.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use switchboard_core::client::{ClientLog, ClientStep};
use switchboard_core::ids::ClientMsgId;
use switchboard_core::protocol::{ClientMsg, Message, ServerMsg};
use tokio::time::sleep;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::ws_base;

/// A small random source with a seed the run prints, so a failing run can
/// be replayed (`CHAOS_SEED`). xorshift64*: enough for choosing moments.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// A new source for one task, drawn from this one.
    pub fn split(&mut self) -> Rng {
        Rng::new(self.next())
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A duration between `lo` and `hi` milliseconds.
    pub fn ms(&mut self, (lo, hi): (u64, u64)) -> Duration {
        Duration::from_millis(lo + self.next() % (hi - lo + 1))
    }
}

/// One side of a conversation: where its socket goes, as whom.
pub struct Side {
    /// Names its messages' client ids (`v3-17`: visitor of conversation 3,
    /// their 18th message).
    pub name: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// The visitor's key (`None` for an operator, whose cookie is a header).
    pub token: Option<String>,
}

/// How a writer behaves.
#[derive(Clone, Copy)]
pub struct Pace {
    /// Between two messages typed (ms).
    pub typing: (u64, u64),
    /// How long a socket lives before the run cuts it (ms).
    pub socket_life: (u64, u64),
    /// Before connecting again (ms).
    pub reconnect: (u64, u64),
}

/// What a writer ends with.
pub struct Outcome {
    pub name: String,
    /// Its messages' ids, in the order typed.
    pub typed: Vec<ClientMsgId>,
    pub log: ClientLog,
    /// Refusals other than "too fast" (which the client waits out), and
    /// words handed back: none should come.
    pub refused: Vec<String>,
    /// Times it was told to slow down.
    pub slowed: usize,
}

/// Types into the conversation until `typing_until`, then waits for every
/// message to be acknowledged, until `deadline` at the latest. Each socket
/// is cut after a random life; the client connects again, as the widget
/// does, and whatever it typed meanwhile waits in its outbox.
pub async fn write(
    side: &Side,
    pace: Pace,
    mut rng: Rng,
    typing_until: Instant,
    deadline: Instant,
) -> Outcome {
    let mut out = Outcome {
        name: side.name.clone(),
        typed: vec![],
        log: ClientLog::default(),
        refused: vec![],
        slowed: 0,
    };
    let mut next_typing = Instant::now() + rng.ms(pace.typing);
    let done = |out: &Outcome| Instant::now() >= typing_until && out.log.pending().is_empty();
    while !done(&out) && Instant::now() < deadline {
        // Offline: what is typed now waits in the outbox.
        if Instant::now() >= next_typing && Instant::now() < typing_until {
            type_one(&mut out);
            next_typing = Instant::now() + rng.ms(pace.typing);
        }
        let Ok(ws) = connect(side).await else {
            sleep(rng.ms(pace.reconnect)).await;
            continue;
        };
        let (mut tx, mut rx) = ws.split();
        let cut_at = Instant::now() + rng.ms(pace.socket_life);
        let mut retry_at: Option<Instant> = None;
        let mut frames = vec![out.log.hello(side.token.clone())];
        'socket: loop {
            for frame in frames.drain(..) {
                if tx.send(Frame::Text(serde_json::to_string(&frame).unwrap().into())).await.is_err() {
                    break 'socket;
                }
            }
            if done(&out) {
                let _ = tx.close().await;
                break;
            }
            let typing = Instant::now() < typing_until;
            let far = Instant::now() + Duration::from_secs(3600);
            tokio::select! {
                frame = rx.next() => match frame {
                    Some(Ok(Frame::Text(text))) => {
                        let Ok(msg) = serde_json::from_str::<ServerMsg>(text.as_str()) else {
                            out.refused.push(format!("unreadable frame {text}"));
                            continue;
                        };
                        match out.log.on_server(msg) {
                            ClientStep::Send(resend) => frames = resend,
                            ClientStep::RetryLater { after_ms } => {
                                out.slowed += 1;
                                retry_at = Some(Instant::now() + Duration::from_millis(after_ms.into()));
                            }
                            ClientStep::Failed { code, .. } => out.refused.push(format!("{code:?}")),
                            ClientStep::Undelivered(back) => {
                                out.refused.push(format!("{} handed back", back.len()))
                            }
                            ClientStep::None => {}
                        }
                    }
                    Some(Ok(Frame::Ping(_) | Frame::Pong(_))) => {}
                    _ => break,
                },
                _ = tokio::time::sleep_until(next_typing.into()), if typing => {
                    frames.extend(type_one(&mut out));
                    next_typing = Instant::now() + rng.ms(pace.typing);
                }
                _ = tokio::time::sleep_until(retry_at.unwrap_or(far).into()), if retry_at.is_some() => {
                    retry_at = None;
                    frames = out.log.resend();
                }
                // Cut: the connection goes without a close frame.
                _ = tokio::time::sleep_until(cut_at.into()) => break,
                _ = tokio::time::sleep_until(deadline.into()) => break,
            }
        }
        out.log.disconnected();
        sleep(rng.ms(pace.reconnect)).await;
    }
    out
}

/// Types the next message; the frame to send if the socket is up (else it
/// waits in the outbox).
fn type_one(out: &mut Outcome) -> Option<ClientMsg> {
    let n = out.typed.len();
    let id = ClientMsgId::parse(format!("{}-{n}", out.name)).expect("a client id");
    out.typed.push(id.clone());
    out.log.compose(id, format!("{} says {n}", out.name))
}

async fn connect(
    side: &Side,
) -> Result<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    String,
> {
    let mut req = format!("{}{}", ws_base(), side.path).into_client_request().map_err(|e| e.to_string())?;
    for (k, v) in &side.headers {
        let name: tokio_tungstenite::tungstenite::http::HeaderName = k.parse().map_err(|_| "header")?;
        req.headers_mut().insert(name, v.parse().map_err(|_| "header value")?);
    }
    let connecting = tokio_tungstenite::connect_async(req);
    match tokio::time::timeout(Duration::from_secs(10), connecting).await {
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("timed out".into()),
    }
}

/// Reads the conversation as a client coming back with what `log` holds:
/// `hello` with its last number, then every message up to the last stored.
/// `None` if the server did not answer in time.
pub async fn catch_up(side: &Side, log: &mut ClientLog) -> Option<()> {
    let ws = connect(side).await.ok()?;
    let (mut tx, mut rx) = ws.split();
    let hello = serde_json::to_string(&log.hello(side.token.clone())).unwrap();
    tx.send(Frame::Text(hello.into())).await.ok()?;
    let reading = async {
        let mut last = None;
        while last.is_none_or(|last| log.last_seq() < last) {
            let text = match rx.next().await {
                Some(Ok(Frame::Text(text))) => text,
                Some(Ok(_)) => continue,
                _ => return None,
            };
            let msg: ServerMsg = serde_json::from_str(text.as_str()).ok()?;
            if let ServerMsg::Welcome { last_seq, .. } = msg {
                last = Some(last_seq);
            }
            log.on_server(msg);
        }
        Some(())
    };
    let read = tokio::time::timeout(Duration::from_secs(20), reading).await.ok().flatten();
    let _ = tx.close().await;
    read
}

/// What a run found wrong; all zero is a pass.
#[derive(Default, Debug)]
pub struct Verdict {
    /// Typed, and not in the conversation.
    pub lost: usize,
    /// In the conversation more than once.
    pub duplicated: usize,
    /// In the conversation, but not in the order its writer typed.
    pub out_of_order: usize,
    /// Still waiting for an acknowledgement at the end.
    pub stuck: usize,
    /// Clients whose view is not the conversation's log.
    pub wrong_views: usize,
    /// Refusals and words handed back (none should come).
    pub refused: usize,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        let Verdict { lost, duplicated, out_of_order, stuck, wrong_views, refused } = *self;
        lost + duplicated + out_of_order + stuck + wrong_views + refused == 0
    }

    /// Judges the writers of one conversation against its stored log.
    pub fn judge(&mut self, stored: &[Message], writers: &[Outcome], problems: &mut Vec<String>) {
        let mut count: HashMap<&ClientMsgId, usize> = HashMap::new();
        for m in stored {
            *count.entry(&m.client_id).or_default() += 1;
        }
        for (id, n) in &count {
            if *n > 1 {
                self.duplicated += n - 1;
                problems.push(format!("{id}: stored {n} times"));
            }
        }
        // Where each was first stored.
        let mut place: HashMap<&ClientMsgId, usize> = HashMap::new();
        for (i, m) in stored.iter().enumerate() {
            place.entry(&m.client_id).or_insert(i);
        }
        for w in writers {
            let mut last_place = None;
            for id in &w.typed {
                match place.get(id) {
                    None => {
                        self.lost += 1;
                        problems.push(format!("{id}: typed, not stored"));
                    }
                    Some(&at) => {
                        if last_place.is_some_and(|before| at < before) {
                            self.out_of_order += 1;
                            problems.push(format!("{id}: stored before an earlier message of {}", w.name));
                        }
                        last_place = Some(at);
                    }
                }
            }
            if !w.log.pending().is_empty() {
                self.stuck += w.log.pending().len();
                problems.push(format!("{}: {} never acknowledged", w.name, w.log.pending().len()));
            }
            let seen: Vec<_> = w.log.messages().iter().map(|m| (m.seq, &m.client_id)).collect();
            let truth: Vec<_> = stored.iter().map(|m| (m.seq, &m.client_id)).collect();
            if seen != truth {
                self.wrong_views += 1;
                problems.push(format!(
                    "{}: shows {} messages, the log holds {}",
                    w.name,
                    seen.len(),
                    truth.len()
                ));
            }
            self.refused += w.refused.len();
            problems.extend(w.refused.iter().map(|r| format!("{}: {r}", w.name)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_core::protocol::Author;

    fn id(s: &str) -> ClientMsgId {
        ClientMsgId::parse(s).unwrap()
    }

    #[test]
    fn the_judge_counts_what_is_lost_doubled_reordered_stuck_and_shown_wrong() {
        let stored: Vec<Message> = ["v0-0", "v0-2", "v0-1", "v0-0"]
            .iter()
            .enumerate()
            .map(|(i, c)| Message {
                seq: i as u64 + 1,
                client_id: id(c),
                author: Author::Visitor,
                text: String::new(),
                at: i as i64,
                answers: vec![],
                files: vec![],
            })
            .collect();
        let mut log = ClientLog::default();
        log.compose(id("v0-4"), "never acknowledged".into());
        let writer = Outcome {
            name: "v0".into(),
            typed: ["v0-0", "v0-1", "v0-2", "v0-3"].map(id).to_vec(),
            log,
            refused: vec![],
            slowed: 0,
        };
        let (mut verdict, mut problems) = (Verdict::default(), vec![]);
        verdict.judge(&stored, &[writer], &mut problems);
        let Verdict { lost, duplicated, out_of_order, stuck, wrong_views, refused } = verdict;
        assert_eq!(
            (lost, duplicated, out_of_order, stuck, wrong_views, refused),
            (1, 1, 1, 1, 1, 0),
            "{problems:#?}"
        );
        assert!(!verdict.passed());
    }
}
