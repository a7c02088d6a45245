//! Standard input is capped: a token or JWT at 1 MiB, a secret at 64 KiB, with a clear error
//! and before memory is spent on it.

use std::time::{Duration, Instant};

use crate::support::server::{Reply, Server};
use crate::support::{run, TestEnv};

#[test]
fn an_oversized_token_on_stdin_is_refused() {
    let env = TestEnv::new();
    let huge = format!("eyJhbGciOiJub25lIn0.{}.", "A".repeat(10 * 1024 * 1024));
    let started = Instant::now();
    let out = run(env.otok().args(["inspect", "--stdin"]).write_stdin(huge));
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
        let mut cmd = env.otok();
        cmd.args(["token", "--provider", "generic", "--token-url"])
            .arg(format!("{}/token", server.url))
            .args(["--client-id", "app"])
            .args(extra);
        cmd
    };
    let out = run(token(&["--client-secret-stdin"]).write_stdin(big.clone()));
    out.fails(3, &["the client secret from stdin is larger than 64 KiB"]);
    let file = env.write("secret", &big);
    let out = run(&mut token(&[
        "--client-secret-file",
        file.to_str().unwrap(),
    ]));
    out.fails(3, &["larger than 64 KiB"]);
    assert_eq!(server.count(), 0);
    // A secret of ordinary size from stdin works.
    assert_eq!(
        run(token(&["--client-secret-stdin"]).write_stdin("ordinary-secret\n")).ok(),
        "t\n"
    );
}
