//! The protocol-specific half of reading answers: where an error answer keeps its code and
//! message. Requests are written by generated code, which knows its protocol.

pub mod aws_json;
mod json_errors;
pub mod rest_json;

pub use json_errors::{error_message, sanitize_code, ErrorBody};

use crate::error::ErrorMetadata;
use crate::operation::HttpResponse;
use crate::service::Protocol;

/// The code and message of an error answer, read as `protocol` says, with its body.
pub fn error_metadata(protocol: Protocol, response: &HttpResponse) -> (ErrorMetadata, ErrorBody) {
    match protocol {
        Protocol::RestJson1 => rest_json::error_metadata(response),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::error_metadata(response),
    }
}
