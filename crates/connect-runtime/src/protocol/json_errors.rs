//! What the JSON protocols share about error answers: a JSON body with the message, and an
//! error code that may carry a namespace and a suffix.

use super::ErrorBody;
use crate::error::ErrorMetadata;
use crate::json::{self, Map, Value};
use crate::operation::HttpResponse;

/// The code (the header, else the first of `body_fields` in the body) and message of an error
/// answer, with its body.
pub(super) fn error_metadata_from(
    response: &HttpResponse,
    body_fields: &[&str],
) -> (ErrorMetadata, ErrorBody) {
    let object = match json::parse_value(response.body.bytes()) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    let code = response
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| first_string(&object, body_fields))
        .map(|raw| sanitize_code(&raw).to_owned())
        .filter(|code| !code.is_empty());
    let meta = ErrorMetadata::new(
        code,
        error_message(&object),
        response.status,
        response.request_id().map(str::to_owned),
    );
    (meta, ErrorBody::Json(Value::Object(object)))
}

/// The message of an error answer's body, under any of the spellings services use.
pub fn error_message(body: &Map) -> Option<String> {
    first_string(body, &["message", "Message", "errorMessage"])
}

fn first_string(object: &Map, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|name| object.get(name).and_then(Value::as_str))
        .map(str::to_owned)
}

/// The bare error name: a namespace before `#` and anything after `:` are dropped, e.g.
/// `aws.connect#ThrottlingException:http://internal/` becomes `ThrottlingException`.
pub fn sanitize_code(raw: &str) -> &str {
    let name = raw.split(':').next().unwrap_or(raw);
    name.rsplit('#').next().unwrap_or(name).trim()
}
