//! The device authorization grant (RFC 8628): a code the person enters on another device, and
//! the polling of the token endpoint until they did, at the interval the server asks for.

use std::time::{Duration, Instant};

use anyhow::Result;
use serde_json::Value;

use super::discovery::Endpoints;
use super::endpoint::{self, Call, Params};
use super::request::request_token;
use super::response;
use crate::config::Settings;
use crate::dpop::DpopKey;
use crate::error::{self, Error, Kind};
use crate::http::Client;
use crate::secret::Secret;
use crate::terminal;
use crate::token::TokenSet;
use crate::types::{Grant, DEVICE_CODE};

/// What the device authorization endpoint answered. The user code and the URIs are only shown
/// to the person, never sent back: they are held sanitized, safe to print
/// ([`crate::terminal::sanitize`]), so that an OSC-8 hyperlink cannot show one URL and open
/// another.
#[derive(Debug)]
pub struct DeviceAuthorization {
    pub device_code: Secret,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    /// Seconds between polls (5 when the server does not say).
    pub interval: u64,
}

/// Asks the device authorization endpoint at `url` for a user code.
pub fn start(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    url: &str,
) -> Result<DeviceAuthorization> {
    let mut params: Params = Vec::new();
    if !s.scopes.is_empty() {
        params.push(("scope".into(), s.scopes.join(" ").into()));
    }
    let resp = endpoint::call(
        client,
        s,
        ep,
        Call::form("device authorization", url, params),
    )?;
    let body: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);
    let shown = |key: &str, cap: usize| {
        body.get(key)
            .and_then(Value::as_str)
            .map(|s| terminal::sanitize(s, cap).into_owned())
    };
    let number = |key: &str| {
        body.get(key)
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
    };
    let missing = |what: &str| -> anyhow::Error {
        Error::new(
            Kind::BadResponse,
            format!(
                "{} (HTTP {}) sent no valid device authorization: {what} is missing; it answered {}",
                s.provider.name,
                resp.status,
                response::words_of(&resp.body)
            ),
        )
        .into()
    };
    Ok(DeviceAuthorization {
        device_code: Secret::new(text("device_code").ok_or_else(|| missing("device_code"))?),
        user_code: shown("user_code", terminal::WORD).ok_or_else(|| missing("user_code"))?,
        verification_uri: shown("verification_uri", terminal::TEXT)
            .or_else(|| shown("verification_url", terminal::TEXT))
            .ok_or_else(|| missing("verification_uri"))?,
        verification_uri_complete: shown("verification_uri_complete", terminal::TEXT),
        expires_in: number("expires_in").ok_or_else(|| missing("expires_in"))?,
        interval: number("interval").unwrap_or(5).max(1),
    })
}

/// Polls the token endpoint until the person approved (a token), refused (exit 4) or the code
/// expired (exit 6). `slow_down` adds 5 seconds to the interval, as RFC 8628 §3.5 asks.
pub fn poll(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    auth: &DeviceAuthorization,
    dpop: Option<&DpopKey>,
    sleep: &mut dyn FnMut(Duration),
) -> Result<TokenSet> {
    let deadline = Instant::now() + Duration::from_secs(auth.expires_in);
    let mut interval = auth.interval;
    let grant = Grant::Extension(DEVICE_CODE.into());
    loop {
        sleep(Duration::from_secs(interval));
        if Instant::now() >= deadline {
            return Err(expired());
        }
        let extra = vec![("device_code".into(), auth.device_code.expose().into())];
        match request_token(client, s, ep, &grant, extra, dpop) {
            Ok(token) => return Ok(token),
            Err(e) => match error::oauth_code(&e) {
                Some("authorization_pending") => {}
                Some("slow_down") => interval += 5,
                Some("expired_token") => return Err(expired()),
                _ => return Err(e),
            },
        }
    }
}

fn expired() -> anyhow::Error {
    Error::new(
        Kind::Interactive,
        "the device code expired before the authorization was finished",
    )
    .hint("run `otok authorize --device` again and enter the new code")
    .into()
}
