//! The default HTTP client of the generated SDKs: reqwest over rustls with ring, its connection
//! pool shared by the clones of a client, built from a [`Config`]'s connect timeout, CA bundle
//! and proxies.
//!
//! Generated client crates name [`for_config`] in their `ServiceInfo`, and the runtime calls it
//! when the configuration brings no HTTP client of its own. It honours the tests' safety
//! switch, [`LOOPBACK_ONLY`].
#![warn(missing_docs)]

use bytes::Bytes;
use connect_runtime::client::transport::{
    loopback_refusal, HttpClient, PreparedRequest, RawResponse, SendFuture, TransportError,
    TransportErrorKind, LOOPBACK_ONLY,
};
use connect_runtime::config::proxy::{proxy_url, redacted};
use connect_runtime::stream::{Chunks, StreamError};
use connect_runtime::{Body, ByteStream, Config, ProxyConfig};
use futures_util::stream::StreamExt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// The HTTP client `config` asks for, as the runtime's default (`ServiceInfo::default_http`).
pub fn for_config(config: &Config) -> Result<Arc<dyn HttpClient>, String> {
    ReqwestClient::for_config(config).map(|client| Arc::new(client) as Arc<dyn HttpClient>)
}

/// reqwest over rustls with ring. See [`LOOPBACK_ONLY`] for the tests' safety switch.
#[derive(Debug, Clone)]
pub struct ReqwestClient {
    client: reqwest::Client,
    /// The proxies the client sends through, for the loopback switch.
    proxy: Option<ProxyConfig>,
}

impl ReqwestClient {
    /// A client whose connections are established within `connect_timeout` (if any), trusting
    /// the platform's certificate authorities, without proxy.
    pub fn new(connect_timeout: Option<Duration>) -> Result<Self, String> {
        Self::for_config(&Config::builder().connect_timeout(connect_timeout).build())
    }

    /// The client `config` asks for: its connect timeout, its CA bundle on top of the
    /// platform's roots, its proxies. It reads nothing of the process environment on its own
    /// (reqwest would read the proxy variables): `Config::load` reads them from the loader's.
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
            builder = with_proxies(builder, proxy)?;
        }
        builder
            .build()
            .map(|client| Self {
                client,
                proxy: config.proxy().cloned(),
            })
            .map_err(|error| format!("the HTTP client cannot be built: {error}"))
    }
}

impl HttpClient for ReqwestClient {
    /// # Panics
    ///
    /// When [`LOOPBACK_ONLY`] is set and `request` goes to a host other than loopback, or
    /// through a proxy on one.
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        if let Some(refusal) = loopback_refusal(
            &request.url,
            self.proxy.as_ref(),
            std::env::var_os(LOOPBACK_ONLY).as_deref(),
        ) {
            panic!("{refusal}");
        }
        Box::pin(async move {
            let request = to_reqwest(request)?;
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

/// `builder` sending through `proxy`'s proxies.
fn with_proxies(
    mut builder: reqwest::ClientBuilder,
    proxy: &ProxyConfig,
) -> Result<reqwest::ClientBuilder, String> {
    let list = proxy.no_proxy_list();
    // `*` alone means no proxy at all; reqwest's list matching does not read it so.
    if list.is_some_and(|list| list.split(',').any(|entry| entry.trim() == "*")) {
        return Ok(builder);
    }
    let no_proxy = || list.and_then(reqwest::NoProxy::from_string);
    if let Some(url) = proxy.http_proxy() {
        let proxy = reqwest::Proxy::http(proxy_url(url)?)
            .map_err(|error| format!("proxy {}: {error}", redacted(url)))?;
        builder = builder.proxy(proxy.no_proxy(no_proxy()));
    }
    if let Some(url) = proxy.https_proxy() {
        let proxy = reqwest::Proxy::https(proxy_url(url)?)
            .map_err(|error| format!("proxy {}: {error}", redacted(url)))?;
        builder = builder.proxy(proxy.no_proxy(no_proxy()));
    }
    Ok(builder)
}

fn to_reqwest(request: PreparedRequest) -> Result<reqwest::Request, TransportError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_errors_hide_passwords() {
        let proxy = ProxyConfig::new().http("http://me:s3cr3t@[::1");
        let error = with_proxies(reqwest::Client::builder(), &proxy).unwrap_err();
        assert!(!error.contains("s3cr3t"), "{error}");
    }
}
