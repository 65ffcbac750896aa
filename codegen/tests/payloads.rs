//! How a restJson1 request sends its `@httpPayload` member when it is unset, and its content
//! type when a member is bound to `Content-Type` (tests/fixtures/payloads.json), as Smithy's
//! protocol tests ask (the cases named below run in `protocol-tests/restjson/cases`).

use connect_codegen::{generate, Model, Options, Partitions};
use std::collections::BTreeMap;
use std::path::Path;

/// The `input.rs` of operation crate `operation`, with spaces removed so that the checks do
/// not depend on line breaks.
fn input_rs(operation: &str) -> String {
    let text = include_str!("fixtures/payloads.json");
    let model = Model::parse(Path::new("payloads.json"), text.as_bytes())
        .unwrap_or_else(|error| panic!("{error}"));
    let options = Options {
        operations: None,
        dir: "services/payloads".into(),
        runtime: "crates/connect-runtime".into(),
        not_generated: BTreeMap::new(),
        broken_patterns: Vec::new(),
        extras: false,
        cli: false,
        protocol_cases: None,
        credential_services: None,
        unchecked_patterns: None,
        publish: None,
    };
    let partitions = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/partitions.json"
    );
    let partitions =
        Partitions::load(Path::new(partitions)).unwrap_or_else(|error| panic!("{error}"));
    let files = generate(&model, &partitions, &options)
        .unwrap_or_else(|error| panic!("{error}"))
        .files;
    let path = format!("services/payloads/ops/{operation}/src/input.rs");
    files
        .get(&path)
        .unwrap_or_else(|| panic!("{path} not generated"))
        .split_whitespace()
        .collect()
}

#[test]
fn an_unset_structure_payload_is_an_empty_object_and_an_unset_union_nothing() {
    // RestJsonHttpWithHeadersButNoPayload, RestJsonHttpWithEmptyStructurePayload.
    let structure = input_rs("put-structure");
    assert!(
        structure.contains(r#"None=>connect_runtime::Body::Bytes(b"{}".to_vec())"#),
        "{structure}"
    );
    assert!(
        structure.contains(r#"letmutheaders=Vec::new();headers.push(("content-type".into(),"application/json".to_owned()));"#),
        "{structure}"
    );
    // RestJsonHttpPayloadWithUnsetUnion.
    let union = input_rs("put-union");
    assert!(
        union.contains("None=>connect_runtime::Body::empty()"),
        "{union}"
    );
    assert!(
        union.contains(r#"ifself.choice.is_some(){headers.push(("content-type".into(),"application/json".to_owned()));}"#),
        "{union}"
    );
}

#[test]
fn a_content_type_member_replaces_the_payloads_content_type() {
    // RestJsonTestPayloadBlob: one content type, the member's when it is set.
    let blob = input_rs("put-blob");
    assert!(
        blob.contains(
            r#"ifself.content_type.is_none()&&self.data.is_some(){headers.push(("content-type".into(),"application/octet-stream".to_owned()));}"#
        ),
        "{blob}"
    );
    assert!(
        blob.contains(r#"ifletSome(value)=&self.content_type{headers.push(("content-type".into(),value.to_owned()));}"#),
        "{blob}"
    );
}
