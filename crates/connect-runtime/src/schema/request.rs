//! A document input written as a request, as the typed input's `to_request` writes it: path
//! labels, literal and bound query, headers, host prefix and body, through the runtime's
//! encoders ([`crate::encoding`]).

use super::datum::Datum;
use super::input::{input_members, is_plain, DocumentInput};
use super::{Binding, Body, HostPart, Member, OperationSchema, PathPart, PayloadKind, Shape};
use crate::encoding::query::QueryWriter;
use crate::encoding::timestamp::{to_text, TimestampFormat};
use crate::encoding::{base64_text, header, host, label, FloatText};
use crate::error::BuildError;
use crate::operation::{Body as HttpBody, HttpRequest};
use std::borrow::Cow;

/// A header as [`HttpRequest::headers`] holds it.
type Header = (Cow<'static, str>, String);

impl DocumentInput {
    /// The request for this input: what the typed input's `to_request` builds for the same
    /// document.
    pub fn to_request(&self) -> Result<HttpRequest, BuildError> {
        let writer = Writer {
            operation: self.operation(),
            members: input_members(self.operation()),
            values: self.value().members(),
        };
        let mut path = writer.path()?;
        writer.query(&mut path)?;
        let (headers, body) = writer.headers_and_body()?;
        Ok(HttpRequest {
            method: self.operation().request.method,
            path_and_query: path,
            headers,
            host_prefix: writer.host_prefix()?,
            body,
        })
    }
}

/// The input's members, with what the operation binds them to.
struct Writer<'a> {
    operation: &'static OperationSchema,
    members: &'static [Member],
    values: &'a [Option<Datum>],
}

impl<'a> Writer<'a> {
    /// The members bound as `pick` takes them, with their values, set or not.
    fn bound<T>(
        &self,
        pick: impl Fn(Binding) -> Option<T>,
    ) -> Vec<(T, &'static Member, Option<&'a Datum>)> {
        let bindings = self.operation.request.members;
        bindings
            .iter()
            .zip(self.members)
            .zip(self.values)
            .filter_map(|((binding, member), value)| {
                pick(*binding).map(|picked| (picked, member, value.as_ref()))
            })
            .collect()
    }

    fn value(&self, index: usize) -> Option<&'a Datum> {
        self.values.get(index).and_then(Option::as_ref)
    }

    fn member(&self, index: usize) -> &'static Member {
        &self.members[index]
    }

    fn shape(&self, member: &Member) -> &'static Shape {
        &self.operation.shapes[member.target as usize]
    }

    /// A value the input must have (a label, a host label): the typed input holds them as
    /// plain values.
    fn required(&self, index: usize) -> Result<&'a Datum, BuildError> {
        self.value(index).ok_or(BuildError::MissingMember {
            operation: self.operation.name,
            member: self.member(index).name,
        })
    }

    fn path(&self) -> Result<String, BuildError> {
        let mut path = String::new();
        for part in self.operation.request.path {
            match part {
                PathPart::Literal(text) => path.push_str(text),
                PathPart::Label { member, greedy } => {
                    let value = self.required(*member)?;
                    let owner = self.member(*member);
                    let text = text(
                        self.operation,
                        owner,
                        owner,
                        value,
                        TimestampFormat::DateTime,
                    )?;
                    match greedy {
                        true => label::push_greedy(&mut path, owner.name, &text)?,
                        false => label::push(&mut path, owner.name, &text)?,
                    }
                }
            }
        }
        Ok(path)
    }

    /// Appends the literal query, the `@httpQuery` members, then the `@httpQueryParams` map.
    fn query(&self, path: &mut String) -> Result<(), BuildError> {
        let mut query = QueryWriter::with_literal(self.operation.request.literal_query);
        let named = |binding| match binding {
            Binding::Query(name) => Some(name),
            _ => None,
        };
        // Timestamps in the query are date-times unless the member says otherwise.
        let query_text = |member: &'static Member, item: &Member, value: &Datum| {
            text(
                self.operation,
                member,
                item,
                value,
                TimestampFormat::DateTime,
            )
        };
        for (name, member, value) in self.bound(named) {
            let Some(value) = value else { continue };
            for (item, value) in self.items(member, value) {
                query.push(name, &query_text(member, item, value)?);
            }
        }
        let params = |binding| (binding == Binding::QueryParams).then_some(());
        for ((), member, value) in self.bound(params) {
            let (Some(Datum::Map(entries)), Shape::Map { value: entry, .. }) =
                (value, self.shape(member))
            else {
                continue;
            };
            for (name, value) in entries {
                for (item, value) in self.items(entry, value) {
                    query.push_param(name, &query_text(member, item, value)?);
                }
            }
        }
        query.finish(path);
        Ok(())
    }

    /// The values `value` of `member` stands for: a list's items (with the item member), or
    /// itself.
    fn items(
        &self,
        member: &'static Member,
        value: &'a Datum,
    ) -> Vec<(&'static Member, &'a Datum)> {
        match (self.shape(member), value) {
            (Shape::List { item, .. }, Datum::List(items)) => items
                .iter()
                .filter(|item| **item != Datum::Null)
                .map(|value| (item, value))
                .collect(),
            _ => vec![(member, value)],
        }
    }

    /// The headers (fixed ones, the body's content type, bound members, prefix headers) and
    /// the body.
    fn headers_and_body(&self) -> Result<(Vec<Header>, HttpBody), BuildError> {
        let mut headers: Vec<Header> = self
            .operation
            .request
            .fixed_headers
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), (*value).to_owned()))
            .collect();
        let (content_type, body) = self.body();
        if let Some(content_type) = content_type.filter(|_| self.sends_content_type()) {
            headers.push(("content-type".into(), content_type.to_owned()));
        }
        let named = |binding| match binding {
            Binding::Header(name) => Some(name),
            _ => None,
        };
        for (name, member, value) in self.bound(named) {
            if let Some(value) = value {
                headers.push((name.into(), self.header(member, value)?));
            }
        }
        let prefixed = |binding| match binding {
            Binding::PrefixHeaders(prefix) => Some(prefix),
            _ => None,
        };
        for (prefix, member, value) in self.bound(prefixed) {
            let (Some(Datum::Map(entries)), Shape::Map { value: entry, .. }) =
                (value, self.shape(member))
            else {
                continue;
            };
            for (name, value) in entries {
                let text = text(
                    self.operation,
                    member,
                    entry,
                    value,
                    TimestampFormat::HttpDate,
                )?;
                headers.push((
                    format!("{prefix}{}", name.to_ascii_lowercase()).into(),
                    text,
                ));
            }
        }
        Ok((headers, body?))
    }

    /// Whether the body's content type is sent: not when a member bound to `Content-Type`
    /// is set (or always set), which then says it.
    fn sends_content_type(&self) -> bool {
        let content_type = |binding| match binding {
            Binding::Header(name) => (name == "content-type").then_some(()),
            _ => None,
        };
        self.bound(content_type)
            .into_iter()
            .all(|((), member, value)| !is_plain(member) && value.is_none())
    }

    /// The body, and the content type it is sent with (if any).
    fn body(&self) -> (Option<&'static str>, Result<HttpBody, BuildError>) {
        match self.operation.request.body {
            Body::Empty => (None, Ok(HttpBody::empty())),
            Body::Json(content_type) => {
                let body = super::write::request_body(self.operation, self.values);
                (Some(content_type), Ok(HttpBody::Bytes(body)))
            }
            Body::Payload {
                member,
                kind,
                content_type,
                empty_object_when_unset,
            } => match self.value(member) {
                Some(value) => (Some(content_type), self.payload(member, kind, value)),
                None if empty_object_when_unset => {
                    (Some(content_type), Ok(HttpBody::Bytes(b"{}".to_vec())))
                }
                None => (None, Ok(HttpBody::empty())),
            },
        }
    }

    /// The body of an `@httpPayload` member that is set.
    fn payload(
        &self,
        index: usize,
        kind: PayloadKind,
        value: &Datum,
    ) -> Result<HttpBody, BuildError> {
        let member = self.member(index);
        Ok(HttpBody::Bytes(match (kind, value) {
            (PayloadKind::Json, value) => {
                super::write::payload(self.operation.shapes, member, value)
            }
            (PayloadKind::Text, Datum::Text(text)) => text.as_bytes().to_vec(),
            (PayloadKind::Blob | PayloadKind::Stream, Datum::Blob(blob)) => blob.as_ref().to_vec(),
            _ => {
                return Err(BuildError::InvalidMember {
                    member: member.name,
                    reason: "the value cannot be sent as the body".into(),
                })
            }
        }))
    }

    /// A header's text: a list's items joined (quoted unless they are HTTP dates), a
    /// `@mediaType` string in base64, anything else as in the query.
    fn header(&self, member: &'static Member, value: &Datum) -> Result<String, BuildError> {
        let shape = self.shape(member);
        if let (Shape::List { item, .. }, Datum::List(_)) = (shape, value) {
            let texts = self
                .items(member, value)
                .into_iter()
                .map(|(item, value)| {
                    text(
                        self.operation,
                        member,
                        item,
                        value,
                        TimestampFormat::HttpDate,
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let http_dates = matches!(self.shape(item), Shape::Timestamp)
                && timestamp_format(member, item, TimestampFormat::HttpDate)
                    == TimestampFormat::HttpDate;
            return Ok(header::join(texts.iter().map(String::as_str), !http_dates));
        }
        match (shape, value) {
            (Shape::MediaTypeString, Datum::Text(text)) => Ok(base64_text(text)),
            _ => text(
                self.operation,
                member,
                member,
                value,
                TimestampFormat::HttpDate,
            ),
        }
    }

    fn host_prefix(&self) -> Result<Option<String>, BuildError> {
        let Some(parts) = self.operation.request.host_prefix else {
            return Ok(None);
        };
        let mut prefix = String::new();
        for part in parts {
            match part {
                HostPart::Literal(text) => prefix.push_str(text),
                HostPart::Label(index) => {
                    let value = self.required(*index)?.text().unwrap_or_default();
                    host::push_label(&mut prefix, self.member(*index).name, value)?;
                }
            }
        }
        Ok(Some(prefix))
    }
}

/// The format of timestamps reached through `owner` (the bound member) and `member` (itself
/// or a collection's item): the bound member's `@timestampFormat`, else the item's, else
/// `default`, the location's.
fn timestamp_format(owner: &Member, member: &Member, default: TimestampFormat) -> TimestampFormat {
    owner
        .timestamp_format
        .or(member.timestamp_format)
        .unwrap_or(default)
}

/// `value`, reached through `member` of the bound member `owner`, as text in a label, query
/// parameter or header.
fn text(
    operation: &OperationSchema,
    owner: &'static Member,
    member: &Member,
    value: &Datum,
    default: TimestampFormat,
) -> Result<String, BuildError> {
    let shape = &operation.shapes[member.target as usize];
    Ok(match (shape, value) {
        (_, Datum::Text(text)) => text.clone(),
        (_, Datum::Bool(value)) => value.to_string(),
        (_, Datum::Int(value)) => value.to_string(),
        (Shape::Float32, Datum::Float(value)) => (*value as f32).float_text(),
        (_, Datum::Float(value)) => value.float_text(),
        (_, Datum::Blob(blob)) => base64_text(blob),
        (_, Datum::BigInteger(value)) => value.as_ref().to_owned(),
        (_, Datum::BigDecimal(value)) => value.as_ref().to_owned(),
        (_, Datum::Time(time)) => {
            to_text(owner.name, time, timestamp_format(owner, member, default))?
        }
        _ => {
            return Err(BuildError::InvalidMember {
                member: owner.name,
                reason: "this value cannot be written as text".into(),
            })
        }
    })
}
