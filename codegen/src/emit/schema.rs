//! Operations as data (`connect_runtime::schema`): a service's shapes as one table, and per
//! operation where its members go, read from the same [`Bindings`] as the typed crates. The
//! `connect` tool sends every operation through this description instead of compiling a typed
//! path for each.

use super::shapes::default_value;
use super::validate::{constraints, length_bounds, pattern_static, read_pattern};
use crate::ir::{Auth, Index, OperationIr};
use crate::model::{Bounds, Member, Shape, ShapeKind, Simple, UNIT};
use crate::protocol::{self, Bindings, HostSegment, PathSegment, PayloadKind, Protocol};
use crate::GenerateError;
use heck::ToShoutySnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The shapes a service's operations reach, numbered in the order they are first met.
pub struct ShapeTable<'a, 'm> {
    index: &'a Index<'m>,
    protocol: Protocol,
    numbers: BTreeMap<String, u32>,
    entries: Vec<TokenStream>,
    /// The `pattern` statics: name and source.
    patterns: Vec<(proc_macro2::Ident, String)>,
}

impl<'a, 'm> ShapeTable<'a, 'm> {
    /// An empty table of `index`'s service, whose JSON bodies `protocol` writes.
    pub fn new(index: &'a Index<'m>, protocol: Protocol) -> Self {
        Self {
            index,
            protocol,
            numbers: BTreeMap::new(),
            entries: Vec::new(),
            patterns: Vec::new(),
        }
    }

    /// How many shapes the table has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no shape.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of shape `id`, adding it and what it reaches when it is new.
    pub fn number(&mut self, id: &str) -> Result<u32, GenerateError> {
        if let Some(number) = self.numbers.get(id) {
            return Ok(*number);
        }
        let number = u32::try_from(self.entries.len())
            .map_err(|_| GenerateError::new(id, "more shapes than a table can number"))?;
        // Numbered before its members, so that a shape that holds itself refers to itself.
        self.numbers.insert(id.to_owned(), number);
        self.entries.push(TokenStream::new());
        let entry = self.shape(id)?;
        self.entries[number as usize] = entry;
        Ok(number)
    }

    /// The table (an array of `Shape`s in number order), and the `static`s of its patterns.
    pub fn into_tokens(self) -> (TokenStream, TokenStream) {
        let entries = self.entries;
        let patterns = self
            .patterns
            .iter()
            .map(|(name, source)| pattern_static(name, source));
        (quote! { [ #( #entries ),* ] }, quote! { #( #patterns )* })
    }

    /// The name of the `static` holding pattern `source` of `holder` (a shape or member).
    fn pattern(
        &mut self,
        owner: &str,
        source: &str,
        holder: &str,
    ) -> Result<TokenStream, GenerateError> {
        if let Some((name, _)) = self.patterns.iter().find(|(_, known)| known == source) {
            return Ok(quote!(#name));
        }
        read_pattern(source).map_err(|problem| GenerateError::new(owner, problem))?;
        let base = format!("{}_PATTERN", holder.to_shouty_snake_case());
        let mut name = format_ident!("{base}");
        for n in 2.. {
            if !self.patterns.iter().any(|(known, _)| *known == name) {
                break;
            }
            name = format_ident!("{base}_{n}");
        }
        self.patterns.push((name.clone(), source.to_owned()));
        Ok(quote!(#name))
    }

    fn shape(&mut self, id: &str) -> Result<TokenStream, GenerateError> {
        if id == UNIT {
            return Ok(quote!(Shape::Structure(&[])));
        }
        let model = self.index.model();
        let shape = model.shape(id);
        Ok(match &shape.kind {
            ShapeKind::Simple(simple) => simple_shape(shape, *simple),
            ShapeKind::Enum(values) => {
                let values = values.iter().map(super::cli::enum_value);
                quote!(Shape::Enum(&[ #( #values ),* ]))
            }
            ShapeKind::IntEnum(_) => quote!(Shape::Integer(Width::Integer)),
            ShapeKind::List(item) => {
                let item = self.member(shape, item)?;
                let sparse = shape.traits.sparse;
                quote!(Shape::List { item: #item, sparse: #sparse })
            }
            ShapeKind::Map(key, value) => {
                let (key, value) = (self.member(shape, key)?, self.member(shape, value)?);
                let sparse = shape.traits.sparse;
                quote!(Shape::Map { key: #key, value: #value, sparse: #sparse })
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                let members = members
                    .iter()
                    .map(|member| self.member(shape, member))
                    .collect::<Result<Vec<_>, _>>()?;
                match shape.kind {
                    ShapeKind::Union(_) => quote!(Shape::Union(&[ #( #members ),* ])),
                    _ => quote!(Shape::Structure(&[ #( #members ),* ])),
                }
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(GenerateError::new(id, "a member cannot hold this shape"))
            }
        })
    }

    /// The `Member { .. }` of `member` of `owner`.
    fn member(&mut self, owner: &Shape, member: &Member) -> Result<TokenStream, GenerateError> {
        let index = self.index;
        let is_item = matches!(owner.kind, ShapeKind::List(_) | ShapeKind::Map(..));
        let name = if is_item { "" } else { member.name.as_str() };
        let json_name = match &member.traits.json_name {
            Some(wire) if self.protocol.json_names() && !is_item => wire.as_str(),
            _ => name,
        };
        let target = self.number(&member.target)?;
        let traits = &member.traits;
        let required = traits.required;
        // What the typed builder does not demand (see `Index::is_plain`), the validation
        // reports.
        let client_optional = traits.client_optional || !owner.traits.input;
        let sensitive = traits.sensitive || index.is_sensitive(&member.target);
        let token = traits.idempotency_token;
        let format = match index.timestamp_format(member) {
            None => quote!(None),
            Some(format) => {
                let format = timestamp_format(&member.target, format)?;
                quote!(Some(connect_runtime::TimestampFormat::#format))
            }
        };
        let default = match default_value(index, member)? {
            Some(_) => {
                let text = traits.default.as_ref().map(ToString::to_string);
                quote!(Some(#text))
            }
            None => quote!(None),
        };
        let constraints = self.constraints(owner, member)?;
        Ok(quote! {
            Member {
                name: #name,
                json_name: #json_name,
                target: #target,
                required: #required,
                client_optional: #client_optional,
                sensitive: #sensitive,
                idempotency_token: #token,
                timestamp_format: #format,
                default: #default,
                constraints: #constraints,
            }
        })
    }
}

impl ShapeTable<'_, '_> {
    /// The `Constraints { .. }` the typed validation checks on `member` of `owner`.
    fn constraints(
        &mut self,
        owner: &Shape,
        member: &Member,
    ) -> Result<TokenStream, GenerateError> {
        let index = self.index;
        let found = constraints(index, owner.name(), member);
        if found.is_empty() {
            return Ok(quote!(Constraints::NONE));
        }
        let length = match found.length {
            Some(length) => {
                let (min, max) = length_bounds(length);
                quote!(Some((#min, #max)))
            }
            None => quote!(None),
        };
        let range = match found.range {
            Some(range) => range_tokens(index, member, range),
            None => quote!(None),
        };
        let pattern = match &found.pattern {
            Some((source, holder)) => {
                let name = self.pattern(&owner.id, source, holder)?;
                quote!(Some(&#name))
            }
            None => quote!(None),
        };
        let unique = found.unique;
        Ok(quote! {
            Constraints {
                length: #length,
                range: #range,
                pattern: #pattern,
                unique_items: #unique,
            }
        })
    }
}

fn simple_shape(shape: &Shape, simple: Simple) -> TokenStream {
    match simple {
        Simple::Boolean => quote!(Shape::Boolean),
        Simple::Byte => quote!(Shape::Integer(Width::Byte)),
        Simple::Short => quote!(Shape::Integer(Width::Short)),
        Simple::Integer => quote!(Shape::Integer(Width::Integer)),
        Simple::Long => quote!(Shape::Integer(Width::Long)),
        Simple::Float => quote!(Shape::Float32),
        Simple::Double => quote!(Shape::Float),
        Simple::BigInteger => quote!(Shape::BigInteger),
        Simple::BigDecimal => quote!(Shape::BigDecimal),
        Simple::String if shape.traits.media_type.is_some() => quote!(Shape::MediaTypeString),
        Simple::String => quote!(Shape::String),
        Simple::Blob if shape.traits.streaming => quote!(Shape::Stream),
        Simple::Blob => quote!(Shape::Blob),
        Simple::Timestamp => quote!(Shape::Timestamp),
        Simple::Document => quote!(Shape::Document),
    }
}

/// The runtime's `TimestampFormat` variant for a `@timestampFormat` value.
fn timestamp_format(owner: &str, format: &str) -> Result<TokenStream, GenerateError> {
    Ok(match format {
        "epoch-seconds" => quote!(EpochSeconds),
        "date-time" => quote!(DateTime),
        "http-date" => quote!(HttpDate),
        other => {
            return Err(GenerateError::new(
                owner,
                format!("unknown timestampFormat `{other}`"),
            ))
        }
    })
}

/// A `range` as the typed validation reads it: whole bounds for whole numbers.
fn range_tokens(index: &Index, member: &Member, range: Bounds) -> TokenStream {
    let whole = matches!(
        index.model().shape(&member.target).kind,
        ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long)
            | ShapeKind::IntEnum(_)
    );
    let bound = |bound: Option<f64>, whole_bound: fn(f64) -> f64| match bound {
        None => quote!(None),
        Some(bound) if whole => {
            let bound = Literal::i64_unsuffixed(whole_bound(bound) as i64);
            quote!(Some(#bound))
        }
        Some(bound) => {
            let bound = Literal::f64_unsuffixed(bound);
            quote!(Some(#bound))
        }
    };
    let (min, max) = (bound(range.min, f64::ceil), bound(range.max, f64::floor));
    if whole {
        quote!(Some(Range::Integer(#min, #max)))
    } else {
        quote!(Some(Range::Float(#min, #max)))
    }
}

/// The `OperationSchema { .. }` of `operation`, its shapes numbered in `table` (whose tokens
/// are the item `SHAPES`).
pub fn operation_schema(
    table: &mut ShapeTable,
    operation: &OperationIr,
    bindings: &Bindings,
) -> Result<TokenStream, GenerateError> {
    let name = operation.name;
    let input = table.number(&operation.input.id)?;
    let output = table.number(&operation.output.id)?;
    let auth = match operation.auth {
        Auth::SigV4 => quote!(SigV4),
        Auth::OptionalSigV4 => quote!(OptionalSigV4),
        Auth::None => quote!(None),
    };
    let retryable = bindings.errors.iter().filter_map(|error| {
        let throttling = error.shape.traits.retryable?.throttling;
        let code = &error.code;
        Some(quote! { (#code, #throttling) })
    });
    let request = request(operation, &bindings.request)?;
    let response = response(operation, &bindings.response)?;
    Ok(quote! {
        OperationSchema {
            name: #name,
            shapes: &SHAPES,
            input: #input,
            output: #output,
            auth: connect_runtime::Auth::#auth,
            retryable: &[ #( #retryable ),* ],
            request: #request,
            response: #response,
        }
    })
}

/// The position of `member` among `owner`'s members.
fn position(owner: &Shape, member: &Member) -> usize {
    owner
        .members()
        .iter()
        .position(|other| other.name == member.name)
        .unwrap_or_default()
}

/// The name (query parameter, header, prefix) `member` is bound to in `list`, if any.
fn bound_name<'a>(list: &'a protocol::Named, member: &Member) -> Option<&'a str> {
    list.iter()
        .find(|(bound, _)| bound.name == member.name)
        .map(|(_, name)| name.as_str())
}

/// Whether `member` is the whole of `body` (`@httpPayload`).
fn is_payload(body: &protocol::Body, member: &Member) -> bool {
    matches!(body, protocol::Body::Payload { member: payload, .. } if payload.name == member.name)
}

fn request(
    operation: &OperationIr,
    request: &protocol::Request,
) -> Result<TokenStream, GenerateError> {
    let input = operation.input;
    let method = &request.method;
    let path = request.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(PathPart::Literal(#text)),
        PathSegment::Label { member, greedy } => {
            let member = position(input, member);
            quote!(PathPart::Label { member: #member, greedy: #greedy })
        }
    });
    let literal_query = &request.literal_query;
    let host_prefix = match &request.host_prefix {
        None => quote!(None),
        Some(segments) => {
            let parts = segments.iter().map(|segment| match segment {
                HostSegment::Literal(text) => quote!(HostPart::Literal(#text)),
                HostSegment::Label(member) => {
                    let member = position(input, member);
                    quote!(HostPart::Label(#member))
                }
            });
            quote!(Some(&[ #( #parts ),* ]))
        }
    };
    let fixed = request
        .fixed_headers
        .iter()
        .map(|(name, value)| quote!((#name, #value)));
    let members = input.members().iter().map(|member| {
        if let Some(name) = bound_name(&request.query, member) {
            quote!(Binding::Query(#name))
        } else if let Some(name) = bound_name(&request.headers, member) {
            quote!(Binding::Header(#name))
        } else if let Some(prefix) = bound_name(&request.prefix_headers, member) {
            quote!(Binding::PrefixHeaders(#prefix))
        } else if request
            .query_params
            .is_some_and(|bound| bound.name == member.name)
        {
            quote!(Binding::QueryParams)
        } else if request.path.iter().any(|segment| {
            matches!(segment, PathSegment::Label { member: label, .. } if label.name == member.name)
        }) {
            quote!(Binding::Label)
        } else if is_payload(&request.body, member) {
            quote!(Binding::Payload)
        } else {
            quote!(Binding::Body)
        }
    });
    let body = body(operation, input, &request.body)?;
    Ok(quote! {
        Request {
            method: #method,
            path: &[ #( #path ),* ],
            literal_query: #literal_query,
            host_prefix: #host_prefix,
            fixed_headers: &[ #( #fixed ),* ],
            members: &[ #( #members ),* ],
            body: #body,
        }
    })
}

fn response(
    operation: &OperationIr,
    response: &protocol::Response,
) -> Result<TokenStream, GenerateError> {
    let output = operation.output;
    let members = output.members().iter().map(|member| {
        if let Some(name) = bound_name(&response.headers, member) {
            quote!(Binding::Header(#name))
        } else if let Some(prefix) = bound_name(&response.prefix_headers, member) {
            quote!(Binding::PrefixHeaders(#prefix))
        } else if response
            .status_code
            .is_some_and(|bound| bound.name == member.name)
        {
            quote!(Binding::StatusCode)
        } else if is_payload(&response.body, member) {
            quote!(Binding::Payload)
        } else {
            quote!(Binding::Body)
        }
    });
    let body = body(operation, output, &response.body)?;
    Ok(quote! {
        Response {
            members: &[ #( #members ),* ],
            body: #body,
        }
    })
}

fn body(
    operation: &OperationIr,
    owner: &Shape,
    body: &protocol::Body,
) -> Result<TokenStream, GenerateError> {
    Ok(match body {
        protocol::Body::Empty => quote!(Body::Empty),
        protocol::Body::Json { content_type, .. } => quote!(Body::Json(#content_type)),
        protocol::Body::Payload {
            member,
            kind,
            content_type,
            empty_object_when_unset,
        } => {
            let position = position(owner, member);
            let kind = match kind {
                PayloadKind::Json => quote!(Json),
                PayloadKind::Text => quote!(Text),
                PayloadKind::Blob => quote!(Blob),
                PayloadKind::Stream => quote!(Stream),
            };
            quote! {
                Body::Payload {
                    member: #position,
                    kind: PayloadKind::#kind,
                    content_type: #content_type,
                    empty_object_when_unset: #empty_object_when_unset,
                }
            }
        }
        protocol::Body::Form { .. } | protocol::Body::Xml { .. } => {
            return Err(GenerateError::new(
                &operation.shape.id,
                "operations as data speak the JSON protocols only, not awsQuery",
            ))
        }
    })
}
