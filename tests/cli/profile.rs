//! `otok profile`: a profile added by answering on a terminal, or by flags, written into the
//! config file with its comments kept, then proved by one token request; listed, shown
//! (secrets by where they come from), removed.

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::support::dialogue::converse;
use crate::support::server::{Reply, Server};
use crate::support::{Otok, TestEnv};

/// An issuer on loopback: metadata naming itself, its grants and scopes, and a token endpoint
/// that takes client `cli` with secret `profile-secret-3f` in Basic.
fn issuer() -> Server {
    let me = Arc::new(Mutex::new(String::new()));
    let me2 = me.clone();
    let server = Server::start(move |req| {
        let base = me2.lock().unwrap().clone();
        match req.path.as_str() {
            "/.well-known/openid-configuration" => Reply::json(
                200,
                json!({
                    "issuer": base,
                    "token_endpoint": format!("{base}/token"),
                    "grant_types_supported": ["client_credentials", "authorization_code", "refresh_token"],
                    "scopes_supported": ["read", "write", "admin"],
                }),
            ),
            "/token" if req.basic_raw().as_deref() == Some("cli:profile-secret-3f") => Reply::json(
                200,
                json!({"access_token": "checked-1", "expires_in": 3600}),
            ),
            _ => Reply::json(401, json!({"error": "invalid_client"})),
        }
    });
    *me.lock().unwrap() = server.url.clone();
    server
}

const BEFORE: &str = "# my otok profiles\n\n[profiles.home] # the house\nprovider = \"myfox\"\nclient_id = \"app\"\n";

/// `otok profile add work` by flags for the client `cli` of `issuer`, its secret in
/// WORK_SECRET (which this run sets to `secret`).
fn add_work(env: &TestEnv, issuer: &Server, config: &Path, secret: &str) -> Otok {
    env.otok()
        .args(["profile", "add", "work", "--issuer", &issuer.url])
        .args(["--client-id", "cli", "--secret-from", "env:WORK_SECRET"])
        .config(config)
        .env("WORK_SECRET", secret)
}

fn expected(issuer: &str) -> String {
    format!(
        "{BEFORE}\n[profiles.work]\nprovider = \"generic\"\nissuer = \"{issuer}\"\n\
         client_id = \"cli\"\nclient_secret = {{ env = \"WORK_SECRET\" }}\nscope = \"read write\"\n"
    )
}

#[test]
fn added_by_flags_written_with_comments_kept_and_checked() {
    let env = TestEnv::new();
    let server = issuer();
    let config = env.write("config.toml", BEFORE);
    let add =
        || add_work(&env, &server, &config, "profile-secret-3f").args(["--scope", "read write"]);
    let out = add().run();
    out.ok();
    assert!(
        out.stderr.contains("profile work works: got a token"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        expected(&server.url)
    );
    let token_requests = server
        .requests()
        .iter()
        .filter(|r| r.path == "/token")
        .count();
    assert_eq!(token_requests, 1, "one request proves the profile");
    // The profile works as any other.
    let out = env
        .otok()
        .token()
        .profile("work", &config)
        .env("WORK_SECRET", "profile-secret-3f")
        .run();
    assert_eq!(out.ok(), "checked-1\n");
    // Again: refused without --replace, the same bytes with it.
    add()
        .run()
        .fails(3, &["already has a profile work", "--replace"]);
    let token_requests = || {
        server
            .requests()
            .iter()
            .filter(|r| r.path == "/token")
            .count()
    };
    let before = token_requests();
    add().arg("--replace").arg("--no-check").run().ok();
    assert_eq!(token_requests(), before, "--no-check: no token request");
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        expected(&server.url)
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&config).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn without_a_terminal_a_missing_answer_names_its_flag() {
    let env = TestEnv::new();
    let config = env.path("config.toml");
    let out = env
        .otok()
        .args(["profile", "add", "x", "--provider", "mypos"])
        .config(&config)
        .run();
    out.fails(3, &["Client id: give it with --client-id ID"]);
    let out = env
        .otok()
        .args(["profile", "add", "x"])
        .config(&config)
        .run();
    out.fails(3, &["--provider NAME or --issuer URL"]);
    let out = env
        .otok()
        .args([
            "profile",
            "add",
            "x",
            "--provider",
            "mypos",
            "--client-id",
            "c",
        ])
        .args(["--secret-from", "vault:x", "--no-check"])
        .config(&config)
        .run();
    out.fails(3, &["`vault:x` is not where a secret can come from"]);
    assert!(!config.exists(), "nothing written");
}

#[test]
fn a_failed_check_says_the_profile_is_written_and_how_to_change_it() {
    let env = TestEnv::new();
    let server = issuer();
    let config = env.path("config.toml");
    let out = add_work(&env, &server, &config, "not-the-secret").run();
    out.fails(
        4,
        &[
            "the profile work is written, but its token request failed",
            "invalid_client",
        ],
    );
    out.leaks_none(&["not-the-secret"]);
    assert!(std::fs::read_to_string(&config)
        .unwrap()
        .contains("[profiles.work]"));
}

#[test]
fn list_show_and_remove() {
    let env = TestEnv::new();
    let config = env.write(
        "config.toml",
        "[profiles.a]\nprovider = \"mypos\"\nclient_id = \"c\"\nclient_secret = \"literal-secret-77\"\n\n\
         [profiles.b]\nprovider = \"generic\"\nissuer = \"https://id.example\"\n\
         client_secret = { command = \"pass show b\" }\nparams = { subject_token = \"in-file-88\", audience = \"aud\" }\n",
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = env.otok().args(["profile", "list"]).config(&config).run();
    let listed = out.ok();
    assert!(listed.starts_with("PROFILE"), "{listed}");
    assert!(
        listed.contains("a") && listed.contains("https://id.example"),
        "{listed}"
    );

    let out = env
        .otok()
        .args(["profile", "show", "a"])
        .config(&config)
        .run();
    assert!(out
        .ok()
        .contains("client_secret = (written in the config file, not shown)"));
    out.leaks_none(&["literal-secret-77"]);
    let out = env
        .otok()
        .args(["profile", "show", "b"])
        .config(&config)
        .run();
    let shown = out.ok();
    assert!(
        shown.contains(r#"client_secret = { command = "pass show b" }"#),
        "{shown}"
    );
    assert!(
        shown.contains("subject_token = (written in the config file, not shown)"),
        "{shown}"
    );
    assert!(shown.contains(r#"audience = "aud""#), "{shown}");
    out.leaks_none(&["in-file-88"]);

    env.otok()
        .args(["profile", "remove", "a"])
        .config(&config)
        .run()
        .ok();
    let left = std::fs::read_to_string(&config).unwrap();
    assert!(
        !left.contains("[profiles.a]") && left.contains("[profiles.b]"),
        "{left}"
    );
    let out = env
        .otok()
        .args(["profile", "show", "a"])
        .config(&config)
        .run();
    out.fails(3, &["unknown profile `a`"]);
}

#[test]
fn added_by_answering_on_a_terminal_is_the_same_profile() {
    let env = TestEnv::new();
    let server = issuer();
    let config = env.write("config.toml", BEFORE);
    let cmd = env
        .otok()
        .args(["profile", "add", "work"])
        .config(&config)
        .env("WORK_SECRET", "profile-secret-3f")
        .std();
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    converse(
        &mut session,
        &[
            ("Providers otok knows: myq", None),
            (
                "or the issuer URL of any other server): ",
                Some(&server.url),
            ),
            ("token endpoint", None),
            ("Client id: ", Some("cli")),
            ("Grants: client_credentials, authorization_code", None),
            ("Grant [client_credentials]: ", Some("")),
            (
                "keyring (typed now, kept in the keychain) or none [none]: ",
                Some("env:WORK_SECRET"),
            ),
            ("Scopes the server lists: read write admin", None),
            ("Scopes (space-separated): ", Some("read write")),
            ("profile work works: got a token", None),
        ],
    );
    session.exp_eof().unwrap();
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        expected(&server.url)
    );
}
