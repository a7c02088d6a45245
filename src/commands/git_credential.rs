//! `otok git-credential [PROFILE] get|store|erase`: git's credential helper protocol
//! (gitcredentials(7)) on stdin and stdout, so that git gets its HTTP password from otok.
//!
//! `get` maps what git asks for (`protocol`, `host`, `path`) to a profile, the one named or
//! the config's `[hosts."HOST[/PATH]"]` with the longest matching path, and answers
//! `username=` (the profile's `git_username`, else `oauth2`), `password=<token>` and
//! `password_expiry_utc=`. For a host it does not know it answers nothing, so git asks the
//! next helper. `erase` (git's word for "the server refused this credential") drops the stored
//! access token, so that the next `get` refreshes it or runs the grant; `store` does nothing:
//! the token is otok's to keep.

use anyhow::Result;

use crate::cli::{Cli, GitCredentialArgs, RequestArgs};
use crate::config::{FileConfig, Settings};
use crate::error;
use crate::obtain::{self, Mode};
use crate::output::write_stdout;
use crate::secret::Secret;

/// The most of git's request otok reads: a few lines of `key=value`.
const MAX_INPUT: usize = 64 * 1024;

pub fn run(cli: &Cli, args: &GitCredentialArgs) -> Result<()> {
    if let Some(setup) = &args.setup {
        return setup_lines(&setup[0], &setup[1]);
    }
    let (profile, operation) =
        match args.profile_or_operation.as_slice() {
            [operation] => (None, operation.as_str()),
            [profile, operation] => (Some(profile.as_str()), operation.as_str()),
            _ => return Err(error::config("expected `[PROFILE] get|store|erase`")
                .hint(
                    "git runs `otok git-credential PROFILE get`; see `otok git-credential --setup`",
                )
                .into()),
        };
    if !matches!(operation, "get" | "store" | "erase") {
        // git may add operations; a helper ignores those it does not know.
        return Ok(());
    }
    let input =
        crate::secret::read_capped(std::io::stdin().lock(), MAX_INPUT, "git's request", "stdin")?;
    let asked = Asked::parse(&input);
    if operation == "store" {
        return Ok(());
    }
    let (config, _) = FileConfig::load(cli.global.config.as_deref())?;
    let Some(profile) = profile
        .map(str::to_string)
        .or_else(|| asked.profile_in(&config))
    else {
        return Ok(());
    };
    if !asked.is_safe_to_answer() {
        // A token goes only over https, or http to this machine.
        return Ok(());
    }
    let settings = Settings::resolve(&config, Some(&profile), &RequestArgs::default(), None)?;
    match operation {
        "get" => {
            let mode = Mode::Cached {
                min_ttl: 60,
                force: false,
            };
            let (token, _) = obtain::token(&settings, args.store.store, mode, cli.global.verbose)?;
            let access = token.access_token.expose();
            if !crate::output::inert_word(access) {
                // A line break would add lines to git's protocol.
                return Err(error::config(
                    "the stored token contains a control character or white space; it is not given to git",
                )
                .hint("get a new one with `otok token --force` for the profile")
                .into());
            }
            let username = config
                .profiles
                .get(&profile)
                .and_then(|p| p.git_username.clone())
                .unwrap_or_else(|| "oauth2".into());
            let mut text = format!(
                "username={username}\npassword={}\n",
                token.access_token.expose()
            );
            if let Some(at) = token.expires_at {
                text.push_str(&format!("password_expiry_utc={at}\n"));
            }
            write_stdout(&text)
        }
        _ => erase(&settings, args, &asked),
    }
}

/// Drops the stored access token git says the server refused (its refresh token stays), so
/// that the next `get` does not hand it out again; a token another otok has put in its place
/// meanwhile is kept.
fn erase(settings: &Settings, args: &GitCredentialArgs, asked: &Asked) -> Result<()> {
    match &asked.password {
        Some(refused) => {
            obtain::drop_access_token(settings, args.store.store, &Secret::new(refused.as_str()))
        }
        None => Ok(()),
    }
}

/// What git asked about.
#[derive(Debug, Default)]
struct Asked {
    protocol: Option<String>,
    host: Option<String>,
    path: Option<String>,
    /// With `erase`: the password (the token) the server refused.
    password: Option<String>,
}

impl Asked {
    /// git's `key=value` lines, up to an empty line; unknown keys are ignored.
    fn parse(input: &str) -> Asked {
        let mut asked = Asked::default();
        for line in input.lines() {
            if line.is_empty() {
                break;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = Some(value.to_string());
            match key {
                "protocol" => asked.protocol = value,
                "host" => asked.host = value,
                "path" => asked.path = value,
                "password" => asked.password = value,
                _ => {}
            }
        }
        asked
    }

    /// The profile of the config's `[hosts]` entry for this host with the longest path that
    /// is a prefix of the asked path (by whole segments).
    fn profile_in(&self, config: &FileConfig) -> Option<String> {
        let host = self.host.as_deref()?;
        let path = self.path.as_deref().unwrap_or("").trim_matches('/');
        // `team/../other` is not under `team`: a path with dot segments matches no entry path.
        let dotted = path
            .split('/')
            .any(|segment| segment == ".." || segment == ".");
        config
            .hosts
            .iter()
            .filter_map(|(key, entry)| {
                let (entry_host, entry_path) = key.split_once('/').unwrap_or((key, ""));
                let entry_path = entry_path.trim_matches('/');
                let matches = entry_host.eq_ignore_ascii_case(host)
                    && (entry_path.is_empty()
                        || (!dotted
                            && (path == entry_path
                                || path.starts_with(&format!("{entry_path}/")))));
                matches.then_some((entry_path.len(), entry.profile.clone()))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, profile)| profile)
    }

    /// https, or plain http to a loopback host.
    fn is_safe_to_answer(&self) -> bool {
        let host = self.host.as_deref().unwrap_or("");
        match self.protocol.as_deref() {
            Some("https") => true,
            Some("http") => crate::http::check_url(&format!("http://{host}/")).is_ok(),
            _ => false,
        }
    }
}

/// The `git config` lines that make git ask otok, and only otok, for `host`.
fn setup_lines(host: &str, profile: &str) -> Result<()> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
    };
    if !plain(host) || !plain(profile) {
        return Err(error::config(
            "--setup takes a host (with its port when it is not the default) and a profile name",
        )
        .hint("for example: otok git-credential --setup git.example.com forge")
        .into());
    }
    let helper = format!("!otok git-credential {profile}");
    write_stdout(&format!(
        "git config --global credential.https://{host}.helper ''\n\
         git config --global --add credential.https://{host}.helper '{helper}'\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_matching_host_path_wins() {
        let config = FileConfig::parse(
            "[hosts.\"git.example.com\"]\nprofile = \"all\"\n\
             [hosts.\"git.example.com/team\"]\nprofile = \"team\"\n\
             [hosts.\"git.example.com:8443\"]\nprofile = \"port\"\n",
        )
        .unwrap();
        let asked = |host: &str, path: &str| Asked {
            protocol: Some("https".into()),
            host: Some(host.into()),
            path: Some(path.into()),
            password: None,
        };
        assert_eq!(
            asked("git.example.com", "team/repo.git")
                .profile_in(&config)
                .as_deref(),
            Some("team")
        );
        assert_eq!(
            asked("git.example.com", "teammate/repo.git")
                .profile_in(&config)
                .as_deref(),
            Some("all")
        );
        assert_eq!(
            asked("git.example.com:8443", "x")
                .profile_in(&config)
                .as_deref(),
            Some("port")
        );
        assert_eq!(asked("other.example.com", "team").profile_in(&config), None);
        assert_eq!(
            asked("git.example.com", "team/../other/x.git")
                .profile_in(&config)
                .as_deref(),
            Some("all")
        );
    }

    #[test]
    fn a_token_goes_only_over_https_or_to_loopback() {
        let asked = |protocol: &str, host: &str| Asked {
            protocol: Some(protocol.into()),
            host: Some(host.into()),
            path: None,
            password: None,
        };
        assert!(asked("https", "git.example.com").is_safe_to_answer());
        assert!(asked("http", "127.0.0.1:8080").is_safe_to_answer());
        assert!(!asked("http", "git.example.com").is_safe_to_answer());
        assert!(!asked("ssh", "git.example.com").is_safe_to_answer());
    }
}
