//! Generates the typed Amazon Connect SDK from the Smithy 2.0 JSON AST model.
//!
//! One direction of flow: [`model`] (serde_json → typed shapes) → [`index`] (the resolved
//! shape index: closures, placement, Rust names) → token emitters ([`shapes`], [`rest_json`],
//! [`operation`], [`paginator`], [`layout`], [`cli`]) → formatted files ([`render`]).

pub mod boto3;
pub mod cli;
pub mod docs;
pub mod endpoints;
pub mod fuzz;
pub mod index;
pub mod layout;
pub mod model;
pub mod naming;
pub mod operation;
pub mod paginator;
pub mod prelude;
pub mod render;
pub mod rest_json;
pub mod samples;
pub mod shapes;
pub mod validate;

pub use endpoints::Partitions;
pub use index::GenerateError;
pub use layout::{Files, GENERATED_ROOTS};
pub use model::{Model, ModelError};

use std::collections::BTreeSet;

/// Every sample of `operations` (names as in the model), as `connect-samples` holds them: one
/// JSON object a line, `{"operation", "set", "input", "answer"}`, for
/// `conformance/botocore_requests.py`.
pub fn samples_jsonl(model: &Model, operations: &[String]) -> Result<String, GenerateError> {
    let index = index::Index::new(model);
    let mut shapes = operations
        .iter()
        .map(|name| index.operation(name))
        .collect::<Result<Vec<_>, _>>()?;
    shapes.sort_by_key(|operation| operation.name());
    shapes.dedup_by_key(|operation| operation.name());
    let mut lines = String::new();
    for (operation, set, input, answer) in samples::sample_sets(&index, &shapes)? {
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
    let index = index::Index::new(model);
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
        shared.extend(layout::operation_crate(
            &index, operation, &header, &mut files,
        )?);
    }
    layout::types_crate(&index, &shared, &header, &mut files)?;
    layout::sdk_crate(&shapes, &header, &mut files)?;
    endpoints::endpoint_files(model, partitions, &header, &mut files)?;
    layout::samples_crate(&index, &shapes, &header, &mut files)?;
    fuzz::answers_crate(&index, &shapes, &header, &mut files)?;
    cli::cli_crate(&index, &shapes, &header, &mut files)?;
    for root in GENERATED_ROOTS {
        files.insert(
            format!("{root}/rustfmt.toml"),
            layout::rustfmt_toml(&header),
        );
    }
    Ok(files)
}
