//! Compact JWS as a server reads them: split, decoded, and their signatures checked by *ring*
//! with the public keys of the fixtures in `tests/keys/` (or the key a DPoP proof carries), so
//! that a test accepts exactly what a real authorization or resource server would.

use std::path::PathBuf;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::signature::{self, UnparsedPublicKey};
use serde_json::Value;

/// A file of `tests/keys/`.
pub fn key_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keys")
        .join(name)
}

pub fn key_text(name: &str) -> String {
    std::fs::read_to_string(key_path(name)).unwrap()
}

/// A JWK (or JWKS) file of `tests/keys/`.
pub fn jwk(name: &str) -> Value {
    serde_json::from_str(&key_text(name)).unwrap()
}

/// The DER of the first certificate of a PEM file of `tests/keys/`.
pub fn cert_der(name: &str) -> Vec<u8> {
    use rustls_pki_types::pem::PemObject;
    rustls_pki_types::CertificateDer::from_pem_file(key_path(name))
        .unwrap()
        .to_vec()
}

pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64url(text: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| format!("{text:?} is not base64url without padding: {e}"))
}

/// base64url(SHA-256(bytes)): a certificate's `x5t#S256`, a proof's `ath`.
pub fn sha256_b64(bytes: &[u8]) -> String {
    b64url(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// The RFC 7638 thumbprint of a public EC or OKP JWK, its canonical JSON written out here by
/// hand (required members only, in lexicographic order, no whitespace).
pub fn thumbprint(jwk: &Value) -> String {
    let member = |name: &str| jwk[name].as_str().unwrap_or_default().to_string();
    let canonical = match jwk["kty"].as_str() {
        Some("EC") => format!(
            r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
            member("crv"),
            member("x"),
            member("y")
        ),
        Some("OKP") => format!(
            r#"{{"crv":"{}","kty":"OKP","x":"{}"}}"#,
            member("crv"),
            member("x")
        ),
        other => panic!("no thumbprint for a JWK of kty {other:?}"),
    };
    sha256_b64(canonical.as_bytes())
}

/// A compact JWS, decoded.
#[derive(Debug, Clone)]
pub struct Jws {
    pub raw: String,
    pub header: Value,
    pub claims: Value,
    pub signature: Vec<u8>,
}

impl Jws {
    pub fn parse(raw: &str) -> Result<Jws, String> {
        let parts: Vec<&str> = raw.split('.').collect();
        let [header, claims, signature] = parts[..] else {
            return Err(format!(
                "a compact JWS has 3 segments, this has {}",
                parts.len()
            ));
        };
        let json = |segment: &str| -> Result<Value, String> {
            let value: Value =
                serde_json::from_slice(&unb64url(segment)?).map_err(|e| e.to_string())?;
            match value {
                Value::Object(_) => Ok(value),
                other => Err(format!("not a JSON object: {other}")),
            }
        };
        Ok(Jws {
            raw: raw.to_string(),
            header: json(header)?,
            claims: json(claims)?,
            signature: unb64url(signature)?,
        })
    }

    /// The signature as it was sent: the third segment.
    pub fn signature_segment(&self) -> &str {
        self.raw.rsplit('.').next().unwrap()
    }

    fn signing_input(&self) -> &str {
        self.raw.rsplit_once('.').unwrap().0
    }

    fn alg(&self) -> &str {
        self.header["alg"].as_str().unwrap_or_default()
    }

    /// Checks that the header says `alg` and that the signature verifies with the public members
    /// of `jwk` by that algorithm.
    pub fn verify(&self, alg: &str, jwk: &Value) -> Result<(), String> {
        if self.alg() != alg {
            return Err(format!("alg is {:?}, not {alg}", self.alg()));
        }
        let member = |name: &str| -> Result<Vec<u8>, String> {
            unb64url(jwk[name].as_str().ok_or(format!("the JWK has no {name}"))?)
        };
        let input = self.signing_input().as_bytes();
        let bad = |_| format!("the {alg} signature does not verify");
        match alg {
            "RS256" | "PS256" => {
                let padding = if alg == "RS256" {
                    &signature::RSA_PKCS1_2048_8192_SHA256
                } else {
                    &signature::RSA_PSS_2048_8192_SHA256
                };
                signature::RsaPublicKeyComponents {
                    n: member("n")?,
                    e: member("e")?,
                }
                .verify(padding, input, &self.signature)
                .map_err(bad)
            }
            "ES256" | "ES384" => {
                let algorithm = if alg == "ES256" {
                    &signature::ECDSA_P256_SHA256_FIXED
                } else {
                    &signature::ECDSA_P384_SHA384_FIXED
                };
                let point = [vec![0x04], member("x")?, member("y")?].concat();
                UnparsedPublicKey::new(algorithm, point)
                    .verify(input, &self.signature)
                    .map_err(bad)
            }
            "EdDSA" => UnparsedPublicKey::new(&signature::ED25519, member("x")?)
                .verify(input, &self.signature)
                .map_err(bad),
            other => Err(format!("{other} is not an algorithm these tests verify")),
        }
    }

    /// Checks that the header says `alg` (HS256, HS384, HS512) and that the MAC is `secret`'s.
    pub fn verify_hmac(&self, alg: &str, secret: &[u8]) -> Result<(), String> {
        if self.alg() != alg {
            return Err(format!("alg is {:?}, not {alg}", self.alg()));
        }
        let algorithm = match alg {
            "HS256" => ring::hmac::HMAC_SHA256,
            "HS384" => ring::hmac::HMAC_SHA384,
            "HS512" => ring::hmac::HMAC_SHA512,
            other => return Err(format!("{other} is not an HMAC algorithm")),
        };
        ring::hmac::verify(
            &ring::hmac::Key::new(algorithm, secret),
            self.signing_input().as_bytes(),
            &self.signature,
        )
        .map_err(|_| format!("the {alg} MAC is not the client secret's"))
    }
}

/// The thumbprint helper against the example of RFC 8037 appendix A.3, so that the tests that
/// rely on it rely on something right.
#[test]
fn thumbprint_of_the_rfc_8037_example() {
    let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519",
        "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
    assert_eq!(
        thumbprint(&jwk),
        "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    );
}
