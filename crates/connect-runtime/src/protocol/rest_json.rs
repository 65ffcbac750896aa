//! restJson1's error answers: the code from the `X-Amzn-ErrorType` header, else the body's
//! `code`, else its `__type`.

use super::json_errors::error_metadata_from;
use super::ErrorBody;
use crate::error::ErrorMetadata;
use crate::operation::HttpResponse;

/// The error code and message of an error answer, with its body as JSON.
pub fn error_metadata(response: &HttpResponse) -> (ErrorMetadata, ErrorBody) {
    error_metadata_from(response, &["code", "__type"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::json_errors::sanitize_code;

    fn answer(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status: 400,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec().into(),
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
        assert_eq!(
            body,
            ErrorBody::Json(crate::json::Value::Object(Default::default()))
        );
        let (meta, _) = error_metadata(&answer(&[], ""));
        assert_eq!(meta.code(), None);
    }
}
