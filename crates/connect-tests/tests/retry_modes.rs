//! The adaptive retry mode's rate limiter, `x-amz-retry-after` / `Retry-After`, and clock skew
//! correction, against connect-mock on 127.0.0.1.
//!
//! Time is a manual clock that moves only when the client waits (its sleeps return at once and
//! advance it), so the tests see exactly when each request left without waiting for any of it.
//! Every environment given to the loader disables the instance metadata service and holds
//! credentials.

use connect_mock::{sequence, MockResponse, MockServer, RecordedRequest};
use connect_runtime::sleep::Sleep;
use connect_runtime::{TimeSource, TimestampFormat};
use connect_sdk::{
    AsyncSleep, Client, Config, ConfigBuilder, DateTime, Env, Fs, RetryConfig, SdkError,
};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const PATIENCE: Duration = Duration::from_secs(30);
/// 2023-11-14T22:13:20Z: a whole second, so the rate limiter's half-second slots start on it.
const START: Duration = Duration::from_secs(1_700_000_000);

/// A clock that moves only when the client sleeps; it records every sleep.
#[derive(Clone, Debug)]
struct ManualClock(Arc<Mutex<(SystemTime, Vec<Duration>)>>);

impl ManualClock {
    fn new() -> Self {
        Self(Arc::new(Mutex::new((
            SystemTime::UNIX_EPOCH + START,
            Vec::new(),
        ))))
    }

    /// Seconds since [`START`].
    fn elapsed(&self) -> f64 {
        let now = self.0.lock().unwrap().0;
        now.duration_since(SystemTime::UNIX_EPOCH + START)
            .unwrap()
            .as_secs_f64()
    }

    fn sleeps(&self) -> Vec<Duration> {
        self.0.lock().unwrap().1.clone()
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> SystemTime {
        self.0.lock().unwrap().0
    }
}

impl AsyncSleep for ManualClock {
    fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.0.lock().unwrap();
        state.0 += duration;
        state.1.push(duration);
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

fn load(vars: &[(&str, &str)]) -> ConfigBuilder {
    let mut env = vec![
        ("HOME", "/home/me"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_REGION", REGION),
    ];
    env.extend_from_slice(vars);
    Config::loader()
        .env(Env::from_vars(env))
        .fs(Fs::from_files::<&str, &str>([]))
        .load()
        .expect("loads")
}

/// A configuration on `clock` sending to `server`. Timeouts raced against a clock whose sleeps
/// return at once would always fire: the attempt timeout is off.
fn on_clock(vars: &[(&str, &str)], server: &MockServer, clock: &ManualClock) -> Config {
    let endpoint = server.endpoint();
    let mut all = vec![("AWS_ENDPOINT_URL", endpoint.as_str())];
    all.extend_from_slice(vars);
    load(&all)
        .time_source(clock.clone())
        .sleep_impl(clock.clone())
        .attempt_timeout(None)
        .build()
}

async fn call(client: &Client) -> Result<(), SdkError<impl std::error::Error>> {
    let call = client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send();
    tokio::time::timeout(PATIENCE, call)
        .await
        .expect("the call ends")
        .map(drop)
}

fn throttled() -> MockResponse {
    MockResponse::json(429, r#"{"message":"slow down"}"#)
        .with_header("x-amzn-ErrorType", "ThrottlingException")
}

fn ok() -> MockResponse {
    MockResponse::json(200, "{}")
}

/// A responder that notes the clock's time of each request.
fn timed(
    clock: &ManualClock,
    answers: impl IntoIterator<Item = MockResponse>,
) -> (
    impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
    Arc<Mutex<Vec<f64>>>,
) {
    let times = Arc::new(Mutex::new(Vec::new()));
    let (seen, clock) = (Arc::clone(&times), clock.clone());
    let answer = sequence(answers);
    let respond = move |request: &RecordedRequest| {
        seen.lock().unwrap().push(clock.elapsed());
        answer(request)
    };
    (respond, times)
}

fn assert_times(times: &[f64], expected: &[f64]) {
    assert_eq!(times.len(), expected.len(), "{times:?}");
    for (time, expected) in times.iter().zip(expected) {
        assert!((time - expected).abs() < 1e-3, "{times:?} != {expected:?}");
    }
}

#[tokio::test]
async fn after_a_throttle_the_adaptive_mode_paces_requests_and_speeds_up_again() {
    let clock = ManualClock::new();
    let (respond, times) = timed(&clock, [throttled(), ok()]);
    let server = server(respond).await;
    let config = on_clock(&[("AWS_RETRY_MODE", "adaptive")], &server, &clock);
    let client = Client::from_conf(config);
    for _ in 0..3 {
        call(&client).await.unwrap();
    }
    // The throttle at 0 s cuts the rate to the minimum, half a token a second: the retry waits
    // for its token until 2 s (the backoff's wait included). The success at 2 s lets the rate
    // grow along the CUBIC curve (0.4 × 2³ = 3.2 a second), capped at twice the measured rate
    // (2 × 0.8): the next request waits 1/1.6 s. The one after that, 1/3.52 s (2 × 1.76).
    assert_times(
        &times.lock().unwrap(),
        &[0.0, 2.0, 2.625, 2.625 + 1.0 / 3.52],
    );
}

#[tokio::test]
async fn the_standard_mode_only_backs_off() {
    let clock = ManualClock::new();
    let (respond, times) = timed(&clock, [throttled(), ok()]);
    let server = server(respond).await;
    let client = Client::from_conf(on_clock(&[], &server, &clock));
    for _ in 0..3 {
        call(&client).await.unwrap();
    }
    let times = times.lock().unwrap().clone();
    // One wait, the backoff (under 1 s), and none after.
    assert_eq!(clock.sleeps().len(), 1, "{:?}", clock.sleeps());
    assert_times(&times, &[0.0, times[1], times[1], times[1]]);
    assert!(times[1] < 1.0, "{times:?}");
}

#[tokio::test]
async fn the_clients_of_one_config_share_their_services_rate_limiter() {
    let clock = ManualClock::new();
    let (respond, times) = timed(&clock, [throttled(), ok()]);
    let server = server(respond).await;
    let retry = RetryConfig::adaptive().with_max_attempts(1);
    let config = Config::builder()
        .region(REGION)
        .credentials(connect_sdk::Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .endpoint_url(server.endpoint())
        .retry_config(retry)
        .time_source(clock.clone())
        .sleep_impl(clock.clone())
        .attempt_timeout(None);
    let shared = config.clone().build();
    let first = Client::from_conf(shared.clone());
    call(&first).await.unwrap_err();
    // Another client of the same configuration waits for a token of the same bucket.
    call(&Client::from_conf(shared.clone())).await.unwrap();
    // A client of another configuration does not (nor one of another service: see the
    // runtime's unit tests).
    call(&Client::from_conf(config.build())).await.unwrap();
    assert_times(&times.lock().unwrap(), &[0.0, 2.0, 2.0]);
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
}

fn unavailable() -> MockResponse {
    MockResponse::json(503, r#"{"message":"busy"}"#)
        .with_header("x-amzn-ErrorType", "ServiceUnavailableException")
}

#[tokio::test]
async fn retry_after_hints_stretch_the_backoff_within_bounds() {
    let at = |seconds: u64| {
        DateTime::from(SystemTime::UNIX_EPOCH + START + Duration::from_secs(seconds))
            .fmt(TimestampFormat::HttpDate)
            .unwrap()
    };
    let cases = [
        (
            unavailable().with_header("x-amz-retry-after", "3000"),
            3.0,
            3.0,
        ),
        (throttled().with_header("Retry-After", "2"), 2.0, 2.0),
        (unavailable().with_header("Retry-After", at(4)), 4.0, 4.0),
        // Asking for ten minutes: at most 5 s more than the backoff (under 1 s).
        (
            unavailable().with_header("x-amz-retry-after", "600000"),
            5.0,
            6.0,
        ),
        // A hint on an error that is not retried changes nothing.
        (
            MockResponse::json(400, r#"{"message":"no"}"#)
                .with_header("x-amzn-ErrorType", "InvalidRequestException")
                .with_header("Retry-After", "1"),
            0.0,
            0.0,
        ),
    ];
    for (answer, low, high) in cases {
        let clock = ManualClock::new();
        let server = server(sequence([answer.clone(), ok()])).await;
        let client = Client::from_conf(on_clock(&[], &server, &clock));
        let _ = call(&client).await;
        let waited: f64 = clock.sleeps().iter().map(Duration::as_secs_f64).sum();
        assert!(
            (low..=high).contains(&waited),
            "{:?}: waited {waited}",
            answer.headers
        );
    }
}

/// The time of a request's `x-amz-date`.
fn signed_at(request: &RecordedRequest) -> SystemTime {
    let date = request.header("x-amz-date").expect("signed");
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[0..4],
        &date[4..6],
        &date[6..8],
        &date[9..11],
        &date[11..13],
        &date[13..15]
    );
    let parsed = DateTime::from_str(&iso, TimestampFormat::DateTime).unwrap();
    SystemTime::try_from(parsed).unwrap()
}

fn distance(a: SystemTime, b: SystemTime) -> Duration {
    a.duration_since(b).unwrap_or_else(|error| error.duration())
}

/// A service on the real clock: it refuses a signature more than 5 minutes away from it, as
/// AWS services do, saying its time in `Date`. `date_offset` moves the `Date` it says.
fn strict_clock(
    date_offset: Duration,
) -> impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static {
    move |request| {
        let now = SystemTime::now();
        if distance(signed_at(request), now) <= Duration::from_secs(300) {
            return ok();
        }
        let date = DateTime::from(now + date_offset)
            .fmt(TimestampFormat::HttpDate)
            .unwrap();
        MockResponse::json(
            403,
            r#"{"message":"Signature expired: the request time is too far from the current time"}"#,
        )
        .with_header("x-amzn-ErrorType", "InvalidSignatureException")
        .with_header("Date", date)
    }
}

/// The system clock, an hour behind.
#[derive(Debug)]
struct HourBehind;

impl TimeSource for HourBehind {
    fn now(&self) -> SystemTime {
        SystemTime::now() - Duration::from_secs(3_600)
    }
}

#[tokio::test]
async fn a_skewed_clock_is_corrected_from_the_answers_date_and_the_call_signed_again_once() {
    let server = server(strict_clock(Duration::ZERO)).await;
    let config = load(&[("AWS_ENDPOINT_URL", &server.endpoint())])
        .time_source(HourBehind)
        // Even with no retry: the service refused the request for its time, before doing
        // anything with it.
        .retry_config(RetryConfig::disabled())
        .build();
    let client = Client::from_conf(config);
    call(&client)
        .await
        .expect("signed again with the service's time");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let now = SystemTime::now();
    assert!(distance(signed_at(&requests[0]), now) > Duration::from_secs(3_000));
    assert!(distance(signed_at(&requests[1]), now) < Duration::from_secs(60));
    assert!(requests.iter().all(|request| request.signature.is_valid()));
    // Later calls, and clones, sign with the corrected time at once.
    call(&client.clone()).await.unwrap();
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn signature_errors_without_skew_or_after_a_correction_are_not_retried() {
    // The client's clock is right: a refused signature is not the clock's fault.
    let refusing = server(|_| {
        MockResponse::json(
            403,
            r#"{"message":"The request signature we calculated does not match"}"#,
        )
        .with_header("x-amzn-ErrorType", "InvalidSignatureException")
        .with_header(
            "Date",
            DateTime::from(SystemTime::now())
                .fmt(TimestampFormat::HttpDate)
                .unwrap(),
        )
    })
    .await;
    let client = Client::from_conf(load(&[("AWS_ENDPOINT_URL", &refusing.endpoint())]).build());
    let error = call(&client).await.unwrap_err();
    assert_eq!(error.as_service_error().map(|_| ()), Some(()), "{error}");
    assert_eq!(refusing.requests().len(), 1);
    // A service whose Date says two hours later than what it accepts: corrected once, refused
    // again, and the call ends there.
    let server = server(strict_clock(Duration::from_secs(7_200))).await;
    let config = load(&[("AWS_ENDPOINT_URL", &server.endpoint())])
        .time_source(HourBehind)
        .build();
    let client = Client::from_conf(config);
    call(&client).await.unwrap_err();
    assert_eq!(server.requests().len(), 2);
}
