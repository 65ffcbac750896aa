//! Client configuration: region, credentials, endpoint, retries, timeouts and limits, the same
//! for every service ([`loader`] reads it from the environment and the shared AWS files; the
//! `settings`, `endpoints`, `ca_bundle` and [`proxy`] modules read what is not credentials).

mod ca_bundle;
pub(crate) mod endpoints;
pub mod loader;
pub(crate) mod profile;
pub mod proxy;
pub(crate) mod settings;

pub use ca_bundle::CaBundle;
pub use proxy::ProxyConfig;

use crate::client::transport::HttpClient;
use crate::credentials::imds::ImdsRegion;
use crate::credentials::{Credentials, CredentialsCache, ProvideCredentials};
use crate::interceptor::Interceptor;
use crate::retry::adaptive::RateLimiters;
use crate::retry::RetryConfig;
use crate::sleep::{AsyncSleep, SharedAsyncSleep};
use crate::time::{SharedTimeSource, TimeSource};
use endpoints::ConfiguredEndpoints;
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

/// The default of [`Config::connect_timeout`]: 3.1 s.
///
/// A TCP handshake that has not completed by then has lost its SYN twice (Linux resends it
/// after 1 s, then 2 s more): the host is down or unreachable, and a retry, on a new
/// connection perhaps to another address of the endpoint, does better than waiting longer.
/// The AWS CLI waits 60 s, which leaves a program hanging for a minute on a black-holed
/// network.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3_100);

/// The default of [`Config::attempt_timeout`]: 60 s, the AWS CLI's read timeout.
///
/// The services answer their API calls in well under a second, and their slowest within a few
/// seconds: an attempt still running after a minute is stuck (a server that accepted the
/// request and never answers, a connection that went silent), and retrying it on a fresh
/// connection is what the caller wants. The AWS CLI applies its 60 s to each read; here they
/// bound the whole attempt (sending, and reading the answer; the body of a streamed answer is
/// the caller's, outside it). Raise it for uploads that take longer.
///
/// There is no default operation timeout: with both of these, a call is already bounded by
/// `max_attempts` × (connect + attempt timeouts) + the backoffs (about 3 min 12 s with the
/// defaults), and a fixed bound would cut short the retries of a caller who asked for more.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);

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
    /// From the loader: the endpoint URLs of the environment and the profile, per service.
    pub(crate) configured_endpoints: Option<Arc<ConfiguredEndpoints>>,
    pub(crate) ignore_configured_endpoint_urls: bool,
    // `None`: the default; `Some(None)`: no timeout.
    pub(crate) connect_timeout: Option<Option<Duration>>,
    pub(crate) attempt_timeout: Option<Option<Duration>>,
    pub(crate) operation_timeout: Option<Option<Duration>>,
    pub(crate) retry: RetryConfig,
    /// Made by `build`: the adaptive retry mode's rate limiters, shared by the clients built
    /// from this configuration.
    pub(crate) rate_limiters: Arc<RateLimiters>,
    pub(crate) sleep: SharedAsyncSleep,
    pub(crate) time_source: SharedTimeSource,
    pub(crate) app_id: Option<String>,
    pub(crate) ca_bundle: Option<CaBundle>,
    pub(crate) proxy: Option<ProxyConfig>,
    pub(crate) max_response_size: Option<u64>,
    /// `None` means the default: on.
    pub(crate) validate_constraints: Option<bool>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    /// Where [`Config::load`] found no region: the instance metadata service, asked by the
    /// first call.
    pub(crate) region_from_imds: Option<Arc<ImdsRegion>>,
    /// Run by every attempt of every call, in order.
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
    /// The rules that answer every call in place of the service (`test-util`).
    #[cfg(feature = "test-util")]
    pub(crate) stubs: Option<Arc<crate::test_util::Stubs>>,
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
    /// would choose for every service (the client's `resolve_endpoint` gives the endpoint
    /// requests go to).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The endpoint URL that applies to the service whose sdkId is `sdk_id` (`Connect`,
    /// `STS`, `SSO OIDC`, ...): the one set on the builder, else the one configured for the
    /// service or for all of them in the environment or the profile, in the AWS SDKs' order
    /// (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `services` section,
    /// its `endpoint_url`), unless configured URLs are ignored. `None`: the service's endpoint
    /// rules choose.
    pub fn endpoint_url_for(&self, sdk_id: &str) -> Option<&str> {
        if let Some(url) = &self.endpoint_url {
            return Some(url);
        }
        if self.ignore_configured_endpoint_urls {
            return None;
        }
        self.configured_endpoints.as_ref()?.url_for(sdk_id)
    }

    /// Whether endpoint URLs of the environment and the profile are ignored (the builder's is
    /// used either way).
    pub fn ignore_configured_endpoint_urls(&self) -> bool {
        self.ignore_configured_endpoint_urls
    }

    /// The application id the user agent carries as `app/<id>`.
    pub fn app_id(&self) -> Option<&str> {
        self.app_id.as_deref()
    }

    /// The certificate authorities the default HTTP client trusts besides the platform's.
    pub fn ca_bundle(&self) -> Option<&CaBundle> {
        self.ca_bundle.as_ref()
    }

    /// The proxies of the default HTTP client; `None`: it connects directly.
    pub fn proxy(&self) -> Option<&ProxyConfig> {
        self.proxy.as_ref()
    }

    /// Whether requests go to FIPS-compliant endpoints.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether requests go to dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The time allowed to establish a connection ([`DEFAULT_CONNECT_TIMEOUT`] unless set;
    /// `None` when turned off).
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
            .unwrap_or(Some(DEFAULT_CONNECT_TIMEOUT))
    }

    /// The time allowed for one attempt: sending the request and reading the whole answer
    /// ([`DEFAULT_ATTEMPT_TIMEOUT`] unless set; `None` when turned off).
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
            .unwrap_or(Some(DEFAULT_ATTEMPT_TIMEOUT))
    }

    /// The time allowed for a whole operation: every attempt and the waits between them (none
    /// unless set: see [`DEFAULT_ATTEMPT_TIMEOUT`] for why).
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout.flatten()
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
    pub(crate) config: Config,
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

    /// Sets the time allowed to establish a connection ([`DEFAULT_CONNECT_TIMEOUT`] by
    /// default); `None` waits as long as the operating system does.
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.config.connect_timeout = Some(timeout.into());
        self
    }

    /// Sets the time allowed for one attempt: sending the request and reading the whole
    /// answer ([`DEFAULT_ATTEMPT_TIMEOUT`] by default; `None` for no limit). An attempt that
    /// takes longer is abandoned and retried like a transient error.
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.config.attempt_timeout = Some(timeout.into());
        self
    }

    /// Sets the time allowed for a whole operation: every attempt and the waits between them
    /// (no limit by default, or with `None`).
    pub fn operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.config.operation_timeout = Some(timeout.into());
        self
    }

    /// Ignores the endpoint URLs of the environment and the profile (`true`), as
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` does; one set with
    /// [`endpoint_url`](Self::endpoint_url) still applies.
    pub fn ignore_configured_endpoint_urls(mut self, ignore: bool) -> Self {
        self.config.ignore_configured_endpoint_urls = ignore;
        self
    }

    /// The loader's endpoint URLs.
    pub(crate) fn configured_endpoints(mut self, endpoints: Option<ConfiguredEndpoints>) -> Self {
        self.config.configured_endpoints = endpoints.map(Arc::new);
        self
    }

    /// Adds `app/<id>` to the user agent, so that the calls of an application can be told
    /// apart in CloudTrail and service logs (`AWS_SDK_UA_APP_ID`). Characters that cannot be
    /// in the header (anything but letters, digits and ``!#$%&'*+-.^_`|~``) are sent as `-`.
    pub fn app_id(mut self, id: impl Into<String>) -> Self {
        self.config.app_id = Some(id.into());
        self
    }

    /// Trusts the certificate authorities of `bundle` besides the platform's (the default
    /// HTTP client only).
    pub fn ca_bundle(mut self, bundle: CaBundle) -> Self {
        self.config.ca_bundle = Some(bundle);
        self
    }

    /// Sends through `proxy` (the default HTTP client only; without it, it connects
    /// directly, whatever the process environment says: see [`proxy`]).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.config.proxy = Some(proxy);
        self
    }

    /// Reads the time (to sign requests, and for the adaptive retry mode) from `time_source`
    /// instead of the system clock.
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.config.time_source = SharedTimeSource(Arc::new(time_source));
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

    /// Adds an interceptor that every attempt of every call runs through (see
    /// [`crate::interceptor`]); interceptors run in the order they were added.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.config.interceptors.push(Arc::new(interceptor));
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
        self.config.rate_limiters = Arc::default();
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
    fn defaults_are_the_standard_mode_ten_mebibytes_and_bounded_attempts() {
        let config = Config::builder().build();
        assert_eq!(config.retry_config(), &RetryConfig::standard());
        assert_eq!(config.max_response_size(), 10 * 1024 * 1024);
        let timeouts = |config: &Config| {
            (
                config.connect_timeout(),
                config.attempt_timeout(),
                config.operation_timeout(),
            )
        };
        assert_eq!(
            timeouts(&config),
            (
                Some(Duration::from_millis(3_100)),
                Some(Duration::from_secs(60)),
                None
            )
        );
        let config = Config::builder()
            .max_response_size(1)
            .retry_config(RetryConfig::disabled())
            .attempt_timeout(Duration::from_secs(2))
            .operation_timeout(Duration::from_secs(9))
            .connect_timeout(None)
            .build();
        assert_eq!(config.max_response_size(), 1);
        assert_eq!(config.retry_config().max_attempts(), 1);
        assert_eq!(
            timeouts(&config),
            (
                None,
                Some(Duration::from_secs(2)),
                Some(Duration::from_secs(9))
            )
        );
        let off = Config::builder().attempt_timeout(None).build();
        assert_eq!(off.attempt_timeout(), None);
    }

    #[test]
    fn each_build_gets_its_own_rate_limiters_and_clones_share_them() {
        let builder = Config::builder();
        let (a, b) = (builder.clone().build(), builder.build());
        assert!(!Arc::ptr_eq(&a.rate_limiters, &b.rate_limiters));
        assert!(Arc::ptr_eq(&a.rate_limiters, &a.clone().rate_limiters));
    }
}
