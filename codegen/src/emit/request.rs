//! `to_request`: an input written as the protocol's [`Request`] bindings say (path, query,
//! headers, host prefix, body). Nothing here knows which protocol decided them.

use crate::ir::{naming, Index};
use crate::model::{Member, Shape, ShapeKind, Simple};
use crate::protocol::{Body, HostSegment, PathSegment, PayloadKind, Request};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `to_request` for `input`.
pub fn to_request(
    index: &Index,
    input: &Shape,
    request: &Request,
) -> Result<TokenStream, GenerateError> {
    let path = path(index, input, &request.path)?;
    let query = query(index, input, request)?;
    let (headers, body) = headers_and_body(index, input, request)?;
    let (host_statements, host_prefix) = host_prefix(index, input, request.host_prefix.as_deref())?;
    let method = &request.method;
    Ok(quote! {
        let mut path = String::new();
        #( #path )*
        #query
        #headers
        #host_statements
        Ok(connect_runtime::HttpRequest {
            method: #method,
            path_and_query: path,
            headers,
            host_prefix: #host_prefix,
            body: #body,
        })
    })
}

fn path(
    index: &Index,
    input: &Shape,
    segments: &[PathSegment],
) -> Result<Vec<TokenStream>, GenerateError> {
    segments
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => Ok(push_literal(quote!(path), text)),
            PathSegment::Label { member, greedy } => {
                let ident = naming::field(&member.name);
                let name = &member.name;
                let value = text(
                    index,
                    input,
                    member,
                    &member.target,
                    Value::Place(quote!(self.#ident)),
                    "date-time",
                )?;
                let push = if *greedy {
                    quote!(push_greedy)
                } else {
                    quote!(push)
                };
                Ok(quote! { connect_runtime::encoding::label::#push(&mut path, #name, #value)?; })
            }
        })
        .collect()
}

/// Statements that append the literal query, the `@httpQuery` members and the
/// `@httpQueryParams` map of `input` to `path`.
fn query(index: &Index, input: &Shape, request: &Request) -> Result<TokenStream, GenerateError> {
    let mut pushes = Vec::new();
    for (member, name) in &request.query {
        let target = index.model().shape(&member.target);
        let push = match &target.kind {
            ShapeKind::List(item) => {
                let text = text(
                    index,
                    input,
                    member,
                    &item.target,
                    Value::Ref(quote!(item)),
                    "date-time",
                )?;
                quote! {
                    for item in value {
                        query.push(#name, #text);
                    }
                }
            }
            _ => {
                let text = text(
                    index,
                    input,
                    member,
                    &member.target,
                    Value::Ref(quote!(value)),
                    "date-time",
                )?;
                quote! { query.push(#name, #text); }
            }
        };
        pushes.push(bind(index, input, member, push));
    }
    if let Some(member) = request.query_params {
        pushes.push(bind(
            index,
            input,
            member,
            query_params(index, input, member)?,
        ));
    }
    if pushes.is_empty() && request.literal_query.is_empty() {
        return Ok(quote!());
    }
    let literal = &request.literal_query;
    let writer = if literal.is_empty() {
        quote!(connect_runtime::encoding::query::QueryWriter::new())
    } else {
        quote!(connect_runtime::encoding::query::QueryWriter::with_literal(#literal))
    };
    let binding = if pushes.is_empty() {
        quote!(let query)
    } else {
        quote!(let mut query)
    };
    Ok(quote! {
        #binding = #writer;
        #( #pushes )*
        query.finish(&mut path);
    })
}

/// The entries of an `@httpQueryParams` map (of strings, or of lists of strings).
fn query_params(
    index: &Index,
    input: &Shape,
    member: &Member,
) -> Result<TokenStream, GenerateError> {
    let ShapeKind::Map(_, value) = &index.model().shape(&member.target).kind else {
        return Err(GenerateError::new(
            &input.id,
            "`httpQueryParams` must target a map",
        ));
    };
    let target = index.model().shape(&value.target);
    // Sorted, so that the request (and its signature) does not depend on the map's order.
    let entries = quote! {
        let mut entries: Vec<_> = value.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
    };
    let (item_target, list) = match &target.kind {
        ShapeKind::List(item) => (&item.target, true),
        _ => (&value.target, false),
    };
    let text = text(
        index,
        input,
        member,
        item_target,
        Value::Ref(quote!(item)),
        "date-time",
    )?;
    Ok(if list {
        quote! {
            #entries
            for (name, items) in entries {
                for item in items {
                    query.push_param(name.as_ref(), #text);
                }
            }
        }
    } else {
        quote! {
            #entries
            for (name, item) in entries {
                query.push_param(name.as_ref(), #text);
            }
        }
    })
}

/// The statements building `headers` and the body expression.
fn headers_and_body(
    index: &Index,
    input: &Shape,
    request: &Request,
) -> Result<(TokenStream, TokenStream), GenerateError> {
    let mut fixed: Vec<TokenStream> = request
        .fixed_headers
        .iter()
        .map(|(name, value)| quote! { (#name.into(), #value.to_owned()) })
        .collect();
    let mut pushes = Vec::new();
    // When the body's content type is sent: never if the `Content-Type` member is always
    // set, else under these conditions.
    let content_type_conditions = match request.content_type_member {
        None => Some(Vec::new()),
        Some(member) if index.is_plain(input, member) => None,
        Some(member) => {
            let ident = naming::field(&member.name);
            Some(vec![quote!(self.#ident.is_none())])
        }
    };
    let body = match &request.body {
        Body::Empty => quote!(connect_runtime::Body::empty()),
        Body::Json { content_type, .. } => {
            match content_type_conditions {
                Some(conditions) if conditions.is_empty() => fixed.push(quote! {
                    ("content-type".into(), #content_type.to_owned())
                }),
                Some(conditions) => pushes.push(content_type_push(content_type, &conditions)),
                None => {}
            }
            quote! {
                connect_runtime::Body::Bytes(connect_runtime::json::to_vec(
                    self,
                    connect_runtime::json::Form::Wire,
                ))
            }
        }
        Body::Form {
            action, version, ..
        } => {
            fixed.push(quote! {
                ("content-type".into(), "application/x-www-form-urlencoded".to_owned())
            });
            quote! {{
                let mut body = connect_runtime::query::FormWriter::new(#action, #version);
                connect_runtime::query::ToQuery::write_query(self, &mut body, "", "")?;
                connect_runtime::Body::Bytes(body.into_body())
            }}
        }
        Body::Xml { .. } => {
            return Err(GenerateError::new(
                &input.id,
                "an XML request body is not supported (awsQuery requests are form-encoded)",
            ))
        }
        Body::Payload {
            member,
            kind,
            content_type,
            empty_object_when_unset,
        } => {
            let (set, body) = payload(index, input, member, *kind, *empty_object_when_unset)?;
            if let Some(mut conditions) = content_type_conditions {
                conditions.extend(set);
                pushes.push(content_type_push(content_type, &conditions));
            }
            body
        }
    };
    for (member, name) in &request.headers {
        pushes.push(header(index, input, member, name)?);
    }
    for (member, prefix) in &request.prefix_headers {
        pushes.push(prefix_headers(index, input, member, prefix)?);
    }
    let headers = match (fixed.is_empty(), pushes.is_empty()) {
        (true, true) => quote! { let headers = Vec::new(); },
        (false, true) => quote! { let headers = vec![#( #fixed ),*]; },
        (true, false) => quote! {
            let mut headers = Vec::new();
            #( #pushes )*
        },
        (false, false) => quote! {
            let mut headers = vec![#( #fixed ),*];
            #( #pushes )*
        },
    };
    Ok((headers, body))
}

/// The statement adding the body's content type `content_type` when all `conditions` hold.
fn content_type_push(content_type: &str, conditions: &[TokenStream]) -> TokenStream {
    let push = quote! {
        headers.push(("content-type".into(), #content_type.to_owned()));
    };
    if conditions.is_empty() {
        return push;
    }
    quote! {
        if #( #conditions )&&* {
            #push
        }
    }
}

/// The body expression of an `@httpPayload` member (a JSON value, text, bytes, or a stream),
/// and the condition under which it is sent with a content type: when it is set, or always
/// (`None`) for a required member, or an unset one that is sent as `{}` (when
/// `empty_object_when_unset`; an unset member is else no body at all).
fn payload(
    index: &Index,
    input: &Shape,
    member: &Member,
    kind: PayloadKind,
    empty_object_when_unset: bool,
) -> Result<(Option<TokenStream>, TokenStream), GenerateError> {
    let ident = naming::field(&member.name);
    let name = &member.name;
    let bytes = match kind {
        PayloadKind::Json => quote! {
            connect_runtime::Body::Bytes(connect_runtime::json::to_vec(
                value,
                connect_runtime::json::Form::Wire,
            ))
        },
        PayloadKind::Text => {
            let target = index.model().shape(&member.target);
            if matches!(target.kind, ShapeKind::Enum(_)) {
                quote!(connect_runtime::Body::Bytes(
                    value.as_str().as_bytes().to_vec()
                ))
            } else {
                quote!(connect_runtime::Body::Bytes(value.as_bytes().to_vec()))
            }
        }
        PayloadKind::Blob => quote!(connect_runtime::Body::Bytes(value.as_ref().to_vec())),
        PayloadKind::Stream => {
            let requires_length = index.model().shape(&member.target).traits.requires_length;
            let length_check = requires_length.then(|| {
                quote! {
                    if value.content_length().is_none() {
                        return Err(connect_runtime::BuildError::InvalidMember {
                            member: #name,
                            reason: "the service needs the length of the stream before it is sent (`@requiresLength`); give a stream of known length".into(),
                        });
                    }
                }
            });
            quote! {{
                #length_check
                let stream = value.try_clone().ok_or(connect_runtime::BuildError::InvalidMember {
                    member: #name,
                    reason: "the stream was sent by an earlier attempt and cannot be sent again".into(),
                })?;
                connect_runtime::Body::Stream(stream)
            }}
        }
    };
    if index.is_plain(input, member) {
        return Ok((None, quote! {{ let value = &self.#ident; #bytes }}));
    }
    let (set, unset) = if empty_object_when_unset {
        (None, quote!(connect_runtime::Body::Bytes(b"{}".to_vec())))
    } else {
        (
            Some(quote!(self.#ident.is_some())),
            quote!(connect_runtime::Body::empty()),
        )
    };
    Ok((
        set,
        quote! {
            match &self.#ident {
                Some(value) => #bytes,
                None => #unset,
            }
        },
    ))
}

/// The statement that adds the `@httpHeader` member `member` (header `name`) to `headers`.
fn header(
    index: &Index,
    input: &Shape,
    member: &Member,
    name: &str,
) -> Result<TokenStream, GenerateError> {
    let target = index.model().shape(&member.target);
    let push = match &target.kind {
        ShapeKind::List(item) => {
            let text = text(
                index,
                input,
                member,
                &item.target,
                Value::Ref(quote!(item)),
                "http-date",
            )?;
            let quoted = !is_http_date(index, member, &item.target);
            let owned = owned(text);
            quote! {
                let mut items = Vec::with_capacity(value.len());
                for item in value {
                    items.push(#owned);
                }
                headers.push((
                    #name.into(),
                    connect_runtime::encoding::header::join(items.iter().map(String::as_str), #quoted),
                ));
            }
        }
        _ => {
            let owned = owned(header_text(index, input, member)?);
            quote! { headers.push((#name.into(), #owned)); }
        }
    };
    Ok(bind(index, input, member, push))
}

/// `text` (a `&str` or a `String`) as an owned `String`, parenthesized only where a method
/// call needs it to be.
fn owned(text: TokenStream) -> TokenStream {
    match syn::parse2::<syn::Expr>(text.clone()) {
        Ok(syn::Expr::Path(_) | syn::Expr::MethodCall(_) | syn::Expr::Call(_)) => {
            quote!(#text.to_owned())
        }
        _ => quote!((#text).to_owned()),
    }
}

/// A header's text: as in the query, except that a `@mediaType` string is base64-encoded.
fn header_text(
    index: &Index,
    input: &Shape,
    member: &Member,
) -> Result<TokenStream, GenerateError> {
    let target = index.model().shape(&member.target);
    if matches!(target.kind, ShapeKind::Simple(Simple::String))
        && target.traits.media_type.is_some()
    {
        return Ok(quote!(
            connect_runtime::encoding::base64_text(value).as_str()
        ));
    }
    text(
        index,
        input,
        member,
        &member.target,
        Value::Ref(quote!(value)),
        "http-date",
    )
}

/// The statements adding an `@httpPrefixHeaders` map's entries, each name after `prefix`.
fn prefix_headers(
    index: &Index,
    input: &Shape,
    member: &Member,
    prefix: &str,
) -> Result<TokenStream, GenerateError> {
    let ShapeKind::Map(_, value) = &index.model().shape(&member.target).kind else {
        return Err(GenerateError::new(
            &input.id,
            "`httpPrefixHeaders` must target a map",
        ));
    };
    let text = text(
        index,
        input,
        member,
        &value.target,
        Value::Ref(quote!(item)),
        "http-date",
    )?;
    let owned = owned(text);
    // The prefix becomes a format string: braces in it are escaped.
    let name = format!("{}{{}}", prefix.replace('{', "{{").replace('}', "}}"));
    Ok(bind(
        index,
        input,
        member,
        quote! {
            let mut entries: Vec<_> = value.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (name, item) in entries {
                let name = format!(#name, name.to_ascii_lowercase());
                headers.push((name.into(), #owned));
            }
        },
    ))
}

/// The statements computing the host prefix (literals and checked `@hostLabel` values), and the
/// expression of it.
fn host_prefix(
    index: &Index,
    input: &Shape,
    segments: Option<&[HostSegment]>,
) -> Result<(TokenStream, TokenStream), GenerateError> {
    let Some(segments) = segments else {
        return Ok((quote!(), quote!(None)));
    };
    let pushes = segments
        .iter()
        .map(|segment| match segment {
            HostSegment::Literal(text) => Ok(push_literal(quote!(prefix), text)),
            HostSegment::Label(member) => {
                if !index.is_plain(input, member) {
                    return Err(GenerateError::new(
                        &input.id,
                        format!("host label member `{}` must be required", member.name),
                    ));
                }
                let ident = naming::field(&member.name);
                let name = &member.name;
                Ok(quote! {
                    connect_runtime::encoding::host::push_label(&mut prefix, #name, &self.#ident)?;
                })
            }
        })
        .collect::<Result<Vec<_>, GenerateError>>()?;
    Ok((
        quote! {
            let mut prefix = String::new();
            #( #pushes )*
        },
        quote!(Some(prefix)),
    ))
}

/// The statement appending literal `text` to the string `target`.
fn push_literal(target: TokenStream, text: &str) -> TokenStream {
    match text.chars().collect::<Vec<_>>()[..] {
        [single] => quote! { #target.push(#single); },
        _ => quote! { #target.push_str(#text); },
    }
}

/// `statement`, run with `value` bound to member `member` of `self` when it is set.
fn bind(index: &Index, owner: &Shape, member: &Member, statement: TokenStream) -> TokenStream {
    let ident = naming::field(&member.name);
    if index.is_plain(owner, member) {
        quote! {{
            let value = &self.#ident;
            #statement
        }}
    } else {
        quote! {
            if let Some(value) = &self.#ident {
                #statement
            }
        }
    }
}

/// Whether timestamps of `target` reached through `member` are written as HTTP dates (which
/// hold a comma, so list items are not quoted).
fn is_http_date(index: &Index, member: &Member, target: &str) -> bool {
    let shape = index.model().shape(target);
    matches!(shape.kind, ShapeKind::Simple(Simple::Timestamp))
        && member
            .traits
            .timestamp_format
            .as_deref()
            .or(shape.traits.timestamp_format.as_deref())
            .unwrap_or("http-date")
            == "http-date"
}

/// A value to write as text: a reference to it (`value`, `item`), or a place (`self.member`).
pub enum Value {
    /// An expression of type `&T`.
    Ref(TokenStream),
    /// An expression of type `T`, borrowed where a reference is needed.
    Place(TokenStream),
}

impl Value {
    /// The value as a reference.
    fn by_ref(&self) -> TokenStream {
        match self {
            Self::Ref(value) => value.clone(),
            Self::Place(value) => quote!(&#value),
        }
    }

    /// The value to call a method on.
    fn receiver(&self) -> &TokenStream {
        match self {
            Self::Ref(value) | Self::Place(value) => value,
        }
    }
}

/// A `&str` expression of `value` (of shape `target`) as text in a label, query parameter or
/// header, timestamps in `timestamp_default` unless the model says otherwise.
pub fn text(
    index: &Index,
    owner: &Shape,
    member: &Member,
    target: &str,
    value: Value,
    timestamp_default: &str,
) -> Result<TokenStream, GenerateError> {
    let name = &member.name;
    let shape = index.model().shape(target);
    let (by_ref, receiver) = (value.by_ref(), value.receiver());
    Ok(match &shape.kind {
        // A `&String`, which coerces to the `&str` the writers take.
        ShapeKind::Simple(Simple::String) => by_ref,
        ShapeKind::Enum(_) => quote!(#receiver.as_str()),
        ShapeKind::Simple(
            Simple::Boolean | Simple::Byte | Simple::Short | Simple::Integer | Simple::Long,
        )
        | ShapeKind::IntEnum(_) => quote!(#receiver.to_string().as_str()),
        ShapeKind::Simple(Simple::Float | Simple::Double) => {
            quote!(connect_runtime::encoding::FloatText::float_text(#by_ref).as_str())
        }
        ShapeKind::Simple(Simple::Blob) => {
            quote!(connect_runtime::encoding::base64_text(#by_ref).as_str())
        }
        ShapeKind::Simple(Simple::BigInteger | Simple::BigDecimal) => {
            quote!(AsRef::<str>::as_ref(#by_ref))
        }
        ShapeKind::Simple(Simple::Timestamp) => {
            let format = member
                .traits
                .timestamp_format
                .as_deref()
                .or(shape.traits.timestamp_format.as_deref())
                .unwrap_or(timestamp_default);
            let format = match format {
                "date-time" => quote!(connect_runtime::TimestampFormat::DateTime),
                "http-date" => quote!(connect_runtime::TimestampFormat::HttpDate),
                _ => quote!(connect_runtime::TimestampFormat::EpochSeconds),
            };
            quote!(connect_runtime::encoding::timestamp::to_text(#name, #by_ref, #format)?.as_str())
        }
        _ => {
            return Err(GenerateError::new(
                &owner.id,
                format!(
                "member `{name}`: this type cannot be bound to a label, query parameter or header"
            ),
            ))
        }
    })
}
