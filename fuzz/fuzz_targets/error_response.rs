//! An error answer's body in each of the dialects otok reads (RFC 6749, Myfox `status: KO`,
//! High Mobility `errors[]`) or none: the parsers of the server's words must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otok::http::Response;
use otok::oauth::response::{failure, oauth_error, words_of, Context};
use serde_json::Value;

/// One status of each class `failure` tells apart. The body is taken as carrying no token, so
/// that an error in a 200 (Myfox's `status: KO`) is a failure too.
const STATUSES: [u16; 8] = [200, 302, 400, 401, 404, 429, 500, 503];

fuzz_target!(|body: &[u8]| {
    words_of(body);
    if let Ok(json) = serde_json::from_slice::<Value>(body) {
        if let Some(err) = oauth_error(&json) {
            assert!(json.is_object());
            let _ = (err.code.len(), err.description, err.uri);
        }
    }
    let ctx = Context {
        provider: "myfox",
        grant: "password",
        requested_scope: &[],
        now: 1_780_000_000,
    };
    for status in STATUSES {
        let resp = Response {
            status,
            headers: vec![],
            body: body.to_vec(),
        };
        match failure(&resp, &ctx, false) {
            Some(err) => {
                otok::error::report(&err);
            }
            None => assert_eq!(status, 200, "HTTP {status} passed"),
        }
    }
});
