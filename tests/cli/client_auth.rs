//! Client authentication beyond the secret: client assertions signed with a private key
//! (`private_key_jwt`) or the client secret (`client_secret_jwt`), and mutual TLS (RFC 8705).
//!
//! A loopback authorization server records what it receives; each test then reads the
//! assertion as a server would, and checks its header, its claims and its signature with the
//! public key of the fixture in `tests/keys/`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::support::jws::{self, cert_der, jwk, key_path, key_text, Jws};
use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Otok, Outcome, TestEnv};

const ID: &str = "assert-client";
const SECRET: &str = "client-secret-for-hmac-0123456789abcdef0123456789abcdef0123456789";
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// An authorization server that answers as a lenient one would: a token and a refresh token at
/// `/token`, success at `/revoke`, an active token at `/introspect`, and at the OpenID location
/// its metadata, with `methods` as the client authentication it takes. The tests check what it
/// received.
fn authorization_server(methods: &'static [&'static str]) -> Server {
    let me = Arc::new(Mutex::new(String::new()));
    let base = me.clone();
    let issued = AtomicUsize::new(0);
    let server = Server::start(move |req| {
        let url = base.lock().unwrap().clone();
        match req.path.as_str() {
            "/.well-known/openid-configuration" => Reply::json(
                200,
                json!({
                    "issuer": url,
                    "token_endpoint": format!("{url}/token"),
                    "revocation_endpoint": format!("{url}/revoke"),
                    "introspection_endpoint": format!("{url}/introspect"),
                    "token_endpoint_auth_methods_supported": methods,
                }),
            ),
            "/token" => {
                let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                Reply::json(
                    200,
                    json!({"access_token": format!("access-{n}"), "token_type": "Bearer",
                           "expires_in": 3600, "refresh_token": format!("refresh-{n}")}),
                )
            }
            "/revoke" => Reply::raw(200, "application/json", ""),
            "/introspect" => Reply::json(200, json!({"active": true, "client_id": ID})),
            _ => Reply::json(404, json!({"error": "not_found"})),
        }
    });
    *me.lock().unwrap() = server.url.clone();
    server
}

/// `otok token` at `server`'s token endpoint, as client [`ID`] with the private key `key`.
fn with_key(env: &TestEnv, server: &Server, key: &str) -> Otok {
    env.otok()
        .token()
        .generic(server)
        .client(ID)
        .arg("--private-key-file")
        .arg(key_path(key))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The client assertion of a request, once it is clear that the request authenticates with it
/// alone (RFC 7523 §2.2): the jwt-bearer type, the client's id if any, no secret anywhere.
fn assertion_of(req: &Recorded) -> Jws {
    let form = req.form().unwrap();
    assert_eq!(
        form.get("client_assertion_type").map(String::as_str),
        Some(JWT_BEARER),
        "{form:?}"
    );
    assert!(!form.contains_key("client_secret"), "{form:?}");
    if let Some(id) = form.get("client_id") {
        assert_eq!(id, ID);
    }
    assert_eq!(
        req.header("authorization"),
        None,
        "no Basic credentials too"
    );
    Jws::parse(&form["client_assertion"]).unwrap()
}

/// Checks the header and claims of a client assertion for `aud` issued just now and valid for
/// `lifetime` seconds: `typ` JWT, iss and sub the client, a UUID `jti`.
fn check_claims(assertion: &Jws, aud: &str, lifetime: u64) {
    assert_eq!(assertion.header["typ"], "JWT", "{}", assertion.header);
    let c = &assertion.claims;
    assert_eq!((&c["iss"], &c["sub"]), (&json!(ID), &json!(ID)), "{c}");
    assert_eq!(c["aud"], aud, "{c}");
    let jti = c["jti"].as_str().expect("a jti");
    let groups: Vec<usize> = jti.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "jti {jti} is not a UUID");
    assert_eq!(&jti[14..15], "4", "jti {jti} is not a random (v4) UUID");
    let iat = c["iat"].as_u64().expect("an iat");
    assert!(iat.abs_diff(now()) <= 60, "iat {iat} is not now");
    assert_eq!(c["exp"].as_u64(), Some(iat + lifetime), "{c}");
}

/// One token request per key file of `keys`: each assertion signed by `alg`, with the `kid`
/// given, verified with the public members of the JWK `public`.
fn each_signs(keys: &[(&str, Option<&str>)], public: &str, alg: &str) {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    for (n, (key, kid)) in keys.iter().enumerate() {
        let out = with_key(&env, &server, key).run();
        assert_eq!(out.ok(), format!("access-{}\n", n + 1), "{key}");
        let req = &server.requests()[n];
        assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/token"));
        assert_eq!(req.form().unwrap()["grant_type"], "client_credentials");
        let assertion = assertion_of(req);
        assertion
            .verify(alg, &jwk(public))
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(
            assertion.header.get("kid").and_then(Value::as_str),
            *kid,
            "{key}"
        );
        check_claims(&assertion, &format!("{}/token", server.url), 60);
    }
}

#[test]
fn rsa_keys_as_pkcs8_pkcs1_and_jwk_sign_rs256() {
    each_signs(
        &[
            ("rsa.pkcs8.pem", None),
            ("rsa.pkcs1.pem", None),
            ("rsa.jwk", Some("rsa-1")),
        ],
        "rsa.jwk",
        "RS256",
    );
}

#[test]
fn p256_keys_as_pkcs8_sec1_and_jwk_sign_es256() {
    each_signs(
        &[
            ("ec256.pkcs8.pem", None),
            ("ec256.sec1.pem", None),
            ("ec256.jwk", Some("ec256-1")),
        ],
        "ec256.jwk",
        "ES256",
    );
}

#[test]
fn p384_keys_as_pkcs8_sec1_and_jwk_sign_es384() {
    each_signs(
        &[
            ("ec384.pkcs8.pem", None),
            ("ec384.sec1.pem", None),
            ("ec384.jwk", Some("ec384-1")),
        ],
        "ec384.jwk",
        "ES384",
    );
}

#[test]
fn ed25519_keys_as_pkcs8_and_jwk_sign_eddsa() {
    each_signs(
        &[
            ("ed25519.pkcs8.pem", None),
            ("ed25519.jwk", Some("ed25519-1")),
        ],
        "ed25519.jwk",
        "EdDSA",
    );
}

#[test]
fn an_rsa_key_signs_ps256_when_asked() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    with_key(&env, &server, "rsa.pkcs8.pem")
        .args(["--signing-alg", "PS256"])
        .run()
        .ok();
    let assertion = assertion_of(&server.only());
    assertion.verify("PS256", &jwk("rsa.jwk")).unwrap();
    check_claims(&assertion, &format!("{}/token", server.url), 60);
}

#[test]
fn key_id_is_the_kid_of_a_pem_key() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    with_key(&env, &server, "ec256.pkcs8.pem")
        .args(["--key-id", "registered-key-7"])
        .run()
        .ok();
    let assertion = assertion_of(&server.only());
    assert_eq!(assertion.header["kid"], "registered-key-7");
    assertion.verify("ES256", &jwk("ec256.jwk")).unwrap();
}

#[test]
fn every_assertion_has_a_new_jti() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    for _ in 0..2 {
        with_key(&env, &server, "ed25519.pkcs8.pem")
            .store("none")
            .run()
            .ok();
    }
    let jtis: Vec<Value> = server
        .requests()
        .iter()
        .map(|req| assertion_of(req).claims["jti"].clone())
        .collect();
    assert_eq!(jtis.len(), 2);
    assert_ne!(
        jtis[0], jtis[1],
        "a jti used twice would be refused as a replay"
    );
}

#[test]
fn a_jwks_key_is_chosen_by_key_id() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    with_key(&env, &server, "two-keys.jwks")
        .args(["--key-id", "ec384-1"])
        .run()
        .ok();
    let assertion = assertion_of(&server.only());
    assertion.verify("ES384", &jwk("ec384.jwk")).unwrap();
    assert_eq!(assertion.header["kid"], "ec384-1");
}

// The audience.

/// The flags of a client with the key `ec256.pkcs8.pem` whose endpoints are all `server`'s,
/// on the file store.
fn all_endpoints(env: &TestEnv, server: &Server, command: &str) -> Otok {
    env.otok()
        .arg(command)
        .generic(server)
        .arg("--revoke-url")
        .arg(format!("{}/revoke", server.url))
        .arg("--introspect-url")
        .arg(format!("{}/introspect", server.url))
        .client(ID)
        .arg("--private-key-file")
        .arg(key_path("ec256.pkcs8.pem"))
        .store("file")
}

/// Gets a token, introspects it and revokes it, all with `extra` flags; returns each
/// request's path and its assertion, checked with ec256's public key.
fn token_introspect_revoke(extra: &[&str]) -> (Server, Vec<(String, Jws)>) {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    for command in ["token", "introspect", "revoke"] {
        all_endpoints(&env, &server, command).args(extra).run().ok();
    }
    let seen: Vec<(String, Jws)> = server
        .requests()
        .iter()
        .map(|req| {
            let assertion = assertion_of(req);
            assertion.verify("ES256", &jwk("ec256.jwk")).unwrap();
            (req.path.clone(), assertion)
        })
        .collect();
    let paths: Vec<&str> = seen.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["/token", "/introspect", "/revoke", "/revoke"]);
    let mut jtis: Vec<String> = seen
        .iter()
        .map(|(_, a)| a.claims["jti"].as_str().unwrap().to_string())
        .collect();
    jtis.sort();
    jtis.dedup();
    assert_eq!(jtis.len(), 4, "one jti per request");
    (server, seen)
}

#[test]
fn revocation_and_introspection_assertions_name_their_own_endpoint() {
    let (server, seen) = token_introspect_revoke(&[]);
    for (path, assertion) in &seen {
        check_claims(assertion, &format!("{}{path}", server.url), 60);
    }
}

#[test]
fn token_endpoint_audience_names_the_token_endpoint_in_every_call() {
    let (server, seen) = token_introspect_revoke(&["--assertion-audience", "token-endpoint"]);
    for (_, assertion) in &seen {
        check_claims(assertion, &format!("{}/token", server.url), 60);
    }
}

#[test]
fn a_url_audience_is_sent_as_given() {
    let (_server, seen) =
        token_introspect_revoke(&["--assertion-audience", "https://as.example/oauth2"]);
    for (_, assertion) in &seen {
        check_claims(assertion, "https://as.example/oauth2", 60);
    }
}

#[test]
fn issuer_audience_is_the_issuer_of_the_discovered_server() {
    let env = TestEnv::new();
    let server = authorization_server(&["private_key_jwt"]);
    env.otok()
        .token()
        .issuer(&server.url)
        .client(ID)
        .args(["--assertion-audience", "issuer", "--private-key-file"])
        .arg(key_path("rsa.jwk"))
        .run()
        .ok();
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    assert_eq!(requests[1].path, "/token");
    let assertion = assertion_of(&requests[1]);
    assertion.verify("RS256", &jwk("rsa.jwk")).unwrap();
    check_claims(&assertion, &server.url, 60);
}

#[test]
fn assertion_lifetime_sets_exp() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    with_key(&env, &server, "ec384.jwk")
        .args(["--assertion-lifetime", "30"])
        .run()
        .ok();
    check_claims(
        &assertion_of(&server.only()),
        &format!("{}/token", server.url),
        30,
    );
}

#[test]
fn discovered_private_key_jwt_is_used_rather_than_the_secret() {
    let env = TestEnv::new();
    let server = authorization_server(&["client_secret_basic", "private_key_jwt"]);
    let out = env
        .otok()
        .token()
        .issuer(&server.url)
        .client(ID)
        .secret(SECRET)
        .arg("--private-key-file")
        .arg(key_path("ed25519.jwk"))
        .run();
    assert_eq!(out.ok(), "access-1\n");
    let token_request = server.requests().pop().unwrap();
    assert_eq!(token_request.path, "/token");
    let assertion = assertion_of(&token_request);
    assertion.verify("EdDSA", &jwk("ed25519.jwk")).unwrap();
    check_claims(&assertion, &format!("{}/token", server.url), 60);
    assert!(!token_request.body_text().contains(SECRET));
}

#[test]
fn a_profile_gives_the_key_and_how_to_sign_with_it() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    let config = env.write(
        "config.toml",
        &format!(
            r#"
[profiles.signed]
provider = "generic"
token_url = "{}/token"
client_id = "{ID}"
private_key = {{ env = "CLIENT_SIGNING_KEY" }}
key_id = "profile-key-1"
signing_alg = "PS256"
assertion_audience = "https://as.example/token"
assertion_lifetime = 45
"#,
            server.url
        ),
    );
    let otok = |command: &str| {
        env.otok()
            .arg(command)
            .profile("signed", &config)
            .env("CLIENT_SIGNING_KEY", key_text("rsa.pkcs8.pem"))
    };
    let out = otok("token").verbose().run();
    assert_eq!(out.ok(), "access-1\n");
    let assertion = assertion_of(&server.only());
    assertion.verify("PS256", &jwk("rsa.jwk")).unwrap();
    assert_eq!(assertion.header["kid"], "profile-key-1");
    check_claims(&assertion, "https://as.example/token", 45);
    let pem_lines = pem_body_lines("rsa.pkcs8.pem");
    let pem_lines: Vec<&str> = pem_lines.iter().map(String::as_str).collect();
    out.leaks_none(&pem_lines);

    // The variable that holds the key is otok's, not the command's.
    let out = otok("exec")
        .args([
            "--",
            "sh",
            "-c",
            r#"printf '%s' "${CLIENT_SIGNING_KEY:-unset}""#,
        ])
        .run();
    assert_eq!(out.ok(), "unset");
}

// client_secret_jwt.

/// `otok token` as client [`ID`] with [`SECRET`], by client_secret_jwt.
fn secret_jwt(env: &TestEnv, server: &Server) -> Otok {
    env.otok()
        .token()
        .generic(server)
        .client(ID)
        .secret(SECRET)
        .args(["--auth-method", "client_secret_jwt"])
}

#[test]
fn client_secret_jwt_is_an_hs256_mac_by_the_secret() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    assert_eq!(secret_jwt(&env, &server).run().ok(), "access-1\n");
    let req = server.only();
    let assertion = assertion_of(&req);
    assertion.verify_hmac("HS256", SECRET.as_bytes()).unwrap();
    assert!(assertion.header.get("kid").is_none());
    check_claims(&assertion, &format!("{}/token", server.url), 60);
    assert!(
        !req.body_text().contains(SECRET),
        "the secret never travels"
    );
}

#[test]
fn client_secret_jwt_signs_hs512_when_asked() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    secret_jwt(&env, &server)
        .args(["--signing-alg", "HS512"])
        .run()
        .ok();
    let assertion = assertion_of(&server.only());
    assertion.verify_hmac("HS512", SECRET.as_bytes()).unwrap();
    assert!(assertion
        .verify_hmac("HS512", b"another-secret-entirely")
        .is_err());
}

#[test]
fn client_secret_jwt_refuses_an_algorithm_of_private_keys() {
    let env = TestEnv::new();
    let server = authorization_server(&[]).expect_no_requests();
    secret_jwt(&env, &server)
        .args(["--signing-alg", "ES256"])
        .run()
        .fails(3, &["client_secret_jwt", "not ES256"]);
}

// The certificate of the signing key: x5t#S256.

#[test]
fn the_certificate_of_the_signing_key_is_named_by_its_thumbprint() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    with_key(&env, &server, "rsa.pkcs8.pem")
        .arg("--client-cert-file")
        .arg(key_path("rsa.cert.pem"))
        .arg("--client-key-file")
        .arg(key_path("rsa.pkcs8.pem"))
        .run()
        .ok();
    let assertion = assertion_of(&server.only());
    assertion.verify("RS256", &jwk("rsa.jwk")).unwrap();
    assert_eq!(
        assertion.header["x5t#S256"],
        jws::sha256_b64(&cert_der("rsa.cert.pem"))
    );
}

#[test]
fn a_certificate_without_a_key_file_is_the_signing_keys() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    with_key(&env, &server, "rsa.pkcs8.pem")
        .arg("--client-cert-file")
        .arg(key_path("rsa.cert.pem"))
        .run()
        .ok();
    let assertion = assertion_of(&server.only());
    assertion.verify("RS256", &jwk("rsa.jwk")).unwrap();
    assert_eq!(
        assertion.header["x5t#S256"],
        jws::sha256_b64(&cert_der("rsa.cert.pem"))
    );
}

#[test]
fn a_certificate_of_another_key_is_refused_before_any_request() {
    let env = TestEnv::new();
    let server = authorization_server(&[]).expect_no_requests();
    with_key(&env, &server, "ec256.pkcs8.pem")
        .arg("--client-cert-file")
        .arg(key_path("ec256-other.cert.pem"))
        .arg("--client-key-file")
        .arg(key_path("ec256.pkcs8.pem"))
        .run()
        .fails(
            3,
            &[
                "the certificate",
                "ec256-other.cert.pem is not for the private key",
                "ec256.pkcs8.pem",
            ],
        );
}

#[test]
fn a_certificate_of_another_key_without_a_key_file_is_refused_before_any_request() {
    let env = TestEnv::new();
    let server = authorization_server(&[]).expect_no_requests();
    with_key(&env, &server, "ec256.pkcs8.pem")
        .arg("--client-cert-file")
        .arg(key_path("ec256-other.cert.pem"))
        .run()
        .fails(
            3,
            &[
                "ec256-other.cert.pem is not for the private key",
                "ec256.pkcs8.pem",
            ],
        );
}

// Keys otok must not sign with.

#[test]
fn unusable_keys_are_refused_before_any_request() {
    let env = TestEnv::new();
    let mut public_only = jwk("ec256.jwk");
    public_only.as_object_mut().unwrap().remove("d");
    let public_only = env.write("public-only.jwk", &public_only.to_string());
    let server = authorization_server(&[]).expect_no_requests();
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("ec256.encrypted.pem", &[], &["it is encrypted"]),
        ("rsa.legacy-encrypted.pem", &[], &["it is encrypted"]),
        ("rsa1024.pem", &[], &["too small: use at least 2048 bits"]),
        (
            "ec256.pkcs8.pem",
            &["--signing-alg", "ES384"],
            &["ES384 does not fit the EC P-256 key", "it signs ES256"],
        ),
        (
            "rsa.jwk",
            &["--signing-alg", "ES256"],
            &["ES256 does not fit the RSA key", "it signs RS256 or PS256"],
        ),
        (
            "two-keys.jwks",
            &[],
            &["choose one with --key-id (kids: ec256-1, ec384-1)"],
        ),
        (
            "two-keys.jwks",
            &["--key-id", "ec521-1"],
            &["no key with kid `ec521-1`"],
        ),
        ("client.pem", &[], &["no PEM private key"]),
    ];
    for (key, extra, words) in cases {
        let out = with_key(&env, &server, key).args(*extra).run();
        out.fails(3, &[&[*key][..], words].concat());
    }
    env.otok()
        .token()
        .generic(&server)
        .client(ID)
        .arg("--private-key-file")
        .arg(&public_only)
        .run()
        .fails(
            3,
            &["public-only.jwk", "has no `d`: it is not a private key"],
        );
}

#[test]
fn private_key_jwt_needs_a_key_and_a_sensible_lifetime() {
    let env = TestEnv::new();
    let server = authorization_server(&[]).expect_no_requests();
    env.otok()
        .token()
        .generic(&server)
        .client(ID)
        .args(["--auth-method", "private_key_jwt"])
        .run()
        .fails(3, &["private_key_jwt needs the client's private key"]);
    with_key(&env, &server, "ec256.jwk")
        .args(["--assertion-lifetime", "0"])
        .run()
        .fails(3, &["assertion lifetime of 0 s is out of range"]);
}

// What -v shows.

/// The lines of a PEM file between its armour: each is a piece of the key.
fn pem_body_lines(name: &str) -> Vec<String> {
    key_text(name)
        .lines()
        .filter(|line| !line.starts_with("-----") && line.len() >= 16)
        .map(str::to_string)
        .collect()
}

/// The private members of a JWK file.
fn jwk_private_members(name: &str) -> Vec<String> {
    let key = jwk(name);
    ["d", "p", "q", "dp", "dq", "qi"]
        .iter()
        .filter_map(|m| key[*m].as_str().map(str::to_string))
        .collect()
}

/// The trace's `client_assertion header {…} claims {…}` line; fails if there is none.
fn assertion_line(out: &Outcome) -> String {
    out.stderr
        .lines()
        .find(|line| line.contains("client_assertion header {"))
        .unwrap_or_else(|| panic!("no client_assertion line:\n{}", out.stderr))
        .to_string()
}

#[test]
fn verbose_trace_shows_the_assertion_but_not_its_signature_nor_the_key() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    let cases = [
        ("rsa.pkcs8.pem", "RS256"),
        ("rsa.jwk", "RS256"),
        ("ec256.sec1.pem", "ES256"),
        ("ec256.jwk", "ES256"),
        ("ed25519.pkcs8.pem", "EdDSA"),
        ("ed25519.jwk", "EdDSA"),
    ];
    for (n, (key, alg)) in cases.iter().enumerate() {
        let out = with_key(&env, &server, key).verbose().run();
        out.ok();
        let line = assertion_line(&out);
        for shown in [
            format!(r#""alg":"{alg}""#),
            format!(r#""iss":"{ID}""#),
            format!(r#""aud":"{}/token""#, server.url),
            "(signature not shown)".to_string(),
        ] {
            assert!(line.contains(&shown), "{key}: {shown} not in {line}");
        }
        assert!(
            out.stderr.contains("client_assertion=(redacted)"),
            "{key}: the body's assertion is not redacted:\n{}",
            out.stderr
        );
        let assertion = assertion_of(&server.requests()[n]);
        let mut secrets = vec![
            assertion.raw.clone(),
            assertion.signature_segment().to_string(),
        ];
        if key.ends_with(".jwk") {
            secrets.extend(jwk_private_members(key));
        } else {
            secrets.extend(pem_body_lines(key));
        }
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        out.leaks_none(&secrets);
    }
}

#[test]
fn verbose_trace_of_client_secret_jwt_hides_the_secret_and_the_mac() {
    let env = TestEnv::new();
    let server = authorization_server(&[]);
    let out = secret_jwt(&env, &server).verbose().run();
    out.ok();
    let line = assertion_line(&out);
    assert!(line.contains(r#""alg":"HS256""#), "{line}");
    assert!(line.contains(r#""sub":"assert-client""#), "{line}");
    let assertion = assertion_of(&server.only());
    out.leaks_none(&[SECRET, &assertion.raw, assertion.signature_segment()]);
}

// Mutual TLS (RFC 8705).

/// A token endpoint over TLS that asks for a client certificate and takes two: `client.pem`
/// (issued by the test CA, for tls_client_auth) and `self-signed.pem` (registered with it, for
/// self_signed_tls_client_auth). Its tokens say whose they are; a client with another
/// certificate or none is refused. It has a resource at `/resource`, revocation at `/revoke`,
/// introspection at `/introspect`, and metadata whose token endpoint for certificate holders is
/// `/mtls/token`.
fn mtls_server() -> Server {
    let (ca_issued, self_signed) = (cert_der("client.pem"), cert_der("self-signed.pem"));
    let me = Arc::new(Mutex::new(String::new()));
    let base = me.clone();
    let issued = AtomicUsize::new(0);
    let server = Server::start_mtls(move |req| {
        let url = base.lock().unwrap().clone();
        if req.path == "/.well-known/openid-configuration" {
            return Reply::json(
                200,
                json!({
                    "issuer": url,
                    "token_endpoint": format!("{url}/token"),
                    "token_endpoint_auth_methods_supported": ["self_signed_tls_client_auth"],
                    "mtls_endpoint_aliases": {"token_endpoint": format!("{url}/mtls/token")},
                }),
            );
        }
        let whose = match &req.peer_certificate {
            Some(der) if *der == ca_issued => "ca",
            Some(der) if *der == self_signed => "self",
            _ => return Reply::json(401, json!({"error": "invalid_client"})),
        };
        match req.path.as_str() {
            "/token" | "/mtls/token" => {
                let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                Reply::json(
                    200,
                    json!({"access_token": format!("access-{n}-{whose}"),
                           "token_type": "Bearer", "expires_in": 3600,
                           "refresh_token": format!("refresh-{n}")}),
                )
            }
            "/resource" => Reply::json(200, json!({"presented": whose})),
            "/revoke" => Reply::raw(200, "application/json", ""),
            "/introspect" => Reply::json(200, json!({"active": true})),
            _ => Reply::json(404, json!({"error": "not_found"})),
        }
    });
    *me.lock().unwrap() = server.url.clone();
    server
}

/// `otok COMMAND` at `server`'s endpoints, presenting the certificate `cert` with its `key`,
/// trusting the test CA, on the file store.
fn mtls(env: &TestEnv, server: &Server, command: &str, cert: &str, key: &str) -> Otok {
    env.otok()
        .arg(command)
        .generic(server)
        .arg("--revoke-url")
        .arg(format!("{}/revoke", server.url))
        .arg("--introspect-url")
        .arg(format!("{}/introspect", server.url))
        .client(ID)
        .arg("--client-cert-file")
        .arg(key_path(cert))
        .arg("--client-key-file")
        .arg(key_path(key))
        .arg("--ca-cert")
        .arg(key_path("ca.pem"))
        .store("file")
}

/// Checks that a request names the client by its id alone, as RFC 8705 §2 has it: no secret,
/// no assertion, no Basic credentials.
fn names_the_client_only(req: &Recorded) {
    let form = req.form().unwrap();
    assert_eq!(
        form.get("client_id").map(String::as_str),
        Some(ID),
        "{form:?}"
    );
    for absent in ["client_secret", "client_assertion", "client_assertion_type"] {
        assert!(!form.contains_key(absent), "{absent} in {form:?}");
    }
    assert_eq!(req.header("authorization"), None);
}

#[test]
fn a_token_bound_to_one_certificate_is_served_only_to_that_certificate() {
    let env = TestEnv::new();
    let server = mtls_server();
    let (ca_issued, self_signed) = (cert_der("client.pem"), cert_der("self-signed.pem"));
    let with_ca = || {
        mtls(&env, &server, "token", "client.pem", "client.key")
            .args(["--auth-method", "tls_client_auth"])
    };
    let with_self_signed = || {
        mtls(&env, &server, "token", "self-signed.pem", "self-signed.key")
            .args(["--auth-method", "self_signed_tls_client_auth"])
    };

    assert_eq!(with_ca().run().ok(), "access-1-ca\n");
    let first = server.only();
    assert_eq!(first.peer_certificate.as_ref(), Some(&ca_issued));
    names_the_client_only(&first);
    assert_eq!(first.form().unwrap()["grant_type"], "client_credentials");
    let stored = env.stored_records();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["x5t_s256"], jws::sha256_b64(&ca_issued));

    // The same certificate: the stored token.
    assert_eq!(with_ca().run().ok(), "access-1-ca\n");
    assert_eq!(server.count(), 1);

    // Another certificate: neither the stored token nor its refresh token, a new grant.
    assert_eq!(with_self_signed().run().ok(), "access-2-self\n");
    let second = server.requests().pop().unwrap();
    assert_eq!(second.peer_certificate.as_ref(), Some(&self_signed));
    names_the_client_only(&second);
    assert_eq!(second.form().unwrap()["grant_type"], "client_credentials");
    assert_eq!(with_self_signed().run().ok(), "access-2-self\n");
    assert_eq!(server.count(), 2);

    // The new token replaced the first: the first certificate gets a token of its own again.
    assert_eq!(with_ca().run().ok(), "access-3-ca\n");
    assert_eq!(server.count(), 3);
    assert_eq!(
        server.requests()[2].form().unwrap()["grant_type"],
        "client_credentials"
    );
    let stored = env.stored_records();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["x5t_s256"], jws::sha256_b64(&ca_issued));
}

#[test]
fn the_certificate_goes_with_every_request() {
    let env = TestEnv::new();
    let server = mtls_server();
    let ca_issued = cert_der("client.pem");
    let run = |command: &str| {
        mtls(&env, &server, command, "client.pem", "client.key")
            .args(["--auth-method", "tls_client_auth"])
    };
    run("token").run().ok();
    let out = run("request").arg(format!("{}/resource", server.url)).run();
    assert_eq!(out.ok(), r#"{"presented":"ca"}"#);
    run("introspect").run().ok();
    run("revoke").run().ok();
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        ["/token", "/resource", "/introspect", "/revoke", "/revoke"]
    );
    for req in &requests {
        assert_eq!(
            req.peer_certificate.as_ref(),
            Some(&ca_issued),
            "{}",
            req.path
        );
        if req.path != "/resource" {
            names_the_client_only(req);
        }
    }
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer access-1-ca")
    );
}

#[test]
fn discovery_sends_a_client_with_a_certificate_to_the_mtls_alias() {
    let env = TestEnv::new();
    let server = mtls_server();
    let out = env
        .otok()
        .token()
        .issuer(&server.url)
        .client(ID)
        .arg("--client-cert-file")
        .arg(key_path("self-signed.pem"))
        .arg("--client-key-file")
        .arg(key_path("self-signed.key"))
        .arg("--ca-cert")
        .arg(key_path("ca.pem"))
        .run();
    assert_eq!(out.ok(), "access-1-self\n");
    let token_request = server.requests().pop().unwrap();
    assert_eq!(token_request.path, "/mtls/token");
    assert_eq!(
        token_request.peer_certificate,
        Some(cert_der("self-signed.pem"))
    );
    names_the_client_only(&token_request);
}

#[test]
fn a_certificate_and_a_key_that_do_not_match_are_refused_before_any_request() {
    let env = TestEnv::new();
    let server = mtls_server().expect_no_requests();
    mtls(&env, &server, "token", "client.pem", "self-signed.key")
        .run()
        .fails(
            3,
            &["client.pem is not for the private key", "self-signed.key"],
        );
}

#[test]
fn tls_client_auth_without_a_certificate_is_refused_before_any_request() {
    let env = TestEnv::new();
    let server = authorization_server(&[]).expect_no_requests();
    env.otok()
        .token()
        .generic(&server)
        .client(ID)
        .args(["--auth-method", "tls_client_auth"])
        .run()
        .fails(3, &["tls_client_auth needs the client's certificate"]);
}
