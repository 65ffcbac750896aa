//! Wire equality with botocore, the reference implementation of the same service.
//!
//! Every sample of a service's samples crate (`connect-samples`, `voice-id-samples`, ...) goes
//! through the SDK's real send path: the runtime client with the model's endpoint rules, an
//! endpoint URL pointing at a local [`connect_mock`] server (which also checks the SigV4
//! signature, for the service's signing name), constraints checked. The server records the request
//! and answers with the sample answer, which the SDK parses into the typed output. Both are
//! compared with what botocore built and parsed for the same input, recorded in
//! `conformance/botocore.jsonl` by `conformance/botocore_requests.py`, one line per sample of
//! every service, each naming its service (CI runs the script again with the pinned botocore
//! and checks that the recording is what it prints).
//!
//! Compared: method, path (byte for byte), query (decoded name/value pairs as a multiset; raw
//! encoding differences are reported too), the modeled headers (and awsJson's `X-Amz-Target`),
//! the content type and the body as JSON values. Idempotency tokens the input leaves out must be UUIDs on both sides. Answers
//! are compared as JSON values, timestamps as instants: botocore's parsed datetimes are epoch
//! seconds in the recording, the SDK writes a member in its declared format.
//!
//! A difference fails the check unless `docs/CONFORMANCE.md` lists it, word for word, with its
//! reason, in the table of section "botocore wire equality" (an operation of another service
//! than Connect named `service.Operation`); a listed difference that no longer happens fails
//! too, so that the list stays true.

#![warn(missing_docs)]

use connect_mock::{Credentials, MockResponse, MockServer, RecordedRequest};
use connect_runtime::json::{from_slice, to_vec, Form, FromJson, ToJson};
use connect_runtime::test_util::{Rule, Stubs};
use connect_runtime::{
    Body, Client, Config, DateTime, HttpClient, Operation, OperationError, PreparedRequest,
    RawResponse, SdkError, SendFuture, TimestampFormat, TransportError, TransportErrorKind,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What botocore 1.44.5 built and parsed for every sample.
pub const RECORDING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../conformance/botocore.jsonl"
);

/// Where the expected differences are listed.
pub const DIFFERENCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/CONFORMANCE.md");

/// What botocore writes for an idempotency token it filled in.
const IDEMPOTENCY_TOKEN: &str = "<idempotency token: UUID>";

/// Sends one sample input through operation `I` and returns what the SDK read of the answer.
pub type Runner = fn(&Harness, &str) -> Result<Read, String>;

/// What the SDK read of an answer.
#[derive(Debug)]
pub enum Read {
    /// The typed output, written as JSON (document form).
    Output(Value),
    /// A service error.
    Error {
        /// Whether it is one of the operation's modeled errors.
        modeled: bool,
        /// Its code.
        code: Option<String>,
        /// Its members as its type writes them (document form).
        members: Value,
    },
}

/// The answer the server gives: status, error code (sent as `X-Amzn-ErrorType`), body.
#[derive(Clone, Default)]
struct Answer {
    status: u16,
    code: Option<String>,
    body: String,
}

impl Answer {
    fn headers(&self, protocol: connect_runtime::Protocol) -> Vec<(&str, &str)> {
        let mut headers = vec![("content-type", content_type(protocol))];
        headers.extend(self.code.as_deref().map(|code| ("x-amzn-errortype", code)));
        headers
    }
}

/// The local server and the client that sends to it.
pub struct Harness {
    runtime: tokio::runtime::Runtime,
    service: &'static connect_runtime::ServiceInfo,
    client: Client,
    /// The answer the server gives to the next request.
    answer: Arc<Mutex<Answer>>,
    /// The last request the server received.
    captured: Arc<Mutex<Option<RecordedRequest>>>,
    /// The server's address.
    address: std::net::SocketAddr,
    _server: MockServer,
}

impl Harness {
    /// Starts the server on 127.0.0.1 and a client whose endpoints `resolver` resolves, with
    /// the server's address as endpoint URL.
    ///
    /// # Panics
    ///
    /// When the runtime or the server cannot start.
    pub fn start(service: &'static connect_runtime::ServiceInfo) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let answer = Arc::new(Mutex::new(Answer::default()));
        let captured = Arc::new(Mutex::new(None));
        let server = {
            let (answer, captured) = (Arc::clone(&answer), Arc::clone(&captured));
            let credentials = Credentials::new("AKIDEXAMPLE", "conformance-secret");
            runtime
                .block_on(MockServer::start(
                    credentials,
                    "us-east-1",
                    service.signing_name,
                    move |request| {
                        *lock(&captured) = Some(request.clone());
                        let answer = lock(&answer);
                        let mut response = MockResponse::json(answer.status, answer.body.clone());
                        response.headers.clear();
                        for (name, value) in answer.headers(service.protocol) {
                            response = response.with_header(name, value);
                        }
                        response
                    },
                ))
                .expect("the capture server starts")
        };
        let config = Config::builder()
            .region("us-east-1")
            .credentials(connect_runtime::Credentials::new(
                "AKIDEXAMPLE",
                "conformance-secret",
                None,
            ))
            // `localhost`, so that a host prefix gives a host name (`runtime.localhost`).
            .endpoint_url(format!("http://localhost:{}", server.address().port()))
            .http_client(ToServer {
                address: server.address(),
            })
            .retry_config(connect_runtime::RetryConfig::standard().with_max_attempts(1))
            .build();
        let client = Client::new(service, config);
        Self {
            runtime,
            service,
            client,
            answer,
            captured,
            address: server.address(),
            _server: server,
        }
    }
}

/// Sends every request to the capture server, whatever host its URL names: an operation with
/// a host prefix (ConnectHealth's `runtime.` and `streaming.`) prefixes the endpoint's host,
/// and no resolver knows `runtime.localhost`. HTTP/1.1, one connection per request, the URL's
/// authority as `Host` (which the signature covers); it connects to nothing but the server's
/// address on 127.0.0.1.
#[derive(Debug)]
struct ToServer {
    address: std::net::SocketAddr,
}

impl HttpClient for ToServer {
    fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let failed = |kind, error: String| TransportError::new(kind, error);
            let io = |error: std::io::Error| failed(TransportErrorKind::Io, error.to_string());
            let Body::Bytes(body) = request.body else {
                return Err(failed(
                    TransportErrorKind::Unusable,
                    "no sample streams a body".into(),
                ));
            };
            let rest = request.url.split_once("://").map_or("", |(_, rest)| rest);
            let at = rest.find(['/', '?']).unwrap_or(rest.len());
            let (authority, target) = rest.split_at(at);
            let target = if target.starts_with('/') {
                target.to_owned()
            } else {
                format!("/{target}")
            };
            let mut head = format!(
                "{} {target} HTTP/1.1\r\nhost: {authority}\r\n",
                request.method
            );
            for (name, value) in &request.headers {
                let _ = write!(head, "{name}: {value}\r\n");
            }
            if !request
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            {
                let _ = write!(head, "content-length: {}\r\n", body.len());
            }
            head.push_str("\r\n");
            let mut stream = tokio::net::TcpStream::connect(self.address)
                .await
                .map_err(io)?;
            // One write, without Nagle's delay: a second small write would wait for the
            // server's delayed acknowledgement (some 40 ms a request).
            stream.set_nodelay(true).map_err(io)?;
            let mut message = head.into_bytes();
            message.extend_from_slice(&body);
            stream.write_all(&message).await.map_err(io)?;
            // The head, then as many bytes as its Content-Length says.
            let mut answer = Vec::new();
            let mut buffer = [0u8; 16 * 1024];
            let (status, headers, start) = loop {
                let read = stream.read(&mut buffer).await.map_err(io)?;
                if read == 0 {
                    return Err(failed(
                        TransportErrorKind::Io,
                        "closed before the head".into(),
                    ));
                }
                answer.extend_from_slice(&buffer[..read]);
                if let Some(end) = answer.windows(4).position(|window| window == b"\r\n\r\n") {
                    let text = String::from_utf8_lossy(&answer[..end]).into_owned();
                    let mut lines = text.split("\r\n");
                    let status = lines
                        .next()
                        .and_then(|line| line.split(' ').nth(1))
                        .and_then(|code| code.parse::<u16>().ok())
                        .unwrap_or_default();
                    let headers: Vec<(String, String)> = lines
                        .filter_map(|line| line.split_once(':'))
                        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
                        .collect();
                    break (status, headers, end + 4);
                }
            };
            let length = headers
                .iter()
                .find(|(name, _)| name == "content-length")
                .and_then(|(_, value)| value.parse::<usize>().ok())
                .unwrap_or_default();
            while answer.len() < start + length {
                let read = stream.read(&mut buffer).await.map_err(io)?;
                if read == 0 {
                    break;
                }
                answer.extend_from_slice(&buffer[..read]);
            }
            let body = answer[start..answer.len().min(start + length)].to_vec();
            Ok(RawResponse {
                status,
                headers,
                body: body.into(),
            })
        })
    }
}

/// The content type of a JSON answer of `protocol`, as the service sends it.
fn content_type(protocol: connect_runtime::Protocol) -> &'static str {
    match protocol {
        connect_runtime::Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        connect_runtime::Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        _ => "application/json",
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reads `input` as operation `I`'s input, sends it (and again through a stubbed client with
/// the same answer, which must read the same) and returns what the SDK read of the answer: the
/// typed output or service error written as JSON; an error says what failed (reading the
/// input, validation, sending, reading the answer).
pub fn run<I>(harness: &Harness, input: &str) -> Result<Read, String>
where
    I: Operation + FromJson,
    I::Output: ToJson,
    I::Error: ToJson,
{
    let input_of =
        |text: &str| from_slice::<I>(text.as_bytes()).map_err(|error| format!("input: {error}"));
    let json = |value: &dyn ToJson| {
        serde_json::from_slice::<Value>(&to_vec(value, Form::Document))
            .map_err(|error| format!("written back: {error}"))
    };
    let read = |result: Result<I::Output, SdkError<I::Error>>| match result {
        Ok(output) => Ok(Read::Output(json(&output)?)),
        Err(SdkError::Service(error)) => {
            let error = error.err();
            Ok(Read::Error {
                modeled: !error.is_unhandled(),
                code: error.code_and_status().0.map(str::to_owned),
                members: json(error)?,
            })
        }
        Err(error) => Err(format!("call: {error}")),
    };
    let first = read(
        harness
            .runtime
            .block_on(harness.client.invoke(&input_of(input)?)),
    )?;
    // The same call stubbed with the same answer must read the same: stubs work for every
    // operation, through the real answer path. (No input matcher: a token the input leaves
    // out is filled in anew each time it is read.)
    let answer = lock(&harness.answer).clone();
    let headers = answer.headers(harness.service.protocol);
    let rule = Rule::<I>::new().then_http(answer.status, &headers, answer.body.clone());
    let stubs = Stubs::new()
        .rule(&rule)
        .map_err(|error| error.to_string())?;
    // One attempt, as the real client's: an error answer is read, not retried.
    let retry = connect_runtime::RetryConfig::standard().with_max_attempts(1);
    // The stubs answer before any HTTP client is asked; giving it one spares building the
    // default client (and reading the platform's certificates) for every sample.
    let http = ToServer {
        address: harness.address,
    };
    let config = stubs.config().retry_config(retry).http_client(http);
    let stubbed = Client::new(harness.service, config.build());
    let again = read(harness.runtime.block_on(stubbed.invoke(&input_of(input)?)))
        .map_err(|error| format!("stubbed: {error}"))?;
    if format!("{again:?}") != format!("{first:?}") || rule.calls() != 1 {
        return Err(format!(
            "stubbed, the answer reads {again:?}, not {first:?}"
        ));
    }
    Ok(first)
}

/// One line of the recording.
struct Recorded {
    input: Value,
    request: Option<Value>,
    idempotency: Vec<(String, String)>,
    answer: Option<Value>,
    error: Option<String>,
    /// The answers of the operation's modeled errors (`full` lines), as botocore read them.
    errors: Vec<Value>,
}

/// The lines of the recording of `service` (botocore's name), by operation and set.
fn recording(service: &str) -> BTreeMap<(String, String), Recorded> {
    let text = std::fs::read_to_string(RECORDING)
        .unwrap_or_else(|error| panic!("{RECORDING}: {error}; see docs/CONFORMANCE.md"));
    text.lines()
        .enumerate()
        .filter_map(|(at, line)| {
            let mut value: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("{RECORDING}:{}: {error}", at + 1));
            let text = |key: &str| value[key].as_str().unwrap_or_default().to_owned();
            if text("service") != service {
                return None;
            }
            let key = (text("operation"), text("set"));
            let idempotency = value["idempotency"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|token| {
                    let text = |key: &str| token[key].as_str().unwrap_or_default().to_owned();
                    (text("location"), text("name"))
                })
                .collect();
            let error = value["error"].as_str().map(str::to_owned);
            let errors = value["errors"].as_array().cloned().unwrap_or_default();
            let recorded = Recorded {
                input: value["input"].take(),
                request: value.get_mut("request").map(Value::take),
                idempotency,
                answer: value.get_mut("answer").map(Value::take),
                error,
                errors,
            };
            Some((key, recorded))
        })
        .collect()
}

/// A difference: operation, set, `request` or `answer`, and what differs.
type Difference = (String, String, String, String);

/// The differences `docs/CONFORMANCE.md` lists for `service`, with their reasons: the rows of
/// the table of section "botocore wire equality" whose first cell is an operation name in
/// backquotes, `| operation | set | part | difference | reason |`; an operation of another
/// service than Connect is named `service.Operation` (`voice-id.TagResource`).
fn expected_differences(service: &str) -> BTreeMap<Difference, String> {
    let text = std::fs::read_to_string(DIFFERENCES).unwrap_or_default();
    let mut inside = false;
    let mut listed = BTreeMap::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            inside = heading.trim() == "botocore wire equality";
            continue;
        }
        if !inside || !line.starts_with("| `") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if let [operation, set, part, difference, reason, ..] = cells.as_slice() {
            let clean = |cell: &str| cell.trim_matches('`').to_owned();
            let operation = clean(operation);
            let (of, operation) = operation
                .split_once('.')
                .map_or(("connect", operation.as_str()), |(of, name)| (of, name));
            if of != service {
                continue;
            }
            listed.insert(
                (clean(operation), clean(set), clean(part), clean(difference)),
                (*reason).to_owned(),
            );
        }
    }
    listed
}

/// Runs every sample through `operations` and compares with the recording; writes a table,
/// one row per operation, and the counts to `report` (Markdown), prints the counts (to the
/// real standard output, past the test harness's capture, so that every `cargo test` shows
/// them); panics on a difference that is not listed.
///
/// `samples` are `(operation, set, input, answer)`.
///
/// # Panics
///
/// When a request or an answer differs from botocore's and the difference is not listed in
/// `docs/CONFORMANCE.md`, when a listed difference no longer happens, or when the recording
/// is missing or stale.
pub fn check<'a>(
    operations: &[(&str, Runner)],
    samples: impl IntoIterator<Item = (&'a str, &'a str, &'a str, &'a str)>,
    service: &'static connect_runtime::ServiceInfo,
    report: &std::path::Path,
) {
    let harness = Harness::start(service);
    let recorded = recording(service.name);
    let listed = expected_differences(service.name);
    // How the table names an operation of this service.
    let qualified = |operation: &str| match service.name {
        "connect" => operation.to_owned(),
        name => format!("{name}.{operation}"),
    };
    let runners: BTreeMap<&str, Runner> = operations.iter().copied().collect();
    let mut rows: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut notes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    // [requests, answers, error answers] × [passed, expected, failed]
    let mut counts = [[0usize; 3]; 3];
    let mut error_cells: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut seen = BTreeSet::new();
    let mut sets: Vec<&str> = Vec::new();
    for (operation, set, input, answer) in samples {
        if !sets.contains(&set) {
            sets.push(set);
        }
        let runner = runners
            .get(operation)
            .unwrap_or_else(|| panic!("{operation}: no runner"));
        let key = (operation.to_owned(), set.to_owned());
        let Some(record) = recorded.get(&key) else {
            panic!(
                "{} {operation} ({set}) is not in {RECORDING}: regenerate it \
                 (docs/CONFORMANCE.md)",
                service.name
            );
        };
        let sample_input: Value = serde_json::from_str(input).expect("sample inputs are JSON");
        assert!(
            record.input == sample_input,
            "{operation} ({set}): {RECORDING} was built from another input: regenerate it \
             (docs/CONFORMANCE.md)"
        );
        *lock(&harness.answer) = Answer {
            status: 200,
            code: None,
            body: answer.to_owned(),
        };
        *lock(&harness.captured) = None;
        let sent = runner(&harness, input);
        let captured = lock(&harness.captured).take();
        let (request, reply) = match (&record.error, &record.request, &record.answer) {
            (Some(error), ..) => {
                let refused = vec![format!("botocore refused the input: {error}")];
                (refused.clone(), refused)
            }
            (None, Some(expected), Some(parsed)) => {
                let request = match &captured {
                    Some(captured) => compare_request(
                        expected,
                        captured,
                        &record.idempotency,
                        &mut notes,
                        operation,
                        set,
                    ),
                    None => vec![format!(
                        "nothing sent: {}",
                        sent.as_ref().err().map_or("", String::as_str)
                    )],
                };
                let reply = match &sent {
                    Ok(Read::Output(output)) => {
                        let mut differences = Vec::new();
                        compare_values("output", parsed, output, true, &mut differences);
                        differences
                    }
                    Ok(error) => vec![format!("read as an error: {error:?}")],
                    Err(error) => vec![error.clone()],
                };
                (request, reply)
            }
            _ => panic!("{operation} ({set}): the recording has no request or answer"),
        };
        let mut parts = vec![("request", request), ("answer", reply)];
        for error in &record.errors {
            *lock(&harness.answer) = Answer {
                status: error["status"]
                    .as_u64()
                    .and_then(|s| u16::try_from(s).ok())
                    .unwrap_or(0),
                code: error["headers"]["x-amzn-errortype"]
                    .as_str()
                    .map(str::to_owned),
                body: error["body"].as_str().unwrap_or_default().to_owned(),
            };
            parts.push(("error", compare_error(error, runner(&harness, input))));
        }
        let row = rows.entry(operation).or_default();
        for (kind, differences) in parts {
            let at = match kind {
                "request" => 0,
                "answer" => 1,
                _ => 2,
            };
            let count = &mut counts[at];
            // Error answers have a column of their own, one per operation.
            let mut cell = |outcome: usize| {
                if at == 2 {
                    error_cells.entry(operation).or_default()[outcome] += 1;
                } else {
                    row.push(["ok", "expected", "FAIL"][outcome].into());
                }
            };
            if differences.is_empty() {
                count[0] += 1;
                cell(0);
                continue;
            }
            let mut unlisted = Vec::new();
            for difference in &differences {
                let key = (
                    operation.to_owned(),
                    set.to_owned(),
                    kind.to_owned(),
                    difference.clone(),
                );
                if !listed.contains_key(&key) {
                    unlisted.push(difference.as_str());
                }
                seen.insert(key);
            }
            if unlisted.is_empty() {
                count[1] += 1;
                cell(1);
            } else {
                count[2] += 1;
                cell(2);
                unexplained.extend(unlisted.iter().map(|difference| {
                    let operation = qualified(operation);
                    format!("| `{operation}` | `{set}` | `{kind}` | `{difference}` |")
                }));
            }
            notes
                .entry(operation)
                .or_default()
                .push(format!("{set} {kind}: {}", differences.join("; ")));
        }
    }
    let mut table = String::from("| operation |");
    for set in &sets {
        let _ = write!(table, " {set} request | {set} answer |");
    }
    table.push_str(" error answers (ok, expected, failed) | notes |\n|---|");
    table.push_str(&"---|".repeat(sets.len() * 2 + 2));
    table.push('\n');
    for (operation, cells) in &rows {
        let note = notes
            .get(operation)
            .map(|notes| notes.join("; "))
            .unwrap_or_default();
        let [ok, expected, failed] = error_cells.get(operation).copied().unwrap_or_default();
        let errors = format!("{ok}, {expected}, {failed}");
        let _ = writeln!(
            table,
            "| {operation} | {} | {errors} | {note} |",
            cells.join(" | ")
        );
    }
    let mut summary = String::new();
    let names = ["requests", "answers", "error answers"];
    for (name, [passed, expected, failed]) in names.iter().zip(counts) {
        let _ = writeln!(
            summary,
            "botocore wire equality, {}, {name}: {passed} passed, {failed} failed (and \
             {expected} with only the expected differences listed in docs/CONFORMANCE.md)",
            service.name
        );
    }
    println!("{table}\n{summary}");
    let _ = std::io::Write::write_all(&mut std::io::stdout(), summary.as_bytes());
    if let Err(error) = std::fs::write(report, format!("{table}\n{summary}")) {
        panic!("{}: {error}", report.display());
    }
    let stale: Vec<_> = listed
        .keys()
        .filter(|listed| !seen.contains(*listed))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/CONFORMANCE.md lists differences that no longer happen: {stale:?}"
    );
    assert!(
        unexplained.is_empty(),
        "{} differences from botocore are neither fixed nor listed in docs/CONFORMANCE.md \
         (operation, set, part, difference):\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}

/// The differences between what botocore read of a modeled error's answer (`recorded`: the
/// answer sent, and botocore's ClientError: code and modeled members) and what the SDK read.
fn compare_error(recorded: &Value, sent: Result<Read, String>) -> Vec<String> {
    let code = recorded["code"].as_str().unwrap_or_default();
    let parsed = &recorded["parsed"];
    let mut differences = Vec::new();
    if parsed.is_null() {
        differences.push(format!("{code}: botocore read no error"));
    }
    match sent {
        Ok(Read::Error {
            modeled,
            code: got,
            members,
        }) => {
            if !modeled {
                differences.push(format!("{code}: the SDK read an unhandled error"));
            }
            if let Some(expected) = parsed["code"].as_str() {
                if got.as_deref() != Some(expected) {
                    differences.push(format!("{code}: code {expected} ≠ {got:?}"));
                }
                let at = format!("{code}.members");
                compare_values(&at, &parsed["members"], &members, true, &mut differences);
            }
        }
        Ok(Read::Output(output)) => differences.push(format!("{code}: read as output {output}")),
        Err(error) => differences.push(format!("{code}: {error}")),
    }
    differences
}

/// The differences between botocore's request `expected` and the `captured` one; raw query
/// encoding differences go to `notes`.
fn compare_request<'a>(
    expected: &Value,
    captured: &RecordedRequest,
    idempotency: &[(String, String)],
    notes: &mut BTreeMap<&'a str, Vec<String>>,
    operation: &'a str,
    set: &str,
) -> Vec<String> {
    let mut differences = Vec::new();
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    if text(&expected["method"]) != captured.method {
        differences.push(format!(
            "method {} ≠ {}",
            expected["method"], captured.method
        ));
    }
    if text(&expected["path"]) != captured.path() {
        differences.push(format!("path {} ≠ {:?}", expected["path"], captured.path()));
    }
    let tokens = |location: &'static str| {
        idempotency
            .iter()
            .filter(move |(at, _)| at == location)
            .map(|(_, name)| name.as_str())
    };
    // The query: decoded pairs, idempotency tokens replaced when they are UUIDs.
    let raw = captured.query().unwrap_or_default();
    let mut sent: Vec<(String, String)> = query_pairs(raw);
    for (name, value) in &mut sent {
        if tokens("querystring").any(|token| token == name) && is_uuid(value) {
            IDEMPOTENCY_TOKEN.clone_into(value);
        }
    }
    let mut wanted: Vec<(String, String)> = expected["query"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| (text(&pair[0]), text(&pair[1])))
        .collect();
    sent.sort();
    wanted.sort();
    if sent != wanted {
        differences.push(format!("query {wanted:?} ≠ {sent:?}"));
    } else {
        let normal = |raw: &str| {
            let mut parts: Vec<String> = raw
                .split('&')
                .filter(|part| !part.is_empty())
                .map(normalize_encoding)
                .collect();
            parts.sort();
            parts
        };
        let botocore = text(&expected["raw_query"]);
        if tokens("querystring").next().is_none() && normal(&botocore) != normal(raw) {
            notes.entry(operation).or_default().push(format!(
                "{set} query encoding: botocore {botocore:?}, SDK {raw:?}"
            ));
        }
    }
    // Modeled headers and the content type.
    if let Some(headers) = expected["headers"].as_object() {
        for (name, value) in headers {
            let mut got = captured.header(name).map(str::to_owned);
            if tokens("header").any(|token| token.eq_ignore_ascii_case(name))
                && got.as_deref().is_some_and(is_uuid)
            {
                got = Some(IDEMPOTENCY_TOKEN.to_owned());
            }
            if value.as_str() != got.as_deref() {
                differences.push(format!("header {name}: {value} ≠ {got:?}"));
            }
        }
    }
    let content_type = captured.header("content-type");
    if expected["content_type"].as_str() != content_type {
        differences.push(format!(
            "content-type {} ≠ {content_type:?}",
            expected["content_type"]
        ));
    }
    // The body, as JSON.
    let body = if captured.body.is_empty() {
        Ok(Value::Null)
    } else {
        serde_json::from_slice::<Value>(&captured.body)
    };
    match body {
        Ok(mut body) => {
            if let Value::Object(members) = &mut body {
                for token in tokens("body") {
                    if let Some(value) = members.get_mut(token) {
                        if value.as_str().is_some_and(is_uuid) {
                            *value = Value::String(IDEMPOTENCY_TOKEN.to_owned());
                        }
                    }
                }
            }
            compare_values("body", &expected["body"], &body, false, &mut differences);
        }
        Err(error) => differences.push(format!("body is not JSON: {error}")),
    }
    differences
}

/// The decoded name/value pairs of a raw query: `%XX` decoded, `+` kept (it is not a space in
/// an AWS query).
fn query_pairs(raw: &str) -> Vec<(String, String)> {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// One `name=value` of a raw query in a normal form of RFC 3986's equivalence: unreserved
/// characters decoded, other escapes in upper case.
fn normalize_encoding(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = String::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' && at + 3 <= bytes.len() {
            let hex = &part[at + 1..at + 3];
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                    out.push(char::from(byte));
                } else {
                    out.push('%');
                    out.push_str(&hex.to_ascii_uppercase());
                }
                at += 3;
                continue;
            }
        }
        out.push(char::from(bytes[at]));
        at += 1;
    }
    out
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|group| group.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

/// A timestamp's instant, in milliseconds, from epoch seconds or a date-time or HTTP date.
fn instant(value: &Value) -> Option<i128> {
    let time = match value {
        Value::Number(number) => DateTime::from_secs_f64(number.as_f64()?),
        Value::String(text) => DateTime::from_str(text, TimestampFormat::DateTime)
            .or_else(|_| DateTime::from_str(text, TimestampFormat::HttpDate))
            .ok()?,
        _ => return None,
    };
    Some(i128::from(time.secs()) * 1000 + i128::from(time.subsec_nanos() / 1_000_000))
}

/// Adds to `differences` where `got` differs from `expected`: numbers compared as `f64`; with
/// `timestamps`, a number and a string that denote the same instant are equal (a timestamp
/// botocore parsed, in the member's format on the SDK's side).
fn compare_values(
    path: &str,
    expected: &Value,
    got: &Value,
    timestamps: bool,
    differences: &mut Vec<String>,
) {
    match (expected, got) {
        (Value::Object(expected), Value::Object(got)) => {
            for key in expected
                .keys()
                .chain(got.keys().filter(|key| !expected.contains_key(*key)))
            {
                let at = format!("{path}.{key}");
                match (expected.get(key), got.get(key)) {
                    (Some(left), Some(right)) => {
                        compare_values(&at, left, right, timestamps, differences);
                    }
                    (Some(left), None) => differences.push(format!("{at}: {left} ≠ (absent)")),
                    (None, Some(right)) => differences.push(format!("{at}: (absent) ≠ {right}")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(expected), Value::Array(got)) if expected.len() == got.len() => {
            for (at, (left, right)) in expected.iter().zip(got).enumerate() {
                compare_values(
                    &format!("{path}[{at}]"),
                    left,
                    right,
                    timestamps,
                    differences,
                );
            }
        }
        // Integers exactly, other numbers as the `f64` both sides hold.
        (Value::Number(left), Value::Number(right))
            if match (left.as_i64(), right.as_i64()) {
                (Some(left), Some(right)) => left == right,
                _ => left.as_f64() == right.as_f64(),
            } => {}
        (Value::Number(_), Value::String(_)) | (Value::String(_), Value::Number(_))
            if timestamps && instant(expected).is_some() && instant(expected) == instant(got) => {}
        _ if expected == got => {}
        _ => differences.push(format!("{path}: {expected} ≠ {got}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_encodings_that_rfc_3986_makes_equal_are_equal() {
        assert_eq!(
            normalize_encoding("a%2db=%2f%7E"),
            normalize_encoding("a-b=%2F~")
        );
        assert_ne!(normalize_encoding("a=%2B"), normalize_encoding("a=+"));
    }

    #[test]
    fn timestamps_compare_as_instants_only_in_answers() {
        let mut differences = Vec::new();
        let number = serde_json::json!(1_700_000_000.125);
        let text = serde_json::json!("2023-11-14T22:13:20.125Z");
        compare_values("", &number, &text, true, &mut differences);
        assert!(differences.is_empty(), "{differences:?}");
        compare_values("", &number, &text, false, &mut differences);
        assert_eq!(differences.len(), 1);
        compare_values(
            "",
            &number,
            &serde_json::json!("2023-11-14T22:13:21Z"),
            true,
            &mut differences,
        );
        assert_eq!(differences.len(), 2);
    }

    #[test]
    fn query_pairs_keep_plus_signs() {
        assert_eq!(
            query_pairs("a=1%2B2&b=c+d&a"),
            [
                ("a".into(), "1+2".into()),
                ("b".into(), "c+d".into()),
                ("a".into(), String::new())
            ]
        );
    }
}
