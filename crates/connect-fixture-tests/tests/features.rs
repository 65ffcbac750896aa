//! Each Smithy feature of the fixture model, sent for real: to a local server on 127.0.0.1 that
//! checks SigV4 with its own implementation, or to a recording HTTP client where no server
//! could take the request (a host prefix on a loopback address, an unsigned call).

use connect_fixture_tests::Recorder;
use connect_mock::{sequence, MockResponse, MockServer, RecordedRequest, SignatureCheck};
use features_sdk::download_object::DownloadObjectError;
use features_sdk::{
    BuildError, ByteStream, Client, Config, Credentials, Document, RetryConfig, SdkError,
};
use futures_util::stream;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::Duration;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-west-2";

async fn server(
    respond: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
) -> MockServer {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, REGION, "features", respond)
        .await
        .expect("bind 127.0.0.1")
}

fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY, None)
}

fn client(server: &MockServer) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(credentials())
            .endpoint_url(server.endpoint())
            .build(),
    )
}

/// A client that sends through `recorder` to a host that is never resolved.
fn recording(recorder: &Recorder, credentials: Option<Credentials>) -> Client {
    let mut config = Config::builder()
        .region(REGION)
        .endpoint_url("http://features.test:8080")
        .http_client(recorder.clone());
    if let Some(credentials) = credentials {
        config = config.credentials(credentials);
    }
    Client::from_conf(config.build())
}

/// A temporary file holding `contents`, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> Self {
        let path = std::env::temp_dir().join(format!("{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("write a temporary file");
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test]
async fn a_file_is_uploaded_signed_with_its_hash_and_the_members_go_where_the_model_binds_them() {
    let contents = b"hello, streaming world\n".repeat(1000);
    let file = TempFile::new("upload.txt", &contents);
    let server = server(|_| {
        MockResponse::json(201, "")
            .with_header("ETag", "\"abc\"")
            .with_header("x-size", "23000")
    })
    .await;

    let output = client(&server)
        .upload_object()
        .key("reports/2026 q4.txt")
        .body(ByteStream::from_path(&file.0).await.unwrap())
        .tags("plain")
        .tags("with,comma")
        .metadata("Owner", "team-a")
        .options("mode", "fast")
        .options("version", "ignored: the @httpQuery member wins")
        .version("7")
        .send()
        .await
        .expect("the upload succeeds");

    assert_eq!(output.e_tag.as_deref(), Some("\"abc\""));
    assert_eq!(output.size, Some(23000));
    assert_eq!(output.status, Some(201));

    let request = &server.requests()[0];
    assert_eq!(request.signature, SignatureCheck::Valid);
    assert_eq!(request.method, "PUT");
    // A greedy label keeps its slashes; the literal query comes first.
    assert_eq!(
        request.target,
        "/objects/reports/2026%20q4.txt?upload&version=7&mode=fast"
    );
    assert_eq!(request.body, contents);
    let hash = format!("{:x}", Sha256::digest(&contents));
    assert_eq!(request.header("x-amz-content-sha256"), Some(hash.as_str()));
    assert_eq!(
        request.header("content-type"),
        Some("application/octet-stream")
    );
    // A list header quotes an item with a comma; prefix headers get the prefix.
    assert_eq!(request.header("x-tags"), Some(r#"plain, "with,comma""#));
    assert_eq!(request.header("x-meta-owner"), Some("team-a"));
}

#[tokio::test]
async fn a_stream_of_known_length_is_sent_framed_and_signed_without_its_hash() {
    let server = server(|_| MockResponse::json(201, "")).await;
    let chunks = stream::iter(["first ", "second ", "third"].map(Ok::<_, std::io::Error>));
    let body = ByteStream::from_stream(chunks).with_content_length(18);

    client(&server)
        .upload_object()
        .key("k")
        .body(body)
        .send()
        .await
        .expect("the upload succeeds");

    let request = &server.requests()[0];
    assert_eq!(request.signature, SignatureCheck::Valid);
    assert_eq!(request.header("content-length"), Some("18"));
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert_eq!(request.body, b"first second third");
}

#[tokio::test]
async fn a_stream_read_once_is_not_sent_again_after_a_retryable_answer() {
    let server = server(sequence([
        MockResponse::json(503, r#"{"message":"busy"}"#),
        MockResponse::json(201, ""),
    ]))
    .await;
    let chunks = stream::iter([Ok::<_, std::io::Error>("once")]);
    let error = client(&server)
        .upload_object()
        .key("k")
        .body(ByteStream::from_stream(chunks).with_content_length(4))
        .send()
        .await
        .expect_err("the second attempt has nothing to send");

    assert_eq!(server.requests().len(), 1, "{error:?}");
    match error {
        SdkError::Service(error) => assert_eq!(error.meta().status(), 503),
        other => panic!("expected the 503 that ended the call, got {other:?}"),
    }
}

#[tokio::test]
async fn a_download_larger_than_the_answer_limit_is_streamed_with_its_headers() {
    let size = 12 * 1024 * 1024;
    let body: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let expected = body.clone();
    let server = server(move |_| MockResponse {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/x-demo".into()),
            (
                "last-modified".into(),
                "Tue, 01 Dec 2026 10:00:00 GMT".into(),
            ),
        ],
        body: body.clone(),
        ..MockResponse::json(200, "")
    })
    .await;

    let output = client(&server)
        .download_object()
        .key("big/file.bin")
        .send()
        .await
        .expect("the download starts");

    assert_eq!(output.content_type.as_deref(), Some("application/x-demo"));
    assert_eq!(
        output.modified.map(|at| at.secs()),
        Some(1_796_119_200),
        "Last-Modified is an HTTP date"
    );
    let read = output.body.expect("a body").collect().await.unwrap();
    assert_eq!(read.len(), expected.len());
    assert!(read == expected);
    assert_eq!(server.requests()[0].target, "/objects/big/file.bin");
}

#[tokio::test]
async fn an_error_reads_its_members_from_headers_and_body() {
    let server = server(|_| {
        MockResponse::json(404, r#"{"Message":"no such object"}"#)
            .with_header("x-amzn-ErrorType", "NoSuchObject")
            .with_header("x-key", "gone.txt")
    })
    .await;

    let error = client(&server)
        .download_object()
        .key("gone.txt")
        .send()
        .await
        .expect_err("the object is missing")
        .into_service_error()
        .expect("a modelled error");

    let DownloadObjectError::NoSuchObject(error) = error else {
        panic!("expected NoSuchObject, got {error:?}");
    };
    assert_eq!(error.key.as_deref(), Some("gone.txt"));
    assert_eq!(error.message.as_deref(), Some("no such object"));
}

#[tokio::test]
async fn a_retryable_error_common_to_the_service_is_retried() {
    let server = server(sequence([
        MockResponse::json(400, r#"{"Message":"slow down"}"#)
            .with_header("x-amzn-ErrorType", "SlowDown"),
        MockResponse::json(200, r#"{"NotebookId":"n-1","Title":"Notes"}"#),
    ]))
    .await;
    let client = Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(credentials())
            .endpoint_url(server.endpoint())
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
            .build(),
    );

    let output = client
        .get_notebook()
        .notebook_id("n-1")
        .send()
        .await
        .unwrap();

    assert_eq!(output.title.as_deref(), Some("Notes"));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_operation_without_auth_is_sent_unsigned_and_its_answer_keeps_nulls() {
    let recorder = Recorder::answering(
        200,
        r#"{"Document":{"a":[1,true,null]},"Level":2,"Color":"light-blue",
            "Slots":["x",null],"Labels":{"set":1,"unset":null}}"#,
    );
    let output = recording(&recorder, None)
        .get_settings()
        .send()
        .await
        .expect("no credentials are needed");

    let sent = &recorder.sent()[0];
    assert_eq!(sent.url, "http://features.test:8080/settings");
    assert_eq!(sent.header("authorization"), None);
    assert_eq!(sent.header("x-amz-date"), None);
    assert_eq!(output.level, Some(2));
    assert_eq!(
        output.color,
        Some(features_sdk::get_settings::types::Color::LightBlue)
    );
    assert_eq!(output.slots, Some(vec![Some("x".to_owned()), None]));
    assert_eq!(
        output.labels,
        Some(HashMap::from([
            ("set".to_owned(), Some(1)),
            ("unset".to_owned(), None)
        ]))
    );
    let Some(Document::Object(document)) = output.document else {
        panic!("the document is an object");
    };
    assert_eq!(
        document["a"],
        Document::Array(vec![
            Document::Number(features_sdk::Number::PosInt(1)),
            Document::Bool(true),
            Document::Null
        ])
    );
}

#[tokio::test]
async fn a_host_label_prefixes_the_host_that_is_signed() {
    let recorder = Recorder::answering(200, r#"{"Id":"r-1"}"#);
    let output = recording(&recorder, Some(credentials()))
        .put_record()
        .account("acct-7")
        .data(features_sdk::Blob::new(b"\x00\xffdata".to_vec()))
        .priority(-3)
        .weight(300)
        .ratio(0.5)
        .send()
        .await
        .unwrap();
    assert_eq!(output.id.as_deref(), Some("r-1"));

    let sent = &recorder.sent()[0];
    assert_eq!(sent.url, "http://acct-7.data.features.test:8080/records");
    assert_eq!(
        sent.body,
        br#"{"Account":"acct-7","Data":"AP9kYXRh","Priority":-3,"Weight":300,"Ratio":0.5}"#
    );
    // The server's own check of the signature, over the host the request goes to.
    let mut headers = vec![(
        "host".to_owned(),
        "acct-7.data.features.test:8080".to_owned(),
    )];
    headers.extend(sent.headers.iter().cloned());
    let check = connect_mock::verify_sigv4(
        sent.method,
        "/records",
        &headers,
        &sent.body,
        &connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY),
        REGION,
        "features",
    );
    assert_eq!(check, SignatureCheck::Valid);
}

#[tokio::test]
async fn a_host_label_that_is_not_a_host_name_is_refused_before_sending() {
    let recorder = Recorder::answering(200, "{}");
    for bad in ["", "under_score", "-dash", "a..b", "host:80"] {
        let error = recording(&recorder, Some(credentials()))
            .put_record()
            .account(bad)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(
                error,
                SdkError::Construction(BuildError::InvalidHostLabel {
                    member: "Account",
                    ..
                })
            ),
            "{bad:?}: {error:?}"
        );
    }
    assert!(recorder.sent().is_empty());
}

#[tokio::test]
async fn optional_auth_signs_with_credentials_and_goes_unsigned_without() {
    let recorder = Recorder::answering(200, "{}");
    let send = |client: Client| async move {
        client.put_record().account("a").send().await.unwrap();
    };
    send(recording(&recorder, None)).await;
    send(recording(&recorder, Some(credentials()))).await;

    let sent = recorder.sent();
    assert_eq!(sent[0].header("authorization"), None);
    assert!(sent[1]
        .header("authorization")
        .is_some_and(|value| value.contains("/us-west-2/features/aws4_request")));
}

#[tokio::test]
async fn an_operation_that_needs_auth_is_refused_without_credentials() {
    let recorder = Recorder::answering(200, "{}");
    let error = recording(&recorder, None)
        .get_notebook()
        .notebook_id("n")
        .send()
        .await
        .expect_err("no credentials");
    assert!(
        matches!(
            error,
            SdkError::Construction(BuildError::MissingCredentials)
        ),
        "{error:?}"
    );
    assert!(recorder.sent().is_empty());
}

#[tokio::test]
async fn a_blob_longer_than_its_length_trait_is_refused_before_sending() {
    let recorder = Recorder::answering(200, "{}");
    let error = recording(&recorder, Some(credentials()))
        .put_record()
        .account("a")
        .data(features_sdk::Blob::new(vec![0; 17]))
        .send()
        .await
        .expect_err("17 bytes is one too many");
    let SdkError::Construction(BuildError::Invalid(error)) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(error.violations()[0].path(), "Data");
    assert!(recorder.sent().is_empty());
}

#[tokio::test]
async fn repeated_items_of_a_unique_list_are_refused_before_sending() {
    let recorder = Recorder::answering(201, "");
    let error = recording(&recorder, Some(credentials()))
        .upload_object()
        .key("k")
        .tags("same")
        .tags("same")
        .send()
        .await
        .expect_err("the tags repeat");
    let SdkError::Construction(BuildError::Invalid(error)) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(error.violations()[0].path(), "Tags");
    assert!(recorder.sent().is_empty());
}

#[tokio::test]
async fn a_recursive_structure_and_union_round_trip() {
    use features_sdk::describe_tree::types::{Leaf, Node};
    let tree = Node::builder()
        .name("root")
        .left(
            Node::builder()
                .name("inner")
                .leaf(Leaf::Subtree(Box::new(
                    Node::builder().leaf(Leaf::Value("deep".into())).build(),
                )))
                .build(),
        )
        .right(Node::builder().leaf(Leaf::Value("near".into())).build())
        .build();
    let json = r#"{"Root":{"Name":"root","Left":{"Name":"inner","Leaf":{"Subtree":{"Leaf":{"Value":"deep"}}}},"Right":{"Leaf":{"Value":"near"}}}}"#;
    let recorder = Recorder::answering(200, json);

    let output = recording(&recorder, Some(credentials()))
        .describe_tree()
        .root(tree.clone())
        .send()
        .await
        .unwrap();

    assert_eq!(String::from_utf8_lossy(&recorder.sent()[0].body), json);
    assert_eq!(output.root, Some(tree));
}

#[tokio::test]
async fn the_paginator_sends_the_tokens_in_the_query_members_a_mixin_gives() {
    let server = server(|request| match request.query() {
        Some("max=2") => MockResponse::json(
            200,
            r#"{"Events":[{"At":"2026-12-01T10:00:00Z","Name":"a"},{"At":"2026-12-01T10:00:01.5Z","Name":"b"}],"NextToken":"t/1"}"#,
        ),
        Some("next=t%2F1&max=2") => {
            MockResponse::json(200, r#"{"Events":[{"Name":"c"}]}"#)
        }
        other => MockResponse::json(400, format!(r#"{{"message":"query {other:?}"}}"#)),
    })
    .await;

    let events = client(&server)
        .list_events()
        .max_results(2)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("both pages are read");

    let names: Vec<_> = events.iter().map(|event| event.name.as_deref()).collect();
    assert_eq!(names, [Some("a"), Some("b"), Some("c")]);
    let second = events[1].at.expect("a timestamp");
    assert_eq!(
        (second.secs(), second.subsec_nanos()),
        (1_796_119_201, 500_000_000)
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_idempotency_token_is_made_up_when_unset_and_kept_when_set() {
    let recorder = Recorder::answering(200, r#"{"NotebookId":"n-1"}"#);
    let client = recording(&recorder, Some(credentials()));
    client.create_notebook().title("a").send().await.unwrap();
    client
        .create_notebook()
        .title("b")
        .client_token("mine")
        .send()
        .await
        .unwrap();

    let bodies: Vec<serde_json::Value> = recorder
        .sent()
        .iter()
        .map(|sent| serde_json::from_slice(&sent.body).unwrap())
        .collect();
    let made_up = bodies[0]["ClientToken"].as_str().expect("a token");
    assert_eq!(made_up.len(), 36, "a UUID: {made_up}");
    assert_eq!(made_up.as_bytes()[14], b'4', "version 4: {made_up}");
    assert_eq!(bodies[1]["ClientToken"], "mine");
}

#[tokio::test]
async fn big_numbers_go_and_come_back_digit_for_digit() {
    use features_sdk::{BigDecimal, BigInteger};
    // Digits beyond 64 bits and beyond a double's precision.
    let recorder = Recorder::answering(
        200,
        r#"{"Count":123456789012345678901234567890,"Amount":0.10000000000000000000000000001}"#,
    )
    .with_header("x-total", "-98765432109876543210987654321");
    let count: BigInteger = "123456789012345678901234567890".parse().unwrap();
    let amount: BigDecimal = "+.10000000000000000000000000001".parse().unwrap();

    let output = recording(&recorder, Some(credentials()))
        .put_record()
        .account("a")
        .count(count.clone())
        .amount(amount)
        .limit("00042".parse::<BigInteger>().unwrap())
        .send()
        .await
        .unwrap();

    let sent = &recorder.sent()[0];
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"Account":"a","Count":123456789012345678901234567890,"Amount":0.10000000000000000000000000001}"#
    );
    assert_eq!(sent.header("x-limit"), Some("00042"));
    assert_eq!(output.count, Some(count));
    assert_eq!(
        output.amount.as_ref().map(AsRef::as_ref),
        Some("0.10000000000000000000000000001")
    );
    assert_eq!(
        output.total.as_ref().map(AsRef::as_ref),
        Some("-98765432109876543210987654321")
    );
}
