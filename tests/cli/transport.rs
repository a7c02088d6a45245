//! TLS with a server's own CA (`--ca-cert`), and the standard proxy variables.

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::TestEnv;

fn token_reply() -> Reply {
    Reply::json(200, json!({"access_token": "over-tls", "expires_in": 60}))
}

/// An endpoint's host given as an IPv4 or IPv6 address, which otok connects to without a
/// lookup, or as a name, which it looks up.
#[test]
fn endpoint_hosts_as_addresses_and_as_names() {
    let env = TestEnv::new();
    let token = |token_url: &str| {
        env.otok()
            .token()
            .generic_at(token_url)
            .client("c")
            .secret("s")
            .store("none")
            .run()
    };
    let v4 = Server::start(|_| token_reply());
    assert_eq!(token(&format!("{}/t", v4.url)).ok(), "over-tls\n");
    let by_name = v4.url.replace("127.0.0.1", "localhost");
    assert_eq!(token(&format!("{by_name}/t")).ok(), "over-tls\n");
    assert_eq!(v4.count(), 2);
    match std::net::TcpListener::bind("[::1]:0") {
        Ok(listener) => {
            let v6 = Server::start_on(listener, |_| token_reply());
            assert!(v6.url.starts_with("http://[::1]:"), "{}", v6.url);
            assert_eq!(token(&format!("{}/t", v6.url)).ok(), "over-tls\n");
            assert_eq!(v6.only().path, "/t");
        }
        Err(_) => eprintln!("note: no IPv6 loopback on this machine: [::1] is not tried"),
    }
}

#[test]
fn own_ca_is_trusted_with_ca_cert_only() {
    let env = TestEnv::new();
    let (server, ca_pem) = Server::start_tls(|_| token_reply());
    let ca = env.write("myq-ca.pem", &ca_pem);
    let token = |extra: &[&str]| {
        env.otok()
            .token()
            .provider_at("myq", &server.url)
            .client("c")
            .args(extra)
            .secret("tls-secret-1")
            .run()
    };

    let out = token(&[]);
    out.fails(
        5,
        &[
            "TLS with 127.0.0.1",
            "hint: if the server uses its own CA, pass its root certificate with --ca-cert",
        ],
    );
    assert_eq!(server.count(), 0, "no request reaches an untrusted server");

    let out = token(&["--ca-cert", ca.to_str().unwrap()]);
    assert_eq!(out.ok(), "over-tls\n");
    assert_eq!(server.only().path, "/api/auth/token");
}

#[test]
fn ca_cert_from_the_environment() {
    let env = TestEnv::new();
    let (server, ca_pem) = Server::start_tls(|_| token_reply());
    let ca = env.write("ca.pem", &ca_pem);
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("c")
        .public()
        .env("OTOK_CA_CERT", &ca)
        .run();
    assert_eq!(out.ok(), "over-tls\n");
}

#[test]
fn ca_cert_without_a_certificate_is_a_config_error() {
    let env = TestEnv::new();
    let not_pem = env.write("ca.pem", "hello");
    let out = env
        .otok()
        .token()
        .generic_at("https://127.0.0.1:9/token")
        .client("c")
        .public()
        .arg("--ca-cert")
        .arg(&not_pem)
        .run();
    out.fails(3, &["cannot use the CA certificate", "no PEM certificate"]);
}

#[test]
fn requests_go_through_the_proxy_of_the_environment() {
    let env = TestEnv::new();
    // A proxy that refuses to open the tunnel: otok must ask it, and must not go around it.
    let proxy = Server::start(|_| Reply::raw(403, "text/plain", "tunnel refused"));
    let out = env
        .otok()
        .token()
        .generic_at("https://id.example.com/token")
        .client("c")
        .public()
        .env("ALL_PROXY", &proxy.url)
        .run();
    assert_eq!(out.code, 5, "{}", out.stderr);
    let req = proxy.only();
    assert_eq!(req.method, "CONNECT");
    assert_eq!(req.path, "id.example.com:443");
}

#[test]
fn loopback_requests_never_go_through_a_proxy() {
    let env = TestEnv::new();
    let target = Server::start(|_| token_reply());
    // A proxy that would read the plain-http body: the client secret and the password.
    let proxy = Server::start(|_| Reply::raw(403, "text/plain", "no")).expect_no_requests();
    for var in ["ALL_PROXY", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY"] {
        let out = env
            .otok()
            .token()
            .generic(&target)
            .client("c")
            .args(["--auth-method", "post", "--username", "me"])
            .secret("proxy-must-not-see")
            .env("OTOK_PASSWORD", "nor-this-password")
            .env(var, &proxy.url)
            .run();
        out.ok();
    }
    assert_eq!(target.count(), 4);
}
