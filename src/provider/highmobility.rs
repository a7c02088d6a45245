//! High Mobility (api.high-mobility.com): JSON bodies, client credentials in the body or an
//! ES256 `client_assertion` whose claims follow the High Mobility spec (`ver: 2`, the key id as
//! issuer, the API as audience, no `exp`), and revocation by DELETE with a JSON body.

use anyhow::Result;
use serde_json::{json, Value};

use super::{AssertionContext, AuthorizeInput, Hooks, Provider, Revocation, RevokeMethod};
use crate::error;
use crate::types::{AuthMethod, BodyEncoding, Grant};

#[derive(Debug)]
struct HighMobility;

impl Hooks for HighMobility {
    fn assertion_claims(&self, ctx: &AssertionContext) -> Result<Value> {
        let key_id = ctx.key_id.ok_or_else(|| {
            error::config("a High Mobility client assertion needs --key-id")
                .hint("use the id of the private key shown in the High Mobility console")
        })?;
        let base = ctx.base_url.unwrap_or("https://api.high-mobility.com");
        Ok(json!({
            "ver": 2,
            "iss": key_id,
            "aud": format!("{}/v1", base.trim_end_matches('/')),
            "jti": ctx.jti,
            "iat": ctx.now,
        }))
    }

    fn assertion_kid_in_header(&self) -> bool {
        false
    }

    /// The consent page takes `client_id`, `redirect_uri`, `state`, `code_challenge` and an
    /// optional `scope`, and no `response_type`.
    fn authorize_params(&self, req: &AuthorizeInput) -> Result<Vec<(String, String)>> {
        Ok(req.common())
    }
}

pub fn provider() -> Provider {
    Provider {
        name: "highmobility".into(),
        summary: "High Mobility".into(),
        base_url: Some("https://api.high-mobility.com".into()),
        token: Some("/v1/access_tokens".into()),
        authorize: Some("https://owner-panel.high-mobility.com/oauth/new".into()),
        revoke: Some("/v1/access_tokens".into()),
        introspect: None,
        // DELETE with a JSON body `{token, client_id, client_secret, token_type_hint}`: the
        // client secret in the body, even for a client that signs assertions.
        revocation: Some(Revocation {
            method: RevokeMethod::Delete,
            encoding: BodyEncoding::Json,
            hint: true,
            client_auth: Some(AuthMethod::Post),
        }),
        pkce: true,
        body: BodyEncoding::Json,
        auth_method: AuthMethod::Post,
        auth_methods: Some(vec![
            AuthMethod::Post,
            AuthMethod::PrivateKeyJwt,
            AuthMethod::None,
        ]),
        grants: Some(vec![
            Grant::ClientCredentials,
            Grant::AuthorizationCode,
            Grant::RefreshToken,
        ]),
        default_grant: Grant::ClientCredentials,
        default_scope: Vec::new(),
        hooks: &HighMobility,
    }
}

pub fn sandbox() -> Provider {
    Provider {
        name: "highmobility-sandbox".into(),
        summary: "High Mobility sandbox".into(),
        base_url: Some("https://sandbox.api.high-mobility.com".into()),
        authorize: Some("https://sandbox.owner-panel.high-mobility.com/oauth/new".into()),
        ..provider()
    }
}
