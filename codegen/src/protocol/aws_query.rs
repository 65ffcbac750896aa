//! awsQuery: every request is `POST /` with a form-encoded body, `Action=<Operation>`,
//! `Version=<API version>` and the input's members under their `@xmlName` (else their own
//! name); answers are XML, the output in `<{Operation}Result>` inside
//! `<{Operation}Response>`, errors in `<ErrorResponse><Error>`, named by their
//! `@awsQueryError` code (else the shape's name). The HTTP binding traits play no part; what
//! awsQuery has no form for (documents, streams, sparse collections, unit union members) is
//! refused when the model is read.

use super::{Bindings, Body, ErrorBinding, PathSegment, Request, Response};
use crate::ir::{Identity, OperationIr};
use crate::model::Shape;

/// Where the members of `operation` go under awsQuery.
pub fn bindings<'m>(identity: &Identity, operation: &OperationIr<'m>) -> Bindings<'m> {
    let request = Request {
        method: "POST".into(),
        path: vec![PathSegment::Literal("/".into())],
        literal_query: String::new(),
        query: Vec::new(),
        query_params: None,
        headers: Vec::new(),
        prefix_headers: Vec::new(),
        content_type_member: None,
        fixed_headers: Vec::new(),
        body: Body::Form {
            members: operation.input.members().iter().collect(),
            action: operation.name.to_owned(),
            version: identity.version.clone(),
        },
        host_prefix: None,
    };
    let output = response(
        operation.output,
        Some((
            format!("{}Response", operation.name),
            format!("{}Result", operation.name),
        )),
    );
    let errors = operation
        .errors
        .iter()
        .map(|shape| ErrorBinding {
            shape,
            code: error_code(shape).to_owned(),
            response: response(shape, None),
        })
        .collect();
    Bindings {
        request,
        response: output,
        errors,
    }
}

/// The code awsQuery names an error with: its `@awsQueryError` code, else its name.
fn error_code(shape: &Shape) -> &str {
    shape
        .traits
        .aws_query_error
        .as_ref()
        .map_or_else(|| shape.name(), |error| error.code.as_str())
}

fn response<'m>(shape: &'m Shape, wrapper: Option<(String, String)>) -> Response<'m> {
    Response {
        headers: Vec::new(),
        prefix_headers: Vec::new(),
        status_code: None,
        body: Body::Xml {
            members: shape.members().iter().collect(),
            wrapper,
        },
    }
}
