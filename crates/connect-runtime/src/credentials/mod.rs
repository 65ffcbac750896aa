//! AWS credentials (kept out of `Debug` output), the providers that find them, and the cache
//! that keeps them until they are about to expire.

pub(crate) mod calls;
pub(crate) mod chain;
pub mod container;
mod fetch;
pub mod imds;
pub mod process;
mod profile_chain;
pub mod services;
pub mod sso;
mod web_identity;

pub use chain::MfaTokenProvider;
pub use web_identity::WebIdentityCredentials;

pub use container::{ContainerCredentials, ContainerSettings};
pub use imds::{ImdsCredentials, ImdsEndpointMode, ImdsSettings};

use crate::client::transport::HttpClient;
use crate::sleep::AsyncSleep;
use process::CredentialProcessError;
use services::CredentialServices;
use sso::SsoTokenError;

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// An access key pair, with an optional session token and expiry for temporary credentials.
///
/// The secret key and the session token never appear in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from explicit values.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// These credentials, valid until `expiry` (temporary credentials).
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set,
    /// `AWS_SESSION_TOKEN`; `None` when either of the first two is missing or empty.
    pub fn from_env() -> Option<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup` (testable without
    /// touching the process environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let non_empty = |name: &str| lookup(name).filter(|value| !value.is_empty());
        Some(Self::new(
            non_empty("AWS_ACCESS_KEY_ID")?,
            non_empty("AWS_SECRET_ACCESS_KEY")?,
            non_empty("AWS_SESSION_TOKEN"),
        ))
    }

    /// The access key id (not a secret: it appears in every signed request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials stop being valid; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Why no credentials could be had.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No source had credentials.
    NotFound {
        /// Every place the provider chain looked, in order, with what it found there.
        looked: Vec<String>,
    },
    /// A source holds half of a key pair.
    Incomplete {
        /// Where, e.g. ``profile `dev` in /home/me/.aws/credentials``.
        location: String,
        /// The key that is missing, e.g. `aws_secret_access_key`.
        missing: &'static str,
    },
    /// A service that hands out credentials (STS, IAM Identity Center's portal, SSO OIDC)
    /// failed or refused, or answered without them.
    Service {
        /// The service, e.g. `STS`.
        service: &'static str,
        /// The operation, e.g. `AssumeRole`.
        operation: &'static str,
        /// The service's error code, when it answered with an error.
        code: Option<String>,
        /// The service's error message, when it answered with an error.
        message: Option<String>,
        /// What went wrong: the call's error (code, message, HTTP status and request id, or
        /// why no answer came), or what the answer lacked. Never a secret.
        reason: String,
    },
    /// A profile's credentials are described in a way that cannot work.
    InvalidProfile {
        /// The profile at fault.
        profile: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A custom provider failed.
    Provider(String),
    /// A profile, or a section it refers to, lacks keys that its way of getting credentials
    /// needs.
    MissingKeys {
        /// Where, e.g. ``profile `dev` in /home/me/.aws/config`` or
        /// ``sso-session `corp` in /home/me/.aws/config``.
        location: String,
        /// What the keys are for, e.g. `IAM Identity Center`.
        needed_for: &'static str,
        /// The keys that are missing or empty.
        keys: Vec<&'static str>,
    },
    /// A profile names an `[sso-session]` section that no config file has.
    SsoSessionNotFound {
        /// The profile's name.
        profile: String,
        /// The session it names.
        session: String,
        /// The file that sets `sso_session`.
        file: PathBuf,
    },
    /// A profile and the `[sso-session]` section it names set a key to different values.
    SsoSessionMismatch {
        /// The profile, e.g. ``profile `dev` in /home/me/.aws/config``.
        location: String,
        /// The session's name.
        session: String,
        /// The key, e.g. `sso_region`.
        key: String,
    },
    /// The IAM Identity Center token that `aws sso login` caches cannot be used (boxed, as
    /// the larger variants are: the error stays small).
    SsoToken(Box<SsoTokenError>),
    /// A provider that calls a service was asked for credentials before any client lent it
    /// what it needs to send ([`ProvideCredentials::bind`]).
    NotBound {
        /// The provider, e.g. `IAM Identity Center`.
        provider: &'static str,
    },
    /// A provider that calls STS, SSO or SSO OIDC is used by a client whose SDK brings no way to
    /// call them ([`ProviderContext::services`] is `None`).
    NoCredentialServices {
        /// The provider, e.g. `IAM Identity Center`.
        provider: &'static str,
    },
    /// A profile's `credential_process` cannot be split into a program and its arguments.
    InvalidCredentialProcess {
        /// The profile's name.
        profile: String,
        /// The file that sets `credential_process`.
        file: PathBuf,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A profile's `credential_process` did not give credentials.
    CredentialProcess(Box<CredentialProcessError>),
    /// A credential source that is set up failed: its endpoint gave no usable answer, or what
    /// it reads locally could not be read.
    Source {
        /// The source, e.g. `the container credentials endpoint`.
        source: &'static str,
        /// Where: the URL asked, or the file read.
        location: String,
        /// What went wrong (never a secret).
        reason: String,
    },
    /// A setting of a credential source cannot be used; nothing was sent.
    InvalidSetting {
        /// Where it is set, e.g. `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
        setting: String,
        /// Why it cannot be used (never the value of a secret).
        reason: String,
    },
}

impl CredentialsError {
    /// The failure of a custom [`ProvideCredentials`] implementation, with its reason.
    pub fn provider(reason: impl Into<String>) -> Self {
        Self::Provider(reason.into())
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound { looked } => {
                f.write_str("no credentials found; looked at: ")?;
                for (index, place) in looked.iter().enumerate() {
                    let separator = if index == 0 { "" } else { "; " };
                    write!(f, "{separator}({}) {place}", index + 1)?;
                }
                Ok(())
            }
            Self::Incomplete { location, missing } => {
                write!(
                    f,
                    "{location} has half of a key pair: `{missing}` is missing"
                )
            }
            Self::Service {
                service,
                operation,
                reason,
                ..
            } => write!(f, "{service} {operation} failed: {reason}"),
            Self::InvalidProfile { profile, reason } => {
                write!(f, "profile `{profile}` cannot give credentials: {reason}")
            }
            Self::Provider(reason) => write!(f, "the credentials provider failed: {reason}"),
            Self::MissingKeys {
                location,
                needed_for,
                keys,
            } => {
                write!(f, "{location} is set up for {needed_for} but lacks ")?;
                write_keys(f, keys)
            }
            Self::SsoSessionNotFound {
                profile,
                session,
                file,
            } => write!(
                f,
                "profile `{profile}` in {} sets `sso_session = {session}`, but no config file \
                 has an `[sso-session {session}]` section",
                file.display()
            ),
            Self::SsoSessionMismatch {
                location,
                session,
                key,
            } => write!(
                f,
                "{location} sets `{key}` to another value than its `[sso-session {session}]` \
                 section does: remove it from the profile or make the two equal"
            ),
            Self::SsoToken(error) => write!(f, "{error}"),
            Self::NotBound { provider } => write!(
                f,
                "the {provider} credentials provider was asked for credentials before a client \
                 was built with it; it sends its requests through the client it is set on"
            ),
            Self::NoCredentialServices { provider } => write!(
                f,
                "the {provider} credentials provider needs to call AWS services (STS, SSO or \
                 SSO OIDC), which the SDK of the client it is set on does not provide"
            ),
            Self::InvalidCredentialProcess {
                profile,
                file,
                problem,
            } => write!(
                f,
                "`credential_process` of profile `{profile}` in {} cannot be run: {problem}",
                file.display()
            ),
            Self::CredentialProcess(error) => write!(f, "{error}"),
            Self::Source {
                source,
                location,
                reason,
            } => write!(f, "{source} ({location}) failed: {reason}"),
            Self::InvalidSetting { setting, reason } => {
                write!(f, "{setting} cannot be used: {reason}")
            }
        }
    }
}

impl std::error::Error for CredentialsError {}

/// `a`, `a` and `b`, `a`, `b` and `c`.
fn write_keys(f: &mut fmt::Formatter<'_>, keys: &[&str]) -> fmt::Result {
    for (index, key) in keys.iter().enumerate() {
        let separator = match index {
            0 => "",
            _ if index + 1 == keys.len() => " and ",
            _ => ", ",
        };
        write!(f, "{separator}`{key}`")?;
    }
    Ok(())
}

/// What [`ProvideCredentials::provide_credentials`] returns.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. The client asks it again when the credentials it gave are about to
/// expire (see [`Credentials::with_expiry`]), and keeps them until then.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Finds or fetches credentials.
    fn provide_credentials(&self) -> ProvideFuture<'_>;

    /// Called by every client built with this provider, before it asks for credentials, with
    /// what the client sends through: a provider that calls a service (the instance metadata
    /// service, STS, ...) keeps the first context it is given. Providers that call nothing
    /// ignore it, as the default does.
    fn bind(&self, context: &ProviderContext) {
        let _ = context;
    }
}

/// What a client lends the credential providers it uses: its HTTP client, its timer, and the
/// services that hand out credentials as the SDK that built the client provides them.
#[derive(Clone, Debug)]
pub struct ProviderContext {
    /// The client's HTTP client.
    pub http: Arc<dyn HttpClient>,
    /// The client's timer (timeouts of the instance metadata service, for one).
    pub sleep: Arc<dyn AsyncSleep>,
    /// STS, SSO and SSO OIDC; `None` when the client's SDK brings none (a client of one of
    /// these services itself).
    pub services: Option<&'static dyn CredentialServices>,
}

/// Fixed credentials are their own provider.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// How long before their expiry cached credentials are refreshed: long enough that a request
/// signed with them, and its retries, still arrive while they are valid.
pub(crate) const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// Keeps a provider's credentials until [`REFRESH_BEFORE_EXPIRY`] before they expire. Calls
/// that need credentials while a refresh is running wait for it instead of starting their own.
#[derive(Debug)]
pub(crate) struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    cached: tokio::sync::Mutex<Option<Credentials>>,
}

impl CredentialsCache {
    pub(crate) fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            provider,
            cached: tokio::sync::Mutex::new(None),
        }
    }

    /// Lends the provider what a client sends through.
    pub(crate) fn bind(&self, context: &ProviderContext) {
        self.provider.bind(context);
    }

    /// Credentials valid for at least a few more minutes, from the cache or the provider. When
    /// a refresh fails, cached credentials that have not expired yet are still used.
    pub(crate) async fn get(&self) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        let now = SystemTime::now();
        if let Some(credentials) = cached.as_ref() {
            if !needs_refresh(credentials, now) {
                return Ok(credentials.clone());
            }
        }
        match self.provider.provide_credentials().await {
            Ok(credentials) => {
                tracing::debug!(expiry = ?credentials.expiry(), "credentials loaded");
                *cached = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => match cached.as_ref() {
                Some(credentials) if credentials.expiry().is_none_or(|at| at > now) => {
                    tracing::warn!(%error, "refreshing credentials failed; using the cached ones until they expire");
                    Ok(credentials.clone())
                }
                _ => Err(error),
            },
        }
    }
}

fn needs_refresh(credentials: &Credentials, now: SystemTime) -> bool {
    credentials
        .expiry()
        .is_some_and(|expiry| expiry <= now + REFRESH_BEFORE_EXPIRY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// Gives out its scripted answers in order, counting the calls.
    #[derive(Debug)]
    struct Scripted {
        answers: Mutex<Vec<Result<Credentials, CredentialsError>>>,
        calls: AtomicUsize,
    }

    impl Scripted {
        fn new(answers: Vec<Result<Credentials, CredentialsError>>) -> Arc<Self> {
            Arc::new(Self {
                answers: Mutex::new(answers),
                calls: AtomicUsize::new(0),
            })
        }
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials(&self) -> ProvideFuture<'_> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let answer = self.answers.lock().unwrap().remove(0);
            Box::pin(std::future::ready(answer))
        }
    }

    fn keys(id: &str, expires_in: Option<Duration>) -> Credentials {
        let credentials = Credentials::new(id, "secret", Some("token".into()));
        match expires_in {
            Some(duration) => credentials.with_expiry(SystemTime::now() + duration),
            None => credentials,
        }
    }

    #[tokio::test]
    async fn the_cache_keeps_credentials_until_shortly_before_they_expire() {
        let hour = Duration::from_secs(3600);
        let provider = Scripted::new(vec![Ok(keys("long-term", None)), Ok(keys("unused", None))]);
        let cache = CredentialsCache::new(provider.clone());
        for _ in 0..3 {
            assert_eq!(cache.get().await.unwrap().access_key_id(), "long-term");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);

        // An hour of validity is kept; one minute is inside the refresh window.
        let provider = Scripted::new(vec![Ok(keys("hour", Some(hour))), Ok(keys("unused", None))]);
        let cache = CredentialsCache::new(provider.clone());
        assert_eq!(cache.get().await.unwrap().access_key_id(), "hour");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "hour");
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);

        let provider = Scripted::new(vec![
            Ok(keys("minute", Some(Duration::from_secs(60)))),
            Ok(keys("fresh", Some(hour))),
            Ok(keys("unused", None)),
        ]);
        let cache = CredentialsCache::new(provider.clone());
        assert_eq!(cache.get().await.unwrap().access_key_id(), "minute");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "fresh");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "fresh");
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_falls_back_to_unexpired_credentials_only() {
        let failure = || Err(CredentialsError::provider("service down"));
        let provider = Scripted::new(vec![
            Ok(keys("minute", Some(Duration::from_secs(60)))),
            failure(),
        ]);
        let cache = CredentialsCache::new(provider.clone());
        assert_eq!(cache.get().await.unwrap().access_key_id(), "minute");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "minute");

        let past = SystemTime::now() - Duration::from_secs(1);
        let provider = Scripted::new(vec![
            Ok(Credentials::new("expired", "s", None).with_expiry(past)),
            failure(),
        ]);
        let cache = CredentialsCache::new(provider.clone());
        cache.get().await.unwrap();
        assert_eq!(
            cache.get().await.unwrap_err(),
            CredentialsError::provider("service down")
        );
    }

    #[test]
    fn errors_say_where_and_what() {
        let error = CredentialsError::NotFound {
            looked: vec!["a: nothing".into(), "b: nothing".into()],
        };
        assert_eq!(
            error.to_string(),
            "no credentials found; looked at: (1) a: nothing; (2) b: nothing"
        );
        let error = CredentialsError::InvalidProfile {
            profile: "dev".into(),
            reason: "it sets `role_arn` but neither `source_profile` nor `credential_source`"
                .into(),
        };
        assert_eq!(
            error.to_string(),
            "profile `dev` cannot give credentials: it sets `role_arn` but neither \
             `source_profile` nor `credential_source`"
        );
    }

    #[test]
    fn source_errors_name_the_source_the_place_and_the_reason() {
        let error = CredentialsError::Source {
            source: "the container credentials endpoint",
            location: "http://127.0.0.1:9/creds".into(),
            reason: "answered HTTP 500 (attempt 3 of 3, all failed)".into(),
        };
        assert_eq!(
            error.to_string(),
            "the container credentials endpoint (http://127.0.0.1:9/creds) failed: answered \
             HTTP 500 (attempt 3 of 3, all failed)"
        );
        let error = CredentialsError::InvalidSetting {
            setting: "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE".into(),
            reason: "`IPv5` is neither IPv4 nor IPv6".into(),
        };
        assert_eq!(
            error.to_string(),
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE cannot be used: `IPv5` is neither IPv4 nor \
             IPv6"
        );
    }

    #[test]
    fn a_service_failure_names_service_and_operation() {
        let error = CredentialsError::Service {
            service: "STS",
            operation: "AssumeRole",
            code: Some("AccessDenied".into()),
            message: Some("not authorized".into()),
            reason: "AccessDenied: not authorized (HTTP 403)".into(),
        };
        assert_eq!(
            error.to_string(),
            "STS AssumeRole failed: AccessDenied: not authorized (HTTP 403)"
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let credentials = Credentials::new("AKID", "s3cr3t", Some("t0k3n".into()));
        let shown = format!("{credentials:?} {credentials:#?}");
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("s3cr3t"));
        assert!(!shown.contains("t0k3n"));
    }

    #[test]
    fn environment_needs_both_keys() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(
            Credentials::from_lookup(env(&[("AWS_ACCESS_KEY_ID", "A")])),
            None
        );
        assert_eq!(
            Credentials::from_lookup(env(&[
                ("AWS_ACCESS_KEY_ID", "A"),
                ("AWS_SECRET_ACCESS_KEY", "")
            ])),
            None
        );
        let full = Credentials::from_lookup(env(&[
            ("AWS_ACCESS_KEY_ID", "A"),
            ("AWS_SECRET_ACCESS_KEY", "S"),
            ("AWS_SESSION_TOKEN", "T"),
        ]))
        .unwrap();
        assert_eq!(full, Credentials::new("A", "S", Some("T".into())));
    }
}
