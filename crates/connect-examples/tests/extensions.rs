//! The SDK's extension points as an application uses them: its own HTTP client, interceptors,
//! per-call settings, and fake HTTP clients for tests at the HTTP level (`test-util`).

use connect_sdk::interceptor::{
    AfterSigning, BeforeSigning, BoxError, Hook, Interceptor, OnAnswer,
};
use connect_sdk::test_util::{CaptureClient, RecordedResponse, ReplayClient};
use connect_sdk::{
    BuildError, Client, Config, Credentials, Customize, ResponseErrorKind, SdkError,
};
use connect_sdk::{HttpClient, PreparedRequest, RetryConfig, SendFuture, TimeoutKind};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn config() -> connect_sdk::ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "secret-key",
            Some("token-1".into()),
        ))
}

/// DisassociateWorkspace, with this call's settings changed by `customize`.
async fn disassociate(
    client: &Client,
    customize: impl FnOnce(Customize) -> Customize,
) -> Result<(), SdkError<impl std::error::Error>> {
    client
        .disassociate_workspace()
        .instance_id("instance-1")
        .workspace_id("workspace-1")
        .resource_arns("arn:a")
        .customize(customize)
        .send()
        .await
        .map(drop)
}

/// Adds a trace header before signing, and notes what it sees of each hook.
#[derive(Debug, Default)]
struct Tracer {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Tracer {
    fn before_signing(&self, request: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
        let attempt = request.call().attempt();
        request.set_header("X-Amzn-Trace-Id", format!("Root=1-abc-{attempt}"));
        request.set_header("X-App-Tenant", "tenant-7");
        let line = format!("before {} {}", request.call().operation(), request.method());
        self.seen.lock().unwrap().push(line);
        Ok(())
    }

    fn after_signing(&self, request: &AfterSigning<'_>) -> Result<(), BoxError> {
        let line = format!("after {} {:?}", request.url(), request.headers());
        self.seen.lock().unwrap().push(line);
        Ok(())
    }

    fn on_answer(&self, answer: &OnAnswer<'_>) -> Result<(), BoxError> {
        let line = format!("answer {} {:?}", answer.status(), answer.request_id());
        self.seen.lock().unwrap().push(line);
        Ok(())
    }
}

#[tokio::test]
async fn interceptors_add_signed_headers_and_see_no_secret() {
    let capture = CaptureClient::answering(
        RecordedResponse::new(200, "{}").header("x-amzn-RequestId", "req-42"),
    );
    let tracer = Tracer::default();
    let seen = tracer.seen.clone();
    let client = Client::from_conf(
        config()
            .endpoint_url("http://127.0.0.1:9")
            .http_client(capture.clone())
            .interceptor(tracer)
            .build(),
    );
    disassociate(&client, |call| call).await.unwrap();

    let sent = capture.last_request().unwrap();
    assert_eq!(sent.header("x-amzn-trace-id"), Some("Root=1-abc-1"));
    let authorization = sent.header("authorization").unwrap();
    // Signed as any header, but for the trace id, which the AWS SDKs leave out of the
    // signature (proxies and load balancers rewrite it).
    assert_eq!(sent.header("x-app-tenant"), Some("tenant-7"));
    assert!(
        authorization.contains("x-app-tenant") && !authorization.contains("x-amzn-trace-id"),
        "{authorization}"
    );

    let seen = seen.lock().unwrap();
    assert_eq!(seen[0], "before DisassociateWorkspace POST");
    assert!(
        seen[1]
            .starts_with("after http://127.0.0.1:9/workspaces/instance-1/workspace-1/disassociate"),
        "{}",
        seen[1]
    );
    assert!(seen[1].contains("x-amzn-trace-id"), "{}", seen[1]);
    for secret in ["Signature=", "token-1", "secret-key"] {
        assert!(!seen[1].contains(secret), "{secret} in {}", seen[1]);
    }
    assert_eq!(seen[2], "answer 200 Some(\"req-42\")");
    // Nor does the captured request's Debug show the signature or the token.
    let debug = format!("{sent:?}");
    assert!(
        !debug.contains("Signature=") && !debug.contains("token-1"),
        "{debug}"
    );
}

#[derive(Debug)]
struct Refuses(Hook);

impl Interceptor for Refuses {
    fn name(&self) -> std::borrow::Cow<'static, str> {
        "refuses".into()
    }

    fn before_signing(&self, _: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
        match self.0 {
            Hook::BeforeSigning => Err("no trace id available".into()),
            _ => Ok(()),
        }
    }

    fn on_answer(&self, _: &OnAnswer<'_>) -> Result<(), BoxError> {
        match self.0 {
            Hook::OnAnswer => Err("metrics store unreachable".into()),
            _ => Ok(()),
        }
    }
}

#[tokio::test]
async fn an_interceptor_that_fails_ends_the_call_where_it_fails() {
    let capture = CaptureClient::new();
    let client = Client::from_conf(
        config()
            .endpoint_url("http://127.0.0.1:9")
            .http_client(capture.clone())
            .build(),
    );
    let error = disassociate(&client, |call| {
        call.interceptor(Refuses(Hook::BeforeSigning))
    })
    .await
    .unwrap_err();
    let SdkError::Construction(BuildError::Interceptor(failure)) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (failure.interceptor(), failure.hook()),
        ("refuses", Hook::BeforeSigning)
    );
    assert_eq!(
        error.to_string(),
        "request not sent: interceptor refuses failed in before_signing of DisassociateWorkspace: no trace id \
         available"
    );
    assert!(capture.requests().is_empty(), "nothing was sent");

    let error = disassociate(&client, |call| call.interceptor(Refuses(Hook::OnAnswer)))
        .await
        .unwrap_err();
    let SdkError::Response(failure) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(failure.kind(), ResponseErrorKind::Interceptor);
    assert_eq!(capture.requests().len(), 1, "sent once, not retried");
    // The client itself is as it was.
    disassociate(&client, |call| call).await.unwrap();
}

#[tokio::test]
async fn one_call_can_have_its_own_endpoint_and_retries() {
    let capture = CaptureClient::answering(RecordedResponse::new(500, "{}"));
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    let client = Client::from_conf(
        config()
            .http_client(capture.clone())
            .retry_config(retry)
            .build(),
    );
    let error = client
        .disassociate_workspace()
        .instance_id("instance-1")
        .workspace_id("workspace-1")
        .resource_arns("arn:a")
        .customize(|call| {
            call.endpoint_url("http://127.0.0.1:4566")
                .retry_config(retry.with_max_attempts(2))
        })
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::Service(_)), "{error:?}");
    let urls: Vec<String> = capture.requests().into_iter().map(|r| r.url).collect();
    assert_eq!(
        urls,
        ["http://127.0.0.1:4566/workspaces/instance-1/workspace-1/disassociate"; 2]
    );
    // Without `customize`, the client's own: the model's endpoint, three attempts.
    let endpoint = client.resolve_endpoint().unwrap();
    assert_eq!(endpoint.url(), "https://connect.us-west-2.amazonaws.com");
}

/// An HTTP client of the application's own that never answers.
#[derive(Debug)]
struct Silent;

impl HttpClient for Silent {
    fn send(&self, _: PreparedRequest) -> SendFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_call_times_out_by_its_own_limit_through_an_http_client_of_the_applications() {
    let client = Client::from_conf(
        config()
            .endpoint_url("http://127.0.0.1:9")
            .http_client(Silent)
            .build(),
    );
    let error = client
        .disassociate_workspace()
        .instance_id("instance-1")
        .workspace_id("workspace-1")
        .resource_arns("arn:a")
        .customize(|call| call.operation_timeout(Duration::from_millis(50)))
        .send()
        .await
        .unwrap_err();
    let SdkError::Timeout(timeout) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(timeout.kind(), TimeoutKind::Operation);
}

const RECORDING: &str = r#"[
  {"request": {"method": "POST",
               "url": "http://127.0.0.1:9/workspaces/instance-1/workspace-1/disassociate",
               "headers": {"content-type": "application/json", "authorization": "recorded"},
               "body": "{\"ResourceArns\": [\"arn:a\"]}"},
   "response": {"status": 200, "headers": {"content-type": "application/json"},
                "body": "{\"SuccessfulList\": [{\"ResourceArn\": \"arn:a\"}]}"}}
]"#;

#[tokio::test]
async fn a_replay_answers_from_a_recording_and_checks_what_was_sent() {
    let dir = std::env::temp_dir().join(format!("connect-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("recording.json");
    std::fs::write(&file, RECORDING).unwrap();
    let replay = ReplayClient::from_file(&file).unwrap();
    let client = Client::from_conf(
        config()
            .endpoint_url("http://127.0.0.1:9")
            .http_client(replay.clone())
            .build(),
    );
    let output = client
        .disassociate_workspace()
        .instance_id("instance-1")
        .workspace_id("workspace-1")
        .resource_arns("arn:a")
        .send()
        .await
        .unwrap();
    let arns: Vec<_> = output
        .successful_list
        .unwrap()
        .into_iter()
        .map(|s| s.resource_arn)
        .collect();
    assert_eq!(arns, [Some("arn:a".to_owned())]);
    replay.assert_requests_match(&["authorization"]);
    // The signature differs from the recorded one.
    let mismatch = replay.check_requests(&[]).unwrap_err();
    assert!(
        mismatch.starts_with("request 0: header authorization"),
        "{mismatch}"
    );

    // A request the recording does not have fails, and sends nothing.
    let error = disassociate(&client, |call| call).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the replay has 1 exchanges, and request 2"),
        "{error}"
    );
    assert!(replay
        .check_requests(&["authorization"])
        .unwrap_err()
        .contains("1 requests were recorded but 2 were sent"));

    // A recording that does not parse says where.
    std::fs::write(
        &file,
        r#"[{"request": {"method": "POST", "url": "/"}, "response": {"status": "ok"}}]"#,
    )
    .unwrap();
    let error = ReplayClient::from_file(&file).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "replay {}: /0/response/status: expected an HTTP status",
            file.display()
        )
    );
    std::fs::write(&file, "[{").unwrap();
    assert!(ReplayClient::from_file(&file).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn interceptors_see_sensitive_headers_redacted() {
    #[derive(Debug, Default)]
    struct Headers(Arc<Mutex<Vec<String>>>);
    impl Interceptor for Headers {
        fn after_signing(&self, request: &AfterSigning<'_>) -> Result<(), BoxError> {
            let input = format!("{:?}", request.call().input());
            self.0
                .lock()
                .unwrap()
                .push(format!("{input} {:?}", request.headers()));
            Ok(())
        }
    }
    let seen = Headers::default();
    let lines = seen.0.clone();
    let capture =
        CaptureClient::answering(RecordedResponse::new(200, r#"{"roleCredentials": {}}"#));
    let client = sso_sdk::Client::from_conf(
        config()
            .endpoint_url("http://127.0.0.1:9")
            .http_client(capture.clone())
            .interceptor(seen)
            .build(),
    );
    client
        .get_role_credentials()
        .role_name("role")
        .account_id("123456789012")
        .access_token("bearer-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(
        capture
            .last_request()
            .unwrap()
            .header("x-amz-sso_bearer_token"),
        Some("bearer-secret")
    );
    let line = lines.lock().unwrap()[0].clone();
    assert!(
        line.contains("x-amz-sso_bearer_token") && !line.contains("bearer-secret"),
        "{line}"
    );
}
