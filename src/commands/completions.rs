//! `otok completions SHELL`: the completion script, generated from the clap declarations.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::output::write_stdout;

pub fn run(shell: clap_complete::Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "otok", &mut script);
    write_stdout(&String::from_utf8(script)?)
}
