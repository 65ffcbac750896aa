//! The instance metadata credentials source against a fake IMDSv2 on 127.0.0.1, through the
//! default transport (reqwest) and tokio's timer, as a client would bind it.

use connect_http::ReqwestClient;
use connect_mock::{FakeImds, ImdsBehaviour, TemporaryCredentials, IMDS_TOKEN_HEADER};
use connect_runtime::credentials::{ImdsCredentials, ImdsSettings};
use connect_runtime::sleep::TokioSleep;
use connect_runtime::{
    CredentialsError, Env, HttpClient, PreparedRequest, ProvideCredentials, ProviderContext,
    SendFuture,
};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const SECRET: &str = "imds-secret-key-wJalrXUtnFEMI";
const SESSION: &str = "imds-session-token-IQoJb3JpZ2lu";

fn context() -> ProviderContext {
    ProviderContext {
        http: Arc::new(ReqwestClient::new(None).expect("TLS set up")),
        sleep: Arc::new(TokioSleep),
        services: None,
    }
}

fn role_credentials(id: &str, expires_in: Duration) -> TemporaryCredentials {
    TemporaryCredentials::new(id, SECRET, SESSION, SystemTime::now() + expires_in)
}

async fn fake_with_role() -> FakeImds {
    let imds = FakeImds::start().await.expect("binds 127.0.0.1");
    let hour = Duration::from_secs(3600);
    imds.set_role("web-server", role_credentials("ASIAWEB", hour).imds_json());
    imds
}

/// A provider for `imds`, bound as a client binds it.
fn provider(imds: &FakeImds) -> ImdsCredentials {
    let settings = ImdsSettings::default()
        .with_endpoint(&imds.endpoint())
        .expect("a local URL");
    let provider = ImdsCredentials::new(settings);
    provider.bind(&context());
    provider
}

fn paths(imds: &FakeImds) -> Vec<String> {
    imds.requests()
        .iter()
        .map(|request| format!("{} {}", request.method, request.target))
        .collect()
}

const TOKEN: &str = "PUT /latest/api/token";
const LISTING: &str = "GET /latest/meta-data/iam/security-credentials/";
const ROLE: &str = "GET /latest/meta-data/iam/security-credentials/web-server";

#[tokio::test]
async fn the_roles_credentials_come_with_one_token_for_many_calls() {
    let imds = fake_with_role().await;
    let provider = provider(&imds);
    let credentials = provider.provide_credentials().await.expect("credentials");
    assert_eq!(credentials.access_key_id(), "ASIAWEB");
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some(SESSION));
    let expiry = credentials.expiry().expect("temporary");
    let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
    assert!(expiry <= in_an_hour && expiry > in_an_hour - Duration::from_secs(10));

    provider.provide_credentials().await.expect("again");
    assert_eq!(paths(&imds), [TOKEN, LISTING, ROLE, LISTING, ROLE]);
    assert_eq!(imds.tokens_issued(), 1);
    let requests = imds.requests();
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    let token = requests[1].header(IMDS_TOKEN_HEADER).expect("a token");
    assert!(requests[1..]
        .iter()
        .all(|request| request.header(IMDS_TOKEN_HEADER) == Some(token)));
}

#[tokio::test]
async fn a_refused_token_is_replaced_once() {
    let imds = fake_with_role().await;
    let provider = provider(&imds);
    provider.provide_credentials().await.expect("credentials");
    imds.revoke_tokens();
    let credentials = provider.provide_credentials().await.expect("a new token");
    assert_eq!(credentials.access_key_id(), "ASIAWEB");
    assert_eq!(imds.tokens_issued(), 2);
    assert_eq!(
        paths(&imds),
        [TOKEN, LISTING, ROLE, LISTING, TOKEN, LISTING, ROLE]
    );
}

#[tokio::test]
async fn a_token_is_replaced_when_its_ttl_runs_out() {
    let imds = fake_with_role().await;
    // Two seconds granted: kept for one (half of a short life), then replaced.
    imds.cap_token_ttl(Duration::from_secs(2));
    let provider = provider(&imds);
    provider.provide_credentials().await.expect("credentials");
    provider.provide_credentials().await.expect("same token");
    assert_eq!(imds.tokens_issued(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    provider.provide_credentials().await.expect("new token");
    assert_eq!(imds.tokens_issued(), 2);
    assert_eq!(
        paths(&imds),
        [TOKEN, LISTING, ROLE, LISTING, ROLE, TOKEN, LISTING, ROLE]
    );
}

#[tokio::test]
async fn expired_credentials_are_used_a_few_minutes_longer() {
    let imds = FakeImds::start().await.unwrap();
    let expired = TemporaryCredentials::new(
        "ASIAOLD",
        SECRET,
        SESSION,
        SystemTime::now() - Duration::from_secs(600),
    );
    imds.set_role("web-server", expired.imds_json());
    let now = SystemTime::now();
    let credentials = provider(&imds).provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAOLD");
    let expiry = credentials.expiry().unwrap();
    assert!(expiry >= now + Duration::from_secs(600), "{expiry:?}");
    assert!(
        expiry <= now + Duration::from_secs(15 * 60 + 5),
        "{expiry:?}"
    );
}

#[tokio::test]
async fn the_last_credentials_are_given_again_when_the_service_fails() {
    let imds = fake_with_role().await;
    let provider = provider(&imds);
    let first = provider.provide_credentials().await.unwrap();
    imds.set_behaviour(ImdsBehaviour::InternalError);
    assert_eq!(provider.provide_credentials().await.unwrap(), first);
    imds.remove_role();
    imds.set_behaviour(ImdsBehaviour::Normal);
    assert_eq!(provider.provide_credentials().await.unwrap(), first);
}

#[tokio::test]
async fn the_environment_sets_the_endpoint_over_the_mode() {
    let imds = fake_with_role().await;
    let env = Env::from_vars([
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6".into()),
    ]);
    let provider = ImdsCredentials::from_env(&env).expect("on");
    provider.bind(&context());
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAWEB");
    assert_eq!(imds.requests().len(), 3);

    // The mode alone chooses the IPv6 address; nothing is sent here.
    let ipv6 = Env::from_vars([("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")]);
    let settings = ImdsSettings::from_env(&ipv6).unwrap().unwrap();
    assert_eq!(settings.endpoint(), "http://[fd00:ec2::254]");
    let bad = Env::from_vars([("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")]);
    let provider = ImdsCredentials::from_env(&bad).expect("on, but unusable");
    provider.bind(&context());
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(
        matches!(&error, CredentialsError::InvalidSetting { setting, .. }
            if setting == "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"),
        "{error}"
    );
}

#[tokio::test]
async fn disabled_means_no_source_and_nothing_sent() {
    let imds = fake_with_role().await;
    let env = Env::from_vars([
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint()),
    ]);
    assert!(ImdsCredentials::from_env(&env).is_none());
    assert!(ImdsSettings::from_env(&env).is_none());
    assert!(imds.requests().is_empty());
}

#[tokio::test]
async fn a_service_that_never_answers_is_not_found_within_three_seconds() {
    let imds = fake_with_role().await;
    imds.set_behaviour(ImdsBehaviour::Hang);
    let started = Instant::now();
    let error = provider(&imds).provide_credentials().await.unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(3),
        "{took:?}"
    );
    let CredentialsError::NotFound { looked } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        looked,
        &[format!(
            "the instance metadata service at {}: PUT /latest/api/token gave no answer within \
             1s (attempt 2 of 2)",
            imds.endpoint()
        )]
    );
    assert_eq!(paths(&imds), [TOKEN, TOKEN]);
}

#[tokio::test]
async fn nothing_listening_is_not_found_quickly() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let provider = ImdsCredentials::new(ImdsSettings::default().with_endpoint(&endpoint).unwrap());
    provider.bind(&context());
    let started = Instant::now();
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    let CredentialsError::NotFound { looked } = &error else {
        panic!("{error:?}");
    };
    assert!(
        looked[0].starts_with(&format!(
            "the instance metadata service at {endpoint}: PUT /latest/api/token could not be \
             reached"
        )),
        "{looked:?}"
    );
}

#[tokio::test]
async fn an_instance_without_a_role_is_not_found() {
    let imds = FakeImds::start().await.unwrap();
    let error = provider(&imds).provide_credentials().await.unwrap_err();
    assert_eq!(
        error,
        CredentialsError::NotFound {
            looked: vec![format!(
                "the instance metadata service at {}: no IAM role is attached to this instance \
                 (the role listing answered 404 or nothing)",
                imds.endpoint()
            )]
        }
    );
}

#[tokio::test]
async fn malformed_answers_are_errors_naming_the_url() {
    let imds = FakeImds::start().await.unwrap();
    let role_url = format!(
        "{}/latest/meta-data/iam/security-credentials/web-server",
        imds.endpoint()
    );
    for (body, reason) in [
        (
            "{\"AccessKeyId\": \"A\",",
            "the answer is not valid JSON: unexpected end of text",
        ),
        ("\"just a string\"", "the answer is not a JSON object"),
        (
            r#"{"Code": "AssumeRoleUnauthorizedAccess", "Message": "EC2 cannot assume the role"}"#,
            "the answer's Code is `AssumeRoleUnauthorizedAccess`: EC2 cannot assume the role",
        ),
        (
            r#"{"Code": "Success", "AccessKeyId": "A", "SecretAccessKey": "S", "Token": "T"}"#,
            "the answer has no `Expiration` string",
        ),
    ] {
        imds.set_role("web-server", body);
        let error = provider(&imds).provide_credentials().await.unwrap_err();
        let CredentialsError::Source {
            source,
            location,
            reason: found,
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!(
            (*source, location.as_str()),
            ("the instance metadata service", role_url.as_str())
        );
        assert!(found.starts_with(reason), "{found}");
    }
    imds.set_role("../../user-data", "{}");
    let error = provider(&imds).provide_credentials().await.unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("failed: the answer is not an IAM role name"),
        "{error}"
    );
}

#[tokio::test]
async fn a_failing_service_is_an_error_after_one_retry() {
    let imds = fake_with_role().await;
    imds.set_behaviour(ImdsBehaviour::InternalError);
    let error = provider(&imds).provide_credentials().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the instance metadata service ({}/latest/api/token) failed: answered HTTP 500 \
             (attempt 2 of 2)",
            imds.endpoint()
        )
    );
    assert_eq!(paths(&imds), [TOKEN, TOKEN]);
}

#[tokio::test]
async fn an_imdsv1_only_service_is_refused_without_falling_back() {
    let imds = fake_with_role().await;
    imds.set_behaviour(ImdsBehaviour::V1Only);
    let error = provider(&imds).provide_credentials().await.unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("hands out no session token (HTTP 405): it serves IMDSv1 only"),
        "{text}"
    );
    assert_eq!(paths(&imds), [TOKEN], "no request without a token");
}

#[tokio::test]
async fn the_region_is_read_or_unknown() {
    let imds = FakeImds::start().await.unwrap();
    let provider = provider(&imds);
    assert_eq!(provider.region(&context()).await, Ok(None));
    imds.set_region("eu-west-3");
    assert_eq!(
        provider.region(&context()).await,
        Ok(Some("eu-west-3".into()))
    );
    assert_eq!(
        imds.tokens_issued(),
        1,
        "the token is shared with credentials"
    );
    imds.set_behaviour(ImdsBehaviour::Hang);
    let hanging = ImdsCredentials::new(
        ImdsSettings::default()
            .with_endpoint(&imds.endpoint())
            .unwrap()
            .with_attempt_timeout(Duration::from_millis(200)),
    );
    assert_eq!(hanging.region(&context()).await, Ok(None));
    imds.set_behaviour(ImdsBehaviour::InternalError);
    let error = hanging.region(&context()).await.unwrap_err();
    assert!(matches!(error, CredentialsError::Source { .. }), "{error}");
}

#[tokio::test]
async fn an_unbound_provider_says_what_it_needs() {
    let imds = fake_with_role().await;
    let provider = ImdsCredentials::new(
        ImdsSettings::default()
            .with_endpoint(&imds.endpoint())
            .unwrap(),
    );
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("before a client was built with it"),
        "{error}"
    );
    assert!(imds.requests().is_empty());
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
async fn requests_go_through_the_first_context_bound() {
    let imds = fake_with_role().await;
    let recording = Arc::new(Recording {
        inner: ReqwestClient::new(None).unwrap(),
        urls: Mutex::new(Vec::new()),
    });
    let provider = ImdsCredentials::new(
        ImdsSettings::default()
            .with_endpoint(&imds.endpoint())
            .unwrap(),
    );
    provider.bind(&ProviderContext {
        http: recording.clone(),
        sleep: Arc::new(TokioSleep),
        services: None,
    });
    provider.bind(&context());
    provider.provide_credentials().await.unwrap();
    assert_eq!(recording.urls.lock().unwrap().len(), 3);
    assert_eq!(imds.requests().len(), 3);
}

#[tokio::test]
async fn debug_output_holds_no_secret() {
    let imds = fake_with_role().await;
    let provider = provider(&imds);
    let credentials = provider.provide_credentials().await.unwrap();
    let token = imds.requests()[1]
        .header(IMDS_TOKEN_HEADER)
        .unwrap()
        .to_owned();
    let shown = format!("{provider:?} {provider:#?} {credentials:?}");
    assert!(shown.contains("ASIAWEB"), "{shown}");
    for secret in [SECRET, SESSION, token.as_str()] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}
