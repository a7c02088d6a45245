//! Myfox HomeControl (api.myfox.me): form bodies, client credentials in the body, the password
//! grant for personal apps. No scopes and no revocation endpoint. Wrong passwords lock the
//! account for an hour, which is why otok never retries a 4xx.

use super::{Hooks, Provider};
use crate::types::{AuthMethod, BodyEncoding, Grant};

#[derive(Debug)]
struct Myfox;

impl Hooks for Myfox {}

pub fn provider() -> Provider {
    Provider {
        name: "myfox".into(),
        summary: "Myfox HomeControl".into(),
        base_url: Some("https://api.myfox.me".into()),
        token: Some("/oauth2/token".into()),
        authorize: Some("/oauth2/authorize".into()),
        revoke: None,
        introspect: None,
        revocation: None,
        pkce: false,
        body: BodyEncoding::Form,
        auth_method: AuthMethod::Post,
        auth_methods: Some(vec![AuthMethod::Post, AuthMethod::Basic, AuthMethod::None]),
        grants: Some(vec![
            Grant::Password,
            Grant::AuthorizationCode,
            Grant::RefreshToken,
        ]),
        default_grant: Grant::Password,
        default_scope: Vec::new(),
        hooks: &Myfox,
    }
}
