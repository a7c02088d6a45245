//! Standard input is capped: a token or JWT at 1 MiB, a secret at 64 KiB, with a clear error
//! and before memory is spent on it.

use std::time::{Duration, Instant};

use crate::support::server::{Reply, Server};
use crate::support::TestEnv;

#[test]
fn an_oversized_token_on_stdin_is_refused() {
    let env = TestEnv::new();
    let huge = format!("eyJhbGciOiJub25lIn0.{}.", "A".repeat(10 * 1024 * 1024));
    let started = Instant::now();
    let out = env.otok().args(["inspect", "--stdin"]).stdin(huge).run();
    out.fails(3, &["the token from stdin is larger than 1024 KiB"]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(out.stderr.len() < 1000, "{}", out.stderr.len());
}

#[test]
fn an_oversized_secret_on_stdin_or_in_a_file_is_refused_before_any_request() {
    let env = TestEnv::new();
    let server = Server::start(|_| Reply::json(200, serde_json::json!({"access_token": "t"})));
    let big = "s".repeat(65 * 1024);
    let token = |extra: &[&str]| {
        env.otok()
            .token()
            .generic(&server)
            .client("app")
            .args(extra)
    };
    let out = token(&["--client-secret-stdin"]).stdin(big.clone()).run();
    out.fails(3, &["the client secret from stdin is larger than 64 KiB"]);
    let file = env.write("secret", &big);
    let out = token(&["--client-secret-file", file.to_str().unwrap()]).run();
    out.fails(3, &["larger than 64 KiB"]);
    assert_eq!(server.count(), 0);
    // A secret of ordinary size from stdin works.
    assert_eq!(
        token(&["--client-secret-stdin"])
            .stdin("ordinary-secret\n")
            .run()
            .ok(),
        "t\n"
    );
}
