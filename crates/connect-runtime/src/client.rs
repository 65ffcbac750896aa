//! The client: one HTTP connection pool, one configuration and one retry quota, shared by every
//! operation.
//!
//! A call ([`Client::invoke`]) runs inside the operation timeout; each attempt serializes the
//! input again, signs it afresh (a new `x-amz-date`), and runs inside the attempt timeout; a
//! failed attempt is retried as [`crate::retry`] describes. Everything happens inside the
//! returned future: dropping it cancels the call, and nothing keeps running behind it.

use crate::config::{Config, SERVICE};
use crate::credentials::{Credentials, CredentialsCache};
use crate::endpoint::{self, Endpoint, Resolver};
use crate::error::{
    BuildError, ErrorMetadata, ResponseError, SdkError, ServiceError, TimeoutError, TimeoutKind,
    Unhandled,
};
use crate::http::{HttpRequest, HttpResponse, Operation, OperationError};
use crate::json::Value;
use crate::retry::{self, RetryKind, RetryQuota};
use crate::sleep::first_of;
use crate::{rest_json, sign};
use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;
use tracing::field::Empty;
use tracing::Instrument;

/// Sends operations to Amazon Connect. Cloning is cheap: clones share the connection pool,
/// the credentials cache and the retry quota.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    // Building the HTTP client can only fail on TLS setup; the error waits for the first call so
    // that creating a client stays infallible, as in the AWS SDKs.
    http: Result<reqwest::Client, String>,
    // The service's endpoint rules; `None` for `Client::new`, which uses the endpoint URL as is.
    endpoints: Option<Resolver>,
    // The endpoint of every request, resolved by the first one: it depends only on the
    // configuration, which never changes, so the rules need not run again for each request.
    endpoint: OnceLock<Endpoint>,
    credentials: Option<CredentialsCache>,
    quota: RetryQuota,
    amz_user_agent: String,
}

const SDK: &str = concat!("connect-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A failed attempt, and whether (and why) it may be retried. No failure of an attempt is an
/// operation's typed error: those are read from the last answer ([`Answered::Error`]).
type Failure = (SdkError<Infallible>, Option<RetryKind>);

/// The last answer of a call, before it is read as the operation's output or typed error.
enum Answered {
    /// A 2xx answer.
    Success(HttpResponse),
    /// An error answer: its code, message and request id, and its JSON body.
    Error(ErrorMetadata, Value),
}

/// The span of one call, with the fields its attempts fill in.
fn operation_span(operation: &'static str) -> tracing::Span {
    tracing::info_span!(
        "connect.operation",
        operation,
        attempts = Empty,
        status = Empty,
        request_id = Empty,
    )
}

/// Reads the last answer of a call as `O`'s output or typed error.
fn read<O: Operation>(answer: Answered) -> Result<O::Output, SdkError<O::Error>> {
    match answer {
        Answered::Success(response) => O::parse_output(&response).map_err(|error| {
            let request_id = response.request_id().map(str::to_owned);
            SdkError::Response(ResponseError::json(response.status, request_id, error))
        }),
        Answered::Error(meta, body) => Err(match O::Error::from_answer(&meta, &body) {
            Some(Ok(error)) => SdkError::Service(ServiceError::new(error, meta)),
            Some(Err(error)) => {
                let request_id = meta.request_id().map(str::to_owned);
                SdkError::Response(ResponseError::json(meta.status(), request_id, error))
            }
            None => {
                let error = O::Error::unhandled(Unhandled::new(meta.clone()));
                SdkError::Service(ServiceError::new(error, meta))
            }
        }),
    }
}

impl Client {
    /// A client for `config` without endpoint rules: requests go to the configured endpoint
    /// URL as it is, and fail (before anything is sent) without one, or with FIPS or
    /// dual-stack asked for. `connect_sdk::Client` uses [`Client::with_endpoint_resolver`].
    pub fn new(config: Config) -> Self {
        Self::build(config, None)
    }

    /// A client for `config` whose endpoints are chosen by `resolver`, the service's endpoint
    /// rules (an endpoint URL in `config` takes part in them as `SDK::Endpoint`).
    pub fn with_endpoint_resolver(config: Config, resolver: Resolver) -> Self {
        Self::build(config, Some(resolver))
    }

    fn build(config: Config, endpoints: Option<Resolver>) -> Self {
        // reqwest is built without a default crypto provider (aws-lc is slow to compile);
        // ring is installed unless the application chose one already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let os = std::env::consts::OS;
        let user_agent = format!("{SDK} os/{os} lang/rust");
        let amz_user_agent = format!(
            "{SDK} api/{SERVICE}#{} os/{os} lang/rust",
            env!("CARGO_PKG_VERSION")
        );
        let mut builder = reqwest::Client::builder().user_agent(user_agent);
        if let Some(timeout) = config.connect_timeout() {
            builder = builder.connect_timeout(timeout);
        }
        let http = builder.build().map_err(|error| error.to_string());
        let credentials = config
            .credentials_provider
            .clone()
            .map(CredentialsCache::new);
        Self {
            inner: Arc::new(Inner {
                config,
                http,
                endpoints,
                endpoint: OnceLock::new(),
                credentials,
                quota: RetryQuota::default(),
                amz_user_agent,
            }),
        }
    }

    /// The endpoint requests go to, resolved from the configuration as for every request.
    pub fn resolve_endpoint(&self) -> Result<Endpoint, BuildError> {
        endpoint::for_config(&self.inner.config, self.inner.endpoints.as_ref())
            .map_err(BuildError::Endpoint)
    }

    /// The endpoint of every request: resolved once, then kept. A failure is not kept (it is
    /// the same every time, and each call reports it before sending anything).
    fn endpoint(&self) -> Result<&Endpoint, BuildError> {
        if let Some(endpoint) = self.inner.endpoint.get() {
            return Ok(endpoint);
        }
        let endpoint = self.resolve_endpoint()?;
        Ok(self.inner.endpoint.get_or_init(|| endpoint))
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends `input` and reads the answer as `O`'s output or typed error, retrying failures
    /// that may not happen again.
    ///
    /// `input` is serialized again for every attempt but never rebuilt, so what the builder
    /// filled in (an idempotency token) is the same in every attempt.
    pub async fn invoke<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        input
            .validate(self.config().validate_constraints())
            .map_err(SdkError::Construction)?;
        let span = operation_span(O::NAME);
        let result = self
            .exchange(&|| input.to_request(), &span)
            .await
            .map_err(SdkError::widen)
            .and_then(read::<O>);
        if let Err(error) = &result {
            span.in_scope(|| tracing::debug!(%error, "operation failed"));
        }
        result
    }

    /// Everything of a call that does not depend on the operation: attempts, retries and
    /// timeouts, up to the last answer. Only building the request (`request`) and reading the
    /// answer ([`read`]) are the operation's, so this is compiled once, not once per operation.
    async fn exchange(
        &self,
        request: &(dyn Fn() -> Result<HttpRequest, BuildError> + Sync),
        span: &tracing::Span,
    ) -> Result<Answered, SdkError<Infallible>> {
        let config = &self.inner.config;
        let attempts = self.attempts(request, span).instrument(span.clone());
        match config.operation_timeout() {
            None => attempts.await,
            Some(limit) => match first_of(attempts, config.sleep.0.sleep(limit)).await {
                Some(result) => result,
                None => Err(SdkError::Timeout(TimeoutError::new(
                    TimeoutKind::Operation,
                    limit,
                    None,
                ))),
            },
        }
    }

    /// Attempts until one succeeds, fails for good, or no attempt or quota is left.
    async fn attempts(
        &self,
        request: &(dyn Fn() -> Result<HttpRequest, BuildError> + Sync),
        operation: &tracing::Span,
    ) -> Result<Answered, SdkError<Infallible>> {
        let config = &self.inner.config;
        let retry = config.retry_config();
        let mut last_retry_cost = None;
        let mut attempt: u32 = 1;
        loop {
            let span = tracing::debug_span!(
                "connect.attempt",
                attempt,
                status = Empty,
                request_id = Empty
            );
            operation.record("attempts", attempt);
            let spans = [operation, &span];
            let outcome = self.attempt(request, spans).instrument(span.clone()).await;
            // What ends the call if it is not retried: the last answer, or the failure.
            let last = |outcome: Result<Answered, Failure>| outcome.map_err(|(error, _)| error);
            let (kind, failure): (_, &(dyn fmt::Display + Sync)) = match &outcome {
                Ok(Answered::Success(_)) => {
                    self.inner.quota.on_success(last_retry_cost);
                    return last(outcome);
                }
                Ok(Answered::Error(meta, _)) => (retry::classify(meta), meta),
                Err((error, kind)) => (*kind, error),
            };
            let Some(kind) = kind else {
                return last(outcome);
            };
            if attempt >= retry.max_attempts() {
                tracing::debug!(attempt, "no attempt left");
                return last(outcome);
            }
            if !self.inner.quota.try_acquire(kind.cost()) {
                tracing::debug!(
                    available = self.inner.quota.available(),
                    "retry quota exhausted: not retrying"
                );
                return last(outcome);
            }
            last_retry_cost = Some(kind.cost());
            let delay = retry.backoff(attempt, retry::jitter());
            tracing::debug!(reason = kind.as_str(), ?delay, error = %failure, "retrying");
            config.sleep.0.sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: credentials, serialization, signature, exchange, and the answer's status
    /// and error metadata. The answer's status and request id are recorded on `spans` (the
    /// operation's and the attempt's).
    async fn attempt(
        &self,
        request: &(dyn Fn() -> Result<HttpRequest, BuildError> + Sync),
        spans: [&tracing::Span; 2],
    ) -> Result<Answered, Failure> {
        let construction = |error| (SdkError::Construction(error), None);
        let credentials = self.credentials().await.map_err(construction)?;
        let request = request().map_err(construction)?;
        let prepared = self.prepare(request, &credentials).map_err(construction)?;
        let config = &self.inner.config;
        let response = match config.attempt_timeout() {
            None => self.send(prepared).await,
            Some(limit) => first_of(self.send(prepared), config.sleep.0.sleep(limit))
                .await
                .unwrap_or_else(|| {
                    let timeout = TimeoutError::new(TimeoutKind::Attempt, limit, None);
                    Err((SdkError::Timeout(timeout), Some(RetryKind::Timeout)))
                }),
        }?;
        for span in spans {
            span.record("status", response.status);
            if let Some(request_id) = response.request_id() {
                span.record("request_id", request_id);
            }
        }
        if (200..300).contains(&response.status) {
            return Ok(Answered::Success(response));
        }
        let (meta, body) = rest_json::error_metadata(&response);
        Ok(Answered::Error(meta, body))
    }

    /// The explicit credentials (borrowed, not copied for each request), else the
    /// provider's (cached), else an error.
    async fn credentials(&self) -> Result<Cow<'_, Credentials>, BuildError> {
        if let Some(credentials) = self.inner.config.credentials() {
            return Ok(Cow::Borrowed(credentials));
        }
        match &self.inner.credentials {
            Some(cache) => cache
                .get()
                .await
                .map(Cow::Owned)
                .map_err(BuildError::Credentials),
            None => Err(BuildError::MissingCredentials),
        }
    }

    /// Resolves the endpoint and signs: everything that can fail before a byte is sent.
    fn prepare(
        &self,
        request: HttpRequest,
        credentials: &Credentials,
    ) -> Result<reqwest::Request, BuildError> {
        let config = &self.inner.config;
        let resolved = self.endpoint()?;
        // The endpoint's sigv4 auth scheme may name another signing region or service.
        let sigv4 = resolved.auth_scheme("sigv4");
        let signing = |key: &str| sigv4.and_then(|scheme| scheme.get(key)?.as_str());
        let region = signing("signingRegion")
            .or(config.region())
            .ok_or(BuildError::MissingRegion)?;
        let service = signing("signingName").unwrap_or(SERVICE);
        let endpoint = resolved.url();
        let invalid = |reason: String| BuildError::InvalidEndpoint {
            url: endpoint.to_owned(),
            reason,
        };
        let base = endpoint.trim_end_matches('/');
        let mut url_text = String::with_capacity(base.len() + request.path_and_query.len());
        url_text.push_str(base);
        url_text.push_str(&request.path_and_query);
        let url = reqwest::Url::parse(&url_text).map_err(|error| invalid(error.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https".into()));
        }
        let Some(host_name) = url.host_str() else {
            return Err(invalid("the URL has no host".into()));
        };
        let mut host = String::with_capacity(host_name.len() + 6);
        host.push_str(host_name);
        if let Some(port) = url.port() {
            // Writing to a String cannot fail.
            let _ = write!(host, ":{port}");
        }
        let endpoint_headers = resolved.headers().iter().flat_map(|(name, values)| {
            values
                .iter()
                .map(move |value| (name.as_str(), value.as_str()))
        });
        let sdk_headers = [("x-amz-user-agent", self.inner.amz_user_agent.as_str())];
        let unsigned = request
            .headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .chain(endpoint_headers)
            .chain(sdk_headers);
        // `host` goes into the signature; reqwest writes it from the URL.
        let mut headers: Vec<(&str, &str)> = vec![("host", &host)];
        headers.extend(unsigned);
        let signature = sign::signature_headers(
            credentials,
            region,
            service,
            SystemTime::now(),
            (request.method, url.as_str(), &headers, &request.body),
        )?;
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|error| BuildError::Signing(error.to_string()))?;
        let mut prepared = reqwest::Request::new(method, url);
        let header_map = prepared.headers_mut();
        let signature = signature.iter().map(|(n, v)| (*n, v.as_str()));
        for (name, value) in headers.into_iter().skip(1).chain(signature) {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|error| BuildError::Signing(error.to_string()))?;
            let value = reqwest::header::HeaderValue::from_str(value)
                .map_err(|error| BuildError::Signing(error.to_string()))?;
            header_map.append(name, value);
        }
        *prepared.body_mut() = Some(request.body.into());
        Ok(prepared)
    }

    /// Sends the request and reads the whole answer, up to the size limit.
    async fn send(&self, request: reqwest::Request) -> Result<HttpResponse, Failure> {
        let config = &self.inner.config;
        let http = self
            .inner
            .http
            .as_ref()
            .map_err(|error| (SdkError::Dispatch(error.clone().into()), None))?;
        let mut response = http
            .execute(request)
            .await
            .map_err(|error| self.transport_failure(error))?;
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let mut answer = HttpResponse {
            status: response.status().as_u16(),
            headers,
            body: Vec::new(),
        };
        let limit = config.max_response_size();
        let too_large = |answer: &HttpResponse| {
            let request_id = answer.request_id().map(str::to_owned);
            let error = ResponseError::too_large(answer.status, request_id, limit);
            (SdkError::Response(error), None)
        };
        // A declared length over the limit fails before a byte of the body is read.
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(too_large(&answer));
        }
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let length = answer.body.len() as u64 + chunk.len() as u64;
                    if length > limit {
                        return Err(too_large(&answer));
                    }
                    answer.body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(answer),
                Err(error) => {
                    let request_id = answer.request_id().map(str::to_owned);
                    let error = ResponseError::body(answer.status, request_id, error);
                    return Err((SdkError::Response(error), Some(RetryKind::Transient)));
                }
            }
        }
    }

    /// A request that got no answer: a connect timeout, or a failure that may not happen again
    /// (refused, reset or dropped connections), unless the request itself was unusable.
    fn transport_failure(&self, error: reqwest::Error) -> Failure {
        if error.is_connect() && error.is_timeout() {
            let limit = self.inner.config.connect_timeout().unwrap_or_default();
            let timeout = TimeoutError::new(TimeoutKind::Connect, limit, Some(error.into()));
            return (SdkError::Timeout(timeout), Some(RetryKind::Timeout));
        }
        let kind = (!error.is_builder()).then_some(RetryKind::Transient);
        (SdkError::Dispatch(error.into()), kind)
    }
}
