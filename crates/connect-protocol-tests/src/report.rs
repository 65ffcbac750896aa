//! The table of every case and the counts: written to the report file, the counts also printed
//! past the test harness's capture.

use crate::suite::{Case, Direction};
use crate::Verdict;
use std::fmt::Write as _;
use std::path::Path;

/// How a case ended.
#[derive(Debug)]
pub enum Status {
    /// As the case expects.
    Passed,
    /// Failed, as `docs/CONFORMANCE.md` lists it, for this reason.
    Expected(String),
    /// Failed, and not listed.
    Failed,
}

/// One case run.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// The case.
    pub case: &'a Case,
    /// How it ended.
    pub status: Status,
    /// What it showed.
    pub verdict: Verdict,
    /// Whether botocore's own test run skips it.
    pub skipped_by_botocore: bool,
}

/// Writes the table and the counts of `outcomes` to `report`, and prints the counts.
pub fn write(protocol_file: &str, outcomes: &[Outcome], report: &Path) -> Result<(), String> {
    let mut table = String::from(
        "| suite file | case | operation | result | botocore | differences and notes |\n\
         |---|---|---|---|---|---|\n",
    );
    for outcome in outcomes {
        let case = outcome.case;
        let result = match &outcome.status {
            Status::Passed => "passed",
            Status::Expected(_) => "expected failure",
            Status::Failed => "FAILED",
        };
        let botocore = if outcome.skipped_by_botocore {
            "skips it"
        } else {
            ""
        };
        let reason = match &outcome.status {
            Status::Expected(reason) => Some(reason),
            Status::Passed | Status::Failed => None,
        };
        let details: Vec<&str> = reason
            .into_iter()
            .chain(&outcome.verdict.differences)
            .chain(&outcome.verdict.notes)
            .map(String::as_str)
            .collect();
        let _ = writeln!(
            table,
            "| {} | {} | {} | {result} | {botocore} | {} |",
            case.file,
            case.id,
            case.operation,
            details.join("; ").replace('|', "\\|").replace('\n', " ")
        );
    }
    let summary = summary(protocol_file, outcomes);
    println!("{table}\n{summary}");
    let _ = std::io::Write::write_all(&mut std::io::stdout(), summary.as_bytes());
    std::fs::write(report, format!("{table}\n{summary}"))
        .map_err(|error| format!("cannot write {}: {error}", report.display()))
}

/// One line per suite file: cases, passed, failed and expected failures.
fn summary(protocol_file: &str, outcomes: &[Outcome]) -> String {
    let mut summary = String::new();
    for direction in [Direction::Request, Direction::Answer] {
        let file = format!("{}/{protocol_file}", direction.folder());
        let mine: Vec<&Outcome> = outcomes
            .iter()
            .filter(|outcome| outcome.case.direction == direction)
            .collect();
        let passed = mine
            .iter()
            .filter(|outcome| matches!(outcome.status, Status::Passed))
            .count();
        let failed = mine
            .iter()
            .filter(|outcome| matches!(outcome.status, Status::Failed))
            .count();
        let expected = mine.len() - passed - failed;
        let _ = writeln!(
            summary,
            "AWS protocol tests, {file}: {} cases, {passed} passed, {failed} failed, \
             {expected} expected failures (listed in docs/CONFORMANCE.md)",
            mine.len()
        );
    }
    summary
}
