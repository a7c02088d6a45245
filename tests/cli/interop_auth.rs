//! Client authentication against the real authorization server (`tests/interop/`): client
//! assertions signed with each kind of key (`private_key_jwt`, RFC 7523) or with the client
//! secret (`client_secret_jwt`), mutual TLS (RFC 8705) through the server's
//! `mtls_endpoint_aliases`, and DPoP (RFC 9449) with the server's nonce.
//!
//! The server has one client per method (tests/interop/README.md) and the keys are the fixtures
//! of `tests/keys`. Like the tests of `interop`, these are ignored by a plain `cargo test` and
//! run one at a time by `scripts/interop`; they read the server's request counts before and
//! after. Each checks what the server made of otok's requests: the token it issued is active
//! for that client, bound to the certificate or the DPoP key where it should be, and the
//! refresh, introspection and revocation requests were authenticated the same way (the server
//! answers anything else with `invalid_client`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use serde_json::Value;

use crate::interop::{
    assert_live_token, browser, grant_requests, introspect, issuer, stored_record, token_requests,
};
use crate::support::{Outcome, TestEnv};

/// The secret of the server's `csjwt` client (64 characters: enough for HS512).
const CSJWT_SECRET: &str = "otok-csjwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHI";
const DPOP_BASIC_SECRET: &str = "dpop-basic-secret";

/// The path of a fixture of `tests/keys`.
pub(crate) fn key(name: &str) -> String {
    format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Requests of one kind the server received since the start (`introspection`, …).
fn count(what: &str) -> u64 {
    crate::interop::counts_at(&issuer())[what].as_u64().unwrap()
}

/// `otok token` for `client_id` with a client_credentials grant, scope `read`, endpoints
/// from discovery, and `auth` saying how the client authenticates.
fn client_credentials(env: &TestEnv, client_id: &str, auth: &[&str]) -> Outcome {
    env.otok()
        .token()
        .issuer(&issuer())
        .client(client_id)
        .args(["--scope", "read"])
        .args(auth)
        .run()
}

/// The token that `auth` got for `client_id`, checked at the server: active, for that client,
/// one token request.
fn assertion_token(client_id: &str, auth: &[&str]) -> Value {
    let env = TestEnv::new();
    let before = token_requests();
    let out = client_credentials(&env, client_id, auth);
    let info = assert_live_token(&out, client_id);
    assert_eq!(info["scope"], "read", "{info}");
    assert_eq!(token_requests() - before, 1, "one token request");
    info
}

// ---------------------------------------------------------------------------------------------
// private_key_jwt: one client per algorithm, each key in each of its forms.

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_rs256_from_a_pkcs8_pem() {
    assertion_token(
        "pkjwt-rs256",
        &["--private-key-file", &key("rsa.pkcs8.pem")],
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_rs256_from_a_jwk() {
    assertion_token("pkjwt-rs256", &["--private-key-file", &key("rsa.jwk")]);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_ps256_from_a_pkcs1_pem() {
    // The same RSA key; the client is registered for PS256 and refuses RS256.
    assertion_token(
        "pkjwt-ps256",
        &[
            "--auth-method",
            "private_key_jwt",
            "--private-key-file",
            &key("rsa.pkcs1.pem"),
            "--signing-alg",
            "PS256",
        ],
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn an_rsa_key_signs_rs256_unless_told_otherwise() {
    let env = TestEnv::new();
    let out = client_credentials(
        &env,
        "pkjwt-ps256",
        &["--private-key-file", &key("rsa.pkcs1.pem")],
    );
    out.fails(4, &["invalid_client"]);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_es256_from_a_sec1_pem() {
    assertion_token(
        "pkjwt-es256",
        &["--private-key-file", &key("ec256.sec1.pem")],
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_es256_from_a_jwk() {
    assertion_token("pkjwt-es256", &["--private-key-file", &key("ec256.jwk")]);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_es384_from_a_pkcs8_pem() {
    assertion_token(
        "pkjwt-es384",
        &["--private-key-file", &key("ec384.pkcs8.pem")],
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_es384_from_a_jwk() {
    assertion_token("pkjwt-es384", &["--private-key-file", &key("ec384.jwk")]);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_es384_picked_from_a_jwk_set_by_key_id() {
    assertion_token(
        "pkjwt-es384",
        &[
            "--private-key-file",
            &key("two-keys.jwks"),
            "--key-id",
            "ec384-1",
        ],
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_ed25519_from_a_pkcs8_pem_signs_eddsa() {
    let env = TestEnv::new();
    let out = client_credentials(
        &env,
        "pkjwt-eddsa",
        &["-v", "--private-key-file", &key("ed25519.pkcs8.pem")],
    );
    assert_live_token(&out, "pkjwt-eddsa");
    // The JOSE name: servers that know Ed25519 signatures know `EdDSA`, not all `Ed25519`.
    assert!(
        compact(&out.stderr).contains(r#""alg":"EdDSA""#),
        "{}",
        out.stderr
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_ed25519_from_a_jwk() {
    assertion_token("pkjwt-eddsa", &["--private-key-file", &key("ed25519.jwk")]);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn assertion_audience_the_issuer_or_the_endpoint_called() {
    let issuer = issuer();
    let env = TestEnv::new();
    let auth = ["--private-key-file", &key("ec256.jwk")];
    let out = client_credentials(
        &env,
        "pkjwt-es256",
        &[&auth[..], &["-v", "--assertion-audience", "issuer"]].concat(),
    );
    assert_live_token(&out, "pkjwt-es256");
    let access = out.stdout.trim().to_string();
    assert!(
        compact(&out.stderr).contains(&format!(r#""aud":"{issuer}""#)),
        "{}",
        out.stderr
    );

    // The client asks about its own token at the introspection endpoint, with an assertion
    // whose audience is that endpoint.
    let before = count("introspection");
    let out = env
        .otok()
        .introspect()
        .issuer(&issuer)
        .client("pkjwt-es256")
        .args(auth)
        .args(["-v", "--assertion-audience", "endpoint", "--stdin"])
        .format("json")
        .stdin(access.as_str())
        .run();
    let info: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(info["active"], true, "{info}");
    assert_eq!(info["client_id"], "pkjwt-es256", "{info}");
    assert!(
        compact(&out.stderr).contains(&format!(r#""aud":"{issuer}/token/introspection""#)),
        "{}",
        out.stderr
    );
    assert_eq!(count("introspection") - before, 1);
}

// ---------------------------------------------------------------------------------------------
// client_secret_jwt

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn client_secret_jwt_hs256_by_default() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .issuer(&issuer())
        .client("csjwt")
        .args([
            "-v",
            "--auth-method",
            "client_secret_jwt",
            "--scope",
            "read",
        ])
        .secret(CSJWT_SECRET)
        .run();
    assert_live_token(&out, "csjwt");
    assert!(
        compact(&out.stderr).contains(r#""alg":"HS256""#),
        "{}",
        out.stderr
    );
    out.leaks_none(&[CSJWT_SECRET]);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn client_secret_jwt_hs512() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .issuer(&issuer())
        .client("csjwt")
        .args([
            "--auth-method",
            "client_secret_jwt",
            "--signing-alg",
            "HS512",
        ])
        .args(["--scope", "read"])
        .secret(CSJWT_SECRET)
        .run();
    assert_live_token(&out, "csjwt");
}

// ---------------------------------------------------------------------------------------------
// Mutual TLS: through the https listener that discovery names in mtls_endpoint_aliases.

/// The flags of a client certificate, and the test CA that signed the server's.
fn mtls(method: &str, cert: &str, cert_key: &str) -> Vec<String> {
    vec![
        "--auth-method".into(),
        method.into(),
        "--client-cert-file".into(),
        key(cert),
        "--client-key-file".into(),
        key(cert_key),
        "--ca-cert".into(),
        key("ca.pem"),
    ]
}

fn mtls_pki() -> Vec<String> {
    mtls("tls_client_auth", "client.pem", "client.key")
}

fn mtls_self() -> Vec<String> {
    mtls(
        "self_signed_tls_client_auth",
        "self-signed.pem",
        "self-signed.key",
    )
}

/// RFC 8705 section 3.1: the base64url SHA-256 of the certificate's DER.
fn x5t_s256(cert: &str) -> String {
    let der = CertificateDer::from_pem_file(key(cert)).unwrap();
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, der.as_ref()))
}

fn certificate_bound_token(client_id: &str, auth: &[String], cert: &str) {
    let env = TestEnv::new();
    let before = token_requests();
    let out = client_credentials(
        &env,
        client_id,
        &auth.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let info = assert_live_token(&out, client_id);
    assert_eq!(info["cnf"]["x5t#S256"], x5t_s256(cert), "{info}");
    assert_eq!(token_requests() - before, 1, "one token request");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn tls_client_auth_with_a_certificate_of_the_ca() {
    certificate_bound_token("mtls-pki", &mtls_pki(), "client.pem");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn self_signed_tls_client_auth() {
    certificate_bound_token("mtls-self", &mtls_self(), "self-signed.pem");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn tls_client_auth_refuses_a_certificate_the_ca_did_not_sign() {
    let env = TestEnv::new();
    let auth = mtls("tls_client_auth", "self-signed.pem", "self-signed.key");
    let out = client_credentials(
        &env,
        "mtls-pki",
        &auth.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    out.fails(4, &["invalid_client"]);
}

// ---------------------------------------------------------------------------------------------
// DPoP

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn dpop_with_the_servers_nonce() {
    let env = TestEnv::new();
    let before = token_requests();
    let out = env
        .otok()
        .token()
        .issuer(&issuer())
        .client("dpop-basic")
        .args(["--dpop", "--scope", "read"])
        .format("json")
        .secret(DPOP_BASIC_SECRET)
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["token_type"], "DPoP", "{json}");
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    // The first proof has no nonce: 400 use_dpop_nonce, then the same request with it.
    assert_eq!(token_requests() - before, 2, "the nonce costs one retry");
    let info = introspect(json["access_token"].as_str().unwrap());
    assert_eq!(info["active"], true, "{info}");
    assert_eq!(info["client_id"], "dpop-basic", "{info}");
    assert!(info["cnf"]["jkt"].is_string(), "bound to the key: {info}");
}

// ---------------------------------------------------------------------------------------------
// One client of each family through the code flow, a refresh, introspection and revocation,
// every request authenticated the same way.

/// Authorizes `client_id` in the headless browser, refreshes, introspects and revokes with
/// `auth`, and checks what the server counted and holds after each step. `per_token` is how
/// many token requests one token may take (two with a DPoP nonce to learn).
fn authorize_refresh_introspect_revoke(
    client_id: &str,
    auth: &[String],
    secret: Option<&str>,
    per_token: u64,
) {
    let issuer = issuer();
    let env = TestEnv::new();
    let mut args: Vec<String> = [
        "--provider",
        "generic",
        "--issuer",
        &issuer,
        "--client-id",
        client_id,
        "--scope",
        "openid read",
        "--store",
        "file",
    ]
    .map(String::from)
    .to_vec();
    args.extend_from_slice(auth);
    let otok = |command: &str| {
        let cmd = env.otok().arg(command).args(&args);
        match secret {
            Some(secret) => cmd.secret(secret),
            None => cmd,
        }
    };
    let took = |before: u64, after: u64, what: &str| {
        let n = after - before;
        assert!(
            (1..=per_token).contains(&n),
            "{what}: {n} token requests, expected 1 to {per_token}"
        );
    };

    let codes = grant_requests(&issuer, "authorization_code");
    let out = otok("authorize")
        .format("raw")
        .env("BROWSER", browser())
        .run();
    let first = out.ok().trim().to_string();
    took(codes, grant_requests(&issuer, "authorization_code"), "code");
    let info = introspect(&first);
    assert_eq!(info["active"], true, "{info}");
    assert_eq!(info["client_id"], client_id, "{info}");
    let first_refresh = stored_record(&env)["refresh_token"]
        .as_str()
        .expect("a stored refresh token")
        .to_string();

    let refreshes = grant_requests(&issuer, "refresh_token");
    let out = otok("refresh").format("raw").run();
    let second = out.ok().trim().to_string();
    assert_ne!(second, first);
    took(
        refreshes,
        grant_requests(&issuer, "refresh_token"),
        "refresh",
    );
    assert_eq!(introspect(&second)["active"], true);
    assert_eq!(
        introspect(&first_refresh)["active"],
        false,
        "the refresh token rotated"
    );

    let introspections = count("introspection");
    let out = otok("introspect").run();
    assert!(
        out.ok()
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["active", "true"]),
        "{}",
        out.stdout
    );
    assert_eq!(count("introspection") - introspections, 1);

    let revocations = count("revocation");
    let out = otok("revoke").run();
    out.ok();
    assert!(
        out.stderr
            .contains("revoked the refresh token and the access token"),
        "{}",
        out.stderr
    );
    assert_eq!(count("revocation") - revocations, 2);
    assert_eq!(
        introspect(&second)["active"],
        false,
        "the server holds it active"
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn private_key_jwt_through_the_code_flow_refresh_introspection_and_revocation() {
    authorize_refresh_introspect_revoke(
        "pkjwt-es256",
        &["--private-key-file".into(), key("ec256.sec1.pem")],
        None,
        1,
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn client_secret_jwt_through_the_code_flow_refresh_introspection_and_revocation() {
    authorize_refresh_introspect_revoke(
        "csjwt",
        &["--auth-method".into(), "client_secret_jwt".into()],
        Some(CSJWT_SECRET),
        1,
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn tls_client_auth_through_the_code_flow_refresh_introspection_and_revocation() {
    authorize_refresh_introspect_revoke("mtls-pki", &mtls_pki(), None, 1);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn self_signed_tls_client_auth_through_the_code_flow_refresh_introspection_and_revocation() {
    authorize_refresh_introspect_revoke("mtls-self", &mtls_self(), None, 1);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn dpop_public_client_through_the_code_flow_refresh_introspection_and_revocation() {
    // The public client's refresh token is bound to the DPoP key: the refresh proves that
    // otok kept the key with the tokens.
    authorize_refresh_introspect_revoke(
        "dpop-public",
        &["--auth-method".into(), "none".into(), "--dpop".into()],
        None,
        2,
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn dpop_confidential_client_through_the_code_flow_refresh_introspection_and_revocation() {
    authorize_refresh_introspect_revoke(
        "dpop-basic",
        &["--dpop".into()],
        Some(DPOP_BASIC_SECRET),
        2,
    );
}

// ---------------------------------------------------------------------------------------------
// What -v shows of a client assertion.

/// The trace with the space after each JSON `:` removed, whichever way it prints JSON.
fn compact(trace: &str) -> String {
    trace.replace("\": ", "\":")
}

/// Base64url runs of 40 characters or more that are not an encoded JSON object: a signature,
/// a key's private part, a secret. An assertion's encoded header and claims may show, its
/// signature may not.
fn opaque_base64url(trace: &str) -> Vec<&str> {
    trace
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|run| run.len() >= 40)
        // A metadata member name (`token_endpoint_auth_signing_alg_values_supported`) is words.
        .filter(|run| !run.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .filter(|run| {
            !URL_SAFE_NO_PAD
                .decode(run.trim_end_matches('='))
                .is_ok_and(|bytes| bytes.starts_with(b"{"))
        })
        .collect()
}

/// Asserts the trace shows the assertion's header and claims, and nothing of its signature.
fn shows_the_assertion_not_its_signature(out: &Outcome, client_id: &str, alg: &str) {
    let trace = compact(&out.stderr);
    assert!(trace.contains("client_assertion"), "{}", out.stderr);
    assert!(
        trace.contains(&format!(r#""alg":"{alg}""#)),
        "{}",
        out.stderr
    );
    for claim in ["iss", "sub"] {
        assert!(
            trace.contains(&format!(r#""{claim}":"{client_id}""#)),
            "no {claim} claim: {}",
            out.stderr
        );
    }
    for claim in ["aud", "jti", "exp"] {
        assert!(
            trace.contains(&format!(r#""{claim}":"#)),
            "no {claim} claim: {}",
            out.stderr
        );
    }
    assert_eq!(
        opaque_base64url(&out.stderr),
        Vec::<&str>::new(),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(out.stdout.trim()), "the token leaked");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn verbose_trace_shows_the_assertion_but_no_key_signature_or_secret() {
    // A JWK: its private part must not show.
    let env = TestEnv::new();
    let jwk: Value =
        serde_json::from_str(&std::fs::read_to_string(key("ed25519.jwk")).unwrap()).unwrap();
    let out = client_credentials(
        &env,
        "pkjwt-eddsa",
        &["-v", "--private-key-file", &key("ed25519.jwk")],
    );
    assert_live_token(&out, "pkjwt-eddsa");
    shows_the_assertion_not_its_signature(&out, "pkjwt-eddsa", "EdDSA");
    out.leaks_none(&[jwk["d"].as_str().unwrap()]);

    // A PEM key: no line of it shows.
    let pem = std::fs::read_to_string(key("rsa.pkcs1.pem")).unwrap();
    let out = client_credentials(
        &env,
        "pkjwt-ps256",
        &[
            "-v",
            "--private-key-file",
            &key("rsa.pkcs1.pem"),
            "--signing-alg",
            "PS256",
        ],
    );
    assert_live_token(&out, "pkjwt-ps256");
    shows_the_assertion_not_its_signature(&out, "pkjwt-ps256", "PS256");
    let body: Vec<&str> = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 16)
        .collect();
    out.leaks_none(&body);

    // client_secret_jwt: the secret signs, and shows nowhere.
    let out = env
        .otok()
        .token()
        .issuer(&issuer())
        .client("csjwt")
        .args([
            "-v",
            "--auth-method",
            "client_secret_jwt",
            "--signing-alg",
            "HS384",
        ])
        .args(["--scope", "read"])
        .secret(CSJWT_SECRET)
        .run();
    assert_live_token(&out, "csjwt");
    shows_the_assertion_not_its_signature(&out, "csjwt", "HS384");
    out.leaks_none(&[CSJWT_SECRET]);
}
