//! awsQuery requests: `ToQuery` for every type some operation sends, writing each member that
//! is set under its key (`@xmlName`, else the member's name) as `connect_runtime::query`
//! describes: nested structures as `Parent.Member`, list items as `List.member.N` (`List.N`
//! when `@xmlFlattened`), map entries as `Map.entry.N.key` / `.value`.

use super::shapes;
use crate::ir::{naming, Index};
use crate::model::{Member, Shape, ShapeKind, Simple};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;

/// A member's key: its `@xmlName`, else its name.
pub fn member_key(member: &Member) -> &str {
    member.traits.xml_name.as_deref().unwrap_or(&member.name)
}

/// The `ToQuery` impl of named shape `shape` (a structure, union or enum that is sent).
pub fn to_query_impl(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    let name = shapes::structure_name(index, shape);
    let allow_deprecated = shapes::allow_deprecated(shape);
    let input = shape.traits.input;
    let (member_param, key_param, body) = match &shape.kind {
        ShapeKind::Structure(members) => {
            let mut statements = Vec::new();
            for member in members {
                let ident = naming::field(&member.name);
                let key = member_key(member);
                // An input's members name themselves; deeper values carry the name of the
                // input member they belong to.
                let member_name = if input {
                    let name = &member.name;
                    quote!(#name)
                } else {
                    quote!(member)
                };
                let write = write_value(index, shape, member, &member.target, &member_name)?;
                let bound = quote! {
                    let key = connect_runtime::query::key(key, #key);
                    #write
                };
                statements.push(if index.is_plain(shape, member) {
                    quote! {{
                        let value = &self.#ident;
                        #bound
                    }}
                } else {
                    quote! {
                        if let Some(value) = &self.#ident {
                            #bound
                        }
                    }
                });
            }
            let uses_member = !input && !members.is_empty();
            (
                if uses_member {
                    quote!(member)
                } else {
                    quote!(_)
                },
                if members.is_empty() {
                    quote!(_)
                } else {
                    quote!(key)
                },
                quote! {
                    #( #statements )*
                    Ok(())
                },
            )
        }
        ShapeKind::Union(members) => {
            let mut arms = Vec::new();
            for member in members {
                let variant = naming::variant(&member.name);
                let key = member_key(member);
                let write = write_value(index, shape, member, &member.target, &quote!(member))?;
                arms.push(quote! {
                    Self::#variant(value) => {
                        let key = connect_runtime::query::key(key, #key);
                        #write
                    }
                });
            }
            (
                quote!(member),
                quote!(key),
                quote! {
                    match self {
                        #( #arms )*
                        // Never sent: validation refuses an unknown member before a request
                        // is built.
                        Self::Unknown(_) => {}
                    }
                    Ok(())
                },
            )
        }
        ShapeKind::Enum(_) => (
            quote!(_),
            quote!(key),
            quote! {
                out.push(key, self.as_str());
                Ok(())
            },
        ),
        _ => return Err(GenerateError::new(&shape.id, "not a named type")),
    };
    let out = if matches!(&shape.kind, ShapeKind::Structure(members) if members.is_empty()) {
        quote!(_)
    } else {
        quote!(out)
    };
    Ok(quote! {
        impl connect_runtime::query::ToQuery for #name {
            #allow_deprecated
            fn write_query(
                &self,
                #out: &mut connect_runtime::query::FormWriter,
                #member_param: &'static str,
                #key_param: &str,
            ) -> Result<(), connect_runtime::BuildError> {
                #body
            }
        }
    })
}

/// Statements writing `value` (a `&T` of shape `target`, reached through `member` of `owner`)
/// under the `String` `key`; `member_name` is the `&'static str` of the input member it
/// belongs to.
fn write_value(
    index: &Index,
    owner: &Shape,
    member: &Member,
    target: &str,
    member_name: &TokenStream,
) -> Result<TokenStream, GenerateError> {
    let shape = index.model().shape(target);
    Ok(match &shape.kind {
        ShapeKind::Simple(Simple::Timestamp) => {
            let format = match index.timestamp_format(member) {
                Some("epoch-seconds") => quote!(EpochSeconds),
                Some("http-date") => quote!(HttpDate),
                _ => quote!(DateTime),
            };
            quote! {
                out.timestamp(#member_name, &key, value, connect_runtime::TimestampFormat::#format)?;
            }
        }
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
            let item_key = if member.traits.xml_flattened {
                quote!(format!("{key}.{}", index + 1))
            } else {
                let name = item.traits.xml_name.as_deref().unwrap_or("member");
                let template = format!("{{key}}.{name}.{{}}");
                quote!(format!(#template, index + 1))
            };
            let write = write_value(index, owner, item, &item.target, member_name)?;
            // An empty list is sent as `Key=`, so that the service sees it set.
            quote! {
                if value.is_empty() {
                    out.push(&key, "");
                }
                for (index, value) in value.iter().enumerate() {
                    let key = #item_key;
                    #write
                }
            }
        }
        ShapeKind::Map(key_member, value_member) => {
            let entry = if member.traits.xml_flattened {
                quote!(format!("{key}.{}", index + 1))
            } else {
                quote!(format!("{key}.entry.{}", index + 1))
            };
            let key_name = key_member.traits.xml_name.as_deref().unwrap_or("key");
            let value_name = value_member.traits.xml_name.as_deref().unwrap_or("value");
            let key_template = format!("{{entry}}.{key_name}");
            let value_template = format!("{{entry}}.{value_name}");
            let write_key = write_value(index, owner, key_member, &key_member.target, member_name)?;
            let write_entry_value = write_value(
                index,
                owner,
                value_member,
                &value_member.target,
                member_name,
            )?;
            // Sorted, so that the body (and its signature) does not depend on the map's order.
            quote! {
                let mut entries: Vec<_> = value.iter().collect();
                entries.sort_by(|a, b| AsRef::<str>::as_ref(a.0).cmp(AsRef::<str>::as_ref(b.0)));
                for (index, (entry_key, entry_value)) in entries.into_iter().enumerate() {
                    let entry = #entry;
                    {
                        let key = format!(#key_template);
                        let value = entry_key;
                        #write_key
                    }
                    {
                        let key = format!(#value_template);
                        let value = entry_value;
                        #write_entry_value
                    }
                }
            }
        }
        _ => quote! {
            connect_runtime::query::ToQuery::write_query(value, out, #member_name, &key)?;
        },
    })
}
