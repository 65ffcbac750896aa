//! The changes between two public APIs, each marked breaking or not (the rules are in the
//! module's documentation, [`super`]).

use super::{Api, Change, Member, Operation, Role, Shape, Type, What};
use std::collections::BTreeMap;

/// Every change from `old` to `new`, in report order: by kind, then by item.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    operations(old, new, &mut changes);
    types(&old.types, &new.types, &mut changes);
    changes.sort_by(|a, b| (a.what, &a.item, &a.model).cmp(&(b.what, &b.item, &b.model)));
    changes
}

fn change(what: What, breaking: bool, item: String, model: String, detail: String) -> Change {
    Change {
        what,
        breaking,
        item,
        model,
        detail,
    }
}

/// The keys only in `old`, only in `new`, and in both.
fn split<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> (Vec<&'a str>, Vec<&'a str>, Vec<&'a str>) {
    let only = |this: &'a BTreeMap<String, V>, other: &BTreeMap<String, V>| {
        this.keys()
            .filter(|key| !other.contains_key(*key))
            .map(String::as_str)
            .collect()
    };
    let kept = old
        .keys()
        .filter(|key| new.contains_key(*key))
        .map(String::as_str)
        .collect();
    (only(old, new), only(new, old), kept)
}

fn operations(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let (removed, added, kept) = split(&old.operations, &new.operations);
    for name in removed {
        let operation = &old.operations[name];
        changes.push(change(
            What::OperationRemoved,
            true,
            format!("Client::{}", operation.method),
            name.to_owned(),
            format!(
                "feature `{}` and module `{}::{}` are gone",
                operation.feature, old.krate, operation.method
            ),
        ));
    }
    for name in added {
        let operation = &new.operations[name];
        changes.push(change(
            What::OperationAdded,
            false,
            format!("Client::{}", operation.method),
            name.to_owned(),
            format!("feature `{}`", operation.feature),
        ));
    }
    for name in kept {
        operation(name, &old.operations[name], &new.operations[name], changes);
    }
}

/// What changed in an operation both APIs have: paginator, errors, input and output.
fn operation(name: &str, old: &Operation, new: &Operation, changes: &mut Vec<Change>) {
    match (&old.paginator, &new.paginator) {
        (Some(paginator), None) => changes.push(change(
            What::PaginatorRemoved,
            true,
            format!("{}::into_paginator", new.fluent),
            name.to_owned(),
            format!("`{paginator}` is gone"),
        )),
        (None, Some(paginator)) => changes.push(change(
            What::PaginatorAdded,
            false,
            format!("{}::into_paginator", new.fluent),
            name.to_owned(),
            format!("`{paginator}`"),
        )),
        _ => {}
    }
    let (removed, added, _) = split(&old.errors, &new.errors);
    for variant in removed {
        changes.push(change(
            What::ErrorRemoved,
            true,
            format!("{}::{variant}", new.error),
            format!("{name}: {}", old.errors[variant]),
            String::new(),
        ));
    }
    for variant in added {
        changes.push(change(
            What::ErrorAdded,
            false,
            format!("{}::{variant}", new.error),
            format!("{name}: {}", new.errors[variant]),
            "the error enum is non-exhaustive; `Unhandled` held this error before".into(),
        ));
    }
    shape(&old.input, &new.input, changes);
    shape(&old.output, &new.output, changes);
}

fn types(old: &BTreeMap<String, Type>, new: &BTreeMap<String, Type>, changes: &mut Vec<Change>) {
    let (removed, added, kept) = split(old, new);
    for id in removed {
        let ty = &old[id];
        changes.push(change(
            What::TypeRemoved,
            true,
            ty.path.clone(),
            ty.model.clone(),
            String::new(),
        ));
    }
    for id in added {
        let ty = &new[id];
        changes.push(change(
            What::TypeAdded,
            false,
            ty.path.clone(),
            ty.model.clone(),
            String::new(),
        ));
    }
    for id in kept {
        let (before, after) = (&old[id], &new[id]);
        if before.path != after.path {
            changes.push(change(
                What::TypeMoved,
                true,
                after.path.clone(),
                after.model.clone(),
                format!("was `{}`", before.path),
            ));
        }
        shape(before, after, changes);
    }
}

/// What changed inside a type both APIs have.
fn shape(old: &Type, new: &Type, changes: &mut Vec<Change>) {
    match (&old.shape, &new.shape) {
        (
            Shape::Structure {
                role: old_role,
                members: old_members,
            },
            Shape::Structure {
                role: new_role,
                members: new_members,
            },
        ) => {
            builder(new, *old_role, *new_role, changes);
            members(new, *new_role, old_members, new_members, changes);
        }
        (Shape::Union { variants: before }, Shape::Union { variants: after }) => {
            variants(new, before, after, changes)
        }
        (Shape::Enum { values: before }, Shape::Enum { values: after }) => {
            values(new, before, after, changes)
        }
        _ => changes.push(change(
            What::TypeKindChanged,
            true,
            new.path.clone(),
            new.model.clone(),
            format!("{} → {}", kind(&old.shape), kind(&new.shape)),
        )),
    }
}

fn kind(shape: &Shape) -> &'static str {
    match shape {
        Shape::Structure { .. } => "structure",
        Shape::Union { .. } => "union",
        Shape::Enum { .. } => "enum",
    }
}

/// A builder that appears (the structure is now sent) or goes (it no longer is).
fn builder(ty: &Type, old: Role, new: Role, changes: &mut Vec<Change>) {
    let item = format!("{}::builder", ty.name);
    if old.is_sent() && !new.is_sent() {
        changes.push(change(
            What::BuilderRemoved,
            true,
            item,
            ty.model.clone(),
            format!(
                "no operation sends `{}` any more: `{}Builder` is gone",
                ty.name, ty.name
            ),
        ));
    } else if !old.is_sent() && new.is_sent() {
        changes.push(change(
            What::BuilderAdded,
            false,
            item,
            ty.model.clone(),
            format!("an operation sends `{}` now", ty.name),
        ));
    }
}

/// Why an unset required member makes a call fail, if it does in a structure of `role`.
fn refused_unset(role: Role, member: &Member) -> Option<&'static str> {
    if !member.required || member.filled {
        return None;
    }
    match role {
        Role::Input => Some("`build()` fails without it"),
        Role::Sent => Some("`send()` refuses the input without it"),
        Role::Received => None,
    }
}

fn members(
    ty: &Type,
    role: Role,
    old: &BTreeMap<String, Member>,
    new: &BTreeMap<String, Member>,
    changes: &mut Vec<Change>,
) {
    let item = |field: &str| format!("{}::{field}", ty.name);
    let model = |member: &Member| format!("{}${}", ty.model, member.model);
    let (removed, added, kept) = split(old, new);
    for field in removed {
        let member = &old[field];
        changes.push(change(
            What::MemberRemoved,
            true,
            item(field),
            model(member),
            member.field_type(),
        ));
    }
    for field in added {
        let member = &new[field];
        let refused = refused_unset(role, member);
        let detail = match refused {
            Some(why) => format!("{}, required: {why}", member.field_type()),
            None => member.field_type(),
        };
        changes.push(change(
            What::MemberAdded,
            refused.is_some(),
            item(field),
            model(member),
            detail,
        ));
    }
    for field in kept {
        let (before, after) = (&old[field], &new[field]);
        let (item, model) = (item(field), model(after));
        if before.required != after.required {
            changes.push(requirement(
                role,
                before,
                after,
                item.clone(),
                model.clone(),
            ));
        } else if before.plain != after.plain {
            changes.push(change(
                What::MemberTypeChanged,
                true,
                item.clone(),
                model.clone(),
                format!("{} → {}", before.field_type(), after.field_type()),
            ));
        }
        if before.ty != after.ty {
            changes.push(change(
                What::MemberTypeChanged,
                true,
                item,
                model,
                format!("{} → {}", before.ty, after.ty),
            ));
        }
    }
}

/// A member that became required, or no longer is, in a structure of `role`.
fn requirement(role: Role, before: &Member, after: &Member, item: String, model: String) -> Change {
    let mut why = Vec::new();
    if let Some(refused) = refused_unset(role, after) {
        why.push(refused.to_owned());
    }
    if before.plain != after.plain {
        why.push(format!(
            "the field is `{}`, was `{}`",
            after.field_type(),
            before.field_type()
        ));
    }
    let breaking = !why.is_empty();
    if !breaking {
        why.push(
            match role {
                Role::Received => "answers keep every member optional",
                _ if after.required => "the SDK fills it when unset",
                _ => "the SDK no longer asks for it",
            }
            .to_owned(),
        );
    }
    let what = if after.required {
        What::MemberRequired
    } else {
        What::MemberOptional
    };
    change(what, breaking, item, model, why.join("; "))
}

fn variants(
    ty: &Type,
    old: &BTreeMap<String, Member>,
    new: &BTreeMap<String, Member>,
    changes: &mut Vec<Change>,
) {
    let item = |variant: &str| format!("{}::{variant}", ty.name);
    let model = |member: &Member| format!("{}${}", ty.model, member.model);
    let spelled = |member: &Member| {
        if member.ty.is_empty() {
            "no value".to_owned()
        } else {
            member.ty.clone()
        }
    };
    let (removed, added, kept) = split(old, new);
    for variant in removed {
        let member = &old[variant];
        changes.push(change(
            What::VariantRemoved,
            true,
            item(variant),
            model(member),
            spelled(member),
        ));
    }
    for variant in added {
        let member = &new[variant];
        changes.push(change(
            What::VariantAdded,
            false,
            item(variant),
            model(member),
            format!(
                "{}; the union is non-exhaustive, `Unknown` held it before",
                spelled(member)
            ),
        ));
    }
    for variant in kept {
        let (before, after) = (&old[variant], &new[variant]);
        if before.ty != after.ty {
            changes.push(change(
                What::VariantTypeChanged,
                true,
                item(variant),
                model(after),
                format!("{} → {}", spelled(before), spelled(after)),
            ));
        }
    }
}

fn values(
    ty: &Type,
    old: &BTreeMap<String, (String, String)>,
    new: &BTreeMap<String, (String, String)>,
    changes: &mut Vec<Change>,
) {
    let item = |variant: &str| format!("{}::{variant}", ty.name);
    let model = |(member, _): &(String, String)| format!("{}${member}", ty.model);
    let (removed, added, kept) = split(old, new);
    for variant in removed {
        let value = &old[variant];
        changes.push(change(
            What::EnumValueRemoved,
            true,
            item(variant),
            model(value),
            format!("{:?} now reads as `Unknown`", value.1),
        ));
    }
    for variant in added {
        let value = &new[variant];
        changes.push(change(
            What::EnumValueAdded,
            false,
            item(variant),
            model(value),
            format!(
                "{:?}; the enum is non-exhaustive, `Unknown` held it before",
                value.1
            ),
        ));
    }
    for variant in kept {
        let (before, after) = (&old[variant], &new[variant]);
        if before.1 != after.1 {
            changes.push(change(
                What::EnumValueChanged,
                true,
                item(variant),
                model(after),
                format!("{:?} → {:?}", before.1, after.1),
            ));
        }
    }
}
