//! Every model in `../shared/models` (Amazon Connect, the rest of its family, the older Connect
//! model, and STS, SSO and SSO OIDC, which the credential providers call) goes through the
//! support table and generates: nothing in them is unknown to the generator, and the only
//! operation left out is the one whose construct the generator refuses.

use connect_codegen::{generate, Model, Options, Partitions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The models, by file.
fn models() -> Vec<PathBuf> {
    let shared = shared();
    let mut files = vec![shared.join("connect.json")];
    for folder in ["family", "history", "credentials"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(shared.join(folder))
            .unwrap_or_else(|error| panic!("{folder}: {error}"))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models")
}

/// The operations each model's service cannot have, and why.
fn refused() -> BTreeMap<&'static str, BTreeMap<String, String>> {
    BTreeMap::from([(
        "connecthealth-2025-01-29.json",
        BTreeMap::from([(
            "StartMedicalScribeListeningSession".to_owned(),
            "an event stream".to_owned(),
        )]),
    )])
}

#[test]
fn every_model_generates_and_refuses_only_what_it_must() {
    let refused = refused();
    let partitions = Partitions::load(&shared().join("partitions.json")).unwrap();
    let mut generated = Vec::new();
    for path in models() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let model = Model::load(&path).unwrap_or_else(|error| panic!("{error}"));
        let options = Options {
            operations: None,
            dir: "services/any".into(),
            runtime: "crates/connect-runtime".into(),
            not_generated: refused.get(file.as_str()).cloned().unwrap_or_default(),
            broken_patterns: Vec::new(),
            extras: false,
            cli: false,
            protocol_cases: None,
            credential_services: None,
            unchecked_patterns: None,
            publish: None,
        };
        let output = generate(&model, &partitions, &options)
            .unwrap_or_else(|error| panic!("{file}: {error}"));
        for refusal in &output.not_generated {
            assert!(
                refusal.problem.contains("smithy.api#streaming")
                    && refusal.problem.contains("event streams"),
                "{file}: {refusal}"
            );
        }
        generated.push((file, model.operations().len(), output.not_generated.len()));
    }
    let operations: usize = generated.iter().map(|(_, all, left)| all - left).sum();
    assert_eq!(generated.len(), 16, "{generated:?}");
    // Connect, its family less the one event stream, the history model, and STS (11), SSO (4)
    // and SSO OIDC (4).
    assert_eq!(operations, 370 + 421 + 282 + 19, "{generated:?}");
}
