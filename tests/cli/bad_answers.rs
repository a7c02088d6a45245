//! What the server may answer instead of a token, and what the user sees then.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::{Outcome, TestEnv};

/// Runs `otok token` (generic, public client) against a server that always answers `reply`.
fn against(reply: impl Fn() -> Reply + Send + Sync + 'static, extra: &[&str]) -> (Outcome, Server) {
    let env = TestEnv::new();
    let server = Server::start(move |_| reply());
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("c")
        .public()
        .args(extra)
        .run();
    (out, server)
}

#[test]
fn rfc6749_error_is_refused_with_description_and_hint() {
    let (out, server) = against(
        || {
            Reply::json(
                400,
                json!({"error": "invalid_client", "error_description": "Unknown client", "error_uri": "https://docs.example/e"}),
            )
        },
        &[],
    );
    out.fails(4, &["generic (HTTP 400) refused the client_credentials request: invalid_client: Unknown client (see https://docs.example/e)", "hint: check the client id and secret"]);
    assert_eq!(server.count(), 1);
}

#[test]
fn myfox_ko_status_even_with_http_200_is_refused() {
    let (out, _) = against(
        || {
            Reply::json(
                200,
                json!({"status": "KO", "error": "invalid_grant", "error_description": "expired"}),
            )
        },
        &[],
    );
    out.fails(4, &["invalid_grant: expired"]);
}

#[test]
fn high_mobility_errors_list_is_refused() {
    let (out, _) = against(
        || {
            Reply::json(
                400,
                json!({"errors": [{"title": "Invalid client", "detail": "client_assertion is signed with an expired key", "source": "x"}]}),
            )
        },
        &[],
    );
    out.fails(
        4,
        &["Invalid client: client_assertion is signed with an expired key"],
    );
}

#[test]
fn empty_body_is_not_a_token() {
    let (out, _) = against(|| Reply::raw(200, "application/json", ""), &[]);
    out.fails(
        8,
        &["generic (HTTP 200) sent no valid token: the answer is empty"],
    );
}

#[test]
fn html_page_with_200_is_not_a_token() {
    let (out, _) = against(
        || {
            Reply::raw(200, "text/html", "<!DOCTYPE html><html><head><title>Sign in - Portal</title></head><body>x</body></html>")
        },
        &[],
    );
    out.fails(
        8,
        &["not JSON but an HTML page titled \"Sign in - Portal\""],
    );
}

#[test]
fn html_error_page_is_named_with_its_status() {
    let (out, _) = against(
        || {
            Reply::raw(
                404,
                "text/html",
                "<html><title>404 Not Found</title></html>",
            )
        },
        &[],
    );
    out.fails(
        8,
        &[
            "generic (HTTP 404) answered an HTML page titled \"404 Not Found\" to the client_credentials request",
            "hint: check the endpoint URL",
        ],
    );
}

#[test]
fn an_empty_401_is_a_refusal_that_says_the_body_was_empty() {
    let (out, server) = against(|| Reply::raw(401, "text/plain", ""), &[]);
    out.fails(
        4,
        &[
            "generic (HTTP 401) refused the client_credentials request: it answered an empty body",
            "hint: check the client id and secret",
        ],
    );
    assert!(
        !out.stderr.contains("check the endpoint URL"),
        "{}",
        out.stderr
    );
    assert_eq!(server.count(), 1, "a refusal is not retried");
}

#[test]
fn a_400_with_plain_text_is_a_refusal_with_the_start_of_the_text() {
    let (out, _) = against(
        || {
            Reply::raw(
                400,
                "text/plain",
                format!("Bad Request: the grant was rejected. {}", "x".repeat(5000)),
            )
        },
        &[],
    );
    out.fails(
        4,
        &[
            "generic (HTTP 400) refused the client_credentials request: it answered \"Bad Request: the grant was rejected. xxx",
            "more characters)",
        ],
    );
    assert!(
        !out.stderr.contains("check the endpoint URL"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_404_is_still_a_wrong_url() {
    let (out, _) = against(|| Reply::raw(404, "text/plain", "no such path"), &[]);
    out.fails(
        8,
        &[
            "generic (HTTP 404) answered \"no such path\" to the client_credentials request",
            "hint: check the endpoint URL",
        ],
    );
}

#[test]
fn an_html_page_at_401_is_a_wrong_url_or_a_proxy_not_a_refusal() {
    let (out, _) = against(
        || {
            Reply::raw(
                401,
                "text/html",
                "<html><title>Corporate proxy login</title></html>",
            )
        },
        &[],
    );
    out.fails(
        8,
        &[
            "generic (HTTP 401) answered an HTML page titled \"Corporate proxy login\"",
            "hint: check the endpoint URL",
        ],
    );
}

#[test]
fn plain_text_is_quoted() {
    let (out, _) = against(
        || Reply::raw(200, "text/plain", "service temporarily in maintenance"),
        &[],
    );
    out.fails(8, &["\"service temporarily in maintenance\""]);
}

#[test]
fn truncated_json_is_named() {
    let (out, _) = against(
        || {
            Reply::raw(
                200,
                "application/json",
                r#"{"access_token":"abc","expires_in":36"#,
            )
        },
        &[],
    );
    out.fails(8, &["the JSON answer is cut short or malformed"]);
}

#[test]
fn ok_without_access_token_lists_the_fields() {
    let (out, _) = against(
        || Reply::json(200, json!({"token_type": "bearer", "expires_in": 60})),
        &[],
    );
    out.fails(
        8,
        &["no access_token in the answer (fields: expires_in, token_type)"],
    );
}

#[test]
fn wrong_types_are_named() {
    let (out, _) = against(|| Reply::json(200, json!({"access_token": 5})), &[]);
    out.fails(8, &["access_token is a number, not a string"]);
    let (out, _) = against(
        || Reply::json(200, json!({"access_token": "t", "expires_in": "soon"})),
        &[],
    );
    out.fails(8, &["expires_in is \"soon\", not a number of seconds"]);
}

#[test]
fn numeric_string_lifetime_and_uppercase_type_are_accepted() {
    let (out, _) = against(
        || {
            Reply::json(
                200,
                json!({"access_token": "tok-1", "token_type": "BEARER", "expires_in": "3600"}),
            )
        },
        &["--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["token_type"], "Bearer");
    let left = json["expires_in"].as_i64().unwrap();
    assert!((3590..=3600).contains(&left), "{left}");
}

#[test]
fn redirect_is_not_followed() {
    let elsewhere =
        Server::start(|_| Reply::json(200, json!({"access_token": "stolen"}))).may_be_unused();
    let target = format!("{}/token", elsewhere.url);
    let (out, server) = against(
        move || Reply::raw(302, "text/html", "").header("Location", &target),
        &[],
    );
    out.fails(
        8,
        &[
            "redirected the client_credentials request to http://127.0.0.1",
            "does not follow redirects",
        ],
    );
    assert_eq!(server.count(), 1);
    assert_eq!(
        elsewhere.count(),
        0,
        "credentials must not follow a redirect"
    );
}

#[test]
fn service_unavailable_is_retried_then_exit_5() {
    let started = Instant::now();
    let (out, server) = against(
        || {
            Reply::raw(
                503,
                "text/html",
                "<html><title>Down for maintenance</title></html>",
            )
        },
        &[],
    );
    out.fails(5, &["generic (HTTP 503) is unavailable: it answered an HTML page titled \"Down for maintenance\"", "hint: try again later"]);
    assert_eq!(server.count(), 3, "two retries after the first attempt");
    assert!(
        started.elapsed() >= Duration::from_millis(1400),
        "backoff 0.5 s then 1 s"
    );
}

#[test]
fn retry_after_is_honoured_and_the_retry_succeeds() {
    let env = TestEnv::new();
    let n = std::sync::atomic::AtomicUsize::new(0);
    let server = Server::start(move |_| {
        if n.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Reply::json(429, json!({"message": "slow down"})).header("Retry-After", "1")
        } else {
            Reply::json(200, json!({"access_token": "after-wait"}))
        }
    });
    let started = Instant::now();
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("c")
        .public()
        .run();
    assert_eq!(out.ok(), "after-wait\n");
    assert_eq!(server.count(), 2);
    assert!(started.elapsed() >= Duration::from_millis(950));
}

#[test]
fn a_long_retry_after_is_reported_not_waited_for() {
    let started = Instant::now();
    let (out, server) = against(
        || Reply::json(429, json!({"message": "quota"})).header("Retry-After", "3600"),
        &[],
    );
    out.fails(5, &["it asks to retry after 3600 s"]);
    assert_eq!(server.count(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn timeout_is_bounded_and_not_retried() {
    let started = Instant::now();
    let (out, server) = against(
        || Reply::json(200, json!({"access_token": "late"})).after(Duration::from_secs(4)),
        &["--timeout", "1"],
    );
    out.fails(5, &["did not answer within 1 s", "--timeout"]);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn refused_connection_is_retried_then_exit_5() {
    let env = TestEnv::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = env
        .otok()
        .token()
        .generic_at(format!("http://127.0.0.1:{port}/token"))
        .client("c")
        .public()
        .verbose()
        .run();
    out.fails(
        5,
        &[
            &format!("cannot connect to 127.0.0.1:{port}"),
            "retrying in 500 ms (attempt 2 of 3)",
        ],
    );
}

#[test]
fn oversized_answer_is_cut_off() {
    let (out, _) = against(
        || Reply::raw(200, "application/json", vec![b' '; 2 * 1024 * 1024]),
        &[],
    );
    out.fails(8, &["larger than 1024 KiB"]);
}

#[test]
fn invalid_utf8_is_not_a_token() {
    let (out, _) = against(
        || Reply::raw(200, "application/json", vec![0xff, 0xfe, b'{', 0x80]),
        &[],
    );
    assert_eq!(out.code, 8, "{}", out.stderr);
}
