//! `generic`: plain RFC 6749. Endpoints come from `--token-url` and friends or from discovery
//! (`--issuer`); client authentication is HTTP Basic as §2.3.1 prescribes.

use super::{Hooks, Provider, Revocation};
use crate::types::{AuthMethod, BodyEncoding, Grant};

#[derive(Debug)]
struct Generic;

impl Hooks for Generic {}

pub fn provider() -> Provider {
    Provider {
        name: "generic".into(),
        summary: "any RFC 6749 server; endpoints from --token-url or --issuer discovery".into(),
        base_url: None,
        token: None,
        authorize: None,
        revoke: None,
        introspect: None,
        revocation: Some(Revocation::RFC7009),
        pkce: true,
        body: BodyEncoding::Form,
        auth_method: AuthMethod::Basic,
        auth_methods: None,
        grants: None,
        default_grant: Grant::ClientCredentials,
        default_scope: Vec::new(),
        hooks: &Generic,
    }
}
