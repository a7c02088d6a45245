//! The `otok` binary: parse, run, report. Exit codes are decided in `error::report`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = otok::cli::Cli::parse();
    match otok::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let (code, text) = otok::error::report(&err);
            eprint!("{text}");
            ExitCode::from(code)
        }
    }
}
