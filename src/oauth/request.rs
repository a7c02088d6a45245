//! The token request: the grant's parameters, built once for the request and once for the cache
//! key, and its call at the token endpoint (see `endpoint`).

use super::assertion;
use super::discovery::Endpoints;
use super::endpoint::{self, Call, ClientAuth, Params};
use super::response;
use crate::config::{ParamValue, Settings, TokenEndpoint};
use crate::dpop::DpopKey;
use crate::error;
use crate::http::{Client, Method};
use crate::provider::LoginInput;
use crate::secret::{Reveal, Role, Secret, SecretSource, TokenFrom, Wire};
use crate::token::{self, Binding, TokenSet};
use crate::types::{Grant, JWT_BEARER, TOKEN_EXCHANGE};
use anyhow::Result;

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
                "the login_info grant is not one {} has (see `otok providers`)",
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
        None if grant.is(TOKEN_EXCHANGE) => {
            // A subject token among the profile's own parameters is laid over these later.
            let in_params = s.params.iter().any(|(k, _)| k == "subject_token");
            let subject = match (&s.subject_token, in_params) {
                (None, true) => None,
                (source, _) => {
                    reveal.secret(source.as_ref(), Role::Identity, "subject token", &|| {
                        error::config("a token exchange needs the subject token to exchange")
                            .hint(
                                "use --subject-token-from SOURCE (profile:NAME, github-actions, \
                             gitlab:VAR, kubernetes, file:PATH, env:VAR), \
                             --subject-token-file, --subject-token-stdin, OTOK_SUBJECT_TOKEN or \
                             subject_token in the profile",
                            )
                            .into()
                    })?
                }
            };
            if let Some(token) = subject {
                params.push(("subject_token".into(), token.into()));
            }
            params.push((
                "subject_token_type".into(),
                s.subject_token_type.as_str().into(),
            ));
            if let Some(source) = &s.actor_token {
                if let Some(token) =
                    reveal.secret(Some(source), Role::Identity, "actor token", &given)?
                {
                    params.push(("actor_token".into(), token.into()));
                }
                params.push((
                    "actor_token_type".into(),
                    s.actor_token_type.as_str().into(),
                ));
            }
            if let Some(kind) = &s.requested_token_type {
                params.push(("requested_token_type".into(), kind.as_str().into()));
            }
        }
        None if grant.is(JWT_BEARER) => match &s.assertion {
            Some(source) => {
                let assertion = reveal.secret(Some(source), Role::Identity, "assertion", &given)?;
                if let Some(assertion) = assertion {
                    params.push(("assertion".into(), assertion.into()));
                }
            }
            // The assertion otok signs is new each time (`jti`, `iat`): the request adds it
            // (see `request_token`), the key takes who it names.
            None if s.private_key.is_some() => {
                if !reveal.for_the_wire() {
                    let (issuer, subject) = assertion::grant_parties(s)?;
                    params.push(("assertion iss".into(), issuer.into()));
                    params.push(("assertion sub".into(), subject.unwrap_or_default().into()));
                }
            }
            None => {
                return Err(error::config("the jwt-bearer grant needs an assertion")
                    .hint(
                        "give one as it is (--assertion-from SOURCE, --assertion-file, \
                         OTOK_ASSERTION), or a key to sign one with (--private-key-file, \
                         --service-account-file)",
                    )
                    .into())
            }
        },
        None => {}
    }
    // RFC 8707 resources and the audiences many servers take, for any grant.
    for audience in &s.audiences {
        params.push(("audience".into(), audience.as_str().into()));
    }
    for resource in &s.resources {
        params.push(("resource".into(), resource.as_str().into()));
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
    let material = KeyMaterial {
        client_id: &s.client_id,
        endpoint: match &s.token_endpoint {
            TokenEndpoint::Url(url) => url,
            TokenEndpoint::Discover { issuer } => issuer,
        },
        params: &params,
        profile: s.profile.as_deref(),
        provider: &s.provider.name,
        scope: &scopes,
        version: crate::store::KEY_VERSION,
    };
    let json = serde_json::to_vec(&material)?;
    let digest = ring::digest::digest(&ring::digest::SHA256, &json);
    Ok(crate::store::hex(&digest.as_ref()[..16]))
}

/// What the cache key hashes, written as compact JSON with its fields in this order: the
/// order of the sorted JSON object the keys of earlier versions hashed, so that a stored token
/// is still found under its key.
#[derive(serde::Serialize)]
struct KeyMaterial<'a> {
    client_id: &'a str,
    endpoint: &'a str,
    params: &'a Params,
    profile: Option<&'a str>,
    provider: &'a str,
    scope: &'a [String],
    version: u32,
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
        let source = source.ok_or_else(missing)?;
        let value = source.resolve(what)?;
        let named = who_it_names(source, &value);
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
        input.extend_from_slice(named.expose().as_bytes());
        Ok(Some(format!(
            "hmac:{}",
            crate::store::hex(ring::hmac::sign(key, &input).as_ref())
        )))
    }
}

/// Who a secret names, for the cache key. Mostly the secret itself; but a token handed out
/// anew on every run names the same party each time: another profile's access token names
/// that profile, and a CI platform's OIDC token (new `jti`, `iat` each job step) names its
/// issuer, subject and audience — read, not verified, from the token the platform gave.
fn who_it_names(source: &SecretSource, value: &Secret) -> Secret {
    let SecretSource::Token(from) = source else {
        return value.clone();
    };
    if let TokenFrom::Profile(name) = from {
        return Secret::new(format!("profile\0{name}"));
    }
    if !from.is_ci_identity() {
        return value.clone();
    }
    match crate::jwt::decode(value.expose()) {
        // Without a subject it names nobody in particular: the token itself then.
        Ok(crate::jwt::Decoded::Signed { claims, .. }) if claims.contains_key("sub") => {
            let claim = |name: &str| claims.get(name).map(|v| v.to_string()).unwrap_or_default();
            Secret::new(format!(
                "ci\0{}\0{}\0{}",
                claim("iss"),
                claim("sub"),
                claim("aud")
            ))
        }
        _ => value.clone(),
    }
}

/// The "missing" error of a secret whose source is known to be there.
fn given() -> anyhow::Error {
    anyhow::anyhow!("no source for a secret that has one")
}

/// Runs `grant` at the token endpoint and returns the granted tokens; `extra` are grant
/// parameters of the moment (a refresh token, a code and its verifier); `dpop`, the key the
/// token is to be bound to. The token keeps what it is bound to.
pub fn request_token(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    grant: &Grant,
    extra: Params,
    dpop: Option<&DpopKey>,
) -> Result<TokenSet> {
    let mut params = grant_params(s, grant, &Wire)?;
    for (key, _) in &extra {
        params.retain(|(k, _)| k != key);
    }
    params.extend(extra);
    let signs = grant.is(JWT_BEARER) && s.key_signs_grant();
    if signs {
        let assertion = assertion::grant_assertion(s, ep)?;
        if client.tracing() {
            crate::trace::emit(
                "*",
                &format!("assertion {}", crate::jws::describe(assertion.expose())),
            );
        }
        params.push(("assertion".into(), assertion.expose().into()));
    }
    // A code or device code carries the scope it was granted with (RFC 6749 §4.1.3); some
    // servers take a JWT-bearer grant's scopes in its assertion.
    let scope_elsewhere = matches!(grant, Grant::AuthorizationCode)
        || grant.is_interactive()
        || (signs && s.provider.hooks.scope_in_assertion());
    let scoped = !scope_elsewhere;
    if scoped && !s.scopes.is_empty() {
        params.push(("scope".into(), s.scopes.join(" ").into()));
    }
    // The profile's own parameters come last, over the client authentication too.
    let mut overrides = Vec::new();
    extend_with_profile_params(&mut overrides, s, &Wire)?;
    let started = token::now();
    let resp = endpoint::call(
        client,
        s,
        ep,
        Call {
            what: grant.as_str(),
            url: &ep.token,
            method: Method::Post,
            encoding: s.provider.body,
            params,
            overrides,
            auth: ClientAuth::AsConfigured {
                public_ok: grant.allows_public_client(),
            },
            answers_with_a_token: true,
            dpop,
        },
    )?;
    let mut token = response::parse_token(
        &resp,
        &response::Context {
            provider: &s.provider.name,
            grant: grant.as_str(),
            requested_scope: &s.scopes,
            now: started,
        },
    )?;
    token.binding = Binding {
        dpop_key: dpop.map(|key| key.kept.clone()),
        x5t_s256: client.certificate_thumbprint(),
    };
    Ok(token)
}

#[cfg(test)]
mod tests {
    use crate::cli::RequestArgs;
    use crate::config::{FileConfig, Settings};

    /// The cache key of a profile of the config below, or of flags alone (`None`).
    fn key_of(profile: Option<&str>) -> String {
        let config = FileConfig::parse(
            r#"
            [profiles.work]
            provider = "generic"
            token_url = "https://id.example/token"
            client_id = "cid"
            scope = "write read write"
            params = { resource = "https://api.example", "a b" = "é\"\\" }

            [profiles.bare]
            provider = "generic"
            token_url = "https://id.example/token"
            client_id = "cid"
            "#,
        )
        .unwrap();
        let flags = RequestArgs {
            provider: Some("generic".into()),
            token_url: Some("https://id.example/token".into()),
            client_id: Some("cid".into()),
            ..RequestArgs::default()
        };
        let args = if profile.is_some() {
            RequestArgs::default()
        } else {
            flags
        };
        let settings = Settings::resolve(&config, profile, &args, None).unwrap();
        super::cache_key(&settings, &|| unreachable!("no secret names an identity")).unwrap()
    }

    /// A stored token is found under its key: a key computed otherwise than before (the JSON
    /// it hashes written in another order or spelling) would strand every stored token. These
    /// are the keys earlier versions gave.
    #[test]
    fn cache_keys_stay_what_they_were() {
        assert_eq!(key_of(Some("work")), "8a7d453de4688511d768cf18a61cc931");
        assert_eq!(key_of(Some("bare")), "d4e02339fa0ea996922b49f06f2340e5");
        assert_eq!(key_of(None), "488184e2aee02d80e1b9efadb676187f");
    }
}
