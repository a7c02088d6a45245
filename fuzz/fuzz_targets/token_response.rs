//! A token endpoint's answer, as `otok token` reads it: the first byte picks the HTTP status
//! and headers, the rest is the body. Any answer must end in a token set or an error, never a
//! panic, and a token set must be one otok can use.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otok::http::Response;
use otok::oauth::response::{failure, parse_token, Context};

/// The statuses token endpoints answer with, good and bad.
const STATUSES: [u16; 12] = [200, 201, 204, 302, 400, 401, 403, 404, 429, 500, 502, 503];
/// A request time in 2026.
const NOW: u64 = 1_780_000_000;
/// Ten years: the longest lifetime otok takes at face value.
const MAX_LIFETIME: u64 = 10 * 365 * 24 * 3600;

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let resp = response(first, body);
    let scope = ["read".to_string(), "write".to_string()];
    let ctx = Context {
        provider: "generic",
        grant: "client_credentials",
        requested_scope: &scope,
        now: NOW,
    };
    match parse_token(&resp, &ctx) {
        Ok(set) => {
            assert!(
                (200..300).contains(&resp.status),
                "a token from HTTP {}",
                resp.status
            );
            assert!(
                !set.access_token.expose().trim().is_empty(),
                "an empty token"
            );
            assert!(!set.token_type.trim().is_empty(), "an empty token type");
            assert_eq!(set.issued_at, NOW);
            if let Some(at) = set.expires_at {
                assert!((NOW..=NOW + MAX_LIFETIME).contains(&at), "expires at {at}");
            }
        }
        Err(err) => {
            let (code, text) = otok::error::report(&err);
            assert!(matches!(code, 4 | 5 | 8), "exit {code}: {text}");
        }
    }
    if let Some(err) = failure(&resp, &ctx, first & 0x80 != 0) {
        otok::error::report(&err);
    }
});

/// Bits 0–3 pick the status; bits 4–6 add a content type, a `Retry-After` and a `Location`.
/// The seeds start with a printable byte: `0` is a 200, `1` a 201, `4` a 400, `5` a 401, `8` a
/// 429, `9` a 500, `;` a 503 and `C` a 302 with a `Location`.
fn response(first: u8, body: &[u8]) -> Response {
    let mut headers = Vec::new();
    if first & 0x10 != 0 {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    if first & 0x20 != 0 {
        headers.push(("retry-after".into(), "5".into()));
    }
    if first & 0x40 != 0 {
        headers.push(("location".into(), "https://id.example.com/login".into()));
    }
    Response {
        status: STATUSES[usize::from(first & 0x0f) % STATUSES.len()],
        headers,
        body: body.to_vec(),
    }
}
