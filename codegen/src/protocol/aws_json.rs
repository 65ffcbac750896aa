//! awsJson1_0 and awsJson1_1: every request is `POST /` with the whole input as a JSON body
//! (`{}` when empty) and `X-Amz-Target: <Service>.<Operation>`; answers and errors are JSON
//! bodies; `@jsonName` and the HTTP binding traits play no part.

use super::{Bindings, Body, ErrorBinding, PathSegment, Protocol, Request, Response};
use crate::ir::{Identity, Index, OperationIr};
use crate::model::Shape;
use crate::GenerateError;

/// Where the members of `operation` go under awsJson `version`.
pub fn bindings<'m>(
    _index: &Index<'m>,
    identity: &Identity,
    operation: &OperationIr<'m>,
    version: Protocol,
) -> Result<Bindings<'m>, GenerateError> {
    let content_type = match version {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    };
    let target = format!("{}.{}", identity.shape_name(), operation.name);
    let request = Request {
        method: "POST".into(),
        path: vec![PathSegment::Literal("/".into())],
        literal_query: String::new(),
        query: Vec::new(),
        query_params: None,
        headers: Vec::new(),
        prefix_headers: Vec::new(),
        content_type_member: None,
        fixed_headers: vec![("x-amz-target".into(), target)],
        body: body(operation.input, content_type),
        host_prefix: None,
    };
    Ok(Bindings {
        request,
        response: response(operation.output, content_type),
        errors: operation
            .errors
            .iter()
            .map(|error| ErrorBinding {
                shape: error,
                code: error.name().to_owned(),
                response: response(error, content_type),
            })
            .collect(),
    })
}

/// Every member of `shape` in a JSON object; always a body, `{}` when nothing is set.
fn body<'m>(shape: &'m Shape, content_type: &'static str) -> Body<'m> {
    Body::Json {
        members: shape.members().iter().collect(),
        content_type,
    }
}

fn response<'m>(shape: &'m Shape, content_type: &'static str) -> Response<'m> {
    Response {
        headers: Vec::new(),
        prefix_headers: Vec::new(),
        status_code: None,
        body: body(shape, content_type),
    }
}
