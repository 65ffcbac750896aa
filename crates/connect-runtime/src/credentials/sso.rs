//! IAM Identity Center (formerly AWS SSO): a role's credentials for the access token that
//! `aws sso login` caches in `~/.aws/sso/cache`.
//!
//! A profile uses it in one of two forms:
//!
//! ```ini
//! [profile dev]                            [profile legacy]
//! sso_session = corp                       sso_start_url = https://corp.awsapps.com/start
//! sso_account_id = 111122223333            sso_region = eu-west-1
//! sso_role_name = Developer                sso_account_id = 111122223333
//!                                          sso_role_name = Developer
//! [sso-session corp]
//! sso_start_url = https://corp.awsapps.com/start
//! sso_region = eu-west-1
//! ```
//!
//! The token file is named after the SHA-1 of the session's name (first form) or of the start
//! URL (legacy form), as the AWS CLI names it. Only the first form's tokens are refreshed (SSO
//! OIDC `CreateToken` with the cached refresh token and client registration), as in the AWS
//! SDKs; the refreshed token is written back to the cache file, so that the CLI and other SDKs
//! see it too.

use super::calls;
use super::services::{CredentialServices, SsoRefreshToken, SsoRoleCredentials, SsoToken};
use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideFuture, ProviderContext,
    REFRESH_BEFORE_EXPIRY,
};
use crate::config::endpoints;
use crate::config::loader::{home_dir, Env, Fs, LoadError};
use crate::config::profile::{Profile, Profiles};
use crate::config::Config;
use crate::encoding::timestamp::{self, DateTime, TimestampFormat};
use crate::json::{self, Map, Value};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime};

/// The provider's name in errors.
const PROVIDER: &str = "IAM Identity Center";

/// A token that expires within this window is refreshed first: the AWS SDKs use five minutes,
/// the window in which cached credentials are refreshed too.
const TOKEN_REFRESH_WINDOW: Duration = REFRESH_BEFORE_EXPIRY;

/// After a refresh attempt the next one waits this long, as in the AWS SDKs: an SSO OIDC that
/// refuses is not asked again at every request.
const MIN_TIME_BETWEEN_REFRESHES: Duration = Duration::from_secs(30);

/// What a profile says about IAM Identity Center, resolved from the profile and the
/// `[sso-session]` section it names. None of it is secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSettings {
    /// The profile's name (for errors, and the `aws sso login --profile` hint of the legacy
    /// form).
    pub profile: String,
    /// `sso_session`: the `[sso-session]` section's name; `None` for the legacy form.
    pub session: Option<String>,
    /// `sso_start_url`: the portal the token was obtained from.
    pub start_url: String,
    /// `sso_region`: the region of the portal and of SSO OIDC.
    pub region: String,
    /// `sso_account_id`: the account of the role.
    pub account_id: String,
    /// `sso_role_name`: the role whose credentials are asked for.
    pub role_name: String,
}

/// The keys a legacy profile needs, and those the session form splits between the profile and
/// its `[sso-session]` section.
const LEGACY_KEYS: [&str; 4] = [
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
];
const ROLE_KEYS: [&str; 2] = ["sso_account_id", "sso_role_name"];
const SESSION_KEYS: [&str; 2] = ["sso_start_url", "sso_region"];

impl SsoSettings {
    /// The settings of profile `name`, checked as the AWS CLI checks them: every key needed is
    /// set and not empty, the session named exists, and a key set both in the profile and in
    /// its session has the same value in both (the session's values are used).
    pub(crate) fn from_profile(
        name: &str,
        profile: &Profile,
        profiles: &Profiles,
    ) -> Result<Self, CredentialsError> {
        let profile_file = sso_file(profile);
        let missing = |location: String, keys: Vec<&'static str>| CredentialsError::MissingKeys {
            location,
            needed_for: PROVIDER,
            keys,
        };
        let session_property = profile
            .get("sso_session")
            .filter(|property| !property.value.is_empty());
        let Some(session_property) = session_property else {
            let [start_url, region, account_id, role_name] =
                required(|key| value(profile, key), LEGACY_KEYS)
                    .map_err(|keys| missing(location("profile", name, profile_file), keys))?;
            return Ok(Self {
                profile: name.to_owned(),
                session: None,
                start_url,
                region,
                account_id,
                role_name,
            });
        };
        let session_name = session_property.value.as_str();
        let session = profiles.sso_session(session_name).ok_or_else(|| {
            CredentialsError::SsoSessionNotFound {
                profile: name.to_owned(),
                session: session_name.to_owned(),
                file: session_property.file.to_path_buf(),
            }
        })?;
        check_consistent(name, session_name, profile, session)?;
        let [account_id, role_name] = required(|key| value(profile, key), ROLE_KEYS)
            .map_err(|keys| missing(location("profile", name, profile_file), keys))?;
        let from_either = |key: &str| value(session, key).or_else(|| value(profile, key));
        let [start_url, region] = required(from_either, SESSION_KEYS).map_err(|keys| {
            missing(
                location("sso-session", session_name, sso_file(session)),
                keys,
            )
        })?;
        Ok(Self {
            profile: name.to_owned(),
            session: Some(session_name.to_owned()),
            start_url,
            region,
            account_id,
            role_name,
        })
    }

    /// What names the token's cache file: the session, else the start URL.
    fn cache_key(&self) -> &str {
        self.session.as_deref().unwrap_or(&self.start_url)
    }

    /// The command that caches a fresh token for these settings: by profile, which the AWS
    /// CLI takes for both forms, and which is the name the user chose.
    fn login_command(&self) -> String {
        format!("aws sso login --profile {}", self.profile)
    }
}

/// A key's value in a section, unless it is empty (an empty value sets nothing).
fn value<'p>(section: &'p Profile, key: &str) -> Option<&'p str> {
    section
        .get(key)
        .map(|property| property.value.as_str())
        .filter(|value| !value.is_empty())
}

/// The values of `keys`, or the keys that have none.
fn required<'v, const N: usize>(
    lookup: impl Fn(&str) -> Option<&'v str>,
    keys: [&'static str; N],
) -> Result<[String; N], Vec<&'static str>> {
    let missing: Vec<&'static str> = keys
        .into_iter()
        .filter(|key| lookup(key).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(keys.map(|key| lookup(key).unwrap_or_default().to_owned()))
}

/// The file that sets a section's IAM Identity Center keys (a profile can be spread over the
/// config and credentials files; these keys belong in the config file).
fn sso_file(section: &Profile) -> Option<&Path> {
    section
        .iter()
        .find(|(key, _)| key.starts_with("sso_"))
        .or_else(|| section.iter().next())
        .map(|(_, property)| &*property.file)
}

/// ``profile `dev` in /home/me/.aws/config``.
fn location(kind: &str, name: &str, file: Option<&Path>) -> String {
    match file {
        Some(file) => format!("{kind} `{name}` in {}", file.display()),
        None => format!("{kind} `{name}`"),
    }
}

/// A key set both in the profile and in its session must have one value, as the AWS CLI
/// requires (an SDK cannot know which of the two was meant).
fn check_consistent(
    name: &str,
    session_name: &str,
    profile: &Profile,
    session: &Profile,
) -> Result<(), CredentialsError> {
    for (key, property) in session {
        let Some(own) = profile.get(key).filter(|own| !own.value.is_empty()) else {
            continue;
        };
        if own.value != property.value {
            return Err(CredentialsError::SsoSessionMismatch {
                location: location("profile", name, Some(&own.file)),
                session: session_name.to_owned(),
                key: key.to_owned(),
            });
        }
    }
    Ok(())
}

/// `~/.aws/sso/cache/<SHA-1 of key in hex>.json`, where the AWS CLI caches the token for `key`;
/// relative to a literal `~` when there is no home directory (for the error that says so).
fn cache_file(home: Option<&Path>, key: &str) -> PathBuf {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
    let name = format!("{}.json", crate::hex::lower_hex(digest.as_ref()));
    let home = home.map_or_else(|| PathBuf::from("~"), Path::to_path_buf);
    home.join(".aws").join("sso").join("cache").join(name)
}

/// The token that `aws sso login` caches cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SsoTokenError {
    /// The profile whose credentials were asked for.
    pub profile: String,
    /// The token's cache file (under `~/.aws/sso/cache`).
    pub file: PathBuf,
    /// What to run to cache a fresh token, e.g. `aws sso login --profile dev`.
    pub login: String,
    /// What is wrong.
    pub problem: SsoTokenProblem,
}

impl fmt::Display for SsoTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IAM Identity Center credentials of profile `{}`: the token cache file {} {}; run \
             `{}`",
            self.profile,
            self.file.display(),
            self.problem,
            self.login
        )
    }
}

/// Why the cached token cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SsoTokenProblem {
    /// There is no home directory to find the cache in.
    NoHomeDirectory,
    /// The file does not exist: `aws sso login` was not run for this session or start URL.
    Missing,
    /// The file exists but cannot be read (why).
    Unreadable(String),
    /// The file is not a token as `aws sso login` writes it (what is wrong, never a value).
    Malformed(String),
    /// The token has expired and was not refreshed.
    Expired {
        /// When it expired.
        at: SystemTime,
        /// Why it was not refreshed.
        not_refreshed: String,
    },
}

impl fmt::Display for SsoTokenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoHomeDirectory => f.write_str(
                "cannot be found: no home directory is set (HOME, USERPROFILE, or HOMEDRIVE and \
                 HOMEPATH)",
            ),
            Self::Missing => f.write_str("does not exist"),
            Self::Unreadable(error) => write!(f, "cannot be read: {error}"),
            Self::Malformed(what) => write!(f, "cannot be used: {what}"),
            Self::Expired { at, not_refreshed } => write!(
                f,
                "holds a token that expired at {}, and it could not be refreshed: {not_refreshed}",
                rfc3339(*at).unwrap_or_else(|| format!("{at:?}"))
            ),
        }
    }
}

/// A token file as `aws sso login` writes it. Every field is kept, so that writing it back
/// after a refresh changes only what the refresh changed.
#[derive(Clone)]
struct CachedToken {
    fields: Map,
    access_token: String,
    expires_at: SystemTime,
}

// The file holds the access and refresh tokens and the client secret: Debug shows the expiry
// and the names of the fields only.
impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .field("access_token", &"** redacted **")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl CachedToken {
    /// The token in `bytes`; the error says what is wrong without repeating the contents.
    fn parse(bytes: &[u8]) -> Result<Self, String> {
        let value = json::parse_value(bytes)
            .map_err(|error| format!("it is not JSON{}", super::process::where_in(&error)))?;
        let Value::Object(fields) = value else {
            return Err("it is not a JSON object".into());
        };
        let access_token =
            string_field(&fields, "accessToken")?.ok_or("`accessToken` is missing")?;
        let expires_at = time_field(&fields, "expiresAt")?.ok_or("`expiresAt` is missing")?;
        Ok(Self {
            access_token: access_token.to_owned(),
            expires_at,
            fields,
        })
    }

    /// The CreateToken request that refreshes this token, or why there can be none.
    fn refresh_request(&self, now: SystemTime) -> Result<SsoRefreshToken, String> {
        let field = |key: &str| -> Result<String, String> {
            string_field(&self.fields, key)?
                .map(str::to_owned)
                .ok_or_else(|| format!("the cache file has no `{key}`"))
        };
        let refresh_token = field("refreshToken")?;
        let client_id = field("clientId")?;
        let client_secret = field("clientSecret")?;
        let registration = time_field(&self.fields, "registrationExpiresAt")?
            .ok_or("the cache file has no `registrationExpiresAt`")?;
        if registration <= now {
            return Err(format!(
                "the client registration it was obtained with expired at {}",
                rfc3339(registration).unwrap_or_default()
            ));
        }
        Ok(SsoRefreshToken {
            client_id,
            client_secret,
            refresh_token,
        })
    }

    /// Takes the refreshed token in, keeping the refresh token when no new one was given.
    fn refresh_with(&mut self, fresh: SsoToken) -> Result<(), String> {
        let expires_at = rfc3339(fresh.expires_at)
            .ok_or("SSO OIDC gave an expiry that cannot be written as a date-time")?;
        self.fields
            .insert("accessToken", Value::String(fresh.access_token.clone()));
        self.fields.insert("expiresAt", Value::String(expires_at));
        if let Some(refresh_token) = fresh.refresh_token {
            self.fields
                .insert("refreshToken", Value::String(refresh_token));
        }
        self.access_token = fresh.access_token;
        self.expires_at = fresh.expires_at;
        Ok(())
    }

    fn to_json(&self) -> Vec<u8> {
        Value::Object(self.fields.clone()).to_string().into_bytes()
    }
}

/// A string field; `None` when absent, `null` or empty.
fn string_field<'m>(fields: &'m Map, key: &str) -> Result<Option<&'m str>, String> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.as_str()).filter(|text| !text.is_empty())),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

/// A date-time field; `None` when absent, `null` or empty.
fn time_field(fields: &Map, key: &str) -> Result<Option<SystemTime>, String> {
    string_field(fields, key)?
        .map(|text| parse_time(text).ok_or_else(|| format!("`{key}` is not an RFC 3339 date-time")))
        .transpose()
}

/// An RFC 3339 date-time, or one ending in `UTC` instead of `Z`, as AWS CLI versions before
/// 2.1.14 wrote `expiresAt`.
fn parse_time(text: &str) -> Option<SystemTime> {
    let read = |text: &str| timestamp::from_text(text, TimestampFormat::DateTime).ok();
    let date_time = read(text).or_else(|| read(&format!("{}Z", text.strip_suffix("UTC")?)))?;
    SystemTime::try_from(date_time).ok()
}

/// `at` as `2024-05-01T12:00:00Z`, in whole seconds as the AWS CLI writes it; `None` past the
/// year 9999.
fn rfc3339(at: SystemTime) -> Option<String> {
    let seconds = DateTime::from(at).secs();
    DateTime::from_secs(seconds)
        .fmt(TimestampFormat::DateTime)
        .ok()
}

/// Credentials of an IAM Identity Center role, for the token `aws sso login` cached.
///
/// It calls the portal's `GetRoleCredentials` (and SSO OIDC's `CreateToken` to refresh the
/// token) through the services and the HTTP client of the client it is set on (see
/// [`ProvideCredentials::bind`]), unsigned, in the session's `sso_region`. The endpoints are
/// those given to [`SsoCredentialsProvider::endpoint_urls`] (the default chain gives those
/// [`Config::load`] read for SSO and SSO OIDC, profile included), else those its environment
/// configures (`AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_SSO_OIDC`, then `AWS_ENDPOINT_URL`,
/// unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`), else the services' own.
pub struct SsoCredentialsProvider {
    settings: SsoSettings,
    env: Env,
    fs: Fs,
    clock: Arc<dyn Fn() -> SystemTime + Send + Sync>,
    endpoints: Option<Endpoints>,
    context: OnceLock<ProviderContext>,
    refresh: Mutex<RefreshState>,
}

/// Endpoint URLs resolved by the caller, for the portal and for SSO OIDC.
#[derive(Clone, Debug)]
struct Endpoints {
    portal: Option<String>,
    oidc: Option<String>,
}

/// What this provider remembers between calls.
#[derive(Debug, Default)]
struct RefreshState {
    last_attempt: Option<SystemTime>,
    /// The last token refreshed, with its file: used instead of the file's when it expires
    /// later, so that a token whose writing back failed is not refreshed again (a refresh token
    /// the service rotated could not be used twice).
    refreshed: Option<(PathBuf, CachedToken)>,
}

impl SsoCredentialsProvider {
    /// A provider for `settings`, finding the home directory through `env` and the token cache
    /// through `fs`.
    pub fn new(settings: SsoSettings, env: Env, fs: Fs) -> Self {
        Self {
            settings,
            env,
            fs,
            clock: Arc::new(SystemTime::now),
            endpoints: None,
            context: OnceLock::new(),
            refresh: Mutex::new(RefreshState::default()),
        }
    }

    /// Reads the time from `now` instead of the system clock (tests).
    pub fn with_clock(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// Sends to these endpoints (`None`: the service's own) instead of those the environment
    /// configures: for a caller that resolves the endpoint settings itself (the loader, which
    /// reads a profile's `services` and `endpoint_url` too).
    pub fn endpoint_urls(mut self, portal: Option<String>, oidc: Option<String>) -> Self {
        self.endpoints = Some(Endpoints { portal, oidc });
        self
    }

    /// The settings the provider was made with.
    pub fn settings(&self) -> &SsoSettings {
        &self.settings
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let context = calls::bound(&self.context, PROVIDER)?;
        let services = calls::services(context, PROVIDER)?;
        let endpoints = self.endpoints()?;
        let (file, mut token) = self.load_token()?;
        let now = (self.clock)();
        if token.expires_at <= now + TOKEN_REFRESH_WINDOW {
            let oidc = self.service_config(context, endpoints.oidc);
            let refreshed = self.refresh(services, oidc, &file, &mut token, now).await;
            if let Err(not_refreshed) = refreshed {
                if token.expires_at <= now {
                    let at = token.expires_at;
                    let problem = SsoTokenProblem::Expired { at, not_refreshed };
                    return Err(self.token_error(file, problem));
                }
                tracing::debug!(
                    profile = %self.settings.profile,
                    reason = %not_refreshed,
                    "the IAM Identity Center token expires soon and was not refreshed; using it"
                );
            }
        }
        let request = SsoRoleCredentials {
            access_token: token.access_token,
            account_id: self.settings.account_id.clone(),
            role_name: self.settings.role_name.clone(),
        };
        let config = self.service_config(context, endpoints.portal);
        services.sso_role_credentials(config, request).await
    }

    /// The cached token and its file; the one refreshed last when it is newer than the file's.
    fn load_token(&self) -> Result<(PathBuf, CachedToken), CredentialsError> {
        let home = home_dir(&self.env);
        let file = cache_file(home.as_deref(), self.settings.cache_key());
        if home.is_none() {
            return Err(self.token_error(file, SsoTokenProblem::NoHomeDirectory));
        }
        let bytes = match self.fs.read(&file) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Err(self.token_error(file, SsoTokenProblem::Missing)),
            Err(error) => {
                let problem = SsoTokenProblem::Unreadable(error.to_string());
                return Err(self.token_error(file, problem));
            }
        };
        let token = match CachedToken::parse(&bytes) {
            Ok(token) => token,
            Err(what) => return Err(self.token_error(file, SsoTokenProblem::Malformed(what))),
        };
        tracing::debug!(
            profile = %self.settings.profile,
            file = %file.display(),
            expires_at = ?token.expires_at,
            "IAM Identity Center token read"
        );
        let state = self.refresh.lock().unwrap_or_else(PoisonError::into_inner);
        match &state.refreshed {
            Some((path, newer)) if *path == file && newer.expires_at > token.expires_at => {
                Ok((file, newer.clone()))
            }
            _ => Ok((file, token)),
        }
    }

    /// Refreshes `token` through SSO OIDC and writes it back; `Err` says why it was not
    /// refreshed.
    async fn refresh(
        &self,
        services: &dyn CredentialServices,
        config: Config,
        file: &Path,
        token: &mut CachedToken,
        now: SystemTime,
    ) -> Result<(), String> {
        if self.settings.session.is_none() {
            return Err(
                "tokens of profiles without `sso_session` are not refreshed; use an \
                        `[sso-session]` section to have them refreshed"
                    .into(),
            );
        }
        let request = token.refresh_request(now)?;
        self.note_attempt(now)?;
        tracing::debug!(profile = %self.settings.profile, "refreshing the IAM Identity Center token");
        let fresh = services
            .sso_refresh_token(config, request)
            .await
            .map_err(|error| {
                tracing::warn!(
                    profile = %self.settings.profile,
                    %error,
                    "refreshing the IAM Identity Center token failed"
                );
                format!("SSO OIDC did not refresh it: {error}")
            })?;
        token.refresh_with(fresh)?;
        self.write_back(file, token);
        let mut state = self.refresh.lock().unwrap_or_else(PoisonError::into_inner);
        state.refreshed = Some((file.to_path_buf(), token.clone()));
        Ok(())
    }

    /// Records a refresh attempt at `now`, unless one was made too recently.
    fn note_attempt(&self, now: SystemTime) -> Result<(), String> {
        let mut state = self.refresh.lock().unwrap_or_else(PoisonError::into_inner);
        let recent = state
            .last_attempt
            .and_then(|at| now.duration_since(at).ok());
        if recent.is_some_and(|since| since < MIN_TIME_BETWEEN_REFRESHES) {
            return Err(format!(
                "the last refresh was tried less than {} seconds ago",
                MIN_TIME_BETWEEN_REFRESHES.as_secs()
            ));
        }
        state.last_attempt = Some(now);
        Ok(())
    }

    /// Writes the refreshed token back to its cache file. A failure only costs a refresh in the
    /// next process, so it is a warning.
    fn write_back(&self, file: &Path, token: &CachedToken) {
        match self.fs.write(file, &token.to_json()) {
            Ok(()) => tracing::debug!(
                file = %file.display(),
                "the refreshed IAM Identity Center token was written back to its cache file"
            ),
            Err(error) => tracing::warn!(
                file = %file.display(),
                %error,
                "the refreshed IAM Identity Center token could not be written back to its cache \
                 file; it is used all the same"
            ),
        }
    }

    fn token_error(&self, file: PathBuf, problem: SsoTokenProblem) -> CredentialsError {
        CredentialsError::SsoToken(Box::new(SsoTokenError {
            profile: self.settings.profile.clone(),
            file,
            login: self.settings.login_command(),
            problem,
        }))
    }

    /// The configuration of one unsigned call: the session's region, the client's HTTP client
    /// and timer, and the endpoint set for the service, if any.
    fn service_config(&self, context: &ProviderContext, endpoint_url: Option<String>) -> Config {
        calls::call_config(context, &self.settings.region, endpoint_url, None)
    }

    /// The endpoints given to [`Self::endpoint_urls`], else those the environment configures
    /// (read as the loader reads them for every service).
    fn endpoints(&self) -> Result<Endpoints, CredentialsError> {
        if let Some(endpoints) = &self.endpoints {
            return Ok(endpoints.clone());
        }
        let configured = endpoints::read_env(&self.env, &self.fs).map_err(invalid_setting)?;
        let url = |sdk_id: &str| {
            configured
                .as_ref()
                .and_then(|configured| configured.url_for(sdk_id))
                .map(str::to_owned)
        };
        Ok(Endpoints {
            portal: url("SSO"),
            oidc: url("SSO OIDC"),
        })
    }
}

/// An endpoint setting of the environment that cannot be used.
fn invalid_setting(error: LoadError) -> CredentialsError {
    match error {
        LoadError::InvalidValue {
            setting,
            value,
            expected,
        } => CredentialsError::InvalidSetting {
            setting,
            reason: format!("it is `{value}`, but must be {expected}"),
        },
        other => CredentialsError::InvalidSetting {
            setting: "the endpoint URLs of the environment".into(),
            reason: other.to_string(),
        },
    }
}

impl fmt::Debug for SsoCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoCredentialsProvider")
            .field("settings", &self.settings)
            .field("env", &self.env)
            .field("fs", &self.fs)
            .field("endpoints", &self.endpoints)
            .field("bound", &self.context.get().is_some())
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for SsoCredentialsProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.credentials())
    }

    fn bind(&self, context: &ProviderContext) {
        // The first client's context is kept: its services and HTTP client serve every call.
        let _ = self.context.set(context.clone());
    }
}

#[cfg(test)]
mod tests;
