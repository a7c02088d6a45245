//! A server that echoes the request back, in its error, its trace or its introspection answer,
//! gets none of the secrets through: not raw, not form-urlencoded, not percent-encoded, not
//! JSON-escaped, not as the Basic credential, not a short PIN or password where it stands as a
//! value, not a subject token given in a file.

use base64::Engine;
use serde_json::json;

use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Otok, Outcome, TestEnv};

/// Every way a careless server could repeat the request: the body as received, the
/// authorization header, and the body as a JSON string.
fn echo(req: &Recorded) -> String {
    format!(
        "bad request: {} auth={} json={}",
        req.body_text(),
        req.header("authorization").unwrap_or(""),
        serde_json::to_string(&req.body_text()).unwrap()
    )
}

fn echoing(status: u16) -> Server {
    Server::start(move |req| {
        Reply::json(
            status,
            json!({"error": "invalid_request", "error_description": echo(req)}),
        )
    })
}

/// The forms a secret takes in an echo.
fn forms(secret: &str) -> Vec<String> {
    let form: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let json = serde_json::to_string(secret).unwrap();
    vec![
        secret.to_string(),
        form,
        percent,
        json[1..json.len() - 1].to_string(),
    ]
}

fn shows_none(out: &Outcome, secrets: &[&str]) {
    for secret in secrets {
        for form in forms(secret) {
            out.leaks_none(&[&form]);
        }
    }
}

fn generic(env: &TestEnv, server: &Server, args: &[&str]) -> Otok {
    env.otok()
        .verbose()
        .token()
        .generic(server)
        .client("app")
        .args(args)
}

#[test]
fn an_echoed_client_secret_is_scrubbed_in_every_encoding() {
    let env = TestEnv::new();
    let server = echoing(400);
    let secret = "p@ss w0rd&x\"y";
    let out = generic(&env, &server, &["--auth-method", "post"])
        .secret(secret)
        .run();
    out.fails(4, &["invalid_request", "(redacted)"]);
    shows_none(&out, &[secret]);
    // The echo did carry it, in the form encoding.
    assert!(server.only().body_text().contains("p%40ss+w0rd%26x%22y"));
}

#[test]
fn an_echoed_basic_credential_is_scrubbed() {
    let env = TestEnv::new();
    let server = echoing(401);
    let secret = "basic-s3cret:with/colon";
    let out = generic(&env, &server, &["--auth-method", "basic"])
        .secret(secret)
        .run();
    out.fails(4, &["invalid_request"]);
    let sent = server.only();
    let credential = sent
        .header("authorization")
        .unwrap()
        .trim_start_matches("Basic ")
        .to_string();
    out.leaks_none(&[&credential]);
    shows_none(&out, &[secret]);
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&credential)
        .unwrap();
    out.leaks_none(&[&String::from_utf8(decoded).unwrap()]);
}

#[test]
fn echoed_short_secrets_and_file_parameters_are_scrubbed() {
    let env = TestEnv::new();
    let server = echoing(400);
    let subject = env.write("subject", "subject-token-from-a-file");
    let out = generic(
        &env,
        &server,
        &[
            "--auth-method",
            "post",
            "--username",
            "me",
            "--param-file",
            &format!("actor_token={}", subject.display()),
        ],
    )
    .secret("cl1")
    .env("OTOK_PASSWORD", "hunt5")
    .run();
    out.fails(4, &["invalid_request"]);
    let body = server.only().body_text();
    assert!(
        body.contains("password=hunt5") && body.contains("client_secret=cl1"),
        "{body}"
    );
    shows_none(&out, &["hunt5", "subject-token-from-a-file"]);
    for shown in [&out.stdout, &out.stderr] {
        assert!(!shown.contains("=cl1"), "{shown}");
        assert!(!shown.contains("\"cl1\""), "{shown}");
    }
}

#[test]
fn an_echoed_myq_pin_is_scrubbed_from_json() {
    use crate::support::providers::MYQ_ID;
    let env = TestEnv::new();
    let server = echoing(400);
    let out = env
        .otok()
        .verbose()
        .token()
        .provider_at("myq", &server.url)
        .client(MYQ_ID)
        .args(["--login-type", "card-pin"])
        .secret("myq-s3cret-value")
        .env("OTOK_CARD", "card-0042")
        .env("OTOK_PIN", "9081")
        .run();
    out.fails(4, &["invalid_request"]);
    assert!(server.only().body_text().contains("\"9081\""));
    shows_none(&out, &["myq-s3cret-value", "card-0042"]);
    for shown in [&out.stdout, &out.stderr] {
        assert!(
            !shown.contains("\"9081\"") && !shown.contains("\\\"9081\\\""),
            "{shown}"
        );
    }
}

#[test]
fn introspection_hides_secret_keys_and_echoed_secrets() {
    let env = TestEnv::new();
    let server = Server::start(|req| {
        Reply::json(
            200,
            json!({
                "active": true,
                "client_secret": "intro-s3cret-value",
                "token": "piped-token-value",
                "note": format!("you sent {}", req.body_text()),
                "nested": {"refresh_token": "nested-refresh"},
            }),
        )
    });
    for format in ["table", "json"] {
        let out = env
            .otok()
            .introspect()
            .arg("--stdin")
            .generic(&server)
            .arg("--introspect-url")
            .arg(format!("{}/introspect", server.url))
            .client("app")
            .format(format)
            .secret("intro-s3cret-value")
            .stdin("piped-token-value\n")
            .run();
        assert!(out.ok().contains("(redacted)"), "{}", out.stdout);
        shows_none(
            &out,
            &["intro-s3cret-value", "piped-token-value", "nested-refresh"],
        );
    }
}

#[test]
fn an_echoed_client_assertion_is_scrubbed() {
    let env = TestEnv::new();
    let server = echoing(400);
    let (key, _) = crate::providers::p256_key(&env);
    let out = generic(&env, &server, &["--key-id", "k1", "--private-key-file"])
        .arg(&key)
        .run();
    out.fails(4, &["invalid_request"]);
    let form = server.only().form().unwrap();
    let assertion = &form["client_assertion"];
    assert_eq!(assertion.split('.').count(), 3, "a JWS was sent");
    shows_none(&out, &[assertion]);
}

#[test]
fn a_secret_on_the_command_line_is_refused_with_the_way_to_give_it() {
    let env = TestEnv::new();
    for name in [
        "subject_token",
        "actor_token",
        "assertion",
        "client_assertion",
        "client_secret",
        "password",
        "refresh_token",
        "code_verifier",
    ] {
        let out = env
            .otok()
            .token()
            .generic_at("http://127.0.0.1:9/token")
            .client("app")
            .args(["--param", &format!("{name}=visible-in-ps")])
            .run();
        out.fails(
            2,
            &[
                &format!("--param-file {name}=PATH"),
                "visible to every user",
            ],
        );
    }
}

#[test]
fn profile_params_take_secret_sources() {
    let env = TestEnv::new();
    let server =
        Server::start(|_| Reply::json(200, json!({"access_token": "t", "expires_in": 60})));
    let subject = env.write("subject", "subject-from-file\n");
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.x]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"app\"\n\
             auth_method = \"none\"\ngrant = \"urn:ietf:params:oauth:grant-type:token-exchange\"\n\
             [profiles.x.params]\nsubject_token = {{ file = \"{}\" }}\n\
             actor_token = {{ env = \"ACTOR\" }}\n\
             subject_token_type = \"urn:ietf:params:oauth:token-type:jwt\"\n",
            server.url,
            subject.display()
        ),
    );
    let out = env
        .otok()
        .verbose()
        .token()
        .profile("x", &config)
        .env("ACTOR", "actor-from-env")
        .run();
    assert_eq!(out.ok(), "t\n");
    let form = server.only().form().unwrap();
    assert_eq!(form["subject_token"], "subject-from-file");
    assert_eq!(form["actor_token"], "actor-from-env");
    assert_eq!(
        form["subject_token_type"],
        "urn:ietf:params:oauth:token-type:jwt"
    );
    shows_none(&out, &["subject-from-file", "actor-from-env"]);
}
