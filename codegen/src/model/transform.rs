//! Model transforms the later stages rely on, applied once after parsing: every stage after
//! this one sees only operations listed on the service, enums as enum shapes, and inputs and
//! outputs that are structures.

use super::{
    support, Deprecated, Member, Refusal, Shape, ShapeKind, Simple, Traits, SYNTHETIC, UNIT,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What went wrong, as a JSON path and a problem.
pub(super) type TransformError = (String, String);

/// Applies every transform, in order.
pub(super) fn apply(
    shapes: &mut BTreeMap<String, Shape>,
    service: &str,
) -> Result<(), TransformError> {
    bind_resource_operations(shapes, service)?;
    add_common_errors(shapes, service);
    legacy_enums(shapes);
    rename(shapes, service)?;
    synthesize_unit_io(shapes);
    own_io(shapes, service);
    aws_query_refusals(shapes, service);
    Ok(())
}

/// Under awsQuery (the service's first protocol), what the protocol has no form for is
/// refused: documents, `@streaming` blobs, `@sparse` collections and unit members of unions.
fn aws_query_refusals(shapes: &mut BTreeMap<String, Shape>, service: &str) {
    let protocol = shapes[service].traits.protocols.first();
    if protocol.map(String::as_str) != Some("aws.protocols#awsQuery") {
        return;
    }
    for shape in shapes.values_mut() {
        let path = format!("$.shapes[{:?}]", shape.id);
        let refusal = match &shape.kind {
            ShapeKind::Simple(Simple::Document) => {
                Some(("a `document` shape", support::AWS_QUERY_DOCUMENT))
            }
            ShapeKind::Simple(Simple::Blob) if shape.traits.streaming => {
                Some(("smithy.api#streaming", support::AWS_QUERY_STREAM))
            }
            ShapeKind::List(_) | ShapeKind::Map(..) if shape.traits.sparse => {
                Some(("smithy.api#sparse", support::AWS_QUERY_SPARSE))
            }
            ShapeKind::Union(members) if members.iter().any(|member| member.target == UNIT) => {
                Some((
                    "a union member targeting smithy.api#Unit",
                    support::AWS_QUERY_UNIT,
                ))
            }
            _ => None,
        };
        if let Some((what, reason)) = refusal {
            shape.refusals.push(Refusal {
                what: what.to_owned(),
                reason,
                path,
            });
        }
    }
}

/// Lists the operations bound to the service's resources (and their child resources) on the
/// service itself, after its own: every later stage finds all operations there.
fn bind_resource_operations(
    shapes: &mut BTreeMap<String, Shape>,
    service: &str,
) -> Result<(), TransformError> {
    let ShapeKind::Service(root) = &shapes[service].kind else {
        unreachable!("the service is a service shape");
    };
    let mut operations = root.operations.clone();
    let mut todo: Vec<(String, String)> = root
        .resources
        .iter()
        .enumerate()
        .map(|(index, id)| {
            (
                id.clone(),
                format!("$.shapes[{service:?}].resources[{index}]"),
            )
        })
        .collect();
    let mut seen = BTreeSet::new();
    while let Some((id, path)) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(ShapeKind::Resource(resource)) = shapes.get(&id).map(|shape| &shape.kind) else {
            return Err((path, format!("`{id}` is not a resource shape of the model")));
        };
        for (index, operation) in resource.operations.iter().enumerate() {
            if !matches!(
                shapes.get(operation).map(|shape| &shape.kind),
                Some(ShapeKind::Operation(_))
            ) {
                return Err((
                    format!("$.shapes[{id:?}]"),
                    format!("operation {index} of the resource, `{operation}`, is not an operation of the model"),
                ));
            }
        }
        operations.extend(resource.operations.iter().cloned());
        todo.extend(resource.resources.iter().enumerate().map(|(index, child)| {
            (
                child.clone(),
                format!("$.shapes[{id:?}].resources[{index}]"),
            )
        }));
    }
    let mut listed = BTreeSet::new();
    operations.retain(|id| listed.insert(id.clone()));
    if let Some(ShapeKind::Service(root)) = shapes.get_mut(service).map(|shape| &mut shape.kind) {
        root.operations = operations;
    }
    Ok(())
}

/// The service's `errors` can be returned by every operation: each operation lists them after
/// its own.
fn add_common_errors(shapes: &mut BTreeMap<String, Shape>, service: &str) {
    let ShapeKind::Service(root) = &shapes[service].kind else {
        return;
    };
    let (common, operations) = (root.errors.clone(), root.operations.clone());
    if common.is_empty() {
        return;
    }
    for id in operations {
        if let Some(ShapeKind::Operation(operation)) = shapes.get_mut(&id).map(|s| &mut s.kind) {
            for error in &common {
                if !operation.errors.contains(error) {
                    operation.errors.push(error.clone());
                }
            }
        }
    }
}

/// Strings with the legacy `smithy.api#enum` trait become enum shapes: one member per value,
/// named by the definition's `name` or, without one, by the value.
fn legacy_enums(shapes: &mut BTreeMap<String, Shape>) {
    for shape in shapes.values_mut() {
        let Some(definitions) = shape.traits.legacy_enum.take() else {
            continue;
        };
        let members = definitions
            .into_iter()
            .map(|definition| Member {
                name: definition.name.unwrap_or_else(|| definition.value.clone()),
                target: UNIT.to_owned(),
                traits: Traits {
                    enum_value: Some(Value::String(definition.value)),
                    documentation: definition.documentation,
                    deprecated: definition.deprecated.then(Deprecated::default),
                    ..Traits::default()
                },
                refusals: Vec::new(),
            })
            .collect();
        shape.kind = ShapeKind::Enum(members);
    }
}

/// The service's `rename`: a shape whose name collides with another's in the service's closure
/// takes the new name (its namespace kept), and every reference follows it.
fn rename(shapes: &mut BTreeMap<String, Shape>, service: &str) -> Result<(), TransformError> {
    let ShapeKind::Service(root) = &shapes[service].kind else {
        return Ok(());
    };
    let mut renamed = BTreeMap::new();
    for (old, name) in &root.rename {
        let path = format!("$.shapes[{service:?}].rename[{old:?}]");
        let Some((namespace, _)) = old.split_once('#') else {
            return Err((path, format!("`{old}` is not an absolute shape id")));
        };
        let new = format!("{namespace}#{name}");
        if !shapes.contains_key(old) {
            return Err((
                path,
                format!("renames `{old}`, which the model does not define"),
            ));
        }
        if shapes.contains_key(&new) {
            return Err((
                path,
                format!("renames `{old}` to `{new}`, which already exists"),
            ));
        }
        renamed.insert(old.clone(), new);
    }
    if renamed.is_empty() {
        return Ok(());
    }
    let moved: Vec<Shape> = renamed
        .iter()
        .filter_map(|(old, new)| {
            let mut shape = shapes.remove(old)?;
            shape.id = new.clone();
            Some(shape)
        })
        .collect();
    for shape in moved {
        shapes.insert(shape.id.clone(), shape);
    }
    let follow = |target: &mut String| {
        if let Some(new) = renamed.get(target.as_str()) {
            *target = new.clone();
        }
    };
    for shape in shapes.values_mut() {
        retarget(&mut shape.kind, follow);
    }
    Ok(())
}

/// Applies `follow` to every reference a shape holds.
fn retarget(kind: &mut ShapeKind, follow: impl Fn(&mut String)) {
    match kind {
        ShapeKind::List(member) => follow(&mut member.target),
        ShapeKind::Map(key, value) => {
            follow(&mut key.target);
            follow(&mut value.target);
        }
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            members
                .iter_mut()
                .for_each(|member| follow(&mut member.target));
        }
        ShapeKind::Operation(operation) => {
            follow(&mut operation.input);
            follow(&mut operation.output);
            operation.errors.iter_mut().for_each(&follow);
        }
        ShapeKind::Service(service) => {
            service.operations.iter_mut().for_each(&follow);
            service.errors.iter_mut().for_each(&follow);
        }
        _ => {}
    }
}

/// Gives every operation an input and an output structure of its own, marked `@input` and
/// `@output`: older models (converted from IDL 1) mark none, and may share one structure
/// between operations or use it as a member too. Such a structure is copied, as
/// `smithy.synthetic#<Operation>Input` / `Output`, for each operation that uses it; a marked
/// structure used by one operation alone is kept.
fn own_io(shapes: &mut BTreeMap<String, Shape>, service: &str) {
    let ShapeKind::Service(root) = &shapes[service].kind else {
        return;
    };
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for shape in shapes.values() {
        for (target, _) in shape.references() {
            if !matches!(shape.kind, ShapeKind::Service(_)) {
                *uses.entry(target.to_owned()).or_default() += 1;
            }
        }
    }
    let mut copies = Vec::new();
    for id in root.operations.clone() {
        let Some(Shape {
            kind: ShapeKind::Operation(operation),
            ..
        }) = shapes.get(&id)
        else {
            continue;
        };
        let name = crate::model::name_of(&id).to_owned();
        for (target, suffix) in [
            (operation.input.clone(), "Input"),
            (operation.output.clone(), "Output"),
        ] {
            let shape = &shapes[&target];
            let marked = if suffix == "Input" {
                shape.traits.input
            } else {
                shape.traits.output
            };
            if marked && uses.get(&target) == Some(&1) {
                continue;
            }
            let ShapeKind::Structure(members) = &shape.kind else {
                continue;
            };
            let mut traits = shape.traits.clone();
            traits.input = suffix == "Input";
            traits.output = suffix == "Output";
            let copy = Shape {
                id: format!("{SYNTHETIC}#{name}{suffix}"),
                kind: ShapeKind::Structure(members.clone()),
                traits,
                refusals: shape.refusals.clone(),
            };
            copies.push((id.clone(), suffix, copy));
        }
    }
    for (operation, suffix, copy) in copies {
        if let Some(ShapeKind::Operation(op)) = shapes.get_mut(&operation).map(|s| &mut s.kind) {
            if suffix == "Input" {
                op.input = copy.id.clone();
            } else {
                op.output = copy.id.clone();
            }
        }
        shapes.insert(copy.id.clone(), copy);
    }
}

/// Gives every operation whose input or output is `smithy.api#Unit` an empty structure of its
/// own (`smithy.synthetic#<Operation>Input` / `Output`), so that every operation has input and
/// output types, as in the AWS SDKs: a member added to the model later is then not a breaking
/// change of the Rust API.
fn synthesize_unit_io(shapes: &mut BTreeMap<String, Shape>) {
    let mut synthetic = Vec::new();
    for shape in shapes.values_mut() {
        let name = shape.name().to_owned();
        let ShapeKind::Operation(operation) = &mut shape.kind else {
            continue;
        };
        for (target, suffix) in [
            (&mut operation.input, "Input"),
            (&mut operation.output, "Output"),
        ] {
            if target != UNIT {
                continue;
            }
            *target = format!("{SYNTHETIC}#{name}{suffix}");
            synthetic.push(Shape {
                id: target.clone(),
                kind: ShapeKind::Structure(Vec::new()),
                traits: Traits {
                    input: suffix == "Input",
                    output: suffix == "Output",
                    stands_for_unit: true,
                    ..Traits::default()
                },
                refusals: Vec::new(),
            });
        }
    }
    for shape in synthetic {
        shapes.insert(shape.id.clone(), shape);
    }
}

/// Mixins, flattened in the JSON before the shapes are read: a shape gets the members of its
/// mixins (before its own; a member it redeclares keeps the mixin's traits under its own) and
/// their traits (its own winning; `smithy.api#mixin` and the mixin's `localTraits` are not
/// passed on). Mixin shapes themselves are then left out: nothing but `mixins` refers to them.
pub(super) fn flatten_mixins(
    shapes: &mut serde_json::Map<String, Value>,
) -> Result<(), TransformError> {
    let ids: Vec<String> = shapes.keys().cloned().collect();
    let mut done = BTreeSet::new();
    for id in &ids {
        flatten_one(shapes, id, &mut done, &mut Vec::new())?;
    }
    shapes.retain(|_, shape| {
        shape
            .get("traits")
            .and_then(|traits| traits.get("smithy.api#mixin"))
            .is_none()
    });
    Ok(())
}

fn flatten_one(
    shapes: &mut serde_json::Map<String, Value>,
    id: &str,
    done: &mut BTreeSet<String>,
    stack: &mut Vec<String>,
) -> Result<(), TransformError> {
    if done.contains(id) {
        return Ok(());
    }
    let path = format!("$.shapes[{id:?}].mixins");
    if stack.iter().any(|seen| seen == id) {
        return Err((
            path,
            format!("mixins form a cycle: {} → {id}", stack.join(" → ")),
        ));
    }
    let mixins: Vec<String> = match shapes.get(id).and_then(|shape| shape.get("mixins")) {
        None => Vec::new(),
        Some(list) => list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| item.get("target")?.as_str().map(str::to_owned))
            .collect(),
    };
    stack.push(id.to_owned());
    for mixin in &mixins {
        if !shapes.contains_key(mixin) {
            return Err((path, format!("mixin `{mixin}` is not defined by the model")));
        }
        flatten_one(shapes, mixin, done, stack)?;
    }
    stack.pop();
    let mut members = serde_json::Map::new();
    let mut traits = serde_json::Map::new();
    for mixin in &mixins {
        let shape = &shapes[mixin];
        if shape
            .get("traits")
            .and_then(|t| t.get("smithy.api#mixin"))
            .is_none()
        {
            return Err((path, format!("`{mixin}` has no `smithy.api#mixin` trait")));
        }
        let local: Vec<&str> = shape["traits"]["smithy.api#mixin"]
            .get("localTraits")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, member) in shape
            .get("members")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            members.insert(name.clone(), member.clone());
        }
        for (trait_id, value) in shape
            .get("traits")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if trait_id != "smithy.api#mixin" && !local.contains(&trait_id.as_str()) {
                traits.insert(trait_id.clone(), value.clone());
            }
        }
    }
    if let Some(Value::Object(shape)) = shapes.get_mut(id) {
        let own_members = shape.remove("members");
        for (name, member) in own_members
            .as_ref()
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            match members.get_mut(name) {
                Some(Value::Object(inherited)) => merge_member(inherited, member),
                _ => {
                    members.insert(name.clone(), member.clone());
                }
            }
        }
        if !members.is_empty() || own_members.is_some() {
            shape.insert("members".into(), Value::Object(members));
        }
        for (trait_id, value) in shape
            .remove("traits")
            .and_then(|t| t.as_object().cloned())
            .into_iter()
            .flatten()
        {
            traits.insert(trait_id, value);
        }
        if !traits.is_empty() {
            shape.insert("traits".into(), Value::Object(traits));
        }
        shape.remove("mixins");
    }
    done.insert(id.to_owned());
    Ok(())
}

/// A member a shape redeclares over its mixin's: its traits added to the inherited ones.
fn merge_member(inherited: &mut serde_json::Map<String, Value>, own: &Value) {
    let own_traits = own
        .get("traits")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let traits = inherited
        .entry("traits")
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if let Value::Object(traits) = traits {
        traits.extend(own_traits);
    }
}
