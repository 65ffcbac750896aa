//! The public API of the SDK generated from a model, read from the generator's own index and
//! naming: what [`super::compare()`] compares.

use super::{Api, Member, Operation, Role, Shape, Type};
use crate::ir::{naming, Home, Index, RustType};
use crate::model::{Member as ModelMember, Model, Shape as ModelShape, ShapeKind, UNIT};
use crate::{GenerateError, Options};
use std::collections::BTreeMap;

/// The public API of the SDK that `options` generates from `model`: the operations the
/// generator does not refuse, and the types they reach. Refused operations are left out
/// whether or not the manifest lists them yet, so that a model the manifest was not written
/// for can be compared (generating it still checks the list).
pub fn api(model: &Model, options: &Options) -> Result<Api, GenerateError> {
    let index = Index::new(model);
    let (operations, _) = crate::candidates(&index, options)?;
    let krate = naming::crate_ident(&index.packages().sdk()).to_string();
    let mut api = Api {
        krate,
        operations: BTreeMap::new(),
        types: BTreeMap::new(),
    };
    for name in &operations {
        let operation = operation(&index, &api.krate, name)?;
        let shape = index.operation(name)?;
        for id in index.closure(shape) {
            let target = model.shape(id);
            if !index.is_named_type(id) || index.io_operation(id).is_some() {
                continue;
            }
            if !api.types.contains_key(id) {
                let ty = named_type(&index, &api.krate, target, None)?;
                api.types.insert(id.to_owned(), ty);
            }
        }
        api.operations.insert(name.clone(), operation);
    }
    Ok(api)
}

/// Operation `name`: its client method, error variants, paginator, input and output.
fn operation(index: &Index, krate: &str, name: &str) -> Result<Operation, GenerateError> {
    let ir = index.operation_ir(name)?;
    let errors = ir
        .errors
        .iter()
        .map(|error| {
            let variant = naming::variant(error.name()).to_string();
            (variant, error.name().to_owned())
        })
        .collect();
    Ok(Operation {
        method: ir.names.method.to_string(),
        feature: ir.names.feature.clone(),
        fluent: ir.names.fluent.to_string(),
        error: ir.names.error.to_string(),
        errors,
        paginator: ir
            .pagination
            .as_ref()
            .map(|_| ir.names.paginator.to_string()),
        input: named_type(index, krate, ir.input, Some(name))?,
        output: named_type(index, krate, ir.output, Some(name))?,
    })
}

/// Named shape `shape` as a Rust type: its path, and its members, variants or values.
/// `operation` is the operation whose input or output it is, if it is one.
fn named_type(
    index: &Index,
    krate: &str,
    shape: &ModelShape,
    operation: Option<&str>,
) -> Result<Type, GenerateError> {
    let name = index.type_name(&shape.id);
    let path = match (operation, index.home(&shape.id)) {
        (Some(operation), _) => format!("{krate}::{}::{name}", naming::field(operation)),
        (None, Home::Shared) => format!("{krate}::types::{name}"),
        (None, Home::Operation(operation)) => {
            format!("{krate}::{}::types::{name}", naming::field(&operation))
        }
    };
    let kind = match &shape.kind {
        ShapeKind::Structure(members) => Shape::Structure {
            role: role(index, shape),
            members: structure_members(index, shape, members)?,
        },
        ShapeKind::Union(members) => Shape::Union {
            variants: union_variants(index, shape, members)?,
        },
        ShapeKind::Enum(members) => Shape::Enum {
            values: enum_values(members),
        },
        _ => {
            return Err(GenerateError::new(
                &shape.id,
                "not a structure, union or enum",
            ))
        }
    };
    Ok(Type {
        model: shape.name().to_owned(),
        name,
        path,
        shape: kind,
    })
}

/// How users meet a structure: as an operation's input, as something else they send (with a
/// builder), or only in answers.
fn role(index: &Index, shape: &ModelShape) -> Role {
    if shape.traits.input && index.io_operation(&shape.id).is_some() {
        Role::Input
    } else if index.is_serialized(&shape.id) {
        Role::Sent
    } else {
        Role::Received
    }
}

/// A structure's fields by Rust name.
fn structure_members(
    index: &Index,
    owner: &ModelShape,
    members: &[ModelMember],
) -> Result<BTreeMap<String, Member>, GenerateError> {
    members
        .iter()
        .map(|member| {
            let value = value_type(index, owner, member)?;
            let field = Member {
                model: member.name.clone(),
                ty: value,
                plain: index.is_plain(owner, member),
                required: member.traits.required,
                filled: member.traits.idempotency_token,
            };
            Ok((naming::field(&member.name).to_string(), field))
        })
        .collect()
}

/// A union's variants by Rust name; a `Unit` member holds no value (an empty type).
fn union_variants(
    index: &Index,
    owner: &ModelShape,
    members: &[ModelMember],
) -> Result<BTreeMap<String, Member>, GenerateError> {
    members
        .iter()
        .map(|member| {
            let ty = if member.target == UNIT {
                String::new()
            } else {
                value_type(index, owner, member)?
            };
            let variant = Member {
                model: member.name.clone(),
                ty,
                plain: true,
                required: false,
                filled: false,
            };
            Ok((naming::variant(&member.name).to_string(), variant))
        })
        .collect()
}

/// An enum's values by Rust variant: the value the service spells.
fn enum_values(members: &[ModelMember]) -> BTreeMap<String, (String, String)> {
    members
        .iter()
        .map(|member| {
            let value = match member.traits.enum_value.as_ref() {
                Some(serde_json::Value::String(value)) => value.clone(),
                _ => member.name.clone(),
            };
            let variant = naming::variant(&member.name).to_string();
            (variant, (member.name.clone(), value))
        })
        .collect()
}

/// The type of the value `member` of `owner` holds, as its field spells it without the
/// `Option` (a `Box` included when the member makes the type recursive).
fn value_type(
    index: &Index,
    owner: &ModelShape,
    member: &ModelMember,
) -> Result<String, GenerateError> {
    let ty = spell(&index.rust_type(&member.target)?);
    Ok(if index.is_boxed(&owner.id, member) {
        format!("Box<{ty}>")
    } else {
        ty
    })
}

/// `ty` as users write it, named types by their name (where they live is compared on the type
/// itself).
pub fn spell(ty: &RustType) -> String {
    match ty {
        RustType::String => "String".into(),
        RustType::Bool => "bool".into(),
        RustType::I8 => "i8".into(),
        RustType::I16 => "i16".into(),
        RustType::I32 => "i32".into(),
        RustType::I64 => "i64".into(),
        RustType::F32 => "f32".into(),
        RustType::F64 => "f64".into(),
        RustType::Timestamp => "DateTime".into(),
        RustType::Blob => "Blob".into(),
        RustType::ByteStream => "ByteStream".into(),
        RustType::Document => "Document".into(),
        RustType::BigInteger => "BigInteger".into(),
        RustType::BigDecimal => "BigDecimal".into(),
        RustType::List { item, sparse } => format!("Vec<{}>", optional(item, *sparse)),
        RustType::Map { key, value, sparse } => {
            format!("HashMap<{}, {}>", spell(key), optional(value, *sparse))
        }
        RustType::Named { name, .. } => name.clone(),
    }
}

fn optional(ty: &RustType, sparse: bool) -> String {
    if sparse {
        format!("Option<{}>", spell(ty))
    } else {
        spell(ty)
    }
}
