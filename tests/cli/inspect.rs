//! `otok inspect`: a JWT's header, claims and times, from stdin or the store; malformed and
//! opaque tokens said to be what they are. The signature is never printed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::support::server::{Reply, Server};
use crate::support::{Outcome, TestEnv};

const SIGNATURE: &[u8] = b"0123456789abcdef0123456789abcdef-signature-bytes";

fn jwt(claims: Value) -> String {
    let seg = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        seg(&json!({"alg": "RS256", "typ": "JWT", "kid": "key-7"})),
        seg(&claims),
        URL_SAFE_NO_PAD.encode(SIGNATURE)
    )
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn inspect(env: &TestEnv, token: &str, extra: &[&str]) -> Outcome {
    env.otok()
        .inspect()
        .arg("--stdin")
        .args(extra)
        .env("TZ", "Europe/Berlin")
        .stdin(format!("{token}\n"))
        .run()
}

#[test]
fn a_jwt_with_exp_shows_claims_times_and_time_left() {
    let env = TestEnv::new();
    // 2026-11-23T12:00:00Z is 13:00 in Berlin (CET).
    let token = jwt(json!({"sub": "alice", "iss": "https://id.example.com",
                           "iat": 1_795_435_200, "exp": now() + 3030}));
    let out = inspect(&env, &token, &[]);
    let text = out.ok();
    assert!(text.starts_with("signed JWT (RS256)"), "{text}");
    assert!(text.contains("\"kid\": \"key-7\""), "{text}");
    assert!(text.contains("\"sub\": \"alice\""), "{text}");
    assert!(text.contains("2026-11-23T12:00:00Z"), "{text}");
    assert!(text.contains("2026-11-23 13:00:00 CET"), "{text}");
    assert!(text.contains("expires (exp)"), "{text}");
    assert!(text.contains("valid for 50m"), "{text}");
    let signature = token.rsplit('.').next().unwrap();
    assert!(!text.contains(signature), "the signature is printed");
}

#[test]
fn an_expired_jwt_says_how_long_ago() {
    let env = TestEnv::new();
    let out = inspect(&env, &jwt(json!({"exp": now() - 7300})), &[]);
    assert!(out.ok().contains("expired 2h 1m ago"), "{}", out.stdout);
}

#[test]
fn a_jwt_without_exp_says_so() {
    let env = TestEnv::new();
    let out = inspect(&env, &jwt(json!({"sub": "svc", "iat": 1_700_000_000})), &[]);
    let text = out.ok();
    assert!(text.contains("issued (iat)"), "{text}");
    assert!(text.contains("2023-11-14T22:13:20Z"), "{text}");
    assert!(text.contains("no exp claim"), "{text}");
}

#[test]
fn json_output_for_scripts() {
    let env = TestEnv::new();
    let exp = now() + 600;
    let out = inspect(
        &env,
        &jwt(json!({"sub": "alice", "exp": exp, "scope": "read write"})),
        &["--format", "json"],
    );
    let report: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(report["type"], "jwt");
    assert_eq!(report["header"]["alg"], "RS256");
    assert_eq!(report["claims"]["scope"], "read write");
    assert_eq!(report["times"]["exp"]["unix"], exp);
    assert_eq!(report["expired"], false);
    let left = report["expires_in"].as_i64().unwrap();
    assert!((595..=600).contains(&left), "{left}");
    assert_eq!(
        report["signature"],
        json!({"bytes": SIGNATURE.len(), "verified": false})
    );
    assert!(!out.stdout.contains(&URL_SAFE_NO_PAD.encode(SIGNATURE)));
}

#[test]
fn a_time_claim_that_is_not_a_number_is_pointed_out() {
    let env = TestEnv::new();
    let out = inspect(&env, &jwt(json!({"exp": "soon"})), &[]);
    assert!(
        out.ok().contains("\"soon\" is not a time in seconds"),
        "{}",
        out.stdout
    );
}

#[test]
fn opaque_tokens_are_reported_as_opaque() {
    let env = TestEnv::new();
    let out = inspect(&env, "2YotnFZFEjr1zCsicMWpAA", &[]);
    let text = out.ok();
    assert!(text.starts_with("opaque token (22 characters)"), "{text}");
    assert!(!text.contains("2YotnFZFEjr1zCsicMWpAA"));
    let json = inspect(&env, "2YotnFZFEjr1zCsicMWpAA", &["--format", "json"]);
    assert_eq!(
        serde_json::from_str::<Value>(json.ok()).unwrap(),
        json!({"type": "opaque", "length": 22})
    );
}

#[test]
fn malformed_tokens_fail_with_what_is_wrong() {
    let env = TestEnv::new();
    let seg = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let cases = [
        (
            format!("{}.{}", seg("{}"), seg("{}")),
            "2 dot-separated segments",
        ),
        (
            format!("{}.not*base64!.sig", seg("{}")),
            "the claims segment is not base64url",
        ),
        (
            format!("{}.{}.sig", seg("{}"), seg("sub=alice")),
            "the claims segment is not JSON",
        ),
        (
            format!("{}.{}.sig", seg("\"RS256\""), seg("{}")),
            "the header is not a JSON object",
        ),
    ];
    for (token, why) in cases {
        let out = inspect(&env, &token, &[]);
        out.fails(8, &["not a well-formed JWT", why]);
    }
    inspect(&env, "", &[]).fails(3, &["no token on stdin"]);
}

#[test]
fn the_stored_token_of_a_profile_is_decoded_and_fetched_when_missing() {
    let env = TestEnv::new();
    let token = jwt(json!({"sub": "from-server", "exp": now() + 3600}));
    let served = token.clone();
    let server = Server::start(move |_| {
        Reply::json(
            200,
            json!({"access_token": served, "token_type": "Bearer", "expires_in": 3600}),
        )
    });
    let inspect_profile = || {
        env.otok()
            .inspect()
            .generic(&server)
            .client("c")
            .store("file")
            .secret("client-secret-x")
            .run()
    };
    let out = inspect_profile();
    assert!(
        out.ok().contains("\"sub\": \"from-server\""),
        "{}",
        out.stdout
    );
    assert_eq!(server.count(), 1, "nothing was stored: one token request");
    inspect_profile().ok();
    assert_eq!(
        server.count(),
        1,
        "the second time the stored token is decoded"
    );
}

#[test]
fn extreme_time_claims_are_shown_without_overflow() {
    let env = TestEnv::new();
    let token = jwt(json!({"exp": i64::MIN, "iat": i64::MAX, "nbf": 0}));
    let text = inspect(&env, &token, &[]);
    assert!(text.ok().contains("exp"), "{}", text.stdout);
    let out = inspect(&env, &token, &["--format", "json"]);
    let printed: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(printed["expired"], true);
    assert_eq!(printed["expires_in"], i64::MIN);
}
