//! Container credentials: the endpoint ECS runs beside a task, and the EKS Pod Identity agent.
//!
//! - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: `http://169.254.170.2` followed by this path
//!   (ECS); it wins over
//! - `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URL, or `http` only to a loopback
//!   address, ECS's `169.254.170.2` or EKS's `169.254.170.23` and `[fd00:ec2::23]`, so that
//!   the credentials never cross a network in clear. Host names other than `localhost` are
//!   refused for `http`: whatever a name resolves to now, it may resolve elsewhere when the
//!   request is sent.
//! - `Authorization`: the contents of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read again at
//!   every request (EKS rotates it), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`; a value with a
//!   line break is refused, since it would end the header.
//!
//! Each attempt gets 2 s; three attempts are made when nothing answers or the answer is a 5xx.

use super::calls;
use super::fetch::{self, Failure};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::client::transport::is_loopback_host;
use crate::config::loader::{Env, Fs};
use crate::json::{self, Value};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

const SOURCE: &str = "the container credentials endpoint";
const ECS_ENDPOINT: &str = "http://169.254.170.2";
const RELATIVE_URI: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
const TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
/// The addresses plain http may go to besides loopback: ECS, and EKS Pod Identity's two.
const ECS_ADDRESS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
const EKS_ADDRESS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
const EKS_ADDRESS_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
const MAX_ATTEMPTS: u32 = 3;
/// The wait before a retry grows by this much with each attempt.
const RETRY_PAUSE: Duration = Duration::from_millis(200);
/// How much of an error answer's message is quoted.
const MESSAGE_LIMIT: usize = 200;

/// Where the `Authorization` header comes from.
#[derive(Clone, PartialEq, Eq)]
enum Authorization {
    None,
    Token(String),
    File(PathBuf),
}

// The token is a secret: Debug names where it comes from only.
impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Token(_) => f.write_str("Token(** redacted **)"),
            Self::File(path) => f.debug_tuple("File").field(path).finish(),
        }
    }
}

/// The endpoint's URL, how requests are authorized, and how long they may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSettings {
    url: String,
    authorization: Authorization,
    attempt_timeout: Duration,
    max_attempts: u32,
}

impl ContainerSettings {
    fn at(url: String) -> Self {
        Self {
            url,
            authorization: Authorization::None,
            attempt_timeout: ATTEMPT_TIMEOUT,
            max_attempts: MAX_ATTEMPTS,
        }
    }

    /// ECS's endpoint `http://169.254.170.2` and `path` (which must start with `/`).
    pub fn relative_uri(path: &str) -> Result<Self, CredentialsError> {
        if !path.starts_with('/') {
            return Err(invalid(
                RELATIVE_URI,
                format!("`{path}` is not a path: it must start with `/`"),
            ));
        }
        Ok(Self::at(format!("{ECS_ENDPOINT}{path}")))
    }

    /// `url`: `https`, or `http` to a loopback address, `169.254.170.2`, `169.254.170.23` or
    /// `[fd00:ec2::23]` (see the [module](self)).
    pub fn full_uri(url: &str) -> Result<Self, CredentialsError> {
        checked_full_uri(url).map_err(|reason| invalid(FULL_URI, reason))?;
        Ok(Self::at(url.to_owned()))
    }

    /// Sends `Authorization: <token>`.
    pub fn with_authorization_token(
        mut self,
        token: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        let token = token.into();
        if has_line_break(&token) {
            return Err(invalid(TOKEN, LINE_BREAK.into()));
        }
        self.authorization = Authorization::Token(token);
        Ok(self)
    }

    /// Sends `Authorization:` with the contents of `path`, read at every request.
    pub fn with_authorization_token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.authorization = Authorization::File(path.into());
        self
    }

    /// The time allowed for one attempt.
    pub fn with_attempt_timeout(mut self, limit: Duration) -> Self {
        self.attempt_timeout = limit;
        self
    }

    /// The attempts made (at least one) when nothing answers in time or the answer is a 5xx.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The URL credentials are asked at.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The settings the environment gives (see the [module](self)); `None` when neither
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` nor `AWS_CONTAINER_CREDENTIALS_FULL_URI` is
    /// set, an error naming the variable when one cannot be used.
    pub fn from_env(env: &Env) -> Option<Result<Self, CredentialsError>> {
        let settings = match env.get(RELATIVE_URI) {
            Some(path) => Self::relative_uri(&path),
            None => Self::full_uri(&env.get(FULL_URI)?),
        };
        Some(
            settings.and_then(|settings| match (env.get(TOKEN_FILE), env.get(TOKEN)) {
                (Some(path), _) => Ok(settings.with_authorization_token_file(path)),
                (None, Some(token)) => settings.with_authorization_token(token),
                (None, None) => Ok(settings),
            }),
        )
    }
}

fn invalid(setting: &str, reason: String) -> CredentialsError {
    CredentialsError::InvalidSetting {
        setting: setting.to_owned(),
        reason,
    }
}

const LINE_BREAK: &str =
    "the authorization token holds a line break (CR or LF), which cannot be sent in a header";

fn has_line_break(token: &str) -> bool {
    token.contains(['\r', '\n'])
}

/// Whether `url` may carry credentials: https anywhere, http only to this machine or the
/// container platforms' link-local addresses.
fn checked_full_uri(url: &str) -> Result<(), String> {
    let parsed = fetch::parse_url(url)?;
    let host = parsed.host_str().unwrap_or_default();
    match parsed.scheme() {
        "https" if !host.is_empty() => Ok(()),
        "http" if is_loopback_host(host) || is_platform_address(host) => Ok(()),
        "http" => Err(format!(
            "`{url}` is plain http to {host}, which is neither a loopback address nor \
             169.254.170.2, 169.254.170.23 or fd00:ec2::23: use https, or one of those hosts"
        )),
        _ => Err(format!("`{url}` is not an http or https URL of a host")),
    }
}

fn is_platform_address(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip == ECS_ADDRESS || ip == EKS_ADDRESS,
        Ok(IpAddr::V6(ip)) => ip == EKS_ADDRESS_V6,
        Err(_) => false,
    }
}

/// Credentials from a container credentials endpoint (see the [module](self)). A client lends
/// it its HTTP client and timer ([`ProvideCredentials::bind`]).
#[derive(Debug)]
pub struct ContainerCredentials {
    settings: Result<ContainerSettings, CredentialsError>,
    fs: Fs,
    context: OnceLock<ProviderContext>,
}

impl ContainerCredentials {
    /// The endpoint as `settings` say; a token file is read from the real file system.
    pub fn new(settings: ContainerSettings) -> Self {
        Self::with_settings(Ok(settings), Fs::real())
    }

    /// The source as the environment sets it up, a token file read through `fs`; `None` when
    /// neither URI variable is set. A setting that cannot be used is the error of every call,
    /// and nothing is sent.
    pub fn from_env(env: &Env, fs: &Fs) -> Option<Self> {
        ContainerSettings::from_env(env).map(|settings| Self::with_settings(settings, fs.clone()))
    }

    fn with_settings(settings: Result<ContainerSettings, CredentialsError>, fs: Fs) -> Self {
        Self {
            settings,
            fs,
            context: OnceLock::new(),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings.as_ref().map_err(Clone::clone)?;
        let context = calls::bound(&self.context, "container")?;
        let url = settings.url.as_str();
        let mut attempt = 1;
        loop {
            // Read at every attempt: the platform may have rotated the file since the last.
            let authorization = self.authorization(&settings.authorization)?;
            let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
            headers.extend(
                authorization
                    .clone()
                    .map(|value| ("authorization".to_owned(), value)),
            );
            let outcome =
                fetch::exchange(context, "GET", url, headers, settings.attempt_timeout).await;
            // A timeout has waited long enough already.
            let pause = !matches!(outcome, Err(Failure::TimedOut(_)));
            let failure = match outcome {
                Ok(answer) if answer.status == 200 => {
                    tracing::debug!(%url, "credentials from the container credentials endpoint");
                    return fetch::json_credentials(&answer.body)
                        .map_err(|reason| source_error(url, reason));
                }
                Ok(answer) if answer.status >= 500 => format!("answered HTTP {}", answer.status),
                Ok(answer) => {
                    let detail = error_detail(&answer.body, authorization.as_deref());
                    let reason = format!("answered HTTP {}{detail}", answer.status);
                    return Err(source_error(url, reason));
                }
                Err(failure) if failure.is_transient() => failure.to_string(),
                Err(failure) => return Err(source_error(url, failure.to_string())),
            };
            if attempt >= settings.max_attempts {
                let reason = format!("{failure} (attempt {attempt} of {attempt}, all failed)");
                return Err(source_error(url, reason));
            }
            let message = "the container credentials endpoint failed: retrying";
            tracing::debug!(%url, attempt, %failure, "{message}");
            if pause {
                context.sleep.sleep(RETRY_PAUSE * attempt).await;
            }
            attempt += 1;
        }
    }

    /// The `Authorization` value, the token file read now.
    fn authorization(&self, from: &Authorization) -> Result<Option<String>, CredentialsError> {
        let path = match from {
            Authorization::None => return Ok(None),
            Authorization::Token(token) => return Ok(Some(token.clone())),
            Authorization::File(path) => path,
        };
        let unreadable = |reason: String| CredentialsError::Source {
            source: SOURCE,
            location: format!("the authorization token file {}", path.display()),
            reason,
        };
        let bytes = self
            .fs
            .read(path)
            .map_err(|error| unreadable(format!("cannot be read: {error}")))?
            .ok_or_else(|| unreadable("cannot be read: no such file".into()))?;
        let token = String::from_utf8(bytes).map_err(|_| unreadable("is not UTF-8 text".into()))?;
        if token.is_empty() {
            return Err(unreadable("is empty".into()));
        }
        if has_line_break(&token) {
            return Err(unreadable(LINE_BREAK.into()));
        }
        Ok(Some(token))
    }
}

impl ProvideCredentials for ContainerCredentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }

    fn bind(&self, context: &ProviderContext) {
        let _ = self.context.set(context.clone());
    }
}

fn source_error(url: &str, reason: String) -> CredentialsError {
    CredentialsError::Source {
        source: SOURCE,
        location: url.to_owned(),
        reason,
    }
}

/// `: <code>: <message>` from an error answer's JSON (`code`/`Code`, `message`/`Message`), the
/// message cut short and the authorization token, should the endpoint echo it, redacted.
fn error_detail(body: &[u8], token: Option<&str>) -> String {
    let Ok(Value::Object(object)) = json::parse_value(body) else {
        return String::new();
    };
    let text = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|name| object.get(name).and_then(Value::as_str))
            .map(str::to_owned)
    };
    let mut detail = String::new();
    for part in [text(["code", "Code"]), text(["message", "Message"])]
        .into_iter()
        .flatten()
    {
        let part = match token.filter(|token| !token.is_empty()) {
            Some(token) => part.replace(token, "** redacted **"),
            None => part,
        };
        detail.push_str(": ");
        detail.extend(part.chars().take(MESSAGE_LIMIT));
    }
    detail
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn token_file(settings: &ContainerSettings) -> Option<&Path> {
        match &settings.authorization {
            Authorization::File(path) => Some(path),
            _ => None,
        }
    }

    fn from(vars: &[(&str, &str)]) -> Option<Result<ContainerSettings, CredentialsError>> {
        ContainerSettings::from_env(&Env::from_vars(vars.iter().copied()))
    }

    #[test]
    fn the_relative_uri_goes_to_ecs_and_wins_over_the_full_uri() {
        assert_eq!(from(&[]), None);
        let relative = from(&[
            (RELATIVE_URI, "/v2/credentials/task-1"),
            (FULL_URI, "http://127.0.0.1:9/creds"),
        ]);
        let settings = relative.unwrap().unwrap();
        assert_eq!(settings.url(), "http://169.254.170.2/v2/credentials/task-1");
        let error = from(&[(RELATIVE_URI, "v2/credentials")])
            .unwrap()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI cannot be used: `v2/credentials` is not a \
             path: it must start with `/`"
        );
    }

    #[test]
    fn the_full_uri_is_https_or_goes_to_this_machine_or_the_platform() {
        for url in [
            "https://creds.example.com/v1",
            "http://127.0.0.1:8080/creds",
            "http://127.0.0.7/creds",
            "http://[::1]:8080/creds",
            "http://localhost/creds",
            "http://169.254.170.2/v2/credentials/x",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
        ] {
            let settings = ContainerSettings::full_uri(url).unwrap();
            assert_eq!(settings.url(), url);
        }
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.8/creds",
            "http://[fd00:ec2::254]/creds",
            "http://creds.example.com/v1",
            "http://localhost.example.com/",
        ] {
            let error = ContainerSettings::full_uri(url).unwrap_err().to_string();
            assert!(
                error.starts_with("AWS_CONTAINER_CREDENTIALS_FULL_URI cannot be used: `")
                    && error.contains("is plain http to")
                    && error.contains(url),
                "{error}"
            );
        }
        for (url, problem) in [
            ("ftp://127.0.0.1/x", "is not an http or https URL of a host"),
            ("/v2/credentials", "is not a URL"),
        ] {
            let error = ContainerSettings::full_uri(url).unwrap_err().to_string();
            assert!(error.contains(problem), "{error}");
        }
        let error = ContainerSettings::full_uri("https://me:hunter2@example.com/").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn the_token_file_wins_and_a_token_with_a_line_break_is_refused() {
        let full = (FULL_URI, "http://127.0.0.1:9/creds");
        let settings = from(&[full, (TOKEN, "static"), (TOKEN_FILE, "/var/run/token")])
            .unwrap()
            .unwrap();
        assert_eq!(token_file(&settings), Some(Path::new("/var/run/token")));
        let settings = from(&[full, (TOKEN, "static-secret")]).unwrap().unwrap();
        assert_eq!(
            settings.authorization,
            Authorization::Token("static-secret".into())
        );
        assert!(!format!("{settings:?}").contains("static-secret"));
        for bad in ["a\r\nInjected: yes", "trailing\n"] {
            let error = from(&[full, (TOKEN, bad)]).unwrap().unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("AWS_CONTAINER_AUTHORIZATION_TOKEN cannot be used: {LINE_BREAK}")
            );
        }
    }

    #[test]
    fn error_answers_are_quoted_briefly_without_the_token() {
        let body = br#"{"code":"AccessDenied","message":"token s3cret-token is not valid"}"#;
        assert_eq!(
            error_detail(body, Some("s3cret-token")),
            ": AccessDenied: token ** redacted ** is not valid"
        );
        assert_eq!(error_detail(br#"{"Message":"no"}"#, None), ": no");
        assert_eq!(error_detail(b"<html>", None), "");
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(500));
        assert_eq!(error_detail(long.as_bytes(), None).len(), 2 + MESSAGE_LIMIT);
    }
}
