//! One module per subcommand; `run` dispatches to them.

mod completions;
mod providers;
mod token;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Token(args) => token::run(&cli, args),
        Command::Providers(args) => providers::run(&cli, args),
        Command::Completions { shell } => completions::run(*shell),
    }
}
