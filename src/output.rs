//! What `otok token` prints: the token alone, JSON, an HTTP header, a shell export, or the
//! GitHub Actions commands. stdout carries only that; a closed stdout pipe ends quietly.

use std::io::Write;

use anyhow::Result;
use serde::Deserialize;
use serde_json::json;

use crate::error;
use crate::token::{self, TokenSet};
use crate::when;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The token and a newline
    Raw,
    /// access_token, token_type, expires_at, expires_in, scope, provider, profile, from_cache
    Json,
    /// Authorization: Bearer …
    Header,
    /// export ACCESS_TOKEN='…'
    Env,
    /// ::add-mask:: on stdout, and the variable appended to $GITHUB_ENV
    Github,
}

/// Who the token is for, as the JSON format reports it.
pub struct Origin<'a> {
    pub provider: &'a str,
    pub profile: Option<&'a str>,
    pub from_cache: bool,
}

/// Renders `token` in `format` and writes it to stdout (and, for github, to `$GITHUB_ENV`).
pub fn print(format: Format, token: &TokenSet, origin: &Origin, env_var: &str) -> Result<()> {
    let access = token.access_token.expose();
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
            if !token.extra.is_empty() {
                value["extra"] = serde_json::Value::Object(token.extra.clone());
            }
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        Format::Github => {
            append_github_env(env_var, access)?;
            format!("::add-mask::{access}\n")
        }
    };
    write_stdout(&text)
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
    let delimiter = format!(
        "otok_{}",
        crate::oauth::assertion::new_jti()?.replace('-', "")
    );
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

/// Aligns tab-separated columns with spaces.
pub fn align(text: &str) -> String {
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
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
}
