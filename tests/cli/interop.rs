//! Against a real authorization server: oidc-provider on loopback (`tests/interop/`).
//!
//! These tests are ignored by a plain `cargo test`; `scripts/interop` starts the server, sets
//! `OTOK_INTEROP_ISSUER` and runs them. Each checks what the real server made of otok's
//! request: the token works at the server's introspection endpoint, and the server counted
//! exactly the requests the test expects (the counts are global, so these tests run one at a
//! time).

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::support::{Outcome, TestEnv};

pub(crate) fn issuer() -> String {
    std::env::var("OTOK_INTEROP_ISSUER")
        .expect("OTOK_INTEROP_ISSUER is not set: run scripts/interop")
}

pub(crate) fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// What the server's introspection endpoint says of `token` (asked as cc-basic).
pub(crate) fn introspect(token: &str) -> Value {
    introspect_at(&issuer(), token)
}

pub(crate) fn introspect_at(issuer: &str, token: &str) -> Value {
    let body = format!(
        "token={}",
        form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    );
    let mut resp = http()
        .post(format!("{issuer}/token/introspection"))
        .header("authorization", "Basic Y2MtYmFzaWM6Y2MtYmFzaWMtc2VjcmV0")
        .content_type("application/x-www-form-urlencoded")
        .send(body)
        .unwrap();
    serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap()
}

/// The request counters of the server at `issuer` (`GET /_test/counts`).
pub(crate) fn counts_at(issuer: &str) -> Value {
    let mut resp = http().get(format!("{issuer}/_test/counts")).call().unwrap();
    serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap()
}

/// Token requests the server received since the start.
pub(crate) fn token_requests() -> u64 {
    counts_at(&issuer())["token"].as_u64().unwrap()
}

fn client_credentials(env: &TestEnv, client_id: &str, secret: &str, extra: &[&str]) -> Outcome {
    env.otok()
        .token()
        .issuer(&issuer())
        .client(client_id)
        .args(extra)
        .secret(secret)
        .run()
}

/// Asserts a token came out and the server itself holds it for active, for `client_id`.
pub(crate) fn assert_live_token(out: &Outcome, client_id: &str) -> Value {
    let token = out.ok().trim().to_string();
    let info = introspect(&token);
    assert_eq!(info["active"], true, "{info}");
    assert_eq!(info["client_id"], client_id, "{info}");
    info
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn client_secret_basic_with_discovery() {
    let env = TestEnv::new();
    let before = token_requests();
    let out = client_credentials(
        &env,
        "cc-basic",
        "cc-basic-secret",
        &["--scope", "read write"],
    );
    let info = assert_live_token(&out, "cc-basic");
    assert_eq!(info["scope"], "read write");
    assert_eq!(token_requests() - before, 1);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn client_secret_post() {
    let env = TestEnv::new();
    let out = client_credentials(
        &env,
        "cc-post",
        "cc-post-secret",
        &["--auth-method", "post", "--scope", "read"],
    );
    assert_live_token(&out, "cc-post");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn client_with_reserved_characters_in_id_and_secret() {
    let env = TestEnv::new();
    let out = client_credentials(&env, "we:ird@id%+ /x", "s3:cr@t%+ /y&=z", &[]);
    assert_live_token(&out, "we:ird@id%+ /x");
    let out = client_credentials(
        &env,
        "we:ird@id%+ /x",
        "s3:cr@t%+ /y&=z",
        &["--auth-method", "post"],
    );
    assert_live_token(&out, "we:ird@id%+ /x");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn token_url_without_discovery_and_json_output() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .generic_at(format!("{}/token", issuer()))
        .client("cc-basic")
        .args(["--scope", "read"])
        .format("json")
        .secret("cc-basic-secret")
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(
        introspect(json["access_token"].as_str().unwrap())["active"],
        true
    );
    assert_eq!(json["token_type"], "Bearer");
    assert_eq!(json["scope"], "read");
    assert!(
        (3590..=3600).contains(&json["expires_in"].as_i64().unwrap()),
        "{json}"
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn wrong_secret_is_refused_once() {
    let env = TestEnv::new();
    let before = token_requests();
    let out = client_credentials(&env, "cc-basic", "not-the-secret", &[]);
    out.fails(
        4,
        &[
            "refused the client_credentials request: invalid_client",
            "hint: check the client id and secret",
        ],
    );
    out.leaks_none(&["not-the-secret"]);
    assert_eq!(token_requests() - before, 1, "a refusal is not retried");
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn grant_the_server_lacks_is_refused_with_its_words() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .issuer(&issuer())
        .client("cc-post")
        .args(["--auth-method", "post", "--username", "alice"])
        .secret("cc-post-secret")
        .env("OTOK_PASSWORD", "alice-password")
        .run();
    out.fails(
        4,
        &[
            "refused the password request: unsupported_grant_type",
            "choose another with --grant",
        ],
    );
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn verbose_trace_of_a_real_exchange_hides_every_secret() {
    let env = TestEnv::new();
    let out = client_credentials(
        &env,
        "cc-post",
        "cc-post-secret",
        &["-v", "--auth-method", "post", "--scope", "read"],
    );
    assert_live_token(&out, "cc-post");
    assert!(
        out.stderr.contains("> GET ") && out.stderr.contains("openid-configuration"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("client_secret=(redacted)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("\"access_token\":\"(redacted)\""),
        "{}",
        out.stderr
    );
    out.leaks_none(&["cc-post-secret"]);
    assert!(!out.stderr.contains(out.stdout.trim()));
}

fn short_issuer() -> String {
    std::env::var("OTOK_INTEROP_SHORT_ISSUER")
        .expect("OTOK_INTEROP_SHORT_ISSUER is not set: run scripts/interop")
}

fn post_form(url: &str, body: &str) -> Value {
    let mut resp = http()
        .post(url)
        .content_type("application/x-www-form-urlencoded")
        .send(body.to_string())
        .unwrap();
    let text = resp.body_mut().read_to_string().unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{url}: {text}"))
}

/// A refresh token of the public client `device-client`, got through the device flow with
/// the server's test approval route (no person needed).
fn device_flow_refresh_token(issuer: &str) -> String {
    let start = post_form(
        &format!("{issuer}/device/auth"),
        "client_id=device-client&scope=read",
    );
    let user_code = start["user_code"].as_str().unwrap();
    post_form(
        &format!("{issuer}/_test/device/approve"),
        &format!("user_code={user_code}"),
    );
    let token = post_form(
        &format!("{issuer}/token"),
        &format!(
            "client_id=device-client&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code={}",
            start["device_code"].as_str().unwrap()
        ),
    );
    token["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_string()
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn twenty_concurrent_callers_share_one_rotating_refresh_token() {
    let issuer = short_issuer();
    let env = TestEnv::new();
    // The store starts from a refresh token of a public client, which names the entry: every
    // caller gives the same one (the server rotates the stored one on use).
    let given = device_flow_refresh_token(&issuer);
    let cmd = env
        .otok()
        .token()
        .issuer(&issuer)
        .client("device-client")
        .public()
        .store("file")
        .args(["--grant", "refresh_token"])
        .env("OTOK_REFRESH_TOKEN", &given);
    let out = cmd.std().output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::thread::sleep(Duration::from_millis(3200)); // the 3-second access token expires

    let children: Vec<_> = (0..20)
        .map(|_| {
            cmd.std()
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut tokens = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a caller failed: {stderr}");
        assert!(!stderr.contains("invalid_grant"), "{stderr}");
        tokens.push(String::from_utf8(out.stdout).unwrap());
    }
    assert_eq!(
        introspect_at(&issuer, tokens[0].trim())["active"],
        true,
        "the refreshed token is live"
    );
    // Whatever the order, the store's refresh token is the server's current one: it works.
    let out = env
        .otok()
        .refresh()
        .issuer(&issuer)
        .client("device-client")
        .public()
        .store("file")
        .args(["--grant", "refresh_token"])
        .env("OTOK_REFRESH_TOKEN", &given)
        .run();
    out.ok();
}

/// The one record of the file store (`<data dir>/tokens/<key>.json`), as the test reads it.
pub(crate) fn stored_record(env: &TestEnv) -> Value {
    let dir = env.data_dir().join("tokens");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    serde_json::from_str(&std::fs::read_to_string(files.pop().unwrap()).unwrap()).unwrap()
}

fn status_row(env: &TestEnv, args: &[&str]) -> Value {
    let out = env.otok().status().format("json").args(args).run();
    serde_json::from_str::<Value>(out.ok()).unwrap()[0].clone()
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn revoke_ends_the_token_at_the_server_and_the_next_call_runs_the_grant() {
    let issuer = issuer();
    let env = TestEnv::new();
    let args = [
        "--provider",
        "generic",
        "--issuer",
        &issuer,
        "--client-id",
        "cc-basic",
        "--scope",
        "read",
        "--store",
        "file",
    ];
    let otok = |command: &[&str], stdin: Option<&str>| {
        let cmd = env
            .otok()
            .args(command)
            .args(args)
            .secret("cc-basic-secret");
        match stdin {
            Some(input) => cmd.stdin(input).run(),
            None => cmd.run(),
        }
    };
    let first = otok(&["token"], None).ok().trim().to_string();
    assert_eq!(introspect(&first)["active"], true);
    // otok's own introspection, with the endpoint from discovery.
    let out = otok(&["introspect"], None);
    assert!(
        out.ok()
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["active", "true"]),
        "{}",
        out.stdout
    );

    let before = token_requests();
    let out = otok(&["revoke"], None);
    out.ok();
    assert!(
        out.stderr.contains("revoked the access token"),
        "{}",
        out.stderr
    );
    assert_eq!(
        introspect(&first)["active"],
        false,
        "the server still holds it active"
    );
    let out = otok(&["introspect", "--stdin", "--format", "json"], Some(&first));
    assert_eq!(
        serde_json::from_str::<Value>(out.ok()).unwrap()["active"],
        false
    );
    assert_eq!(status_row(&env, &args)["stored"], false);

    let second = otok(&["token"], None).ok().trim().to_string();
    assert_ne!(second, first);
    assert_eq!(token_requests(), before + 1, "the grant ran again");
    assert_eq!(introspect(&second)["active"], true);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn revoke_ends_both_the_refresh_and_the_access_token_of_a_public_client() {
    let issuer = issuer();
    let env = TestEnv::new();
    let args = [
        "--provider",
        "generic",
        "--issuer",
        &issuer,
        "--client-id",
        "device-client",
        "--auth-method",
        "none",
        "--store",
        "file",
        "--grant",
        "refresh_token",
    ];
    // The refresh token the store starts from names the entry: revoke gives it too.
    let given = device_flow_refresh_token(&issuer);
    let access = env
        .otok()
        .token()
        .args(args)
        .env("OTOK_REFRESH_TOKEN", &given)
        .run()
        .ok()
        .trim()
        .to_string();
    let refresh = stored_record(&env)["refresh_token"]
        .as_str()
        .expect("a stored refresh token")
        .to_string();
    assert_eq!(introspect(&access)["active"], true);
    assert_eq!(introspect(&refresh)["active"], true);

    let out = env
        .otok()
        .revoke()
        .args(args)
        .env("OTOK_REFRESH_TOKEN", &given)
        .run();
    out.ok();
    assert!(
        out.stderr
            .contains("revoked the refresh token and the access token"),
        "{}",
        out.stderr
    );
    assert_eq!(introspect(&refresh)["active"], false);
    assert_eq!(introspect(&access)["active"], false);
    let status = env
        .otok()
        .status()
        .format("json")
        .args(args)
        .env("OTOK_REFRESH_TOKEN", &given)
        .run();
    assert_eq!(
        serde_json::from_str::<Value>(status.ok()).unwrap()[0]["stored"],
        false
    );
}

/// Token requests `issuer` received for `grant`.
pub(crate) fn grant_requests(issuer: &str, grant: &str) -> u64 {
    counts_at(issuer)["by_grant"][grant].as_u64().unwrap_or(0)
}

/// The headless browser of tests/interop: follows the redirects with curl, cookies kept.
pub(crate) fn browser() -> String {
    format!("{}/tests/interop/browser.sh", env!("CARGO_MANIFEST_DIR"))
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn authorize_a_public_client_with_pkce_then_serve_and_refresh_the_stored_token() {
    let issuer = short_issuer();
    let env = TestEnv::new();
    let args = [
        "--provider",
        "generic",
        "--issuer",
        &issuer,
        "--client-id",
        "public-pkce",
        "--scope",
        "openid read",
        "--store",
        "file",
    ];
    let codes = grant_requests(&issuer, "authorization_code");
    let out = env
        .otok()
        .authorize()
        .args(args)
        .format("raw")
        .env("BROWSER", browser())
        .run();
    let first = out.ok().trim().to_string();
    assert!(out.stderr.contains("authorized"), "{}", out.stderr);
    assert_eq!(grant_requests(&issuer, "authorization_code"), codes + 1);
    assert_eq!(introspect_at(&issuer, &first)["client_id"], "public-pkce");

    // Served from the store: the same token, no request.
    let refreshes = grant_requests(&issuer, "refresh_token");
    let out = env.otok().token().args(args).run();
    assert_eq!(out.ok().trim(), first);
    assert_eq!(grant_requests(&issuer, "refresh_token"), refreshes);

    // After expiry (3 s here), refreshed without a browser.
    std::thread::sleep(Duration::from_millis(3200));
    let out = env.otok().token().args(args).run();
    let second = out.ok().trim().to_string();
    assert_ne!(second, first);
    assert_eq!(grant_requests(&issuer, "refresh_token"), refreshes + 1);
    assert_eq!(introspect_at(&issuer, &second)["active"], true);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn authorize_a_confidential_client_with_its_secret() {
    let issuer = issuer();
    let env = TestEnv::new();
    let args = [
        "--provider",
        "generic",
        "--issuer",
        &issuer,
        "--client-id",
        "code-secret",
        "--scope",
        "read",
        "--store",
        "file",
    ];
    let out = env
        .otok()
        .authorize()
        .args(args)
        .format("raw")
        .secret("code-secret-secret")
        .env("BROWSER", browser())
        .run();
    let token = out.ok().trim().to_string();
    out.leaks_none(&["code-secret-secret"]);
    let info = assert_live_token(&out, "code-secret");
    assert_eq!(info["scope"], "read");
    let served = env
        .otok()
        .token()
        .args(args)
        .secret("code-secret-secret")
        .run();
    assert_eq!(served.ok().trim(), token);
}

#[test]
#[ignore = "needs oidc-provider: run scripts/interop"]
fn authorize_on_another_device() {
    use std::io::{BufRead, BufReader};

    let issuer = issuer();
    let env = TestEnv::new();
    let mut child = env
        .otok()
        .authorize()
        .arg("--device")
        .issuer(&issuer)
        .client("device-client")
        .args(["--scope", "read"])
        .store("file")
        .format("raw")
        .std()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let user_code = loop {
        let line = lines.next().expect("no user code printed").unwrap();
        if line.contains("enter the code") {
            lines.next();
            break lines.next().unwrap().unwrap().trim().to_string();
        }
    };
    post_form(
        &format!("{issuer}/_test/device/approve"),
        &format!("user_code={user_code}"),
    );
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap();
    let info = introspect(token.trim());
    assert_eq!(info["active"], true, "{info}");
    assert_eq!(info["client_id"], "device-client");
}
