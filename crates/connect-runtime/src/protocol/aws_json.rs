//! awsJson1_0 and awsJson1_1's error answers: the code from the `X-Amzn-ErrorType` header, else
//! the body's `__type`, else its `code`.

use super::json_errors::error_metadata_from;
use super::ErrorBody;
use crate::error::ErrorMetadata;
use crate::operation::HttpResponse;

/// The error code and message of an error answer, with its body as JSON.
pub fn error_metadata(response: &HttpResponse) -> (ErrorMetadata, ErrorBody) {
    error_metadata_from(response, &["__type", "code"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comes_before_code() {
        let answer = HttpResponse {
            status: 400,
            headers: Vec::new(),
            body:
                br#"{"__type": "aws.protocoltests.json#FooError", "code": "Other", "message": "m"}"#
                    .to_vec()
                    .into(),
        };
        let (meta, _) = error_metadata(&answer);
        assert_eq!((meta.code(), meta.message()), (Some("FooError"), Some("m")));
    }
}
