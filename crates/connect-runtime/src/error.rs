//! What can go wrong with a call, from a missing member to a service error.
//!
//! Every error prints what a person needs to act on it: the member, the error code, the
//! message, the HTTP status and the request id to quote to AWS support.

use crate::credentials::CredentialsError;
use crate::encoding::{EncodeError, Place};
use crate::endpoint::EndpointError;
use crate::interceptor::InterceptorError;
use crate::json::{Form, JsonError, ObjectWriter, ToJson};
use crate::operation::DecodeError;
use crate::validate::ValidationError;
use std::convert::Infallible;
use std::error::Error;
use std::fmt;
use std::time::Duration;

/// A request that could not be built; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A required member of the input was not set.
    MissingMember {
        /// The operation, e.g. `DisassociateWorkspace`.
        operation: &'static str,
        /// The member's name in the model, e.g. `InstanceId`.
        member: &'static str,
    },
    /// A value bound to the URI path cannot be sent as a path segment.
    InvalidLabel {
        /// The member's name in the model.
        member: &'static str,
        /// Why the value was refused.
        reason: String,
    },
    /// A value bound to the host name (`@hostLabel`) is not a valid host label.
    InvalidHostLabel {
        /// The member's name in the model.
        member: &'static str,
        /// Why the value was refused.
        reason: String,
    },
    /// A member's value cannot be written in the form the protocol binds it to.
    InvalidMember {
        /// The member's name in the model.
        member: &'static str,
        /// Why the value was refused.
        reason: String,
    },
    /// No region was configured.
    MissingRegion,
    /// No credentials were configured.
    MissingCredentials,
    /// The credentials provider found no credentials, or failed.
    Credentials(CredentialsError),
    /// The endpoint URL could not be used.
    InvalidEndpoint {
        /// The URL as configured.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The request could not be signed.
    Signing(String),
    /// The input breaks constraints of the model (a nested required member not set, a length,
    /// range or pattern, a union set to an unknown member); every violation is listed.
    Invalid(ValidationError),
    /// No endpoint: the service's endpoint rules refused the configuration (their message is
    /// in [`EndpointError::Rule`]), or could not be evaluated.
    Endpoint(EndpointError),
    /// An interceptor failed before the request was sent.
    Interceptor(InterceptorError),
    /// The client answers from stubs, and no rule takes this call (`test-util`).
    #[cfg(feature = "test-util")]
    Unstubbed {
        /// The operation.
        operation: &'static str,
        /// The input, as its `Debug` form shows it (sensitive members redacted).
        input: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingMember { operation, member } => {
                write!(f, "{operation}: required member `{member}` is not set")
            }
            Self::InvalidLabel { member, reason } => {
                write!(f, "`{member}` cannot be sent in the URI path: {reason}")
            }
            Self::InvalidHostLabel { member, reason } => {
                write!(f, "`{member}` cannot be sent in the host name: {reason}")
            }
            Self::InvalidMember { member, reason } => {
                write!(f, "`{member}` cannot be sent: {reason}")
            }
            Self::MissingRegion => f.write_str(
                "no region configured: set one on the config builder, in AWS_REGION or \
                 AWS_DEFAULT_REGION, or as `region` in the profile (with Config::load, which \
                 also asks the EC2 instance metadata service)",
            ),
            Self::MissingCredentials => f.write_str(
                "no credentials configured: set them on the config builder, or use \
                 Config::load to read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or the \
                 shared credentials and config files",
            ),
            Self::Credentials(error) => write!(f, "no credentials: {error}"),
            Self::InvalidEndpoint { url, reason } => {
                write!(f, "endpoint URL `{url}` cannot be used: {reason}")
            }
            Self::Signing(reason) => write!(f, "the request could not be signed: {reason}"),
            Self::Invalid(error) => error.fmt(f),
            Self::Endpoint(error) => write!(f, "no endpoint: {error}"),
            Self::Interceptor(error) => error.fmt(f),
            #[cfg(feature = "test-util")]
            Self::Unstubbed { operation, input } => write!(
                f,
                "no stub rule takes this call of {operation} (none matches its input, or \
                 their answers are used up); its input: {input}"
            ),
        }
    }
}

impl From<EncodeError> for BuildError {
    fn from(error: EncodeError) -> Self {
        let EncodeError {
            member,
            place,
            reason,
        } = error;
        match place {
            Place::Label => Self::InvalidLabel { member, reason },
            Place::Host => Self::InvalidHostLabel { member, reason },
            Place::Value => Self::InvalidMember { member, reason },
        }
    }
}

impl From<ValidationError> for BuildError {
    fn from(error: ValidationError) -> Self {
        Self::Invalid(error)
    }
}

impl Error for BuildError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Credentials(error) => Some(error),
            Self::Invalid(error) => Some(error),
            Self::Endpoint(error) => Some(error),
            Self::Interceptor(error) => Some(error),
            _ => None,
        }
    }
}

/// What the service said about a failed call, from the HTTP answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
}

impl ErrorMetadata {
    /// Metadata from its parts (for tests and mocks).
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        status: u16,
        request_id: Option<String>,
    ) -> Self {
        Self {
            code,
            message,
            status,
            request_id,
        }
    }

    /// The error code, e.g. `ResourceNotFoundException`, without namespace or suffix.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id (`x-amzn-RequestId`), to quote to AWS support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().unwrap_or("unknown error"))?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(request_id) = self.request_id() {
            write!(f, ", request id {request_id}")?;
        }
        f.write_str(")")
    }
}

/// A service error that the operation's model does not name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unhandled {
    meta: ErrorMetadata,
}

impl Unhandled {
    /// An unhandled error with this metadata.
    pub fn new(meta: ErrorMetadata) -> Self {
        Self { meta }
    }

    /// The error code, if the answer carried one.
    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The message, if the answer carried one.
    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.meta.status()
    }

    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.meta.fmt(f)
    }
}

impl Error for Unhandled {}

/// An error the model does not describe has no members of its own: it is written as the AWS
/// CLI and botocore show any error, its `Code` and `Message` (those the answer carried).
impl ToJson for Unhandled {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        let mut object = ObjectWriter::new(out, form);
        if let Some(code) = self.code() {
            object.member("Code", code);
        }
        if let Some(message) = self.message() {
            object.member("Message", message);
        }
        object.finish();
    }
}

/// An error answer from the service: the operation's typed error plus the answer's metadata.
#[derive(Debug)]
pub struct ServiceError<E> {
    error: E,
    meta: ErrorMetadata,
}

impl<E> ServiceError<E> {
    /// A service error from the operation's typed error and the answer's metadata (for tests
    /// and mocks: `SdkError::Service(ServiceError::new(error, meta))` is what a call returns).
    pub fn new(error: E, meta: ErrorMetadata) -> Self {
        Self { error, meta }
    }

    /// The operation's typed error, to match on.
    pub fn err(&self) -> &E {
        &self.error
    }

    /// The typed error, by value.
    pub fn into_err(self) -> E {
        self.error
    }

    /// Code, message, status and request id of the answer.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// An answer that could not be read as the operation defines it.
#[derive(Debug)]
pub struct ResponseError {
    status: u16,
    request_id: Option<String>,
    reason: ResponseErrorReason,
}

#[derive(Debug)]
enum ResponseErrorReason {
    Decode(DecodeError),
    Body(Box<dyn Error + Send + Sync>),
    TooLarge { limit: u64 },
    Interceptor(InterceptorError),
}

/// What was wrong with an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseErrorKind {
    /// The body was read but is not what the model says (see [`ResponseError::decode_error`]).
    Malformed,
    /// Reading the body failed: the connection broke, or the body ended before its declared
    /// length.
    Interrupted,
    /// The body is longer than the configured limit; reading stopped there.
    TooLarge {
        /// The limit in bytes ([`Config::max_response_size`](crate::Config::max_response_size)).
        limit: u64,
    },
    /// An interceptor's [`on_answer`](crate::interceptor::Interceptor::on_answer) failed.
    Interceptor,
}

impl ResponseError {
    pub(crate) fn decode(status: u16, request_id: Option<String>, error: DecodeError) -> Self {
        Self {
            status,
            request_id,
            reason: ResponseErrorReason::Decode(error),
        }
    }

    pub(crate) fn body(
        status: u16,
        request_id: Option<String>,
        error: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            status,
            request_id,
            reason: ResponseErrorReason::Body(error.into()),
        }
    }

    pub(crate) fn interceptor(
        status: u16,
        request_id: Option<String>,
        error: InterceptorError,
    ) -> Self {
        Self {
            status,
            request_id,
            reason: ResponseErrorReason::Interceptor(error),
        }
    }

    pub(crate) fn too_large(status: u16, request_id: Option<String>, limit: u64) -> Self {
        Self {
            status,
            request_id,
            reason: ResponseErrorReason::TooLarge { limit },
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id of the answer, if it had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What was wrong.
    pub fn kind(&self) -> ResponseErrorKind {
        match &self.reason {
            ResponseErrorReason::Decode(_) => ResponseErrorKind::Malformed,
            ResponseErrorReason::Body(_) => ResponseErrorKind::Interrupted,
            ResponseErrorReason::TooLarge { limit } => {
                ResponseErrorKind::TooLarge { limit: *limit }
            }
            ResponseErrorReason::Interceptor(_) => ResponseErrorKind::Interceptor,
        }
    }

    /// What did not match the model, when the body was read but is not what the model says.
    pub fn decode_error(&self) -> Option<&DecodeError> {
        match &self.reason {
            ResponseErrorReason::Decode(error) => Some(error),
            _ => None,
        }
    }

    /// The JSON problem, when a JSON body was read but did not match the model.
    pub fn json_error(&self) -> Option<&JsonError> {
        match &self.reason {
            ResponseErrorReason::Decode(DecodeError::Json(error)) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed answer (HTTP {}", self.status)?;
        if let Some(request_id) = &self.request_id {
            write!(f, ", request id {request_id}")?;
        }
        f.write_str("): ")?;
        match &self.reason {
            ResponseErrorReason::Decode(error) => error.fmt(f),
            ResponseErrorReason::Body(error) => write!(f, "reading the body failed: {error}"),
            ResponseErrorReason::TooLarge { limit } => write!(
                f,
                "the body is longer than the limit of {limit} bytes (Config::max_response_size)"
            ),
            ResponseErrorReason::Interceptor(error) => error.fmt(f),
        }
    }
}

impl Error for ResponseError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.reason {
            ResponseErrorReason::Decode(error) => Some(error),
            ResponseErrorReason::Body(error) => Some(error.as_ref()),
            ResponseErrorReason::TooLarge { .. } => None,
            ResponseErrorReason::Interceptor(error) => Some(error),
        }
    }
}

/// Which configured time limit elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing a connection took longer than the connect timeout.
    Connect,
    /// One attempt (sending the request and reading the whole answer) took longer than the
    /// attempt timeout, and no retry was left.
    Attempt,
    /// The whole operation, retries and the waits between them included, took longer than the
    /// operation timeout.
    Operation,
}

/// A configured timeout elapsed.
#[derive(Debug)]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Duration,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl TimeoutError {
    pub(crate) fn new(
        kind: TimeoutKind,
        limit: Duration,
        source: Option<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            limit,
            source,
        }
    }

    /// Which timeout elapsed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured duration that elapsed.
    pub fn limit(&self) -> Duration {
        self.limit
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Attempt => "attempt timeout",
            TimeoutKind::Operation => "operation timeout",
        };
        write!(f, "the {what} of {:?} elapsed", self.limit)
    }
}

impl Error for TimeoutError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|error| error as &(dyn Error + 'static))
    }
}

/// The error of a call: `E` is the operation's typed error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built; nothing was sent.
    Construction(BuildError),
    /// The connection failed or broke before an answer arrived.
    Dispatch(Box<dyn Error + Send + Sync>),
    /// A configured timeout elapsed; [`TimeoutError::kind`] says which.
    Timeout(TimeoutError),
    /// The answer could not be read.
    Response(ResponseError),
    /// The service answered with an error.
    Service(ServiceError<E>),
}

impl SdkError<Infallible> {
    /// The same error as an operation's: one that holds no typed error fits every operation.
    pub(crate) fn widen<E>(self) -> SdkError<E> {
        match self {
            Self::Construction(error) => SdkError::Construction(error),
            Self::Dispatch(error) => SdkError::Dispatch(error),
            Self::Timeout(error) => SdkError::Timeout(error),
            Self::Response(error) => SdkError::Response(error),
            Self::Service(error) => match error.error {},
        }
    }
}

impl<E> SdkError<E> {
    /// The operation's typed error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(error) => Some(error.err()),
            _ => None,
        }
    }

    /// The operation's typed error, or this error back if it is of another kind.
    pub fn into_service_error(self) -> Result<E, Self> {
        match self {
            Self::Service(error) => Ok(error.into_err()),
            other => Err(other),
        }
    }

    /// The request id of the answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(error) => error.meta().request_id(),
            Self::Response(error) => error.request_id(),
            _ => None,
        }
    }
}

impl<E> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction(error) => write!(f, "request not sent: {error}"),
            Self::Dispatch(error) => write!(f, "request failed: {error}"),
            Self::Timeout(error) => write!(f, "timed out: {error}"),
            Self::Response(error) => error.fmt(f),
            Self::Service(error) => write!(f, "service error: {}", error.meta()),
        }
    }
}

impl<E: Error + 'static> Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Construction(error) => Some(error),
            Self::Dispatch(error) => Some(error.as_ref()),
            Self::Timeout(error) => Some(error),
            Self::Response(error) => Some(error),
            Self::Service(error) => Some(error.err()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_display_names_code_message_and_request_id() {
        let meta = ErrorMetadata::new(
            Some("ResourceNotFoundException".into()),
            Some("Workspace ws-1 not found".into()),
            404,
            Some("req-123".into()),
        );
        let error: SdkError<Unhandled> =
            SdkError::Service(ServiceError::new(Unhandled::new(meta.clone()), meta));
        assert_eq!(
            error.to_string(),
            "service error: ResourceNotFoundException: Workspace ws-1 not found \
             (HTTP 404, request id req-123)"
        );
        assert_eq!(error.request_id(), Some("req-123"));
    }

    #[test]
    fn unhandled_errors_write_their_code_and_message() {
        let meta = ErrorMetadata::new(
            Some("Throttled".into()),
            Some("slow down".into()),
            400,
            None,
        );
        let written = crate::json::to_vec(&Unhandled::new(meta), Form::Document);
        assert_eq!(written, br#"{"Code":"Throttled","Message":"slow down"}"#);
        let bare = crate::json::to_vec(&Unhandled::new(ErrorMetadata::default()), Form::Wire);
        assert_eq!(bare, b"{}");
    }

    #[test]
    fn missing_member_names_operation_and_member() {
        let error = BuildError::MissingMember {
            operation: "DisassociateWorkspace",
            member: "ResourceArns",
        };
        assert_eq!(
            error.to_string(),
            "DisassociateWorkspace: required member `ResourceArns` is not set"
        );
    }
}
