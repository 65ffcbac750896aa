//! Generates typed Rust SDKs from Smithy 2.0 JSON AST models of AWS services.
//!
//! One direction of flow, one folder per stage: [`model`] (serde_json → typed shapes) →
//! [`ir`] (the resolved index: closures, placement, Rust names) → [`protocol`] (where each
//! member goes on the wire) → [`emit`] (Rust tokens, with `quote`) → [`render`] (formatted
//! files).

pub mod emit;
mod error;
pub mod ir;
pub mod model;
pub mod protocol;
pub mod render;

pub use emit::crates::{Files, GENERATED_ROOTS};
pub use emit::endpoints::Partitions;
pub use error::GenerateError;
pub use model::{Model, ModelError};

use std::collections::BTreeSet;

/// Every sample of `operations` (names as in the model), as `connect-samples` holds them: one
/// JSON object a line, `{"operation", "set", "input", "answer"}`, for
/// `conformance/botocore_requests.py`.
pub fn samples_jsonl(model: &Model, operations: &[String]) -> Result<String, GenerateError> {
    let index = ir::Index::new(model);
    let mut shapes = operations
        .iter()
        .map(|name| index.operation(name))
        .collect::<Result<Vec<_>, _>>()?;
    shapes.sort_by_key(|operation| operation.name());
    shapes.dedup_by_key(|operation| operation.name());
    let mut lines = String::new();
    for (operation, set, input, answer) in emit::samples::sample_sets(&index, &shapes)? {
        let line = serde_json::json!({
            "operation": operation,
            "set": set,
            "input": input,
            "answer": answer,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    Ok(lines)
}

/// Every generated file for `operations` (names as in the model), by path relative to the
/// workspace root; `partitions` is the AWS partition table the endpoint rules read.
pub fn generate(
    model: &Model,
    partitions: &Partitions,
    operations: &[String],
) -> Result<Files, GenerateError> {
    let index = ir::Index::new(model);
    index.check_type_names()?;
    let header = render::header(&model.sha256);
    let mut shapes = operations
        .iter()
        .map(|name| index.operation(name))
        .collect::<Result<Vec<_>, _>>()?;
    shapes.sort_by_key(|operation| operation.name());
    shapes.dedup_by_key(|operation| operation.name());
    let mut files = Files::new();
    let mut shared = BTreeSet::new();
    for operation in &shapes {
        shared.extend(emit::crates::operation_crate(
            &index, operation, &header, &mut files,
        )?);
    }
    emit::crates::types_crate(&index, &shared, &header, &mut files)?;
    emit::crates::sdk_crate(&shapes, &header, &mut files)?;
    emit::endpoints::endpoint_files(model, partitions, &header, &mut files)?;
    emit::crates::samples_crate(&index, &shapes, &header, &mut files)?;
    emit::answers::answers_crate(&index, &shapes, &header, &mut files)?;
    emit::cli::cli_crate(&index, &shapes, &header, &mut files)?;
    for root in GENERATED_ROOTS {
        files.insert(
            format!("{root}/rustfmt.toml"),
            emit::crates::rustfmt_toml(&header),
        );
    }
    Ok(files)
}
