//! The client: one HTTP client, one configuration and one retry quota, shared by every
//! operation of one service.
//!
//! A call ([`Client::invoke`]) runs inside the operation timeout; each attempt serializes the
//! input again, signs it afresh (a new `x-amz-date`), and runs inside the attempt timeout; a
//! failed attempt is retried as [`crate::retry`] describes. In the adaptive retry mode each
//! attempt first waits for the rate limiter; an answer that refuses the request's time (clock
//! skew, see `skew.rs`) teaches the client the service's time and the request is signed again
//! once. Everything happens inside the returned future: dropping it cancels the call, and
//! nothing keeps running behind it.

mod answer;
mod customize;
#[cfg(feature = "schema")]
mod document;
mod prepare;
mod sign;
mod skew;
pub mod transport;

use crate::config::Config;
use crate::credentials::{Credentials, ProviderContext};
use crate::endpoint::{Endpoint, EndpointError, Value as EndpointValue};
use crate::error::{BuildError, ErrorMetadata, ResponseError, SdkError, TimeoutError, TimeoutKind};
use crate::interceptor::{self, AfterSigning, BeforeSigning, CallInfo, Hook, OnAnswer, Secrets};
use crate::operation::{HttpRequest, HttpResponse, Operation};
use crate::protocol::ErrorBody;
use crate::retry::adaptive::{self, RateLimiter};
use crate::retry::{self, retry_after, RetryKind, RetryMode, RetryQuota};
use crate::service::{Auth, ServiceInfo};
use crate::sleep::first_of;
use answer::read;
pub use answer::read_answer;
pub use customize::Customize;
use skew::ClockSkew;
use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::sync::{Arc, OnceLock};
use tracing::field::Empty;
use tracing::Instrument;
use transport::HttpClient;

/// Sends operations to one service. Cloning is cheap: clones share the HTTP client, the
/// credentials cache and the retry quota.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
    /// What the calls of this clone change of the configuration ([`Client::customized`]).
    customize: Option<Arc<Customize>>,
}

#[derive(Debug)]
struct Inner {
    service: &'static ServiceInfo,
    config: Config,
    // Building the default HTTP client can only fail on TLS setup; the error waits for the
    // first call so that creating a client stays infallible, as in the AWS SDKs.
    http: Result<Arc<dyn HttpClient>, String>,
    // The endpoint of every request, resolved by the first one: it depends only on the
    // configuration, which never changes, so the rules need not run again for each request.
    endpoint: OnceLock<Endpoint>,
    quota: RetryQuota,
    /// The adaptive retry mode's rate limiter of this service, shared through the
    /// configuration; `None` in the standard mode.
    limiter: Option<Arc<RateLimiter>>,
    skew: ClockSkew,
    user_agent: String,
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
    Error(ErrorMetadata, ErrorBody, HttpResponse),
    /// A stubbed call's result, `Result<O::Output, O::Error>` (`test-util`).
    #[cfg(feature = "test-util")]
    Stubbed(Box<dyn std::any::Any + Send>),
}

/// What the attempt loop needs to know of an operation; the loop itself is not generic, so it
/// is compiled once however many operations a program calls.
struct Call<'a> {
    operation: &'static str,
    input: &'a (dyn fmt::Debug + Sync),
    auth: Auth,
    streaming_output: bool,
    retryable: &'static [(&'static str, bool)],
    secrets: Secrets,
    /// The rule that answers a stubbed call (`test-util`).
    #[cfg(feature = "test-util")]
    stub: Option<crate::test_util::StubCall>,
}

impl<'a> Call<'a> {
    fn info(&self, service: &'static str, attempt: u32) -> CallInfo<'a> {
        CallInfo {
            service,
            operation: self.operation,
            input: self.input,
            attempt,
        }
    }
}

impl Client {
    /// A client of `service` for `config`. The endpoint comes from the service's endpoint
    /// rules, an endpoint URL in `config` taking part in them as `SDK::Endpoint`; a service
    /// without rules sends to the configured endpoint URL as it is, and fails (before anything
    /// is sent) without one, or with FIPS or dual-stack asked for.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Self {
        let os = std::env::consts::OS;
        // `app/<id>` last, as the AWS SDKs place it; characters a header cannot hold are `-`.
        let app = config
            .app_id()
            .map(|id| {
                let id: String = id
                    .chars()
                    .map(|c| {
                        if crate::config::settings::is_token_char(c) {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                format!(" app/{id}")
            })
            .unwrap_or_default();
        let user_agent = format!("{SDK} os/{os} lang/rust{app}");
        let amz_user_agent = format!(
            "{SDK} api/{}#{} os/{os} lang/rust{app}",
            service.name,
            env!("CARGO_PKG_VERSION")
        );
        let http = match config.http_client.clone() {
            Some(http) => Ok(http),
            None => (service.default_http)(&config),
        };
        let limiter = (config.retry_config().mode() == RetryMode::Adaptive).then(|| {
            let now = adaptive::seconds(config.time_source.now());
            config.rate_limiters.for_service(service.sdk_id, now)
        });
        if let (Ok(http), Some(cache)) = (&http, &config.credentials_cache) {
            cache.bind(&ProviderContext {
                http: http.clone(),
                sleep: config.sleep.0.clone(),
                services: service.credential_services,
            });
        }
        Self {
            inner: Arc::new(Inner {
                service,
                config,
                http,
                endpoint: OnceLock::new(),
                quota: RetryQuota::default(),
                limiter,
                skew: ClockSkew::default(),
                user_agent,
                amz_user_agent,
            }),
            customize: None,
        }
    }

    /// This client with the settings `customize` changes, for the calls made through it (an
    /// operation's `customize`); it shares everything else with this one.
    pub fn customized(&self, customize: impl FnOnce(Customize) -> Customize) -> Self {
        let current = self.customize.as_deref().cloned().unwrap_or_default();
        Self {
            inner: self.inner.clone(),
            customize: Some(Arc::new(customize(current))),
        }
    }

    /// The retry settings of a call.
    fn retry_config(&self) -> &retry::RetryConfig {
        match self
            .customize
            .as_deref()
            .and_then(|c| c.retry_config.as_ref())
        {
            Some(retry) => retry,
            None => self.inner.config.retry_config(),
        }
    }

    /// The time limit of each attempt of a call.
    fn attempt_timeout(&self) -> Option<std::time::Duration> {
        match self.customize.as_deref().and_then(|c| c.attempt_timeout) {
            Some(timeout) => timeout,
            None => self.inner.config.attempt_timeout(),
        }
    }

    /// The time limit of a whole call.
    fn operation_timeout(&self) -> Option<std::time::Duration> {
        match self.customize.as_deref().and_then(|c| c.operation_timeout) {
            Some(timeout) => timeout,
            None => self.inner.config.operation_timeout(),
        }
    }

    /// The interceptors of a call: the configuration's, then the call's own.
    fn interceptors(&self) -> impl Iterator<Item = &Arc<dyn crate::interceptor::Interceptor>> {
        let own = self.customize.as_deref().map(|c| c.interceptors.as_slice());
        self.inner
            .config
            .interceptors
            .iter()
            .chain(own.unwrap_or_default())
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint requests go to, resolved from the configuration as for every request
    /// (with the configured region: one the instance metadata service gives is only asked
    /// for by the first call).
    pub fn resolve_endpoint(&self) -> Result<Endpoint, BuildError> {
        let config = &self.inner.config;
        resolve(
            self.inner.service,
            config,
            config.region(),
            self.endpoint_url(),
        )
        .map_err(BuildError::Endpoint)
    }

    /// The endpoint URL that takes part in the rules: the call's, else the configuration's for
    /// this service.
    fn endpoint_url(&self) -> Option<&str> {
        self.customize
            .as_deref()
            .and_then(|c| c.endpoint_url.as_deref())
            .or_else(|| {
                self.inner
                    .config
                    .endpoint_url_for(self.inner.service.sdk_id)
            })
    }

    /// The endpoint of every request, for `region`: resolved once, then kept (a call with an
    /// endpoint URL of its own resolves its own). A failure is not kept (it is the same every
    /// time, and each call reports it before sending anything).
    fn endpoint(&self, region: Option<&str>) -> Result<Cow<'_, Endpoint>, BuildError> {
        let resolve = || {
            resolve(
                self.inner.service,
                &self.inner.config,
                region,
                self.endpoint_url(),
            )
            .map_err(BuildError::Endpoint)
        };
        if self
            .customize
            .as_deref()
            .is_some_and(|c| c.endpoint_url.is_some())
        {
            return resolve().map(Cow::Owned);
        }
        if let Some(endpoint) = self.inner.endpoint.get() {
            return Ok(Cow::Borrowed(endpoint));
        }
        let endpoint = resolve()?;
        Ok(Cow::Borrowed(self.inner.endpoint.get_or_init(|| endpoint)))
    }

    /// The region of every request: the configuration's, else (when [`Config::load`] found
    /// none) the one the instance metadata service gives, asked once for every client of the
    /// configuration.
    async fn region(&self) -> Option<&str> {
        let config = &self.inner.config;
        if let Some(region) = config.region() {
            return Some(region);
        }
        let imds = config.region_from_imds.as_ref()?;
        let http = self.inner.http.as_ref().ok()?;
        imds.get(&ProviderContext {
            http: http.clone(),
            sleep: config.sleep.0.clone(),
            services: self.inner.service.credential_services,
        })
        .await
    }

    /// Sends `input` and reads the answer as `O`'s output or typed error, retrying failures
    /// that may not happen again.
    ///
    /// `input` is serialized again for every attempt but never rebuilt, so what the builder
    /// filled in (an idempotency token) is the same in every attempt.
    pub async fn invoke<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        input
            .validate(self.config().validate_constraints())
            .map_err(|error| SdkError::Construction(error.into()))?;
        let span = operation_span(self.inner.service.name, O::NAME);
        let call = Call {
            operation: O::NAME,
            input,
            auth: O::AUTH,
            streaming_output: O::STREAMING_OUTPUT,
            retryable: <O::Error as crate::OperationError>::RETRYABLE,
            secrets: Secrets {
                sensitive: O::SENSITIVE_HEADERS,
                #[cfg(feature = "schema")]
                schema: None,
            },
            #[cfg(feature = "test-util")]
            stub: self.stub(input)?,
        };
        let result = self
            .exchange(&call, &|| input.to_request(), &span)
            .await
            .map_err(SdkError::widen)
            .and_then(read::<O>);
        if let Err(error) = &result {
            failed(&span, error);
        }
        result
    }

    /// Everything of a call that does not depend on the operation: attempts, retries and
    /// timeouts, up to the last answer. Only building the request (`request`) and reading the
    /// answer ([`read`]) are the operation's.
    async fn exchange(
        &self,
        call: &Call<'_>,
        request: &(dyn Fn() -> Result<HttpRequest, BuildError> + Sync),
        span: &tracing::Span,
    ) -> Result<Answered, SdkError<Infallible>> {
        let config = &self.inner.config;
        let attempts = self.attempts(call, request, span).instrument(span.clone());
        match self.operation_timeout() {
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
        call: &Call<'_>,
        request: &(dyn Fn() -> Result<HttpRequest, BuildError> + Sync),
        operation: &tracing::Span,
    ) -> Result<Answered, SdkError<Infallible>> {
        let config = &self.inner.config;
        let retry = self.retry_config();
        let mut last_retry_cost = None;
        let mut attempt: u32 = 1;
        // Attempts that count against `max_attempts`: the one after a clock skew correction
        // does not (the service refused the request for our clock, before doing anything).
        let mut counted: u32 = 1;
        let mut skew_corrected = false;
        let mut next = request().map_err(SdkError::Construction)?;
        loop {
            let span = tracing::debug_span!("attempt", attempt, status = Empty, request_id = Empty);
            operation.record("attempts", attempt);
            let spans = [operation, &span];
            self.wait_for_rate_limiter().instrument(span.clone()).await;
            let outcome = self
                .attempt(call, next, attempt, spans)
                .instrument(span.clone())
                .await;
            // What ends the call if it is not retried: the last answer, or the failure.
            let last = |outcome: Result<Answered, Failure>| outcome.map_err(|(error, _)| error);
            let (kind, failure): (_, &(dyn fmt::Display + Sync)) = match &outcome {
                #[cfg(feature = "test-util")]
                Ok(Answered::Stubbed(_)) => return last(outcome),
                Ok(Answered::Success(_)) => {
                    self.inner.quota.on_success(last_retry_cost);
                    self.record_rate(false);
                    return last(outcome);
                }
                Ok(Answered::Error(meta, ..)) => (retry::classify(meta, call.retryable), meta),
                Err((error, kind)) => (*kind, error),
            };
            if !matches!(outcome, Err((SdkError::Construction(_), _))) {
                self.record_rate(kind == Some(RetryKind::Throttling));
            }
            if let Ok(Answered::Error(meta, _, response)) = &outcome {
                let now = config.time_source.now();
                if !skew_corrected && self.inner.skew.learn(meta, response.header("date"), now) {
                    skew_corrected = true;
                    if let Ok(request) = request() {
                        tracing::debug!(error = %meta, "signing again with the service's time");
                        next = request;
                        attempt += 1;
                        continue;
                    }
                }
            }
            let Some(kind) = kind else {
                return last(outcome);
            };
            if counted >= retry.max_attempts() {
                tracing::debug!(attempt, "no attempt left");
                return last(outcome);
            }
            // A body streamed once cannot be sent again: the call ends with this answer.
            next = match request() {
                Ok(request) => request,
                Err(error) => {
                    tracing::debug!(%error, "the request cannot be sent again: not retrying");
                    return last(outcome);
                }
            };
            if !self.inner.quota.try_acquire(kind.cost()) {
                tracing::debug!(
                    available = self.inner.quota.available(),
                    "retry quota exhausted: not retrying"
                );
                return last(outcome);
            }
            last_retry_cost = Some(kind.cost());
            let backoff = retry.backoff(counted, crate::random::jitter());
            let hint = match &outcome {
                Ok(Answered::Error(_, _, response)) => {
                    retry_after::requested(|name| response.header(name), config.time_source.now())
                }
                _ => None,
            };
            let delay = retry_after::bounded(backoff, hint, retry.max_backoff());
            tracing::debug!(reason = kind.as_str(), ?delay, ?hint, error = %failure, "retrying");
            config.sleep.0.sleep(delay).await;
            attempt += 1;
            counted += 1;
        }
    }

    /// In the adaptive retry mode, waits until the rate limiter lets a request go.
    async fn wait_for_rate_limiter(&self) {
        let Some(limiter) = &self.inner.limiter else {
            return;
        };
        let config = &self.inner.config;
        let wait = limiter.acquire(adaptive::seconds(config.time_source.now()));
        if !wait.is_zero() {
            tracing::debug!(?wait, "waiting for the adaptive rate limiter");
            config.sleep.0.sleep(wait).await;
        }
    }

    /// Tells the adaptive rate limiter of an attempt's outcome.
    fn record_rate(&self, throttled: bool) {
        if let Some(limiter) = &self.inner.limiter {
            let now = adaptive::seconds(self.inner.config.time_source.now());
            limiter.record(now, throttled);
        }
    }

    /// One attempt of `request`: credentials, signature, exchange, and the answer's status
    /// and error metadata. The answer's status and request id are recorded on `spans` (the
    /// operation's and the attempt's).
    async fn attempt(
        &self,
        call: &Call<'_>,
        mut request: HttpRequest,
        attempt: u32,
        spans: [&tracing::Span; 2],
    ) -> Result<Answered, Failure> {
        let construction = |error| (SdkError::Construction(error), None);
        let info = call.info(self.inner.service.name, attempt);
        let mut before = BeforeSigning {
            call: info,
            method: request.method,
            path_and_query: &request.path_and_query,
            headers: &mut request.headers,
            secrets: call.secrets,
        };
        interceptor::run(
            self.interceptors(),
            Hook::BeforeSigning,
            call.operation,
            |i| i.before_signing(&mut before),
        )
        .map_err(|error| construction(BuildError::Interceptor(error)))?;
        let credentials = self.credentials(call.auth).await.map_err(construction)?;
        let prepared = self
            .prepare(request, credentials.as_deref())
            .await
            .map_err(construction)?;
        let after = AfterSigning {
            call: info,
            method: prepared.method,
            url: &prepared.url,
            headers: &prepared.headers,
            secrets: call.secrets,
        };
        interceptor::run(
            self.interceptors(),
            Hook::AfterSigning,
            call.operation,
            |i| i.after_signing(&after),
        )
        .map_err(|error| construction(BuildError::Interceptor(error)))?;
        let config = &self.inner.config;
        #[cfg(feature = "test-util")]
        if let Some(stub) = &call.stub {
            match stub.next(attempt) {
                Ok(crate::test_util::StubAnswer::Typed(result)) => {
                    return Ok(Answered::Stubbed(result))
                }
                Ok(crate::test_util::StubAnswer::Http(response)) => {
                    return self.answered(call, info, response, spans)
                }
                Err(reason) => return Err((SdkError::Dispatch(reason.into()), None)),
            }
        }
        let exchange = self.send(prepared, call.streaming_output);
        let response = match self.attempt_timeout() {
            None => exchange.await,
            Some(limit) => first_of(exchange, config.sleep.0.sleep(limit))
                .await
                .unwrap_or_else(|| {
                    let timeout = TimeoutError::new(TimeoutKind::Attempt, limit, None);
                    Err((SdkError::Timeout(timeout), Some(RetryKind::Timeout)))
                }),
        }?;
        self.answered(call, info, response, spans)
    }

    /// An attempt's answer: recorded on `spans`, shown to the interceptors, and its error
    /// metadata read unless it is a success.
    fn answered(
        &self,
        call: &Call<'_>,
        info: CallInfo<'_>,
        response: HttpResponse,
        spans: [&tracing::Span; 2],
    ) -> Result<Answered, Failure> {
        for span in spans {
            span.record("status", response.status);
            if let Some(request_id) = response.request_id() {
                span.record("request_id", request_id);
            }
        }
        let answer = OnAnswer {
            call: info,
            response: &response,
            secrets: call.secrets,
        };
        interceptor::run(self.interceptors(), Hook::OnAnswer, call.operation, |i| {
            i.on_answer(&answer)
        })
        .map_err(|error| {
            let request_id = response.request_id().map(str::to_owned);
            let error = ResponseError::interceptor(response.status, request_id, error);
            (SdkError::Response(error), None)
        })?;
        if (200..300).contains(&response.status) {
            return Ok(Answered::Success(response));
        }
        let (meta, body) = crate::protocol::error_metadata(self.inner.service.protocol, &response);
        Ok(Answered::Error(meta, body, response))
    }

    /// The stub rule that answers a call of `O` with `input`, when the configuration has
    /// stubs; a call none takes fails before anything is sent.
    #[cfg(feature = "test-util")]
    fn stub<O: Operation, E>(
        &self,
        input: &O,
    ) -> Result<Option<crate::test_util::StubCall>, SdkError<E>> {
        let Some(stubs) = &self.inner.config.stubs else {
            return Ok(None);
        };
        match stubs.take(input) {
            Some(call) => Ok(Some(call)),
            None => Err(SdkError::Construction(BuildError::Unstubbed {
                operation: O::NAME,
                input: format!("{input:?}"),
            })),
        }
    }

    /// The credentials an attempt signs with: the explicit ones (borrowed, not copied for each
    /// request), else the provider's (cached); `None` for an unsigned call.
    async fn credentials(&self, auth: Auth) -> Result<Option<Cow<'_, Credentials>>, BuildError> {
        if auth == Auth::None {
            return Ok(None);
        }
        let config = &self.inner.config;
        let found = match (config.credentials(), &config.credentials_cache) {
            (Some(credentials), _) => Ok(Cow::Borrowed(credentials)),
            (None, Some(cache)) => cache
                .get()
                .await
                .map(Cow::Owned)
                .map_err(BuildError::Credentials),
            (None, None) => Err(BuildError::MissingCredentials),
        };
        match (found, auth) {
            (Ok(credentials), _) => Ok(Some(credentials)),
            // `@optionalAuth`: without credentials the call goes out unsigned.
            (Err(_), Auth::OptionalSigV4) => Ok(None),
            (Err(error), _) => Err(error),
        }
    }
}

/// The span of one call, with the fields its attempts fill in.
fn operation_span(service: &'static str, operation: &'static str) -> tracing::Span {
    tracing::info_span!(
        "operation",
        service,
        operation,
        attempts = Empty,
        status = Empty,
        request_id = Empty,
    )
}

/// Logs a failed call in its operation's span. Not generic (the error is a trait object), so
/// that this is compiled once, here, rather than once per operation.
fn failed(span: &tracing::Span, error: &dyn std::fmt::Display) {
    span.in_scope(|| tracing::debug!(%error, "operation failed"));
}

/// The endpoint for `config`.
///
/// With endpoint rules, they decide, with the built-in parameters bound to the configuration:
/// `AWS::Region` (the region), `AWS::UseFIPS` and `AWS::UseDualStack` (the flags) and
/// `SDK::Endpoint` (the endpoint URL that applies to the service, see
/// [`Config::endpoint_url_for`], which the rules use as it is).
///
/// Without rules, the configured endpoint URL is used as it is; without an endpoint URL, or
/// with FIPS or dual-stack asked for, which only the rules can honour, there is no endpoint.
fn resolve(
    service: &ServiceInfo,
    config: &Config,
    region: Option<&str>,
    endpoint_url: Option<&str>,
) -> Result<Endpoint, EndpointError> {
    let Some(rules) = service.endpoint_rules else {
        return match endpoint_url {
            _ if config.use_fips() => Err(EndpointError::NoRuleSet(
                "FIPS endpoints are chosen by the service's endpoint rules",
            )),
            _ if config.use_dual_stack() => Err(EndpointError::NoRuleSet(
                "dual-stack endpoints are chosen by the service's endpoint rules",
            )),
            Some(url) => Ok(Endpoint::from_url(url)),
            None => Err(EndpointError::NoRuleSet(
                "the service has no endpoint rules: set an endpoint URL",
            )),
        };
    };
    let params = rules.built_in_params(|built_in| match built_in {
        "AWS::Region" => region.map(EndpointValue::from),
        "AWS::UseFIPS" => Some(EndpointValue::Boolean(config.use_fips())),
        "AWS::UseDualStack" => Some(EndpointValue::Boolean(config.use_dual_stack())),
        "SDK::Endpoint" => endpoint_url.map(EndpointValue::from),
        _ => None,
    });
    rules.resolve(&params)
}
