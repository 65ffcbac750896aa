//! A small local HTTP/1.1 server that stands in for an AWS endpoint in tests
//! and demos, and fakes of the local credential endpoints built on it
//! ([`FakeImds`], [`FakeContainerCredentials`]).
//!
//! Every request is recorded and, unless the server was started with
//! [`MockServer::start_unsigned`], its AWS Signature Version 4 is checked by an
//! implementation written from the SigV4 specification with `hmac` and
//! `sha2` only. It shares no code with the client's signer, so a signing bug
//! in the client shows up as a `403 InvalidSignatureException` here instead of
//! being reproduced by the same library on both sides.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use connect_mock::{Credentials, MockResponse, MockServer};
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "secret");
//! let server = MockServer::start(credentials, "us-east-1", "connect", |request| {
//!     MockResponse::json(200, format!(r#"{{"path":"{}"}}"#, request.path()))
//! })
//! .await?;
//! // Point the client at `server.endpoint()`, then inspect `server.requests()`.
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod container;
mod http;
mod imds;
mod moto;
mod proxy;
mod server;
mod sigv4;
mod temporary;
#[cfg(feature = "tls")]
pub mod tls;

pub use container::{FakeContainerCredentials, FAKE_CONTAINER_PATH};
pub use imds::{
    FakeImds, ImdsBehaviour, IMDS_MAX_TOKEN_TTL, IMDS_TOKEN_HEADER, IMDS_TOKEN_TTL_HEADER,
};
pub use moto::Moto;
pub use proxy::Proxy;
pub use server::{BlackHole, MockServer};
pub use sigv4::verify_sigv4;
pub use temporary::{rfc3339, TemporaryCredentials};

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// A responder that gives `responses` in order, one per request, then
/// repeats the last one forever (an empty script answers every request with
/// a 500 that says so).
///
/// ```
/// use connect_mock::{sequence, MockResponse};
/// let responder = sequence([MockResponse::json(503, "{}"), MockResponse::json(200, "{}")]);
/// # let _ = responder;
/// ```
pub fn sequence(
    responses: impl IntoIterator<Item = MockResponse>,
) -> impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static {
    let script = Mutex::new(responses.into_iter().collect::<VecDeque<_>>());
    move |_| {
        let mut script = script.lock().unwrap_or_else(PoisonError::into_inner);
        let next = if script.len() > 1 {
            script.pop_front()
        } else {
            script.front().cloned()
        };
        next.unwrap_or_else(|| {
            MockResponse::aws_error(500, "InternalServerException", "the script is empty")
        })
    }
}

/// The long-term credentials the server expects requests to be signed with.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Access key id that must appear in the `Credential=` scope.
    pub access_key_id: String,
    /// Secret key from which the signing key is derived.
    pub secret_access_key: String,
}

impl Credentials {
    /// Builds credentials from any string-like values.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
        }
    }
}

// Hand-written so that a secret never ends up in test logs or panic messages.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .finish()
    }
}

/// Outcome of checking a request's SigV4 `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// The signature matches the one recomputed from the request.
    Valid,
    /// The request carries no `Authorization` header at all.
    Missing,
    /// The request is signed, but wrongly.
    Invalid {
        /// What mismatched; for a wrong signature it includes the canonical
        /// request and string to sign computed here, to diff against the client's.
        reason: String,
    },
    /// The server checks no signature ([`MockServer::start_unsigned`]).
    NotChecked,
}

impl SignatureCheck {
    /// True for [`SignatureCheck::Valid`]; handy in assertions.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        matches!(self, SignatureCheck::Valid)
    }
}

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Request method, exactly as sent (e.g. `POST`).
    pub method: String,
    /// Request-target exactly as received, still percent-encoded, with its
    /// query, e.g. `/workspaces/a%2Fb/ws/disassociate?x=1`.
    pub target: String,
    /// Header fields in received order; names lower-cased, values trimmed.
    pub headers: Vec<(String, String)>,
    /// Body bytes (as framed by `Content-Length`).
    pub body: Vec<u8>,
    /// Result of the SigV4 verification of this request.
    pub signature: SignatureCheck,
}

impl RecordedRequest {
    /// First value of the header `name` (matched case-insensitively).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target without its query, still percent-encoded.
    #[must_use]
    pub fn path(&self) -> &str {
        match self.target.split_once('?') {
            Some((path, _)) => path,
            None => &self.target,
        }
    }

    /// The raw query after `?`, if the target has one (possibly empty).
    #[must_use]
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, query)| query)
    }
}

/// What the responder wants the server to answer.
///
/// The server frames it itself: any `Content-Length`, `Transfer-Encoding` or
/// `Connection` header set here is ignored, and `x-amzn-RequestId` is added
/// when absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResponse {
    /// HTTP status code (200..=999; anything else becomes a 500).
    pub status: u16,
    /// Extra response headers, written in order.
    pub headers: Vec<(String, String)>,
    /// Response body.
    pub body: Vec<u8>,
    /// How long the server waits before answering (or hanging up); the
    /// request is recorded before the wait.
    pub delay: Duration,
    /// Close the connection instead of answering: the client sees the
    /// connection drop with no response at all.
    pub hang_up: bool,
}

impl MockResponse {
    /// A JSON response as AWS JSON services send it: `content-type:
    /// application/json`. The server stamps the `x-amzn-RequestId` header
    /// (a counter-based id) unless one is set with [`MockResponse::with_header`].
    #[must_use]
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: body.into().into_bytes(),
            delay: Duration::ZERO,
            hang_up: false,
        }
    }

    /// No answer: the server reads the request, then closes the connection
    /// (status, headers and body are ignored).
    #[must_use]
    pub fn hang_up() -> Self {
        Self {
            hang_up: true,
            ..Self::json(500, "")
        }
    }

    /// Waits `delay` before answering (or hanging up), builder style.
    #[must_use]
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Replaces the `content-type` header, builder style.
    #[must_use]
    pub fn with_content_type(mut self, value: impl Into<String>) -> Self {
        self.headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
        self.headers.push(("content-type".to_owned(), value.into()));
        self
    }

    /// Adds a header (kept after any existing ones), builder style.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A JSON `{"message": ...}` body with `x-amzn-ErrorType`, the shape of an
    /// AWS restJson1 error, so clients map it onto their error types.
    pub(crate) fn aws_error(status: u16, error_type: &str, message: &str) -> Self {
        Self::json(
            status,
            format!("{{\"message\": \"{}\"}}", json_escape(message)),
        )
        .with_header("x-amzn-ErrorType", error_type)
    }
}

/// Escapes `text` for use inside a JSON string literal.
fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(target: &str) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            target: target.into(),
            headers: vec![("x-amz-date".into(), "20150830T123600Z".into())],
            body: Vec::new(),
            signature: SignatureCheck::Missing,
        }
    }

    #[test]
    fn path_and_query_split_at_the_first_question_mark() {
        let request = recorded("/workspaces/a%2Fb/ws/disassociate?x=1&y=?");
        assert_eq!(request.path(), "/workspaces/a%2Fb/ws/disassociate");
        assert_eq!(request.query(), Some("x=1&y=?"));
        assert_eq!(recorded("/a").query(), None);
        assert_eq!(recorded("/a?").query(), Some(""));
    }

    #[test]
    fn header_lookup_ignores_case() {
        let request = recorded("/");
        assert_eq!(request.header("X-Amz-Date"), Some("20150830T123600Z"));
        assert_eq!(request.header("host"), None);
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let shown = format!("{:?}", Credentials::new("AKID", "very-secret"));
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret"));
    }

    #[test]
    fn a_sequence_plays_in_order_then_repeats_its_last_answer() {
        let responder = sequence([
            MockResponse::json(503, "a"),
            MockResponse::hang_up(),
            MockResponse::json(200, "c"),
        ]);
        let request = recorded("/");
        assert_eq!(responder(&request).status, 503);
        assert!(responder(&request).hang_up);
        for _ in 0..3 {
            assert_eq!(responder(&request).body, b"c");
        }
        assert_eq!(sequence([])(&request).status, 500);
    }

    #[test]
    fn aws_error_escapes_the_message_into_json() {
        let response = MockResponse::aws_error(403, "InvalidSignatureException", "a \"b\"\nc\\");
        assert_eq!(
            String::from_utf8(response.body).unwrap(),
            r#"{"message": "a \"b\"\nc\\"}"#
        );
        assert!(response.headers.contains(&(
            "x-amzn-ErrorType".into(),
            "InvalidSignatureException".into()
        )));
    }
}
