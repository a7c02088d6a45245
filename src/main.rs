//! The `otok` binary: parse, run, report. Exit codes are decided in `error::report`.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let mut command = otok::cli::Cli::command();
    let matches = command.get_matches_mut();
    let cli = otok::cli::Cli::from_arg_matches(&matches)
        .unwrap_or_else(|e| e.format(&mut command).exit());
    // The command tree and the matches served their purpose: freeing their thousands of small
    // allocations would cost a tenth of a cached `otok token`, and the process ends soon.
    std::mem::forget(command);
    std::mem::forget(matches);
    match otok::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let (code, text) = otok::error::report(&err);
            eprint!("{text}");
            ExitCode::from(code)
        }
    }
}
