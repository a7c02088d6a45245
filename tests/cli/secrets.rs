//! `-v` traces every request and answer, and none of the secrets used shows in stdout or
//! stderr: not the client secret, the password, the card, the PIN, the client assertion, nor
//! (on stderr) the tokens received.

use serde_json::Value;

use crate::support::providers::*;
use crate::support::server::Server;
use crate::support::{Outcome, TestEnv};

/// Checks the trace is there (so the test cannot pass by tracing nothing) and leaks nothing.
fn traced_without_leaks(out: &Outcome, server: &Server, secrets: &[&str]) {
    out.ok();
    assert!(
        out.stderr.contains("> POST http://127.0.0.1"),
        "no request trace:\n{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("< HTTP 20"),
        "no response trace:\n{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("(redacted)"),
        "nothing was redacted:\n{}",
        out.stderr
    );
    out.leaks_none(secrets);
    let token = out.stdout.trim();
    assert!(
        !out.stderr.contains(token),
        "the access token leaked to stderr:\n{}",
        out.stderr
    );
    for req in server.requests() {
        let body = req.body_text();
        if let Ok(json) = serde_json::from_str::<Value>(&body) {
            if let Some(assertion) = json.get("client_assertion").and_then(Value::as_str) {
                assert!(
                    !out.stderr.contains(assertion),
                    "the client assertion leaked"
                );
                let signature = assertion.rsplit('.').next().unwrap();
                assert!(
                    !out.stderr.contains(signature),
                    "the assertion's signature leaked"
                );
            }
        }
    }
}

#[test]
fn myq_client_credentials_trace() {
    let env = TestEnv::new();
    let server = myq();
    let out = env
        .otok()
        .verbose()
        .token()
        .provider_at("myq", &server.url)
        .client(MYQ_ID)
        .args(["--scope", "offline.access"])
        .secret(MYQ_SECRET)
        .run();
    traced_without_leaks(&out, &server, &[MYQ_SECRET, "myq-refresh-1"]);
}

#[test]
fn myq_login_info_traces_for_every_login_type() {
    for login_type in ["card", "pin", "user", "card-pin", "card-password"] {
        let env = TestEnv::new();
        let server = myq();
        let out = env
            .otok()
            .token()
            .verbose()
            .provider_at("myq", &server.url)
            .client(MYQ_ID)
            .args(["--login-type", login_type, "--username", MYQ_USER])
            .secret(MYQ_SECRET)
            .env("OTOK_CARD", MYQ_CARD)
            .env("OTOK_PIN", MYQ_PIN)
            .env("OTOK_PASSWORD", MYQ_PWD)
            .run();
        traced_without_leaks(
            &out,
            &server,
            &[
                MYQ_SECRET,
                MYQ_CARD,
                MYQ_PWD,
                &format!("\"{MYQ_PIN}\""),
                &format!(":{MYQ_PIN}"),
            ],
        );
    }
}

#[test]
fn myfox_password_trace() {
    let env = TestEnv::new();
    let server = myfox();
    let out = env
        .otok()
        .verbose()
        .token()
        .provider_at("myfox", &server.url)
        .client(MYFOX_ID)
        .args(["--username", MYFOX_USER])
        .env("OTOK_PASSWORD", MYFOX_PASSWORD)
        .secret(MYFOX_SECRET)
        .run();
    let encoded: String = form_urlencoded::byte_serialize(MYFOX_PASSWORD.as_bytes()).collect();
    traced_without_leaks(
        &out,
        &server,
        &[MYFOX_SECRET, MYFOX_PASSWORD, &encoded, "myfox-refresh-1"],
    );
}

#[test]
fn mypos_basic_trace() {
    let env = TestEnv::new();
    let server = mypos();
    let out = env
        .otok()
        .verbose()
        .token()
        .provider_at("mypos", &server.url)
        .client(MYPOS_ID)
        .secret(MYPOS_SECRET)
        .run();
    let basic = server.only().header("authorization").unwrap().to_string();
    let credentials = basic.trim_start_matches("Basic ");
    traced_without_leaks(&out, &server, &[MYPOS_SECRET, credentials]);
    assert!(
        out.stderr.contains("authorization: Basic (redacted)"),
        "{}",
        out.stderr
    );
}

#[test]
fn highmobility_secret_and_assertion_traces() {
    let env = TestEnv::new();
    let server = highmobility(None);
    let out = env
        .otok()
        .verbose()
        .token()
        .provider_at("highmobility", &server.url)
        .client(HM_ID)
        .secret(HM_SECRET)
        .run();
    traced_without_leaks(&out, &server, &[HM_SECRET]);

    let env = TestEnv::new();
    let (key, public) = {
        use base64::Engine;
        use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(pkcs8.as_ref())
        );
        (
            env.write("k.pem", &pem),
            pair.public_key().as_ref().to_vec(),
        )
    };
    let server = highmobility(Some(public));
    let out = env
        .otok()
        .verbose()
        .token()
        .provider_at("highmobility", &server.url)
        .client(HM_ID)
        .args(["--key-id", HM_KEY_ID, "--private-key-file"])
        .arg(key)
        .run();
    traced_without_leaks(&out, &server, &[]);
}

#[test]
fn generic_extension_grant_trace_hides_subject_token() {
    let env = TestEnv::new();
    let server = generic("gen-client", "gen-secret-xyz");
    let out = env
        .otok()
        .verbose()
        .token()
        .generic(&server)
        .client("gen-client")
        .args([
            "--grant",
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "--param-file",
        ])
        .arg(format!(
            "subject_token={}",
            env.write("subject", "subject-secret-77").display()
        ))
        .secret("gen-secret-xyz")
        .run();
    // The mock echoes the parameters it received in its answer: the trace must hide them too.
    traced_without_leaks(&out, &server, &["gen-secret-xyz", "subject-secret-77"]);
}

#[test]
fn error_messages_never_echo_a_secret() {
    let env = TestEnv::new();
    let server = Server::start(|req| {
        // A careless server that repeats the request in its error.
        crate::support::server::Reply::json(
            400,
            serde_json::json!({"error": "invalid_client", "error_description": format!("bad request: {}", req.body_text())}),
        )
    });
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("c")
        .args(["--auth-method", "post"])
        .secret("careless-echo-secret")
        .run();
    out.fails(4, &["invalid_client", "(redacted)"]);
    out.leaks_none(&["careless-echo-secret"]);
}
