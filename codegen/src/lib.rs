//! Generates typed Rust SDKs from Smithy 2.0 JSON AST models of AWS services.
//!
//! One direction of flow, one folder per stage: [`model`] (serde_json → typed shapes, every
//! trait checked against the support table) → [`ir`] (the resolved index: the service's
//! identity, closures, placement, Rust names, each operation resolved once) → [`protocol`]
//! (where each member goes on the wire) → [`emit`] (Rust tokens, with `quote`) → [`render`]
//! (formatted files).

pub mod diff;
pub mod emit;
mod error;
pub mod ir;
pub mod model;
pub mod protocol;
pub mod render;

pub use emit::crates::Files;
pub use emit::endpoints::Partitions;
pub use error::GenerateError;
pub use model::{Model, ModelError};

use emit::{Layout, Plan};
use ir::{BrokenPattern, Index};
use std::collections::{BTreeMap, BTreeSet};

/// What to generate for a service, and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The operations to generate (names as in the model), or `None` for all of them.
    pub operations: Option<Vec<String>>,
    /// The folder of the service's crates, e.g. `services/connect`.
    pub dir: String,
    /// The folder of the runtime crate, e.g. `crates/connect-runtime`.
    pub runtime: String,
    /// Operations the maintainers know are not generated, with why: each must be one the
    /// generator refuses (for a construct it does not support), and every refused operation
    /// must be listed, so that a model update cannot drop an operation unnoticed.
    pub not_generated: BTreeMap<String, String>,
    /// Patterns of the model that are not checked on the client, with why.
    pub broken_patterns: Vec<BrokenPattern>,
    /// Also generate the samples and answers crates (their tests compare with botocore and
    /// fuzz the readers).
    pub extras: bool,
    /// Describe the operations for the `connect` tool ([`tool_crate`] puts the services
    /// together), with a test of them against the typed operations when `extras` is on.
    pub cli: bool,
    /// For a protocol test service: the AWS protocol test suite file (its name in botocore's
    /// `input/` and `output/` folders, e.g. `rest-json.json`) whose every case the generated
    /// `cases` crate runs against the service's SDK.
    pub protocol_cases: Option<String>,
    /// The crate that implements the services credential providers call (STS, SSO, SSO
    /// OIDC) for this SDK's clients: the client crate depends on it, behind its default
    /// `credential-services` feature. `None` for the SDKs of those services themselves (and
    /// for test services), whose clients have none.
    pub credential_services: Option<CredentialServicesCrate>,
    /// Why no `@pattern` of the model is checked on the client (`None`: every pattern but the
    /// broken ones is): for SDKs whose callers pass values they did not type (the credential
    /// providers' calls to STS), where the pattern engine would cost every build more than the
    /// check is worth. The service still checks its patterns.
    pub unchecked_patterns: Option<String>,
    /// How the service's crates (client, shared types, operations) are published: `None` for
    /// crates only this workspace uses (the protocol test services, the fixtures), which get
    /// `publish = false`.
    pub publish: Option<Publish>,
}

/// The versions a published service's crates carry and ask for.
#[derive(Clone, Debug)]
pub struct Publish {
    /// The version of every crate of the service, and of the path dependencies between them:
    /// the `version` of `models/<service>/manifest.json`.
    pub version: String,
    /// The version of the hand-written crates they depend on (the runtime, the credential
    /// services' crate): the workspace's `[workspace.package] version`.
    pub workspace_version: String,
}

/// Where an SDK's clients find the credential providers' services.
#[derive(Clone, Debug)]
pub struct CredentialServicesCrate {
    /// The crate's folder, e.g. `crates/connect-credentials`; its package is named after it.
    pub path: String,
    /// Its `static` that implements `connect_runtime::credentials::services::CredentialServices`.
    pub item: String,
}

/// What the generator wrote.
#[derive(Debug)]
pub struct Generated {
    /// Every file, by path relative to the workspace root.
    pub files: Files,
    /// The folders the generator owns: every file in them is generated.
    pub roots: Vec<String>,
    /// The operations left out, each with the construct that refused it.
    pub not_generated: Vec<GenerateError>,
    /// What the generator could not write for the tests (an operation without samples), which
    /// does not stop the SDK from being generated.
    pub notes: Vec<GenerateError>,
    /// With [`Options::cli`]: what the tool's crate needs to know of the service.
    pub cli: Option<emit::cli::CliService>,
}

/// The folder of the command-line tool.
pub const CLI_DIR: &str = emit::cli::DIR;

/// The `connect` tool's crate (its manifest, `lib.rs` and `main.rs`) around the modules the
/// services' [`generate`] wrote: the service named `connect` at the top, the others as
/// subcommand groups.
pub fn tool_crate(services: &[emit::cli::CliService]) -> Result<Files, GenerateError> {
    let models: Vec<(String, String)> = services
        .iter()
        .map(|service| (service.title.clone(), service.sha256.clone()))
        .collect();
    let header = render::tool_header(&models);
    let mut files = Files::new();
    emit::cli::tool_crate(services, &header, &mut files)?;
    Ok(files)
}

/// The broken patterns of a service's manifest folder (`broken-patterns.json`: a list of
/// `{"pattern", "why", "refuses"}`).
pub fn broken_patterns(bytes: &[u8]) -> Result<Vec<BrokenPattern>, String> {
    let list: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|error| format!("not valid JSON: {error}"))?;
    let items = list.as_array().ok_or("expected a list")?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let field = |key: &str| {
                item.get(key)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| format!("item {index}: `{key}` must be a string"))
            };
            Ok(BrokenPattern {
                pattern: field("pattern")?,
                why: field("why")?,
                refuses: field("refuses")?,
            })
        })
        .collect()
}

/// The operations of the model that are generated, and those refused (with the construct, its
/// shape and JSON path), checked against what `options` acknowledges.
fn select<'m>(
    index: &Index<'m>,
    options: &Options,
) -> Result<(Vec<String>, Vec<GenerateError>), GenerateError> {
    let (generated, refused) = candidates(index, options)?;
    let refused_names: BTreeSet<&str> = refused.iter().map(|error| error.shape.as_str()).collect();
    for error in &refused {
        if !options.not_generated.contains_key(&error.shape) {
            return Err(GenerateError::new(
                &error.shape,
                format!(
                    "{}; list it under `not_generated` in the service's manifest to generate \
                     the rest of the service without it",
                    error.problem
                ),
            ));
        }
    }
    for name in options.not_generated.keys() {
        if !refused_names.contains(name.as_str()) {
            return Err(GenerateError::new(
                name,
                "listed under `not_generated`, but the generator does not refuse it: remove it \
                 from the manifest",
            ));
        }
    }
    Ok((generated, refused))
}

/// The operations `options` asks for that the generator does not refuse, and those it refuses,
/// whatever the manifest acknowledges (the public API of a model that a manifest written for
/// another model does not fit yet).
fn candidates(
    index: &Index,
    options: &Options,
) -> Result<(Vec<String>, Vec<GenerateError>), GenerateError> {
    let model = index.model();
    let wanted: Vec<String> = match &options.operations {
        Some(names) => {
            for name in names {
                index.operation(name)?;
            }
            names.clone()
        }
        None => model
            .operations()
            .iter()
            .map(|operation| operation.name().to_owned())
            .collect(),
    };
    let mut generated = Vec::new();
    let mut refused = Vec::new();
    for name in wanted {
        match refusal(index, &name)? {
            None => generated.push(name),
            Some(error) => refused.push(error),
        }
    }
    Ok((generated, refused))
}

/// Why operation `name` cannot be generated: the first refused construct its shape or closure
/// holds.
fn refusal(index: &Index, name: &str) -> Result<Option<GenerateError>, GenerateError> {
    let operation = index.operation(name)?;
    let mut shapes = vec![operation.id.as_str()];
    shapes.extend(index.closure(operation));
    for id in shapes {
        if let Some(refusal) = index.model().shape(id).refusals.first() {
            return Ok(Some(GenerateError::new(
                name,
                format!(
                    "not generated: `{}` of `{id}` is refused ({}) at {}",
                    refusal.what, refusal.reason, refusal.path
                ),
            )));
        }
    }
    Ok(None)
}

/// Every generated file for `model`'s service, as `options` says; `partitions` is the AWS
/// partition table the endpoint rules read.
pub fn generate(
    model: &Model,
    partitions: &Partitions,
    options: &Options,
) -> Result<Generated, GenerateError> {
    let index = Index::new(model)
        .with_broken_patterns(options.broken_patterns.clone())
        .with_patterns_checked(options.unchecked_patterns.is_none());
    index.check_type_names()?;
    let (operations, not_generated) = select(&index, options)?;
    let layout = Layout::new(&options.dir, &options.runtime);
    let header = render::header(&index.identity().title, &model.sha256);
    let plan = Plan::new(index, layout, &operations, header)?.with_publish(options.publish.clone());
    let mut files = Files::new();
    let credential_services = options.credential_services.as_ref();
    let mut shared = BTreeSet::new();
    for (operation, bindings) in &plan.operations {
        shared.extend(emit::crates::operation_crate(
            &plan, operation, bindings, &mut files,
        )?);
    }
    emit::crates::types_crate(&plan, &shared, &mut files)?;
    let has_rules = emit::endpoints::has_rules(&plan);
    emit::crates::sdk_crate(&plan, has_rules, credential_services, &mut files)?;
    if has_rules {
        emit::endpoints::endpoint_files(&plan, partitions, &mut files)?;
    }
    let roots = vec![plan.layout.dir().to_owned()];
    let mut notes = Vec::new();
    let mut samples = None;
    if options.extras {
        let sets = emit::samples::sample_sets(&plan);
        emit::samples::samples_crate(&plan, &sets, &mut files)?;
        emit::answers::answers_crate(&plan, &mut files)?;
        notes = sets.missing.clone();
        samples = Some(sets);
    }
    let cli = match options.cli {
        true => Some(emit::cli::service_module(
            &plan,
            samples.as_ref(),
            &model.sha256,
            &mut files,
        )?),
        false => None,
    };
    if let Some(suite_file) = &options.protocol_cases {
        emit::cases::cases_crate(&plan, suite_file, &mut files)?;
    }
    for root in &roots {
        files.insert(
            format!("{root}/rustfmt.toml"),
            emit::crates::rustfmt_toml(&plan.header),
        );
    }
    Ok(Generated {
        files,
        roots,
        not_generated,
        notes,
        cli,
    })
}

/// Every sample of `options`' operations, as the samples crate holds them: one JSON object a
/// line, `{"service", "operation", "set", "input", "answer"}` (`service` as botocore names it),
/// the `full` line of each operation with `"errors": [{"code", "status", "body"}]`, an answer of
/// each error it models, for `conformance/botocore_requests.py`.
pub fn samples_jsonl(model: &Model, options: &Options) -> Result<String, GenerateError> {
    let index = Index::new(model)
        .with_broken_patterns(options.broken_patterns.clone())
        .with_patterns_checked(options.unchecked_patterns.is_none());
    let (operations, _) = select(&index, options)?;
    let layout = Layout::new(&options.dir, &options.runtime);
    let header = render::header(&index.identity().title, &model.sha256);
    let plan = Plan::new(index, layout, &operations, header)?;
    let mut lines = String::new();
    let samples = emit::samples::sample_sets(&plan);
    if let Some(missing) = samples.missing.first() {
        return Err(missing.clone());
    }
    let service = &plan.index.identity().name;
    // The `full` line of each operation also carries an answer of each error it models.
    let error_builder = emit::samples::Samples::new(
        &plan.index,
        emit::samples::Variant::Full,
        plan.protocol.json_names(),
    );
    let mut errors: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
    for (operation, _) in &plan.operations {
        let answers = emit::answers::error_samples(&error_builder, operation)
            .into_iter()
            .map(|(error, status, body)| {
                serde_json::json!({"code": error.name(), "status": status, "body": body})
            });
        errors.insert(operation.name, answers.collect());
    }
    for (operation, set, input, answer) in samples.entries {
        let mut line = serde_json::json!({
            "service": service,
            "operation": operation,
            "set": set,
            "input": input,
            "answer": answer,
        });
        if set == emit::samples::Variant::Full.name() {
            line["errors"] = serde_json::Value::from(errors.remove(operation).unwrap_or_default());
        }
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    Ok(lines)
}
