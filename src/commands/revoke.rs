//! `otok revoke [PROFILE]`: revoke the stored tokens at the provider, then delete them here.
//!
//! The refresh token goes first: at most servers its revocation also ends the access tokens
//! issued with it. The local entry changes only after the provider confirmed, so that a
//! revocation that failed can be run again; a provider without a revocation endpoint gets
//! the entry deleted locally, and stderr says that it was not told.

use anyhow::Result;

use super::{load_settings, names_one};
use crate::cli::{Cli, RevokeArgs, Which};
use crate::config::Settings;
use crate::error;
use crate::oauth::discovery::{self, Endpoint};
use crate::oauth::revoke::revoke;
use crate::obtain::{lock, read};
use crate::secret::Secret;
use crate::store::{Record, Store};
use crate::types::TokenKind;

pub fn run(cli: &Cli, args: &RevokeArgs) -> Result<()> {
    if !names_one(args.profile.as_deref(), &args.request) {
        return Err(
            error::config("name a profile (or --provider and its options)")
                .hint("`otok status` lists what is stored")
                .into(),
        );
    }
    let settings = load_settings(cli, args.profile.as_deref(), &args.request, None)?;
    let store = crate::obtain::open_store(args.store.store)?;
    let key = crate::obtain::cache_key(&store, &settings)?;
    let _lock = lock(&store, &key, &settings)?;
    let who = describe(&settings);

    let Some(mut record) = read(&store, &key)? else {
        return nothing(args.strict, format!("nothing is stored for {who}"));
    };
    let targets = targets(&record, args.which);
    if targets.is_empty() {
        return nothing(args.strict, format!("no refresh token is stored for {who}"));
    }

    let client = crate::obtain::client(&settings, cli.global.verbose)?;
    let ep = match settings.provider.revocation {
        Some(_) => Some(discovery::resolve(
            &settings,
            &client,
            Endpoint::Revoke,
            None,
            Some(&store),
        )?),
        None => None,
    };
    let Some((ep, url)) = ep.and_then(|ep| ep.revoke.clone().map(|url| (ep, url))) else {
        let why = match settings.provider.revocation {
            None => format!("{} has no revocation endpoint", settings.provider.name),
            Some(_) => format!(
                "no revocation endpoint is known for {}",
                settings.provider.name
            ),
        };
        if args.strict {
            return Err(error::config(format!("{why}: the tokens cannot be revoked"))
                .hint("give --revoke-url (or revoke_url in the profile); `otok forget` deletes them here only")
                .into());
        }
        store.delete(&key)?;
        eprintln!(
            "otok: {why}: the stored tokens were deleted here, but the provider was not told \
             (they stay valid until they expire)"
        );
        return Ok(());
    };

    let mut revoked = Vec::new();
    for (kind, token) in &targets {
        if let Err(e) = revoke(&client, &settings, &ep, &url, token, *kind) {
            if revoked.contains(&TokenKind::Refresh) {
                // The access token is still to be revoked: keep it, without the dead refresh token.
                record.refresh_token = None;
                store.put(&key, &record)?;
            }
            eprintln!(
                "otok: the {} was not revoked; the stored entry is kept, so that `otok revoke` can be run again",
                kind.noun()
            );
            return Err(e);
        }
        revoked.push(*kind);
    }
    let kept = forget_revoked(&store, &key, &mut record, &revoked)?;
    let names: Vec<&str> = revoked.iter().map(|k| k.noun()).collect();
    eprintln!(
        "otok: revoked the {} at {}; {}",
        names.join(" and the "),
        settings.provider.name,
        if kept {
            "the stored refresh token is kept (`otok token` gets a new access token with it)"
        } else {
            "the stored entry is deleted"
        }
    );
    Ok(())
}

/// The stored tokens to revoke, the refresh token first.
fn targets(record: &Record, which: Which) -> Vec<(TokenKind, Secret)> {
    let mut targets = Vec::new();
    if matches!(which, Which::Refresh | Which::All) {
        if let Some(refresh) = &record.refresh_token {
            targets.push((TokenKind::Refresh, refresh.clone()));
        }
    }
    if matches!(which, Which::Access | Which::All) && !record.access_token.is_empty() {
        targets.push((TokenKind::Access, record.access_token.clone()));
    }
    targets
}

/// Updates the store after `revoked` were revoked; returns whether an entry is kept. Only a
/// refresh token whose access token alone was revoked is kept: once the refresh token is gone,
/// the access tokens it begot are dead at most servers, and nothing is left worth keeping.
fn forget_revoked(
    store: &Store,
    key: &str,
    record: &mut Record,
    revoked: &[TokenKind],
) -> Result<bool> {
    if revoked.contains(&TokenKind::Refresh) || record.refresh_token.is_none() {
        store.delete(key)?;
        return Ok(false);
    }
    record.access_token = Secret::none();
    store.put(key, record)?;
    Ok(true)
}

/// Nothing to revoke: said on stderr, and an error only with `--strict`.
fn nothing(strict: bool, what: String) -> Result<()> {
    if strict {
        return Err(error::config(what)
            .hint("`otok status` lists what is stored")
            .into());
    }
    eprintln!("otok: {what}; nothing to revoke");
    Ok(())
}

fn describe(s: &Settings) -> String {
    match &s.profile {
        Some(profile) => format!("profile {profile}"),
        None => format!("{} client {}", s.provider.name, s.client_id),
    }
}
