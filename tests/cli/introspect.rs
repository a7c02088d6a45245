//! `otok introspect`: the RFC 7662 request (the stored token, or one on stdin, with the
//! client's authentication) and what is shown of the answer.

use serde_json::{json, Value};

use crate::support::server::{Reply, Server};
use crate::support::{Outcome, TestEnv};

const ID: &str = "intro-client";
const SECRET: &str = "intro-secret-55c1";

/// A token endpoint and an introspection endpoint at `/introspect` that answers `answer`.
fn server(answer: Reply) -> Server {
    let answer = std::sync::Mutex::new(Some(answer));
    Server::start(move |req| match req.path.as_str() {
        "/token" => Reply::json(
            200,
            json!({"access_token": "stored-access-1", "refresh_token": "stored-refresh-1", "expires_in": 3600}),
        ),
        _ => answer
            .lock()
            .unwrap()
            .take()
            .unwrap_or_else(|| Reply::json(500, json!({"error": "server_error"}))),
    })
}

fn otok(env: &TestEnv, server: &Server, command: &[&str], stdin: Option<&str>) -> Outcome {
    let cmd = env
        .otok()
        .args(command)
        .generic(server)
        .arg("--introspect-url")
        .arg(format!("{}/introspect", server.url))
        .client(ID)
        .store("file")
        .secret(SECRET)
        .env("TZ", "UTC");
    match stdin {
        Some(input) => cmd.stdin(input).run(),
        None => cmd.run(),
    }
}

#[test]
fn the_stored_access_token_is_introspected_with_the_clients_credentials() {
    let env = TestEnv::new();
    let server = server(Reply::json(
        200,
        json!({"active": true, "scope": "read write", "client_id": ID, "sub": "alice",
               "exp": 1_795_435_200, "ext": {"tier": "gold"}}),
    ));
    otok(&env, &server, &["token"], None).ok();
    let out = otok(&env, &server, &["introspect"], None);
    let text = out.ok();
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("no {key} line: {text}"))
            .to_string()
    };
    assert!(line("active").ends_with("true"), "{text}");
    assert!(line("scope").ends_with("read write"), "{text}");
    assert!(line("sub").ends_with("alice"), "{text}");
    assert!(line("exp").contains("2026-11-23T12:00:00Z"), "{text}");
    assert!(
        line("ext").contains("gold"),
        "other fields are shown too: {text}"
    );
    out.leaks_none(&["stored-access-1", SECRET]);

    let req = server.requests().pop().unwrap();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/introspect")
    );
    assert_eq!(req.basic_raw().unwrap(), format!("{ID}:{SECRET}"));
    let form = req.form().unwrap();
    assert_eq!(form["token"], "stored-access-1");
    assert_eq!(form["token_type_hint"], "access_token");
    assert_eq!(form.len(), 2, "{form:?}");
}

#[test]
fn a_token_on_stdin_with_the_refresh_hint_and_json_output() {
    let env = TestEnv::new();
    let answer = json!({"active": false});
    let server = server(Reply::json(200, answer.clone()));
    let out = otok(
        &env,
        &server,
        &[
            "introspect",
            "--stdin",
            "--token",
            "refresh",
            "--format",
            "json",
        ],
        Some("piped-refresh-token\n"),
    );
    assert_eq!(serde_json::from_str::<Value>(out.ok()).unwrap(), answer);
    let form = server.only().form().unwrap();
    assert_eq!(form["token"], "piped-refresh-token");
    assert_eq!(form["token_type_hint"], "refresh_token");
}

#[test]
fn an_answer_without_active_is_not_an_introspection_answer() {
    let env = TestEnv::new();
    let server = server(Reply::raw(
        200,
        "text/html",
        "<html><title>Login</title></html>",
    ));
    let out = otok(
        &env,
        &server,
        &["introspect", "--stdin"],
        Some("some-token-123"),
    );
    out.fails(8, &["sent no introspection answer", "Login"]);
}

#[test]
fn a_refusal_is_reported_with_the_servers_words() {
    let env = TestEnv::new();
    let server = server(Reply::json(401, json!({"error": "invalid_client"})));
    let out = otok(
        &env,
        &server,
        &["introspect", "--stdin"],
        Some("some-token-123"),
    );
    out.fails(4, &["refused the introspection request", "invalid_client"]);
}

#[test]
fn without_an_endpoint_or_a_stored_token_it_says_what_to_give() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .introspect()
        .arg("--stdin")
        .provider("generic")
        .args(["--token-url", "http://127.0.0.1:9/token"])
        .client(ID)
        .stdin("some-token-123")
        .run();
    out.fails(
        3,
        &["no introspection endpoint is known", "--introspect-url"],
    );

    let server = server(Reply::json(200, json!({"active": true}))).expect_no_requests();
    otok(&env, &server, &["introspect"], None).fails(3, &["no access token is stored", "--stdin"]);
}
