//! What the JSON protocols share about error answers: a JSON body with the message, and an
//! error code that may carry a namespace and a suffix.

use crate::error::ErrorMetadata;
use crate::operation::HttpResponse;
use serde_json::{Map, Value};

/// An error answer's body as a JSON object (empty when the body is empty or not an object: a
/// header may still name the error).
pub type ErrorBody = Value;

/// The code (the header, else the first of `body_fields` in the body) and message of an error
/// answer, with its body.
pub(super) fn error_metadata_from(
    response: &HttpResponse,
    body_fields: &[&str],
) -> (ErrorMetadata, ErrorBody) {
    let body = match serde_json::from_slice(response.body.bytes()) {
        Ok(Value::Object(object)) => Value::Object(object),
        _ => Value::Object(Map::new()),
    };
    let empty = Map::new();
    let object = body.as_object().unwrap_or(&empty);
    let code = response
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| first_string(object, body_fields))
        .map(|raw| sanitize_code(&raw).to_owned())
        .filter(|code| !code.is_empty());
    let meta = ErrorMetadata::new(
        code,
        error_message(object),
        response.status,
        response.request_id().map(str::to_owned),
    );
    (meta, body)
}

/// The message of an error answer's body, under any of the spellings services use.
pub fn error_message(body: &Map<String, Value>) -> Option<String> {
    first_string(body, &["message", "Message", "errorMessage"])
}

fn first_string(object: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|name| object.get(*name).and_then(Value::as_str))
        .map(str::to_owned)
}

/// The bare error name: a namespace before `#` and anything after `:` are dropped, e.g.
/// `aws.connect#ThrottlingException:http://internal/` becomes `ThrottlingException`.
pub fn sanitize_code(raw: &str) -> &str {
    let name = raw.split(':').next().unwrap_or(raw);
    name.rsplit('#').next().unwrap_or(name).trim()
}
