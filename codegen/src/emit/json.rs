//! `ToJson` and `FromJson` of every named type, in both of the runtime's forms: the wire form
//! (members under their JSON names, which the protocol decides; for an operation's input or
//! output, its body members only) and the document form (every member under its model name),
//! which tools and people write and read.
//!
//! What only the document form needs (an input's reader, an output's writer, and every JSON
//! impl of a protocol whose wire form is not JSON) sits behind the crates' `documents`
//! feature: applications send and receive, and only tools and tests read and write
//! documents of what they do not send or receive.

use super::shapes;
use crate::ir::naming;
use crate::ir::Index;
use crate::model::{Member, Shape, ShapeKind, Simple, UNIT};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// How a type's JSON is written: whether `@jsonName` renames members on the wire, and which
/// members an operation's input or output has in its body.
pub struct Codec<'a> {
    /// Whether the protocol honours `@jsonName`.
    pub json_names: bool,
    /// Whether the protocol's requests and answers are JSON (not awsQuery's form and XML).
    pub json_wire: bool,
    /// For an operation's input or output, the members of its JSON body (the others are in
    /// the document form only); `None` for other types, whose every member is in the body.
    pub body: Option<&'a [&'a Member]>,
}

impl Codec<'_> {
    fn in_body(&self, member: &Member) -> bool {
        self.body
            .is_none_or(|body| body.iter().any(|other| other.name == member.name))
    }

    /// Whether the member's wire name differs from its model name.
    fn renames(&self, member: &Member) -> bool {
        self.json_names
            && member
                .traits
                .json_name
                .as_ref()
                .is_some_and(|wire| *wire != member.name)
    }

    /// The member's name in `form`: an expression when the wire name differs.
    fn name(&self, member: &Member) -> TokenStream {
        let model = &member.name;
        match member.traits.json_name.as_ref().filter(|_| self.json_names) {
            Some(wire) if wire != model => quote!(form.name(#wire, #model)),
            _ => quote!(#model),
        }
    }
}

/// Whether `member` is a `@streaming` blob: a body of its own, never in any JSON (the document
/// form has no value for it: it is set through the builder).
fn is_stream(index: &Index, member: &Member) -> bool {
    matches!(
        index.rust_type(&member.target),
        Ok(crate::ir::RustType::ByteStream)
    )
}

/// `ToJson` and `FromJson` impls for named shape `shape`.
pub fn json_impls(
    index: &Index,
    shape: &Shape,
    codec: &Codec,
) -> Result<TokenStream, GenerateError> {
    let write = to_json(index, shape, codec)?;
    let read = if shape.traits.input {
        input_from_json(index, shape, codec)
    } else {
        from_json(index, shape, codec)?
    };
    let sent = codec.json_wire && index.is_serialized(&shape.id);
    let received = codec.json_wire && !shape.traits.input && index.is_deserialized(&shape.id);
    let write = documents_only(write, !sent);
    let read = documents_only(read, !received);
    Ok(quote! { #write #read })
}

/// `item` behind the `documents` feature when `only` (the wire never uses it).
fn documents_only(item: TokenStream, only: bool) -> TokenStream {
    if only {
        quote! { #[cfg(feature = "documents")] #item }
    } else {
        item
    }
}

/// `FromJson` for an operation's input: every member, then the builder, which refuses missing
/// required members and fills idempotency tokens.
fn input_from_json(index: &Index, shape: &Shape, codec: &Codec) -> TokenStream {
    let name = shapes::structure_name(index, shape);
    let members = shape.members();
    let sets = members
        .iter()
        .filter(|member| !is_stream(index, member))
        .map(|member| {
            let setter = quote::format_ident!("set_{}", naming::snake(&member.name));
            let read = read_value(index, member, codec.name(member));
            quote! { .#setter(#read) }
        });
    let (object, _) = object_binding(index, members, codec);
    // Inputs are read member by member into the builder: no defaults, no bindings.
    let used = members
        .iter()
        .filter(|member| !is_stream(index, member))
        .any(|member| {
            let plain_reader =
                member.target != UNIT && !matches!(timestamps(index, member), Ok(Some(_)));
            plain_reader || codec.renames(member)
        });
    let form = if used { quote!(form) } else { quote!(_) };
    quote! {
        impl connect_runtime::json::FromJson for #name {
            fn read_json(
                json: &connect_runtime::json::Value,
                #form: connect_runtime::json::Form,
            ) -> Result<Self, connect_runtime::json::JsonError> {
                #object
                #name::builder()
                    #( #sets )*
                    .build()
                    .map_err(|error| connect_runtime::json::JsonError::new(error.to_string()))
            }
        }
    }
}

/// The statement binding a structure's JSON object, and the name of the reader's `Form`
/// parameter (`_` when no member reader takes it).
fn object_binding(index: &Index, members: &[Member], codec: &Codec) -> (TokenStream, TokenStream) {
    let object = if members.is_empty() {
        quote! { connect_runtime::json::object(json)?; }
    } else {
        quote! { let object = connect_runtime::json::object(json)?; }
    };
    (object, form_param(index, members, codec))
}

/// `form` when reading some member of `members` takes the form (the plain member reader,
/// a name that differs between forms, a member outside the body, a default), else `_`.
fn form_param(index: &Index, members: &[Member], codec: &Codec) -> TokenStream {
    let used = members
        .iter()
        .filter(|member| !is_stream(index, member))
        .any(|member| {
            let plain_reader =
                member.target != UNIT && !matches!(timestamps(index, member), Ok(Some(_)));
            let renamed = codec.renames(member);
            let defaulted = matches!(shapes::default_value(index, member), Ok(Some(_)));
            plain_reader || renamed || !codec.in_body(member) || defaulted
        });
    if used {
        quote!(form)
    } else {
        quote!(_)
    }
}

/// How a timestamp member, or a list or map of timestamps, is written when its format is not
/// epoch seconds (the JSON protocols' default, which `DateTime`'s own impls use).
enum Timestamps {
    One(TokenStream),
    List(TokenStream),
    Map(TokenStream),
}

fn timestamps(index: &Index, member: &Member) -> Result<Option<Timestamps>, GenerateError> {
    let model = index.model();
    let format = |member: &Member| -> Option<TokenStream> {
        let target = model.shape(&member.target);
        if !matches!(target.kind, ShapeKind::Simple(Simple::Timestamp)) {
            return None;
        }
        match index.timestamp_format(member)? {
            "date-time" => Some(quote!(connect_runtime::TimestampFormat::DateTime)),
            "http-date" => Some(quote!(connect_runtime::TimestampFormat::HttpDate)),
            _ => None,
        }
    };
    if let Some(format) = format(member) {
        return Ok(Some(Timestamps::One(format)));
    }
    let target = model.shape(&member.target);
    let (item, wrap): (&Member, fn(TokenStream) -> Timestamps) = match &target.kind {
        ShapeKind::List(item) => (item, Timestamps::List),
        ShapeKind::Map(_, value) => (value, Timestamps::Map),
        _ => return Ok(None),
    };
    let Some(format) = format(item) else {
        return Ok(None);
    };
    if target.traits.sparse {
        return Err(GenerateError::new(
            &target.id,
            "a sparse collection of timestamps in a format of their own is not supported",
        ));
    }
    Ok(Some(wrap(format)))
}

/// The expression reading member `member` from `object` under `name`: `Option<T>`.
fn read_value(index: &Index, member: &Member, name: TokenStream) -> TokenStream {
    match timestamps(index, member) {
        Ok(Some(Timestamps::One(format))) => {
            quote! { connect_runtime::json::timestamp_member(object, #name, #format)? }
        }
        Ok(Some(Timestamps::List(format))) => {
            quote! { connect_runtime::json::timestamp_list_member(object, #name, #format)? }
        }
        Ok(Some(Timestamps::Map(format))) => {
            quote! { connect_runtime::json::timestamp_map_member(object, #name, #format)? }
        }
        _ => quote! { connect_runtime::json::member(object, #name, form)? },
    }
}

/// Statements writing the members of `self` into an `ObjectWriter` called `object`, in the
/// model's order; a run of members bound to the URI, a header or the status code is written
/// in the document form only.
fn write_members(
    index: &Index,
    owner: &Shape,
    codec: &Codec,
) -> Result<TokenStream, GenerateError> {
    let mut writes: Vec<(bool, TokenStream)> = Vec::new();
    for member in owner
        .members()
        .iter()
        .filter(|member| !is_stream(index, member))
    {
        let ident = naming::field(&member.name);
        let name = codec.name(member);
        let value = |value: TokenStream| -> Result<TokenStream, GenerateError> {
            Ok(match timestamps(index, member)? {
                Some(Timestamps::One(format)) => {
                    quote!(&connect_runtime::json::Timestamp(#value, #format))
                }
                Some(Timestamps::List(format)) => {
                    quote!(&connect_runtime::json::Timestamps(&#value[..], #format))
                }
                Some(Timestamps::Map(format)) => {
                    quote!(&connect_runtime::json::Timestamps(#value, #format))
                }
                None => value,
            })
        };
        let write = if index.is_plain(owner, member) {
            let value = value(quote!(&self.#ident))?;
            quote! { object.member(#name, #value); }
        } else {
            let value = value(quote!(value))?;
            quote! {
                if let Some(value) = &self.#ident {
                    object.member(#name, #value);
                }
            }
        };
        writes.push((codec.in_body(member), write));
    }
    let mut statements = Vec::new();
    let mut writes = writes.into_iter().peekable();
    while let Some((in_body, write)) = writes.next() {
        if in_body {
            statements.push(write);
            continue;
        }
        let mut run = vec![write];
        while let Some((_, write)) = writes.next_if(|(in_body, _)| !in_body) {
            run.push(write);
        }
        statements.push(quote! {
            if object.form() == connect_runtime::json::Form::Document {
                #( #run )*
            }
        });
    }
    Ok(quote! { #( #statements )* })
}

/// The expression reading member `member` from `object`, with its `@default` filled in when
/// an answer leaves it out (never in the document form: what the caller did not set is not
/// sent).
fn read_member(
    index: &Index,
    member: &Member,
    codec: &Codec,
) -> Result<TokenStream, GenerateError> {
    let read = read_value(index, member, codec.name(member));
    Ok(match shapes::default_value(index, member)? {
        Some(default) => quote! { #read.or_else(|| form.default_value(|| #default)) },
        None => read,
    })
}

fn to_json(index: &Index, shape: &Shape, codec: &Codec) -> Result<TokenStream, GenerateError> {
    let name = shapes::structure_name(index, shape);
    let allow_deprecated = shapes::allow_deprecated(shape);
    let (form, body) = match &shape.kind {
        ShapeKind::Structure(members) if members.is_empty() => (
            quote!(form),
            quote! { connect_runtime::json::ObjectWriter::new(out, form).finish(); },
        ),
        ShapeKind::Structure(_) => {
            let writes = write_members(index, shape, codec)?;
            (
                quote!(form),
                quote! {
                    let mut object = connect_runtime::json::ObjectWriter::new(out, form);
                    #writes
                    object.finish();
                },
            )
        }
        ShapeKind::Enum(_) => (
            quote!(form),
            quote! { connect_runtime::json::ToJson::write_json(self.as_str(), out, form); },
        ),
        ShapeKind::Union(members) => (quote!(form), union_to_json(index, members, codec)?),
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    Ok(quote! {
        impl connect_runtime::json::ToJson for #name {
            #allow_deprecated
            fn write_json(&self, out: &mut Vec<u8>, #form: connect_runtime::json::Form) {
                #body
            }
        }
    })
}

fn union_to_json(
    index: &Index,
    members: &[Member],
    codec: &Codec,
) -> Result<TokenStream, GenerateError> {
    let mut arms = Vec::new();
    for member in members {
        let variant = naming::variant(&member.name);
        let name = codec.name(member);
        if member.target == UNIT {
            arms.push(quote! { Self::#variant => object.member(#name, &()), });
            continue;
        }
        arms.push(match timestamps(index, member)? {
            Some(Timestamps::One(format)) => quote! {
                Self::#variant(value) => object.member(
                    #name,
                    &connect_runtime::json::Timestamp(value, #format),
                ),
            },
            Some(_) => {
                return Err(GenerateError::new(
                    &member.target,
                    "a union member holding timestamps in a format of their own is not supported",
                ))
            }
            None => quote! { Self::#variant(value) => object.member(#name, value), },
        });
    }
    Ok(quote! {
        let mut object = connect_runtime::json::ObjectWriter::new(out, form);
        match self {
            #( #arms )*
            // Never sent: validation refuses an unknown member before a request is
            // built. An empty object is the nearest valid JSON.
            Self::Unknown(_) => {}
        }
        object.finish();
    })
}

fn from_json(index: &Index, shape: &Shape, codec: &Codec) -> Result<TokenStream, GenerateError> {
    let name = shapes::structure_name(index, shape);
    let allow_deprecated = shapes::allow_deprecated(shape);
    let (form, body) = match &shape.kind {
        ShapeKind::Structure(members) => {
            let reads = members
                .iter()
                .map(|member| {
                    let ident = naming::field(&member.name);
                    if is_stream(index, member) {
                        return Ok(quote! { #ident: None, });
                    }
                    let read = struct_member(index, shape, member, codec)?;
                    Ok(if codec.in_body(member) {
                        quote! { #ident: #read, }
                    } else {
                        quote! {
                            #ident: match form {
                                connect_runtime::json::Form::Document => #read,
                                connect_runtime::json::Form::Wire => None,
                            },
                        }
                    })
                })
                .collect::<Result<Vec<_>, GenerateError>>()?;
            let (object, form) = object_binding(index, members, codec);
            (
                form,
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
        ShapeKind::Union(members) => union_from_json(index, members, codec)?,
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    Ok(quote! {
        impl connect_runtime::json::FromJson for #name {
            #allow_deprecated
            fn read_json(
                json: &connect_runtime::json::Value,
                #form: connect_runtime::json::Form,
            ) -> Result<Self, connect_runtime::json::JsonError> {
                #body
            }
        }
    })
}

/// The expression reading one member of a structure.
fn struct_member(
    index: &Index,
    shape: &Shape,
    member: &Member,
    codec: &Codec,
) -> Result<TokenStream, GenerateError> {
    // Error answers spell the message `message`, `Message` or `errorMessage` whatever the
    // model calls it.
    if shape.traits.error.is_some() && member.name.eq_ignore_ascii_case("message") {
        let name = codec.name(member);
        return Ok(quote! {
            match connect_runtime::json::member(object, #name, form)? {
                Some(message) => Some(message),
                None => connect_runtime::protocol::error_message(object),
            }
        });
    }
    read_member(index, member, codec)
}

fn union_from_json(
    index: &Index,
    members: &[Member],
    codec: &Codec,
) -> Result<(TokenStream, TokenStream), GenerateError> {
    let mut arms = Vec::new();
    for member in members {
        let variant = naming::variant(&member.name);
        let name = match member
            .traits
            .json_name
            .as_ref()
            .filter(|_| codec.json_names)
        {
            Some(wire) if *wire != member.name => {
                let model = &member.name;
                quote!(name if name == form.name(#wire, #model))
            }
            _ => {
                let model = &member.name;
                quote!(#model)
            }
        };
        if member.target == UNIT {
            arms.push(quote! { #name => Self::#variant, });
            continue;
        }
        let read = match timestamps(index, member)? {
            Some(Timestamps::One(format)) => {
                quote! { connect_runtime::json::timestamp(value, #format) }
            }
            _ => quote! { connect_runtime::json::FromJson::read_json(value, form) },
        };
        arms.push(quote! {
            #name => Self::#variant(#read.map_err(|error| error.at_member(name))?),
        });
    }
    let body = quote! {
        let (name, value) = connect_runtime::json::union_member(json)?;
        Ok(match name {
            #( #arms )*
            other => Self::Unknown(other.to_owned()),
        })
    };
    Ok((form_param(index, members, codec), body))
}
