//! What the generator's tests share: the pinned inputs in `../shared`, and the options Amazon
//! Connect is generated with.

use connect_codegen::{Model, Options, Partitions, Publish};
use std::collections::BTreeMap;
use std::path::Path;

/// The Amazon Connect model.
const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/models/connect.json"
);

/// Amazon Connect's model.
pub fn model() -> Model {
    Model::load(Path::new(MODEL)).unwrap_or_else(|error| panic!("{error}"))
}

/// The AWS partition table.
pub fn partitions() -> Partitions {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/partitions.json"
    );
    Partitions::load(Path::new(path)).unwrap_or_else(|error| panic!("{error}"))
}

/// The options of `models/connect/manifest.json` for `operations` only, without the extras
/// (published as version 0.1.0, on a runtime of version 0.1.0).
pub fn connect_options(operations: &[&str]) -> Options {
    Options {
        operations: Some(operations.iter().map(|name| (*name).to_owned()).collect()),
        dir: "services/connect".into(),
        runtime: "crates/connect-runtime".into(),
        not_generated: BTreeMap::new(),
        broken_patterns: Vec::new(),
        extras: false,
        cli: false,
        protocol_cases: None,
        credential_services: None,
        unchecked_patterns: None,
        publish: Some(Publish {
            version: "0.1.0".into(),
            workspace_version: "0.1.0".into(),
        }),
    }
}
