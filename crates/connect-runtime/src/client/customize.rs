//! Settings of one call that differ from the client's: what an operation's `customize` sets.

use crate::interceptor::Interceptor;
use crate::retry::RetryConfig;
use std::sync::Arc;
use std::time::Duration;

/// What one call changes of its client's configuration: timeouts, retries, the endpoint URL,
/// and interceptors of its own (run after the configuration's).
///
/// ```
/// # async fn example(client: connect_runtime::Client) {
/// use std::time::Duration;
/// let client = client.customized(|call| {
///     call.attempt_timeout(Duration::from_secs(2))
///         .retry_config(connect_runtime::RetryConfig::standard().with_max_attempts(5))
/// });
/// # let _ = client;
/// # }
/// ```
///
/// The adaptive retry mode's rate limiter is the client's: a call that asks for the adaptive
/// mode on a client in the standard mode retries with the adaptive mode's backoff but waits for
/// no rate limiter.
#[derive(Clone, Debug, Default)]
pub struct Customize {
    pub(crate) attempt_timeout: Option<Option<Duration>>,
    pub(crate) operation_timeout: Option<Option<Duration>>,
    pub(crate) retry_config: Option<RetryConfig>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
}

impl Customize {
    /// The time limit of each attempt for this call (`None`: no limit).
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = Some(timeout.into());
        self
    }

    /// The time limit of the whole call, retries included (`None`: no limit).
    pub fn operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = Some(timeout.into());
        self
    }

    /// How this call retries.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry_config = Some(retry);
        self
    }

    /// The endpoint URL of this call, in place of the configuration's: it takes part in the
    /// service's endpoint rules as a configured one does.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Adds an interceptor for this call, run after the configuration's.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }
}
