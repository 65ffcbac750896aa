//! The HTTP client a [`Client`](crate::Client) sends through: a small trait, so that an
//! application can bring its own, and its default on reqwest (rustls with ring).

use crate::config::Config;
use crate::operation::Body;
use crate::stream::{ByteStream, Chunks, StreamError};
use bytes::Bytes;
use futures_util::stream::StreamExt;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

/// A request ready to go: its URL, its headers (signature included) and its body.
#[derive(Debug)]
pub struct PreparedRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The whole URL: endpoint, host prefix, path and query.
    pub url: String,
    /// Every header but `host` (which the URL gives), in the order they were added.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

/// An answer as it arrives: status, headers, and the body as a stream not yet read.
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: ByteStream,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.len())
            .finish_non_exhaustive()
    }
}

/// The future of [`HttpClient::send`].
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<RawResponse, TransportError>> + Send + 'a>>;

/// Sends requests. The runtime's default is reqwest's client; implement this to send through
/// another HTTP stack, a proxy of your own, or a test double.
pub trait HttpClient: fmt::Debug + Send + Sync {
    /// Sends `request` and returns the answer's head, its body still to be read.
    fn send(&self, request: PreparedRequest) -> SendFuture<'_>;
}

/// A request that got no answer.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: StreamError,
}

/// What kind of failure a [`TransportError`] is, which decides whether the request is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection within the connect timeout (retried, as a timeout).
    ConnectTimeout,
    /// The request could not be sent as it is (retrying would fail the same way).
    Unusable,
    /// The connection was refused, reset or dropped (retried, as transient).
    Io,
}

impl TransportError {
    /// A failure of kind `kind`, caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<StreamError>) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    pub(crate) fn into_source(self) -> StreamError {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The default [`HttpClient`]: reqwest over rustls with ring, its connection pool shared by
/// the clones of a client.
#[derive(Debug, Clone)]
pub struct ReqwestClient {
    client: reqwest::Client,
}

impl ReqwestClient {
    /// A client whose connections are established within `connect_timeout` (if any), trusting
    /// the platform's certificate authorities, without proxy.
    pub fn new(connect_timeout: Option<Duration>) -> Result<Self, String> {
        Self::for_config(&Config::builder().connect_timeout(connect_timeout).build())
    }

    /// The client `config` asks for: its connect timeout, its CA bundle on top of the
    /// platform's roots, its proxies. It reads nothing of the process environment on its own
    /// (reqwest would read the proxy variables): [`Config::load`] reads them from the loader's.
    pub fn for_config(config: &Config) -> Result<Self, String> {
        // reqwest is built without a default crypto provider (aws-lc is slow to compile);
        // ring is installed unless the application chose one already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder().no_proxy();
        if let Some(timeout) = config.connect_timeout() {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(bundle) = config.ca_bundle() {
            let certificates = bundle
                .certificates()
                .map(reqwest::Certificate::from_der)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| format!("the CA bundle {}: {error}", bundle.origin().display()))?;
            builder = builder.tls_certs_merge(certificates);
        }
        if let Some(proxy) = config.proxy() {
            builder = proxy.apply(builder)?;
        }
        builder
            .build()
            .map(|client| Self { client })
            .map_err(|error| format!("the HTTP client cannot be built: {error}"))
    }
}

impl HttpClient for ReqwestClient {
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let request = self.to_reqwest(request)?;
            let response = self
                .client
                .execute(request)
                .await
                .map_err(transport_error)?;
            let headers = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect();
            let status = response.status().as_u16();
            let chunks = futures_util::stream::unfold(response, |mut response| async move {
                match response.chunk().await {
                    Ok(Some(chunk)) => Some((Ok(chunk), response)),
                    Ok(None) => None,
                    Err(error) => Some((Err(StreamError::from(error)), response)),
                }
            });
            Ok(RawResponse {
                status,
                headers,
                body: ByteStream::from_stream(chunks),
            })
        })
    }
}

impl ReqwestClient {
    fn to_reqwest(&self, request: PreparedRequest) -> Result<reqwest::Request, TransportError> {
        let unusable = |error: String| TransportError::new(TransportErrorKind::Unusable, error);
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|error| unusable(error.to_string()))?;
        let url = reqwest::Url::parse(&request.url).map_err(|error| unusable(error.to_string()))?;
        let mut prepared = reqwest::Request::new(method, url);
        let headers = prepared.headers_mut();
        for (name, value) in request.headers {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|error| unusable(error.to_string()))?;
            let value = reqwest::header::HeaderValue::from_str(&value)
                .map_err(|error| unusable(error.to_string()))?;
            headers.append(name, value);
        }
        *prepared.body_mut() = Some(match request.body {
            Body::Bytes(bytes) => bytes.into(),
            Body::Stream(stream) => {
                let length = stream.content_length();
                reqwest::Body::wrap(ChunkBody {
                    chunks: Mutex::new(stream.into_chunks()),
                    length,
                })
            }
        });
        Ok(prepared)
    }
}

/// A connect timeout, or a failure that may not happen again (refused, reset or dropped
/// connections), unless the request itself was unusable.
fn transport_error(error: reqwest::Error) -> TransportError {
    let kind = if error.is_connect() && error.is_timeout() {
        TransportErrorKind::ConnectTimeout
    } else if error.is_builder() {
        TransportErrorKind::Unusable
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, error)
}

/// A request body streamed to hyper chunk by chunk; the mutex only makes it `Sync`, as reqwest
/// asks (a caller's stream need not be).
struct ChunkBody {
    chunks: Mutex<Chunks>,
    length: Option<u64>,
}

impl http_body::Body for ChunkBody {
    type Data = Bytes;
    type Error = StreamError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, StreamError>>> {
        let this = self.get_mut();
        let Ok(chunks) = this.chunks.get_mut() else {
            return Poll::Ready(Some(Err("the request body's stream was poisoned".into())));
        };
        chunks
            .poll_next_unpin(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data)))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.length {
            Some(length) => http_body::SizeHint::with_exact(length),
            None => http_body::SizeHint::default(),
        }
    }
}
