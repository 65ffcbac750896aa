//! The AWS protocol test suites, as botocore ships them (`../shared/conformance/protocol-tests`
//! beside the workspace, described in its README), run against the generated protocol test
//! SDKs (`protocol-tests/<name>`), every case through the runtime client's real call path.
//!
//! Each test service's generated `cases` crate holds a table of its operations, each with its
//! [`runner`] (one generic function, instantiated per operation), and calls [`check`]. For a
//! request case (`input/<file>`), the runner reads the case's `params` into the input through
//! its document form ([`shapes`] converts botocore's parameter form), calls
//! `Client::invoke`, and [`request`] compares what the client handed its HTTP client (the
//! [`transport`] keeps it; nothing leaves the process) with the case's `serialized`. For an
//! answer case (`output/<file>`), the HTTP client answers with the case's `response`, and
//! [`answer`] compares the typed output, or the typed error, with the case's `result` or
//! `error`.
//!
//! A case that fails must be listed, with its reason, in the table of section "AWS protocol
//! test suites" of `docs/CONFORMANCE.md` ([`listed`]); a listed case that passes fails the
//! check too, so that the list stays true.

#![warn(missing_docs)]

pub mod answer;
pub mod listed;
mod report;
pub mod request;
pub mod shapes;
pub mod suite;
pub mod transport;
mod values;

pub use suite::Case;
pub use transport::Harness;

use answer::Answered;
use connect_runtime::json::{self, to_vec, Form, FromJson, ToJson};
use connect_runtime::{Operation, OperationError, SdkError, ServiceInfo};
use listed::{BotocoreSkips, CONFORMANCE};
use report::{Outcome, Status};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use suite::{Direction, SUITES};
use transport::Answer;

/// Runs one case through one operation.
pub type Runner = fn(&Case, &Harness) -> Verdict;

/// What a case showed: how the SDK differs from it (nothing when it passes), and what was
/// compared other than as the case writes it.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Each difference.
    pub differences: Vec<String>,
    /// Each note (an idempotency token the SDK filled in).
    pub notes: Vec<String>,
}

impl Verdict {
    fn failed(problem: String) -> Self {
        Self {
            differences: vec![problem],
            notes: Vec::new(),
        }
    }
}

/// Runs `case` through operation `I`: the input read from the case's params (an answer case:
/// the empty input), sent by a client of `harness` that the case's response answers, and the
/// request or what was read compared with the case.
pub fn runner<I>(case: &Case, harness: &Harness) -> Verdict
where
    I: Operation + FromJson,
    I::Output: ToJson,
    I::Error: ToJson,
{
    let prepared = input_document(case).and_then(|document| {
        // The runtime reads documents of its own: the case's crosses over as text.
        let document = json::parse_value(document.to_string().as_bytes())
            .map_err(|error| format!("the input document: {error}"))?;
        let input = I::from_json(&document).map_err(|error| format!("the input: {error}"))?;
        Ok((input, replayed_answer(case)?))
    });
    let (input, answer) = match prepared {
        Ok(prepared) => prepared,
        Err(problem) => return Verdict::failed(problem),
    };
    let client = harness.client(&case.endpoint, answer);
    let answered = match harness.block_on(client.invoke(&input)) {
        Ok(output) => document(&output).map_or_else(Answered::Failed, Answered::Output),
        Err(SdkError::Service(error)) => match document(error.err()) {
            Ok(members) => Answered::Error {
                code: error.meta().code().map(str::to_owned),
                message: error.meta().message().map(str::to_owned),
                modeled: !error.err().is_unhandled(),
                members,
            },
            Err(problem) => Answered::Failed(problem),
        },
        Err(other) => Answered::Failed(other.to_string()),
    };
    judge(case, harness, &answered)
}

/// `value` written in its document form, as JSON.
fn document(value: &impl ToJson) -> Result<Value, String> {
    serde_json::from_slice(&to_vec(value, Form::Document))
        .map_err(|error| format!("the SDK wrote JSON that does not parse: {error}"))
}

/// The input's document form: a request case's params, converted; the empty input for an
/// answer case (no operation of the suites needs input members to be answered).
fn input_document(case: &Case) -> Result<Value, String> {
    match case.direction {
        Direction::Request => {
            let params = case.get("params").ok_or("the case has no `params`")?;
            case.shapes.document(params, case.io_shape("input"))
        }
        Direction::Answer => Ok(Value::Object(serde_json::Map::new())),
    }
}

/// What the HTTP client answers: the case's `response`; an empty 200 to a request case.
fn replayed_answer(case: &Case) -> Result<Answer, String> {
    let Some(response) = case.get("response") else {
        return Ok(Answer {
            status: 200,
            ..Answer::default()
        });
    };
    let status = response
        .get("status_code")
        .and_then(Value::as_u64)
        .and_then(|status| u16::try_from(status).ok())
        .ok_or("the response has no status_code")?;
    let headers = response
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_owned()))
        .collect();
    let body = response
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(Answer {
        status,
        headers,
        body: body.as_bytes().to_vec(),
    })
}

/// Compares what the call sent or read with the case.
fn judge(case: &Case, harness: &Harness, answered: &Answered) -> Verdict {
    let compared = match (case.direction, harness.sent()) {
        (Direction::Request, Some(sent)) => request::compare(case, &sent),
        (Direction::Request, None) => Err(match answered {
            Answered::Failed(failure) => format!("nothing sent: {failure}"),
            _ => "nothing sent".to_owned(),
        }),
        (Direction::Answer, _) => answer::compare(case, answered).map(|differences| Verdict {
            differences,
            notes: Vec::new(),
        }),
    };
    compared.unwrap_or_else(Verdict::failed)
}

/// Runs every case of the suite files `input/<protocol_file>` and `output/<protocol_file>`
/// through `operations` (each operation's name in the model and its [`runner`]) on `service`'s
/// client; prints the counts (to the real standard output, past the test harness's capture,
/// so that every `cargo test` shows them) and writes a Markdown table of every case and the
/// counts to `report`.
///
/// # Panics
///
/// When a case fails and `docs/CONFORMANCE.md` does not list it, when a listed case passes or
/// is not in the suites, or when the suites or the list cannot be read.
pub fn check(
    protocol_file: &str,
    service: &'static ServiceInfo,
    operations: &[(&str, Runner)],
    report: &Path,
) {
    let problems =
        run(protocol_file, service, operations, report).unwrap_or_else(|error| vec![error]);
    assert!(
        problems.is_empty(),
        "{protocol_file}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Runs the cases, writes the report; returns what fails the check.
fn run(
    protocol_file: &str,
    service: &'static ServiceInfo,
    operations: &[(&str, Runner)],
    report: &Path,
) -> Result<Vec<String>, String> {
    let suites = Path::new(SUITES);
    let cases = suite::load(suites, protocol_file)?;
    let text = std::fs::read_to_string(CONFORMANCE)
        .map_err(|error| format!("cannot read {CONFORMANCE}: {error}"))?;
    let listed: BTreeMap<_, _> = listed::expected_failures(&text)
        .into_iter()
        .filter(|((file, _), _)| file.ends_with(&format!("/{protocol_file}")))
        .collect();
    let skips = BotocoreSkips::load(suites, protocol_file)?;
    let harness = Harness::new(service)?;
    let runners: BTreeMap<&str, Runner> = operations.iter().copied().collect();
    let mut outcomes = Vec::new();
    let mut problems = Vec::new();
    for case in &cases {
        let verdict = match runners.get(case.operation.as_str()) {
            Some(run) => run(case, &harness),
            None => Verdict::failed(format!(
                "`{}` is not generated (models/manifest.json, protocol_tests.not_generated)",
                case.operation
            )),
        };
        let key = (case.file.clone(), case.id.clone());
        let status = match (verdict.differences.is_empty(), listed.get(&key)) {
            (true, None) => Status::Passed,
            (false, Some(reason)) => Status::Expected(reason.clone()),
            (true, Some(_)) => {
                problems.push(format!(
                    "{} {}: listed in docs/CONFORMANCE.md as failing, but passes",
                    case.file, case.id
                ));
                Status::Passed
            }
            (false, None) => {
                problems.push(format!(
                    "| `{}` | `{}` | {} |",
                    case.file,
                    case.id,
                    verdict.differences.join("; ")
                ));
                Status::Failed
            }
        };
        outcomes.push(Outcome {
            case,
            status,
            verdict,
            skipped_by_botocore: skips.skips(case),
        });
    }
    let known: BTreeSet<_> = cases
        .iter()
        .map(|case| (case.file.clone(), case.id.clone()))
        .collect();
    for (file, id) in listed.keys().filter(|key| !known.contains(*key)) {
        problems.push(format!(
            "{file} {id}: listed in docs/CONFORMANCE.md, but the suites have no such case"
        ));
    }
    report::write(protocol_file, &outcomes, report)?;
    Ok(problems)
}
