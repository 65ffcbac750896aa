//! Extra certificate authorities to trust (`AWS_CA_BUNDLE`, `ca_bundle`): a PEM file of
//! certificates, for endpoints and proxies whose certificates a private CA signed (a TLS
//! inspecting proxy, an on-premises endpoint).
//!
//! They are trusted on top of the platform's roots, not instead of them: the default HTTP
//! client then reaches both the AWS endpoints and the private ones. (The AWS CLI uses a bundle
//! instead of its roots; a bundle made for it, with the public roots in it, works the same
//! here.) Each certificate is checked when the bundle is read, so that a bad file is an error
//! naming it at load time rather than a TLS failure at the first call.

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Certificate authorities trusted besides the platform's, read from a PEM file.
#[derive(Clone, PartialEq, Eq)]
pub struct CaBundle {
    origin: Arc<Path>,
    certificates: Arc<[CertificateDer<'static>]>,
}

impl CaBundle {
    /// The certificates of `pem` (`-----BEGIN CERTIFICATE-----` blocks; anything else in the
    /// text is skipped), read from `origin` (a file name, for messages). Fails, saying why,
    /// when there is none or one is not a usable CA certificate.
    pub fn from_pem(pem: &[u8], origin: impl Into<PathBuf>) -> Result<Self, String> {
        let mut certificates = Vec::new();
        for (index, certificate) in CertificateDer::pem_slice_iter(pem).enumerate() {
            let number = index + 1;
            let certificate = certificate
                .map_err(|error| format!("certificate {number} is not valid PEM: {error}"))?;
            // What rustls checks when it adds the certificate to its trusted roots.
            webpki::anchor_from_trusted_cert(&certificate)
                .map_err(|error| format!("certificate {number} cannot be trusted: {error}"))?;
            certificates.push(certificate);
        }
        if certificates.is_empty() {
            return Err("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)".into());
        }
        Ok(Self {
            origin: Arc::from(origin.into()),
            certificates: certificates.into(),
        })
    }

    /// Where the bundle was read from.
    pub fn origin(&self) -> &Path {
        &self.origin
    }

    /// The certificates, DER-encoded.
    pub fn certificates(&self) -> impl Iterator<Item = &[u8]> {
        self.certificates
            .iter()
            .map(|certificate| certificate.as_ref())
    }

    /// How many certificates it holds.
    pub fn len(&self) -> usize {
        self.certificates.len()
    }

    /// Never true: a bundle holds at least one certificate.
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }
}

impl fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaBundle")
            .field("origin", &self.origin)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_without_usable_certificates_are_refused_with_why() {
        let refused = |pem: &str| CaBundle::from_pem(pem.as_bytes(), "/ca.pem").unwrap_err();
        assert!(refused("").contains("holds no PEM certificate"));
        assert!(refused("not pem at all\n").contains("holds no PEM certificate"));
        // A private key is not a certificate.
        assert!(
            refused("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                .contains("holds no PEM certificate")
        );
        let broken = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        assert!(
            refused(broken).starts_with("certificate 1 "),
            "{}",
            refused(broken)
        );
        // Valid base64, but not a certificate.
        let garbage = "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n";
        assert!(
            refused(garbage).starts_with("certificate 1 cannot be trusted"),
            "{}",
            refused(garbage)
        );
    }
}
