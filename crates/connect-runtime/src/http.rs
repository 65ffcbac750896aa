//! The contract between a generated operation and the runtime.

use crate::error::{BuildError, ErrorMetadata, Unhandled};
use crate::json::JsonError;
use serde_json::Value;

/// An HTTP request as the protocol binds an operation's input, before endpoint and signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// The path with labels already percent-encoded, and the query string if any.
    pub path_and_query: String,
    /// Headers bound from the input (`Content-Type` among them when there is a body).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Method, path and query, headers, a blank line and the body (as UTF-8, lossily): how logs
/// and snapshots show a request.
impl std::fmt::Display for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} {}", self.method, self.path_and_query)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        writeln!(f)?;
        f.write_str(&String::from_utf8_lossy(&self.body))
    }
}

/// An HTTP answer, read in full.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
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
pub trait Operation: Sync {
    /// The operation's name in the model, e.g. `DisassociateWorkspace`.
    const NAME: &'static str;
    /// What a successful call returns.
    type Output;
    /// The operation's typed error.
    type Error: OperationError;

    /// Checks the input against the model's constraints before anything is sent: required
    /// members and unions always, `length`, `range` and `pattern` when `constraints` is true.
    /// Inputs with nothing to check keep this default.
    fn validate(&self, constraints: bool) -> Result<(), BuildError> {
        let _ = constraints;
        Ok(())
    }

    /// The request for this input.
    fn to_request(&self) -> Result<HttpRequest, BuildError>;

    /// The output of a successful answer.
    fn parse_output(response: &HttpResponse) -> Result<Self::Output, JsonError>;
}

/// An operation's error enum: its modeled errors plus an unhandled variant.
pub trait OperationError: Sized {
    /// The modeled error named by `meta`'s code, read from the answer's JSON `body`; `None`
    /// when the operation models no error of that code.
    fn from_answer(meta: &ErrorMetadata, body: &Value) -> Option<Result<Self, JsonError>>;

    /// An error the model does not name.
    fn unhandled(unhandled: Unhandled) -> Self;
}
