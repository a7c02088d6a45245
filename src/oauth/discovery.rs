//! Endpoints from the issuer: RFC 8414 authorization server metadata, or OpenID Connect
//! discovery. The document must name the issuer that was asked for (RFC 8414 §3.3), so that
//! a server cannot pass off another's endpoints.

use anyhow::Result;
use serde::Deserialize;

use crate::config::Settings;
use crate::error::{Error, Kind};
use crate::http::{Client, Method, Request};
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

/// Fills the endpoints the settings lack from the issuer's metadata when the token endpoint
/// or `need` is missing, and picks the client authentication the server supports when none
/// was asked for. Without an issuer, or with both endpoints known, nothing is fetched.
pub fn complete(settings: &mut Settings, client: &Client, need: Endpoint) -> Result<()> {
    let Some(issuer) = settings.issuer.clone() else {
        return Ok(());
    };
    let needed = match need {
        Endpoint::Token => &settings.token_url,
        Endpoint::Authorize => &settings.authorize_url,
        Endpoint::Device => &settings.device_url,
        Endpoint::Revoke => &settings.revoke_url,
        Endpoint::Introspect => &settings.introspect_url,
    };
    if settings.token_url.is_some() && needed.is_some() {
        return Ok(());
    }
    let meta = discover(client, &issuer)?;
    let token_url = settings.token_url.take().or(meta.token_endpoint);
    settings.token_url = Some(token_url.ok_or_else(|| {
        Error::new(
            Kind::BadResponse,
            format!("the metadata of {issuer} has no token_endpoint"),
        )
    })?);
    let fill = |have: &mut Option<String>, found: Option<String>| {
        if have.is_none() {
            *have = found;
        }
    };
    fill(&mut settings.authorize_url, meta.authorization_endpoint);
    fill(&mut settings.revoke_url, meta.revocation_endpoint);
    fill(&mut settings.introspect_url, meta.introspection_endpoint);
    fill(&mut settings.device_url, meta.device_authorization_endpoint);
    if !settings.auth_method_given {
        let supports = |m: &str| {
            meta.token_endpoint_auth_methods_supported
                .iter()
                .any(|s| s == m)
        };
        if !supports("client_secret_basic") && supports("client_secret_post") {
            settings.auth_method = AuthMethod::Post;
        }
    }
    Ok(())
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
