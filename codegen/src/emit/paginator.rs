//! Paginators: `<Operation>Paginator`, handed out by `.into_paginator()` on the fluent builder
//! of every operation with the `smithy.api#paginated` trait.
//!
//! The trait is resolved here against the operation's input and output (and the service's
//! `paginated` defaults, which the operation's own values override); the generated code only
//! says where the tokens, the page size and the items are. Following the tokens is
//! `connect_runtime::paginate`'s job.

use crate::emit::shapes::structure_name;
use crate::ir::naming;
use crate::ir::{Home, Index};
use crate::model::{Member, Paginated, Shape, ShapeKind, Simple};
use crate::GenerateError;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// An operation's `paginated` trait, resolved to members.
pub struct Pagination<'m> {
    /// The input member the continuation token is sent in.
    pub input_token: &'m Member,
    /// The path from the output to its continuation token.
    pub output_token: Vec<Step<'m>>,
    /// The path from the output to the list or map of items, if the model names one.
    pub items: Option<Vec<Step<'m>>>,
    /// The input member that bounds the size of a page, if the model names one.
    pub page_size: Option<&'m Member>,
}

/// One member of a path, in the structure that holds it.
pub struct Step<'m> {
    /// The structure holding the member.
    pub owner: &'m Shape,
    /// The member.
    pub member: &'m Member,
}

/// The pagination of `operation`, or `None` when it is not paginated. A trait that does not
/// fit the operation's input and output is an error naming the operation and the member.
pub fn pagination<'m>(
    index: &Index<'m>,
    operation: &'m Shape,
) -> Result<Option<Pagination<'m>>, GenerateError> {
    let Some(own) = &operation.traits.paginated else {
        return Ok(None);
    };
    let model = index.model();
    let ShapeKind::Operation(op) = &operation.kind else {
        return Err(GenerateError::new(&operation.id, "not an operation"));
    };
    let service = model.shape(&model.service).traits.paginated.as_ref();
    // The service's `paginated` trait gives defaults; the operation's own values win.
    let setting = |pick: fn(&Paginated) -> &Option<String>| {
        pick(own)
            .as_deref()
            .or_else(|| service.and_then(|service| pick(service).as_deref()))
    };
    let error = |problem: String| Err(GenerateError::new(&operation.id, problem));
    let (input, output) = (model.shape(&op.input), model.shape(&op.output));

    let Some(input_token) = setting(|p| &p.input_token) else {
        return error("the `paginated` trait names no `inputToken`".into());
    };
    let input_token = member(input, input_token)
        .ok_or_else(|| missing(operation, "inputToken", input_token, input))?;
    if !is_string(index, input_token) {
        return error(format!(
            "the `paginated` trait's `inputToken` `{}` must target a string",
            input_token.name
        ));
    }
    if index.is_plain(input, input_token) {
        return error(format!(
            "the `paginated` trait's `inputToken` `{}` must not be required",
            input_token.name
        ));
    }

    let Some(output_token) = setting(|p| &p.output_token) else {
        return error("the `paginated` trait names no `outputToken`".into());
    };
    let output_token = path(index, operation, output, "outputToken", output_token)?;
    let last = output_token.last().map(|step| step.member);
    if !last.is_some_and(|member| is_string(index, member)) {
        return error("the `paginated` trait's `outputToken` must target a string".into());
    }

    let items = match setting(|p| &p.items) {
        None => None,
        Some(items) => {
            let items = path(index, operation, output, "items", items)?;
            let last = items.last().map(|step| model.shape(&step.member.target));
            if !last
                .is_some_and(|shape| matches!(shape.kind, ShapeKind::List(_) | ShapeKind::Map(..)))
            {
                return error("the `paginated` trait's `items` must target a list or a map".into());
            }
            Some(items)
        }
    };

    let page_size = match setting(|p| &p.page_size) {
        None => None,
        Some(name) => {
            let page_size =
                member(input, name).ok_or_else(|| missing(operation, "pageSize", name, input))?;
            let target = model.shape(&page_size.target);
            if !matches!(target.kind, ShapeKind::Simple(Simple::Integer)) {
                return error(format!(
                    "the `paginated` trait's `pageSize` `{name}` must target an integer"
                ));
            }
            Some(page_size)
        }
    };

    Ok(Some(Pagination {
        input_token,
        output_token,
        items,
        page_size,
    }))
}

fn member<'m>(shape: &'m Shape, name: &str) -> Option<&'m Member> {
    match &shape.kind {
        ShapeKind::Structure(members) => members.iter().find(|member| member.name == name),
        _ => None,
    }
}

fn missing(operation: &Shape, setting: &str, name: &str, owner: &Shape) -> GenerateError {
    GenerateError::new(
        &operation.id,
        format!(
            "the `paginated` trait's `{setting}` names `{name}`, which is not a member of `{}`",
            owner.id
        ),
    )
}

fn is_string(index: &Index, member: &Member) -> bool {
    matches!(
        index.model().shape(&member.target).kind,
        ShapeKind::Simple(Simple::String)
    )
}

/// A `paginated` path (`Member.Member...`) from the output structure.
fn path<'m>(
    index: &Index<'m>,
    operation: &Shape,
    output: &'m Shape,
    setting: &str,
    text: &str,
) -> Result<Vec<Step<'m>>, GenerateError> {
    let mut steps = Vec::new();
    let mut owner = output;
    for name in text.split('.') {
        let member = member(owner, name).ok_or_else(|| missing(operation, setting, name, owner))?;
        steps.push(Step { owner, member });
        owner = index.model().shape(&member.target);
    }
    Ok(steps)
}

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

/// The name of `operation`'s paginator type.
pub fn paginator_name(operation: &Shape) -> Ident {
    format_ident!("{}Paginator", naming::type_name(operation.name()))
}

/// What `lib.rs` of a paginated operation's crate adds: the module, and the re-export of the
/// paginator.
pub fn lib_items(operation: &Shape) -> (TokenStream, TokenStream) {
    let name = paginator_name(operation);
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
    operation: &Shape,
    pagination: &Pagination,
) -> Result<TokenStream, GenerateError> {
    let ShapeKind::Operation(op) = &operation.kind else {
        return Err(GenerateError::new(&operation.id, "not an operation"));
    };
    let model = index.model();
    let home = Home::Operation(operation.name().to_owned());
    let name = operation.name();
    let type_name = naming::type_name(name);
    let paginator = paginator_name(operation);
    let fluent = format_ident!("{}FluentBuilder", type_name);
    let input_builder = format_ident!("{}Builder", structure_name(index, model.shape(&op.input)));
    let output = structure_name(index, model.shape(&op.output));
    let error = format_ident!("{}Error", type_name);
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
            let item = match &collection.kind {
                ShapeKind::List(member) => index.rust_type(&member.target, &home)?,
                ShapeKind::Map(_, value) => {
                    let value = index.rust_type(&value.target, &home)?;
                    quote!((String, #value))
                }
                _ => {
                    return Err(GenerateError::new(
                        &operation.id,
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
        let operation = index.operation(operation).unwrap();
        let pagination = pagination(&index, operation).unwrap().unwrap();
        paginator_file(&index, operation, &pagination)
            .unwrap()
            .to_string()
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
        let unpaged = index.operation("Unpaged").unwrap();
        assert!(pagination(&index, unpaged).unwrap().is_none());
    }

    #[test]
    fn a_required_input_token_is_refused() {
        let model = model();
        let index = Index::new(&model);
        let error = pagination(&index, index.operation("Wrong").unwrap())
            .err()
            .unwrap();
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
            let error = pagination(&index, index.operation("ListThings").unwrap())
                .err()
                .unwrap_or_else(|| panic!("{trait_value} accepted"));
            assert_eq!(error.problem, problem, "{trait_value}");
        }
    }

    #[test]
    fn without_an_input_token_anywhere_the_trait_is_refused() {
        let text = MODEL.replacen(r#""inputToken": "NextToken","#, "", 1);
        let model = Model::parse(std::path::Path::new("m.json"), text.as_bytes()).unwrap();
        let index = Index::new(&model);
        let error = pagination(&index, index.operation("ListThings").unwrap())
            .err()
            .unwrap();
        assert_eq!(error.problem, "the `paginated` trait names no `inputToken`");
    }
}
