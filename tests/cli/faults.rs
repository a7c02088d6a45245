//! What otok survives: each case puts a good token in the store, turns the provider hostile,
//! forces a new request, and checks that otok ends within its bound with the documented exit
//! code and a message naming the cause, leaks no secret, and still serves the stored token
//! once the provider is healthy again. The README's "Reliability and security" table is made
//! from [`CASES`]; a test keeps the two in step.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::server::{Reply, Server, Wire};
use crate::support::{Otok, Outcome, TestEnv};

const ID: &str = "fault-client";
const SECRET: &str = "fault-secret-7d2e9a";
const GOOD: &str = "good-token-0001";

/// One hostile answer and what otok must make of it.
pub struct Case {
    /// The row of the README table.
    pub name: &'static str,
    pub reply: fn() -> Reply,
    pub code: i32,
    /// Words the message must contain.
    pub words: &'static [&'static str],
    /// Seconds the run may take (with `--timeout 1`: three attempts, backoff, start-up).
    pub bound: f64,
}

const NET: f64 = 10.0;
const QUICK: f64 = 6.0;

fn token(body: serde_json::Value) -> Reply {
    Reply::json(200, body)
}

pub const CASES: &[Case] = &[
    // The transport.
    Case {
        name: "answer trickles in one byte at a time past the timeout",
        reply: || {
            token(json!({"access_token": "x", "expires_in": 60}))
                .wire(Wire::Trickle(Duration::from_millis(150)))
        },
        code: 5,
        words: &["did not answer within 1 s"],
        bound: NET,
    },
    Case {
        name: "headers, then silence",
        reply: || token(json!({"access_token": "x"})).wire(Wire::StallAfterHeaders),
        code: 5,
        words: &["did not answer within 1 s"],
        bound: NET,
    },
    Case {
        name: "connection closed without an answer",
        reply: || token(json!({})).wire(Wire::Close),
        code: 5,
        words: &["127.0.0.1"],
        bound: NET,
    },
    Case {
        name: "answer cut short of its Content-Length",
        reply: || token(json!({"access_token": "x", "expires_in": 60})).wire(Wire::Truncated),
        code: 5,
        words: &["127.0.0.1"],
        bound: NET,
    },
    Case {
        name: "not HTTP at all",
        reply: || Reply::raw(200, "text/plain", "SSH-2.0-OpenSSH_9.6\r\n").wire(Wire::Bare),
        code: 5,
        words: &["127.0.0.1"],
        bound: NET,
    },
    Case {
        name: "10 MB answer",
        reply: || Reply::raw(200, "application/json", vec![b' '; 10 * 1024 * 1024]),
        code: 8,
        words: &["larger than 1024 KiB"],
        bound: QUICK,
    },
    Case {
        name: "redirect of the token request to another address",
        reply: || {
            Reply::raw(302, "text/html", "").header("Location", "http://attacker.example/token")
        },
        code: 8,
        words: &["redirected the client_credentials request to http://attacker.example/token"],
        bound: QUICK,
    },
    // Server trouble.
    Case {
        name: "503 with Retry-After, every time",
        reply: || {
            Reply::raw(503, "text/html", "<html><title>Maintenance</title></html>")
                .header("Retry-After", "1")
        },
        code: 5,
        words: &["unavailable", "Maintenance", "retry after 1 s"],
        bound: NET,
    },
    Case {
        name: "429 Too Many Requests",
        reply: || {
            Reply::json(
                429,
                json!({"error": "slow_down", "error_description": "rate limited"}),
            )
            .header("Retry-After", "0")
        },
        code: 5,
        words: &["could not answer", "rate limited"],
        bound: NET,
    },
    Case {
        name: "500 with an OAuth error",
        reply: || {
            Reply::json(
                500,
                json!({"error": "server_error", "error_description": "database down"}),
            )
        },
        code: 5,
        words: &["server_error: database down"],
        bound: NET,
    },
    Case {
        name: "502 HTML page from a proxy",
        reply: || {
            Reply::raw(
                502,
                "text/html",
                "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>",
            )
        },
        code: 5,
        words: &["502 Bad Gateway"],
        bound: NET,
    },
    Case {
        name: "404 HTML page (wrong endpoint)",
        reply: || Reply::raw(404, "text/html", "<html><title>Not Found</title></html>"),
        code: 8,
        words: &["HTTP 404", "Not Found"],
        bound: QUICK,
    },
    Case {
        name: "400 invalid_grant",
        reply: || {
            Reply::json(
                400,
                json!({"error": "invalid_grant", "error_description": "bad credentials"}),
            )
        },
        code: 4,
        words: &["refused", "invalid_grant: bad credentials"],
        bound: QUICK,
    },
    Case {
        name: "401 invalid_client without a body",
        reply: || Reply::raw(401, "text/plain", ""),
        code: 4,
        words: &["refused", "an empty body"],
        bound: QUICK,
    },
    Case {
        name: "Myfox-style status KO with HTTP 200",
        reply: || {
            token(
                json!({"status": "KO", "error": "invalid_client", "error_description": "Unknown client"}),
            )
        },
        code: 4,
        words: &["invalid_client: Unknown client"],
        bound: QUICK,
    },
    // The body of a 200.
    Case {
        name: "HTML page with status 200",
        reply: || {
            Reply::raw(
                200,
                "text/html",
                "<html><head><title>Sign in</title></head><body>…</body></html>",
            )
        },
        code: 8,
        words: &["not JSON", "Sign in"],
        bound: QUICK,
    },
    Case {
        name: "invalid UTF-8",
        reply: || Reply::raw(200, "application/json", vec![0xff, 0xfe, b'{', 0xc3, 0x28]),
        code: 8,
        words: &["sent no valid token"],
        bound: QUICK,
    },
    Case {
        name: "empty body with status 200",
        reply: || Reply::raw(200, "application/json", ""),
        code: 8,
        words: &["the answer is empty"],
        bound: QUICK,
    },
    Case {
        name: "truncated JSON",
        reply: || Reply::raw(200, "application/json", r#"{"access_token": "abc", "expi"#),
        code: 8,
        words: &["cut short or malformed"],
        bound: QUICK,
    },
    Case {
        name: "JSON that is not an object",
        reply: || Reply::raw(200, "application/json", r#"["access_token"]"#),
        code: 8,
        words: &["not an object"],
        bound: QUICK,
    },
    Case {
        name: "JSON nested 10 000 deep",
        reply: || Reply::raw(200, "application/json", "[".repeat(10_000)),
        code: 8,
        words: &["sent no valid token"],
        bound: QUICK,
    },
    Case {
        name: "200 without access_token",
        reply: || token(json!({"token_type": "Bearer", "expires_in": 3600})),
        code: 8,
        words: &["no access_token", "token_type"],
        bound: QUICK,
    },
    Case {
        name: "access_token of the wrong type (a number)",
        reply: || token(json!({"access_token": 5, "expires_in": 3600})),
        code: 8,
        words: &["access_token is a number"],
        bound: QUICK,
    },
    Case {
        name: "empty access_token",
        reply: || token(json!({"access_token": "  ", "expires_in": 3600})),
        code: 8,
        words: &["access_token is empty"],
        bound: QUICK,
    },
    Case {
        name: "expires_in that is not a number (\"soon\")",
        reply: || token(json!({"access_token": "t-soon", "expires_in": "soon"})),
        code: 8,
        words: &["expires_in is \"soon\""],
        bound: QUICK,
    },
    Case {
        name: "negative expires_in",
        reply: || token(json!({"access_token": "t-neg", "expires_in": -60})),
        code: 8,
        words: &["expires_in is -60, not a lifetime"],
        bound: QUICK,
    },
    Case {
        name: "enormous expires_in (10^30 s)",
        reply: || token(json!({"access_token": "t-big", "expires_in": 1e30})),
        code: 8,
        words: &["expires_in is 1e+30, not a lifetime between 0 s and ten years"],
        bound: QUICK,
    },
    Case {
        name: "token_type of the wrong type",
        reply: || token(json!({"access_token": "t-type", "token_type": ["Bearer"]})),
        code: 8,
        words: &["token_type is a list"],
        bound: QUICK,
    },
    Case {
        name: "scope of the wrong type",
        reply: || token(json!({"access_token": "t-scope", "scope": 42})),
        code: 8,
        words: &["scope"],
        bound: QUICK,
    },
    Case {
        name: "refresh_token of the wrong type",
        reply: || token(json!({"access_token": "t-rt", "refresh_token": {"v": 1}})),
        code: 8,
        words: &["refresh_token"],
        bound: QUICK,
    },
];

/// A provider that is healthy (handing out [`GOOD`]) until `hostile` is set.
fn provider(reply: fn() -> Reply, hostile: Arc<AtomicBool>, requests: Arc<AtomicUsize>) -> Server {
    Server::start(move |_| {
        requests.fetch_add(1, Ordering::SeqCst);
        if hostile.load(Ordering::SeqCst) {
            reply()
        } else {
            token(json!({"access_token": GOOD, "token_type": "Bearer", "expires_in": 3600}))
        }
    })
}

/// `otok token` for this suite's client at `server`, with the given store.
fn command(env: &TestEnv, server: &Server, store: &str) -> Otok {
    env.otok()
        .token()
        .generic(server)
        .client(ID)
        .store(store)
        .secret(SECRET)
}

fn otok(env: &TestEnv, server: &Server, extra: &[&str]) -> Outcome {
    command(env, server, "file")
        .args(["--timeout", "1"])
        .args(extra)
        .run()
}

/// Runs one case; returns what went wrong, if anything.
fn check(case: &Case) -> Result<(), String> {
    let env = TestEnv::new();
    let hostile = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let server = provider(case.reply, hostile.clone(), requests.clone());
    let first = otok(&env, &server, &[]);
    if first.code != 0 || first.stdout != format!("{GOOD}\n") {
        return Err(format!(
            "the healthy provider's token was not stored: {}",
            first.stderr
        ));
    }

    hostile.store(true, Ordering::SeqCst);
    let started = Instant::now();
    let out = otok(&env, &server, &["--force"]);
    let took = started.elapsed().as_secs_f64();
    if out.code != case.code {
        return Err(format!(
            "exit {} instead of {}: {}",
            out.code, case.code, out.stderr
        ));
    }
    if took > case.bound {
        return Err(format!("took {took:.1} s, more than {} s", case.bound));
    }
    for word in case.words {
        if !out.stderr.contains(word) {
            return Err(format!("the message lacks {word:?}: {}", out.stderr));
        }
    }
    if !out.stderr.starts_with("otok: error: ") || !out.stdout.is_empty() {
        return Err(format!(
            "not one error on stderr alone: {out:?}",
            out = out.stderr
        ));
    }
    for secret in [SECRET, GOOD] {
        if out.stderr.contains(secret) {
            return Err(format!("{secret} leaked: {}", out.stderr));
        }
    }

    hostile.store(false, Ordering::SeqCst);
    let before = requests.load(Ordering::SeqCst);
    let after = otok(&env, &server, &[]);
    if after.stdout != format!("{GOOD}\n") || requests.load(Ordering::SeqCst) != before {
        return Err(format!(
            "the stored token was lost: {} / {}",
            after.stdout, after.stderr
        ));
    }
    Ok(())
}

#[test]
fn every_hostile_answer_ends_bounded_clear_without_leak_or_loss() {
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = CASES
            .chunks(CASES.len().div_ceil(4))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|case| check(case).err().map(|e| format!("{}: {e}", case.name)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// The cases that need more than a hostile answer: each is one test below, which names itself
/// with [`case`].
pub const OTHER_CASES: &[(&str, i32)] = &[
    ("provider down: connection refused", 5),
    ("a different token to each concurrent caller", 0),
    ("token_type other than Bearer", 0),
    ("disk full while the token is stored", 7),
    ("data directory that is a file", 7),
    ("lock held by a stuck process", 7),
    ("keychain that never answers", 7),
];

/// The exit code of the case `name` of [`OTHER_CASES`].
fn case(name: &str) -> i32 {
    match OTHER_CASES.iter().find(|(n, _)| *n == name) {
        Some((_, code)) => *code,
        None => panic!("{name} is not in OTHER_CASES"),
    }
}

fn healthy() -> Reply {
    token(json!({"access_token": GOOD, "token_type": "Bearer", "expires_in": 3600}))
}

/// Stores [`GOOD`] through a healthy provider; returns it with its request counter.
fn stored_good(env: &TestEnv) -> (Server, Arc<AtomicUsize>) {
    let requests = Arc::new(AtomicUsize::new(0));
    let server = provider(healthy, Arc::new(AtomicBool::new(false)), requests.clone());
    assert_eq!(otok(env, &server, &[]).ok(), format!("{GOOD}\n"));
    (server, requests)
}

/// The stored token is served again, without a request.
fn still_served(env: &TestEnv, server: &Server, requests: &AtomicUsize) {
    let before = requests.load(Ordering::SeqCst);
    assert_eq!(otok(env, server, &[]).ok(), format!("{GOOD}\n"));
    assert_eq!(
        requests.load(Ordering::SeqCst),
        before,
        "a request was made"
    );
}

fn timed(f: impl FnOnce() -> Outcome, bound: f64) -> Outcome {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed().as_secs_f64();
    assert!(
        took <= bound,
        "took {took:.1} s, more than {bound} s: {}",
        out.stderr
    );
    out.leaks_none(&[SECRET]);
    assert!(
        !out.stderr.contains(GOOD),
        "the token leaked: {}",
        out.stderr
    );
    out
}

#[test]
fn provider_down_connection_refused() {
    let code = case("provider down: connection refused");
    let env = TestEnv::new();
    let (server, _) = stored_good(&env);
    server.stop();
    let out = timed(|| otok(&env, &server, &["--force"]), NET);
    out.fails(code, &["cannot connect", "127.0.0.1"]);
    // The provider comes back on the same port: the stored token is served without a request.
    let back = Server::start_at(server.port(), |_| healthy()).expect_no_requests();
    assert_eq!(otok(&env, &back, &[]).ok(), format!("{GOOD}\n"));
}

#[test]
fn a_different_token_to_each_concurrent_caller() {
    let code = case("a different token to each concurrent caller");
    let env = TestEnv::new();
    let n = Arc::new(AtomicUsize::new(0));
    let server = Server::start(move |_| {
        let i = n.fetch_add(1, Ordering::SeqCst);
        token(json!({"access_token": format!("unique-{i}"), "expires_in": 3600}))
            .after(Duration::from_millis(300))
    });
    let children: Vec<_> = (0..20)
        .map(|_| {
            command(&env, &server, "file")
                .std()
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<String> = children
        .into_iter()
        .map(|c| {
            let output = c.wait_with_output().unwrap();
            assert_eq!(output.status.code(), Some(code));
            String::from_utf8(output.stdout).unwrap()
        })
        .collect();
    assert_eq!(server.count(), 1, "one token request for twenty callers");
    assert!(outputs.iter().all(|o| o == "unique-0\n"), "{outputs:?}");
}

#[test]
fn token_type_other_than_bearer() {
    let code = case("token_type other than Bearer");
    let env = TestEnv::new();
    let server = Server::start(|_| {
        token(json!({"access_token": "pop-token-1", "token_type": "DPoP", "expires_in": 3600}))
    });
    let out = timed(|| otok(&env, &server, &["--format", "json"]), QUICK);
    assert_eq!(out.code, code);
    let printed: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(printed["token_type"], "DPoP");
    assert!(
        out.stderr.contains("token_type is DPoP, not Bearer"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn disk_full_while_the_token_is_stored() {
    let code = case("disk full while the token is stored");
    let env = TestEnv::new();
    let (server, requests) = stored_good(&env);
    // A file size limit of 0 makes every write fail as a full disk does (EFBIG; the signal is
    // ignored), with no privileges needed.
    let full = command(&env, &server, "file")
        .arg("--force")
        .in_shell("trap '' XFSZ; ulimit -f 0");
    let out = timed(|| full.run(), QUICK);
    out.fails(code, &["cannot write"]);
    still_served(&env, &server, &requests);
}

#[test]
fn data_directory_that_is_a_file() {
    let code = case("data directory that is a file");
    let env = TestEnv::new();
    let file = env.write("not-a-directory", "x");
    let server = Server::start(|_| healthy()).may_be_unused();
    let out = timed(
        || {
            command(&env, &server, "file")
                .env("OTOK_DATA_DIR", &file)
                .run()
        },
        QUICK,
    );
    out.fails(code, &["not-a-directory"]);
}

#[cfg(unix)]
#[test]
fn lock_held_by_a_stuck_process() {
    use std::io::{BufRead, BufReader};
    let code = case("lock held by a stuck process");
    let env = TestEnv::new();
    let (server, requests) = stored_good(&env);
    let locks = env.data_dir().join("locks");
    let lock = std::fs::read_dir(&locks)
        .unwrap()
        .map(|e| e.unwrap().path())
        // The token's own lock, not the index's.
        .find(|p| p.extension().is_some_and(|e| e == "lock") && !p.ends_with("index.lock"))
        .expect("the token's lock file");
    // Another process takes the same advisory lock (flock) and never lets go.
    let mut holder = std::process::Command::new("python3")
        .args([
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
        ])
        .arg(&lock)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "held");
    let out = timed(
        || {
            command(&env, &server, "file")
                .arg("--force")
                .env("OTOK_LOCK_TIMEOUT", "1")
                .run()
        },
        QUICK,
    );
    out.fails(code, &["another otok has held the lock"]);
    // A valid stored token needs no lock: it is still served while the lock is held.
    still_served(&env, &server, &requests);
    holder.kill().ok();
    holder.wait().ok();
}

/// A D-Bus "session bus" that accepts connections and never says a word.
#[cfg(target_os = "linux")]
#[test]
fn keychain_that_never_answers() {
    let code = case("keychain that never answers");
    let env = TestEnv::new();
    let (server, requests) = stored_good(&env);
    let socket = env.path("bus");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(conn);
        }
    });
    let bus = format!("unix:path={}", socket.display());
    let with_store = |store: &str| {
        command(&env, &server, store)
            .env("OTOK_KEYCHAIN_TIMEOUT", "1")
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .run()
    };
    let out = timed(|| with_store("keyring"), QUICK);
    out.fails(code, &["keychain"]);
    // auto never takes a silent keychain for "no token": the file store's token is served.
    let before = requests.load(Ordering::SeqCst);
    let out = timed(|| with_store("auto"), QUICK);
    assert_eq!(out.ok(), format!("{GOOD}\n"));
    assert_eq!(requests.load(Ordering::SeqCst), before);
    assert!(
        connections.load(Ordering::SeqCst) > 0,
        "the keychain was asked"
    );
    // The file store never connects to D-Bus.
    let asked = connections.load(Ordering::SeqCst);
    assert_eq!(with_store("file").ok(), format!("{GOOD}\n"));
    std::thread::sleep(Duration::from_millis(200)); // time to count a connection, were there one
    assert_eq!(connections.load(Ordering::SeqCst), asked);
}

/// The README's "Reliability and security" tables list exactly the cases run here, in order,
/// with their exit codes, and the count it states is theirs.
#[test]
fn the_readme_table_matches_the_suite() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("## Reliability and security")
        .expect("the README has the section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let listed: Vec<(String, i32)> = section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // | case | exit | bound | … |
            let code = cells.get(2)?.parse().ok()?;
            Some((cells[1].to_string(), code))
        })
        .collect();
    let run: Vec<(String, i32)> = CASES
        .iter()
        .map(|c| (c.name.to_string(), c.code))
        .chain(OTHER_CASES.iter().map(|(n, c)| (n.to_string(), *c)))
        .collect();
    assert_eq!(listed, run, "the README table and the suite differ");
    assert!(
        section.contains(&format!("**{} cases**", run.len())),
        "the README does not say **{} cases**",
        run.len()
    );
    assert!(section.contains(&format!("\n{} answers of a hostile", CASES.len())));
    assert!(section.contains(&format!("\n{} more, each its own test", OTHER_CASES.len())));
}
