//! Real calls: the client signs and sends over HTTP to a local server on 127.0.0.1 that checks
//! the SigV4 signature with its own implementation and answers like Amazon Connect.

use connect_mock::{MockResponse, MockServer, RecordedRequest, SignatureCheck};
use connect_sdk::disassociate_workspace::{
    DisassociateWorkspaceError, DisassociateWorkspaceOutput,
};
use connect_sdk::types::{
    AttachedFileInvalidRequestExceptionReason, InvalidRequestExceptionReason,
};
use connect_sdk::{BuildError, Client, Config, Credentials, RetryConfig, SdkError, TimeoutKind};
use std::time::Duration;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";

const DOCUMENTED_ANSWER: &str = r#"{"SuccessfulList":[{"ResourceArn":"arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1"}],"FailedList":[{"ResourceArn":"arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a2","ErrorCode":"404","ErrorMessage":"Not associated"}]}"#;

async fn server(
    respond: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
) -> MockServer {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, REGION, "connect", respond)
        .await
        .expect("bind 127.0.0.1")
}

/// One attempt per call: these tests look at single exchanges (retries are in `resilience.rs`).
fn client_for(server: &MockServer, credentials: Credentials) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(credentials)
            .endpoint_url(server.endpoint())
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

/// The call most tests make: only the instance id varies.
trait Call {
    fn call(
        &self,
        instance_id: &str,
    ) -> impl std::future::Future<
        Output = Result<DisassociateWorkspaceOutput, SdkError<DisassociateWorkspaceError>>,
    >;
}

impl Call for Client {
    fn call(
        &self,
        instance_id: &str,
    ) -> impl std::future::Future<
        Output = Result<DisassociateWorkspaceOutput, SdkError<DisassociateWorkspaceError>>,
    > {
        self.disassociate_workspace()
            .instance_id(instance_id)
            .workspace_id("w")
            .resource_arns("a")
            .send()
    }
}

fn client(server: &MockServer) -> Client {
    client_for(server, Credentials::new(ACCESS_KEY, SECRET_KEY, None))
}

#[tokio::test]
async fn signed_request_gets_the_documented_answer() {
    let server = server(|_| MockResponse::json(200, DOCUMENTED_ANSWER)).await;
    let output = client(&server)
        .disassociate_workspace()
        .instance_id("inst-1")
        .workspace_id("ws-1")
        .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1")
        .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a2")
        .send()
        .await
        .expect("the call succeeds");

    let successful = output.successful_list.unwrap();
    assert_eq!(
        successful[0].resource_arn.as_deref(),
        Some("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1")
    );
    let failed = &output.failed_list.unwrap()[0];
    assert_eq!(failed.error_code.as_deref(), Some("404"));
    assert_eq!(failed.error_message.as_deref(), Some("Not associated"));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.signature, SignatureCheck::Valid);
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/workspaces/inst-1/ws-1/disassociate");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert!(request.header("x-amz-date").is_some());
    let authorization = request.header("authorization").unwrap();
    assert!(
        authorization.contains("/us-east-1/connect/aws4_request"),
        "{authorization}"
    );
    assert!(request
        .header("user-agent")
        .unwrap()
        .starts_with("connect-sdk-rust/"));
    assert_eq!(
        request.body,
        br#"{"ResourceArns":["arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1","arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a2"]}"#
    );
}

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let server = server(|_| MockResponse::json(200, "{}")).await;
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, Some("session-token".into()));
    client_for(&server, credentials).call("i").await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.signature, SignatureCheck::Valid);
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("session-token")
    );
    assert!(request
        .header("authorization")
        .unwrap()
        .contains("x-amz-security-token"));
}

#[tokio::test]
async fn hostile_labels_arrive_encoded_once_and_correctly_signed() {
    let server = server(|_| MockResponse::json(200, "{}")).await;
    let client = client(&server);
    let cases = [
        (
            " %:/?#[]@!$&'()*+,;=😹",
            "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9",
        ),
        ("../../x", "..%2F..%2Fx"),
        ("ünï cødé", "%C3%BCn%C3%AF%20c%C3%B8d%C3%A9"),
    ];
    for (value, _) in cases {
        client
            .disassociate_workspace()
            .instance_id(value)
            .workspace_id(value)
            .resource_arns("a")
            .send()
            .await
            .unwrap_or_else(|error| panic!("{value:?}: {error}"));
    }
    let requests = server.requests();
    for ((value, encoded), request) in cases.iter().zip(&requests) {
        assert_eq!(
            request.target,
            format!("/workspaces/{encoded}/{encoded}/disassociate"),
            "{value:?}"
        );
        assert_eq!(request.signature, SignatureCheck::Valid, "{value:?}");
    }
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_server_and_reported_unhandled() {
    let server = server(|_| MockResponse::json(200, "{}")).await;
    let error = client_for(
        &server,
        Credentials::new(ACCESS_KEY, "not-the-secret", None),
    )
    .call("i")
    .await
    .unwrap_err();
    let SdkError::Service(service) = &error else {
        panic!("expected a service error, got {error}")
    };
    let DisassociateWorkspaceError::Unhandled(unhandled) = service.err() else {
        panic!("expected an unhandled error, got {:?}", service.err())
    };
    assert_eq!(unhandled.code(), Some("InvalidSignatureException"));
    assert_eq!(unhandled.status(), 403);
    assert!(unhandled.request_id().is_some());
    assert!(
        error.to_string().contains("InvalidSignatureException"),
        "{error}"
    );
}

/// The six modeled errors, each as the header form and as the body forms.
#[tokio::test]
async fn every_modeled_error_is_typed() {
    let cases: [(&str, u16); 6] = [
        ("AccessDeniedException", 403),
        ("InternalServiceException", 500),
        ("InvalidParameterException", 400),
        ("InvalidRequestException", 400),
        ("ResourceNotFoundException", 404),
        ("ThrottlingException", 429),
    ];
    // The instance id names the error and the form the server answers with.
    let server = server(move |request| {
        let case = request.path().split('/').nth(2).unwrap_or_default().to_owned();
        let (form, code) = case.split_once('.').unwrap_or(("", ""));
        let status = cases.iter().find(|(name, _)| *name == code).map_or(400, |c| c.1);
        let reason = r#""Reason":{"AttachedFileInvalidRequestExceptionReason":"INVALID_FILE_SIZE"}"#;
        match form {
            "header" => MockResponse::json(status, format!(r#"{{"message":"{code} here",{reason}}}"#))
                .with_header("x-amzn-ErrorType", format!("{code}:http://internal.amazon.com/coral/")),
            "type" => MockResponse::json(
                status,
                format!(r#"{{"__type":"com.amazonaws.connect#{code}","Message":"{code} here",{reason}}}"#),
            ),
            _ => MockResponse::json(status, format!(r#"{{"code":"{code}","errorMessage":"{code} here",{reason}}}"#)),
        }
        .with_header("x-amzn-RequestId", format!("rid-{case}"))
    })
    .await;
    let client = client(&server);
    for form in ["header", "type", "code"] {
        for (code, status) in cases {
            let case = format!("{form}.{code}");
            let error = client.call(&case).await.unwrap_err();
            let SdkError::Service(service) = error else {
                panic!("{case}: expected a service error, got {error}")
            };
            assert_eq!(service.meta().code(), Some(code), "{case}");
            assert_eq!(service.meta().status(), status, "{case}");
            assert_eq!(
                service.meta().request_id(),
                Some(format!("rid-{case}").as_str())
            );
            let message = format!("{code} here");
            let expected = Some(message.as_str());
            use DisassociateWorkspaceError as E;
            let found = match service.err() {
                E::AccessDeniedException(e) if code == "AccessDeniedException" => {
                    e.message.as_deref()
                }
                E::InternalServiceException(e) if code == "InternalServiceException" => {
                    e.message.as_deref()
                }
                E::InvalidParameterException(e) if code == "InvalidParameterException" => {
                    e.message.as_deref()
                }
                E::InvalidRequestException(e) if code == "InvalidRequestException" => {
                    assert_eq!(
                        e.reason,
                        Some(InvalidRequestExceptionReason::AttachedFileInvalidRequestExceptionReason(
                            AttachedFileInvalidRequestExceptionReason::InvalidFileSize
                        ))
                    );
                    e.message.as_deref()
                }
                E::ResourceNotFoundException(e) if code == "ResourceNotFoundException" => {
                    e.message.as_deref()
                }
                E::ThrottlingException(e) if code == "ThrottlingException" => e.message.as_deref(),
                other => panic!("{case}: wrong variant {other:?}"),
            };
            assert_eq!(found, expected, "{case}");
            assert_eq!(service.err().to_string(), format!("{code}: {code} here"));
        }
    }
}

#[tokio::test]
async fn missing_member_is_refused_before_anything_is_sent() {
    let server = server(|_| MockResponse::json(200, "{}")).await;
    let error = client(&server)
        .disassociate_workspace()
        .instance_id("i")
        .resource_arns("a")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        SdkError::Construction(BuildError::MissingMember {
            member: "WorkspaceId",
            ..
        })
    ));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn missing_region_or_credentials_are_refused_before_anything_is_sent() {
    let server = server(|_| MockResponse::json(200, "{}")).await;
    let no_region = Client::from_conf(
        Config::builder()
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .endpoint_url(server.endpoint())
            .build(),
    );
    let no_credentials = Client::from_conf(
        Config::builder()
            .region(REGION)
            .endpoint_url(server.endpoint())
            .build(),
    );
    for (client, expected) in [
        (no_region, BuildError::MissingRegion),
        (no_credentials, BuildError::MissingCredentials),
    ] {
        let error = client.call("i").await.unwrap_err();
        assert!(
            matches!(&error, SdkError::Construction(e) if *e == expected),
            "{error}"
        );
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn malformed_answers_are_typed_errors() {
    let server = server(|request| match request.path().split('/').nth(2) {
        Some("garbage") => MockResponse::json(200, "<html>oops</html>"),
        Some("wrong-type") => MockResponse::json(200, r#"{"SuccessfulList": "no"}"#),
        _ => MockResponse::json(502, "<html>Bad gateway</html>"),
    })
    .await;
    let client = client(&server);
    let call = |instance| client.call(instance);
    let error = call("garbage").await.unwrap_err();
    let SdkError::Response(response) = &error else {
        panic!("{error}")
    };
    assert_eq!(response.status(), 200);
    assert!(response.request_id().is_some());
    assert!(error.to_string().contains("not valid JSON"), "{error}");

    let error = call("wrong-type").await.unwrap_err();
    assert!(error.to_string().contains("$.SuccessfulList"), "{error}");

    // A non-JSON error page is still a service error with its status and request id.
    let error = call("proxy").await.unwrap_err();
    let SdkError::Service(service) = &error else {
        panic!("{error}")
    };
    assert_eq!(service.meta().status(), 502);
    assert!(matches!(
        service.err(),
        DisassociateWorkspaceError::Unhandled(_)
    ));
}

#[tokio::test]
async fn transport_failures_are_dispatch_and_timeout_errors() {
    // A port nothing listens on: bind, note the port, close.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let config = Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .retry_config(RetryConfig::disabled())
        .endpoint_url(format!("http://127.0.0.1:{port}"));
    let error = Client::from_conf(config.clone().build())
        .call("i")
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::Dispatch(_)), "{error}");

    // A server that accepts and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = silent.local_addr().unwrap();
    let keep = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let error = Client::from_conf(
        config
            .endpoint_url(format!("http://{address}"))
            .operation_timeout(Duration::from_millis(200))
            .build(),
    )
    .call("i")
    .await
    .unwrap_err();
    assert!(
        matches!(&error, SdkError::Timeout(timeout) if timeout.kind() == TimeoutKind::Operation),
        "{error}"
    );
    keep.abort();
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let client = Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new(
                ACCESS_KEY,
                SECRET_KEY,
                Some("token-value".into()),
            ))
            .build(),
    );
    let shown = format!("{client:?} {:#?}", client.config());
    assert!(shown.contains(ACCESS_KEY));
    assert!(!shown.contains(SECRET_KEY));
    assert!(!shown.contains("token-value"));
}

#[tokio::test]
async fn a_body_cut_short_is_a_response_error_with_status_and_request_id() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let serve = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0; 4096];
        let _ = socket.read(&mut request).await;
        // Promises 100 bytes, sends 16, hangs up.
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                    x-amzn-RequestId: cut-1\r\ncontent-length: 100\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(br#"{"SuccessfulList"#).await.unwrap();
    });
    // A cut body is retried like any broken connection; this server accepts only once.
    let client = Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .endpoint_url(format!("http://{address}"))
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    let error = client.call("i").await.unwrap_err();
    let SdkError::Response(response) = &error else {
        panic!("expected a response error, got {error}")
    };
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("cut-1"));
    serve.await.unwrap();
}
