//! DPoP (RFC 9449): a key of otok's per stored token, and the proofs that show a request comes
//! from its holder.
//!
//! The key is an EC P-256 key made when a token is first asked for and kept with the token in
//! the store, so that its refreshes and every request that presents it prove the same key. A
//! proof names the request (`htm`, `htu` without query and fragment), is fresh (`iat`, a new
//! `jti`), and at a resource server names the token too (`ath`). A server that wants a nonce
//! says so once (`use_dpop_nonce` with a `DPoP-Nonce` header), and the request is made again
//! with it, once.

use anyhow::Result;
use serde_json::{json, Value};

use crate::error::{self, Error, Kind};
use crate::http::{Method, Response};
use crate::jws::{self, PrivateKey, Signer};
use crate::secret::Secret;

/// The longest nonce taken from a server.
const MAX_NONCE: usize = 1024;

/// A DPoP key and its kept (PKCS#8, base64url) form.
pub struct DpopKey {
    key: PrivateKey,
    /// Its public JWK, for every proof's header and the thumbprint.
    jwk: Value,
    pub kept: Secret,
}

impl DpopKey {
    pub fn generate() -> Result<DpopKey> {
        let (_, kept) = PrivateKey::generate_p256()?;
        DpopKey::from_kept(&kept)
    }

    /// The key kept in the store; one that is not an EC or Ed25519 key (a store entry someone
    /// edited) is an error, not a proof otok cannot sign.
    pub fn from_kept(kept: &Secret) -> Result<DpopKey> {
        let key = PrivateKey::from_kept(kept)?;
        let jwk = key.public_jwk().ok_or_else(|| {
            anyhow::anyhow!(
                "the stored DPoP key is an {} key, which DPoP proofs are not signed with",
                key.kind()
            )
        })?;
        Ok(DpopKey {
            key,
            jwk,
            kept: kept.clone(),
        })
    }

    /// The JWK thumbprint (RFC 7638) a bound token names in `cnf.jkt`.
    pub fn jkt(&self) -> String {
        jws::thumbprint(&self.jwk)
    }

    /// A proof for `method` on `url`; `token` is the access token it goes with at a resource
    /// server, `nonce` the server's latest.
    pub fn proof(
        &self,
        method: Method,
        url: &str,
        token: Option<&Secret>,
        nonce: Option<&str>,
    ) -> Result<Secret> {
        let mut claims = json!({
            "jti": jws::new_jti()?,
            "htm": method.as_str(),
            "htu": htu(url),
            "iat": crate::token::now(),
        });
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        if let Some(token) = token {
            claims["ath"] = json!(jws::sha256_b64(token.expose().as_bytes()));
        }
        let header = json!({"typ": "dpop+jwt", "jwk": self.jwk});
        jws::sign(
            Signer::Key(&self.key),
            self.key.default_alg(),
            header,
            &claims,
        )
    }

    /// Checks that `token`, when it is a JWT naming its key (`cnf.jkt`), names this one: a
    /// server would refuse it, and the message would not say why.
    pub fn check_binding(&self, token: &Secret) -> Result<()> {
        let Ok(crate::jwt::Decoded::Signed { claims, .. }) = crate::jwt::decode(token.expose())
        else {
            return Ok(());
        };
        let Some(jkt) = claims
            .get("cnf")
            .and_then(|c| c.get("jkt"))
            .and_then(Value::as_str)
        else {
            return Ok(());
        };
        if jkt != self.jkt() {
            return Err(Error::new(
                Kind::Store,
                "the stored DPoP key is not the key the access token is bound to (its cnf.jkt \
                 names another)",
            )
            .hint("forget the token (`otok forget PROFILE`) so that otok gets one bound to its key")
            .into());
        }
        Ok(())
    }
}

/// The `htu` of a request: its URL without query and fragment (RFC 9449 §4.2).
pub fn htu(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// The nonce a server asks for: at the token endpoint a 400 `use_dpop_nonce` (RFC 9449 §8), at
/// a resource server a 401 whose `WWW-Authenticate` says `use_dpop_nonce` (§9); each with the
/// nonce in `DPoP-Nonce`.
pub fn nonce_asked(resp: &Response) -> Option<String> {
    let asked = match resp.status {
        400 => serde_json::from_slice::<Value>(&resp.body)
            .ok()
            .is_some_and(|b| b["error"] == "use_dpop_nonce"),
        401 => resp
            .header("www-authenticate")
            .is_some_and(|h| h.contains("use_dpop_nonce")),
        _ => false,
    };
    let nonce = resp.header("dpop-nonce")?;
    (asked && is_nonce(nonce)).then(|| nonce.to_string())
}

/// Whether `text` can be a nonce (RFC 9449 §8.1: NQCHAR, printable ASCII without the double
/// quote and the backslash), and not an absurdly long one.
pub fn is_nonce(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_NONCE
        && text
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && b != b'"' && b != b'\\')
}

/// The error for a profile that has no DPoP key where one is needed.
pub fn not_bound(profile: Option<&str>) -> anyhow::Error {
    error::config(format!(
        "the token of {} is not DPoP-bound",
        profile.unwrap_or("these settings")
    ))
    .hint("use --dpop (or dpop = true in the profile), then get a token with it")
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proof_names_the_request_and_the_token() {
        let key = DpopKey::generate().unwrap();
        let token = Secret::new("an-access-token-value");
        let proof = key
            .proof(
                Method::Post,
                "https://rs.example/a/b?x=1#f",
                Some(&token),
                Some("n-1"),
            )
            .unwrap();
        let crate::jwt::Decoded::Signed { header, claims, .. } =
            crate::jwt::decode(proof.expose()).unwrap()
        else {
            panic!()
        };
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["jwk"]["kty"], "EC");
        assert!(header["jwk"].get("d").is_none());
        assert_eq!(claims["htm"], "POST");
        assert_eq!(claims["htu"], "https://rs.example/a/b");
        assert_eq!(claims["nonce"], "n-1");
        assert_eq!(
            claims["ath"],
            jws::sha256_b64(b"an-access-token-value").as_str()
        );
        let again = DpopKey::from_kept(&key.kept).unwrap();
        assert_eq!(again.jkt(), key.jkt());
    }

    #[test]
    fn a_stored_key_dpop_cannot_sign_with_is_an_error() {
        use base64::Engine;
        use rustls_pki_types::pem::PemObject;
        let pem = include_str!("../tests/keys/rsa.pkcs8.pem");
        let der = rustls_pki_types::PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()).unwrap();
        let kept = Secret::new(
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(der.secret_pkcs8_der()),
        );
        let err = DpopKey::from_kept(&kept).err().unwrap();
        assert!(err.to_string().contains("an RSA key"), "{err}");
    }

    #[test]
    fn nonce_only_when_asked_and_well_formed() {
        let resp = |status: u16, headers: &[(&str, &str)], body: &str| Response {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        };
        let asked = r#"{"error":"use_dpop_nonce"}"#;
        assert_eq!(
            nonce_asked(&resp(400, &[("DPoP-Nonce", "abc")], asked)).as_deref(),
            Some("abc")
        );
        assert_eq!(nonce_asked(&resp(400, &[], asked)), None);
        assert_eq!(
            nonce_asked(&resp(
                400,
                &[("DPoP-Nonce", "abc")],
                r#"{"error":"invalid_grant"}"#
            )),
            None
        );
        assert_eq!(
            nonce_asked(&resp(400, &[("DPoP-Nonce", "a\"b")], asked)),
            None
        );
        let www = ("WWW-Authenticate", r#"DPoP error="use_dpop_nonce""#);
        assert_eq!(
            nonce_asked(&resp(401, &[www, ("dpop-nonce", "n")], "")).as_deref(),
            Some("n")
        );
    }
}
