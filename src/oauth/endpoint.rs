//! One call to an endpoint of the authorization server — token, revocation, introspection,
//! device authorization: the client's authentication applied, the parameters encoded, the
//! request sent, and a failure read into an error a person can act on. Each kind of request
//! says what it sends; how it is sent is decided here once.

use anyhow::Result;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};

use super::assertion;
use super::discovery::Endpoints;
use super::response;
use crate::config::Settings;
use crate::dpop::{self, DpopKey};
use crate::error;
use crate::http::{self, Client, Method, Response};
use crate::jws;
use crate::types::{AuthMethod, BodyEncoding};

/// Request parameters, in order.
pub type Params = Vec<(String, Value)>;

/// How the client authenticates in a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// As configured: a client assertion when there is a key, else the client secret by the
    /// configured method. `public_ok`: a client with no secret, no key and no chosen method is
    /// a public client, which sends its id alone (RFC 6749 §2.1).
    AsConfigured { public_ok: bool },
    /// This way, whatever is configured (High Mobility's revocation wants the secret in the body).
    Only(AuthMethod),
}

/// What one call sends. It has no `Debug`: its parameters hold the secrets it sends.
pub struct Call<'a> {
    /// What the request is, for messages: a grant name, "revocation", "introspection".
    pub what: &'a str,
    pub url: &'a str,
    pub method: Method,
    pub encoding: BodyEncoding,
    /// The request's own parameters; the client's authentication is added to them.
    pub params: Params,
    /// Parameters laid over everything else, client authentication included (a profile's
    /// `params`): each replaces one of the same name.
    pub overrides: Params,
    pub auth: ClientAuth,
    /// Whether a successful answer carries an `access_token` (a 2xx with an `error` and no
    /// token is then a failure).
    pub answers_with_a_token: bool,
    /// The key whose DPoP proof goes with the request (token and refresh requests of a
    /// DPoP-bound entry).
    pub dpop: Option<&'a DpopKey>,
}

impl<'a> Call<'a> {
    /// The common shape: a form POSTed with the client's authentication as configured (a
    /// public client may send its id alone), answered by something other than a token.
    pub fn form(what: &'a str, url: &'a str, params: Params) -> Call<'a> {
        Call {
            what,
            url,
            method: Method::Post,
            encoding: BodyEncoding::Form,
            params,
            overrides: Vec::new(),
            auth: ClientAuth::AsConfigured { public_ok: true },
            answers_with_a_token: false,
            dpop: None,
        }
    }
}

/// Makes the call to one of `ep`: the answer when it is a success, else the error it stands for.
/// With a DPoP key, each attempt carries a proof, and a server that asks for a nonce is asked
/// once more with it (with a new client assertion: each is used once).
pub fn call(client: &Client, s: &Settings, ep: &Endpoints, call: Call) -> Result<Response> {
    let Call {
        what,
        url,
        method,
        encoding,
        params,
        overrides,
        auth,
        answers_with_a_token,
        dpop,
    } = call;
    let mut nonce: Option<String> = None;
    let resp = loop {
        let mut params = params.clone();
        let basic = client_auth(client, s, ep, url, &mut params, auth, what)?;
        for (key, value) in &overrides {
            params.retain(|(k, _)| k != key);
            params.push((key.clone(), value.clone()));
        }
        let mut req = with_body(method, url, encoding, &params, basic)?;
        if let Some(key) = dpop {
            let proof = key.proof(method, url, None, nonce.as_deref())?;
            if client.tracing() {
                crate::trace::emit(
                    "*",
                    &format!("DPoP proof {}", jws::describe(proof.expose())),
                );
            }
            req.headers
                .push(("dpop".into(), proof.expose().to_string()));
        }
        let resp = client.send(&req)?;
        match dpop.and_then(|_| dpop::nonce_asked(&resp)) {
            Some(asked) if nonce.is_none() => nonce = Some(asked),
            _ => break resp,
        }
    };
    let success = answers_with_a_token
        && serde_json::from_slice::<Value>(&resp.body)
            .ok()
            .is_some_and(|body| body.get("access_token").is_some());
    let ctx = response::Context {
        provider: &s.provider.name,
        grant: what,
        requested_scope: &[],
        now: 0,
    };
    match response::failure(&resp, &ctx, success) {
        Some(err) => Err(err),
        None => Ok(resp),
    }
}

/// Adds the client's credentials to `params`, or returns the Basic header value, for a call
/// to `url`.
fn client_auth(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    url: &str,
    params: &mut Params,
    auth: ClientAuth,
    call_what: &str,
) -> Result<Option<String>> {
    // A JWT-bearer grant may come from no client at all (RFC 7523 §2.1).
    if !s.client_id.is_empty() {
        params.push(("client_id".into(), s.client_id.as_str().into()));
    }
    let (method, public_ok) = match auth {
        ClientAuth::Only(method) => (Some(method), false),
        ClientAuth::AsConfigured { public_ok } => (None, public_ok),
    };
    let what = call_what;
    let secret = || {
        let source = s.client_secret.as_ref().ok_or_else(|| {
            let where_from = "set OTOK_CLIENT_SECRET, use --client-secret-file or \
                              --client-secret-stdin, or client_secret in the profile";
            match method {
                // The request itself wants the secret, whatever the configured method.
                Some(_) => error::config(format!(
                    "{} takes the {what} request only with the client secret, and none is given",
                    s.provider.name
                ))
                .hint(where_from),
                None => error::config(format!("no client secret for {}", s.provider.name)).hint(
                    format!("{where_from} (--auth-method none for a public client)"),
                ),
            }
        })?;
        source.resolve("client secret")
    };
    let public = public_ok
        && s.client_secret.is_none()
        && (s.private_key.is_none() || s.key_signs_grant())
        && s.client_cert_file.is_none()
        && s.client_assertion.is_none()
        && s.auth_method.is_none();
    let method = match method {
        Some(method) => method,
        None if public => AuthMethod::None,
        None => ep.auth_method,
    };
    match method {
        AuthMethod::None => Ok(None),
        AuthMethod::Post => {
            params.push(("client_secret".into(), secret()?.expose().into()));
            Ok(None)
        }
        AuthMethod::Basic => {
            params.retain(|(k, _)| k != "client_id");
            Ok(Some(basic_auth(&s.client_id, secret()?.expose())))
        }
        AuthMethod::PrivateKeyJwt | AuthMethod::ClientSecretJwt => {
            let assertion = assertion::client_assertion(s, ep, url, method)?;
            if client.tracing() {
                crate::trace::emit(
                    "*",
                    &format!("client_assertion {}", jws::describe(assertion.expose())),
                );
            }
            params.push((
                "client_assertion_type".into(),
                assertion::ASSERTION_TYPE.into(),
            ));
            params.push(("client_assertion".into(), assertion.expose().into()));
            Ok(None)
        }
        AuthMethod::ClientAssertionJwt => {
            let source = s.client_assertion.as_ref().ok_or_else(|| {
                error::config("client_assertion_jwt needs the client assertion to send").hint(
                    "use --client-assertion-from SOURCE (github-actions:AUDIENCE, …), \
                     --client-assertion-file, OTOK_CLIENT_ASSERTION or client_assertion in the \
                     profile",
                )
            })?;
            let assertion = source.resolve("client assertion")?;
            params.push((
                "client_assertion_type".into(),
                assertion::ASSERTION_TYPE.into(),
            ));
            params.push(("client_assertion".into(), assertion.expose().into()));
            Ok(None)
        }
        // The certificate is presented by the TLS layer; the body names the client.
        AuthMethod::TlsClientAuth | AuthMethod::SelfSignedTlsClientAuth => {
            if s.client_cert_file.is_none() {
                return Err(error::config(format!(
                    "{} needs the client's certificate",
                    method.as_str()
                ))
                .hint("use --client-cert-file and --client-key-file (client_cert_file and client_key in the profile)")
                .into());
            }
            Ok(None)
        }
    }
}

/// A request with `params` as its body, and Basic credentials when there are some.
fn with_body(
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
