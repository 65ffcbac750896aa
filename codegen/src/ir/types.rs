//! The Rust type of every shape, as data: emitters turn a [`RustType`] into tokens with the
//! crate paths of the place they write from (`emit::paths`).

use super::index::{Home, Index};
use super::naming;
use crate::model::{Member, ShapeKind, Simple, UNIT};
use crate::GenerateError;
use std::collections::BTreeSet;

/// What a shape becomes in Rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32` (also `intEnum`)
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// The runtime's `DateTime`.
    Timestamp,
    /// The runtime's `Blob`.
    Blob,
    /// The runtime's `ByteStream`: a `@streaming` blob.
    ByteStream,
    /// The runtime's `Document`.
    Document,
    /// The runtime's `BigInteger`: digits kept as text.
    BigInteger,
    /// The runtime's `BigDecimal`: digits kept as text.
    BigDecimal,
    /// `Vec<T>`, or `Vec<Option<T>>` when `@sparse`.
    List {
        /// The items.
        item: Box<RustType>,
        /// `@sparse`: items may be null.
        sparse: bool,
    },
    /// `HashMap<K, V>`, or `HashMap<K, Option<V>>` when `@sparse`.
    Map {
        /// The keys: `String` or a string enum.
        key: Box<RustType>,
        /// The values.
        value: Box<RustType>,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
    /// A generated structure, union or enum.
    Named {
        /// The Rust name.
        name: String,
        /// The crate it lives in.
        home: Home,
    },
}

/// The names of the items an operation's crate defines for the operation itself.
fn operation_items(operation: &str) -> [String; 7] {
    let name = naming::type_name(operation);
    [
        format!("{operation}Input"),
        format!("{operation}InputBuilder"),
        format!("{operation}Output"),
        format!("{operation}OutputBuilder"),
        format!("{name}Error"),
        format!("{name}FluentBuilder"),
        format!("{name}Paginator"),
    ]
}

impl Index<'_> {
    /// The Rust type of shape `id`.
    pub fn rust_type(&self, id: &str) -> Result<RustType, GenerateError> {
        let shape = self.model().shape(id);
        let refused = |what: &str| {
            Err(GenerateError::new(
                id,
                format!("{what} shapes are not supported by this generator"),
            ))
        };
        Ok(match &shape.kind {
            ShapeKind::Simple(simple) => match simple {
                Simple::String => RustType::String,
                Simple::Boolean => RustType::Bool,
                Simple::Byte => RustType::I8,
                Simple::Short => RustType::I16,
                Simple::Integer => RustType::I32,
                Simple::Long => RustType::I64,
                Simple::Float => RustType::F32,
                Simple::Double => RustType::F64,
                Simple::Timestamp => RustType::Timestamp,
                Simple::Blob if shape.traits.streaming => RustType::ByteStream,
                Simple::Blob => RustType::Blob,
                Simple::Document => RustType::Document,
                Simple::BigInteger => RustType::BigInteger,
                Simple::BigDecimal => RustType::BigDecimal,
            },
            // As in the AWS SDK for Rust: an integer, its known values documented.
            ShapeKind::IntEnum(_) => RustType::I32,
            ShapeKind::List(member) => RustType::List {
                item: Box::new(self.rust_type(&member.target)?),
                sparse: shape.traits.sparse,
            },
            ShapeKind::Map(key, value) => {
                if !matches!(
                    self.model().shape(&key.target).kind,
                    ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)
                ) {
                    return refused("map with a key that is not a string or enum");
                }
                RustType::Map {
                    key: Box::new(self.rust_type(&key.target)?),
                    value: Box::new(self.rust_type(&value.target)?),
                    sparse: shape.traits.sparse,
                }
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) => RustType::Named {
                name: self.type_name(id),
                home: self.home(id),
            },
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(GenerateError::new(
                    id,
                    "an operation, service or resource is not a value",
                ))
            }
        })
    }

    /// The Rust name of named shape `id`: operation inputs and outputs are `<Operation>Input`
    /// and `<Operation>Output`, as in the AWS SDKs, whatever the model calls them. A type only
    /// one operation uses, named like one of that operation's own items (`<Operation>Error`,
    /// `<Operation>Paginator`, ...), takes a `Value` suffix: the items keep the names users of
    /// the AWS SDKs know.
    pub fn type_name(&self, id: &str) -> String {
        let shape = self.model().shape(id);
        match self.io_operation(id) {
            Some(operation) if shape.traits.input => format!("{operation}Input"),
            Some(operation) if shape.traits.output => format!("{operation}Output"),
            _ => {
                let name = naming::type_name(shape.name()).to_string();
                match self.home(id) {
                    Home::Operation(operation) if operation_items(&operation).contains(&name) => {
                        format!("{name}Value")
                    }
                    _ => name,
                }
            }
        }
    }

    /// Whether member `member` (of a structure or union) holds its value in a `Box`: its
    /// target contains the member's owner again without a list or map in between, which would
    /// make the type infinitely large. `owner` is the shape holding the member.
    pub fn is_boxed(&self, owner: &str, member: &Member) -> bool {
        if member.target == UNIT || !self.is_named_type(&member.target) {
            return false;
        }
        let model = self.model();
        if !matches!(
            model.shape(&member.target).kind,
            ShapeKind::Structure(_) | ShapeKind::Union(_)
        ) {
            return false;
        }
        // Follow what the target holds inline (structure and union members, not through lists
        // and maps, which are on the heap already) and look for the owner.
        let mut seen = BTreeSet::new();
        let mut todo = vec![member.target.as_str()];
        while let Some(id) = todo.pop() {
            if id == owner {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &model.shape(id).kind
            {
                todo.extend(
                    members
                        .iter()
                        .map(|inner| inner.target.as_str())
                        .filter(|target| {
                            matches!(
                                model.shape(target).kind,
                                ShapeKind::Structure(_) | ShapeKind::Union(_)
                            )
                        }),
                );
            }
        }
        false
    }
}
