//! What a call traces: one span per operation and per attempt, with the operation's name, the
//! attempt number, the status and the request id, and never a secret.
//!
//! A subscriber written here records everything at every level, from every crate (the SDK,
//! reqwest, hyper): span names, every field of spans and events, and event messages. This file
//! is its own test binary, so no other test shares the process-wide tracing state.

use connect_mock::{sequence, MockResponse, MockServer};
use connect_sdk::{AsyncSleep, Client, Config, Credentials};
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKENVALUE";
const REGION: &str = "us-east-1";

/// One recorded span: its name and fields, in the order they were set.
#[derive(Clone, Debug, Default)]
struct SpanRecord {
    name: &'static str,
    fields: Vec<(String, String)>,
}

impl SpanRecord {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

#[derive(Default)]
struct Recorded {
    spans: Vec<SpanRecord>,
    /// Everything, as text: span names and fields, event targets, messages and fields.
    text: String,
}

#[derive(Clone, Default)]
struct Capture {
    recorded: Arc<Mutex<Recorded>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Capture {
    fn append(&self, line: String) {
        let mut recorded = self.recorded.lock().unwrap();
        recorded.text.push_str(&line);
        recorded.text.push('\n');
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        attributes.record(&mut Fields(&mut fields));
        let name = attributes.metadata().name();
        let mut line = format!("span {name}");
        for (field, value) in &fields {
            let _ = write!(line, " {field}={value}");
        }
        self.append(line);
        let mut recorded = self.recorded.lock().unwrap();
        recorded.spans.push(SpanRecord { name, fields });
        let index = self.next_id.fetch_add(1, Ordering::SeqCst);
        Id::from_u64(index + 1)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Vec::new();
        values.record(&mut Fields(&mut fields));
        let mut line = format!("record span {}", span.into_u64());
        for (field, value) in &fields {
            let _ = write!(line, " {field}={value}");
        }
        self.append(line);
        let mut recorded = self.recorded.lock().unwrap();
        let index = usize::try_from(span.into_u64() - 1).unwrap();
        recorded.spans[index].fields.extend(fields);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        let metadata = event.metadata();
        let mut line = format!("event {} {}", metadata.level(), metadata.target());
        for (field, value) in &fields {
            let _ = write!(line, " {field}={value}");
        }
        self.append(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Returns at once: the retry in this test need not wait.
#[derive(Debug)]
struct NoWait;

impl AsyncSleep for NoWait {
    fn sleep(&self, _: Duration) -> connect_runtime::sleep::Sleep {
        Box::pin(std::future::ready(()))
    }
}

#[tokio::test]
async fn spans_name_operation_attempts_status_and_request_id_and_no_secret_is_traced() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());

    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    let server = MockServer::start(
        credentials,
        REGION,
        "connect",
        sequence([
            MockResponse::json(503, r#"{"message":"busy"}"#)
                .with_header("x-amzn-ErrorType", "ServiceUnavailableException")
                .with_header("x-amzn-RequestId", "rid-first"),
            MockResponse::json(200, "{}").with_header("x-amzn-RequestId", "rid-second"),
        ]),
    )
    .await
    .expect("bind 127.0.0.1");
    let client = Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new(
                ACCESS_KEY,
                SECRET_KEY,
                Some(SESSION_TOKEN.into()),
            ))
            .endpoint_url(server.endpoint())
            .sleep_impl(NoWait)
            // A deadline raced against a sleep that returns at once would always win.
            .attempt_timeout(None)
            .build(),
    );
    client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send()
        .await
        .expect("the second attempt succeeds");
    // The signed requests did carry the token.
    assert!(server
        .requests()
        .iter()
        .all(|request| request.header("x-amz-security-token") == Some(SESSION_TOKEN)));

    let recorded = capture.recorded.lock().unwrap();
    let operations: Vec<&SpanRecord> = recorded
        .spans
        .iter()
        .filter(|span| span.name == "operation")
        .collect();
    assert_eq!(operations.len(), 1, "{}", recorded.text);
    let operation = operations[0];
    assert_eq!(operation.field("service"), Some("connect"));
    assert_eq!(operation.field("operation"), Some("DisassociateWorkspace"));
    assert_eq!(operation.field("attempts"), Some("2"));
    assert_eq!(operation.field("status"), Some("200"));
    assert_eq!(operation.field("request_id"), Some("rid-second"));

    let attempts: Vec<&SpanRecord> = recorded
        .spans
        .iter()
        .filter(|span| span.name == "attempt")
        .collect();
    assert_eq!(attempts.len(), 2, "{}", recorded.text);
    for (attempt, (status, request_id)) in attempts
        .iter()
        .zip([("503", "rid-first"), ("200", "rid-second")])
    {
        assert_eq!(attempt.field("status"), Some(status));
        assert_eq!(attempt.field("request_id"), Some(request_id));
    }
    assert_eq!(attempts[0].field("attempt"), Some("1"));
    assert_eq!(attempts[1].field("attempt"), Some("2"));
    assert!(
        recorded.text.contains("reason=transient"),
        "{}",
        recorded.text
    );

    for secret in [SECRET_KEY, SESSION_TOKEN] {
        assert!(
            !recorded.text.contains(secret),
            "a secret was traced:\n{}",
            recorded.text
        );
    }
}
