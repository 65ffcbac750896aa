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
