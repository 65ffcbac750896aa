//! Where a service's crates go in the workspace, and the relative paths between them.

use crate::ir::naming;

/// The folders of one service's generated crates, relative to the workspace root:
/// `<dir>/sdk`, `<dir>/types`, `<dir>/ops/<operation>`, `<dir>/samples`, `<dir>/answers`,
/// `<dir>/cases`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    dir: String,
    runtime: String,
}

impl Layout {
    /// The crates of a service under `dir` (e.g. `services/connect`), using the runtime at
    /// `runtime` (e.g. `crates/connect-runtime`).
    pub fn new(dir: &str, runtime: &str) -> Self {
        Self {
            dir: dir.trim_end_matches('/').to_owned(),
            runtime: runtime.to_owned(),
        }
    }

    /// The service's folder: every file in it is generated.
    pub fn dir(&self) -> &str {
        &self.dir
    }

    /// The client crate.
    pub fn sdk(&self) -> String {
        format!("{}/sdk", self.dir)
    }

    /// The shared-types crate.
    pub fn types(&self) -> String {
        format!("{}/types", self.dir)
    }

    /// The crate of operation `name`.
    pub fn operation(&self, name: &str) -> String {
        format!("{}/ops/{}", self.dir, naming::kebab(name))
    }

    /// The samples crate.
    pub fn samples(&self) -> String {
        format!("{}/samples", self.dir)
    }

    /// The crate that runs the AWS protocol test cases (protocol test services only).
    pub fn cases(&self) -> String {
        format!("{}/cases", self.dir)
    }

    /// The answer readers' crate.
    pub fn answers(&self) -> String {
        format!("{}/answers", self.dir)
    }

    /// The runtime crate.
    pub fn runtime(&self) -> &str {
        &self.runtime
    }

    /// The default HTTP client's crate, beside the runtime's.
    pub fn http(&self) -> String {
        match self.runtime.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/{}", naming::HTTP_PACKAGE),
            None => naming::HTTP_PACKAGE.to_owned(),
        }
    }
}

/// The path from folder `from` to folder `to`, both relative to the workspace root, as a
/// manifest's `path = ...` spells it.
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|part| !part.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|part| !part.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_between_crates() {
        assert_eq!(
            relative(
                "services/connect/ops/tag-resource",
                "crates/connect-runtime"
            ),
            "../../../../crates/connect-runtime"
        );
        assert_eq!(
            relative("services/connect/sdk", "services/connect/types"),
            "../types"
        );
        assert_eq!(
            relative("crates/connect-cli", "services/connect/sdk"),
            "../../services/connect/sdk"
        );
    }
}
