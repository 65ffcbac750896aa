//! The suites as botocore ships them (`../shared/conformance/protocol-tests`, described in its
//! README): each file a list of suites, each suite its botocore shapes and its cases.

use crate::shapes::Shapes;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;

/// The folder of the suites, beside the workspace.
pub const SUITES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/conformance/protocol-tests"
);

/// The endpoint of a suite that names none (its cases assert nothing about the host).
const DEFAULT_ENDPOINT: &str = "https://example.com";

/// Whether a case is a request (`input/`) or an answer (`output/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `params` serialized into `serialized`.
    Request,
    /// `response` read into `result`, or into `error`.
    Answer,
}

impl Direction {
    /// The folder of this direction's files.
    pub fn folder(self) -> &'static str {
        match self {
            Direction::Request => "input",
            Direction::Answer => "output",
        }
    }
}

/// One case of one suite.
#[derive(Debug)]
pub struct Case {
    /// Its file, e.g. `input/rest-json.json`.
    pub file: String,
    /// Whether it is a request or an answer.
    pub direction: Direction,
    /// The suite's description, e.g. `Test cases for JsonLists operation`.
    pub suite: String,
    /// Its id (Smithy's), e.g. `RestJsonLists`.
    pub id: String,
    /// The operation it calls.
    pub operation: String,
    /// The case as the file has it.
    pub data: Map<String, Value>,
    /// The suite's shapes.
    pub shapes: Arc<Shapes>,
    /// The endpoint URL the suite's client uses (`clientEndpoint`).
    pub endpoint: String,
}

impl Case {
    /// Member `key` of the case.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.data.get(key)
    }

    /// The shape of the operation's input or output (`given.input` / `given.output`).
    pub fn io_shape(&self, key: &str) -> Option<&str> {
        self.data.get("given")?.get(key)?.get("shape")?.as_str()
    }
}

/// Every case of `input/<protocol_file>` and `output/<protocol_file>` under `dir`, in file
/// order.
pub fn load(dir: &Path, protocol_file: &str) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    for direction in [Direction::Request, Direction::Answer] {
        let file = format!("{}/{protocol_file}", direction.folder());
        let path = dir.join(&file);
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let suites: Value = serde_json::from_str(&text)
            .map_err(|error| format!("{}: not valid JSON: {error}", path.display()))?;
        let suites = suites
            .as_array()
            .ok_or_else(|| format!("{file}: not a list of suites"))?;
        for suite in suites {
            read_suite(&file, direction, suite, &mut cases)?;
        }
    }
    Ok(cases)
}

fn read_suite(
    file: &str,
    direction: Direction,
    suite: &Value,
    cases: &mut Vec<Case>,
) -> Result<(), String> {
    let text = |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let description =
        text(suite, "description").ok_or_else(|| format!("{file}: a suite without description"))?;
    let at = |problem: &str| format!("{file}, suite {description:?}: {problem}");
    let shapes = match suite.get("shapes") {
        Some(Value::Object(shapes)) => Arc::new(Shapes::new(shapes.clone())),
        _ => return Err(at("no shapes")),
    };
    let endpoint = text(suite, "clientEndpoint").unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
    let list = suite
        .get("cases")
        .and_then(Value::as_array)
        .ok_or_else(|| at("no cases"))?;
    for case in list {
        let data = case
            .as_object()
            .ok_or_else(|| at("a case is not an object"))?;
        let id = text(case, "id").ok_or_else(|| at("a case without id"))?;
        let operation = case
            .get("given")
            .and_then(|given| text(given, "name"))
            .ok_or_else(|| at(&format!("case {id} names no operation")))?;
        cases.push(Case {
            file: file.to_owned(),
            direction,
            suite: description.clone(),
            id,
            operation,
            data: data.clone(),
            shapes: Arc::clone(&shapes),
            endpoint: endpoint.clone(),
        });
    }
    Ok(())
}
