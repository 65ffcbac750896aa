//! Client configuration: region, credentials, endpoint, retries, timeouts and limits, the same
//! for every service ([`loader`] reads it from the environment and the shared AWS files).

pub mod loader;
pub(crate) mod profile;

use crate::client::transport::HttpClient;
use crate::credentials::imds::ImdsRegion;
use crate::credentials::{Credentials, CredentialsCache, ProvideCredentials};
use crate::retry::RetryConfig;
use crate::sleep::{AsyncSleep, SharedAsyncSleep};
use std::sync::Arc;
use std::time::Duration;

/// The default of [`Config::max_response_size`]: 10 MiB.
///
/// The services' answers are JSON pages: Amazon Connect's largest are list and search pages of
/// up to 1,000 summaries and flow or view definitions of a few hundred KiB, all well under
/// 1 MiB. Ten times that leaves room for unusually large pages, while a hundred concurrent calls
/// still cannot make the client hold more than 1 GiB of answers. Streamed bodies (`@streaming`
/// blobs) are the caller's to read and are not bounded by it.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 10 * 1024 * 1024;

/// What a [`Client`](crate::Client) needs to reach a service: one configuration serves the
/// clients of every service, and clients built from clones of it share its credentials cache.
///
/// Built with [`Config::load`] (the environment and the shared AWS files, like the AWS SDKs),
/// [`Config::builder`] (explicit values only) or [`Config::from_env`] (the standard AWS
/// environment variables only); explicit values set on the builder win.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    /// Made by `build` from the provider: the clients of every service built from this
    /// configuration keep their credentials here.
    pub(crate) credentials_cache: Option<Arc<CredentialsCache>>,
    pub(crate) http_client: Option<Arc<dyn HttpClient>>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: RetryConfig,
    pub(crate) sleep: SharedAsyncSleep,
    pub(crate) max_response_size: Option<u64>,
    /// `None` means the default: on.
    pub(crate) validate_constraints: Option<bool>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    /// Where [`Config::load`] found no region: the instance metadata service, asked by the
    /// first call.
    pub(crate) region_from_imds: Option<Arc<ImdsRegion>>,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder with the region from `AWS_REGION` (else `AWS_DEFAULT_REGION`) and credentials
    /// from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, where set. It
    /// reads no file: [`Config::load`] also reads the shared config and credentials files.
    pub fn from_env() -> ConfigBuilder {
        ConfigBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// The region requests are signed for and sent to.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials set explicitly; they win over any provider.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// Where credentials come from when none are set explicitly.
    pub fn credentials_provider(&self) -> Option<&dyn ProvideCredentials> {
        self.credentials_provider.as_deref()
    }

    /// The endpoint URL set on the builder, which overrides the endpoint the service's rules
    /// would choose (the client's `resolve_endpoint` gives the endpoint requests go to).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether requests go to FIPS-compliant endpoints.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether requests go to dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The time allowed for one attempt: sending the request and reading the whole answer.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The time allowed for a whole operation: every attempt and the waits between them.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// How failed attempts are retried.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The longest answer body read, in bytes ([`DEFAULT_MAX_RESPONSE_SIZE`] unless set).
    pub fn max_response_size(&self) -> u64 {
        self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE)
    }

    /// The HTTP client requests are sent through, when one was set (else reqwest's).
    pub fn http_client(&self) -> Option<&dyn HttpClient> {
        self.http_client.as_deref()
    }

    /// Whether inputs are checked against the model's `length`, `range` and `pattern`
    /// constraints before they are sent (on unless turned off). Required members and unions
    /// set to an unknown member are checked either way.
    pub fn validate_constraints(&self) -> bool {
        self.validate_constraints.unwrap_or(true)
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// A builder filled from environment variables read through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let non_empty = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let region = non_empty("AWS_REGION").or_else(|| non_empty("AWS_DEFAULT_REGION"));
        Self {
            config: Config {
                region,
                credentials: Credentials::from_lookup(lookup),
                ..Config::default()
            },
        }
    }

    /// Sets the region, e.g. `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sets the credentials; they win over any provider.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = Some(credentials);
        self
    }

    /// Gets credentials from `provider` when none are set explicitly. The client keeps what it
    /// returns until five minutes before their expiry.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials_provider = Some(Arc::new(provider));
        self
    }

    /// Sends requests to `url` (scheme, host, optional port and base path) instead of the
    /// regional endpoint; signing still uses the configured region.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Sends requests to FIPS-compliant endpoints (`connect-fips.{region}...`); the endpoint
    /// rules refuse it with an endpoint URL, or in a partition without FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Sends requests to dual-stack endpoints (IPv4 and IPv6); the endpoint rules refuse it
    /// with an endpoint URL, or in a partition without dual-stack endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// Sets the time allowed to establish a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = Some(timeout);
        self
    }

    /// Sets the time allowed for one attempt: sending the request and reading the whole
    /// answer. An attempt that takes longer is abandoned and retried like a transient error.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.attempt_timeout = Some(timeout);
        self
    }

    /// Sets the time allowed for a whole operation: every attempt and the waits between them.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = Some(timeout);
        self
    }

    /// Sets how failed attempts are retried ([`RetryConfig::standard`] by default).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Sends requests through `client` instead of reqwest's (another TLS stack, a proxy of your
    /// own, a test double). The connect timeout is then the client's business.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.config.http_client = Some(Arc::new(client));
        self
    }

    /// Waits (backoff, attempt and operation timeouts) with `sleep` instead of tokio's timer.
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.config.sleep = SharedAsyncSleep(Arc::new(sleep));
        self
    }

    /// Sets the longest answer body read, in bytes; a longer answer is an error, and no more
    /// than this is held in memory.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.config.max_response_size = Some(bytes);
        self
    }

    /// Turns the client-side checks of `length`, `range` and `pattern` on (the default) or
    /// off, e.g. to let the service judge values that a newer version of the service accepts.
    /// Required members and unions set to an unknown member are checked either way.
    pub fn validate_constraints(mut self, on: bool) -> Self {
        self.config.validate_constraints = Some(on);
        self
    }

    /// The configuration. Missing region or credentials are reported when a request is made,
    /// before anything is sent.
    pub fn build(mut self) -> Config {
        self.config.credentials_cache = self
            .config
            .credentials_provider
            .clone()
            .map(|provider| Arc::new(CredentialsCache::new(provider)));
        self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_settings_are_kept_as_set() {
        let config = Config::builder().region("eu-west-2").build();
        assert_eq!(config.endpoint_url(), None);
        assert!(!config.use_fips() && !config.use_dual_stack());
        let config = Config::builder()
            .endpoint_url("http://127.0.0.1:9000")
            .use_fips(true)
            .use_dual_stack(true)
            .build();
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:9000"));
        assert!(config.use_fips() && config.use_dual_stack());
    }

    #[test]
    fn constraint_checks_are_on_unless_turned_off() {
        assert!(Config::builder().build().validate_constraints());
        assert!(Config::from_env().build().validate_constraints());
        let off = Config::builder().validate_constraints(false).build();
        assert!(!off.validate_constraints());
        let on = ConfigBuilder::from_lookup(|_| None)
            .validate_constraints(true)
            .build();
        assert!(on.validate_constraints());
    }

    #[test]
    fn environment_fills_region_and_credentials() {
        let config = ConfigBuilder::from_lookup(|name| match name {
            "AWS_REGION" => Some("ap-southeast-2".into()),
            "AWS_ACCESS_KEY_ID" => Some("AKID".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("secret".into()),
            _ => None,
        })
        .build();
        assert_eq!(config.region(), Some("ap-southeast-2"));
        assert_eq!(config.credentials().unwrap().access_key_id(), "AKID");
        assert!(!format!("{config:?}").contains("secret\""));
        let fallback = ConfigBuilder::from_lookup(|name| match name {
            "AWS_REGION" => Some(String::new()),
            "AWS_DEFAULT_REGION" => Some("eu-central-1".into()),
            _ => None,
        })
        .build();
        assert_eq!(fallback.region(), Some("eu-central-1"));
    }

    #[test]
    fn defaults_are_the_standard_mode_and_ten_mebibytes() {
        let config = Config::builder().build();
        assert_eq!(config.retry_config(), &RetryConfig::standard());
        assert_eq!(config.max_response_size(), 10 * 1024 * 1024);
        assert_eq!(
            (
                config.connect_timeout(),
                config.attempt_timeout(),
                config.operation_timeout()
            ),
            (None, None, None)
        );
        let config = Config::builder()
            .max_response_size(1)
            .retry_config(RetryConfig::disabled())
            .attempt_timeout(Duration::from_secs(2))
            .build();
        assert_eq!(config.max_response_size(), 1);
        assert_eq!(config.retry_config().max_attempts(), 1);
        assert_eq!(config.attempt_timeout(), Some(Duration::from_secs(2)));
    }
}
