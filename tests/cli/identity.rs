//! One identity, one token: the store never hands a token to a request it was not issued for.
//!
//! Against a loopback server that counts requests and issues a new token for each, every input
//! that reaches the token request is changed alone: that makes exactly one new request, and
//! each input is served its own token afterwards. A new password for the same person is not a
//! new entry. A parameter that reaches the request body without a row here fails the test.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

use crate::support::providers::{myq, MYQ_ID, MYQ_SECRET};
use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Otok, Outcome, TestEnv};

/// A token endpoint that takes anything and answers with a new token each time.
fn counting() -> Server {
    let n = AtomicUsize::new(0);
    Server::start(move |_| {
        let i = n.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::json(
            200,
            json!({"access_token": format!("tok-{i}"), "token_type": "Bearer", "expires_in": 3600}),
        )
    })
}

/// The names of the parameters a request carried, nested ones (MyQ's `login_info`) as
/// `login_info.card`.
fn parameter_names(req: &Recorded) -> Vec<String> {
    if let Ok(map) = req.json() {
        let mut names = Vec::new();
        for (key, value) in map {
            if let Value::Object(inner) = value {
                names.extend(inner.keys().map(|k| format!("{key}.{k}")));
            }
            names.push(key);
        }
        return names;
    }
    form_urlencoded::parse(&req.body)
        .map(|(k, _)| k.into_owned())
        .collect()
}

/// What a row runs: arguments, environment and files (written in the test's dir).
#[derive(Clone, Default)]
struct Input {
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    files: Vec<(&'static str, String)>,
}

fn input(args: &[&str], env: &[(&'static str, &str)]) -> Input {
    Input {
        args: args.iter().map(|s| s.to_string()).collect(),
        env: env.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        files: Vec::new(),
    }
}

impl Input {
    fn file(mut self, name: &'static str, contents: &str) -> Input {
        self.files.push((name, contents.to_string()));
        self
    }
}

struct Row {
    what: &'static str,
    /// The body parameters this row's input reaches.
    covers: &'static [&'static str],
    before: Input,
    after: Input,
    /// Whether `after` is another identity (a new entry) or the same one (served the same token).
    another: bool,
}

/// The common part of every command: the provider, the endpoint, the store.
fn base(env: &TestEnv, server: &Server, provider: &str) -> Otok {
    let cmd = env.otok().token().store("file");
    match provider {
        "myq" => cmd.provider_at("myq", &server.url).client(MYQ_ID),
        "profile" => cmd,
        "bare" => cmd.provider("generic"),
        _ => cmd.generic(server),
    }
}

const CONFIG: &str = r#"
[profiles.alice]
provider = "generic"
token_url = "URL/token"
client_id = "shared-client"
scope = "read"

[profiles.bob]
provider = "generic"
token_url = "URL/token"
client_id = "shared-client"
scope = "read"

[profiles.eu]
provider = "generic"
token_url = "URL/token"
client_id = "shared-client"
scope = "read"
params = { audience = "https://eu.example.com" }

[profiles.us]
provider = "generic"
token_url = "URL/token"
client_id = "shared-client"
scope = "read"
params = { audience = "https://us.example.com" }
"#;

fn rows() -> Vec<(&'static str, Row)> {
    let cc = |extra: &[&str]| {
        let mut args = vec!["--client-id", "app"];
        args.extend_from_slice(extra);
        input(&args, &[])
    };
    let myq_login = |extra: &[&str], env: &[(&'static str, &str)]| input(extra, env);
    vec![
        (
            "generic",
            Row {
                what: "grant",
                covers: &["grant_type"],
                before: cc(&[]),
                after: cc(&["--grant", "urn:example:params:grant-type:other"]),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "a scope",
                covers: &["scope"],
                before: cc(&["--scope", "read"]),
                after: cc(&["--scope", "read write"]),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "--param scope, which replaces --scope",
                covers: &["scope"],
                before: cc(&["--scope", "read", "--param", "scope=A"]),
                after: cc(&["--scope", "read", "--param", "scope=B"]),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "--param audience",
                covers: &["audience"],
                before: cc(&["--param", "audience=A"]),
                after: cc(&["--param", "audience=B"]),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "--param resource",
                covers: &["resource"],
                before: cc(&["--param", "resource=https://a.example.com"]),
                after: cc(&["--param", "resource=https://b.example.com"]),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "a subject token from --param-file",
                covers: &["subject_token", "subject_token_type"],
                before: cc(&[
                    "--grant",
                    "urn:ietf:params:oauth:grant-type:token-exchange",
                    "--param",
                    "subject_token_type=urn:ietf:params:oauth:token-type:jwt",
                    "--param-file",
                    "subject_token=SUBJECT",
                ])
                .file("SUBJECT", "subject-of-alice"),
                after: cc(&[
                    "--grant",
                    "urn:ietf:params:oauth:grant-type:token-exchange",
                    "--param",
                    "subject_token_type=urn:ietf:params:oauth:token-type:jwt",
                    "--param-file",
                    "subject_token=SUBJECT",
                ])
                .file("SUBJECT", "subject-of-bob"),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "user name",
                covers: &["username", "password"],
                before: input(
                    &["--client-id", "app", "--username", "alice"],
                    &[("OTOK_PASSWORD", "pw-1")],
                ),
                after: input(
                    &["--client-id", "app", "--username", "bob"],
                    &[("OTOK_PASSWORD", "pw-1")],
                ),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "a new password for the same user name",
                covers: &["username", "password"],
                before: input(
                    &["--client-id", "app", "--username", "alice"],
                    &[("OTOK_PASSWORD", "pw-1")],
                ),
                after: input(
                    &["--client-id", "app", "--username", "alice"],
                    &[("OTOK_PASSWORD", "pw-2")],
                ),
                another: false,
            },
        ),
        (
            "bare",
            Row {
                what: "token endpoint",
                covers: &[],
                before: cc(&["--token-url", "URL/token"]),
                after: cc(&["--token-url", "URL/other-token"]),
                another: true,
            },
        ),
        (
            "generic",
            Row {
                what: "client id",
                covers: &[],
                before: cc(&[]),
                after: input(&["--client-id", "other-app"], &[]),
                another: true,
            },
        ),
        (
            "profile",
            Row {
                what: "profile name",
                covers: &["scope"],
                before: input(&["alice"], &[]),
                after: input(&["bob"], &[]),
                another: true,
            },
        ),
        (
            "profile",
            Row {
                what: "params of a profile",
                covers: &["scope", "audience"],
                before: input(&["eu"], &[]),
                after: input(&["us"], &[]),
                another: true,
            },
        ),
        (
            "myq",
            Row {
                what: "MyQ login type",
                covers: &[
                    "login_info",
                    "login_info.type",
                    "login_info.card",
                    "login_info.pin",
                ],
                before: myq_login(
                    &["--login-type", "card"],
                    &[("OTOK_CARD", "card-1"), ("OTOK_PIN", "1111")],
                ),
                after: myq_login(
                    &["--login-type", "pin"],
                    &[("OTOK_CARD", "card-1"), ("OTOK_PIN", "1111")],
                ),
                another: true,
            },
        ),
        (
            "myq",
            Row {
                what: "MyQ login types card-pin and card-password",
                covers: &[
                    "login_info",
                    "login_info.type",
                    "login_info.card",
                    "login_info.pin",
                    "login_info.pwd",
                ],
                before: myq_login(
                    &["--login-type", "card-pin"],
                    &[
                        ("OTOK_CARD", "card-1"),
                        ("OTOK_PIN", "1111"),
                        ("OTOK_PASSWORD", "pw-1"),
                    ],
                ),
                after: myq_login(
                    &["--login-type", "card-password"],
                    &[
                        ("OTOK_CARD", "card-1"),
                        ("OTOK_PIN", "1111"),
                        ("OTOK_PASSWORD", "pw-1"),
                    ],
                ),
                another: true,
            },
        ),
        (
            "myq",
            Row {
                what: "MyQ card",
                covers: &["login_info", "login_info.type", "login_info.card"],
                before: myq_login(&["--login-type", "card"], &[("OTOK_CARD", "card-1")]),
                after: myq_login(&["--login-type", "card"], &[("OTOK_CARD", "card-2")]),
                another: true,
            },
        ),
        (
            "myq",
            Row {
                what: "MyQ PIN alone",
                covers: &["login_info", "login_info.type", "login_info.pin"],
                before: myq_login(&["--login-type", "pin"], &[("OTOK_PIN", "1111")]),
                after: myq_login(&["--login-type", "pin"], &[("OTOK_PIN", "2222")]),
                another: true,
            },
        ),
        (
            "myq",
            Row {
                what: "a new PIN for the same MyQ card",
                covers: &[
                    "login_info",
                    "login_info.type",
                    "login_info.card",
                    "login_info.pin",
                ],
                before: myq_login(
                    &["--login-type", "card-pin"],
                    &[("OTOK_CARD", "card-1"), ("OTOK_PIN", "1111")],
                ),
                after: myq_login(
                    &["--login-type", "card-pin"],
                    &[("OTOK_CARD", "card-1"), ("OTOK_PIN", "2222")],
                ),
                another: false,
            },
        ),
        (
            "myq",
            Row {
                what: "MyQ user",
                covers: &[
                    "login_info",
                    "login_info.type",
                    "login_info.user",
                    "login_info.pwd",
                ],
                before: myq_login(
                    &["--login-type", "user", "--username", "alice"],
                    &[("OTOK_PASSWORD", "pw-1")],
                ),
                after: myq_login(
                    &["--login-type", "user", "--username", "bob"],
                    &[("OTOK_PASSWORD", "pw-1")],
                ),
                another: true,
            },
        ),
    ]
}

/// Client authentication: in the body for some providers, never part of what a token is for.
const CLIENT_AUTH: &[&str] = &["client_id", "client_secret"];

fn run_input(env: &TestEnv, server: &Server, provider: &str, input: &Input) -> Outcome {
    for (name, contents) in &input.files {
        env.write(name, contents);
    }
    let config = env.write("config.toml", &CONFIG.replace("URL", &server.url));
    let mut cmd = base(env, server, provider)
        .args(input.args.iter().map(|a| {
            a.replace("URL", &server.url)
                .replace("SUBJECT", &env.path("SUBJECT").display().to_string())
        }))
        .config(config)
        .secret(MYQ_SECRET);
    for (k, v) in &input.env {
        cmd = cmd.env(k, v);
    }
    cmd.run()
}

#[test]
fn each_input_that_shapes_the_request_is_its_own_entry() {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut covered: BTreeSet<&str> = CLIENT_AUTH.iter().copied().collect();
    for (provider, row) in rows() {
        let env = TestEnv::new();
        let server = counting();
        let what = row.what;
        let first = run_input(&env, &server, provider, &row.before);
        let first = first.ok().to_string();
        assert_eq!(server.count(), 1, "{what}: the first call asks");
        let second = run_input(&env, &server, provider, &row.after)
            .ok()
            .to_string();
        if row.another {
            assert_eq!(server.count(), 2, "{what}: changed alone, one new request");
            assert_ne!(first, second, "{what}: another identity, another token");
        } else {
            assert_eq!(server.count(), 1, "{what}: the same person, no new request");
            assert_eq!(first, second, "{what}: the same person, the same token");
        }
        // Each input is served its own token afterwards, without a request.
        let asked = server.count();
        assert_eq!(
            run_input(&env, &server, provider, &row.before).ok(),
            first,
            "{what}: the old input is still served its token"
        );
        assert_eq!(
            run_input(&env, &server, provider, &row.after).ok(),
            second,
            "{what}: the new input is served its token"
        );
        assert_eq!(server.count(), asked, "{what}: both served from the store");
        for req in server.requests() {
            seen.extend(parameter_names(&req));
        }
        covered.extend(row.covers.iter().copied());
    }
    let uncovered: Vec<&String> = seen
        .iter()
        .filter(|n| !covered.contains(n.as_str()))
        .collect();
    assert!(
        uncovered.is_empty(),
        "parameters reached the request body without a row in the table: {uncovered:?}"
    );
}

/// A MyQ token with `login_type pin` for `pin`, kept in `store`.
pub fn myq_pin_in(env: &TestEnv, server: &Server, store: &str, pin: &str) -> Outcome {
    env.otok()
        .token()
        .provider_at("myq", &server.url)
        .client(MYQ_ID)
        .args(["--login-type", "pin"])
        .store(store)
        .secret(MYQ_SECRET)
        .env("OTOK_PIN", pin)
        .run()
}

fn myq_pin(env: &TestEnv, server: &Server, pin: &str) -> Outcome {
    myq_pin_in(env, server, "file", pin)
}

/// Every file under `dir`, with its path relative to `dir`, except the installation key.
fn stored_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.file_name().unwrap() != "installation-key" {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn hex_sha256(data: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn two_myq_pins_are_two_people_and_the_store_holds_neither_pin() {
    let env = TestEnv::new();
    let server = myq();
    let first = myq_pin(&env, &server, "1111").ok().to_string();
    let second = myq_pin(&env, &server, "2222").ok().to_string();
    assert_eq!(server.count(), 2, "two PINs, two requests");
    assert_ne!(first, second, "two PINs, two tokens");
    assert_eq!(myq_pin(&env, &server, "1111").ok(), first);
    assert_eq!(myq_pin(&env, &server, "2222").ok(), second);
    assert_eq!(
        server.count(),
        2,
        "each PIN served its own token from the store"
    );

    // Nothing stored reveals a PIN to a search over all 10,000: not the PIN, not a hash of it
    // in the forms a key could take, in no file name and no content.
    let files = stored_files(&env.data_dir());
    assert!(
        files.len() >= 3,
        "tokens and index: {:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let haystack: Vec<String> = files
        .iter()
        .map(|(name, bytes)| format!("{name}\n{}", String::from_utf8_lossy(bytes)))
        .collect();
    for pin in ["1111", "2222"] {
        for text in &haystack {
            assert!(
                !text.contains(&format!("\"{pin}\"")),
                "{pin} stored: {text}"
            );
        }
    }
    // A search over all 10,000 PINs, hashed plainly in the forms a key could take (alone, as
    // the parameter otok names it, as a form pair), finds none in a file name or content.
    let forms: [&dyn Fn(&str) -> String; 3] = [
        &|pin| pin.to_string(),
        &|pin| format!("MyQ PIN\0{pin}"),
        &|pin| format!("pin={pin}"),
    ];
    for candidate in (0..10_000).map(|p| format!("{p:04}")) {
        for form in &forms {
            let digest = hex_sha256(form(&candidate).as_bytes());
            for text in &haystack {
                assert!(
                    !text.contains(&digest[..32]),
                    "a plain hash of PIN {candidate} is stored: {text}"
                );
            }
        }
    }

    // The key depends on the installation key: with another one, the same PIN is another entry.
    let key_file = env.data_dir().join("installation-key");
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert_eq!(key.trim().len(), 64, "32 bytes in hex");
    assert_mode_0600(&key_file);
    std::fs::write(&key_file, "ab".repeat(32)).unwrap();
    let third = myq_pin(&env, &server, "1111").ok().to_string();
    assert_eq!(server.count(), 3, "another installation key, another key");
    assert_ne!(third, first);

    // Every file otok created, the lock files included, is the user's alone.
    let loose = std::process::Command::new("find")
        .arg(env.data_dir())
        .args(["-type", "f", "-perm", "/077"])
        .output()
        .unwrap();
    assert!(loose.status.success());
    assert_eq!(
        String::from_utf8_lossy(&loose.stdout),
        "",
        "files readable by others"
    );
    assert!(
        env.data_dir().join("locks").read_dir().unwrap().count() > 0,
        "locks were taken"
    );
}

fn assert_mode_0600(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{}", path.display());
}

#[test]
fn two_profiles_of_one_client_with_different_params_are_two_entries() {
    let env = TestEnv::new();
    let server = counting();
    let config = env.write("config.toml", &CONFIG.replace("URL", &server.url));
    for profile in ["eu", "us", "eu", "us"] {
        env.otok()
            .token()
            .profile(profile, &config)
            .store("file")
            .secret("s3cret-value")
            .run()
            .ok();
    }
    assert_eq!(server.count(), 2);
    let audiences: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.form().unwrap()["audience"].clone())
        .collect();
    assert_eq!(
        audiences,
        ["https://eu.example.com", "https://us.example.com"]
    );
    let out = env
        .otok()
        .status()
        .store("file")
        .format("json")
        .config(&config)
        .run();
    let rows: Vec<Value> = serde_json::from_str(out.ok()).unwrap();
    let profiles: Vec<&str> = rows.iter().filter_map(|r| r["profile"].as_str()).collect();
    assert_eq!(profiles.len(), 2, "{rows:#?}");
    assert!(
        profiles.contains(&"eu") && profiles.contains(&"us"),
        "{rows:#?}"
    );
}

/// The key earlier versions derived: provider, endpoint, client id, user, login type and
/// scopes, and nothing else.
fn first_version_key(parts: &[&str]) -> String {
    hex_sha256(parts.join("\0").as_bytes())[..32].to_string()
}

#[test]
fn entries_under_the_older_key_are_never_served_listed_as_older_and_forgotten() {
    let env = TestEnv::new();
    let server = counting();
    let config = env.write("config.toml", &CONFIG.replace("URL", &server.url));
    let token_url = format!("{}/token", server.url);
    let old_key = first_version_key(&["generic", &token_url, "shared-client", "", "", "read"]);
    // What an earlier otok left: a valid-looking token under the old key, and its index entry.
    let data = env.data_dir();
    std::fs::create_dir_all(data.join("tokens")).unwrap();
    let record = json!({
        "profile": "eu", "provider": "generic", "client_id": "shared-client",
        "access_token": "from-the-older-key", "token_type": "Bearer",
        "issued_at": 4_000_000_000u64 - 10, "expires_at": 4_000_000_000u64, "scope": ["read"],
    });
    std::fs::write(
        data.join("tokens").join(format!("{old_key}.json")),
        record.to_string(),
    )
    .unwrap();
    let index =
        json!({ old_key.clone(): {"profile": "eu", "provider": "generic", "backend": "file"} });
    std::fs::write(data.join("index.json"), index.to_string()).unwrap();
    for path in [
        data.join("tokens").join(format!("{old_key}.json")),
        data.join("index.json"),
    ] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    let otok = |args: &[&str]| {
        env.otok()
            .args(args)
            .store("file")
            .config(&config)
            .secret("s3cret-value")
            .run()
    };
    assert_eq!(
        otok(&["token", "eu"]).ok(),
        "tok-1\n",
        "the older entry is not served"
    );
    assert_eq!(server.count(), 1);

    let rows: Vec<Value> =
        serde_json::from_str(otok(&["status", "--format", "json"]).ok()).unwrap();
    let older: Vec<&Value> = rows.iter().filter(|r| r["older_version"] == true).collect();
    assert_eq!(older.len(), 1, "{rows:#?}");
    assert_eq!(older[0]["key"], old_key.as_str());
    assert_eq!(rows.len(), 2);
    let table = otok(&["status"]);
    assert!(table.ok().contains("older version"), "{}", table.stdout);

    let out = otok(&["forget", "eu"]);
    out.ok();
    assert!(
        out.stderr.contains("forgot 2 stored tokens"),
        "{}",
        out.stderr
    );
    let rows: Vec<Value> =
        serde_json::from_str(otok(&["status", "--format", "json"]).ok()).unwrap();
    assert!(rows.is_empty(), "{rows:#?}");
    assert!(!data.join("tokens").join(format!("{old_key}.json")).exists());
}

#[test]
fn concurrent_first_callers_make_one_installation_key_and_one_request() {
    let env = TestEnv::new();
    let server = myq();
    let children: Vec<_> = (0..20)
        .map(|_| {
            env.otok()
                .token()
                .provider_at("myq", &server.url)
                .client(MYQ_ID)
                .args(["--login-type", "pin"])
                .store("file")
                .secret(MYQ_SECRET)
                .env("OTOK_PIN", "1111")
                .std()
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut tokens = BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        tokens.insert(String::from_utf8(out.stdout).unwrap());
    }
    assert_eq!(server.count(), 1, "one request between them");
    assert_eq!(tokens.len(), 1, "one token between them: {tokens:?}");
    let entries = std::fs::read_dir(env.data_dir().join("tokens"))
        .unwrap()
        .count();
    assert_eq!(entries, 1, "one entry");
}
