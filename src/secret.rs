//! Secrets: a value that cannot be printed by accident, and the places it may come from.
//!
//! A [`Secret`] has a redacted `Debug` and no `Display`; `expose()` marks each place where the
//! value leaves the program (a request body, a header, stdout). Every secret created is also
//! remembered so that traces and error messages can be scrubbed of it, whatever the server
//! echoes back. Secrets come from the environment, a file, stdin or a command, never from argv.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::error;

static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        crate::scrub::register(&value);
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// No secret: what a revoked access token is kept as, beside its refresh token.
    pub fn none() -> Self {
        Secret(String::new())
    }
}

/// Read as a secret (from the store's records), which is then scrubbed from output like any
/// other. There is no `Serialize`: a type that writes a secret out says so field by field
/// ([`plain`]).
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

/// Writes a secret as its plain value, for `#[serde(serialize_with = "…")]` on a field that is
/// meant to hold it (the store's records).
pub fn plain<S: serde::Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&secret.0)
}

/// [`plain`] for an optional secret.
pub fn plain_option<S: serde::Serializer>(
    secret: &Option<Secret>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match secret {
        Some(secret) => serializer.serialize_some(&secret.0),
        None => serializer.serialize_none(),
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

/// What a secret is to the token it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// It names whose token it is, alone or with others (a MyQ card, a PIN that is the only
    /// credential, a subject token): two values are two people, so it is part of the cache key.
    Identity,
    /// It proves an identity named otherwise (a password, the client secret): a new value is
    /// the same person, so it is never part of the cache key.
    Credential,
}

/// How request building reads a secret parameter: [`Wire`] reads it for the request, the cache
/// key reads identities only (as an HMAC) and never touches a credential.
pub trait Reveal {
    /// The value to send for the secret from `source`; `None` leaves the parameter out.
    /// `missing` is the error when there is no source, `what` names the secret in messages.
    fn secret(
        &self,
        source: Option<&SecretSource>,
        role: Role,
        what: &str,
        missing: &dyn Fn() -> anyhow::Error,
    ) -> Result<Option<String>>;

    /// Whether the parameters are for the wire, where every missing input is an error; the
    /// cache key leaves a missing user name out, as the request would fail on it anyway.
    fn for_the_wire(&self) -> bool {
        true
    }
}

/// Secrets as they go on the wire: read and sent.
pub struct Wire;

impl Reveal for Wire {
    fn secret(
        &self,
        source: Option<&SecretSource>,
        _role: Role,
        what: &str,
        missing: &dyn Fn() -> anyhow::Error,
    ) -> Result<Option<String>> {
        let source = source.ok_or_else(missing)?;
        Ok(Some(source.resolve(what)?.expose().to_string()))
    }
}

/// Where a secret comes from. In the config file: a plain string, or a table
/// `{ env = "NAME" }`, `{ file = "PATH" }`, `{ command = "pass show x" }` or `{ stdin = true }`;
/// for a token, also `{ profile = "NAME" }` or `{ from = "SOURCE" }` (see [`TokenFrom`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Literal(Secret),
    Env(String),
    File(PathBuf),
    Command(String),
    Stdin,
    /// A token that another party hands out.
    Token(TokenFrom),
}

/// A token handed out by another party: another profile of otok's, or the identity a CI
/// platform gives a job. How it is got is decided above this module ([`set_token_resolver`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenFrom {
    /// The access token of another profile, got as `otok token NAME` would.
    Profile(String),
    /// The job's OIDC token from GitHub Actions, for this audience.
    GithubActions { audience: Option<String> },
    /// A GitLab CI `id_tokens` variable.
    Gitlab(String),
    /// A Kubernetes projected service account token file.
    Kubernetes(PathBuf),
    /// A secret kept in the keychain under this name (`otok profile add --secret-from keyring`).
    Keychain(String),
}

/// Where Kubernetes puts a pod's service account token.
pub const KUBERNETES_TOKEN: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

impl TokenFrom {
    /// Whether it is a CI platform's OIDC token (a JWT), rather than an access token.
    pub fn is_ci_identity(&self) -> bool {
        !matches!(self, TokenFrom::Profile(_) | TokenFrom::Keychain(_))
    }
}

type Resolver = fn(&TokenFrom, &str) -> Result<Secret>;
static TOKEN_RESOLVER: std::sync::OnceLock<Resolver> = std::sync::OnceLock::new();

/// Sets how [`TokenFrom`] sources are read (the token path and the CI platforms live above
/// this module).
pub fn set_token_resolver(resolver: Resolver) {
    let _ = TOKEN_RESOLVER.set(resolver);
}

/// A source written as `KIND:VALUE` on the command line (`--subject-token-from`):
/// `file:PATH`, `env:VAR`, `command:CMD`, `stdin`, `profile:NAME`, `github-actions[:AUDIENCE]`,
/// `gitlab:VARIABLE` or `kubernetes[:PATH]`.
pub fn parse_source(text: &str) -> Result<SecretSource, String> {
    let (kind, value) = match text.split_once(':') {
        Some((kind, value)) => (kind, Some(value).filter(|v| !v.is_empty())),
        None => (text, None),
    };
    let needs =
        |what: &str| format!("`{kind}:` needs {what} after the colon, as in `{kind}:{what}`");
    Ok(match (kind, value) {
        ("file", Some(path)) => SecretSource::File(path.into()),
        ("env", Some(var)) => SecretSource::Env(var.into()),
        ("command", Some(cmd)) => SecretSource::Command(cmd.into()),
        ("stdin", None) => SecretSource::Stdin,
        ("profile", Some(name)) => SecretSource::Token(TokenFrom::Profile(name.into())),
        ("github-actions", audience) => SecretSource::Token(TokenFrom::GithubActions {
            audience: audience.map(str::to_string),
        }),
        ("gitlab", Some(var)) => SecretSource::Token(TokenFrom::Gitlab(var.into())),
        ("kubernetes", path) => SecretSource::Token(TokenFrom::Kubernetes(
            path.unwrap_or(KUBERNETES_TOKEN).into(),
        )),
        ("file", None) => return Err(needs("PATH")),
        ("env", None) => return Err(needs("VAR")),
        ("command", None) => return Err(needs("CMD")),
        ("profile", None) => return Err(needs("NAME")),
        ("gitlab", None) => return Err(needs("VARIABLE")),
        _ => {
            return Err(format!(
                "`{text}` is not a token source: give file:PATH, env:VAR, command:CMD, stdin, \
                 profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE or kubernetes[:PATH]"
            ))
        }
    })
}

impl SecretSource {
    /// Reads the secret. `what` names it in error messages ("client secret"). A secret is read
    /// once per run: the cache key and the request that both need it share the one reading
    /// (stdin cannot be read twice, and a password manager should not be asked twice).
    pub fn resolve(&self, what: &str) -> Result<Secret> {
        static READ: Mutex<Vec<(SecretSource, String, Secret)>> = Mutex::new(Vec::new());
        if let SecretSource::Literal(secret) = self {
            return Ok(secret.clone());
        }
        let seen = |read: &[(SecretSource, String, Secret)]| {
            read.iter()
                .find(|(source, w, _)| source == self && w == what)
                .map(|(_, _, secret)| secret.clone())
        };
        if let Some(secret) = seen(&READ.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(secret);
        }
        let secret = self.read(what)?;
        READ.lock().unwrap_or_else(|e| e.into_inner()).push((
            self.clone(),
            what.to_string(),
            secret.clone(),
        ));
        Ok(secret)
    }

    fn read(&self, what: &str) -> Result<Secret> {
        let value = match self {
            SecretSource::Literal(secret) => return Ok(secret.clone()),
            SecretSource::Token(from) => {
                let resolve = TOKEN_RESOLVER
                    .get()
                    .ok_or_else(|| anyhow::anyhow!("no way to get the {what} is set up"))?;
                return resolve(from, what);
            }
            SecretSource::Env(name) => std::env::var(name).map_err(|_| {
                error::config(format!(
                    "the {what} should come from the environment variable {name}, which is not set"
                ))
            })?,
            SecretSource::File(path) => {
                let file = std::fs::File::open(path).map_err(|e| {
                    error::config(format!(
                        "cannot read the {what} from {}: {e}",
                        path.display()
                    ))
                })?;
                read_capped(file, MAX_SECRET, what, &path.display().to_string())?
            }
            SecretSource::Command(command) => run_command(command, what)?,
            SecretSource::Stdin => read_stdin(what)?,
        };
        let value = value.trim_end_matches(['\r', '\n']);
        if value.is_empty() {
            return Err(
                error::config(format!("the {what} from {} is empty", self.origin())).into(),
            );
        }
        Ok(Secret::new(value))
    }

    /// Warns (once per file) when the secret is a file that other users can read: a private
    /// key, which ssh would refuse in that state, lets them sign as the client.
    pub fn warn_if_others_can_read(&self, what: &str) {
        static WARNED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
        #[cfg(unix)]
        if let SecretSource::File(path) = self {
            use std::os::unix::fs::PermissionsExt;
            let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
            if warned.contains(path) {
                return;
            }
            warned.push(path.clone());
            if let Ok(meta) = std::fs::metadata(path) {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o044 != 0 {
                    eprintln!(
                        "otok: warning: other users can read the {what} {} (mode {mode:03o}); \
                         chmod 600 it",
                        path.display()
                    );
                }
            }
        }
        #[cfg(not(unix))]
        let _ = (what, &WARNED);
    }

    /// Where the secret comes from, for messages; never the value.
    pub fn origin(&self) -> String {
        match self {
            SecretSource::Literal(_) => "the config file".into(),
            SecretSource::Env(name) => format!("${name}"),
            SecretSource::File(path) => path.display().to_string(),
            SecretSource::Command(command) => format!("the command `{command}`"),
            SecretSource::Stdin => "stdin".into(),
            SecretSource::Token(TokenFrom::Profile(name)) => format!("profile {name}"),
            SecretSource::Token(TokenFrom::GithubActions { .. }) => {
                "the GitHub Actions job's OIDC token".into()
            }
            SecretSource::Token(TokenFrom::Gitlab(var)) => format!("the GitLab id token ${var}"),
            SecretSource::Token(TokenFrom::Kubernetes(path)) => path.display().to_string(),
            SecretSource::Token(TokenFrom::Keychain(name)) => {
                format!("the keychain entry secret:{name}")
            }
        }
    }
}

fn run_command(command: &str, what: &str) -> Result<String> {
    let mut shell = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.arg("/C");
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c");
        c
    };
    let output = shell
        .arg(command)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot run `{command}` for the {what}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(error::config(format!(
            "`{command}` (for the {what}) failed with {}: {}",
            output.status,
            stderr.trim()
        ))
        .into());
    }
    String::from_utf8(output.stdout).map_err(|_| {
        error::config(format!("`{command}` printed a {what} that is not UTF-8")).into()
    })
}

/// The most otok reads of a secret, from stdin or a file: a client assertion or a subject
/// token is a few KiB.
pub const MAX_SECRET: usize = 64 * 1024;
/// The most otok reads of a token on stdin (`inspect --stdin`, `introspect --stdin`).
pub const MAX_TOKEN: usize = 1024 * 1024;

fn read_stdin(what: &str) -> Result<String> {
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        return Err(error::config(format!(
            "stdin already supplied another secret; give the {what} another way (file, env or command)"
        ))
        .into());
    }
    read_capped(std::io::stdin().lock(), MAX_SECRET, what, "stdin")
}

/// Reads all of `input` as UTF-8, up to `max` bytes: more is an error (exit 3) rather than
/// memory spent on what cannot be a secret or a token.
pub fn read_capped(input: impl Read, max: usize, what: &str, from: &str) -> Result<String> {
    let mut bytes = Vec::new();
    input
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error::config(format!("cannot read the {what} from {from}: {e}")))?;
    if bytes.len() > max {
        return Err(error::config(format!(
            "the {what} from {from} is larger than {} KiB; it cannot be one",
            max / 1024
        ))
        .hint("check what is piped in or named")
        .into());
    }
    String::from_utf8(bytes)
        .map_err(|_| error::config(format!("the {what} from {from} is not UTF-8 text")).into())
}

impl<'de> serde::Deserialize<'de> for SecretSource {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let value = toml::Value::deserialize(deserializer)?;
        let wrong = || {
            D::Error::custom(
                "expected a string or one of { env = \"NAME\" }, { file = \"PATH\" }, \
                 { command = \"CMD\" }, { stdin = true }, { keyring = \"NAME\" }, \
                 { profile = \"NAME\" }, { from = \"SOURCE\" }",
            )
        };
        match value {
            toml::Value::String(s) => Ok(SecretSource::Literal(Secret::new(s))),
            toml::Value::Table(table) if table.len() == 1 => {
                let (key, value) = table.into_iter().next().ok_or_else(wrong)?;
                match (key.as_str(), value) {
                    ("env", toml::Value::String(s)) => Ok(SecretSource::Env(s)),
                    ("file", toml::Value::String(s)) => Ok(SecretSource::File(s.into())),
                    ("command", toml::Value::String(s)) => Ok(SecretSource::Command(s)),
                    ("stdin", toml::Value::Boolean(true)) => Ok(SecretSource::Stdin),
                    ("profile", toml::Value::String(s)) => {
                        Ok(SecretSource::Token(TokenFrom::Profile(s)))
                    }
                    ("from", toml::Value::String(s)) => parse_source(&s).map_err(D::Error::custom),
                    ("keyring", toml::Value::String(s)) if !s.is_empty() => {
                        Ok(SecretSource::Token(TokenFrom::Keychain(s)))
                    }
                    _ => Err(wrong()),
                }
            }
            _ => Err(wrong()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-hunter2");
        assert_eq!(format!("{s:?}"), "Secret(redacted)");
    }

    #[test]
    fn scrub_replaces_known_secrets() {
        Secret::new("s3cr3t-value");
        assert_eq!(
            crate::scrub::scrub("server said: bad secret s3cr3t-value!"),
            "server said: bad secret (redacted)!"
        );
    }

    #[test]
    fn file_source_trims_the_newline() {
        let dir = std::env::temp_dir().join(format!("otok-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s");
        std::fs::write(&path, "abc def\n").unwrap();
        let s = SecretSource::File(path).resolve("password").unwrap();
        assert_eq!(s.expose(), "abc def");
    }

    #[test]
    fn failing_command_is_a_config_error() {
        let err = SecretSource::Command("exit 3".into())
            .resolve("password")
            .unwrap_err();
        assert_eq!(crate::error::report(&err).0, 3);
    }
}
