//! The resolved shape index: what each operation needs, where each type lives, and which Rust
//! type a shape becomes. Decisions are made over the whole model, so that generating more
//! operations never moves a type that was already generated.

use crate::ir::naming;
use crate::model::UNIT;
use crate::model::{Member, Model, Shape, ShapeKind, Simple};
use crate::GenerateError;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The crate a generated type lives in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `connect-types`: reached by two or more operations of the model.
    Shared,
    /// The crate of the one operation (by name) that reaches it.
    Operation(String),
}

/// The index over a model.
pub struct Index<'m> {
    model: &'m Model,
    /// For every shape reachable from an operation: the operations that reach it.
    users: BTreeMap<&'m str, BTreeSet<&'m str>>,
    /// Shapes reachable from some operation's input (they need a JSON writer).
    serialized: BTreeSet<&'m str>,
    /// Shapes reachable from some operation's output or errors (they need a JSON reader).
    deserialized: BTreeSet<&'m str>,
    /// Input and output structures, with the name of their operation.
    io_operations: BTreeMap<&'m str, &'m str>,
    /// The service's operations by name.
    operations: BTreeMap<&'m str, &'m Shape>,
}

impl<'m> Index<'m> {
    /// Indexes every operation of `model`'s service.
    pub fn new(model: &'m Model) -> Self {
        let mut index = Index {
            model,
            users: BTreeMap::new(),
            serialized: BTreeSet::new(),
            deserialized: BTreeSet::new(),
            io_operations: BTreeMap::new(),
            operations: BTreeMap::new(),
        };
        for operation in model.operations() {
            index.operations.insert(operation.name(), operation);
            let ShapeKind::Operation(op) = &operation.kind else {
                continue;
            };
            let input = index.reach([op.input.as_str()]);
            let answers = index.reach(
                std::iter::once(op.output.as_str()).chain(op.errors.iter().map(String::as_str)),
            );
            for id in input.iter().chain(&answers) {
                index.users.entry(id).or_default().insert(operation.name());
            }
            index.io_operations.insert(&op.input, operation.name());
            index.io_operations.insert(&op.output, operation.name());
            index.serialized.extend(input);
            index.deserialized.extend(answers);
        }
        index
    }

    /// The operation whose input or output is structure `id`.
    pub fn io_operation(&self, id: &str) -> Option<&'m str> {
        self.io_operations.get(id).copied().filter(|_| id != UNIT)
    }

    /// The model.
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// Every shape reachable from `roots` (the roots included, `Unit` excluded).
    fn reach<'a>(&self, roots: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'m str> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = roots.into_iter().collect();
        while let Some(id) = todo.pop() {
            let shape = self.model.shape(id);
            if shape.id == UNIT || !seen.insert(shape.id.as_str()) {
                continue;
            }
            todo.extend(shape.references().into_iter().map(|(target, _)| target));
        }
        seen
    }

    /// The operation shape called `name`.
    pub fn operation(&self, name: &str) -> Result<&'m Shape, GenerateError> {
        self.operations
            .get(name)
            .copied()
            .ok_or_else(|| GenerateError::new(name, "the service has no operation of this name"))
    }

    /// The shapes operation `operation` needs, itself excluded.
    pub fn closure(&self, operation: &Shape) -> BTreeSet<&'m str> {
        let mut closure = self.reach([operation.id.as_str()]);
        closure.remove(operation.id.as_str());
        closure
    }

    /// Whether `id` becomes a Rust type of its own (structures, unions, enums).
    pub fn is_named_type(&self, id: &str) -> bool {
        let shape = self.model.shape(id);
        shape.id != UNIT
            && matches!(
                shape.kind,
                ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_)
            )
    }

    /// Where the type of shape `id` lives.
    pub fn home(&self, id: &str) -> Home {
        match self.users.get(id) {
            Some(users) if users.len() == 1 => {
                Home::Operation(users.iter().next().copied().unwrap_or_default().to_owned())
            }
            _ => Home::Shared,
        }
    }

    /// Whether some operation sends shape `id`.
    pub fn is_serialized(&self, id: &str) -> bool {
        self.serialized.contains(id)
    }

    /// Whether some operation receives shape `id`.
    pub fn is_deserialized(&self, id: &str) -> bool {
        self.deserialized.contains(id)
    }

    /// The named types `id` refers to directly (through lists and maps, not through other
    /// named types).
    pub fn direct_named_types(&self, id: &str) -> BTreeSet<&'m str> {
        let mut found = BTreeSet::new();
        let mut todo: Vec<&str> = self
            .model
            .shape(id)
            .references()
            .into_iter()
            .map(|(target, _)| target)
            .collect();
        while let Some(target) = todo.pop() {
            let shape = self.model.shape(target);
            if self.is_named_type(target) {
                found.insert(shape.id.as_str());
            } else if matches!(shape.kind, ShapeKind::List(_) | ShapeKind::Map(..)) {
                todo.extend(shape.references().into_iter().map(|(t, _)| t));
            }
        }
        found
    }

    /// Whether values of shape `id` must stay out of `Debug` output: the shape is sensitive, or
    /// holds sensitive values as a list or map.
    pub fn is_sensitive(&self, id: &str) -> bool {
        let shape = self.model.shape(id);
        shape.traits.sensitive
            || match &shape.kind {
                ShapeKind::List(member) => self.is_sensitive(&member.target),
                ShapeKind::Map(key, value) => {
                    self.is_sensitive(&key.target) || self.is_sensitive(&value.target)
                }
                _ => false,
            }
    }

    /// The Rust type of shape `id`, as written from code living in `from`.
    pub fn rust_type(&self, id: &str, from: &Home) -> Result<TokenStream, GenerateError> {
        let shape = self.model.shape(id);
        let unsupported = |what: &str| {
            Err(GenerateError::new(
                id,
                format!("{what} shapes are not supported by this generator yet"),
            ))
        };
        Ok(match &shape.kind {
            ShapeKind::Simple(simple) => match simple {
                Simple::String => quote!(String),
                Simple::Boolean => quote!(bool),
                Simple::Byte => quote!(i8),
                Simple::Short => quote!(i16),
                Simple::Integer => quote!(i32),
                Simple::Long => quote!(i64),
                Simple::Float => quote!(f32),
                Simple::Double => quote!(f64),
                Simple::Timestamp => quote!(connect_runtime::DateTime),
                Simple::Blob => return unsupported("blob"),
                Simple::Document => return unsupported("document"),
                Simple::BigInteger | Simple::BigDecimal => return unsupported("big number"),
                Simple::IntEnum => return unsupported("intEnum"),
            },
            ShapeKind::List(member) => {
                let item = self.rust_type(&member.target, from)?;
                quote!(Vec<#item>)
            }
            ShapeKind::Map(key, value) => {
                if !matches!(
                    self.model.shape(&key.target).kind,
                    ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)
                ) {
                    return unsupported("map with a key that is not a string or enum");
                }
                let key = self.rust_type(&key.target, from)?;
                let value = self.rust_type(&value.target, from)?;
                quote!(std::collections::HashMap<#key, #value>)
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) => {
                let name = naming::type_name(shape.name());
                match (self.home(id), from) {
                    (Home::Shared, Home::Shared) => quote!(crate::#name),
                    (Home::Shared, Home::Operation(_)) => quote!(connect_types::#name),
                    (Home::Operation(_), _) => quote!(crate::types::#name),
                }
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource => {
                return Err(GenerateError::new(
                    id,
                    "an operation, service or resource is not a value",
                ))
            }
        })
    }

    /// Refuses a model in which two generated types of one crate would get the same Rust name
    /// (say a shape `FooBuilder` beside the builder of `Foo`), rather than emit code that does
    /// not compile.
    pub fn check_type_names(&self) -> Result<(), GenerateError> {
        let mut taken: BTreeMap<(Home, String), &str> = BTreeMap::new();
        for id in self.users.keys() {
            let shape = self.model.shape(id);
            if !self.is_named_type(id) {
                continue;
            }
            let name = match (self.io_operations.get(id), shape.traits.input) {
                (Some(operation), true) => format!("{operation}Input"),
                (Some(operation), false) => format!("{operation}Output"),
                (None, _) => naming::type_name(shape.name()).to_string(),
            };
            let mut names = vec![name.clone()];
            if self.is_serialized(id) && matches!(shape.kind, ShapeKind::Structure(_)) {
                names.push(format!("{name}Builder"));
            }
            if let Some(operation) = self.io_operations.get(id).filter(|_| shape.traits.input) {
                names.push(format!("{operation}Error"));
                names.push(format!("{operation}FluentBuilder"));
                names.push(format!("{operation}Paginator"));
            }
            for name in names {
                if let Some(other) = taken.insert((self.home(id), name.clone()), id) {
                    return Err(GenerateError::new(
                        id,
                        format!("its Rust name `{name}` is taken by `{other}` in the same crate"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The `@timestampFormat` declared for `member`: its own, else its target's.
    pub fn timestamp_format<'a>(&'a self, member: &'a Member) -> Option<&'a str> {
        member.traits.timestamp_format.as_deref().or(self
            .model
            .shape(&member.target)
            .traits
            .timestamp_format
            .as_deref())
    }

    /// Whether member `member` of a structure holds a plain `T` rather than `Option<T>`: only
    /// required members of an operation's input, which the builder checks before sending.
    /// Everything the service sends back stays optional, so that a server omitting a member
    /// never makes an answer unreadable.
    pub fn is_plain(&self, owner: &Shape, member: &Member) -> bool {
        owner.traits.input && member.traits.required
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shape_named_like_another_builder_is_refused() {
        let model = r#"{"smithy": "2.0", "shapes": {
            "a#S": {"type": "service", "operations": [{"target": "a#Op"}]},
            "a#Op": {"type": "operation", "input": {"target": "a#OpRequest"},
                     "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}},
            "a#OpRequest": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
                "Foo": {"target": "a#Foo"}, "Other": {"target": "a#FooBuilder"}}},
            "a#Foo": {"type": "structure", "members": {}},
            "a#FooBuilder": {"type": "structure", "members": {}}
        }}"#;
        let model = Model::parse(std::path::Path::new("m.json"), model.as_bytes()).unwrap();
        let error = Index::new(&model).check_type_names().unwrap_err();
        assert!(
            error.to_string().contains("`FooBuilder` is taken by"),
            "{error}"
        );
    }
}
