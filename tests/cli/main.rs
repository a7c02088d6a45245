//! Integration tests: the `otok` binary run as a user runs it, against loopback servers.

mod support;

mod bad_answers;
mod bad_input;
mod completions;
mod discovery;
mod formats;
mod interop;
mod keyring;
mod providers;
mod secrets;
mod store;
mod transport;
