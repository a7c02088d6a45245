//! Revocation at the provider, as its [`Revocation`] says: RFC 7009 or a variant of it (the
//! token alone, a DELETE with a JSON body, the client secret in the body).

use anyhow::Result;

use super::discovery::Endpoints;
use super::endpoint::{self, Call, ClientAuth, Params};
use crate::config::Settings;
use crate::error::{Error, Kind};
use crate::http::{Client, Method};
use crate::provider::{Revocation, RevokeMethod};
use crate::secret::Secret;
use crate::types::TokenKind;

/// Asks the provider to revoke `token` at `url`; `Ok` once the provider confirmed.
pub fn revoke(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    url: &str,
    token: &Secret,
    kind: TokenKind,
) -> Result<()> {
    let Some(Revocation {
        method,
        encoding,
        hint,
        client_auth,
    }) = s.provider.revocation
    else {
        return Err(Error::new(
            Kind::Internal,
            format!("{} has no revocation", s.provider.name),
        )
        .into());
    };
    let mut params: Params = vec![("token".into(), token.expose().into())];
    if hint {
        params.push(("token_type_hint".into(), kind.hint().into()));
    }
    endpoint::call(
        client,
        s,
        ep,
        Call {
            what: "revocation",
            url,
            method: match method {
                RevokeMethod::Post => Method::Post,
                RevokeMethod::Delete => Method::Delete,
            },
            encoding,
            params,
            overrides: Vec::new(),
            auth: match client_auth {
                Some(method) => ClientAuth::Only(method),
                None => ClientAuth::AsConfigured { public_ok: true },
            },
            answers_with_a_token: false,
            dpop: None,
        },
    )?;
    Ok(())
}
