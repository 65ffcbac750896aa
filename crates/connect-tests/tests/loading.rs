//! Configuration loaded from an injected environment and file system, and credentials from a
//! provider, used by real calls to a local server that checks the signature.

use connect_mock::{MockResponse, MockServer, SignatureCheck};
use connect_runtime::credentials::ProvideFuture;
use connect_sdk::{
    BuildError, Client, Config, Credentials, CredentialsError, Env, Fs, ProvideCredentials,
    SdkError,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "eu-west-2";

async fn server() -> MockServer {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, REGION, "connect", |_| {
        MockResponse::json(200, "{}")
    })
    .await
    .expect("bind 127.0.0.1")
}

async fn call(client: &Client) -> Result<(), SdkError<impl std::error::Error>> {
    client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send()
        .await
        .map(drop)
}

#[tokio::test]
async fn a_profile_from_the_files_signs_real_calls() {
    let server = server().await;
    let config = Config::loader()
        .env(Env::from_vars([
            ("HOME", "/home/me"),
            ("AWS_PROFILE", "work"),
        ]))
        .fs(Fs::from_files([
            (
                "/home/me/.aws/config",
                format!("[profile work]\nregion = {REGION}\n"),
            ),
            (
                "/home/me/.aws/credentials",
                format!(
                    "# work account\n[work]\naws_access_key_id = {ACCESS_KEY}\n\
                     aws_secret_access_key = {SECRET_KEY}\naws_session_token = tok\n"
                ),
            ),
        ]))
        .load()
        .expect("the files are well formed")
        .endpoint_url(server.endpoint())
        .build();
    assert_eq!(config.region(), Some(REGION));
    call(&Client::from_conf(config)).await.expect("signed");
    let request = &server.requests()[0];
    assert_eq!(request.signature, SignatureCheck::Valid);
    assert_eq!(request.header("x-amz-security-token"), Some("tok"));
    assert!(request
        .header("authorization")
        .unwrap()
        .contains("/eu-west-2/connect/aws4_request"));
}

#[tokio::test]
async fn no_credentials_anywhere_is_refused_before_sending_and_lists_the_places() {
    let server = server().await;
    let config = Config::loader()
        .env(Env::from_vars([
            ("HOME", "/home/me"),
            ("AWS_REGION", REGION),
            // The chain's last place: on, it would be asked at 169.254.169.254.
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ]))
        .fs(Fs::from_files::<&str, &str>([]))
        .load()
        .unwrap()
        .endpoint_url(server.endpoint())
        .build();
    let error = call(&Client::from_conf(config)).await.unwrap_err();
    let SdkError::Construction(BuildError::Credentials(CredentialsError::NotFound { looked })) =
        &error
    else {
        panic!("{error}")
    };
    assert_eq!(looked.len(), 6, "{looked:?}");
    let text = error.to_string();
    for place in [
        "config builder",
        "AWS_ACCESS_KEY_ID",
        "/home/me/.aws/config",
        "/home/me/.aws/credentials",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_EC2_METADATA_DISABLED is true",
    ] {
        assert!(text.contains(place), "{place} missing from: {text}");
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_broken_profile_is_refused_before_sending() {
    let server = server().await;
    let config = Config::loader()
        .env(Env::from_vars([("HOME", "/h"), ("AWS_REGION", REGION)]))
        .fs(Fs::from_files([(
            "/h/.aws/config",
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\n",
        )]))
        .load()
        .unwrap()
        .endpoint_url(server.endpoint())
        .build();
    let error = call(&Client::from_conf(config)).await.unwrap_err();
    assert!(
        matches!(
            &error,
            SdkError::Construction(BuildError::Credentials(CredentialsError::InvalidProfile { profile, .. }))
                if profile == "default"
        ),
        "{error}"
    );
    assert!(server.requests().is_empty());
}

/// Temporary credentials valid for `lifetime`, counting how often it is asked.
#[derive(Debug)]
struct Temporary {
    lifetime: Duration,
    calls: Arc<AtomicUsize>,
}

impl ProvideCredentials for Temporary {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, Some("temporary".into()))
            .with_expiry(SystemTime::now() + self.lifetime);
        Box::pin(std::future::ready(Ok(credentials)))
    }
}

#[tokio::test]
async fn provider_credentials_are_cached_until_shortly_before_expiry() {
    let server = server().await;
    for (lifetime, expected_calls) in [
        (Duration::from_secs(3600), 1),
        // Inside the five-minute refresh window: asked again for every call.
        (Duration::from_secs(60), 3),
    ] {
        let calls = Arc::new(AtomicUsize::new(0));
        let provider = Temporary {
            lifetime,
            calls: Arc::clone(&calls),
        };
        let client = Client::from_conf(
            Config::builder()
                .region(REGION)
                .endpoint_url(server.endpoint())
                .credentials_provider(provider)
                .build(),
        );
        for _ in 0..3 {
            call(&client.clone()).await.expect("signed");
        }
        assert_eq!(calls.load(Ordering::SeqCst), expected_calls, "{lifetime:?}");
    }
    assert!(server
        .requests()
        .iter()
        .all(|request| request.signature == SignatureCheck::Valid
            && request.header("x-amz-security-token") == Some("temporary")));
}

#[tokio::test]
async fn explicit_credentials_win_over_the_provider() {
    let server = server().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = Client::from_conf(
        Config::builder()
            .region(REGION)
            .endpoint_url(server.endpoint())
            .credentials_provider(Temporary {
                lifetime: Duration::from_secs(3600),
                calls: Arc::clone(&calls),
            })
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .build(),
    );
    call(&client).await.expect("signed");
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(server.requests()[0].header("x-amz-security-token"), None);
}
