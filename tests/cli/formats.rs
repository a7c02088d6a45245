//! What `otok token` prints in each format, and the precedence of flags, environment and
//! config file.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::server::{Reply, Server};
use crate::support::{Otok, TestEnv};

fn token_server() -> Server {
    Server::start(|_| {
        Reply::json(
            200,
            json!({"access_token": "tok.en-1", "token_type": "bearer", "expires_in": 3600, "scope": "read write"}),
        )
    })
}

fn token_cmd(env: &TestEnv, server: &Server, format: &str) -> Otok {
    env.otok()
        .token()
        .generic(server)
        .client("c")
        .public()
        .args(["--scope", "read"])
        .format(format)
}

#[test]
fn raw_is_the_token_and_a_newline_only() {
    let env = TestEnv::new();
    let server = token_server();
    let out = token_cmd(&env, &server, "raw").run();
    assert_eq!(out.stdout, "tok.en-1\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn json_has_the_documented_fields() {
    let env = TestEnv::new();
    let server = token_server();
    let out = token_cmd(&env, &server, "json").run();
    let v: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(v["access_token"], "tok.en-1");
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(
        v["scope"], "read write",
        "the granted scope, not the requested one"
    );
    assert_eq!(v["provider"], "generic");
    assert_eq!(v["profile"], Value::Null);
    assert_eq!(v["from_cache"], false);
    let expires_at = v["expires_at"].as_str().unwrap();
    assert!(
        expires_at.len() == 20 && expires_at.ends_with('Z') && expires_at.as_bytes()[10] == b'T',
        "{expires_at}"
    );
    assert!((3590..=3600).contains(&v["expires_in"].as_i64().unwrap()));
}

#[test]
fn header_and_env_formats() {
    let env = TestEnv::new();
    let server = token_server();
    assert_eq!(
        token_cmd(&env, &server, "header").run().ok(),
        "Authorization: Bearer tok.en-1\n"
    );
    assert_eq!(
        token_cmd(&env, &server, "env").run().ok(),
        "export ACCESS_TOKEN='tok.en-1'\n"
    );
    let out = token_cmd(&env, &server, "env")
        .args(["--env-var", "MY_TOKEN"])
        .run();
    assert_eq!(out.ok(), "export MY_TOKEN='tok.en-1'\n");
}

#[cfg(unix)]
#[test]
fn env_format_output_is_safe_to_eval() {
    let env = TestEnv::new();
    // No white space: a token with a space is not a valid answer (it could not go in a header).
    let server = Server::start(|_| {
        Reply::json(
            200,
            json!({"access_token": "it's$(touch${IFS}pwned)`x`;\"$HOME\""}),
        )
    });
    let out = token_cmd(&env, &server, "env").run();
    let script = format!("{}printf %s \"$ACCESS_TOKEN\"", out.ok());
    let shell = Command::new("sh")
        .args(["-c", &script])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&shell.stdout),
        "it's$(touch${IFS}pwned)`x`;\"$HOME\""
    );
    assert!(!env.path("pwned").exists());
}

#[test]
fn github_format_masks_and_appends_to_github_env() {
    let env = TestEnv::new();
    let server = token_server();
    let github_env = env.write("github_env", "EXISTING=1\n");
    let out = token_cmd(&env, &server, "github")
        .env("GITHUB_ENV", &github_env)
        .run();
    assert_eq!(out.ok(), "::add-mask::tok.en-1\n");
    let written = std::fs::read_to_string(&github_env).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines[0], "EXISTING=1");
    let delimiter = lines[1].strip_prefix("ACCESS_TOKEN<<").unwrap();
    assert_eq!(lines[2], "tok.en-1");
    assert_eq!(lines[3], delimiter);
    assert_eq!(lines.len(), 4);
}

#[test]
fn github_format_outside_actions_is_a_config_error() {
    let env = TestEnv::new();
    let server = token_server();
    token_cmd(&env, &server, "github")
        .run()
        .fails(3, &["$GITHUB_ENV", "--format env"]);
}

#[test]
fn format_from_the_environment() {
    let env = TestEnv::new();
    let server = token_server();
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("c")
        .public()
        .env("OTOK_FORMAT", "header")
        .run();
    assert_eq!(out.ok(), "Authorization: Bearer tok.en-1\n");
}

#[test]
fn closed_stdout_pipe_exits_quietly() {
    let env = TestEnv::new();
    let server = Server::start(|_| {
        Reply::json(200, json!({"access_token": "x".repeat(300_000)}))
            .after(Duration::from_millis(300))
    });
    let mut child = env
        .otok()
        .token()
        .generic(&server)
        .client("c")
        .public()
        .std()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(stderr, "");
    assert_eq!(status.code(), Some(0));
}

/// The server answers with the client id it was sent, so the test sees which one won.
fn id_echo() -> Server {
    Server::start(|req| {
        let form: std::collections::HashMap<String, String> =
            form_urlencoded::parse(&req.body).into_owned().collect();
        Reply::json(
            200,
            json!({"access_token": form.get("client_id").cloned().unwrap_or_default()}),
        )
    })
}

#[test]
fn flags_beat_environment_beats_config_file() {
    let env = TestEnv::new();
    let server = id_echo();
    let config = env.write(
        "config.toml",
        &format!("[profiles.p]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"from-file\"\nauth_method = \"none\"\n", server.url),
    );
    let base = env.otok().token().profile("p", &config);
    assert_eq!(base.run().ok(), "from-file\n");
    let from_env = base.clone().env("OTOK_CLIENT_ID", "from-env");
    assert_eq!(from_env.run().ok(), "from-env\n");
    let from_flag = from_env.client("from-flag");
    assert_eq!(from_flag.run().ok(), "from-flag\n");
}

#[test]
fn config_file_in_the_default_location_is_read() {
    let env = TestEnv::new();
    let server = id_echo();
    std::fs::create_dir_all(env.path("config/otok")).unwrap();
    env.write(
        "config/otok/config.toml",
        &format!("[profiles.default-place]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"found-it\"\nauth_method = \"none\"\n", server.url),
    );
    assert_eq!(
        env.otok().token().arg("default-place").run().ok(),
        "found-it\n"
    );
}
