//! `otok introspect [PROFILE]`: ask the provider's RFC 7662 endpoint what it makes of a token
//! (the stored one, or one on stdin): active or not, scope, client, subject, expiry.

use anyhow::Result;
use serde_json::Value;

use super::inspect::from_stdin;
use super::{load_settings, names_one};
use crate::cli::{Cli, IntrospectArgs, ListFormat};
use crate::error;
use crate::oauth::discovery::{self, Endpoint};
use crate::oauth::introspect::introspect;
use crate::obtain::read;
use crate::output::{align, write_stdout};
use crate::types::TokenKind;
use crate::{terminal, token, when};

pub fn run(cli: &Cli, args: &IntrospectArgs) -> Result<()> {
    if !names_one(args.profile.as_deref(), &args.request) {
        return Err(
            error::config("name a profile (or --provider and its options)")
                .hint("the profile says which introspection endpoint to ask, and as which client")
                .into(),
        );
    }
    let settings = load_settings(cli, args.profile.as_deref(), &args.request, None)?;
    let token = if args.stdin {
        from_stdin()?
    } else {
        let store = crate::obtain::open_store(args.store.store)?;
        let record = read(&store, &crate::obtain::cache_key(&store, &settings)?)?;
        let token = record.and_then(|r| match args.which {
            TokenKind::Access => Some(r.access_token).filter(|t| !t.is_empty()),
            TokenKind::Refresh => r.refresh_token,
        });
        token.ok_or_else(|| {
            error::config(format!(
                "no {} is stored for this profile",
                args.which.noun()
            ))
            .hint("get one with `otok token`, or pipe a token in with --stdin")
        })?
    };
    let client = crate::obtain::client(&settings, cli.global.verbose)?;
    let ep = discovery::resolve(&settings, &client, Endpoint::Introspect, None, None)?;
    let url = ep.introspect.clone().ok_or_else(|| {
        error::config(format!(
            "no introspection endpoint is known for {}",
            settings.provider.name
        ))
        .hint("give --introspect-url, introspect_url in the profile, or --issuer whose metadata names one")
    })?;
    let mut answer = introspect(&client, &settings, &ep, &url, &token, args.which)?;
    hide_secrets(&mut answer);
    let text = match args.format {
        ListFormat::Json => format!(
            "{}\n",
            terminal::json(&crate::scrub::scrub(&serde_json::to_string_pretty(
                &answer
            )?))
        ),
        ListFormat::Table => table(&answer),
    };
    write_stdout(&text)
}

/// A server that echoes a secret back (`client_secret`, `token`, …) does not get it shown: the
/// values of secret-named keys are hidden at any depth, and every known secret is scrubbed
/// from the rest.
fn hide_secrets(answer: &mut serde_json::Map<String, Value>) {
    for (key, value) in answer.iter_mut() {
        if crate::types::is_secret_key(key) {
            *value = Value::String("(redacted)".into());
        } else if let Value::Object(inner) = value {
            hide_secrets(inner);
        } else if let Value::Array(items) = value {
            for item in items {
                if let Value::Object(inner) = item {
                    hide_secrets(inner);
                }
            }
        }
    }
}

/// The answer's fields a person looks for first, then any others; every key and value is the
/// server's text, escaped and cut ([`terminal::sanitize`]), tabs and line feeds included.
fn table(answer: &serde_json::Map<String, Value>) -> String {
    let now = token::now() as i64;
    let mut rows = String::new();
    let mut shown = Vec::new();
    for key in [
        "active",
        "scope",
        "client_id",
        "username",
        "sub",
        "aud",
        "iss",
        "token_type",
        "exp",
        "iat",
        "nbf",
    ] {
        let Some(value) = answer.get(key) else {
            continue;
        };
        shown.push(key);
        let text = match (key, value) {
            ("exp" | "iat" | "nbf", Value::Number(n)) if n.as_i64().is_some() => {
                let at = n.as_i64().unwrap_or_default();
                format!(
                    "{}  {}  ({})",
                    when::rfc3339(at),
                    when::local(at),
                    when::relative(at, now)
                )
            }
            (_, Value::String(s)) => terminal::sanitize(s, terminal::TEXT).into_owned(),
            (_, other) => terminal::sanitize(&other.to_string(), terminal::TEXT).into_owned(),
        };
        rows.push_str(&format!("{key}\t{text}\n"));
    }
    for (key, value) in answer {
        if !shown.contains(&key.as_str()) {
            rows.push_str(&format!(
                "{}\t{}\n",
                terminal::sanitize(key, terminal::WORD),
                terminal::sanitize(&value.to_string(), terminal::TEXT)
            ));
        }
    }
    align(&rows)
}
