//! `otok completions SHELL`: the script that makes a shell complete otok, for a file that a
//! package installs or a user keeps.
//!
//! It is the script `COMPLETE=SHELL otok` prints (clap_complete's registration for the
//! dynamic engine, see `complete`), with `otok` found on PATH when completing, so a file
//! written once keeps asking whichever otok is installed. For zsh it ends with one more line:
//! a file on `$fpath` is autoloaded as the function `_otok` on the first TAB, and its body
//! only registers the completer for the next ones; that line completes the first TAB too.

use anyhow::{anyhow, Result};
use clap_complete::env::Shells;

use crate::output::write_stdout;

/// The zsh script's last line: inert when the script is sourced, it runs the completer when
/// the file is the autoloaded `_otok`.
const ZSH_AUTOLOAD: &str = "\
# Autoloaded from $fpath as _otok, complete this first TAB as well.
if [[ ${funcstack[1]} == _otok ]]; then _clap_dynamic_completer_otok \"$@\"; fi
";

pub fn run(shell: clap_complete::Shell) -> Result<()> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let registration = shells
        .completer(&name)
        .ok_or_else(|| anyhow!("no completion for {name}"))?;
    let mut script = Vec::new();
    registration.write_registration("COMPLETE", "otok", "otok", "otok", &mut script)?;
    let mut script = String::from_utf8(script)?;
    if shell == clap_complete::Shell::Zsh {
        script.push_str(ZSH_AUTOLOAD);
    }
    write_stdout(&script)
}
