//! A successful answer read as the typed output's `parse_output` reads it (the body in the
//! wire form, `@default`s filled in; headers, the status code and the payload into the
//! members bound to them), then written in the output's document form.

use super::datum::{Datum, Reader};
use super::input::structure_members;
use super::{Binding, Body, Member, OperationSchema, PayloadKind, Shape};
use crate::encoding::header;
use crate::encoding::timestamp::TimestampFormat;
use crate::json::{self, Form, JsonError};
use crate::operation::{DecodeError, HttpResponse};
use aws_smithy_types::{BigDecimal, BigInteger, Blob};

/// The output of `operation` that the successful answer `response` holds, in its document
/// form: what the typed output's `ToJson` writes in [`Form::Document`] (timestamps in their
/// members' formats, blobs in base64, a `@streaming` body left out), as JSON text with the
/// members in the model's order, as the AWS CLI prints them.
pub fn read_output(
    operation: &'static OperationSchema,
    response: &HttpResponse,
) -> Result<String, DecodeError> {
    let output = read(operation, response)?;
    let bytes = super::write::document(operation, operation.output, &output);
    // The writer writes strings and names as they are, and ASCII around them.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The output as a [`Datum`]: the JSON body's members first, then the bound ones.
fn read(operation: &'static OperationSchema, response: &HttpResponse) -> Result<Datum, JsonError> {
    let members = structure_members(operation.shapes, operation.output);
    let bindings = operation.response.members;
    let binding = |index: usize| bindings.get(index).copied().unwrap_or(Binding::Body);
    let wire = Reader {
        shapes: operation.shapes,
        form: Form::Wire,
    };
    let mut values = match operation.response.body {
        Body::Json(_) => {
            let body = json::parse(response.body.bytes())?;
            let read = wire.structure(members, &body, |index| binding(index) == Binding::Body)?;
            let Datum::Struct(values) = read else {
                unreachable!("a structure reads as one");
            };
            values
        }
        _ => vec![None; members.len()],
    };
    let bound = Bound { wire, response };
    for (index, member) in members.iter().enumerate() {
        match binding(index) {
            Binding::Header(name) => values[index] = bound.header(member, name)?,
            Binding::PrefixHeaders(prefix) => values[index] = bound.prefix_headers(prefix),
            _ => {}
        }
    }
    for (index, _) in members.iter().enumerate() {
        if binding(index) == Binding::StatusCode {
            values[index] = Some(Datum::Int(i64::from(response.status)));
        }
    }
    if let Body::Payload { member, kind, .. } = operation.response.body {
        values[member] = bound.payload(&members[member], kind)?;
    }
    Ok(Datum::Struct(values))
}

/// Reads the members an answer binds outside a JSON body.
struct Bound<'a> {
    wire: Reader,
    response: &'a HttpResponse,
}

impl Bound<'_> {
    fn shape(&self, member: &Member) -> &'static Shape {
        self.wire.shape(member.target)
    }

    /// Header `name` read as `member`'s type.
    fn header(&self, member: &'static Member, name: &str) -> Result<Option<Datum>, JsonError> {
        let value = self.response.header(name);
        match self.shape(member) {
            Shape::List { item, .. } => self.header_list(member, item, name),
            Shape::Timestamp => {
                let format = member.timestamp_format.unwrap_or(TimestampFormat::HttpDate);
                Ok(header::timestamp(name, value, format)?.map(Datum::Time))
            }
            Shape::MediaTypeString => Ok(header::media_type_string(name, value)?.map(Datum::Text)),
            shape => header::value::<String>(name, value)?
                .map(|text| scalar(shape, name, &text))
                .transpose(),
        }
    }

    /// Header `name`, sent once or several times, read as a list of `item`s.
    fn header_list(
        &self,
        member: &Member,
        item: &'static Member,
        name: &str,
    ) -> Result<Option<Datum>, JsonError> {
        let list = self.response.header_list(name);
        let list = list.as_deref();
        let items = match self.shape(item) {
            Shape::Timestamp => {
                let format = member
                    .timestamp_format
                    .or(item.timestamp_format)
                    .unwrap_or(TimestampFormat::HttpDate);
                header::timestamp_list(name, list, format)?
                    .map(|items| items.into_iter().map(Datum::Time).collect())
            }
            shape => header::list::<String>(name, list)?
                .map(|texts| texts.iter().map(|text| scalar(shape, name, text)).collect())
                .transpose()?,
        };
        Ok(items.map(Datum::List))
    }

    /// The headers that start with `prefix`, as a map of strings (`None` when there is none).
    fn prefix_headers(&self, prefix: &str) -> Option<Datum> {
        let mut entries: Vec<(String, Datum)> = Vec::new();
        for (name, value) in self.response.headers_with_prefix(prefix) {
            // A name sent twice keeps its last value, as a map collected from them does.
            entries.retain(|(known, _)| known != name);
            entries.push((name.to_owned(), Datum::Text(value.to_owned())));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        (!entries.is_empty()).then_some(Datum::Map(entries))
    }

    /// The `@httpPayload` member, from the whole body (`None` when it is empty).
    fn payload(
        &self,
        member: &'static Member,
        kind: PayloadKind,
    ) -> Result<Option<Datum>, JsonError> {
        let bytes = self.response.body.bytes();
        if bytes.is_empty() || kind == PayloadKind::Stream {
            return Ok(None);
        }
        Ok(Some(match kind {
            PayloadKind::Json => self.wire.value(member, &json::parse(bytes)?)?,
            PayloadKind::Blob | PayloadKind::Stream => Datum::Blob(Blob::new(bytes.to_vec())),
            PayloadKind::Text => {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| JsonError::new("the body is not UTF-8 text"))?;
                Datum::Text(text.to_owned())
            }
        }))
    }
}

/// A header's text (one value, or a list's item) read as a value of scalar shape `shape`, as
/// the typed header readers read it.
fn scalar(shape: &Shape, name: &str, text: &str) -> Result<Datum, JsonError> {
    use super::Width;
    use header::FromHeader;
    let parsed = match shape {
        Shape::Boolean => bool::from_header(text).map(Datum::Bool),
        Shape::Integer(Width::Byte) => i8::from_header(text).map(|n| Datum::Int(n.into())),
        Shape::Integer(Width::Short) => i16::from_header(text).map(|n| Datum::Int(n.into())),
        Shape::Integer(Width::Integer) => i32::from_header(text).map(|n| Datum::Int(n.into())),
        Shape::Integer(Width::Long) => i64::from_header(text).map(Datum::Int),
        Shape::Float => f64::from_header(text).map(Datum::Float),
        Shape::Float32 => f32::from_header(text).map(|n| Datum::Float(n.into())),
        Shape::BigInteger => BigInteger::from_header(text).map(Datum::BigInteger),
        Shape::BigDecimal => BigDecimal::from_header(text).map(Datum::BigDecimal),
        Shape::Blob => Blob::from_header(text).map(Datum::Blob),
        Shape::String | Shape::MediaTypeString | Shape::Enum(_) => Ok(Datum::Text(text.to_owned())),
        _ => Err("this type cannot be read from a header".to_owned()),
    };
    parsed.map_err(|problem| header::at(name, problem))
}
