//! Retries, timeouts, cancellation and answer-size limits, against local servers on 127.0.0.1.
//!
//! Backoff delays go through an injected sleeper that records them and returns at once, so no
//! test waits for a backoff; timeout tests use tokio's timer with 200 ms limits against servers
//! that take 30 s, so no margin is tight.

use connect_mock::{
    sequence, BlackHole, MockResponse, MockServer, RecordedRequest, SignatureCheck,
};
use connect_runtime::sleep::Sleep;
use connect_sdk::disassociate_workspace::{
    DisassociateWorkspaceError, DisassociateWorkspaceOutput,
};
use connect_sdk::{
    AsyncSleep, Client, Config, ConfigBuilder, Credentials, ResponseErrorKind, RetryConfig,
    SdkError, TimeoutKind,
};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
/// How long a test waits for something that should happen at once, before failing instead of
/// hanging; never a bound on how fast the code must be.
const PATIENCE: Duration = Duration::from_secs(20);
/// The timeouts under test, against servers that take [`SLOW`].
const SHORT: Duration = Duration::from_millis(200);
const SLOW: Duration = Duration::from_secs(30);

/// Records every wait and returns at once.
#[derive(Clone, Debug, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    fn delays(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl AsyncSleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

async fn server(
    respond: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
) -> MockServer {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, REGION, "connect", respond)
        .await
        .expect("bind 127.0.0.1")
}

fn config(endpoint: String) -> ConfigBuilder {
    Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .endpoint_url(endpoint)
        // The default attempt timeout is raced against the injected sleep, which returns at
        // once and would always win: off here, and set by the tests of timeouts.
        .attempt_timeout(None)
}

/// A client whose backoff waits are recorded instead of waited for.
fn recording_client(server: &MockServer, retry: RetryConfig) -> (Client, RecordingSleep) {
    let sleep = RecordingSleep::default();
    let client = Client::from_conf(
        config(server.endpoint())
            .retry_config(retry)
            .sleep_impl(sleep.clone())
            .build(),
    );
    (client, sleep)
}

async fn call(
    client: &Client,
) -> Result<DisassociateWorkspaceOutput, SdkError<DisassociateWorkspaceError>> {
    call_for(client, "i").await
}

/// A call whose instance id, the second segment of the path, tells the server what to do.
async fn call_for(
    client: &Client,
    instance_id: &str,
) -> Result<DisassociateWorkspaceOutput, SdkError<DisassociateWorkspaceError>> {
    let call = client
        .disassociate_workspace()
        .instance_id(instance_id)
        .workspace_id("w")
        .resource_arns("a")
        .send();
    tokio::time::timeout(PATIENCE, call)
        .await
        .expect("the call ends")
}

fn error_answer(status: u16, code: &str) -> MockResponse {
    MockResponse::json(status, format!(r#"{{"message":"{code} here"}}"#))
        .with_header("x-amzn-ErrorType", code)
}

fn timeout_kind<E>(error: &SdkError<E>) -> Option<TimeoutKind> {
    match error {
        SdkError::Timeout(timeout) => Some(timeout.kind()),
        _ => None,
    }
}

#[tokio::test]
async fn a_503_then_a_200_succeeds_in_two_signed_attempts() {
    let server = server(sequence([
        error_answer(503, "ServiceUnavailableException"),
        MockResponse::json(200, r#"{"SuccessfulList":[]}"#),
    ]))
    .await;
    let (client, sleep) = recording_client(&server, RetryConfig::standard());
    let output = call(&client).await.expect("the second attempt succeeds");
    assert_eq!(output.successful_list, Some(Vec::new()));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.signature, SignatureCheck::Valid);
        assert!(request.header("x-amz-date").is_some());
    }
    assert_eq!(requests[0].body, requests[1].body);
    let delays = sleep.delays();
    assert_eq!(delays.len(), 1);
    assert!(delays[0] < Duration::from_secs(1), "{delays:?}");
}

#[tokio::test]
async fn throttling_is_retried_with_capped_jittered_exponential_backoff() {
    let server = server(|_| error_answer(429, "ThrottlingException")).await;
    let retry = RetryConfig::standard().with_max_attempts(8);
    let (client, sleep) = recording_client(&server, retry);
    let error = call(&client).await.unwrap_err();
    assert!(
        matches!(
            error.as_service_error(),
            Some(DisassociateWorkspaceError::ThrottlingException(_))
        ),
        "{error}"
    );
    assert_eq!(server.requests().len(), 8);
    let delays = sleep.delays();
    assert_eq!(delays.len(), 7);
    for (retry, delay) in (1u32..).zip(&delays) {
        // Below 2^(retry-1) s (the jitter is under 1), and never over 20 s.
        let ceiling = Duration::from_secs(1 << (retry - 1)).min(Duration::from_secs(20));
        assert!(*delay <= ceiling, "retry {retry}: {delay:?} > {ceiling:?}");
        assert!(
            *delay < Duration::from_secs(1 << (retry - 1)),
            "retry {retry}: {delay:?}"
        );
    }
    assert!(delays.iter().any(|delay| !delay.is_zero()), "{delays:?}");

    // The same bounds with a custom base and cap.
    let retry = RetryConfig::standard()
        .with_max_attempts(10)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(50));
    let (client, sleep) = recording_client(&server, retry);
    call(&client).await.unwrap_err();
    let delays = sleep.delays();
    assert_eq!(delays.len(), 9);
    for (retry, delay) in (1u32..).zip(&delays) {
        let ceiling = Duration::from_millis(10 << (retry - 1)).min(Duration::from_millis(50));
        assert!(*delay <= ceiling, "retry {retry}: {delay:?} > {ceiling:?}");
    }
}

fn instance_id(request: &RecordedRequest) -> String {
    request
        .path()
        .split('/')
        .nth(2)
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn throttling_and_transient_codes_are_retried_whatever_their_status() {
    // The first request for each code fails with it, the next one succeeds.
    let failed = Mutex::new(std::collections::HashSet::new());
    let server = server(move |request| {
        let code = instance_id(request);
        if failed.lock().unwrap().insert(code.clone()) {
            error_answer(400, &code)
        } else {
            MockResponse::json(200, "{}")
        }
    })
    .await;
    let (client, _) = recording_client(&server, RetryConfig::standard());
    let codes = [
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
        "PriorRequestNotComplete",
        "RequestTimeout",
        "InternalError",
    ];
    for code in codes {
        call_for(&client, code)
            .await
            .unwrap_or_else(|error| panic!("{code}: {error}"));
    }
    assert_eq!(server.requests().len(), 2 * codes.len());
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let cases = [
        (400, "InvalidParameterException"),
        (400, "InvalidRequestException"),
        (403, "AccessDeniedException"),
        (404, "ResourceNotFoundException"),
        (409, "ConflictException"),
        (501, "NotImplemented"),
    ];
    let server = server(move |request| {
        let code = instance_id(request);
        let status = cases
            .iter()
            .find(|case| case.1 == code)
            .map_or(400, |case| case.0);
        error_answer(status, &code)
    })
    .await;
    let (client, sleep) = recording_client(&server, RetryConfig::standard());
    for (index, (_, code)) in cases.iter().enumerate() {
        let error = call_for(&client, code).await.unwrap_err();
        let SdkError::Service(service) = &error else {
            panic!("{code}: {error}")
        };
        assert_eq!(service.meta().code(), Some(*code));
        assert_eq!(server.requests().len(), index + 1, "{code}");
    }
    assert!(sleep.delays().is_empty());
}

#[tokio::test]
async fn the_retry_quota_stops_a_storm_and_successes_refill_it() {
    let failing = Arc::new(AtomicBool::new(true));
    let switch = Arc::clone(&failing);
    let server = server(move |_| {
        if switch.load(Ordering::SeqCst) {
            error_answer(500, "InternalServiceException")
        } else {
            MockResponse::json(200, "{}")
        }
    })
    .await;
    let (client, _) = recording_client(&server, RetryConfig::standard());
    let mut seen = 0;
    let mut attempts_of = |requests: usize| {
        let attempts = requests - seen;
        seen = requests;
        attempts
    };
    // 500 tokens at 5 a retry: 50 calls of 3 attempts, shared by the client's clones.
    for index in 0..50 {
        let clone = client.clone();
        call(&clone).await.unwrap_err();
        assert_eq!(attempts_of(server.requests().len()), 3, "call {index}");
    }
    for _ in 0..3 {
        let error = call(&client).await.unwrap_err();
        assert_eq!(error.as_service_error().map(|_| ()), Some(()));
        assert_eq!(attempts_of(server.requests().len()), 1);
    }
    // A success without retry gives one token back: five of them pay for one retry.
    failing.store(false, Ordering::SeqCst);
    for _ in 0..5 {
        call(&client).await.unwrap();
        assert_eq!(attempts_of(server.requests().len()), 1);
    }
    failing.store(true, Ordering::SeqCst);
    call(&client).await.unwrap_err();
    assert_eq!(attempts_of(server.requests().len()), 2);
    call(&client).await.unwrap_err();
    assert_eq!(attempts_of(server.requests().len()), 1);
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let server = server(sequence([
        MockResponse::hang_up(),
        MockResponse::hang_up(),
        MockResponse::json(200, "{}"),
    ]))
    .await;
    let (client, sleep) = recording_client(&server, RetryConfig::standard());
    call(&client).await.expect("the third attempt succeeds");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(sleep.delays().len(), 2);

    let server = self::server(|_| MockResponse::hang_up()).await;
    let (client, _) = recording_client(&server, RetryConfig::standard());
    let error = call(&client).await.unwrap_err();
    assert!(matches!(error, SdkError::Dispatch(_)), "{error}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn refused_connections_are_retried() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let sleep = RecordingSleep::default();
    let client = Client::from_conf(
        config(format!("http://127.0.0.1:{port}"))
            .sleep_impl(sleep.clone())
            .build(),
    );
    let error = call(&client).await.unwrap_err();
    assert!(matches!(error, SdkError::Dispatch(_)), "{error}");
    assert_eq!(sleep.delays().len(), 2);
}

#[tokio::test]
async fn a_connect_timeout_is_a_typed_timeout() {
    let hole = BlackHole::start().await.expect("bind 127.0.0.1");
    let client = Client::from_conf(
        config(hole.endpoint())
            .connect_timeout(SHORT)
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    let error = call(&client).await.unwrap_err();
    assert_eq!(timeout_kind(&error), Some(TimeoutKind::Connect), "{error}");
    let SdkError::Timeout(timeout) = &error else {
        unreachable!()
    };
    assert_eq!(timeout.limit(), SHORT);
    assert_eq!(
        error.to_string(),
        "timed out: the connect timeout of 200ms elapsed"
    );
}

#[tokio::test]
async fn a_connect_timeout_is_retried() {
    let hole = BlackHole::start().await.expect("bind 127.0.0.1");
    // Real waits here (the connect timeout is the HTTP client's), so a tiny backoff.
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    let sleep = RecordingSleep::default();
    let client = Client::from_conf(
        config(hole.endpoint())
            .connect_timeout(SHORT)
            .retry_config(retry)
            .sleep_impl(sleep.clone())
            .build(),
    );
    let error = call(&client).await.unwrap_err();
    assert_eq!(timeout_kind(&error), Some(TimeoutKind::Connect), "{error}");
    assert_eq!(sleep.delays().len(), 2);
}

/// Waits for real (tokio's timer, for the timeouts), with backoff of at most 5 ms.
fn quick_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn timed_client(server: &MockServer, configure: impl Fn(ConfigBuilder) -> ConfigBuilder) -> Client {
    let config = config(server.endpoint()).retry_config(quick_retries(3));
    Client::from_conf(configure(config).build())
}

#[tokio::test]
async fn a_slow_attempt_is_abandoned_and_retried() {
    let server = server(sequence([
        MockResponse::json(200, "{}").delayed(SLOW),
        MockResponse::json(200, r#"{"FailedList":[]}"#),
    ]))
    .await;
    let client = timed_client(&server, |config| config.attempt_timeout(SHORT));
    let output = call(&client).await.expect("the second attempt succeeds");
    assert_eq!(output.failed_list, Some(Vec::new()));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn attempt_timeouts_on_every_attempt_give_the_attempt_timeout() {
    let server = server(|_| MockResponse::json(200, "{}").delayed(SLOW)).await;
    let client = timed_client(&server, |config| {
        config.attempt_timeout(SHORT).retry_config(quick_retries(2))
    });
    let error = call(&client).await.unwrap_err();
    assert_eq!(timeout_kind(&error), Some(TimeoutKind::Attempt), "{error}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_slow_operation_gives_the_operation_timeout() {
    let server = server(|_| MockResponse::json(200, "{}").delayed(SLOW)).await;
    let client = timed_client(&server, |config| config.operation_timeout(SHORT));
    let error = call(&client).await.unwrap_err();
    assert_eq!(
        timeout_kind(&error),
        Some(TimeoutKind::Operation),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "timed out: the operation timeout of 200ms elapsed"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_operation_timeout_spans_every_attempt() {
    // Attempts of 200 ms, retried (up to the quota: 50 timeouts, 10 s), inside 1 s.
    let server = server(|_| MockResponse::json(200, "{}").delayed(SLOW)).await;
    let client = timed_client(&server, |config| {
        config
            .attempt_timeout(SHORT)
            .operation_timeout(SHORT * 5)
            .retry_config(quick_retries(1_000))
    });
    let error = call(&client).await.unwrap_err();
    assert_eq!(
        timeout_kind(&error),
        Some(TimeoutKind::Operation),
        "{error}"
    );
    assert!(server.requests().len() >= 2, "{}", server.requests().len());
}

#[tokio::test]
async fn dropping_the_call_closes_its_connection() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (received, request_arrived) = tokio::sync::oneshot::channel();
    let (closed, connection_closed) = tokio::sync::oneshot::channel();
    let serve = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buffer = vec![0; 64 * 1024];
        let _ = socket.read(&mut buffer).await;
        let _ = received.send(());
        // Never answers; reading returns 0 (or fails) once the client closes its side.
        let end = socket.read(&mut buffer).await;
        let _ = closed.send(matches!(end, Ok(0) | Err(_)));
    });
    let client = Client::from_conf(config(format!("http://{address}")).build());
    let call = call(&client);
    tokio::select! {
        _ = call => panic!("the server never answers"),
        arrived = request_arrived => arrived.expect("the request arrives"),
    }
    // `call` is dropped here, with its request in flight.
    let closed = tokio::time::timeout(PATIENCE, connection_closed)
        .await
        .expect("the connection is closed once the call is dropped");
    assert_eq!(closed, Ok(true));
    serve.await.unwrap();
}

#[tokio::test]
async fn answers_over_the_size_limit_are_typed_errors_and_not_retried() {
    let body = format!(r#"{{"FailedList":[],"pad":"{}"}}"#, "x".repeat(2_000));
    let exact = body.len() as u64;
    let answer = body.clone();
    let server = server(move |_| MockResponse::json(200, answer.clone())).await;
    let client = |limit| {
        let config = config(server.endpoint())
            .max_response_size(limit)
            .sleep_impl(RecordingSleep::default());
        Client::from_conf(config.build())
    };
    call(&client(exact))
        .await
        .expect("a body of exactly the limit is read");
    let error = call(&client(exact - 1)).await.unwrap_err();
    let SdkError::Response(response) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        response.kind(),
        ResponseErrorKind::TooLarge { limit: exact - 1 }
    );
    assert_eq!(response.status(), 200);
    assert!(response.request_id().is_some());
    assert!(
        error.to_string().contains("longer than the limit"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let serve = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0; 64 * 1024];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                    x-amzn-RequestId: endless-1\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("4000\r\n{}\r\n", " ".repeat(0x4000));
        // Until the client hangs up: a client that buffered everything would never return.
        while socket.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    let client = Client::from_conf(
        config(format!("http://{address}"))
            .max_response_size(1024 * 1024)
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    let error = call(&client).await.unwrap_err();
    let SdkError::Response(response) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        response.kind(),
        ResponseErrorKind::TooLarge { limit: 1024 * 1024 }
    );
    assert_eq!(response.request_id(), Some("endless-1"));
    drop(client);
    tokio::time::timeout(PATIENCE, serve)
        .await
        .expect("the server sees the client hang up")
        .unwrap();
}

/// A hand-written operation whose builder fills an idempotency token once, as generated inputs
/// do: every attempt must carry the same token.
mod idempotency {
    use super::*;
    use connect_runtime::protocol::ErrorBody;
    use connect_runtime::{
        BuildError, DecodeError, ErrorMetadata, HttpRequest, HttpResponse, Unhandled,
    };
    use std::hash::{BuildHasher, RandomState};

    #[derive(Debug)]
    pub struct CreateThing {
        pub client_token: String,
        pub serialized: AtomicUsize,
    }

    impl CreateThing {
        /// Like a generated builder: a token is drawn when the input is built.
        pub fn build() -> Self {
            let token = RandomState::new().hash_one("token");
            Self {
                client_token: format!("{token:016x}"),
                serialized: AtomicUsize::new(0),
            }
        }
    }

    #[derive(Debug)]
    pub struct CreateThingError;

    impl connect_runtime::OperationError for CreateThingError {
        fn from_answer(
            _: &ErrorMetadata,
            _: &ErrorBody,
            _: &HttpResponse,
        ) -> Option<Result<Self, DecodeError>> {
            None
        }

        fn unhandled(_: Unhandled) -> Self {
            Self
        }

        fn is_unhandled(&self) -> bool {
            true
        }

        // Nothing of the answer is kept.

        fn code_and_status(&self) -> (Option<&str>, u16) {
            (None, 500)
        }
    }

    impl connect_runtime::Operation for CreateThing {
        const NAME: &'static str = "CreateThing";
        type Output = ();
        type Error = CreateThingError;

        fn to_request(&self) -> Result<HttpRequest, BuildError> {
            self.serialized.fetch_add(1, Ordering::SeqCst);
            Ok(HttpRequest {
                method: "POST",
                path_and_query: "/things".into(),
                headers: vec![("content-type".into(), "application/json".into())],
                host_prefix: None,
                body: format!(r#"{{"ClientToken":"{}"}}"#, self.client_token)
                    .into_bytes()
                    .into(),
            })
        }

        fn parse_output(_: HttpResponse) -> Result<(), DecodeError> {
            Ok(())
        }
    }
}

#[tokio::test]
async fn every_attempt_is_serialized_and_signed_again_with_the_same_idempotency_token() {
    let server = server(sequence([
        error_answer(503, "ServiceUnavailableException"),
        MockResponse::hang_up(),
        MockResponse::json(200, "{}"),
    ]))
    .await;
    let client = connect_runtime::Client::new(
        &connect_tests::CONNECT_WITHOUT_RULES,
        config(server.endpoint())
            .sleep_impl(RecordingSleep::default())
            .build(),
    );
    let input = idempotency::CreateThing::build();
    client
        .invoke(&input)
        .await
        .expect("the third attempt succeeds");
    assert_eq!(input.serialized.load(Ordering::SeqCst), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let expected = format!(r#"{{"ClientToken":"{}"}}"#, input.client_token);
    for request in &requests {
        assert_eq!(String::from_utf8_lossy(&request.body), expected);
        assert_eq!(request.signature, SignatureCheck::Valid);
    }
}

#[tokio::test]
async fn a_generated_idempotency_token_is_drawn_once_per_call_and_kept_across_attempts() {
    let server = server(sequence([
        error_answer(503, "ServiceUnavailableException"),
        MockResponse::hang_up(),
        MockResponse::json(200, "{}"),
    ]))
    .await;
    let (client, _) = recording_client(&server, RetryConfig::standard());
    for _ in 0..2 {
        client
            .delete_instance()
            .instance_id("i")
            .send()
            .await
            .expect("the third attempt succeeds");
    }
    let requests = server.requests();
    // The first call takes three attempts, the second one (the script's last answer).
    assert_eq!(requests.len(), 4);
    let token = |request: &RecordedRequest| {
        assert_eq!(request.signature, SignatureCheck::Valid);
        let query = request.query().unwrap_or_default().to_owned();
        query.strip_prefix("clientToken=").map(str::to_owned)
    };
    let first = token(&requests[0]).expect("a token");
    assert_eq!(first.len(), 36, "{first}");
    assert_eq!(token(&requests[1]).as_ref(), Some(&first));
    assert_eq!(token(&requests[2]).as_ref(), Some(&first));
    assert_ne!(token(&requests[3]).as_ref(), Some(&first));
}

#[tokio::test]
async fn both_user_agents_name_the_sdk_and_the_amz_one_is_signed() {
    let server = server(|_| MockResponse::json(200, "{}")).await;
    let (client, _) = recording_client(&server, RetryConfig::standard());
    call(&client).await.unwrap();
    let request = &server.requests()[0];
    let version = env!("CARGO_PKG_VERSION");
    let user_agent = request.header("user-agent").unwrap();
    assert!(
        user_agent.starts_with(&format!("connect-sdk-rust/{version} os/")),
        "{user_agent}"
    );
    let amz = request.header("x-amz-user-agent").unwrap();
    assert!(
        amz.starts_with(&format!(
            "connect-sdk-rust/{version} api/connect#{version} os/"
        )),
        "{amz}"
    );
    assert!(amz.ends_with(" lang/rust"), "{amz}");
    assert!(request
        .header("authorization")
        .unwrap()
        .contains("x-amz-user-agent"));
}
