//! otok: get OAuth 2.0 access tokens for scripts, CI jobs and people debugging a provider.
//!
//! The binary (`main.rs`) parses the command line and hands it to [`commands::run`]; the
//! library holds everything else. Modules are `pub(crate)` unless something outside needs
//! them: `main.rs` (the command line and its quick parse, `commands::run`, `error::report`) and the fuzz targets
//! (the parsers of the config, token and error answers, redirects, JWTs, and the terminal
//! sanitizer), with the types their signatures name.

pub(crate) mod browser;
pub(crate) mod certificate;
pub(crate) mod ci;
pub mod cli;
pub mod commands;
pub(crate) mod complete;
pub mod config;
pub(crate) mod config_file;
pub(crate) mod dpop;
pub(crate) mod env;
pub mod error;
pub mod http;
pub(crate) mod jws;
pub mod jwt;
pub(crate) mod listener;
pub mod oauth;
pub(crate) mod obtain;
pub(crate) mod output;
pub(crate) mod progress;
pub mod provider;
pub mod quick_parse;
pub(crate) mod resource;
pub(crate) mod scrub;
pub mod secret;
pub(crate) mod store;
pub mod terminal;
pub mod token;
pub(crate) mod trace;
pub mod types;
pub mod when;
