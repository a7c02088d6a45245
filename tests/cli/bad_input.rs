//! Mistakes on the user's side: each ends with exit 2 (usage) or 3 (configuration) and a
//! message that says what to fix, before anything is sent.

use crate::support::server::{Reply, Server};
use crate::support::{run, TestEnv};

#[test]
fn unknown_provider_lists_the_known_ones() {
    let env = TestEnv::new();
    let out = run(env
        .otok()
        .args(["token", "--provider", "nope", "--client-id", "c"]));
    out.fails(
        3,
        &[
            "unknown provider `nope`",
            "known providers: myq, myfox, mypos",
        ],
    );
}

#[test]
fn missing_client_id() {
    let env = TestEnv::new();
    let out = run(env.otok().args(["token", "--provider", "mypos"]));
    out.fails(
        3,
        &["no client id for mypos", "--client-id, OTOK_CLIENT_ID"],
    );
}

#[test]
fn missing_client_secret_is_reported_before_any_request() {
    let env = TestEnv::new();
    let server = Server::start(|_| Reply::raw(500, "text/plain", ""));
    let out = run(env.otok().args([
        "token",
        "--provider",
        "mypos",
        "--base-url",
        &server.url,
        "--client-id",
        "c",
    ]));
    out.fails(3, &["no client secret for mypos", "OTOK_CLIENT_SECRET"]);
    assert_eq!(server.count(), 0);
}

#[test]
fn no_provider_and_no_profile() {
    let env = TestEnv::new();
    let out = run(env.otok().arg("token"));
    out.fails(3, &["no provider", "otok providers"]);
}

#[test]
fn unknown_profile_lists_the_defined_ones() {
    let env = TestEnv::new();
    let config = env.write(
        "c.toml",
        "[profiles.home]\nprovider = \"myfox\"\n[profiles.work]\nprovider = \"mypos\"\n",
    );
    let out = run(env.otok().args(["token", "hoem", "--config"]).arg(config));
    out.fails(3, &["unknown profile `hoem`", "home, work"]);
}

#[test]
fn malformed_config_names_file_line_and_key() {
    let env = TestEnv::new();
    let config = env.write(
        "bad.toml",
        "[profiles.home]\nprovider = \"myfox\"\nclient_secret = 42\n",
    );
    let out = run(env.otok().args(["token", "home", "--config"]).arg(&config));
    out.fails(
        3,
        &[
            &format!("bad config file {}", config.display()),
            "line 3",
            "client_secret",
        ],
    );

    let config = env.write(
        "typo.toml",
        "[profiles.home]\nprovider = \"myfox\"\nusername = \"me\"\npasword = \"x\"\n",
    );
    let out = run(env.otok().args(["token", "home", "--config"]).arg(&config));
    out.fails(3, &["line 4", "unknown field `pasword`"]);

    let config = env.write("syntax.toml", "[profiles.home\nprovider = \"myfox\"\n");
    let out = run(env.otok().args(["token", "home", "--config"]).arg(&config));
    out.fails(3, &["bad config file", "line 1"]);
}

#[test]
fn explicit_config_must_exist_but_the_default_may_be_absent() {
    let env = TestEnv::new();
    let out = run(env.otok().args([
        "token",
        "--config",
        "/nonexistent/otok.toml",
        "--provider",
        "mypos",
    ]));
    out.fails(3, &["cannot read the config file /nonexistent/otok.toml"]);
    let out = run(env.otok().args(["providers"]));
    out.ok();
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let env = TestEnv::new();
    let out = run(env
        .otok()
        .args([
            "token",
            "--provider",
            "mypos",
            "--base-url",
            "http://auth-api.mypos.com",
            "--client-id",
            "c",
        ])
        .env("OTOK_CLIENT_SECRET", "s3cret-value"));
    out.fails(
        3,
        &[
            "refusing to send credentials over plain http to auth-api.mypos.com",
            "https://",
        ],
    );
}

#[test]
fn unreadable_or_wrong_key_file() {
    let env = TestEnv::new();
    let out = run(env.otok().args([
        "token",
        "--provider",
        "highmobility",
        "--client-id",
        "c",
        "--key-id",
        "k",
        "--private-key-file",
        "/nonexistent/key.pem",
    ]));
    out.fails(3, &["cannot use the private key /nonexistent/key.pem"]);
    let not_a_key = env.write(
        "key.pem",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    let out = run(env
        .otok()
        .args([
            "token",
            "--provider",
            "highmobility",
            "--client-id",
            "c",
            "--key-id",
            "k",
            "--private-key-file",
        ])
        .arg(not_a_key));
    out.fails(3, &["no PKCS#8 private key", "openssl pkcs8"]);
}

#[test]
fn grant_the_provider_lacks() {
    let env = TestEnv::new();
    let out = run(env.otok().args([
        "token",
        "--provider",
        "mypos",
        "--client-id",
        "c",
        "--grant",
        "password",
    ]));
    out.fails(
        3,
        &["mypos does not support the password grant (it supports client_credentials)"],
    );
    let out = run(env.otok().args([
        "token",
        "--provider",
        "mypos",
        "--client-id",
        "c",
        "--grant",
        "passwrd",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("unknown grant `passwrd`"),
        "{}",
        out.stderr
    );
}

#[test]
fn myq_needs_its_server() {
    let env = TestEnv::new();
    let out = run(env
        .otok()
        .args(["token", "--provider", "myq", "--client-id", "c"]));
    out.fails(3, &["myq has no default server", "--base-url"]);
}

#[test]
fn myq_login_type_without_its_credential() {
    let env = TestEnv::new();
    let out = run(env
        .otok()
        .args([
            "token",
            "--provider",
            "myq",
            "--base-url",
            "https://myq.example.com:8090",
            "--client-id",
            "c",
            "--login-type",
            "card-pin",
        ])
        .env("OTOK_CLIENT_SECRET", "s3cret-value")
        .env("OTOK_CARD", "123456"));
    out.fails(3, &["needs a PIN", "OTOK_PIN"]);
}

#[test]
fn interactive_grant_exits_6() {
    let env = TestEnv::new();
    let out = run(env.otok().args([
        "token",
        "--provider",
        "myfox",
        "--client-id",
        "c",
        "--grant",
        "authorization_code",
    ]));
    out.fails(6, &["needs a person at a browser", "otok authorize"]);
}

#[test]
fn secrets_cannot_be_given_on_the_command_line() {
    let env = TestEnv::new();
    let out = run(env.otok().args([
        "token",
        "--provider",
        "mypos",
        "--client-id",
        "c",
        "--client-secret",
        "s",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = run(env.otok().args([
        "token",
        "--provider",
        "myfox",
        "--client-id",
        "c",
        "--password",
        "p",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn stdin_supplies_one_secret_only() {
    let env = TestEnv::new();
    let out = run(env
        .otok()
        .args([
            "token",
            "--provider",
            "myfox",
            "--base-url",
            "https://127.0.0.1:1",
            "--client-id",
            "c",
            "--username",
            "u",
        ])
        .args(["--client-secret-stdin", "--password-stdin"])
        .write_stdin("x\n"));
    out.fails(3, &["stdin already supplied another secret"]);
}

#[test]
fn wrong_flag_is_a_usage_error() {
    let env = TestEnv::new();
    let out = run(env.otok().args(["token", "--provder", "mypos"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--provider"),
        "clap suggests the right flag: {}",
        out.stderr
    );
}
