//! Requests to a resource server, for `otok request`: the URL resolved against the API base,
//! the caller's headers checked, the request built around a token, and the answer read for the
//! one thing otok acts on, a refused token (`invalid_token`, RFC 6750 §3.1).
//!
//! Nothing here touches the store or the network: the command holds the token path and sends
//! what this module builds, so that these rules are tested without sockets.

use anyhow::Result;

use crate::error::{self, Error, Kind};
use crate::http::{Method, Request, Response};
use crate::secret::Secret;

/// The largest answer `otok request` reads: far above a token response's cap, since an API
/// may answer with a file.
pub const MAX_BODY: u64 = 100 * 1024 * 1024;

/// What the caller asked for, checked; the token is added per attempt by [`Call::request`].
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Content type and bytes.
    pub body: Option<(String, Vec<u8>)>,
}

impl Call {
    /// The request with `Authorization: <token_type> <token>`; a caller's own Authorization
    /// header was refused when the call was built.
    pub fn request(&self, token_type: &str, token: &Secret) -> Request {
        let mut headers = vec![(
            "authorization".to_string(),
            format!("{token_type} {}", token.expose()),
        )];
        headers.extend(self.headers.iter().cloned());
        Request {
            method: self.method,
            url: self.url.clone(),
            headers,
            body: self.body.clone(),
        }
    }
}

/// The body's origin, as the flags give it.
pub enum Body {
    /// `-d`: form-encoded, as curl sends it.
    Data(String),
    /// `--data-file`: bytes as they are.
    Bytes(Vec<u8>),
    /// `--json`: sets the content type and asks for JSON back.
    Json(String),
}

/// Builds the call: method (GET, or POST with a body), URL under `api_base` when it starts with
/// `/`, headers as `Name: value`.
pub fn build(
    method: Option<&str>,
    url: &str,
    api_base: Option<&str>,
    header_lines: &[String],
    body: Option<Body>,
) -> Result<Call> {
    let method = match method {
        Some(name) => Method::parse(name).ok_or_else(|| {
            error::config(format!("`{name}` is not a method otok sends"))
                .hint("use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS")
        })?,
        None if body.is_some() => Method::Post,
        None => Method::Get,
    };
    let url = resolve(url, api_base)?;
    crate::http::check_url(&url)?;
    let mut headers = Vec::new();
    for line in header_lines {
        headers.push(header(line)?);
    }
    let body = body.map(|body| {
        let (content_type, bytes) = match body {
            Body::Data(text) => ("application/x-www-form-urlencoded", text.into_bytes()),
            Body::Bytes(bytes) => ("application/octet-stream", bytes),
            Body::Json(text) => {
                if !headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
                {
                    headers.push(("accept".into(), "application/json".into()));
                }
                ("application/json", text.into_bytes())
            }
        };
        (content_type.to_string(), bytes)
    });
    // A Content-Type of the caller's replaces the body's default rather than doubling it.
    let given_type = headers
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    let body = match (body, given_type) {
        (Some((_, bytes)), Some(i)) => Some((headers.remove(i).1, bytes)),
        (body, _) => body,
    };
    // Any kind of answer, as curl asks, unless the caller (or --json) said otherwise: the
    // client's default `application/json` is for the authorization server.
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
    {
        headers.push(("accept".into(), "*/*".into()));
    }
    Ok(Call {
        method,
        url,
        headers,
        body,
    })
}

/// A URL that starts with `/` goes under `base` (`https://api.example.com/v2` and `/items`
/// make `https://api.example.com/v2/items`); any other is taken as it is.
pub fn resolve(url: &str, base: Option<&str>) -> Result<String> {
    if !url.starts_with('/') {
        return Ok(url.to_string());
    }
    let base = base.ok_or_else(|| {
        error::config(format!("`{url}` is a path, and no API base URL is known")).hint(
            "give a full URL, or --api-url (api_url in the profile), or the provider's --base-url",
        )
    })?;
    Ok(format!("{}{url}", base.trim_end_matches('/')))
}

/// A `Name: value` header line.
fn header(line: &str) -> Result<(String, String)> {
    let bad = |why: &str| error::config(format!("bad header `{line}`: {why}"));
    let (name, value) = line
        .split_once(':')
        .ok_or_else(|| bad("expected `Name: value`"))?;
    let name = name.trim();
    let token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token_char) {
        return Err(bad("the name is not a header name").into());
    }
    if name.eq_ignore_ascii_case("authorization") {
        return Err(bad("otok sends the Authorization header itself")
            .hint("drop this -H; the token goes in Authorization: <token_type> <token>")
            .into());
    }
    let value = value.trim();
    if value.contains(['\r', '\n', '\0']) {
        return Err(bad("a header value cannot hold a line break").into());
    }
    Ok((name.to_string(), value.to_string()))
}

/// Whether the answer says the token was refused as such: a 401 whose `WWW-Authenticate`
/// carries `error="invalid_token"` (RFC 6750), or whose JSON body has
/// `"error": "invalid_token"` (Myfox's `{"status":"KO","error":"invalid_token"}` among them).
pub fn token_refused(resp: &Response) -> bool {
    if resp.status != 401 {
        return false;
    }
    let in_header = resp
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("www-authenticate"))
        .any(|(_, v)| challenge_says_invalid_token(v));
    let in_body = serde_json::from_slice::<serde_json::Value>(&resp.body)
        .ok()
        .is_some_and(|v| v.get("error").and_then(|e| e.as_str()) == Some("invalid_token"));
    in_header || in_body
}

/// `error=invalid_token` or `error="invalid_token"` among a challenge's parameters.
fn challenge_says_invalid_token(value: &str) -> bool {
    value
        .split([',', ' '])
        .filter_map(|part| part.split_once('='))
        .any(|(name, v)| {
            name.trim().eq_ignore_ascii_case("error")
                && v.trim().trim_matches('"') == "invalid_token"
        })
}

/// The failure for an answer that is not a success, `None` for a 2xx: exit 22 for a 4xx, 23
/// for anything else.
pub fn failure(call: &Call, resp: &Response) -> Option<Error> {
    let kind = match resp.status {
        200..=299 => return None,
        400..=499 => Kind::ClientErrorAnswer,
        _ => Kind::OtherAnswer,
    };
    let mut what = format!(
        "{} {} answered HTTP {}",
        call.method.as_str(),
        crate::trace::url(&call.url),
        resp.status
    );
    if (300..400).contains(&resp.status) {
        if let Some(location) = resp.header("location") {
            what.push_str(&format!(
                " (a redirect to {}, not followed)",
                crate::terminal::sanitize(location, 200)
            ));
        }
    }
    Some(
        Error::new(kind, what).hint("the body is on stdout; --no-fail exits 0 whatever the status"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_refused_token_is_read_from_the_challenge_or_the_body() {
        for refused in [
            answer(
                401,
                &[(
                    "WWW-Authenticate",
                    r#"Bearer realm="api", error="invalid_token", error_description="expired""#,
                )],
                "",
            ),
            answer(
                401,
                &[("www-authenticate", "Bearer error=invalid_token")],
                "",
            ),
            answer(401, &[], r#"{"status":"KO","error":"invalid_token"}"#),
            answer(
                401,
                &[],
                r#"{"error":"invalid_token","error_description":"x"}"#,
            ),
        ] {
            assert!(token_refused(&refused), "{:?}", refused.headers);
        }
        for kept in [
            answer(401, &[("WWW-Authenticate", r#"Bearer realm="api""#)], ""),
            answer(401, &[], r#"{"error":"insufficient_scope"}"#),
            answer(
                403,
                &[("WWW-Authenticate", r#"Bearer error="invalid_token""#)],
                "",
            ),
            answer(400, &[], r#"{"error":"invalid_token"}"#),
            answer(401, &[], "invalid_token"),
        ] {
            assert!(!token_refused(&kept));
        }
    }

    #[test]
    fn paths_go_under_the_base() {
        assert_eq!(
            resolve("/v1/vehicleinfo", Some("https://api.high-mobility.com")).unwrap(),
            "https://api.high-mobility.com/v1/vehicleinfo"
        );
        assert_eq!(
            resolve("/items?a=1", Some("https://x.example.com/api/v2/")).unwrap(),
            "https://x.example.com/api/v2/items?a=1"
        );
        assert_eq!(
            resolve("https://other.example.com/x", Some("https://b.example.com")).unwrap(),
            "https://other.example.com/x"
        );
        assert_eq!(error::report(&resolve("/x", None).unwrap_err()).0, 3);
    }

    #[test]
    fn headers_methods_and_bodies() {
        let call = build(
            None,
            "https://api.example.com/x",
            None,
            &["X-A: 1".into(), "content-type: text/plain".into()],
            Some(Body::Data("a=b".into())),
        )
        .unwrap();
        assert_eq!(call.method, Method::Post);
        assert_eq!(
            call.headers,
            [
                ("X-A".to_string(), "1".to_string()),
                ("accept".to_string(), "*/*".to_string())
            ]
        );
        assert_eq!(call.body, Some(("text/plain".into(), b"a=b".to_vec())));

        let json = build(
            Some("put"),
            "https://api.example.com/x",
            None,
            &[],
            Some(Body::Json("{}".into())),
        )
        .unwrap();
        assert_eq!(json.method, Method::Put);
        assert_eq!(json.body.unwrap().0, "application/json");
        assert_eq!(json.headers, [("accept".into(), "application/json".into())]);

        for bad in ["no colon", "Authorization: Bearer x", "Bad Name: v", ": v"] {
            let err = build(None, "https://a.example.com", None, &[bad.into()], None).unwrap_err();
            assert_eq!(error::report(&err).0, 3, "{bad}");
        }
        let err = build(Some("BREW"), "https://a.example.com", None, &[], None).unwrap_err();
        assert_eq!(error::report(&err).0, 3);
        let err = build(None, "http://api.example.com/x", None, &[], None).unwrap_err();
        assert_eq!(error::report(&err).0, 3);
    }

    #[test]
    fn the_token_goes_in_the_authorization_header() {
        let call = build(None, "https://a.example.com/", None, &[], None).unwrap();
        let req = call.request("Bearer", &Secret::new("tok-1"));
        assert_eq!(
            req.headers[0],
            ("authorization".into(), "Bearer tok-1".into())
        );
    }
}
