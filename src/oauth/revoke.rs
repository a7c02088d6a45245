//! Revocation at the provider: RFC 7009, myPOS's form with the token alone, and High
//! Mobility's DELETE with a JSON body.

use anyhow::Result;
use serde_json::json;

use super::request::{client_auth, with_body, Params};
use super::response;
use crate::config::Settings;
use crate::error::{self, Error, Kind};
use crate::http::{Client, Method};
use crate::provider::Revocation;
use crate::secret::Secret;
use crate::types::BodyEncoding;
use crate::types::TokenKind;

/// Asks the provider to revoke `token` at `url`; `Ok` once the provider confirmed.
pub fn revoke(
    client: &Client,
    s: &Settings,
    url: &str,
    token: &Secret,
    kind: TokenKind,
) -> Result<()> {
    let request = match s.provider.revocation {
        Revocation::None => {
            return Err(Error::new(
                Kind::Internal,
                format!("{} has no revocation", s.provider.name),
            )
            .into())
        }
        Revocation::Rfc7009 | Revocation::TokenOnly => {
            let mut params: Params = vec![("token".into(), token.expose().into())];
            if s.provider.revocation == Revocation::Rfc7009 {
                params.push(("token_type_hint".into(), kind.hint().into()));
            }
            let token_url = s.token_url.as_deref().unwrap_or(url);
            let basic = client_auth(s, token_url, &mut params, true)?;
            with_body(Method::Post, url, BodyEncoding::Form, &params, basic)?
        }
        Revocation::HighMobility => {
            let secret = s.client_secret.as_ref().ok_or_else(|| {
                error::config(format!(
                    "{} revokes tokens only for clients with a client secret",
                    s.provider.name
                ))
                .hint("set OTOK_CLIENT_SECRET, use --client-secret-file, or client_secret in the profile")
            })?;
            let secret = secret.resolve("client secret")?;
            let params: Params = vec![
                ("token".into(), token.expose().into()),
                ("client_id".into(), s.client_id.as_str().into()),
                ("client_secret".into(), secret.expose().into()),
                ("token_type_hint".into(), json!(kind.hint())),
            ];
            with_body(Method::Delete, url, BodyEncoding::Json, &params, None)?
        }
    };
    let resp = client.send(&request)?;
    let ctx = response::Context {
        provider: &s.provider.name,
        grant: "revocation",
        requested_scope: &[],
        now: 0,
    };
    match response::failure(&resp, &ctx, false) {
        Some(err) => Err(err),
        None => Ok(()),
    }
}
