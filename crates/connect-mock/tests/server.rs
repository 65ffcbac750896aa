//! End-to-end tests: a raw TCP client talks HTTP/1.1 to a `MockServer`.
//!
//! Valid signatures come from the public aws-sig-v4-test-suite ("get-vanilla"
//! and "post-x-www-form-urlencoded"), replayed byte for byte, so these tests
//! need no signer of their own.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use connect_mock::{Credentials, MockResponse, MockServer, RecordedRequest, SignatureCheck};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const LIMIT: Duration = Duration::from_secs(10);

const AUTH_PREFIX: &str =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

fn get_vanilla(extra_headers: &str) -> String {
    format!(
        "GET / HTTP/1.1\r\nHost: example.amazonaws.com\r\nX-Amz-Date: 20150830T123600Z\r\n\
         {extra_headers}Authorization: {AUTH_PREFIX}, SignedHeaders=host;x-amz-date, \
         Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\r\n\r\n"
    )
}

fn post_form_head(extra_headers: &str) -> String {
    format!(
        "POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Host: example.amazonaws.com\r\nX-Amz-Date: 20150830T123600Z\r\nContent-Length: 13\r\n\
         {extra_headers}Authorization: {AUTH_PREFIX}, SignedHeaders=content-type;host;x-amz-date, \
         Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a\r\n\r\n"
    )
}

/// The signed body is "Param1=value1"; anything else of that length is tampering.
fn post_form(body: &str) -> String {
    format!("{}{body}", post_form_head(""))
}

async fn start(
    responder: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
) -> MockServer {
    MockServer::start(
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        "us-east-1",
        "service",
        responder,
    )
    .await
    .expect("the mock server binds")
}

fn echo(request: &RecordedRequest) -> MockResponse {
    MockResponse::json(
        200,
        format!(
            r#"{{"method":"{}","body":"{}"}}"#,
            request.method,
            String::from_utf8_lossy(&request.body)
        ),
    )
    .with_header("x-echo-path", request.path())
}

async fn connect(server: &MockServer) -> TcpStream {
    let endpoint = server.endpoint();
    let addr = endpoint
        .strip_prefix("http://")
        .expect("endpoint is an http URL");
    TcpStream::connect(addr).await.expect("connects")
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A minimal client-side reader: status line, headers, Content-Length body.
/// Bytes beyond the response stay in `buf`. `None` means clean EOF.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Response> {
    let head_end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let n = timeout(LIMIT, stream.read(&mut chunk))
            .await
            .expect("response arrives in time")
            .unwrap_or(0);
        if n == 0 {
            assert!(buf.is_empty(), "truncated response: {buf:?}");
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).expect("UTF-8 head");
    buf.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
    let status = status_line[9..12].parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").expect("name: value");
            (name.to_owned(), value.to_owned())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    while buf.len() < length {
        let mut chunk = [0u8; 4096];
        let n = timeout(LIMIT, stream.read(&mut chunk))
            .await
            .expect("body arrives in time")
            .expect("body read");
        assert!(n > 0, "body truncated");
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf.drain(..length).collect();
    Some(Response {
        status,
        headers,
        body,
    })
}

/// Reads until the server closes; true if it did (EOF or reset) in time.
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut sink = [0u8; 1024];
    matches!(
        timeout(LIMIT, stream.read(&mut sink)).await,
        Ok(Ok(0)) | Ok(Err(_))
    )
}

async fn exchange(stream: &mut TcpStream, buf: &mut Vec<u8>, request: &[u8]) -> Response {
    stream.write_all(request).await.expect("request sent");
    read_response(stream, buf).await.expect("a response")
}

#[tokio::test]
async fn two_requests_on_one_keep_alive_connection_then_close() {
    let server = start(echo).await;
    let mut stream = connect(&server).await;
    let mut buf = Vec::new();

    let first = exchange(&mut stream, &mut buf, get_vanilla("").as_bytes()).await;
    assert_eq!(first.status, 200, "{}", first.body_text());
    assert_eq!(first.header("content-type"), Some("application/json"));
    assert_eq!(first.header("x-amzn-RequestId"), Some("mock-request-1"));
    assert_eq!(first.header("x-echo-path"), Some("/"));
    assert_eq!(first.body_text(), r#"{"method":"GET","body":""}"#);
    assert_eq!(first.header("connection"), None);

    let second = exchange(&mut stream, &mut buf, post_form("Param1=value1").as_bytes()).await;
    assert_eq!(second.status, 200, "{}", second.body_text());
    assert_eq!(second.header("x-amzn-RequestId"), Some("mock-request-2"));
    assert_eq!(
        second.body_text(),
        r#"{"method":"POST","body":"Param1=value1"}"#
    );

    // `Connection` is not signed, so adding it keeps the signature valid.
    let last = exchange(
        &mut stream,
        &mut buf,
        get_vanilla("Connection: close\r\n").as_bytes(),
    )
    .await;
    assert_eq!(last.status, 200);
    assert_eq!(last.header("connection"), Some("close"));
    assert!(closed_by_server(&mut stream).await);

    let recorded = server.requests();
    assert_eq!(recorded.len(), 3);
    assert!(recorded
        .iter()
        .all(|r| r.signature == SignatureCheck::Valid));
    let post = &recorded[1];
    assert_eq!(post.method, "POST");
    assert_eq!(post.target, "/");
    assert_eq!(post.body, b"Param1=value1");
    assert_eq!(
        post.headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        [
            "content-type",
            "host",
            "x-amz-date",
            "content-length",
            "authorization"
        ]
    );
    assert_eq!(post.header("Content-Length"), Some("13"));
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order() {
    let server = start(echo).await;
    let mut stream = connect(&server).await;
    let both = format!("{}{}", post_form("Param1=value1"), get_vanilla(""));
    stream.write_all(both.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let first = read_response(&mut stream, &mut buf).await.unwrap();
    let second = read_response(&mut stream, &mut buf).await.unwrap();
    assert!(first.body_text().contains("POST"));
    assert!(second.body_text().contains("GET"));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn unsigned_request_gets_403_without_calling_the_responder() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let server = start(move |request| {
        counter.fetch_add(1, Ordering::SeqCst);
        echo(request)
    })
    .await;
    let mut stream = connect(&server).await;
    let mut buf = Vec::new();

    let request = "GET /workspaces/a%2Fb/ws/disassociate?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let response = exchange(&mut stream, &mut buf, request.as_bytes()).await;
    assert_eq!(response.status, 403);
    assert_eq!(
        response.header("x-amzn-ErrorType"),
        Some("InvalidSignatureException")
    );
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert!(response.header("x-amzn-RequestId").is_some());
    assert!(response
        .body_text()
        .starts_with(r#"{"message": "the request is not signed"#));
    assert_eq!(calls.load(Ordering::SeqCst), 0);

    let recorded = server.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].signature, SignatureCheck::Missing);
    assert_eq!(recorded[0].target, "/workspaces/a%2Fb/ws/disassociate?x=1");
    assert_eq!(recorded[0].path(), "/workspaces/a%2Fb/ws/disassociate");
    assert_eq!(recorded[0].query(), Some("x=1"));

    // A 403 does not end the connection.
    let ok = exchange(&mut stream, &mut buf, get_vanilla("").as_bytes()).await;
    assert_eq!(ok.status, 200);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_unsigned_server_answers_every_request_and_checks_no_signature() {
    let server = MockServer::start_unsigned(echo).await.expect("binds");
    let mut stream = connect(&server).await;
    let mut buf = Vec::new();
    let request = "PUT /latest/api/token HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let response = exchange(&mut stream, &mut buf, request.as_bytes()).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("x-echo-path"), Some("/latest/api/token"));
    // A SigV4 header is not looked at either.
    let signed = exchange(&mut stream, &mut buf, get_vanilla("").as_bytes()).await;
    assert_eq!(signed.status, 200);
    let recorded = server.requests();
    assert_eq!(recorded.len(), 2);
    assert!(recorded
        .iter()
        .all(|request| request.signature == SignatureCheck::NotChecked));
    assert!(format!("{server:?}").contains("region: None"));
}

#[tokio::test]
async fn tampered_body_gets_403_with_the_canonical_request_in_the_message() {
    let server = start(echo).await;
    let mut stream = connect(&server).await;
    let mut buf = Vec::new();
    let response = exchange(&mut stream, &mut buf, post_form("Param1=value2").as_bytes()).await;
    assert_eq!(response.status, 403);
    let body = response.body_text();
    assert!(body.contains("signature mismatch"), "{body}");
    assert!(body.contains(r"canonical request:\nPOST\n/\n"), "{body}");

    let recorded = server.requests();
    assert_eq!(recorded.len(), 1);
    assert!(matches!(
        &recorded[0].signature,
        SignatureCheck::Invalid { reason } if reason.contains("signature mismatch")
    ));
    assert_eq!(recorded[0].body, b"Param1=value2");
}

#[tokio::test]
async fn malformed_requests_get_an_error_and_a_closed_connection() {
    let server = start(echo).await;
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (b"HELLO\r\n\r\n".to_vec(), 400),
        (b"\x00\xff\xfe garbage\r\n\r\n".to_vec(), 400),
        (b"GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n".to_vec(), 400),
        (b"GET / HTTP/1.1\r\n\r\n".to_vec(), 400),
        (b"GET noslash HTTP/1.1\r\nHost: h\r\n\r\n".to_vec(), 400),
        (
            b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n".to_vec(),
            400,
        ),
        (
            b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                .to_vec(),
            501,
        ),
        (b"GET / HTTP/3.0\r\nHost: h\r\n\r\n".to_vec(), 505),
        (vec![b'a'; 70 * 1024], 431),
    ];
    for (raw, expected) in cases {
        let mut stream = connect(&server).await;
        stream.write_all(&raw).await.unwrap();
        let mut buf = Vec::new();
        let response = read_response(&mut stream, &mut buf)
            .await
            .expect("an error response");
        assert_eq!(
            response.status,
            expected,
            "{:?}: {}",
            String::from_utf8_lossy(&raw[..raw.len().min(60)]),
            response.body_text()
        );
        assert_eq!(response.header("connection"), Some("close"));
        assert!(response.header("x-amzn-RequestId").is_some());
        assert!(closed_by_server(&mut stream).await);
    }

    // A body cut short by the client's half-close.
    let mut stream = connect(&server).await;
    stream
        .write_all(b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
        .await
        .unwrap();
    stream.shutdown().await.unwrap();
    let mut buf = Vec::new();
    let response = read_response(&mut stream, &mut buf).await.unwrap();
    assert_eq!(response.status, 400);

    // None of that was recorded, and the server still serves.
    assert!(server.requests().is_empty());
    let mut stream = connect(&server).await;
    let ok = exchange(&mut stream, &mut Vec::new(), get_vanilla("").as_bytes()).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn expect_continue_gets_an_interim_response() {
    let server = start(echo).await;
    let mut stream = connect(&server).await;
    let head = post_form_head("Expect: 100-continue\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let interim = read_response(&mut stream, &mut buf).await.unwrap();
    assert_eq!(interim.status, 100);
    stream.write_all(b"Param1=value1").await.unwrap();
    let response = read_response(&mut stream, &mut buf).await.unwrap();
    assert_eq!(response.status, 200, "{}", response.body_text());
}

#[tokio::test]
async fn responder_request_id_and_headers_are_kept() {
    let server = start(|_| {
        MockResponse::json(201, "{}")
            .with_header("x-amzn-RequestId", "custom-id")
            .with_header("Content-Length", "12345")
    })
    .await;
    let mut stream = connect(&server).await;
    let response = exchange(&mut stream, &mut Vec::new(), get_vanilla("").as_bytes()).await;
    assert_eq!(response.status, 201);
    assert_eq!(response.header("x-amzn-RequestId"), Some("custom-id"));
    assert_eq!(response.header("content-length"), Some("2"));
    assert_eq!(response.body, b"{}");
}

#[tokio::test]
async fn a_panicking_responder_gives_500_and_the_server_survives() {
    let server = start(|request| {
        assert_eq!(request.method, "POST", "only POST is expected");
        MockResponse::json(200, "{}")
    })
    .await;
    let mut stream = connect(&server).await;
    let mut buf = Vec::new();
    let response = exchange(&mut stream, &mut buf, get_vanilla("").as_bytes()).await;
    assert_eq!(response.status, 500);
    assert!(response.body_text().contains("panicked"));
    let response = exchange(&mut stream, &mut buf, post_form("Param1=value1").as_bytes()).await;
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn dropping_the_server_closes_its_connections() {
    let server = start(echo).await;
    let mut stream = connect(&server).await;
    let ok = exchange(&mut stream, &mut Vec::new(), get_vanilla("").as_bytes()).await;
    assert_eq!(ok.status, 200);
    drop(server);
    assert!(closed_by_server(&mut stream).await);
}

#[tokio::test]
async fn a_hang_up_closes_the_connection_without_an_answer_after_recording() {
    let server = start(|_| MockResponse::hang_up()).await;
    let mut stream = connect(&server).await;
    stream
        .write_all(get_vanilla("").as_bytes())
        .await
        .expect("request sent");
    let mut received = Vec::new();
    let read = timeout(LIMIT, stream.read_to_end(&mut received))
        .await
        .expect("closed in time");
    assert!(read.is_ok(), "{read:?}");
    assert!(
        received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_scripted_sequence_answers_in_order_and_a_delay_holds_the_answer_back() {
    let server = start(connect_mock::sequence([
        MockResponse::json(503, "{}"),
        MockResponse::json(200, "{}").delayed(Duration::from_secs(30)),
    ]))
    .await;
    let mut stream = connect(&server).await;
    let mut buf = Vec::new();
    let first = exchange(&mut stream, &mut buf, get_vanilla("").as_bytes()).await;
    assert_eq!(first.status, 503);
    // The second answer waits 30 s: nothing arrives within a short look, yet
    // the request is already recorded.
    stream
        .write_all(get_vanilla("").as_bytes())
        .await
        .expect("request sent");
    let mut sink = [0u8; 64];
    let early = timeout(Duration::from_millis(50), stream.read(&mut sink)).await;
    assert!(early.is_err(), "an answer arrived early: {early:?}");
    let recorded = timeout(LIMIT, async {
        while server.requests().len() < 2 {
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert!(recorded.is_ok());
}

#[tokio::test]
async fn connecting_to_a_black_hole_never_completes() {
    let hole = connect_mock::BlackHole::start().await.expect("binds");
    let addr = hole.endpoint().strip_prefix("http://").unwrap().to_owned();
    let attempt = timeout(Duration::from_millis(200), TcpStream::connect(addr)).await;
    assert!(attempt.is_err(), "connected: {attempt:?}");
}
