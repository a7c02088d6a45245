//! The file store under attack: a directory another local user prepared (shared CI storage,
//! `/tmp`), a record planted under the computable key, links planted where otok keeps its
//! files, modes loosened. Each is refused with exit 7, the path and the fix; nothing planted is
//! served, nothing is created through a link, nothing is changed through one.

use std::os::unix::fs::{symlink, DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::server::{Reply, Server};
use crate::support::{Outcome, TestEnv};

fn endpoint() -> Server {
    Server::start(|_| {
        Reply::json(
            200,
            json!({"access_token": "issued-by-the-server", "token_type": "Bearer", "expires_in": 3600}),
        )
    })
}

fn token_in(env: &TestEnv, server: &Server, data_dir: &Path, command: &[&str]) -> Outcome {
    env.otok()
        .args(command)
        .generic(server)
        .client("app")
        .store("file")
        .env("OTOK_DATA_DIR", data_dir)
        .secret("client-s3cret")
        .run()
}

/// The key otok computes for the test's request: what an attacker computes too.
fn key_of(env: &TestEnv, server: &Server) -> String {
    let scratch = env.path("scratch");
    let out = token_in(env, server, &scratch, &["status", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(out.ok()).unwrap();
    rows[0]["key"].as_str().unwrap().to_string()
}

/// A second local user, made for the test; `None` (with a note) when the test cannot be root.
fn other_user() -> Option<u32> {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("note: not root, so no second user can own the planted files; test skipped");
        return None;
    }
    let _ = std::process::Command::new("useradd")
        .args(["--system", "--no-create-home", "otok-attacker"])
        .output();
    let id = std::process::Command::new("id")
        .args(["-u", "otok-attacker"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok());
    Some(id.unwrap_or(65534))
}

fn mkdir(path: &Path, mode: u32) {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(mode)
        .create(path)
        .unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A data directory with a record for `key` planted in it, the files 0600 and the
/// directories 0700 unless `loosen` says otherwise.
fn planted(dir: &Path, key: &str) -> PathBuf {
    mkdir(&dir.join("tokens"), 0o700);
    let record = json!({
        "profile": null, "provider": "generic", "client_id": "app",
        "access_token": "planted-token", "token_type": "Bearer",
        "issued_at": 4_000_000_000u64 - 10, "expires_at": 4_000_000_000u64, "scope": [],
    });
    let path = dir.join("tokens").join(format!("{key}.json"));
    std::fs::write(&path, record.to_string()).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn chown_all(path: &Path, uid: u32) {
    std::os::unix::fs::lchown(path, Some(uid), None).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            chown_all(&entry.path(), uid);
        }
    }
}

fn refused(out: &Outcome, path_part: &str) {
    out.fails(7, &["refusing to use", path_part]);
    assert!(!out.stderr.contains("planted-token"), "{}", out.stderr);
}

#[test]
fn a_directory_another_user_prepared_is_refused_and_its_token_never_served() {
    let Some(attacker) = other_user() else { return };
    let env = TestEnv::new();
    let server = endpoint().expect_no_requests();
    let key = key_of(&env, &server);
    let shared = env.path("shared-otok");
    planted(&shared, &key);
    mkdir(&shared, 0o755);
    chown_all(&shared, attacker);

    let out = token_in(&env, &server, &shared, &["token"]);
    refused(&out, "shared-otok");
    assert!(out.stderr.contains("belongs to user"), "{}", out.stderr);
    assert!(out.stderr.contains("OTOK_DATA_DIR"), "{}", out.stderr);

    // exec does not run the command with the planted token.
    let marker = env.path("ran");
    let out = env
        .otok()
        .exec()
        .generic(&server)
        .client("app")
        .store("file")
        .args(["--", "sh", "-c"])
        .arg(format!("echo \"$ACCESS_TOKEN\" > {}", marker.display()))
        .env("OTOK_DATA_DIR", &shared)
        .secret("client-s3cret")
        .run();
    refused(&out, "shared-otok");
    assert!(!marker.exists(), "the command ran");
}

#[test]
fn a_record_another_user_planted_in_a_writable_tokens_directory_is_refused() {
    let Some(attacker) = other_user() else { return };
    let env = TestEnv::new();
    let server = endpoint().may_be_unused();
    let key = key_of(&env, &server);
    let dir = env.path("data");
    let record = planted(&dir, &key);
    mkdir(&dir, 0o700);
    // Only the record is the other user's (as if planted through an earlier loose mode).
    chown_all(&record, attacker);
    let out = token_in(&env, &server, &dir, &["token"]);
    refused(&out, &format!("{key}.json"));
    assert!(out.stderr.contains("belongs to user"), "{}", out.stderr);
}

#[test]
fn a_data_directory_others_can_write_is_refused() {
    let env = TestEnv::new();
    let server = endpoint().expect_no_requests();
    let key = key_of(&env, &server);
    let dir = env.path("world-writable");
    planted(&dir, &key);
    mkdir(&dir, 0o777);
    let out = token_in(&env, &server, &dir, &["token"]);
    refused(&out, "world-writable");
    assert!(out.stderr.contains("chmod 700"), "{}", out.stderr);
    assert_eq!(
        std::fs::metadata(&dir).unwrap().mode() & 0o777,
        0o777,
        "not silently changed"
    );
    // A tokens directory others can write is refused the same way.
    mkdir(&dir, 0o700);
    mkdir(&dir.join("tokens"), 0o733);
    refused(&token_in(&env, &server, &dir, &["token"]), "tokens");
}

#[test]
fn a_loosened_record_is_refused_not_served() {
    let env = TestEnv::new();
    let server = endpoint();
    let dir = env.path("data");
    assert_eq!(
        token_in(&env, &server, &dir, &["token"]).ok(),
        "issued-by-the-server\n"
    );
    let key = key_of(&env, &server);
    let record = dir.join("tokens").join(format!("{key}.json"));
    for mode in [0o644, 0o666, 0o777] {
        std::fs::set_permissions(&record, std::fs::Permissions::from_mode(mode)).unwrap();
        let out = token_in(&env, &server, &dir, &["token"]);
        out.fails(
            7,
            &["refusing to use", &format!("{key}.json"), "others can read"],
        );
        out.leaks_none(&["issued-by-the-server"]);
    }
    assert_eq!(server.count(), 1);
}

#[test]
fn a_link_planted_at_a_lock_path_is_not_followed() {
    let env = TestEnv::new();
    let server = endpoint().expect_no_requests();
    let dir = env.path("data");
    let key = key_of(&env, &server);
    mkdir(&dir.join("locks"), 0o700);
    let victim = env.path("victim-file");
    symlink(&victim, dir.join("locks").join(format!("{key}.lock"))).unwrap();
    let out = token_in(&env, &server, &dir, &["token"]);
    out.fails(7, &["refusing to use", ".lock", "symbolic link"]);
    assert!(!victim.exists(), "a file was created through the link");
}

#[test]
fn a_planted_link_for_a_record_or_a_directory_is_refused() {
    let env = TestEnv::new();
    let server = endpoint().expect_no_requests();
    let key = key_of(&env, &server);
    // A record that is a link to a token file elsewhere.
    let elsewhere = env.path("elsewhere");
    let target = planted(&elsewhere, &key);
    let dir = env.path("data");
    mkdir(&dir.join("tokens"), 0o700);
    symlink(&target, dir.join("tokens").join(format!("{key}.json"))).unwrap();
    refused(&token_in(&env, &server, &dir, &["token"]), "symbolic link");
    // A tokens directory that is a link.
    let dir2 = env.path("data2");
    mkdir(&dir2, 0o700);
    symlink(elsewhere.join("tokens"), dir2.join("tokens")).unwrap();
    refused(&token_in(&env, &server, &dir2, &["token"]), "tokens");
}

#[test]
fn a_linked_data_directory_is_checked_and_never_chmodded_through_the_link() {
    let env = TestEnv::new();
    let server = endpoint();
    let real = env.path("real-data");
    mkdir(&real, 0o750);
    let link = env.path("data-link");
    symlink(&real, &link).unwrap();
    assert_eq!(
        token_in(&env, &server, &link, &["token"]).ok(),
        "issued-by-the-server\n"
    );
    assert_eq!(
        std::fs::metadata(&real).unwrap().mode() & 0o777,
        0o750,
        "the link's target keeps its mode"
    );
    assert!(
        real.join("tokens").is_dir(),
        "the store lives in the target"
    );
    // A link to a directory others can write is refused.
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = token_in(&env, &server, &link, &["token", "--force"]);
    out.fails(7, &["refusing to use", "real-data", "others can write"]);
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o777);
}

/// A config whose client secret is a command that leaves a mark.
fn config_with_command(env: &TestEnv, server: &Server, marker: &Path) -> PathBuf {
    env.write(
        "config.toml",
        &format!(
            "[profiles.p]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"app\"\n\
             client_secret = {{ command = \"touch {} && echo s3cret-from-command\" }}\n",
            server.url,
            marker.display()
        ),
    )
}

fn token_with_config(env: &TestEnv, config: &Path) -> Outcome {
    env.otok().token().profile("p", config).run()
}

#[test]
fn a_config_others_can_change_does_not_run_its_commands() {
    let env = TestEnv::new();
    let server = endpoint();
    let marker = env.path("command-ran");
    let config = config_with_command(&env, &server, &marker);
    for mode in [0o666, 0o620, 0o602] {
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(mode)).unwrap();
        let out = token_with_config(&env, &config);
        out.fails(
            3,
            &[
                "refusing to use the config file",
                "what its `command` secrets run",
                "chmod go-w",
            ],
        );
        assert!(!marker.exists(), "the command ran with mode {mode:o}");
    }
    // A directory others can write is the same: they can replace the file.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let dir = env.path("shared-config");
    mkdir(&dir, 0o777);
    let moved = dir.join("config.toml");
    std::fs::copy(&config, &moved).unwrap();
    std::fs::set_permissions(&moved, std::fs::Permissions::from_mode(0o600)).unwrap();
    token_with_config(&env, &moved).fails(3, &["its directory", "others can write"]);
    assert!(!marker.exists());
    assert_eq!(server.count(), 0);
    // Without a command, a config others can write still decides where secrets go: refused.
    let routed = env.write(
        "routing.toml",
        &format!(
            "[profiles.p]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"app\"\n",
            server.url
        ),
    );
    std::fs::set_permissions(&routed, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = env
        .otok()
        .token()
        .profile("p", &routed)
        .secret("env-s3cret")
        .run();
    out.fails(
        3,
        &[
            "refusing to use the config file",
            "where your secrets are sent",
        ],
    );
    assert_eq!(server.count(), 0);
    // A sticky directory such as /tmp protects the user's own file in it.
    let sticky = env.path("sticky");
    mkdir(&sticky, 0o1777);
    let in_sticky = sticky.join("config.toml");
    std::fs::copy(&config, &in_sticky).unwrap();
    std::fs::set_permissions(&in_sticky, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(
        token_with_config(&env, &in_sticky).ok(),
        "issued-by-the-server\n"
    );
    std::fs::remove_file(&marker).unwrap();
    // The user's own 0600 file runs its command.
    assert_eq!(
        token_with_config(&env, &config).ok(),
        "issued-by-the-server\n"
    );
    assert!(marker.exists());
}

#[test]
fn a_config_another_user_owns_does_not_run_its_commands() {
    let Some(attacker) = other_user() else { return };
    let env = TestEnv::new();
    let server = endpoint().may_be_unused();
    let marker = env.path("command-ran");
    let config = config_with_command(&env, &server, &marker);
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::chown(&config, Some(attacker), None).unwrap();
    token_with_config(&env, &config).fails(3, &["belongs to user"]);
    assert!(!marker.exists());
}

#[test]
fn literal_secrets_in_a_config_others_can_read_are_warned_about() {
    let env = TestEnv::new();
    let server = endpoint();
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.p]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"app\"\n\
             client_secret = \"literal-s3cret\"\n",
            server.url
        ),
    );
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = token_with_config(&env, &config);
    assert_eq!(out.ok(), "issued-by-the-server\n");
    assert!(
        out.stderr.contains("holds secrets and others can read it"),
        "{}",
        out.stderr
    );
    out.leaks_none(&["literal-s3cret"]);
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(token_with_config(&env, &config).stderr, "");
}

#[test]
fn a_lock_file_an_older_version_left_readable_is_tightened_not_refused() {
    let env = TestEnv::new();
    let server = endpoint();
    let dir = env.path("data");
    token_in(&env, &server, &dir, &["token"]).ok();
    let index_lock = dir.join("locks").join("index.lock");
    std::fs::set_permissions(&index_lock, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = token_in(&env, &server, &dir, &["token", "--force"]);
    out.ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    assert_eq!(
        std::fs::metadata(&index_lock).unwrap().mode() & 0o777,
        0o600
    );
    std::fs::set_permissions(&index_lock, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .otok()
        .forget()
        .arg("--all")
        .store("file")
        .env("OTOK_DATA_DIR", &dir)
        .run();
    out.ok();
    assert!(
        out.stderr.contains("forgot 1 stored token"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_damaged_or_loosened_installation_key_is_refused_not_replaced() {
    let env = TestEnv::new();
    let server = crate::support::providers::myq();
    let pin = || crate::identity::myq_pin_in(&env, &server, "file", "1111");
    pin().ok();
    let key = env.data_dir().join("installation-key");
    let original = std::fs::read_to_string(&key).unwrap();
    // Damaged: not 64 hex digits. Replacing it would orphan every entry that used it.
    std::fs::write(&key, "not a key").unwrap();
    pin().fails(7, &["installation key", "is damaged", "otok forget --all"]);
    assert_eq!(
        std::fs::read_to_string(&key).unwrap(),
        "not a key",
        "not replaced"
    );
    // Loosened: others could have read it, and with it reverse the PIN in a key.
    std::fs::write(&key, &original).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    pin().fails(
        7,
        &["refusing to use", "installation-key", "others can read"],
    );
    assert_eq!(
        server.count(),
        1,
        "no request with a key otok does not trust"
    );
}
