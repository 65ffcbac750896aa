//! Client-side validation: the `connect_runtime::validate::Validate` impls that check an input
//! against the model's constraints before anything is sent.
//!
//! What is checked, for every shape some operation sends:
//!
//! - `required` members that are `Option`s in Rust (those of nested structures; an input's own
//!   required members are plain values, which its builder already demands), unless the member
//!   is an idempotency token (which the SDK fills); a `@default` does not excuse a member, since
//!   the SDK never sends a default the caller did not set;
//! - unions set to `Unknown(..)`, which cannot be sent meaningfully;
//! - `length` (strings in Unicode scalar values, lists in items, maps in entries), `range` and
//!   `pattern`, the member's trait superseding the target's (Smithy: "traits applied to a
//!   member supersede traits applied to the shape targeted by the member").
//!
//! Only shapes with something to check in their closure get a routine; callers skip the others.
//! Patterns are ECMAScript regular expressions, read here and by the runtime (on first use)
//! with `connect-pattern`; the service's broken patterns (`Index::broken_patterns`, from its
//! manifest folder) are not checked.

use crate::ir::naming;
use crate::ir::Index;
use crate::model::{Bounds, Member, Shape, ShapeKind, Simple, Traits};
use crate::GenerateError;
use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// `pattern` read as the runtime reads it (with `connect-pattern`); an error saying what it
/// cannot read, so that no generated SDK meets a pattern it cannot check.
pub fn read_pattern(pattern: &str) -> Result<connect_pattern::Regex, String> {
    connect_pattern::Regex::new(pattern)
        .map_err(|error| format!("pattern {pattern:?} cannot be checked: {error}"))
}

/// The `static` named `name` that holds pattern `source`.
pub(crate) fn pattern_static(name: &Ident, source: &str) -> TokenStream {
    quote! {
        static #name: connect_runtime::validate::Pattern =
            connect_runtime::validate::Pattern::new(#source);
    }
}

/// The constraints on a value reached through `member` of `owner`: the member's traits
/// supersede its target's, trait by trait.
pub(crate) struct Constraints {
    pub(crate) length: Option<Bounds>,
    pub(crate) range: Option<Bounds>,
    /// `@uniqueItems` on a list.
    pub(crate) unique: bool,
    /// The pattern, and the name of the shape or member whose trait it is (for the `static`).
    pub(crate) pattern: Option<(String, String)>,
}

pub(crate) fn constraints(index: &Index, owner: &str, member: &Member) -> Constraints {
    let target = index.model().shape(&member.target);
    let pick = |get: fn(&Traits) -> Option<Bounds>| get(&member.traits).or(get(&target.traits));
    let pattern = match (&member.traits.pattern, &target.traits.pattern) {
        (Some(pattern), _) => Some((pattern.clone(), format!("{owner}_{}", member.name))),
        (None, Some(pattern)) => Some((pattern.clone(), target.name().to_owned())),
        (None, None) => None,
    }
    .filter(|(pattern, _)| index.checks_pattern(pattern));
    Constraints {
        length: pick(|traits| traits.length),
        range: pick(|traits| traits.range),
        unique: target.traits.unique_items,
        pattern,
    }
}

impl Constraints {
    pub(crate) fn is_empty(&self) -> bool {
        self.length.is_none() && self.range.is_none() && self.pattern.is_none() && !self.unique
    }
}

/// Whether a required member must be checked for presence: it is an `Option` in Rust and
/// nothing stands in for it (the token the SDK fills for an `idempotencyToken`). A `@default`
/// does not: defaults are never sent for the caller, so a required member must be set.
fn checks_presence(index: &Index, owner: &Shape, member: &Member) -> bool {
    member.traits.required && !member.traits.idempotency_token && !index.is_plain(owner, member)
}

/// The members through which a shape holds values: structure and union members, list items,
/// map keys and values.
fn edges(shape: &Shape) -> Vec<&Member> {
    match &shape.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter().collect(),
        ShapeKind::List(item) => vec![item],
        ShapeKind::Map(key, value) => vec![key, value],
        _ => Vec::new(),
    }
}

/// Whether values of `shape` hold something to check themselves, not counting what the shapes
/// they contain check.
fn has_own_checks(index: &Index, shape: &Shape) -> bool {
    matches!(shape.kind, ShapeKind::Union(_))
        || edges(shape).into_iter().any(|member| {
            !constraints(index, shape.name(), member).is_empty()
                || (matches!(shape.kind, ShapeKind::Structure(_))
                    && checks_presence(index, shape, member))
        })
}

/// Whether values of shape `id` have anything to check, in themselves or in what they contain.
pub fn needs_validation(index: &Index, id: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![id];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let shape = index.model().shape(id);
        if has_own_checks(index, shape) {
            return true;
        }
        todo.extend(
            edges(shape)
                .into_iter()
                .map(|member| member.target.as_str()),
        );
    }
    false
}

/// Whether a value reached through `member` of `owner` has anything to check.
fn edge_needs(index: &Index, owner: &Shape, member: &Member) -> bool {
    !constraints(index, owner.name(), member).is_empty() || needs_validation(index, &member.target)
}

/// Whether the routines generated for shapes in `ids` (and the lists and maps they hold) check
/// a pattern: their crate then needs the runtime's `patterns` feature.
pub fn uses_patterns<'a>(index: &Index, ids: impl IntoIterator<Item = &'a str>) -> bool {
    ids.into_iter().any(|id| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![id];
        while let Some(id) = todo.pop() {
            if !seen.insert(id) {
                continue;
            }
            let shape = index.model().shape(id);
            if !index.is_serialized(id) {
                continue;
            }
            for member in edges(shape) {
                if constraints(index, shape.name(), member).pattern.is_some() {
                    return true;
                }
                // Lists and maps are checked inline, in the routine of the type that holds them.
                let target = index.model().shape(&member.target);
                if matches!(target.kind, ShapeKind::List(_) | ShapeKind::Map(..)) {
                    todo.push(target.id.as_str());
                }
            }
        }
        false
    })
}

/// The `Validate` impl of named shape `shape`, if some operation sends it and it has anything
/// to check; nothing otherwise.
pub fn validate_impl(index: &Index, shape: &Shape) -> Result<TokenStream, GenerateError> {
    if !index.is_serialized(&shape.id) || !needs_validation(index, &shape.id) {
        return Ok(quote!());
    }
    let mut generator = Generator {
        index,
        patterns: Vec::new(),
        reads_deprecated: false,
    };
    let body = match &shape.kind {
        ShapeKind::Structure(members) => generator.structure(shape, members)?,
        ShapeKind::Union(members) => generator.union(shape, members)?,
        _ => return Ok(quote!()),
    };
    let statics = generator
        .patterns
        .iter()
        .map(|(name, source)| pattern_static(name, source));
    let name = quote::format_ident!("{}", index.type_name(&shape.id));
    let allow_deprecated = generator
        .reads_deprecated
        .then(|| quote!(#[allow(deprecated)]));
    Ok(quote! {
        impl connect_runtime::validate::Validate for #name {
            #allow_deprecated
            fn validate(
                &self,
                path: &connect_runtime::validate::Path<'_>,
                out: &mut connect_runtime::validate::Validator,
            ) {
                #( #statics )*
                #body
            }
        }
    })
}

/// `Operation::validate` for operation input `input`, if it has anything to check.
pub fn operation_method(index: &Index, input: &Shape) -> TokenStream {
    if !needs_validation(index, &input.id) {
        return quote!();
    }
    quote! {
        fn validate(&self, constraints: bool) -> Result<(), connect_runtime::ValidationError> {
            connect_runtime::validate::input(Self::NAME, self, constraints)
        }
    }
}

/// Statements checking one value, and how many times they name its path.
#[derive(Default)]
struct Checks {
    statements: Vec<TokenStream>,
    path_uses: usize,
}

impl Checks {
    fn push(&mut self, statement: TokenStream, path_uses: usize) {
        self.statements.push(statement);
        self.path_uses += path_uses;
    }
}

/// The checks of one value with its path: named inline, or bound once (`let path = ..;`) when
/// the checks name it more than once.
struct Scoped {
    binding: Option<TokenStream>,
    statements: Vec<TokenStream>,
}

impl Scoped {
    fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The statements, for a scope of their own (a loop or `if let` body, a match arm).
    fn body(&self) -> TokenStream {
        let binding = self.binding.as_ref().map(|path| quote!(let path = #path;));
        let statements = &self.statements;
        quote! { #binding #( #statements )* }
    }

    /// The statements, for a scope shared with other members' checks.
    fn block(&self) -> Vec<TokenStream> {
        match self.binding {
            Some(_) => {
                let body = self.body();
                vec![quote!({ #body })]
            }
            None => self.statements.clone(),
        }
    }
}

/// A value being checked: `by_ref` is an expression of type `&T`, `place` one to call methods
/// on, `copied` one of type `T` (for numbers).
struct Value {
    by_ref: TokenStream,
    place: TokenStream,
    copied: TokenStream,
}

impl Value {
    /// A value bound by reference to `name`.
    fn binding(name: &str) -> Self {
        let name = format_ident!("{name}");
        Self {
            by_ref: quote!(#name),
            place: quote!(#name),
            copied: quote!(*#name),
        }
    }

    /// Field `ident` of `self`.
    fn field(ident: &Ident) -> Self {
        Self {
            by_ref: quote!(&self.#ident),
            place: quote!(self.#ident),
            copied: quote!(self.#ident),
        }
    }
}

struct Generator<'i, 'm> {
    index: &'i Index<'m>,
    /// The patterns the routine uses: `static` name and source.
    patterns: Vec<(Ident, String)>,
    /// Whether the routine reads a deprecated member (and must allow it).
    reads_deprecated: bool,
}

impl Generator<'_, '_> {
    fn structure(
        &mut self,
        shape: &Shape,
        members: &[Member],
    ) -> Result<TokenStream, GenerateError> {
        let mut statements = Vec::new();
        for member in members {
            let name = &member.name;
            let ident = naming::field(name);
            let path = quote!(path.member(#name));
            let presence = checks_presence(self.index, shape, member);
            if !presence && !edge_needs(self.index, shape, member) {
                continue;
            }
            self.reads_deprecated |= member.traits.deprecated.is_some();
            if self.index.is_plain(shape, member) {
                let value = Value::field(&ident);
                statements.extend(self.scoped(&path, shape, member, &value)?.block());
                continue;
            }
            let checks = self.scoped(&path, shape, member, &Value::binding("value"))?;
            let body = checks.body();
            statements.push(match (presence, checks.is_empty()) {
                (true, true) => quote! {
                    if self.#ident.is_none() {
                        out.missing(&#path);
                    }
                },
                (true, false) => quote! {
                    match &self.#ident {
                        Some(value) => { #body }
                        None => out.missing(&#path),
                    }
                },
                (false, _) => quote! {
                    if let Some(value) = &self.#ident {
                        #body
                    }
                },
            });
        }
        Ok(quote! { #( #statements )* })
    }

    fn union(&mut self, shape: &Shape, members: &[Member]) -> Result<TokenStream, GenerateError> {
        let mut arms = Vec::new();
        for member in members {
            if member.target == crate::model::UNIT || !edge_needs(self.index, shape, member) {
                continue;
            }
            let variant = naming::variant(&member.name);
            let name = &member.name;
            let checks = self.scoped(
                &quote!(path.member(#name)),
                shape,
                member,
                &Value::binding("value"),
            )?;
            let body = checks.body();
            arms.push(quote! { Self::#variant(value) => { #body } });
        }
        let unknown = quote! { out.unknown_member(path, name) };
        if arms.is_empty() {
            return Ok(quote! {
                if let Self::Unknown(name) = self {
                    #unknown;
                }
            });
        }
        let rest = (arms.len() < members.len()).then(|| quote!(_ => {}));
        Ok(quote! {
            match self {
                #( #arms )*
                Self::Unknown(name) => #unknown,
                #rest
            }
        })
    }

    /// The checks of `value`, reached through `member` of `owner`, at `path` (an expression of
    /// type `Path`).
    fn scoped(
        &mut self,
        path: &TokenStream,
        owner: &Shape,
        member: &Member,
        value: &Value,
    ) -> Result<Scoped, GenerateError> {
        let inline = self.checks(path, owner, member, value)?;
        if inline.path_uses <= 1 {
            return Ok(Scoped {
                binding: None,
                statements: inline.statements,
            });
        }
        let bound = self.checks(&quote!(path), owner, member, value)?;
        Ok(Scoped {
            binding: Some(path.clone()),
            statements: bound.statements,
        })
    }

    fn checks(
        &mut self,
        path: &TokenStream,
        owner: &Shape,
        member: &Member,
        value: &Value,
    ) -> Result<Checks, GenerateError> {
        let index = self.index;
        let target = index.model().shape(&member.target);
        let constraints = constraints(index, owner.name(), member);
        let by_ref = &value.by_ref;
        let place = &value.place;
        let unsupported = |what: &str| {
            GenerateError::new(
                &owner.id,
                format!(
                    "member `{}`: `{what}` on a {} is not supported",
                    member.name,
                    kind_name(&target.kind)
                ),
            )
        };
        let is_text = matches!(
            target.kind,
            ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)
        );
        let is_collection = matches!(target.kind, ShapeKind::List(_) | ShapeKind::Map(..));
        let is_blob =
            matches!(target.kind, ShapeKind::Simple(Simple::Blob)) && !target.traits.streaming;
        let is_integer = matches!(
            target.kind,
            ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long)
                | ShapeKind::IntEnum(_)
        );
        let is_float = matches!(
            target.kind,
            ShapeKind::Simple(Simple::Float | Simple::Double)
        );
        if constraints.length.is_some() && !is_text && !is_collection && !is_blob {
            return Err(unsupported("length"));
        }
        if target.traits.unique_items && !matches!(target.kind, ShapeKind::List(_)) {
            return Err(unsupported("uniqueItems"));
        }
        if constraints.range.is_some() && !is_integer && !is_float {
            return Err(unsupported("range"));
        }
        if constraints.pattern.is_some() && !is_text {
            return Err(unsupported("pattern"));
        }
        let mut checks = Checks::default();
        match &target.kind {
            ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_) => {
                let text = match target.kind {
                    ShapeKind::Enum(_) => quote!(#place.as_str()),
                    _ => by_ref.clone(),
                };
                let pattern = match &constraints.pattern {
                    Some((source, holder)) => {
                        let name = self.pattern(&owner.id, source, holder)?;
                        Some(quote!(out.pattern(&#path, #text, &#name)))
                    }
                    None => None,
                };
                match (constraints.length, pattern) {
                    (Some(length), Some(pattern)) => {
                        let (min, max) = length_bounds(length);
                        let check = quote! {
                            if out.string_length(&#path, #text, #min, #max) {
                                #pattern;
                            }
                        };
                        checks.push(check, 2);
                    }
                    (Some(length), None) => {
                        let (min, max) = length_bounds(length);
                        checks.push(quote!(out.string_length(&#path, #text, #min, #max);), 1);
                    }
                    (None, Some(pattern)) => checks.push(quote!(#pattern;), 1),
                    (None, None) => {}
                }
            }
            ShapeKind::Simple(Simple::Blob) if is_blob => {
                if let Some(length) = constraints.length {
                    let (min, max) = length_bounds(length);
                    checks.push(
                        quote!(out.count(&#path, #place.as_ref().len(), #min, #max);),
                        1,
                    );
                }
            }
            _ if is_integer => {
                if let Some(range) = constraints.range {
                    let copied = &value.copied;
                    let value = match target.kind {
                        ShapeKind::Simple(Simple::Long) => copied.clone(),
                        _ => quote!(i64::from(#copied)),
                    };
                    let bound = |bound: f64| Literal::i64_unsuffixed(bound as i64);
                    let min = option(range.min.map(f64::ceil).map(bound));
                    let max = option(range.max.map(f64::floor).map(bound));
                    checks.push(quote!(out.integer_range(&#path, #value, #min, #max);), 1);
                }
            }
            ShapeKind::Simple(simple) if is_float => {
                if let Some(range) = constraints.range {
                    let copied = &value.copied;
                    let value = match simple {
                        Simple::Double => copied.clone(),
                        _ => quote!(f64::from(#copied)),
                    };
                    let min = option(range.min.map(Literal::f64_unsuffixed));
                    let max = option(range.max.map(Literal::f64_unsuffixed));
                    checks.push(quote!(out.float_range(&#path, #value, #min, #max);), 1);
                }
            }
            ShapeKind::List(item) => {
                if let Some(length) = constraints.length {
                    let (min, max) = length_bounds(length);
                    checks.push(quote!(out.count(&#path, #place.len(), #min, #max);), 1);
                }
                if target.traits.unique_items {
                    let by_ref = &value.by_ref;
                    checks.push(quote!(out.unique_items(&#path, #by_ref);), 1);
                }
                if edge_needs(index, target, item) {
                    let item_path = quote!(#path.index(index));
                    let inner = self.scoped(&item_path, target, item, &Value::binding("item"))?;
                    // A bound item path borrows the list's path, which must be bound too.
                    let uses = if inner.binding.is_some() { 2 } else { 1 };
                    let body = sparse_item(target, quote!(item), inner.body());
                    let check = quote! {
                        for (index, item) in #place.iter().enumerate() {
                            #body
                        }
                    };
                    checks.push(check, uses);
                }
            }
            ShapeKind::Map(key, entry) => {
                if let Some(length) = constraints.length {
                    let (min, max) = length_bounds(length);
                    checks.push(quote!(out.count(&#path, #place.len(), #min, #max);), 1);
                }
                let key_text = match index.model().shape(&key.target).kind {
                    ShapeKind::Enum(_) => quote!(key.as_str()),
                    _ => quote!(key),
                };
                let key_checks = if edge_needs(index, target, key) {
                    let key_path = quote!(#path.key(#key_text));
                    Some(self.scoped(&key_path, target, key, &Value::binding("key"))?)
                } else {
                    None
                };
                let value_checks = if edge_needs(index, target, entry) {
                    let value_path = quote!(#path.value(#key_text));
                    Some(self.scoped(&value_path, target, entry, &Value::binding("value"))?)
                } else {
                    None
                };
                if key_checks.is_some() || value_checks.is_some() {
                    let bound = [&key_checks, &value_checks]
                        .into_iter()
                        .flatten()
                        .any(|checks| checks.binding.is_some());
                    let (entry_pattern, entries) = match &value_checks {
                        Some(_) => (quote!((key, value)), by_ref.clone()),
                        None => (quote!(key), quote!(#place.keys())),
                    };
                    let key_body = key_checks.map(|checks| checks.block());
                    let value_body = value_checks.map(|checks| {
                        let block = checks.block();
                        vec![sparse_item(target, quote!(value), quote!(#( #block )*))]
                    });
                    let key_body = key_body.into_iter().flatten();
                    let value_body = value_body.into_iter().flatten();
                    let check = quote! {
                        for #entry_pattern in #entries {
                            #( #key_body )*
                            #( #value_body )*
                        }
                    };
                    let uses = if bound { 2 } else { 1 };
                    checks.push(check, uses);
                }
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_)
                if needs_validation(index, &target.id) =>
            {
                let check =
                    quote!(connect_runtime::validate::Validate::validate(#by_ref, &#path, out););
                checks.push(check, 1);
            }
            _ => {}
        }
        Ok(checks)
    }

    /// The name of the `static` holding `source`, declared once per routine.
    fn pattern(&mut self, owner: &str, source: &str, holder: &str) -> Result<Ident, GenerateError> {
        let base = holder.to_shouty_snake_case();
        let mut name = format_ident!("{base}");
        for n in 2.. {
            match self.patterns.iter().find(|(known, ..)| *known == name) {
                None => break,
                Some((_, known_source)) if known_source == source => return Ok(name),
                // Two holders whose names meet in SHOUTY_SNAKE_CASE.
                Some(_) => name = format_ident!("{base}_{n}"),
            }
        }
        read_pattern(source).map_err(|problem| GenerateError::new(owner, problem))?;
        self.patterns.push((name.clone(), source.to_owned()));
        Ok(name)
    }
}

/// `body`, checking `item` of a list or map, run only for items that are set when the
/// collection is `@sparse` (its items are `Option`s).
fn sparse_item(collection: &Shape, item: TokenStream, body: TokenStream) -> TokenStream {
    if collection.traits.sparse {
        quote! {
            if let Some(#item) = #item {
                #body
            }
        }
    } else {
        body
    }
}

fn kind_name(kind: &ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Simple(_) => "simple shape of this type",
        ShapeKind::Enum(_) => "enum",
        ShapeKind::List(_) => "list",
        ShapeKind::Map(..) => "map",
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Union(_) => "union",
        _ => "shape of this kind",
    }
}

fn option(value: Option<Literal>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// Lengths are whole and not negative; a fractional bound rounds toward the allowed side.
pub(crate) fn length_bounds(length: Bounds) -> (TokenStream, TokenStream) {
    let bound = |bound: f64| Literal::u64_unsuffixed(bound.max(0.0) as u64);
    let min = length.min.map(f64::ceil).map(bound);
    let max = length.max.map(f64::floor).map(bound);
    (option(min), option(max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use std::path::Path;

    const FIXTURE: &str = include_str!("../../tests/fixtures/constraints.json");

    fn fixture() -> Model {
        Model::parse(Path::new("constraints.json"), FIXTURE.as_bytes()).unwrap()
    }

    /// Amazon Connect's broken patterns, one of which the fixture's `Phone` has.
    fn broken_patterns() -> Vec<crate::ir::BrokenPattern> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/connect/broken-patterns.json"
        );
        crate::broken_patterns(&std::fs::read(path).unwrap()).unwrap()
    }

    fn routine(model: &Model, id: &str) -> String {
        let index = Index::new(model).with_broken_patterns(broken_patterns());
        validate_impl(&index, model.shape(id)).unwrap().to_string()
    }

    /// Every distinct `pattern` of the model, with the shapes and members that carry it.
    fn model_patterns(model: &Model) -> std::collections::BTreeMap<&str, Vec<String>> {
        let mut patterns = std::collections::BTreeMap::<&str, Vec<String>>::new();
        for shape in model.shapes.values() {
            if let Some(pattern) = &shape.traits.pattern {
                patterns.entry(pattern).or_default().push(shape.id.clone());
            }
            for member in edges(shape) {
                if let Some(pattern) = &member.traits.pattern {
                    let at = format!("{}${}", shape.id, member.name);
                    patterns.entry(pattern).or_default().push(at);
                }
            }
        }
        patterns
    }

    #[test]
    fn every_pattern_of_the_model_is_read_by_the_runtime_engine() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/models/connect.json"
        );
        let model = Model::load(Path::new(path)).unwrap();
        let patterns = model_patterns(&model);
        assert_eq!(patterns.len(), 52, "{:#?}", patterns.keys());
        let mut annex_b = Vec::new();
        for (pattern, holders) in &patterns {
            let regex =
                read_pattern(pattern).unwrap_or_else(|error| panic!("{holders:?}: {error}"));
            if !regex.is_unicode() {
                annex_b.push(*pattern);
            }
        }
        // Only `\_` keeps these two out of Unicode mode; neither uses `\p{..}`.
        assert_eq!(
            annex_b,
            [r"^[a-zA-Z0-9\_\-:\/$]+$", r"^[a-zA-Z0-9\_\-:\/]+$"]
        );
        let broken = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/connect/broken-patterns.json"
        );
        let broken = crate::broken_patterns(&std::fs::read(broken).unwrap()).unwrap();
        assert_eq!(broken.len(), 11);
        for crate::ir::BrokenPattern {
            pattern,
            why,
            refuses,
        } in &broken
        {
            assert!(
                patterns.contains_key(pattern.as_str()),
                "not in the model: {pattern}"
            );
            let regex = read_pattern(pattern).unwrap();
            assert!(
                !regex.is_match(refuses),
                "{pattern} accepts {refuses:?}: {why}"
            );
        }
    }

    #[test]
    fn patterns_of_the_model_mean_what_the_service_means() {
        let cases: &[(&str, &str, bool)] = &[
            // Lookahead refuses the reserved prefix, Unicode letters pass.
            (r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "Équipe 7", true),
            (r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "aws:x", false),
            (r"^[\P{C}\r\n\t]{1,127}$", "ligne 1\nligne 2 ✓", true),
            (r"^[\P{C}\r\n\t]{1,127}$", "bell\u{7}", false),
            // Not anchored: one non-space character anywhere is enough.
            (r"\S", "  x ", true),
            (r"\S", "   ", false),
            // `\d` is ASCII in ECMAScript, whatever the mode.
            (r"^\d{4}-\d{2}-\d{2}$", "2026-11-25", true),
            (r"^\d{4}-\d{2}-\d{2}$", "٢٠٢٦-11-25", false),
        ];
        for (pattern, value, expected) in cases {
            let regex = read_pattern(pattern).unwrap();
            assert_eq!(regex.is_match(value), *expected, "{pattern} on {value:?}");
        }
    }

    #[test]
    fn only_sent_shapes_with_something_to_check_get_a_routine() {
        let model = fixture();
        let index = Index::new(&model);
        for id in ["a#OpRequest", "a#Item", "a#Inner", "a#Answer"] {
            assert!(needs_validation(&index, id), "{id}");
            assert!(!routine(&model, id).is_empty(), "{id}");
        }
        // Nothing to check in `Plain`; `OpResponse` is only received.
        assert_eq!(routine(&model, "a#Plain"), "");
        assert_eq!(routine(&model, "a#OpResponse"), "");
        let input = routine(&model, "a#OpRequest");
        assert!(!input.contains("\"Plain\""), "{input}");
        assert!(operation_method(&index, model.shape("a#OpRequest"))
            .to_string()
            .contains("connect_runtime :: validate :: input (Self :: NAME , self , constraints)"));
    }

    #[test]
    fn member_traits_supersede_the_target_s() {
        let input = routine(&fixture(), "a#OpRequest");
        // `Name`: length from the member (2..=8), pattern from the target.
        assert!(
            input.contains(
                "if out . string_length (& path , value , Some (2) , Some (8)) { out . pattern \
                 (& path , value , & NAME) ; }"
            ),
            "{input}"
        );
        // `MaxResults`: the member's `range` (min 5) replaces the target's (1..=1000).
        assert!(
            input.contains(
                "out . integer_range (& path . member (\"MaxResults\") , i64 :: from (* value) , \
                 Some (5) , None)"
            ),
            "{input}"
        );
        assert!(
            input.contains(
                "out . float_range (& path . member (\"Level\") , f64 :: from (* value) , Some \
                 (1.5) , Some (5.0))"
            ),
            "{input}"
        );
    }

    #[test]
    fn broken_patterns_are_not_checked() {
        let model = fixture();
        let input = routine(&model, "a#OpRequest");
        assert!(!input.contains("Phone"), "{input}");
        let index = Index::new(&model).with_broken_patterns(broken_patterns());
        assert!(!needs_validation(&index, "a#Phone"));
    }

    #[test]
    fn no_pattern_is_checked_when_the_manifest_says_why() {
        let model = fixture();
        let ids: Vec<&str> = model.shapes.keys().map(String::as_str).collect();
        let checked = Index::new(&model);
        assert!(uses_patterns(&checked, ids.iter().copied()));
        let unchecked = Index::new(&model).with_patterns_checked(false);
        assert!(!uses_patterns(&unchecked, ids.iter().copied()));
    }

    #[test]
    fn required_members_are_checked_where_they_are_options() {
        let model = fixture();
        let item = routine(&model, "a#Item");
        assert!(
            item.contains("match & self . name { Some (value) => { out . string_length"),
            "{item}"
        );
        assert!(
            item.contains("None => out . missing (& path . member (\"Name\")) ,"),
            "{item}"
        );
        // A deprecated member is read where the routine allows it, and only there.
        assert!(item.starts_with("impl connect_runtime :: validate :: Validate for Item { # [allow (deprecated)] fn validate"), "{item}");
        assert!(!routine(&model, "a#Inner").contains("deprecated"));
        // `Count` has a default, which is never sent for the caller: it must be set.
        assert!(
            item.contains(
                "if self . count . is_none () { out . missing (& path . member (\"Count\")) ; }"
            ),
            "{item}"
        );
        // `Inner` is optional but its own `Id` is required.
        assert!(
            item.contains(
                "if let Some (value) = & self . inner { connect_runtime :: validate :: Validate \
                 :: validate (value , & path . member (\"Inner\") , out) ; }"
            ),
            "{item}"
        );
        // `Inner.Token` is an idempotency token, which the SDK fills.
        let inner = routine(&model, "a#Inner");
        assert!(!inner.contains("Token"), "{inner}");
        assert!(
            inner.contains(
                "if self . id . is_none () { out . missing (& path . member (\"Id\")) ; }"
            ),
            "{inner}"
        );
        // The input's own required members are plain values, which the builder demands.
        let input = routine(&model, "a#OpRequest");
        assert!(!input.contains("missing"), "{input}");
    }

    #[test]
    fn unions_refuse_unknown_members_and_check_their_values() {
        let union = routine(&fixture(), "a#Answer");
        assert!(
            union.contains(
                "match self { Self :: Text (value) => { out . string_length (& path . member \
                 (\"Text\") , value , None , Some (5)) ; } Self :: Unknown (name) => out . \
                 unknown_member (path , name) , _ => { } }"
            ),
            "{union}"
        );
    }

    #[test]
    fn pattern_statics_are_declared_once_under_distinct_names() {
        let model = fixture();
        let index = Index::new(&model);
        let mut generator = Generator {
            index: &index,
            patterns: Vec::new(),
            reads_deprecated: false,
        };
        let mut name = |source, holder| generator.pattern("a#X", source, holder).unwrap();
        assert_eq!(name("^a$", "Tag_Key"), "TAG_KEY");
        assert_eq!(name("^b$", "TagKey"), "TAG_KEY_2");
        assert_eq!(name("^a$", "TagKey"), "TAG_KEY");
        assert_eq!(name("^b$", "Tag_Key"), "TAG_KEY_2");
        assert_eq!(generator.patterns.len(), 2);
        let error = generator.pattern("a#X", "(", "Broken").unwrap_err();
        assert_eq!(
            error.to_string(),
            "shape `a#X`: pattern \"(\" cannot be checked: at character 0: `(` without a `)`"
        );
        // Valid ECMAScript that the runtime's engine does not read stops generation too.
        let error = generator.pattern("a#X", r"^\p{Lu}+$", "Upper").unwrap_err();
        assert!(
            error.to_string().starts_with(
                "shape `a#X`: pattern \"^\\\\p{Lu}+$\" cannot be checked: at character 1: the \
                 Unicode property `Lu` is not supported"
            ),
            "{error}"
        );
    }

    #[test]
    fn constraints_on_unsupported_targets_are_refused() {
        let text = FIXTURE.replace(
            r#""a#Plain": {"type": "structure", "members""#,
            r#""a#Plain": {"type": "structure", "traits": {"smithy.api#length": {"max": 1}}, "members""#,
        );
        let model = Model::parse(Path::new("constraints.json"), text.as_bytes()).unwrap();
        let index = Index::new(&model);
        let error = validate_impl(&index, model.shape("a#OpRequest")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "shape `a#OpRequest`: member `Plain`: `length` on a structure is not supported"
        );
    }
}
