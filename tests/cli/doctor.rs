//! `otok doctor`: one line per check on stdout (`ok`, `warn` or `fail`, what was checked and
//! what was found, then what to do), exit 0 unless a check fails, else the exit code of the
//! first failure. Every test compares the whole of stdout, with the measured times (and the
//! clock's skew, which moves by a second) put aside.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Outcome, TestEnv};

/// An HTTP date `offset` seconds from now, as a server sends it in `Date`.
fn http_date(offset: i64) -> String {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(offset);
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&at)
        .unwrap()
}

/// A token endpoint as doctor sees it: a GET is refused with 405, and a POST gets a token;
/// every answer is dated `offset` seconds from now.
fn provider(offset: i64) -> Server {
    Server::start(move |req: &Recorded| {
        let reply = match (req.method.as_str(), req.path.as_str()) {
            ("POST", "/token") => Reply::json(
                200,
                serde_json::json!({"access_token": "doctor-token", "token_type": "Bearer", "expires_in": 3600}),
            ),
            _ => Reply::raw(405, "text/plain", "use POST"),
        };
        reply.header("Date", &http_date(offset))
    })
}

/// stdout with every measured time (`in 0.12 s`, `after 0.12 s`) written `T`.
fn timeless(stdout: &str) -> String {
    let words: Vec<&str> = stdout.split(' ').collect();
    let timed = |i: usize| {
        let word = words[i];
        i > 0
            && matches!(words[i - 1].trim_start_matches('('), "in" | "after")
            && word.contains('.')
            && word.chars().all(|c| c.is_ascii_digit() || c == '.')
            && words.get(i + 1).is_some_and(|next| next.starts_with('s'))
    };
    (0..words.len())
        .map(|i| if timed(i) { "T" } else { words[i] })
        .collect::<Vec<_>>()
        .join(" ")
}

fn no_config_line(env: &TestEnv) -> String {
    format!(
        "ok    config file: none at {} (not needed: options and OTOK_* variables do without one)\n",
        env.path("config/otok/config.toml").display()
    )
}

const NO_STORE: &str = "ok    store: none: tokens are not kept between runs (--store none)\n";

fn assert_stdout(out: &Outcome, expected: &str) {
    assert_eq!(
        timeless(&out.stdout),
        expected,
        "stdout differs (stderr: {})",
        out.stderr
    );
}

#[test]
fn a_keychain_that_is_not_there_fails_with_store_keyring_and_warns_with_auto() {
    let env = TestEnv::new();
    let doctor = |store: &str| {
        env.otok()
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("OTOK_KEYCHAIN_TIMEOUT", "2")
            .arg("doctor")
            .store(store)
            .run()
    };
    let started = Instant::now();
    let out = doctor("keyring");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "bounded by the keychain timeout"
    );
    let keychain_line = out.stdout.lines().nth(1).unwrap_or_default().to_string();
    assert!(
        keychain_line.starts_with("fail  keychain: the keychain is unavailable: ")
            && keychain_line.contains("/nonexistent/bus"),
        "{}",
        out.stdout
    );
    let why = keychain_line
        .strip_prefix("fail  keychain: ")
        .unwrap()
        .rsplit_once(" (after ")
        .unwrap()
        .0;
    let data_dir = format!(
        "ok    data directory: {} does not exist yet; otok creates it (mode 700) when it \
         first stores something\n",
        env.data_dir().display()
    );
    assert_stdout(
        &out,
        &format!(
            "{}fail  keychain: {why} (after T s)\n      → start or unlock the keychain (on Linux a \
             Secret Service such as gnome-keyring or KeePassXC, on the session's D-Bus), or use \
             --store file (OTOK_STORE=file)\n{data_dir}",
            no_config_line(&env)
        ),
    );
    assert_eq!(out.code, 7, "the store's exit code: {}", out.stderr);
    assert!(
        out.stderr
            .starts_with("otok: error: 1 of 3 checks failed: keychain\n"),
        "{}",
        out.stderr
    );

    // With auto, tokens go to the file store: a warning, and nothing failed.
    let out = doctor("auto");
    assert_stdout(
        &out,
        &format!(
            "{}warn  keychain: {why} (after T s); tokens go to the file store instead\n      → \
             start or unlock the keychain (on Linux a Secret Service such as gnome-keyring or \
             KeePassXC, on the session's D-Bus), or say --store file (OTOK_STORE=file)\n{data_dir}",
            no_config_line(&env)
        ),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
}

#[test]
fn a_provider_clock_five_minutes_off_is_a_warning_with_the_skew() {
    let env = TestEnv::new();
    let server = provider(-300);
    let out = doctor_of(&env, &server);
    let host = server.url.trim_start_matches("http://");
    let clock = out.stdout.lines().nth(5).unwrap_or_default();
    // The Date header has whole seconds: the skew measured is 300 s give or take one.
    let skew = seconds_after(clock, "warn  clock: this machine's clock is ");
    assert!((299..=301).contains(&skew), "{}", out.stdout);
    let span = if skew == 300 {
        "5m 0s".to_string()
    } else {
        format!("{}m {}s", skew / 60, skew % 60)
    };
    assert_stdout(
        &out,
        &format!(
            "{}{NO_STORE}ok    settings: provider generic, grant client_credentials, client app\n\
             ok    proxy: none: {host} is a loopback address, never proxied\n\
             ok    token endpoint: {url}/token answered HTTP 405 in T s; plain http, to a loopback address\n\
             warn  clock: this machine's clock is {skew} s ({span}) ahead of {host}'s\n      \
             → tokens will look expired early, and servers may refuse the client assertions and \
             DPoP proofs otok signs; fix the clock (NTP)\n",
            no_config_line(&env),
            url = server.url,
        ),
    );
    assert_eq!(out.code, 0, "a warning is not a failure: {}", out.stderr);
    assert_eq!(out.stderr, "");
    // The check sends no credential: one GET, without a body or an Authorization header.
    let probe = server.only();
    assert_eq!(
        (probe.method.as_str(), probe.path.as_str()),
        ("GET", "/token")
    );
    assert!(probe.body.is_empty() && probe.header("authorization").is_none());
    out.leaks_none(&["doctor-s3cret"]);
}

/// `otok doctor` for a generic client of `server` (its secret `doctor-s3cret`).
fn doctor_of(env: &TestEnv, server: &Server) -> Outcome {
    env.otok()
        .arg("doctor")
        .generic(server)
        .client("app")
        .secret("doctor-s3cret")
        .run()
}

/// The clock line when the provider's clock is `offset` seconds from this machine's.
fn clock_line(offset: i64) -> (String, String) {
    let env = TestEnv::new();
    let server = provider(offset);
    let out = doctor_of(&env, &server);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let host = server.url.trim_start_matches("http://").to_string();
    let line = out
        .stdout
        .lines()
        .skip_while(|line| !line.contains(" clock: "))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    (line, host)
}

/// The seconds a clock line names, the first number after `prefix`.
fn seconds_after(line: &str, prefix: &str) -> u64 {
    line.strip_prefix(prefix)
        .and_then(|rest| rest.split_once(' '))
        .and_then(|(secs, _)| secs.parse().ok())
        .unwrap_or_else(|| panic!("no seconds after {prefix:?} in {line:?}"))
}

/// Servers allow 30 to 60 seconds of skew: 20 s apart is fine either way, 45 s is a warning,
/// which says which way the clock is off.
#[test]
fn the_clock_warning_starts_past_thirty_seconds_either_way() {
    for offset in [-20, 20] {
        let (line, host) = clock_line(offset);
        let apart = seconds_after(&line, "ok    clock: within ");
        assert!((19..=21).contains(&apart), "{line}");
        assert_eq!(line, format!("ok    clock: within {apart} s of {host}'s"));
    }
    // The provider 45 s ahead: this machine is behind, and tokens look expired late.
    let (line, host) = clock_line(45);
    let apart = seconds_after(&line, "warn  clock: this machine's clock is ");
    assert!((44..=46).contains(&apart), "{line}");
    assert!(line.contains(&format!(" behind {host}'s\n")), "{line}");
    assert!(line.contains("tokens will look expired late"), "{line}");
    // 45 s behind the provider: ahead, and early.
    let (line, host) = clock_line(-45);
    assert!(
        line.starts_with("warn  clock: this machine's clock is 4"),
        "{line}"
    );
    assert!(line.contains(&format!(" ahead of {host}'s\n")), "{line}");
    assert!(line.contains("tokens will look expired early"), "{line}");
}

/// A config file that cannot be read fails its check with the reason and what to look at,
/// exit 3; the store is still checked.
#[test]
fn a_config_that_cannot_be_read_fails() {
    let env = TestEnv::new();
    // Where the config file should be, a directory.
    let default = env.path("config/otok/config.toml");
    std::fs::create_dir_all(&default).unwrap();
    let out = env.otok().arg("doctor").run();
    assert_stdout(
        &out,
        &format!(
            "fail  config file: cannot read {}: Is a directory (os error 21)\n      \
             → check the file's permissions\n{NO_STORE}",
            default.display()
        ),
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("otok: error: 1 of 2 checks failed: config file\n"),
        "{}",
        out.stderr
    );

    // A --config naming no file: its check says so, with the option to look at.
    let missing = env.path("nowhere.toml");
    let out = env.otok().arg("doctor").config(&missing).run();
    assert_stdout(
        &out,
        &format!(
            "fail  config file: cannot read {}: No such file or directory (os error 2)\n      \
             → check --config (or OTOK_CONFIG)\n{NO_STORE}",
            missing.display()
        ),
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
}

#[test]
fn a_config_others_can_write_that_runs_commands_fails() {
    let env = TestEnv::new();
    let marker = env.path("command-ran");
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.p]\nprovider = \"generic\"\ntoken_url = \"https://id.example.com/token\"\n\
             client_id = \"app\"\nclient_secret = {{ command = \"touch {}\" }}\n",
            marker.display()
        ),
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = env.otok().arg("doctor").config(&config).run();
    let path = config.display();
    assert_stdout(
        &out,
        &format!(
            "ok    config file: {path}: 1 profile, 0 providers\n\
             fail  config permissions: refusing to use the config file {path}: the file others \
             can write to it (mode 666), so another user could choose what its `command` secrets \
             run as you and where your secrets are sent\n      \
             → make it yours and writable by you alone: chmod go-w {path}\n{NO_STORE}"
        ),
    );
    assert_eq!(out.code, 3, "the config exit code: {}", out.stderr);
    assert!(
        out.stderr
            .starts_with("otok: error: 1 of 3 checks failed: config permissions\n"),
        "{}",
        out.stderr
    );
    assert!(!marker.exists(), "doctor ran the config's command");
}

#[test]
fn an_issuer_that_does_not_answer_fails() {
    let env = TestEnv::new();
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let issuer = format!("http://127.0.0.1:{port}");
    let out = env.otok().arg("doctor").issuer(&issuer).client("app").run();
    assert_stdout(
        &out,
        &format!(
            "{}{NO_STORE}ok    settings: provider generic, grant client_credentials, client app\n\
             fail  metadata: cannot connect to 127.0.0.1:{port}: connection refused\n      \
             → check the URL and that the server is running and reachable\n",
            no_config_line(&env)
        ),
    );
    assert_eq!(out.code, 5, "the network exit code: {}", out.stderr);
    assert!(
        out.stderr
            .starts_with("otok: error: 1 of 4 checks failed: metadata\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_healthy_profile_with_the_file_store_is_all_ok() {
    let env = TestEnv::new();
    let server = Server::start(|req: &Recorded| {
        let issuer = format!("http://{}", req.header("host").unwrap());
        let reply = match (req.method.as_str(), req.path.as_str()) {
            (_, "/.well-known/openid-configuration") => Reply::json(
                200,
                serde_json::json!({"issuer": issuer, "token_endpoint": format!("{issuer}/token")}),
            ),
            ("POST", "/token") => Reply::json(
                200,
                serde_json::json!({"access_token": "doctor-token", "token_type": "Bearer", "expires_in": 3600}),
            ),
            _ => Reply::raw(405, "text/plain", "use POST"),
        };
        reply.header("Date", &http_date(0))
    });
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.home]\nprovider = \"generic\"\nissuer = \"{}\"\nclient_id = \"app\"\n\
             client_secret = {{ env = \"APP_SECRET\" }}\n",
            server.url
        ),
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let token = env
        .otok()
        .token()
        .profile("home", &config)
        .store("file")
        .env("APP_SECRET", "doctor-s3cret")
        .run();
    assert_eq!(token.ok(), "doctor-token\n");
    let files = walk(&env.data_dir());

    let out = env
        .otok()
        .arg("doctor")
        .profile("home", &config)
        .store("file")
        .run();
    let host = server.url.trim_start_matches("http://");
    assert_stdout(
        &out,
        &format!(
            "ok    config file: {path}: 1 profile, 0 providers\n\
             ok    config permissions: yours, and no one else can change it or its directory\n\
             ok    data directory: {data}: yours, mode 700; {files} files, each yours and 0600\n\
             ok    settings: profile home: provider generic, grant client_credentials, client app\n\
             ok    metadata: {url}: token endpoint {url}/token\n\
             ok    proxy: none: {host} is a loopback address, never proxied\n\
             ok    token endpoint: {url}/token answered HTTP 405 in T s; plain http, to a loopback address\n\
             ok    clock: within 1 s of {host}'s\n",
            path = config.display(),
            data = env.data_dir().display(),
            url = server.url,
        ),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
}

/// How many files the data directory holds, outside its directory of locks.
fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| !path.ends_with("locks"))
        .map(|path| if path.is_dir() { walk(&path) } else { 1 })
        .sum()
}

#[test]
fn a_certificate_the_configured_ca_does_not_vouch_for_fails_and_one_it_does_is_ok() {
    let env = TestEnv::new();
    let (server, ca) = Server::start_tls(|_: &Recorded| {
        Reply::raw(405, "text/plain", "use POST").header("Date", &http_date(0))
    });
    let ca_file = env.write("ca.pem", &ca);
    let host = server.url.trim_start_matches("https://");
    let doctor = || env.otok().arg("doctor").generic(&server).client("app");

    let out = doctor().run();
    let endpoint = out.stdout.lines().nth(4).unwrap_or_default().to_string();
    assert!(
        endpoint.starts_with(&format!("fail  token endpoint: TLS with {host} failed: ")),
        "{}",
        out.stdout
    );
    assert_stdout(
        &out,
        &format!(
            "{}{NO_STORE}ok    settings: provider generic, grant client_credentials, client app\n\
             ok    proxy: none: {host} is a loopback address, never proxied\n{endpoint}\n      \
             → if the server uses its own CA, pass its root certificate with --ca-cert\n",
            no_config_line(&env)
        ),
    );
    assert_eq!(out.code, 5, "{}", out.stderr);

    let out = doctor().arg("--ca-cert").arg(&ca_file).run();
    assert_stdout(
        &out,
        &format!(
            "{}{NO_STORE}ok    settings: provider generic, grant client_credentials, client app\n\
             ok    proxy: none: {host} is a loopback address, never proxied\n\
             ok    token endpoint: {url}/token answered HTTP 405 in T s; TLS certificate valid \
             (system roots and {ca})\n\
             ok    clock: within 1 s of {host}'s\n",
            no_config_line(&env),
            url = server.url,
            ca = ca_file.display(),
        ),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Against a real Secret Service (`scripts/keyring-tests`, whose `keyring::` filter takes
/// this module in).
mod keyring {
    use super::*;

    #[test]
    #[ignore = "needs a Secret Service: run scripts/keyring-tests"]
    fn a_keychain_that_answers_is_ok_and_keeps_no_test_entry() {
        let env = TestEnv::new();
        let out = env.otok().arg("doctor").store("keyring").run();
        let stdout = timeless(&out.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            lines[1], "ok    keychain: wrote, read back and deleted a test entry in T s",
            "{stdout}"
        );
        // The kernel's cache may be forbidden (seccomp in a container): a warning then.
        assert!(
            lines[2] == "ok    kernel key cache: added, read back and dropped a test key in the user keyring"
                || lines[2].starts_with("warn  kernel key cache: unavailable: "),
            "{stdout}"
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let left = std::process::Command::new("secret-tool")
            .args(["search", "--all", "service", "otok"])
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&left.stdout).contains("doctor-probe"),
            "the test entry is left in the keychain"
        );
    }
}

/// A server whose metadata names it as the issuer, with the given extra fields; every request
/// recorded.
fn metadata_provider(extra: serde_json::Value) -> Server {
    Server::start(move |req: &Recorded| {
        let issuer = format!("http://{}", req.header("host").unwrap());
        let reply = match req.path.as_str() {
            "/.well-known/openid-configuration" => {
                let mut doc = serde_json::json!({"issuer": issuer});
                for (key, value) in extra.as_object().unwrap() {
                    let value = value.as_str().unwrap().replace("{issuer}", &issuer);
                    doc[key] = value.into();
                }
                Reply::json(200, doc)
            }
            _ => Reply::raw(405, "text/plain", "use POST"),
        };
        reply.header("Date", &http_date(0))
    })
}

/// A trusted config (0600, this user's) whose profile takes its secret from a command.
fn profile_with_a_command_secret(env: &TestEnv, issuer: &str) -> std::path::PathBuf {
    let marker = env.path("the-command-ran");
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.home]\nprovider = \"generic\"\nissuer = \"{issuer}\"\nclient_id = \"app\"\n\
             client_secret = {{ command = \"touch {}\" }}\n",
            marker.display()
        ),
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    config
}

/// `otok doctor` for `profile` of a config whose profile `home` uses `server` and has a
/// `command` secret (see [`profile_with_a_command_secret`]), with no store.
fn doctor_of_profile(env: &TestEnv, server: &Server, profile: &str) -> Outcome {
    let config = profile_with_a_command_secret(env, &server.url);
    env.otok()
        .arg("doctor")
        .profile(profile, &config)
        .store("none")
        .run()
}

/// Doctor ended with `code`, and its `check` line says fail.
fn assert_fails_check(out: &Outcome, code: i32, check: &str) {
    assert_eq!(out.code, code, "{}{}", out.stdout, out.stderr);
    let prefix = format!("fail  {check}:");
    assert!(
        out.stdout.lines().any(|line| line.starts_with(&prefix)),
        "{}",
        out.stdout
    );
}

#[test]
fn no_secret_is_read_and_no_credential_sent_even_from_a_trusted_config() {
    let env = TestEnv::new();
    let server = metadata_provider(serde_json::json!({"token_endpoint": "{issuer}/token"}));
    let out = doctor_of_profile(&env, &server, "home");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        !env.path("the-command-ran").exists(),
        "the secret's command ran"
    );
    for req in server.requests() {
        assert_eq!(req.method, "GET", "{} {}", req.method, req.path);
        assert!(req.body.is_empty(), "{}", req.path);
        assert!(req.header("authorization").is_none(), "{}", req.path);
    }
}

#[test]
fn metadata_without_a_token_endpoint_fails_with_exit_8() {
    let env = TestEnv::new();
    let server = metadata_provider(serde_json::json!({}));
    let out = doctor_of_profile(&env, &server, "home");
    assert_fails_check(&out, 8, "metadata");
}

#[test]
fn an_unknown_profile_fails_the_settings_with_exit_3() {
    let env = TestEnv::new();
    let server = metadata_provider(serde_json::json!({"token_endpoint": "{issuer}/token"}))
        .expect_no_requests();
    let out = doctor_of_profile(&env, &server, "away");
    assert_fails_check(&out, 3, "settings");
}
