//! The client's certificate (RFC 8705 mutual TLS, and `x5t#S256` in client assertions): the
//! chain read from a PEM file, checked against the private key it goes with, and its
//! thumbprint, which is what a certificate-bound token is bound to.

use std::path::Path;

use anyhow::Result;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

use crate::error;
use crate::jws::{self, PrivateKey};

/// The most otok reads of a certificate file: a chain is a few KiB.
const MAX_CHAIN: usize = 256 * 1024;

/// A certificate chain, the end-entity certificate first.
pub struct Chain {
    pub certs: Vec<CertificateDer<'static>>,
    /// Where it came from, for messages.
    pub origin: String,
}

impl Chain {
    pub fn read(path: &Path) -> Result<Chain> {
        let origin = path.display().to_string();
        let bad =
            |why: String| error::config(format!("cannot use the certificate {origin}: {why}"));
        let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
        let text = crate::secret::read_capped(file, MAX_CHAIN, "certificate", &origin)?;
        let certs = CertificateDer::pem_slice_iter(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(format!("it is not PEM ({e:?})")))?;
        if certs.is_empty() {
            return Err(bad("there is no -----BEGIN CERTIFICATE----- in it".into()).into());
        }
        Ok(Chain { certs, origin })
    }

    /// The end-entity certificate's `x5t#S256`.
    pub fn thumbprint(&self) -> String {
        jws::sha256_b64(&self.certs[0])
    }

    /// Checks that the end-entity certificate is `key`'s (`key_origin` names it in the error).
    pub fn check_key(&self, key: &PrivateKey, key_origin: &str) -> Result<()> {
        let parsed = rustls::server::ParsedCertificate::try_from(&self.certs[0]).map_err(|e| {
            error::config(format!("cannot read the certificate {}: {e}", self.origin))
        })?;
        if parsed.subject_public_key_info().as_ref() != key.spki().as_slice() {
            return Err(error::config(format!(
                "the certificate {} is not for the private key {key_origin}: their public keys \
                 differ",
                self.origin
            ))
            .hint("give the certificate issued for this key, or the key of this certificate")
            .into());
        }
        Ok(())
    }
}
