//! One module per subcommand; `run` dispatches to them.

mod authorize;
mod completions;
mod doctor;
mod dpop_proof;
mod exec;
mod forget;
mod git_credential;
mod inspect;
mod introspect;
mod kubeconfig;
mod profile;
mod providers;
mod request;
mod revoke;
mod status;
mod token;

use anyhow::Result;

use crate::cli::{Cli, Command, RequestArgs};
use crate::config::{FileConfig, Settings};
use crate::types::Format;

pub fn run(cli: Cli) -> Result<()> {
    crate::obtain::enable_token_sources(cli.global.config.clone(), cli.global.verbose);
    match &cli.command {
        Command::Token(args) => token::run(&cli, args),
        Command::Refresh(args) => token::refresh(&cli, args),
        Command::Status(args) => status::run(&cli, args),
        Command::Authorize(args) => authorize::run(&cli, args),
        Command::Revoke(args) => revoke::run(&cli, args),
        Command::Forget(args) => forget::run(&cli, args),
        Command::Exec(args) => exec::run(&cli, args),
        Command::Request(args) => request::run(&cli, args),
        Command::DpopProof(args) => dpop_proof::run(&cli, args),
        Command::Inspect(args) => inspect::run(&cli, args),
        Command::Introspect(args) => introspect::run(&cli, args),
        Command::Providers(args) => providers::run(&cli, args),
        Command::Kubeconfig(args) => kubeconfig::run(&cli, args),
        Command::GitCredential(args) => git_credential::run(&cli, args),
        Command::Profile(args) => profile::run(&cli, args),
        Command::Doctor(args) => doctor::run(&cli, args),
        Command::Completions(args) => completions::run(args.shell),
    }
}

/// The settings for a profile (or for flags and environment alone).
fn load_settings(
    cli: &Cli,
    profile: Option<&str>,
    request: &RequestArgs,
    format: Option<Format>,
) -> Result<Settings> {
    let (config, _) = FileConfig::load(cli.global.config.as_deref())?;
    Settings::resolve(&config, profile, request, format)
}

/// Whether the command names one token (a profile, or a provider) rather than all of them.
fn names_one(profile: Option<&str>, request: &RequestArgs) -> bool {
    profile.is_some() || request.provider.is_some()
}
