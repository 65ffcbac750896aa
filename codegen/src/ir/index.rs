//! The resolved shape index: what each operation needs, where each type lives, and which Rust
//! type a shape becomes. Decisions are made over the whole model, so that generating more
//! operations never moves a type that was already generated.

use super::naming::Packages;
use super::service::Identity;
use crate::model::{Member, Model, Shape, ShapeKind, UNIT};
use crate::GenerateError;
use std::collections::{BTreeMap, BTreeSet};

/// The crate a generated type lives in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `connect-types`: reached by two or more operations of the model.
    Shared,
    /// The crate of the one operation (by name) that reaches it.
    Operation(String),
}

/// A pattern of the model that refuses values the service accepts, so the client does not
/// check it (the service still checks what it checks): service-specific data, kept in the
/// service's manifest folder with why and a valid value it refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenPattern {
    /// The pattern as the model spells it.
    pub pattern: String,
    /// What is wrong with it.
    pub why: String,
    /// A valid value it refuses.
    pub refuses: String,
}

/// The index over a model.
pub struct Index<'m> {
    model: &'m Model,
    identity: Identity,
    packages: Packages,
    broken_patterns: Vec<BrokenPattern>,
    /// Whether the client checks the model's patterns at all.
    patterns_checked: bool,
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
        let identity = Identity::of(model);
        let packages = Packages::new(&identity.name);
        let mut index = Index {
            model,
            identity,
            packages,
            broken_patterns: Vec::new(),
            patterns_checked: true,
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

    /// The index with the service's broken patterns, which validation and samples skip.
    pub fn with_broken_patterns(mut self, broken: Vec<BrokenPattern>) -> Self {
        self.broken_patterns = broken;
        self
    }

    /// The index checking the model's patterns on the client, or none of them.
    pub fn with_patterns_checked(mut self, checked: bool) -> Self {
        self.patterns_checked = checked;
        self
    }

    /// Whether the client checks `pattern`: not a broken one, nor any when none are checked.
    pub fn checks_pattern(&self, pattern: &str) -> bool {
        self.patterns_checked && !self.is_broken_pattern(pattern)
    }

    /// The service's broken patterns.
    pub fn broken_patterns(&self) -> &[BrokenPattern] {
        &self.broken_patterns
    }

    /// Whether `pattern` is one of the service's broken patterns, which are not checked.
    pub fn is_broken_pattern(&self, pattern: &str) -> bool {
        self.broken_patterns
            .iter()
            .any(|broken| broken.pattern == pattern)
    }

    /// The service's identity.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The service's package names.
    pub fn packages(&self) -> &Packages {
        &self.packages
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
            let name = self.type_name(id);
            let mut names = vec![name.clone()];
            // Every structure has a builder, received ones too (to build answers in tests).
            if matches!(shape.kind, ShapeKind::Structure(_)) {
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
    /// required members of an operation's input, which the builder checks before sending
    /// (`@clientOptional` ones excepted, which clients treat as optional). Everything the
    /// service sends back stays optional, so that a server omitting a member never makes an
    /// answer unreadable.
    pub fn is_plain(&self, owner: &Shape, member: &Member) -> bool {
        owner.traits.input && member.traits.required && !member.traits.client_optional
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
