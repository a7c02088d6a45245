//! The `otok` binary: parse, run, report. Exit codes are decided in `error::report`.
//!
//! On Linux with glibc the C runtime calls [`main`] directly, without Rust's start-up: that start-up asks
//! glibc where the main thread's stack ends (to name a stack overflow in its message), which
//! glibc answers by reading and scanning /proc/self/maps — a fifth of the instructions of
//! `otok --version`, on every run. The two things of that start-up that matter here are done
//! below instead: the standard descriptors are made sure to be open, and SIGPIPE is ignored
//! (a reader that went away is an error otok handles, not a signal that kills it). Without it,
//! a stack overflow ends the process with SIGSEGV rather than SIGABRT and a message.

#![cfg_attr(all(target_os = "linux", target_env = "gnu"), no_main)]

use std::io::Write;

use clap::CommandFactory;

// glibc hands the arguments and the environment to std without its start-up; elsewhere the
// usual `main` stays.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    standard_descriptors_open();
    // SAFETY: setting a signal's disposition to SIG_IGN has no other effect.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    let code = run();
    let _ = std::io::stdout().flush();
    libc::c_int::from(code)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(run())
}

/// Opens /dev/null on any of stdin, stdout and stderr that is closed, as Rust's start-up does:
/// otherwise the next file otok opens (a token's file) would take that number, and what is
/// printed would land in it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn standard_descriptors_open() {
    for fd in 0..3 {
        // SAFETY: F_GETFD only reads the descriptor's flags; open() gets a valid C string.
        unsafe {
            if libc::fcntl(fd, libc::F_GETFD) == -1
                && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF)
                && libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) == -1
            {
                libc::abort();
            }
        }
    }
}

/// OTOK_* variables set to the empty string count as unset, as otok's own readers of the
/// environment take them (OTOK_DATA_DIR, the CI sources): a job's `OTOK_SCOPE: ${{ vars.SCOPE
/// }}` naming no variable must not fail with clap's "a value is required for '--scope'". clap
/// reads the environment for itself, so the empty ones are removed before it runs, while no
/// other thread does.
fn unset_empty_otok_variables() {
    for name in empty_otok_variables() {
        // An environment can hold a name twice; the value otok (and clap) would read is the
        // first one's, which is what decides.
        if std::env::var_os(&name).is_some_and(|value| value.is_empty()) {
            std::env::remove_var(name);
        }
    }
}

/// The names of the OTOK_* variables with an empty entry. The environment is scanned in
/// place: copying every variable out (`vars_os`) would allocate two strings per variable on
/// every run, for names that are almost never there.
#[cfg(unix)]
fn empty_otok_variables() -> Vec<std::ffi::OsString> {
    use std::os::unix::ffi::OsStrExt;
    extern "C" {
        // `mut`: setenv may replace the array, as std's own declaration allows for.
        static mut environ: *const *const libc::c_char;
    }
    let mut names = Vec::new();
    // SAFETY: environ is a null-terminated array of C strings, and nothing changes it while
    // this single thread reads it.
    unsafe {
        let mut entry = std::ptr::addr_of!(environ).read();
        while !entry.is_null() && !(*entry).is_null() {
            let bytes = std::ffi::CStr::from_ptr(*entry).to_bytes();
            if let Some(name) = bytes.strip_suffix(b"=") {
                if name.starts_with(b"OTOK_") && !name.contains(&b'=') {
                    names.push(std::ffi::OsStr::from_bytes(name).to_owned());
                }
            }
            entry = entry.add(1);
        }
    }
    names
}

/// Windows' variable names are not case-sensitive.
#[cfg(not(unix))]
fn empty_otok_variables() -> Vec<std::ffi::OsString> {
    std::env::vars_os()
        .filter(|(name, value)| {
            value.is_empty()
                && name
                    .to_string_lossy()
                    .to_ascii_uppercase()
                    .starts_with("OTOK_")
        })
        .map(|(name, _)| name)
        .collect()
}

/// Parses the command line, runs the command, and reports an error: the exit code.
fn run() -> u8 {
    unset_empty_otok_variables();
    // A shell asking for completions (`COMPLETE=bash otok -- …`) is answered here, and the
    // process ends. Looked at first: clap_complete reads the arguments and the working
    // directory before it looks at COMPLETE, which an ordinary run need not pay for.
    if std::env::var_os("COMPLETE").is_some() {
        clap_complete::CompleteEnv::with_factory(otok::cli::Cli::command).complete();
    }
    let cli = otok::quick_parse::parse(std::env::args_os()).unwrap_or_else(parse);
    match otok::commands::run(cli) {
        Ok(()) => 0,
        Err(err) => {
            let (code, text) = otok::error::report(&err);
            eprint!("{text}");
            code
        }
    }
}

/// The command line read by clap: whatever `quick_parse` left, and its errors.
fn parse() -> otok::cli::Cli {
    let mut command = otok::cli::Cli::command();
    let mut matches = command.get_matches_mut();
    let cli = otok::cli::Cli::from_matches(&mut matches)
        .unwrap_or_else(|e| e.format(&mut command).exit());
    // The command tree and the matches served their purpose: freeing their thousands of small
    // allocations would cost a tenth of a cached `otok token`, and the process ends soon.
    std::mem::forget(command);
    std::mem::forget(matches);
    cli
}
