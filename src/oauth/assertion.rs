//! Client assertions (RFC 7523 §2.2, OpenID Connect Core §9): `private_key_jwt`, signed with
//! the client's private key, and `client_secret_jwt`, an HMAC over the client secret. One is
//! made for every call, with a new `jti`, for the endpoint being called.

use anyhow::Result;
use serde_json::json;

use super::discovery::Endpoints;
use crate::certificate::Chain;
use crate::config::Settings;
use crate::error;
use crate::jws::{self, PrivateKey, Signer};
use crate::provider::{AssertionContext, GrantAssertionContext};
use crate::secret::Secret;
use crate::types::{Alg, AssertionAudience, AuthMethod};

pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The private key of `s`, read and checked against `--signing-alg` and the certificate.
pub fn private_key(s: &Settings) -> Result<(PrivateKey, Alg)> {
    let source = s.private_key.as_ref().ok_or_else(|| {
        error::config("private_key_jwt needs the client's private key").hint(
            "use --private-key-file, or private_key_file or private_key = { … } in the profile",
        )
    })?;
    let origin = source.origin();
    source.warn_if_others_can_read("private key");
    let text = source.resolve("private key")?;
    let key = PrivateKey::parse(text.expose(), &origin, s.key_id.as_deref())?;
    let alg = s.signing_alg.unwrap_or_else(|| key.default_alg());
    if !key.fits(alg) {
        return Err(error::config(format!(
            "{} does not fit the {} key {origin}: it signs {}",
            alg.as_str(),
            key.kind(),
            match key.default_alg() {
                Alg::RS256 => "RS256 or PS256",
                other => other.as_str(),
            }
        ))
        .hint("change --signing-alg (signing_alg in the profile), or leave it to the key")
        .into());
    }
    Ok((key, alg))
}

/// The `aud` of an assertion for a call to `url`, as `--assertion-audience` says.
fn audience<'a>(s: &'a Settings, ep: &'a Endpoints, url: &'a str) -> Result<&'a str> {
    Ok(match &s.assertion_audience {
        AssertionAudience::Endpoint => url,
        AssertionAudience::TokenEndpoint => ep.token.as_str(),
        AssertionAudience::Url(aud) => aud.as_str(),
        AssertionAudience::Issuer => s.issuer.as_deref().ok_or_else(|| {
            error::config("--assertion-audience issuer needs the issuer")
                .hint("give --issuer (issuer in the profile), or another audience")
        })?,
    })
}

/// The client assertion for a call to `url`, by `method` (private_key_jwt or
/// client_secret_jwt).
pub fn client_assertion(
    s: &Settings,
    ep: &Endpoints,
    url: &str,
    method: AuthMethod,
) -> Result<Secret> {
    let audience = audience(s, ep, url)?;
    let claims = s.provider.hooks.assertion_claims(&AssertionContext {
        client_id: &s.client_id,
        key_id: s.key_id.as_deref(),
        audience,
        base_url: s.base_url.as_deref(),
        now: crate::token::now(),
        lifetime: s.assertion_lifetime,
        jti: jws::new_jti()?,
    })?;
    let mut header = json!({"typ": "JWT"});
    match method {
        AuthMethod::ClientSecretJwt => {
            let alg = s.signing_alg.unwrap_or(Alg::HS256);
            if !alg.is_hmac() {
                return Err(error::config(format!(
                    "client_secret_jwt signs with HS256, HS384 or HS512, not {}",
                    alg.as_str()
                ))
                .hint("for a private key, use --auth-method private_key_jwt")
                .into());
            }
            let source = s.client_secret.as_ref().ok_or_else(|| {
                error::config(format!("no client secret for {}", s.provider.name)).hint(
                    "client_secret_jwt signs with the client secret: set OTOK_CLIENT_SECRET, use \
                     --client-secret-file or client_secret in the profile",
                )
            })?;
            let secret = source.resolve("client secret")?;
            jws::sign(Signer::Secret(&secret), alg, header, &claims)
        }
        _ => {
            let (key, alg) = private_key(s)?;
            let kid = s.key_id.clone().or_else(|| key.kid.clone());
            if let Some(kid) = kid.filter(|_| s.provider.hooks.assertion_kid_in_header()) {
                header["kid"] = json!(kid);
            }
            // A certificate given without a key of its own is the signing key's: it must
            // match. One given with its own TLS key names the signing key only when the two
            // keys are one.
            if let Some(path) = &s.client_cert_file {
                let chain = Chain::read(path)?;
                let origin = s
                    .private_key
                    .as_ref()
                    .map(|k| k.origin())
                    .unwrap_or_default();
                match chain.check_key(&key, &origin) {
                    Ok(()) => header["x5t#S256"] = json!(chain.thumbprint()),
                    Err(e) if s.client_key.is_none() => return Err(e),
                    Err(_) => {}
                }
            }
            jws::sign(Signer::Key(&key), alg, header, &claims)
        }
    }
}

/// Who the JWT-bearer grant's assertion names: its issuer (`--assertion-issuer`, else the
/// client id) and its subject, when one is named.
pub fn grant_parties(s: &Settings) -> Result<(String, Option<String>)> {
    let issuer = s
        .assertion_issuer
        .clone()
        .or_else(|| Some(s.client_id.clone()).filter(|id| !id.is_empty()))
        .ok_or_else(|| {
            error::config("the jwt-bearer assertion needs an issuer")
                .hint("use --assertion-issuer (assertion_issuer in the profile) or --client-id")
        })?;
    Ok((issuer, s.assertion_subject.clone()))
}

/// The assertion of a JWT-bearer grant (RFC 7523 §2.1), signed with the private key: to the
/// token endpoint unless `--assertion-audience` says otherwise.
pub fn grant_assertion(s: &Settings, ep: &Endpoints) -> Result<Secret> {
    let (key, alg) = private_key(s)?;
    let (issuer, subject) = grant_parties(s)?;
    let audience = audience(s, ep, &ep.token)?;
    let claims = s
        .provider
        .hooks
        .grant_assertion_claims(&GrantAssertionContext {
            issuer: &issuer,
            subject: subject.as_deref(),
            audience,
            scopes: &s.scopes,
            now: crate::token::now(),
            lifetime: s.assertion_lifetime,
            jti: jws::new_jti()?,
        });
    let mut header = json!({"typ": "JWT"});
    if let Some(kid) = s.key_id.clone().or_else(|| key.kid.clone()) {
        header["kid"] = json!(kid);
    }
    jws::sign(Signer::Key(&key), alg, header, &claims)
}
