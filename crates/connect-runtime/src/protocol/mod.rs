//! The protocol-specific half of reading answers: where an error answer keeps its code and
//! message. Requests are written by generated code, which knows its protocol.

pub mod aws_json;
#[cfg(feature = "aws-query")]
pub mod aws_query;
mod json_errors;
pub mod rest_json;

pub use json_errors::{error_message, sanitize_code};

use crate::error::ErrorMetadata;
use crate::operation::HttpResponse;
use crate::service::Protocol;

/// An error answer's body, as the protocol parsed it to name the error: the typed error's
/// members are read from it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// The JSON protocols' body: an object (empty when the body is empty or not an object: a
    /// header may still name the error).
    Json(crate::json::Value),
    /// awsQuery's `<Error>` element (an empty one when the body holds none).
    #[cfg(feature = "aws-query")]
    Xml(crate::xml::Element),
}

impl ErrorBody {
    /// The JSON object of a JSON protocol's error answer.
    pub fn json(&self) -> Option<&crate::json::Value> {
        match self {
            Self::Json(value) => Some(value),
            #[cfg(feature = "aws-query")]
            Self::Xml(_) => None,
        }
    }

    /// The `<Error>` element of an awsQuery error answer.
    #[cfg(feature = "aws-query")]
    pub fn xml(&self) -> Option<&crate::xml::Element> {
        match self {
            Self::Xml(element) => Some(element),
            Self::Json(_) => None,
        }
    }
}

/// The code and message of an error answer, read as `protocol` says, with its body.
pub fn error_metadata(protocol: Protocol, response: &HttpResponse) -> (ErrorMetadata, ErrorBody) {
    match protocol {
        Protocol::RestJson1 => rest_json::error_metadata(response),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::error_metadata(response),
        #[cfg(feature = "aws-query")]
        Protocol::AwsQuery => aws_query::error_metadata(response),
    }
}
