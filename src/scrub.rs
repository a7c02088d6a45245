//! The scrubber: every secret this process holds, in every form a server could echo it in,
//! replaced by `(redacted)` in whatever otok prints (error messages, `-v` traces, warnings).
//!
//! A secret is registered with its raw form and the forms it takes on the wire or in an echo:
//! form-urlencoded (`p%40ss+w0rd%26x`), percent-encoded (`p%40ss%20w0rd%26x`, either case of
//! hex), JSON-escaped (`p\"ss`); a whole Basic credential is registered as one secret by the
//! code that makes it. A secret of six characters or more is scrubbed wherever it appears. A
//! shorter one (a PIN, a short password) would match inside longer numbers and words, so it is
//! scrubbed where it stands on its own: with no letter or digit right before or after it (a
//! `%XX` escape before it counts as a boundary, for a value inside percent-encoded JSON). The
//! forms of JSON written in ASCII only (`\u00e4`) are registered too.

use std::borrow::Cow;

const REDACTED: &str = "(redacted)";

/// Values shorter than this are scrubbed only as a field's value.
const ANYWHERE_MIN_LEN: usize = 6;

#[cfg(not(test))]
static KNOWN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Runs `f` on the registry: the process's; in unit tests each test thread's own, so that
/// the secrets of one test do not scrub the text of another.
fn with_known<R>(f: impl FnOnce(&mut Vec<String>) -> R) -> R {
    #[cfg(not(test))]
    return f(&mut KNOWN.lock().unwrap_or_else(|e| e.into_inner()));
    #[cfg(test)]
    {
        thread_local! {
            static KNOWN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        KNOWN.with(|known| f(&mut known.borrow_mut()))
    }
}

/// Remembers `value` and its encoded forms, to be scrubbed from all output from now on.
pub fn register(value: &str) {
    if value.is_empty() {
        return;
    }
    let mut forms = vec![value.to_string()];
    forms.push(form_urlencoded::byte_serialize(value.as_bytes()).collect());
    let percent = percent_encode(value);
    forms.push(percent.to_ascii_lowercase_hex());
    forms.push(percent.0);
    if let Ok(json) = serde_json::to_string(value) {
        let json = json[1..json.len() - 1].to_string();
        // Serializers that write ASCII only (Python's default) escape the rest as \uXXXX.
        forms.push(ascii_json(&json, false));
        forms.push(ascii_json(&json, true));
        forms.push(json);
    }
    with_known(|known| {
        for form in forms {
            if !known.contains(&form) {
                known.push(form);
            }
        }
        // Longer forms first, so that a secret inside a longer one is not cut in two.
        known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    });
}

/// Replaces every registered secret form in `text` with `(redacted)`.
pub fn scrub(text: &str) -> Cow<'_, str> {
    with_known(|known| scrub_with(known, text))
}

fn scrub_with<'a>(known: &[String], text: &'a str) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for secret in known {
        if !out.contains(secret.as_str()) {
            continue;
        }
        out = if secret.chars().count() >= ANYWHERE_MIN_LEN {
            Cow::Owned(out.replace(secret.as_str(), REDACTED))
        } else {
            Cow::Owned(replace_field_values(&out, secret))
        };
    }
    out
}

/// `json` (a JSON string's inside) with every non-ASCII character as `\uXXXX`.
fn ascii_json(json: &str, upper: bool) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                if upper {
                    out.push_str(&format!("\\u{unit:04X}"));
                } else {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// Replaces `value` where it stands as a value of its own: not inside a longer word or number,
/// so neither side is a letter or a digit (a `%XX` escape before it counts as a boundary).
fn replace_field_values(text: &str, value: &str) -> String {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let escape_before = |before: &str| {
        let b = before.as_bytes();
        b.len() >= 3 && b[b.len() - 3] == b'%' && b[b.len() - 2..].iter().all(u8::is_ascii_hexdigit)
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(value) {
        let prev = rest[..at]
            .chars()
            .next_back()
            .or_else(|| out.chars().next_back());
        let next = rest[at + value.len()..].chars().next();
        out.push_str(&rest[..at]);
        let starts = !alnum(prev) || escape_before(&out);
        if starts && !alnum(next) {
            out.push_str(REDACTED);
        } else {
            out.push_str(value);
        }
        rest = &rest[at + value.len()..];
    }
    out.push_str(rest);
    out
}

/// RFC 3986 percent-encoding: everything but the unreserved characters, hex in upper case.
struct Percent(String);

impl Percent {
    fn to_ascii_lowercase_hex(&self) -> String {
        let mut out = String::with_capacity(self.0.len());
        let mut chars = self.0.chars();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '%' {
                out.extend(chars.by_ref().take(2).map(|h| h.to_ascii_lowercase()));
            }
        }
        out
    }
}

fn percent_encode(value: &str) -> Percent {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Percent(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoded_form_is_scrubbed() {
        register("p@ss w0rd&x\"y");
        let echoed = [
            "raw p@ss w0rd&x\"y end",
            "form password=p%40ss+w0rd%26x%22y&",
            "percent p%40ss%20w0rd%26x%22y end",
            "json {\"password\":\"p@ss w0rd&x\\\"y\"}",
        ];
        for text in echoed {
            let out = scrub(text);
            assert!(out.contains(REDACTED), "{text} -> {out}");
            assert!(!out.contains("w0rd"), "{text} -> {out}");
        }
    }

    #[test]
    fn ascii_only_json_is_scrubbed() {
        register("hässwort5-long");
        assert_eq!(
            scrub(r#"{"pwd":"h\u00e4sswort5-long"}"#),
            r#"{"pwd":"(redacted)"}"#
        );
        assert_eq!(
            scrub(r#"{"pwd":"h\u00E4sswort5-long"}"#),
            r#"{"pwd":"(redacted)"}"#
        );
    }

    #[test]
    fn percent_encoding_in_either_case_is_scrubbed() {
        register("k3y/with:colon");
        for text in ["a k3y%2Fwith%3Acolon b", "a k3y%2fwith%3acolon b"] {
            assert_eq!(scrub(text), "a (redacted) b");
        }
    }

    #[test]
    fn short_secrets_are_scrubbed_as_field_values_only() {
        register("4711");
        assert_eq!(
            scrub(r#"{"pin":"4711","n":147112} pin=4711&x pin: 4711"#),
            r#"{"pin":"(redacted)","n":147112} pin=(redacted)&x pin: (redacted)"#
        );
        assert_eq!(scrub("job 47110 of 4711a"), "job 47110 of 4711a");
        for (echo, shown) in [
            ("Invalid PIN: 4711.", "Invalid PIN: (redacted)."),
            ("<pin>4711</pin>", "<pin>(redacted)</pin>"),
            ("PIN (4711) wrong", "PIN ((redacted)) wrong"),
            ("pin[4711]", "pin[(redacted)]"),
            (
                "login_info=%7B%22pin%22%3A%224711%22%7D",
                "login_info=%7B%22pin%22%3A%22(redacted)%22%7D",
            ),
        ] {
            assert_eq!(scrub(echo), shown);
        }
    }
}
