//! The settings [`Config::load`](crate::Config::load) reads besides the region and credentials,
//! each from its environment variable, else from the profile's key, as the AWS SDKs and CLI
//! read them:
//!
//! | setting | variable | profile key |
//! |---|---|---|
//! | retry mode | `AWS_RETRY_MODE` | `retry_mode` |
//! | maximum attempts | `AWS_MAX_ATTEMPTS` | `max_attempts` |
//! | FIPS endpoints | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` |
//! | dual-stack endpoints | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` |
//! | endpoint URLs | see [`super::endpoints`] | |
//! | extra trusted CA certificates | `AWS_CA_BUNDLE` | `ca_bundle` |
//! | application id in the user agent | `AWS_SDK_UA_APP_ID` | `sdk_ua_app_id` |
//! | proxies | see [`super::proxy`] (environment only) | |
//!
//! A value that cannot be used is a [`LoadError`] naming the variable, or the key, profile and
//! file; nothing is guessed.

use super::ca_bundle::CaBundle;
use super::endpoints::{self, ConfiguredEndpoints};
use super::loader::{Env, Fs, LoadError};
use super::profile::{Profile, Profiles};
use super::proxy::ProxyConfig;
use super::ConfigBuilder;
use crate::retry::{RetryConfig, RetryMode};
use std::path::{Path, PathBuf};

/// Where settings are read: the environment, then the chosen profile of the shared files.
pub(crate) struct Sources<'a> {
    pub(crate) env: &'a Env,
    pub(crate) fs: &'a Fs,
    pub(crate) profiles: &'a Profiles,
    pub(crate) profile_name: &'a str,
    pub(crate) home: Option<&'a Path>,
}

/// A setting's value, and where it was found (for error messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) value: String,
    /// `AWS_RETRY_MODE`, or ``` `retry_mode` of profile `dev` in /home/me/.aws/config ```.
    pub(crate) setting: String,
}

impl Found {
    pub(crate) fn invalid(&self, expected: &'static str) -> LoadError {
        LoadError::InvalidValue {
            setting: self.setting.clone(),
            value: self.value.clone(),
            expected,
        }
    }
}

impl Sources<'_> {
    /// The chosen profile, if the files have it.
    pub(crate) fn profile(&self) -> Option<&Profile> {
        self.profiles.get(self.profile_name)
    }

    /// The variable `name`, if set and not empty.
    pub(crate) fn var(&self, name: &str) -> Option<Found> {
        self.env.get(name).map(|value| Found {
            value,
            setting: name.to_owned(),
        })
    }

    /// The profile's `key`, if set and not empty.
    pub(crate) fn key(&self, key: &str) -> Option<Found> {
        let property = self.profile()?.get(key)?;
        if property.value.is_empty() {
            return None;
        }
        Some(Found {
            value: property.value.clone(),
            setting: format!(
                "`{key}` of profile `{}` in {}",
                self.profile_name,
                property.file.display()
            ),
        })
    }

    /// The variable, else the profile's key.
    pub(crate) fn first(&self, variable: &str, key: &str) -> Option<Found> {
        self.var(variable).or_else(|| self.key(key))
    }

    /// A boolean setting: `true` or `false`, in any case.
    pub(crate) fn flag(&self, variable: &str, key: &str) -> Result<Option<bool>, LoadError> {
        self.first(variable, key)
            .map(|found| parse_flag(&found))
            .transpose()
    }
}

pub(crate) fn parse_flag(found: &Found) -> Result<bool, LoadError> {
    match found.value.trim() {
        value if value.eq_ignore_ascii_case("true") => Ok(true),
        value if value.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(found.invalid("`true` or `false`")),
    }
}

/// What the loader found, to be set on the builder it returns.
#[derive(Debug, Default)]
pub(crate) struct Settings {
    retry: Option<RetryConfig>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    endpoints: Option<ConfiguredEndpoints>,
    app_id: Option<String>,
    ca_bundle: Option<CaBundle>,
    proxy: Option<ProxyConfig>,
}

impl Settings {
    /// Reads every setting of the table above; `ca_bundle` (from
    /// [`ConfigLoader::ca_bundle`](super::loader::ConfigLoader::ca_bundle)) wins over
    /// `AWS_CA_BUNDLE` and the profile.
    pub(crate) fn read(sources: &Sources<'_>, ca_bundle: Option<&Path>) -> Result<Self, LoadError> {
        Ok(Self {
            retry: retry(sources)?,
            use_fips: sources.flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?,
            use_dual_stack: sources.flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?,
            endpoints: endpoints::read(sources)?,
            app_id: sources
                .first("AWS_SDK_UA_APP_ID", "sdk_ua_app_id")
                .map(|found| app_id(&found))
                .transpose()?,
            ca_bundle: ca_bundle_of(sources, ca_bundle)?,
            proxy: ProxyConfig::from_env(sources.env)?,
        })
    }

    /// The endpoint URL configured for the service `sdk_id`, as its clients resolve it
    /// ([`ConfiguredEndpoints::url_for`]); `None` when none is configured or they are ignored.
    pub(crate) fn endpoint_url_for(&self, sdk_id: &str) -> Option<&str> {
        self.endpoints.as_ref()?.url_for(sdk_id)
    }

    /// Sets what was found on `builder`.
    pub(crate) fn apply(self, mut builder: ConfigBuilder) -> ConfigBuilder {
        if let Some(retry) = self.retry {
            builder = builder.retry_config(retry);
        }
        if let Some(on) = self.use_fips {
            builder = builder.use_fips(on);
        }
        if let Some(on) = self.use_dual_stack {
            builder = builder.use_dual_stack(on);
        }
        if let Some(app_id) = self.app_id {
            builder = builder.app_id(app_id);
        }
        if let Some(bundle) = self.ca_bundle {
            builder = builder.ca_bundle(bundle);
        }
        if let Some(proxy) = self.proxy {
            builder = builder.proxy(proxy);
        }
        builder.configured_endpoints(self.endpoints)
    }
}

/// The retry mode and the maximum attempts; `None` when neither is set.
fn retry(sources: &Sources<'_>) -> Result<Option<RetryConfig>, LoadError> {
    let mode = sources
        .first("AWS_RETRY_MODE", "retry_mode")
        .map(|found| retry_mode(&found))
        .transpose()?;
    let attempts = sources
        .first("AWS_MAX_ATTEMPTS", "max_attempts")
        .map(|found| match found.value.trim().parse::<u32>() {
            Ok(attempts) if attempts >= 1 => Ok(attempts),
            _ => Err(found.invalid("a whole number of attempts, 1 or more")),
        })
        .transpose()?;
    if mode.is_none() && attempts.is_none() {
        return Ok(None);
    }
    let mut retry = RetryConfig::standard().with_mode(mode.unwrap_or(RetryMode::Standard));
    if let Some(attempts) = attempts {
        retry = retry.with_max_attempts(attempts);
    }
    Ok(Some(retry))
}

/// `standard` or `adaptive`, in any case. `legacy`, the AWS CLI v1's older mode
/// (other retried errors, other backoff, no quota), is refused rather than taken for another
/// mode: this SDK does not implement it, and pretending would retry differently from what the
/// file asks for. The environment variable wins over the profile, so an application can run
/// beside a CLI whose profile says `legacy`.
fn retry_mode(found: &Found) -> Result<RetryMode, LoadError> {
    let value = found.value.trim();
    if value.eq_ignore_ascii_case("standard") {
        Ok(RetryMode::Standard)
    } else if value.eq_ignore_ascii_case("adaptive") {
        Ok(RetryMode::Adaptive)
    } else if value.eq_ignore_ascii_case("legacy") {
        Err(found.invalid(
            "`standard` or `adaptive`: this SDK does not implement the `legacy` mode (set \
             AWS_RETRY_MODE=standard to override a profile shared with the AWS CLI)",
        ))
    } else {
        Err(found.invalid("`standard` or `adaptive`"))
    }
}

/// The longest application id the AWS SDKs accept.
const MAX_APP_ID: usize = 50;

/// An application id goes into the user agent as `app/<id>`: at most 50 characters, each one
/// allowed in an HTTP token, so that it cannot break the header.
fn app_id(found: &Found) -> Result<String, LoadError> {
    let value = found.value.trim();
    if value.chars().count() > MAX_APP_ID || !value.chars().all(is_token_char) {
        return Err(
            found.invalid("at most 50 letters, digits and characters among !#$%&'*+-.^_`|~")
        );
    }
    Ok(value.to_owned())
}

/// A character of an HTTP token (RFC 9110, section 5.6.2).
pub(crate) fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// The CA bundle: the loader's, else `AWS_CA_BUNDLE`, else the profile's `ca_bundle`.
fn ca_bundle_of(
    sources: &Sources<'_>,
    chosen: Option<&Path>,
) -> Result<Option<CaBundle>, LoadError> {
    let (path, setting) = match chosen {
        Some(path) => (path.to_path_buf(), "ConfigLoader::ca_bundle".to_owned()),
        None => match sources.first("AWS_CA_BUNDLE", "ca_bundle") {
            Some(found) => (
                super::profile::expand_home(found.value.trim(), sources.home),
                found.setting,
            ),
            None => return Ok(None),
        },
    };
    read_ca_bundle(sources.fs, path, setting).map(Some)
}

fn read_ca_bundle(fs: &Fs, path: PathBuf, setting: String) -> Result<CaBundle, LoadError> {
    let invalid = |reason: String| LoadError::InvalidCaBundle {
        file: path.clone(),
        setting: setting.clone(),
        reason,
    };
    let pem = match fs.read(&path) {
        Ok(Some(pem)) => pem,
        Ok(None) => return Err(invalid("there is no such file".into())),
        Err(error) => return Err(invalid(format!("it cannot be read: {error}"))),
    };
    CaBundle::from_pem(&pem, path.clone()).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const HOME: &str = "/home/me";
    const CONFIG: &str = "/home/me/.aws/config";

    fn load(vars: &[(&str, &str)], config: &str) -> Result<Config, LoadError> {
        let mut env = vec![("HOME", HOME)];
        env.extend_from_slice(vars);
        Config::loader()
            .env(Env::from_vars(env))
            .fs(Fs::from_files([(CONFIG, config)]))
            .load()
            .map(ConfigBuilder::build)
    }

    #[test]
    fn retry_mode_and_attempts_come_from_the_environment_then_the_profile() {
        let profile = "[default]\nretry_mode = adaptive\nmax_attempts = 5\n";
        let retry = |vars: &[(&str, &str)], file: &str| *load(vars, file).unwrap().retry_config();
        assert_eq!(retry(&[], ""), RetryConfig::standard());
        assert_eq!(
            retry(&[], profile),
            RetryConfig::adaptive().with_max_attempts(5)
        );
        assert_eq!(
            retry(&[("AWS_RETRY_MODE", "Standard")], profile),
            RetryConfig::standard().with_max_attempts(5)
        );
        assert_eq!(
            retry(&[("AWS_MAX_ATTEMPTS", "2")], profile),
            RetryConfig::adaptive().with_max_attempts(2)
        );
        assert_eq!(
            retry(&[("AWS_RETRY_MODE", "ADAPTIVE")], ""),
            RetryConfig::adaptive()
        );
        // Values set on the builder win.
        let config = Config::loader()
            .env(Env::from_vars([("AWS_RETRY_MODE", "adaptive")]))
            .fs(Fs::from_files::<&str, &str>([]))
            .load()
            .unwrap()
            .retry_config(RetryConfig::disabled())
            .build();
        assert_eq!(config.retry_config(), &RetryConfig::disabled());
    }

    #[test]
    fn legacy_and_unknown_retry_modes_are_refused() {
        let error = load(&[("AWS_RETRY_MODE", "legacy")], "").unwrap_err();
        let text = error.to_string();
        assert!(
            text.starts_with("AWS_RETRY_MODE is `legacy`, but must be"),
            "{text}"
        );
        assert!(
            text.contains("does not implement the `legacy` mode"),
            "{text}"
        );
        let error = load(&[], "[default]\nretry_mode = fast\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`retry_mode` of profile `default` in /home/me/.aws/config is `fast`, but must be \
             `standard` or `adaptive`"
        );
        // The environment overrides a profile shared with the AWS CLI.
        let config = load(
            &[("AWS_RETRY_MODE", "standard")],
            "[default]\nretry_mode = legacy\n",
        )
        .unwrap();
        assert_eq!(config.retry_config().mode(), RetryMode::Standard);
    }

    #[test]
    fn fips_and_dual_stack_are_booleans_from_the_environment_then_the_profile() {
        let flags = |vars: &[(&str, &str)], file: &str| {
            let config = load(vars, file).unwrap();
            (config.use_fips(), config.use_dual_stack())
        };
        assert_eq!(flags(&[], ""), (false, false));
        let profile = "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\n";
        assert_eq!(flags(&[], profile), (true, true));
        assert_eq!(
            flags(&[("AWS_USE_FIPS_ENDPOINT", "false")], profile),
            (false, true)
        );
        assert_eq!(
            flags(&[("AWS_USE_DUALSTACK_ENDPOINT", "False")], profile),
            (true, false)
        );
        for bad in ["yes", "1", "on"] {
            let error = load(&[("AWS_USE_FIPS_ENDPOINT", bad)], "").unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("AWS_USE_FIPS_ENDPOINT is `{bad}`, but must be `true` or `false`")
            );
        }
        let error = load(&[], "[default]\nuse_dualstack_endpoint = maybe\n").unwrap_err();
        assert!(
            error.to_string().starts_with(
                "`use_dualstack_endpoint` of profile `default` in /home/me/.aws/config"
            ),
            "{error}"
        );
    }

    #[test]
    fn the_app_id_is_checked() {
        let app = |vars: &[(&str, &str)], file: &str| {
            load(vars, file).map(|config| config.app_id().map(str::to_owned))
        };
        assert_eq!(app(&[], "").unwrap(), None);
        assert_eq!(
            app(&[], "[default]\nsdk_ua_app_id = from-profile\n")
                .unwrap()
                .as_deref(),
            Some("from-profile")
        );
        assert_eq!(
            app(
                &[("AWS_SDK_UA_APP_ID", "billing_v2.1")],
                "[default]\nsdk_ua_app_id = p\n"
            )
            .unwrap()
            .as_deref(),
            Some("billing_v2.1")
        );
        let fifty = "a".repeat(50);
        assert_eq!(
            app(&[("AWS_SDK_UA_APP_ID", &fifty)], "")
                .unwrap()
                .as_deref(),
            Some(fifty.as_str())
        );
        for bad in [
            "a".repeat(51),
            "two words".into(),
            "slash/y".into(),
            "é".into(),
        ] {
            let error = app(&[("AWS_SDK_UA_APP_ID", &bad)], "").unwrap_err();
            assert!(
                error.to_string().starts_with("AWS_SDK_UA_APP_ID is `"),
                "{error}"
            );
        }
    }
}
