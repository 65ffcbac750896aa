//! `cargo xtask`: the maintainers' commands.
//!
//! - `fetch-model [--from URL|PATH] [--partitions-from URL|PATH]`: puts the pinned Amazon
//!   Connect model at `models/connect/connect.json`, the other pinned services' models (STS,
//!   SSO, SSO OIDC) beside their manifests, and the AWS partition table at
//!   `models/partitions.json`, refusing a file whose sha256 differs from the pins.
//! - `codegen [--model PATH] [--partitions PATH] [--check]`: regenerates every service's crates
//!   (Amazon Connect and the protocol test services), or checks that the committed ones are
//!   exactly what the generator writes; folders it empties are removed.
//! - `update-model --service NAME --from PATH [--revision DATE] [--dry-run]`: checks a new
//!   model of a pinned service, prints what changes in the public API of its SDK (each change
//!   marked breaking or not), pins it (sha256, revision, the service's version bumped by the
//!   changes) and regenerates the service's crates (`update.rs`).
//! - `samples`: prints every sample of every samples crate (Connect's and its family's) as
//!   JSON lines, the input of `conformance/botocore_requests.py` (docs/CONFORMANCE.md).
//! - `test [-- CARGO TEST ARGS]`: every test, with the Python peers they need (botocore's
//!   two recordings checked, moto_server started and stopped): the README's test command.
//! - `bench-compile [--release] [--rounds R]`: builds the one-operation application from clean
//!   on this SDK, the peer SDK and the dependency floor, and prints times, peak memory and
//!   ratios (medians of R interleaved rounds).
//! - `bench-cli`: installs the `connect` tool from clean (`cargo install --path`), and prints
//!   the build's time and peak memory and the binary's size, as built and stripped.
//! - `bench-requests [--rounds R] [--requests N] ...`: the cost of a request on the same three
//!   applications against a local nginx: client CPU, instructions, requests per second at
//!   concurrency 1 and 64, peak memory, with ratios against the peer.
//! - `protocol-models --out DIR [--from DIR]`: converts the botocore protocol test suites
//!   (`../shared/conformance/protocol-tests`) into Smithy JSON AST models, one per protocol
//!   (`restjson.json`, `json10.json`, `json11.json`), for people to inspect.
//! - `publish --dry-run`: every publishable crate in publishing order, checked against what
//!   crates.io asks and its limits (with the raised limits recorded in `publish.rs`), and
//!   packaged with `cargo package --no-verify --offline`; nothing is sent. Without
//!   `--dry-run` it refuses: nothing is published from here.

mod bench;
mod manifest;
mod protocol_tests;
mod publish;
mod requests;
mod sync;
mod test;
mod update;

use clap::{Parser, Subcommand};
use manifest::Manifest;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer commands of the Amazon Connect SDKs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fetch the pinned models and partition table into models/ and verify their sha256.
    FetchModel {
        /// Where to take the Connect model from: an http(s) URL or a file path (default: the
        /// manifest's URL). From a file path, the other services' models are taken from beside
        /// it (each manifest's `beside_connect`), else from their URLs.
        #[arg(long, value_name = "URL|PATH")]
        from: Option<String>,
        /// Where to take the partition table from (default: the manifest's file name beside
        /// a `--from` file path, else the manifest's URL).
        #[arg(long, value_name = "URL|PATH")]
        partitions_from: Option<String>,
    },
    /// Regenerate the SDK crates from the model.
    Codegen {
        /// The Amazon Connect model file (default: models/connect/connect.json, as fetch-model
        /// writes it).
        #[arg(long, value_name = "PATH")]
        model: Option<PathBuf>,
        /// The partition table (default: models/partitions.json, as fetch-model writes it).
        #[arg(long, value_name = "PATH")]
        partitions: Option<PathBuf>,
        /// Write nothing; fail and name every file that differs from the generator's output.
        #[arg(long)]
        check: bool,
    },
    /// Update a service's model: check the file, print what changes in the public API of the
    /// service's SDK (each change marked breaking or not), then pin the model (sha256,
    /// revision, version bumped by the changes) and regenerate the service's crates.
    UpdateModel {
        /// The service, as models/manifest.json lists it (e.g. `connect`).
        #[arg(long, value_name = "NAME")]
        service: String,
        /// The new model: a Smithy 2.0 JSON AST file of the same service.
        #[arg(long, value_name = "PATH")]
        from: PathBuf,
        /// The model's revision date (YYYY-MM-DD), written into the pin's
        /// `source.revision_date`; without it, the pin says "unknown".
        #[arg(long, value_name = "DATE")]
        revision: Option<String>,
        /// Print the changes and the version the service would get; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print every sample input and answer of every samples crate as JSON lines, for
    /// conformance/botocore_requests.py.
    Samples,
    /// Run every test: check conformance/botocore.jsonl and conformance/boto3-docs.jsonl
    /// against botocore 1.44.5, start moto_server 5.2.5 on 127.0.0.1, run `cargo test
    /// --workspace`, stop the server. The pinned Python packages go into virtualenvs under
    /// target/py (python3 with venv needed).
    Test {
        /// Further arguments for `cargo test --workspace`.
        #[arg(last = true)]
        cargo_args: Vec<String>,
    },
    /// Build the one-operation application from clean on this SDK, the peer SDK and the
    /// dependency floor (../shared/bench), one after the other; print times and ratios.
    BenchCompile {
        /// Also build in release mode and compare binary sizes.
        #[arg(long)]
        release: bool,
        /// Build the floor and this SDK's apps this many times, interleaved, and report
        /// medians (the peer is built once).
        #[arg(long, default_value_t = 1)]
        rounds: usize,
    },
    /// What `cargo install --path crates/connect-cli` costs: a clean release build of the
    /// `connect` tool (every service) with its own target directory, timed, and the size of
    /// the binary as built and stripped.
    BenchCli,
    /// Measure a request (DisassociateWorkspace) on this SDK, the peer SDK and the dependency
    /// floor against the nginx of ../shared/bench/nginx-bench.conf (which must be installed):
    /// client CPU, instructions (with valgrind), requests per second, peak memory.
    BenchRequests {
        /// Interleaved rounds; the table shows medians.
        #[arg(long, default_value_t = 7)]
        rounds: usize,
        /// Sequential requests per run (client CPU and requests per second at concurrency 1).
        #[arg(long, default_value_t = 20_000)]
        requests: usize,
        /// Requests per run at `--concurrency`.
        #[arg(long, default_value_t = 50_000)]
        concurrent_requests: usize,
        /// Tasks sending requests at once in the concurrent runs.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Where the reference apps are copied and all three are built (default: a folder in
        /// the system's temporary directory, outside the repository).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
    },
    /// Convert the botocore protocol test suites into Smithy JSON AST models, one per protocol
    /// (restjson.json, json10.json, json11.json), for inspection.
    ProtocolModels {
        /// The folder to write the models to (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The suites, with `input/` and `output/` folders (default:
        /// ../shared/conformance/protocol-tests beside the workspace).
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
    /// List the publishable crates in publishing order, check them against what crates.io
    /// asks and its limits, and package them (cargo package --no-verify --offline). Only
    /// with --dry-run: nothing is published from here.
    Publish {
        /// Check and package, send nothing (required).
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::FetchModel {
            from,
            partitions_from,
        } => fetch_model(&root, from.as_deref(), partitions_from.as_deref()),
        Command::Codegen {
            model,
            partitions,
            check,
        } => codegen(&root, model, partitions, check),
        Command::UpdateModel {
            service,
            from,
            revision,
            dry_run,
        } => {
            let request = update::Request {
                service: &service,
                from: &from,
                revision: revision.as_deref(),
                dry_run,
            };
            update::run(&root, &request).map(|outcome| {
                print!("{}", outcome.report());
                ExitCode::SUCCESS
            })
        }
        Command::Samples => samples(&root),
        Command::Test { cargo_args } => test::run(&root, &cargo_args),
        Command::BenchCompile { release, rounds } => {
            bench::run(&root, release, rounds).map(|()| ExitCode::SUCCESS)
        }
        Command::BenchCli => bench::cli(&root).map(|()| ExitCode::SUCCESS),
        Command::BenchRequests {
            rounds,
            requests,
            concurrent_requests,
            concurrency,
            work_dir,
        } => {
            let options = requests::Options {
                rounds,
                requests,
                concurrent_requests,
                concurrency,
                work_dir,
            };
            requests::run(&root, &options).map(|()| ExitCode::SUCCESS)
        }
        Command::ProtocolModels { out, from } => protocol_models(&root, from, &out),
        Command::Publish { dry_run } => publish::run(&root, dry_run),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Writes the converted model of every protocol into `out`, as pretty JSON.
fn protocol_models(root: &Path, from: Option<PathBuf>, out: &Path) -> Result<ExitCode, String> {
    let from = from.unwrap_or_else(|| root.join("../shared/conformance/protocol-tests"));
    std::fs::create_dir_all(out)
        .map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    for protocol in protocol_tests::Protocol::ALL {
        let suites = protocol_tests::load(&from, protocol)?;
        let model = protocol_tests::convert(protocol, &suites)
            .map_err(|error| format!("{}: {error}", protocol.suite_file()))?;
        let mut text = serde_json::to_string_pretty(&model)
            .map_err(|error| format!("cannot write the {protocol:?} model: {error}"))?;
        text.push('\n');
        let path = out.join(protocol.model_file());
        std::fs::write(&path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        let shapes = model["shapes"].as_object().map_or(0, |shapes| shapes.len());
        let operations = model["shapes"]
            .as_object()
            .into_iter()
            .flat_map(|shapes| shapes.values())
            .filter(|shape| shape["type"] == "operation")
            .count();
        println!(
            "{}: {operations} operations, {shapes} shapes",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn fetch_model(
    root: &Path,
    from: Option<&str>,
    partitions_from: Option<&str>,
) -> Result<ExitCode, String> {
    let manifest = Manifest::load(root)?;
    let connect = manifest.service("connect")?;
    let model_from = from.unwrap_or(&connect.model.url);
    fetch_pinned(model_from, &connect.model.sha256, &connect.model.path(root))?;
    // The other services' models: beside a Connect model taken from a folder (as
    // ../shared/models holds them), else from their URLs.
    let folder = from
        .filter(|from| !is_url(from))
        .map(|from| Path::new(from).parent().unwrap_or(Path::new("")));
    for service in manifest
        .services
        .iter()
        .filter(|service| service.name != "connect")
    {
        let pinned = &service.model;
        let source = match (folder, &pinned.beside_connect) {
            (Some(folder), Some(beside)) => folder.join(beside).display().to_string(),
            (Some(_), None) => {
                return Err(format!(
                    "models/{}/manifest.json says nothing of where its model lies beside \
                     the Connect model (`beside_connect`)",
                    service.name
                ))
            }
            (None, _) => pinned.url.clone(),
        };
        fetch_pinned(&source, &pinned.sha256, &pinned.path(root))?;
    }
    let pinned = &manifest.partitions;
    let file_name = pinned.path.file_name().unwrap_or_default();
    // A model taken from a folder brings the partition table beside it, as ../shared does.
    let beside = from
        .filter(|from| !is_url(from))
        .and_then(|from| Path::new(from).parent())
        .map(|folder| folder.join(file_name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string());
    let partitions_from = partitions_from
        .map(str::to_owned)
        .or(beside)
        .unwrap_or_else(|| pinned.url.clone());
    fetch_pinned(&partitions_from, &pinned.sha256, &pinned.path(root))?;
    Ok(ExitCode::SUCCESS)
}

fn is_url(from: &str) -> bool {
    from.starts_with("http://") || from.starts_with("https://")
}

/// Copies or downloads `from` to `target` if its sha256 is `sha256`.
fn fetch_pinned(from: &str, sha256: &str, target: &Path) -> Result<(), String> {
    let bytes = if is_url(from) {
        download(from)?
    } else {
        std::fs::read(from).map_err(|error| format!("cannot read {from}: {error}"))?
    };
    let actual = connect_codegen::model::sha256_hex(&bytes);
    if actual != sha256 {
        return Err(format!(
            "{from} has sha256 {actual}, but models/manifest.json pins {sha256}; nothing written"
        ));
    }
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    std::fs::write(target, &bytes)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    println!(
        "{from} ({} bytes, sha256 {actual}) written to {}",
        bytes.len(),
        target.display()
    );
    Ok(())
}

fn download(url: &str) -> Result<Vec<u8>, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the download: {error}"))?;
    runtime.block_on(async {
        let failed = |error: reqwest::Error| format!("cannot download {url}: {error}");
        let response = reqwest::get(url).await.map_err(failed)?;
        let response = response.error_for_status().map_err(failed)?;
        Ok(response.bytes().await.map_err(failed)?.to_vec())
    })
}

fn samples(root: &Path) -> Result<ExitCode, String> {
    print!("{}", samples_jsonl(root)?);
    Ok(ExitCode::SUCCESS)
}

/// Every sample of every service with a samples crate (`"extras": true` in its manifest) as
/// JSON lines, from the pinned models, service by service in the manifest's order.
fn samples_jsonl(root: &Path) -> Result<String, String> {
    let manifest = Manifest::load(root)?;
    let mut lines = String::new();
    for service in manifest.services.iter().filter(|s| s.options.extras) {
        let model = pinned_model(root, service, None)?;
        lines += &connect_codegen::samples_jsonl(&model, &service.options)
            .map_err(|error| format!("{}: {error}", service.model.path.display()))?;
    }
    Ok(lines)
}

/// The pinned model of `service` (or the one at `path`), refused when its sha256 is not the
/// pinned one.
fn pinned_model(
    root: &Path,
    service: &manifest::Service,
    path: Option<PathBuf>,
) -> Result<connect_codegen::Model, String> {
    let path = path.unwrap_or_else(|| service.model.path(root));
    if !path.exists() {
        return Err(format!(
            "no model at {}: run `cargo xtask fetch-model` (or pass --model PATH)",
            path.display()
        ));
    }
    let model = connect_codegen::Model::load(&path).map_err(|error| error.to_string())?;
    if model.sha256 != service.model.sha256 {
        return Err(format!(
            "{} has sha256 {}, but models/{}/manifest.json pins {}: update the pin (or run \
             `cargo xtask fetch-model`) to generate from another model",
            path.display(),
            model.sha256,
            service.name,
            service.model.sha256
        ));
    }
    Ok(model)
}

/// The pinned partition table (or the one at `path`).
fn pinned_partitions(
    root: &Path,
    manifest: &Manifest,
    path: Option<PathBuf>,
) -> Result<connect_codegen::Partitions, String> {
    let path = path.unwrap_or_else(|| manifest.partitions.path(root));
    if !path.exists() {
        return Err(format!(
            "no partition table at {}: run `cargo xtask fetch-model` (or pass --partitions PATH)",
            path.display()
        ));
    }
    let partitions = connect_codegen::Partitions::load(&path).map_err(|error| error.to_string())?;
    if partitions.sha256 != manifest.partitions.sha256 {
        return Err(format!(
            "{} has sha256 {}, but models/manifest.json pins {}: update the manifest to \
             generate from another partition table",
            path.display(),
            partitions.sha256,
            manifest.partitions.sha256
        ));
    }
    Ok(partitions)
}

/// Everything the generator writes: the Unicode tables of `connect-pattern`, every pinned
/// service, then the protocol test services and the fixtures, generated on as many threads as
/// the machine has cores (each model is generated on its own; the results keep this order).
fn generate_all(
    root: &Path,
    manifest: &Manifest,
    connect_model: Option<PathBuf>,
    partitions: &connect_codegen::Partitions,
) -> Result<(Vec<connect_codegen::Generated>, usize), String> {
    type Job<'a> =
        Box<dyn FnOnce() -> Result<(connect_codegen::Generated, usize), String> + Send + 'a>;
    let mut jobs: Vec<Job> = Vec::new();
    for service in &manifest.services {
        let path = connect_model.clone().filter(|_| service.name == "connect");
        jobs.push(Box::new(move || {
            let model = pinned_model(root, service, path)?;
            let output = connect_codegen::generate(&model, partitions, &service.options)
                .map_err(|error| format!("{}: {error}", service.model.path.display()))?;
            Ok(counted(&model, output))
        }));
    }
    let tests = &manifest.protocol_tests;
    let from = root.join(&tests.from);
    for protocol in protocol_tests::Protocol::ALL {
        let from = from.clone();
        jobs.push(Box::new(move || {
            let suites = protocol_tests::load(&from, protocol)?;
            let json = protocol_tests::convert(protocol, &suites)
                .map_err(|error| format!("{}: {error}", protocol.suite_file()))?;
            let bytes = serde_json::to_vec(&json).map_err(|error| error.to_string())?;
            let name = Path::new(protocol.model_file());
            let model =
                connect_codegen::Model::parse(name, &bytes).map_err(|error| error.to_string())?;
            let stem = name.file_stem().unwrap_or_default().to_string_lossy();
            let options = tests.options(
                &format!("{}/{stem}", tests.dir),
                &stem,
                protocol.suite_file(),
            );
            let output = connect_codegen::generate(&model, partitions, &options)
                .map_err(|error| format!("{}: {error}", protocol.suite_file()))?;
            Ok(counted(&model, output))
        }));
    }
    for file in &manifest.fixtures.models {
        jobs.push(Box::new(move || {
            let path = root.join("models").join(file);
            let model = connect_codegen::Model::load(&path).map_err(|error| error.to_string())?;
            let name = file.file_stem().unwrap_or_default().to_string_lossy();
            let output =
                connect_codegen::generate(&model, partitions, &manifest.fixtures.options(&name))
                    .map_err(|error| format!("{}: {error}", path.display()))?;
            Ok(counted(&model, output))
        }));
    }
    // First, as the longest single job (a second, scanning every character once per category).
    jobs.insert(
        0,
        Box::new(|| {
            let mut files = connect_codegen::Files::new();
            let tables = connect_codegen::emit::unicode_tables::PATH.to_owned();
            files.insert(tables, connect_codegen::emit::unicode_tables::file());
            Ok((files_only(files, Vec::new()), 0))
        }),
    );
    let mut generated = Vec::new();
    let mut operations = 0;
    for result in in_parallel(jobs) {
        let (output, count) = result?;
        operations += count;
        generated.push(output);
    }
    let tool: Vec<_> = generated
        .iter()
        .filter_map(|output| output.cli.clone())
        .collect();
    if !tool.is_empty() {
        let files = connect_codegen::tool_crate(&tool).map_err(|error| error.to_string())?;
        generated.push(files_only(files, vec![connect_codegen::CLI_DIR.to_owned()]));
    }
    Ok((generated, operations))
}

/// Files written from no model of their own (nothing left out, no notes), with the folders
/// they fill.
fn files_only(files: connect_codegen::Files, roots: Vec<String>) -> connect_codegen::Generated {
    connect_codegen::Generated {
        files,
        roots,
        not_generated: Vec::new(),
        notes: Vec::new(),
        cli: None,
    }
}

/// Work for [`in_parallel`].
type Task<'a, T> = Box<dyn FnOnce() -> T + Send + 'a>;

/// What `model` generated, with how many of its operations were generated.
fn counted(
    model: &connect_codegen::Model,
    output: connect_codegen::Generated,
) -> (connect_codegen::Generated, usize) {
    let operations = model.operations().len() - output.not_generated.len();
    (output, operations)
}

/// Runs `jobs` on one thread per core, each thread taking the next job not yet taken; the
/// results in the jobs' order.
fn in_parallel<'a, T: Send>(jobs: Vec<Task<'a, T>>) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let count = jobs.len();
    let jobs: Vec<Mutex<Option<Task<'a, T>>>> =
        jobs.into_iter().map(|job| Mutex::new(Some(job))).collect();
    let results: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let at = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = jobs.get(at) else { break };
                let job = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some(job) = job {
                    *results[at].lock().unwrap_or_else(|e| e.into_inner()) = Some(job());
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|result| result.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

fn codegen(
    root: &Path,
    model: Option<PathBuf>,
    partitions: Option<PathBuf>,
    check: bool,
) -> Result<ExitCode, String> {
    let manifest = Manifest::load(root)?;
    let started = std::time::Instant::now();
    let partitions = pinned_partitions(root, &manifest, partitions)?;
    let (generated, operations) = generate_all(root, &manifest, model, &partitions)?;
    let mut files = connect_codegen::Files::new();
    let mut roots = Vec::new();
    for output in generated {
        for refused in &output.not_generated {
            println!("not generated (listed in the manifest): {refused}");
        }
        for note in &output.notes {
            println!("note: {note}");
        }
        files.extend(output.files);
        roots.extend(output.roots);
    }
    let differences = sync::differences(root, &roots, &files)?;
    if check {
        if differences.is_empty() {
            println!("generated crates are up to date ({} files)", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("generated crates differ from what `cargo xtask codegen` writes:");
        for difference in &differences {
            eprintln!("  {difference}");
        }
        eprintln!("run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    sync::apply(root, &roots, &files, &differences)?;
    println!(
        "generated {operations} operation(s), {} files ({} changed) in {:.2?}",
        files.len(),
        differences.len(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}
