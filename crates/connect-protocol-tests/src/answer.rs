//! An answer case: what the SDK read from the case's `response`, against its `result` or its
//! `error`, `errorCode` and `errorMessage`.
//!
//! An output must be the result exactly, once written in botocore's form (timestamps as epoch
//! seconds, blobs as text: [`crate::shapes`]): a member the service left out is absent from
//! both, and a `null` or an empty list or map is one on both sides. An error must be the
//! service error (`SdkError::Service`) whose code is `errorCode`, whose message is
//! `errorMessage` (none when the case gives `null`), read as the modeled error whose members
//! are `error`.

use crate::suite::Case;
use crate::values::compare_values;
use serde_json::Value;

/// How a call ended, as the runner saw it.
#[derive(Debug)]
pub enum Answered {
    /// The output, in its document form.
    Output(Value),
    /// An error answer.
    Error {
        /// The error code the SDK read.
        code: Option<String>,
        /// The message it read.
        message: Option<String>,
        /// Whether it is one of the operation's modeled errors.
        modeled: bool,
        /// The typed error in its document form.
        members: Value,
    },
    /// Anything else: the request not built, the answer not read.
    Failed(String),
}

/// The differences between what the SDK read and what the case expects.
pub fn compare(case: &Case, answered: &Answered) -> Result<Vec<String>, String> {
    let mut differences = Vec::new();
    match (case.get("result"), case.get("error"), answered) {
        (Some(result), None, Answered::Output(output)) => {
            let read = match case.io_shape("output") {
                Some(shape) => case.shapes.botocore(output, shape)?,
                None => output.clone(),
            };
            compare_values("result", result, &read, &mut differences);
        }
        (None, Some(error), Answered::Error { .. }) => {
            compare_error(case, error, answered, &mut differences)?;
        }
        (_, _, Answered::Failed(failure)) => differences.push(failure.clone()),
        (Some(_), None, Answered::Error { code, message, .. }) => differences.push(format!(
            "expected the output, got the service error {code:?} ({message:?})"
        )),
        (None, Some(_), Answered::Output(output)) => differences.push(format!(
            "expected the error {}, got the output {output}",
            case.get("errorCode").unwrap_or(&Value::Null)
        )),
        _ => return Err("the case has neither `result` nor `error`".to_owned()),
    }
    Ok(differences)
}

fn compare_error(
    case: &Case,
    error: &Value,
    answered: &Answered,
    differences: &mut Vec<String>,
) -> Result<(), String> {
    let Answered::Error {
        code,
        message,
        modeled,
        members,
    } = answered
    else {
        return Ok(());
    };
    let expected_code = case
        .get("errorCode")
        .and_then(Value::as_str)
        .ok_or("an error case without `errorCode`")?;
    if code.as_deref() != Some(expected_code) {
        differences.push(format!("code: expected {expected_code:?}, got {code:?}"));
    }
    let expected_message = case.get("errorMessage").and_then(Value::as_str);
    if message.as_deref() != expected_message {
        differences.push(format!(
            "message: expected {expected_message:?}, got {message:?}"
        ));
    }
    if !modeled {
        differences.push(format!(
            "read as an unhandled error, not as the modeled `{expected_code}`"
        ));
        return Ok(());
    }
    // Botocore's error shapes are named by their code.
    let read = case.shapes.botocore(members, expected_code)?;
    compare_values("error", error, &read, differences);
    Ok(())
}
