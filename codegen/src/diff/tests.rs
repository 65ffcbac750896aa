//! Each kind of change on a tiny model, both ways, with its breaking mark.

use super::*;
use crate::model::Model;
use crate::Options;
use serde_json::{json, Value};

/// One operation whose input holds a required and two optional members (one a structure users
/// send), whose output holds a structure with an enum, a number and a union, and one error.
fn base() -> Value {
    json!({"smithy": "2.0", "shapes": {
        "a#S": {"type": "service", "version": "1", "operations": [{"target": "a#GetThing"}]},
        "a#GetThing": {"type": "operation",
            "input": {"target": "a#GetThingRequest"}, "output": {"target": "a#GetThingResponse"},
            "errors": [{"target": "a#NotFound"}],
            "traits": {"smithy.api#http": {"method": "POST", "uri": "/thing"}}},
        "a#GetThingRequest": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
            "Name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
            "Filter": {"target": "a#Filter"},
            "NextToken": {"target": "smithy.api#String"}}},
        "a#GetThingResponse": {"type": "structure", "traits": {"smithy.api#output": {}},
            "members": {
                "Thing": {"target": "a#Thing"},
                "NextToken": {"target": "smithy.api#String"},
                "Things": {"target": "a#Things"}}},
        "a#Things": {"type": "list", "member": {"target": "a#Thing"}},
        "a#Filter": {"type": "structure", "members": {"Key": {"target": "smithy.api#String"}}},
        "a#Thing": {"type": "structure", "members": {
            "Status": {"target": "a#Status"},
            "Size": {"target": "smithy.api#Integer"},
            "Shape": {"target": "a#ThingShape"}}},
        "a#Status": {"type": "enum", "members": {
            "ON": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "on"}},
            "OFF": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "off"}}}},
        "a#ThingShape": {"type": "union", "members": {
            "Round": {"target": "smithy.api#Unit"},
            "Square": {"target": "smithy.api#Integer"}}},
        "a#NotFound": {"type": "structure", "traits": {"smithy.api#error": "client"},
            "members": {"Message": {"target": "smithy.api#String"}}},
        "a#Conflict": {"type": "structure", "traits": {"smithy.api#error": "client"},
            "members": {"Message": {"target": "smithy.api#String"}}}
    }})
}

fn api_of(json: &Value) -> Api {
    let model = Model::parse(std::path::Path::new("m.json"), json.to_string().as_bytes()).unwrap();
    let options = Options {
        operations: None,
        dir: "services/s".into(),
        runtime: "crates/runtime".into(),
        not_generated: Default::default(),
        broken_patterns: Vec::new(),
        extras: false,
        cli: false,
        protocol_cases: None,
        credential_services: None,
        unchecked_patterns: None,
        publish: None,
    };
    api(&model, &options).unwrap()
}

/// `json` with `value` at `pointer` (its parent must exist), or without it for `Null`.
fn with(mut json: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = json.pointer_mut(parent).unwrap();
    match value {
        Value::Null => {
            parent.as_object_mut().unwrap().remove(key).unwrap();
        }
        value => {
            parent[key] = value;
        }
    }
    json
}

/// The changes from `old` to `new`, and from `new` back to `old`.
fn both_ways(old: &Value, new: &Value) -> (Vec<Change>, Vec<Change>) {
    let (old, new) = (api_of(old), api_of(new));
    (compare(&old, &new), compare(&new, &old))
}

/// The one change of kind `what` on `item`.
fn find<'a>(changes: &'a [Change], what: What, item: &str) -> &'a Change {
    let found: Vec<&Change> = changes
        .iter()
        .filter(|change| change.what == what && change.item == item)
        .collect();
    assert_eq!(found.len(), 1, "{what:?} {item} in:\n{}", render(changes));
    found[0]
}

const REQUEST: &str = "/shapes/a#GetThingRequest/members";
const THING: &str = "/shapes/a#Thing/members";
const FILTER: &str = "/shapes/a#Filter/members";
const REQUIRED: &str = "smithy.api#required";

#[test]
fn the_same_model_changes_nothing() {
    let (forth, back) = both_ways(&base(), &base());
    assert!(forth.is_empty() && back.is_empty(), "{forth:?}");
}

#[test]
fn names_are_the_rust_names_users_see() {
    let api = api_of(&base());
    let operation = &api.operations["GetThing"];
    assert_eq!(operation.method, "get_thing");
    assert_eq!(operation.input.path, "s_sdk::get_thing::GetThingInput");
    assert_eq!(operation.input.model, "GetThingRequest");
    assert_eq!(operation.paginator, None);
    assert_eq!(
        operation.errors.keys().collect::<Vec<_>>(),
        ["NotFound"],
        "errors"
    );
    let Shape::Structure { role, members } = &operation.input.shape else {
        panic!("a structure")
    };
    assert_eq!(*role, Role::Input);
    assert_eq!(members["name"].field_type(), "String");
    assert_eq!(members["next_token"].field_type(), "Option<String>");
    // Used by one operation only: in its crate.
    assert_eq!(api.types["a#Thing"].path, "s_sdk::get_thing::types::Thing");
    let things = &api.operations["GetThing"].output.shape;
    let Shape::Structure { members, .. } = things else {
        panic!("a structure")
    };
    assert_eq!(members["things"].ty, "Vec<Thing>");
}

#[test]
fn operations_added_are_additive_and_removed_ones_break() {
    let old = base();
    let new = with(
        with(
            old.clone(),
            "/shapes/a#S/operations",
            json!([{"target": "a#GetThing"}, {"target": "a#ListThings"}]),
        ),
        "/shapes/a#ListThings",
        json!({"type": "operation",
            "output": {"target": "a#ListThingsResponse"},
            "traits": {"smithy.api#http": {"method": "GET", "uri": "/things"}}}),
    );
    let new = with(
        new,
        "/shapes/a#ListThingsResponse",
        json!({"type": "structure", "traits": {"smithy.api#output": {}},
            "members": {"Things": {"target": "a#Things"}, "Extra": {"target": "a#Extra"}}}),
    );
    let new = with(
        new,
        "/shapes/a#Extra",
        json!({"type": "structure", "members": {}}),
    );
    let (forth, back) = both_ways(&old, &new);

    let added = find(&forth, What::OperationAdded, "Client::list_things");
    assert!(!added.breaking);
    assert_eq!(added.model, "ListThings");
    assert_eq!(added.detail, "feature `list-things`");
    assert!(!find(&forth, What::TypeAdded, "s_sdk::list_things::types::Extra").breaking);
    // `Thing` (and what it holds) is shared now: its path changed.
    let moved = find(&forth, What::TypeMoved, "s_sdk::types::Thing");
    assert!(moved.breaking);
    assert_eq!(moved.detail, "was `s_sdk::get_thing::types::Thing`");
    // The new operation's input and output are the operation, not types of their own.
    assert!(!forth
        .iter()
        .any(|change| change.item.contains("ListThingsOutput")));

    let removed = find(&back, What::OperationRemoved, "Client::list_things");
    assert!(removed.breaking);
    assert!(find(&back, What::TypeRemoved, "s_sdk::list_things::types::Extra").breaking);
    assert!(find(&back, What::TypeMoved, "s_sdk::get_thing::types::Thing").breaking);
}

#[test]
fn members_added_are_additive_unless_required_in_what_users_send() {
    let old = base();
    let required = json!({"target": "smithy.api#String", "traits": {REQUIRED: {}}});
    let new = with(old.clone(), &format!("{REQUEST}/Owner"), required.clone());
    let new = with(
        new,
        &format!("{REQUEST}/Label"),
        json!({"target": "smithy.api#String"}),
    );
    let new = with(new, &format!("{FILTER}/Value"), required.clone());
    let new = with(new, &format!("{THING}/Id"), required);
    let new = with(
        new,
        &format!("{REQUEST}/ClientToken"),
        json!({"target": "smithy.api#String",
            "traits": {REQUIRED: {}, "smithy.api#idempotencyToken": {}}}),
    );
    let (forth, back) = both_ways(&old, &new);

    let owner = find(&forth, What::MemberAdded, "GetThingInput::owner");
    assert!(owner.breaking);
    assert_eq!(owner.model, "GetThingRequest$Owner");
    assert_eq!(owner.detail, "String, required: `build()` fails without it");
    let label = find(&forth, What::MemberAdded, "GetThingInput::label");
    assert!(!label.breaking);
    assert_eq!(label.detail, "Option<String>");
    let value = find(&forth, What::MemberAdded, "Filter::value");
    assert!(value.breaking, "nested structures users send are checked");
    assert!(
        value.detail.contains("`send()` refuses"),
        "{}",
        value.detail
    );
    assert!(
        !find(&forth, What::MemberAdded, "Thing::id").breaking,
        "only received"
    );
    assert!(
        !find(&forth, What::MemberAdded, "GetThingInput::client_token").breaking,
        "the SDK fills idempotency tokens"
    );

    for item in [
        "GetThingInput::owner",
        "GetThingInput::label",
        "Filter::value",
        "Thing::id",
    ] {
        assert!(find(&back, What::MemberRemoved, item).breaking, "{item}");
    }
}

#[test]
fn members_becoming_required_break_what_users_send() {
    let old = base();
    let new = with(
        old.clone(),
        &format!("{REQUEST}/NextToken/traits"),
        json!({REQUIRED: {}}),
    );
    let new = with(new, &format!("{FILTER}/Key/traits"), json!({REQUIRED: {}}));
    let new = with(new, &format!("{THING}/Size/traits"), json!({REQUIRED: {}}));
    let new = with(new, &format!("{REQUEST}/Name/traits"), json!({}));
    let (forth, back) = both_ways(&old, &new);

    let token = find(&forth, What::MemberRequired, "GetThingInput::next_token");
    assert!(token.breaking);
    assert_eq!(
        token.detail,
        "`build()` fails without it; the field is `String`, was `Option<String>`"
    );
    let key = find(&forth, What::MemberRequired, "Filter::key");
    assert!(key.breaking);
    let size = find(&forth, What::MemberRequired, "Thing::size");
    assert!(!size.breaking);
    assert_eq!(size.detail, "answers keep every member optional");
    // An input's own member that is no longer required becomes an `Option`.
    let name = find(&forth, What::MemberOptional, "GetThingInput::name");
    assert!(name.breaking);
    assert_eq!(name.detail, "the field is `Option<String>`, was `String`");

    assert!(find(&back, What::MemberOptional, "GetThingInput::next_token").breaking);
    let key = find(&back, What::MemberOptional, "Filter::key");
    assert!(!key.breaking, "nothing to change for a nested structure");
    assert!(!find(&back, What::MemberOptional, "Thing::size").breaking);
    assert!(find(&back, What::MemberRequired, "GetThingInput::name").breaking);
}

#[test]
fn member_types_that_change_break() {
    let old = base();
    let new = with(
        old.clone(),
        &format!("{THING}/Size/target"),
        json!("smithy.api#Long"),
    );
    let new = with(
        new,
        &format!("{REQUEST}/NextToken/target"),
        json!("a#Tokens"),
    );
    let new = with(
        new,
        "/shapes/a#Tokens",
        json!({"type": "list", "member": {"target": "smithy.api#String"}}),
    );
    let (forth, back) = both_ways(&old, &new);
    let size = find(&forth, What::MemberTypeChanged, "Thing::size");
    assert!(size.breaking);
    assert_eq!(size.detail, "i32 → i64");
    let token = find(&forth, What::MemberTypeChanged, "GetThingInput::next_token");
    assert_eq!(token.detail, "String → Vec<String>");
    assert_eq!(
        find(&back, What::MemberTypeChanged, "Thing::size").detail,
        "i64 → i32"
    );
    // `@clientOptional` turns an input's required member back into an `Option`.
    let optional = with(
        old.clone(),
        &format!("{REQUEST}/Name/traits"),
        json!({REQUIRED: {}, "smithy.api#clientOptional": {}}),
    );
    let (forth, _) = both_ways(&old, &optional);
    let name = find(&forth, What::MemberTypeChanged, "GetThingInput::name");
    assert!(name.breaking);
    assert_eq!(name.detail, "String → Option<String>");
}

#[test]
fn errors_added_are_additive_and_removed_ones_break() {
    let old = base();
    let new = with(
        old.clone(),
        "/shapes/a#GetThing/errors",
        json!([{"target": "a#NotFound"}, {"target": "a#Conflict"}]),
    );
    let (forth, back) = both_ways(&old, &new);
    let added = find(&forth, What::ErrorAdded, "GetThingError::Conflict");
    assert!(!added.breaking);
    assert_eq!(added.model, "GetThing: Conflict");
    assert!(!find(&forth, What::TypeAdded, "s_sdk::get_thing::types::Conflict").breaking);
    assert!(find(&back, What::ErrorRemoved, "GetThingError::Conflict").breaking);
}

#[test]
fn enum_values_added_are_additive_and_removed_ones_break() {
    let old = base();
    let new = with(
        old.clone(),
        "/shapes/a#Status/members/STANDBY",
        json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "standby"}}),
    );
    let new = with(
        new,
        "/shapes/a#Status/members/OFF/traits",
        json!({"smithy.api#enumValue": "off!"}),
    );
    let (forth, back) = both_ways(&old, &new);
    let added = find(&forth, What::EnumValueAdded, "Status::Standby");
    assert!(!added.breaking);
    assert_eq!(added.model, "Status$STANDBY");
    assert!(added
        .detail
        .starts_with("\"standby\"; the enum is non-exhaustive"));
    let removed = find(&back, What::EnumValueRemoved, "Status::Standby");
    assert!(removed.breaking);
    let changed = find(&forth, What::EnumValueChanged, "Status::Off");
    assert!(changed.breaking);
    assert_eq!(changed.detail, "\"off\" → \"off!\"");
}

#[test]
fn union_variants_added_are_additive_and_removed_or_changed_ones_break() {
    let old = base();
    let new = with(
        old.clone(),
        "/shapes/a#ThingShape/members/Oval",
        json!({"target": "smithy.api#Double"}),
    );
    let new = with(
        new,
        "/shapes/a#ThingShape/members/Square/target",
        json!("smithy.api#Long"),
    );
    let (forth, back) = both_ways(&old, &new);
    assert!(!find(&forth, What::VariantAdded, "ThingShape::Oval").breaking);
    assert!(find(&back, What::VariantRemoved, "ThingShape::Oval").breaking);
    let square = find(&forth, What::VariantTypeChanged, "ThingShape::Square");
    assert!(square.breaking);
    assert_eq!(square.detail, "i32 → i64");
}

#[test]
fn a_type_of_another_kind_breaks() {
    let old = base();
    let new = with(
        old.clone(),
        "/shapes/a#ThingShape",
        json!({"type": "structure", "members": {"Round": {"target": "smithy.api#Boolean"}}}),
    );
    let (forth, _) = both_ways(&old, &new);
    let changed = find(
        &forth,
        What::TypeKindChanged,
        "s_sdk::get_thing::types::ThingShape",
    );
    assert!(changed.breaking);
    assert_eq!(changed.detail, "union → structure");
}

#[test]
fn paginators_and_builders_follow_the_model() {
    let old = base();
    let new = with(
        old.clone(),
        "/shapes/a#GetThing/traits/smithy.api#paginated",
        json!({"inputToken": "NextToken", "outputToken": "NextToken", "items": "Things"}),
    );
    // `Thing` is sent now, inside the input: it gets a builder.
    let new = with(
        new,
        &format!("{REQUEST}/Like"),
        json!({"target": "a#Thing"}),
    );
    let (forth, back) = both_ways(&old, &new);
    let added = find(
        &forth,
        What::PaginatorAdded,
        "GetThingFluentBuilder::into_paginator",
    );
    assert!(!added.breaking);
    assert_eq!(added.detail, "`GetThingPaginator`");
    assert!(!find(&forth, What::BuilderAdded, "Thing::builder").breaking);
    assert!(
        find(
            &back,
            What::PaginatorRemoved,
            "GetThingFluentBuilder::into_paginator"
        )
        .breaking
    );
    let removed = find(&back, What::BuilderRemoved, "Thing::builder");
    assert!(removed.breaking);
    assert_eq!(
        removed.detail,
        "no operation sends `Thing` any more: `ThingBuilder` is gone"
    );
}

#[test]
fn the_report_has_a_line_a_change_and_totals() {
    let old = base();
    let new = with(old.clone(), &format!("{THING}/Size"), Value::Null);
    let new = with(
        new,
        &format!("{THING}/Weight"),
        json!({"target": "smithy.api#Float"}),
    );
    let changes = compare(&api_of(&old), &api_of(&new));
    assert_eq!(
        render(&changes),
        "breaking  member removed         Thing::size (Thing$Size): Option<i32>\n          \
         member added           Thing::weight (Thing$Weight): Option<f32>\n\
         totals:\n  \
         member removed             1  (1 breaking)\n  \
         member added               1\n  \
         2 change(s), 1 breaking\n"
    );
}
