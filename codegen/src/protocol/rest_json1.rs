//! The restJson1 protocol: how inputs become HTTP requests and how answers become outputs and
//! errors. All protocol decisions of the generator are made here.

use crate::emit::shapes::{self, structure_name};
use crate::ir::naming;
use crate::ir::{Home, Index};
use crate::model::UNIT;
use crate::model::{Http, Member, Shape, ShapeKind, Simple};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// `ToJson` and `FromJson` impls for named shape `shape`.
///
/// Every type reads and writes its JSON form, whichever way the service uses it, so that any
/// value can be built from, or shown as, the JSON of the AWS documentation (tests, tools). An
/// operation's input is sent by `to_request` (members bound to the URI and headers), so it only
/// reads its document form: every member by model name, through its builder.
pub fn json_impls(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    if shape.traits.input {
        return input_from_json(index, shape);
    }
    let write = to_json(index, shape)?;
    let read = from_json(index, shape)?;
    Ok(quote! { #write #read })
}

/// `FromJson` for an operation's input: every member by its model name, then the builder, which
/// refuses missing required members and fills idempotency tokens.
fn input_from_json(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    let name = structure_name(index, shape);
    let members = shape.members();
    let sets = members
        .iter()
        .map(|member| {
            let setter = quote::format_ident!("set_{}", naming::snake(&member.name));
            let read = read_json(index, member, &member.name);
            quote! { .#setter(#read) }
        })
        .collect::<Vec<_>>();
    let (object, defaults) = object_binding(index, members);
    Ok(quote! {
        impl connect_runtime::json::FromJson for #name {
            fn read_json(
                json: &connect_runtime::json::Value,
                #defaults: connect_runtime::json::Defaults,
            ) -> Result<Self, connect_runtime::json::JsonError> {
                #object
                #name::builder()
                    #( #sets )*
                    .build()
                    .map_err(|error| connect_runtime::json::JsonError::new(error.to_string()))
            }
        }
    })
}

/// The statement binding a structure's JSON object, and the name of the reader's `Defaults`
/// parameter (`_` when no member reader takes it).
fn object_binding(index: &Index, members: &[Member]) -> (TokenStream, TokenStream) {
    let object = if members.is_empty() {
        quote! { connect_runtime::json::object(json)?; }
    } else {
        quote! { let object = connect_runtime::json::object(json)?; }
    };
    (object, defaults_param(index, members))
}

/// `defaults` when some member of `members` is read by a reader that takes it (timestamps in
/// a format of their own and unit members take none), else `_`.
fn defaults_param(index: &Index, members: &[Member]) -> TokenStream {
    let used = members
        .iter()
        .any(|member| member.target != UNIT && body_timestamp_format(index, member).is_none());
    if used {
        quote!(defaults)
    } else {
        quote!(_)
    }
}

/// The JSON name of a member.
fn json_name(member: &Member) -> &str {
    member.traits.json_name.as_deref().unwrap_or(&member.name)
}

/// Whether a member travels in the JSON body (rather than in the URI or a header).
fn in_body(member: &Member) -> bool {
    let traits = &member.traits;
    !(traits.http_label
        || traits.http_query.is_some()
        || traits.http_header.is_some()
        || traits.other.contains_key("smithy.api#httpResponseCode")
        || traits.other.contains_key("smithy.api#httpQueryParams")
        || traits.other.contains_key("smithy.api#httpPrefixHeaders"))
}

/// Statements writing `members` of `self` into an `ObjectWriter` called `object`.
fn write_members<'a>(
    index: &Index,
    owner: &Shape,
    members: impl Iterator<Item = &'a Member>,
) -> TokenStream {
    let writes = members.map(|member| {
        let ident = naming::field(&member.name);
        let name = json_name(member);
        let write = |value: TokenStream| match body_timestamp_format(index, member) {
            Some(format) => quote! {
                object.member(#name, &connect_runtime::json::Timestamp(#value, #format));
            },
            None => quote! { object.member(#name, #value); },
        };
        if index.is_plain(owner, member) {
            write(quote!(&self.#ident))
        } else {
            let write = write(quote!(value));
            quote! {
                if let Some(value) = &self.#ident {
                    #write
                }
            }
        }
    });
    quote! { #( #writes )* }
}

/// The `@timestampFormat` of a timestamp member (its own, else its target's), or `default`;
/// `None` when the member is not a timestamp.
fn timestamp_format(index: &Index, member: &Member, default: &str) -> Option<TokenStream> {
    let target = index.model().shape(&member.target);
    if !matches!(target.kind, ShapeKind::Simple(Simple::Timestamp)) {
        return None;
    }
    Some(match index.timestamp_format(member).unwrap_or(default) {
        "date-time" => quote!(connect_runtime::TimestampFormat::DateTime),
        "http-date" => quote!(connect_runtime::TimestampFormat::HttpDate),
        _ => quote!(connect_runtime::TimestampFormat::EpochSeconds),
    })
}

/// The format of a timestamp member in a JSON body when it is not restJson1's default (epoch
/// seconds), which `DateTime`'s own JSON impls write and read.
fn body_timestamp_format(index: &Index, member: &Member) -> Option<TokenStream> {
    index
        .timestamp_format(member)
        .filter(|format| *format != "epoch-seconds")
        .and_then(|_| timestamp_format(index, member, "epoch-seconds"))
}

/// The expression reading member `member` from `object` under `name`: `Option<T>`.
fn read_json(index: &Index, member: &Member, name: &str) -> TokenStream {
    match body_timestamp_format(index, member) {
        Some(format) => {
            quote! { connect_runtime::json::timestamp_member(object, #name, #format)? }
        }
        None => quote! { connect_runtime::json::member(object, #name, defaults)? },
    }
}

/// The expression reading member `member` from `object` under its JSON name: `Option<T>`, with
/// the member's `@default` filled in when an answer leaves it out (never in an input's document
/// form: what the caller did not set is not sent).
fn read_member(index: &Index, member: &Member) -> Result<TokenStream, GenerateError> {
    let read = read_json(index, member, json_name(member));
    Ok(match shapes::default_value(index, member)? {
        Some(default) => quote! { #read.or_else(|| defaults.value(|| #default)) },
        None => read,
    })
}

fn to_json(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    let name = structure_name(index, shape);
    let allow_deprecated = shapes::allow_deprecated(shape);
    let body = match &shape.kind {
        ShapeKind::Structure(members) if members.is_empty() => {
            quote! { connect_runtime::json::ObjectWriter::new(out).finish(); }
        }
        ShapeKind::Structure(members) => {
            let writes = write_members(index, shape, members.iter());
            quote! {
                let mut object = connect_runtime::json::ObjectWriter::new(out);
                #writes
                object.finish();
            }
        }
        ShapeKind::Enum(_) => {
            quote! { connect_runtime::json::ToJson::write_json(self.as_str(), out); }
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|member| {
                let variant = naming::variant(&member.name);
                let name = json_name(member);
                if member.target == UNIT {
                    return quote! { Self::#variant => object.member(#name, &()), };
                }
                match body_timestamp_format(index, member) {
                    Some(format) => quote! {
                        Self::#variant(value) => object.member(
                            #name,
                            &connect_runtime::json::Timestamp(value, #format),
                        ),
                    },
                    None => quote! { Self::#variant(value) => object.member(#name, value), },
                }
            });
            quote! {
                let mut object = connect_runtime::json::ObjectWriter::new(out);
                match self {
                    #( #arms )*
                    // Never sent: validation refuses an unknown member before a request is
                    // built. An empty object is the nearest valid JSON.
                    Self::Unknown(_) => {}
                }
                object.finish();
            }
        }
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    Ok(quote! {
        impl connect_runtime::json::ToJson for #name {
            #allow_deprecated
            fn write_json(&self, out: &mut Vec<u8>) {
                #body
            }
        }
    })
}

fn from_json(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    let name = structure_name(index, shape);
    let allow_deprecated = shapes::allow_deprecated(shape);
    let body = match &shape.kind {
        ShapeKind::Structure(members) => {
            let body_members: Vec<&Member> = members.iter().filter(|m| in_body(m)).collect();
            if body_members.len() != members.len() {
                return Err(GenerateError::new(
                    &shape.id,
                    "answers with members bound to headers or the status code are not \
                     supported by this generator yet",
                ));
            }
            let reads = body_members
                .iter()
                .map(|member| {
                    let ident = naming::field(&member.name);
                    let name = json_name(member);
                    // Error answers spell the message `message`, `Message` or `errorMessage`
                    // whatever the model calls it.
                    if shape.traits.error.is_some() && member.name.eq_ignore_ascii_case("message") {
                        Ok(quote! {
                            #ident: match connect_runtime::json::member(object, #name, defaults)? {
                                Some(message) => Some(message),
                                None => connect_runtime::rest_json::error_message(object),
                            },
                        })
                    } else {
                        let read = read_member(index, member)?;
                        Ok(quote! { #ident: #read, })
                    }
                })
                .collect::<Result<Vec<_>, GenerateError>>()?;
            let (object, defaults) = object_binding(index, members);
            (
                defaults,
                quote! {
                    #object
                    Ok(Self { #( #reads )* })
                },
            )
        }
        ShapeKind::Enum(_) => (
            quote!(_),
            quote! {
                let value = json
                    .as_str()
                    .ok_or_else(|| connect_runtime::json::JsonError::expected("string", json))?;
                Ok(Self::from(value))
            },
        ),
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|member| {
                let variant = naming::variant(&member.name);
                let name = json_name(member);
                if member.target == UNIT {
                    quote! { #name => Self::#variant, }
                } else {
                    let read = match body_timestamp_format(index, member) {
                        Some(format) => quote! { connect_runtime::json::timestamp(value, #format) },
                        None => {
                            quote! { connect_runtime::json::FromJson::read_json(value, defaults) }
                        }
                    };
                    quote! {
                        #name => Self::#variant(#read.map_err(|error| error.at_member(#name))?),
                    }
                }
            });
            (
                defaults_param(index, members),
                quote! {
                    let (name, value) = connect_runtime::json::union_member(json)?;
                    Ok(match name {
                        #( #arms )*
                        other => Self::Unknown(other.to_owned()),
                    })
                },
            )
        }
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    let (defaults, body) = body;
    Ok(quote! {
        impl connect_runtime::json::FromJson for #name {
            #allow_deprecated
            fn read_json(
                json: &connect_runtime::json::Value,
                #defaults: connect_runtime::json::Defaults,
            ) -> Result<Self, connect_runtime::json::JsonError> {
                #body
            }
        }
    })
}

/// One piece of a URI pattern.
enum Segment<'a> {
    Literal(&'a str),
    Label(&'a Member),
}

/// The `http` trait of an operation, checked for what this generator supports.
pub fn http_binding(operation: &Shape) -> Result<&Http, GenerateError> {
    operation
        .traits
        .http
        .as_ref()
        .ok_or_else(|| GenerateError::new(&operation.id, "restJson1 needs the `http` trait"))
}

fn uri_segments<'a>(
    operation: &Shape,
    http: &'a Http,
    input: &'a [Member],
) -> Result<Vec<Segment<'a>>, GenerateError> {
    if http.uri.contains('?') {
        return Err(GenerateError::new(
            &operation.id,
            "URIs with a literal query are not supported by this generator yet",
        ));
    }
    let mut segments = Vec::new();
    let mut rest = http.uri.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|at| open + at).ok_or_else(|| {
            GenerateError::new(
                &operation.id,
                format!("unclosed label in URI `{}`", http.uri),
            )
        })?;
        segments.push(Segment::Literal(&rest[..open]));
        let label = &rest[open + 1..close];
        if label.ends_with('+') {
            return Err(GenerateError::new(
                &operation.id,
                "greedy labels are not supported by this generator yet",
            ));
        }
        let member = input
            .iter()
            .find(|member| member.name == label && member.traits.http_label)
            .ok_or_else(|| {
                GenerateError::new(
                    &operation.id,
                    format!("URI label `{label}` has no input member with `httpLabel`"),
                )
            })?;
        segments.push(Segment::Label(member));
        rest = &rest[close + 1..];
    }
    segments.push(Segment::Literal(rest));
    segments.retain(|segment| !matches!(segment, Segment::Literal("")));
    Ok(segments)
}

/// The body of `to_request` for the input structure `input` of `operation`.
pub fn request(
    index: &Index,
    operation: &Shape,
    input: &Shape,
) -> Result<TokenStream, GenerateError> {
    let http = http_binding(operation)?;
    let members = input.members();
    let path = uri_segments(operation, http, members)?
        .into_iter()
        .map(|segment| match segment {
            Segment::Literal(text) => Ok(match text.chars().collect::<Vec<_>>()[..] {
                [single] => quote! { path.push(#single); },
                _ => quote! { path.push_str(#text); },
            }),
            Segment::Label(member) => label(index, input, member),
        })
        .collect::<Result<Vec<_>, GenerateError>>()?;
    let query = query(index, input)?;
    let method = &http.method;
    let body_members: Vec<&Member> = members.iter().filter(|m| in_body(m)).collect();
    let mut initial = Vec::new();
    let body = if body_members.is_empty() {
        quote! { Vec::new() }
    } else {
        initial.push(quote! { ("content-type", "application/json".to_owned()) });
        let writes = write_members(index, input, body_members.into_iter());
        quote! {{
            let mut body = Vec::new();
            let mut object = connect_runtime::json::ObjectWriter::new(&mut body);
            #writes
            object.finish();
            body
        }}
    };
    let mut pushes = Vec::new();
    for member in members {
        if let Some(name) = &member.traits.http_header {
            pushes.push(header(index, input, member, name)?);
        }
    }
    let headers = match (initial.is_empty(), pushes.is_empty()) {
        (true, true) => quote! { let headers = Vec::new(); },
        (false, true) => quote! { let headers = vec![#( #initial ),*]; },
        (true, false) => quote! {
            let mut headers = Vec::new();
            #( #pushes )*
        },
        (false, false) => quote! {
            let mut headers = vec![#( #initial ),*];
            #( #pushes )*
        },
    };
    Ok(quote! {
        let mut path = String::new();
        #( #path )*
        #query
        #headers
        Ok(connect_runtime::HttpRequest {
            method: #method,
            path_and_query: path,
            headers,
            body: #body,
        })
    })
}

/// Statements that append the `@httpQuery` members of `input` to `path`.
fn query(index: &Index, input: &Shape) -> Result<TokenStream, GenerateError> {
    let mut pushes = Vec::new();
    for member in input.members() {
        let Some(name) = &member.traits.http_query else {
            continue;
        };
        let target = index.model().shape(&member.target);
        let push = match &target.kind {
            ShapeKind::List(item) => {
                let text = text(
                    index,
                    input,
                    member,
                    &item.target,
                    quote!(item),
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
                    quote!(value),
                    "date-time",
                )?;
                quote! { query.push(#name, #text); }
            }
        };
        pushes.push(bind(index, input, member, push));
    }
    if pushes.is_empty() {
        return Ok(quote!());
    }
    Ok(quote! {
        let mut query = connect_runtime::query::QueryWriter::new();
        #( #pushes )*
        query.finish(&mut path);
    })
}

/// The statement that adds the `@httpHeader` member `member` (header `name`) to `headers`.
fn header(
    index: &Index,
    input: &Shape,
    member: &Member,
    name: &str,
) -> Result<TokenStream, GenerateError> {
    let name = name.to_ascii_lowercase();
    let text = text(
        index,
        input,
        member,
        &member.target,
        quote!(value),
        "http-date",
    )?;
    Ok(bind(
        index,
        input,
        member,
        quote! { headers.push((#name, (#text).to_owned())); },
    ))
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

/// A `&str` expression of `value` (a reference to a value of shape `target`) as text in a
/// query parameter or header, timestamps in `timestamp_default` unless the model says otherwise.
fn text(
    index: &Index,
    owner: &Shape,
    member: &Member,
    target: &str,
    value: TokenStream,
    timestamp_default: &str,
) -> Result<TokenStream, GenerateError> {
    let name = &member.name;
    Ok(match &index.model().shape(target).kind {
        ShapeKind::Simple(Simple::String) => quote!(#value.as_str()),
        ShapeKind::Enum(_) => quote!(#value.as_str()),
        ShapeKind::Simple(
            Simple::Boolean
            | Simple::Byte
            | Simple::Short
            | Simple::Integer
            | Simple::Long
            | Simple::Float
            | Simple::Double,
        ) => quote!(#value.to_string().as_str()),
        ShapeKind::Simple(Simple::Timestamp) => {
            let format = timestamp_format(index, member, timestamp_default)
                .unwrap_or_else(|| quote!(connect_runtime::TimestampFormat::DateTime));
            quote!(connect_runtime::timestamp::to_text(#name, #value, #format)?.as_str())
        }
        _ => {
            return Err(GenerateError::new(
                &owner.id,
                format!(
                    "member `{name}`: this type cannot be bound to a query parameter or header"
                ),
            ))
        }
    })
}

/// Appends a label to `path`; required labels are plain values, others must be set.
fn label(index: &Index, input: &Shape, member: &Member) -> Result<TokenStream, GenerateError> {
    let ident = naming::field(&member.name);
    let name = &member.name;
    if !index.is_plain(input, member) {
        return Err(GenerateError::new(
            &input.id,
            format!("label member `{name}` must be required"),
        ));
    }
    let target = index.model().shape(&member.target);
    let value = match &target.kind {
        ShapeKind::Simple(Simple::String) => quote!(&self.#ident),
        ShapeKind::Enum(_) => quote!(self.#ident.as_str()),
        ShapeKind::Simple(
            Simple::Boolean | Simple::Byte | Simple::Short | Simple::Integer | Simple::Long,
        ) => quote!(&self.#ident.to_string()),
        _ => {
            return Err(GenerateError::new(
                &input.id,
                format!("label member `{name}`: this target type is not supported yet"),
            ))
        }
    };
    Ok(quote! { connect_runtime::label::push(&mut path, #name, #value)?; })
}

/// The error enum's `OperationError` impl: the answer's error code picks the variant.
pub fn error_dispatch(
    index: &Index,
    error_enum: &proc_macro2::Ident,
    errors: &[String],
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let arms = errors
        .iter()
        .map(|id| {
            let shape = index.model().shape(id);
            let code = shape.name();
            let variant = naming::variant(code);
            let ty = index.rust_type(id, home)?;
            let parse = quote! {
                <#ty as connect_runtime::json::FromJson>::read_json(
                    body,
                    connect_runtime::json::Defaults::Fill,
                )
                .map(Self::#variant)
            };
            Ok(quote! { #code => #parse, })
        })
        .collect::<Result<Vec<_>, GenerateError>>()?;
    Ok(quote! {
        impl connect_runtime::OperationError for #error_enum {
            fn from_answer(
                meta: &connect_runtime::ErrorMetadata,
                body: &connect_runtime::json::Value,
            ) -> Option<Result<Self, connect_runtime::json::JsonError>> {
                Some(match meta.code()? {
                    #( #arms )*
                    _ => return None,
                })
            }

            fn unhandled(unhandled: connect_runtime::Unhandled) -> Self {
                Self::Unhandled(unhandled)
            }
        }
    })
}
