//! The provider table: what each authorization server expects, as data plus small hooks.
//!
//! A provider is its endpoints (paths below a base URL, so that `--base-url` moves all of them
//! at once), its body encoding, its client authentication, the grants it accepts and its way of
//! revoking. What no table can say (MyQ's `login_info` object, High Mobility's assertion claims)
//! is a [`Hooks`] method. Adding a provider is one file here and one line in [`BUILTINS`].

pub mod generic;
pub mod google;
pub mod highmobility;
pub mod myfox;
pub mod mypos;
pub mod myq;

use anyhow::Result;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error;
use crate::secret::{Reveal, SecretSource};
use crate::types::{AuthMethod, BodyEncoding, Grant};

/// How a provider revokes tokens: RFC 7009 ([`Revocation::RFC7009`]) or a variant of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revocation {
    pub method: RevokeMethod,
    pub encoding: BodyEncoding,
    /// Whether `token_type_hint` goes with the token.
    pub hint: bool,
    /// How the client authenticates: as at the token endpoint (`None`), or this way.
    pub client_auth: Option<AuthMethod>,
}

impl Revocation {
    /// RFC 7009: POST, form `token` and `token_type_hint`, the client's authentication as at
    /// the token endpoint.
    pub const RFC7009: Revocation = Revocation {
        method: RevokeMethod::Post,
        encoding: BodyEncoding::Form,
        hint: true,
        client_auth: None,
    };
}

/// The HTTP method of a revocation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeMethod {
    Post,
    Delete,
}

impl RevokeMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            RevokeMethod::Post => "POST",
            RevokeMethod::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Provider {
    pub name: String,
    pub summary: String,
    /// The default base URL; `None` where the server is the user's own (MyQ).
    pub base_url: Option<String>,
    /// Endpoints: a path (`/oauth/token`) below the base URL, or an absolute URL.
    pub token: Option<String>,
    pub authorize: Option<String>,
    pub revoke: Option<String>,
    /// RFC 7662 token introspection.
    pub introspect: Option<String>,
    /// How it revokes tokens; `None`: it has no revocation, tokens can only be forgotten.
    pub revocation: Option<Revocation>,
    /// Whether the authorization-code flow uses PKCE (RFC 7636, S256).
    pub pkce: bool,
    pub body: BodyEncoding,
    /// The client authentication used when none is chosen.
    pub auth_method: AuthMethod,
    /// The client authentications it takes; `None` takes any.
    pub auth_methods: Option<Vec<AuthMethod>>,
    /// The grants it accepts; `None` accepts any, extension grants included.
    pub grants: Option<Vec<Grant>>,
    /// The grant used when none is asked for and no user name or login is given.
    pub default_grant: Grant,
    /// Scopes requested when none are given.
    pub default_scope: Vec<String>,
    pub hooks: &'static dyn Hooks,
}

/// What a provider does differently from RFC 6749, beyond what the table can say.
pub trait Hooks: Sync + std::fmt::Debug {
    /// Parameters of a grant only this provider has. `None`: the grant is not its own.
    fn grant_params(
        &self,
        _grant: &Grant,
        _login: &LoginInput,
    ) -> Result<Option<Vec<(String, Value)>>> {
        Ok(None)
    }

    /// The query of the authorization URL. The default is RFC 6749 §4.1.1, with the RFC 7636
    /// challenge when there is one.
    fn authorize_params(&self, req: &AuthorizeInput) -> Result<Vec<(String, String)>> {
        let mut params = vec![("response_type".to_string(), "code".to_string())];
        params.extend(req.common());
        Ok(params)
    }

    /// Whether the assertion's JWS header names the key (`kid`).
    fn assertion_kid_in_header(&self) -> bool {
        true
    }

    /// Whether the scopes of a JWT-bearer grant go in its assertion (`scope` claim) rather than
    /// in a `scope` parameter.
    fn scope_in_assertion(&self) -> bool {
        false
    }

    /// The claims of the assertion otok signs for a JWT-bearer grant (RFC 7523 §3): `sub` is the
    /// issuer unless another subject is named.
    fn grant_assertion_claims(&self, ctx: &GrantAssertionContext) -> Value {
        json!({
            "iss": ctx.issuer,
            "sub": ctx.subject.unwrap_or(ctx.issuer),
            "aud": ctx.audience,
            "jti": ctx.jti,
            "iat": ctx.now,
            "exp": ctx.now + ctx.lifetime,
        })
    }

    /// The claims of a client assertion. The default is RFC 7523 §3 (`private_key_jwt`,
    /// `client_secret_jwt`).
    fn assertion_claims(&self, ctx: &AssertionContext) -> Result<Value> {
        Ok(json!({
            "iss": ctx.client_id,
            "sub": ctx.client_id,
            "aud": ctx.audience,
            "jti": ctx.jti,
            "iat": ctx.now,
            "exp": ctx.now + ctx.lifetime,
        }))
    }
}

/// The credentials of a resource owner, for grants that carry them, and how to read them:
/// for the request, or for the cache key (see [`Reveal`]).
pub struct LoginInput<'a> {
    pub login_type: Option<crate::types::LoginType>,
    pub username: Option<&'a str>,
    pub password: Option<&'a SecretSource>,
    pub card: Option<&'a SecretSource>,
    pub pin: Option<&'a SecretSource>,
    pub reveal: &'a dyn Reveal,
}

/// What an authorization URL is made from.
#[derive(Debug)]
pub struct AuthorizeInput<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a [String],
    pub state: &'a str,
    /// The S256 code challenge, for providers that take PKCE.
    pub code_challenge: Option<&'a str>,
}

impl AuthorizeInput<'_> {
    /// `client_id`, `redirect_uri`, `scope` (when there is one), `state`, and the PKCE
    /// challenge with its method.
    pub fn common(&self) -> Vec<(String, String)> {
        let mut params = vec![
            ("client_id".to_string(), self.client_id.to_string()),
            ("redirect_uri".to_string(), self.redirect_uri.to_string()),
        ];
        if !self.scopes.is_empty() {
            params.push(("scope".into(), self.scopes.join(" ")));
        }
        params.push(("state".into(), self.state.to_string()));
        if let Some(challenge) = self.code_challenge {
            params.push(("code_challenge".into(), challenge.to_string()));
            params.push(("code_challenge_method".into(), "S256".into()));
        }
        params
    }
}

/// What an assertion's claims are made from.
#[derive(Debug)]
pub struct AssertionContext<'a> {
    pub client_id: &'a str,
    pub key_id: Option<&'a str>,
    /// The `aud`: the endpoint called, unless `--assertion-audience` says otherwise.
    pub audience: &'a str,
    pub base_url: Option<&'a str>,
    pub now: u64,
    /// Seconds from `iat` to `exp`.
    pub lifetime: u64,
    pub jti: String,
}

/// What a JWT-bearer grant's assertion is made from.
#[derive(Debug)]
pub struct GrantAssertionContext<'a> {
    pub issuer: &'a str,
    pub subject: Option<&'a str>,
    pub audience: &'a str,
    pub scopes: &'a [String],
    pub now: u64,
    pub lifetime: u64,
    pub jti: String,
}

/// A built-in provider's name, beside the function that builds it so that a lookup builds
/// only the provider it finds.
pub type Builtin = (&'static str, fn() -> Provider);

/// The built-in providers, in the order `otok providers` lists them.
pub const BUILTINS: &[Builtin] = &[
    ("myq", myq::provider),
    ("myfox", myfox::provider),
    ("mypos", mypos::provider),
    ("mypos-sandbox", mypos::sandbox),
    ("highmobility", highmobility::provider),
    ("highmobility-sandbox", highmobility::sandbox),
    ("google-service-account", google::provider),
    ("generic", generic::provider),
];

/// Every built-in provider, built.
pub fn builtins() -> impl Iterator<Item = Provider> {
    BUILTINS.iter().map(|(_, provider)| provider())
}

/// A provider of the config file's `[providers.NAME]`: a generic provider with its own
/// endpoints and habits.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderDef {
    pub base_url: Option<String>,
    pub token_url: Option<String>,
    pub authorize_url: Option<String>,
    pub revoke_url: Option<String>,
    pub introspect_url: Option<String>,
    pub auth_method: Option<AuthMethod>,
    pub body: Option<BodyEncoding>,
    pub grant: Option<Grant>,
    pub scope: Option<crate::types::Scopes>,
}

impl ProviderDef {
    fn into_provider(self, name: &str) -> Provider {
        let mut p = generic::provider();
        p.name = name.to_string();
        p.summary = "defined in the config file".into();
        p.base_url = self.base_url;
        p.token = self.token_url.or(p.token);
        p.authorize = self.authorize_url.or(p.authorize);
        p.revoke = self.revoke_url.or(p.revoke);
        p.introspect = self.introspect_url.or(p.introspect);
        p.auth_method = self.auth_method.unwrap_or(p.auth_method);
        p.body = self.body.unwrap_or(p.body);
        p.default_grant = self.grant.unwrap_or(p.default_grant);
        p.default_scope = self.scope.map(|s| s.0).unwrap_or_default();
        p
    }
}

/// Finds a provider by name: the config file's own first, so that a user can redefine one.
pub fn lookup(
    name: &str,
    defined: &std::collections::BTreeMap<String, ProviderDef>,
) -> Result<Provider> {
    if let Some(def) = defined.get(name) {
        return Ok(def.clone().into_provider(name));
    }
    if let Some((_, provider)) = BUILTINS.iter().find(|(builtin, _)| *builtin == name) {
        return Ok(provider());
    }
    let mut known: Vec<&str> = BUILTINS.iter().map(|(builtin, _)| *builtin).collect();
    known.extend(defined.keys().map(String::as_str));
    Err(error::config(format!("unknown provider `{name}`"))
        .hint(format!(
            "known providers: {} (see `otok providers`)",
            known.join(", ")
        ))
        .into())
}

impl Provider {
    /// An endpoint's URL: an absolute override, else the provider's path below `base`.
    pub fn endpoint(&self, path: Option<&str>, base: Option<&str>) -> Option<String> {
        let path = path?;
        if path.contains("://") {
            return Some(path.to_string());
        }
        let base = base.or(self.base_url.as_deref())?;
        Some(format!("{}{}", base.trim_end_matches('/'), path))
    }

    /// Rejects a client authentication the provider does not take, naming those it does.
    pub fn check_auth_method(&self, method: AuthMethod) -> Result<()> {
        match &self.auth_methods {
            Some(methods) if !methods.contains(&method) => {
                let names: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
                Err(error::config(format!(
                    "{} does not take the {} client authentication (it takes {})",
                    self.name,
                    method.as_str(),
                    names.join(", ")
                ))
                .into())
            }
            _ => Ok(()),
        }
    }

    /// Rejects a grant the provider does not accept, naming those it does.
    pub fn check_grant(&self, grant: &Grant) -> Result<()> {
        match &self.grants {
            Some(grants) if !grants.contains(grant) => {
                let names: Vec<&str> = grants.iter().map(Grant::as_str).collect();
                Err(error::config(format!(
                    "{} does not support the {grant} grant (it supports {})",
                    self.name,
                    names.join(", ")
                ))
                .into())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_builtin_is_listed_under_its_own_name_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (name, provider) in BUILTINS {
            assert_eq!(provider().name, *name);
            assert!(seen.insert(*name), "{name} listed twice");
        }
    }
}
