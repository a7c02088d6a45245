//! Completion candidates from the user's own data: the profiles and providers of the config
//! file, offered by the dynamic completion engine (clap_complete's `CompleteEnv`).
//!
//! With the engine, the shell runs `otok` on every TAB (`COMPLETE=bash otok -- otok token …`)
//! and `main` hands that run to clap_complete before anything else; the functions here are
//! the candidates `cli` attaches to its arguments, and they run in that process only.
//!
//! Nothing here may print or fail: stdout is read as candidates, and a message on stderr
//! lands in the middle of the command line being typed. A config file that is missing,
//! unreadable or not TOML gives no candidates. The file is read for its names alone, not
//! through `config::FileConfig::load`, which warns on stderr and refuses a whole file for one
//! unknown key: a profile whose settings have a mistake still completes, and running it shows
//! the mistake. (`config` also depends on `cli`, which depends on this module.)

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::{CompletionCandidate, ValueCompleter};
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::provider;

/// The part of the config file completion reads. Unknown keys are ignored, not refused.
#[derive(Default, Deserialize)]
struct Names {
    #[serde(default)]
    profiles: BTreeMap<String, ProfileName>,
    #[serde(default)]
    providers: BTreeMap<String, IgnoredAny>,
}

/// A profile's provider, when it is a string (the profile completes whatever it is).
#[derive(Deserialize)]
struct ProfileName {
    provider: Option<toml::Value>,
}

/// The profiles of the config file, each with its provider as the description (shown by
/// fish, zsh and PowerShell).
pub fn profiles() -> Vec<CompletionCandidate> {
    read_names()
        .profiles
        .into_iter()
        .map(|(name, profile)| {
            let provider = profile.provider.as_ref().and_then(toml::Value::as_str);
            CompletionCandidate::new(name).help(provider.map(|p| p.to_string().into()))
        })
        .collect()
}

/// The built-in providers, then those of the config file (one of which may redefine a
/// built-in, as `provider::lookup` lets it).
pub fn providers() -> Vec<CompletionCandidate> {
    let defined = read_names().providers;
    let builtins = provider::builtins()
        .filter(|p| !defined.contains_key(&p.name))
        .map(|p| CompletionCandidate::new(p.name).help(Some(p.summary.into())))
        .collect::<Vec<_>>();
    let own = defined
        .into_keys()
        .map(|name| CompletionCandidate::new(name).help(Some("defined in the config file".into())));
    builtins.into_iter().chain(own).collect()
}

/// `otok git-credential [PROFILE] get|store|erase`: a profile, or git's operation.
pub fn git_credential() -> Vec<CompletionCandidate> {
    let operations = [
        ("get", "answer git with the token as its password"),
        ("store", "nothing to do: the token is otok's to keep"),
        (
            "erase",
            "the server refused it: drop the stored access token",
        ),
    ];
    let mut candidates = profiles();
    candidates.extend(
        operations
            .into_iter()
            .map(|(op, help)| CompletionCandidate::new(op).help(Some(help.into()))),
    );
    candidates
}

/// `--setup HOST PROFILE`: nothing to offer for the host, the profiles for the second value.
pub struct GitSetup;

impl ValueCompleter for GitSetup {
    fn complete(&self, current: &OsStr) -> Vec<CompletionCandidate> {
        self.complete_at(0, current)
    }

    fn complete_at(&self, index: usize, current: &OsStr) -> Vec<CompletionCandidate> {
        if index == 0 {
            return Vec::new();
        }
        let current = current.to_string_lossy();
        let mut candidates = profiles();
        candidates.retain(|c| c.get_value().to_string_lossy().starts_with(&*current));
        candidates
    }
}

/// What the config file names; nothing when it cannot be read or parsed. Only a regular file
/// is read: `--config /dev/stdin` would otherwise wait on the terminal for every TAB.
fn read_names() -> Names {
    let Some(path) = config_path() else {
        return Names::default();
    };
    if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return Names::default();
    }
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default()
}

/// The config file the command being completed would read: its `--config` when that is
/// already on the line, else OTOK_CONFIG, else the default place (`config::default_path`'s,
/// which this module cannot call).
fn config_path() -> Option<PathBuf> {
    on_the_line(&line_before_cursor())
        .or_else(|| std::env::var_os("OTOK_CONFIG").map(PathBuf::from))
        .or_else(|| {
            directories::BaseDirs::new()
                .map(|dirs| dirs.config_dir().join("otok").join("config.toml"))
        })
}

/// The words of the command line before the one being completed. The shell passes them after
/// a `--` (`otok -- otok token --config FILE ''`) with, for bash, zsh and elvish, the index of
/// the word under the cursor in `_CLAP_COMPLETE_INDEX`; fish and PowerShell pass the line up
/// to the cursor, whose last word is the one being completed.
fn line_before_cursor() -> Vec<OsString> {
    let mut words: Vec<OsString> = std::env::args_os()
        .skip(1)
        .skip_while(|a| a != "--")
        .skip(1)
        .collect();
    let cursor = std::env::var("_CLAP_COMPLETE_INDEX")
        .ok()
        .and_then(|i| i.parse().ok())
        .unwrap_or(words.len().saturating_sub(1));
    words.truncate(cursor);
    words
}

/// The value of the last `--config` among `words` (the program's name first), as the shell
/// would pass it to otok: bash and zsh hand completion the words as typed, so quotes around
/// the value are removed, and `~/` starting a word of its own stands for the home directory
/// (`--config ~/x`, not `--config=~/x`).
fn on_the_line(words: &[OsString]) -> Option<PathBuf> {
    let mut found = None;
    let mut words = words.iter().skip(1);
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--config" {
            found = words.next().map(|value| home_expanded(unquoted(value)));
        } else if let Some(value) = word.to_str().and_then(|w| w.strip_prefix("--config=")) {
            found = Some(PathBuf::from(unquoted(OsStr::new(value))));
        }
    }
    found
}

fn unquoted(word: &OsStr) -> &OsStr {
    let Some(w) = word.to_str() else {
        return word;
    };
    ['\'', '"']
        .iter()
        .find_map(|&q| w.strip_prefix(q).and_then(|rest| rest.strip_suffix(q)))
        .map_or(word, OsStr::new)
}

fn home_expanded(word: &OsStr) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    match word.to_str() {
        Some("~") => home().unwrap_or_else(|| word.into()),
        Some(w) => match (w.strip_prefix("~/"), home()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => word.into(),
        },
        None => word.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_last_config_before_an_escape_counts() {
        assert_eq!(
            on_the_line(&words("otok --config a.toml token --config=b.toml")),
            Some(PathBuf::from("b.toml"))
        );
        assert_eq!(
            on_the_line(&words("otok exec work -- sh --config c.toml")),
            None
        );
        assert_eq!(on_the_line(&words("otok token --config")), None);
        assert_eq!(
            on_the_line(&words("otok --config 'a.toml' --config=\"b.toml\"")),
            Some(PathBuf::from("b.toml"))
        );
        assert_eq!(
            on_the_line(&words("otok --config 'a.toml'")),
            Some(PathBuf::from("a.toml"))
        );
    }

    #[test]
    fn a_tilde_is_expanded_as_the_shell_would() {
        let home = directories::BaseDirs::new()
            .unwrap()
            .home_dir()
            .to_path_buf();
        assert_eq!(
            on_the_line(&words("otok --config ~/otok.toml")),
            Some(home.join("otok.toml"))
        );
        assert_eq!(
            on_the_line(&words("otok --config=~/otok.toml")),
            Some(PathBuf::from("~/otok.toml"))
        );
    }

    #[test]
    fn names_are_read_whatever_else_a_profile_says() {
        let names: Names = toml::from_str(
            "[profiles.a]\nprovider = 7\nno_such_key = 1\n[profiles.b]\n\
             [providers.corp]\ntoken_url = \"https://id.example.com/token\"\n",
        )
        .unwrap();
        let profiles: Vec<_> = names.profiles.keys().collect();
        assert_eq!(profiles, ["a", "b"]);
        assert!(names.providers.contains_key("corp"));
    }
}
