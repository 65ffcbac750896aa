//! Bringing the generated folders in line with the generator's output, or reporting how they
//! differ.

use connect_codegen::Files;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

/// How one file on disk differs from the generator's output.
pub enum Difference {
    /// Generated, but not on disk.
    Missing(String),
    /// On disk with other content (stale, or edited by hand).
    Changed(String),
    /// On disk in a generated folder, but not generated (left over, or added by hand).
    Extra(String),
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(path) => write!(f, "missing:  {path}"),
            Self::Changed(path) => write!(f, "differs:  {path}"),
            Self::Extra(path) => write!(f, "not generated: {path}"),
        }
    }
}

/// Every difference between `files` and the generated folders (`roots`) under `root`.
pub fn differences(
    root: &Path,
    roots: &[String],
    files: &Files,
) -> Result<Vec<Difference>, String> {
    let mut on_disk = BTreeSet::new();
    for folder in roots {
        list(root, &root.join(folder), &mut on_disk)?;
    }
    let mut differences = Vec::new();
    for (path, content) in files {
        match std::fs::read(root.join(path)) {
            Err(_) => differences.push(Difference::Missing(path.clone())),
            Ok(bytes) if bytes != content.as_bytes() => {
                differences.push(Difference::Changed(path.clone()))
            }
            Ok(_) => {}
        }
    }
    for path in on_disk {
        // Snapshots of generated tests are insta's, reviewed and committed by people.
        if !files.contains_key(&path) && !path.contains("/tests/snapshots/") {
            differences.push(Difference::Extra(path));
        }
    }
    Ok(differences)
}

fn list(root: &Path, dir: &Path, out: &mut BTreeSet<String>) -> Result<(), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(format!("cannot list {}: {error}", dir.display())),
    };
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot list {}: {error}", dir.display()))?
            .path();
        if path.is_dir() {
            list(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// Writes missing and changed files and removes extra ones, then the folders of `roots` that
/// removing them left empty (a crate whose operation left the model leaves nothing behind, so
/// the workspace still loads).
pub fn apply(
    root: &Path,
    roots: &[String],
    files: &Files,
    differences: &[Difference],
) -> Result<(), String> {
    for difference in differences {
        match difference {
            Difference::Missing(path) | Difference::Changed(path) => {
                let target = root.join(path);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
                }
                std::fs::write(&target, &files[path])
                    .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
            }
            Difference::Extra(path) => {
                let target = root.join(path);
                std::fs::remove_file(&target)
                    .map_err(|error| format!("cannot remove {}: {error}", target.display()))?;
            }
        }
    }
    for folder in roots {
        remove_empty_folders(&root.join(folder))?;
    }
    Ok(())
}

/// Removes the empty folders under `dir` (and `dir` itself when it ends up empty); returns
/// whether `dir` is gone.
fn remove_empty_folders(dir: &Path) -> Result<bool, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(error) => return Err(format!("cannot list {}: {error}", dir.display())),
    };
    let mut empty = true;
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot list {}: {error}", dir.display()))?
            .path();
        if !(path.is_dir() && remove_empty_folders(&path)?) {
            empty = false;
        }
    }
    if empty {
        std::fs::remove_dir(dir)
            .map_err(|error| format!("cannot remove {}: {error}", dir.display()))?;
    }
    Ok(empty)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::manifest::Manifest;
    use std::path::PathBuf;
    use std::process::Command;

    /// The older Connect model (282 operations, 88 fewer than the pinned one).
    pub(crate) const HISTORY: &str = "../shared/models/history/connect-2017-08-08.2025-04-02.json";

    pub(crate) fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// Generates Connect's SDK crates from `model` into the workspace at `at`, as
    /// `cargo xtask codegen` does.
    fn regenerate(at: &Path, manifest: &Manifest, model: &Path) {
        let service = &manifest.services[0];
        let options = connect_codegen::Options {
            extras: false,
            cli: false,
            ..service.options.clone()
        };
        let model = connect_codegen::Model::load(model).unwrap();
        let partitions =
            connect_codegen::Partitions::load(&manifest.partitions.path(&root())).unwrap();
        let output = connect_codegen::generate(&model, &partitions, &options).unwrap();
        let differences = differences(at, &output.roots, &output.files).unwrap();
        apply(at, &output.roots, &output.files, &differences).unwrap();
        let left = differences_after(at, &output.roots, &output.files);
        assert!(left.is_empty(), "still differs: {left:?}");
    }

    fn differences_after(at: &Path, roots: &[String], files: &Files) -> Vec<String> {
        let found = differences(at, roots, files).unwrap();
        found.iter().map(ToString::to_string).collect()
    }

    /// Every folder under `dir` that holds no file, however deep.
    fn empty_folders(dir: &Path, out: &mut Vec<PathBuf>) -> bool {
        let mut has_file = false;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            has_file |= !path.is_dir() || empty_folders(&path, out);
        }
        if !has_file {
            out.push(dir.to_owned());
        }
        has_file
    }

    fn cargo(at: &Path, args: &[&str]) {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .arg("--offline")
            .arg("--manifest-path")
            .arg(at.join("Cargo.toml"))
            // A target folder of its own: the workspace's may be locked by the run of this test.
            .env("CARGO_TARGET_DIR", at.join("target"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "cargo {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A workspace holding Connect's generated crates only, what they depend on linked in from
    /// this one.
    pub(crate) fn scratch_workspace(at: &Path) {
        let _ = std::fs::remove_dir_all(at);
        std::fs::create_dir_all(at.join("crates")).unwrap();
        let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        let (_, rest) = manifest.split_once("[workspace.package]").unwrap();
        let members = r#"[workspace]
resolver = "2"
members = ["services/*/sdk", "services/*/types", "services/*/ops/*"]

[workspace.package]"#;
        std::fs::write(at.join("Cargo.toml"), format!("{members}{rest}")).unwrap();
        // The same versions as the workspace, so nothing needs the network.
        std::fs::copy(root().join("Cargo.lock"), at.join("Cargo.lock")).unwrap();
        // The hand-written crates (the runtime, its test support, the credential services the
        // SDK depends on by default) and the other services' SDKs they call, linked in.
        let link = |from: PathBuf, to: PathBuf| {
            std::os::unix::fs::symlink(from.canonicalize().unwrap(), to).unwrap();
        };
        for entry in std::fs::read_dir(root().join("crates")).unwrap() {
            let path = entry.unwrap().path();
            // A generated folder stays out: generating into a link would write into this
            // workspace.
            if path.file_name() == Path::new(connect_codegen::CLI_DIR).file_name() {
                continue;
            }
            link(
                path.clone(),
                at.join("crates").join(path.file_name().unwrap()),
            );
        }
        std::fs::create_dir_all(at.join("services")).unwrap();
        for entry in std::fs::read_dir(root().join("services")).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() != "connect" {
                link(
                    path.clone(),
                    at.join("services").join(path.file_name().unwrap()),
                );
            }
        }
    }

    #[test]
    fn the_history_model_and_back_leaves_a_workspace_that_loads_and_builds() {
        let manifest = Manifest::load(&root()).unwrap();
        let pinned = manifest.services[0].model.path(&root());
        let at = root().join("target/tmp/regenerate");
        scratch_workspace(&at);

        regenerate(&at, &manifest, &pinned);
        regenerate(&at, &manifest, &root().join(HISTORY));
        let mut empty = Vec::new();
        empty_folders(&at.join("services/connect"), &mut empty);
        assert!(empty.is_empty(), "left empty: {empty:?}");
        assert!(!at
            .join("services/connect/ops/associate-contact-with-user")
            .exists());
        cargo(&at, &["metadata", "--format-version", "1", "--no-deps"]);

        regenerate(&at, &manifest, &pinned);
        // An operation that only the pinned model has, and one both have.
        cargo(
            &at,
            &[
                "check",
                "-p",
                "connect-sdk",
                "--features",
                "associate-contact-with-user,list-users",
            ],
        );
        let _ = std::fs::remove_dir_all(&at);
    }
}
