//! The OAuth 2.0 vocabulary and the token request: grants, client authentication, body
//! encoding, ES256 client assertions, and the parsing of token and error responses.

pub mod assertion;
pub mod authorize;
pub mod device;
pub mod discovery;
pub mod introspect;
pub mod pkce;
pub mod request;
pub mod response;
pub mod revoke;

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// How the client authenticates to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    /// HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)
    Basic,
    /// client_id and client_secret in the request body
    Post,
    /// client_id in the body, no secret (public clients)
    None,
}

impl AuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Basic => "basic",
            AuthMethod::Post => "post",
            AuthMethod::None => "none",
        }
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
    /// no client authentication chosen, otok sends its client id alone for these.
    pub fn allows_public_client(&self) -> bool {
        match self {
            Grant::AuthorizationCode | Grant::RefreshToken => true,
            Grant::Extension(uri) => uri == DEVICE_CODE,
            _ => false,
        }
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
            uri if uri.contains(':') && !uri.contains(char::is_whitespace) => {
                Grant::Extension(uri.to_string())
            }
            other => {
                return Err(format!(
                    "unknown grant `{other}`: expected client_credentials, password, login_info, \
                     authorization_code, refresh_token or an extension grant URI"
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
