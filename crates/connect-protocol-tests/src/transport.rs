//! The HTTP client of the harness: it keeps the request the runtime client hands it and
//! answers with the case's response, so that every case runs the client's real call path
//! (validation, serialization, endpoint and host prefix, signing, the answer reader, typed
//! errors) and nothing leaves the process.

use connect_runtime::client::transport::{SendFuture, TransportErrorKind};
use connect_runtime::{
    Body, ByteStream, Client, Config, Credentials, HttpClient, PreparedRequest, RawResponse,
    RetryConfig, ServiceInfo, TransportError,
};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

/// A request as it goes on the wire.
#[derive(Clone, Debug, Default)]
pub struct Sent {
    /// The method.
    pub method: String,
    /// The whole URL.
    pub url: String,
    /// Every header, with the ones the HTTP/1.1 client adds (see [`wire_headers`]).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Sent {
    /// Every value of header `name` (case-insensitive), joined with `, ` as HTTP reads a
    /// header sent several times; `None` when it was not sent.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// An answer to give: status, headers and body.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The headers, as the case writes their names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

#[derive(Debug, Default)]
struct State {
    answer: Answer,
    sent: Option<Sent>,
}

/// Keeps the request, gives the answer.
#[derive(Clone, Debug, Default)]
struct Replay {
    state: Arc<Mutex<State>>,
}

impl Replay {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl HttpClient for Replay {
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let body = match request.body {
                Body::Bytes(bytes) => bytes,
                Body::Stream(stream) => stream
                    .collect()
                    .await
                    .map_err(|error| TransportError::new(TransportErrorKind::Unusable, error))?,
            };
            let headers = wire_headers(&request.url, request.headers, &body);
            let sent = Sent {
                method: request.method.to_owned(),
                url: request.url,
                headers,
                body,
            };
            let mut state = self.state();
            state.sent = Some(sent);
            let answer = state.answer.clone();
            Ok(RawResponse {
                status: answer.status,
                headers: answer
                    .headers
                    .into_iter()
                    .map(|(name, value)| (name.to_ascii_lowercase(), value))
                    .collect(),
                body: ByteStream::from(answer.body),
            })
        })
    }
}

/// The headers of a request on the wire: the runtime's (which leaves `host` to the URL and
/// the framing of a body in memory to the HTTP client), then `host` and, for a body that is
/// not empty, `content-length`, as hyper (reqwest's HTTP/1.1 client) writes them; hyper sends
/// no `content-length` for an empty body, whatever the method.
fn wire_headers(
    url: &str,
    mut headers: Vec<(String, String)>,
    body: &[u8],
) -> Vec<(String, String)> {
    let authority = crate::request::split_url(url).0;
    headers.push(("host".to_owned(), authority.to_owned()));
    let framed = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-length"));
    if !body.is_empty() && !framed {
        headers.push(("content-length".to_owned(), body.len().to_string()));
    }
    headers
}

/// What the runner of every case uses: a runtime to drive the call, and the replaying HTTP
/// client of the service's clients.
pub struct Harness {
    runtime: tokio::runtime::Runtime,
    service: &'static ServiceInfo,
    replay: Replay,
}

impl Harness {
    /// A harness for `service`'s clients.
    pub fn new(service: &'static ServiceInfo) -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| format!("cannot start a tokio runtime: {error}"))?;
        Ok(Self {
            runtime,
            service,
            replay: Replay::default(),
        })
    }

    /// A client that sends to `endpoint` (signed, one attempt) and is answered with `answer`.
    pub fn client(&self, endpoint: &str, answer: Answer) -> Client {
        *self.replay.state() = State { answer, sent: None };
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "protocol-tests-secret",
                None,
            ))
            .endpoint_url(endpoint)
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .http_client(self.replay.clone())
            .build();
        Client::new(self.service, config)
    }

    /// Runs `future` (a call) to its end.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The request the last client sent, if it sent one.
    pub fn sent(&self) -> Option<Sent> {
        self.replay.state().sent.take()
    }
}
