//! The authorization-code flow's two ends: the URL a person opens, and the redirect that comes
//! back (RFC 6749 §4.1.1–4.1.2, RFC 9207 `iss`). The redirect is checked before its code is
//! used: the `state` must be this flow's, and then an `error` ends the flow with the provider's
//! words (shown with their control characters escaped).

use anyhow::Result;

use crate::error::{Error, Kind};
use crate::secret::Secret;
use crate::terminal;

/// `base` with `params` added to its query.
pub fn url(base: &str, params: &[(String, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in params {
        query.append_pair(key, value);
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{}", query.finish())
}

/// What a redirect must match.
pub struct Expected<'a> {
    pub provider: &'a str,
    pub state: &'a str,
    /// The issuer, when known: a redirect naming another (`iss`) is refused (RFC 9207).
    pub issuer: Option<&'a str>,
    /// The redirect URI of this flow: a pasted full URL must go there (scheme, host, port,
    /// path), not to another port or path of the machine.
    pub redirect_uri: &'a str,
}

/// The authorization code of a redirect: a full URL, or its query alone (as pasted).
pub fn code_of(redirect: &str, expected: &Expected) -> Result<Secret> {
    let redirect = redirect.trim();
    let endpoint = redirect.split(['?', '#']).next().unwrap_or_default();
    if endpoint.contains("://") && !same_endpoint(endpoint, expected.redirect_uri) {
        return Err(bad(&format!(
            "it went to {}, not to this flow's redirect URI {}",
            printable(endpoint),
            expected.redirect_uri
        )));
    }
    let query = match redirect.split_once('?') {
        Some((_, query)) => query,
        None if redirect.contains('=') && !redirect.contains("://") => redirect,
        None => return Err(bad("the redirect carries no parameters")),
    };
    let query = query.split('#').next().unwrap_or_default();
    let mut params: Vec<(String, String)> = Vec::new();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if params.iter().any(|(k, _)| *k == key) {
            return Err(bad(&format!("the redirect repeats `{}`", printable(&key))));
        }
        params.push((key.into_owned(), value.into_owned()));
    }
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };

    // The state first: an `error` that does not answer this flow must not end it either.
    match get("state") {
        Some(state) if state == expected.state => {}
        Some(_) => return Err(bad("its state is not this flow's: it answers another or an older authorization request, or it is forged")),
        None => return Err(bad("it has no state, so it cannot be tied to this flow")),
    }
    if let Some(code) = get("error") {
        let mut words = printable(code);
        if let Some(description) = get("error_description") {
            words.push_str(&format!(": {}", printable(description)));
        }
        return Err(Error::new(
            Kind::Refused,
            format!("{} did not authorize: {words}", expected.provider),
        )
        .code(printable(code))
        .hint("the person at the browser declined, or the provider refused this client or scope; run `otok authorize` again")
        .into());
    }
    if let (Some(iss), Some(issuer)) = (get("iss"), expected.issuer) {
        if iss.trim_end_matches('/') != issuer.trim_end_matches('/') {
            return Err(bad(&format!(
                "it comes from issuer {}, not {issuer} (a mix-up of authorization servers)",
                printable(iss)
            )));
        }
    }
    match get("code") {
        Some(code) if !code.is_empty() => Ok(Secret::new(code)),
        _ => Err(bad("it has no code")),
    }
}

/// Whether two URLs name the same endpoint: scheme and host in any case, the port (a default
/// one written or not), and the path exactly.
fn same_endpoint(a: &str, b: &str) -> bool {
    fn parts(uri: &str) -> Option<(String, String, u16, String)> {
        let uri: http::Uri = uri.parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let port = uri.port_u16().or(match scheme.as_str() {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        })?;
        let path = match uri.path() {
            "" => "/",
            path => path,
        };
        Some((
            scheme,
            uri.host()?.to_ascii_lowercase(),
            port,
            path.to_string(),
        ))
    }
    let b = b.split(['?', '#']).next().unwrap_or_default();
    matches!((parts(a), parts(b)), (Some(a), Some(b)) if a == b)
}

/// `text` from a redirect, fit for a terminal (see [`terminal::sanitize`]).
fn printable(text: &str) -> String {
    terminal::sanitize(text, terminal::TEXT).into_owned()
}

fn bad(why: &str) -> anyhow::Error {
    Error::new(
        Kind::BadResponse,
        format!("the redirect was refused: {why}"),
    )
    .hint("run `otok authorize` again, and finish it in the browser it opens")
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECTED: Expected = Expected {
        provider: "generic",
        state: "s1",
        issuer: Some("https://id.example.com"),
        redirect_uri: "http://127.0.0.1:5/callback",
    };

    fn err(redirect: &str) -> (u8, String) {
        let e = code_of(redirect, &EXPECTED).unwrap_err();
        crate::error::report(&e)
    }

    #[test]
    fn url_appends_an_encoded_query() {
        let params = vec![
            ("client_id".to_string(), "a b".to_string()),
            (
                "redirect_uri".to_string(),
                "http://127.0.0.1:1/cb".to_string(),
            ),
        ];
        assert_eq!(
            url("https://id.example.com/auth", &params),
            "https://id.example.com/auth?client_id=a+b&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb"
        );
        assert!(url("https://x/auth?tenant=1", &params)
            .starts_with("https://x/auth?tenant=1&client_id"));
    }

    #[test]
    fn a_good_redirect_gives_its_code_and_tolerates_extras() {
        for redirect in [
            "http://127.0.0.1:5/callback?code=abc&state=s1",
            "HTTP://127.0.0.1:5/callback?code=abc&state=s1",
            "/callback?code=abc&state=s1&iss=https://id.example.com",
            "http://127.0.0.1:5/callback?state=s1&code=abc&iss=https%3A%2F%2Fid.example.com&session_state=x#frag",
            "code=abc&state=s1",
        ] {
            assert_eq!(code_of(redirect, &EXPECTED).unwrap().expose(), "abc", "{redirect}");
        }
    }

    #[test]
    fn the_providers_words_reach_the_terminal_without_control_characters() {
        let (code, text) = err(
            "/callback?state=s1&error=access%1B]8;;x%07&error_description=a%1B[2J%0Db%C2%9Bc%E2%80%AEd",
        );
        assert_eq!(code, 4);
        assert!(
            text.contains(r"access\u{1b}]8;;x\u{7}: a\u{1b}[2J\u{d}b\u{9b}c\u{202e}d"),
            "{text}"
        );
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }

    #[test]
    fn bad_redirects_say_why() {
        let (code, text) = err(
            "http://127.0.0.1:5/callback?error=access_denied&error_description=User+said+no&state=s1",
        );
        assert_eq!(code, 4);
        assert!(
            text.contains("did not authorize: access_denied: User said no"),
            "{text}"
        );
        let cases = [
            ("?code=abc&state=other", "not this flow's"),
            ("?error=access_denied", "no state"),
            ("?error=access_denied&state=other", "not this flow's"),
            ("?code=abc", "no state"),
            ("?state=s1", "no code"),
            ("?code=&state=s1", "no code"),
            ("?code=a&code=b&state=s1", "repeats `code`"),
            ("?code=a&state=s1&iss=https://evil.example", "mix-up"),
            ("", "no parameters"),
            (
                "http://127.0.0.1:6/callback?code=a&state=s1",
                "not to this flow's redirect URI",
            ),
            (
                "http://127.0.0.1/callback?code=a&state=s1",
                "not to this flow's redirect URI",
            ),
            (
                "http://127.0.0.1:5/other?code=a&state=s1",
                "not to this flow's redirect URI",
            ),
            (
                "https://127.0.0.1:5/callback?code=a&state=s1",
                "not to this flow's redirect URI",
            ),
            (
                "http://evil.example:5/callback?code=a&state=s1",
                "not to this flow's redirect URI",
            ),
        ];
        for (tail, why) in cases {
            let redirect = if tail.contains("://") && !tail.starts_with('?') {
                tail.to_string()
            } else {
                format!("http://127.0.0.1:5/callback{tail}")
            };
            let (code, text) = err(&redirect);
            assert_eq!(code, 8, "{redirect}");
            assert!(text.contains(why), "{redirect}: {text}");
        }
    }
}
