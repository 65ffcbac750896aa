//! Client configuration: region, credentials, endpoint and timeouts.

use crate::credentials::Credentials;
use std::time::Duration;

/// The signing name of Amazon Connect, also the first label of its default endpoint.
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
    /// `None` means the default: on.
    pub(crate) validate_constraints: Option<bool>,
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

    /// The endpoint requests go to: the override if set, else
    /// `https://connect.{region}.amazonaws.com`; `None` without a region or override.
    pub fn endpoint_url(&self) -> Option<String> {
        match (&self.endpoint_url, &self.region) {
            (Some(url), _) => Some(url.clone()),
            (None, Some(region)) => Some(format!("https://{SERVICE}.{region}.amazonaws.com")),
            (None, None) => None,
        }
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The time allowed for a whole operation: sending the request and reading the answer.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
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

    /// Turns the client-side checks of `length`, `range` and `pattern` on (the default) or
    /// off, e.g. to let the service judge values that a newer version of the service accepts.
    /// Required members and unions set to an unknown member are checked either way.
    pub fn validate_constraints(mut self, on: bool) -> Self {
        self.config.validate_constraints = Some(on);
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
    fn default_endpoint_follows_region() {
        let config = Config::builder().region("eu-west-2").build();
        assert_eq!(
            config.endpoint_url().as_deref(),
            Some("https://connect.eu-west-2.amazonaws.com")
        );
        let config = Config::builder()
            .region("eu-west-2")
            .endpoint_url("http://127.0.0.1:9000")
            .build();
        assert_eq!(
            config.endpoint_url().as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(Config::builder().build().endpoint_url(), None);
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
    }
}
