//! The wire protocol: every frame and JSON body that crosses a boundary,
//! one module per audience (socket frames, the widget's HTTP, the inbox's
//! HTTP, configuration), all re-exported here.
//!
//! This is the only module whose types derive serde ("if a type is
//! serialisable, it is part of a boundary"). Sockets carry JSON text frames,
//! externally tagged (`{"send":{…}}`, and a bare `"active"` for a frame with
//! no fields): serde decodes that shape without buffering, which keeps the
//! widget's wasm small (internal tags cost several KB per enum). HTTP bodies
//! are plain JSON objects. The protocol is
//! versioned: a client's first frame is [`ClientMsg::Hello`] with
//! [`PROTOCOL_VERSION`], and a server refuses versions it does not speak with a
//! typed [`ServerMsg::Error`], never a dropped socket.
//!
//! Delivery rules (see ARCHITECTURE.md, invariants):
//! - every [`ClientMsg::Send`] carries a client-chosen [`ClientMsgId`]; the
//!   server answers [`ServerMsg::Ack`] with the message's [`Seq`], also when it
//!   already had that id (then nothing is stored twice);
//! - on every (re)connect the client says the last `Seq` it has, and the server
//!   replays every later message, in order, before anything new.

mod config;
mod frames;
mod history;
mod inbox;
mod visitor;

pub use config::*;
pub use frames::*;
pub use history::*;
pub use inbox::*;
pub use visitor::*;

use serde::{Deserialize, Serialize};

use crate::ids::{ChannelId, ClientMsgId, ConversationId, Login, Seq, VisitorId, WorkspaceId};
use crate::limits::{DEFAULT_CAPACITY, DEFAULT_REASSIGN_AFTER_S, MAX_FRAME_BYTES};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_tagged_json() {
        let hello: ClientMsg = serde_json::from_str(r#"{"hello":{"v":1,"last_seq":3}}"#).unwrap();
        assert_eq!(hello, ClientMsg::Hello { v: 1, token: None, last_seq: 3 });
        assert_eq!(serde_json::from_str::<ClientMsg>(r#""active""#).unwrap(), ClientMsg::Active);
        let ack = ServerMsg::Ack { client_id: ClientMsgId::parse("a1").unwrap(), seq: 4 };
        assert_eq!(ack.to_json(), r#"{"ack":{"client_id":"a1","seq":4}}"#);
        let by = Author::Operator { name: "Olga".into() };
        assert_eq!(serde_json::to_string(&by).unwrap(), r#"{"operator":{"name":"Olga"}}"#);
    }

    #[test]
    fn conversation_frames_read_what_the_server_writes() {
        let id = ClientMsgId::parse("c1").unwrap();
        let author = Author::Operator { name: "Olga".into() };
        for msg in [
            ServerMsg::Welcome { v: 1, last_seq: 2 },
            ServerMsg::Message(Message {
                seq: 1,
                client_id: id.clone(),
                author: author.clone(),
                text: "hi".into(),
                at: 5,
                answers: vec![],
                files: vec![],
            }),
            ServerMsg::Ack { client_id: id, seq: 1 },
            ServerMsg::error(ErrorCode::Closed, "ended"),
            ServerMsg::Assignment { operator: Some("Olga".into()), position: None },
            ServerMsg::Assignment { operator: None, position: Some(3) },
            ServerMsg::Closed { by: author.clone(), at: 9 },
            ServerMsg::Typing { by: Author::Visitor },
            ServerMsg::Seen { by: author, seq: 4 },
            ServerMsg::Rated { rating: Rating::Ok },
        ] {
            let frame: ConversationFrame = serde_json::from_str(&msg.to_json()).unwrap();
            assert_eq!(ServerMsg::from(frame), msg);
        }
        assert!(serde_json::from_str::<ConversationFrame>(
            &ServerMsg::State { seq: 0, channels: vec![], read: vec![] }.to_json()
        )
        .is_err());
    }

    #[test]
    fn malformed_frames_are_typed_errors() {
        for bad in [
            "",
            "{",
            "null",
            r#"{"nope":{}}"#,
            r#"{"type":"hello","v":1}"#,
            r#"{"send":{"client_id":"a b","text":"x"}}"#,
            r#"{"send":{"client_id":"a","text":"x","extra":1}}"#,
        ] {
            match decode_client(bad) {
                Err(ServerMsg::Error { code: ErrorCode::Malformed, .. }) => {}
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
        let huge = format!(r#"{{"send":{{"client_id":"a","text":"{}"}}}}"#, "x".repeat(MAX_FRAME_BYTES));
        assert!(matches!(decode_client(&huge), Err(ServerMsg::Error { code: ErrorCode::TooLarge, .. })));
    }
}
