//! `otok profile add|list|show|remove`: the profiles of the config file.
//!
//! `add` asks, on a terminal, for whatever its flags did not give — the provider (a built-in,
//! or an issuer whose metadata it reads), the client id, where the secret lives, the grant,
//! the scopes — and writes the same profile whether the answers were typed or given as flags.
//! Without a terminal, a missing answer is an error naming its flag. A secret typed for the
//! keychain goes there, never into the file. Then one token request proves the profile works.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Result;
use toml::Value;

use super::load_settings;
use crate::cli::{Cli, ProfileAction, ProfileAddArgs, ProfileArgs, RequestArgs};
use crate::config::FileConfig;
use crate::config_file::{self, NewProfile};
use crate::error;
use crate::oauth::discovery;
use crate::obtain::{self, Mode};
use crate::provider;
use crate::secret::{Secret, SecretSource, TokenFrom, MAX_SECRET};
use crate::types::{Backend, Grant};

pub fn run(cli: &Cli, args: &ProfileArgs) -> Result<()> {
    match &args.action {
        ProfileAction::Add(add_args) => add(cli, add_args),
        ProfileAction::List(_) => list(cli),
        ProfileAction::Show(args) => show(cli, &args.name),
        ProfileAction::Remove(args) => remove(cli, &args.name),
    }
}

/// Asks on the terminal, or says which flag gives the answer.
struct Questions {
    terminal: bool,
}

impl Questions {
    /// The answer to `question` (with `default` on an empty line); without a terminal, the
    /// error that names `flag`.
    fn ask(&self, question: &str, default: Option<&str>, flag: &str) -> Result<String> {
        if !self.terminal {
            return match default {
                Some(default) => Ok(default.to_string()),
                None => Err(error::config(format!(
                    "{question}: give it with {flag} (there is no terminal to ask on)"
                ))
                .into()),
            };
        }
        loop {
            match default {
                Some(d) if !d.is_empty() => eprint!("{question} [{d}]: "),
                _ => eprint!("{question}: "),
            }
            std::io::stderr().flush()?;
            let mut line = String::new();
            if std::io::stdin().lock().read_line(&mut line)? == 0 {
                return Err(error::config(format!("no answer to “{question}”")).into());
            }
            let line = line.trim();
            match (line.is_empty(), default) {
                (false, _) => return Ok(line.to_string()),
                (true, Some(d)) => return Ok(d.to_string()),
                (true, None) => eprintln!("  (an answer is needed)"),
            }
        }
    }

    fn say(&self, text: &str) {
        if self.terminal {
            eprintln!("{text}");
        }
    }
}

fn add(cli: &Cli, args: &ProfileAddArgs) -> Result<()> {
    let path = config_file::path(cli.global.config.as_deref())?;
    let q = Questions {
        terminal: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
    };
    let r = &args.request;
    let mut profile = NewProfile::default();
    config_file::check_new(&path, &args.name, args.replace)?;

    // The provider: a built-in, or any server by its issuer. The first profile makes the file.
    let config = match path.exists() {
        true => FileConfig::load(Some(&path))?.0,
        false => FileConfig::default(),
    };
    match (&r.provider, &r.issuer) {
        (Some(name), issuer) => {
            profile.provider = name.clone();
            profile.issuer = issuer.clone();
        }
        (None, Some(issuer)) => {
            profile.provider = "generic".into();
            profile.issuer = Some(issuer.clone());
        }
        (None, None) => {
            let names: Vec<&str> = provider::BUILTINS.iter().map(|(name, _)| *name).collect();
            q.say(&format!("Providers otok knows: {}", names.join(", ")));
            let answer = q.ask(
                "Provider (one of these, or the issuer URL of any other server)",
                None,
                "--provider NAME or --issuer URL",
            )?;
            if answer.contains("://") {
                profile.provider = "generic".into();
                profile.issuer = Some(answer);
            } else {
                profile.provider = answer;
            }
        }
    }
    let chosen = provider::lookup(&profile.provider, &config.providers)?;
    profile.base_url = r.base_url.clone();
    profile.token_url = r.token_url.clone();
    if chosen.token.is_none() && profile.issuer.is_none() && profile.token_url.is_none() {
        let answer = q.ask(
            "Issuer URL (its metadata names the endpoints)",
            None,
            "--issuer URL or --token-url URL",
        )?;
        profile.issuer = Some(answer);
    }
    if chosen.base_url.is_none() && chosen.token.is_some() && profile.base_url.is_none() {
        profile.base_url = Some(q.ask("Base URL of the server", None, "--base-url URL")?);
    }

    // What the server says it supports, to offer.
    let metadata = match &profile.issuer {
        Some(issuer) => {
            let client = crate::http::Client::new(
                std::time::Duration::from_secs(r.timeout.unwrap_or(30)),
                r.ca_cert.as_deref(),
                cli.global.verbose,
            )?;
            crate::http::check_url(issuer)?;
            let (meta, _) = discovery::discover(&client, issuer, None)?;
            q.say(&format!(
                "Found {issuer}: token endpoint {}",
                meta.token_endpoint.as_deref().unwrap_or("none")
            ));
            Some(meta)
        }
        None => None,
    };

    profile.client_id = Some(match &r.client_id {
        Some(id) => id.clone(),
        None => q.ask("Client id", None, "--client-id ID")?,
    });

    // The grant: what the provider and the server support.
    let grant = match &r.grant {
        Some(grant) => Some(grant.clone()),
        None if q.terminal => {
            let mut offered: Vec<String> = match (&chosen.grants, &metadata) {
                (Some(grants), _) => grants.iter().map(|g| g.as_str().to_string()).collect(),
                (None, Some(meta)) if !meta.grant_types_supported.is_empty() => {
                    meta.grant_types_supported.clone()
                }
                _ => vec!["client_credentials".into(), "authorization_code".into()],
            };
            offered.retain(|g| g != "implicit" && g != "refresh_token");
            let default = chosen.default_grant.as_str().to_string();
            q.say(&format!("Grants: {}", offered.join(", ")));
            let answer = q.ask("Grant", Some(&default), "--grant")?;
            Some(answer.parse::<Grant>().map_err(error::config)?)
        }
        None => None,
    };
    if let Some(grant) = &grant {
        chosen.check_grant(grant)?;
        if *grant != chosen.default_grant {
            profile.grant = Some(grant.as_str().to_string());
        }
    }
    let grant = grant.unwrap_or_else(|| chosen.default_grant.clone());
    if let Some(method) = r.auth_method {
        profile.auth_method = Some(method.as_str().to_string());
    }

    if grant == Grant::Password {
        profile.username = Some(match &r.username {
            Some(user) => user.clone(),
            None => q.ask("User name", None, "--username")?,
        });
    }

    // Where the client secret lives.
    let secret_from = match &args.secret_from {
        Some(from) => from.clone(),
        None if q.terminal => q.ask(
            "Client secret from env:VAR, file:PATH, command:CMD, keyring (typed now, kept in \
             the keychain) or none",
            Some("none"),
            "--secret-from",
        )?,
        None => "none".into(),
    };
    let keep_in_keychain = match secret_from.split_once(':') {
        _ if secret_from == "none" => false,
        _ if secret_from == "keyring" => {
            profile.client_secret = Some(("keyring".into(), args.name.clone()));
            true
        }
        Some((kind @ ("env" | "file" | "command"), place)) if !place.is_empty() => {
            profile.client_secret = Some((kind.into(), place.into()));
            false
        }
        _ => {
            return Err(error::config(format!(
                "`{secret_from}` is not where a secret can come from"
            ))
            .hint("give env:VAR, file:PATH, command:CMD, keyring or none")
            .into())
        }
    };

    // The scopes, from what the server lists.
    profile.scope = if !r.scope.is_empty() {
        crate::types::Scopes::from_words(&r.scope).0
    } else if q.terminal {
        if let Some(meta) = metadata.as_ref().filter(|m| !m.scopes_supported.is_empty()) {
            q.say(&format!(
                "Scopes the server lists: {}",
                meta.scopes_supported.join(" ")
            ));
        }
        let default = chosen.default_scope.join(" ");
        let answer = q.ask("Scopes (space-separated)", Some(&default), "--scope")?;
        answer.split_whitespace().map(str::to_string).collect()
    } else {
        Vec::new()
    };
    if profile.scope == chosen.default_scope {
        profile.scope.clear();
    }

    if keep_in_keychain {
        let secret = if q.terminal {
            rpassword::prompt_password("Client secret (not shown): ")?
        } else {
            crate::secret::read_capped(
                std::io::stdin().lock(),
                MAX_SECRET,
                "client secret",
                "stdin",
            )?
        };
        let secret = Secret::new(secret.trim_end_matches(['\r', '\n']));
        if secret.is_empty() {
            return Err(error::config("the client secret is empty").into());
        }
        let store = obtain::open_store(Backend::Keyring)?;
        store.put_keychain_secret(&args.name, &secret)?;
    }

    config_file::add(&path, &args.name, &profile, args.replace)?;
    eprintln!("otok: profile {} written to {}", args.name, path.display());
    if args.no_check {
        return Ok(());
    }
    check(cli, args, &grant)
}

/// One token request with the new profile, to prove it works.
fn check(cli: &Cli, args: &ProfileAddArgs, grant: &Grant) -> Result<()> {
    if grant.is_interactive() {
        eprintln!(
            "otok: the {grant} grant needs a person at a browser: run `otok authorize {}` to \
             finish",
            args.name
        );
        return Ok(());
    }
    let settings = load_settings(cli, Some(&args.name), &RequestArgs::default(), None)?;
    let (token, _) = obtain::token(
        &settings,
        args.store.store,
        Mode::Refresh,
        cli.global.verbose,
    )
    .map_err(|e| {
        e.context(format!(
            "the profile {} is written, but its token request failed; change it with \
                 `otok profile add {} --replace …` or in the config file",
            args.name, args.name
        ))
    })?;
    let lasts = token
        .expires_in(crate::token::now())
        .map(|s| format!(", valid for {}", crate::when::span(s.max(0) as u64)))
        .unwrap_or_default();
    eprintln!("otok: profile {} works: got a token{lasts}", args.name);
    Ok(())
}

fn list(cli: &Cli) -> Result<()> {
    let (config, path) = FileConfig::load(cli.global.config.as_deref())?;
    if config.profiles.is_empty() {
        eprintln!(
            "otok: no profiles{}; add one with `otok profile add NAME`",
            path.map(|p| format!(" in {}", p.display()))
                .unwrap_or_default()
        );
        return Ok(());
    }
    let mut text = String::from("PROFILE\tPROVIDER\tSERVER\tGRANT\n");
    for (name, p) in &config.profiles {
        let server = p
            .issuer
            .as_ref()
            .or(p.token_url.as_ref())
            .or(p.base_url.as_ref())
            .map_or("-", String::as_str);
        let grant = p.grant.as_ref().map_or("-", Grant::as_str);
        text.push_str(&format!(
            "{name}\t{}\t{server}\t{grant}\n",
            p.provider.as_deref().unwrap_or("-")
        ));
    }
    crate::output::write_stdout(&crate::terminal::sanitize(
        &crate::output::align(&text),
        usize::MAX,
    ))
}

/// The profile's keys as written, secrets shown by where they come from, never by value.
fn show(cli: &Cli, name: &str) -> Result<()> {
    let (config, path) = FileConfig::load(cli.global.config.as_deref())?;
    if !config.profiles.contains_key(name) {
        return Err(error::config(format!("unknown profile `{name}`")).into());
    }
    let path = path.ok_or_else(|| error::config("no config file"))?;
    let text = std::fs::read_to_string(&path)?;
    let doc: Value = toml::from_str(&text)?;
    let table = doc
        .get("profiles")
        .and_then(|p| p.get(name))
        .and_then(Value::as_table)
        .ok_or_else(|| error::config(format!("unknown profile `{name}`")))?;
    let mut out = format!("[profiles.{name}]\n");
    for (key, value) in table {
        out.push_str(&format!("{key} = {}\n", shown(key, value)));
    }
    crate::output::write_stdout(&crate::terminal::sanitize(&out, usize::MAX))
}

/// A value for `show`: a secret written in the file is hidden; a secret source is shown
/// (it says where the secret is, not what).
fn shown(key: &str, value: &Value) -> String {
    const SECRETS: &[&str] = &[
        "client_secret",
        "password",
        "private_key",
        "client_key",
        "subject_token",
        "actor_token",
        "assertion",
        "client_assertion",
        "card",
        "pin",
    ];
    let secret = SECRETS.contains(&key) || crate::types::is_secret_key(key);
    match value {
        Value::String(_) if secret => "(written in the config file, not shown)".into(),
        Value::Table(table) => {
            let inner: Vec<String> = table
                .iter()
                .map(|(k, v)| format!("{k} = {}", shown(k, v)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

fn remove(cli: &Cli, name: &str) -> Result<()> {
    let path = config_file::path(cli.global.config.as_deref())?;
    let (config, _) = FileConfig::load(cli.global.config.as_deref())?;
    let Some(profile) = config.profiles.get(name) else {
        return Err(error::config(format!("unknown profile `{name}`")).into());
    };
    let keychain_entry = |p: &crate::config::Profile| match &p.client_secret {
        Some(SecretSource::Token(TokenFrom::Keychain(entry))) => Some(entry.clone()),
        _ => None,
    };
    let entry = keychain_entry(profile);
    config_file::remove(&path, name)?;
    // The secret the profile kept in the keychain goes too, unless another profile uses it.
    if let Some(entry) = entry {
        let shared = config
            .profiles
            .iter()
            .any(|(other, p)| other != name && keychain_entry(p).as_ref() == Some(&entry));
        if !shared {
            let store = obtain::open_store(Backend::Keyring)?;
            store.delete_keychain_secret(&entry)?;
        }
    }
    eprintln!(
        "otok: profile {name} removed from {}; tokens it stored stay until `otok forget --all`",
        path.display()
    );
    Ok(())
}
