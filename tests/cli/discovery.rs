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
