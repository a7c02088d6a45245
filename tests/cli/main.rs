//! Integration tests: the `otok` binary run as a user runs it, against loopback servers.

mod support;

mod authorize;
mod bad_answers;
mod bad_input;
mod client_auth;
mod completions;
mod discovery;
mod doctor;
mod dpop;
mod echoed_secrets;
mod exchange;
mod exec;
mod faults;
mod formats;
mod git;
mod hostile_store;
mod hostile_text;
mod identity;
mod inspect;
mod interop;
mod interop_auth;
mod interop_exchange;
mod introspect;
mod keyring;
mod kubectl;
mod listener_attacks;
mod man;
mod providers;
mod refresh;
mod request;
mod revoke;
mod secrets;
mod stdin_caps;
mod store;
mod transport;
