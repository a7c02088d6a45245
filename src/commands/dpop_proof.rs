//! `otok dpop-proof [PROFILE] --method M --url U`: a DPoP proof (RFC 9449) signed with the key
//! of the profile's stored token, for a request that another tool makes with that token. The
//! proof names the token (`ath`), so it goes with `Authorization: DPoP <token>` from
//! `otok token`; each proof is new (`jti`) and is good for one request.

use std::io::Write;

use anyhow::Result;

use super::load_settings;
use crate::cli::{Cli, DpopProofArgs};
use crate::dpop::{self, DpopKey};
use crate::error;
use crate::http::Method;
use crate::obtain::{self, Mode};

pub fn run(cli: &Cli, args: &DpopProofArgs) -> Result<()> {
    let method = Method::parse(&args.method).ok_or_else(|| {
        error::config(format!("`{}` is not a method otok knows", args.method))
            .hint("use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS")
    })?;
    crate::http::check_url(&args.url)?;
    if let Some(nonce) = &args.nonce {
        if !dpop::is_nonce(nonce) {
            return Err(error::config(
                "the nonce is not a DPoP-Nonce value (printable ASCII without `\"` and `\\`)",
            )
            .into());
        }
    }
    let settings = load_settings(cli, args.profile.as_deref(), &args.request, None)?;
    let mode = Mode::Cached {
        min_ttl: args.reuse.min_ttl,
        force: false,
    };
    let (token, _) = obtain::token(&settings, args.store.store, mode, cli.global.verbose)?;
    let kept = token
        .binding
        .dpop_key
        .as_ref()
        .ok_or_else(|| dpop::not_bound(settings.profile.as_deref()))?;
    let key = DpopKey::from_kept(kept)?;
    key.check_binding(&token.access_token)?;
    let proof = key.proof(
        method,
        &args.url,
        Some(&token.access_token),
        args.nonce.as_deref(),
    )?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", proof.expose())?;
    Ok(())
}
