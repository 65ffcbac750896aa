//! The source files of one operation's crate: input, output, errors, its own types and the
//! fluent builder that `Client` hands out.

use super::json::{json_impls, Codec};
use super::shapes::{self, Setter};
use super::{paginator, request, response, validate};
use crate::ir::{Auth, Home, Index, OperationIr};
use crate::model::{Member, Shape};
use crate::protocol::{Bindings, Body, ErrorBinding, Protocol, Response};
use crate::render::{docs, inner_docs};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// One source file: its path inside the crate and its tokens.
pub type SourceFile = (&'static str, TokenStream);

/// The members of an input's or output's JSON body.
pub fn body_members<'a>(body: &'a Body<'a>) -> &'a [&'a Member] {
    match body {
        Body::Json { members, .. } | Body::Form { members, .. } | Body::Xml { members, .. } => {
            members
        }
        Body::Empty | Body::Payload { .. } => &[],
    }
}

/// How the types an operation owns (and its input and output) are written as JSON.
pub fn codec<'a>(protocol: Protocol, body: Option<&'a [&'a Member]>) -> Codec<'a> {
    Codec {
        json_names: protocol.json_names(),
        json_wire: protocol != Protocol::AwsQuery,
        body,
    }
}

/// The protocol's own impls of named shape `shape`, whose code lives in `home`: under
/// awsQuery, `ToQuery` if some operation sends it and `FromXml` if some operation receives it
/// (the JSON protocols' `ToJson` and `FromJson` are every type's, in both forms).
pub fn protocol_impls(
    index: &Index,
    protocol: Protocol,
    shape: &Shape,
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    if protocol != Protocol::AwsQuery {
        return Ok(quote!());
    }
    let write = if index.is_serialized(&shape.id) {
        super::query::to_query_impl(index, shape)?
    } else {
        quote!()
    };
    let read = if index.is_deserialized(&shape.id) {
        super::xml::from_xml_impl(index, shape, home)?
    } else {
        quote!()
    };
    Ok(quote! { #write #read })
}

/// The source files of `operation`'s crate.
pub fn crate_sources(
    index: &Index,
    protocol: Protocol,
    operation: &OperationIr,
    bindings: &Bindings,
) -> Result<Vec<SourceFile>, GenerateError> {
    let model = index.model();
    let owned: Vec<&str> = index
        .closure(operation.shape)
        .into_iter()
        .filter(|id| {
            index.is_named_type(id)
                && index.home(id) == operation.home
                && index.io_operation(id).is_none()
        })
        .collect();
    let paginated = operation.pagination.is_some();
    let mut files = vec![
        (
            "src/lib.rs",
            lib(index, operation, !owned.is_empty(), paginated)?,
        ),
        (
            "src/input.rs",
            input_file(index, protocol, operation, bindings)?,
        ),
        (
            "src/output.rs",
            io_file(
                index,
                protocol,
                operation.output,
                &operation.home,
                body_members(&bindings.response.body),
                "The output of the operation.",
            )?,
        ),
        (
            "src/error.rs",
            error_file(index, protocol, operation, &bindings.errors)?,
        ),
    ];
    if !owned.is_empty() {
        let mut tokens = inner_docs(&format!(
            "Types only the `{}` operation uses.",
            operation.name
        ));
        for id in owned {
            let shape = model.shape(id);
            tokens.extend(shapes::named_type(index, shape, &operation.home)?);
            tokens.extend(json_impls(index, shape, &codec(protocol, None))?);
            tokens.extend(protocol_impls(index, protocol, shape, &operation.home)?);
            tokens.extend(validate::validate_impl(index, shape)?);
        }
        files.push(("src/types.rs", tokens));
    }
    if let Some(pagination) = &operation.pagination {
        let tokens = paginator::paginator_file(index, operation, pagination)?;
        files.push(("src/paginator.rs", tokens));
    }
    Ok(files)
}

fn io_file(
    index: &Index,
    protocol: Protocol,
    shape: &Shape,
    home: &Home,
    body: &[&Member],
    about: &str,
) -> Result<TokenStream, GenerateError> {
    let module_docs = inner_docs(about);
    let definition = shapes::named_type(index, shape, home)?;
    let json = json_impls(index, shape, &codec(protocol, Some(body)))?;
    let wire = protocol_impls(index, protocol, shape, home)?;
    let validation = validate::validate_impl(index, shape)?;
    Ok(quote! { #module_docs #definition #json #wire #validation })
}

fn input_file(
    index: &Index,
    protocol: Protocol,
    operation: &OperationIr,
    bindings: &Bindings,
) -> Result<TokenStream, GenerateError> {
    let input = operation.input;
    let file = io_file(
        index,
        protocol,
        input,
        &operation.home,
        body_members(&bindings.request.body),
        "The input of the operation, and how it is sent.",
    )?;
    let names = &operation.names;
    let (input_name, output_name, error_name) = (&names.input, &names.output, &names.error);
    let name = operation.name;
    let request = request::to_request(index, input, &bindings.request)?;
    let (response, parse) = response::parse_output(index, operation, &bindings.response)?;
    let validate = validate::operation_method(index, input);
    let allow_deprecated = shapes::allow_deprecated(input);
    let auth = match operation.auth {
        Auth::SigV4 => quote!(),
        Auth::OptionalSigV4 => quote!(
            const AUTH: connect_runtime::Auth = connect_runtime::Auth::OptionalSigV4;
        ),
        Auth::None => quote!(
            const AUTH: connect_runtime::Auth = connect_runtime::Auth::None;
        ),
    };
    let streaming = is_streaming(&bindings.response).then(|| {
        quote!(
            const STREAMING_OUTPUT: bool = true;
        )
    });
    let sensitive_headers: Vec<&str> = bindings
        .request
        .headers
        .iter()
        .filter(|(member, _)| index.is_sensitive(&member.target))
        .map(|(_, header)| header.as_str())
        .collect();
    let sensitive_headers = (!sensitive_headers.is_empty()).then(|| {
        quote!(
            const SENSITIVE_HEADERS: &'static [&'static str] = &[#( #sensitive_headers ),*];
        )
    });
    Ok(quote! {
        #file

        impl connect_runtime::Operation for #input_name {
            const NAME: &'static str = #name;
            #auth
            #streaming
            #sensitive_headers
            type Output = crate::#output_name;
            type Error = crate::#error_name;

            #validate

            #allow_deprecated
            fn to_request(&self) -> Result<connect_runtime::HttpRequest, connect_runtime::BuildError> {
                #request
            }

            fn parse_output(
                #response: connect_runtime::HttpResponse,
            ) -> Result<Self::Output, connect_runtime::DecodeError> {
                #parse
            }
        }
    })
}

/// Whether the answer's body is a stream handed to the caller.
fn is_streaming(response: &Response) -> bool {
    matches!(
        response.body,
        Body::Payload {
            kind: crate::protocol::PayloadKind::Stream,
            ..
        }
    )
}

fn error_file(
    index: &Index,
    protocol: Protocol,
    operation: &OperationIr,
    errors: &[ErrorBinding],
) -> Result<TokenStream, GenerateError> {
    let name = &operation.names.error;
    let doc = format!(
        " The errors of `{}`: the ones the model names, and any other the service may send.",
        operation.name
    );
    let mut variants = Vec::new();
    let mut idents = Vec::new();
    for shape in &operation.errors {
        let variant = crate::ir::naming::variant(shape.name());
        let ty = super::paths::rust_type(index, &shape.id, &operation.home)?;
        let variant_docs = docs(
            shape.traits.documentation.as_deref(),
            &format!("The `{}` error.", shape.name()),
        );
        variants.push(quote! { #variant_docs #variant(#ty), });
        idents.push(variant);
    }
    let dispatch = response::error_dispatch(index, protocol, operation, errors)?;
    Ok(quote! {
        //! The operation's typed error.

        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// An error the model does not name for this operation; it keeps the code,
            /// message, HTTP status and request id.
            Unhandled(connect_runtime::Unhandled),
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #( Self::#idents(error) => error.fmt(f), )*
                    Self::Unhandled(error) => error.fmt(f),
                }
            }
        }

        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    #( Self::#idents(error) => Some(error), )*
                    Self::Unhandled(error) => Some(error),
                }
            }
        }

        /// The error's members, as its type writes them (an unhandled error: its code and
        /// message).
        #[cfg(feature = "documents")]
        impl connect_runtime::json::ToJson for #name {
            fn write_json(&self, out: &mut Vec<u8>, form: connect_runtime::json::Form) {
                match self {
                    #( Self::#idents(error) => connect_runtime::json::ToJson::write_json(error, out, form), )*
                    Self::Unhandled(error) => connect_runtime::json::ToJson::write_json(error, out, form),
                }
            }
        }

        #dispatch
    })
}

/// What `lib.rs` says the operation is: `POST /path` for HTTP-bound protocols, else the
/// operation's name.
fn request_line(operation: &OperationIr) -> String {
    match &operation.shape.traits.http {
        Some(http) => format!(" (`{} {}`)", http.method, http.uri),
        None => String::new(),
    }
}

fn lib(
    index: &Index,
    operation: &OperationIr,
    has_types: bool,
    paginated: bool,
) -> Result<TokenStream, GenerateError> {
    let name = operation.name;
    let identity = index.identity();
    let mut text = format!(
        "The {} `{name}` operation{}.",
        identity.title,
        request_line(operation)
    );
    if let Some(documentation) = &operation.shape.traits.documentation {
        text.push_str("\n\n");
        text.push_str(&crate::render::docs::html_to_markdown(documentation));
    }
    let crate_docs = inner_docs(&text);
    let names = &operation.names;
    let (input_name, input_builder, output_name, output_builder, error_name, fluent) = (
        &names.input,
        &names.input_builder,
        &names.output,
        &names.output_builder,
        &names.error,
        &names.fluent,
    );
    let fluent_doc =
        format!(" Sets the members of a `{name}` call, then [`send`]({fluent}::send)s it.");
    let send_doc = format!(" Checks the input, sends the `{name}` request and reads the answer.");
    let setters = shapes::setters(index, operation.input, &operation.home)?
        .into_iter()
        .map(|setter| {
            let Setter {
                docs,
                ident,
                params,
                args,
                ..
            } = setter;
            quote! {
                #docs
                pub fn #ident(mut self, #params) -> Self {
                    self.input = self.input.#ident(#args);
                    self
                }
            }
        });
    let types = has_types.then(|| {
        quote!(
            pub mod types;
        )
    });
    let (paginator_mod, paginator_use) = paginated.then(|| paginator::lib_items(operation)).unzip();
    let clone = shapes::is_clone(index, operation.input).then(|| quote!(Clone,));
    Ok(quote! {
        #crate_docs
        #![warn(missing_docs)]

        mod error;
        mod input;
        mod output;
        #paginator_mod
        #types

        pub use error::#error_name;
        pub use input::{#input_name, #input_builder};
        pub use output::{#output_name, #output_builder};
        #paginator_use

        #[doc = #fluent_doc]
        #[derive(#clone Debug)]
        pub struct #fluent {
            client: connect_runtime::Client,
            input: #input_builder,
        }

        impl #fluent {
            /// A call on `client` with no member set.
            pub fn new(client: connect_runtime::Client) -> Self {
                Self { client, input: #input_name::builder() }
            }

            #( #setters )*

            /// Changes this call's settings (timeouts, retries, endpoint URL, interceptors),
            /// leaving the client's as they are.
            pub fn customize(
                mut self,
                customize: impl FnOnce(connect_runtime::Customize) -> connect_runtime::Customize,
            ) -> Self {
                self.client = self.client.customized(customize);
                self
            }

            #[doc = #send_doc]
            pub async fn send(
                self,
            ) -> Result<#output_name, connect_runtime::SdkError<#error_name>> {
                let input = self.input.build().map_err(connect_runtime::SdkError::Construction)?;
                self.client.invoke(&input).await
            }
        }
    })
}
