//! `otok exec [PROFILE] -- CMD ARGS…`: run a command with the access token in its environment.
//!
//! The token travels in an environment variable, never in argv, where every user of the machine
//! could read it through `ps`. On Unix otok replaces itself with the command (`exec`), so
//! signals reach the command directly and its exit status is the caller's; elsewhere otok waits
//! for the command and exits with its code.

use std::io;
use std::process::Command;

use anyhow::Result;

use super::load_settings;
use crate::cli::{Cli, ExecArgs};
use crate::config::Settings;
use crate::error::{self, Error, Kind};
use crate::obtain::{self, Mode};

pub fn run(cli: &Cli, args: &ExecArgs) -> Result<()> {
    check_name(&args.env_var)?;
    let settings = load_settings(cli, args.profile.as_deref(), &args.request, None)?;
    let mode = Mode::Cached {
        min_ttl: args.reuse.min_ttl,
        force: false,
    };
    let (token, _) = obtain::token(&settings, args.store.store, mode, cli.global.verbose)?;
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| error::config("no command to run: give it after `--`"))?;
    let mut command = Command::new(program);
    command.args(rest);
    if !args.keep_env {
        for name in secret_variables(&settings) {
            command.env_remove(name);
        }
    }
    command.env(&args.env_var, token.access_token.expose());
    let name = program.to_string_lossy();
    run_command(command, &name)
}

#[cfg(unix)]
fn run_command(mut command: Command, name: &str) -> Result<()> {
    use std::os::unix::process::CommandExt;
    // Returns only when the command could not be started.
    let err = command.exec();
    Err(cannot_run(name, err))
}

#[cfg(not(unix))]
fn run_command(mut command: Command, name: &str) -> Result<()> {
    let status = command.status().map_err(|e| cannot_run(name, e))?;
    std::process::exit(status.code().unwrap_or(1));
}

fn cannot_run(name: &str, err: io::Error) -> anyhow::Error {
    let kind = match err.kind() {
        io::ErrorKind::NotFound => Kind::CommandNotFound,
        _ => Kind::CommandNotRunnable,
    };
    Error::new(kind, format!("cannot run `{name}`: {err}"))
        .hint("check the command after `--` and PATH")
        .into()
}

/// The variables that carry otok's own secrets: the `OTOK_*` secret variables, and every
/// variable a secret source of the profile names (`client_secret = { env = "…" }`). The
/// command gets the token, not what otok needed to get it.
fn secret_variables(s: &Settings) -> Vec<String> {
    let mut names: Vec<String> = SECRET_VARIABLES.iter().map(|n| n.to_string()).collect();
    names.extend(s.secret_variables.iter().cloned());
    names
}

/// otok's own secret variables.
const SECRET_VARIABLES: &[&str] = &[
    "OTOK_CLIENT_SECRET",
    "OTOK_PASSWORD",
    "OTOK_PIN",
    "OTOK_CARD",
    "OTOK_REFRESH_TOKEN",
    "OTOK_SUBJECT_TOKEN",
    "OTOK_ACTOR_TOKEN",
    "OTOK_ASSERTION",
    "OTOK_CLIENT_ASSERTION",
];

/// An environment variable name the command can read: not empty, no `=` or NUL.
fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.contains(['=', '\0']) {
        return Err(
            error::config(format!("`{name}` cannot be an environment variable name"))
                .hint("use a name such as ACCESS_TOKEN with --env-var")
                .into(),
        );
    }
    Ok(())
}
