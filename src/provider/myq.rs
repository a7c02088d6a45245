//! MyQ X (an on-premises print server, so there is no default base URL): JSON bodies, client
//! credentials in the body, and the `login_info` grant with its five login types.

use anyhow::Result;
use serde_json::{json, Map, Value};

use super::{AuthorizeInput, Hooks, LoginInput, Provider};
use crate::error;
use crate::secret::Role;
use crate::types::{AuthMethod, BodyEncoding, Grant, LoginType};

#[derive(Debug)]
struct MyQ;

impl Hooks for MyQ {
    /// `/{lang}/auth` needs a scope, although MyQ's documentation leaves it out of the query.
    fn authorize_params(&self, req: &AuthorizeInput) -> Result<Vec<(String, String)>> {
        if req.scopes.is_empty() {
            return Err(error::config("MyQ's authorization page needs a scope")
                .hint("give --scope, for example --scope 'print offline.access' (offline.access brings a refresh token)")
                .into());
        }
        let mut params = vec![("response_type".to_string(), "code".to_string())];
        params.extend(req.common());
        Ok(params)
    }

    fn grant_params(
        &self,
        grant: &Grant,
        login: &LoginInput,
    ) -> Result<Option<Vec<(String, Value)>>> {
        if *grant != Grant::LoginInfo {
            return Ok(None);
        }
        let login_type = login.login_type.ok_or_else(|| {
            error::config("the login_info grant needs --login-type (card, pin, user, card-pin or card-password)")
        })?;
        let missing = |what: &str, how: &str| {
            error::config(format!("MyQ login type {login_type:?} needs {what}"))
                .hint(how.to_string())
        };
        let mut info = Map::new();
        info.insert("type".into(), json!(login_type.code()));
        if login_type == LoginType::User {
            match login.username {
                Some(user) => {
                    info.insert("user".into(), json!(user));
                }
                None if !login.reveal.for_the_wire() => {}
                None => {
                    return Err(missing("a user name", "use --username or OTOK_USERNAME").into())
                }
            }
        }
        // The card names the person; so does a PIN that is the only credential. A PIN or a
        // password that goes with a card or a user name proves it.
        use Role::{Credential, Identity};
        let fields: &[(&str, Role)] = match login_type {
            LoginType::Card => &[("card", Identity)],
            LoginType::Pin => &[("pin", Identity)],
            LoginType::User => &[("pwd", Credential)],
            LoginType::CardPin => &[("card", Identity), ("pin", Credential)],
            LoginType::CardPassword => &[("card", Identity), ("pwd", Credential)],
        };
        for &(key, role) in fields {
            let (source, what, how) = match key {
                "card" => (
                    login.card,
                    "a card number",
                    "set OTOK_CARD, or use --card-file or --card-stdin",
                ),
                "pin" => (
                    login.pin,
                    "a PIN",
                    "set OTOK_PIN, or use --pin-file or --pin-stdin",
                ),
                _ => (
                    login.password,
                    "a password",
                    "set OTOK_PASSWORD, or use --password-file or --password-stdin",
                ),
            };
            let value = login.reveal.secret(
                source,
                role,
                &format!("MyQ {}", what.trim_start_matches("a ")),
                &|| missing(what, how).into(),
            )?;
            if let Some(value) = value {
                info.insert(key.into(), json!(value));
            }
        }
        Ok(Some(vec![("login_info".into(), Value::Object(info))]))
    }
}

pub fn provider() -> Provider {
    Provider {
        name: "myq".into(),
        summary: "MyQ X print server (on-premises: needs --base-url)".into(),
        base_url: None,
        token: Some("/api/auth/token".into()),
        authorize: Some("/en/auth".into()),
        revoke: None,
        introspect: None,
        revocation: None,
        pkce: false,
        body: BodyEncoding::Json,
        auth_method: AuthMethod::Post,
        auth_methods: Some(vec![AuthMethod::Post, AuthMethod::None]),
        grants: Some(vec![
            Grant::ClientCredentials,
            Grant::LoginInfo,
            Grant::Password,
            Grant::AuthorizationCode,
            Grant::RefreshToken,
        ]),
        default_grant: Grant::ClientCredentials,
        default_scope: Vec::new(),
        hooks: &MyQ,
    }
}
