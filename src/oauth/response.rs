//! Reading what a token endpoint answered: a token set, or an error a person can act on.
//!
//! Error bodies come in three dialects: RFC 6749 `{error, error_description, error_uri}`,
//! Myfox `{"status":"KO", error, error_description}` and High Mobility
//! `{errors:[{title, detail}]}`. Anything else (HTML, empty, not JSON, truncated JSON, a 200
//! without `access_token`) is reported with the provider, the HTTP status and the server's own
//! words, never silently taken for a token. The server's words pass through
//! [`terminal::sanitize`] before they enter a message: they are data, never terminal control.

use anyhow::Result;
use serde_json::{Map, Value};

use crate::error::{Error, Kind};
use crate::http::Response;
use crate::secret::Secret;
use crate::terminal::{self, sanitize};
use crate::token::TokenSet;

/// The longest lifetime taken at face value: ten years.
const MAX_LIFETIME: u64 = 10 * 365 * 24 * 3600;

/// Fields that are read into [`TokenSet`]; everything else is kept as a provider extra.
const KNOWN: &[&str] = &[
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "scope",
    "id_token",
];

/// What the message needs to say who answered what.
pub struct Context<'a> {
    pub provider: &'a str,
    /// The grant or operation, for messages ("client_credentials").
    pub grant: &'a str,
    pub requested_scope: &'a [String],
    /// When the request was sent: lifetimes count from here.
    pub now: u64,
}

/// An OAuth error as the server put it.
#[derive(Debug, PartialEq, Eq)]
pub struct OAuthError {
    pub code: String,
    pub description: Option<String>,
    pub uri: Option<String>,
}

impl OAuthError {
    /// The error as a message shows it: escaped and cut to size.
    fn words(&self) -> String {
        let mut s = sanitize(&self.code, terminal::WORD).into_owned();
        if let Some(d) = &self.description {
            s.push_str(&format!(": {}", sanitize(d, terminal::TEXT)));
        }
        if let Some(u) = &self.uri {
            s.push_str(&format!(" (see {})", sanitize(u, terminal::TEXT)));
        }
        s
    }
}

/// Finds an error in any of the dialects.
pub fn oauth_error(body: &Value) -> Option<OAuthError> {
    let obj = body.as_object()?;
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(code) = text("error") {
        return Some(OAuthError {
            code,
            description: text("error_description").or_else(|| text("message")),
            uri: text("error_uri"),
        });
    }
    if let Some(errors) = obj.get("errors").and_then(Value::as_array) {
        let parts: Vec<String> = errors
            .iter()
            .filter_map(|e| {
                let title = e.get("title").and_then(Value::as_str);
                let detail = e.get("detail").and_then(Value::as_str);
                match (title, detail) {
                    (Some(t), Some(d)) => Some(format!("{t}: {d}")),
                    (Some(x), None) | (None, Some(x)) => Some(x.to_string()),
                    _ => None,
                }
            })
            .collect();
        if !parts.is_empty() {
            let (code, rest) = match parts.split_first() {
                Some((first, rest)) => (first.clone(), rest.join("; ")),
                None => unreachable!(),
            };
            return Some(OAuthError {
                code,
                description: (!rest.is_empty()).then_some(rest),
                uri: None,
            });
        }
    }
    if text("status").is_some_and(|s| s.eq_ignore_ascii_case("KO")) {
        return Some(OAuthError {
            code: text("error").unwrap_or_else(|| "error".into()),
            description: text("error_description").or_else(|| text("message")),
            uri: None,
        });
    }
    None
}

/// What the next step is for a refusal, by RFC 6749 error code.
fn hint_for(code: &str) -> &'static str {
    match code {
        "invalid_client" => "check the client id and secret, and how they are sent (--auth-method basic|post|none)",
        "invalid_grant" => "the credentials, code or refresh token were not accepted: check them (a repeated wrong password may lock the account)",
        "unauthorized_client" => "this client may not use this grant: check the client's settings at the provider, or --grant",
        "unsupported_grant_type" => "the server does not support this grant: choose another with --grant",
        "invalid_scope" => "ask for scopes the client is allowed: check --scope",
        "invalid_request" => "the server rejected the request's shape or values: run with -v to see what was sent",
        "access_denied" => "the resource owner or server denied the request",
        _ => "run with -v to see the request and the full answer",
    }
}

/// Whether a body is an HTML page: what a web server, a proxy or a login portal answers, not a
/// token endpoint.
pub fn is_html(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let lower = text.trim().to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
}

/// The server's own words from a body that is not a recognised error: an HTML page's title,
/// or the start of the text, escaped and cut to size.
pub fn words_of(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return "an empty body".into();
    }
    let lower = trimmed.to_ascii_lowercase();
    if is_html(body) {
        let title = lower
            .find("<title>")
            .and_then(|start| {
                let from = start + "<title>".len();
                lower[from..]
                    .find("</title>")
                    .map(|end| trimmed[from..from + end].trim().to_string())
            })
            .filter(|t| !t.is_empty());
        return match title {
            Some(title) => format!(
                "an HTML page titled \"{}\"",
                sanitize(&title, terminal::WORD)
            ),
            None => "an HTML page".into(),
        };
    }
    format!("\"{}\"", sanitize(trimmed, terminal::WORD))
}

/// The error an answer stands for, if it is not a success: a redirect, an OAuth error in any
/// dialect, server trouble, a refusal without words, or any other non-2xx status. `success`
/// says whether a 2xx body that also carries an error field is a success (a token is there).
/// Every error for a non-2xx answer carries its HTTP status ([`crate::error::http_status`]).
pub fn failure(resp: &Response, ctx: &Context, success: bool) -> Option<anyhow::Error> {
    let status = resp.status;
    let json: Option<Value> = serde_json::from_slice(&resp.body).ok();
    let who = format!("{} (HTTP {status})", ctx.provider);
    let what = ctx.grant;
    let failed = |kind: Kind, message: String| {
        let err = Error::new(kind, message);
        if (200..300).contains(&status) {
            err
        } else {
            err.status(status)
        }
    };

    if (300..400).contains(&status) {
        let to = sanitize(resp.header("location").unwrap_or("nowhere"), terminal::TEXT);
        return Some(
            failed(
                Kind::BadResponse,
                format!("{who} redirected the {what} request to {to}"),
            )
            .hint("otok does not follow redirects with credentials: use the final URL")
            .into(),
        );
    }
    let err = json.as_ref().and_then(oauth_error);
    if let Some(err) = err.filter(|_| status >= 400 || !success) {
        let unavailable = status >= 500 || status == 429;
        let (kind, verb, hint) = if unavailable {
            (Kind::Unavailable, "could not answer", "try again later")
        } else {
            (Kind::Refused, "refused", hint_for(&err.code))
        };
        return Some(
            failed(
                kind,
                format!("{who} {verb} the {what} request: {}", err.words()),
            )
            .code(err.code.clone())
            .hint(hint)
            .into(),
        );
    }
    if status == 429 || status >= 500 {
        let wait = resp
            .header("retry-after")
            .map(|s| format!("; it asks to retry after {} s", sanitize(s, terminal::WORD)))
            .unwrap_or_default();
        return Some(
            failed(
                Kind::Unavailable,
                format!(
                    "{who} is unavailable: it answered {}{wait}",
                    words_of(&resp.body)
                ),
            )
            .hint("try again later")
            .into(),
        );
    }
    let html = is_html(&resp.body);
    // A refusal without an OAuth error: an empty body, plain text, JSON of another shape. An
    // HTML page at these statuses comes from something that is not a token endpoint (a proxy,
    // a portal, a web server at a wrong URL): it is reported below, with the URL hint.
    if matches!(status, 400 | 401 | 403) && !html {
        let hint = if status == 400 {
            "the server gave no reason: check the credentials, the client id and secret, and the grant; run with -v to see the exchange"
        } else {
            hint_for("invalid_client")
        };
        return Some(
            failed(
                Kind::Refused,
                format!(
                    "{who} refused the {what} request: it answered {}",
                    words_of(&resp.body)
                ),
            )
            .hint(hint)
            .into(),
        );
    }
    if !(200..300).contains(&status) {
        let hint = if matches!(status, 404 | 405) || html {
            "check the endpoint URL (--base-url, --token-url, …); run with -v to see the exchange"
        } else {
            "run with -v to see the exchange"
        };
        return Some(
            failed(
                Kind::BadResponse,
                format!(
                    "{who} answered {} to the {what} request",
                    words_of(&resp.body)
                ),
            )
            .hint(hint)
            .into(),
        );
    }
    None
}

/// Interprets a token endpoint's answer.
pub fn parse_token(resp: &Response, ctx: &Context) -> Result<TokenSet> {
    let json: Option<Value> = serde_json::from_slice(&resp.body).ok();
    let has_token = json.as_ref().and_then(|j| j.get("access_token")).is_some();
    if let Some(err) = failure(resp, ctx, has_token) {
        return Err(err);
    }
    let who = format!("{} (HTTP {})", ctx.provider, resp.status);
    let bad = |what: String| -> anyhow::Error {
        Error::new(
            Kind::BadResponse,
            format!("{who} sent no valid token: {what}"),
        )
        .hint("the server is not behaving as a token endpoint; run with -v to see its answer")
        .into()
    };
    let Some(Value::Object(obj)) = json else {
        let what = if serde_json::from_slice::<Value>(&resp.body).is_ok() {
            "the answer is JSON but not an object".to_string()
        } else if resp.body.iter().all(u8::is_ascii_whitespace) {
            "the answer is empty".to_string()
        } else if String::from_utf8_lossy(&resp.body)
            .trim_start()
            .starts_with('{')
        {
            "the JSON answer is cut short or malformed".to_string()
        } else {
            format!("the answer is not JSON but {}", words_of(&resp.body))
        };
        return Err(bad(what));
    };
    token_set(obj, ctx).map_err(bad)
}

fn token_set(mut obj: Map<String, Value>, ctx: &Context) -> Result<TokenSet, String> {
    let access_token = match obj.get("access_token") {
        Some(Value::String(s)) if s.trim().is_empty() => return Err("access_token is empty".into()),
        Some(Value::String(s)) if !usable(s) => return Err(unusable("access_token")),
        Some(Value::String(s)) => Secret::new(s.clone()),
        Some(other) => return Err(format!("access_token is {}, not a string", kind_of(other))),
        None => {
            return Err(format!(
                "no access_token in the answer (fields: {})",
                field_names(&obj)
            ))
        }
    };
    let token_type = match obj.get("token_type") {
        None | Some(Value::Null) => "Bearer".to_string(),
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => "Bearer".to_string(),
        Some(Value::String(t)) if !t.trim().is_empty() && !usable(t) => {
            return Err(format!(
                "token_type \"{}\" contains a control character or white space",
                sanitize(t, terminal::WORD)
            ))
        }
        Some(Value::String(t)) if !t.trim().is_empty() => t.clone(),
        Some(other) => {
            return Err(format!(
                "token_type is {}, not a token type",
                kind_of(other)
            ))
        }
    };
    let expires_in = match obj.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(v) => Some(lifetime(v).ok_or_else(|| match v {
            Value::Number(_) => {
                format!("expires_in is {v}, not a lifetime between 0 s and ten years")
            }
            _ => format!(
                "expires_in is {}, not a number of seconds",
                sanitize(&v.to_string(), terminal::WORD)
            ),
        })?),
    };
    let scope = match obj.get("scope") {
        None | Some(Value::Null) => ctx.requested_scope.to_vec(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(other) => return Err(format!("scope is {}, not a string", kind_of(other))),
    };
    let optional_secret = |key: &str| match obj.get(key) {
        Some(Value::String(s)) if !s.is_empty() && !usable(s) => Err(unusable(key)),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(Secret::new(s.clone()))),
        None | Some(Value::Null) | Some(Value::String(_)) => Ok(None),
        Some(other) => Err(format!("{key} is {}, not a string", kind_of(other))),
    };
    let refresh_token = optional_secret("refresh_token")?;
    let id_token = optional_secret("id_token")?;
    obj.retain(|k, _| !KNOWN.contains(&k.as_str()));
    Ok(TokenSet {
        access_token,
        token_type,
        issued_at: ctx.now,
        expires_at: expires_in.map(|s| ctx.now + s),
        scope,
        refresh_token,
        id_token,
        extra: obj,
        binding: Default::default(),
    })
}

/// `expires_in` as a number or a numeric string; no negative, fractional-garbage or absurd values.
fn lifetime(v: &Value) -> Option<u64> {
    let secs = match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f as u64)
        })?,
        Value::String(s) => s.trim().parse::<u64>().ok()?,
        _ => return None,
    };
    (secs <= MAX_LIFETIME).then_some(secs)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Whether a token can be sent in a header, printed and written to a shell as it is: no
/// control character, no white space, nothing [`terminal::sanitize`] would escape.
fn usable(token: &str) -> bool {
    terminal::is_inert(token) && !token.chars().any(char::is_whitespace)
}

/// Why a token is refused, without the token: it may be a real one, mangled.
fn unusable(key: &str) -> String {
    format!(
        "{key} contains a control character or white space, so it cannot be used or printed \
         safely (it is not shown)"
    )
}

/// The answer's key names, for a message: each escaped and cut, and the list cut too.
fn field_names(obj: &Map<String, Value>) -> String {
    if obj.is_empty() {
        return "none".into();
    }
    let names = obj
        .keys()
        .map(|k| sanitize(k, terminal::WORD))
        .collect::<Vec<_>>()
        .join(", ");
    sanitize(&names, terminal::TEXT).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::report;

    fn answer(status: u16, body: &str) -> Result<TokenSet> {
        let resp = Response {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        };
        parse_token(
            &resp,
            &Context {
                provider: "p",
                grant: "password",
                requested_scope: &["a".into()],
                now: 100,
            },
        )
    }

    fn code(r: Result<TokenSet>) -> (u8, String) {
        report(&r.unwrap_err())
    }

    #[test]
    fn numeric_string_lifetime_and_any_case_bearer() {
        let t = answer(200, r#"{"access_token":"tok","token_type":"BEARER","expires_in":"3600","status":"approved"}"#).unwrap();
        assert_eq!(t.expires_at, Some(3700));
        assert_eq!(t.token_type, "Bearer");
        assert_eq!(t.scope, ["a"]);
        assert_eq!(t.extra["status"], "approved");
    }

    #[test]
    fn dialects_of_errors() {
        let (c, m) = code(answer(
            400,
            r#"{"error":"invalid_grant","error_description":"bad password"}"#,
        ));
        assert_eq!(c, 4);
        assert!(m.contains("invalid_grant: bad password"), "{m}");
        let (c, m) = code(answer(
            200,
            r#"{"status":"KO","error":"invalid_client","error_description":"no"}"#,
        ));
        assert_eq!(c, 4);
        assert!(m.contains("invalid_client: no"), "{m}");
        let (c, m) = code(answer(
            400,
            r#"{"errors":[{"title":"Bad","detail":"secret invalid"}]}"#,
        ));
        assert_eq!(c, 4);
        assert!(m.contains("Bad: secret invalid"), "{m}");
    }

    #[test]
    fn bad_answers_are_exit_8_with_words() {
        for (body, words) in [
            ("", "empty"),
            (
                "<html><title>Login</title></html>",
                "HTML page titled \"Login\"",
            ),
            ("{\"access_token\":\"x\"", "cut short"),
            ("{\"token_type\":\"bearer\"}", "no access_token"),
            ("{\"access_token\":5}", "not a string"),
            (
                "{\"access_token\":\"x\",\"expires_in\":\"soon\"}",
                "not a number of seconds",
            ),
            (
                "{\"access_token\":\"x\",\"expires_in\":-5}",
                "not a lifetime between 0 s and ten years",
            ),
        ] {
            let (c, m) = code(answer(200, body));
            assert_eq!(c, 8, "{body}");
            assert!(m.contains(words), "{body}: {m}");
        }
    }

    #[test]
    fn a_refusal_without_an_oauth_error_is_exit_4_with_its_status() {
        use crate::error::{http_status, oauth_code, wordless_refusal};
        for (status, body, words) in [
            (
                401,
                "",
                "p (HTTP 401) refused the password request: it answered an empty body",
            ),
            (403, " \n", "it answered an empty body"),
            (
                400,
                "",
                "p (HTTP 400) refused the password request: it answered an empty body",
            ),
            (
                400,
                "Bad Request: grant rejected",
                "it answered \"Bad Request: grant rejected\"",
            ),
        ] {
            let err = answer(status, body).unwrap_err();
            let (c, m) = report(&err);
            assert_eq!(c, 4, "{status} {body:?}: {m}");
            assert!(m.contains(words), "{m}");
            assert!(!m.contains("check the endpoint URL"), "{m}");
            assert_eq!(http_status(&err), Some(status));
            assert_eq!(oauth_code(&err), None);
            assert_eq!(wordless_refusal(&err), Some(status));
        }
    }

    #[test]
    fn wrong_urls_and_html_pages_are_exit_8_with_the_url_hint() {
        for (status, body) in [
            (404, "not here"),
            (405, ""),
            (401, "<html><title>Sign in</title></html>"),
            (400, "<!DOCTYPE html><html><body>proxy</body></html>"),
        ] {
            let err = answer(status, body).unwrap_err();
            let (c, m) = report(&err);
            assert_eq!(c, 8, "{status} {body:?}: {m}");
            assert!(m.contains("check the endpoint URL"), "{m}");
            assert_eq!(crate::error::http_status(&err), Some(status));
        }
        let (c, m) = code(answer(415, "unsupported"));
        assert_eq!(c, 8);
        assert!(!m.contains("check the endpoint URL"), "{m}");
    }

    #[test]
    fn every_failure_from_a_status_carries_it_and_the_code_stays() {
        let err = answer(400, r#"{"error":"invalid_grant"}"#).unwrap_err();
        assert_eq!(crate::error::http_status(&err), Some(400));
        assert_eq!(crate::error::oauth_code(&err), Some("invalid_grant"));
        assert_eq!(crate::error::wordless_refusal(&err), None);
        let err = answer(503, "down").unwrap_err();
        assert_eq!(crate::error::http_status(&err), Some(503));
        let err = answer(200, r#"{"status":"KO","error":"invalid_client"}"#).unwrap_err();
        assert_eq!(
            crate::error::http_status(&err),
            None,
            "a 200 is no failed status"
        );
    }

    #[test]
    fn the_servers_words_are_escaped_and_cut() {
        let body = serde_json::json!({
            "error": "invalid_client\u{1b}[2J",
            "error_description": format!("\u{1b}]8;;https://evil\u{7}click\u{1b}]8;;\u{7}\r{}", "x".repeat(900_000)),
            "error_uri": "https://e.example/\u{9b}31m",
        });
        let (c, m) = code(answer(400, &body.to_string()));
        assert_eq!(c, 4);
        assert!(
            crate::terminal::is_inert(
                m.trim_end_matches('\n')
                    .split('\n')
                    .collect::<String>()
                    .as_str()
            ),
            "{m}"
        );
        assert!(
            m.contains("invalid_client\\u{1b}[2J: \\u{1b}]8;;https://evil\\u{7}click"),
            "{m}"
        );
        assert!(m.contains("(899"), "the note says how much was cut: {m}");
        assert!(m.contains("(see https://e.example/\\u{9b}31m)"), "{m}");
        assert!(m.len() < 4000, "{}", m.len());
        let (_, m) = code(answer(
            200,
            "<html><title>\u{1b}]0;t\u{7}Login</title></html>",
        ));
        assert!(m.contains("titled \"\\u{1b}]0;t\\u{7}Login\""), "{m}");
        let (_, m) = code(answer(200, r#"{"tok\u001ben":1}"#));
        assert!(m.contains("(fields: tok\\u{1b}en)"), "{m}");
    }

    #[test]
    fn tokens_with_control_characters_or_white_space_are_refused_unshown() {
        for body in [
            r#"{"access_token":"abc\n::endgroup::"}"#,
            r#"{"access_token":"abc def"}"#,
            r#"{"access_token":"abc\u001b[0m"}"#,
            r#"{"access_token":"abc\u009bx"}"#,
            r#"{"access_token":"abc\u202ex"}"#,
            r#"{"access_token":"ok","refresh_token":"r r"}"#,
            r#"{"access_token":"ok","id_token":"a.b\r.c"}"#,
        ] {
            let (c, m) = code(answer(200, body));
            assert_eq!(c, 8, "{body}: {m}");
            assert!(
                m.contains("contains a control character or white space"),
                "{m}"
            );
            assert!(
                m.contains("not shown") && !m.contains("abc") && !m.contains("endgroup"),
                "{m}"
            );
        }
        let (c, m) = code(answer(
            200,
            r#"{"access_token":"ok","token_type":"Bearer\r\nX-Evil: 1"}"#,
        ));
        assert_eq!(c, 8);
        assert!(
            m.contains("token_type \"Bearer\\u{d}\\u{a}X-Evil: 1\" contains"),
            "{m}"
        );
        let t = answer(200, r#"{"access_token":"é.日本-~+/=","token_type":"DPoP"}"#).unwrap();
        assert_eq!(t.token_type, "DPoP");
    }

    #[test]
    fn server_trouble_is_exit_5() {
        assert_eq!(code(answer(503, "down")).0, 5);
        assert_eq!(code(answer(404, "<html>nope</html>")).0, 8);
        assert_eq!(code(answer(401, "")).0, 4);
    }
}
