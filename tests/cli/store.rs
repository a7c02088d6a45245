//! The token store, seen from outside: how many requests the provider receives, what comes
//! out, and what the store holds afterwards.

use std::time::Duration;

use serde_json::Value;

use crate::support::command::Otok;
use crate::support::rotating::Rotating;
use crate::support::{Outcome, TestEnv};

/// `otok token` against `server` with the given store backend and extra arguments.
pub fn token(env: &TestEnv, server: &Rotating, store: &str, extra: &[&str]) -> Outcome {
    token_cmd(env, server, store).args(extra).run()
}

/// The command [`token`] runs, for a test that adds to it.
fn token_cmd(env: &TestEnv, server: &Rotating, store: &str) -> Otok {
    env.otok()
        .token()
        .generic_at(server.token_url())
        .client("store-client")
        .public()
        .store(store)
}

fn json_of(out: &Outcome) -> Value {
    serde_json::from_str(out.ok()).unwrap()
}

/// The stored records, read from the file store.
fn stored(env: &TestEnv) -> Vec<Value> {
    let dir = env.data_dir().join("tokens");
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().extension().is_some_and(|e| e == "json") {
            all.push(serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap());
        }
    }
    all
}

#[test]
fn a_valid_token_is_reused_without_a_request() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    let first = json_of(&token(&env, &server, "file", &["--format", "json"]));
    assert_eq!(first["from_cache"], false);
    for _ in 0..3 {
        let again = json_of(&token(&env, &server, "file", &["--format", "json"]));
        assert_eq!(again["access_token"], "access-1");
        assert_eq!(again["from_cache"], true);
    }
    assert_eq!(server.count("client_credentials"), 1);
    let records = stored(&env);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["access_token"], "access-1");
    assert_eq!(records[0]["refresh_token"], "refresh-1");
    // No secret names this token's owner: the installation key was neither read nor made.
    assert!(!env.data_dir().join("installation-key").exists());
}

#[test]
fn store_none_asks_every_time() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    assert_eq!(token(&env, &server, "none", &[]).ok(), "access-1\n");
    assert_eq!(token(&env, &server, "none", &[]).ok(), "access-2\n");
    assert!(stored(&env).is_empty());
}

#[test]
fn min_ttl_margin_is_capped_at_half_the_lifetime() {
    let env = TestEnv::new();
    let server = Rotating::start(6, Duration::ZERO);
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-1\n");
    std::thread::sleep(Duration::from_millis(3100));
    // 2 to 3 s left: enough for a 1-second margin ...
    assert_eq!(
        token(&env, &server, "file", &["--min-ttl", "1"]).ok(),
        "access-1\n"
    );
    // ... but not for the default 60 s, capped at half the 6-second lifetime: refreshed.
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-2\n");
    assert_eq!(server.count("refresh_token"), 1);
}

#[test]
fn an_expired_token_is_refreshed_and_the_rotated_refresh_token_stored() {
    let env = TestEnv::new();
    let server = Rotating::start(1, Duration::ZERO);
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-1\n");
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-2\n");
    assert_eq!(
        stored(&env)[0]["refresh_token"],
        "refresh-2",
        "the rotated refresh token is kept"
    );
    std::thread::sleep(Duration::from_millis(1100));
    // refresh-1 is dead at the server: this works only with refresh-2.
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-3\n");
    assert_eq!(server.count("refresh_token"), 2);
    assert_eq!(server.count("client_credentials"), 1);
}

#[test]
fn refresh_command_always_gets_a_new_token() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-1\n");
    let out = env
        .otok()
        .refresh()
        .generic_at(server.token_url())
        .client("store-client")
        .public()
        .store("file")
        .run();
    assert_eq!(out.ok(), "access-2\n");
    assert_eq!(server.count("refresh_token"), 1);
    assert_eq!(
        token(&env, &server, "file", &[]).ok(),
        "access-2\n",
        "the refreshed token is stored"
    );
}

#[test]
fn refused_refresh_token_falls_back_to_the_grant() {
    let env = TestEnv::new();
    let server = Rotating::start(1, Duration::ZERO);
    token(&env, &server, "file", &[]).ok();
    server.revoke_all();
    std::thread::sleep(Duration::from_millis(1100));
    let out = token(&env, &server, "file", &[]);
    assert_eq!(out.ok(), "access-2\n");
    assert!(
        out.stderr
            .contains("the stored refresh token was refused (invalid_grant)"),
        "{}",
        out.stderr
    );
    assert_eq!(server.count("refresh_token"), 1);
    assert_eq!(server.count("client_credentials"), 2);
}

#[test]
fn refresh_token_grant_starts_from_a_given_refresh_token() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    server
        .state
        .lock()
        .unwrap()
        .refresh_tokens
        .insert("given-refresh".into());
    let out = token_cmd(&env, &server, "file")
        .args(["--grant", "refresh_token"])
        .env("OTOK_REFRESH_TOKEN", "given-refresh")
        .run();
    assert_eq!(out.ok(), "access-1\n");
    assert_eq!(stored(&env)[0]["refresh_token"], "refresh-1");
}

#[test]
fn force_skips_the_stored_access_token() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    token(&env, &server, "file", &[]).ok();
    assert_eq!(
        token(&env, &server, "file", &["--force"]).ok(),
        "access-2\n"
    );
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-2\n");
}

#[test]
fn another_scope_is_another_entry() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    assert_eq!(
        token(&env, &server, "file", &["--scope", "read write"]).ok(),
        "access-1\n"
    );
    assert_eq!(
        token(
            &env,
            &server,
            "file",
            &["--scope", "write", "--scope", "read"]
        )
        .ok(),
        "access-1\n",
        "scope order does not matter"
    );
    assert_eq!(
        token(&env, &server, "file", &["--scope", "read"]).ok(),
        "access-2\n"
    );
    assert_eq!(stored(&env).len(), 2);
}

#[test]
fn a_corrupt_entry_is_reported_and_replaced() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    token(&env, &server, "file", &[]).ok();
    let dir = env.data_dir().join("tokens");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&file, "{\"access_token\": \"half").unwrap();
    let out = token(&env, &server, "file", &[]);
    assert_eq!(out.ok(), "access-2\n");
    assert!(
        out.stderr.contains("the stored token is unreadable"),
        "{}",
        out.stderr
    );
    assert_eq!(
        token(&env, &server, "file", &[]).ok(),
        "access-2\n",
        "the replacement is served"
    );
}

#[cfg(unix)]
#[test]
fn files_and_directories_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let server = Rotating::start(1, Duration::ZERO);
    token(&env, &server, "file", &[]).ok();
    std::thread::sleep(Duration::from_millis(1100));
    token(&env, &server, "file", &[]).ok(); // a rewrite keeps the modes
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let data = env.data_dir();
    for dir in [data.clone(), data.join("tokens"), data.join("locks")] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    for entry in std::fs::read_dir(data.join("tokens")).unwrap() {
        assert_eq!(mode(&entry.unwrap().path()), 0o600);
    }
    assert_eq!(mode(&data.join("index.json")), 0o600);
}

#[test]
fn status_and_forget() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.api]\nprovider = \"generic\"\ntoken_url = \"{}\"\nclient_id = \"store-client\"\nauth_method = \"none\"\nscope = \"read\"\n",
            server.token_url()
        ),
    );
    let otok = |args: &[&str]| {
        env.otok()
            .args(args)
            .env("OTOK_CONFIG", &config)
            .env("OTOK_STORE", "file")
            .run()
    };
    assert_eq!(otok(&["token", "api"]).ok(), "access-1\n");
    let table = otok(&["status"]);
    let lines: Vec<&str> = table.ok().lines().collect();
    assert_eq!(lines.len(), 2, "{}", table.stdout);
    assert!(
        lines[1].starts_with("api")
            && lines[1].contains("generic")
            && lines[1].contains("read")
            && lines[1].contains("yes")
            && lines[1].contains("file"),
        "{}",
        lines[1]
    );
    assert!(
        !table.stdout.contains("access-1") && !table.stdout.contains("refresh-1"),
        "status never prints a token"
    );

    let json: Value =
        serde_json::from_str(otok(&["status", "api", "--format", "json"]).ok()).unwrap();
    assert_eq!(json[0]["profile"], "api");
    assert_eq!(json[0]["refreshable"], true);
    assert_eq!(json[0]["scope"], "read");
    assert!((3590..=3600).contains(&json[0]["expires_in"].as_i64().unwrap()));
    assert!(!json.to_string().contains("access-1"));

    let out = otok(&["forget", "api"]);
    out.ok();
    assert!(
        out.stderr.contains("forgot 1 stored token"),
        "{}",
        out.stderr
    );
    assert!(stored(&env).is_empty());
    assert_eq!(
        otok(&["token", "api"]).ok(),
        "access-2\n",
        "a forgotten token is fetched anew"
    );
    otok(&["forget", "--all"]).ok();
    assert!(stored(&env).is_empty());
    let empty: Value = serde_json::from_str(otok(&["status", "--format", "json"]).ok()).unwrap();
    assert_eq!(empty, serde_json::json!([]));
}

#[test]
fn fifty_concurrent_callers_make_one_token_request() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::from_millis(300));
    let outputs = concurrently(&env, &server, 50);
    assert!(outputs.iter().all(|o| o == "access-1\n"), "{outputs:?}");
    assert_eq!(server.count("client_credentials"), 1);
}

#[test]
fn fifty_concurrent_callers_on_an_expired_token_make_one_refresh() {
    let env = TestEnv::new();
    let server = Rotating::start(1, Duration::from_millis(300));
    token(&env, &server, "file", &[]).ok();
    std::thread::sleep(Duration::from_millis(1100));
    // The refreshed token lives long enough for every waiter to be served it.
    server.state.lock().unwrap().expires_in = 3600;
    let outputs = concurrently(&env, &server, 50);
    assert!(outputs.iter().all(|o| o == "access-2\n"), "{outputs:?}");
    assert_eq!(server.count("refresh_token"), 1);
    assert_eq!(server.count("client_credentials"), 1);
}

/// Starts `n` `otok token --store file` processes at once; returns their stdouts.
fn concurrently(env: &TestEnv, server: &Rotating, n: usize) -> Vec<String> {
    let children: Vec<_> = (0..n)
        .map(|_| {
            token_cmd(env, server, "file")
                .std()
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_killed_write_never_leaves_a_torn_record() {
    use std::process::Stdio;
    let env = TestEnv::new();
    let big = "x".repeat(900 * 1024);
    let token_body = serde_json::json!({"access_token": big, "expires_in": 0}).to_string();
    let server = crate::support::server::Server::start(move |_| {
        crate::support::server::Reply::raw(200, "application/json", token_body.clone())
    });
    let url = format!("{}/token", server.url);
    let file_state = || -> Option<usize> {
        let dir = env.data_dir().join("tokens");
        let path = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "json"))?;
        let record: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("torn record after a kill: {e}"));
        Some(record["access_token"].as_str().unwrap().len())
    };
    let mut kills = 0;
    for i in 0..40u64 {
        let mut child = env
            .otok()
            .token()
            .generic_at(&url)
            .client("c")
            .public()
            .store("file")
            .std()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + (i * 7) % 40));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        if let Some(len) = file_state() {
            assert_eq!(len, big.len(), "the record is whole");
        }
    }
    assert!(kills > 0, "no run was interrupted: the test proved nothing");
}

#[test]
fn no_secret_in_the_cache_key_the_store_or_status() {
    use crate::support::server::{Reply, Server};
    const SECRET: &str = "client-secret-5f1c";
    const PASSWORD: &str = "password-9b7d";
    const ACCESS: &str = "access-token-3e8a";
    const REFRESH: &str = "refresh-token-c4d2";
    let env = TestEnv::new();
    let server = Server::start(|_| {
        Reply::json(
            200,
            serde_json::json!({"access_token": ACCESS, "refresh_token": REFRESH, "expires_in": 3600}),
        )
    });
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.mail]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"mail-client\"\ngrant = \"password\"\nusername = \"alice\"\nscope = \"mail\"\n",
            server.url
        ),
    );
    let otok = |args: &[&str]| {
        env.otok()
            .args(args)
            .env("OTOK_CONFIG", &config)
            .env("OTOK_STORE", "file")
            .secret(SECRET)
            .env("OTOK_PASSWORD", PASSWORD)
            .run()
    };
    assert_eq!(otok(&["token", "mail"]).ok(), format!("{ACCESS}\n"));
    let form = server.only().form().unwrap();
    assert_eq!(
        (form["password"].as_str(), form["username"].as_str()),
        (PASSWORD, "alice"),
        "the request used the secrets"
    );

    // Neither the names (the cache key) nor the contents of anything under the data
    // directory hold the client secret or the password; the token record holds the tokens.
    let mut files = Vec::new();
    let mut dirs = vec![env.data_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 2, "{files:?}");
    for path in &files {
        let name = path.to_string_lossy();
        let body = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        for secret in [SECRET, PASSWORD] {
            assert!(!name.contains(secret), "{name} names a secret");
            assert!(!body.contains(secret), "{name} holds a secret: {body}");
        }
    }
    assert_eq!(stored(&env)[0]["refresh_token"], REFRESH);

    // status, as a table and as JSON: the entry, never a token nor a secret.
    for args in [&["status"][..], &["status", "--format", "json"]] {
        let out = otok(args);
        assert!(out.ok().contains("mail"), "{}", out.stdout);
        out.leaks_none(&[SECRET, PASSWORD, ACCESS, REFRESH]);
    }
}

#[test]
fn a_stuck_holder_of_the_index_lock_does_not_fail_a_stored_token() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    token(&env, &server, "file", &[]).ok();
    // Another otok, stuck, holds the index's lock.
    let lock = std::fs::File::open(env.data_dir().join("locks").join("index.lock")).unwrap();
    lock.lock().unwrap();
    let started = std::time::Instant::now();
    let out = token_cmd(&env, &server, "file")
        .arg("--force")
        .env("OTOK_LOCK_TIMEOUT", "1")
        .run();
    assert_eq!(
        out.ok(),
        "access-2\n",
        "the new token is stored and printed"
    );
    assert!(
        out.stderr
            .contains("the index of stored tokens was not updated"),
        "{}",
        out.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(lock);
    assert_eq!(token(&env, &server, "file", &[]).ok(), "access-2\n");
    assert_eq!(server.count("client_credentials"), 1);
    assert_eq!(
        server.count("refresh_token"),
        1,
        "then served from the store"
    );
}

#[test]
fn a_bad_wait_in_the_environment_is_warned_about_once_and_only_where_it_is_used() {
    let env = TestEnv::new();
    let server = Rotating::start(3600, Duration::ZERO);
    let with = |var: &str, store: &str| {
        token_cmd(&env, &server, store)
            .arg("--force")
            .env(var, "soon")
            .run()
    };
    // The file store uses no keychain: its timeout is not read.
    let out = with("OTOK_KEYCHAIN_TIMEOUT", "file");
    out.ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    // A lock wait that is not a number: one warning, the default used.
    let out = with("OTOK_LOCK_TIMEOUT", "file");
    out.ok();
    assert_eq!(
        out.stderr
            .matches("OTOK_LOCK_TIMEOUT=soon is not a number")
            .count(),
        1,
        "{}",
        out.stderr
    );
}

#[test]
fn started_with_stderr_closed_otok_writes_nothing_into_its_files() {
    use std::os::unix::process::CommandExt;
    let env = TestEnv::new();
    let server = Rotating::start(1, Duration::ZERO);
    token(&env, &server, "file", &[]).ok();
    std::thread::sleep(Duration::from_millis(1100));
    // The refresh token is refused: otok says so on stderr while it holds the entry's lock
    // file open.
    server.state.lock().unwrap().refresh_tokens.clear();
    let mut cmd = token_cmd(&env, &server, "file").std();
    // SAFETY: close() in the child before exec touches nothing shared with the parent.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(2);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "access-2\n");
    assert_eq!(server.count("client_credentials"), 2);
    // What was printed went to /dev/null in place of the closed stderr, not into a file that
    // took its number: the records are whole, the lock files empty.
    assert_eq!(stored(&env)[0]["access_token"], "access-2");
    let mut files = vec![env.data_dir()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_none_or(|e| e != "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(text, "", "{} holds printed text", path.display());
        }
    }
}
