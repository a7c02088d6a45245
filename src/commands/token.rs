//! `otok token`: resolve the settings, find the endpoints, run the grant, print the token.

use anyhow::Result;

use crate::cli::{Cli, TokenArgs};
use crate::config::{FileConfig, Settings};
use crate::error::{Error, Kind};
use crate::http::Client;
use crate::oauth::{discovery, request};
use crate::output::{self, Origin};

pub fn run(cli: &Cli, args: &TokenArgs) -> Result<()> {
    let (config, _) = FileConfig::load(cli.config.as_deref())?;
    let mut settings =
        Settings::resolve(&config, args.profile.as_deref(), &args.request, args.format)?;
    if settings.grant.is_interactive() {
        return Err(Error::new(
            Kind::Interactive,
            format!("the {} grant needs a person at a browser", settings.grant),
        )
        .hint("authorize interactively with `otok authorize`, then `otok token` can refresh")
        .into());
    }
    let client = Client::new(settings.timeout, settings.ca_cert.as_deref(), cli.verbose)?;
    discovery::complete(&mut settings, &client)?;
    let token_url = settings.token_url.clone().unwrap_or_default();
    let token =
        request::request_token(&client, &settings, &token_url, &settings.grant, Vec::new())?;
    let origin = Origin {
        provider: &settings.provider.name,
        profile: settings.profile.as_deref(),
        from_cache: false,
    };
    output::print(settings.format, &token, &origin, &args.env_var)
}
