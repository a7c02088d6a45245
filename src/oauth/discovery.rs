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

pub fn discover(client: &Client, issuer: &str) -> Result<Metadata> {
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
        let meta: Metadata = match serde_json::from_slice(&resp.body) {
            Ok(meta) => meta,
            Err(e) => {
                let why = e.to_string();
                let why = crate::terminal::sanitize(&why, crate::terminal::TEXT);
                last = format!("{url} is not a metadata document: {why}");
                continue;
            }
        };
        if meta.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
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
        return Ok(meta);
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
        let mut meta = discover(client, issuer)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
