//! Rust types for the model's structures, unions and enums, with their builders.
//!
//! How a type is written to and read from the wire is not here: see [`super::json`] and the
//! protocol's bindings.

use super::paths;
use crate::ir::naming;
use crate::ir::{Home, Index, RustType};
use crate::model::UNIT;
use crate::model::{Member, Shape, ShapeKind, Simple};
use crate::render::docs;
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

/// What `Debug` prints instead of a sensitive value.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The type definition of named shape `shape`, living in `home`.
pub fn named_type(index: &Index, shape: &Shape, home: &Home) -> Result<TokenStream, GenerateError> {
    match &shape.kind {
        ShapeKind::Structure(members) => structure(index, shape, members, home),
        ShapeKind::Union(members) => union(index, shape, members, home),
        ShapeKind::Enum(members) => enumeration(index, shape, members),
        _ => Err(GenerateError::new(
            &shape.id,
            "not a structure, union or enum",
        )),
    }
}

/// One member of a structure as the generator sees it.
struct Field<'a> {
    member: &'a Member,
    ident: proc_macro2::Ident,
    /// The value's type.
    ty: TokenStream,
    /// The field's type: the value, boxed when the member makes the type recursive.
    stored: TokenStream,
    boxed: bool,
    plain: bool,
    sensitive: bool,
}

fn fields<'a>(
    index: &Index,
    shape: &Shape,
    members: &'a [Member],
    home: &Home,
) -> Result<Vec<Field<'a>>, GenerateError> {
    members
        .iter()
        .map(|member| {
            let ty = paths::rust_type(index, &member.target, home)?;
            let boxed = index.is_boxed(&shape.id, member);
            Ok(Field {
                member,
                ident: naming::field(&member.name),
                stored: if boxed { quote!(Box<#ty>) } else { ty.clone() },
                ty,
                boxed,
                plain: index.is_plain(shape, member),
                sensitive: index.is_sensitive(&member.target),
            })
        })
        .collect()
}

/// Whether values of `shape` can be cloned: a `@streaming` body (a stream) cannot.
pub fn is_clone(index: &Index, shape: &Shape) -> bool {
    !shape
        .members()
        .iter()
        .any(|member| matches!(index.rust_type(&member.target), Ok(RustType::ByteStream)))
}

pub(crate) fn member_docs(index: &Index, member: &Member) -> TokenStream {
    let target = index.model().shape(&member.target);
    let html = member
        .traits
        .documentation
        .as_deref()
        .or(target.traits.documentation.as_deref());
    let mut tokens = docs(html, &format!("The `{}` member.", member.name));
    if let ShapeKind::IntEnum(values) = &target.kind {
        let known: Vec<String> = values
            .iter()
            .filter_map(|value| {
                Some(format!(
                    "`{}` ({})",
                    value.traits.enum_value.as_ref()?,
                    value.name
                ))
            })
            .collect();
        let line = format!(" Known values: {}.", known.join(", "));
        tokens.extend(quote!(#[doc = ""] #[doc = #line]));
    }
    tokens
}

fn deprecated(member: &Member) -> TokenStream {
    match &member.traits.deprecated {
        None => quote!(),
        Some(deprecated) => match &deprecated.message {
            Some(message) => quote!(#[deprecated(note = #message)]),
            None => quote!(#[deprecated]),
        },
    }
}

/// `#[allow(deprecated)]` for generated code that moves every member of `shape` (building,
/// reading, writing): it must carry members the model deprecates, which users are warned about.
pub fn allow_deprecated(shape: &Shape) -> TokenStream {
    let deprecated = shape
        .members()
        .iter()
        .any(|member| member.traits.deprecated.is_some());
    if deprecated {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    }
}

fn structure(
    index: &Index,
    shape: &Shape,
    members: &[Member],
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let name = structure_name(index, shape);
    let operation = index.io_operation(&shape.id).unwrap_or(shape.name());
    let fields = fields(index, shape, members, home)?;
    let is_error = shape.traits.error.is_some();
    let type_docs = docs(
        shape.traits.documentation.as_deref(),
        &if shape.traits.input {
            format!("The input of the `{operation}` operation.")
        } else if shape.traits.output {
            format!("The output of the `{operation}` operation.")
        } else {
            format!("The `{}` structure.", shape.name())
        },
    );

    let definitions = fields.iter().map(|field| {
        let Field {
            ident,
            stored,
            plain,
            ..
        } = field;
        let doc = member_docs(index, field.member);
        let deprecated = deprecated(field.member);
        let ty = if *plain {
            quote!(#stored)
        } else {
            quote!(Option<#stored>)
        };
        quote! { #doc #deprecated pub #ident: #ty, }
    });
    let all_optional = fields.iter().all(|field| !field.plain);
    let default = all_optional.then(|| quote!(Default,));
    let sensitive = fields.iter().any(|field| field.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(Debug,));
    let clone = is_clone(index, shape).then(|| quote!(Clone,));
    let debug_impls = sensitive.then(|| redacted_debug(&name, &fields));
    // Every structure has a builder: what is only received (outputs, errors, what they hold)
    // too, so that users can build the answers their own tests need, as with the AWS SDKs.
    let builder = builder(index, shape, &name, &fields, home)?;
    let error_impls = is_error.then(|| error_impls(shape, &name, &fields));

    Ok(quote! {
        #type_docs
        #[derive(#clone #debug_derive #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #( #definitions )*
        }

        #builder
        #debug_impls
        #error_impls
    })
}

/// `<Name>Builder`, its setters and `build`, and `<Name>::builder()`.
fn builder(
    index: &Index,
    shape: &Shape,
    name: &proc_macro2::Ident,
    fields: &[Field],
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let operation = index.io_operation(&shape.id).unwrap_or(shape.name());
    let builder = format_ident!("{}Builder", name);
    let sensitive = fields.iter().any(|field| field.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(Debug,));
    let clone = is_clone(index, shape).then(|| quote!(Clone,));
    let debug_impl = sensitive.then(|| redacted_debug(&builder, fields));
    let builder_fields = fields
        .iter()
        .map(|Field { ident, stored, .. }| quote! { #ident: Option<#stored>, });
    let setters = setters(index, shape, home)?.into_iter().map(|setter| {
        let Setter {
            docs,
            ident,
            params,
            store,
            ..
        } = setter;
        quote! {
            #docs
            pub fn #ident(mut self, #params) -> Self {
                #store
                self
            }
        }
    });
    // An operation's input is always checked, so that adding a required member later does not
    // change the builder's signature; any other structure is checked only if it has a plain
    // member, which `Index::is_plain` gives inputs alone: building what the service sends back
    // never fails, as reading it never fails for a member the server left out.
    let checked = shape.traits.input || fields.iter().any(|field| field.plain);
    // Tokens are made up for what is sent; what is only received keeps what the caller set.
    let sent = index.is_serialized(&shape.id);
    let (build_return, build_body) = build(operation, name, fields, checked, sent);
    let allow_deprecated = allow_deprecated(shape);
    let builder_doc = format!(" A builder for [`{name}`].");
    let received_doc = (!sent).then(|| {
        quote! {
            #[doc = ""]
            #[doc = " The service sends this type and the SDK reads it; build one to stand in for an"]
            #[doc = " answer, say in tests of code that handles it."]
        }
    });
    let build_doc = if checked {
        format!(" The [`{name}`], or the first required member that is not set.")
    } else if sent {
        format!(
            " The [`{name}`] with the members set so far: every member is optional here; \
             the required ones are checked when a request holding it is sent."
        )
    } else {
        format!(" The [`{name}`] with the members set so far: every member is optional.")
    };
    Ok(quote! {
        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                // Spelled out: a member called `Default` gives the builder a `default` setter.
                <#builder as Default>::default()
            }
        }

        #[doc = #builder_doc]
        #received_doc
        #[derive(#clone #debug_derive Default, PartialEq)]
        pub struct #builder {
            #( #builder_fields )*
        }

        impl #builder {
            #( #setters )*

            #[doc = #build_doc]
            #allow_deprecated
            pub fn build(self) -> #build_return {
                #build_body
            }
        }

        #debug_impl
    })
}

/// One builder method: its docs, name, parameters, the statement that stores the value in a
/// builder, and the arguments that forward it to one (for fluent builders).
pub struct Setter {
    /// `#[doc]` attributes.
    pub docs: TokenStream,
    /// The method name.
    pub ident: proc_macro2::Ident,
    /// The parameter list.
    pub params: TokenStream,
    /// Stores the parameters into `self`, a builder.
    pub store: TokenStream,
    /// The parameters as arguments of the same method on another builder.
    pub args: TokenStream,
}

/// How a setter takes a value of shape `target`: numbers and booleans as they are (an integer
/// literal could not pick its type through `Into`), anything else through `Into`. Returns the
/// parameter's type and what turns the parameter into the stored value.
fn param(
    index: &Index,
    target: &str,
    home: &Home,
) -> Result<(TokenStream, TokenStream), GenerateError> {
    let ty = paths::rust_type(index, target, home)?;
    let by_value = match &index.model().shape(target).kind {
        ShapeKind::Simple(simple) => simple.is_copy(),
        ShapeKind::IntEnum(_) => true,
        _ => false,
    };
    Ok(if by_value {
        (ty, TokenStream::new())
    } else {
        (quote!(impl Into<#ty>), quote!(.into()))
    })
}

/// `setter` with the lint of Rust's method-name conventions turned off for it alone when the
/// member's name (`IsMultiline` → `is_multiline(mut self, ..)`) breaks them.
fn convention_exempt(mut setter: Setter) -> Setter {
    if naming::breaks_self_convention(&setter.ident.to_string()) {
        let docs = &setter.docs;
        setter.docs = quote! {
            #docs
            #[allow(clippy::wrong_self_convention)]
        };
    }
    setter
}

/// The setters of every member of structure `shape`: `member(value)` and
/// `set_member(Option<value>)`; lists take one item at a time and maps one entry, as in the
/// AWS SDKs.
pub fn setters(index: &Index, shape: &Shape, home: &Home) -> Result<Vec<Setter>, GenerateError> {
    let mut setters = Vec::new();
    for field in fields(index, shape, shape.members(), home)? {
        let Field {
            ident,
            ty,
            member,
            boxed,
            ..
        } = field;
        let target = index.model().shape(&member.target);
        let sparse = target.traits.sparse;
        let primary = match &target.kind {
            ShapeKind::List(item) if !sparse => {
                let (item, into) = param(index, &item.target, home)?;
                Setter {
                    docs: docs(None, &format!("Appends one item to `{}`.", member.name)),
                    ident: ident.clone(),
                    params: quote!(item: #item),
                    store: quote!(self.#ident.get_or_insert_with(Vec::new).push(item #into);),
                    args: quote!(item),
                }
            }
            ShapeKind::Map(key, value) if !sparse => {
                let (key, key_into) = param(index, &key.target, home)?;
                let (value, value_into) = param(index, &value.target, home)?;
                Setter {
                    docs: docs(None, &format!("Adds one entry to `{}`.", member.name)),
                    ident: ident.clone(),
                    params: quote!(key: #key, value: #value),
                    store: quote! {
                        self.#ident
                            .get_or_insert_with(Default::default)
                            .insert(key #key_into, value #value_into);
                    },
                    args: quote!(key, value),
                }
            }
            _ => {
                let (param, into) = param(index, &member.target, home)?;
                Setter {
                    docs: member_docs(index, member),
                    ident: ident.clone(),
                    params: quote!(value: #param),
                    store: if boxed {
                        quote!(self.#ident = Some(Box::new(value #into));)
                    } else {
                        quote!(self.#ident = Some(value #into);)
                    },
                    args: quote!(value),
                }
            }
        };
        setters.push(convention_exempt(primary));
        setters.push(Setter {
            docs: docs(None, &format!("Sets or clears `{}`.", member.name)),
            ident: format_ident!("set_{}", naming::snake(&member.name)),
            params: quote!(value: Option<#ty>),
            store: if boxed {
                quote!(self.#ident = value.map(Box::new);)
            } else {
                quote!(self.#ident = value;)
            },
            args: quote!(value),
        });
    }
    Ok(setters)
}

/// The return type and body of `build`: a `Result` when `checked`, which refuses a plain member
/// left unset; with `fill_tokens`, `@idempotencyToken` members left unset get a new token.
fn build(
    operation: &str,
    name: &proc_macro2::Ident,
    fields: &[Field],
    checked: bool,
    fill_tokens: bool,
) -> (TokenStream, TokenStream) {
    let values = fields.iter().map(|field| {
        let ident = &field.ident;
        let token = fill_tokens && field.member.traits.idempotency_token;
        match (field.plain, token) {
            // A token the caller leaves unset is made up once, here: retries reuse the input.
            (true, true) => quote! {
                #ident: self.#ident.unwrap_or_else(connect_runtime::idempotency_token),
            },
            (false, true) => quote! {
                #ident: self.#ident.or_else(|| Some(connect_runtime::idempotency_token())),
            },
            // A required member is refused when unset, even with a `@default`: what the caller
            // did not set is never sent (botocore refuses it likewise), so that a default
            // nobody chose cannot overwrite what the caller meant to keep.
            (true, false) => {
                let member = &field.member.name;
                quote! {
                    #ident: self.#ident.ok_or(connect_runtime::BuildError::MissingMember {
                        operation: #operation,
                        member: #member,
                    })?,
                }
            }
            (false, false) => quote! { #ident: self.#ident, },
        }
    });
    let value = quote! { #name { #( #values )* } };
    if checked {
        (
            quote!(Result<#name, connect_runtime::BuildError>),
            quote!(Ok(#value)),
        )
    } else {
        (quote!(#name), value)
    }
}

/// The member's `@default` as a Rust literal, when it has one a reader must fill in. Defaults
/// added after a member existed (`@addedDefault`) and `null` defaults are not filled: older
/// servers may leave such members out meaning "not set".
pub fn default_value(index: &Index, member: &Member) -> Result<Option<TokenStream>, GenerateError> {
    let traits = &member.traits;
    let Some(default) = traits.default.as_ref().filter(|value| !value.is_null()) else {
        return Ok(None);
    };
    if traits.added_default {
        return Ok(None);
    }
    let target = index.model().shape(&member.target);
    let unsupported = || {
        GenerateError::new(
            &target.id,
            format!(
                "member `{}`: default value {default} is not supported",
                member.name
            ),
        )
    };
    let literal = match (&target.kind, default) {
        (ShapeKind::Simple(Simple::Boolean), serde_json::Value::Bool(value)) => quote!(#value),
        (
            ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long)
            | ShapeKind::IntEnum(_),
            serde_json::Value::Number(number),
        ) => {
            let value = number.as_i64().ok_or_else(unsupported)?;
            proc_macro2::Literal::i64_unsuffixed(value).into_token_stream()
        }
        (ShapeKind::Simple(Simple::Float | Simple::Double), serde_json::Value::Number(number)) => {
            let value = number.as_f64().ok_or_else(unsupported)?;
            proc_macro2::Literal::f64_unsuffixed(value).into_token_stream()
        }
        (ShapeKind::Simple(Simple::String), serde_json::Value::String(value)) => {
            quote!(#value.to_owned())
        }
        (ShapeKind::Enum(_), serde_json::Value::String(value)) => quote!(#value.into()),
        _ => return Err(unsupported()),
    };
    Ok(Some(literal))
}

/// `Debug` that prints sensitive members as a placeholder, never their value.
fn redacted_debug(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let label = name.to_string();
    let entries = fields.iter().map(|field| {
        let key = field.ident.to_string();
        let key = key.trim_start_matches("r#");
        if field.sensitive {
            quote! { .field(#key, &#REDACTED) }
        } else {
            let ident = &field.ident;
            quote! { .field(#key, &self.#ident) }
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #( #entries )* .finish()
            }
        }
    }
}

/// The `Debug` of an enum or union: derived, or, when its values are sensitive, an impl that
/// prints only the type name and a placeholder. Returns the derive item and the impl.
fn whole_value_debug(name: &proc_macro2::Ident, sensitive: bool) -> (TokenStream, TokenStream) {
    if !sensitive {
        return (quote!(Debug,), quote!());
    }
    let label = name.to_string();
    let debug = quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(#label).field(&#REDACTED).finish()
            }
        }
    };
    (quote!(), debug)
}

/// `Display` and `Error` for an error structure: the code, then the message if any.
fn error_impls(shape: &Shape, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let code = shape.name();
    let code_doc = format!(" The error code the service answers with: `{code}`.");
    let message = fields
        .iter()
        .find(|field| field.member.name.eq_ignore_ascii_case("message") && !field.plain);
    let write_message = message.map(|field| {
        let ident = &field.ident;
        quote! {
            if let Some(message) = &self.#ident {
                write!(f, ": {message}")?;
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #code_doc]
            pub const CODE: &'static str = #code;
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(Self::CODE)?;
                #write_message
                Ok(())
            }
        }

        impl std::error::Error for #name {}
    }
}

fn union(
    index: &Index,
    shape: &Shape,
    members: &[Member],
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let name = quote::format_ident!("{}", index.type_name(&shape.id));
    let type_docs = docs(
        shape.traits.documentation.as_deref(),
        &format!("The `{}` union: exactly one member is set.", shape.name()),
    );
    let sensitive = members
        .iter()
        .any(|member| index.is_sensitive(&member.target));
    let variants = members
        .iter()
        .map(|member| {
            let variant = naming::variant(&member.name);
            let doc = member_docs(index, member);
            if member.target == UNIT {
                return Ok(quote! { #doc #variant, });
            }
            let ty = paths::rust_type(index, &member.target, home)?;
            if index.is_boxed(&shape.id, member) {
                return Ok(quote! { #doc #variant(Box<#ty>), });
            }
            Ok(quote! { #doc #variant(#ty), })
        })
        .collect::<Result<Vec<_>, GenerateError>>()?;
    let (debug_derive, debug) = whole_value_debug(&name, sensitive);
    Ok(quote! {
        #type_docs
        // Variants hold their values inline, as in the AWS SDKs, so that building and matching
        // stay plain: a union is built once per request, where boxing would save nothing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, #debug_derive PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A member this version of the SDK does not know, by name: the service added it
            /// after this SDK was generated.
            Unknown(String),
        }
        #debug
    })
}

fn enumeration(
    index: &Index,
    shape: &Shape,
    members: &[Member],
) -> Result<TokenStream, GenerateError> {
    let name = quote::format_ident!("{}", index.type_name(&shape.id));
    let values = members
        .iter()
        .map(|member| match member.traits.enum_value.as_ref() {
            None => Ok(member.name.clone()),
            Some(serde_json::Value::String(value)) => Ok(value.clone()),
            Some(_) => Err(GenerateError::new(
                &shape.id,
                format!("enum member `{}` has a non-string value", member.name),
            )),
        })
        .collect::<Result<Vec<String>, GenerateError>>()?;
    let variants: Vec<_> = members
        .iter()
        .map(|member| naming::variant(&member.name))
        .collect();
    let variant_docs = members.iter().zip(&values).map(|(member, value)| {
        docs(
            member.traits.documentation.as_deref(),
            &format!("`{value}`"),
        )
    });
    let type_docs = docs(
        shape.traits.documentation.as_deref(),
        &format!("The `{}` enumeration.", shape.name()),
    );
    let (debug_derive, debug) = whole_value_debug(&name, shape.traits.sensitive);
    Ok(quote! {
        #type_docs
        #[derive(Clone, #debug_derive PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the SDK does not know: the service added it after this
            /// SDK was generated.
            Unknown(String),
        }

        impl #name {
            /// The value as the service spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => value,
                }
            }

            /// Every value this version of the SDK knows.
            pub fn values() -> &'static [&'static str] {
                &[#( #values ),*]
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #debug
    })
}

/// The Rust name of a structure, union or enum (see [`Index::type_name`]).
pub fn structure_name(index: &Index, shape: &Shape) -> proc_macro2::Ident {
    format_ident!("{}", index.type_name(&shape.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    /// A service with one operation whose input holds a sensitive string directly and in a list.
    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "a#S": {"type": "service", "operations": [{"target": "a#Op"}]},
        "a#Op": {"type": "operation", "input": {"target": "a#OpRequest"},
                 "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}},
        "a#OpRequest": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
            "Name": {"target": "smithy.api#String"},
            "Secret": {"target": "a#Secret"},
            "Secrets": {"target": "a#SecretList"}}},
        "a#Secret": {"type": "string", "traits": {"smithy.api#sensitive": {}}},
        "a#SecretList": {"type": "list", "member": {"target": "a#Secret"}}
    }}"#;

    /// An operation that receives an output with a required, a sensitive and a token member, and
    /// an error with a required member: none of them is ever sent.
    const RECEIVED: &str = r#"{"smithy": "2.0", "shapes": {
        "a#S": {"type": "service", "operations": [{"target": "a#Op"}]},
        "a#Op": {"type": "operation", "input": {"target": "a#OpRequest"},
                 "output": {"target": "a#OpResponse"}, "errors": [{"target": "a#Gone"}],
                 "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}},
        "a#OpRequest": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {}},
        "a#OpResponse": {"type": "structure", "traits": {"smithy.api#output": {}}, "members": {
            "Id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
            "Secret": {"target": "a#Secret"},
            "Token": {"target": "smithy.api#String",
                      "traits": {"smithy.api#idempotencyToken": {}}}}},
        "a#Gone": {"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {
            "Message": {"target": "smithy.api#String"},
            "Reason": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}}},
        "a#Secret": {"type": "string", "traits": {"smithy.api#sensitive": {}}}
    }}"#;

    #[test]
    fn received_structures_have_builders_that_cannot_fail() {
        let model = Model::parse(std::path::Path::new("m.json"), RECEIVED.as_bytes()).unwrap();
        let index = Index::new(&model);
        let home = Home::Operation("Op".into());
        let output = named_type(&index, model.shape("a#OpResponse"), &home)
            .unwrap()
            .to_string();
        for expected in [
            "pub struct OpOutputBuilder",
            "pub fn builder () -> OpOutputBuilder",
            "pub fn id (mut self , value : impl Into < String >) -> Self",
            "pub fn set_secret (mut self , value : Option < String >) -> Self",
            // Required members of what is received stay optional: building cannot fail.
            "pub fn build (self) -> OpOutput { OpOutput { id : self . id , \
             secret : self . secret , token : self . token , } }",
            "impl std :: fmt :: Debug for OpOutputBuilder",
        ] {
            assert!(output.contains(expected), "{expected} missing: {output}");
        }
        // No token is made up for an answer, and the builder's Debug hides the secret.
        assert!(!output.contains("idempotency_token"), "{output}");
        let debug = &output[output.find("Debug for OpOutputBuilder").unwrap()..];
        assert!(
            debug.contains(r#". field ("secret" , & "*** Sensitive Data Redacted ***")"#),
            "{debug}"
        );

        let error = named_type(&index, model.shape("a#Gone"), &home)
            .unwrap()
            .to_string();
        for expected in [
            "pub struct GoneBuilder",
            "pub fn message (mut self , value : impl Into < String >) -> Self",
            "pub fn build (self) -> Gone { Gone { message : self . message , \
             reason : self . reason , } }",
            "pub const CODE : & 'static str = \"Gone\"",
        ] {
            assert!(error.contains(expected), "{expected} missing: {error}");
        }
    }

    #[test]
    fn sensitive_members_are_redacted_in_type_and_builder_debug() {
        let model = Model::parse(std::path::Path::new("m.json"), MODEL.as_bytes()).unwrap();
        let index = Index::new(&model);
        let shape = model.shape("a#OpRequest");
        let home = Home::Operation("Op".into());
        let code = named_type(&index, shape, &home).unwrap().to_string();
        assert!(
            !code.contains("Debug ,"),
            "Debug must not be derived: {code}"
        );
        for debug_impl in [
            "impl std :: fmt :: Debug for OpInput",
            "impl std :: fmt :: Debug for OpInputBuilder",
        ] {
            let at = code
                .find(debug_impl)
                .unwrap_or_else(|| panic!("{debug_impl} missing"));
            let body = &code[at..];
            let body = &body[..body.find("finish").unwrap()];
            assert!(
                body.contains(r#". field ("name" , & self . name)"#),
                "{body}"
            );
            assert!(
                body.contains(r#". field ("secret" , & "*** Sensitive Data Redacted ***")"#),
                "{body}"
            );
            assert!(
                body.contains(r#". field ("secrets" , & "*** Sensitive Data Redacted ***")"#),
                "{body}"
            );
        }
    }
}
