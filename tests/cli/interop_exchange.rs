//! Grants that start from another credential, against the real authorization server
//! (`tests/interop/`): token exchange (RFC 8693) of a subject token read from a file, stdin, the
//! environment or another profile, with an actor token; the JWT bearer grant (RFC 7523 section
//! 2.1) with an assertion otok signs or one it is given as is; and a Google-style
//! service-account key file.
//!
//! The server's `exchanger` client does the exchanges; the `jwtb-*` clients and the service
//! account `otok-sa@interop.iam.example` sign assertions with the fixtures of `tests/keys`
//! (tests/interop/README.md). What otok got is checked at the server: introspection shows the
//! token active with the subject (`sub`), actor (`act`) and audience (`aud`) it was made from,
//! and the request counts say how many token requests each step took. Like the other interop
//! tests these are ignored by a plain `cargo test` and run one at a time by `scripts/interop`.
//!
//! The tests at the end are not ignored: a GitHub Actions job's OIDC token as the subject of a
//! token exchange, with loopback stand-ins for the Actions token service and the token endpoint.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::PrivatePkcs8KeyDer;
use serde_json::{json, Value};

use crate::interop::{grant_requests, introspect, issuer, token_requests};
use crate::interop_auth::key;
use crate::support::server::{Reply, Server};
use crate::support::{Otok, Outcome, TestEnv};

const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
const JWT_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:jwt";
const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";

/// The audience the exchanges ask for.
const AUDIENCE: &str = "https://api.interop.example";
const EXCHANGER_SECRET: &str = "exchanger-secret";
/// The service account the server trusts, with `rsa.pkcs8.pem`'s key under this key id.
const SERVICE_ACCOUNT: &str = "otok-sa@interop.iam.example";
const SERVICE_ACCOUNT_KEY_ID: &str = "sa-key-1";

/// A client_credentials token of `client_id`, scope `read`, got through otok without a store:
/// a subject or actor token for the exchanges.
fn client_token(env: &TestEnv, client_id: &str, secret: &str, auth: &[&str]) -> String {
    env.otok()
        .token()
        .issuer(&issuer())
        .client(client_id)
        .args(["--scope", "read"])
        .args(auth)
        .store("none")
        .secret(secret)
        .run()
        .ok()
        .trim()
        .to_string()
}

fn cc_basic_token(env: &TestEnv) -> String {
    client_token(env, "cc-basic", "cc-basic-secret", &[])
}

/// `otok token` as the `exchanger` client with the token exchange grant.
fn exchange(env: &TestEnv) -> Otok {
    env.otok()
        .token()
        .issuer(&issuer())
        .client("exchanger")
        .args(["--grant", "token-exchange"])
        .secret(EXCHANGER_SECRET)
}

fn exchanges() -> u64 {
    grant_requests(&issuer(), TOKEN_EXCHANGE)
}

fn jwt_bearer_requests() -> u64 {
    grant_requests(&issuer(), JWT_BEARER)
}

/// The entries of the file store (`<data dir>/tokens/*.json`).
fn stored_entries(env: &TestEnv) -> usize {
    let Ok(dir) = std::fs::read_dir(env.data_dir().join("tokens")) else {
        return 0;
    };
    dir.map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .count()
}

/// Asserts the token is active at the server and returns what introspection says of it.
fn live(token: &str) -> Value {
    let info = introspect(token);
    assert_eq!(info["active"], true, "{info}");
    info
}

/// `aud` of an introspection, as a sorted list whether the server gave a string or an array.
fn audiences(info: &Value) -> Vec<String> {
    let mut all: Vec<String> = match &info["aud"] {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect(),
        _ => Vec::new(),
    };
    all.sort();
    all
}

/// `issued_token_type` of `--format json`, at the top or among the answer's other members.
fn issued_token_type(json: &Value) -> Option<&Value> {
    json.get("issued_token_type")
        .or_else(|| json.get("extra").and_then(|e| e.get("issued_token_type")))
}

// ---------------------------------------------------------------------------------------------
// Token exchange

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn a_profile_exchanges_the_token_of_another_profile_and_both_are_served_from_the_store() {
    let issuer = issuer();
    let env = TestEnv::new();
    let config = env.write(
        "config.toml",
        &format!(
            r#"[profiles.login]
provider = "generic"
issuer = "{issuer}"
client_id = "cc-basic"
client_secret = {{ env = "LOGIN_SECRET" }}
scope = "read"

[profiles.exchange]
provider = "generic"
issuer = "{issuer}"
client_id = "exchanger"
client_secret = {{ env = "EXCHANGER_SECRET" }}
grant = "{TOKEN_EXCHANGE}"
subject_token = {{ profile = "login" }}
params = {{ audience = "{AUDIENCE}" }}
"#
        ),
    );
    let otok = |command: &str, profile: &str| {
        env.otok()
            .arg(command)
            .profile(profile, &config)
            .env("OTOK_STORE", "file")
            .env("LOGIN_SECRET", "cc-basic-secret")
            .env("EXCHANGER_SECRET", EXCHANGER_SECRET)
            .run()
    };
    let logins = grant_requests(&issuer, "client_credentials");
    let exchanged = exchanges();

    // The first run gets the login profile's token, then exchanges it.
    let out = otok("token", "exchange");
    let first = out.ok().trim().to_string();
    out.leaks_none(&["cc-basic-secret", EXCHANGER_SECRET]);
    assert_eq!(grant_requests(&issuer, "client_credentials"), logins + 1);
    assert_eq!(exchanges(), exchanged + 1);
    let info = live(&first);
    assert_eq!(info["client_id"], "exchanger", "{info}");
    assert_eq!(info["aud"], AUDIENCE, "{info}");
    assert_eq!(info["sub"], "cc-basic", "the login token's subject: {info}");
    assert_eq!(info["scope"], "read", "the subject token's scope: {info}");
    assert!(info.get("act").is_none(), "no actor: {info}");

    // The second run is served from the store: no token request at all.
    let requests = token_requests();
    let out = otok("token", "exchange");
    assert_eq!(out.ok().trim(), first);
    assert_eq!(token_requests(), requests, "no token request");

    // The login token was stored under its own profile: served too.
    let login = otok("token", "login").ok().trim().to_string();
    assert_eq!(token_requests(), requests, "no token request");
    assert_eq!(live(&login)["client_id"], "cc-basic");

    // Without the exchanged token, the next run exchanges again, from the stored login token.
    otok("forget", "exchange").ok();
    let third = otok("token", "exchange").ok().trim().to_string();
    assert_ne!(third, first);
    assert_eq!(
        grant_requests(&issuer, "client_credentials"),
        logins + 1,
        "the login token was got once"
    );
    assert_eq!(exchanges(), exchanged + 2);
    let info = live(&third);
    assert_eq!(info["sub"], "cc-basic", "{info}");
    assert_eq!(info["aud"], AUDIENCE, "{info}");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn an_actor_token_shows_as_act_and_audiences_and_resources_make_aud() {
    let env = TestEnv::new();
    let subject = cc_basic_token(&env);
    let actor = client_token(
        &env,
        "cc-post",
        "cc-post-secret",
        &["--auth-method", "post"],
    );
    let actor_file = env.write("actor-token", &format!("{actor}\n"));
    let exchanged = exchanges();
    let out = exchange(&env)
        .arg("--subject-token-stdin")
        .arg("--actor-token-file")
        .arg(&actor_file)
        .args([
            "--audience",
            AUDIENCE,
            "--audience",
            "https://other.interop.example",
        ])
        .args(["--resource", "https://rs.interop.example/api"])
        .args(["--requested-token-type", "access_token"])
        .format("json")
        .stdin(format!("{subject}\n"))
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    out.leaks_none(&[&subject, &actor, EXCHANGER_SECRET]);
    assert_eq!(exchanges(), exchanged + 1, "one token request");
    assert_eq!(
        issued_token_type(&json),
        Some(&json!(ACCESS_TOKEN_TYPE)),
        "{json}"
    );
    assert_eq!(json["token_type"], "Bearer", "{json}");

    let info = live(json["access_token"].as_str().unwrap());
    assert_eq!(info["client_id"], "exchanger", "{info}");
    assert_eq!(info["sub"], "cc-basic", "{info}");
    assert_eq!(info["act"], json!({"sub": "cc-post"}), "{info}");
    assert_eq!(
        audiences(&info),
        [
            AUDIENCE,
            "https://other.interop.example",
            "https://rs.interop.example/api"
        ],
        "{info}"
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn two_subject_tokens_make_two_entries_and_the_same_one_is_served_from_the_store() {
    let env = TestEnv::new();
    let (one, two) = (cc_basic_token(&env), cc_basic_token(&env));
    assert_ne!(one, two);
    let one_file = env.write("subject-one", &format!("{one}\n"));
    let two_file = env.write("subject-two", &format!("{two}\n"));
    let from = |flag: &str, value: &std::ffi::OsStr| {
        exchange(&env)
            .args(["--audience", AUDIENCE])
            .arg(flag)
            .arg(value)
            .store("file")
            .run()
    };
    let by_file = |path: &std::path::Path| {
        from("--subject-token-file", path.as_os_str())
            .ok()
            .trim()
            .to_string()
    };
    let exchanged = exchanges();

    let first = by_file(&one_file);
    assert_eq!(exchanges(), exchanged + 1);
    assert_eq!(stored_entries(&env), 1);

    // Another subject token is another entry, whatever source it comes from.
    let source = format!("file:{}", two_file.display());
    let out = from("--subject-token-from", source.as_ref());
    let second = out.ok().trim().to_string();
    assert_ne!(second, first, "not served from the first subject's entry");
    assert_eq!(exchanges(), exchanged + 2);
    assert_eq!(stored_entries(&env), 2);

    // The first subject token again: served from its entry, no request.
    let requests = token_requests();
    assert_eq!(by_file(&one_file), first);
    assert_eq!(token_requests(), requests, "no token request");
    assert_eq!(stored_entries(&env), 2);

    for token in [&first, &second] {
        let info = live(token);
        assert_eq!(info["sub"], "cc-basic", "{info}");
        assert_eq!(info["aud"], AUDIENCE, "{info}");
    }
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn a_subject_token_the_server_never_issued_is_refused_with_invalid_grant() {
    let env = TestEnv::new();
    let fake = "otok-not-a-token-of-this-server-8c41e7f2a9d05b36";
    let subject = env.write("subject-token", &format!("{fake}\n"));
    let exchanged = exchanges();
    let out = env
        .otok()
        .token()
        .issuer(&issuer())
        .client("exchanger")
        .args(["--grant", TOKEN_EXCHANGE, "--subject-token-file"])
        .arg(&subject)
        .secret(EXCHANGER_SECRET)
        .run();
    out.fails(4, &["invalid_grant"]);
    out.leaks_none(&[fake, EXCHANGER_SECRET]);
    assert_eq!(exchanges(), exchanged + 1, "a refusal is not retried");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn verbose_trace_of_an_exchange_redacts_the_subject_token() {
    let env = TestEnv::new();
    let subject = cc_basic_token(&env);
    let out = exchange(&env)
        .verbose()
        .args(["--audience", AUDIENCE])
        .env("OTOK_SUBJECT_TOKEN", &subject)
        .run();
    let token = out.ok().trim().to_string();
    assert_eq!(live(&token)["sub"], "cc-basic");
    assert!(
        out.stderr.contains("subject_token=(redacted)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(ACCESS_TOKEN_TYPE),
        "the subject token type shows: {}",
        out.stderr
    );
    out.leaks_none(&[&subject, EXCHANGER_SECRET]);
    assert!(!out.stderr.contains(&token), "the new token leaked");
}

// ---------------------------------------------------------------------------------------------
// The JWT bearer grant

/// `otok token` for `client_id` with the JWT bearer grant, otok signing the assertion with the
/// fixture `key_file`; scope `read`.
fn jwt_bearer(env: &TestEnv, client_id: &str, key_file: &str, extra: &[&str]) -> Outcome {
    env.otok()
        .token()
        .issuer(&issuer())
        .client(client_id)
        .args(["--grant", "jwt-bearer", "--private-key-file"])
        .arg(key(key_file))
        .args(["--scope", "read"])
        .args(extra)
        .run()
}

/// Asserts the grant gave `client_id` an active token for `sub`, scope read, in one request.
fn assert_jwt_bearer_token(run: impl FnOnce() -> Outcome, client_id: &str, sub: &str) -> Outcome {
    let (requests, grants) = (token_requests(), jwt_bearer_requests());
    let out = run();
    let info = live(out.ok().trim());
    assert_eq!(info["client_id"], client_id, "{info}");
    assert_eq!(info["sub"], sub, "{info}");
    assert_eq!(info["scope"], "read", "{info}");
    assert_eq!(token_requests(), requests + 1, "one token request");
    assert_eq!(jwt_bearer_requests(), grants + 1);
    out
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn jwt_bearer_rs256_assertion_signed_with_a_pkcs8_pem_by_a_client_without_a_secret() {
    // No secret and no --auth-method: the client sends its client_id alone; the key signs
    // the grant's assertion, not a client assertion (the server refuses one from jwtb-rs256).
    let env = TestEnv::new();
    assert_jwt_bearer_token(
        || jwt_bearer(&env, "jwtb-rs256", "rsa.pkcs8.pem", &[]),
        "jwtb-rs256",
        "jwtb-rs256",
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn jwt_bearer_es256_assertion_signed_with_a_sec1_pem() {
    let env = TestEnv::new();
    assert_jwt_bearer_token(
        || {
            jwt_bearer(
                &env,
                "jwtb-es256",
                "ec256.sec1.pem",
                &["--auth-method", "none"],
            )
        },
        "jwtb-es256",
        "jwtb-es256",
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn jwt_bearer_assertion_subject_and_key_id() {
    let env = TestEnv::new();
    assert_jwt_bearer_token(
        || {
            jwt_bearer(
                &env,
                "jwtb-rs256",
                "rsa.pkcs8.pem",
                &["--assertion-subject", "device-42", "--key-id", "rsa-1"],
            )
        },
        "jwtb-rs256",
        "device-42",
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn jwt_bearer_by_a_client_with_a_secret_authenticates_with_the_secret() {
    // jwtb-basic must authenticate with its secret (Basic); a client assertion besides would
    // be refused (one authentication mechanism only).
    let env = TestEnv::new();
    let out = assert_jwt_bearer_token(
        || {
            env.otok()
                .token()
                .issuer(&issuer())
                .client("jwtb-basic")
                .args(["--grant", JWT_BEARER, "--private-key-file"])
                .arg(key("rsa.jwk"))
                .args(["--scope", "read"])
                .secret("jwtb-basic-secret")
                .run()
        },
        "jwtb-basic",
        "jwtb-basic",
    );
    out.leaks_none(&["jwtb-basic-secret"]);
}

/// An ES256 assertion for `jwtb-es256` signed here with `ec256.pkcs8.pem` (kid `ec256-1`),
/// for the given subject, audience the interop token endpoint.
fn es256_assertion(sub: &str) -> String {
    use ring::rand::SecureRandom;
    use ring::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let b64 = |value: Value| URL_SAFE_NO_PAD.encode(value.to_string());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let rng = ring::rand::SystemRandom::new();
    let mut jti = [0u8; 16];
    rng.fill(&mut jti).unwrap();
    let signing_input = format!(
        "{}.{}",
        b64(json!({"alg": "ES256", "typ": "JWT", "kid": "ec256-1"})),
        b64(json!({
            "iss": "jwtb-es256",
            "sub": sub,
            "aud": format!("{}/token", issuer()),
            "iat": now,
            "exp": now + 120,
            "jti": URL_SAFE_NO_PAD.encode(jti),
        }))
    );
    let der = PrivatePkcs8KeyDer::from_pem_file(key("ec256.pkcs8.pem")).unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        der.secret_pkcs8_der(),
        &rng,
    )
    .unwrap();
    let signature = pair.sign(&rng, signing_input.as_bytes()).unwrap();
    format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.as_ref())
    )
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn jwt_bearer_with_an_assertion_given_as_is_then_replayed() {
    let env = TestEnv::new();
    let assertion = es256_assertion("device-7");
    let file = env.write("assertion.jwt", &format!("{assertion}\n"));
    let out = assert_jwt_bearer_token(
        || {
            env.otok()
                .token()
                .issuer(&issuer())
                .client("jwtb-es256")
                .public()
                .args(["--grant", "jwt-bearer", "--assertion-file"])
                .arg(&file)
                .args(["--scope", "read"])
                .run()
        },
        "jwtb-es256",
        "device-7",
    );
    out.leaks_none(&[&assertion]);

    // The server remembers its jti: the same assertion again (from the environment now) is
    // refused, and shows nowhere either.
    let grants = jwt_bearer_requests();
    let out = env
        .otok()
        .token()
        .issuer(&issuer())
        .client("jwtb-es256")
        .public()
        .args(["--grant", "jwt-bearer", "--scope", "read"])
        .env("OTOK_ASSERTION", &assertion)
        .run();
    out.fails(4, &["invalid_grant"]);
    out.leaks_none(&[&assertion]);
    assert_eq!(
        jwt_bearer_requests(),
        grants + 1,
        "a refusal is not retried"
    );
}

// ---------------------------------------------------------------------------------------------
// A service-account key file

/// A Google-style key file for the service account the server trusts, with every member a
/// real one has; its token_uri is the interop token endpoint.
fn service_account_file(env: &TestEnv) -> (std::path::PathBuf, String) {
    let pem = std::fs::read_to_string(key("rsa.pkcs8.pem")).unwrap();
    let file = json!({
        "type": "service_account",
        "project_id": "otok-interop",
        "private_key_id": SERVICE_ACCOUNT_KEY_ID,
        "private_key": pem,
        "client_email": SERVICE_ACCOUNT,
        "client_id": "104620000000000000042",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": format!("{}/token", issuer()),
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/otok-sa%40interop.iam.example",
        "universe_domain": "googleapis.com",
    });
    let path = env.write(
        "service-account.json",
        &serde_json::to_string_pretty(&file).unwrap(),
    );
    (path, pem)
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn a_service_account_key_file_gets_a_token_for_the_service_account() {
    let env = TestEnv::new();
    let (file, pem) = service_account_file(&env);
    let (requests, grants) = (token_requests(), jwt_bearer_requests());
    let out = env
        .otok()
        .token()
        .arg("--service-account-file")
        .arg(&file)
        .args(["--scope", "read", "-v"])
        .format("json")
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["provider"], "google-service-account", "{json}");
    assert_eq!(token_requests(), requests + 1, "one token request");
    assert_eq!(jwt_bearer_requests(), grants + 1);

    let token = json["access_token"].as_str().unwrap();
    let info = live(token);
    assert_eq!(info["sub"], SERVICE_ACCOUNT, "{info}");
    assert_eq!(info["scope"], "read", "{info}");
    // Without any client authentication or client_id, the server issues the token to its
    // client for service accounts.
    assert_eq!(info["client_id"], "service-accounts", "{info}");

    // No line of the private key shows, nor the token in the trace.
    let body: Vec<&str> = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 16)
        .collect();
    out.leaks_none(&body);
    assert!(!out.stderr.contains(token), "the token leaked");
}

// ---------------------------------------------------------------------------------------------
// A GitHub Actions job's OIDC token as the subject: loopback only, not ignored.

const ACTIONS_AUDIENCE: &str = "api://AzureADTokenExchange";
const REQUEST_TOKEN: &str = "actions-request-token-3b9f0c2e51d7";
const EXCHANGED: &str = "exchanged-access-token-0d6e2b";

/// A job token that looks like GitHub's: a JWT of its issuer for this audience, with a
/// signature nothing here checks.
fn job_token() -> String {
    let b64 = |value: Value| URL_SAFE_NO_PAD.encode(value.to_string());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signature: Vec<u8> = (0..256u32).map(|i| (i * 151 + 7) as u8).collect();
    format!(
        "{}.{}.{}",
        b64(json!({"alg": "RS256", "kid": "38826b17", "typ": "JWT"})),
        b64(json!({
            "iss": "https://token.actions.githubusercontent.com",
            "sub": "repo:octo-org/app:ref:refs/heads/main",
            "aud": ACTIONS_AUDIENCE,
            "repository": "octo-org/app",
            "ref": "refs/heads/main",
            "iat": now,
            "nbf": now - 5,
            "exp": now + 300,
        })),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// The Actions token service: `GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=AUD` with the request
/// token as a bearer token answers `{"value": <job token>}`; anything else 401.
fn actions_token_service(job: &str) -> Server {
    let job = job.to_string();
    Server::start(move |req| {
        let query: BTreeMap<String, String> = form_urlencoded::parse(req.query.as_bytes())
            .into_owned()
            .collect();
        let bearer = format!("Bearer {REQUEST_TOKEN}");
        if req.method == "GET"
            && req.path == "/token"
            && req.header("authorization") == Some(bearer.as_str())
            && query.get("api-version").map(String::as_str) == Some("2.0")
            && query.contains_key("audience")
        {
            Reply::json(200, json!({ "value": job }))
        } else {
            Reply::json(401, json!({ "message": "Bad credentials" }))
        }
    })
}

fn token_endpoint() -> Server {
    Server::start(|_| {
        Reply::json(
            200,
            json!({
                "access_token": EXCHANGED,
                "issued_token_type": ACCESS_TOKEN_TYPE,
                "token_type": "Bearer",
                "expires_in": 300,
            }),
        )
    })
}

/// A token exchange whose subject is the job token for `api://AzureADTokenExchange`, in a job
/// with `permissions: id-token: write` (the two variables set), outside GitHub's own runner
/// protocol unless the test sets `GITHUB_ACTIONS`.
fn from_actions(env: &TestEnv, actions: &Server, sts: &Server) -> Otok {
    env.otok()
        .token()
        .generic(sts)
        .client("app")
        .public()
        .args(["--grant", "token-exchange", "--subject-token-from"])
        .arg(format!("github-actions:{ACTIONS_AUDIENCE}"))
        .env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            format!("{}/token?api-version=2.0", actions.url),
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
        .env_remove("GITHUB_ACTIONS")
}

/// Asserts what the two servers got: the audience and request token at the Actions token
/// service, the job token as a JWT subject token at the token endpoint.
fn assert_exchanged_the_job_token(actions: &Server, sts: &Server, job: &str, subject_type: &str) {
    let asked = actions.only();
    let query: BTreeMap<String, String> = form_urlencoded::parse(asked.query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(asked.method, "GET");
    assert_eq!(
        query.get("audience").map(String::as_str),
        Some(ACTIONS_AUDIENCE),
        "{asked:?}"
    );
    assert_eq!(query.get("api-version").map(String::as_str), Some("2.0"));
    assert_eq!(
        asked.header("authorization"),
        Some(format!("Bearer {REQUEST_TOKEN}").as_str())
    );

    let form = sts.only().form().unwrap();
    assert_eq!(form["grant_type"], TOKEN_EXCHANGE, "{form:?}");
    assert_eq!(form["subject_token"], job, "{form:?}");
    assert_eq!(form["subject_token_type"], subject_type, "{form:?}");
    assert!(!form.contains_key("actor_token"), "{form:?}");
}

#[test]
fn github_actions_job_token_is_exchanged_as_a_jwt_and_shows_nowhere() {
    let env = TestEnv::new();
    let job = job_token();
    let signature = job.rsplit('.').next().unwrap().to_string();
    for verbose in [false, true] {
        let (actions, sts) = (actions_token_service(&job), token_endpoint());
        let cmd = from_actions(&env, &actions, &sts);
        let out = if verbose { cmd.verbose() } else { cmd }.run();
        assert_eq!(out.ok(), format!("{EXCHANGED}\n"));
        assert_exchanged_the_job_token(&actions, &sts, &job, JWT_TOKEN_TYPE);
        out.leaks_none(&[&job, &signature, REQUEST_TOKEN]);
        if verbose {
            assert!(
                out.stderr.contains("subject_token=(redacted)")
                    && out.stderr.contains("bytes, a secret: not shown)"),
                "{}",
                out.stderr
            );
        }
    }
}

#[test]
fn github_actions_job_token_with_the_subject_token_type_given() {
    let env = TestEnv::new();
    let job = job_token();
    let (actions, sts) = (actions_token_service(&job), token_endpoint());
    let out = from_actions(&env, &actions, &sts)
        .args(["--subject-token-type", "id_token"])
        .run();
    assert_eq!(out.ok(), format!("{EXCHANGED}\n"));
    assert_exchanged_the_job_token(&actions, &sts, &job, ID_TOKEN_TYPE);
}

#[test]
fn github_actions_job_token_is_masked_for_the_runner_on_stderr_only() {
    // In a workflow (GITHUB_ACTIONS=true), the runner hides a value from the job log once a
    // `::add-mask::` command named it; it reads workflow commands from both streams, and
    // stdout carries the exchanged token alone.
    let env = TestEnv::new();
    let job = job_token();
    let (actions, sts) = (actions_token_service(&job), token_endpoint());
    let out = from_actions(&env, &actions, &sts)
        .env("GITHUB_ACTIONS", "true")
        .run();
    assert_eq!(out.ok(), format!("{EXCHANGED}\n"));
    assert_exchanged_the_job_token(&actions, &sts, &job, JWT_TOKEN_TYPE);
    let naming: Vec<&str> = out.stderr.lines().filter(|l| l.contains(&job)).collect();
    assert_eq!(
        naming,
        [format!("::add-mask::{job}")],
        "the job token shows on stderr only in its mask command:\n{}",
        out.stderr
    );
    out.leaks_none(&[REQUEST_TOKEN]);
}

#[test]
fn github_actions_without_the_request_variables_says_what_the_job_lacks() {
    let env = TestEnv::new();
    let sts = Server::start(|_| Reply::json(500, json!({}))).expect_no_requests();
    let out = env
        .otok()
        .token()
        .generic(&sts)
        .client("app")
        .public()
        .args(["--grant", "token-exchange", "--subject-token-from"])
        .arg(format!("github-actions:{ACTIONS_AUDIENCE}"))
        .env_remove("ACTIONS_ID_TOKEN_REQUEST_URL")
        .env_remove("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
        .run();
    out.fails(
        3,
        &[
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "permissions",
            "id-token: write",
        ],
    );
}

#[test]
fn a_subject_token_on_the_command_line_is_refused_with_the_way_to_give_it() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .generic_at("http://127.0.0.1:9/token")
        .client("app")
        .public()
        .args([
            "--grant",
            "token-exchange",
            "--param",
            "subject_token=visible-in-ps",
        ])
        .run();
    out.fails(2, &["--subject-token-file"]);
}

#[test]
fn a_hostile_github_token_service_gives_no_subject_token() {
    // A refusal, a body that is not JSON, a token with a line break or a space, a plain-http
    // service on another host: nothing reaches the token endpoint, and nothing of the answer
    // reaches the terminal as control characters.
    let env = TestEnv::new();
    let answers = [
        Reply::json(
            403,
            json!({"message": "Resource not accessible by integration"}),
        ),
        Reply::raw(200, "text/html", "<html>\u{1b}]0;pwned\u{7}</html>"),
        Reply::json(200, json!({"value": "eyJh.line\nbreak.x"})),
        Reply::json(200, json!({"value": "two words"})),
        Reply::json(200, json!({"count": 1})),
    ];
    for answer in answers {
        let reply = std::sync::Mutex::new(Some(answer));
        let actions = Server::start(move |_| reply.lock().unwrap().take().unwrap());
        let sts = Server::start(|_| Reply::json(500, json!({}))).expect_no_requests();
        let out = from_actions(&env, &actions, &sts).run();
        out.fails(
            5,
            &[
                "the GitHub Actions token service answered HTTP",
                "without a token",
            ],
        );
        assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
        out.leaks_none(&[REQUEST_TOKEN]);
    }
    let sts = Server::start(|_| Reply::json(500, json!({}))).expect_no_requests();
    let out = env
        .otok()
        .token()
        .generic(&sts)
        .client("app")
        .public()
        .args([
            "--grant",
            "token-exchange",
            "--subject-token-from",
            "github-actions",
        ])
        .env(
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "http://actions.example/token",
        )
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
        .run();
    out.fails(
        3,
        &["refusing to send credentials over plain http to actions.example"],
    );
}
