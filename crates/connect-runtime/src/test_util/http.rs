//! Fake HTTP clients, for tests at the HTTP level: a replay of recorded exchanges, and a capture
//! of what is sent.

use crate::client::transport::{
    HttpClient, PreparedRequest, RawResponse, SendFuture, TransportError, TransportErrorKind,
};
use crate::interceptor::{is_signing_secret, REDACTED};
use crate::json::{self, Value};
use crate::operation::Body;
use crate::stream::ByteStream;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// A request as it was sent, or as a recording expects it.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The HTTP method.
    pub method: String,
    /// The whole URL.
    pub url: String,
    /// The headers (names in lower case), `host` excepted.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text (lossily).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    async fn sent(request: PreparedRequest) -> Result<Self, TransportError> {
        let body = match request.body {
            Body::Bytes(bytes) => bytes,
            Body::Stream(stream) => stream
                .collect()
                .await
                .map_err(|error| TransportError::new(TransportErrorKind::Unusable, error))?,
        };
        Ok(Self {
            method: request.method.to_owned(),
            url: request.url,
            headers: request
                .headers
                .into_iter()
                .map(|(name, value)| (name.to_ascii_lowercase(), value))
                .collect(),
            body,
        })
    }
}

/// The signature and the session token show redacted.
impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if is_signing_secret(name) {
                    REDACTED
                } else {
                    value
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body_text())
            .finish()
    }
}

/// An answer to give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedResponse {
    /// An answer of `status` with `body` and no header.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// This answer with header `name` set to `value` as well.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    fn raw(&self) -> RawResponse {
        RawResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: ByteStream::from(self.body.clone()),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records every request a client sends, and answers each with the same answer (by default a
/// 200 with the body `{}`). Clones share the record: keep one, give the other to
/// [`ConfigBuilder::http_client`](crate::ConfigBuilder::http_client).
#[derive(Clone, Debug)]
pub struct CaptureClient {
    answer: RecordedResponse,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl Default for CaptureClient {
    fn default() -> Self {
        Self::new()
    }
}

impl CaptureClient {
    /// Answers 200 with the body `{}`.
    pub fn new() -> Self {
        Self::answering(RecordedResponse::new(200, "{}"))
    }

    /// Answers every request with `answer`.
    pub fn answering(answer: RecordedResponse) -> Self {
        Self {
            answer,
            requests: Arc::default(),
        }
    }

    /// The requests sent so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.requests).clone()
    }

    /// The last request sent, if any.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.requests).last().cloned()
    }
}

impl HttpClient for CaptureClient {
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let request = RecordedRequest::sent(request).await?;
            lock(&self.requests).push(request);
            Ok(self.answer.raw())
        })
    }
}

/// One recorded exchange: the request expected, and the answer given to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayEvent {
    /// The request expected.
    pub request: RecordedRequest,
    /// The answer given.
    pub response: RecordedResponse,
}

/// A replay file that cannot be read: where, and what is wrong.
#[derive(Debug)]
pub struct ReplayError {
    origin: String,
    problem: String,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "replay {}: {}", self.origin, self.problem)
    }
}

impl std::error::Error for ReplayError {}

/// Answers the requests of a client with recorded answers, in order, and keeps what was sent
/// so that a test can check it against the recording ([`ReplayClient::check_requests`]). A
/// request after the last recorded one fails (a transport error naming it); nothing is sent.
#[derive(Clone, Debug)]
pub struct ReplayClient {
    events: Arc<Vec<ReplayEvent>>,
    sent: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl ReplayClient {
    /// Replays `events`.
    pub fn new(events: Vec<ReplayEvent>) -> Self {
        Self {
            events: Arc::new(events),
            sent: Arc::default(),
        }
    }

    /// Replays the exchanges of a JSON text: an array of objects with a `request` (`method`,
    /// `url`, `headers` as an object of strings, `body` as a string) and a `response`
    /// (`status`, `headers`, `body`). `headers` and `body` may be left out.
    pub fn from_json(text: &str) -> Result<Self, ReplayError> {
        Self::parse(text, "text")
    }

    /// Replays the exchanges of the JSON file at `path` (see [`ReplayClient::from_json`]).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ReplayError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| ReplayError {
            origin: origin.clone(),
            problem: error.to_string(),
        })?;
        Self::parse(&text, &origin)
    }

    fn parse(text: &str, origin: &str) -> Result<Self, ReplayError> {
        let fail = |problem: String| ReplayError {
            origin: origin.to_owned(),
            problem,
        };
        let json = json::parse_value(text.as_bytes()).map_err(|error| fail(error.to_string()))?;
        let events = json
            .as_array()
            .ok_or_else(|| fail("expected an array of exchanges".into()))?
            .iter()
            .enumerate()
            .map(|(i, event)| parse_event(event).map_err(|problem| fail(format!("/{i}{problem}"))))
            .collect::<Result<_, _>>()?;
        Ok(Self::new(events))
    }

    /// The requests sent so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.sent).clone()
    }

    /// Checks that the requests sent are the recorded ones, as many and in order: the same
    /// method, URL (query parameters in any order), body (JSON bodies compared as JSON) and
    /// value of every recorded header but those in `ignore` (any case; the signature's
    /// `authorization` and `x-amz-date` change with every run). Headers sent but not recorded
    /// are not compared.
    pub fn check_requests(&self, ignore: &[&str]) -> Result<(), String> {
        let sent = self.requests();
        if sent.len() != self.events.len() {
            return Err(format!(
                "{} requests were recorded but {} were sent",
                self.events.len(),
                sent.len()
            ));
        }
        for (i, (event, actual)) in self.events.iter().zip(&sent).enumerate() {
            compare(&event.request, actual, ignore).map_err(|why| format!("request {i}: {why}"))?;
        }
        Ok(())
    }

    /// [`check_requests`](ReplayClient::check_requests), for a test.
    ///
    /// # Panics
    ///
    /// When a request sent is not the recorded one, saying how they differ.
    pub fn assert_requests_match(&self, ignore: &[&str]) {
        if let Err(why) = self.check_requests(ignore) {
            panic!("{why}");
        }
    }
}

impl HttpClient for ReplayClient {
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let request = RecordedRequest::sent(request).await?;
            let mut sent = lock(&self.sent);
            let (index, summary) = (sent.len(), format!("{} {}", request.method, request.url));
            // Kept even when unanswered, so that the check of the requests tells of it.
            sent.push(request);
            match self.events.get(index) {
                Some(event) => Ok(event.response.raw()),
                None => {
                    let problem = format!(
                        "the replay has {} exchanges, and request {} ({summary}) has none",
                        self.events.len(),
                        index + 1,
                    );
                    Err(TransportError::new(TransportErrorKind::Unusable, problem))
                }
            }
        })
    }
}

/// How `actual` differs from `expected`, headers in `ignore` aside.
fn compare(
    expected: &RecordedRequest,
    actual: &RecordedRequest,
    ignore: &[&str],
) -> Result<(), String> {
    if expected.method != actual.method {
        return Err(format!(
            "method {} sent, {} recorded",
            actual.method, expected.method
        ));
    }
    if url_parts(&expected.url) != url_parts(&actual.url) {
        return Err(format!(
            "URL {} sent, {} recorded",
            actual.url, expected.url
        ));
    }
    for (name, value) in &expected.headers {
        if ignore
            .iter()
            .any(|ignored| ignored.eq_ignore_ascii_case(name))
        {
            continue;
        }
        match actual.header(name) {
            Some(sent) if sent == value => {}
            Some(sent) => return Err(format!("header {name}: `{sent}` sent, `{value}` recorded")),
            None => return Err(format!("header {name} recorded but not sent")),
        }
    }
    let as_json = |body: &[u8]| json::parse_value(body).ok();
    let same_body = match (as_json(&expected.body), as_json(&actual.body)) {
        (Some(expected), Some(actual)) => expected == actual,
        _ => expected.body == actual.body,
    };
    if !same_body {
        return Err(format!(
            "body `{}` sent, `{}` recorded",
            actual.body_text(),
            expected.body_text()
        ));
    }
    Ok(())
}

/// A URL without its query, and its query parameters sorted.
fn url_parts(url: &str) -> (&str, Vec<&str>) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut parameters: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    parameters.sort_unstable();
    (base, parameters)
}

/// One exchange of a replay file; the error names the JSON path below the exchange.
fn parse_event(event: &Value) -> Result<ReplayEvent, String> {
    let part = |name: &str| event.get(name).ok_or_else(|| format!(": no `{name}`"));
    let (request, response) = (part("request")?, part("response")?);
    let text = |value: &Value, path: &str| {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("/{path}: expected a string"))
    };
    let field = |object: &Value, parent: &str, name: &str| -> Result<Option<String>, String> {
        object
            .get(name)
            .map(|value| text(value, &format!("{parent}/{name}")))
            .transpose()
    };
    let method = field(request, "request", "method")?.ok_or("/request: no `method`")?;
    let url = field(request, "request", "url")?.ok_or("/request: no `url`")?;
    let status = response
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|status| u16::try_from(status).ok())
        .ok_or("/response/status: expected an HTTP status")?;
    Ok(ReplayEvent {
        request: RecordedRequest {
            method,
            url,
            headers: headers(request, "request")?,
            body: field(request, "request", "body")?
                .unwrap_or_default()
                .into_bytes(),
        },
        response: RecordedResponse {
            status,
            headers: headers(response, "response")?,
            body: field(response, "response", "body")?
                .unwrap_or_default()
                .into_bytes(),
        },
    })
}

fn headers(object: &Value, parent: &str) -> Result<Vec<(String, String)>, String> {
    let Some(headers) = object.get("headers") else {
        return Ok(Vec::new());
    };
    let headers = headers
        .as_object()
        .ok_or_else(|| format!("/{parent}/headers: expected an object"))?;
    headers
        .iter()
        .map(|(name, value)| {
            let value = value
                .as_str()
                .ok_or_else(|| format!("/{parent}/headers/{name}: expected a string"))?;
            Ok((name.to_ascii_lowercase(), value.to_owned()))
        })
        .collect()
}
