//! git gets its HTTP password from otok: `otok git-credential` speaks git's credential helper
//! protocol. The ignored tests run the real git (`scripts/git-tests`) against `git
//! http-backend` behind a loopback server that accepts only `oauth2:<the current token>`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::TestEnv;

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git is needed: scripts/git-tests")
}

#[test]
fn get_answers_for_a_known_host_and_nothing_for_another() {
    let env = TestEnv::new();
    let server = Server::start(|_| {
        Reply::json(
            200,
            json!({"access_token": "git-token-1", "token_type": "Bearer", "expires_in": 3600}),
        )
    });
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.forge]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"git\"\n\
             auth_method = \"post\"\ngit_username = \"x-token\"\n\n\
             [hosts.\"git.example.com\"]\nprofile = \"forge\"\n",
            server.url
        ),
    );
    let helper = |input: &str, args: &[&str]| {
        env.otok()
            .arg("git-credential")
            .args(args)
            .config(&config)
            .secret("git-s3cret")
            .stdin(input.to_string())
            .run()
    };
    let out = helper(
        "protocol=https\nhost=git.example.com\npath=org/repo.git\n\n",
        &["get"],
    );
    let answer = out.ok();
    assert!(
        answer.starts_with("username=x-token\npassword=git-token-1\npassword_expiry_utc="),
        "{answer}"
    );
    // Another host: no answer, so git asks its next helper.
    let out = helper("protocol=https\nhost=other.example.com\n\n", &["get"]);
    assert_eq!(out.ok(), "");
    // Plain http to a host that is not this machine: no token.
    let out = helper("protocol=http\nhost=git.example.com\n\n", &["get"]);
    assert_eq!(out.ok(), "");
    // A request far larger than git's few lines is refused, and answered with nothing.
    let flood = format!(
        "protocol=https\nhost=git.example.com\npath={}\n\n",
        "a".repeat(100 * 1024)
    );
    let out = helper(&flood, &["get"]);
    out.fails(3, &["git's request from stdin is larger than 64 KiB"]);
    assert_eq!(server.count(), 1);
    // `--setup` takes plain names only: they go into shell lines.
    env.otok()
        .args([
            "git-credential",
            "--setup",
            "git.example.com'; rm -rf ~",
            "forge",
        ])
        .run()
        .fails(3, &["--setup takes a host"]);
    // `--setup` prints the lines to paste.
    let out = env
        .otok()
        .args(["git-credential", "--setup", "git.example.com", "forge"])
        .run();
    assert_eq!(
        out.ok(),
        "git config --global credential.https://git.example.com.helper ''\n\
         git config --global --add credential.https://git.example.com.helper '!otok git-credential forge'\n"
    );
}

/// The git server: `server.py` from tests/git, and the log of what it accepted.
struct GitServer {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Drop for GitServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl GitServer {
    fn start(root: &Path, token_file: &Path, log: &Path) -> GitServer {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/git/server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args([root, token_file, log])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT=")
            .expect("the PORT line")
            .to_string();
        GitServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        }
    }

    fn verdicts(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| l.rsplit(' ').next().unwrap().to_string())
            .collect()
    }
}

#[test]
#[ignore = "needs git: run scripts/git-tests"]
fn git_clones_and_fetches_with_otok_and_a_revoked_token_is_replaced_after_erase() {
    let env = TestEnv::new();
    // A repository with one commit, served bare.
    let work = env.path("work");
    std::fs::create_dir_all(&work).unwrap();
    for args in [
        &["init", "-q", "-b", "main", "src"][..],
        &[
            "-C",
            "src",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "one",
        ],
        &["clone", "-q", "--bare", "src", "repo.git"],
    ] {
        let out = git(&work, args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The authorization server: each token it issues is the one the git server accepts.
    let token_file = env.path("current-token");
    let issued = Arc::new(std::sync::Mutex::new(0));
    let tokens = {
        let token_file = token_file.clone();
        let issued = issued.clone();
        Server::start(move |_| {
            let mut n = issued.lock().unwrap();
            *n += 1;
            let token = format!("git-token-{n}");
            std::fs::write(&token_file, &token).unwrap();
            Reply::json(
                200,
                json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600, "refresh_token": format!("git-refresh-{n}")}),
            )
        })
    };
    let server = GitServer::start(&work, &token_file, &env.path("git.log"));
    let host = server.url.trim_start_matches("http://").to_string();
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.forge]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"git\"\n\
             auth_method = \"post\"\n\n[hosts.\"{host}\"]\nprofile = \"other\"\n\n\
             [hosts.\"{host}/repo.git\"]\nprofile = \"forge\"\n",
            tokens.url
        ),
    );
    let otok = assert_cmd::cargo::cargo_bin("otok");
    let helper = format!("credential.helper=!{} git-credential", otok.display());
    let with_otok = |args: &[&str]| {
        Command::new("git")
            .current_dir(&work)
            // As the README says: no other helper for this host, and the path sent to helpers.
            .args(["-c", "credential.helper=", "-c", &helper])
            .args(["-c", "credential.useHttpPath=true"])
            .args(args)
            .env("HOME", &work)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("OTOK_CONFIG", &config)
            .env("OTOK_DATA_DIR", env.data_dir())
            .env("OTOK_STORE", "file")
            .env("OTOK_CLIENT_SECRET", "git-s3cret")
            .output()
            .unwrap()
    };
    let clone = with_otok(&["clone", "-q", &format!("{}/repo.git", server.url), "copy"]);
    assert!(
        clone.status.success(),
        "{}",
        String::from_utf8_lossy(&clone.stderr)
    );
    assert!(work.join("copy/.git").is_dir());
    let fetch = with_otok(&["-C", "copy", "fetch", "-q"]);
    assert!(
        fetch.status.success(),
        "{}",
        String::from_utf8_lossy(&fetch.stderr)
    );
    assert_eq!(tokens.count(), 1, "clone and fetch share one token");

    // The authorization server revokes the token: the git server refuses it, git erases it.
    std::fs::write(&token_file, "revoked").unwrap();
    let refused = with_otok(&["-C", "copy", "fetch", "-q"]);
    assert!(!refused.status.success());
    assert_eq!(
        tokens.count(),
        1,
        "the refused token is not replaced before git erases it"
    );
    let fetch = with_otok(&["-C", "copy", "fetch", "-q"]);
    assert!(
        fetch.status.success(),
        "{}",
        String::from_utf8_lossy(&fetch.stderr)
    );
    assert_eq!(tokens.count(), 2, "after the erase, one new token");
    let verdicts = server.verdicts();
    assert!(verdicts.contains(&"refused".to_string()), "{verdicts:?}");
    assert_eq!(verdicts.last().map(String::as_str), Some("ok"));
    // The token was given by the refresh token (the grant ran once).
    let grants: Vec<String> = tokens
        .requests()
        .iter()
        .map(|r| r.form().unwrap()["grant_type"].clone())
        .collect();
    assert_eq!(grants, ["client_credentials", "refresh_token"]);
}

#[test]
fn erase_drops_only_the_token_the_server_refused() {
    let env = TestEnv::new();
    let issued = std::sync::Mutex::new(0);
    let server = Server::start(move |_| {
        let mut n = issued.lock().unwrap();
        *n += 1;
        Reply::json(
            200,
            json!({"access_token": format!("git-token-{n}"), "token_type": "Bearer",
                   "expires_in": 3600, "refresh_token": format!("git-refresh-{n}")}),
        )
    });
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.forge]\nprovider = \"generic\"\ntoken_url = \"{}/token\"\nclient_id = \"git\"\n\
             auth_method = \"post\"\n",
            server.url
        ),
    );
    let helper = |operation: &str, input: &str| {
        env.otok()
            .args(["git-credential", "forge", operation])
            .config(&config)
            .store("file")
            .secret("git-s3cret")
            .stdin(input.to_string())
            .run()
    };
    let ask = "protocol=https\nhost=git.example.com\n\n";
    let password = |out: &crate::support::Outcome| {
        out.ok()
            .lines()
            .find_map(|l| l.strip_prefix("password="))
            .unwrap()
            .to_string()
    };
    assert_eq!(password(&helper("get", ask)), "git-token-1");
    // git erases a token that is no longer the stored one (another otok replaced it): kept.
    helper(
        "erase",
        "protocol=https\nhost=git.example.com\nusername=oauth2\npassword=git-token-0\n\n",
    )
    .ok();
    assert_eq!(password(&helper("get", ask)), "git-token-1");
    assert_eq!(server.count(), 1);
    // git erases the stored token: the next get gets another, by the refresh token.
    helper(
        "erase",
        "protocol=https\nhost=git.example.com\nusername=oauth2\npassword=git-token-1\n\n",
    )
    .ok();
    assert_eq!(password(&helper("get", ask)), "git-token-2");
    assert_eq!(server.count(), 2);
    assert_eq!(
        server.requests()[1].form().unwrap()["grant_type"],
        "refresh_token"
    );
}
