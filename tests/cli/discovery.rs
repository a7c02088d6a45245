//! `--issuer`: endpoints from the discovery document, checked against the issuer asked for.

use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::TestEnv;

/// A server that publishes metadata naming `issuer` (or itself, when `None`) and issues
/// tokens at /token.
fn metadata_server(issuer: Option<&'static str>, openid: bool) -> Server {
    let me = Arc::new(Mutex::new(String::new()));
    let me2 = me.clone();
    let server = Server::start(move |req| {
        let base = me2.lock().unwrap().clone();
        let doc = json!({
            "issuer": issuer.map(str::to_string).unwrap_or_else(|| base.clone()),
            "token_endpoint": format!("{base}/token"),
            "revocation_endpoint": format!("{base}/revoke"),
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        });
        match req.path.as_str() {
            "/.well-known/openid-configuration" if openid => Reply::json(200, doc),
            "/.well-known/oauth-authorization-server" if !openid => Reply::json(200, doc),
            "/token" => {
                let form: std::collections::HashMap<String, String> =
                    form_urlencoded::parse(&req.body).into_owned().collect();
                match form.get("client_secret").map(String::as_str) {
                    Some("disc-secret-1") => {
                        Reply::json(200, json!({"access_token": "discovered"}))
                    }
                    _ => Reply::json(401, json!({"error": "invalid_client"})),
                }
            }
            _ => Reply::raw(404, "text/plain", "not found"),
        }
    });
    *me.lock().unwrap() = server.url.clone();
    server
}

#[test]
fn openid_discovery_finds_the_token_endpoint_and_auth_method() {
    let env = TestEnv::new();
    let server = metadata_server(None, true);
    let out = env
        .otok()
        .token()
        .issuer(&server.url)
        .client("c")
        .secret("disc-secret-1")
        .run();
    assert_eq!(out.ok(), "discovered\n");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        (
            reqs[0].method.as_str(),
            reqs[0].path.as_str(),
            reqs[0].query.as_str()
        ),
        ("GET", "/.well-known/openid-configuration", "")
    );
    assert_eq!(reqs[1].path, "/token");
    assert!(
        reqs[1].header("authorization").is_none(),
        "the server supports only client_secret_post"
    );
}

#[test]
fn rfc8414_metadata_is_the_fallback() {
    let env = TestEnv::new();
    let server = metadata_server(None, false);
    let out = env
        .otok()
        .token()
        .issuer(&server.url)
        .client("c")
        .secret("disc-secret-1")
        .run();
    assert_eq!(out.ok(), "discovered\n");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server",
            "/token"
        ]
    );
}

#[test]
fn metadata_for_another_issuer_is_rejected() {
    let env = TestEnv::new();
    let server = metadata_server(Some("https://evil.example"), true);
    let out = env
        .otok()
        .token()
        .issuer(&server.url)
        .client("c")
        .secret("disc-secret-1")
        .run();
    out.fails(8, &["is for issuer https://evil.example"]);
    assert_eq!(
        server.count(),
        1,
        "no token request after a mismatched issuer"
    );
}

#[test]
fn no_metadata_anywhere() {
    let env = TestEnv::new();
    let server = Server::start(|_| Reply::raw(404, "text/plain", "nope"));
    let out = env
        .otok()
        .token()
        .issuer(&server.url)
        .client("c")
        .public()
        .run();
    out.fails(8, &["no discovery document for", "HTTP 404", "--token-url"]);
}

/// A server whose metadata says `cache_control` and whose token endpoint is `/token-N`, N
/// moving on when a test says so (the old path then answers 404).
struct Moving {
    server: Server,
    generation: Arc<Mutex<u32>>,
    /// What a token endpoint of an earlier generation answers (404 unless told otherwise).
    gone: Arc<Mutex<u16>>,
}

fn moving_server(cache_control: Option<&'static str>) -> Moving {
    let generation = Arc::new(Mutex::new(1u32));
    let gen = generation.clone();
    let me = Arc::new(Mutex::new(String::new()));
    let me2 = me.clone();
    let gone = Arc::new(Mutex::new(404u16));
    let gone2 = gone.clone();
    let server = Server::start(move |req| {
        let base = me2.lock().unwrap().clone();
        let n = *gen.lock().unwrap();
        match req.path.as_str() {
            "/.well-known/openid-configuration" => {
                let doc = json!({"issuer": base, "token_endpoint": format!("{base}/token-{n}")});
                let reply = Reply::json(200, doc);
                match cache_control {
                    Some(value) => reply.header("Cache-Control", value),
                    None => reply,
                }
            }
            path if path == format!("/token-{n}") => Reply::json(
                200,
                json!({"access_token": format!("tok-{n}"), "expires_in": 3600}),
            ),
            path if path.starts_with("/token-") => {
                Reply::raw(*gone2.lock().unwrap(), "text/plain", "not here")
            }
            _ => Reply::raw(404, "text/plain", "not found"),
        }
    });
    *me.lock().unwrap() = server.url.clone();
    Moving {
        server,
        generation,
        gone,
    }
}

impl Moving {
    fn metadata_fetches(&self) -> usize {
        self.server
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/.well-known/"))
            .count()
    }
}

fn token_with_scope(env: &TestEnv, server: &Server, scope: &str) -> crate::support::Outcome {
    env.otok()
        .token()
        .issuer(&server.url)
        .client("c")
        .secret("disc-secret-1")
        .store("file")
        .args(["--scope", scope])
        .run()
}

#[test]
fn metadata_is_kept_between_runs_so_a_cold_call_makes_one_request() {
    let env = TestEnv::new();
    let api = moving_server(Some("public, max-age=3600"));
    assert_eq!(token_with_scope(&env, &api.server, "a").ok(), "tok-1\n");
    assert_eq!(token_with_scope(&env, &api.server, "b").ok(), "tok-1\n");
    assert_eq!(api.metadata_fetches(), 1);
    assert_eq!(api.server.count(), 3, "one metadata and two token requests");
    // Kept as a file of otok's own.
    let kept: Vec<_> = std::fs::read_dir(env.data_dir().join("cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&kept[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn metadata_the_server_says_not_to_keep_is_fetched_every_time() {
    let env = TestEnv::new();
    let api = moving_server(Some("no-cache, no-store, must-revalidate"));
    token_with_scope(&env, &api.server, "a").ok();
    token_with_scope(&env, &api.server, "b").ok();
    assert_eq!(api.metadata_fetches(), 2);
    // Nor without a store.
    let api = moving_server(None);
    for scope in ["a", "b"] {
        env.otok()
            .token()
            .issuer(&api.server.url)
            .client("c")
            .secret("disc-secret-1")
            .args(["--scope", scope])
            .run()
            .ok();
    }
    assert_eq!(api.metadata_fetches(), 2);
}

#[test]
fn kept_metadata_whose_endpoint_moved_is_fetched_again_once() {
    let env = TestEnv::new();
    let api = moving_server(None);
    assert_eq!(token_with_scope(&env, &api.server, "a").ok(), "tok-1\n");
    *api.generation.lock().unwrap() = 2;
    // The kept token endpoint now answers 404: the metadata is fetched again, and kept.
    assert_eq!(token_with_scope(&env, &api.server, "b").ok(), "tok-2\n");
    assert_eq!(token_with_scope(&env, &api.server, "c").ok(), "tok-2\n");
    assert_eq!(api.metadata_fetches(), 2);
    let paths: Vec<String> = api.server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/.well-known/openid-configuration",
            "/token-1",
            "/token-1",
            "/.well-known/openid-configuration",
            "/token-2",
            "/token-2",
        ]
    );
}

#[test]
fn kept_metadata_is_fetched_again_for_405_and_410_but_not_for_another_refusal() {
    for status in [405, 410] {
        let env = TestEnv::new();
        let api = moving_server(None);
        token_with_scope(&env, &api.server, "a").ok();
        *api.gone.lock().unwrap() = status;
        *api.generation.lock().unwrap() = 2;
        assert_eq!(
            token_with_scope(&env, &api.server, "b").ok(),
            "tok-2\n",
            "{status}"
        );
        assert_eq!(api.metadata_fetches(), 2, "{status}");
    }
    // A 401 is the server refusing the client, not an endpoint that moved: no new fetch.
    let env = TestEnv::new();
    let api = moving_server(None);
    token_with_scope(&env, &api.server, "a").ok();
    *api.gone.lock().unwrap() = 401;
    *api.generation.lock().unwrap() = 2;
    assert_eq!(token_with_scope(&env, &api.server, "b").code, 4);
    assert_eq!(api.metadata_fetches(), 1);
}

#[test]
fn metadata_kept_under_one_trust_setup_is_not_used_under_another() {
    // Filed with the CA in use: a document fetched while trusting the system roots is not
    // the one read with --ca-cert, nor the reverse; each is kept for its own.
    let env = TestEnv::new();
    let api = moving_server(Some("public, max-age=3600"));
    let ca = format!("{}/tests/keys/ca.pem", env!("CARGO_MANIFEST_DIR"));
    let with_ca = |scope: &str| {
        env.otok()
            .token()
            .issuer(&api.server.url)
            .client("c")
            .secret("disc-secret-1")
            .store("file")
            .args(["--scope", scope, "--ca-cert", &ca])
            .run()
    };
    token_with_scope(&env, &api.server, "a").ok();
    assert_eq!(api.metadata_fetches(), 1);
    with_ca("b").ok();
    assert_eq!(api.metadata_fetches(), 2, "another CA: fetched anew");
    with_ca("c").ok();
    token_with_scope(&env, &api.server, "d").ok();
    assert_eq!(api.metadata_fetches(), 2, "each kept under its own");
    let kept = std::fs::read_dir(env.data_dir().join("cache"))
        .unwrap()
        .count();
    assert_eq!(kept, 2);
}

#[test]
fn kept_metadata_another_user_could_have_written_is_not_read() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let api = moving_server(None);
    token_with_scope(&env, &api.server, "a").ok();
    let kept = std::fs::read_dir(env.data_dir().join("cache"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // A planted document sends the token request elsewhere; loosened, it is not trusted.
    let planted =
        Server::start(|_| Reply::json(200, json!({"access_token": "stolen"}))).expect_no_requests();
    let text = std::fs::read_to_string(&kept).unwrap().replace(
        &format!("{}/token-1", api.server.url),
        &format!("{}/token", planted.url),
    );
    std::fs::write(&kept, text).unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert_eq!(token_with_scope(&env, &api.server, "b").ok(), "tok-1\n");
    assert_eq!(api.metadata_fetches(), 2);
}
