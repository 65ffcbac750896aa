//! Interceptors: code of the application's that every attempt of a call runs through, to add a
//! header (`X-Amzn-Trace-Id`), read the request id, or record metrics.
//!
//! An interceptor sees each attempt three times: [`before_signing`](Interceptor::before_signing)
//! (it may add or replace headers, which are then signed), [`after_signing`](
//! Interceptor::after_signing) (the request as it is about to be sent) and [`on_answer`](
//! Interceptor::on_answer) (status, headers and request id of the answer). It never sees a
//! secret: the input shows as its `Debug` form, which redacts sensitive members, and the
//! request's headers show with the values of sensitive members, the signature and the session
//! token redacted. The body is not shown at all.
//!
//! Interceptors are registered on the [`Config`](crate::Config) (every call of every client
//! built from it) or for one call ([`Customize::interceptor`](crate::Customize::interceptor)),
//! and run in that order. One that fails ends the call with an [`InterceptorError`] naming it
//! and the hook: before the request is sent for the first two hooks, so nothing leaves the
//! process.

use crate::operation::HttpResponse;
use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// What an interceptor's hook returns when it fails.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// Hooks into every attempt of a call. Each has a default that does nothing, so an interceptor
/// implements only those it needs.
pub trait Interceptor: fmt::Debug + Send + Sync {
    /// The name errors give the interceptor: its type's, unless it says otherwise.
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(std::any::type_name::<Self>())
    }

    /// Runs before the request is signed; headers it sets are signed with the rest.
    fn before_signing(&self, request: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
        let _ = request;
        Ok(())
    }

    /// Runs once the request is signed, just before it is sent.
    fn after_signing(&self, request: &AfterSigning<'_>) -> Result<(), BoxError> {
        let _ = request;
        Ok(())
    }

    /// Runs when an answer has arrived, before it is read (and before a retry is decided).
    fn on_answer(&self, answer: &OnAnswer<'_>) -> Result<(), BoxError> {
        let _ = answer;
        Ok(())
    }
}

/// Which hook an interceptor failed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// [`Interceptor::before_signing`].
    BeforeSigning,
    /// [`Interceptor::after_signing`].
    AfterSigning,
    /// [`Interceptor::on_answer`].
    OnAnswer,
}

impl fmt::Display for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BeforeSigning => "before_signing",
            Self::AfterSigning => "after_signing",
            Self::OnAnswer => "on_answer",
        })
    }
}

/// An interceptor that failed: which one, in which hook, of which operation, and why.
#[derive(Clone, Debug)]
pub struct InterceptorError {
    interceptor: Cow<'static, str>,
    hook: Hook,
    operation: &'static str,
    source: Arc<dyn Error + Send + Sync>,
}

impl InterceptorError {
    /// The interceptor's [`name`](Interceptor::name).
    pub fn interceptor(&self) -> &str {
        &self.interceptor
    }

    /// The hook that failed.
    pub fn hook(&self) -> Hook {
        self.hook
    }

    /// The operation whose call it was.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

impl PartialEq for InterceptorError {
    fn eq(&self, other: &Self) -> bool {
        (self.interceptor == other.interceptor)
            && self.hook == other.hook
            && self.operation == other.operation
            && self.source.to_string() == other.source.to_string()
    }
}

impl Eq for InterceptorError {}

impl fmt::Display for InterceptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "interceptor {} failed in {} of {}: {}",
            self.interceptor, self.hook, self.operation, self.source
        )
    }
}

impl Error for InterceptorError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The call an attempt belongs to.
#[derive(Clone, Copy)]
pub struct CallInfo<'a> {
    pub(crate) service: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) input: &'a (dyn fmt::Debug + Sync),
    pub(crate) attempt: u32,
}

impl CallInfo<'_> {
    /// The service's name, e.g. `Connect`.
    pub fn service(&self) -> &'static str {
        self.service
    }

    /// The operation's name in the model, e.g. `DisassociateWorkspace`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The input as its `Debug` form shows it, sensitive members redacted.
    pub fn input(&self) -> &dyn fmt::Debug {
        self.input
    }

    /// Which attempt of the call this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

impl fmt::Debug for CallInfo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallInfo")
            .field("service", &self.service)
            .field("operation", &self.operation)
            .field("input", self.input)
            .field("attempt", &self.attempt)
            .finish()
    }
}

/// What replaces a secret header's value in what interceptors see.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Headers whose values interceptors never see: the signature, the session token, and the
/// headers bound to sensitive members.
#[derive(Clone, Copy)]
pub(crate) struct Secrets {
    pub(crate) sensitive: &'static [&'static str],
    /// A call sent from a schema: its headers bound to sensitive members (`schema`).
    #[cfg(feature = "schema")]
    pub(crate) schema: Option<&'static crate::schema::OperationSchema>,
}

/// Whether header `name` carries the signature or the session token.
pub(crate) fn is_signing_secret(name: &str) -> bool {
    ["authorization", "x-amz-security-token"]
        .iter()
        .any(|secret| secret.eq_ignore_ascii_case(name))
}

impl Secrets {
    fn hides(&self, name: &str) -> bool {
        #[cfg(feature = "schema")]
        if self
            .schema
            .is_some_and(|schema| schema.is_sensitive_header(name))
        {
            return true;
        }
        is_signing_secret(name)
            || self
                .sensitive
                .iter()
                .any(|secret| secret.eq_ignore_ascii_case(name))
    }

    /// `headers` as interceptors see them.
    fn show<'h>(
        &self,
        headers: impl Iterator<Item = (&'h str, &'h str)> + 'h,
    ) -> Vec<(&'h str, &'h str)> {
        let secrets = *self;
        headers
            .map(|(name, value)| {
                let shown = if secrets.hides(name) { REDACTED } else { value };
                (name, shown)
            })
            .collect()
    }
}

/// The request of an attempt before it is signed: an interceptor may add or replace headers.
pub struct BeforeSigning<'a> {
    pub(crate) call: CallInfo<'a>,
    pub(crate) method: &'static str,
    pub(crate) path_and_query: &'a str,
    pub(crate) headers: &'a mut Vec<(Cow<'static, str>, String)>,
    pub(crate) secrets: Secrets,
}

impl BeforeSigning<'_> {
    /// The call.
    pub fn call(&self) -> &CallInfo<'_> {
        &self.call
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The path and query string (the endpoint is added when the request is signed).
    pub fn path_and_query(&self) -> &str {
        self.path_and_query
    }

    /// The headers bound from the input so far, secret values redacted.
    pub fn headers(&self) -> Vec<(&str, &str)> {
        self.secrets
            .show(self.headers.iter().map(|(n, v)| (n.as_ref(), v.as_str())))
    }

    /// Sets header `name` (any case) to `value`, replacing the values it had.
    pub fn set_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into().to_ascii_lowercase();
        self.headers
            .retain(|(key, _)| !key.eq_ignore_ascii_case(&name));
        self.headers.push((Cow::Owned(name), value.into()));
    }
}

impl fmt::Debug for BeforeSigning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BeforeSigning")
            .field("call", &self.call)
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("headers", &self.headers())
            .finish()
    }
}

/// The request of an attempt, signed, as it is about to be sent.
pub struct AfterSigning<'a> {
    pub(crate) call: CallInfo<'a>,
    pub(crate) method: &'static str,
    pub(crate) url: &'a str,
    pub(crate) headers: &'a [(String, String)],
    pub(crate) secrets: Secrets,
}

impl AfterSigning<'_> {
    /// The call.
    pub fn call(&self) -> &CallInfo<'_> {
        &self.call
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The whole URL.
    pub fn url(&self) -> &str {
        self.url
    }

    /// Every header but `host`, secret values redacted.
    pub fn headers(&self) -> Vec<(&str, &str)> {
        self.secrets
            .show(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }
}

impl fmt::Debug for AfterSigning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AfterSigning")
            .field("call", &self.call)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers())
            .finish()
    }
}

/// The answer of an attempt, before it is read.
pub struct OnAnswer<'a> {
    pub(crate) call: CallInfo<'a>,
    pub(crate) response: &'a HttpResponse,
    pub(crate) secrets: Secrets,
}

impl OnAnswer<'_> {
    /// The call.
    pub fn call(&self) -> &CallInfo<'_> {
        &self.call
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.response.status
    }

    /// The answer's headers, names in lower case, values of headers bound to sensitive
    /// members redacted.
    pub fn headers(&self) -> Vec<(&str, &str)> {
        let headers = self.response.headers.iter();
        self.secrets
            .show(headers.map(|(n, v)| (n.as_str(), v.as_str())))
    }

    /// The request id AWS gave the answer, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.response.request_id()
    }
}

impl fmt::Debug for OnAnswer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnAnswer")
            .field("call", &self.call)
            .field("status", &self.status())
            .field("headers", &self.headers())
            .finish()
    }
}

/// Runs `hook` of every interceptor in `interceptors`, in order, stopping at the first that
/// fails.
pub(crate) fn run<'i>(
    interceptors: impl IntoIterator<Item = &'i Arc<dyn Interceptor>>,
    hook: Hook,
    operation: &'static str,
    mut each: impl FnMut(&dyn Interceptor) -> Result<(), BoxError>,
) -> Result<(), InterceptorError> {
    for interceptor in interceptors {
        each(interceptor.as_ref()).map_err(|source| InterceptorError {
            interceptor: interceptor.name(),
            hook,
            operation,
            source: Arc::from(source),
        })?;
    }
    Ok(())
}
