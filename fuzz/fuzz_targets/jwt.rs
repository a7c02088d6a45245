//! A token given to `otok inspect`: decoded without its key, and its time claims shown as
//! `inspect` shows them. Inputs starting with `{` are raw JSON parts (`header\0claims\0sig`)
//! that the target encodes itself, so that the fuzzer reaches the claims past base64url.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use otok::jwt::{decode, Decoded, TIME_CLAIMS};
use otok::when;
use serde_json::Value;

/// The clock of `inspect`, in 2026.
const NOW: i64 = 1_780_000_000;

fuzz_target!(|data: &[u8]| {
    let token = if data.first() == Some(&b'{') {
        data.split(|&b| b == 0)
            .map(|part| URL_SAFE_NO_PAD.encode(part))
            .collect::<Vec<_>>()
            .join(".")
    } else {
        match std::str::from_utf8(data) {
            Ok(text) => text.to_string(),
            Err(_) => return,
        }
    };
    let Ok(decoded) = decode(&token) else {
        return;
    };
    if let Decoded::Signed { claims, .. } = decoded {
        for (name, _) in TIME_CLAIMS {
            if let Some(at) = claims.get(*name).and_then(Value::as_i64) {
                when::rfc3339(at);
                when::local(at);
                when::relative(at, NOW);
            }
        }
    }
});
