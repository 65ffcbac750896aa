//! awsQuery answers: `FromXml` for every type some operation receives, reading each member from
//! the child element of its name (`@xmlName`, else the member's name) as
//! `connect_runtime::xml` describes; a member an answer leaves out takes its `@default`.

use super::query::member_key;
use super::{paths, shapes};
use crate::ir::{naming, Home, Index};
use crate::model::{Member, Shape, ShapeKind, Simple};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// The `FromXml` impl of named shape `shape` (a structure, union or enum that is received),
/// whose code lives in `home`.
pub fn from_xml_impl(
    index: &Index,
    shape: &Shape,
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let name = shapes::structure_name(index, shape);
    let allow_deprecated = shapes::allow_deprecated(shape);
    let (element, body) = match &shape.kind {
        ShapeKind::Structure(members) => {
            let mut fields = Vec::new();
            for member in members {
                let ident = naming::field(&member.name);
                let mut read = read_member(index, shape, member, home)?;
                // Error answers spell the message `Message` or `message`, whatever the model
                // calls it.
                if shape.traits.error.is_some() && member.name.eq_ignore_ascii_case("message") {
                    read =
                        quote! { #read.or_else(|| connect_runtime::xml::error_message(element)) };
                } else if let Some(default) = shapes::default_value(index, member)? {
                    read = quote! { #read.or_else(|| Some(#default)) };
                }
                fields.push(quote! { #ident: #read, });
            }
            (
                if members.is_empty() {
                    quote!(_)
                } else {
                    quote!(element)
                },
                quote! { Ok(Self { #( #fields )* }) },
            )
        }
        ShapeKind::Union(members) => {
            let mut arms = Vec::new();
            for member in members {
                if member.traits.xml_flattened {
                    return Err(GenerateError::new(
                        &shape.id,
                        format!(
                            "union member `{}`: `@xmlFlattened` in a union is not supported",
                            member.name
                        ),
                    ));
                }
                let variant = naming::variant(&member.name);
                let key = member_key(member);
                let reader = reader(index, shape, member, &member.target, home)?;
                arms.push(quote! {
                    #key => {
                        let read = #reader;
                        Self::#variant(read(value).map_err(|error| error.at(#key))?)
                    }
                });
            }
            (
                quote!(element),
                quote! {
                    let value = connect_runtime::xml::union_member(element)?;
                    Ok(match value.name() {
                        #( #arms )*
                        other => Self::Unknown(other.to_owned()),
                    })
                },
            )
        }
        ShapeKind::Enum(_) => (quote!(element), quote! { Ok(Self::from(element.text())) }),
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    Ok(quote! {
        impl connect_runtime::xml::FromXml for #name {
            #allow_deprecated
            fn read_xml(
                #element: &connect_runtime::xml::Element,
            ) -> Result<Self, connect_runtime::xml::XmlError> {
                #body
            }
        }
    })
}

/// The expression reading member `member` of structure `owner` from `element`: `Option<T>`.
fn read_member(
    index: &Index,
    owner: &Shape,
    member: &Member,
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let key = member_key(member);
    let target = index.model().shape(&member.target);
    if member.traits.xml_flattened {
        return Ok(match &target.kind {
            ShapeKind::List(item) => {
                let read = reader(index, owner, item, &item.target, home)?;
                quote! { connect_runtime::xml::flat_list(element, #key, #read)? }
            }
            ShapeKind::Map(key_member, value_member) => {
                let (key_name, value_name) = entry_names(key_member, value_member);
                let read_key = reader(index, owner, key_member, &key_member.target, home)?;
                let read_value = reader(index, owner, value_member, &value_member.target, home)?;
                quote! {
                    connect_runtime::xml::flat_map(element, #key, #key_name, #value_name, #read_key, #read_value)?
                }
            }
            _ => {
                return Err(GenerateError::new(
                    &owner.id,
                    format!(
                        "member `{}`: `@xmlFlattened` applies to lists and maps",
                        member.name
                    ),
                ))
            }
        });
    }
    let read = reader(index, owner, member, &member.target, home)?;
    Ok(quote! { connect_runtime::xml::member(element, #key, #read)? })
}

/// The names of a map's key and value elements.
fn entry_names<'a>(key: &'a Member, value: &'a Member) -> (&'a str, &'a str) {
    (
        key.traits.xml_name.as_deref().unwrap_or("key"),
        value.traits.xml_name.as_deref().unwrap_or("value"),
    )
}

/// A function (a path or a closure) reading a value of shape `target`, reached through
/// `member`, from its element.
fn reader(
    index: &Index,
    owner: &Shape,
    member: &Member,
    target: &str,
    home: &Home,
) -> Result<TokenStream, GenerateError> {
    let shape = index.model().shape(target);
    Ok(match &shape.kind {
        ShapeKind::Simple(Simple::Timestamp) => match index.timestamp_format(member) {
            Some(format @ ("epoch-seconds" | "http-date")) => {
                let format = if format == "epoch-seconds" {
                    quote!(EpochSeconds)
                } else {
                    quote!(HttpDate)
                };
                quote! {
                    |element: &connect_runtime::xml::Element| {
                        connect_runtime::xml::timestamp(element, connect_runtime::TimestampFormat::#format)
                    }
                }
            }
            _ => quote!(<connect_runtime::DateTime as connect_runtime::xml::FromXml>::read_xml),
        },
        ShapeKind::Simple(Simple::Document) => {
            return Err(GenerateError::new(
                &owner.id,
                format!(
                    "member `{}`: awsQuery has no form for documents",
                    member.name
                ),
            ))
        }
        ShapeKind::List(item) => {
            let name = item.traits.xml_name.as_deref().unwrap_or("member");
            let read = reader(index, owner, item, &item.target, home)?;
            quote! {
                |element: &connect_runtime::xml::Element| connect_runtime::xml::list(element, #name, #read)
            }
        }
        ShapeKind::Map(key_member, value_member) => {
            let (key_name, value_name) = entry_names(key_member, value_member);
            let read_key = reader(index, owner, key_member, &key_member.target, home)?;
            let read_value = reader(index, owner, value_member, &value_member.target, home)?;
            quote! {
                |element: &connect_runtime::xml::Element| {
                    connect_runtime::xml::map(element, #key_name, #value_name, #read_key, #read_value)
                }
            }
        }
        _ => {
            let ty = paths::rust_type(index, target, home)?;
            quote!(<#ty as connect_runtime::xml::FromXml>::read_xml)
        }
    })
}
