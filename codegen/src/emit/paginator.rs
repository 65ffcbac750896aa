//! Paginators: `<Operation>Paginator`, handed out by `.into_paginator()` on the fluent builder
//! of every operation with the `smithy.api#paginated` trait.
//!
//! The trait is resolved by the IR ([`Pagination`]) against the operation's input and output
//! (and the service's `paginated` defaults, which the operation's own values override); the
//! generated code only says where the tokens, the page size and the items are. Following the
//! tokens is `connect_runtime::paginate`'s job.

use super::paths;
use crate::ir::naming;
use crate::ir::{Index, OperationIr, Pagination, Step};
use crate::model::ShapeKind;
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// `output`'s continuation token as an `Option<&str>`.
fn token_access(index: &Index, steps: &[Step]) -> TokenStream {
    let mut access = quote!(output);
    let mut optional = false;
    for (position, step) in steps.iter().enumerate() {
        let field = naming::field(&step.member.name);
        let last = position + 1 == steps.len();
        let plain = index.is_plain(step.owner, step.member);
        access = match (optional, plain, last) {
            (false, true, _) => quote!(#access.#field),
            (false, false, true) => quote!(#access.#field.as_deref()),
            (false, false, false) => quote!(#access.#field.as_ref()),
            (true, true, true) => quote!(#access.map(|value| value.#field.as_str())),
            (true, true, false) => quote!(#access.map(|value| &value.#field)),
            (true, false, true) => quote!(#access.and_then(|value| value.#field.as_deref())),
            (true, false, false) => quote!(#access.and_then(|value| value.#field.as_ref())),
        };
        optional |= !plain;
    }
    if optional {
        access
    } else {
        quote!(Some(#access.as_str()))
    }
}

/// `output`'s items, by value, as a collection (empty when the page has none).
fn items_access(index: &Index, steps: &[Step]) -> TokenStream {
    let mut access = quote!(output);
    let mut optional = false;
    for step in steps {
        let field = naming::field(&step.member.name);
        let plain = index.is_plain(step.owner, step.member);
        access = match (optional, plain) {
            (false, _) => quote!(#access.#field),
            (true, true) => quote!(#access.map(|value| value.#field)),
            (true, false) => quote!(#access.and_then(|value| value.#field)),
        };
        optional |= !plain;
    }
    if optional {
        quote!(#access.unwrap_or_default())
    } else {
        access
    }
}

/// The model's spelling of a path, for documentation.
fn path_text(steps: &[Step]) -> String {
    let names: Vec<&str> = steps.iter().map(|step| step.member.name.as_str()).collect();
    names.join(".")
}

/// What `lib.rs` of a paginated operation's crate adds: the module, and the re-export of the
/// paginator.
pub fn lib_items(operation: &OperationIr) -> (TokenStream, TokenStream) {
    let name = &operation.names.paginator;
    (
        quote!(
            mod paginator;
        ),
        quote!(pub use paginator::#name;),
    )
}

/// `src/paginator.rs` of `operation`'s crate: the paginator and the fluent builder's
/// `into_paginator`.
pub fn paginator_file(
    index: &Index,
    operation: &OperationIr,
    pagination: &Pagination,
) -> Result<TokenStream, GenerateError> {
    let model = index.model();
    let home = &operation.home;
    let name = operation.name;
    let names = &operation.names;
    let (paginator, fluent, input_builder, output, error) = (
        &names.paginator,
        &names.fluent,
        &names.input_builder,
        &names.output,
        &names.error,
    );
    let input_token = naming::field(&pagination.input_token.name);
    let token_name = &pagination.input_token.name;
    let output_token_name = path_text(&pagination.output_token);
    let output_token = token_access(index, &pagination.output_token);
    let result = |item: TokenStream| {
        quote! {
            connect_runtime::paginate::PaginationStream<
                Result<#item, connect_runtime::SdkError<crate::#error>>,
            >
        }
    };
    let pages = result(quote!(crate::#output));

    let items_summary = pagination
        .items
        .as_ref()
        .map(|steps| {
            format!(
                ", [`items`]({paginator}::items) the `{}` of every page",
                path_text(steps)
            )
        })
        .unwrap_or_default();
    let follows = if *token_name == output_token_name {
        format!("sends back the `{token_name}` of the page before")
    } else {
        format!("sends the `{output_token_name}` of the page before as `{token_name}`")
    };
    let paginator_doc = format!(
        "Pages through the results of `{name}`: [`send`]({paginator}::send) streams the \
         pages{items_summary}.\n\n\
         Each page is one request, sent when the stream is polled for it; the next request \
         {follows}. The stream ends after a \
         page without `{output_token_name}` (or with an empty one, or the one just sent), or \
         after yielding the first error. \
         [`PaginationStream::next`](connect_runtime::paginate::PaginationStream::next) needs no \
         import; the stream is also a `futures::Stream`."
    );
    let paginator_doc = crate::render::docs(None, &paginator_doc);
    let into_doc = format!(
        " Sends this call once per page of results, following `{output_token_name}`: see \
         [`{paginator}`]."
    );

    let page_size = pagination.page_size.map(|member| {
        let setter = naming::field(&member.name);
        let doc = format!(
            " Sets `{}`, the most results one page may hold (the service's default when unset).",
            member.name
        );
        quote! {
            #[doc = #doc]
            pub fn page_size(mut self, page_size: i32) -> Self {
                self.input = self.input.#setter(page_size);
                self
            }
        }
    });

    let items = match &pagination.items {
        None => None,
        Some(steps) => {
            let collection = model.shape(&steps[steps.len() - 1].member.target);
            // A `@sparse` collection's items are `Option`s: its nulls are items too.
            let optional = |ty: TokenStream| {
                if collection.traits.sparse {
                    quote!(Option<#ty>)
                } else {
                    ty
                }
            };
            let item = match &collection.kind {
                ShapeKind::List(member) => optional(paths::rust_type(index, &member.target, home)?),
                ShapeKind::Map(_, value) => {
                    let value = optional(paths::rust_type(index, &value.target, home)?);
                    quote!((String, #value))
                }
                _ => {
                    return Err(GenerateError::new(
                        &operation.shape.id,
                        "the `paginated` trait's `items` must target a list or a map",
                    ))
                }
            };
            let stream = result(item);
            let access = items_access(index, steps);
            let what = if matches!(collection.kind, ShapeKind::Map(..)) {
                "entries (key and value)"
            } else {
                "items"
            };
            let doc = format!(
                " The {what} of `{}` across all pages, in order; an error is yielded in place \
                 of its page and ends the stream.",
                path_text(steps)
            );
            Some(quote! {
                #[doc = #doc]
                pub fn items(self) -> #stream {
                    connect_runtime::paginate::items(self.send(), |output| #access)
                }
            })
        }
    };

    let module_doc = crate::render::inner_docs(&format!(
        "The paginator of `{name}`: its pages, or its items, as a stream."
    ));
    Ok(quote! {
        #module_doc

        impl crate::#fluent {
            #[doc = #into_doc]
            pub fn into_paginator(self) -> #paginator {
                #paginator { client: self.client, input: self.input }
            }
        }

        #paginator_doc
        #[derive(Clone, Debug)]
        pub struct #paginator {
            client: connect_runtime::Client,
            input: crate::#input_builder,
        }

        impl #paginator {
            #page_size

            /// The pages, in order. A required member that is not set is the stream's only
            /// element.
            pub fn send(self) -> #pages {
                connect_runtime::paginate::pages(
                    &self.client,
                    self.input.build(),
                    |input| &mut input.#input_token,
                    |output| #output_token,
                )
            }

            #items
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    /// A service with `paginated` defaults, and operations that use them, override them, nest
    /// paths, page over a map, or get the trait wrong.
    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "a#S": {"type": "service", "operations": [
                    {"target": "a#ListThings"}, {"target": "a#Nested"}, {"target": "a#Map"},
                    {"target": "a#Bare"}, {"target": "a#Unpaged"}, {"target": "a#Wrong"}],
                "traits": {"smithy.api#paginated": {"inputToken": "NextToken",
                    "outputToken": "NextToken", "pageSize": "MaxResults"}}},
        "a#ListThings": {"type": "operation", "input": {"target": "a#ListThingsRequest"},
                 "output": {"target": "a#ListThingsResponse"},
                 "traits": {"smithy.api#http": {"method": "GET", "uri": "/things"},
                            "smithy.api#paginated": {"items": "Things"}}},
        "a#ListThingsRequest": {"type": "structure", "traits": {"smithy.api#input": {}},
            "members": {
                "NextToken": {"target": "smithy.api#String"},
                "MaxResults": {"target": "smithy.api#Integer"}}},
        "a#ListThingsResponse": {"type": "structure", "traits": {"smithy.api#output": {}},
            "members": {
                "NextToken": {"target": "smithy.api#String"},
                "Things": {"target": "a#Things", "traits": {"smithy.api#required": {}}}}},
        "a#Things": {"type": "list", "member": {"target": "smithy.api#String"}},
        "a#Nested": {"type": "operation", "input": {"target": "a#NestedRequest"},
                 "output": {"target": "a#NestedResponse"},
                 "traits": {"smithy.api#http": {"method": "POST", "uri": "/nested"},
                            "smithy.api#paginated": {"inputToken": "Cursor",
                                "outputToken": "Result.Cursor", "items": "Result.Things",
                                "pageSize": "Limit"}}},
        "a#NestedRequest": {"type": "structure", "traits": {"smithy.api#input": {}},
            "members": {
                "Cursor": {"target": "smithy.api#String"},
                "Limit": {"target": "smithy.api#Integer"}}},
        "a#NestedResponse": {"type": "structure", "traits": {"smithy.api#output": {}},
            "members": {"Result": {"target": "a#Wrapper"}}},
        "a#Wrapper": {"type": "structure", "members": {
            "Cursor": {"target": "smithy.api#String"},
            "Things": {"target": "a#Things"}}},
        "a#Map": {"type": "operation", "input": {"target": "a#MapRequest"},
                 "output": {"target": "a#MapResponse"},
                 "traits": {"smithy.api#http": {"method": "GET", "uri": "/map"},
                            "smithy.api#paginated": {"items": "Entries"}}},
        "a#MapRequest": {"type": "structure", "traits": {"smithy.api#input": {}},
            "members": {
                "NextToken": {"target": "smithy.api#String"},
                "MaxResults": {"target": "smithy.api#Integer"}}},
        "a#MapResponse": {"type": "structure", "traits": {"smithy.api#output": {}},
            "members": {
                "NextToken": {"target": "smithy.api#String"},
                "Entries": {"target": "a#Entries"}}},
        "a#Entries": {"type": "map", "key": {"target": "smithy.api#String"},
                      "value": {"target": "smithy.api#Integer"}},
        "a#Bare": {"type": "operation", "input": {"target": "a#BareRequest"},
                 "output": {"target": "a#BareResponse"},
                 "traits": {"smithy.api#http": {"method": "GET", "uri": "/bare"},
                            "smithy.api#paginated": {"pageSize": "Size"}}},
        "a#BareRequest": {"type": "structure", "traits": {"smithy.api#input": {}},
            "members": {
                "NextToken": {"target": "smithy.api#String"},
                "Size": {"target": "smithy.api#Integer"}}},
        "a#BareResponse": {"type": "structure", "traits": {"smithy.api#output": {}},
            "members": {"NextToken": {"target": "smithy.api#String"}}},
        "a#Unpaged": {"type": "operation", "input": {"target": "a#BareRequest"},
                 "traits": {"smithy.api#http": {"method": "GET", "uri": "/unpaged"}}},
        "a#Wrong": {"type": "operation", "input": {"target": "a#WrongRequest"},
                 "output": {"target": "a#BareResponse"},
                 "traits": {"smithy.api#http": {"method": "GET", "uri": "/wrong"},
                            "smithy.api#paginated": {"pageSize": "Size"}}},
        "a#WrongRequest": {"type": "structure", "traits": {"smithy.api#input": {}},
            "members": {
                "NextToken": {"target": "smithy.api#String",
                              "traits": {"smithy.api#required": {}}},
                "Size": {"target": "smithy.api#Integer"}}}
    }}"#;

    fn model() -> Model {
        Model::parse(std::path::Path::new("m.json"), MODEL.as_bytes()).unwrap()
    }

    fn code(model: &Model, operation: &str) -> String {
        let index = Index::new(model);
        let operation = index.operation_ir(operation).unwrap();
        let pagination = operation.pagination.as_ref().unwrap();
        paginator_file(&index, &operation, pagination)
            .unwrap()
            .to_string()
    }

    fn refusal(index: &Index, operation: &str) -> GenerateError {
        match index.operation_ir(operation) {
            Ok(_) => panic!("{operation} accepted"),
            Err(error) => error,
        }
    }

    #[test]
    fn service_defaults_fill_in_what_the_operation_leaves_out() {
        let model = model();
        let code = code(&model, "ListThings");
        for expected in [
            "pub fn into_paginator (self) -> ListThingsPaginator",
            "self . input = self . input . max_results (page_size) ;",
            "| input | & mut input . next_token",
            "| output | output . next_token . as_deref ()",
            "pub fn items (self) -> connect_runtime :: paginate :: PaginationStream < Result < \
             String , connect_runtime :: SdkError < crate :: ListThingsError >> , >",
            "connect_runtime :: paginate :: items (self . send () , | output | output . things \
             . unwrap_or_default ())",
        ] {
            assert!(code.contains(expected), "{expected}\nnot in\n{code}");
        }
    }

    #[test]
    fn nested_paths_go_through_the_wrapper() {
        let model = model();
        let code = code(&model, "Nested");
        for expected in [
            "self . input = self . input . limit (page_size) ;",
            "| input | & mut input . cursor",
            "| output | output . result . as_ref () . and_then (| value | value . cursor . \
             as_deref ())",
            "| output | output . result . and_then (| value | value . things) . \
             unwrap_or_default ()",
            "`Result.Things`",
        ] {
            assert!(code.contains(expected), "{expected}\nnot in\n{code}");
        }
    }

    #[test]
    fn map_items_are_key_value_pairs() {
        let model = model();
        let code = code(&model, "Map");
        assert!(
            code.contains("PaginationStream < Result < (String , i32) ,"),
            "{code}"
        );
        assert!(code.contains("entries (key and value)"), "{code}");
    }

    #[test]
    fn without_items_or_page_size_there_is_no_method_for_them() {
        let model = model();
        let code = code(&model, "Bare");
        assert!(!code.contains("fn items"), "{code}");
        assert!(code.contains("self . input . size (page_size)"), "{code}");
        let index = Index::new(&model);
        assert!(index.operation_ir("Unpaged").unwrap().pagination.is_none());
    }

    #[test]
    fn a_required_input_token_is_refused() {
        let model = model();
        let index = Index::new(&model);
        let error = refusal(&index, "Wrong");
        assert_eq!(error.shape, "a#Wrong");
        assert_eq!(
            error.problem,
            "the `paginated` trait's `inputToken` `NextToken` must not be required"
        );
    }

    #[test]
    fn members_the_trait_names_must_exist_and_fit() {
        let cases = [
            (
                r#"{"inputToken": "Missing"}"#,
                "the `paginated` trait's `inputToken` names `Missing`, which is not a member \
                 of `a#ListThingsRequest`",
            ),
            (
                r#"{"outputToken": "Things"}"#,
                "the `paginated` trait's `outputToken` must target a string",
            ),
            (
                r#"{"items": "NextToken.Deeper"}"#,
                "the `paginated` trait's `items` names `Deeper`, which is not a member of \
                 `smithy.api#String`",
            ),
            (
                r#"{"items": "NextToken"}"#,
                "the `paginated` trait's `items` must target a list or a map",
            ),
            (
                r#"{"pageSize": "NextToken"}"#,
                "the `paginated` trait's `pageSize` `NextToken` must target an integer",
            ),
        ];
        for (trait_value, problem) in cases {
            let text = MODEL.replacen(r#"{"items": "Things"}"#, trait_value, 1);
            let model = Model::parse(std::path::Path::new("m.json"), text.as_bytes()).unwrap();
            let index = Index::new(&model);
            let error = refusal(&index, "ListThings");
            assert_eq!(error.problem, problem, "{trait_value}");
        }
    }

    #[test]
    fn without_an_input_token_anywhere_the_trait_is_refused() {
        let text = MODEL.replacen(r#""inputToken": "NextToken","#, "", 1);
        let model = Model::parse(std::path::Path::new("m.json"), text.as_bytes()).unwrap();
        let index = Index::new(&model);
        let error = refusal(&index, "ListThings");
        assert_eq!(error.problem, "the `paginated` trait names no `inputToken`");
    }
}
