//! `otok exec`: the command gets the token in its environment, never in argv, and otok exits
//! with the command's code.

use crate::support::providers::{generic, token_for};
use crate::support::server::Server;
use crate::support::{Otok, Outcome, TestEnv};

const ID: &str = "exec-client";
const SECRET: &str = "exec-secret-91ab";

fn exec(env: &TestEnv, server: &Server, extra: &[&str], command: &[&str]) -> Outcome {
    env.otok()
        .exec()
        .generic(server)
        .client(ID)
        .args(extra)
        .arg("--")
        .args(command)
        .secret(SECRET)
        .run()
}

#[test]
fn the_command_sees_the_token_in_its_environment() {
    let env = TestEnv::new();
    let server = generic(ID, SECRET);
    let out = exec(
        &env,
        &server,
        &[],
        &["sh", "-c", r#"printf '%s' "$ACCESS_TOKEN""#],
    );
    assert_eq!(out.ok(), token_for("generic", 1));

    let out = exec(
        &env,
        &server,
        &["--env-var", "API_TOKEN"],
        &[
            "sh",
            "-c",
            r#"printf '%s|%s' "$API_TOKEN" "${ACCESS_TOKEN:-unset}""#,
        ],
    );
    assert_eq!(out.ok(), format!("{}|unset", token_for("generic", 2)));
}

#[test]
fn the_commands_exit_code_is_otoks() {
    let env = TestEnv::new();
    let server = generic(ID, SECRET);
    let out = exec(&env, &server, &[], &["sh", "-c", "echo partial; exit 42"]);
    assert_eq!(out.code, 42);
    assert_eq!(out.stdout, "partial\n");
}

#[test]
fn a_missing_command_exits_127_without_showing_the_token() {
    let env = TestEnv::new();
    let server = generic(ID, SECRET);
    let out = exec(&env, &server, &[], &["no-such-command-4b1f"]);
    out.fails(127, &["cannot run `no-such-command-4b1f`"]);
    out.leaks_none(&[&token_for("generic", 1), SECRET]);
}

#[test]
fn a_failed_token_request_runs_nothing() {
    let env = TestEnv::new();
    let server = generic(ID, "another-secret");
    let marker = env.path("ran");
    let out = exec(
        &env,
        &server,
        &[],
        &["sh", "-c", &format!("touch {}", marker.display())],
    );
    out.fails(4, &["invalid_client"]);
    assert!(!marker.exists(), "the command ran without a token");
}

#[test]
fn an_invalid_variable_name_is_refused_before_any_request() {
    let env = TestEnv::new();
    let server = generic(ID, SECRET).expect_no_requests();
    exec(&env, &server, &["--env-var", "A=B"], &["true"])
        .fails(3, &["`A=B` cannot be an environment variable name"]);
}

/// Every process's command line, as `ps` shows them, read while the command runs.
#[cfg(target_os = "linux")]
#[test]
fn no_process_has_the_token_in_its_argv() {
    let env = TestEnv::new();
    let server = generic(ID, SECRET);
    let script = r#"for f in /proc/[0-9]*/cmdline; do tr '\0' ' ' < "$f" 2>/dev/null; echo; done; printf 'TOKEN=%s\n' "$ACCESS_TOKEN""#;
    let out = exec(&env, &server, &[], &["sh", "-c", script]);
    let stdout = out.ok();
    let token = token_for("generic", 1);
    assert!(stdout.contains(&format!("TOKEN={token}")), "{stdout}");
    let argv_lines: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("TOKEN="))
        .collect();
    assert!(
        argv_lines
            .iter()
            .any(|l| l.contains("/proc/[0-9]*/cmdline")),
        "the command's own argv is listed: {stdout}"
    );
    assert!(
        argv_lines.iter().all(|l| !l.contains(&token)),
        "the token shows in a command line: {stdout}"
    );
}

/// otok becomes the command: a signal sent to otok's pid reaches the command's handler.
#[cfg(unix)]
#[test]
fn signals_reach_the_command() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let env = TestEnv::new();
    let server = generic(ID, SECRET);
    let mut child = env
        .otok()
        .exec()
        .generic(&server)
        .client(ID)
        .arg("--")
        .args([
            "sh",
            "-c",
            "trap 'echo got TERM; exit 9' TERM; echo ready; while :; do sleep 0.05; done",
        ])
        .secret(SECRET)
        .std()
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(lines.next().unwrap().unwrap(), "got TERM");
    assert_eq!(child.wait().unwrap().code(), Some(9));
}

#[test]
fn the_command_and_its_descendants_get_none_of_otoks_secrets() {
    let env = TestEnv::new();
    let server = generic(ID, SECRET);
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.ci]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"{ID}\"\n\
             client_secret = {{ env = \"CI_CLIENT_SECRET\" }}\n\
             params = {{ actor_token = {{ env = \"CI_ACTOR\" }} }}\n",
            server.url
        ),
    );
    // A grandchild prints every variable it inherited.
    let dump = ["sh", "-c", "sh -c env"];
    let with_secrets = |cmd: Otok| {
        cmd.secret(SECRET)
            .env("CI_CLIENT_SECRET", SECRET)
            .env("CI_ACTOR", "actor-token-secret")
            .env("OTOK_PASSWORD", "password-secret")
            .env("OTOK_PIN", "pin-secret")
            .env("OTOK_CARD", "card-secret")
            .env("OTOK_REFRESH_TOKEN", "refresh-secret")
            .env("UNRELATED", "kept")
    };
    let cmd = env.otok().exec().profile("ci", &config);
    let out = with_secrets(cmd.arg("--").args(dump)).run();
    let seen = out.ok();
    assert!(
        seen.contains(&format!("ACCESS_TOKEN={}", token_for("generic", 1))),
        "{seen}"
    );
    assert!(seen.contains("UNRELATED=kept"), "{seen}");
    for name in [
        "OTOK_CLIENT_SECRET",
        "CI_CLIENT_SECRET",
        "CI_ACTOR",
        "OTOK_PASSWORD",
        "OTOK_PIN",
        "OTOK_CARD",
        "OTOK_REFRESH_TOKEN",
    ] {
        assert!(
            !seen.contains(&format!("{name}=")),
            "{name} reached the command"
        );
    }
    for secret in [
        SECRET,
        "actor-token-secret",
        "password-secret",
        "pin-secret",
        "card-secret",
    ] {
        assert!(!seen.contains(secret), "{secret} reached the command");
    }

    // --keep-env passes them on, for someone who really wants them.
    let cmd = env.otok().exec().profile("ci", &config).arg("--keep-env");
    let kept = with_secrets(cmd.arg("--").args(dump)).run();
    assert!(kept.ok().contains("CI_CLIENT_SECRET="), "{}", kept.stdout);
    assert!(kept.stdout.contains("OTOK_PIN=pin-secret"));
}
