//! `otok profile add|list|show|remove`: the profiles of the config file.

use anyhow::Result;

use crate::cli::{Cli, ProfileArgs};

pub fn run(_cli: &Cli, _args: &ProfileArgs) -> Result<()> {
    Err(crate::error::config("otok profile is not built yet").into())
}
