//! Tests of the SDK generated from `models/fixtures/features.json`, a model written to use each
//! Smithy feature the generator supports once. `tests/features.rs` sends its operations to a
//! local server that checks SigV4 on its own, or to [`Recorder`] where the request never could
//! reach one (host prefixes, unsigned calls).

use connect_runtime::{Body, ByteStream, HttpClient, PreparedRequest, RawResponse, SendFuture};
use std::sync::{Arc, Mutex, PoisonError};

/// A request as the HTTP client received it, its body read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The method.
    pub method: &'static str,
    /// The whole URL.
    pub url: String,
    /// The headers, `host` excepted (the URL gives it).
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Sent {
    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// An [`HttpClient`] that keeps what it is asked to send and answers every request with the
/// same status, headers and body, without any network.
#[derive(Debug, Clone)]
pub struct Recorder {
    sent: Arc<Mutex<Vec<Sent>>>,
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorder {
    /// Answers `status` with the JSON `body`.
    pub fn answering(status: u16, body: &str) -> Self {
        Self {
            sent: Arc::default(),
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header to the answer.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// What was sent so far.
    pub fn sent(&self) -> Vec<Sent> {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl HttpClient for Recorder {
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let body = match request.body {
                Body::Bytes(bytes) => bytes,
                Body::Stream(stream) => stream.collect().await.expect("the body can be read"),
            };
            self.sent
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Sent {
                    method: request.method,
                    url: request.url,
                    headers: request.headers,
                    body,
                });
            Ok(RawResponse {
                status: self.status,
                headers: self.headers.clone(),
                body: ByteStream::from(self.body.clone()),
            })
        })
    }
}
