//! Property tests of answer reading, for every operation of Amazon Connect and of the 11 other
//! services of its family: whatever a server sends
//! (arbitrary bytes, arbitrary JSON, or the operation's sample answers and error bodies with
//! wrong types, huge numbers, deep nesting, long strings, `NaN`/`Infinity` strings, unknown enum
//! values and union members, nulls), reading the answer returns an output or a typed error,
//! never panics, and allocates at most a bounded multiple of the body's size.
//!
//! The readers are the `OPERATIONS` of every service's answers crate (generated:
//! `connect_answers`, `voice_id_answers`, ...): `Operation::parse_output` for 2xx answers, the
//! protocol's error metadata (restJson1 or awsJson) then `OperationError::from_answer` for the
//! others, as the client reads them. Each test runs `CASES` cases per operation (`PROPTEST_CASES`
//! overrides it) from a seed fixed per operation (`CONNECT_PROPTEST_SEED` varies it), so a CI
//! run is reproducible; the cargo-fuzz targets in `fuzz/` search further.

use connect_answers_support::{Answers, Read};
use connect_runtime::HttpResponse;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Cases per operation and test, unless `PROPTEST_CASES` says otherwise.
const CASES: u32 = 24;

/// The answer readers of every service.
const SERVICES: &[&[Answers]] = &[
    connect_answers::OPERATIONS,
    appintegrations_answers::OPERATIONS,
    connect_contact_lens_answers::OPERATIONS,
    connectcampaigns_answers::OPERATIONS,
    connectcampaignsv2_answers::OPERATIONS,
    connectcases_answers::OPERATIONS,
    connecthealth_answers::OPERATIONS,
    connectparticipant_answers::OPERATIONS,
    customer_profiles_answers::OPERATIONS,
    qconnect_answers::OPERATIONS,
    voice_id_answers::OPERATIONS,
    wisdom_answers::OPERATIONS,
];

/// Every operation of every service.
fn operations() -> impl Iterator<Item = &'static Answers> {
    SERVICES.iter().flat_map(|operations| operations.iter())
}

/// Counts the bytes each thread has allocated and not freed, and the peak since a reset.
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn grow(size: usize) {
    // `try_with`: the thread's counters may already be gone while it exits.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + size;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrink(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counting only reads
// and writes thread-local cells, which never allocate (const-initialized).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        shrink(layout.size());
        grow(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes reading may hold at once: a fixed allowance plus a multiple of the body (a
/// JSON value takes more room than its text, and readers copy strings into the output).
fn allocation_bound(body: usize) -> usize {
    256 * 1024 + 64 * body
}

/// Reads `response` with `answers`, and fails if reading panics or holds too much memory.
fn read_within_bounds(answers: &Answers, response: HttpResponse) -> Result<Read, TestCaseError> {
    let length = response.body.bytes().len();
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let read = std::panic::catch_unwind(move || (answers.read)(response)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        TestCaseError::fail(format!(
            "{}: reading panicked: {message}",
            answers.operation
        ))
    })?;
    let held = PEAK.with(Cell::get).saturating_sub(before);
    let bound = allocation_bound(length);
    if held > bound {
        return Err(TestCaseError::fail(format!(
            "{}: reading a {length}-byte body held {held} bytes (bound {bound})",
            answers.operation,
        )));
    }
    Ok(read)
}

/// Runs `test` over `strategy` for every operation, with a seed fixed per operation.
fn for_every_operation<S: Strategy>(
    strategy: impl Fn(&Answers) -> S,
    test: impl Fn(&Answers, S::Value) -> Result<(), TestCaseError>,
) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(CASES);
    let salt: u64 = std::env::var("CONNECT_PROPTEST_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0);
    let mut failures = Vec::new();
    for answers in operations() {
        let mut seed = [0u8; 32];
        // FNV-1a of the operation's name (Connect's alone, so that its seeds stay what they
        // were; `service.Operation` for the others), then the salt: a seed per operation.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let name = match answers.service {
            "connect" => answers.operation.to_owned(),
            service => format!("{service}.{}", answers.operation),
        };
        for byte in name.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        seed[..8].copy_from_slice(&hash.to_le_bytes());
        seed[8..16].copy_from_slice(&salt.to_le_bytes());
        let config = Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
        let mut runner = TestRunner::new_with_rng(config, rng);
        if let Err(error) = runner.run(&strategy(answers), |value| test(answers, value)) {
            failures.push(format!("{name}: {error}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} operation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn response(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status,
        headers,
        body: body.into(),
    }
}

/// Statuses that reach each reader: success, modeled errors, and anything else.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => Just(200u16),
        1 => select(vec![204u16, 400, 403, 404, 409, 429, 500, 503]),
        1 => 100u16..600,
    ]
}

/// The `X-Amzn-ErrorType` header, if any: one of the operation's codes (with the decorations
/// services add), another service's, or noise.
fn error_type(answers: &Answers) -> impl Strategy<Value = Option<String>> {
    let mut codes: Vec<String> = answers.errors.iter().map(|e| e.code.to_owned()).collect();
    codes.push("ThrottlingException".into());
    let namespace = namespace(answers);
    prop_oneof![
        Just(None),
        select(codes.clone()).prop_map(Some),
        select(codes).prop_map(move |code| Some(format!("{namespace}#{code}:http://internal/"))),
        ".{0,24}".prop_map(Some),
    ]
}

fn headers(error_type: Option<String>) -> Vec<(String, String)> {
    let mut headers = vec![("x-amzn-requestid".to_owned(), "fuzz-1".to_owned())];
    headers.extend(error_type.map(|code| ("x-amzn-errortype".to_owned(), code)));
    headers
}

/// Strings readers treat specially, or that no enum of the model has.
const SPECIAL_STRINGS: &[&str] = &[
    "",
    "NaN",
    "Infinity",
    "-Infinity",
    "nan",
    "1e400",
    "-0",
    "1700000000",
    "1700000000.123456789123",
    "2023-11-14T22:13:20Z",
    "2023-11-14T22:13:20.123456+01:00",
    "9999-12-31T23:59:60Z",
    "Tue, 14 Nov 2023 22:13:20 GMT",
    "NOT_AN_ENUM_VALUE",
    "\u{0}\u{1f}\"\\",
    "😹",
];

/// Arbitrary JSON, its object keys often the member names `names`.
fn json(names: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,16}".prop_map(Value::String),
        select(SPECIAL_STRINGS).prop_map(Value::from),
    ];
    let key = if names.is_empty() {
        ".{0,8}".boxed()
    } else {
        prop_oneof![2 => select(names), 1 => ".{0,8}"].boxed()
    };
    leaf.prop_recursive(6, 96, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Every object key in `value`, for keys of arbitrary JSON.
fn names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                out.push(name.clone());
                names(member, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| names(item, out)),
        _ => {}
    }
}

/// A namespace of shape ids for the operation's service, as services decorate error codes
/// with (`aws.connect#`, `aws.voice-id#`).
fn namespace(answers: &Answers) -> String {
    format!("aws.{}", answers.service)
}

/// The operation's sample answers, one per sample set (full, alternate, empty, required).
fn sample_answers(answers: &Answers) -> Vec<Value> {
    let samples: Vec<Value> = answers
        .samples
        .iter()
        .map(|sample| serde_json::from_str(sample).expect("sample answers are JSON"))
        .collect();
    assert!(
        !samples.is_empty(),
        "{} {} has samples",
        answers.service,
        answers.operation
    );
    samples
}

/// A change to one node of a JSON document.
#[derive(Clone, Debug)]
enum Mutation {
    /// The node becomes another value (often of another type).
    Replace(Value),
    /// The node becomes JSON text that `serde_json::Value` cannot hold as such: numbers out of
    /// every range, or nesting deeper than any reader goes.
    Raw(String),
    /// The node becomes a long string.
    Long(usize, char),
    /// An object node gets one more member (an unknown one, or a second union member).
    Add(String, Value),
    /// An object node loses its first member.
    Remove,
    /// An object node's first member gets another name (an unknown union member).
    Rename(String),
}

fn raw_text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "1e400",
            "-1e400",
            "1e-400",
            "18446744073709551616",
            "-9223372036854775809",
            "123456789012345678901234567890.5",
            "1.7976931348623157e308",
            "-0.0",
        ])
        .prop_map(str::to_owned),
        (
            select(vec![1usize, 64, 126, 127, 128, 129, 4096, 50_000]),
            select(vec![("[", "]"), ("{\"a\":", "}")])
        )
            .prop_map(|(depth, (open, close))| {
                format!("{}1{}", open.repeat(depth), close.repeat(depth))
            }),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        json(Vec::new()).prop_map(Mutation::Replace),
        select(SPECIAL_STRINGS).prop_map(|text| Mutation::Replace(Value::from(text))),
        Just(Mutation::Replace(Value::Null)),
        raw_text().prop_map(Mutation::Raw),
        (
            select(vec![1_000usize, 70_000]),
            select(vec!['x', 'é', '😹', '\u{1}'])
        )
            .prop_map(|(length, c)| Mutation::Long(length, c)),
        (".{0,12}", json(Vec::new())).prop_map(|(name, value)| Mutation::Add(name, value)),
        Just(Mutation::Remove),
        ".{0,12}".prop_map(Mutation::Rename),
    ]
}

/// JSON pointers of every node of `value`, the root first.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                pointers(member, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// `document` with `mutations` applied, as the text of a body.
fn mutated(mut document: Value, mutations: &[(Index, Mutation)]) -> Vec<u8> {
    let mut raws = Vec::new();
    for (index, mutation) in mutations {
        let mut all = Vec::new();
        pointers(&document, String::new(), &mut all);
        let pointer = &all[index.index(all.len())];
        let Some(node) = document.pointer_mut(pointer) else {
            continue;
        };
        match mutation {
            Mutation::Replace(value) => *node = value.clone(),
            Mutation::Raw(text) => {
                *node = Value::String(format!("@@raw{}@@", raws.len()));
                raws.push(text.clone());
            }
            Mutation::Long(length, c) => {
                *node = Value::String(std::iter::repeat_n(*c, *length).collect())
            }
            Mutation::Add(name, value) => {
                if let Value::Object(members) = node {
                    members.insert(name.clone(), value.clone());
                }
            }
            Mutation::Remove => {
                if let Value::Object(members) = node {
                    if let Some(first) = members.keys().next().cloned() {
                        members.remove(&first);
                    }
                }
            }
            Mutation::Rename(name) => {
                if let Value::Object(members) = node {
                    if let Some(first) = members.keys().next().cloned() {
                        let value = members.remove(&first).unwrap_or(Value::Null);
                        members.insert(name.clone(), value);
                    }
                }
            }
        }
    }
    let mut text = document.to_string();
    for (at, raw) in raws.iter().enumerate() {
        text = text.replacen(&format!("\"@@raw{at}@@\""), raw, 1);
    }
    text.into_bytes()
}

fn mutations() -> impl Strategy<Value = Vec<(Index, Mutation)>> {
    prop::collection::vec((any::<Index>(), mutation()), 1..4)
}

#[test]
fn arbitrary_bytes_are_read_or_refused() {
    for_every_operation(
        |answers| {
            (
                status(),
                error_type(answers),
                prop::collection::vec(any::<u8>(), 0..512),
            )
        },
        |answers, (status, error_type, body)| {
            let response = response(status, headers(error_type), body);
            read_within_bounds(answers, response).map(drop)
        },
    );
}

#[test]
fn arbitrary_json_is_read_or_refused() {
    for_every_operation(
        |answers| {
            let mut keys = Vec::new();
            for sample in sample_answers(answers) {
                names(&sample, &mut keys);
            }
            for error in answers.errors {
                let sample: Value = serde_json::from_str(error.sample).expect("samples are JSON");
                names(&sample, &mut keys);
            }
            keys.extend(["__type", "code", "message", "Message"].map(String::from));
            keys.sort();
            keys.dedup();
            (status(), error_type(answers), json(keys))
        },
        |answers, (status, error_type, body)| {
            let response = response(status, headers(error_type), body.to_string().into_bytes());
            read_within_bounds(answers, response).map(drop)
        },
    );
}

#[test]
fn mutated_sample_answers_are_read_or_refused() {
    for_every_operation(
        |answers| (select(sample_answers(answers)), mutations()),
        |answers, (sample, mutations)| {
            let body = mutated(sample, &mutations);
            let response = response(200, headers(None), body);
            match read_within_bounds(answers, response)? {
                Read::Output | Read::Malformed(_) => Ok(()),
                other => Err(TestCaseError::fail(format!(
                    "a 2xx answer read as {other:?}"
                ))),
            }
        },
    );
}

#[test]
fn mutated_error_answers_are_read_or_refused() {
    for_every_operation(
        |answers| {
            let errors = if answers.errors.is_empty() {
                vec![None]
            } else {
                answers.errors.iter().copied().map(Some).collect()
            };
            (select(errors), any::<bool>(), mutations())
        },
        |answers, (error, in_header, mutations)| {
            let (code, status, sample) =
                error.map_or(("Unmodeled", 400, "{}"), |e| (e.code, e.status, e.sample));
            let mut document: Value = serde_json::from_str(sample).expect("samples are JSON");
            let mut headers = headers(None);
            if in_header {
                headers.push(("x-amzn-errortype".into(), code.into()));
            } else if let Value::Object(members) = &mut document {
                let code = format!("{}#{code}", namespace(answers));
                members.insert("__type".into(), Value::from(code));
            }
            let body = mutated(document, &mutations);
            let response = response(status, headers, body);
            match read_within_bounds(answers, response)? {
                Read::Modeled | Read::Unhandled | Read::Malformed(_) => Ok(()),
                Read::Output => Err(TestCaseError::fail("an error answer read as an output")),
            }
        },
    );
}

/// Each sample answer (of every set) reads as an output, and each modeled error's sample as
/// that error: the table the properties above run on reaches every reader.
#[test]
fn sample_answers_reach_every_reader() {
    let mut counts = [0usize; 3]; // operations, sample answers, modeled errors
    for answers in operations() {
        counts[0] += 1;
        counts[1] += answers.samples.len();
        counts[2] += answers.errors.len();
        let name = format!("{} {}", answers.service, answers.operation);
        assert_eq!(
            answers.samples.len(),
            4,
            "{name}: one sample answer per set"
        );
        for sample in sample_answers(answers) {
            let body = sample.to_string().into_bytes();
            let read = (answers.read)(response(200, headers(None), body));
            assert!(matches!(read, Read::Output), "{name}: {read:?}");
        }
        for error in answers.errors {
            // The code in `X-Amzn-ErrorType`, then only in the body's `__type`.
            let with_code = headers(Some(error.code.to_owned()));
            let body = error.sample.as_bytes().to_vec();
            let read = (answers.read)(response(error.status, with_code, body));
            assert!(
                matches!(read, Read::Modeled),
                "{name} {}: {read:?}",
                error.code
            );
            let mut document: Value = serde_json::from_str(error.sample).expect("JSON");
            let code = format!("{}#{}", namespace(answers), error.code);
            document["__type"] = Value::from(code);
            let body = document.to_string().into_bytes();
            let read = (answers.read)(response(error.status, headers(None), body));
            assert!(
                matches!(read, Read::Modeled),
                "{name} {} in the body: {read:?}",
                error.code
            );
        }
        let read = (answers.read)(response(400, headers(Some("Nope".into())), b"{}".to_vec()));
        assert!(matches!(read, Read::Unhandled), "{name}: {read:?}");
    }
    for operations in SERVICES {
        assert!(!operations.is_empty());
    }
    let [operations, samples, errors] = counts;
    println!(
        "{} services, {operations} operations: {samples} sample answers and {errors} modeled \
         errors read",
        SERVICES.len()
    );
}

/// An answer declaring a body of 1 TiB is refused as too large as soon as its head arrives:
/// nothing is reserved for the declared length (this thread holds less than 4 MiB more during
/// the call, client included) and the body is never waited for.
#[tokio::test]
async fn a_huge_declared_length_is_refused_before_the_body() {
    use connect_sdk::{Client, Config, Credentials, ResponseErrorKind, RetryConfig, SdkError};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let serve = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0; 64 * 1024];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                    x-amzn-RequestId: huge-1\r\ncontent-length: 1099511627776\r\n\r\n{";
        socket.write_all(head.as_bytes()).await.unwrap();
        // The rest never comes: the connection stays open until the client hangs up.
        let _ = socket.read(&mut request).await;
    });
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(format!("http://{address}"))
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    let call = client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send();
    let error = tokio::time::timeout(std::time::Duration::from_secs(20), call)
        .await
        .expect("refused without waiting for the body")
        .unwrap_err();
    let held = PEAK.with(Cell::get).saturating_sub(before);
    let SdkError::Response(response) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        response.kind(),
        ResponseErrorKind::TooLarge {
            limit: 10 * 1024 * 1024
        }
    );
    assert_eq!(response.request_id(), Some("huge-1"));
    assert!(held < 4 * 1024 * 1024, "the call held {held} bytes");
    drop(client);
    serve.await.unwrap();
}
