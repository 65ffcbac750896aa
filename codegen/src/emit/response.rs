//! Reading answers as the protocol's [`Response`] bindings say: `parse_output`, and the error
//! enum's `from_answer`. The body's JSON is read by the types' own `FromJson` (wire form), an
//! XML body (awsQuery) by their `FromXml`; members bound to headers, the status code or the
//! payload are read here.

use super::paths;
use crate::ir::{naming, Home, Index, OperationIr};
use crate::model::{Member, Shape, ShapeKind, Simple};
use crate::protocol::{Body, ErrorBinding, PayloadKind, Protocol, Response};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// The parameter name and the body of `parse_output` for `operation` (`_` when the answer has
/// nothing to read: no body, no bound member).
pub fn parse_output(
    index: &Index,
    operation: &OperationIr,
    response: &Response,
) -> Result<(TokenStream, TokenStream), GenerateError> {
    let output = &operation.names.output;
    if let Body::Xml { wrapper, .. } = &response.body {
        let Some((root, result)) = wrapper else {
            return Err(GenerateError::new(
                &operation.output.id,
                "an XML answer needs its wrapper elements",
            ));
        };
        return Ok((
            quote!(response),
            quote! {
                Ok(connect_runtime::xml::answer::<crate::#output>(
                    response.body.bytes(),
                    #root,
                    #result,
                )?)
            },
        ));
    }
    let bound = bound_members(index, operation.output, response, &operation.home)?;
    if let Body::Json { .. } = &response.body {
        let read = quote! { connect_runtime::json::answer_from_slice(response.body.bytes()) };
        if bound.is_empty() {
            return Ok((quote!(response), quote! { Ok(#read?) }));
        }
        let assignments = bound
            .iter()
            .map(|(ident, value)| quote! { output.#ident = #value; });
        return Ok((
            quote!(response),
            quote! {
                let mut output: crate::#output = #read?;
                #( #assignments )*
                Ok(output)
            },
        ));
    }
    // No JSON body: every member is bound to a header, the status code or the payload.
    let mut fields: Vec<TokenStream> = bound
        .iter()
        .map(|(ident, value)| quote! { #ident: #value, })
        .collect();
    if let Body::Payload { member, kind, .. } = &response.body {
        let ident = naming::field(&member.name);
        let value = read_payload(index, member, *kind);
        // Last: a streamed body is moved out of the answer.
        fields.push(quote! { #ident: #value, });
    }
    let parameter = if fields.is_empty() {
        quote!(_)
    } else {
        quote!(response)
    };
    Ok((parameter, quote! { Ok(crate::#output { #( #fields )* }) }))
}

/// The value of an `@httpPayload` member of the output, from the answer's body (`None` for an
/// empty body, but a stream, which is always handed on).
fn read_payload(index: &Index, member: &Member, kind: PayloadKind) -> TokenStream {
    let target = index.model().shape(&member.target);
    let present = |value: TokenStream| {
        quote! {{
            let bytes = response.body.bytes();
            if bytes.is_empty() {
                None
            } else {
                Some(#value)
            }
        }}
    };
    match kind {
        PayloadKind::Stream => quote! { Some(response.body.into_stream()) },
        PayloadKind::Json => present(quote! { connect_runtime::json::answer_from_slice(bytes)? }),
        PayloadKind::Blob => present(quote! { connect_runtime::Blob::new(bytes.to_vec()) }),
        PayloadKind::Text => {
            let text = quote! {
                std::str::from_utf8(bytes).map_err(|_| {
                    connect_runtime::json::JsonError::new("the body is not UTF-8 text")
                })?
            };
            if matches!(target.kind, ShapeKind::Enum(_)) {
                present(quote! { #text.into() })
            } else {
                present(quote! { #text.to_owned() })
            }
        }
    }
}

/// The members of `shape` (an output or an error) bound to headers and the status code, each
/// with the expression reading it from `response`.
fn bound_members(
    index: &Index,
    shape: &Shape,
    response: &Response,
    home: &Home,
) -> Result<Vec<(proc_macro2::Ident, TokenStream)>, GenerateError> {
    let mut bound = Vec::new();
    for (member, name) in &response.headers {
        let read = header(index, shape, member, name, home)?;
        bound.push((naming::field(&member.name), read));
    }
    for (member, prefix) in &response.prefix_headers {
        let target = index.model().shape(&member.target);
        let ShapeKind::Map(_, value) = &target.kind else {
            return Err(GenerateError::new(
                &shape.id,
                "`httpPrefixHeaders` must target a map",
            ));
        };
        if !matches!(
            index.model().shape(&value.target).kind,
            ShapeKind::Simple(Simple::String)
        ) {
            return Err(GenerateError::new(
                &shape.id,
                format!(
                    "the map of prefix headers `{}` must hold strings",
                    member.name
                ),
            ));
        }
        let read = quote! {{
            let headers: std::collections::HashMap<String, String> = response
                .headers_with_prefix(#prefix)
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect();
            (!headers.is_empty()).then_some(headers)
        }};
        bound.push((naming::field(&member.name), read));
    }
    if let Some(member) = response.status_code {
        bound.push((
            naming::field(&member.name),
            quote! { Some(i32::from(response.status)) },
        ));
    }
    Ok(bound)
}

/// The expression reading header `name` into member `member`: `Option<T>`.
fn header(
    index: &Index,
    owner: &Shape,
    member: &Member,
    name: &str,
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let model = index.model();
    let target = model.shape(&member.target);
    let value = quote!(response.header(#name));
    Ok(match &target.kind {
        ShapeKind::List(item) => {
            let item_shape = model.shape(&item.target);
            let list = quote!(response.header_list(#name).as_deref());
            match &item_shape.kind {
                ShapeKind::Simple(Simple::Timestamp) => {
                    let format = timestamp_format(member, item_shape, item);
                    quote!(connect_runtime::encoding::header::timestamp_list(#name, #list, #format)?)
                }
                ShapeKind::Enum(_) => quote! {
                    connect_runtime::encoding::header::list::<String>(#name, #list)?
                        .map(|items| items.iter().map(|item| item.as_str().into()).collect())
                },
                _ => {
                    let ty = paths::rust_type(index, &item.target, home)?;
                    scalar_header(owner, member, item_shape)?;
                    quote!(connect_runtime::encoding::header::list::<#ty>(#name, #list)?)
                }
            }
        }
        ShapeKind::Simple(Simple::Timestamp) => {
            let format = timestamp_format(member, target, member);
            quote!(connect_runtime::encoding::header::timestamp(#name, #value, #format)?)
        }
        ShapeKind::Simple(Simple::String) if target.traits.media_type.is_some() => {
            quote!(connect_runtime::encoding::header::media_type_string(#name, #value)?)
        }
        ShapeKind::Enum(_) => quote! {
            connect_runtime::encoding::header::value::<String>(#name, #value)?
                .map(|text| text.as_str().into())
        },
        _ => {
            scalar_header(owner, member, target)?;
            let ty = paths::rust_type(index, &member.target, home)?;
            quote!(connect_runtime::encoding::header::value::<#ty>(#name, #value)?)
        }
    })
}

/// Refuses a header member of a type that has no header form.
fn scalar_header(owner: &Shape, member: &Member, target: &Shape) -> Result<(), GenerateError> {
    match &target.kind {
        ShapeKind::Simple(
            Simple::String
            | Simple::Boolean
            | Simple::Byte
            | Simple::Short
            | Simple::Integer
            | Simple::Long
            | Simple::Float
            | Simple::Double
            | Simple::Blob
            | Simple::BigInteger
            | Simple::BigDecimal,
        )
        | ShapeKind::IntEnum(_) => Ok(()),
        _ => Err(GenerateError::new(
            &owner.id,
            format!(
                "member `{}`: this type cannot be read from a header",
                member.name
            ),
        )),
    }
}

/// A header timestamp's format: the member's `@timestampFormat`, else the target's, else HTTP
/// date.
fn timestamp_format(member: &Member, target: &Shape, item: &Member) -> TokenStream {
    let format = member
        .traits
        .timestamp_format
        .as_deref()
        .or(item.traits.timestamp_format.as_deref())
        .or(target.traits.timestamp_format.as_deref())
        .unwrap_or("http-date");
    match format {
        "date-time" => quote!(connect_runtime::TimestampFormat::DateTime),
        "epoch-seconds" => quote!(connect_runtime::TimestampFormat::EpochSeconds),
        _ => quote!(connect_runtime::TimestampFormat::HttpDate),
    }
}

/// The HTTP status of modeled error `shape`: its `@httpError`, else 400 for a client error
/// and 500 for a server error.
pub fn error_status(shape: &Shape) -> u16 {
    shape
        .traits
        .http_error
        .unwrap_or(match shape.traits.error.as_deref() {
            Some("server") => 500,
            _ => 400,
        })
}

/// The error enum's `OperationError` impl: the answer's error code picks the variant, whose
/// body members are read from the JSON and whose bound members from the headers.
pub fn error_dispatch(
    index: &Index,
    protocol: Protocol,
    operation: &OperationIr,
    errors: &[ErrorBinding],
) -> Result<TokenStream, GenerateError> {
    let error_enum = &operation.names.error;
    let mut arms = Vec::new();
    let mut uses_answer = false;
    // How the protocol's error body is parsed, and the error reading it gives.
    let (parsed_body, read_error) = match protocol {
        Protocol::AwsQuery => (quote!(body.xml()), quote!(connect_runtime::xml::XmlError)),
        Protocol::RestJson1 | Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => (
            quote!(body.json()),
            quote!(connect_runtime::json::JsonError),
        ),
    };
    for ErrorBinding {
        shape,
        code,
        response,
    } in errors
    {
        let variant = naming::variant(shape.name());
        let ty = paths::rust_type(index, &shape.id, &operation.home)?;
        if matches!(response.body, Body::Payload { .. }) {
            return Err(GenerateError::new(
                &shape.id,
                "errors with an `httpPayload` member are not supported",
            ));
        }
        let read = match &response.body {
            Body::Xml { .. } => quote! {
                <#ty as connect_runtime::xml::FromXml>::read_xml(body)
            },
            _ => quote! {
                <#ty as connect_runtime::json::FromJson>::read_json(
                    body,
                    connect_runtime::json::Form::Wire,
                )
            },
        };
        let bound = bound_members(index, shape, response, &operation.home)?;
        arms.push(if bound.is_empty() {
            quote! { #code => #read.map(Self::#variant), }
        } else {
            uses_answer = true;
            let assignments = bound
                .iter()
                .map(|(ident, value)| quote! { error.#ident = #value; });
            // A closure, so that reading a header can fail with `?`; its error type spelled
            // out for when every arm is one.
            quote! {
                #code => (|| -> Result<Self, #read_error> {
                    let response = answer;
                    let mut error = #read?;
                    #( #assignments )*
                    Ok(Self::#variant(error))
                })(),
            }
        });
    }
    let codes = errors.iter().map(|error| {
        let variant = naming::variant(error.shape.name());
        let code = &error.code;
        let status = proc_macro2::Literal::u16_unsuffixed(error_status(error.shape));
        quote! { Self::#variant(_) => (Some(#code), #status), }
    });
    let retryable: Vec<TokenStream> = errors
        .iter()
        .filter_map(|error| {
            let throttling = error.shape.traits.retryable?.throttling;
            let code = &error.code;
            Some(quote! { (#code, #throttling) })
        })
        .collect();
    let retryable = (!retryable.is_empty()).then(|| {
        quote! {
            const RETRYABLE: &'static [(&'static str, bool)] = &[#( #retryable ),*];
        }
    });
    let (meta, body, answer) = (
        if arms.is_empty() {
            quote!(_)
        } else {
            quote!(meta)
        },
        if arms.is_empty() {
            quote!(_)
        } else {
            quote!(body)
        },
        if uses_answer {
            quote!(answer)
        } else {
            quote!(_)
        },
    );
    // An operation that models no error: every code is unhandled.
    let dispatch = if arms.is_empty() {
        quote!(None)
    } else {
        quote! {
            let body = #parsed_body?;
            let error = match meta.code()? {
                #( #arms )*
                _ => return None,
            };
            Some(error.map_err(connect_runtime::DecodeError::from))
        }
    };
    Ok(quote! {
        impl connect_runtime::OperationError for #error_enum {
            #retryable

            fn from_answer(
                #meta: &connect_runtime::ErrorMetadata,
                #body: &connect_runtime::protocol::ErrorBody,
                #answer: &connect_runtime::HttpResponse,
            ) -> Option<Result<Self, connect_runtime::DecodeError>> {
                #dispatch
            }

            fn unhandled(unhandled: connect_runtime::Unhandled) -> Self {
                Self::Unhandled(unhandled)
            }

            fn is_unhandled(&self) -> bool {
                matches!(self, Self::Unhandled(_))
            }

            fn code_and_status(&self) -> (Option<&str>, u16) {
                match self {
                    #( #codes )*
                    Self::Unhandled(error) => (error.code(), error.status()),
                }
            }
        }
    })
}
