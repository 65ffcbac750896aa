//! HTTPS in front of a [`MockServer`](crate::MockServer): a certificate authority made for
//! one test ([`TestCa`]) and a TLS terminator on `127.0.0.1` ([`TlsFront`]) whose certificate it
//! signs, relaying the plain requests to the mock, so that the mock still checks signatures.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
    SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

/// A throwaway certificate authority: trusted by nobody until a test says so.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl std::fmt::Debug for TestCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestCa").finish_non_exhaustive()
    }
}

fn tls_error(error: impl std::fmt::Display) -> io::Error {
    io::Error::other(error.to_string())
}

impl TestCa {
    /// A new CA named `name`, with a fresh key.
    ///
    /// # Errors
    ///
    /// Fails if the key or the certificate cannot be made.
    pub fn new(name: &str) -> io::Result<Self> {
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(tls_error)?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().map_err(tls_error)?;
        let issuer = CertifiedIssuer::self_signed(params, key).map_err(tls_error)?;
        Ok(Self { issuer })
    }

    /// The CA's certificate in PEM: the contents of a CA bundle file.
    #[must_use]
    pub fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A server certificate for `127.0.0.1` and `localhost` signed by this CA, and its key.
    fn server_certificate(&self) -> io::Result<(CertificateDer<'static>, PrivateKeyDer<'static>)> {
        let mut params = CertificateParams::new(vec!["localhost".to_owned()]).map_err(tls_error)?;
        params
            .subject_alt_names
            .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        params
            .distinguished_name
            .push(DnType::CommonName, "127.0.0.1");
        let key = KeyPair::generate().map_err(tls_error)?;
        let certificate = params.signed_by(&key, &self.issuer).map_err(tls_error)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        Ok((certificate.der().clone(), key))
    }
}

/// A TLS terminator on `127.0.0.1` with a certificate of a [`TestCa`], relaying every
/// connection to a plain HTTP server. Dropping it stops it.
#[derive(Debug)]
pub struct TlsFront {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl TlsFront {
    /// Binds `127.0.0.1:0` and relays to `backend` (e.g. [`MockServer::address`]).
    ///
    /// # Errors
    ///
    /// Fails if the certificate cannot be made or the socket bound.
    ///
    /// [`MockServer::address`]: crate::MockServer::address
    pub async fn start(ca: &TestCa, backend: SocketAddr) -> io::Result<Self> {
        let (certificate, key) = ca.server_certificate()?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(tls_error)?
            .with_no_client_auth()
            .with_single_cert(vec![certificate], key)
            .map_err(tls_error)?;
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(relay(listener, acceptor, backend));
        Ok(Self { addr, task })
    }

    /// `https://127.0.0.1:<port>`.
    #[must_use]
    pub fn endpoint(&self) -> String {
        format!("https://{}", self.addr)
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(listener: TcpListener, acceptor: TlsAcceptor, backend: SocketAddr) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    let acceptor = acceptor.clone();
                    connections.spawn(async move {
                        // A client that does not trust the CA fails the handshake: nothing to relay.
                        let Ok(mut tls) = acceptor.accept(stream).await else { return };
                        let Ok(mut plain) = TcpStream::connect(backend).await else { return };
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                    });
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}
