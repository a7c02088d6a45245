//! Reading a token without its key: a JWT's header and claims (RFC 7519), never verified.
//!
//! A token without dots is opaque: only its issuer can say what it means (`otok introspect`).
//! A token with dots must be a compact JWS (three segments) or JWE (five); anything else, bad
//! base64url or JSON that is not an object is an error that says which part is wrong.

use anyhow::Result;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

use crate::error::{Error, Kind};

/// What a token turned out to be.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    /// A signed JWT: its header, its claims and the length of its signature in bytes.
    Signed {
        header: Map<String, Value>,
        claims: Map<String, Value>,
        signature_len: usize,
    },
    /// An encrypted JWT: only its header can be read without the key.
    Encrypted { header: Map<String, Value> },
    /// Not a JWT: a reference that only the issuer can resolve.
    Opaque { length: usize },
}

pub fn decode(token: &str) -> Result<Decoded> {
    let token = token.trim();
    if token.is_empty() {
        return Err(malformed("the token is empty"));
    }
    if !token.contains('.') {
        return Ok(Decoded::Opaque {
            length: token.chars().count(),
        });
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts.len() {
        3 => Ok(Decoded::Signed {
            header: object(parts[0], "header")?,
            claims: object(parts[1], "claims")?,
            signature_len: bytes(parts[2], "signature")?.len(),
        }),
        5 => Ok(Decoded::Encrypted {
            header: object(parts[0], "header")?,
        }),
        n => Err(malformed(&format!(
            "it has {n} dot-separated segments; a signed JWT has 3 and an encrypted one 5"
        ))),
    }
}

/// The names of the claims that are times (NumericDate, RFC 7519 §2).
pub const TIME_CLAIMS: &[(&str, &str)] = &[
    ("iat", "issued"),
    ("nbf", "not before"),
    ("exp", "expires"),
    ("auth_time", "authenticated"),
];

fn bytes(segment: &str, what: &str) -> Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(segment.trim_end_matches('='))
        .map_err(|e| malformed(&format!("the {what} segment is not base64url ({e})")))
}

fn object(segment: &str, what: &str) -> Result<Map<String, Value>> {
    if segment.is_empty() {
        return Err(malformed(&format!("the {what} segment is empty")));
    }
    match serde_json::from_slice::<Value>(&bytes(segment, what)?) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => {
            let verb = if what == "claims" { "are" } else { "is" };
            Err(malformed(&format!("the {what} {verb} not a JSON object")))
        }
        Err(e) => Err(malformed(&format!("the {what} segment is not JSON ({e})"))),
    }
}

fn malformed(why: &str) -> anyhow::Error {
    Error::new(Kind::BadResponse, format!("not a well-formed JWT: {why}"))
        .hint("a JWT is header.claims.signature, each part base64url-encoded JSON")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn signed_encrypted_and_opaque() {
        let jwt = format!(
            "{}.{}.{}",
            seg(r#"{"alg":"RS256"}"#),
            seg(r#"{"sub":"a"}"#),
            seg("sig")
        );
        match decode(&jwt).unwrap() {
            Decoded::Signed {
                header,
                claims,
                signature_len,
            } => {
                assert_eq!(header["alg"], "RS256");
                assert_eq!(claims["sub"], "a");
                assert_eq!(signature_len, 3);
            }
            other => panic!("{other:?}"),
        }
        let jwe = format!("{}.a.b.c.d", seg(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#));
        assert!(matches!(decode(&jwe).unwrap(), Decoded::Encrypted { .. }));
        assert_eq!(
            decode("2YotnFZFEjr1zCsicMWpAA").unwrap(),
            Decoded::Opaque { length: 22 }
        );
    }

    #[test]
    fn malformed_tokens_say_what_is_wrong() {
        let err = |t: &str| format!("{:#}", decode(t).unwrap_err());
        assert!(err("a.b").contains("2 dot-separated segments"));
        assert!(err(&format!("{}.@@.x", seg("{}"))).contains("claims segment is not base64url"));
        assert!(err(&format!("{}.{}.x", seg("{}"), seg("not json")))
            .contains("claims segment is not JSON"));
        assert!(
            err(&format!("{}.{}.x", seg("[1]"), seg("{}"))).contains("header is not a JSON object")
        );
        assert!(
            err(&format!("{}.{}.x", seg("{}"), seg("7"))).contains("claims are not a JSON object")
        );
        assert!(err("  ").contains("empty"));
    }
}
