//! Google service accounts: the JWT-bearer grant (RFC 7523 §2.1) with an assertion signed by
//! the account's key, as Google's key files describe it (`client_email`, `private_key`,
//! `private_key_id`, `token_uri`). The scopes go in the assertion's `scope` claim; no client
//! authenticates.

use std::path::Path;

use anyhow::Result;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{GrantAssertionContext, Hooks, Provider, Revocation};
use crate::error;
use crate::secret::{Secret, SecretSource};
use crate::types::{AuthMethod, BodyEncoding, Grant, JWT_BEARER};

#[derive(Debug)]
struct ServiceAccounts;

impl Hooks for ServiceAccounts {
    fn scope_in_assertion(&self) -> bool {
        true
    }

    /// `iss` the account, `sub` only when impersonating a user (domain-wide delegation).
    fn grant_assertion_claims(&self, ctx: &GrantAssertionContext) -> Value {
        let mut claims = json!({
            "iss": ctx.issuer,
            "aud": ctx.audience,
            "iat": ctx.now,
            "exp": ctx.now + ctx.lifetime,
        });
        if !ctx.scopes.is_empty() {
            claims["scope"] = json!(ctx.scopes.join(" "));
        }
        if let Some(subject) = ctx.subject {
            claims["sub"] = json!(subject);
        }
        claims
    }
}

pub fn provider() -> Provider {
    Provider {
        name: "google-service-account".into(),
        summary:
            "Google service accounts: a key file (--service-account-file), the JWT-bearer grant"
                .into(),
        base_url: None,
        token: Some("https://oauth2.googleapis.com/token".into()),
        authorize: None,
        revoke: Some("https://oauth2.googleapis.com/revoke".into()),
        introspect: None,
        revocation: Some(Revocation {
            client_auth: Some(AuthMethod::None),
            ..Revocation::RFC7009
        }),
        pkce: false,
        body: BodyEncoding::Form,
        auth_method: AuthMethod::None,
        auth_methods: Some(vec![AuthMethod::None]),
        grants: Some(vec![Grant::Extension(JWT_BEARER.into())]),
        default_grant: Grant::Extension(JWT_BEARER.into()),
        default_scope: Vec::new(),
        hooks: &ServiceAccounts,
    }
}

/// A service account key file, read.
pub struct ServiceAccount {
    pub client_email: String,
    pub private_key: SecretSource,
    pub private_key_id: Option<String>,
    pub token_uri: Option<String>,
}

impl ServiceAccount {
    pub fn read(path: &Path) -> Result<ServiceAccount> {
        #[derive(Deserialize)]
        struct KeyFile {
            #[serde(rename = "type")]
            kind: Option<String>,
            client_email: String,
            private_key: String,
            private_key_id: Option<String>,
            token_uri: Option<String>,
        }
        let source = SecretSource::File(path.to_path_buf());
        source.warn_if_others_can_read("service account key");
        let text = source.resolve("service account key")?;
        let bad = |why: String| {
            error::config(format!(
                "cannot use the service account key file {}: {why}",
                path.display()
            ))
        };
        let file: KeyFile = serde_json::from_str(text.expose())
            .map_err(|e| bad(format!("it is not a service account key ({e})")))?;
        if file.kind.as_deref().is_some_and(|k| k != "service_account") {
            return Err(bad(format!(
                "its type is `{}`, not service_account",
                file.kind.unwrap_or_default()
            ))
            .into());
        }
        Ok(ServiceAccount {
            client_email: file.client_email,
            private_key: SecretSource::Literal(Secret::new(file.private_key)),
            private_key_id: file.private_key_id,
            token_uri: file.token_uri,
        })
    }
}
