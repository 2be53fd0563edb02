//! Socket frames: what a client sends (`decode_client`, the server's reader)
//! and what a server sends (the clients' reader). Never a panic; a frame
//! accepted reads back as itself once written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_core::protocol::{decode_client, ServerMsg};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(frame) = decode_client(text) {
        let again = serde_json::to_string(&frame).expect("an accepted frame writes");
        assert_eq!(decode_client(&again).ok(), Some(frame), "{text}");
    }
    if let Ok(frame) = serde_json::from_str::<ServerMsg>(text) {
        let again = serde_json::to_string(&frame).expect("a server frame writes");
        assert_eq!(serde_json::from_str::<ServerMsg>(&again).ok(), Some(frame), "{text}");
    }
});
