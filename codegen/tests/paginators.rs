//! Paginators over the whole Connect model, and a snapshot of one generated paginator.

use connect_codegen::emit::paginator::{pagination, paginator_file};
use connect_codegen::ir::Index;
use connect_codegen::{generate, Model, Partitions};
use std::path::Path;

const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/models/connect.json"
);

fn partitions() -> Partitions {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/partitions.json"
    );
    Partitions::load(Path::new(path)).unwrap_or_else(|error| panic!("{error}"))
}

fn model() -> Model {
    Model::load(Path::new(MODEL)).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn every_paginated_operation_of_the_model_gets_a_paginator() {
    let model = model();
    let index = Index::new(&model);
    let (mut paginated, mut with_items, mut with_page_size) = (0, 0, 0);
    for operation in model.operations() {
        let Some(pagination) =
            pagination(&index, operation).unwrap_or_else(|error| panic!("{error}"))
        else {
            continue;
        };
        paginator_file(&index, operation, &pagination).unwrap_or_else(|error| panic!("{error}"));
        paginated += 1;
        with_items += usize::from(pagination.items.is_some());
        with_page_size += usize::from(pagination.page_size.is_some());
    }
    assert_eq!((paginated, with_items, with_page_size), (86, 80, 84));
}

#[test]
fn list_default_vocabularies_paginator() {
    let files = generate(
        &model(),
        &partitions(),
        &["ListDefaultVocabularies".to_owned()],
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let path = "crates/ops/list-default-vocabularies/src/paginator.rs";
    let content = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} not generated"));
    insta::assert_snapshot!("list-default-vocabularies__src__paginator.rs", content);
    let lib = &files["crates/ops/list-default-vocabularies/src/lib.rs"];
    assert!(lib.contains("mod paginator;\n"), "{lib}");
    assert!(
        lib.contains("pub use paginator::ListDefaultVocabulariesPaginator;\n"),
        "{lib}"
    );
}

#[test]
fn operations_without_the_trait_get_no_paginator() {
    let files = generate(
        &model(),
        &partitions(),
        &["DisassociateWorkspace".to_owned()],
    )
    .unwrap_or_else(|error| panic!("{error}"));
    assert!(!files.keys().any(|path| path.ends_with("paginator.rs")));
    assert!(!files["crates/ops/disassociate-workspace/src/lib.rs"].contains("paginator"));
}
