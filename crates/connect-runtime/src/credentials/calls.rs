//! The configuration of the calls providers make to STS, SSO and SSO OIDC: the region and
//! endpoint of the service called, the HTTP client and timer of the client that needs the
//! credentials, and the credentials to sign with (none for the unsigned calls).

use super::{Credentials, CredentialsError, ProviderContext};
use crate::config::Config;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// The sdkIds of the services credential providers call, whose configured endpoint URLs the
/// loader puts in [`Calls::endpoints`].
pub(crate) const SERVICES: [&str; 3] = ["STS", "SSO", "SSO OIDC"];

/// Where a provider's calls go, as the loader found it; the client's context is added when a
/// client binds the provider.
#[derive(Clone, Debug, Default)]
pub(crate) struct Calls {
    /// The region of the loaded configuration: STS is called there (regional endpoints).
    pub(crate) region: Option<String>,
    /// The endpoint URL configured for each service that providers call, by sdkId (those of
    /// [`SERVICES`] that have one).
    pub(crate) endpoints: Vec<(&'static str, String)>,
}

impl Calls {
    /// The endpoint URL configured for the service `sdk_id`, if any.
    pub(crate) fn endpoint_url(&self, sdk_id: &str) -> Option<&str> {
        self.endpoints
            .iter()
            .find(|(id, _)| *id == sdk_id)
            .map(|(_, url)| url.as_str())
    }

    /// The configuration of a call to the service `sdk_id` in `region`, signed with
    /// `credentials` if any, through `context`.
    pub(crate) fn config(
        &self,
        context: &ProviderContext,
        sdk_id: &str,
        region: Option<&str>,
        credentials: Option<Credentials>,
    ) -> Config {
        // STS without a region: its global endpoint's region, as the AWS SDKs do.
        let region = region.or(self.region.as_deref()).unwrap_or("us-east-1");
        let endpoint_url = self.endpoint_url(sdk_id).map(str::to_owned);
        call_config(context, region, endpoint_url, credentials)
    }
}

/// The configuration of one call of a provider through `context`: to `region`, at
/// `endpoint_url` when one is set, signed with `credentials` when given.
pub(crate) fn call_config(
    context: &ProviderContext,
    region: &str,
    endpoint_url: Option<String>,
    credentials: Option<Credentials>,
) -> Config {
    Config {
        region: Some(region.to_owned()),
        credentials,
        http_client: Some(context.http.clone()),
        sleep: crate::sleep::SharedAsyncSleep(context.sleep.clone()),
        endpoint_url,
        ..Config::default()
    }
}

/// The context a provider was bound to, or why it cannot call anything yet.
pub(crate) fn bound<'c>(
    context: &'c OnceLock<ProviderContext>,
    provider: &'static str,
) -> Result<&'c ProviderContext, CredentialsError> {
    context.get().ok_or(CredentialsError::NotBound { provider })
}

/// The services of the context, or an error saying which provider needs them.
pub(crate) fn services(
    context: &ProviderContext,
    provider: &'static str,
) -> Result<&'static dyn super::services::CredentialServices, CredentialsError> {
    context
        .services
        .ok_or(CredentialsError::NoCredentialServices { provider })
}

/// A session name for an assumed role the configuration does not name, unique per call.
pub(crate) fn session_name() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    format!("connect-sdk-rust-{millis}")
}
