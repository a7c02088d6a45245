//! The keychain backend. Without a Secret Service, `auto` falls back to the file store and
//! `keyring` fails closed; the ignored tests run against a real Secret Service
//! (gnome-keyring on a private D-Bus, see `scripts/keyring-tests`) and look at what landed in
//! it from outside the process, with `secret-tool`.

use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::store::token;
use crate::support::dialogue::converse;
use crate::support::rotating::Rotating;
use crate::support::{Outcome, TestEnv};

const CLIENT_SECRET: &str = "keyring-client-secret-9f8e";

/// `otok token` with a client secret, so the test can check it is never stored.
fn token_with_secret(
    env: &TestEnv,
    server: &Rotating,
    store: &str,
    extra: &[&str],
) -> crate::support::Outcome {
    token_cmd(env, server, store).args(extra).run()
}

/// The command [`token_with_secret`] runs.
fn token_cmd(env: &TestEnv, server: &Rotating, store: &str) -> crate::support::Otok {
    env.otok()
        .token()
        .generic_at(server.token_url())
        .client("store-client")
        .args(["--auth-method", "post"])
        .store(store)
        .secret(CLIENT_SECRET)
}

/// The key of the only entry `otok status` lists.
fn only_key(env: &TestEnv, store: &str) -> String {
    let out = env.otok().status().format("json").store(store).run();
    let list: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    list[0]["key"].as_str().unwrap().to_string()
}

fn secret_tool(args: &[&str]) -> (bool, String) {
    let out = Command::new("secret-tool")
        .args(args)
        .output()
        .expect("secret-tool (libsecret-tools) is needed");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn auto_without_a_secret_service_falls_back_to_the_file_store() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    let cmd = env
        .otok()
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("OTOK_KEYCHAIN_TIMEOUT", "2")
        .token()
        .generic_at(server.token_url())
        .client("store-client")
        .public()
        .store("auto");
    let first = cmd.run();
    assert_eq!(first.ok(), "access-1\n");
    let warnings: Vec<&str> = first.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "one line on stderr: {}", first.stderr);
    assert!(
        warnings[0].contains("cannot write to the keychain")
            && warnings[0].contains("keeping the token in"),
        "{}",
        first.stderr
    );

    let second = cmd.run();
    assert_eq!(second.ok(), "access-1\n", "served from the file store");
    assert_eq!(second.stderr, "");
    assert_eq!(server.count("client_credentials"), 1);
}

#[test]
fn keyring_without_a_secret_service_fails_closed() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO).may_be_unused();
    let out = env
        .otok()
        .token()
        .generic_at(server.token_url())
        .client("store-client")
        .public()
        .store("keyring")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("OTOK_KEYCHAIN_TIMEOUT", "2")
        .run();
    out.fails(7, &["the keychain is unavailable", "--store file"]);
    assert!(
        !env.data_dir().join("tokens").exists(),
        "nothing was written to the file store"
    );
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn keyring_reuse_and_what_the_keychain_holds() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    assert_eq!(
        token_with_secret(&env, &server, "keyring", &[]).ok(),
        "access-1\n"
    );
    assert_eq!(
        token_with_secret(&env, &server, "keyring", &[]).ok(),
        "access-1\n"
    );
    assert_eq!(server.count("client_credentials"), 1);
    assert!(
        !env.data_dir().join("tokens").exists(),
        "nothing in the file store"
    );

    let key = only_key(&env, "keyring");
    let (found, stored) = secret_tool(&["lookup", "service", "otok", "username", &key]);
    assert!(found, "secret-tool finds the entry");
    let record: Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(record["access_token"], "access-1");
    assert_eq!(record["refresh_token"], "refresh-1");
    assert!(
        !stored.contains(CLIENT_SECRET),
        "the client secret is never stored: {stored}"
    );

    env.otok().forget().arg("--all").store("keyring").run().ok();
    assert!(
        !secret_tool(&["lookup", "service", "otok", "username", &key]).0,
        "forget deleted the entry"
    );
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn keyring_refresh_rotation_and_concurrency() {
    let env = TestEnv::new();
    let server = Rotating::start(1, Duration::from_millis(300));
    token_with_secret(&env, &server, "keyring", &[]).ok();
    std::thread::sleep(Duration::from_millis(1100));
    // The refreshed token lives long enough for every waiter to be served it.
    server.state.lock().unwrap().expires_in = 3600;
    let children: Vec<_> = (0..20)
        .map(|_| {
            env.otok()
                .token()
                .generic_at(server.token_url())
                .client("store-client")
                .args(["--auth-method", "post"])
                .store("keyring")
                .secret(CLIENT_SECRET)
                .std()
                .output_async()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "access-2\n");
    }
    assert_eq!(server.count("refresh_token"), 1);
    let key = only_key(&env, "keyring");
    let record: Value =
        serde_json::from_str(&secret_tool(&["lookup", "service", "otok", "username", &key]).1)
            .unwrap();
    assert_eq!(
        record["refresh_token"], "refresh-2",
        "the rotated refresh token is in the keychain"
    );
    env.otok().forget().arg("--all").store("keyring").run().ok();
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn a_large_record_is_split_across_entries() {
    let env = TestEnv::new();
    let big = format!("big-{}", "t".repeat(5000));
    let server = serving(&big);
    let otok = || public_keyring_token(&env, &server);
    assert_eq!(otok().ok().trim(), big);
    assert_eq!(otok().ok().trim(), big, "read back from the parts");
    assert_eq!(server.count(), 1);
    let key = only_key(&env, "keyring");
    let (_, main) = secret_tool(&["lookup", "service", "otok", "username", &key]);
    assert_eq!(main.trim(), r#"{"parts":3}"#);
    for part in 1..=3 {
        let (found, text) = secret_tool(&[
            "lookup",
            "service",
            "otok",
            "username",
            &format!("{key}.{part}"),
        ]);
        assert!(
            found && text.len() <= 2048,
            "part {part}: {} bytes",
            text.len()
        );
    }
    env.otok().forget().arg("--all").store("keyring").run().ok();
    assert!(
        !secret_tool(&["lookup", "service", "otok", "username", &format!("{key}.1")]).0,
        "parts are deleted too"
    );
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn auto_uses_the_keychain_when_there_is_one() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    let out = token_with_secret(&env, &server, "auto", &[]);
    assert_eq!(out.ok(), "access-1\n");
    assert_eq!(out.stderr, "");
    let list: Value =
        serde_json::from_str(env.otok().status().format("json").store("auto").run().ok()).unwrap();
    assert_eq!(list[0]["store"], "keyring");
    assert_eq!(list[0]["stored"], true);
    assert_eq!(
        token(&env, &server, "auto", &[]).ok(),
        "access-1\n",
        "served from the keychain"
    );
    assert_eq!(server.count("client_credentials"), 1);
    env.otok().forget().arg("--all").store("auto").run().ok();
}

trait SpawnOutput {
    fn output_async(&mut self) -> std::process::Child;
}

impl SpawnOutput for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn the_installation_key_lives_in_the_keychain_and_no_pin_does() {
    let env = TestEnv::new();
    let server = crate::support::providers::myq();
    let pin = |pin: &str| crate::identity::myq_pin_in(&env, &server, "keyring", pin);
    let first = pin("1111").ok().to_string();
    let second = pin("2222").ok().to_string();
    assert_ne!(first, second);
    assert_eq!(pin("1111").ok(), first);
    assert_eq!(pin("2222").ok(), second);
    assert_eq!(
        server.count(),
        2,
        "each PIN served its own token from the keychain"
    );

    let (found, key) = secret_tool(&["lookup", "service", "otok", "username", "installation-key"]);
    assert!(found, "the installation key is a keychain entry");
    let key = key.trim();
    assert_eq!(key.len(), 64, "32 bytes in hex");
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(
        !env.data_dir().join("installation-key").exists(),
        "not also in a file"
    );
    let (_, all) = secret_tool(&["search", "--all", "--unlock", "service", "otok"]);
    for p in ["1111", "2222"] {
        assert!(
            !all.contains(&format!("\"{p}\"")),
            "PIN {p} is in the keychain"
        );
        assert!(
            !all.contains(&format!("= {p}\n")),
            "PIN {p} is in the keychain"
        );
    }
}

/// The line of /proc/keys for otok's kernel cache entry of `key`, if the kernel holds one.
fn kernel_key(key: &str) -> Option<String> {
    std::fs::read_to_string("/proc/keys")
        .unwrap()
        .lines()
        .find(|line| line.contains("otok:") && line.contains(&format!(":{key}")))
        .map(str::to_string)
}

/// Runs `cmd` in a new, empty session keyring of its own (as a cron job or a CI step has):
/// it can reach its user's keyring only by the uid.
fn in_a_session_keyring_of_its_own(cmd: &crate::support::Otok) -> std::process::Output {
    let inner = cmd.std();
    let mut outer = Command::new("python3");
    outer.args([
        "-c",
        "import ctypes, os, sys\n\
         assert ctypes.CDLL(None).syscall(250, 1, None) > 0  # KEYCTL_JOIN_SESSION_KEYRING\n\
         os.execv(sys.argv[1], sys.argv[1:])",
    ]);
    outer.arg(inner.get_program()).args(inner.get_args());
    outer.current_dir(inner.get_current_dir().unwrap());
    for (name, value) in inner.get_envs() {
        match value {
            Some(value) => outer.env(name, value),
            None => outer.env_remove(name),
        };
    }
    outer.output().unwrap()
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn the_kernel_key_cache_serves_keychain_tokens_until_they_expire() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    let cmd = token_cmd(&env, &server, "keyring");
    assert_eq!(cmd.run().ok(), "access-1\n");
    let key = only_key(&env, "keyring");

    // The kernel holds the record for the token's lifetime, for this user alone.
    let line = kernel_key(&key).expect("a kernel key for the entry");
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_ne!(fields[3], "perm", "it expires with the token: {line}");
    assert_eq!(fields[4], "3f3f0000", "possessor and user only: {line}");
    let status = env.otok().status().format("json").store("keyring").run();
    let rows: Value = serde_json::from_str(status.ok()).unwrap();
    assert_eq!(rows[0]["read_from"], "kernel key cache");

    // Reads go to the kernel first: with the keychain entry gone, the token is still served,
    // also to a process with a session keyring of its own.
    assert!(secret_tool(&["clear", "service", "otok", "username", &key]).0);
    assert_eq!(cmd.run().ok(), "access-1\n");
    let out = in_a_session_keyring_of_its_own(&cmd);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "access-1\n");
    assert_eq!(server.count("client_credentials"), 1);

    // Forgetting drops both; the next call gets a new token, which is cached again.
    env.otok().forget().arg("--all").store("keyring").run().ok();
    assert!(kernel_key(&key).is_none(), "forget dropped the kernel key");
    assert_eq!(cmd.run().ok(), "access-2\n");
    assert!(kernel_key(&key).is_some());
    env.otok().forget().arg("--all").store("keyring").run().ok();
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn a_kernel_cache_miss_reads_the_keychain_and_fills_the_cache() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    let cmd = token_cmd(&env, &server, "keyring");
    assert_eq!(cmd.run().ok(), "access-1\n");
    let key = only_key(&env, "keyring");
    // As after a reboot: the kernel key is gone, the keychain entry is not.
    let id = kernel_key(&key)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let id = i64::from_str_radix(&id, 16).unwrap();
    let invalidated = Command::new("python3")
        .args([
            "-c",
            "import ctypes, sys\n\
             sys.exit(ctypes.CDLL(None).syscall(250, 21, int(sys.argv[1])))  # KEYCTL_INVALIDATE",
            &id.to_string(),
        ])
        .status()
        .unwrap();
    assert!(invalidated.success());
    std::thread::sleep(Duration::from_millis(300));
    let status = env.otok().status().format("json").store("keyring").run();
    let rows: Value = serde_json::from_str(status.ok()).unwrap();
    assert_eq!(rows[0]["read_from"], "keychain");
    // That read put it back.
    assert!(kernel_key(&key).is_some());
    assert_eq!(cmd.run().ok(), "access-1\n");
    assert_eq!(server.count("client_credentials"), 1);
    env.otok().forget().arg("--all").store("keyring").run().ok();
}

#[test]
#[ignore = "needs a Secret Service and oidc-provider: run scripts/keyring-tests"]
fn profile_add_on_a_terminal_keeps_the_typed_secret_in_the_keychain_alone() {
    let issuer = std::env::var("OTOK_INTEROP_ISSUER")
        .expect("OTOK_INTEROP_ISSUER is not set: run scripts/keyring-tests");
    let env = TestEnv::new();
    let config = env.write("config.toml", "# profiles of this machine\n");
    let cmd = env
        .otok()
        .args(["profile", "add", "work", "--store", "keyring"])
        .config(&config)
        .std();
    let mut session = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    converse(
        &mut session,
        &[
            ("the issuer URL of any other server): ", Some(&issuer)),
            ("Client id: ", Some("cc-basic")),
            ("Grant [client_credentials]: ", Some("")),
            ("or none [none]: ", Some("keyring")),
            (
                "Scopes the server lists: openid offline_access read write",
                None,
            ),
            ("Scopes (space-separated): ", Some("read")),
            ("Client secret (not shown): ", Some("cc-basic-secret")),
            ("profile work works: got a token", None),
        ],
    );
    session.exp_eof().unwrap();

    let written = std::fs::read_to_string(&config).unwrap();
    let expected = format!(
        "# profiles of this machine\n\n[profiles.work]\nprovider = \"generic\"\n\
         issuer = \"{issuer}\"\nclient_id = \"cc-basic\"\nclient_secret = {{ keyring = \"work\" }}\n\
         scope = \"read\"\n"
    );
    assert_eq!(written, expected);
    let (found, secret) = secret_tool(&["lookup", "service", "otok", "username", "secret:work"]);
    assert!(found);
    assert_eq!(secret, "cc-basic-secret");
    let out = env
        .otok()
        .token()
        .profile("work", &config)
        .store("keyring")
        .run();
    assert!(out.ok().len() > 10);

    // The same answers as flags, the secret on stdin: the same bytes.
    env.otok()
        .args(["profile", "add", "work", "--replace", "--store", "keyring"])
        .args([
            "--issuer",
            &issuer,
            "--client-id",
            "cc-basic",
            "--scope",
            "read",
        ])
        .args(["--secret-from", "keyring"])
        .config(&config)
        .stdin("cc-basic-secret\n")
        .run()
        .ok();
    assert_eq!(std::fs::read_to_string(&config).unwrap(), written);

    env.otok()
        .args(["profile", "remove", "work"])
        .config(&config)
        .run()
        .ok();
    assert!(!secret_tool(&["lookup", "service", "otok", "username", "secret:work"]).0);
    env.otok().forget().arg("--all").store("keyring").run().ok();
}

#[test]
#[ignore = "needs a Secret Service: run scripts/keyring-tests"]
fn a_record_the_kernel_cache_cannot_keep_is_said_once_and_read_from_the_keychain() {
    // A kernel `user` key holds at most 32767 bytes: a record beyond is kept by the keychain
    // alone, and the user is told why reads are slower.
    let env = TestEnv::new();
    let big = format!("huge-{}", "t".repeat(40_000));
    let server = serving(&big);
    let otok = || public_keyring_token(&env, &server);
    let first = otok();
    assert!(first.ok().starts_with("huge-"));
    let said: Vec<&str> = first
        .stderr
        .lines()
        .filter(|l| l.contains("the kernel key cache cannot keep the token"))
        .collect();
    assert_eq!(said.len(), 1, "{}", first.stderr);
    let key = only_key(&env, "keyring");
    assert!(kernel_key(&key).is_none());
    let second = otok();
    assert!(second.ok().starts_with("huge-"));
    assert_eq!(server.count(), 1, "served from the keychain");
    let status = env.otok().status().format("json").store("keyring").run();
    let rows: Value = serde_json::from_str(status.ok()).unwrap();
    assert_eq!(rows[0]["read_from"], "keychain");
    env.otok().forget().arg("--all").store("keyring").run().ok();
}

/// A token endpoint that issues `token`, valid an hour, to every request.
fn serving(token: &str) -> crate::support::server::Server {
    let body = serde_json::json!({"access_token": token, "expires_in": 3600}).to_string();
    crate::support::server::Server::start(move |_| {
        crate::support::server::Reply::raw(200, "application/json", body.clone())
    })
}

/// `otok token` for the public client `c` of `server`, kept in the keychain.
fn public_keyring_token(env: &TestEnv, server: &crate::support::server::Server) -> Outcome {
    env.otok()
        .token()
        .generic(server)
        .client("c")
        .public()
        .store("keyring")
        .run()
}
