//! `cargo xtask`: the maintainers' commands.
//!
//! - `fetch-model [--from URL|PATH]`: puts the pinned model at `models/connect.json`, refusing a
//!   file whose sha256 differs from `models/manifest.json`.
//! - `codegen [--model PATH] [--check]`: regenerates the SDK crates, or checks that the
//!   committed ones are exactly what the generator writes.
//! - `bench-compile [--release]`: builds the one-operation application from clean on this SDK,
//!   the peer SDK and the dependency floor, and prints times, peak memory and ratios.

mod bench;
mod manifest;
mod sync;

use clap::{Parser, Subcommand};
use manifest::Manifest;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer commands of the Amazon Connect SDK"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fetch the pinned model into models/ and verify its sha256.
    FetchModel {
        /// Where to take it from: an http(s) URL or a file path (default: the manifest's URL).
        #[arg(long, value_name = "URL|PATH")]
        from: Option<String>,
    },
    /// Regenerate the SDK crates from the model.
    Codegen {
        /// The model file (default: models/connect.json, as fetch-model writes it).
        #[arg(long, value_name = "PATH")]
        model: Option<PathBuf>,
        /// Write nothing; fail and name every file that differs from the generator's output.
        #[arg(long)]
        check: bool,
    },
    /// Build the one-operation application from clean on this SDK, the peer SDK and the
    /// dependency floor (../shared/bench), one after the other; print times and ratios.
    BenchCompile {
        /// Also build in release mode and compare binary sizes.
        #[arg(long)]
        release: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::FetchModel { from } => fetch_model(&root, from.as_deref()),
        Command::Codegen { model, check } => codegen(&root, model, check),
        Command::BenchCompile { release } => bench::run(&root, release).map(|()| ExitCode::SUCCESS),
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

fn fetch_model(root: &Path, from: Option<&str>) -> Result<ExitCode, String> {
    let manifest = Manifest::load(root)?;
    let from = from.unwrap_or(&manifest.url);
    let bytes = if from.starts_with("http://") || from.starts_with("https://") {
        download(from)?
    } else {
        std::fs::read(from).map_err(|error| format!("cannot read {from}: {error}"))?
    };
    let sha256 = connect_codegen::model::sha256_hex(&bytes);
    if sha256 != manifest.sha256 {
        return Err(format!(
            "{from} has sha256 {sha256}, but models/manifest.json pins {}; nothing written",
            manifest.sha256
        ));
    }
    let target = manifest.model_path(root);
    std::fs::write(&target, &bytes)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    println!(
        "model {} ({} bytes, sha256 {sha256}) written to {}",
        from,
        bytes.len(),
        target.display()
    );
    Ok(ExitCode::SUCCESS)
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

fn codegen(root: &Path, model: Option<PathBuf>, check: bool) -> Result<ExitCode, String> {
    let manifest = Manifest::load(root)?;
    let path = model.unwrap_or_else(|| manifest.model_path(root));
    if !path.exists() {
        return Err(format!(
            "no model at {}: run `cargo xtask fetch-model` (or pass --model PATH)",
            path.display()
        ));
    }
    let started = std::time::Instant::now();
    let model = connect_codegen::Model::load(&path).map_err(|error| error.to_string())?;
    if model.sha256 != manifest.sha256 {
        return Err(format!(
            "{} has sha256 {}, but models/manifest.json pins {}: update the manifest to \
             generate from another model",
            path.display(),
            model.sha256,
            manifest.sha256
        ));
    }
    let operations = manifest.operations.clone().unwrap_or_else(|| {
        model
            .operations()
            .iter()
            .map(|operation| operation.name().to_owned())
            .collect()
    });
    let files = connect_codegen::generate(&model, &operations)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    let differences = sync::differences(root, &files)?;
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
    sync::apply(root, &files, &differences)?;
    println!(
        "generated {} operation(s), {} files ({} changed) in {:.2?}",
        operations.len(),
        files.len(),
        differences.len(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}
