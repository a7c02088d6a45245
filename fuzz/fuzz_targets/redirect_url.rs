//! A redirect pasted back into `otok authorize`: a full URL or its query alone. Anything a
//! person can paste must end in a code or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otok::oauth::authorize::{code_of, Expected};

fuzz_target!(|data: &[u8]| {
    let Ok(redirect) = std::str::from_utf8(data) else {
        return;
    };
    for expected in [
        Expected {
            provider: "generic",
            state: "s1",
            issuer: Some("https://id.example.com"),
            redirect_uri: "http://127.0.0.1:8765/callback",
        },
        Expected {
            provider: "myfox",
            state: "xyz",
            issuer: None,
            redirect_uri: "https://app.example.com/cb?x=1",
        },
    ] {
        match code_of(redirect, &expected) {
            Ok(code) => {
                assert!(!code.expose().is_empty(), "an empty code");
            }
            Err(err) => {
                let (code, text) = otok::error::report(&err);
                assert!(matches!(code, 4 | 8), "exit {code}: {text}");
            }
        }
    }
});
