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
    /// `otok request`: the resource server answered with a 4xx (curl's `--fail` exits 22).
    ClientErrorAnswer,
    /// `otok request`: the resource server answered with a 5xx, or another status that is
    /// neither a success nor a client error (a 1xx or a 3xx, redirects being not followed).
    OtherAnswer,
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
            Kind::ClientErrorAnswer => 22,
            Kind::OtherAnswer => 23,
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
    /// The HTTP status of the answer the failure was read from.
    status: Option<u16>,
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
            code: None,
            status: None,
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

    /// Records the HTTP status of the answer that failed.
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
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

/// The HTTP status of the answer behind `err`, anywhere in its chain: set on every failure read
/// from a token, device, introspection or revocation endpoint's non-2xx answer.
pub fn http_status(err: &anyhow::Error) -> Option<u16> {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<Error>())
        .find_map(|e| e.status)
}

/// The status of a refusal that came without an OAuth error: a 400, 401 or 403 whose body was
/// empty or not JSON (exit 4). A refresh that fails this way was most likely refused for its
/// refresh token, though the server did not say `invalid_grant`.
pub fn wordless_refusal(err: &anyhow::Error) -> Option<u16> {
    let refused = err
        .chain()
        .filter_map(|cause| cause.downcast_ref::<Error>())
        .next()
        .is_some_and(|e| e.kind == Kind::Refused);
    match http_status(err) {
        Some(status @ (400 | 401 | 403)) if refused && oauth_code(err).is_none() => Some(status),
        _ => None,
    }
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

/// The kind of `err`: the outermost [`Error`] in its chain decides; without one, internal.
pub fn kind_of(err: &anyhow::Error) -> Kind {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<Error>())
        .map_or(Kind::Internal, Error::kind)
}

/// What to do about `err`: the first hint in its chain.
pub fn hint_of(err: &anyhow::Error) -> Option<&str> {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<Error>())
        .find_map(|e| e.hint.as_deref())
}

/// The exit code and the text for stderr that describe `err`.
pub fn report(err: &anyhow::Error) -> (u8, String) {
    let kind = kind_of(err);
    let hint = hint_of(err);

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
    // The sources cut and escape what servers said; this is the net under them, so that no
    // control character reaches the terminal from any message.
    let text = crate::scrub::scrub(&text);
    (
        kind.exit_code(),
        crate::terminal::lines(&text, crate::terminal::LINE),
    )
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
    fn the_status_and_the_code_are_found_through_context() {
        let err = Err::<(), _>(Error::new(Kind::Refused, "refused").status(401))
            .context("refreshing")
            .unwrap_err();
        assert_eq!(http_status(&err), Some(401));
        assert_eq!(oauth_code(&err), None);
        assert_eq!(wordless_refusal(&err), Some(401));
        let coded = anyhow::Error::from(
            Error::new(Kind::Refused, "x")
                .code("invalid_grant")
                .status(400),
        );
        assert_eq!(oauth_code(&coded), Some("invalid_grant"));
        assert_eq!(wordless_refusal(&coded), None);
        let down = anyhow::Error::from(Error::new(Kind::Unavailable, "x").status(503));
        assert_eq!(
            (http_status(&down), wordless_refusal(&down)),
            (Some(503), None)
        );
    }

    #[test]
    fn no_control_character_reaches_the_report() {
        let err = anyhow::Error::from(Error::new(Kind::Refused, "no\u{1b}]0;pwned\u{7}\rx"));
        let (_, text) = report(&err);
        assert_eq!(text, "otok: error: no\\u{1b}]0;pwned\\u{7}\\u{d}x\n");
    }

    #[test]
    fn foreign_errors_are_internal() {
        let err = anyhow::anyhow!("boom");
        assert_eq!(report(&err).0, 1);
    }
}
