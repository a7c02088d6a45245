//! myPOS / iCard (auth-api.mypos.com): form bodies, HTTP Basic `id:secret`, client credentials
//! with the `webhooks` scope, and RFC 7009-style revocation at `/oauth/revoke`.

use super::{Hooks, Provider, Revocation};
use crate::types::{AuthMethod, BodyEncoding, Grant};

#[derive(Debug)]
struct MyPos;

impl Hooks for MyPos {}

pub fn provider() -> Provider {
    Provider {
        name: "mypos".into(),
        summary: "myPOS / iCard".into(),
        base_url: Some("https://auth-api.mypos.com".into()),
        token: Some("/oauth/token".into()),
        authorize: None,
        revoke: Some("/oauth/revoke".into()),
        introspect: None,
        // The token alone, no `token_type_hint`.
        revocation: Some(Revocation {
            hint: false,
            ..Revocation::RFC7009
        }),
        pkce: false,
        body: BodyEncoding::Form,
        auth_method: AuthMethod::Basic,
        auth_methods: Some(vec![AuthMethod::Basic, AuthMethod::None]),
        grants: Some(vec![Grant::ClientCredentials]),
        default_grant: Grant::ClientCredentials,
        default_scope: vec!["webhooks".into()],
        hooks: &MyPos,
    }
}

pub fn sandbox() -> Provider {
    Provider {
        name: "mypos-sandbox".into(),
        summary: "myPOS / iCard sandbox".into(),
        base_url: Some("https://sandbox-auth-api.mypos.com".into()),
        ..provider()
    }
}
