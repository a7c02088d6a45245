//! `otok token` and `otok refresh`: the token path (`obtain`), then the output.

use anyhow::Result;

use super::load_settings;
use crate::cli::{Cli, RefreshArgs, TokenArgs};
use crate::config::Settings;
use crate::obtain::{self, Mode};
use crate::output::{self, Origin};
use crate::token::TokenSet;

pub fn run(cli: &Cli, args: &TokenArgs) -> Result<()> {
    let settings = load_settings(
        cli,
        args.profile.as_deref(),
        &args.request,
        args.output.format,
    )?;
    let mode = Mode::Cached {
        min_ttl: args.reuse.min_ttl,
        force: args.force,
    };
    let (token, from_cache) = obtain::token(&settings, args.store.store, mode, cli.global.verbose)?;
    print(&settings, &token, from_cache, &args.output.env_var)
}

pub fn refresh(cli: &Cli, args: &RefreshArgs) -> Result<()> {
    let settings = load_settings(
        cli,
        args.profile.as_deref(),
        &args.request,
        args.output.format,
    )?;
    let (token, from_cache) = obtain::token(
        &settings,
        args.store.store,
        Mode::Refresh,
        cli.global.verbose,
    )?;
    print(&settings, &token, from_cache, &args.output.env_var)
}

pub fn print(settings: &Settings, token: &TokenSet, from_cache: bool, env_var: &str) -> Result<()> {
    let origin = Origin {
        provider: &settings.provider.name,
        profile: settings.profile.as_deref(),
        from_cache,
    };
    output::print(settings.format, token, &origin, env_var)
}
