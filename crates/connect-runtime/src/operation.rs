//! The contract between a generated operation and the runtime: an input knows how to become an
//! [`HttpRequest`] and how to read the [`HttpResponse`]; the runtime does the rest.

use crate::error::{BuildError, ErrorMetadata, Unhandled};
use crate::json::JsonError;
use crate::protocol::ErrorBody;
use crate::service::Auth;
use crate::stream::ByteStream;
use crate::validate::ValidationError;
use std::borrow::Cow;

/// A request or answer body: bytes in memory, or a [`ByteStream`] (`@streaming` blobs).
#[derive(Debug, PartialEq)]
pub enum Body {
    /// The whole body.
    Bytes(Vec<u8>),
    /// A stream, read as it is sent or received.
    Stream(ByteStream),
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Self::Bytes(Vec::new())
    }

    /// The bytes of a body held in memory; empty for a stream.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Bytes(bytes) => bytes,
            Self::Stream(stream) => stream.bytes().unwrap_or_default(),
        }
    }

    /// The body as a stream.
    pub fn into_stream(self) -> ByteStream {
        match self {
            Self::Bytes(bytes) => ByteStream::from(bytes),
            Self::Stream(stream) => stream,
        }
    }
}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Self::Bytes(bytes)
    }
}

/// An HTTP request as the protocol binds an operation's input, before endpoint and signature.
#[derive(Debug, PartialEq)]
pub struct HttpRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// The path with labels already percent-encoded, and the query string if any.
    pub path_and_query: String,
    /// Headers bound from the input (`Content-Type` among them when there is a body); names
    /// in lower case, most of them known when the SDK is generated.
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// What goes in front of the endpoint's host (`@endpoint`), labels already checked.
    pub host_prefix: Option<String>,
    /// The body.
    pub body: Body,
}

/// Method, path and query, host prefix, headers, a blank line and the body (as UTF-8, lossily;
/// a stream shows as such): how logs and snapshots show a request.
impl std::fmt::Display for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} {}", self.method, self.path_and_query)?;
        if let Some(prefix) = &self.host_prefix {
            writeln!(f, "(host prefix {prefix})")?;
        }
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        writeln!(f)?;
        match &self.body {
            Body::Stream(stream) if stream.bytes().is_none() => write!(f, "{stream:?}"),
            body => f.write_str(&String::from_utf8_lossy(body.bytes())),
        }
    }
}

/// An HTTP answer: its status and headers, and its body, read in full unless the operation
/// streams its output.
#[derive(Debug)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every value of header `name` (case-insensitive) joined with `, `, as HTTP reads a
    /// header sent several times: a list member.
    pub fn header_list(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// Every header whose name starts with `prefix` (case-insensitive), with the prefix
    /// removed from the name: an `@httpPrefixHeaders` map.
    pub fn headers_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.headers.iter().filter_map(move |(name, value)| {
            let head = name.get(..prefix.len())?;
            head.eq_ignore_ascii_case(prefix)
                .then(|| (&name[prefix.len()..], value.as_str()))
        })
    }

    /// The request id AWS gives every answer.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid")
            .or_else(|| self.header("x-amz-request-id"))
    }
}

/// An operation's input, which knows how to become a request and how to read the answers.
///
/// `Sync`: a call reads its input from whichever thread runs it (every generated input is).
pub trait Operation: Sync + std::fmt::Debug + 'static {
    /// The operation's name in the model, e.g. `DisassociateWorkspace`.
    const NAME: &'static str;
    /// How requests are authenticated.
    const AUTH: Auth = Auth::SigV4;
    /// Whether a successful answer's body is a stream the output hands to the caller, rather
    /// than read in full before the output is built.
    const STREAMING_OUTPUT: bool = false;
    /// The request headers bound to sensitive members, in lower case: what interceptors see
    /// redacted.
    const SENSITIVE_HEADERS: &'static [&'static str] = &[];
    /// What a successful call returns.
    type Output: Send + 'static;
    /// The operation's typed error.
    type Error: OperationError + Send + 'static;

    /// Checks the input against the model's constraints before anything is sent: required
    /// members and unions always, `length`, `range` and `pattern` when `constraints` is true.
    /// Inputs with nothing to check keep this default.
    fn validate(&self, constraints: bool) -> Result<(), ValidationError> {
        let _ = constraints;
        Ok(())
    }

    /// The request for this input.
    fn to_request(&self) -> Result<HttpRequest, BuildError>;

    /// The output of a successful answer.
    fn parse_output(response: HttpResponse) -> Result<Self::Output, DecodeError>;
}

/// An operation's error enum: its modeled errors plus an unhandled variant.
pub trait OperationError: Sized {
    /// The modeled errors whose code is retryable (`@retryable`), with whether each is
    /// throttling.
    const RETRYABLE: &'static [(&'static str, bool)] = &[];

    /// The modeled error named by `meta`'s code, read from the answer's `body` as the protocol
    /// parsed it (and its headers, for members bound to them); `None` when the operation models
    /// no error of that code.
    fn from_answer(
        meta: &ErrorMetadata,
        body: &ErrorBody,
        answer: &HttpResponse,
    ) -> Option<Result<Self, DecodeError>>;

    /// An error the model does not name.
    fn unhandled(unhandled: Unhandled) -> Self;

    /// Whether this is an error the model does not name.
    fn is_unhandled(&self) -> bool;

    /// The error's code and HTTP status as the service sends them: the modeled error's name
    /// and `@httpError` status (else 400 for a client error, 500 for a server error), an
    /// unhandled error's own.
    fn code_and_status(&self) -> (Option<&str>, u16);
}

/// An answer's body that does not read as the model says: what was wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A JSON body (or a header or payload of a JSON protocol's answer).
    Json(JsonError),
    /// An XML body (awsQuery).
    #[cfg(feature = "aws-query")]
    Xml(crate::xml::XmlError),
}

impl From<JsonError> for DecodeError {
    fn from(error: JsonError) -> Self {
        Self::Json(error)
    }
}

#[cfg(feature = "aws-query")]
impl From<crate::xml::XmlError> for DecodeError {
    fn from(error: crate::xml::XmlError) -> Self {
        Self::Xml(error)
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Json(error) => error.fmt(f),
            #[cfg(feature = "aws-query")]
            Self::Xml(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(error) => Some(error),
            #[cfg(feature = "aws-query")]
            Self::Xml(error) => Some(error),
        }
    }
}
