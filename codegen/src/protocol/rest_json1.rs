//! restJson1: the HTTP binding traits place each member (URI, query, headers, status code,
//! payload, or the JSON body, under its `@jsonName`); a request without body members has no
//! body; errors are named by `X-Amzn-ErrorType`, else the body's `code` or `__type`.

use super::http::{self, PathSegment};
use super::{Bindings, ErrorBinding, Request};
use crate::ir::{Index, OperationIr};
use crate::model::{Member, Shape, ShapeKind, Simple};
use crate::GenerateError;

/// Where the members of `operation` go under restJson1.
pub fn bindings<'m>(
    index: &Index<'m>,
    operation: &OperationIr<'m>,
) -> Result<Bindings<'m>, GenerateError> {
    let http = http::http_trait(operation.shape)?;
    let input = operation.input;
    let (path, literal_query) = http::uri(operation.shape, http, input)?;
    for segment in &path {
        if let PathSegment::Label { member, greedy } = segment {
            check_label(index, input, member, *greedy)?;
        }
    }
    let query = input
        .members()
        .iter()
        .filter_map(|member| Some((member, member.traits.http_query.clone()?)))
        .collect();
    let query_params = input
        .members()
        .iter()
        .find(|member| member.traits.http_query_params);
    if let Some(member) = query_params {
        if !matches!(index.model().shape(&member.target).kind, ShapeKind::Map(..)) {
            return Err(GenerateError::new(
                &input.id,
                format!(
                    "`httpQueryParams` member `{}` must target a map",
                    member.name
                ),
            ));
        }
    }
    let (headers, prefix_headers) = http::headers(input);
    let content_type_member = headers
        .iter()
        .find(|(_, name)| name == "content-type")
        .map(|(member, _)| *member);
    let request = Request {
        method: http.method.clone(),
        path,
        literal_query,
        query,
        query_params,
        headers,
        prefix_headers,
        content_type_member,
        fixed_headers: Vec::new(),
        body: http::body(index, input, true)?,
        host_prefix: None,
    };
    let errors = operation
        .errors
        .iter()
        .map(|error| {
            Ok(ErrorBinding {
                shape: error,
                code: error.name().to_owned(),
                response: http::response(index, error)?,
            })
        })
        .collect::<Result<_, GenerateError>>()?;
    Ok(Bindings {
        request,
        response: http::response(index, operation.output)?,
        errors,
    })
}

/// A label must always be set (a required member) and be a value that fits in a path
/// segment; a greedy label must be a string.
fn check_label(
    index: &Index,
    input: &Shape,
    member: &Member,
    greedy: bool,
) -> Result<(), GenerateError> {
    let name = &member.name;
    if !index.is_plain(input, member) {
        return Err(GenerateError::new(
            &input.id,
            format!("label member `{name}` must be required"),
        ));
    }
    let target = index.model().shape(&member.target);
    let fits = match &target.kind {
        ShapeKind::Simple(Simple::String) => true,
        ShapeKind::Enum(_)
        | ShapeKind::IntEnum(_)
        | ShapeKind::Simple(
            Simple::Boolean
            | Simple::Byte
            | Simple::Short
            | Simple::Integer
            | Simple::Long
            | Simple::Float
            | Simple::Double
            | Simple::Timestamp,
        ) => !greedy,
        _ => false,
    };
    if !fits {
        return Err(GenerateError::new(
            &input.id,
            format!(
                "label member `{name}` must target a string{}",
                if greedy {
                    ""
                } else {
                    ", number, boolean, enum or timestamp"
                }
            ),
        ));
    }
    Ok(())
}
