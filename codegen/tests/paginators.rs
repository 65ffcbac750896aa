//! Paginators over the whole Connect model, and a snapshot of one generated paginator.

mod support;

use connect_codegen::emit::paginator::paginator_file;
use connect_codegen::generate;
use connect_codegen::ir::Index;
use support::{connect_options, model, partitions};

#[test]
fn every_paginated_operation_of_the_model_gets_a_paginator() {
    let model = model();
    let index = Index::new(&model);
    let (mut paginated, mut with_items, mut with_page_size) = (0, 0, 0);
    for operation in model.operations() {
        let operation = index
            .operation_ir(operation.name())
            .unwrap_or_else(|error| panic!("{error}"));
        let Some(pagination) = &operation.pagination else {
            continue;
        };
        paginator_file(&index, &operation, pagination).unwrap_or_else(|error| panic!("{error}"));
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
        &connect_options(&["ListDefaultVocabularies"]),
    )
    .unwrap_or_else(|error| panic!("{error}"))
    .files;
    let path = "services/connect/ops/list-default-vocabularies/src/paginator.rs";
    let content = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} not generated"));
    insta::assert_snapshot!("list-default-vocabularies__src__paginator.rs", content);
    let lib = &files["services/connect/ops/list-default-vocabularies/src/lib.rs"];
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
        &connect_options(&["DisassociateWorkspace"]),
    )
    .unwrap_or_else(|error| panic!("{error}"))
    .files;
    assert!(!files.keys().any(|path| path.ends_with("paginator.rs")));
    assert!(!files["services/connect/ops/disassociate-workspace/src/lib.rs"].contains("paginator"));
}
