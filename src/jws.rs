//! Signing keys and compact JWS (RFC 7515): what client assertions (RFC 7523) and DPoP proofs
//! (RFC 9449) are signed with.
//!
//! Keys come from PEM (PKCS#8, PKCS#1 RSA, SEC1 EC) or JWK / JWKS text, and the signatures
//! are *ring*'s: RS256, PS256, ES256, ES384 and EdDSA (Ed25519) with a private key, HS256,
//! HS384 and HS512 over a shared secret. Nothing here parses or computes cryptography by hand;
//! the one piece of DER written here is the PKCS#8 envelope around a SEC1 key, which *ring*
//! reads only in that form.

use anyhow::Result;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{
    EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING,
    ECDSA_P384_SHA384_FIXED_SIGNING,
};
use rustls_pki_types::pem::{SectionKind, SliceIter};
use serde_json::{json, Map, Value};

use crate::error;
use crate::secret::Secret;
use crate::types::Alg;

/// The key pair inside a [`PrivateKey`].
enum Pair {
    Rsa(RsaKeyPair),
    P256(EcdsaKeyPair),
    P384(EcdsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

/// An asymmetric private key, with the key id its JWK gave. No `Debug` shows it.
pub struct PrivateKey {
    pair: Pair,
    /// The `kid` of the JWK it came from.
    pub kid: Option<String>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({}, redacted)", self.kind())
    }
}

fn rng() -> &'static SystemRandom {
    static RNG: std::sync::OnceLock<SystemRandom> = std::sync::OnceLock::new();
    RNG.get_or_init(SystemRandom::new)
}

/// Random bytes from the OS.
pub fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    rng()
        .fill(&mut bytes)
        .map_err(|_| anyhow::anyhow!("the OS random number generator failed"))?;
    Ok(bytes)
}

/// A fresh `jti`: a random (version 4) UUID, the form every server takes (High Mobility
/// takes no other). Never the same twice.
pub fn new_jti() -> Result<String> {
    let mut b = random::<16>()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

impl PrivateKey {
    /// Reads a key from PEM or JWK / JWKS text. `origin` names where it came from in errors
    /// (a path, `$VAR`, a command); `key_id` picks one key of a JWKS.
    pub fn parse(text: &str, origin: &str, key_id: Option<&str>) -> Result<PrivateKey> {
        let bad =
            |why: String| error::config(format!("cannot use the private key {origin}: {why}"));
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') {
            let value: Value = serde_json::from_str(trimmed)
                .map_err(|e| bad(format!("it is not a JWK or JWKS ({e})")))?;
            return from_jwk_or_jwks(&value, key_id).map_err(|why| bad(why).into());
        }
        if text.contains("ENCRYPTED") {
            return Err(
                bad("it is encrypted, and otok reads unencrypted keys only".into())
                    .hint(
                        "keep the key decrypted where only you can read it (`openssl pkey -in KEY \
                     -out KEY.plain`, mode 0600), or give it through a command secret source \
                     that decrypts it (private_key = { command = \"…\" })",
                    )
                    .into(),
            );
        }
        let private = |kind: &SectionKind| {
            matches!(
                kind,
                SectionKind::PrivateKey | SectionKind::RsaPrivateKey | SectionKind::EcPrivateKey
            )
        };
        let (kind, der) = SliceIter::new(text.as_bytes())
            .map_while(Result::ok)
            .find(|(kind, _)| private(kind))
            .ok_or_else(|| {
                bad(
                    "no PEM private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC \
                     PRIVATE KEY) and no JWK in it"
                        .into(),
                )
            })?;
        let pair = match kind {
            SectionKind::PrivateKey => from_pkcs8(&der),
            SectionKind::RsaPrivateKey => RsaKeyPair::from_der(&der)
                .map(Pair::Rsa)
                .map_err(|e| rejected("RSA", e)),
            _ => from_sec1(&der),
        }
        .map_err(bad)?;
        Ok(PrivateKey { pair, kid: None })
    }

    /// What kind of key it is, for messages.
    pub fn kind(&self) -> &'static str {
        match self.pair {
            Pair::Rsa(_) => "RSA",
            Pair::P256(_) => "EC P-256",
            Pair::P384(_) => "EC P-384",
            Pair::Ed25519(_) => "Ed25519",
        }
    }

    /// The algorithm a key of this kind signs with unless told otherwise.
    pub fn default_alg(&self) -> Alg {
        match self.pair {
            Pair::Rsa(_) => Alg::RS256,
            Pair::P256(_) => Alg::ES256,
            Pair::P384(_) => Alg::ES384,
            Pair::Ed25519(_) => Alg::EdDSA,
        }
    }

    /// Whether this key can sign with `alg`.
    pub fn fits(&self, alg: Alg) -> bool {
        matches!(
            (&self.pair, alg),
            (Pair::Rsa(_), Alg::RS256 | Alg::PS256)
                | (Pair::P256(_), Alg::ES256)
                | (Pair::P384(_), Alg::ES384)
                | (Pair::Ed25519(_), Alg::EdDSA)
        )
    }

    fn sign(&self, alg: Alg, input: &[u8]) -> Result<Vec<u8>> {
        let failed = || anyhow::anyhow!("signing with the {} key failed", self.kind());
        match (&self.pair, alg) {
            (Pair::Rsa(pair), Alg::RS256 | Alg::PS256) => {
                let padding: &'static dyn ring::signature::RsaEncoding = match alg {
                    Alg::PS256 => &ring::signature::RSA_PSS_SHA256,
                    _ => &ring::signature::RSA_PKCS1_SHA256,
                };
                let mut signature = vec![0; pair.public().modulus_len()];
                pair.sign(padding, rng(), input, &mut signature)
                    .map_err(|_| failed())?;
                Ok(signature)
            }
            (Pair::P256(pair), Alg::ES256) | (Pair::P384(pair), Alg::ES384) => Ok(pair
                .sign(rng(), input)
                .map_err(|_| failed())?
                .as_ref()
                .to_vec()),
            (Pair::Ed25519(pair), Alg::EdDSA) => Ok(pair.sign(input).as_ref().to_vec()),
            _ => Err(error::config(format!(
                "an {} key cannot sign {}",
                self.kind(),
                alg.as_str()
            ))
            .into()),
        }
    }

    /// The public key as a DER SubjectPublicKeyInfo, to compare with a certificate's.
    pub fn spki(&self) -> Vec<u8> {
        use rustls_pki_types::alg_id;
        let (alg, public) = match &self.pair {
            Pair::Rsa(pair) => (alg_id::RSA_ENCRYPTION, pair.public_key().as_ref()),
            Pair::P256(pair) => (alg_id::ECDSA_P256, pair.public_key().as_ref()),
            Pair::P384(pair) => (alg_id::ECDSA_P384, pair.public_key().as_ref()),
            Pair::Ed25519(pair) => (alg_id::ED25519, pair.public_key().as_ref()),
        };
        rustls::sign::public_key_to_spki(&alg, public).to_vec()
    }

    /// The public key as a JWK with only its required members (RFC 7638 §3.2), for a DPoP
    /// proof's header and thumbprint. RSA keys do not sign DPoP proofs here.
    pub fn public_jwk(&self) -> Option<Value> {
        let point = |pair: &EcdsaKeyPair, crv: &str| {
            let public = &pair.public_key().as_ref()[1..];
            let (x, y) = public.split_at(public.len() / 2);
            json!({"crv": crv, "kty": "EC", "x": URL_SAFE_NO_PAD.encode(x), "y": URL_SAFE_NO_PAD.encode(y)})
        };
        match &self.pair {
            Pair::P256(pair) => Some(point(pair, "P-256")),
            Pair::P384(pair) => Some(point(pair, "P-384")),
            Pair::Ed25519(pair) => Some(json!({
                "crv": "Ed25519",
                "kty": "OKP",
                "x": URL_SAFE_NO_PAD.encode(pair.public_key().as_ref()),
            })),
            Pair::Rsa(_) => None,
        }
    }

    /// A new EC P-256 key, and its PKCS#8 form to keep.
    pub fn generate_p256() -> Result<(PrivateKey, Secret)> {
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, rng())
            .map_err(|_| anyhow::anyhow!("cannot make an EC P-256 key"))?;
        let kept = Secret::new(URL_SAFE_NO_PAD.encode(pkcs8.as_ref()));
        Ok((PrivateKey::from_kept(&kept)?, kept))
    }

    /// The key [`PrivateKey::generate_p256`] made, from its kept form.
    pub fn from_kept(kept: &Secret) -> Result<PrivateKey> {
        let der = URL_SAFE_NO_PAD
            .decode(kept.expose())
            .map_err(|_| anyhow::anyhow!("the stored DPoP key is not base64url"))?;
        let pair = from_pkcs8(&der)
            .map_err(|why| anyhow::anyhow!("the stored DPoP key is unusable: {why}"))?;
        Ok(PrivateKey { pair, kid: None })
    }
}

/// The RFC 7638 thumbprint of a public JWK: SHA-256 over its required members in order,
/// base64url.
pub fn thumbprint(jwk: &Value) -> String {
    let members: &[&str] = match jwk["kty"].as_str() {
        Some("EC") => &["crv", "kty", "x", "y"],
        Some("OKP") => &["crv", "kty", "x"],
        _ => &["e", "kty", "n"],
    };
    let canonical: Map<String, Value> = members
        .iter()
        .map(|m| (m.to_string(), jwk[*m].clone()))
        .collect();
    // serde_json's map keeps keys sorted, which is the order RFC 7638 asks for.
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        Value::Object(canonical).to_string().as_bytes(),
    );
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// base64url(SHA-256(bytes)): a DER certificate's `x5t#S256`, an access token's `ath`.
pub fn sha256_b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

fn rejected(kind: &str, e: ring::error::KeyRejected) -> String {
    match e.to_string().as_str() {
        "TooSmall" => format!("the {kind} key is too small: use at least 2048 bits"),
        "TooLarge" => format!("the {kind} key is larger than 8192 bits"),
        "InconsistentComponents" => format!("the {kind} key's parts do not belong together"),
        why => format!("not a usable {kind} key ({why})"),
    }
}

/// A PKCS#8 key of any of the kinds otok signs with.
fn from_pkcs8(der: &[u8]) -> Result<Pair, String> {
    let rsa = match RsaKeyPair::from_pkcs8(der) {
        Ok(pair) => return Ok(Pair::Rsa(pair)),
        Err(e) => e,
    };
    if let Ok(pair) = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, rng()) {
        return Ok(Pair::P256(pair));
    }
    if let Ok(pair) = EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, der, rng()) {
        return Ok(Pair::P384(pair));
    }
    if let Ok(pair) = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der) {
        return Ok(Pair::Ed25519(pair));
    }
    match rsa.to_string().as_str() {
        // An RSA key ring refuses for its size or its parts, rather than for its kind.
        "TooSmall" | "TooLarge" | "InconsistentComponents" => Err(rejected("RSA", rsa)),
        _ => Err("not an RSA, EC P-256, EC P-384 or Ed25519 key".into()),
    }
}

/// A SEC1 EC key (`-----BEGIN EC PRIVATE KEY-----`), put in the PKCS#8 envelope of each curve
/// in turn: *ring* checks the curve the key names against the envelope's.
fn from_sec1(sec1: &[u8]) -> Result<Pair, String> {
    const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const P256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    const P384: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
    let envelope = |curve: &[u8]| {
        let algorithm = der(0x30, &[EC_PUBLIC_KEY, curve].concat());
        der(
            0x30,
            &[&[0x02, 0x01, 0x00][..], &algorithm, &der(0x04, sec1)].concat(),
        )
    };
    if let Ok(pair) =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &envelope(P256), rng())
    {
        return Ok(Pair::P256(pair));
    }
    EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, &envelope(P384), rng())
        .map(Pair::P384)
        .map_err(|_| {
            "not an EC P-256 or P-384 key with its public key (SEC1 keys need both)".into()
        })
}

/// A DER element: tag, definite length, content.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// The one key of a JWK, or of a JWKS (the one with `key_id` when it has several).
fn from_jwk_or_jwks(value: &Value, key_id: Option<&str>) -> Result<PrivateKey, String> {
    let Some(keys) = value.get("keys") else {
        return from_jwk(value);
    };
    let keys = keys.as_array().ok_or("its `keys` is not an array")?;
    let kid = |k: &Value| k.get("kid").and_then(Value::as_str).map(str::to_string);
    let chosen: Vec<&Value> = match key_id {
        Some(id) => keys
            .iter()
            .filter(|k| kid(k).as_deref() == Some(id))
            .collect(),
        None => keys.iter().collect(),
    };
    match (chosen.as_slice(), key_id) {
        ([one], _) => from_jwk(one),
        ([], Some(id)) => Err(format!("the JWKS has no key with kid `{id}`")),
        ([], None) => Err("the JWKS has no keys".into()),
        (_, _) => {
            let ids: Vec<String> = keys.iter().filter_map(kid).collect();
            Err(format!(
                "the JWKS has {} keys: choose one with --key-id (kids: {})",
                chosen.len(),
                if ids.is_empty() {
                    "none".into()
                } else {
                    ids.join(", ")
                }
            ))
        }
    }
}

fn from_jwk(jwk: &Value) -> Result<PrivateKey, String> {
    let member = |name: &str| -> Result<Vec<u8>, String> {
        let text = jwk
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the JWK has no `{name}`: it is not a private key"))?;
        URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .map_err(|_| format!("the JWK's `{name}` is not base64url"))
    };
    let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or_default();
    let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or_default();
    let pair = match (kty, crv) {
        ("RSA", _) => {
            let components = ring::rsa::KeyPairComponents {
                public_key: ring::rsa::PublicKeyComponents {
                    n: member("n")?,
                    e: member("e")?,
                },
                d: member("d")?,
                p: member("p")?,
                q: member("q")?,
                dP: member("dp")?,
                dQ: member("dq")?,
                qInv: member("qi")?,
            };
            RsaKeyPair::from_components(&components)
                .map(Pair::Rsa)
                .map_err(|e| rejected("RSA", e))?
        }
        ("EC", "P-256" | "P-384") => {
            let public = [&[0x04][..], &member("x")?, &member("y")?].concat();
            let alg = if crv == "P-256" {
                &ECDSA_P256_SHA256_FIXED_SIGNING
            } else {
                &ECDSA_P384_SHA384_FIXED_SIGNING
            };
            let pair =
                EcdsaKeyPair::from_private_key_and_public_key(alg, &member("d")?, &public, rng())
                    .map_err(|e| format!("not a usable EC {crv} key ({e})"))?;
            if crv == "P-256" {
                Pair::P256(pair)
            } else {
                Pair::P384(pair)
            }
        }
        ("OKP", "Ed25519") => {
            Ed25519KeyPair::from_seed_and_public_key(&member("d")?, &member("x")?)
                .map(Pair::Ed25519)
                .map_err(|e| format!("not a usable Ed25519 key ({e})"))?
        }
        _ => {
            return Err(format!(
                "a JWK of kty `{kty}`{} is not a kind otok signs with (RSA, EC P-256, EC P-384, \
                 OKP Ed25519)",
                if crv.is_empty() {
                    String::new()
                } else {
                    format!(" and crv `{crv}`")
                }
            ))
        }
    };
    Ok(PrivateKey {
        pair,
        kid: jwk.get("kid").and_then(Value::as_str).map(str::to_string),
    })
}

/// What signs a JWS: a private key, or a shared secret for the HMAC algorithms.
pub enum Signer<'a> {
    Key(&'a PrivateKey),
    Secret(&'a Secret),
}

/// Signs `claims` as a compact JWS with `header` (its `alg` set here). The result is a secret.
pub fn sign(signer: Signer, alg: Alg, mut header: Value, claims: &Value) -> Result<Secret> {
    header["alg"] = json!(alg.as_str());
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = match signer {
        Signer::Key(key) => key.sign(alg, input.as_bytes())?,
        Signer::Secret(secret) => {
            let hmac = match alg {
                Alg::HS256 => ring::hmac::HMAC_SHA256,
                Alg::HS384 => ring::hmac::HMAC_SHA384,
                Alg::HS512 => ring::hmac::HMAC_SHA512,
                other => {
                    return Err(error::config(format!(
                        "{} signs with a private key, not with the client secret",
                        other.as_str()
                    ))
                    .into())
                }
            };
            let key = ring::hmac::Key::new(hmac, secret.expose().as_bytes());
            ring::hmac::sign(&key, input.as_bytes()).as_ref().to_vec()
        }
    };
    Ok(Secret::new(format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    )))
}

/// The header and claims of a compact JWS otok made, for the `-v` trace: never the signature.
pub fn describe(jws: &str) -> String {
    let mut parts = jws.split('.');
    let mut decode = || {
        parts
            .next()
            .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    };
    let header = decode();
    let claims = decode();
    format!("header {header} claims {claims} (signature not shown)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, ED25519};

    fn pem(label: &str, der: &[u8]) -> String {
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            STANDARD.encode(der)
        )
    }

    fn verify(
        jws: &Secret,
        alg: &'static dyn ring::signature::VerificationAlgorithm,
        public: &[u8],
    ) {
        let (input, signature) = jws.expose().rsplit_once('.').unwrap();
        let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
        UnparsedPublicKey::new(alg, public)
            .verify(input.as_bytes(), &signature)
            .unwrap();
    }

    #[test]
    fn es256_from_pkcs8_and_from_sec1_signs_raw_r_s() {
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, rng()).unwrap();
        let key = PrivateKey::parse(&pem("PRIVATE KEY", pkcs8.as_ref()), "k", None).unwrap();
        assert_eq!(key.default_alg(), Alg::ES256);
        let jws = sign(
            Signer::Key(&key),
            Alg::ES256,
            json!({"typ": "JWT"}),
            &json!({"a": 1}),
        )
        .unwrap();
        let Pair::P256(pair) = &key.pair else {
            panic!()
        };
        verify(&jws, &ECDSA_P256_SHA256_FIXED, pair.public_key().as_ref());
        assert!(
            describe(jws.expose()).contains(r#"header {"alg":"ES256","typ":"JWT"} claims {"a":1}"#)
        );
        // The SEC1 form of ring's P-256 PKCS#8 key is the OCTET STRING (04 6d) at its end.
        let der = pkcs8.as_ref();
        assert_eq!(&der[27..29], &[0x04, 0x6d]);
        let sec1 = &der[29..];
        let from_sec1 = PrivateKey::parse(&pem("EC PRIVATE KEY", sec1), "k", None).unwrap();
        assert_eq!(from_sec1.spki(), key.spki());
    }

    #[test]
    fn ed25519_jwk_round_trip_and_thumbprint() {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(rng()).unwrap();
        let key = PrivateKey::parse(&pem("PRIVATE KEY", pkcs8.as_ref()), "k", None).unwrap();
        let jws = sign(Signer::Key(&key), Alg::EdDSA, json!({}), &json!({})).unwrap();
        let Pair::Ed25519(pair) = &key.pair else {
            panic!()
        };
        verify(&jws, &ED25519, pair.public_key().as_ref());
        // RFC 8037 appendix A.3: the thumbprint of its example key.
        let example =
            json!({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        assert_eq!(
            thumbprint(&example),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    #[test]
    fn hmac_needs_a_secret_and_a_key_needs_its_own_alg() {
        let secret = Secret::new("a-shared-secret-of-some-length-0123456789");
        let jws = sign(Signer::Secret(&secret), Alg::HS512, json!({}), &json!({})).unwrap();
        let (input, signature) = jws.expose().rsplit_once('.').unwrap();
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA512, secret.expose().as_bytes());
        ring::hmac::verify(
            &key,
            input.as_bytes(),
            &URL_SAFE_NO_PAD.decode(signature).unwrap(),
        )
        .unwrap();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(rng()).unwrap();
        let key = PrivateKey::parse(&pem("PRIVATE KEY", pkcs8.as_ref()), "k", None).unwrap();
        assert!(!key.fits(Alg::ES256));
        assert!(sign(Signer::Key(&key), Alg::RS256, json!({}), &json!({})).is_err());
    }

    #[test]
    fn wrong_keys_say_what_is_wrong() {
        let err = |text: &str, kid: Option<&str>| {
            format!("{:#}", PrivateKey::parse(text, "/k.pem", kid).unwrap_err())
        };
        assert!(err(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
            None
        )
        .contains("/k.pem: it is encrypted"));
        assert!(err("hello", None).contains("no PEM private key"));
        assert!(err(r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#, None).contains("no `d`"));
        assert!(err(r#"{"keys":[{"kid":"a"},{"kid":"b"}]}"#, None)
            .contains("choose one with --key-id (kids: a, b)"));
        assert!(err(r#"{"keys":[{"kid":"a"}]}"#, Some("z")).contains("no key with kid `z`"));
        assert!(err(r#"{"kty":"oct","k":"AA"}"#, None).contains("kty `oct`"));
    }

    #[test]
    fn alg_names() {
        assert_eq!("es384".parse::<Alg>().unwrap(), Alg::ES384);
        assert_eq!("Ed25519".parse::<Alg>().unwrap(), Alg::EdDSA);
        assert!("none".parse::<Alg>().is_err());
        let jti = new_jti().unwrap();
        assert_eq!((jti.len(), &jti[14..15]), (36, "4"));
        assert_ne!(new_jti().unwrap(), new_jti().unwrap());
    }
}
