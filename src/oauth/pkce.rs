//! RFC 7636 PKCE and the `state` of an authorization request: values from the OS random number
//! generator, base64url-encoded, so every character is in the unreserved set.

use anyhow::Result;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};

use crate::secret::Secret;

/// `n` random bytes from the OS, base64url-encoded without padding.
pub fn random(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| anyhow::anyhow!("the OS random number generator failed"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A code verifier and its S256 challenge.
pub struct Pkce {
    /// 64 characters of `[A-Za-z0-9-_]` (RFC 7636 §4.1 allows 43 to 128).
    pub verifier: Secret,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Result<Pkce> {
        let verifier = random(48)?;
        Ok(Pkce {
            challenge: challenge(&verifier),
            verifier: Secret::new(verifier),
        })
    }
}

/// `BASE64URL(SHA256(verifier))`, RFC 7636 §4.2.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        verifier.as_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_fresh_and_unreserved() {
        let (a, b) = (Pkce::new().unwrap(), Pkce::new().unwrap());
        assert_ne!(a.verifier.expose(), b.verifier.expose());
        let v = a.verifier.expose();
        assert!((43..=128).contains(&v.len()), "{}", v.len());
        assert!(v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)));
    }
}
