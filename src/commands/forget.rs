//! `otok forget [PROFILE] | --all`: delete stored tokens without telling the provider.

use anyhow::Result;

use super::{load_settings, names_one};
use crate::cli::{Cli, ForgetArgs};
use crate::error;

pub fn run(cli: &Cli, args: &ForgetArgs) -> Result<()> {
    let store = crate::obtain::open_store(args.store.store)?;
    let keys: Vec<String> = if args.all {
        store.entries()?.into_iter().map(|(key, _)| key).collect()
    } else if names_one(args.profile.as_deref(), &args.request) {
        let settings = load_settings(cli, args.profile.as_deref(), &args.request, None)?;
        let mut keys = vec![crate::obtain::cache_key(&store, &settings)?];
        // Entries of this profile written under an older key derivation, which no other
        // command reaches any more.
        if let Some(profile) = &settings.profile {
            keys.extend(
                store
                    .entries()?
                    .into_iter()
                    .filter(|(_, e)| e.is_older() && e.profile.as_ref() == Some(profile))
                    .map(|(key, _)| key),
            );
        }
        keys
    } else {
        return Err(
            error::config("name a profile (or --provider and its options), or give --all").into(),
        );
    };
    let mut forgotten = 0;
    for key in &keys {
        if store.delete(key)? {
            forgotten += 1;
        }
    }
    match (args.all, forgotten) {
        (_, 0) => eprintln!("otok: nothing stored to forget"),
        (_, n) => eprintln!(
            "otok: forgot {n} stored token{} (the provider was not told)",
            if n == 1 { "" } else { "s" }
        ),
    }
    Ok(())
}
