//! What is known about cases before they run: the expected failures `docs/CONFORMANCE.md`
//! lists, and the cases botocore itself skips (`botocore-ignore-list.json` of the suites).

use crate::suite::{Case, Direction};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where the expected failures are listed.
pub const CONFORMANCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/CONFORMANCE.md");

/// The section of [`CONFORMANCE`] whose table lists them.
const SECTION: &str = "AWS protocol test suites";

/// A case by suite file and id, e.g. (`input/rest-json.json`, `RestJsonHttpChecksumRequired`).
pub type CaseKey = (String, String);

/// The expected failures, with their reasons: the rows of the table of section "AWS protocol
/// test suites", `| suite file | case id | reason |`, whose first cell is in backquotes.
pub fn expected_failures(text: &str) -> BTreeMap<CaseKey, String> {
    let mut inside = false;
    let mut listed = BTreeMap::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            inside = heading.trim() == SECTION;
            continue;
        }
        if !inside || !line.starts_with("| `") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if let [file, id, reason, ..] = cells.as_slice() {
            let clean = |cell: &str| cell.trim_matches('`').to_owned();
            listed.insert((clean(file), clean(id)), (*reason).to_owned());
        }
    }
    listed
}

/// The cases botocore skips: whole suites (by description) in `general`, cases (by id) per
/// botocore protocol (the suite file's stem: `rest-json`, `json`, `json_1_0`) and direction.
#[derive(Debug, Default)]
pub struct BotocoreSkips {
    suites: BTreeMap<&'static str, BTreeSet<String>>,
    cases: BTreeMap<&'static str, BTreeSet<String>>,
}

impl BotocoreSkips {
    /// The skips of the suite file `protocol_file` in the ignore list under `dir`.
    pub fn load(dir: &Path, protocol_file: &str) -> Result<Self, String> {
        let path = dir.join("botocore-ignore-list.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let list: Value = serde_json::from_str(&text)
            .map_err(|error| format!("{}: not valid JSON: {error}", path.display()))?;
        let protocol = protocol_file.trim_end_matches(".json");
        let names = |value: &Value| -> BTreeSet<String> {
            value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let mut skips = Self::default();
        for direction in [Direction::Request, Direction::Answer] {
            let folder = direction.folder();
            skips
                .suites
                .insert(folder, names(&list["general"][folder]["suites"]));
            skips
                .cases
                .insert(folder, names(&list["protocols"][protocol][folder]["cases"]));
        }
        Ok(skips)
    }

    /// Whether botocore's own test run skips `case`.
    pub fn skips(&self, case: &Case) -> bool {
        let folder = case.direction.folder();
        let listed = |lists: &BTreeMap<&str, BTreeSet<String>>, name: &str| {
            lists.get(folder).is_some_and(|names| names.contains(name))
        };
        listed(&self.suites, &case.suite) || listed(&self.cases, &case.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sections_table_rows_are_read() {
        let text = "## Other\n\n| `input/a.json` | `X` | elsewhere |\n\n\
                    ## AWS protocol test suites\n\n| suite file | case id | reason |\n|---|---|---|\n\
                    | `input/a.json` | `Y` | because |\n\n## Next\n| `input/a.json` | `Z` | no |\n";
        let listed = expected_failures(text);
        assert_eq!(
            listed,
            BTreeMap::from([(
                ("input/a.json".to_owned(), "Y".to_owned()),
                "because".to_owned()
            )])
        );
    }
}
