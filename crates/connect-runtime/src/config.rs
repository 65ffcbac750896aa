//! Client configuration: region, credentials, endpoint and timeouts.

use crate::credentials::Credentials;
use std::time::Duration;

/// The signing name of Amazon Connect, unless the resolved endpoint's `sigv4` auth scheme names
/// another.
pub const SERVICE: &str = "connect";

/// What a [`Client`](crate::Client) needs to reach Amazon Connect.
///
/// Built with [`Config::builder`] (explicit values only) or [`Config::from_env`] (the standard
/// AWS environment variables, which explicit values then override).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder with the region from `AWS_REGION` and credentials from `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, where set.
    pub fn from_env() -> ConfigBuilder {
        ConfigBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// The region requests are signed for and sent to.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
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

    /// The time allowed for a whole operation: sending the request and reading the answer.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
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
        let region = lookup("AWS_REGION").filter(|region| !region.is_empty());
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

    /// Sets the credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = Some(credentials);
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

    /// Sets the time allowed for a whole operation.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = Some(timeout);
        self
    }

    /// The configuration. Missing region or credentials are reported when a request is made,
    /// before anything is sent.
    pub fn build(self) -> Config {
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
    }
}
