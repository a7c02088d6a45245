//! Building a token request: the grant's parameters, the client authentication, the body
//! encoding; and sending it.

use anyhow::Result;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};

use super::assertion::{self, SigningKey};
use super::response;
use crate::config::{ParamValue, Settings};
use crate::error;
use crate::http::{self, Client, Method};
use crate::provider::{AssertionContext, LoginInput};
use crate::secret::{Reveal, Role, SecretSource, Wire};
use crate::token::{self, TokenSet};
use crate::types::{AuthMethod, BodyEncoding, Grant};

pub type Params = Vec<(String, Value)>;

/// A token request, before it is encoded.
#[derive(Debug)]
pub struct TokenRequest {
    pub url: String,
    pub encoding: BodyEncoding,
    pub params: Params,
    /// The `Authorization: Basic …` value, for Basic client authentication.
    pub basic: Option<String>,
}

impl TokenRequest {
    /// Builds the request for `grant`, with `extra` grant parameters (a refresh token, a code).
    pub fn build(
        s: &Settings,
        token_url: &str,
        grant: &Grant,
        extra: Params,
    ) -> Result<TokenRequest> {
        let mut params = grant_params(s, grant, &Wire)?;
        for (key, _) in &extra {
            params.retain(|(k, _)| k != key);
        }
        params.extend(extra);
        // A code or device code carries the scope it was granted with (RFC 6749 §4.1.3).
        let scoped = !matches!(grant, Grant::AuthorizationCode) && !grant.is_interactive();
        if scoped && !s.scopes.is_empty() {
            params.push(("scope".into(), s.scopes.join(" ").into()));
        }
        let basic = client_auth(s, token_url, &mut params, grant.allows_public_client())?;
        extend_with_profile_params(&mut params, s, &Wire)?;
        Ok(TokenRequest {
            url: token_url.to_string(),
            encoding: s.provider.body,
            params,
            basic,
        })
    }

    pub fn to_http(&self) -> Result<http::Request> {
        with_body(
            Method::Post,
            &self.url,
            self.encoding,
            &self.params,
            self.basic.clone(),
        )
    }
}

/// The parameters that say what `grant` asks for, before client authentication, scope and the
/// profile's own parameters: `grant_type`, the provider's grant parameters, the resource
/// owner's, a refresh token given to start from. Both the request and the cache key are built
/// from this list, so a parameter cannot reach the one without the other.
fn grant_params(s: &Settings, grant: &Grant, reveal: &dyn Reveal) -> Result<Params> {
    let mut params: Params = vec![("grant_type".into(), grant.as_str().into())];
    let login = LoginInput {
        login_type: s.login_type,
        username: s.username.as_deref(),
        password: s.password.as_ref(),
        card: s.card.as_ref(),
        pin: s.pin.as_ref(),
        reveal,
    };
    match s.provider.hooks.grant_params(grant, &login)? {
        Some(own) => params.extend(own),
        None if *grant == Grant::LoginInfo => {
            return Err(error::config(format!(
                "the login_info grant is MyQ's; {} does not have it",
                s.provider.name
            ))
            .into())
        }
        None if *grant == Grant::Password => {
            match s.username.as_deref() {
                Some(username) => params.push(("username".into(), username.into())),
                None if !reveal.for_the_wire() => {}
                None => {
                    return Err(error::config("the password grant needs a user name")
                        .hint("use --username, OTOK_USERNAME or username in the profile")
                        .into())
                }
            }
            let password = reveal.secret(s.password.as_ref(), Role::Credential, "password", &|| {
                error::config("the password grant needs a password")
                    .hint("set OTOK_PASSWORD, use --password-file or --password-stdin, or password in the profile")
                    .into()
            })?;
            if let Some(password) = password {
                params.push(("password".into(), password.into()));
            }
        }
        None if *grant == Grant::RefreshToken => {
            // A refresh token given to start from (the stored one is an `extra` parameter).
            if let Some(source) = &s.refresh_token {
                let token = reveal.secret(Some(source), Role::Identity, "refresh token", &given)?;
                if let Some(token) = token {
                    params.push(("refresh_token".into(), token.into()));
                }
            }
        }
        None => {}
    }
    Ok(params)
}

/// Lays the profile's and the flags' own parameters over `params`: each replaces a parameter of
/// the same name.
fn extend_with_profile_params(
    params: &mut Params,
    s: &Settings,
    reveal: &dyn Reveal,
) -> Result<()> {
    for (key, value) in &s.params {
        let value = match value {
            ParamValue::Text(text) => Some(text.clone()),
            ParamValue::Secret(source) => reveal.secret(
                Some(source),
                ParamValue::role(key),
                &format!("parameter {key}"),
                &given,
            )?,
        };
        params.retain(|(k, _)| k != key);
        if let Some(value) = value {
            params.push((key.clone(), value.into()));
        }
    }
    Ok(())
}

/// The cache key of the token `s` asks for: a hash of everything that shapes the token the
/// provider returns — provider, token endpoint (or issuer), client id, profile, sorted scopes
/// and the grant's whole parameter list, built by [`grant_params`] as the request is. Client
/// authentication and credentials that prove an identity (a password) are left out; a secret
/// that names one (a MyQ card, a PIN alone, a subject token) enters as an HMAC under the
/// installation key, which `installation_key` gives when first needed.
pub fn cache_key(s: &Settings, installation_key: &dyn Fn() -> Result<[u8; 32]>) -> Result<String> {
    let reveal = KeyReveal {
        installation_key,
        key: std::cell::OnceCell::new(),
    };
    let mut params = grant_params(s, &s.grant, &reveal)?;
    extend_with_profile_params(&mut params, s, &reveal)?;
    params.sort_by(|a, b| a.0.cmp(&b.0));
    let mut scopes = s.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let material = serde_json::json!({
        "version": crate::store::KEY_VERSION,
        "provider": s.provider.name,
        "endpoint": s.token_url.as_deref().or(s.issuer.as_deref()),
        "client_id": s.client_id,
        "profile": s.profile,
        "scope": scopes,
        "params": params,
    });
    let digest = ring::digest::digest(&ring::digest::SHA256, material.to_string().as_bytes());
    Ok(hex(&digest.as_ref()[..16]))
}

/// Secrets as the cache key reads them: identities as an HMAC under the installation key,
/// credentials not at all.
struct KeyReveal<'a> {
    installation_key: &'a dyn Fn() -> Result<[u8; 32]>,
    key: std::cell::OnceCell<ring::hmac::Key>,
}

impl Reveal for KeyReveal<'_> {
    fn for_the_wire(&self) -> bool {
        false
    }

    fn secret(
        &self,
        source: Option<&SecretSource>,
        role: Role,
        what: &str,
        missing: &dyn Fn() -> anyhow::Error,
    ) -> Result<Option<String>> {
        if role == Role::Credential {
            return Ok(None);
        }
        let value = source.ok_or_else(missing)?.resolve(what)?;
        let key = match self.key.get() {
            Some(key) => key,
            None => {
                let bytes = (self.installation_key)()?;
                self.key
                    .get_or_init(|| ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &bytes))
            }
        };
        let mut input = what.as_bytes().to_vec();
        input.push(0);
        input.extend_from_slice(value.expose().as_bytes());
        Ok(Some(format!(
            "hmac:{}",
            hex(ring::hmac::sign(key, &input).as_ref())
        )))
    }
}

/// The "missing" error of a secret whose source is known to be there.
fn given() -> anyhow::Error {
    anyhow::anyhow!("no source for a secret that has one")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A request with `params` as its body, and Basic credentials when there are some.
pub fn with_body(
    method: Method,
    url: &str,
    encoding: BodyEncoding,
    params: &Params,
    basic: Option<String>,
) -> Result<http::Request> {
    Ok(http::Request {
        method,
        url: url.to_string(),
        headers: basic
            .map(|b| vec![("authorization".to_string(), b)])
            .unwrap_or_default(),
        body: Some(encode(encoding, params)?),
    })
}

/// Encodes parameters as a form or a JSON object; returns the content type and the bytes.
pub fn encode(encoding: BodyEncoding, params: &Params) -> Result<(String, Vec<u8>)> {
    match encoding {
        BodyEncoding::Json => {
            let map: Map<String, Value> = params.iter().cloned().collect();
            Ok(("application/json".into(), serde_json::to_vec(&map)?))
        }
        BodyEncoding::Form => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (key, value) in params {
                match value {
                    Value::String(s) => form.append_pair(key, s),
                    Value::Number(_) | Value::Bool(_) => form.append_pair(key, &value.to_string()),
                    _ => {
                        return Err(error::config(format!(
                            "`{key}` is structured and cannot be sent in a form body"
                        ))
                        .hint("use a JSON body (body = \"json\" for the provider)")
                        .into())
                    }
                };
            }
            Ok((
                "application/x-www-form-urlencoded".into(),
                form.finish().into_bytes(),
            ))
        }
    }
}

/// `Basic` credentials as RFC 6749 §2.3.1 has them: id and secret form-urlencoded, then
/// joined by a colon and base64-encoded, so that `:`, `%`, space and non-ASCII survive.
pub fn basic_auth(client_id: &str, secret: &str) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    // The whole credential is a secret: a server that echoes the header must not show it.
    let credential =
        crate::secret::Secret::new(STANDARD.encode(format!("{}:{}", enc(client_id), enc(secret))));
    format!("Basic {}", credential.expose())
}

/// Adds the client's credentials to `params`, or returns the Basic header value. Revocation
/// and introspection authenticate the same way as the token request. `public_ok`: a client
/// with no secret, no key and no chosen method is a public client, which sends its id alone.
pub fn client_auth(
    s: &Settings,
    token_url: &str,
    params: &mut Params,
    public_ok: bool,
) -> Result<Option<String>> {
    params.push(("client_id".into(), s.client_id.as_str().into()));
    if let Some(path) = &s.private_key_file {
        let key = SigningKey::from_pem_file(path)?;
        let claims = s.provider.hooks.assertion_claims(&AssertionContext {
            client_id: &s.client_id,
            key_id: s.key_id.as_deref(),
            token_url,
            base_url: s.base_url.as_deref(),
            now: token::now(),
            jti: assertion::new_jti()?,
        })?;
        let kid = s
            .key_id
            .as_deref()
            .filter(|_| s.provider.hooks.assertion_kid_in_header());
        params.push((
            "client_assertion_type".into(),
            assertion::ASSERTION_TYPE.into(),
        ));
        let assertion = crate::secret::Secret::new(key.sign(&claims, kid)?);
        params.push(("client_assertion".into(), assertion.expose().into()));
        return Ok(None);
    }
    let secret = || {
        let source = s.client_secret.as_ref().ok_or_else(|| {
            error::config(format!("no client secret for {}", s.provider.name)).hint(
                "set OTOK_CLIENT_SECRET, use --client-secret-file or --client-secret-stdin, \
                 or client_secret in the profile (--auth-method none for a public client)",
            )
        })?;
        source.resolve("client secret")
    };
    let public = public_ok && s.client_secret.is_none() && !s.auth_method_given;
    match if public {
        AuthMethod::None
    } else {
        s.auth_method
    } {
        AuthMethod::None => Ok(None),
        AuthMethod::Post => {
            params.push(("client_secret".into(), secret()?.expose().into()));
            Ok(None)
        }
        AuthMethod::Basic => {
            params.retain(|(k, _)| k != "client_id");
            Ok(Some(basic_auth(&s.client_id, secret()?.expose())))
        }
    }
}

/// Runs `grant` at the token endpoint and returns the granted tokens.
pub fn request_token(
    client: &Client,
    s: &Settings,
    token_url: &str,
    grant: &Grant,
    extra: Params,
) -> Result<TokenSet> {
    let request = TokenRequest::build(s, token_url, grant, extra)?;
    let started = token::now();
    let resp = client.send(&request.to_http()?)?;
    response::parse_token(
        &resp,
        &response::Context {
            provider: &s.provider.name,
            grant: grant.as_str(),
            requested_scope: &s.scopes,
            now: started,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_form_encodes_before_base64() {
        let value = basic_auth("we:ird@id%+ /x", "s3:cr@t");
        let decoded = STANDARD.decode(value.trim_start_matches("Basic ")).unwrap();
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            "we%3Aird%40id%25%2B+%2Fx:s3%3Acr%40t"
        );
    }

    #[test]
    fn form_and_json_encodings() {
        let params: Params = vec![
            ("grant_type".into(), "password".into()),
            ("password".into(), "a b&c".into()),
        ];
        let (ct, body) = encode(BodyEncoding::Form, &params).unwrap();
        assert_eq!(ct, "application/x-www-form-urlencoded");
        assert_eq!(body, b"grant_type=password&password=a+b%26c");
        let (ct, body) = encode(BodyEncoding::Json, &params).unwrap();
        assert_eq!(ct, "application/json");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["password"], "a b&c");
    }
}
