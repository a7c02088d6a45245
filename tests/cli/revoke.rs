//! `otok revoke`: the request each provider gets, the refresh token first, and a store that
//! changes only once the provider confirmed.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

use crate::support::providers::*;
use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Outcome, TestEnv};

const ID: &str = "app";
const SECRET: &str = "app-secret-3a4f";

/// An RFC 6749 token endpoint that hands out an access and a refresh token, and an RFC 7009
/// revocation endpoint at `/revoke` that answers with `revoke`.
fn server(revoke: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Server {
    let n = AtomicUsize::new(0);
    Server::start(move |req| match req.path.as_str() {
        "/token" => {
            let i = n.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::json(
                200,
                json!({"access_token": format!("access-{i}"), "token_type": "Bearer",
                       "expires_in": 3600, "refresh_token": format!("refresh-{i}")}),
            )
        }
        "/revoke" => revoke(req),
        _ => Reply::json(404, json!({"error": "not_found"})),
    })
}

fn ok() -> impl Fn(&Recorded) -> Reply {
    |_| Reply::raw(200, "application/json", "")
}

/// The flags that name one entry, on the file store.
fn flags(list: &[&str]) -> Vec<String> {
    list.iter()
        .chain(&["--store", "file"])
        .map(|s| s.to_string())
        .collect()
}

fn generic_args(server: &Server) -> Vec<String> {
    flags(&[
        "--provider",
        "generic",
        "--token-url",
        &format!("{}/token", server.url),
        "--revoke-url",
        &format!("{}/revoke", server.url),
        "--client-id",
        ID,
    ])
}

fn otok(env: &TestEnv, command: &str, args: &[String]) -> Outcome {
    otok_with(env, command, args, SECRET)
}

/// `otok COMMAND ARGS…` with `secret` as the client secret.
fn otok_with(env: &TestEnv, command: &str, args: &[String], secret: &str) -> Outcome {
    env.otok().arg(command).args(args).secret(secret).run()
}

/// Whether the store holds an entry for `args` (from `otok status`, as a user would ask).
fn stored(env: &TestEnv, args: &[String]) -> Value {
    let out = otok(
        env,
        "status",
        &[args, &["--format".into(), "json".into()]].concat(),
    );
    let rows: Value = serde_json::from_str(out.ok()).unwrap();
    rows[0].clone()
}

fn revocations(server: &Server) -> Vec<std::collections::BTreeMap<String, String>> {
    server
        .requests()
        .iter()
        .filter(|r| r.path == "/revoke")
        .map(|r| r.form().unwrap())
        .collect()
}

#[test]
fn rfc7009_revokes_the_refresh_token_first_then_the_access_token_and_deletes_the_entry() {
    let env = TestEnv::new();
    let server = server(ok());
    let args = generic_args(&server);
    assert_eq!(otok(&env, "token", &args).ok(), "access-1\n");

    let out = otok(&env, "revoke", &args);
    out.ok();
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr
            .contains("revoked the refresh token and the access token"),
        "{}",
        out.stderr
    );
    let requests = server.requests();
    let revoke: Vec<&Recorded> = requests.iter().filter(|r| r.path == "/revoke").collect();
    assert_eq!(revoke.len(), 2);
    for req in &revoke {
        assert_eq!(req.method, "POST");
        assert!(req
            .content_type()
            .starts_with("application/x-www-form-urlencoded"));
        assert_eq!(req.basic_raw().unwrap(), format!("{ID}:{SECRET}"));
    }
    let forms = revocations(&server);
    assert_eq!(forms[0]["token"], "refresh-1");
    assert_eq!(forms[0]["token_type_hint"], "refresh_token");
    assert_eq!(forms[1]["token"], "access-1");
    assert_eq!(forms[1]["token_type_hint"], "access_token");
    assert!(forms.iter().all(|f| f.len() == 2), "{forms:?}");

    assert_eq!(stored(&env, &args)["stored"], false);
    // The next `otok token` runs the grant again.
    assert_eq!(otok(&env, "token", &args).ok(), "access-2\n");
}

#[test]
fn revoking_the_access_token_alone_keeps_the_refresh_token_for_the_next_call() {
    let env = TestEnv::new();
    let server = server(ok());
    let args = generic_args(&server);
    otok(&env, "token", &args).ok();

    let out = otok(
        &env,
        "revoke",
        &[&args[..], &["--token".into(), "access".into()]].concat(),
    );
    out.ok();
    assert!(
        out.stderr.contains("refresh token is kept"),
        "{}",
        out.stderr
    );
    let forms = revocations(&server);
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0]["token"], "access-1");
    assert_eq!(stored(&env, &args)["refreshable"], true);

    // The revoked access token is never served again: the stored refresh token gets a new one.
    assert_eq!(otok(&env, "token", &args).ok(), "access-2\n");
    let last = server.requests().last().unwrap().form().unwrap();
    assert_eq!(last["grant_type"], "refresh_token");
    assert_eq!(last["refresh_token"], "refresh-1");
}

#[test]
fn a_refused_revocation_keeps_the_entry_and_says_why() {
    let env = TestEnv::new();
    let server = server(|_| {
        Reply::json(
            400,
            json!({"error": "unsupported_token_type", "error_description": "refresh tokens cannot be revoked here"}),
        )
    });
    let args = generic_args(&server);
    otok(&env, "token", &args).ok();

    let out = otok(&env, "revoke", &args);
    out.fails(
        4,
        &[
            "refused the revocation request",
            "unsupported_token_type: refresh tokens cannot be revoked here",
            "the stored entry is kept",
        ],
    );
    out.leaks_none(&["access-1", "refresh-1", SECRET]);
    assert_eq!(stored(&env, &args)["stored"], true);
    // The stored token is still served, without a request.
    let before = server.count();
    assert_eq!(otok(&env, "token", &args).ok(), "access-1\n");
    assert_eq!(server.count(), before);
}

#[test]
fn an_unavailable_provider_keeps_the_entry_with_exit_5() {
    let env = TestEnv::new();
    let server = server(|_| {
        Reply::raw(
            503,
            "text/html",
            "<html><title>Down for maintenance</title></html>",
        )
        .header("Retry-After", "0")
    });
    let args = generic_args(&server);
    otok(&env, "token", &args).ok();

    let out = otok(&env, "revoke", &args);
    out.fails(
        5,
        &[
            "unavailable",
            "Down for maintenance",
            "the stored entry is kept",
        ],
    );
    assert_eq!(stored(&env, &args)["stored"], true);
}

#[test]
fn refresh_revoked_but_access_refused_keeps_the_access_token_to_try_again() {
    let env = TestEnv::new();
    let server = server(|req| {
        if req.form().unwrap()["token_type_hint"] == "refresh_token" {
            Reply::raw(200, "application/json", "")
        } else {
            Reply::json(503, json!({"error": "temporarily_unavailable"})).header("Retry-After", "0")
        }
    });
    let args = generic_args(&server);
    otok(&env, "token", &args).ok();

    otok(&env, "revoke", &args).fails(5, &["access token was not revoked"]);
    let row = stored(&env, &args);
    assert_eq!(row["stored"], true);
    assert_eq!(
        row["refreshable"], false,
        "the revoked refresh token is dropped"
    );
}

#[test]
fn mypos_revocation_is_a_form_with_the_token_alone_and_basic_auth() {
    let env = TestEnv::new();
    let server = mypos();
    let args = flags(&[
        "--provider",
        "mypos",
        "--base-url",
        &server.url,
        "--client-id",
        MYPOS_ID,
    ]);
    let run_with = |cmd: &str| otok_with(&env, cmd, &args, MYPOS_SECRET);
    run_with("token").ok();
    let out = run_with("revoke");
    out.ok();
    let req = server.requests().pop().unwrap();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/oauth/revoke")
    );
    assert_eq!(
        req.basic_raw().unwrap(),
        format!("{MYPOS_ID}:{MYPOS_SECRET}")
    );
    assert_eq!(req.body_text(), format!("token={}", token_for("mypos", 1)));
    assert!(
        out.stderr.contains("revoked the access token at mypos"),
        "{}",
        out.stderr
    );
    assert_eq!(stored(&env, &args)["stored"], false);
}

#[test]
fn mypos_revoke_url_can_be_moved_on_its_own() {
    let env = TestEnv::new();
    let tokens = mypos();
    let revocation = mypos();
    let args = flags(&[
        "--provider",
        "mypos",
        "--base-url",
        &tokens.url,
        "--revoke-url",
        &format!("{}/oauth/revoke", revocation.url),
        "--client-id",
        MYPOS_ID,
    ]);
    let run_with = |cmd: &str| otok_with(&env, cmd, &args, MYPOS_SECRET);
    run_with("token").ok();
    run_with("revoke").ok();
    assert_eq!(
        tokens.count(),
        1,
        "only the token request went to the base URL"
    );
    assert_eq!(revocation.only().path, "/oauth/revoke");
}

fn hm_args(server: &Server) -> Vec<String> {
    flags(&[
        "--provider",
        "highmobility",
        "--base-url",
        &server.url,
        "--client-id",
        HM_ID,
    ])
}

#[test]
fn highmobility_revocation_is_a_delete_with_a_json_body() {
    let env = TestEnv::new();
    let server = highmobility(None);
    let args = hm_args(&server);
    otok_with(&env, "token", &args, HM_SECRET).ok();
    otok_with(&env, "revoke", &args, HM_SECRET).ok();
    let req = server.requests().pop().unwrap();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("DELETE", "/v1/access_tokens")
    );
    assert_eq!(
        Value::Object(req.json().unwrap()),
        json!({"token": token_for("hm", 1), "client_id": HM_ID, "client_secret": HM_SECRET,
               "token_type_hint": "access_token"})
    );
    assert_eq!(stored(&env, &args)["stored"], false);
}

#[test]
fn highmobility_refusal_keeps_the_entry() {
    let env = TestEnv::new();
    let server = highmobility(None);
    let args = hm_args(&server);
    otok_with(&env, "token", &args, HM_SECRET).ok();
    // A secret file with another secret: the mock answers 400 as High Mobility does.
    let wrong = env.write("wrong", "not-the-secret");
    let out = env
        .otok()
        .revoke()
        .args(&args)
        .arg("--client-secret-file")
        .arg(&wrong)
        .run();
    out.fails(
        4,
        &["refused the revocation request", "client_secret is invalid"],
    );
    out.leaks_none(&["not-the-secret", &token_for("hm", 1)]);
    assert_eq!(stored(&env, &args)["stored"], true);
}

#[test]
fn providers_without_revocation_forget_locally_and_say_the_provider_was_not_told() {
    let env = TestEnv::new();
    let server = myfox();
    let args = flags(&[
        "--provider",
        "myfox",
        "--base-url",
        &server.url,
        "--client-id",
        MYFOX_ID,
        "--username",
        MYFOX_USER,
    ]);
    let run_with = |cmd: &str, extra: &[&str]| {
        env.otok()
            .arg(cmd)
            .args(&args)
            .args(extra)
            .secret(MYFOX_SECRET)
            .env("OTOK_PASSWORD", MYFOX_PASSWORD)
            .run()
    };
    run_with("token", &[]).ok();
    // --strict refuses to pretend: nothing is deleted.
    run_with("revoke", &["--strict"])
        .fails(3, &["myfox has no revocation endpoint", "otok forget"]);
    assert_eq!(stored(&env, &args)["stored"], true);

    let out = run_with("revoke", &[]);
    out.ok();
    assert!(
        out.stderr.contains("myfox has no revocation endpoint")
            && out.stderr.contains("the provider was not told"),
        "{}",
        out.stderr
    );
    assert_eq!(server.count(), 1, "nothing was sent to Myfox");
    assert_eq!(stored(&env, &args)["stored"], false);
}

#[test]
fn nothing_stored_is_said_and_fails_only_with_strict() {
    let env = TestEnv::new();
    let server = server(ok()).expect_no_requests();
    let args = generic_args(&server);
    let out = otok(&env, "revoke", &args);
    out.ok();
    assert!(out.stderr.contains("nothing is stored"), "{}", out.stderr);
    otok(&env, "revoke", &[&args[..], &["--strict".into()]].concat())
        .fails(3, &["nothing is stored for generic client app"]);
}

#[test]
fn verbose_revocation_traces_no_token_or_secret() {
    let env = TestEnv::new();
    let server = server(ok());
    let args = generic_args(&server);
    otok(&env, "token", &args).ok();
    let out = env
        .otok()
        .verbose()
        .revoke()
        .args(&args)
        .secret(SECRET)
        .run();
    out.ok();
    assert!(out.stderr.contains("POST"), "{}", out.stderr);
    out.leaks_none(&["access-1", "refresh-1", SECRET]);
}

#[test]
fn highmobility_revocation_without_the_client_secret_says_so_and_keeps_the_entry() {
    let env = TestEnv::new();
    let server = highmobility(None);
    let args = hm_args(&server);
    otok_with(&env, "token", &args, HM_SECRET).ok();
    let out = env
        .otok()
        .revoke()
        .args(&args)
        .arg("--auth-method")
        .arg("none")
        .run();
    out.fails(
        3,
        &["highmobility takes the revocation request only with the client secret"],
    );
    assert!(!out.stderr.contains("--auth-method none"), "{}", out.stderr);
    assert_eq!(server.count(), 1, "no revocation request was sent");
    assert_eq!(stored(&env, &args)["stored"], true);
}
