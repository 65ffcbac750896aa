//! The restJson1 protocol: how inputs become HTTP requests and how answers become outputs and
//! errors. All protocol decisions of the generator are made here.

use crate::index::{GenerateError, Home, Index};
use crate::model::{Http, Member, Shape, ShapeKind, Simple};
use crate::naming;
use crate::prelude::UNIT;
use crate::shapes::structure_name;
use proc_macro2::TokenStream;
use quote::quote;

/// `ToJson` and `FromJson` impls for named shape `shape`, as far as some operation sends or
/// receives it.
pub fn json_impls(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    // An input is written by `to_request`, member by member, not as one document.
    let write = if index.is_serialized(&shape.id) && !shape.traits.input {
        to_json(index, shape)?
    } else {
        quote!()
    };
    let read = if index.is_deserialized(&shape.id) {
        from_json(index, shape)?
    } else {
        quote!()
    };
    Ok(quote! { #write #read })
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
        if index.is_plain(owner, member) {
            quote! { object.member(#name, &self.#ident); }
        } else {
            quote! {
                if let Some(value) = &self.#ident {
                    object.member(#name, value);
                }
            }
        }
    });
    quote! { #( #writes )* }
}

fn to_json(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    let name = structure_name(index, shape);
    let body = match &shape.kind {
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
        ShapeKind::Union(_) => {
            return Err(GenerateError::new(
                &shape.id,
                "sending unions is not supported by this generator yet",
            ))
        }
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    Ok(quote! {
        impl connect_runtime::json::ToJson for #name {
            fn write_json(&self, out: &mut Vec<u8>) {
                #body
            }
        }
    })
}

fn from_json(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    let name = structure_name(index, shape);
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
            let reads = body_members.iter().map(|member| {
                let ident = naming::field(&member.name);
                let name = json_name(member);
                // Error answers spell the message `message`, `Message` or `errorMessage`
                // whatever the model calls it.
                if shape.traits.error.is_some() && member.name.eq_ignore_ascii_case("message") {
                    quote! {
                        #ident: match connect_runtime::json::member(object, #name)? {
                            Some(message) => Some(message),
                            None => connect_runtime::rest_json::error_message(object),
                        },
                    }
                } else {
                    quote! { #ident: connect_runtime::json::member(object, #name)?, }
                }
            });
            let object = if members.is_empty() {
                quote! { connect_runtime::json::object(json)?; }
            } else {
                quote! { let object = connect_runtime::json::object(json)?; }
            };
            quote! {
                #object
                Ok(Self { #( #reads )* })
            }
        }
        ShapeKind::Enum(_) => quote! {
            let value = json
                .as_str()
                .ok_or_else(|| connect_runtime::json::JsonError::expected("string", json))?;
            Ok(Self::from(value))
        },
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|member| {
                let variant = naming::variant(&member.name);
                let name = json_name(member);
                if member.target == UNIT {
                    quote! { #name => Self::#variant, }
                } else {
                    quote! {
                        #name => Self::#variant(
                            connect_runtime::json::FromJson::from_json(value)
                                .map_err(|error| error.at_member(#name))?,
                        ),
                    }
                }
            });
            quote! {
                let (name, value) = connect_runtime::json::union_member(json)?;
                Ok(match name {
                    #( #arms )*
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    Ok(quote! {
        impl connect_runtime::json::FromJson for #name {
            fn from_json(
                json: &connect_runtime::json::Value,
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
    for member in members {
        if member.traits.http_query.is_some() || member.traits.http_header.is_some() {
            return Err(GenerateError::new(
                &input.id,
                format!(
                    "member `{}`: query and header bindings are not supported by this \
                     generator yet",
                    member.name
                ),
            ));
        }
    }
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
    let method = &http.method;
    let body_members: Vec<&Member> = members.iter().filter(|m| in_body(m)).collect();
    let (body, headers) = if body_members.is_empty() {
        (quote! { Vec::new() }, quote! { Vec::new() })
    } else {
        let writes = write_members(index, input, body_members.into_iter());
        (
            quote! {{
                let mut body = Vec::new();
                let mut object = connect_runtime::json::ObjectWriter::new(&mut body);
                #writes
                object.finish();
                body
            }},
            quote! { vec![("content-type", "application/json".to_owned())] },
        )
    };
    Ok(quote! {
        let mut path = String::new();
        #( #path )*
        Ok(connect_runtime::HttpRequest {
            method: #method,
            path_and_query: path,
            headers: #headers,
            body: #body,
        })
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
                <#ty as connect_runtime::json::FromJson>::from_json(body).map(Self::#variant)
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
