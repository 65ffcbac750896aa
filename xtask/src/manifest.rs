//! `models/manifest.json`: which model the SDK is generated from, and which operations.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The pinned model.
pub struct Manifest {
    /// File name of the model inside `models/`.
    pub file: String,
    /// Where `fetch-model` downloads it from by default.
    pub url: String,
    /// Its sha256, lower-case hex.
    pub sha256: String,
    /// The operations to generate, by model name; `None` (`"operations": "all"`) for every
    /// operation of the service.
    pub operations: Option<Vec<String>>,
    /// The AWS partition table the endpoint rules read.
    pub partitions: Pinned,
}

/// A pinned input file other than the model.
pub struct Pinned {
    /// File name inside `models/`.
    pub file: String,
    /// Where `fetch-model` downloads it from by default.
    pub url: String,
    /// Its sha256, lower-case hex.
    pub sha256: String,
}

impl Pinned {
    /// Where the fetched file lives.
    pub fn path(&self, root: &Path) -> PathBuf {
        root.join("models").join(&self.file)
    }
}

impl Manifest {
    pub fn load(root: &Path) -> Result<Self, String> {
        let path = root.join("models/manifest.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|error| format!("{}: not valid JSON: {error}", path.display()))?;
        let string = |pointer: &str| {
            json.pointer(pointer)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("{}: missing string at {pointer}", path.display()))
        };
        let operations = match json.get("operations") {
            Some(Value::String(all)) if all == "all" => None,
            Some(Value::Array(list)) => Some(
                list.iter()
                    .map(|name| name.as_str().map(str::to_owned))
                    .collect::<Option<Vec<String>>>()
                    .ok_or_else(|| format!("{}: `operations` lists names", path.display()))?,
            ),
            _ => {
                return Err(format!(
                    "{}: `operations` must be \"all\" or a list of names",
                    path.display()
                ))
            }
        };
        Ok(Self {
            file: string("/file")?,
            url: string("/source/url")?,
            sha256: string("/sha256")?,
            operations,
            partitions: Pinned {
                file: string("/partitions/file")?,
                url: string("/partitions/source/url")?,
                sha256: string("/partitions/sha256")?,
            },
        })
    }

    /// Where the fetched model lives.
    pub fn model_path(&self, root: &Path) -> PathBuf {
        root.join("models").join(&self.file)
    }
}
