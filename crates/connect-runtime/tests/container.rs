//! The container credentials source against a fake endpoint on 127.0.0.1, through the default
//! transport (reqwest) and tokio's timer, as a client would bind it.

use connect_http::ReqwestClient;
use connect_mock::{FakeContainerCredentials, MockResponse, TemporaryCredentials};
use connect_runtime::credentials::{ContainerCredentials, ContainerSettings};
use connect_runtime::sleep::TokioSleep;
use connect_runtime::{
    CredentialsError, Env, Fs, HttpClient, PreparedRequest, ProvideCredentials, ProviderContext,
    SendFuture,
};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const SECRET: &str = "container-secret-key-bPxRfiCY";
const SESSION: &str = "container-session-token-FwoGZXIv";
const SOURCE: &str = "the container credentials endpoint";

fn context() -> ProviderContext {
    ProviderContext {
        http: Arc::new(ReqwestClient::new(None).expect("TLS set up")),
        sleep: Arc::new(TokioSleep),
        services: None,
    }
}

async fn fake() -> FakeContainerCredentials {
    let expiry = SystemTime::now() + Duration::from_secs(6 * 3600);
    let credentials = TemporaryCredentials::new("ASIATASK", SECRET, SESSION, expiry);
    FakeContainerCredentials::start(credentials)
        .await
        .expect("binds 127.0.0.1")
}

/// The provider the environment `vars` describe, bound as a client binds it.
fn from_env(vars: &[(&str, &str)]) -> ContainerCredentials {
    let env = Env::from_vars(vars.iter().copied());
    let provider = ContainerCredentials::from_env(&env, &Fs::real()).expect("configured");
    provider.bind(&context());
    provider
}

fn bound(settings: ContainerSettings) -> ContainerCredentials {
    let provider = ContainerCredentials::new(settings);
    provider.bind(&context());
    provider
}

/// A file of its own under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("connect-runtime-container-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn authorizations(fake: &FakeContainerCredentials) -> Vec<Option<String>> {
    fake.requests()
        .iter()
        .map(|request| request.header("authorization").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn credentials_come_with_the_static_token() {
    let fake = fake().await;
    fake.require_authorization(Some("static-authorization-token"));
    let url = fake.url();
    let provider = from_env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "static-authorization-token",
        ),
    ]);
    let credentials = provider.provide_credentials().await.expect("credentials");
    assert_eq!(credentials.access_key_id(), "ASIATASK");
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some(SESSION));
    let expiry = credentials.expiry().unwrap();
    assert!(expiry > SystemTime::now() + Duration::from_secs(5 * 3600));
    let request = &fake.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        authorizations(&fake),
        [Some("static-authorization-token".to_owned())]
    );
    let open = fake_without_token().await;
    assert_eq!(authorizations(&open), [None]);
}

async fn fake_without_token() -> FakeContainerCredentials {
    let fake = fake().await;
    let url = fake.url();
    let provider = from_env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)]);
    provider
        .provide_credentials()
        .await
        .expect("no token needed");
    fake
}

#[tokio::test]
async fn the_token_file_is_read_again_at_every_call() {
    let fake = fake().await;
    let file = scratch("rotating-token");
    std::fs::write(&file, "pod-identity-token-1").unwrap();
    fake.require_authorization(Some("pod-identity-token-1"));
    let url = fake.url();
    let provider = from_env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            file.to_str().unwrap(),
        ),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "the-file-wins"),
    ]);
    provider.provide_credentials().await.expect("first token");
    std::fs::write(&file, "pod-identity-token-2").unwrap();
    fake.require_authorization(Some("pod-identity-token-2"));
    provider.provide_credentials().await.expect("rotated token");
    assert_eq!(
        authorizations(&fake),
        [
            Some("pod-identity-token-1".to_owned()),
            Some("pod-identity-token-2".to_owned())
        ]
    );
    std::fs::remove_file(&file).unwrap();
}

#[tokio::test]
async fn an_unusable_token_file_is_an_error_naming_it_and_nothing_is_sent() {
    let fake = fake().await;
    let missing = scratch("no-such-token");
    let directory = scratch("a-directory");
    std::fs::create_dir_all(&directory).unwrap();
    let broken = scratch("token-with-newline");
    std::fs::write(&broken, "token-line\n").unwrap();
    let empty = scratch("empty-token");
    std::fs::write(&empty, "").unwrap();
    for (file, reason) in [
        (&missing, "cannot be read: no such file"),
        (&directory, "cannot be read: "),
        (
            &broken,
            "the authorization token holds a line break (CR or LF)",
        ),
        (&empty, "is empty"),
    ] {
        let settings = ContainerSettings::full_uri(&fake.url())
            .unwrap()
            .with_authorization_token_file(file);
        let error = bound(settings).provide_credentials().await.unwrap_err();
        let CredentialsError::Source {
            source,
            location,
            reason: found,
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!(*source, SOURCE);
        assert_eq!(
            location,
            &format!("the authorization token file {}", file.display())
        );
        assert!(found.starts_with(reason), "{found}");
    }
    assert!(fake.requests().is_empty());
    std::fs::remove_file(&broken).unwrap();
    std::fs::remove_file(&empty).unwrap();
}

/// Records the URL of every request, then sends it through reqwest.
#[derive(Debug)]
struct Recording {
    inner: ReqwestClient,
    urls: Mutex<Vec<String>>,
}

impl HttpClient for Recording {
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        self.urls.lock().unwrap().push(request.url.clone());
        self.inner.send(request)
    }
}

#[tokio::test]
async fn unusable_settings_are_refused_without_sending() {
    let fake = fake().await;
    let url = fake.url();
    let recording = Arc::new(Recording {
        inner: ReqwestClient::new(None).unwrap(),
        urls: Mutex::new(Vec::new()),
    });
    let context = ProviderContext {
        http: recording.clone(),
        sleep: Arc::new(TokioSleep),
        services: None,
    };
    for (vars, setting, reason) in [
        (
            vec![(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://10.0.0.8/v1/credentials",
            )],
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "`http://10.0.0.8/v1/credentials` is plain http to 10.0.0.8, which is neither a \
             loopback address nor 169.254.170.2, 169.254.170.23 or fd00:ec2::23: use https, or \
             one of those hosts",
        ),
        (
            vec![(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://169.254.169.254/latest/meta-data/",
            )],
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "`http://169.254.169.254/latest/meta-data/` is plain http to 169.254.169.254, which \
             is neither a loopback address nor 169.254.170.2, 169.254.170.23 or fd00:ec2::23: \
             use https, or one of those hosts",
        ),
        (
            vec![
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", url.as_str()),
                (
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                    "token\r\nX-Injected: 1",
                ),
            ],
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "the authorization token holds a line break (CR or LF), which cannot be sent in a \
             header",
        ),
    ] {
        let env = Env::from_vars(vars);
        let provider = ContainerCredentials::from_env(&env, &Fs::real()).expect("configured");
        provider.bind(&context);
        let error = provider.provide_credentials().await.unwrap_err();
        assert_eq!(
            error,
            CredentialsError::InvalidSetting {
                setting: setting.into(),
                reason: reason.into()
            }
        );
        assert!(!error.to_string().contains("X-Injected"), "{error}");
    }
    assert!(recording.urls.lock().unwrap().is_empty());
    assert!(fake.requests().is_empty());
    let nothing = Env::from_vars([("AWS_REGION", "eu-west-1")]);
    assert!(ContainerCredentials::from_env(&nothing, &Fs::real()).is_none());
}

fn error_text(fake: &FakeContainerCredentials, reason: &str) -> String {
    format!("{SOURCE} ({}) failed: {reason}", fake.url())
}

#[tokio::test]
async fn five_hundreds_are_retried_then_an_error() {
    let fake = fake().await;
    fake.script([MockResponse::json(503, "{}")]);
    let provider = bound(ContainerSettings::full_uri(&fake.url()).unwrap());
    let credentials = provider.provide_credentials().await.expect("the retry");
    assert_eq!(credentials.access_key_id(), "ASIATASK");
    assert_eq!(fake.requests().len(), 2);

    let fake = fake_with_script(vec![MockResponse::json(500, "{}"); 3]).await;
    let provider = bound(ContainerSettings::full_uri(&fake.url()).unwrap());
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        error_text(&fake, "answered HTTP 500 (attempt 3 of 3, all failed)")
    );
    assert_eq!(fake.requests().len(), 3);
}

async fn fake_with_script(script: Vec<MockResponse>) -> FakeContainerCredentials {
    let fake = fake().await;
    fake.script(script);
    fake
}

#[tokio::test]
async fn slow_answers_are_given_up_and_retried() {
    let never = MockResponse::json(200, "{}").delayed(Duration::from_secs(30));
    let fake = fake_with_script(vec![never.clone()]).await;
    let settings = ContainerSettings::full_uri(&fake.url())
        .unwrap()
        .with_attempt_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let credentials = bound(settings.clone()).provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIATASK");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(fake.requests().len(), 2);

    fake.script(vec![never; 3]);
    let started = Instant::now();
    let error = bound(settings).provide_credentials().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        error.to_string(),
        error_text(
            &fake,
            "gave no answer within 300ms (attempt 3 of 3, all failed)"
        )
    );
}

#[tokio::test]
async fn nothing_listening_is_an_error_after_the_attempts() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/creds", closed.local_addr().unwrap());
    drop(closed);
    let error = bound(ContainerSettings::full_uri(&url).unwrap())
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("{SOURCE} ({url}) failed: could not be reached: ")),
        "{text}"
    );
    assert!(text.ends_with("(attempt 3 of 3, all failed)"), "{text}");
}

#[tokio::test]
async fn malformed_answers_are_errors_naming_the_url() {
    let fake = fake().await;
    let provider = bound(ContainerSettings::full_uri(&fake.url()).unwrap());
    for (body, reason) in [
        (
            "{not json",
            "the answer is not valid JSON: expected a member name at line 1 column 2",
        ),
        (
            r#"{"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2030-01-01T00:00:00Z"}"#,
            "the answer has no `Token` string",
        ),
    ] {
        fake.script([MockResponse::json(200, body)]);
        let error = provider.provide_credentials().await.unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with(&error_text(&fake, reason)), "{text}");
    }
}

#[tokio::test]
async fn a_refused_token_is_an_error_at_once_that_does_not_show_it() {
    let fake = fake().await;
    fake.require_authorization(Some("the-right-token"));
    let settings = ContainerSettings::full_uri(&fake.url())
        .unwrap()
        .with_authorization_token("a-wrong-token-value")
        .unwrap();
    let provider = bound(settings);
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        error_text(
            &fake,
            "answered HTTP 401: AccessDeniedException: the Authorization header is missing or \
             wrong"
        )
    );
    assert_eq!(fake.requests().len(), 1, "a 4xx is not retried");
    let shown = format!("{error:?} {provider:?}");
    assert!(!shown.contains("a-wrong-token-value"), "{shown}");
}

#[tokio::test]
async fn an_unbound_provider_says_what_it_needs() {
    let fake = fake().await;
    let provider = ContainerCredentials::new(ContainerSettings::full_uri(&fake.url()).unwrap());
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("before a client was built with it"),
        "{error}"
    );
    assert!(fake.requests().is_empty());
}
