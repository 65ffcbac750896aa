//! Where generated items live, as Rust paths: a [`RustType`] written from code in one crate.

use crate::ir::naming::{crate_ident, RUNTIME_PACKAGE};
use crate::ir::{Home, Index, RustType};
use crate::GenerateError;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The runtime crate's Rust name, `connect_runtime`.
pub fn runtime() -> Ident {
    crate_ident(RUNTIME_PACKAGE)
}

/// The tokens of `ty` in code living in `from`.
pub fn tokens(index: &Index, ty: &RustType, from: &Home) -> TokenStream {
    let runtime = runtime();
    match ty {
        RustType::String => quote!(String),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::Timestamp => quote!(#runtime::DateTime),
        RustType::Blob => quote!(#runtime::Blob),
        RustType::ByteStream => quote!(#runtime::ByteStream),
        RustType::Document => quote!(#runtime::Document),
        RustType::BigInteger => quote!(#runtime::BigInteger),
        RustType::BigDecimal => quote!(#runtime::BigDecimal),
        RustType::List { item, sparse } => {
            let item = tokens(index, item, from);
            if *sparse {
                quote!(Vec<Option<#item>>)
            } else {
                quote!(Vec<#item>)
            }
        }
        RustType::Map { key, value, sparse } => {
            let key = tokens(index, key, from);
            let value = tokens(index, value, from);
            if *sparse {
                quote!(std::collections::HashMap<#key, Option<#value>>)
            } else {
                quote!(std::collections::HashMap<#key, #value>)
            }
        }
        RustType::Named { name, home } => {
            let name = format_ident!("{}", name);
            match (home, from) {
                (Home::Shared, Home::Shared) => quote!(crate::#name),
                (Home::Shared, Home::Operation(_)) => {
                    let types = crate_ident(&index.packages().types());
                    quote!(#types::#name)
                }
                (Home::Operation(_), _) => quote!(crate::types::#name),
            }
        }
    }
}

/// The tokens of shape `id`'s Rust type in code living in `from`.
pub fn rust_type(index: &Index, id: &str, from: &Home) -> Result<TokenStream, GenerateError> {
    Ok(tokens(index, &index.rust_type(id)?, from))
}
