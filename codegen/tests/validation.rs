//! A snapshot of the validation routines generated for a small model that has every kind of
//! constraint (tests/fixtures/constraints.json): string length and pattern (with lookahead and
//! `\p{..}`), list and map sizes, map keys, integer and float ranges, member traits superseding
//! target traits, nested required members, a union, and a pattern of the model known to be
//! broken. DisassociateWorkspace's own routine is in the snapshot of its `input.rs`.

use connect_codegen::emit::validate::validate_impl;
use connect_codegen::ir::Index;
use connect_codegen::render::rust_file;
use connect_codegen::Model;
use std::path::Path;

#[test]
fn routines_of_every_constraint_kind() {
    let text = include_str!("fixtures/constraints.json");
    let model = Model::parse(Path::new("constraints.json"), text.as_bytes())
        .unwrap_or_else(|error| panic!("{error}"));
    // The fixture's `Phone` has one of Amazon Connect's broken patterns, which is not checked.
    let broken = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../models/connect/broken-patterns.json"
    );
    let broken = connect_codegen::broken_patterns(&std::fs::read(broken).unwrap()).unwrap();
    let index = Index::new(&model).with_broken_patterns(broken);
    let mut tokens = proc_macro2::TokenStream::new();
    for shape in model
        .shapes
        .values()
        .filter(|shape| shape.id.starts_with("a#"))
    {
        tokens.extend(validate_impl(&index, shape).unwrap_or_else(|error| panic!("{error}")));
    }
    let code = rust_file(
        "// Routines of tests/fixtures/constraints.json.",
        "validation.rs",
        tokens,
    )
    .unwrap_or_else(|error| panic!("{error}"));
    insta::assert_snapshot!(code);
}
