//! EC2 instance metadata (IMDSv2): the credentials of the role attached to the instance, and
//! the instance's region.
//!
//! Every request carries a session token (`PUT /latest/api/token`, asked for six hours), kept
//! until shortly before it expires and fetched again when the service refuses it; this SDK
//! never falls back to IMDSv1. Each request gets 1 s and one retry, so that off EC2 the
//! credentials chain moves on within about two seconds.
//!
//! Settings, the environment winning over the profile, an endpoint over a mode:
//! - `AWS_EC2_METADATA_DISABLED=true`: the service is not asked at all;
//! - `AWS_EC2_METADATA_SERVICE_ENDPOINT`, profile `ec2_metadata_service_endpoint`;
//! - `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, profile `ec2_metadata_service_endpoint_mode`:
//!   `IPv4` (`http://169.254.169.254`, the default) or `IPv6` (`http://[fd00:ec2::254]`).
//!
//! As the AWS SDKs do, credentials the service gives already expired are used 10 to 15
//! minutes longer (with a warning), and when the service fails after having given credentials,
//! the last ones are given again: an outage of the service need not become the application's.

use super::calls;
use super::fetch::{self, Answer, Failure};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::config::loader::Env;
use crate::config::profile::Profile;
use crate::encoding::timestamp::{DateTime, TimestampFormat};
use crate::random::jitter;
use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant, SystemTime};

const SOURCE: &str = "the instance metadata service";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const REGION_PATH: &str = "/latest/meta-data/placement/region";
const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
/// Six hours, the longest EC2 grants.
const TOKEN_TTL: Duration = Duration::from_secs(21_600);
/// A token is replaced this long before it expires (or halfway through a shorter life), so
/// that it does not expire between being read here and reaching the service.
const TOKEN_MARGIN: Duration = Duration::from_secs(120);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
const MAX_ATTEMPTS: u32 = 2;
/// The wait before retrying an answer that came (a timeout has waited long enough).
const RETRY_PAUSE: Duration = Duration::from_millis(100);
/// How much longer expired credentials are used: 10 minutes, and up to 5 more at random so
/// that a fleet does not ask again all at once.
const EXTENSION: Duration = Duration::from_secs(10 * 60);
const EXTENSION_JITTER: Duration = Duration::from_secs(5 * 60);

const DISABLED: &str = "AWS_EC2_METADATA_DISABLED";
const ENDPOINT: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
const ENDPOINT_MODE: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
const PROFILE_ENDPOINT: &str = "ec2_metadata_service_endpoint";
const PROFILE_ENDPOINT_MODE: &str = "ec2_metadata_service_endpoint_mode";

/// The address of the service when no endpoint is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImdsEndpointMode {
    /// `http://169.254.169.254`.
    #[default]
    IPv4,
    /// `http://[fd00:ec2::254]` (Nitro instances in IPv6 or dual-stack subnets).
    IPv6,
}

impl ImdsEndpointMode {
    /// The endpoint of this mode.
    pub fn endpoint(self) -> &'static str {
        match self {
            Self::IPv4 => "http://169.254.169.254",
            Self::IPv6 => "http://[fd00:ec2::254]",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::IPv4, Self::IPv6]
            .into_iter()
            .find(|mode| format!("{mode:?}").eq_ignore_ascii_case(text.trim()))
    }
}

/// Where the instance metadata service is, and how long each request may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImdsSettings {
    endpoint: String,
    attempt_timeout: Duration,
    max_attempts: u32,
}

impl Default for ImdsSettings {
    /// The IPv4 endpoint, 1 s per attempt, two attempts.
    fn default() -> Self {
        Self {
            endpoint: ImdsEndpointMode::IPv4.endpoint().to_owned(),
            attempt_timeout: ATTEMPT_TIMEOUT,
            max_attempts: MAX_ATTEMPTS,
        }
    }
}

impl ImdsSettings {
    /// The service at `url` (scheme, host, optional port and base path).
    pub fn with_endpoint(mut self, url: &str) -> Result<Self, CredentialsError> {
        self.endpoint =
            checked_endpoint(url).map_err(|reason| CredentialsError::InvalidSetting {
                setting: "the instance metadata service endpoint".into(),
                reason,
            })?;
        Ok(self)
    }

    /// The service at the address of `mode`.
    pub fn with_endpoint_mode(mut self, mode: ImdsEndpointMode) -> Self {
        self.endpoint = mode.endpoint().to_owned();
        self
    }

    /// The time allowed for one attempt of one request.
    pub fn with_attempt_timeout(mut self, limit: Duration) -> Self {
        self.attempt_timeout = limit;
        self
    }

    /// The attempts made of each request (at least one) when there is no answer, or a 5xx.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The settings the environment gives (see the [module](self)); `None` when
    /// `AWS_EC2_METADATA_DISABLED` is `true`, an error naming the variable when one cannot be
    /// used.
    pub fn from_env(env: &Env) -> Option<Result<Self, CredentialsError>> {
        Self::from_env_and_profile(env, None)
    }

    /// Like [`ImdsSettings::from_env`], with the selected profile's keys below the
    /// environment's.
    pub(crate) fn from_env_and_profile(
        env: &Env,
        profile: Option<&Profile>,
    ) -> Option<Result<Self, CredentialsError>> {
        if env
            .get(DISABLED)
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
        {
            tracing::debug!("{DISABLED} is true: the instance metadata service is not asked");
            return None;
        }
        let setting = |variable: &str, key: &str| {
            env.get(variable)
                .map(|value| (value, variable.to_owned()))
                .or_else(|| {
                    let property = profile?.get(key).filter(|found| !found.value.is_empty())?;
                    let place = format!("`{key}` in {}", property.file.display());
                    Some((property.value.clone(), place))
                })
        };
        let settings = Self::default();
        Some(match setting(ENDPOINT, PROFILE_ENDPOINT) {
            Some((url, setting)) => checked_endpoint(&url)
                .map(|endpoint| Self {
                    endpoint,
                    ..settings
                })
                .map_err(|reason| CredentialsError::InvalidSetting { setting, reason }),
            None => match setting(ENDPOINT_MODE, PROFILE_ENDPOINT_MODE) {
                None => Ok(settings),
                Some((mode, setting)) => ImdsEndpointMode::parse(&mode)
                    .map(|mode| settings.with_endpoint_mode(mode))
                    .ok_or_else(|| CredentialsError::InvalidSetting {
                        setting,
                        reason: format!("`{mode}` is neither IPv4 nor IPv6"),
                    }),
            },
        })
    }
}

/// `url` without a trailing `/`, if it is an http(s) URL of a host and nothing else.
fn checked_endpoint(url: &str) -> Result<String, String> {
    let parsed = fetch::parse_url(url)?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("`{url}` is not an http or https URL of a host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!("`{url}` has a query or fragment"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Credentials of the role attached to the EC2 instance, from its metadata service (see the
/// [module](self)). A client lends it its HTTP client and timer ([`ProvideCredentials::bind`]).
pub struct ImdsCredentials {
    settings: Result<ImdsSettings, CredentialsError>,
    context: OnceLock<ProviderContext>,
    token: tokio::sync::Mutex<Option<Token>>,
    /// The credentials given last, given again when the service fails.
    last: Mutex<Option<Credentials>>,
}

/// A session token, and when to replace it.
struct Token {
    value: String,
    refresh_at: Instant,
}

impl ImdsCredentials {
    /// The service as `settings` say.
    pub fn new(settings: ImdsSettings) -> Self {
        Self::with_settings(Ok(settings))
    }

    /// The source as the environment sets it up ([`ImdsSettings::from_env`]); `None` when
    /// `AWS_EC2_METADATA_DISABLED` is `true`. A setting that cannot be used is the error of
    /// every call, and nothing is sent.
    pub fn from_env(env: &Env) -> Option<Self> {
        Self::from_env_and_profile(env, None)
    }

    /// Like [`ImdsCredentials::from_env`], with the selected profile's keys below the
    /// environment's.
    pub(crate) fn from_env_and_profile(env: &Env, profile: Option<&Profile>) -> Option<Self> {
        ImdsSettings::from_env_and_profile(env, profile).map(Self::with_settings)
    }

    fn with_settings(settings: Result<ImdsSettings, CredentialsError>) -> Self {
        Self {
            settings,
            context: OnceLock::new(),
            token: tokio::sync::Mutex::new(None),
            last: Mutex::new(None),
        }
    }

    /// The instance's region (`/latest/meta-data/placement/region`), asked through `context`;
    /// `None` when the service cannot be reached or does not know it (not on EC2).
    pub async fn region(
        &self,
        context: &ProviderContext,
    ) -> Result<Option<String>, CredentialsError> {
        let session = self.session(context)?;
        match session.get(REGION_PATH).await {
            Ok(region) => Ok(Some(region.trim().to_owned()).filter(|region| !region.is_empty())),
            Err(ImdsFailure::Unreachable(why)) => {
                tracing::debug!(%why, "no region from the instance metadata service");
                Ok(None)
            }
            Err(ImdsFailure::Missing(url)) => {
                tracing::debug!(%url, "the instance metadata service knows no region");
                Ok(None)
            }
            Err(failure) => Err(failure.into_error(session.endpoint())),
        }
    }

    fn session<'a>(
        &'a self,
        context: &'a ProviderContext,
    ) -> Result<Session<'a>, CredentialsError> {
        let settings = self.settings.as_ref().map_err(Clone::clone)?;
        Ok(Session {
            settings,
            context,
            token: &self.token,
        })
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let fetched = self.fetch().await;
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        match (fetched, last.as_ref()) {
            (Ok(credentials), _) => {
                *last = Some(credentials.clone());
                Ok(credentials)
            }
            (Err(error), Some(previous)) => {
                tracing::warn!(
                    %error,
                    "the instance metadata service failed: giving the credentials it gave last"
                );
                let again = extend_if_expired(previous.clone(), SystemTime::now());
                *last = Some(again.clone());
                Ok(again)
            }
            (Err(error), None) => Err(error),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let context = calls::bound(&self.context, "instance metadata")?;
        let session = self.session(context)?;
        let endpoint = session.endpoint();
        let listing = match session.get(ROLE_PATH).await {
            Ok(listing) => listing,
            Err(ImdsFailure::Missing(_)) => return Err(no_role(endpoint)),
            Err(failure) => return Err(failure.into_error(endpoint)),
        };
        let Some(role) = listing.lines().map(str::trim).find(|line| !line.is_empty()) else {
            return Err(no_role(endpoint));
        };
        if !is_role_name(role) {
            return Err(source_error(
                session.url(ROLE_PATH),
                "the answer is not an IAM role name".into(),
            ));
        }
        let path = format!("{ROLE_PATH}{role}");
        let body = session
            .get(&path)
            .await
            .map_err(|failure| failure.into_error(endpoint))?;
        let credentials = fetch::json_credentials(body.as_bytes())
            .map_err(|reason| source_error(session.url(&path), reason))?;
        tracing::debug!(%role, "credentials from the instance metadata service");
        Ok(extend_if_expired(credentials, SystemTime::now()))
    }
}

/// The instance's region, asked of the service once for every client of a configuration
/// that names none.
#[derive(Debug)]
pub(crate) struct ImdsRegion {
    imds: std::sync::Arc<ImdsCredentials>,
    found: tokio::sync::OnceCell<Option<String>>,
}

impl ImdsRegion {
    pub(crate) fn new(imds: std::sync::Arc<ImdsCredentials>) -> Self {
        Self {
            imds,
            found: tokio::sync::OnceCell::new(),
        }
    }

    /// The region, asked through `context` the first time. A service that fails is said in
    /// a warning and gives no region: the call then fails for want of one, before sending.
    pub(crate) async fn get(&self, context: &ProviderContext) -> Option<&str> {
        let found = self.found.get_or_init(|| async {
            self.imds.region(context).await.unwrap_or_else(|error| {
                tracing::warn!(%error, "no region from the instance metadata service");
                None
            })
        });
        found.await.as_deref()
    }
}

impl ProvideCredentials for ImdsCredentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.provide())
    }

    fn bind(&self, context: &ProviderContext) {
        let _ = self.context.set(context.clone());
    }
}

// The token and the last credentials are secrets: Debug says whether they are held.
impl fmt::Debug for ImdsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("ImdsCredentials")
            .field("settings", &self.settings)
            .field("bound", &self.context.get().is_some())
            .field("last", &last.as_ref().map(Credentials::access_key_id))
            .finish_non_exhaustive()
    }
}

fn source_error(location: String, reason: String) -> CredentialsError {
    CredentialsError::Source {
        source: SOURCE,
        location,
        reason,
    }
}

fn no_role(endpoint: &str) -> CredentialsError {
    CredentialsError::NotFound {
        looked: vec![format!(
            "{SOURCE} at {endpoint}: no IAM role is attached to this instance (the role \
             listing answered 404 or nothing)"
        )],
    }
}

/// IAM's role name characters: letters, digits and `+=,.@_-`.
fn is_role_name(name: &str) -> bool {
    name.len() <= 128
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+=,.@_-".contains(&byte))
}

/// `credentials`, or when they have expired, the same valid a few minutes more, said in a
/// warning (what the AWS SDKs do while the service cannot give fresh ones).
fn extend_if_expired(credentials: Credentials, now: SystemTime) -> Credentials {
    let Some(expiry) = credentials.expiry().filter(|expiry| *expiry <= now) else {
        return credentials;
    };
    let extra = EXTENSION + EXTENSION_JITTER.mul_f64(jitter());
    let expired = DateTime::from(expiry)
        .fmt(TimestampFormat::DateTime)
        .unwrap_or_default();
    tracing::warn!(
        %expired,
        minutes = extra.as_secs() / 60,
        "the instance metadata service gave credentials that have expired: using them a few \
         more minutes, as the AWS SDKs do while it cannot give fresh ones, then asking again"
    );
    credentials.with_expiry(now + extra)
}

/// Why the service gave nothing usable for a path.
enum ImdsFailure {
    /// Nothing answered: what was asked and what happened.
    Unreachable(String),
    /// `404 Not Found` at this URL.
    Missing(String),
    /// An answer that cannot be used: the URL and why.
    Failed(String, String),
}

impl ImdsFailure {
    /// No answer lets the chain go on; any other failure is the source's error.
    fn into_error(self, endpoint: &str) -> CredentialsError {
        match self {
            Self::Unreachable(what) => CredentialsError::NotFound {
                looked: vec![format!("{SOURCE} at {endpoint}: {what}")],
            },
            Self::Missing(url) => source_error(url, "answered 404 Not Found".into()),
            Self::Failed(url, reason) => source_error(url, reason),
        }
    }
}

/// The requests of one call, with the provider's settings, context and token.
struct Session<'a> {
    settings: &'a ImdsSettings,
    context: &'a ProviderContext,
    token: &'a tokio::sync::Mutex<Option<Token>>,
}

impl Session<'_> {
    fn endpoint(&self) -> &str {
        &self.settings.endpoint
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.endpoint)
    }

    /// The text at `path`; a refused token is replaced once.
    async fn get(&self, path: &str) -> Result<String, ImdsFailure> {
        let mut answer = self.get_with_token(path, false).await?;
        if answer.status == 401 {
            tracing::debug!(
                path,
                "the instance metadata service refused its token: a new one"
            );
            answer = self.get_with_token(path, true).await?;
        }
        let url = self.url(path);
        match answer.status {
            200 => String::from_utf8(answer.body)
                .map_err(|_| ImdsFailure::Failed(url, "the answer is not UTF-8 text".into())),
            401 => Err(ImdsFailure::Failed(
                url,
                "refused a fresh session token too (401 Unauthorized)".into(),
            )),
            404 => Err(ImdsFailure::Missing(url)),
            status => Err(ImdsFailure::Failed(url, format!("answered HTTP {status}"))),
        }
    }

    async fn get_with_token(&self, path: &str, fresh: bool) -> Result<Answer, ImdsFailure> {
        let token = self.token(fresh).await?;
        self.send("GET", path, (TOKEN_HEADER, token)).await
    }

    /// The kept token, or a new one when there is none, it is about to expire, or `fresh`.
    async fn token(&self, fresh: bool) -> Result<String, ImdsFailure> {
        let mut kept = self.token.lock().await;
        if let Some(token) = kept.as_ref() {
            if !fresh && Instant::now() < token.refresh_at {
                return Ok(token.value.clone());
            }
        }
        let ttl = (TTL_HEADER, TOKEN_TTL.as_secs().to_string());
        let answer = self.send("PUT", TOKEN_PATH, ttl).await?;
        let token = read_token(answer, Instant::now())
            .map_err(|reason| ImdsFailure::Failed(self.url(TOKEN_PATH), reason))?;
        let value = token.value.clone();
        *kept = Some(token);
        Ok(value)
    }

    /// One request, attempted again (up to the settings' attempts) when nothing answers in
    /// time or the answer is a 5xx.
    async fn send(
        &self,
        method: &'static str,
        path: &str,
        (name, value): (&'static str, String),
    ) -> Result<Answer, ImdsFailure> {
        let url = self.url(path);
        let (limit, attempts) = (self.settings.attempt_timeout, self.settings.max_attempts);
        let mut attempt = 1;
        loop {
            let headers = vec![(name.to_owned(), value.clone())];
            let outcome = fetch::exchange(self.context, method, &url, headers, limit).await;
            let pause = !matches!(outcome, Err(Failure::TimedOut(_)));
            let last = match outcome {
                Ok(answer) if answer.status < 500 => return Ok(answer),
                Ok(answer) => ImdsFailure::Failed(
                    url.clone(),
                    format!(
                        "answered HTTP {} (attempt {attempt} of {attempts})",
                        answer.status
                    ),
                ),
                Err(failure) if failure.is_transient() => ImdsFailure::Unreachable(format!(
                    "{method} {path} {failure} (attempt {attempt} of {attempts})"
                )),
                Err(failure) => return Err(ImdsFailure::Failed(url, failure.to_string())),
            };
            if attempt >= attempts {
                return Err(last);
            }
            let message = "the instance metadata service did not answer: retrying";
            tracing::debug!(%url, attempt, "{message}");
            if pause {
                self.context.sleep.sleep(RETRY_PAUSE).await;
            }
            attempt += 1;
        }
    }
}

/// The token of an answer to `PUT /latest/api/token` received at `now`, kept for the TTL the
/// answer grants, less a margin.
fn read_token(answer: Answer, now: Instant) -> Result<Token, String> {
    match answer.status {
        200 => {}
        403 => {
            return Err(
                "refused a session token (403 Forbidden): the service is turned off \
                        for this instance, or the request came through a proxy"
                    .into(),
            )
        }
        404 | 405 => {
            return Err(format!(
                "hands out no session token (HTTP {}): it serves IMDSv1 only, which this SDK \
                 does not use",
                answer.status
            ))
        }
        status => {
            return Err(format!(
                "answered HTTP {status} to the session token request"
            ))
        }
    }
    let ttl = match answer.header(TTL_HEADER) {
        None => TOKEN_TTL,
        Some(text) => text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|seconds| *seconds > 0)
            .map(Duration::from_secs)
            .ok_or_else(|| format!("the token's TTL `{text}` is not a number of seconds"))?,
    };
    let value = String::from_utf8(answer.body)
        .ok()
        .filter(|token| !token.is_empty() && token.bytes().all(|byte| byte.is_ascii_graphic()))
        .ok_or("the session token it answered cannot be sent in a header")?;
    Ok(Token {
        value,
        refresh_at: now + ttl - TOKEN_MARGIN.min(ttl / 2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::profile::Property;
    use std::path::Path;
    use std::sync::Arc;

    fn settings(
        vars: &[(&str, &str)],
        keys: &[(&str, &str)],
    ) -> Option<Result<ImdsSettings, CredentialsError>> {
        let file: Arc<Path> = Arc::from(Path::new("/home/me/.aws/config"));
        let profile: Profile = keys
            .iter()
            .map(|(key, value)| {
                let property = Property {
                    value: (*value).to_owned(),
                    file: Arc::clone(&file),
                };
                ((*key).to_owned(), property)
            })
            .collect();
        let env = Env::from_vars(vars.iter().copied());
        ImdsSettings::from_env_and_profile(&env, Some(&profile))
    }

    fn endpoint(vars: &[(&str, &str)], keys: &[(&str, &str)]) -> String {
        settings(vars, keys).expect("on").expect("valid").endpoint
    }

    #[test]
    fn the_endpoint_comes_from_the_environment_then_the_profile_then_the_mode() {
        assert_eq!(endpoint(&[], &[]), "http://169.254.169.254");
        let ipv6 = [(ENDPOINT_MODE, "IPv6")];
        assert_eq!(endpoint(&ipv6, &[]), "http://[fd00:ec2::254]");
        assert_eq!(
            endpoint(&[], &[(PROFILE_ENDPOINT_MODE, "ipv6")]),
            "http://[fd00:ec2::254]"
        );
        assert_eq!(
            endpoint(
                &[(ENDPOINT_MODE, "IPv4")],
                &[(PROFILE_ENDPOINT_MODE, "IPv6")]
            ),
            "http://169.254.169.254",
            "the environment wins"
        );
        let local = [(ENDPOINT, "http://127.0.0.1:8099/")];
        assert_eq!(endpoint(&local, &[]), "http://127.0.0.1:8099");
        assert_eq!(
            endpoint(&[], &[(PROFILE_ENDPOINT, "http://[::1]:8099")]),
            "http://[::1]:8099"
        );
        assert_eq!(
            endpoint(&ipv6, &[(PROFILE_ENDPOINT, "http://127.0.0.2:1")]),
            "http://127.0.0.2:1",
            "an endpoint wins over a mode"
        );
        assert_eq!(
            endpoint(&local, &[(PROFILE_ENDPOINT, "http://127.0.0.2:1")]),
            "http://127.0.0.1:8099"
        );
    }

    #[test]
    fn the_source_is_off_only_when_disabled_is_true() {
        for off in ["true", "TRUE", " True "] {
            assert_eq!(settings(&[(DISABLED, off)], &[]), None, "{off}");
        }
        for on in ["false", "1", "no"] {
            assert!(settings(&[(DISABLED, on)], &[]).is_some(), "{on}");
        }
        let env = Env::from_vars([(DISABLED, "true"), (ENDPOINT, "http://127.0.0.1:1")]);
        assert!(ImdsSettings::from_env(&env).is_none());
        assert!(ImdsCredentials::from_env(&env).is_none());
    }

    #[test]
    fn unusable_settings_name_where_they_are_set() {
        let error = |vars: &[(&str, &str)], keys: &[(&str, &str)]| {
            settings(vars, keys).expect("on").unwrap_err().to_string()
        };
        assert_eq!(
            error(&[(ENDPOINT_MODE, "IPv5")], &[]),
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE cannot be used: `IPv5` is neither IPv4 nor \
             IPv6"
        );
        assert_eq!(
            error(&[], &[(PROFILE_ENDPOINT_MODE, "dual")]),
            "`ec2_metadata_service_endpoint_mode` in /home/me/.aws/config cannot be used: \
             `dual` is neither IPv4 nor IPv6"
        );
        let text = error(&[(ENDPOINT, "169.254.169.254")], &[]);
        assert!(
            text.starts_with(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT cannot be used: `169.254.169.254` is not a URL"
            ),
            "{text}"
        );
        for (url, problem) in [
            ("ftp://127.0.0.1/", "is not an http or https URL of a host"),
            ("http://127.0.0.1/?x=1", "has a query or fragment"),
        ] {
            let text = error(&[(ENDPOINT, url)], &[]);
            assert!(text.ends_with(problem), "{text}");
        }
        let text = error(&[(ENDPOINT, "http://me:hunter2@127.0.0.1/")], &[]);
        assert!(!text.contains("hunter2"), "{text}");
        let explicit = ImdsSettings::default()
            .with_endpoint("nowhere")
            .unwrap_err();
        assert!(matches!(explicit, CredentialsError::InvalidSetting { .. }));
    }

    #[test]
    fn role_names_are_iam_names() {
        for name in ["web-server", "a+b=c,d.e@f_g", "R0le"] {
            assert!(is_role_name(name), "{name}");
        }
        for name in ["../../user-data", "a/b", "a b", "é", &"x".repeat(129)] {
            assert!(!is_role_name(name), "{name}");
        }
    }

    #[test]
    fn expired_credentials_are_used_ten_to_fifteen_minutes_more() {
        let now = SystemTime::now();
        let keys = Credentials::new("A", "S", Some("T".into()));
        let valid = keys.clone().with_expiry(now + Duration::from_secs(1));
        assert_eq!(extend_if_expired(valid.clone(), now), valid);
        assert_eq!(extend_if_expired(keys.clone(), now), keys);
        for expired_at in [now, now - Duration::from_secs(86_400)] {
            let extended = extend_if_expired(keys.clone().with_expiry(expired_at), now);
            let expiry = extended.expiry().unwrap();
            assert!(expiry >= now + EXTENSION, "{expiry:?}");
            assert!(expiry <= now + EXTENSION + EXTENSION_JITTER, "{expiry:?}");
            assert_eq!(extended.secret_access_key(), "S");
        }
    }

    fn token_answer(status: u16, ttl: Option<&str>, body: &str) -> Answer {
        Answer {
            status,
            headers: ttl
                .map(|ttl| (TTL_HEADER.to_owned(), ttl.to_owned()))
                .into_iter()
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn tokens_are_kept_for_their_ttl_less_a_margin() {
        let now = Instant::now();
        let token = read_token(token_answer(200, Some("21600"), "AQAE-token"), now).unwrap();
        assert_eq!(token.value, "AQAE-token");
        assert_eq!(token.refresh_at, now + TOKEN_TTL - TOKEN_MARGIN);
        let short = read_token(token_answer(200, Some("2"), "t"), now).unwrap();
        assert_eq!(short.refresh_at, now + Duration::from_secs(1));
        let unsaid = read_token(token_answer(200, None, "t"), now).unwrap();
        assert_eq!(unsaid.refresh_at, now + TOKEN_TTL - TOKEN_MARGIN);
    }

    #[test]
    fn refused_or_malformed_tokens_say_why() {
        let error = |answer| read_token(answer, Instant::now()).err().unwrap();
        assert!(error(token_answer(403, None, "")).contains("403 Forbidden"));
        assert!(error(token_answer(405, None, "")).contains("IMDSv1 only"));
        assert!(error(token_answer(404, None, "")).contains("IMDSv1 only"));
        assert_eq!(
            error(token_answer(400, None, "")),
            "answered HTTP 400 to the session token request"
        );
        assert_eq!(
            error(token_answer(200, Some("soon"), "t")),
            "the token's TTL `soon` is not a number of seconds"
        );
        for body in ["", "two\nlines", "spa ce"] {
            assert_eq!(
                error(token_answer(200, None, body)),
                "the session token it answered cannot be sent in a header"
            );
        }
    }
}
