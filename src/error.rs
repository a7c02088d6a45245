//! The error kinds a caller branches on, and the exit codes of DESIGN §6.
//!
//! Everything else in otok is an `anyhow::Error` with context. Where a failure decides the exit
//! code, the code that detects it raises an [`Error`] with a [`Kind`]; `report` walks the cause
//! chain, takes the outermost kind it finds and renders the message, the causes and a hint.

use std::fmt;

/// What went wrong, in the terms of the exit-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A bug or an unexpected local failure.
    Internal,
    /// Unknown profile or provider, missing client id or secret, bad config file.
    Config,
    /// The authorization server refused the request (`invalid_client`, `invalid_grant`, …).
    Refused,
    /// DNS, connect, TLS, timeout, or 5xx/429 after retries.
    Unavailable,
    /// Only an interactive authorization (`otok authorize`) can get a token.
    Interactive,
    /// The credential store failed.
    Store,
    /// The server answered, but not with a valid token response.
    BadResponse,
    /// `otok exec`: the command was not found (the shell's 127).
    CommandNotFound,
    /// `otok exec`: the command exists but could not be run (the shell's 126).
    CommandNotRunnable,
}

impl Kind {
    /// The process exit code for this kind (DESIGN §6; 2 is clap's usage error).
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Internal => 1,
            Kind::Config => 3,
            Kind::Refused => 4,
            Kind::Unavailable => 5,
            Kind::Interactive => 6,
            Kind::Store => 7,
            Kind::BadResponse => 8,
            Kind::CommandNotFound => 127,
            Kind::CommandNotRunnable => 126,
        }
    }
}

/// An error that carries its exit-code kind and, where one exists, what to do about it.
#[derive(Debug)]
pub struct Error {
    kind: Kind,
    message: String,
    hint: Option<String>,
    /// The OAuth error code (`invalid_grant`, …) when the server gave one.
    code: Option<String>,
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    /// Adds the "what to do next" line shown under the message.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Records the OAuth error code the server answered with.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }
}

/// The OAuth error code anywhere in `err`'s chain.
pub fn oauth_code(err: &anyhow::Error) -> Option<&str> {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<Error>())
        .find_map(|e| e.code.as_deref())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for the most common kind: a configuration or input problem on the user's side.
pub fn config(message: impl Into<String>) -> Error {
    Error::new(Kind::Config, message)
}

/// The exit code and the text for stderr that describe `err`.
pub fn report(err: &anyhow::Error) -> (u8, String) {
    let ours = || {
        err.chain()
            .filter_map(|cause| cause.downcast_ref::<Error>())
    };
    let kind = ours().next().map_or(Kind::Internal, Error::kind);
    let hint = ours().find_map(|e| e.hint.as_deref());

    let mut text = String::new();
    for (i, cause) in err.chain().enumerate() {
        if i == 0 {
            text.push_str(&format!("otok: error: {cause}\n"));
        } else {
            text.push_str(&format!("  caused by: {cause}\n"));
        }
    }
    if let Some(hint) = hint {
        text.push_str(&format!("  hint: {hint}\n"));
    }
    (kind.exit_code(), crate::secret::scrub(&text).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn outermost_kind_decides_and_causes_follow() {
        let err = Err::<(), _>(Error::new(Kind::Refused, "refused").hint("check the secret"))
            .context("getting a token for profile home")
            .unwrap_err();
        let (code, text) = report(&err);
        assert_eq!(code, 4);
        assert_eq!(
            text,
            "otok: error: getting a token for profile home\n  caused by: refused\n  hint: check the secret\n"
        );
    }

    #[test]
    fn foreign_errors_are_internal() {
        let err = anyhow::anyhow!("boom");
        assert_eq!(report(&err).0, 1);
    }
}
