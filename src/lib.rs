//! otok: get OAuth 2.0 access tokens for scripts, CI jobs and people debugging a provider.
//!
//! The binary (`main.rs`) parses the command line and hands it to [`commands::run`]; the
//! library holds everything else so that tests and fuzz targets can reach the parsers.

pub mod browser;
pub mod cli;
pub mod commands;
pub mod config;
pub mod env;
pub mod error;
pub mod http;
pub mod jwt;
pub mod listener;
pub mod oauth;
pub mod obtain;
pub mod output;
pub mod provider;
pub mod scrub;
pub mod secret;
pub mod store;
pub mod terminal;
pub mod token;
pub mod trace;
pub mod types;
pub mod when;
