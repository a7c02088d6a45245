//! A token set as the provider granted it, and the arithmetic of its expiry.
//!
//! Times are Unix seconds and `now` is always an argument, so the arithmetic is testable
//! without a clock.

use serde_json::{Map, Value};

use crate::secret::Secret;

#[derive(Clone)]
pub struct TokenSet {
    pub access_token: Secret,
    /// `Bearer` for any spelling of bearer; otherwise as the server sent it.
    pub token_type: String,
    pub issued_at: u64,
    /// `None` when the server did not say.
    pub expires_at: Option<u64>,
    /// The granted scopes (which may differ from those requested).
    pub scope: Vec<String>,
    pub refresh_token: Option<Secret>,
    pub id_token: Option<Secret>,
    /// Provider extras, such as High Mobility's `status` and `authorization_id`.
    pub extra: Map<String, Value>,
    /// What the token is bound to, if anything.
    pub binding: Binding,
}

/// What a sender-constrained token is bound to: the DPoP key that must sign the proofs that
/// go with it (RFC 9449), or the client certificate it was issued over (RFC 8705).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binding {
    /// The DPoP key, kept (PKCS#8, base64url).
    pub dpop_key: Option<Secret>,
    /// The `x5t#S256` of the client certificate of the request that got it.
    pub x5t_s256: Option<String>,
}

/// The tokens redacted (they are `Secret`s) and the provider's extras by name only: a
/// provider may put anything there.
impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("token_type", &self.token_type)
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .field("refresh_token", &self.refresh_token)
            .field("id_token", &self.id_token)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .field("dpop", &self.binding.dpop_key.is_some())
            .field("x5t_s256", &self.binding.x5t_s256)
            .finish()
    }
}

impl TokenSet {
    /// Seconds of life left at `now` (negative once expired).
    pub fn expires_in(&self, now: u64) -> Option<i64> {
        self.expires_at.map(|at| at as i64 - now as i64)
    }
}

/// The current time in Unix seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_arithmetic() {
        let t = TokenSet {
            access_token: Secret::new("a"),
            token_type: "Bearer".into(),
            issued_at: 1000,
            expires_at: Some(4600),
            scope: vec![],
            refresh_token: None,
            id_token: None,
            extra: Map::new(),
            binding: Binding::default(),
        };
        assert_eq!(t.expires_in(1000), Some(3600));
        assert_eq!(t.expires_in(5000), Some(-400));
    }
}
