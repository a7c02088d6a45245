//! The shared vocabulary: the small types every layer speaks of (grants, client
//! authentication, body encodings, token kinds, scopes, output formats, store backends, MyQ
//! login types) and the names of secret parameters. It depends on nothing else in otok, so
//! that the command line, the config, the providers, the OAuth code and the store can all use
//! it without using one another.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// How the client authenticates to the authorization server's endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)
    #[value(alias = "client_secret_basic")]
    #[serde(alias = "client_secret_basic")]
    Basic,
    /// client_id and client_secret in the request body
    #[value(alias = "client_secret_post")]
    #[serde(alias = "client_secret_post")]
    Post,
    /// client_id in the body, no secret (public clients)
    None,
    /// A JWT signed with the client's private key (RFC 7523 §2.2)
    #[value(name = "private_key_jwt")]
    PrivateKeyJwt,
    /// A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)
    #[value(name = "client_secret_jwt")]
    ClientSecretJwt,
    /// Mutual TLS with a certificate from a CA (RFC 8705 §2.1)
    #[value(name = "tls_client_auth")]
    TlsClientAuth,
    /// Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)
    #[value(name = "self_signed_tls_client_auth")]
    SelfSignedTlsClientAuth,
    /// A client assertion made by someone else (a CI job's identity), sent as it is: workload
    /// identity federation
    #[value(name = "client_assertion_jwt")]
    ClientAssertionJwt,
}

impl AuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Basic => "basic",
            AuthMethod::Post => "post",
            AuthMethod::None => "none",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
            AuthMethod::ClientSecretJwt => "client_secret_jwt",
            AuthMethod::TlsClientAuth => "tls_client_auth",
            AuthMethod::SelfSignedTlsClientAuth => "self_signed_tls_client_auth",
            AuthMethod::ClientAssertionJwt => "client_assertion_jwt",
        }
    }

    /// The name in `token_endpoint_auth_methods_supported` (RFC 8414).
    pub fn metadata_name(self) -> &'static str {
        match self {
            AuthMethod::Basic => "client_secret_basic",
            AuthMethod::Post => "client_secret_post",
            // The server sees a private_key_jwt assertion; who signed it is not its concern.
            AuthMethod::ClientAssertionJwt => "private_key_jwt",
            other => other.as_str(),
        }
    }

    /// Whether the client proves itself with its TLS certificate.
    pub fn is_mtls(self) -> bool {
        matches!(
            self,
            AuthMethod::TlsClientAuth | AuthMethod::SelfSignedTlsClientAuth
        )
    }
}

/// A JWS algorithm otok signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    RS256,
    PS256,
    ES256,
    ES384,
    EdDSA,
    HS256,
    HS384,
    HS512,
}

impl Alg {
    pub const ALL: [Alg; 8] = [
        Alg::RS256,
        Alg::PS256,
        Alg::ES256,
        Alg::ES384,
        Alg::EdDSA,
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Alg::RS256 => "RS256",
            Alg::PS256 => "PS256",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::EdDSA => "EdDSA",
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
        }
    }

    /// Whether it is an HMAC over a shared secret (`client_secret_jwt`).
    pub fn is_hmac(self) -> bool {
        matches!(self, Alg::HS256 | Alg::HS384 | Alg::HS512)
    }
}

impl FromStr for Alg {
    type Err = String;

    /// The JWA name, in any case; `Ed25519` (RFC 9864's name) is EdDSA with that curve.
    fn from_str(name: &str) -> Result<Alg, String> {
        if name.eq_ignore_ascii_case("Ed25519") {
            return Ok(Alg::EdDSA);
        }
        Alg::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = Alg::ALL.iter().map(|a| a.as_str()).collect();
                format!(
                    "`{name}` is not a signing algorithm otok has ({})",
                    names.join(", ")
                )
            })
    }
}

impl<'de> serde::Deserialize<'de> for Alg {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Whether token requests carry DPoP proofs (RFC 9449).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dpop {
    #[default]
    Off,
    On,
    /// When the server's metadata lists `dpop_signing_alg_values_supported`.
    Auto,
}

impl<'de> Deserialize<'de> for Dpop {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Flag(bool),
            Word(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Flag(true) => Ok(Dpop::On),
            Raw::Flag(false) => Ok(Dpop::Off),
            Raw::Word(w) if w == "auto" => Ok(Dpop::Auto),
            Raw::Word(w) => Err(serde::de::Error::custom(format!(
                "dpop is true, false or \"auto\", not \"{w}\""
            ))),
        }
    }
}

/// The `aud` of a client assertion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssertionAudience {
    /// The URL of the endpoint being called (the token endpoint for token requests).
    #[default]
    Endpoint,
    /// The issuer identifier, for every call.
    Issuer,
    /// The token endpoint, for every call.
    TokenEndpoint,
    /// This value, for every call.
    Url(String),
}

impl FromStr for AssertionAudience {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "endpoint" => Ok(AssertionAudience::Endpoint),
            "issuer" => Ok(AssertionAudience::Issuer),
            "token-endpoint" => Ok(AssertionAudience::TokenEndpoint),
            url if url.starts_with("https://") || url.starts_with("http://") => {
                Ok(AssertionAudience::Url(url.to_string()))
            }
            other => Err(format!(
                "`{other}` is not an audience: give endpoint, issuer, token-endpoint or a URL"
            )),
        }
    }
}

impl<'de> Deserialize<'de> for AssertionAudience {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// How the token request's parameters are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyEncoding {
    /// `application/x-www-form-urlencoded` (RFC 6749)
    Form,
    /// `application/json` (MyQ, High Mobility)
    Json,
}

impl BodyEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            BodyEncoding::Form => "form",
            BodyEncoding::Json => "json",
        }
    }
}

/// The device authorization grant (RFC 8628).
pub const DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// Token exchange (RFC 8693).
pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// The JWT-bearer authorization grant (RFC 7523 §2.1).
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A token type of RFC 8693 §3 by its short name (`access_token`, `id_token`, `jwt`, …), or a
/// URI given whole.
pub fn token_type_uri(name: &str) -> Result<String, String> {
    match name {
        "access_token" | "refresh_token" | "id_token" | "saml1" | "saml2" | "jwt" => {
            Ok(format!("urn:ietf:params:oauth:token-type:{name}"))
        }
        uri if uri.contains(':') && !uri.contains(char::is_whitespace) => Ok(uri.to_string()),
        other => Err(format!(
            "`{other}` is not a token type: give access_token, refresh_token, id_token, jwt, \
             saml1, saml2 or a URI"
        )),
    }
}

/// An OAuth grant type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    ClientCredentials,
    Password,
    /// MyQ's `login_info` grant: card, PIN or user logins.
    LoginInfo,
    AuthorizationCode,
    RefreshToken,
    /// An extension grant, named by its absolute URI (RFC 6749 §4.5).
    Extension(String),
}

impl Grant {
    pub fn as_str(&self) -> &str {
        match self {
            Grant::ClientCredentials => "client_credentials",
            Grant::Password => "password",
            Grant::LoginInfo => "login_info",
            Grant::AuthorizationCode => "authorization_code",
            Grant::RefreshToken => "refresh_token",
            Grant::Extension(uri) => uri,
        }
    }

    /// Grants that need a person at a browser; `otok token` cannot run them.
    pub fn is_interactive(&self) -> bool {
        match self {
            Grant::AuthorizationCode => true,
            Grant::Extension(uri) => uri == DEVICE_CODE,
            _ => false,
        }
    }

    /// Grants a public client (no secret, RFC 6749 §2.1) may use: with no secret configured and
    /// no client authentication chosen, otok sends its client id alone for these. A token
    /// exchange or a JWT-bearer grant proves itself by the token or assertion it carries.
    pub fn allows_public_client(&self) -> bool {
        match self {
            Grant::AuthorizationCode | Grant::RefreshToken => true,
            Grant::Extension(uri) => {
                [DEVICE_CODE, TOKEN_EXCHANGE, JWT_BEARER].contains(&uri.as_str())
            }
            _ => false,
        }
    }

    pub fn is(&self, uri: &str) -> bool {
        matches!(self, Grant::Extension(own) if own == uri)
    }
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Grant {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "client_credentials" => Grant::ClientCredentials,
            "password" => Grant::Password,
            "login_info" => Grant::LoginInfo,
            "authorization_code" => Grant::AuthorizationCode,
            "refresh_token" => Grant::RefreshToken,
            "token-exchange" | "token_exchange" => Grant::Extension(TOKEN_EXCHANGE.into()),
            "jwt-bearer" | "jwt_bearer" => Grant::Extension(JWT_BEARER.into()),
            uri if uri.contains(':') && !uri.contains(char::is_whitespace) => {
                Grant::Extension(uri.to_string())
            }
            other => {
                return Err(format!(
                    "unknown grant `{other}`: expected client_credentials, password, login_info, \
                     authorization_code, refresh_token, token-exchange, jwt-bearer or an \
                     extension grant URI"
                ))
            }
        })
    }
}

impl<'de> Deserialize<'de> for Grant {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The token and a newline
    Raw,
    /// access_token, token_type, expires_at, expires_in, scope, provider, profile, from_cache
    Json,
    /// Authorization: Bearer …
    Header,
    /// export ACCESS_TOKEN='…'
    Env,
    /// ::add-mask:: on stdout, and the variable appended to $GITHUB_ENV
    Github,
    /// A Kubernetes ExecCredential, for kubectl's exec credential plugins
    #[serde(rename = "exec-credential")]
    ExecCredential,
}

/// Which backend keeps the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// The keychain, or the file store when the keychain cannot be written
    Auto,
    /// The OS keychain only (fails when it is unavailable)
    Keyring,
    /// JSON files under the data directory (0600)
    File,
    /// Keep nothing: every call asks the provider
    None,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Auto => "auto",
            Backend::Keyring => "keyring",
            Backend::File => "file",
            Backend::None => "none",
        }
    }
}

/// `login_info.type`: how the user logs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum LoginType {
    /// 1: card number
    Card,
    /// 2: PIN
    Pin,
    /// 3: user name and password
    User,
    /// 4: card number and PIN
    CardPin,
    /// 5: card number and password
    CardPassword,
}

impl LoginType {
    /// The number MyQ sends as `login_info.type`.
    pub fn code(self) -> u8 {
        match self {
            LoginType::Card => 1,
            LoginType::Pin => 2,
            LoginType::User => 3,
            LoginType::CardPin => 4,
            LoginType::CardPassword => 5,
        }
    }
}

/// One kind of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TokenKind {
    /// The access token
    Access,
    /// The refresh token
    Refresh,
}

impl TokenKind {
    /// The RFC 7009 / RFC 7662 `token_type_hint`.
    pub fn hint(self) -> &'static str {
        match self {
            TokenKind::Access => "access_token",
            TokenKind::Refresh => "refresh_token",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            TokenKind::Access => "access token",
            TokenKind::Refresh => "refresh token",
        }
    }
}

/// Scopes, written as one space-separated string or as a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes(pub Vec<String>);

impl Scopes {
    /// Scopes from words that may each hold several, space-separated.
    pub fn from_words<S: AsRef<str>>(items: &[S]) -> Self {
        Scopes(
            items
                .iter()
                .flat_map(|s| s.as_ref().split_whitespace())
                .map(str::to_string)
                .collect(),
        )
    }
}

impl<'de> Deserialize<'de> for Scopes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        match Raw::deserialize(deserializer)? {
            Raw::One(s) => Ok(Scopes::from_words(&[s])),
            Raw::Many(v) => Ok(Scopes::from_words(&v)),
        }
    }
}

/// Parameter names whose values are secrets: never in a trace, never on the command line.
const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "password",
    "pwd",
    "pin",
    "card",
    "code",
    "code_verifier",
    "client_assertion",
    "assertion",
    "refresh_token",
    "access_token",
    "id_token",
    "token",
    "device_code",
    "subject_token",
    "actor_token",
];

/// Whether a request parameter of this name carries a secret.
pub fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.contains(&key.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_parse_by_name_or_uri() {
        assert_eq!("password".parse::<Grant>(), Ok(Grant::Password));
        assert_eq!(
            "urn:ietf:params:oauth:grant-type:jwt-bearer".parse::<Grant>(),
            Ok(Grant::Extension(
                "urn:ietf:params:oauth:grant-type:jwt-bearer".into()
            ))
        );
        assert!("passwort".parse::<Grant>().is_err());
    }
}
