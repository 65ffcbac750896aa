//! Smithy's HTTP binding traits, read once: the URI pattern (labels, greedy labels, literal
//! query), the host prefix, and which members of a structure go to the query, headers, the
//! status code, the payload or the body. restJson1 uses all of it; the awsJson protocols use
//! the host prefix only.

use super::{Body, Named, PayloadKind, Response};
use crate::ir::{Index, OperationIr};
use crate::model::{Http, Member, Shape, ShapeKind, Simple};
use crate::GenerateError;

/// One piece of a URI path.
pub enum PathSegment<'m> {
    /// Text written as it is.
    Literal(String),
    /// An `@httpLabel` member, `greedy` for `{Name+}`.
    Label {
        /// The member.
        member: &'m Member,
        /// Whether its `/` separate segments.
        greedy: bool,
    },
}

/// One piece of a host prefix.
pub enum HostSegment<'m> {
    /// Text written as it is.
    Literal(String),
    /// A `@hostLabel` member.
    Label(&'m Member),
}

/// The `http` trait of an operation.
pub fn http_trait(operation: &Shape) -> Result<&Http, GenerateError> {
    operation
        .traits
        .http
        .as_ref()
        .ok_or_else(|| GenerateError::new(&operation.id, "restJson1 needs the `http` trait"))
}

/// The path and literal query of `http`'s URI, labels resolved to `input`'s members.
pub fn uri<'m>(
    operation: &Shape,
    http: &Http,
    input: &'m Shape,
) -> Result<(Vec<PathSegment<'m>>, String), GenerateError> {
    let (path, query) = match http.uri.split_once('?') {
        Some((path, query)) => (path, query.to_owned()),
        None => (http.uri.as_str(), String::new()),
    };
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|at| open + at).ok_or_else(|| {
            GenerateError::new(
                &operation.id,
                format!("unclosed label in URI `{}`", http.uri),
            )
        })?;
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_owned()));
        }
        let label = &rest[open + 1..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let member = input
            .members()
            .iter()
            .find(|member| member.name == name && member.traits.http_label)
            .ok_or_else(|| {
                GenerateError::new(
                    &operation.id,
                    format!("URI label `{name}` has no input member with `httpLabel`"),
                )
            })?;
        segments.push(PathSegment::Label { member, greedy });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    for member in input.members() {
        let bound = segments.iter().any(|segment| {
            matches!(segment, PathSegment::Label { member: label, .. } if label.name == member.name)
        });
        if member.traits.http_label && !bound {
            return Err(GenerateError::new(
                &operation.id,
                format!(
                    "member `{}` has `httpLabel` but the URI has no such label",
                    member.name
                ),
            ));
        }
    }
    Ok((segments, query))
}

/// The host prefix of `operation` (`@endpoint`), its `{Label}`s resolved to the input's
/// `@hostLabel` members.
pub fn host_prefix<'m>(
    operation: &OperationIr<'m>,
) -> Result<Option<Vec<HostSegment<'m>>>, GenerateError> {
    let Some(pattern) = &operation.shape.traits.host_prefix else {
        return Ok(None);
    };
    let id = &operation.shape.id;
    let mut segments = Vec::new();
    let mut rest = pattern.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|at| open + at).ok_or_else(|| {
            GenerateError::new(id, format!("unclosed label in host prefix `{pattern}`"))
        })?;
        if open > 0 {
            segments.push(HostSegment::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        let member = operation
            .input
            .members()
            .iter()
            .find(|member| member.name == name && member.traits.host_label)
            .ok_or_else(|| {
                GenerateError::new(
                    id,
                    format!("host label `{name}` has no input member with `hostLabel`"),
                )
            })?;
        segments.push(HostSegment::Label(member));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(HostSegment::Literal(rest.to_owned()));
    }
    Ok(Some(segments))
}

/// Whether `member` goes in the body (it is bound to nothing else). In answers, bindings to
/// the request's URI mean nothing (Smithy: they are ignored), so such members are in the body.
fn in_body(member: &Member, request: bool) -> bool {
    let traits = &member.traits;
    let uri = traits.http_label || traits.http_query.is_some() || traits.http_query_params;
    !((request && uri)
        || traits.http_header.is_some()
        || traits.http_prefix_headers.is_some()
        || (!request && traits.http_response_code)
        || traits.http_payload)
}

/// The body of structure `shape` under the HTTP bindings, in a request or (`request` false) an
/// answer: its `@httpPayload` member, else the members bound to nothing else as a JSON object
/// (no body when there is none).
pub fn body<'m>(index: &Index, shape: &'m Shape, request: bool) -> Result<Body<'m>, GenerateError> {
    let members = shape.members();
    if let Some(member) = members.iter().find(|member| member.traits.http_payload) {
        if let Some(other) = members.iter().find(|other| in_body(other, request)) {
            return Err(GenerateError::new(
                &shape.id,
                format!(
                    "member `{}` is the payload, so `{}` has nowhere to go",
                    member.name, other.name
                ),
            ));
        }
        let (kind, default_type) = payload_kind(index, shape, member)?;
        let target = index.model().shape(&member.target);
        let content_type = target
            .traits
            .media_type
            .clone()
            .unwrap_or_else(|| default_type.to_owned());
        let empty_object_when_unset = request && matches!(target.kind, ShapeKind::Structure(_));
        return Ok(Body::Payload {
            member,
            kind,
            content_type,
            empty_object_when_unset,
        });
    }
    let body: Vec<&Member> = members
        .iter()
        .filter(|member| in_body(member, request))
        .collect();
    Ok(if body.is_empty() {
        Body::Empty
    } else {
        Body::Json {
            members: body,
            content_type: "application/json",
        }
    })
}

/// What a payload member is, and its default content type.
fn payload_kind(
    index: &Index,
    owner: &Shape,
    member: &Member,
) -> Result<(PayloadKind, &'static str), GenerateError> {
    let target = index.model().shape(&member.target);
    Ok(match &target.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Simple(Simple::Document) => {
            (PayloadKind::Json, "application/json")
        }
        ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_) => (PayloadKind::Text, "text/plain"),
        ShapeKind::Simple(Simple::Blob) if target.traits.streaming => {
            (PayloadKind::Stream, "application/octet-stream")
        }
        ShapeKind::Simple(Simple::Blob) => (PayloadKind::Blob, "application/octet-stream"),
        _ => {
            return Err(GenerateError::new(
                &owner.id,
                format!(
                    "payload member `{}` must target a structure, union, document, string, \
                     enum or blob",
                    member.name
                ),
            ))
        }
    })
}

/// The headers and prefix headers of `shape`'s members, names in lower case.
pub fn headers(shape: &Shape) -> (Named<'_>, Named<'_>) {
    let members = shape.members();
    let headers = members
        .iter()
        .filter_map(|member| {
            Some((
                member,
                member.traits.http_header.as_ref()?.to_ascii_lowercase(),
            ))
        })
        .collect();
    let prefix = members
        .iter()
        .filter_map(|member| {
            Some((
                member,
                member
                    .traits
                    .http_prefix_headers
                    .as_ref()?
                    .to_ascii_lowercase(),
            ))
        })
        .collect();
    (headers, prefix)
}

/// How an answer shaped by structure `shape` (an output or an error) is read under the HTTP
/// bindings.
pub fn response<'m>(index: &Index, shape: &'m Shape) -> Result<Response<'m>, GenerateError> {
    let (headers, prefix_headers) = headers(shape);
    Ok(Response {
        headers,
        prefix_headers,
        status_code: shape
            .members()
            .iter()
            .find(|member| member.traits.http_response_code),
        body: body(index, shape, false)?,
    })
}
