//! RFC 7662 token introspection: is this token active, for whom, with which scope, until when.

use anyhow::Result;
use serde_json::{Map, Value};

use super::discovery::Endpoints;
use super::endpoint::{self, Call, Params};
use super::response;
use crate::config::Settings;
use crate::error::{Error, Kind};
use crate::http::Client;
use crate::secret::Secret;
use crate::types::TokenKind;

/// What the introspection endpoint at `url` says of `token`: an object with at least
/// `active`, as the server sent it.
pub fn introspect(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    url: &str,
    token: &Secret,
    kind: TokenKind,
) -> Result<Map<String, Value>> {
    let params: Params = vec![
        ("token".into(), token.expose().into()),
        ("token_type_hint".into(), kind.hint().into()),
    ];
    let resp = endpoint::call(client, s, ep, Call::form("introspection", url, params))?;
    match serde_json::from_slice::<Value>(&resp.body) {
        Ok(Value::Object(obj)) if obj.get("active").is_some_and(Value::is_boolean) => Ok(obj),
        _ => Err(Error::new(
            Kind::BadResponse,
            format!(
                "{} (HTTP {}) sent no introspection answer: {}",
                s.provider.name,
                resp.status,
                response::words_of(&resp.body)
            ),
        )
        .hint("an RFC 7662 answer is a JSON object with a boolean `active`; check the introspection URL")
        .into()),
    }
}
