//! What `otok token` prints: the token alone, JSON, an HTTP header, a shell export, or the
//! GitHub Actions commands. stdout carries only that; a closed stdout pipe ends quietly.
//!
//! A token or token type with a control character or white space is refused, not printed:
//! `token_type: "Bearer\r\nX-Evil: 1"` would add a header to `curl -H @-`, and a newline in a
//! token would end `::add-mask::` early and leave the rest of it unmasked in a job log. The
//! response parser already refuses such answers; this is the defence behind it (a token read
//! from an older store, say).

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use crate::error::{self, Error, Kind};
use crate::terminal;
use crate::token::{self, TokenSet};
use crate::types::Format;
use crate::when;

/// Who the token is for, as the JSON format reports it.
pub struct Origin<'a> {
    pub provider: &'a str,
    pub profile: Option<&'a str>,
    pub from_cache: bool,
}

/// Renders `token` in `format` and writes it to stdout (and, for github, to `$GITHUB_ENV`).
pub fn print(format: Format, token: &TokenSet, origin: &Origin, env_var: &str) -> Result<()> {
    let access = token.access_token.expose();
    for (what, value) in [("access token", access), ("token type", &token.token_type)] {
        if !inert_word(value) {
            return Err(Error::new(
                Kind::BadResponse,
                format!("the {what} contains a control character or white space; it is not printed"),
            )
            .hint("get a new token with `otok token --force`; run with -v to see what the server sent")
            .into());
        }
    }
    if matches!(format, Format::Env | Format::Github) {
        check_env_name(env_var)?;
    }
    let text = match format {
        Format::Raw => format!("{access}\n"),
        Format::Header => format!("Authorization: {} {access}\n", token.token_type),
        Format::Env => format!("export {env_var}={}\n", shell_quote(access)),
        Format::Json => {
            let now = token::now();
            let mut value = json!({
                "access_token": access,
                "token_type": token.token_type,
                "expires_at": token.expires_at.map(|at| when::rfc3339(at as i64)),
                "expires_in": token.expires_in(now),
                "scope": token.scope.join(" "),
                "provider": origin.provider,
                "profile": origin.profile,
                "from_cache": origin.from_cache,
            });
            // A token exchange says what it issued (RFC 8693 §2.2.1).
            if let Some(kind) = token.extra.get("issued_token_type") {
                value["issued_token_type"] = kind.clone();
            }
            if !token.extra.is_empty() {
                value["extra"] = serde_json::Value::Object(token.extra.clone());
            }
            let text = serde_json::to_string_pretty(&value)?;
            format!("{}\n", terminal::json(&text))
        }
        Format::Github => {
            append_github_env(env_var, access)?;
            format!("::add-mask::{}\n", github_data(access))
        }
        Format::ExecCredential => {
            let mut status = json!({ "token": access });
            if let Some(at) = token.expires_at {
                status["expirationTimestamp"] = json!(when::rfc3339(at as i64));
            }
            let credential = json!({
                "apiVersion": exec_api_version(),
                "kind": "ExecCredential",
                "status": status,
            });
            format!("{}\n", serde_json::to_string_pretty(&credential)?)
        }
    };
    write_stdout(&text)
}

/// The ExecCredential version kubectl asks for in `KUBERNETES_EXEC_INFO`, if it is one otok
/// writes (v1 and v1beta1 have the same `status`), else v1.
fn exec_api_version() -> &'static str {
    const V1: &str = "client.authentication.k8s.io/v1";
    const V1BETA1: &str = "client.authentication.k8s.io/v1beta1";
    let asked = std::env::var("KUBERNETES_EXEC_INFO")
        .ok()
        .and_then(|info| serde_json::from_str::<serde_json::Value>(&info).ok())
        .and_then(|info| info.get("apiVersion")?.as_str().map(str::to_string));
    match asked.as_deref() {
        Some(V1BETA1) => V1BETA1,
        _ => V1,
    }
}

/// Whether `value` is one word that is safe on a terminal, in a header and in a shell line.
pub(crate) fn inert_word(value: &str) -> bool {
    terminal::is_inert(value) && !value.chars().any(char::is_whitespace)
}

/// An environment variable name for `export NAME=` and `$GITHUB_ENV`: a shell identifier.
fn check_env_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        return Err(error::config(format!(
            "`{}` cannot be an environment variable name",
            terminal::sanitize(name, terminal::WORD)
        ))
        .hint("use a name such as ACCESS_TOKEN with --env-var")
        .into());
    }
    Ok(())
}

/// A workflow command's data as the GitHub runner reads it back: `%`, CR and LF escaped
/// (`%25`, `%0D`, `%0A`). Unescaped, a token holding `%25` would be masked as `%`, and the
/// token itself would show in the log.
fn github_data(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Writes to stdout; a reader that went away (`otok token | head -c0`) is not an error.
pub fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Single-quotes for POSIX shells: `'` becomes `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Appends `NAME<<DELIM\nvalue\nDELIM` to the file GitHub Actions reads variables from.
fn append_github_env(name: &str, value: &str) -> Result<()> {
    let path = std::env::var_os("GITHUB_ENV").ok_or_else(|| {
        error::config("--format github needs $GITHUB_ENV, which is not set")
            .hint("this format works inside a GitHub Actions job; elsewhere use --format env")
    })?;
    let delimiter = format!("otok_{}", crate::jws::new_jti()?.replace('-', ""));
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .map_err(|e| {
            error::config(format!(
                "cannot append to $GITHUB_ENV ({}): {e}",
                path.to_string_lossy()
            ))
        })?;
    writeln!(file, "{name}<<{delimiter}\n{value}\n{delimiter}")?;
    Ok(())
}

/// Aligns tab-separated columns with spaces. Each cell is sanitized ([`terminal::sanitize`]):
/// tables show what servers and tokens say.
pub fn align(text: &str) -> String {
    let rows: Vec<Vec<std::borrow::Cow<str>>> = text
        .lines()
        .map(|l| {
            l.split('\t')
                .map(|cell| terminal::sanitize(cell, terminal::LINE))
                .collect()
        })
        .collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_survive_the_shell() {
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
    }

    #[test]
    fn github_data_is_escaped_as_the_runner_unescapes_it() {
        assert_eq!(github_data("a%25b%c"), "a%2525b%25c");
        assert_eq!(github_data("plain.tok-1"), "plain.tok-1");
    }

    #[test]
    fn env_names_are_shell_identifiers() {
        assert!(check_env_name("ACCESS_TOKEN").is_ok());
        assert!(check_env_name("_x9").is_ok());
        for bad in ["", "9A", "A B", "A;rm -rf", "A\nB", "A<<EOF"] {
            assert!(check_env_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn table_cells_are_sanitized() {
        assert_eq!(align("k\tv\u{1b}[2J\n"), "k  v\\u{1b}[2J\n");
    }
}
