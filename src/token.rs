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
        };
        assert_eq!(t.expires_in(1000), Some(3600));
        assert_eq!(t.expires_in(5000), Some(-400));
    }
}
