//! Mistakes on the user's side: each ends with exit 2 (usage) or 3 (configuration) and a
//! message that says what to fix, before anything is sent.

use crate::support::server::{Reply, Server};
use crate::support::TestEnv;

#[test]
fn unknown_provider_lists_the_known_ones() {
    let env = TestEnv::new();
    let out = env.otok().token().provider("nope").client("c").run();
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
    let out = env.otok().token().provider("mypos").run();
    out.fails(
        3,
        &["no client id for mypos", "--client-id, OTOK_CLIENT_ID"],
    );
}

#[test]
fn missing_client_secret_is_reported_before_any_request() {
    let env = TestEnv::new();
    let server = Server::start(|_| Reply::raw(500, "text/plain", "")).expect_no_requests();
    let out = env
        .otok()
        .token()
        .provider_at("mypos", &server.url)
        .client("c")
        .run();
    out.fails(3, &["no client secret for mypos", "OTOK_CLIENT_SECRET"]);
}

#[test]
fn no_provider_and_no_profile() {
    let env = TestEnv::new();
    let out = env.otok().token().run();
    out.fails(3, &["no provider", "otok providers"]);
}

#[test]
fn unknown_profile_lists_the_defined_ones() {
    let env = TestEnv::new();
    let config = env.write(
        "c.toml",
        "[profiles.home]\nprovider = \"myfox\"\n[profiles.work]\nprovider = \"mypos\"\n",
    );
    let out = env.otok().token().profile("hoem", config).run();
    out.fails(3, &["unknown profile `hoem`", "home, work"]);
}

#[test]
fn malformed_config_names_file_line_and_key() {
    let env = TestEnv::new();
    let config = env.write(
        "bad.toml",
        "[profiles.home]\nprovider = \"myfox\"\nclient_secret = 42\n",
    );
    let out = env.otok().token().profile("home", &config).run();
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
    let out = env.otok().token().profile("home", &config).run();
    out.fails(3, &["line 4", "unknown field `pasword`"]);

    let config = env.write("syntax.toml", "[profiles.home\nprovider = \"myfox\"\n");
    let out = env.otok().token().profile("home", &config).run();
    out.fails(3, &["bad config file", "line 1"]);
}

#[test]
fn explicit_config_must_exist_but_the_default_may_be_absent() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .config("/nonexistent/otok.toml")
        .provider("mypos")
        .run();
    out.fails(3, &["cannot read the config file /nonexistent/otok.toml"]);
    let out = env.otok().arg("providers").run();
    out.ok();
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .provider_at("mypos", "http://auth-api.mypos.com")
        .client("c")
        .secret("s3cret-value")
        .run();
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
    let hm = || env.otok().token().provider("highmobility").client("c");
    let out = hm()
        .args([
            "--key-id",
            "k",
            "--private-key-file",
            "/nonexistent/key.pem",
        ])
        .run();
    out.fails(
        3,
        &["cannot read the private key from /nonexistent/key.pem: No such file"],
    );
    let not_a_key = env.write(
        "key.pem",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    let out = hm()
        .args(["--key-id", "k", "--private-key-file"])
        .arg(not_a_key)
        .run();
    out.fails(
        3,
        &[
            "cannot use the private key",
            "no PEM private key",
            "and no JWK in it",
        ],
    );
}

#[test]
fn grant_the_provider_lacks() {
    let env = TestEnv::new();
    let mypos = || env.otok().token().provider("mypos").client("c");
    let out = mypos().args(["--grant", "password"]).run();
    out.fails(
        3,
        &["mypos does not support the password grant (it supports client_credentials)"],
    );
    let out = mypos().args(["--grant", "passwrd"]).run();
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
    let out = env.otok().token().provider("myq").client("c").run();
    out.fails(3, &["myq has no default server", "--base-url"]);
}

#[test]
fn myq_login_type_without_its_credential() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .provider_at("myq", "https://myq.example.com:8090")
        .client("c")
        .args(["--login-type", "card-pin"])
        .secret("s3cret-value")
        .env("OTOK_CARD", "123456")
        .run();
    out.fails(3, &["needs a PIN", "OTOK_PIN"]);
}

#[test]
fn interactive_grant_exits_6() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .provider("myfox")
        .client("c")
        .args(["--grant", "authorization_code"])
        .run();
    out.fails(6, &["needs a person at a browser", "otok authorize"]);
}

#[test]
fn secrets_cannot_be_given_on_the_command_line() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .provider("mypos")
        .client("c")
        .args(["--client-secret", "s"])
        .run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = env
        .otok()
        .token()
        .provider("myfox")
        .client("c")
        .args(["--password", "p"])
        .run();
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn stdin_supplies_one_secret_only() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .provider_at("myfox", "https://127.0.0.1:1")
        .client("c")
        .args(["--username", "u"])
        .args(["--client-secret-stdin", "--password-stdin"])
        .stdin("x\n")
        .run();
    out.fails(3, &["stdin already supplied another secret"]);
}

#[test]
fn wrong_flag_is_a_usage_error() {
    let env = TestEnv::new();
    let out = env.otok().token().args(["--provder", "mypos"]).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--provider"),
        "clap suggests the right flag: {}",
        out.stderr
    );
}

#[test]
fn client_authentication_the_provider_does_not_take() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .token()
        .provider_at("myq", "https://myq.example")
        .client("c")
        .args(["--auth-method", "private_key_jwt"])
        .run();
    out.fails(
        3,
        &["myq does not take the private_key_jwt client authentication (it takes post, none)"],
    );
    // What each provider takes is in the table, the default first.
    let out = env.otok().args(["providers", "--json"]).run();
    let list: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    let methods = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["client_auth_methods"]
            .clone()
    };
    assert_eq!(
        methods("highmobility"),
        serde_json::json!(["post", "private_key_jwt", "none"])
    );
    let generic = methods("generic");
    assert_eq!(generic[0], "basic");
    for m in [
        "post",
        "private_key_jwt",
        "client_secret_jwt",
        "tls_client_auth",
        "self_signed_tls_client_auth",
    ] {
        assert!(generic.as_array().unwrap().iter().any(|g| g == m), "{m}");
    }
}

#[test]
fn a_private_key_others_can_read_is_warned_about_once() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let server = Server::start(|_| {
        Reply::json(
            200,
            serde_json::json!({"access_token": "tok-7d1e", "token_type": "Bearer"}),
        )
    });
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/keys/ec256.pkcs8.pem"
    ))
    .unwrap();
    let key = env.write("client.pem", &pem);
    let run = || {
        env.otok()
            .token()
            .generic(&server)
            .client("c")
            .store("none")
            .arg("--private-key-file")
            .arg(&key)
            .run()
    };
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run();
    assert_eq!(out.ok(), "tok-7d1e\n");
    let warning = format!(
        "otok: warning: other users can read the private key {} (mode 644); chmod 600 it",
        key.display()
    );
    assert_eq!(out.stderr.matches(&warning).count(), 1, "{}", out.stderr);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run();
    out.ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

/// A job's `OTOK_SCOPE: ${{ vars.SCOPE }}` with no such variable sets it to the empty string:
/// every OTOK_* variable that is empty counts as unset, as otok's own readers of the environment
/// already took it, rather than as an empty value clap would blame on its option.
#[test]
fn an_empty_otok_variable_counts_as_unset() {
    let env = TestEnv::new();
    let server = Server::start(|_| {
        Reply::json(
            200,
            serde_json::json!({"access_token": "tok-1", "token_type": "Bearer"}),
        )
    });
    let mut otok = env.otok().token().generic(&server).client("c").secret("s");
    for name in [
        "OTOK_CONFIG",
        "OTOK_SCOPE",
        "OTOK_CLIENT_ID",
        "OTOK_FORMAT",
        "OTOK_MIN_TTL",
        "OTOK_TIMEOUT",
        "OTOK_GRANT",
        "OTOK_USERNAME",
        "OTOK_CA_CERT",
    ] {
        otok = otok.env(name, "");
    }
    let out = otok.run();
    assert_eq!(out.ok(), "tok-1\n");
    let form = server.only().form().unwrap();
    assert_eq!(form.get("scope"), None, "{form:?}");
    assert_eq!(form["grant_type"], "client_credentials");

    // With no other way to name the client, an empty OTOK_CLIENT_ID is a missing client id.
    let out = env
        .otok()
        .token()
        .generic(&server)
        .secret("s")
        .env("OTOK_CLIENT_ID", "")
        .run();
    out.fails(3, &["client"]);
    assert!(
        !out.stderr.contains("a value is required"),
        "{}",
        out.stderr
    );
}

/// An environment can name a variable twice (execve takes any array); getenv reads the first
/// entry, and so did otok before it cleared empty variables: an empty second entry must not
/// take the first one's value away.
#[cfg(unix)]
#[test]
fn an_empty_second_entry_leaves_the_first_value() {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::CommandExt;

    let env = TestEnv::new();
    let config = env.write(
        "first.toml",
        "[providers.from-first]\ntoken_url = \"http://127.0.0.1:9/token\"\n",
    );
    let otok = assert_cmd::cargo::cargo_bin("otok");
    let c = |bytes: &[u8]| CString::new(bytes).unwrap();
    let program = c(otok.as_os_str().as_bytes());
    let argv = [c(b"otok"), c(b"providers")];
    let mut first = b"OTOK_CONFIG=".to_vec();
    first.extend_from_slice(config.as_os_str().as_bytes());
    let mut home = b"HOME=".to_vec();
    home.extend_from_slice(env.path("home").as_os_str().as_bytes());
    let envp = [c(&home), c(&first), c(b"OTOK_CONFIG=")];
    let mut command = std::process::Command::new(&otok);
    // SAFETY: only execve runs in the child, with pointer arrays on the stack (nothing is
    // allocated after the fork); if it returns, the closure's error makes the spawn fail.
    unsafe {
        command.pre_exec(move || {
            let argv = [argv[0].as_ptr(), argv[1].as_ptr(), std::ptr::null()];
            let envp = [
                envp[0].as_ptr(),
                envp[1].as_ptr(),
                envp[2].as_ptr(),
                std::ptr::null(),
            ];
            libc::execve(program.as_ptr(), argv.as_ptr(), envp.as_ptr());
            Err(std::io::Error::last_os_error())
        });
    }
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("from-first"), "{stdout}");
}
