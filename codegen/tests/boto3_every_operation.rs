//! Every operation of Amazon Connect and of the 11 other services of its family, written in
//! boto3's documentation syntax by the generator (`connect_codegen::emit::boto3`), against
//! boto3's own documentation of it: what botocore 1.44.5's documentation generator writes,
//! recorded by `conformance/boto3_docs.py` in `conformance/boto3-docs.jsonl`.
//!
//! For each operation the Request Syntax and Response Syntax blocks must be the same text, and
//! the Parameters and Response Structure trees equal (names, order, nesting, types,
//! `[REQUIRED]`). Where they are not, both are read as trees and compared along the Smithy
//! model's shapes, which names each difference by the shape it is in: an operation, a member or
//! an enum value that only one of the two models has, members or values in another order, a
//! member required in one model only. botocore documents its own JSON model
//! (`service-2.json`), the generator the Smithy model, so such a difference is the models', not
//! the renderer's; each must be listed in docs/CONFORMANCE.md (section "boto3 documentation",
//! with its reason), and a listed one that no longer occurs fails the test too. A difference of
//! any other kind (a type, an example value, the layout, recursion, a block one side writes and
//! the other does not) always fails. A syntax block is read as a tree only when writing the tree
//! again gives back the same text, so that a layout difference cannot hide behind a model
//! difference.

use connect_codegen::emit::boto3::{self, DocNode};
use connect_codegen::ir::Index;
use connect_codegen::model::{Member, Model, Shape, ShapeKind};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const RECORDING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../conformance/boto3-docs.jsonl"
);
const DIFFERENCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/CONFORMANCE.md");
const SECTION: &str = "boto3 documentation";
const REPORT: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/boto3-docs.md");

/// The operations the generator refuses, by botocore service name: botocore's client has no
/// method for them either (it removes ConnectHealth's event stream operation from the client
/// class), so boto3 documents none.
const REFUSED: &[(&str, &str)] = &[("connecthealth", "StartMedicalScribeListeningSession")];

/// The Smithy models, each with its service's name in botocore: Connect's file is
/// `connect.json`, the family's `<name>-<api version>.json`.
fn models() -> Vec<(PathBuf, String)> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models");
    let mut models = vec![(shared.join("connect.json"), "connect".to_owned())];
    let family = shared.join("family");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&family)
        .unwrap_or_else(|error| panic!("{}: {error}", family.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    for path in files {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        // `-YYYY-MM-DD`
        let service = stem[..stem.len() - 11].to_owned();
        models.push((path, service));
    }
    models
}

/// One line of the recording: boto3's page of an operation.
struct Page {
    api_version: String,
    method: String,
    request_syntax: String,
    response_syntax: Option<String>,
    parameters: Vec<DocNode>,
    response_structure: Vec<DocNode>,
    truncated: Vec<String>,
}

fn recording() -> BTreeMap<(String, String), Page> {
    let text = std::fs::read_to_string(RECORDING)
        .unwrap_or_else(|error| panic!("{RECORDING}: {error}; see docs/CONFORMANCE.md"));
    text.lines()
        .enumerate()
        .map(|(at, line)| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("{RECORDING}:{}: {error}", at + 1));
            let text = |key: &str| {
                value[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("{RECORDING}:{}: no {key}", at + 1))
                    .to_owned()
            };
            let nodes = |key: &str| -> Vec<DocNode> {
                value[key]
                    .as_array()
                    .unwrap_or_else(|| panic!("{RECORDING}:{}: no {key}", at + 1))
                    .iter()
                    .map(doc_node)
                    .collect()
            };
            let page = Page {
                api_version: text("api_version"),
                method: text("method"),
                request_syntax: text("request_syntax"),
                response_syntax: value["response_syntax"].as_str().map(str::to_owned),
                parameters: nodes("parameters"),
                response_structure: nodes("response_structure"),
                truncated: value["truncated"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            };
            ((text("service"), text("operation")), page)
        })
        .collect()
}

/// `[name or null, type, required, [children]]`.
fn doc_node(value: &Value) -> DocNode {
    let parts = value.as_array().map(Vec::as_slice);
    let Some([name, type_name, required, children]) = parts else {
        panic!("{RECORDING}: not a node: {value}")
    };
    let (Some(type_name), Some(required), Some(children)) =
        (type_name.as_str(), required.as_bool(), children.as_array())
    else {
        panic!("{RECORDING}: not a node: {value}")
    };
    DocNode {
        name: name.as_str().map(str::to_owned),
        type_name: type_name.to_owned(),
        required,
        children: children.iter().map(doc_node).collect(),
    }
}

/// The kinds of difference that come from the two models, as docs/CONFORMANCE.md names them.
const OPERATIONS_ONLY_BOTOCORE: &str = "operations only in botocore's model";
const MEMBERS_ONLY_BOTOCORE: &str = "members only in botocore's model";
const MEMBERS_ONLY_SMITHY: &str = "members only in the Smithy model";
const MEMBER_ORDER: &str = "members in another order";
const VALUES_ONLY_BOTOCORE: &str = "enum values only in botocore's model";
const VALUES_ONLY_SMITHY: &str = "enum values only in the Smithy model";
const VALUE_ORDER: &str = "enum values in another order";
const REQUIRED_ONLY_BOTOCORE: &str = "required only in botocore's model";
const REQUIRED_ONLY_SMITHY: &str = "required only in the Smithy model";
const KINDS: &[&str] = &[
    OPERATIONS_ONLY_BOTOCORE,
    MEMBERS_ONLY_BOTOCORE,
    MEMBERS_ONLY_SMITHY,
    MEMBER_ORDER,
    VALUES_ONLY_BOTOCORE,
    VALUES_ONLY_SMITHY,
    VALUE_ORDER,
    REQUIRED_ONLY_BOTOCORE,
    REQUIRED_ONLY_SMITHY,
];

/// The model differences found, by service and kind: the items (an operation, `Shape.member`
/// or `Shape`).
type Found = BTreeMap<(String, &'static str), BTreeMap<String, Seen>>;

/// Where a model difference shows.
#[derive(Default)]
struct Seen {
    /// The operations whose pages show it.
    operations: BTreeSet<String>,
    /// For enum values, which.
    values: BTreeSet<String>,
}

/// A syntax block read as a tree.
#[derive(Clone, Debug, PartialEq)]
enum Syntax {
    /// A value's example: `'string'`, `123`, `True|False`, `datetime(2015, 1, 1)`, ...
    Scalar(&'static str),
    /// An enum's values: `'A'|'B'`.
    Enum(Vec<String>),
    /// `{'... recursive ...'}`
    Recursive,
    /// A structure's members, or a map's one `'string'` key: `{...}`, `{}` when empty.
    Object(Vec<(String, Syntax)>),
    /// A list's one item: `[...]`.
    List(Box<Syntax>),
}

/// Every example botocore writes for a value that is not a collection or an enum, longest
/// first where one starts another.
const SCALARS: &[&str] = &[
    "{...}|[...]|123|123.4|'string'|True|None",
    "datetime(2015, 1, 1)",
    "StreamingBody()",
    "EventStream()",
    "b'bytes'|file",
    "b'bytes'",
    "True|False",
    "'string'",
    "123.0",
    "123",
    "...",
];
const RECURSIVE: &str = "{'... recursive ...'}";

/// Reads a syntax block: `response = client.<method>(...)` for a request (its keyword
/// arguments as an object), a value for a response. Reads only what botocore's layout makes
/// of a tree: the text must be what [`write_block`] writes again.
fn read_block(text: &str, request: bool) -> Result<(Option<String>, Syntax), String> {
    let mut reader = Reader { text, at: 0 };
    let (method, value) = if request {
        let rest = text
            .strip_prefix("response = client.")
            .ok_or("no `response = client.`")?;
        let method = rest[..rest.find('(').ok_or("no `(`")?].to_owned();
        reader.at = "response = client.".len() + method.len() + 1;
        (Some(method), reader.arguments()?)
    } else {
        (None, reader.value()?)
    };
    if reader.at != text.len() {
        return Err(format!("text after the block: {:?}", &text[reader.at..]));
    }
    let again = write_block(method.as_deref(), &value);
    if again != text {
        return Err("not in botocore's layout".into());
    }
    Ok((method, value))
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        let found = self.rest().starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(format!("expected {token:?} at {:?}", self.head()))
        }
    }

    fn head(&self) -> String {
        self.rest().chars().take(40).collect()
    }

    /// `Name=value, ...)` (the call's keyword arguments), or `)`.
    fn arguments(&mut self) -> Result<Syntax, String> {
        let mut members = Vec::new();
        while !self.eat(")") {
            if !members.is_empty() {
                self.expect(",")?;
            }
            self.skip_space();
            let name: String = self
                .rest()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            self.at += name.len();
            self.expect("=")?;
            members.push((name, self.value()?));
        }
        Ok(Syntax::Object(members))
    }

    fn value(&mut self) -> Result<Syntax, String> {
        self.skip_space();
        if self.eat(RECURSIVE) {
            return Ok(Syntax::Recursive);
        }
        if let Some(scalar) = SCALARS.iter().find(|s| self.rest().starts_with(**s)) {
            // `'string'` starts an enum value `'string...'` too; an enum needs a `|`.
            let after = &self.rest()[scalar.len()..];
            if !scalar.starts_with('\'') || !after.starts_with('|') {
                self.at += scalar.len();
                return Ok(Syntax::Scalar(scalar));
            }
        }
        if self.eat("{") {
            let mut members = Vec::new();
            while !self.eat("}") {
                if !members.is_empty() {
                    self.expect(",")?;
                }
                let name = self.quoted()?;
                self.expect(": ")?;
                members.push((name, self.value()?));
            }
            return Ok(Syntax::Object(members));
        }
        if self.eat("[") {
            let item = self.value()?;
            self.expect(",")?;
            self.expect("]")?;
            return Ok(Syntax::List(Box::new(item)));
        }
        let mut values = vec![self.quoted()?];
        while self.rest().starts_with("|'") {
            self.at += 1;
            values.push(self.quoted()?);
        }
        Ok(Syntax::Enum(values))
    }

    fn quoted(&mut self) -> Result<String, String> {
        self.expect("'")?;
        let end = self
            .rest()
            .find('\'')
            .ok_or_else(|| format!("unterminated quote at {:?}", self.head()))?;
        let text = self.rest()[..end].to_owned();
        self.at += end + 1;
        Ok(text)
    }
}

/// Writes a tree in botocore's layout (botocore/docs/example.py): four spaces a level, a comma
/// after every member but the last and after a list's item; in a request an empty structure is
/// `{}` and a line break at its level, after which the comma or the closing bracket's line
/// comes (the blank line docutils shows drops its spaces).
fn write_block(method: Option<&str>, value: &Syntax) -> String {
    let mut out = String::new();
    match (method, value) {
        (Some(method), Syntax::Object(members)) => {
            let _ = write!(out, "response = client.{method}(");
            if !members.is_empty() {
                out.push('\n');
                write_members(&mut out, members, 1, true, true);
            }
            out.push(')');
        }
        _ => write_value(&mut out, value, 0, method.is_some()),
    }
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    lines.join("\n")
}

fn write_members(
    out: &mut String,
    members: &[(String, Syntax)],
    level: usize,
    request: bool,
    top: bool,
) {
    for (position, (name, value)) in members.iter().enumerate() {
        out.push_str(&"    ".repeat(level));
        if top {
            let _ = write!(out, "{name}=");
        } else {
            let _ = write!(out, "'{name}': ");
        }
        write_value(out, value, level, request);
        if position + 1 < members.len() {
            out.push(',');
        }
        out.push('\n');
    }
}

fn write_value(out: &mut String, value: &Syntax, level: usize, request: bool) {
    let pad = |level: usize| "    ".repeat(level);
    match value {
        Syntax::Scalar(text) => out.push_str(text),
        Syntax::Enum(values) => {
            let quoted: Vec<String> = values.iter().map(|value| format!("'{value}'")).collect();
            out.push_str(&quoted.join("|"));
        }
        Syntax::Recursive => out.push_str(RECURSIVE),
        Syntax::Object(members) if members.is_empty() => {
            out.push_str("{}");
            if request {
                out.push('\n');
                out.push_str(&pad(level));
            }
        }
        Syntax::Object(members) => {
            out.push_str("{\n");
            write_members(out, members, level + 1, request, false);
            out.push_str(&pad(level));
            out.push('}');
        }
        Syntax::List(item) => {
            out.push_str("[\n");
            out.push_str(&pad(level + 1));
            write_value(out, item, level + 1, request);
            out.push_str(",\n");
            out.push_str(&pad(level));
            out.push(']');
        }
    }
}

/// Compares the generator's account of one operation with boto3's, along the Smithy shapes.
struct Comparison<'m> {
    model: &'m Model,
    /// The model's names of the input and output structures the generator copied.
    originals: &'m BTreeMap<String, String>,
    service: &'m str,
    operation: &'m str,
    /// Which block or tree is being compared.
    part: &'static str,
    found: &'m mut Found,
    /// Differences that no model difference explains.
    unexplained: &'m mut Vec<String>,
    /// Whether a difference was named since the part's comparison began: a part that differs
    /// and names none is a difference nothing explains.
    noted: bool,
}

impl<'m> Comparison<'m> {
    fn model_difference(&mut self, kind: &'static str, item: String) -> &mut Seen {
        self.noted = true;
        let seen = self
            .found
            .entry((self.service.to_owned(), kind))
            .or_default()
            .entry(item)
            .or_default();
        seen.operations.insert(self.operation.to_owned());
        seen
    }

    fn other(&mut self, what: String) {
        self.noted = true;
        self.unexplained.push(format!(
            "{} {} {}: {what}",
            self.service, self.operation, self.part
        ));
    }

    /// Two lists of members by name: names the members only one side has and a change of
    /// order, and returns the pairs of members both have, in the generator's order.
    fn members<'a, T>(
        &mut self,
        shape: &Shape,
        ours: &'a [(String, T)],
        theirs: &'a [(String, T)],
    ) -> Vec<(&'a T, &'a T, String)> {
        let names = |side: &'a [(String, T)]| side.iter().map(|(name, _)| name.as_str());
        let our_names: Vec<&str> = names(ours).collect();
        let their_names: Vec<&str> = names(theirs).collect();
        for name in &their_names {
            if !our_names.contains(name) {
                self.model_difference(
                    MEMBERS_ONLY_BOTOCORE,
                    format!("{}.{name}", self.label(shape)),
                );
            }
        }
        for name in &our_names {
            if !their_names.contains(name) {
                self.model_difference(MEMBERS_ONLY_SMITHY, format!("{}.{name}", self.label(shape)));
            }
        }
        let common = |from: &[&str], other: &[&str]| -> Vec<String> {
            from.iter()
                .filter(|name| other.contains(name))
                .map(|name| (*name).to_owned())
                .collect()
        };
        if common(&our_names, &their_names) != common(&their_names, &our_names) {
            self.model_difference(MEMBER_ORDER, self.label(shape));
        }
        ours.iter()
            .filter_map(|(name, our)| {
                let (_, their) = theirs.iter().find(|(other, _)| other == name)?;
                Some((our, their, name.clone()))
            })
            .collect()
    }

    /// A syntax value of shape `id` (`ours` written from it).
    fn syntax(&mut self, id: &str, ours: &Syntax, theirs: &Syntax) {
        if ours == theirs {
            return;
        }
        let shape = self.model.shape(id);
        match (&shape.kind, ours, theirs) {
            (
                ShapeKind::Structure(members) | ShapeKind::Union(members),
                Syntax::Object(our),
                Syntax::Object(their),
            ) => {
                for (our, their, name) in self.members(shape, our, their) {
                    self.syntax(&member(members, &name).target, our, their);
                }
            }
            (ShapeKind::Map(_, value), Syntax::Object(our), Syntax::Object(their))
                if our.len() == 1 && their.len() == 1 && their[0].0 == "string" =>
            {
                self.syntax(&value.target, &our[0].1, &their[0].1);
            }
            (ShapeKind::List(item), Syntax::List(our), Syntax::List(their)) => {
                self.syntax(&item.target, our, their);
            }
            (ShapeKind::Enum(_), Syntax::Enum(our), Syntax::Enum(their)) => {
                self.values(shape, our, their);
            }
            _ => self.other(format!(
                "`{}`: the generator writes {}, botocore {}",
                self.label(shape),
                brief(ours),
                brief(theirs)
            )),
        }
    }

    fn values(&mut self, shape: &Shape, ours: &[String], theirs: &[String]) {
        for (kind, values, other) in [
            (VALUES_ONLY_BOTOCORE, theirs, ours),
            (VALUES_ONLY_SMITHY, ours, theirs),
        ] {
            for value in values {
                if !other.contains(value) {
                    let label = self.label(shape);
                    self.model_difference(kind, label)
                        .values
                        .insert(value.clone());
                }
            }
        }
        let common = |from: &[String], other: &[String]| -> Vec<String> {
            from.iter().filter(|v| other.contains(v)).cloned().collect()
        };
        if common(ours, theirs) != common(theirs, ours) {
            self.model_difference(VALUE_ORDER, self.label(shape));
        }
    }

    /// The bullets of structure `shape`'s members.
    fn bullets(&mut self, shape: &Shape, ours: &[DocNode], theirs: &[DocNode]) {
        let (ShapeKind::Structure(members) | ShapeKind::Union(members)) = &shape.kind else {
            self.other(format!("`{}` has members on the page", self.label(shape)));
            return;
        };
        let named = |nodes: &[DocNode]| -> Vec<(String, DocNode)> {
            nodes
                .iter()
                .map(|node| (node.name.clone().unwrap_or_default(), node.clone()))
                .collect()
        };
        let (our, their) = (named(ours), named(theirs));
        for (our, their, name) in self.members(shape, &our, &their) {
            if our.required != their.required {
                let kind = if our.required {
                    REQUIRED_ONLY_SMITHY
                } else {
                    REQUIRED_ONLY_BOTOCORE
                };
                self.model_difference(kind, format!("{}.{name}", self.label(shape)));
            }
            self.bullet(&member(members, &name).target, our, their);
        }
    }

    /// The bullet of a value of shape `id`, and those nested in it (its `[REQUIRED]` mark is
    /// its structure's business).
    fn bullet(&mut self, id: &str, ours: &DocNode, theirs: &DocNode) {
        if ours.type_name == theirs.type_name && ours.children == theirs.children {
            return;
        }
        let shape = self.model.shape(id);
        if ours.type_name != theirs.type_name {
            self.other(format!(
                "`{}`: the generator writes ({}), botocore ({})",
                self.label(shape),
                ours.type_name,
                theirs.type_name
            ));
            return;
        }
        if ours.children.is_empty() != theirs.children.is_empty() {
            // One side stops here, as at a shape met again: recursion.
            self.other(format!(
                "`{}`: nested bullets on one side only (recursion)",
                self.label(shape)
            ));
            return;
        }
        match (
            &shape.kind,
            ours.children.as_slice(),
            theirs.children.as_slice(),
        ) {
            (ShapeKind::Structure(_) | ShapeKind::Union(_), our, their) => {
                self.bullets(shape, our, their);
            }
            (ShapeKind::List(item), [our], [their]) => self.bullet(&item.target, our, their),
            (ShapeKind::Map(key, value), [our], [their]) => {
                if our.type_name != their.type_name || our.name.is_some() || their.name.is_some() {
                    self.other(format!("`{}`: the key's bullet", self.label(shape)));
                }
                match (our.children.as_slice(), their.children.as_slice()) {
                    ([our], [their]) => self.bullet(&value.target, our, their),
                    _ => self.other(format!("`{}`: the value's bullet", self.name(&key.target))),
                }
            }
            _ => self.other(format!(
                "`{}`: the generator writes {:?}, botocore {:?}",
                self.label(shape),
                ours,
                theirs
            )),
        }
    }

    fn name(&self, id: &str) -> String {
        self.label(self.model.shape(id))
    }

    /// A shape's name in the model: the generator gives an operation copies of the input and
    /// output structures it shares or does not mark, named after the operation.
    fn label(&self, shape: &Shape) -> String {
        self.originals
            .get(&shape.id)
            .cloned()
            .unwrap_or_else(|| shape.name().to_owned())
    }
}

/// The names the model file gives the input and output structures of which the generator made
/// copies (`smithy.synthetic#<Operation>Input`, `...Output`).
fn originals(model: &Model, bytes: &[u8]) -> BTreeMap<String, String> {
    let raw: Value = serde_json::from_slice(bytes).expect("the model is JSON");
    let mut originals = BTreeMap::new();
    for (id, shape) in raw["shapes"].as_object().expect("shapes") {
        if shape["type"] != "operation" {
            continue;
        }
        let name = id.rsplit('#').next().unwrap_or(id);
        for (key, suffix) in [("input", "Input"), ("output", "Output")] {
            let copy = format!("smithy.synthetic#{name}{suffix}");
            if let (Some(target), true) = (
                shape[key]["target"].as_str(),
                model.shapes.contains_key(&copy),
            ) {
                originals.insert(copy, target.rsplit('#').next().unwrap_or(target).to_owned());
            }
        }
    }
    originals
}

fn member<'s>(members: &'s [Member], name: &str) -> &'s Member {
    members
        .iter()
        .find(|member| member.name == name)
        .expect("the generator writes the shape's members")
}

/// A syntax value, shortened for a message.
fn brief(value: &Syntax) -> String {
    match value {
        Syntax::Scalar(text) => format!("`{text}`"),
        Syntax::Enum(values) => format!("enum `{}`", values.join("|")),
        Syntax::Recursive => format!("`{RECURSIVE}`"),
        Syntax::Object(members) => format!("an object of {} members", members.len()),
        Syntax::List(_) => "a list".into(),
    }
}

/// The rows docs/CONFORMANCE.md lists in its section "boto3 documentation":
/// `| service | kind | items | reason |`, items in backquotes, separated by commas.
fn listed() -> BTreeMap<(String, String), (BTreeSet<String>, String)> {
    let text = std::fs::read_to_string(DIFFERENCES)
        .unwrap_or_else(|error| panic!("{DIFFERENCES}: {error}"));
    let mut inside = false;
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            inside = heading.trim() == SECTION;
            continue;
        }
        if !inside || !line.starts_with("| `") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let [service, kind, items, reason] = cells.as_slice() else {
            panic!("{DIFFERENCES}: a row of {SECTION:?} needs 4 cells: {line}");
        };
        let items = items
            .split(", ")
            .map(|item| item.trim_matches('`').to_owned())
            .collect();
        let key = (service.trim_matches('`').to_owned(), (*kind).to_owned());
        assert!(
            KINDS.contains(kind),
            "{DIFFERENCES}: {kind:?} is not a kind of model difference: {KINDS:?}"
        );
        let previous = rows.insert(key, (items, (*reason).to_owned()));
        assert!(previous.is_none(), "{DIFFERENCES}: listed twice: {line}");
    }
    rows
}

/// A row of the table for what was found.
fn row(service: &str, kind: &str, items: &BTreeMap<String, Seen>) -> String {
    let items: Vec<String> = items.keys().map(|item| format!("`{item}`")).collect();
    format!("| `{service}` | {kind} | {} | |", items.join(", "))
}

#[test]
fn every_operation_matches_boto3s_documentation() {
    let started = std::time::Instant::now();
    let mut recorded = recording();
    let mut found = Found::new();
    let mut unexplained = Vec::new();
    // Operations: compared, equal, with only model differences.
    let (mut compared, mut equal, mut explained) = (0, 0, 0);
    let mut lines = Vec::new();
    let mut services = 0;
    for (path, service) in models() {
        services += 1;
        let bytes =
            std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let model = Model::parse(&path, &bytes).unwrap_or_else(|error| panic!("{error}"));
        let originals = originals(&model, &bytes);
        let index = Index::new(&model);
        let ShapeKind::Service(root) = &model.service_shape().kind else {
            unreachable!("a model has a service")
        };
        for operation in model.operations() {
            let name = operation.name();
            let key = (service.clone(), name.to_owned());
            let page = recorded.remove(&key);
            if REFUSED.contains(&(service.as_str(), name)) {
                assert!(page.is_none(), "{service} {name}: refused, yet documented");
                continue;
            }
            let Some(page) = page else {
                unexplained.push(format!("{service} {name}: not in {RECORDING}"));
                continue;
            };
            assert_eq!(
                Some(page.api_version.as_str()),
                root.version.as_deref(),
                "{service}: botocore documents another API version"
            );
            compared += 1;
            let before = unexplained.len();
            let differs = compare(
                &index,
                &originals,
                operation,
                &service,
                &page,
                &mut found,
                &mut unexplained,
            );
            let status = if !differs {
                equal += 1;
                "equal"
            } else if unexplained.len() == before {
                explained += 1;
                "model differences"
            } else {
                "FAIL"
            };
            lines.push(format!("| {service} | {name} | {status} |"));
        }
    }
    for ((service, operation), _) in recorded {
        found
            .entry((service, OPERATIONS_ONLY_BOTOCORE))
            .or_default()
            .entry(operation.clone())
            .or_default()
            .operations
            .insert(operation);
    }

    // The model differences against the list.
    let listed = listed();
    let mut problems = Vec::new();
    for ((service, kind), items) in &found {
        let wanted: BTreeSet<String> = items.keys().cloned().collect();
        match listed.get(&(service.clone(), (*kind).to_owned())) {
            None => problems.push(format!("not listed: {}", row(service, kind, items))),
            Some((listed_items, _)) if *listed_items != wanted => problems.push(format!(
                "listed with other items ({} listed), found: {}",
                listed_items.len(),
                row(service, kind, items)
            )),
            Some(_) => {}
        }
    }
    for (service, kind) in listed.keys() {
        if !found
            .keys()
            .any(|found| found.0 == *service && found.1 == kind)
        {
            problems.push(format!("listed, no longer occurs: `{service}` {kind}"));
        }
    }

    let summary = format!(
        "boto3 documentation: {compared} operations of {services} services compared, {equal} \
         equal, {explained} with only the model differences listed in docs/CONFORMANCE.md, {} \
         unexplained differences ({:.1} s)\n",
        unexplained.len(),
        started.elapsed().as_secs_f64()
    );
    let mut report = format!(
        "# The generator's boto3 documentation against botocore 1.44.5's\n\n{summary}\n\
         ## Unexplained differences\n\n"
    );
    for line in &unexplained {
        let _ = writeln!(report, "- {line}");
    }
    report.push_str("\n## Problems with the list in docs/CONFORMANCE.md\n\n");
    for line in &problems {
        let _ = writeln!(report, "- {line}");
    }
    report.push_str("\n## Model differences found, as rows of docs/CONFORMANCE.md\n\n");
    for ((service, kind), items) in &found {
        let _ = writeln!(report, "{}", row(service, kind, items));
    }
    report.push_str(
        "\n## Each model difference and the operations whose pages show it\n\n\
         | service | difference | where | values | operations |\n|---|---|---|---|---|\n",
    );
    for ((service, kind), items) in &found {
        for (item, seen) in items {
            let join = |set: &BTreeSet<String>| -> String {
                set.iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                report,
                "| {service} | {kind} | `{item}` | {} | {} |",
                join(&seen.values),
                join(&seen.operations)
            );
        }
    }
    report.push_str("\n## Operations\n\n| service | operation | status |\n|---|---|---|\n");
    for line in &lines {
        let _ = writeln!(report, "{line}");
    }
    std::fs::write(REPORT, &report).unwrap_or_else(|error| panic!("{REPORT}: {error}"));
    let _ = std::io::Write::write_all(&mut std::io::stdout(), summary.as_bytes());

    assert_eq!(services, 12, "the models of Connect and its family");
    assert_eq!(
        compared, 791,
        "every operation the generator generates (792 less the one refused)"
    );
    assert!(
        unexplained.is_empty(),
        "{} differences from boto3's documentation that no model difference explains (the \
         report: {REPORT}):\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        problems.is_empty(),
        "docs/CONFORMANCE.md ({SECTION:?}) does not list the model differences found (the \
         report: {REPORT}):\n{}",
        problems.join("\n")
    );
}

/// Compares one operation's four parts; whether any differs.
fn compare(
    index: &Index,
    originals: &BTreeMap<String, String>,
    operation: &Shape,
    service: &str,
    page: &Page,
    found: &mut Found,
    unexplained: &mut Vec<String>,
) -> bool {
    let model = index.model();
    let ShapeKind::Operation(op) = &operation.kind else {
        unreachable!("an operation")
    };
    let mut differs = false;
    let mut comparison = Comparison {
        model,
        originals,
        service,
        operation: operation.name(),
        part: "",
        found,
        unexplained,
        noted: false,
    };
    if !page.truncated.is_empty() {
        comparison.other(format!(
            "botocore replaced {:?} with its note that the section is too large to render",
            page.truncated
        ));
    }
    let ours = boto3::request_syntax(index, operation);
    let theirs = &page.request_syntax;
    comparison.part = "request syntax";
    if ours != *theirs {
        differs = true;
        syntax_blocks(
            &mut comparison,
            &op.input,
            &ours,
            theirs,
            true,
            &page.method,
        );
    }
    let ours = boto3::response_syntax(index, operation);
    comparison.part = "response syntax";
    match &page.response_syntax {
        Some(theirs) if ours != *theirs => {
            differs = true;
            if ours.is_empty() {
                comparison.other("only botocore documents a response".into());
            } else {
                syntax_blocks(&mut comparison, &op.output, &ours, theirs, false, "");
            }
        }
        None if !ours.is_empty() => {
            differs = true;
            comparison.other("only the generator documents a response".into());
        }
        _ => {}
    }
    comparison.part = "parameters";
    let ours = boto3::parameters(index, operation);
    if ours != page.parameters {
        differs = true;
        comparison.noted = false;
        comparison.bullets(model.shape(&op.input), &ours, &page.parameters);
        if !comparison.noted {
            comparison.other("the trees differ".into());
        }
    }
    comparison.part = "response structure";
    let ours = boto3::response_structure(index, operation);
    if ours != page.response_structure {
        differs = true;
        comparison.noted = false;
        match (ours.as_slice(), page.response_structure.as_slice()) {
            ([our], [their]) if our.type_name == their.type_name => {
                comparison.bullets(model.shape(&op.output), &our.children, &their.children);
            }
            _ => comparison.other("the roots differ".into()),
        }
        if !comparison.noted {
            comparison.other("the trees differ".into());
        }
    }
    differs
}

/// Two syntax blocks that differ, read as trees and compared along shape `root`.
fn syntax_blocks(
    comparison: &mut Comparison,
    root: &str,
    ours: &str,
    theirs: &str,
    request: bool,
    method: &str,
) {
    let (our_method, our_tree) = match read_block(ours, request) {
        Ok(read) => read,
        Err(error) => return comparison.other(format!("the generator's block: {error}")),
    };
    let (their_method, their_tree) = match read_block(theirs, request) {
        Ok(read) => read,
        Err(error) => return comparison.other(format!("botocore's block: {error}")),
    };
    if request && their_method.as_deref() != Some(method) {
        return comparison.other(format!("botocore's block calls {their_method:?}"));
    }
    if our_method != their_method {
        return comparison.other(format!(
            "the method: the generator writes {our_method:?}, botocore {their_method:?}"
        ));
    }
    comparison.noted = false;
    comparison.syntax(root, &our_tree, &their_tree);
    if !comparison.noted {
        comparison.other("the blocks differ".into());
    }
}

/// The tree reader gives back what it read and refuses what botocore does not write.
#[test]
fn syntax_blocks_read_back_exactly() {
    let block = "response = client.get_thing(\n    A='string',\n    B={\n        'C': [\n            'X'|'Y',\n        ],\n        'D': {}\n\n    },\n    E={\n        'string': {'... recursive ...'}\n    }\n)";
    let (method, tree) = read_block(block, true).unwrap();
    assert_eq!(method.as_deref(), Some("get_thing"));
    let Syntax::Object(members) = &tree else {
        panic!("{tree:?}")
    };
    assert_eq!(members.len(), 3);
    assert_eq!(
        members[1].1,
        Syntax::Object(vec![
            (
                "C".into(),
                Syntax::List(Box::new(Syntax::Enum(vec!["X".into(), "Y".into()])))
            ),
            ("D".into(), Syntax::Object(Vec::new())),
        ])
    );
    assert_eq!(
        read_block("response = client.f()", true).unwrap().1,
        Syntax::Object(Vec::new())
    );
    let response = "{\n    'A': 123,\n    'B': {}\n}";
    assert!(read_block(response, false).is_ok());
    // Another indentation, a missing comma, an empty structure laid out as in a response.
    assert!(read_block("{\n  'A': 123\n}", false).is_err());
    assert!(read_block("{\n    'A': 123\n    'B': 123\n}", false).is_err());
    assert!(read_block("response = client.f(\n    A={},\n    B=123\n)", true).is_err());
}
