//! The model-independent half of restJson1: where an error answer keeps its code and message.

use crate::error::ErrorMetadata;
use crate::http::HttpResponse;
use serde_json::{Map, Value};

/// The error code and message of an error answer, with its body as a JSON object (empty when
/// the body is empty or not a JSON object: the header may still name the error).
pub fn error_metadata(response: &HttpResponse) -> (ErrorMetadata, Value) {
    let body = match serde_json::from_slice(&response.body) {
        Ok(Value::Object(object)) => Value::Object(object),
        _ => Value::Object(Map::new()),
    };
    let empty = Map::new();
    let object = body.as_object().unwrap_or(&empty);
    // The header wins, then the body's `code`, then `__type`.
    let code = response
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| first_string(object, &["code", "__type"]))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status: 400,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn codes_are_sanitized() {
        for raw in [
            "FooError",
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "aws.protocoltests.restjson#FooError",
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        ] {
            assert_eq!(sanitize_code(raw), "FooError", "{raw}");
        }
    }

    #[test]
    fn header_then_code_then_type() {
        let (meta, _) = error_metadata(&answer(
            &[("X-Amzn-ErrorType", "A:x"), ("x-amzn-RequestId", "r1")],
            r#"{"code":"B","__type":"C","Message":"m"}"#,
        ));
        assert_eq!(meta.code(), Some("A"));
        assert_eq!(meta.message(), Some("m"));
        assert_eq!(meta.request_id(), Some("r1"));
        let (meta, _) = error_metadata(&answer(&[], r#"{"code":"B","__type":"C"}"#));
        assert_eq!(meta.code(), Some("B"));
        let (meta, _) = error_metadata(&answer(&[], r#"{"__type":"ns#C","errorMessage":"e"}"#));
        assert_eq!((meta.code(), meta.message()), (Some("C"), Some("e")));
    }

    #[test]
    fn garbage_body_keeps_status_and_header() {
        let (meta, body) = error_metadata(&answer(&[("x-amzn-errortype", "X")], "<html>"));
        assert_eq!((meta.code(), meta.status()), (Some("X"), 400));
        assert_eq!(body, serde_json::json!({}));
        let (meta, _) = error_metadata(&answer(&[], ""));
        assert_eq!(meta.code(), None);
    }
}
