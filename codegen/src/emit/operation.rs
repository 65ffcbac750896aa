//! The source files of one operation's crate: input, output, errors, its own types and the
//! fluent builder that `Client` hands out.

use crate::emit::paginator;
use crate::emit::shapes::{self, structure_name, Setter};
use crate::emit::validate;
use crate::ir::naming;
use crate::ir::{Home, Index};
use crate::model::{Shape, ShapeKind};
use crate::protocol::rest_json1 as rest_json;
use crate::render::{docs, inner_docs};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One source file: its path inside the crate and its tokens.
pub type SourceFile = (&'static str, TokenStream);

/// The source files of `operation`'s crate.
pub fn crate_sources(index: &Index, operation: &Shape) -> Result<Vec<SourceFile>, GenerateError> {
    let ShapeKind::Operation(op) = &operation.kind else {
        return Err(GenerateError::new(&operation.id, "not an operation"));
    };
    let model = index.model();
    let home = Home::Operation(operation.name().to_owned());
    let input = model.shape(&op.input);
    let output = model.shape(&op.output);
    for (shape, trait_name) in [(input, "input"), (output, "output")] {
        let is_marked = if trait_name == "input" {
            shape.traits.input
        } else {
            shape.traits.output
        };
        if !is_marked {
            return Err(GenerateError::new(
                &shape.id,
                format!(
                    "an operation's {trait_name} must be a structure with the `{trait_name}` trait"
                ),
            ));
        }
    }

    let owned: Vec<&str> = index
        .closure(operation)
        .into_iter()
        .filter(|id| {
            index.is_named_type(id) && index.home(id) == home && index.io_operation(id).is_none()
        })
        .collect();

    let pagination = paginator::pagination(index, operation)?;
    let mut files = vec![
        (
            "src/lib.rs",
            lib(
                index,
                operation,
                input,
                output,
                !owned.is_empty(),
                pagination.is_some(),
            )?,
        ),
        (
            "src/input.rs",
            input_file(index, operation, input, output, &home)?,
        ),
        (
            "src/output.rs",
            io_file(index, output, &home, "The output of the operation.")?,
        ),
        (
            "src/error.rs",
            error_file(index, operation, &op.errors, &home)?,
        ),
    ];
    if !owned.is_empty() {
        let mut tokens = inner_docs(&format!(
            "Types only the `{}` operation uses.",
            operation.name()
        ));
        for id in owned {
            let shape = model.shape(id);
            tokens.extend(shapes::named_type(index, shape, &home)?);
            tokens.extend(rest_json::json_impls(index, shape)?);
            tokens.extend(validate::validate_impl(index, shape)?);
        }
        files.push(("src/types.rs", tokens));
    }
    if let Some(pagination) = pagination {
        let tokens = paginator::paginator_file(index, operation, &pagination)?;
        files.push(("src/paginator.rs", tokens));
    }
    Ok(files)
}

fn io_file(
    index: &Index,
    shape: &Shape,
    home: &Home,
    about: &str,
) -> Result<TokenStream, GenerateError> {
    let module_docs = inner_docs(about);
    let definition = shapes::named_type(index, shape, home)?;
    let json = rest_json::json_impls(index, shape)?;
    let validation = validate::validate_impl(index, shape)?;
    Ok(quote! { #module_docs #definition #json #validation })
}

fn input_file(
    index: &Index,
    operation: &Shape,
    input: &Shape,
    output: &Shape,
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let file = io_file(
        index,
        input,
        home,
        "The input of the operation, and how it is sent.",
    )?;
    let input_name = structure_name(index, input);
    let output_name = structure_name(index, output);
    let error_name = format_ident!("{}Error", naming::type_name(operation.name()));
    let name = operation.name();
    let request = rest_json::request(index, operation, input)?;
    let validate = validate::operation_method(index, input);
    let allow_deprecated = shapes::allow_deprecated(input);
    Ok(quote! {
        #file

        impl connect_runtime::Operation for #input_name {
            const NAME: &'static str = #name;
            type Output = crate::#output_name;
            type Error = crate::#error_name;

            #validate

            #allow_deprecated
            fn to_request(&self) -> Result<connect_runtime::HttpRequest, connect_runtime::BuildError> {
                #request
            }

            fn parse_output(
                response: &connect_runtime::HttpResponse,
            ) -> Result<Self::Output, connect_runtime::json::JsonError> {
                connect_runtime::json::answer_from_slice(&response.body)
            }
        }
    })
}

fn error_file(
    index: &Index,
    operation: &Shape,
    errors: &[String],
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let name = format_ident!("{}Error", naming::type_name(operation.name()));
    let doc = format!(
        " The errors of `{}`: the ones the model names, and any other the service may send.",
        operation.name()
    );
    let mut variants = Vec::new();
    let mut idents = Vec::new();
    for id in errors {
        let shape = index.model().shape(id);
        let variant = naming::variant(shape.name());
        let ty = index.rust_type(id, home)?;
        let variant_docs = docs(
            shape.traits.documentation.as_deref(),
            &format!("The `{}` error.", shape.name()),
        );
        variants.push(quote! { #variant_docs #variant(#ty), });
        idents.push(variant);
    }
    let dispatch = rest_json::error_dispatch(index, &name, errors, home)?;
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

        #dispatch
    })
}

fn lib(
    index: &Index,
    operation: &Shape,
    input: &Shape,
    output: &Shape,
    has_types: bool,
    paginated: bool,
) -> Result<TokenStream, GenerateError> {
    let name = operation.name();
    let home = Home::Operation(name.to_owned());
    let http = rest_json::http_binding(operation)?;
    let crate_docs = inner_docs(&format!(
        "The Amazon Connect `{name}` operation (`{} {}`).\n\n{}",
        http.method,
        http.uri,
        operation
            .traits
            .documentation
            .as_deref()
            .map(crate::render::docs::html_to_markdown)
            .unwrap_or_default()
    ));
    let input_name = structure_name(index, input);
    let input_builder = format_ident!("{}Builder", input_name);
    let output_name = structure_name(index, output);
    let error_name = format_ident!("{}Error", naming::type_name(name));
    let fluent = format_ident!("{}FluentBuilder", naming::type_name(name));
    let fluent_doc =
        format!(" Sets the members of a `{name}` call, then [`send`]({fluent}::send)s it.");
    let send_doc = format!(" Checks the input, sends the `{name}` request and reads the answer.");
    let setters = shapes::setters(index, input, &home)?
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
        pub use output::#output_name;
        #paginator_use

        #[doc = #fluent_doc]
        #[derive(Clone, Debug)]
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
