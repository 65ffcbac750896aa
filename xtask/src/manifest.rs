//! The pins: `models/manifest.json` (the partition table, the services, the protocol test
//! suites) and each service's `models/<service>/manifest.json` (its model, the operations to
//! generate, where, and what is knowingly left out), with `broken-patterns.json` beside it.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything the generator is pinned to.
pub struct Manifest {
    /// The AWS partition table the endpoint rules read.
    pub partitions: Pinned,
    /// The services generated, in the manifest's order.
    pub services: Vec<Service>,
    /// The protocol test suites, generated as test services.
    pub protocol_tests: ProtocolTests,
    /// The repository's own fixture models.
    pub fixtures: Fixtures,
}

/// Models written for the tests, kept in `models/fixtures/`.
pub struct Fixtures {
    /// The models, relative to `models/`.
    pub models: Vec<PathBuf>,
    /// The folder they are generated into, one service each.
    pub dir: String,
}

impl Fixtures {
    /// The generator's options for the fixture called `name`.
    pub fn options(&self, name: &str) -> connect_codegen::Options {
        connect_codegen::Options {
            operations: None,
            dir: format!("{}/{name}", self.dir),
            runtime: RUNTIME.to_owned(),
            not_generated: BTreeMap::new(),
            broken_patterns: Vec::new(),
            extras: false,
            cli: false,
            protocol_cases: None,
            credential_services: None,
            unchecked_patterns: None,
            publish: None,
        }
    }
}

/// A pinned input file.
pub struct Pinned {
    /// Where the fetched file lives, relative to the workspace root.
    pub path: PathBuf,
    /// Where `fetch-model --from PATH` finds it, relative to the folder of the Connect model
    /// at PATH (`credentials/sts-2011-06-15.json` beside `../shared/models/connect.json`);
    /// `None` for the Connect model itself and the partition table.
    pub beside_connect: Option<PathBuf>,
    /// Where `fetch-model` downloads it from by default.
    pub url: String,
    /// Its sha256, lower-case hex.
    pub sha256: String,
}

impl Pinned {
    /// Where the fetched file lives.
    pub fn path(&self, root: &Path) -> PathBuf {
        root.join(&self.path)
    }
}

/// One service and what is generated from its model.
pub struct Service {
    /// The folder of its pins (`models/<name>`), e.g. `connect`.
    pub name: String,
    /// Its model.
    pub model: Pinned,
    /// The generator's options for it.
    pub options: connect_codegen::Options,
}

/// The protocol test suites.
pub struct ProtocolTests {
    /// Their folder, relative to the workspace root.
    pub from: PathBuf,
    /// The folder the test services are generated into.
    pub dir: String,
    /// By test service (`restjson`, `json10`, `json11`): the operations the generator
    /// refuses, with why.
    pub not_generated: BTreeMap<String, BTreeMap<String, String>>,
}

impl ProtocolTests {
    /// The generator's options for test service `name`, generated into `dir`, whose cases
    /// crate runs the suites of `suite_file`.
    pub fn options(&self, dir: &str, name: &str, suite_file: &str) -> connect_codegen::Options {
        connect_codegen::Options {
            operations: None,
            dir: dir.to_owned(),
            runtime: RUNTIME.to_owned(),
            not_generated: self.not_generated.get(name).cloned().unwrap_or_default(),
            broken_patterns: Vec::new(),
            extras: false,
            cli: false,
            protocol_cases: Some(suite_file.to_owned()),
            credential_services: None,
            unchecked_patterns: None,
            publish: None,
        }
    }
}

/// The runtime crate every service's crates use.
const RUNTIME: &str = "crates/connect-runtime";

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|error| format!("{}: not valid JSON: {error}", path.display()))
}

/// `json`'s string at `pointer`.
fn string(json: &Value, path: &Path, pointer: &str) -> Result<String, String> {
    json.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: missing string at {pointer}", path.display()))
}

impl Manifest {
    pub fn load(root: &Path) -> Result<Self, String> {
        let workspace_version = workspace_version(root)?;
        let path = root.join("models/manifest.json");
        let json = read_json(&path)?;
        let string = |pointer: &str| string(&json, &path, pointer);
        let names = json
            .get("services")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{}: `services` must list service folders", path.display()))?;
        let services = names
            .iter()
            .map(|name| {
                let name = name
                    .as_str()
                    .ok_or_else(|| format!("{}: `services` lists names", path.display()))?;
                Service::load(root, name, &workspace_version)
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            partitions: Pinned {
                path: Path::new("models").join(string("/partitions/file")?),
                beside_connect: None,
                url: string("/partitions/source/url")?,
                sha256: string("/partitions/sha256")?,
            },
            services,
            protocol_tests: ProtocolTests {
                from: PathBuf::from(string("/protocol_tests/from")?),
                dir: string("/protocol_tests/dir")?,
                not_generated: protocol_refusals(&json, &path)?,
            },
            fixtures: Fixtures {
                models: json
                    .pointer("/fixtures/models")
                    .and_then(Value::as_array)
                    .ok_or_else(|| format!("{}: fixtures.models must list files", path.display()))?
                    .iter()
                    .map(|file| file.as_str().map(PathBuf::from))
                    .collect::<Option<_>>()
                    .ok_or_else(|| {
                        format!("{}: fixtures.models must list files", path.display())
                    })?,
                dir: string("/fixtures/dir")?,
            },
        })
    }

    /// The service pinned in `models/<name>`.
    pub fn service(&self, name: &str) -> Result<&Service, String> {
        self.services
            .iter()
            .find(|service| service.name == name)
            .ok_or_else(|| format!("models/manifest.json lists no service `{name}`"))
    }
}

/// `protocol_tests.not_generated`: by test service, operation and why.
fn protocol_refusals(
    json: &Value,
    path: &Path,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, String> {
    let Some(services) = json.pointer("/protocol_tests/not_generated") else {
        return Ok(BTreeMap::new());
    };
    let invalid = || {
        format!(
            "{}: protocol_tests.not_generated must map services to {{operation: why}}",
            path.display()
        )
    };
    services
        .as_object()
        .ok_or_else(invalid)?
        .iter()
        .map(|(service, operations)| {
            let operations = operations
                .as_object()
                .ok_or_else(invalid)?
                .iter()
                .map(|(name, why)| Ok((name.clone(), why.as_str().ok_or_else(invalid)?.to_owned())))
                .collect::<Result<_, String>>()?;
            Ok((service.clone(), operations))
        })
        .collect()
}

impl Service {
    fn load(root: &Path, name: &str, workspace_version: &str) -> Result<Self, String> {
        let folder = Path::new("models").join(name);
        let path = root.join(&folder).join("manifest.json");
        let json = read_json(&path)?;
        let string = |pointer: &str| string(&json, &path, pointer);
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
        let not_generated = match json.get("not_generated") {
            None => BTreeMap::new(),
            Some(Value::Object(entries)) => entries
                .iter()
                .map(|(operation, why)| {
                    let why = why.as_str().ok_or_else(|| {
                        format!("{}: not_generated.{operation} must say why", path.display())
                    })?;
                    Ok((operation.clone(), why.to_owned()))
                })
                .collect::<Result<_, String>>()?,
            Some(_) => {
                return Err(format!(
                    "{}: `not_generated` must be an object",
                    path.display()
                ))
            }
        };
        let patterns_path = root.join(&folder).join("broken-patterns.json");
        let broken_patterns = match std::fs::read(&patterns_path) {
            Ok(bytes) => connect_codegen::broken_patterns(&bytes)
                .map_err(|error| format!("{}: {error}", patterns_path.display()))?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(format!("cannot read {}: {error}", patterns_path.display())),
        };
        let extras = json.get("extras").and_then(Value::as_bool).unwrap_or(false);
        let cli = json.get("cli").and_then(Value::as_bool).unwrap_or(false);
        let version = string("/version")?;
        if !is_semver(&version) {
            return Err(format!(
                "{}: `version` must be a semver version (MAJOR.MINOR.PATCH), not {version:?}",
                path.display()
            ));
        }
        Ok(Self {
            name: name.to_owned(),
            model: Pinned {
                path: folder.join(string("/file")?),
                beside_connect: json
                    .get("beside_connect")
                    .map(|beside| {
                        beside.as_str().map(PathBuf::from).ok_or_else(|| {
                            format!("{}: `beside_connect` must be a path", path.display())
                        })
                    })
                    .transpose()?,
                url: string("/source/url")?,
                sha256: string("/sha256")?,
            },
            options: connect_codegen::Options {
                operations,
                dir: string("/dir")?,
                runtime: RUNTIME.to_owned(),
                not_generated,
                broken_patterns,
                extras,
                cli,
                protocol_cases: None,
                credential_services: credential_services(&json, &path)?,
                unchecked_patterns: match json.get("unchecked_patterns") {
                    None => None,
                    Some(Value::String(why)) => Some(why.clone()),
                    Some(_) => {
                        return Err(format!(
                            "{}: `unchecked_patterns` must say why, as a string",
                            path.display()
                        ))
                    }
                },
                publish: Some(connect_codegen::Publish {
                    version,
                    workspace_version: workspace_version.to_owned(),
                }),
            },
        })
    }
}

/// `credential_services`: the crate whose static implements the credential providers'
/// services for the SDK's clients, `{"crate": "crates/connect-credentials", "static": "SERVICES"}`.
fn credential_services(
    json: &Value,
    path: &Path,
) -> Result<Option<connect_codegen::CredentialServicesCrate>, String> {
    let Some(value) = json.get("credential_services") else {
        return Ok(None);
    };
    let field = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                format!(
                    "{}: credential_services.{key} must be a string",
                    path.display()
                )
            })
    };
    Ok(Some(connect_codegen::CredentialServicesCrate {
        path: field("crate")?,
        item: field("static")?,
    }))
}

/// The `version` of `[workspace.package]` in the workspace's `Cargo.toml`: the version of the
/// hand-written crates, which the generated crates' dependencies on them ask for.
fn workspace_version(root: &Path) -> Result<String, String> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    package_version(&text).ok_or_else(|| {
        format!(
            "{}: no `version = \"MAJOR.MINOR.PATCH\"` under [workspace.package]",
            path.display()
        )
    })
}

/// The `version = "..."` line of the `[workspace.package]` table of a manifest's text.
fn package_version(manifest: &str) -> Option<String> {
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[workspace.package]";
        } else if in_table {
            if let Some(value) = line.strip_prefix("version") {
                let value = value.trim_start().strip_prefix('=')?.trim();
                let version = value.strip_prefix('"')?.strip_suffix('"')?;
                return is_semver(version).then(|| version.to_owned());
            }
        }
    }
    None
}

/// Whether `version` is `MAJOR.MINOR.PATCH`, with an optional `-pre-release` and `+build`.
pub fn is_semver(version: &str) -> bool {
    let (version, build) = match version.split_once('+') {
        Some((version, build)) => (version, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match version.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (version, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let number = |part: &&str| {
        !part.is_empty()
            && part.bytes().all(|byte| byte.is_ascii_digit())
            && (*part == "0" || !part.starts_with('0'))
    };
    let identifiers = |text: Option<&str>| {
        text.is_none_or(|text| {
            text.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
            })
        })
    };
    numbers.len() == 3 && numbers.iter().all(number) && identifiers(pre) && identifiers(build)
}

#[cfg(test)]
mod tests {
    use super::{is_semver, package_version};

    #[test]
    fn versions_are_semver() {
        for valid in [
            "0.1.0",
            "1.22.333",
            "1.0.0-alpha.1",
            "1.0.0+2026.04.27",
            "0.0.0",
        ] {
            assert!(is_semver(valid), "{valid}");
        }
        for invalid in [
            "0.1", "v0.1.0", "01.0.0", "1.0.0-", "1.0.0+", "1..0", "", "1.0.0.0",
        ] {
            assert!(!is_semver(invalid), "{invalid}");
        }
    }

    #[test]
    fn the_workspace_version_is_read_from_its_table() {
        let manifest = "[package]\nversion = \"9.9.9\"\n\n[workspace.package]\n\
                        edition = \"2021\"\nversion = \"0.3.1\"\n[other]\nversion = \"1.0.0\"\n";
        assert_eq!(package_version(manifest).as_deref(), Some("0.3.1"));
        assert_eq!(
            package_version("[workspace.package]\nversion = \"x\"\n"),
            None
        );
        assert_eq!(package_version("[workspace]\nversion = \"1.0.0\"\n"), None);
    }
}
