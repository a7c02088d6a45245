//! The `-v` HTTP trace, and the redaction that keeps secrets out of it.
//!
//! Redaction works by parameter name (form bodies, JSON bodies at any depth, URL queries,
//! headers) and then by value: every [`Secret`](crate::secret::Secret) the process holds is
//! scrubbed from each line, in case a server echoes one back in an unexpected place. Then each
//! line is sanitized ([`terminal::sanitize`]): a body or header is the server's text, shown as
//! data, never as terminal control.

use serde_json::Value;

use crate::scrub;
use crate::terminal::{self, sanitize};

const REDACTED: &str = "(redacted)";

const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "dpop",
];

/// A header line for the trace; a line feed in a value cannot start another line.
pub fn header(name: &str, value: &str) -> String {
    let name = sanitize(name, terminal::WORD);
    if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        let scheme = value
            .split_whitespace()
            .next()
            .filter(|s| value.len() > s.len());
        match scheme {
            Some(scheme) => format!("{name}: {} {REDACTED}", sanitize(scheme, terminal::WORD)),
            None => format!("{name}: {REDACTED}"),
        }
    } else {
        format!("{name}: {}", sanitize(value, terminal::LINE))
    }
}

/// A URL for the trace, with secret query parameters redacted.
pub fn url(url: &str) -> String {
    match url.split_once('?') {
        Some((base, query)) => format!("{base}?{}", form(query)),
        None => url.to_string(),
    }
}

/// A form-urlencoded body (or query) with secret values redacted.
pub fn form(body: &str) -> String {
    body.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if crate::types::is_secret_key(&form_decode(k)) => {
                format!("{k}={REDACTED}")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn form_decode(s: &str) -> String {
    form_urlencoded::parse(format!("{s}=").as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

/// A body of any kind: JSON and form bodies are redacted by key, other text shown as is
/// (after value scrubbing), binary summarised.
pub fn body(content_type: Option<&str>, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(mut value) = serde_json::from_slice::<Value>(bytes) {
        redact_json(&mut value);
        return value.to_string();
    }
    if content_type.is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded")) {
        return form(&text);
    }
    const MAX: usize = 2000;
    if text.len() > MAX {
        let cut = (0..=MAX)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}… ({} bytes in all)", &text[..cut], bytes.len())
    } else {
        text.into_owned()
    }
}

fn redact_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if crate::types::is_secret_key(k) && !v.is_object() {
                    *v = Value::String(REDACTED.into());
                } else {
                    redact_json(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// Writes trace lines to stderr, each prefixed, scrubbed of known secrets, then escaped and cut
/// to [`terminal::LINE`] characters: the only raw line feeds are the ones written here.
pub fn emit(prefix: &str, text: &str) {
    let text = scrub::scrub(text);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    if text.is_empty() {
        eprintln!("{prefix}");
        return;
    }
    for line in terminal::lines(text, terminal::LINE).split('\n') {
        eprintln!("{prefix} {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_secrets_are_redacted() {
        assert_eq!(
            form("grant_type=password&username=me&password=p%40ss&client_secret=x"),
            "grant_type=password&username=me&password=(redacted)&client_secret=(redacted)"
        );
    }

    #[test]
    fn nested_json_secrets_are_redacted() {
        let out = body(
            Some("application/json"),
            br#"{"client_id":"c","login_info":{"type":4,"card":"123456","pin":"1234"}}"#,
        );
        assert!(!out.contains("123456") && !out.contains("1234\""), "{out}");
        assert!(out.contains("\"client_id\":\"c\""));
    }

    #[test]
    fn a_header_value_cannot_forge_a_line_or_control_the_terminal() {
        assert_eq!(
            header("X-Evil", "a\r\n< HTTP/1.1 200\u{1b}]0;t\u{7}"),
            "X-Evil: a\\u{d}\\u{a}< HTTP/1.1 200\\u{1b}]0;t\\u{7}"
        );
    }

    #[test]
    fn authorization_keeps_only_the_scheme() {
        assert_eq!(
            header("Authorization", "Basic YTpi"),
            "Authorization: Basic (redacted)"
        );
        assert_eq!(
            header("Accept", "application/json"),
            "Accept: application/json"
        );
    }
}
