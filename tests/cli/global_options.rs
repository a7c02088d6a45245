//! `-v` and `--config` are taken before the subcommand, after it, and after a nested one
//! (`otok profile list`): a `-v` anywhere traces, the last `--config` typed wins, and a typed
//! `--config` wins over OTOK_CONFIG wherever it is typed.

use std::ffi::OsString;
use std::path::PathBuf;

use serde_json::json;

use crate::support::server::{Reply, Server};
use crate::support::TestEnv;

/// A config file whose provider and profile carry its name, so that `otok providers` and
/// `otok profile list` tell which file was read.
fn config_named(env: &TestEnv, name: &str) -> PathBuf {
    env.write(
        &format!("{name}.toml"),
        &format!(
            "[providers.from-{name}]\ntoken_url = \"http://127.0.0.1:9/token\"\n\n\
             [profiles.profile-{name}]\nprovider = \"from-{name}\"\nclient_id = \"c\"\n"
        ),
    )
}

/// Which of the config files `one`, `two` and `env` the providers list came from.
fn read_from(listing: &str) -> Vec<&'static str> {
    ["one", "two", "env"]
        .into_iter()
        .filter(|name| listing.contains(&format!("from-{name}")))
        .collect()
}

/// The words of a command line, with ONE, TWO and ENV standing for those config files.
fn command_line(env: &TestEnv, words: &[&str]) -> Vec<OsString> {
    words
        .iter()
        .map(|word| match *word {
            "ONE" | "TWO" | "ENV" => env.path(&format!("{}.toml", word.to_lowercase())).into(),
            _ => word.into(),
        })
        .collect()
}

#[test]
fn the_last_config_typed_wins_and_a_typed_one_wins_over_otok_config() {
    let env = TestEnv::new();
    for name in ["one", "two", "env"] {
        config_named(&env, name);
    }
    let runs: [(&[&str], bool, &str); 7] = [
        (&["--config", "ONE", "providers"], false, "one"),
        (&["providers", "--config", "TWO"], false, "two"),
        (
            &["--config", "ONE", "providers", "--config", "TWO"],
            false,
            "two",
        ),
        (&["providers"], true, "env"),
        (&["--config", "ONE", "providers"], true, "one"),
        (&["providers", "--config", "TWO"], true, "two"),
        (&["providers", "--json", "--config", "ONE"], true, "one"),
    ];
    for (words, with_otok_config, expected) in runs {
        let otok = env.otok().args(command_line(&env, words));
        let otok = match with_otok_config {
            true => otok.env("OTOK_CONFIG", env.path("env.toml")),
            false => otok.env_remove("OTOK_CONFIG"),
        };
        let out = otok.run();
        assert_eq!(
            read_from(out.ok()),
            [expected],
            "otok {words:?}, OTOK_CONFIG set: {with_otok_config}"
        );
    }
}

#[test]
fn a_nested_subcommand_takes_config_at_every_level() {
    let env = TestEnv::new();
    for name in ["one", "two", "env"] {
        config_named(&env, name);
    }
    let runs: [(&[&str], &str); 5] = [
        (&["profile", "list"], "profile-env"),
        (&["profile", "list", "--config", "TWO"], "profile-two"),
        (&["profile", "--config", "ONE", "list"], "profile-one"),
        (
            &["--config", "ONE", "profile", "list", "--config", "TWO"],
            "profile-two",
        ),
        (
            &["profile", "--config", "TWO", "list", "--config", "ONE"],
            "profile-one",
        ),
    ];
    for (words, expected) in runs {
        let out = env
            .otok()
            .env("OTOK_CONFIG", env.path("env.toml"))
            .args(command_line(&env, words))
            .run();
        let listed = out.ok();
        for profile in ["profile-one", "profile-two", "profile-env"] {
            assert_eq!(
                listed.contains(profile),
                profile == expected,
                "otok {words:?}: {listed}"
            );
        }
    }
}

#[test]
fn verbose_traces_before_and_after_the_subcommand_and_only_when_given() {
    let env = TestEnv::new();
    let server = Server::start(|_| {
        Reply::json(
            200,
            json!({"access_token": "tok-1", "token_type": "Bearer"}),
        )
    });
    let token = |before: &[&str], after: &[&str]| {
        env.otok()
            .args(before)
            .token()
            .generic(&server)
            .client("c")
            .secret("s3cret")
            .args(["--store", "none"])
            .args(after)
            .run()
    };
    for (before, after) in [
        (&["-v"][..], &[][..]),
        (&[], &["-v"]),
        (&["--verbose"], &["-v"]),
    ] {
        let out = token(before, after);
        assert_eq!(out.ok(), "tok-1\n");
        assert!(
            out.stderr.contains("> POST http://127.0.0.1"),
            "{before:?} token {after:?}: {}",
            out.stderr
        );
        out.leaks_none(&["s3cret"]);
    }
    let quiet = token(&[], &[]);
    assert_eq!(quiet.ok(), "tok-1\n");
    assert!(!quiet.stderr.contains("> POST"), "{}", quiet.stderr);
}
