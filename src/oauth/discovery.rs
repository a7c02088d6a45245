//! Endpoints from the issuer: RFC 8414 authorization server metadata, or OpenID Connect
//! discovery. The document must name the issuer that was asked for (RFC 8414 §3.3), so that
//! a server cannot pass off another's endpoints.

use anyhow::Result;
use serde::Deserialize;

use crate::config::{Settings, TokenEndpoint};
use crate::error::{Error, Kind};
use crate::http::{check_url, Client, Method, Request};
use crate::types::AuthMethod;

#[derive(Debug, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub token_endpoint: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub introspection_endpoint: Option<String>,
    pub device_authorization_endpoint: Option<String>,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// RFC 8705 §5: where a client with a certificate calls instead.
    #[serde(default)]
    pub mtls_endpoint_aliases: MtlsAliases,
    /// RFC 9449 §5.1: the server takes DPoP proofs signed so.
    #[serde(default)]
    pub dpop_signing_alg_values_supported: Vec<String>,
    #[serde(default)]
    pub grant_types_supported: Vec<String>,
    #[serde(default)]
    pub scopes_supported: Vec<String>,
}

/// The endpoints of `mtls_endpoint_aliases` otok calls.
#[derive(Debug, Default, Deserialize)]
pub struct MtlsAliases {
    pub token_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub introspection_endpoint: Option<String>,
    pub device_authorization_endpoint: Option<String>,
}

/// Where the metadata may be: OpenID's location first (most servers have it), then RFC 8414's.
fn locations(issuer: &str) -> Vec<String> {
    let issuer = issuer.trim_end_matches('/');
    let mut urls = vec![format!("{issuer}/.well-known/openid-configuration")];
    if let Some((scheme, rest)) = issuer.split_once("://") {
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        urls.push(format!(
            "{scheme}://{host}/.well-known/oauth-authorization-server{path}"
        ));
    }
    urls
}

/// The longest a discovery document is kept: a day, whatever the server says.
pub const MAX_AGE: u64 = 24 * 60 * 60;

/// Where discovery documents are kept between runs (the store's data directory).
pub trait MetadataCache {
    fn get(&self, issuer: &str) -> Option<Vec<u8>>;
    fn put(&self, issuer: &str, document: &[u8]);
}

/// A kept document: the metadata as the server sent it, when, and for how long it holds.
#[derive(Deserialize, serde::Serialize)]
struct Kept {
    issuer: String,
    fetched_at: u64,
    max_age: u64,
    metadata: serde_json::Value,
}

/// How long an answer may be kept, from its `Cache-Control` (RFC 9111 §5.2.2): not at all for
/// `no-store` or `no-cache`, `max-age` seconds, else a day; never more than [`MAX_AGE`].
pub fn max_age(cache_control: Option<&str>) -> u64 {
    let Some(value) = cache_control else {
        return MAX_AGE;
    };
    let mut age = MAX_AGE;
    for directive in value.split(',').map(|d| d.trim().to_ascii_lowercase()) {
        if directive == "no-store" || directive == "no-cache" {
            return 0;
        }
        if let Some(secs) = directive.strip_prefix("max-age=") {
            age = secs.trim_matches('"').parse().unwrap_or(0);
        }
    }
    age.min(MAX_AGE)
}

/// What kept metadata is filed under: the issuer, and what decided which server was trusted
/// to answer for it (the extra CA) and which endpoints a client takes from it (the mutual-TLS
/// aliases, with a certificate). A document fetched under one is never used under another.
pub fn kept_as(s: &Settings, issuer: &str) -> String {
    let ca = s.ca_cert.as_ref().map(|p| p.display().to_string());
    format!(
        "{issuer}\n{}\n{}",
        ca.unwrap_or_default(),
        s.client_cert_file.is_some()
    )
}

/// The issuer's metadata: kept from an earlier run (under `kept_as`) while it holds, else
/// fetched (and kept when the server allows). The second value says whether it was a kept one.
pub fn discover(
    client: &Client,
    issuer: &str,
    cache: Option<(&dyn MetadataCache, &str)>,
) -> Result<(Metadata, bool)> {
    if let Some(meta) = cache.and_then(|(c, name)| kept(c, name, issuer)) {
        return Ok((meta, true));
    }
    let (meta, body, age) = fetch(client, issuer)?;
    if let (Some((cache, name)), true) = (cache, age > 0) {
        let kept = Kept {
            issuer: issuer.to_string(),
            fetched_at: crate::token::now(),
            max_age: age,
            metadata: body,
        };
        if let Ok(bytes) = serde_json::to_vec(&kept) {
            cache.put(name, &bytes);
        }
    }
    Ok((meta, false))
}

/// The metadata kept as `name` if it still holds, names `issuer` and parses.
fn kept(cache: &dyn MetadataCache, name: &str, issuer: &str) -> Option<Metadata> {
    let kept: Kept = serde_json::from_slice(&cache.get(name)?).ok()?;
    let now = crate::token::now();
    let fresh = kept.issuer == issuer
        && kept.fetched_at <= now
        && now < kept.fetched_at + kept.max_age.min(MAX_AGE);
    let meta: Metadata = serde_json::from_value(kept.metadata).ok()?;
    (fresh && same_issuer(&meta.issuer, issuer)).then_some(meta)
}

fn same_issuer(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// Fetches the metadata: the parsed document, the document as sent, and how long it may be kept.
fn fetch(client: &Client, issuer: &str) -> Result<(Metadata, serde_json::Value, u64)> {
    let mut last = String::new();
    for url in locations(issuer) {
        let resp = client.send(&Request {
            method: Method::Get,
            url: url.clone(),
            headers: vec![],
            body: None,
        })?;
        if resp.status != 200 {
            last = format!("{url} answered HTTP {}", resp.status);
            continue;
        }
        let parsed = serde_json::from_slice::<serde_json::Value>(&resp.body).and_then(|body| {
            serde_json::from_value::<Metadata>(body.clone()).map(|meta| (meta, body))
        });
        let (meta, body) = match parsed {
            Ok(both) => both,
            Err(e) => {
                let why = e.to_string();
                let why = crate::terminal::sanitize(&why, crate::terminal::TEXT);
                last = format!("{url} is not a metadata document: {why}");
                continue;
            }
        };
        if !same_issuer(&meta.issuer, issuer) {
            return Err(Error::new(
                Kind::BadResponse,
                format!(
                    "the metadata at {url} is for issuer {}, not {issuer}",
                    crate::terminal::sanitize(&meta.issuer, crate::terminal::TEXT)
                ),
            )
            .hint("give --issuer exactly as the server names itself")
            .into());
        }
        let age = max_age(resp.header("cache-control"));
        return Ok((meta, body, age));
    }
    Err(Error::new(
        Kind::BadResponse,
        format!("no discovery document for {issuer}: {last}"),
    )
    .hint("check --issuer, or give --token-url instead")
    .into())
}

/// An endpoint a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Token,
    Authorize,
    Device,
    Revoke,
    Introspect,
}

/// Where a command's requests go, and how the client authenticates there: the endpoints the
/// settings name, completed from the issuer's metadata. Made once per command by [`resolve`].
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub token: String,
    pub authorize: Option<String>,
    pub revoke: Option<String>,
    pub introspect: Option<String>,
    pub device: Option<String>,
    /// The client authentication in force (see [`auth_method`]).
    pub auth_method: AuthMethod,
    /// Whether the server takes DPoP proofs, as its metadata says (`dpop = "auto"`).
    pub dpop_supported: bool,
    /// Whether the endpoints came from metadata kept from an earlier run: if one of them is
    /// gone, the metadata is fetched again (see [`refetch`]).
    pub from_kept_metadata: bool,
}

/// The client authentication in force: the one chosen; else a client assertion given as it
/// is; else private_key_jwt with a private key (unless the key signs a JWT-bearer grant); else mutual TLS with a certificate and no secret (`tls_client_auth` unless the server
/// lists only the self-signed kind); else `client_secret_post` where the metadata lists it and
/// not `client_secret_basic`; else the provider's. `supported` is the metadata's list, empty
/// without metadata.
pub fn auth_method(s: &Settings, supported: &[String]) -> AuthMethod {
    let listed = |m: AuthMethod| supported.iter().any(|x| x == m.metadata_name());
    if let Some(method) = s.auth_method {
        return method;
    }
    if s.client_assertion.is_some() {
        return AuthMethod::ClientAssertionJwt;
    }
    if s.private_key.is_some() && !s.key_signs_grant() {
        return AuthMethod::PrivateKeyJwt;
    }
    if s.client_cert_file.is_some() && s.client_secret.is_none() {
        let self_signed_only =
            listed(AuthMethod::SelfSignedTlsClientAuth) && !listed(AuthMethod::TlsClientAuth);
        return if self_signed_only {
            AuthMethod::SelfSignedTlsClientAuth
        } else {
            AuthMethod::TlsClientAuth
        };
    }
    if !listed(AuthMethod::Basic) && listed(AuthMethod::Post) {
        return AuthMethod::Post;
    }
    s.provider.auth_method
}

/// The endpoints for a command that needs `need` (`given`: its URL from a flag of the command,
/// such as `--device-url`). The issuer's metadata is read when the token endpoint is to be
/// discovered, or when `need` is unknown and there is an issuer. The URLs the command calls
/// are checked against the rules (https, or http on loopback) before any request.
pub fn resolve(
    s: &Settings,
    client: &Client,
    need: Endpoint,
    given: Option<&str>,
    cache: Option<&dyn MetadataCache>,
) -> Result<Endpoints> {
    let mut ep = Endpoints {
        token: match &s.token_endpoint {
            TokenEndpoint::Url(url) => url.clone(),
            TokenEndpoint::Discover { .. } => String::new(),
        },
        authorize: s.authorize_url.clone(),
        revoke: s.revoke_url.clone(),
        introspect: s.introspect_url.clone(),
        device: given.map(str::to_string),
        auth_method: auth_method(s, &[]),
        dpop_supported: false,
        from_kept_metadata: false,
    };
    let known = match need {
        Endpoint::Token => !ep.token.is_empty(),
        Endpoint::Authorize => ep.authorize.is_some(),
        Endpoint::Device => ep.device.is_some(),
        Endpoint::Revoke => ep.revoke.is_some(),
        Endpoint::Introspect => ep.introspect.is_some(),
    };
    if let Some(issuer) = s
        .issuer
        .as_deref()
        .filter(|_| ep.token.is_empty() || !known)
    {
        check_url(issuer)?;
        let name = kept_as(s, issuer);
        let (mut meta, was_kept) = discover(client, issuer, cache.map(|c| (c, name.as_str())))?;
        ep.from_kept_metadata = was_kept;
        // A client with a certificate calls the aliases, where the server asks for it.
        if s.client_cert_file.is_some() {
            let aliases = std::mem::take(&mut meta.mtls_endpoint_aliases);
            let alias = |plain: &mut Option<String>, alias: Option<String>| {
                if alias.is_some() {
                    *plain = alias;
                }
            };
            alias(&mut meta.token_endpoint, aliases.token_endpoint);
            alias(&mut meta.revocation_endpoint, aliases.revocation_endpoint);
            alias(
                &mut meta.introspection_endpoint,
                aliases.introspection_endpoint,
            );
            alias(
                &mut meta.device_authorization_endpoint,
                aliases.device_authorization_endpoint,
            );
        }
        if ep.token.is_empty() {
            ep.token = meta.token_endpoint.ok_or_else(|| {
                Error::new(
                    Kind::BadResponse,
                    format!("the metadata of {issuer} has no token_endpoint"),
                )
            })?;
        }
        let fill = |have: &mut Option<String>, found: Option<String>| {
            if have.is_none() {
                *have = found;
            }
        };
        fill(&mut ep.authorize, meta.authorization_endpoint);
        fill(&mut ep.revoke, meta.revocation_endpoint);
        fill(&mut ep.introspect, meta.introspection_endpoint);
        fill(&mut ep.device, meta.device_authorization_endpoint);
        ep.auth_method = auth_method(s, &meta.token_endpoint_auth_methods_supported);
        ep.dpop_supported = !meta.dpop_signing_alg_values_supported.is_empty();
    }
    // The token endpoint is called by every command but revocation and introspection.
    let called = match need {
        Endpoint::Token | Endpoint::Authorize | Endpoint::Device => Some(&ep.token),
        Endpoint::Revoke | Endpoint::Introspect => None,
    };
    let needed = match need {
        Endpoint::Token => None,
        // Opened in the browser, never sent a credential by otok.
        Endpoint::Authorize => None,
        Endpoint::Device => ep.device.as_ref(),
        Endpoint::Revoke => ep.revoke.as_ref(),
        Endpoint::Introspect => ep.introspect.as_ref(),
    };
    for url in called.into_iter().chain(needed) {
        check_url(url)?;
    }
    Ok(ep)
}

/// Whether a failure of a call to an endpoint from kept metadata may mean that the metadata
/// changed: the endpoint is gone (404, 405, 410). A network failure is not asked again: the
/// request may have reached the server (a refresh token would then be used twice).
pub fn refetch(ep: &Endpoints, e: &anyhow::Error) -> bool {
    ep.from_kept_metadata
        && crate::error::http_status(e).is_some_and(|status| matches!(status, 404 | 405 | 410))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_decides_how_long_metadata_is_kept() {
        assert_eq!(max_age(None), MAX_AGE);
        assert_eq!(max_age(Some("public, max-age=3600")), 3600);
        assert_eq!(max_age(Some("max-age=604800, private")), MAX_AGE);
        assert_eq!(max_age(Some("no-cache, must-revalidate")), 0);
        assert_eq!(max_age(Some("max-age=60, no-store")), 0);
        assert_eq!(max_age(Some("max-age=soon")), 0);
    }

    #[test]
    fn rfc8414_inserts_the_well_known_segment() {
        assert_eq!(
            locations("https://id.example.com/tenant/1"),
            [
                "https://id.example.com/tenant/1/.well-known/openid-configuration",
                "https://id.example.com/.well-known/oauth-authorization-server/tenant/1",
            ]
        );
    }
}
