//! Endpoint URLs configured outside the code, per service, as the AWS SDKs read them.
//!
//! For the service whose sdkId is `sdk_id`, the first of:
//!
//! 1. an endpoint URL set on the [`ConfigBuilder`](super::ConfigBuilder) (for every service);
//! 2. `AWS_ENDPOINT_URL_<SERVICE>`: the sdkId upper-cased, spaces and hyphens as `_`
//!    (`AWS_ENDPOINT_URL_CONNECT`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO_OIDC`);
//! 3. `AWS_ENDPOINT_URL`;
//! 4. in the `[services name]` section that the profile's `services = name` names, the
//!    `endpoint_url` under the service's key: the sdkId lower-cased, spaces and hyphens as `_`
//!    (`connect =`, `sso_oidc =`, followed by an indented `endpoint_url = ...`);
//! 5. the profile's own `endpoint_url`.
//!
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (else the profile's `ignore_configured_endpoint_urls`)
//! set to `true` drops 2 to 5, as does
//! [`ConfigBuilder::ignore_configured_endpoint_urls`](super::ConfigBuilder::ignore_configured_endpoint_urls);
//! the builder's URL still applies. Every configured URL is checked when the configuration is
//! loaded (scheme `http` or `https`, a host), whatever service it is for: a broken value is a
//! [`LoadError`] naming its variable or key, not a surprise at some later call.

use super::loader::{Env, Fs, LoadError};
use super::profile::{sub_properties, Profiles};
use super::settings::{Found, Sources};
use crate::sorted_map::SortedMap;

/// The endpoint URLs of the environment and the profile, kept for every service (a
/// configuration serves the clients of several services).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ConfiguredEndpoints {
    /// `AWS_ENDPOINT_URL_<SERVICE>`, by variable name.
    service_vars: SortedMap<String>,
    /// `AWS_ENDPOINT_URL`.
    global_var: Option<String>,
    /// The profile's services section, by service key.
    service_keys: SortedMap<String>,
    /// The profile's `endpoint_url`.
    global_key: Option<String>,
}

impl ConfiguredEndpoints {
    /// The configured URL that applies to the service `sdk_id`, in the order above.
    pub(crate) fn url_for(&self, sdk_id: &str) -> Option<&str> {
        self.service_vars
            .get(&variable(sdk_id))
            .or(self.global_var.as_ref())
            .or_else(|| self.service_keys.get(&key(sdk_id)))
            .or(self.global_key.as_ref())
            .map(String::as_str)
    }
}

/// The environment variable of the service `sdk_id`: `AWS_ENDPOINT_URL_SSO_OIDC` for
/// `SSO OIDC`.
pub(crate) fn variable(sdk_id: &str) -> String {
    format!("{PREFIX}{}", identifier(sdk_id).to_ascii_uppercase())
}

/// The key of the service `sdk_id` in a `[services]` section: `sso_oidc` for `SSO OIDC`.
pub(crate) fn key(sdk_id: &str) -> String {
    identifier(sdk_id).to_ascii_lowercase()
}

fn identifier(sdk_id: &str) -> String {
    // A loop rather than `replace` with a pattern of two characters, which is compiled for
    // this one call.
    let mut identifier = String::with_capacity(sdk_id.len());
    for c in sdk_id.trim().chars() {
        identifier.push(if matches!(c, ' ' | '-') { '_' } else { c });
    }
    identifier
}

const PREFIX: &str = "AWS_ENDPOINT_URL_";

/// Reads the endpoint URLs of `sources`; `None` when they are to be ignored, or none is set.
pub(crate) fn read(sources: &Sources<'_>) -> Result<Option<ConfiguredEndpoints>, LoadError> {
    if sources.flag(
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "ignore_configured_endpoint_urls",
    )? == Some(true)
    {
        return Ok(None);
    }
    let mut endpoints = ConfiguredEndpoints {
        global_var: sources.var("AWS_ENDPOINT_URL").map(checked).transpose()?,
        global_key: sources.key("endpoint_url").map(checked).transpose()?,
        ..ConfiguredEndpoints::default()
    };
    for name in sources.env.names_starting_with(PREFIX) {
        if let Some(found) = sources.var(&name) {
            let url = checked(found)?;
            endpoints.service_vars.insert(name, url);
        }
    }
    if let Some(found) = sources.key("services") {
        let section_name = found.value.trim();
        let Some(section) = sources.profiles.services(section_name) else {
            return Err(LoadError::InvalidValue {
                setting: found.setting,
                value: found.value.clone(),
                expected: "the name of a `[services name]` section of the config file",
            });
        };
        for (service, property) in section {
            let Some(url) = sub_properties(&property.value).remove("endpoint_url") else {
                continue;
            };
            if url.is_empty() {
                continue;
            }
            let found = Found {
                value: url,
                setting: format!(
                    "`{service}.endpoint_url` of section `[services {section_name}]` in {}",
                    property.file.display()
                ),
            };
            endpoints.service_keys.insert(service, checked(found)?);
        }
    }
    Ok((endpoints != ConfiguredEndpoints::default()).then_some(endpoints))
}

/// The endpoint URLs that the environment alone configures (`AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`), for a credential
/// provider made outside the loader, which has no profile to read.
pub(crate) fn read_env(env: &Env, fs: &Fs) -> Result<Option<ConfiguredEndpoints>, LoadError> {
    read(&Sources {
        env,
        fs,
        profiles: &Profiles::default(),
        profile_name: "default",
        home: None,
    })
}

/// The URL of `found`, if it can be an endpoint: `http` or `https`, with a host.
fn checked(found: Found) -> Result<String, LoadError> {
    const EXPECTED: &str = "a URL with scheme http or https and a host, e.g. http://127.0.0.1:4566";
    let url = found.value.trim();
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => {
            Ok(url.to_owned())
        }
        _ => Err(found.invalid(EXPECTED)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::loader::{Env, Fs};
    use crate::config::{Config, ConfigBuilder};

    const CONFIG: &str = "/home/me/.aws/config";

    fn load(vars: &[(&str, &str)], config: &str) -> Result<Config, LoadError> {
        let mut env = vec![("HOME", "/home/me")];
        env.extend_from_slice(vars);
        Config::loader()
            .env(Env::from_vars(env))
            .fs(Fs::from_files([(CONFIG, config)]))
            .load()
            .map(ConfigBuilder::build)
    }

    #[test]
    fn identifiers_follow_the_sdk_id() {
        assert_eq!(variable("Connect"), "AWS_ENDPOINT_URL_CONNECT");
        assert_eq!(variable("SSO OIDC"), "AWS_ENDPOINT_URL_SSO_OIDC");
        assert_eq!(
            variable("Customer Profiles"),
            "AWS_ENDPOINT_URL_CUSTOMER_PROFILES"
        );
        assert_eq!(key("SSO OIDC"), "sso_oidc");
        assert_eq!(key("ConnectCampaignsV2"), "connectcampaignsv2");
        assert_eq!(key("STS"), "sts");
    }

    const FILE: &str = "[default]\nendpoint_url = http://profile-global:1\nservices = local\n\
                        [services local]\nconnect =\n  endpoint_url = http://profile-connect:2\n\
                        sso_oidc =\n  endpoint_url = http://profile-oidc:3\n  other = x\n\
                        sts =\n  region = ignored\n";

    /// The URL for each of Connect, SSO OIDC and STS.
    fn urls(vars: &[(&str, &str)], file: &str) -> [Option<String>; 3] {
        let config = load(vars, file).unwrap();
        ["Connect", "SSO OIDC", "STS"].map(|id| config.endpoint_url_for(id).map(str::to_owned))
    }

    fn some(url: &str) -> Option<String> {
        Some(url.to_owned())
    }

    #[test]
    fn service_variable_then_global_variable_then_services_section_then_profile() {
        assert_eq!(urls(&[], ""), [None, None, None]);
        assert_eq!(
            urls(&[], FILE),
            [
                some("http://profile-connect:2"),
                some("http://profile-oidc:3"),
                some("http://profile-global:1"),
            ]
        );
        // The global variable wins over the whole profile, the service's variable over it.
        let vars = [
            ("AWS_ENDPOINT_URL", "https://env-global"),
            ("AWS_ENDPOINT_URL_SSO_OIDC", "http://env-oidc:4"),
        ];
        assert_eq!(
            urls(&vars, FILE),
            [
                some("https://env-global"),
                some("http://env-oidc:4"),
                some("https://env-global"),
            ]
        );
        assert_eq!(
            urls(&vars[1..], ""),
            [None, some("http://env-oidc:4"), None]
        );
        // A URL set on the builder wins for every service.
        let config = Config::loader()
            .env(Env::from_vars([
                ("HOME", "/home/me"),
                ("AWS_ENDPOINT_URL_CONNECT", "http://env-connect"),
            ]))
            .fs(Fs::from_files([(CONFIG, FILE)]))
            .load()
            .unwrap()
            .endpoint_url("http://builder:9")
            .build();
        for id in ["Connect", "SSO OIDC", "STS"] {
            assert_eq!(
                config.endpoint_url_for(id),
                Some("http://builder:9"),
                "{id}"
            );
        }
    }

    #[test]
    fn configured_urls_can_be_ignored_but_not_the_builders() {
        let vars = [("AWS_ENDPOINT_URL_CONNECT", "http://env-connect")];
        for ignore in [
            vec![("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")],
            vec![("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE")],
        ] {
            let all: Vec<_> = vars.iter().chain(&ignore).copied().collect();
            assert_eq!(urls(&all, FILE), [None, None, None]);
        }
        let file = format!("{FILE}[profile ignoring]\nignore_configured_endpoint_urls = true\n");
        let profile = FILE.replace(
            "[default]",
            "[default]\nignore_configured_endpoint_urls = true",
        );
        assert_eq!(urls(&vars, &profile), [None, None, None]);
        // The environment's `false` wins over the profile's `true`.
        let not_ignored = [
            ("AWS_ENDPOINT_URL_CONNECT", "http://env-connect"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"),
        ];
        assert_eq!(urls(&not_ignored, &profile)[0], some("http://env-connect"));
        // Another profile's setting does not count.
        assert_eq!(urls(&vars, &file)[0], some("http://env-connect"));
        let ignored = Config::loader()
            .env(Env::from_vars(vars))
            .fs(Fs::from_files::<&str, &str>([]))
            .load()
            .unwrap()
            .ignore_configured_endpoint_urls(true);
        assert_eq!(ignored.clone().build().endpoint_url_for("Connect"), None);
        let explicit = ignored.endpoint_url("http://builder").build();
        assert_eq!(explicit.endpoint_url_for("Connect"), Some("http://builder"));
        let error = load(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "yes")], "").unwrap_err();
        assert_eq!(
            error.to_string(),
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is `yes`, but must be `true` or `false`"
        );
    }

    #[test]
    fn unusable_urls_and_missing_sections_name_where_they_are_set() {
        let error = load(&[("AWS_ENDPOINT_URL_S3", "localhost:4566")], "").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("AWS_ENDPOINT_URL_S3 is `localhost:4566`, but must be a URL"),
            "{error}"
        );
        for bad in ["ftp://x", "not a url", "http://"] {
            let error = load(&[("AWS_ENDPOINT_URL", bad)], "").unwrap_err();
            assert!(
                matches!(error, LoadError::InvalidValue { .. }),
                "{bad}: {error}"
            );
        }
        let error = load(&[], "[default]\nendpoint_url = nope\n").unwrap_err();
        assert!(
            error.to_string().starts_with(
                "`endpoint_url` of profile `default` in /home/me/.aws/config is `nope`"
            ),
            "{error}"
        );
        let file = "[default]\nservices = s\n[services s]\nconnect =\n  endpoint_url = ::\n";
        let error = load(&[], file).unwrap_err();
        assert!(
            error.to_string().starts_with(
                "`connect.endpoint_url` of section `[services s]` in /home/me/.aws/config is `::`"
            ),
            "{error}"
        );
        let error = load(&[], "[default]\nservices = missing\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`services` of profile `default` in /home/me/.aws/config is `missing`, but must be \
             the name of a `[services name]` section of the config file"
        );
    }
}
