//! A refresh that fails because of the refresh token starts over; one that fails because the
//! server is down keeps it. Against a server whose refresh answer is chosen by the test.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::support::server::{Reply, Server};
use crate::support::{Outcome, TestEnv};

/// A token endpoint: the password grant issues `access-N` with `refresh-N`; a refresh gets
/// the answer the test set.
struct Endpoint {
    server: Server,
    refresh_answer: Arc<Mutex<(u16, String)>>,
}

impl Endpoint {
    fn start() -> Endpoint {
        let refresh_answer = Arc::new(Mutex::new((400, String::new())));
        let answer = refresh_answer.clone();
        let issued = Mutex::new(0);
        let server = Server::start(move |req| {
            let form = req.form().unwrap_or_default();
            match form.get("grant_type").map(String::as_str) {
                Some("password" | "authorization_code") => {
                    let mut n = issued.lock().unwrap();
                    *n += 1;
                    Reply::json(
                        200,
                        json!({
                            "access_token": format!("access-{n}"),
                            "token_type": "Bearer",
                            "expires_in": 3600,
                            "refresh_token": format!("refresh-{n}"),
                        }),
                    )
                }
                Some("refresh_token") => {
                    let (status, body) = answer.lock().unwrap().clone();
                    Reply::raw(status, "text/plain", body)
                }
                _ => Reply::json(400, json!({"error": "unsupported_grant_type"})),
            }
        });
        Endpoint {
            server,
            refresh_answer,
        }
    }

    fn refresh_answers(&self, status: u16, body: &str) {
        *self.refresh_answer.lock().unwrap() = (status, body.to_string());
    }

    fn grants(&self) -> Vec<String> {
        self.server
            .requests()
            .iter()
            .map(|r| r.form().unwrap()["grant_type"].clone())
            .collect()
    }
}

const CONFIG: &str = r#"
[profiles.me]
provider = "generic"
token_url = "URL/token"
client_id = "app"
auth_method = "post"
username = "me"

[profiles.web]
provider = "generic"
token_url = "URL/token"
client_id = "app"
auth_method = "post"
grant = "authorization_code"
"#;

fn otok(env: &TestEnv, endpoint: &Endpoint, args: &[&str]) -> Outcome {
    let config = env.write("config.toml", &CONFIG.replace("URL", &endpoint.server.url));
    env.otok()
        .args(args)
        .store("file")
        .config(config)
        .secret("client-s3cret")
        .env("OTOK_PASSWORD", "pass-w0rd")
        .run()
}

/// The one record in the file store.
fn stored(env: &TestEnv) -> Option<Value> {
    let dir = env.data_dir().join("tokens");
    let mut records = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| serde_json::from_slice::<Value>(&std::fs::read(e.path()).unwrap()).unwrap());
    let first = records.next();
    assert!(records.next().is_none(), "one entry at most");
    first
}

#[test]
fn a_refresh_refused_with_an_empty_400_starts_over_with_the_password_grant() {
    let env = TestEnv::new();
    let endpoint = Endpoint::start();
    assert_eq!(otok(&env, &endpoint, &["token", "me"]).ok(), "access-1\n");
    endpoint.refresh_answers(400, "");
    // --force: the access token is passed over, the stored refresh token is tried.
    let out = otok(&env, &endpoint, &["token", "me", "--force"]);
    assert_eq!(out.ok(), "access-2\n");
    assert!(
        out.stderr.contains("the stored refresh token was refused")
            && out.stderr.contains("dropped"),
        "{}",
        out.stderr
    );
    assert_eq!(endpoint.grants(), ["password", "refresh_token", "password"]);
    assert_eq!(stored(&env).unwrap()["refresh_token"], "refresh-2");
    out.leaks_none(&["pass-w0rd", "client-s3cret", "refresh-1"]);
}

#[test]
fn a_refresh_refused_with_a_non_json_401_starts_over_too() {
    let env = TestEnv::new();
    let endpoint = Endpoint::start();
    otok(&env, &endpoint, &["token", "me"]).ok();
    endpoint.refresh_answers(401, "Unauthorized");
    assert_eq!(
        otok(&env, &endpoint, &["token", "me", "--force"]).ok(),
        "access-2\n"
    );
    assert_eq!(endpoint.grants(), ["password", "refresh_token", "password"]);
}

#[test]
fn a_refresh_answered_503_keeps_the_refresh_token() {
    let env = TestEnv::new();
    let endpoint = Endpoint::start();
    otok(&env, &endpoint, &["token", "me"]).ok();
    endpoint.refresh_answers(503, "down for maintenance");
    let out = otok(&env, &endpoint, &["token", "me", "--force"]);
    out.fails(5, &["HTTP 503", "down for maintenance"]);
    // No new password grant: the refresh token is still good once the server is back.
    assert_eq!(
        endpoint
            .grants()
            .iter()
            .filter(|g| *g == "password")
            .count(),
        1
    );
    assert_eq!(stored(&env).unwrap()["refresh_token"], "refresh-1");
}

/// Stores a record for `profile` as `otok authorize` would have, at the key `otok status`
/// names.
fn authorized(env: &TestEnv, endpoint: &Endpoint, profile: &str, refresh_token: &str) {
    let out = otok(env, endpoint, &["status", profile, "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(out.ok()).unwrap();
    let key = rows[0]["key"].as_str().unwrap();
    let record = json!({
        "profile": profile,
        "provider": "generic",
        "client_id": "app",
        "access_token": "old-access",
        "token_type": "Bearer",
        "issued_at": 1,
        "expires_at": 2,
        "scope": [],
        "refresh_token": refresh_token,
    });
    let tokens = env.data_dir().join("tokens");
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&tokens)
        .unwrap();
    let path = tokens.join(format!("{key}.json"));
    std::fs::write(&path, record.to_string()).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

#[test]
fn a_dead_refresh_token_of_an_authorization_code_profile_exits_6() {
    let env = TestEnv::new();
    let endpoint = Endpoint::start();
    authorized(&env, &endpoint, "web", "dead-refresh");
    endpoint.refresh_answers(400, "");
    let out = otok(&env, &endpoint, &["token", "web"]);
    out.fails(6, &["needs a person at a browser", "otok authorize"]);
    assert!(
        out.stderr.contains("refresh token was refused"),
        "{}",
        out.stderr
    );
    assert_eq!(endpoint.grants(), ["refresh_token"]);
    assert!(stored(&env).is_none(), "the dead refresh token is not kept");
    // The next call does not try the dead refresh token again.
    otok(&env, &endpoint, &["token", "web"]).fails(6, &["otok authorize"]);
    assert_eq!(endpoint.grants(), ["refresh_token"]);
}

#[test]
fn an_invalid_grant_of_an_authorization_code_profile_exits_6() {
    let env = TestEnv::new();
    let endpoint = Endpoint::start();
    authorized(&env, &endpoint, "web", "used-refresh");
    endpoint.refresh_answers(400, r#"{"error":"invalid_grant"}"#);
    let out = otok(&env, &endpoint, &["token", "web"]);
    out.fails(6, &["otok authorize"]);
    assert!(out.stderr.contains("(invalid_grant)"), "{}", out.stderr);
    assert!(stored(&env).is_none());
}
