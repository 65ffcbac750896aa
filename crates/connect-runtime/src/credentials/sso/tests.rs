use super::*;
use crate::client::transport::{
    HttpClient, PreparedRequest, SendFuture, TransportError, TransportErrorKind,
};
use crate::config::profile::FileKind;
use crate::credentials::services::{AssumeRole, AssumeRoleWithWebIdentity, TokenFuture};
use crate::sleep::TokioSleep;
use std::collections::VecDeque;
use std::fmt::Write as _;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const HOME: &str = "/home/me";
const CONFIG: &str = "/home/me/.aws/config";
const START_URL: &str = "https://corp.awsapps.com/start";
const NOW: &str = "2024-05-01T12:00:00Z";

// The secrets of these tests: none may reach Debug output, an error or a trace.
const ACCESS_TOKEN: &str = "aoaAAAAAcached-access-token";
const REFRESH_TOKEN: &str = "aorAAAAAcached-refresh-token";
const CLIENT_SECRET: &str = "eyJraWQiOiJrZXktY2xpZW50LXNlY3JldA";
const FRESH_ACCESS_TOKEN: &str = "aoaAAAAAfresh-access-token";
const FRESH_REFRESH_TOKEN: &str = "aorAAAAAfresh-refresh-token";
const ROLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYROLESECRET";
const ROLE_TOKEN: &str = "IQoJb3JpZ2luX2VjROLESESSIONTOKEN";
const SECRETS: [&str; 7] = [
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    CLIENT_SECRET,
    FRESH_ACCESS_TOKEN,
    FRESH_REFRESH_TOKEN,
    ROLE_SECRET,
    ROLE_TOKEN,
];

fn at(text: &str) -> SystemTime {
    parse_time(text).expect("a date-time")
}

fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

// ---- Profiles ----

fn settings_of(text: &str, name: &str) -> Result<SsoSettings, CredentialsError> {
    let mut profiles = Profiles::default();
    profiles
        .merge(text, FileKind::Config, Path::new(CONFIG))
        .expect("a valid config file");
    let profile = profiles.get(name).expect("the profile");
    SsoSettings::from_profile(name, profile, &profiles)
}

fn session_settings() -> SsoSettings {
    SsoSettings {
        profile: "dev".into(),
        session: Some("corp".into()),
        start_url: START_URL.into(),
        region: "eu-west-1".into(),
        account_id: "111122223333".into(),
        role_name: "Developer".into(),
    }
}

fn legacy_settings() -> SsoSettings {
    SsoSettings {
        session: None,
        ..session_settings()
    }
}

const SESSION_PROFILE: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
     sso_role_name = Developer\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
     sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n";

#[test]
fn both_forms_of_profile_give_their_settings() {
    assert_eq!(
        settings_of(SESSION_PROFILE, "dev").unwrap(),
        session_settings()
    );
    let legacy = "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\n\
                  sso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Developer\n";
    assert_eq!(settings_of(legacy, "dev").unwrap(), legacy_settings());
    assert_eq!(session_settings().cache_key(), "corp");
    assert_eq!(legacy_settings().cache_key(), START_URL);
    assert_eq!(
        session_settings().login_command(),
        "aws sso login --profile dev"
    );
    assert_eq!(
        legacy_settings().login_command(),
        "aws sso login --profile dev"
    );
}

#[test]
fn missing_keys_are_named_with_where_they_belong() {
    let missing = |location: &str, keys: Vec<&'static str>| CredentialsError::MissingKeys {
        location: location.into(),
        needed_for: "IAM Identity Center",
        keys,
    };
    let legacy = "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region =\n\
                  sso_account_id = 111122223333\n";
    let error = settings_of(legacy, "dev").unwrap_err();
    assert_eq!(
        error,
        missing(
            "profile `dev` in /home/me/.aws/config",
            vec!["sso_region", "sso_role_name"]
        )
    );
    assert_eq!(
        error.to_string(),
        "profile `dev` in /home/me/.aws/config is set up for IAM Identity Center but lacks \
         `sso_region` and `sso_role_name`"
    );
    let no_role = "[profile dev]\nsso_session = corp\n[sso-session corp]\n\
                   sso_start_url = https://x\nsso_region = eu-west-1\n";
    assert_eq!(
        settings_of(no_role, "dev").unwrap_err(),
        missing(
            "profile `dev` in /home/me/.aws/config",
            vec!["sso_account_id", "sso_role_name"]
        )
    );
    let thin_session = "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n\
                        [sso-session corp]\nsso_registration_scopes = sso:account:access\n";
    let error = settings_of(thin_session, "dev").unwrap_err();
    assert_eq!(
        error,
        missing(
            "sso-session `corp` in /home/me/.aws/config",
            vec!["sso_start_url", "sso_region"]
        )
    );
    assert!(error
        .to_string()
        .ends_with("lacks `sso_start_url` and `sso_region`"));
}

#[test]
fn a_profile_and_its_session_must_agree() {
    let unknown = "[profile dev]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n";
    let error = settings_of(unknown, "dev").unwrap_err();
    assert_eq!(
        error,
        CredentialsError::SsoSessionNotFound {
            profile: "dev".into(),
            session: "nowhere".into(),
            file: PathBuf::from(CONFIG),
        }
    );
    assert_eq!(
        error.to_string(),
        "profile `dev` in /home/me/.aws/config sets `sso_session = nowhere`, but no config \
         file has an `[sso-session nowhere]` section"
    );
    // The legacy keys may stay in a profile that moved to a session, if they say the same.
    let same = SESSION_PROFILE.replace(
        "sso_role_name = Developer\n",
        "sso_role_name = Developer\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n",
    );
    assert_eq!(settings_of(&same, "dev").unwrap(), session_settings());
    for (key, other) in [
        ("sso_region", "us-east-1"),
        ("sso_start_url", "https://other.awsapps.com/start"),
        ("sso_registration_scopes", "sso:other"),
    ] {
        let text = SESSION_PROFILE.replace(
            "sso_role_name = Developer\n",
            &format!("sso_role_name = Developer\n{key} = {other}\n"),
        );
        let error = settings_of(&text, "dev").unwrap_err();
        assert_eq!(
            error,
            CredentialsError::SsoSessionMismatch {
                location: "profile `dev` in /home/me/.aws/config".into(),
                session: "corp".into(),
                key: key.into(),
            }
        );
        assert_eq!(
            error.to_string(),
            format!(
                "profile `dev` in /home/me/.aws/config sets `{key}` to another value than its \
                 `[sso-session corp]` section does: remove it from the profile or make the two \
                 equal"
            )
        );
    }
    // The session's start URL may be given by the profile alone, as the AWS CLI merges them.
    let split =
        "[profile dev]\nsso_session = corp\nsso_start_url = https://corp.awsapps.com/start\n\
                 sso_account_id = 111122223333\nsso_role_name = Developer\n\
                 [sso-session corp]\nsso_region = eu-west-1\n";
    assert_eq!(settings_of(split, "dev").unwrap(), session_settings());
}

// ---- The cache file ----

#[test]
fn cache_files_are_named_by_the_sha1_of_the_session_or_start_url() {
    // The AWS SDKs' shared test values, and the SHA-1 of "admin".
    for (key, name) in [
        (
            "https://d-abc123.awsapps.com/start",
            "40a89917e3175433e361b710a9d43528d7f1890a",
        ),
        (
            "https://d-abc123.awsapps.com",
            "ab6e8a5ac0e97bd6867ae3eacd5fd7dc0cd4de86",
        ),
        (
            "https://vanity.example.com",
            "7ed69759fe20aa3027c01db4b744e1437b0c8f4f",
        ),
        ("admin", "d033e22ae348aeb5660fc2140aec35850c4da997"),
    ] {
        let expected = Path::new(HOME)
            .join(".aws")
            .join("sso")
            .join("cache")
            .join(format!("{name}.json"));
        assert_eq!(cache_file(Some(Path::new(HOME)), key), expected, "{key}");
    }
    assert_eq!(
        cache_file(None, "admin"),
        Path::new("~/.aws/sso/cache/d033e22ae348aeb5660fc2140aec35850c4da997.json")
    );
}

fn token_json(expires_at: &str, registration_expires_at: Option<&str>) -> String {
    json!({
        "startUrl": START_URL,
        "region": "eu-west-1",
        "accessToken": ACCESS_TOKEN,
        "expiresAt": expires_at,
        "refreshToken": REFRESH_TOKEN,
        "clientId": "client-id",
        "clientSecret": CLIENT_SECRET,
        "registrationExpiresAt": registration_expires_at,
        "someFutureField": {"kept": true},
    })
    .to_string()
}

#[test]
fn cached_tokens_are_read_with_every_date_form_the_cli_wrote() {
    let token =
        CachedToken::parse(token_json(NOW, Some("2024-08-01T00:00:00Z")).as_bytes()).unwrap();
    assert_eq!(token.access_token, ACCESS_TOKEN);
    assert_eq!(
        token.expires_at,
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_564_800)
    );
    let request = token.refresh_request(at(NOW)).unwrap();
    assert_eq!(
        request,
        SsoRefreshToken {
            client_id: "client-id".into(),
            client_secret: CLIENT_SECRET.into(),
            refresh_token: REFRESH_TOKEN.into(),
        }
    );
    for text in [
        "2024-05-01T12:00:00UTC",
        "2024-05-01T12:00:00.000Z",
        "2024-05-01T14:00:00+02:00",
    ] {
        assert_eq!(parse_time(text), Some(at(NOW)), "{text}");
    }
    let minimal = json!({"accessToken": ACCESS_TOKEN, "expiresAt": NOW}).to_string();
    assert_eq!(
        CachedToken::parse(minimal.as_bytes()).unwrap().expires_at,
        at(NOW)
    );
    let shown = format!("{token:?}");
    assert!(
        shown.contains("clientSecret") && shown.contains("expires_at"),
        "{shown}"
    );
    assert_no_secret(&shown);
}

#[test]
fn malformed_cache_files_say_what_is_wrong_without_repeating_it() {
    let cases = [
        (
            format!("accessToken={ACCESS_TOKEN}"),
            "it is not JSON (line 1, column 1)",
        ),
        (format!("[\"{ACCESS_TOKEN}\"]"), "it is not a JSON object"),
        (
            json!({"expiresAt": NOW}).to_string(),
            "`accessToken` is missing",
        ),
        (
            json!({"accessToken": "", "expiresAt": NOW}).to_string(),
            "`accessToken` is missing",
        ),
        (
            json!({"accessToken": 42, "expiresAt": NOW}).to_string(),
            "`accessToken` is not a string",
        ),
        (
            json!({"accessToken": ACCESS_TOKEN}).to_string(),
            "`expiresAt` is missing",
        ),
        (
            json!({"accessToken": ACCESS_TOKEN, "expiresAt": "soon"}).to_string(),
            "`expiresAt` is not an RFC 3339 date-time",
        ),
    ];
    for (text, expected) in cases {
        let error = CachedToken::parse(text.as_bytes()).unwrap_err();
        assert_eq!(error, expected, "{text}");
        assert_no_secret(&error);
    }
}

#[test]
fn a_token_is_refreshable_only_with_its_whole_registration() {
    let now = at(NOW);
    let refresh = |fields: crate::json::Value| {
        CachedToken::parse(fields.to_string().as_bytes())
            .unwrap()
            .refresh_request(now)
            .unwrap_err()
    };
    let base = || {
        json!({"accessToken": ACCESS_TOKEN, "expiresAt": NOW, "refreshToken": REFRESH_TOKEN,
               "clientId": "c", "clientSecret": CLIENT_SECRET,
               "registrationExpiresAt": "2024-06-01T00:00:00Z"})
    };
    for key in [
        "refreshToken",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
    ] {
        let mut fields = base();
        fields.as_object_mut().unwrap().remove(key);
        assert_eq!(refresh(fields), format!("the cache file has no `{key}`"));
    }
    let mut expired = base();
    let set = |fields: &mut crate::json::Value, value| {
        let members = fields.as_object_mut().unwrap();
        members.insert("registrationExpiresAt", value);
    };
    set(&mut expired, json!("2024-05-01T11:59:59Z"));
    assert_eq!(
        refresh(expired),
        "the client registration it was obtained with expired at 2024-05-01T11:59:59Z"
    );
    let mut bad = base();
    set(&mut bad, json!(17));
    assert_eq!(refresh(bad), "`registrationExpiresAt` is not a string");
}

// ---- The provider, against fake services ----

/// What a call was sent with.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sent {
    region: Option<String>,
    endpoint: Option<String>,
    http: String,
    signed: bool,
}

impl Sent {
    fn of(config: &Config) -> Self {
        Self {
            region: config.region().map(str::to_owned),
            endpoint: config.endpoint_url().map(str::to_owned),
            http: format!("{:?}", config.http_client()),
            signed: config.credentials().is_some() || config.credentials_provider().is_some(),
        }
    }

    fn to(endpoint: Option<&str>) -> Self {
        Self {
            region: Some("eu-west-1".into()),
            endpoint: endpoint.map(str::to_owned),
            http: r#"Some(SendsNothing("client"))"#.into(),
            signed: false,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Call {
    Role(Sent, SsoRoleCredentials),
    Refresh(Sent, SsoRefreshToken),
}

/// Records every call; refreshes answer from a script, role credentials always succeed.
#[derive(Debug, Default)]
struct FakeServices {
    calls: Mutex<Vec<Call>>,
    refreshes: Mutex<VecDeque<Result<SsoToken, CredentialsError>>>,
}

impl FakeServices {
    fn leaked(refreshes: Vec<Result<SsoToken, CredentialsError>>) -> &'static Self {
        Box::leak(Box::new(Self {
            calls: Mutex::default(),
            refreshes: Mutex::new(refreshes.into()),
        }))
    }

    fn take_calls(&self) -> Vec<Call> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
}

fn role_credentials() -> Credentials {
    Credentials::new("ASIAROLE", ROLE_SECRET, Some(ROLE_TOKEN.into()))
        .with_expiry(at("2024-05-01T13:00:00Z"))
}

fn fresh_token(refresh_token: Option<&str>) -> SsoToken {
    SsoToken {
        access_token: FRESH_ACCESS_TOKEN.into(),
        expires_at: at("2024-05-01T20:00:00Z"),
        refresh_token: refresh_token.map(str::to_owned),
    }
}

fn revoked() -> CredentialsError {
    CredentialsError::provider("InvalidGrantException: the refresh token was revoked")
}

impl CredentialServices for FakeServices {
    fn assume_role(&self, _: Config, _: AssumeRole) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(Err(CredentialsError::provider(
            "AssumeRole is not part of IAM Identity Center",
        ))))
    }

    fn assume_role_with_web_identity(
        &self,
        _: Config,
        _: AssumeRoleWithWebIdentity,
    ) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(Err(CredentialsError::provider(
            "AssumeRoleWithWebIdentity is not part of IAM Identity Center",
        ))))
    }

    fn sso_role_credentials(
        &self,
        config: Config,
        request: SsoRoleCredentials,
    ) -> ProvideFuture<'_> {
        self.calls
            .lock()
            .unwrap()
            .push(Call::Role(Sent::of(&config), request));
        Box::pin(std::future::ready(Ok(role_credentials())))
    }

    fn sso_refresh_token(&self, config: Config, request: SsoRefreshToken) -> TokenFuture<'_> {
        self.calls
            .lock()
            .unwrap()
            .push(Call::Refresh(Sent::of(&config), request));
        let answer = self.refreshes.lock().unwrap().pop_front();
        let answer = answer.unwrap_or_else(|| Err(CredentialsError::provider("no answer left")));
        Box::pin(std::future::ready(answer))
    }
}

/// An HTTP client that sends nothing: the fake services never use it, and its name shows which
/// client a call was given.
#[derive(Debug)]
struct SendsNothing(&'static str);

impl HttpClient for SendsNothing {
    fn send(&self, _: PreparedRequest) -> SendFuture<'_> {
        let reason = format!("{} sends nothing in these tests", self.0);
        let error = TransportError::new(TransportErrorKind::Unusable, reason);
        Box::pin(std::future::ready(Err(error)))
    }
}

fn context(
    http: &'static str,
    services: Option<&'static dyn CredentialServices>,
) -> ProviderContext {
    ProviderContext {
        http: Arc::new(SendsNothing(http)),
        sleep: Arc::new(TokioSleep),
        services,
    }
}

struct Harness {
    provider: SsoCredentialsProvider,
    services: &'static FakeServices,
    fs: Fs,
    file: PathBuf,
    clock: Arc<Mutex<SystemTime>>,
}

impl Harness {
    fn new(
        settings: SsoSettings,
        vars: &[(&str, &str)],
        token: Option<String>,
        refreshes: Vec<Result<SsoToken, CredentialsError>>,
    ) -> Self {
        let file = cache_file(Some(Path::new(HOME)), settings.cache_key());
        let fs = Fs::from_files(token.map(|token| (file.clone(), token)));
        Self::with_fs(settings, vars, fs, file, refreshes)
    }

    fn with_fs(
        settings: SsoSettings,
        vars: &[(&str, &str)],
        fs: Fs,
        file: PathBuf,
        refreshes: Vec<Result<SsoToken, CredentialsError>>,
    ) -> Self {
        let mut env = vec![("HOME", HOME)];
        env.extend_from_slice(vars);
        let clock = Arc::new(Mutex::new(at(NOW)));
        let now = Arc::clone(&clock);
        let provider = SsoCredentialsProvider::new(settings, Env::from_vars(env), fs.clone())
            .with_clock(move || *now.lock().unwrap());
        let services = FakeServices::leaked(refreshes);
        provider.bind(&context("client", Some(services)));
        Self {
            provider,
            services,
            fs,
            file,
            clock,
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.provider.provide_credentials().await
    }

    fn advance(&self, by: Duration) {
        *self.clock.lock().unwrap() += by;
    }

    fn cached(&self) -> crate::json::Value {
        let bytes = self.fs.read(&self.file).unwrap().expect("the cache file");
        crate::json::parse_value(&bytes).unwrap()
    }
}

fn role_call(sent: Sent, access_token: &str) -> Call {
    Call::Role(
        sent,
        SsoRoleCredentials {
            access_token: access_token.into(),
            account_id: "111122223333".into(),
            role_name: "Developer".into(),
        },
    )
}

fn refresh_call(sent: Sent) -> Call {
    Call::Refresh(
        sent,
        SsoRefreshToken {
            client_id: "client-id".into(),
            client_secret: CLIENT_SECRET.into(),
            refresh_token: REFRESH_TOKEN.into(),
        },
    )
}

const REGISTERED: Option<&str> = Some("2024-08-01T00:00:00Z");

#[tokio::test]
async fn a_valid_token_buys_role_credentials_unsigned_in_the_session_region() {
    let token = token_json("2024-05-01T13:00:00Z", REGISTERED);
    let harness = Harness::new(session_settings(), &[], Some(token.clone()), vec![]);
    assert_eq!(harness.credentials().await.unwrap(), role_credentials());
    assert_eq!(
        harness.services.take_calls(),
        [role_call(Sent::to(None), ACCESS_TOKEN)]
    );
    // Nothing was refreshed, so nothing was written.
    assert_eq!(
        harness.fs.read(&harness.file).unwrap(),
        Some(token.into_bytes())
    );

    // The legacy form reads the file named after the start URL.
    let token = token_json("2024-05-01T13:00:00Z", None);
    let harness = Harness::new(legacy_settings(), &[], Some(token), vec![]);
    // The SHA-1 of START_URL, as `sha1sum` gives it.
    assert!(harness
        .file
        .ends_with("a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json"));
    harness.credentials().await.unwrap();
    assert_eq!(
        harness.services.take_calls(),
        [role_call(Sent::to(None), ACCESS_TOKEN)]
    );
}

#[tokio::test]
async fn endpoints_come_from_their_variables_or_the_caller() {
    let vars = [
        ("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:4001"),
        ("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:4002"),
    ];
    let expiring = token_json("2024-05-01T12:01:00Z", REGISTERED);
    let harness = Harness::new(
        session_settings(),
        &vars,
        Some(expiring.clone()),
        vec![Ok(fresh_token(None))],
    );
    harness.credentials().await.unwrap();
    let calls = harness.services.take_calls();
    assert_eq!(
        calls,
        [
            refresh_call(Sent::to(Some("http://127.0.0.1:4002"))),
            role_call(Sent::to(Some("http://127.0.0.1:4001")), FRESH_ACCESS_TOKEN),
        ]
    );

    let mut ignoring = vars.to_vec();
    ignoring.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"));
    let token = token_json("2024-05-01T13:00:00Z", REGISTERED);
    let harness = Harness::new(session_settings(), &ignoring, Some(token.clone()), vec![]);
    harness.credentials().await.unwrap();
    assert_eq!(
        harness.services.take_calls(),
        [role_call(Sent::to(None), ACCESS_TOKEN)]
    );

    // AWS_ENDPOINT_URL fills in for both, read as the loader reads it for every service.
    let global = [("AWS_ENDPOINT_URL", "http://127.0.0.1:4003")];
    let harness = Harness::new(session_settings(), &global, Some(token.clone()), vec![]);
    harness.credentials().await.unwrap();
    assert_eq!(
        harness.services.take_calls(),
        [role_call(
            Sent::to(Some("http://127.0.0.1:4003")),
            ACCESS_TOKEN
        )]
    );
    // An unusable URL is refused, naming its variable, before anything is sent.
    let broken = [("AWS_ENDPOINT_URL_SSO", "127.0.0.1:4001")];
    let harness = Harness::new(session_settings(), &broken, Some(token.clone()), vec![]);
    let error = harness.credentials().await.unwrap_err();
    assert!(
        matches!(&error, CredentialsError::InvalidSetting { setting, .. } if setting == "AWS_ENDPOINT_URL_SSO"),
        "{error:?}"
    );
    assert_eq!(harness.services.take_calls(), []);

    let mut harness = Harness::new(session_settings(), &vars, Some(token), vec![]);
    harness.provider = harness
        .provider
        .endpoint_urls(Some("http://127.0.0.1:5001".into()), None);
    harness
        .provider
        .bind(&context("client", Some(harness.services)));
    harness.credentials().await.unwrap();
    assert_eq!(
        harness.services.take_calls(),
        [role_call(
            Sent::to(Some("http://127.0.0.1:5001")),
            ACCESS_TOKEN
        )]
    );
}

#[tokio::test]
async fn a_token_about_to_expire_is_refreshed_and_written_back_whole() {
    // Four minutes left: inside the five-minute window.
    let token = token_json("2024-05-01T12:04:00Z", REGISTERED);
    let harness = Harness::new(
        session_settings(),
        &[],
        Some(token),
        vec![Ok(fresh_token(Some(FRESH_REFRESH_TOKEN)))],
    );
    assert_eq!(harness.credentials().await.unwrap(), role_credentials());
    assert_eq!(
        harness.services.take_calls(),
        [
            refresh_call(Sent::to(None)),
            role_call(Sent::to(None), FRESH_ACCESS_TOKEN),
        ]
    );
    assert_eq!(
        harness.cached(),
        json!({
            "startUrl": START_URL,
            "region": "eu-west-1",
            "accessToken": FRESH_ACCESS_TOKEN,
            "expiresAt": "2024-05-01T20:00:00Z",
            "refreshToken": FRESH_REFRESH_TOKEN,
            "clientId": "client-id",
            "clientSecret": CLIENT_SECRET,
            "registrationExpiresAt": "2024-08-01T00:00:00Z",
            "someFutureField": {"kept": true},
        })
    );

    // Without a new refresh token, the old one stays; a token far from expiry is not refreshed.
    let token = token_json("2024-05-01T11:00:00Z", REGISTERED);
    let harness = Harness::new(
        session_settings(),
        &[],
        Some(token),
        vec![Ok(fresh_token(None))],
    );
    harness.credentials().await.unwrap();
    assert_eq!(harness.cached()["refreshToken"], REFRESH_TOKEN);
    assert_eq!(harness.cached()["accessToken"], FRESH_ACCESS_TOKEN);
    harness.services.take_calls();
    harness.advance(Duration::from_secs(3600));
    harness.credentials().await.unwrap();
    assert_eq!(
        harness.services.take_calls(),
        [role_call(Sent::to(None), FRESH_ACCESS_TOKEN)]
    );
}

#[tokio::test]
async fn an_expired_token_that_cannot_be_refreshed_asks_for_a_login() {
    let expired = |settings: SsoSettings, not_refreshed: &str| {
        let file = cache_file(Some(Path::new(HOME)), settings.cache_key());
        SsoTokenError {
            profile: "dev".into(),
            file,
            login: settings.login_command(),
            problem: SsoTokenProblem::Expired {
                at: at("2024-05-01T11:00:00Z"),
                not_refreshed: not_refreshed.into(),
            },
        }
        .to_string()
    };
    let cases = [
        (
            session_settings(),
            token_json("2024-05-01T11:00:00Z", Some("2024-05-01T00:00:00Z")),
            "the client registration it was obtained with expired at 2024-05-01T00:00:00Z",
        ),
        (
            session_settings(),
            json!({"accessToken": ACCESS_TOKEN, "expiresAt": "2024-05-01T11:00:00Z"}).to_string(),
            "the cache file has no `refreshToken`",
        ),
        (
            legacy_settings(),
            token_json("2024-05-01T11:00:00Z", REGISTERED),
            "tokens of profiles without `sso_session` are not refreshed; use an \
             `[sso-session]` section to have them refreshed",
        ),
    ];
    for (settings, token, reason) in cases {
        let harness = Harness::new(settings.clone(), &[], Some(token), vec![]);
        let error = harness.credentials().await.unwrap_err();
        assert_eq!(error.to_string(), expired(settings, reason));
        assert!(harness.services.take_calls().is_empty());
    }

    let harness = Harness::new(
        legacy_settings(),
        &[],
        Some(token_json("2024-05-01T11:00:00Z", None)),
        vec![],
    );
    let error = harness.credentials().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "IAM Identity Center credentials of profile `dev`: the token cache file {} holds a \
             token that expired at 2024-05-01T11:00:00Z, and it could not be refreshed: tokens \
             of profiles without `sso_session` are not refreshed; use an `[sso-session]` \
             section to have them refreshed; run `aws sso login --profile dev`",
            harness.file.display()
        )
    );
}

#[tokio::test]
async fn a_failed_refresh_falls_back_to_a_token_still_valid_only() {
    let harness = Harness::new(
        session_settings(),
        &[],
        Some(token_json("2024-05-01T12:02:00Z", REGISTERED)),
        vec![Err(revoked())],
    );
    assert_eq!(harness.credentials().await.unwrap(), role_credentials());
    assert_eq!(
        harness.services.take_calls(),
        [
            refresh_call(Sent::to(None)),
            role_call(Sent::to(None), ACCESS_TOKEN),
        ]
    );
    assert_eq!(harness.cached()["accessToken"], ACCESS_TOKEN);

    let harness = Harness::new(
        session_settings(),
        &[],
        Some(token_json("2024-05-01T11:59:00Z", REGISTERED)),
        vec![Err(revoked())],
    );
    let error = harness.credentials().await.unwrap_err();
    let CredentialsError::SsoToken(token_error) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(token_error.login, "aws sso login --profile dev");
    assert_eq!(
        &token_error.problem,
        &SsoTokenProblem::Expired {
            at: at("2024-05-01T11:59:00Z"),
            not_refreshed: "SSO OIDC did not refresh it: the credentials provider failed: \
                            InvalidGrantException: the refresh token was revoked"
                .into(),
        }
    );
    assert_eq!(
        harness.services.take_calls(),
        [refresh_call(Sent::to(None))]
    );
}

#[tokio::test]
async fn refreshes_are_tried_at_most_every_thirty_seconds() {
    let harness = Harness::new(
        session_settings(),
        &[],
        Some(token_json("2024-05-01T11:59:00Z", REGISTERED)),
        vec![Err(revoked()), Ok(fresh_token(None))],
    );
    harness.credentials().await.unwrap_err();
    assert_eq!(harness.services.take_calls().len(), 1);
    harness.advance(Duration::from_secs(29));
    let error = harness.credentials().await.unwrap_err();
    assert!(
        error.to_string().contains(
            "could not be refreshed: the last refresh was tried less than 30 seconds ago"
        ),
        "{error}"
    );
    assert!(harness.services.take_calls().is_empty());
    harness.advance(Duration::from_secs(1));
    harness.credentials().await.unwrap();
    assert_eq!(
        harness.services.take_calls(),
        [
            refresh_call(Sent::to(None)),
            role_call(Sent::to(None), FRESH_ACCESS_TOKEN),
        ]
    );
}

#[tokio::test]
async fn a_token_that_cannot_be_written_back_is_used_and_remembered() {
    let capture = Capture::default();
    let _traced = tracing::subscriber::set_default(capture.clone());
    let settings = session_settings();
    let file = cache_file(Some(Path::new(HOME)), settings.cache_key());
    let expired = token_json("2024-05-01T11:00:00Z", REGISTERED);
    let fs = Fs::from_files([(file.clone(), expired.clone())]).read_only();
    let harness = Harness::with_fs(settings, &[], fs, file, vec![Ok(fresh_token(None))]);
    assert_eq!(harness.credentials().await.unwrap(), role_credentials());
    assert_eq!(
        harness.fs.read(&harness.file).unwrap(),
        Some(expired.into_bytes())
    );
    let traced = capture.text();
    assert!(
        traced.contains("could not be written back") && traced.contains("read-only"),
        "{traced}"
    );
    assert!(
        traced.contains(&harness.file.display().to_string()),
        "{traced}"
    );
    // The next call uses the refreshed token instead of refreshing the file's again.
    harness.services.take_calls();
    harness.advance(Duration::from_secs(3600));
    harness.credentials().await.unwrap();
    assert_eq!(
        harness.services.take_calls(),
        [role_call(Sent::to(None), FRESH_ACCESS_TOKEN)]
    );
    assert_no_secret(&capture.text());
}

#[tokio::test]
async fn a_missing_or_malformed_cache_is_an_error_with_the_login_command() {
    let harness = Harness::new(session_settings(), &[], None, vec![]);
    let error = harness.credentials().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "IAM Identity Center credentials of profile `dev`: the token cache file {} does not \
             exist; run `aws sso login --profile dev`",
            harness.file.display()
        )
    );
    let harness = Harness::new(
        legacy_settings(),
        &[],
        Some(format!("{{\"accessToken\": \"{ACCESS_TOKEN}\"")),
        vec![],
    );
    let error = harness.credentials().await.unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("cannot be used: it is not JSON (line 1, column"),
        "{text}"
    );
    assert!(
        text.ends_with("run `aws sso login --profile dev`"),
        "{text}"
    );
    assert_no_secret(&text);

    let provider = SsoCredentialsProvider::new(
        session_settings(),
        Env::from_vars([("AWS_PROFILE", "dev")]),
        Fs::from_files::<&str, &str>([]),
    );
    provider.bind(&context("client", Some(FakeServices::leaked(vec![]))));
    let error = provider.provide_credentials().await.unwrap_err();
    let CredentialsError::SsoToken(token_error) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(token_error.problem, SsoTokenProblem::NoHomeDirectory);
    assert!(
        token_error.file.starts_with("~"),
        "{}",
        token_error.file.display()
    );
    assert!(
        error.to_string().contains("no home directory is set"),
        "{error}"
    );
}

#[tokio::test]
async fn real_cache_files_are_read_written_back_and_unreadable_ones_named() {
    let home = std::env::temp_dir().join(format!("connect-runtime-sso-{}", std::process::id()));
    let settings = session_settings();
    let file = cache_file(Some(&home), settings.cache_key());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, token_json("2024-05-01T12:01:00Z", REGISTERED)).unwrap();
    let home_text = home.to_str().unwrap().to_owned();
    let harness = Harness::with_fs(
        settings.clone(),
        &[("HOME", &home_text)],
        Fs::real(),
        file.clone(),
        vec![Ok(fresh_token(None))],
    );
    harness.credentials().await.unwrap();
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written["accessToken"], FRESH_ACCESS_TOKEN);
    assert_eq!(written["clientSecret"], CLIENT_SECRET);

    // A directory where the file should be cannot be read as one.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let error = harness.credentials().await.unwrap_err();
    let CredentialsError::SsoToken(token_error) = &error else {
        panic!("{error:?}")
    };
    let problem = &token_error.problem;
    assert!(
        matches!(problem, SsoTokenProblem::Unreadable(_)),
        "{problem:?}"
    );
    assert!(error.to_string().contains("cannot be read: "), "{error}");
    std::fs::remove_dir_all(&home).unwrap();
}

#[tokio::test]
async fn without_a_client_or_its_services_the_error_says_so() {
    let token = token_json("2024-05-01T13:00:00Z", REGISTERED);
    let file = cache_file(Some(Path::new(HOME)), "corp");
    let provider = SsoCredentialsProvider::new(
        session_settings(),
        Env::from_vars([("HOME", HOME)]),
        Fs::from_files([(file, token)]),
    );
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        error,
        CredentialsError::NotBound {
            provider: "IAM Identity Center"
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("the IAM Identity Center credentials provider was asked for credentials before a client was built with it"),
        "{error}"
    );
    provider.bind(&context("first", None));
    // The first context is kept.
    provider.bind(&context("second", Some(FakeServices::leaked(vec![]))));
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        error,
        CredentialsError::NoCredentialServices {
            provider: "IAM Identity Center"
        }
    );
    assert_eq!(
        error.to_string(),
        "the IAM Identity Center credentials provider needs to call AWS services (STS, SSO or \
         SSO OIDC), which the SDK of the client it is set on does not provide"
    );
}

#[tokio::test]
async fn no_secret_reaches_debug_output_or_traces() {
    let capture = Capture::default();
    let _traced = tracing::subscriber::set_default(capture.clone());
    let harness = Harness::new(
        session_settings(),
        &[],
        Some(token_json("2024-05-01T12:01:00Z", REGISTERED)),
        vec![Ok(fresh_token(Some(FRESH_REFRESH_TOKEN)))],
    );
    let credentials = harness.credentials().await.unwrap();
    let failing = Harness::new(
        session_settings(),
        &[],
        Some(token_json("2024-05-01T11:00:00Z", REGISTERED)),
        vec![Err(revoked())],
    );
    let error = failing.credentials().await.unwrap_err();
    let traced = capture.text();
    assert!(
        traced.contains("refreshing the IAM Identity Center token failed"),
        "{traced}"
    );
    assert!(
        traced.contains("IAM Identity Center token read"),
        "{traced}"
    );
    assert_no_secret(&traced);
    let token = CachedToken::parse(token_json(NOW, REGISTERED).as_bytes()).unwrap();
    let shown = format!(
        "{:?} {:#?} {:?} {error} {error:?} {credentials:?} {token:?} {:?}",
        harness.provider,
        harness.provider,
        harness.provider.settings(),
        harness.services.take_calls(),
    );
    assert!(
        shown.contains("SsoCredentialsProvider") && shown.contains("corp"),
        "{shown}"
    );
    assert_no_secret(&shown);
}

// ---- A subscriber that records everything as text ----

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

impl Capture {
    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }

    fn push(&self, line: String) {
        let mut text = self.0.lock().unwrap();
        text.push_str(&line);
        text.push('\n');
    }
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", attributes.metadata().name());
        attributes.record(&mut Fields(&mut line));
        self.push(line);
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record");
        values.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut line = format!("event {} {}", metadata.level(), metadata.target());
        event.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
