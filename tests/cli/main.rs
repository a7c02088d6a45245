//! Integration tests: the `otok` binary run as a user runs it, against loopback servers.

mod support;

mod authorize;
mod bad_answers;
mod bad_input;
mod completions;
mod discovery;
mod exec;
mod faults;
mod formats;
mod hostile_text;
mod inspect;
mod interop;
mod introspect;
mod keyring;
mod providers;
mod revoke;
mod secrets;
mod store;
mod transport;
