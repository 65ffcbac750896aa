//! The Smithy 2.0 JSON AST, read into typed structures.
//!
//! Only what the generator acts on is typed; every other trait is kept as JSON so that nothing
//! in the model is silently lost. Every error names the file, the shape and the JSON path.

use crate::prelude;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A parsed model.
#[derive(Debug)]
pub struct Model {
    /// Every shape, the Smithy prelude included, by absolute shape id.
    pub shapes: BTreeMap<String, Shape>,
    /// The one service shape.
    pub service: String,
    /// The sha256 of the model file, written into generated headers.
    pub sha256: String,
}

/// A shape and its traits.
#[derive(Debug)]
pub struct Shape {
    /// Absolute shape id, e.g. `com.amazonaws.connect#InstanceId`.
    pub id: String,
    /// What kind of shape this is.
    pub kind: ShapeKind,
    /// Traits applied to the shape.
    pub traits: Traits,
}

/// The kinds of Smithy shape.
#[derive(Debug)]
pub enum ShapeKind {
    /// Simple shapes (`string`, `integer`, `timestamp`, ...), by their Smithy name.
    Simple(Simple),
    /// `enum` (string values) or `intEnum`.
    Enum(Vec<Member>),
    /// `list`.
    List(Box<Member>),
    /// `map`.
    Map(Box<Member>, Box<Member>),
    /// `structure`.
    Structure(Vec<Member>),
    /// `union`.
    Union(Vec<Member>),
    /// `operation`.
    Operation(Operation),
    /// `service`.
    Service(Vec<String>),
    /// `resource`: kept for completeness; operations are bound through the service here.
    Resource,
}

/// Smithy's simple shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Simple {
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `string`
    String,
    /// `byte`
    Byte,
    /// `short`
    Short,
    /// `integer`
    Integer,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bigInteger`
    BigInteger,
    /// `bigDecimal`
    BigDecimal,
    /// `timestamp`
    Timestamp,
    /// `document`
    Document,
    /// `intEnum` values are integers.
    IntEnum,
}

/// An operation's input, output and errors.
#[derive(Debug)]
pub struct Operation {
    /// Input structure (`smithy.api#Unit` when none).
    pub input: String,
    /// Output structure (`smithy.api#Unit` when none).
    pub output: String,
    /// Error structures.
    pub errors: Vec<String>,
}

/// A member of an aggregate shape.
#[derive(Debug)]
pub struct Member {
    /// The member name as in the model, e.g. `InstanceId`.
    pub name: String,
    /// The target shape id.
    pub target: String,
    /// Traits applied to the member.
    pub traits: Traits,
}

/// `smithy.api#http`.
#[derive(Clone, Debug)]
pub struct Http {
    /// HTTP method.
    pub method: String,
    /// URI pattern with `{Label}` segments and an optional literal query.
    pub uri: String,
    /// Success status code.
    pub code: u16,
}

/// A `length` or `range` constraint.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}

/// `smithy.api#paginated`.
#[derive(Clone, Debug, Default)]
pub struct Paginated {
    /// Input member carrying the token.
    pub input_token: Option<String>,
    /// Output member path of the next token.
    pub output_token: Option<String>,
    /// Output member path of the items.
    pub items: Option<String>,
    /// Input member bounding the page size.
    pub page_size: Option<String>,
}

/// `smithy.api#deprecated`.
#[derive(Clone, Debug, Default)]
pub struct Deprecated {
    /// Why, and what to use instead.
    pub message: Option<String>,
    /// Since when.
    pub since: Option<String>,
}

/// The traits the generator understands; others stay in `other`.
#[derive(Clone, Debug, Default)]
pub struct Traits {
    /// `documentation`: HTML.
    pub documentation: Option<String>,
    /// `required`.
    pub required: bool,
    /// `default`.
    pub default: Option<Value>,
    /// `addedDefault`.
    pub added_default: bool,
    /// `http`.
    pub http: Option<Http>,
    /// `httpLabel`.
    pub http_label: bool,
    /// `httpQuery`: the query parameter name.
    pub http_query: Option<String>,
    /// `httpHeader`: the header name.
    pub http_header: Option<String>,
    /// `httpPayload`.
    pub http_payload: bool,
    /// `httpError`: the status code.
    pub http_error: Option<u16>,
    /// `error`: `client` or `server`.
    pub error: Option<String>,
    /// `length`.
    pub length: Option<Bounds>,
    /// `range`.
    pub range: Option<Bounds>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `sensitive`.
    pub sensitive: bool,
    /// `idempotencyToken`.
    pub idempotency_token: bool,
    /// `idempotent`.
    pub idempotent: bool,
    /// `paginated`.
    pub paginated: Option<Paginated>,
    /// `enumValue`: a string or an integer.
    pub enum_value: Option<Value>,
    /// `timestampFormat`.
    pub timestamp_format: Option<String>,
    /// `deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `jsonName`.
    pub json_name: Option<String>,
    /// `input`.
    pub input: bool,
    /// `output`.
    pub output: bool,
    /// Every other trait, by id, as JSON (endpoint rules, titles, protocol markers, ...).
    pub other: BTreeMap<String, Value>,
}

/// A model that could not be read.
#[derive(Debug)]
pub struct ModelError {
    /// The model file.
    pub file: PathBuf,
    /// The shape where the problem is, if any.
    pub shape: Option<String>,
    /// The JSON path of the problem, e.g. `$.shapes["a#B"].members.C.target`.
    pub path: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file.display())?;
        if let Some(shape) = &self.shape {
            write!(f, "shape `{shape}`: ")?;
        }
        if self.path.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{} at {}", self.problem, self.path)
        }
    }
}

impl std::error::Error for ModelError {}

/// Where the parser is: used to build errors that point at the offending JSON.
#[derive(Clone)]
struct Cursor<'a> {
    file: &'a Path,
    shape: Option<&'a str>,
    path: String,
}

impl<'a> Cursor<'a> {
    fn key(&self, key: &str) -> Self {
        let simple = key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let path = if simple {
            format!("{}.{key}", self.path)
        } else {
            format!("{}[{key:?}]", self.path)
        };
        Self {
            path,
            ..self.clone()
        }
    }

    fn index(&self, index: usize) -> Self {
        Self {
            path: format!("{}[{index}]", self.path),
            ..self.clone()
        }
    }

    fn error(&self, problem: impl Into<String>) -> ModelError {
        ModelError {
            file: self.file.to_path_buf(),
            shape: self.shape.map(str::to_owned),
            path: self.path.clone(),
            problem: problem.into(),
        }
    }

    fn object<'v>(&self, value: &'v Value) -> Result<&'v Map<String, Value>, ModelError> {
        value
            .as_object()
            .ok_or_else(|| self.error(format!("expected an object, found {}", kind(value))))
    }

    fn string<'v>(&self, value: &'v Value) -> Result<&'v str, ModelError> {
        value
            .as_str()
            .ok_or_else(|| self.error(format!("expected a string, found {}", kind(value))))
    }

    fn field<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
    ) -> Result<&'v Value, ModelError> {
        object
            .get(key)
            .ok_or_else(|| self.error(format!("missing `{key}`")))
    }

    /// `object[key]` if present, which must then be a string.
    fn optional_string(
        &self,
        object: &Map<String, Value>,
        key: &str,
    ) -> Result<Option<String>, ModelError> {
        object
            .get(key)
            .map(|value| self.key(key).string(value).map(str::to_owned))
            .transpose()
    }

    /// `object[key].target`, the form every shape reference takes.
    fn target(&self, object: &Map<String, Value>, key: &str) -> Result<String, ModelError> {
        let at = self.key(key);
        let reference = at.object(self.field(object, key)?)?;
        let target = at.key("target");
        Ok(target.string(at.field(reference, "target")?)?.to_owned())
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Model {
    /// Reads and parses the model at `path`.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let whole = |problem: String| ModelError {
            file: path.to_path_buf(),
            shape: None,
            path: String::new(),
            problem,
        };
        let bytes = std::fs::read(path).map_err(|error| whole(format!("cannot read: {error}")))?;
        Self::parse(path, &bytes)
    }

    /// Parses model `bytes`; `file` names them in errors.
    pub fn parse(file: &Path, bytes: &[u8]) -> Result<Model, ModelError> {
        let root = Cursor {
            file,
            shape: None,
            path: "$".into(),
        };
        // serde_json's message already says where (line and column).
        let json: Value = serde_json::from_slice(bytes).map_err(|error| ModelError {
            file: file.to_path_buf(),
            shape: None,
            path: String::new(),
            problem: format!("not valid JSON: {error}"),
        })?;
        let top = root.object(&json)?;
        let version = root.key("smithy");
        let version_text = version.string(root.field(top, "smithy")?)?;
        if !version_text.starts_with("2.") {
            return Err(version.error(format!(
                "Smithy IDL version {version_text:?} is not supported (expected 2.x)"
            )));
        }
        let shapes_at = root.key("shapes");
        let mut shapes = BTreeMap::new();
        for (id, value) in shapes_at.object(root.field(top, "shapes")?)? {
            let at = Cursor {
                shape: Some(id),
                ..shapes_at.key(id)
            };
            if !id.contains('#') {
                return Err(at.error("a shape id must be absolute (namespace#Name)"));
            }
            shapes.insert(id.clone(), parse_shape(&at, id, value)?);
        }
        for shape in prelude::shapes() {
            shapes.entry(shape.id.clone()).or_insert(shape);
        }
        synthesize_unit_io(&mut shapes);
        let mut services = shapes
            .values()
            .filter(|shape| matches!(shape.kind, ShapeKind::Service(_)));
        let service = match (services.next(), services.next()) {
            (Some(service), None) => service.id.clone(),
            (None, _) => return Err(shapes_at.error("the model has no service shape")),
            (Some(_), Some(_)) => return Err(shapes_at.error("the model has several services")),
        };
        let model = Model {
            shapes,
            service,
            sha256: sha256_hex(bytes),
        };
        model.check_references(file)?;
        Ok(model)
    }

    /// The shape `id`, which [`Model::parse`] has checked exists for every reference.
    pub fn shape(&self, id: &str) -> &Shape {
        &self.shapes[id]
    }

    /// The service's operations, sorted by name.
    pub fn operations(&self) -> Vec<&Shape> {
        let ShapeKind::Service(operations) = &self.shape(&self.service).kind else {
            unreachable!("Model::parse keeps only a service shape as the service")
        };
        let mut operations: Vec<&Shape> = operations.iter().map(|id| self.shape(id)).collect();
        operations.sort_by(|a, b| a.name().cmp(b.name()));
        operations
    }

    /// Every reference points at a shape, and operations at operations: checked once here so
    /// that later stages can index without failing.
    fn check_references(&self, file: &Path) -> Result<(), ModelError> {
        for shape in self.shapes.values() {
            let at = Cursor {
                file,
                shape: Some(&shape.id),
                path: format!("$.shapes[{:?}]", shape.id),
            };
            let missing = |target: &str, path: &str| {
                // `path` is already a dotted JSON path below the shape, e.g. `members.X`.
                let at = Cursor {
                    path: format!("{}.{path}", at.path),
                    ..at.clone()
                };
                at.error(format!(
                    "refers to `{target}`, which the model does not define"
                ))
            };
            for (target, path) in shape.references() {
                if !self.shapes.contains_key(target) {
                    return Err(missing(target, &path));
                }
            }
            if let ShapeKind::Service(operations) = &shape.kind {
                for (index, id) in operations.iter().enumerate() {
                    if !matches!(
                        self.shapes.get(id).map(|s| &s.kind),
                        Some(ShapeKind::Operation(_))
                    ) {
                        return Err(at
                            .key("operations")
                            .index(index)
                            .error(format!("`{id}` is not an operation of the model")));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Namespace of the shapes the generator adds to the model.
pub const SYNTHETIC: &str = "smithy.synthetic";

/// Gives every operation whose input or output is `smithy.api#Unit` an empty structure of its
/// own (`smithy.synthetic#<Operation>Input` / `Output`), so that every operation has input and
/// output types, as in the AWS SDKs: a member added to the model later is then not a breaking
/// change of the Rust API.
fn synthesize_unit_io(shapes: &mut BTreeMap<String, Shape>) {
    let mut synthetic = Vec::new();
    for shape in shapes.values_mut() {
        let name = shape.name().to_owned();
        let ShapeKind::Operation(operation) = &mut shape.kind else {
            continue;
        };
        for (target, suffix) in [
            (&mut operation.input, "Input"),
            (&mut operation.output, "Output"),
        ] {
            if target != prelude::UNIT {
                continue;
            }
            *target = format!("{SYNTHETIC}#{name}{suffix}");
            synthetic.push(Shape {
                id: target.clone(),
                kind: ShapeKind::Structure(Vec::new()),
                traits: Traits {
                    input: suffix == "Input",
                    output: suffix == "Output",
                    ..Traits::default()
                },
            });
        }
    }
    for shape in synthetic {
        shapes.insert(shape.id.clone(), shape);
    }
}

/// Whether an operation's input or output `id` is `Unit` or stands for it: the operation sends
/// or receives no members.
pub fn is_empty_io(id: &str) -> bool {
    id == prelude::UNIT || id.starts_with(&format!("{SYNTHETIC}#"))
}

impl Shape {
    /// The name part of the shape id.
    pub fn name(&self) -> &str {
        name_of(&self.id)
    }

    /// The members of a structure, union or enum; empty for other kinds.
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            ShapeKind::Structure(members)
            | ShapeKind::Union(members)
            | ShapeKind::Enum(members) => members,
            _ => &[],
        }
    }

    /// Every shape this one refers to, with the JSON key that holds the reference.
    pub fn references(&self) -> Vec<(&str, String)> {
        let mut references: Vec<(&str, String)> = Vec::new();
        match &self.kind {
            ShapeKind::List(member) => references.push((&member.target, "member".into())),
            ShapeKind::Map(key, value) => {
                references.push((&key.target, "key".into()));
                references.push((&value.target, "value".into()));
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                for member in members {
                    references.push((&member.target, format!("members.{}", member.name)));
                }
            }
            ShapeKind::Operation(operation) => {
                references.push((&operation.input, "input".into()));
                references.push((&operation.output, "output".into()));
                for (index, error) in operation.errors.iter().enumerate() {
                    references.push((error, format!("errors[{index}]")));
                }
            }
            _ => {}
        }
        references
    }
}

/// The lower-case hex sha256 of a model file, as the manifest pins it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// The name part of a shape id.
pub fn name_of(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

fn parse_shape(at: &Cursor, id: &str, value: &Value) -> Result<Shape, ModelError> {
    let object = at.object(value)?;
    let type_at = at.key("type");
    let type_name = type_at.string(at.field(object, "type")?)?;
    let members = || parse_members(at, object);
    let simple = |simple| Ok(ShapeKind::Simple(simple));
    let kind = match type_name {
        "blob" => simple(Simple::Blob),
        "boolean" => simple(Simple::Boolean),
        "string" => simple(Simple::String),
        "byte" => simple(Simple::Byte),
        "short" => simple(Simple::Short),
        "integer" => simple(Simple::Integer),
        "long" => simple(Simple::Long),
        "float" => simple(Simple::Float),
        "double" => simple(Simple::Double),
        "bigInteger" => simple(Simple::BigInteger),
        "bigDecimal" => simple(Simple::BigDecimal),
        "timestamp" => simple(Simple::Timestamp),
        "document" => simple(Simple::Document),
        "enum" | "intEnum" => members().map(ShapeKind::Enum),
        "list" | "set" => parse_member(&at.key("member"), "member", at.field(object, "member")?)
            .map(|member| ShapeKind::List(Box::new(member))),
        "map" => Ok(ShapeKind::Map(
            Box::new(parse_member(
                &at.key("key"),
                "key",
                at.field(object, "key")?,
            )?),
            Box::new(parse_member(
                &at.key("value"),
                "value",
                at.field(object, "value")?,
            )?),
        )),
        "structure" => members().map(ShapeKind::Structure),
        "union" => members().map(ShapeKind::Union),
        "operation" => parse_operation(at, object).map(ShapeKind::Operation),
        "service" => {
            let list_at = at.key("operations");
            let mut operations = Vec::new();
            if let Some(list) = object.get("operations") {
                let list = list
                    .as_array()
                    .ok_or_else(|| list_at.error("expected an array"))?;
                for (index, reference) in list.iter().enumerate() {
                    let item = list_at.index(index);
                    let target = item.key("target");
                    operations.push(
                        target
                            .string(item.field(item.object(reference)?, "target")?)?
                            .to_owned(),
                    );
                }
            }
            Ok(ShapeKind::Service(operations))
        }
        "resource" => Ok(ShapeKind::Resource),
        other => Err(type_at.error(format!("unknown shape type `{other}`"))),
    }?;
    let traits = match object.get("traits") {
        Some(traits) => parse_traits(&at.key("traits"), traits)?,
        None => Traits::default(),
    };
    Ok(Shape {
        id: id.to_owned(),
        kind,
        traits,
    })
}

fn parse_members(at: &Cursor, object: &Map<String, Value>) -> Result<Vec<Member>, ModelError> {
    let members_at = at.key("members");
    let Some(members) = object.get("members") else {
        return Ok(Vec::new());
    };
    members_at
        .object(members)?
        .iter()
        .map(|(name, value)| parse_member(&members_at.key(name), name, value))
        .collect()
}

fn parse_member(at: &Cursor, name: &str, value: &Value) -> Result<Member, ModelError> {
    let object = at.object(value)?;
    let target_at = at.key("target");
    let target = target_at.string(at.field(object, "target")?)?.to_owned();
    let traits = match object.get("traits") {
        Some(traits) => parse_traits(&at.key("traits"), traits)?,
        None => Traits::default(),
    };
    Ok(Member {
        name: name.to_owned(),
        target,
        traits,
    })
}

fn parse_operation(at: &Cursor, object: &Map<String, Value>) -> Result<Operation, ModelError> {
    let reference = |key: &str| match object.get(key) {
        Some(_) => at.target(object, key),
        None => Ok(prelude::UNIT.to_owned()),
    };
    let mut errors = Vec::new();
    if let Some(list) = object.get("errors") {
        let list_at = at.key("errors");
        let list = list
            .as_array()
            .ok_or_else(|| list_at.error(format!("expected an array, found {}", kind(list))))?;
        for (index, item) in list.iter().enumerate() {
            let item_at = list_at.index(index);
            let target_at = item_at.key("target");
            errors.push(
                target_at
                    .string(item_at.field(item_at.object(item)?, "target")?)?
                    .to_owned(),
            );
        }
    }
    Ok(Operation {
        input: reference("input")?,
        output: reference("output")?,
        errors,
    })
}

fn parse_traits(at: &Cursor, value: &Value) -> Result<Traits, ModelError> {
    let mut traits = Traits::default();
    for (id, value) in at.object(value)? {
        let at = at.key(id);
        let string = || at.string(value).map(str::to_owned);
        match id.as_str() {
            "smithy.api#documentation" => traits.documentation = Some(string()?),
            "smithy.api#required" => traits.required = true,
            "smithy.api#default" => traits.default = Some(value.clone()),
            "smithy.api#addedDefault" => traits.added_default = true,
            "smithy.api#http" => {
                let object = at.object(value)?;
                let code = match object.get("code") {
                    None => 200,
                    Some(code) => status(&at.key("code"), code)?,
                };
                traits.http = Some(Http {
                    method: at
                        .key("method")
                        .string(at.field(object, "method")?)?
                        .to_owned(),
                    uri: at.key("uri").string(at.field(object, "uri")?)?.to_owned(),
                    code,
                });
            }
            "smithy.api#httpLabel" => traits.http_label = true,
            "smithy.api#httpQuery" => traits.http_query = Some(string()?),
            "smithy.api#httpHeader" => traits.http_header = Some(string()?),
            "smithy.api#httpPayload" => traits.http_payload = true,
            "smithy.api#httpError" => traits.http_error = Some(status(&at, value)?),
            "smithy.api#error" => {
                let kind = string()?;
                if kind != "client" && kind != "server" {
                    return Err(
                        at.error(format!("expected \"client\" or \"server\", found {kind:?}"))
                    );
                }
                traits.error = Some(kind);
            }
            "smithy.api#length" => traits.length = Some(bounds(&at, value)?),
            "smithy.api#range" => traits.range = Some(bounds(&at, value)?),
            "smithy.api#pattern" => traits.pattern = Some(string()?),
            "smithy.api#sensitive" => traits.sensitive = true,
            "smithy.api#idempotencyToken" => traits.idempotency_token = true,
            "smithy.api#idempotent" => traits.idempotent = true,
            "smithy.api#paginated" => {
                let object = at.object(value)?;
                let field = |key: &str| at.optional_string(object, key);
                traits.paginated = Some(Paginated {
                    input_token: field("inputToken")?,
                    output_token: field("outputToken")?,
                    items: field("items")?,
                    page_size: field("pageSize")?,
                });
            }
            "smithy.api#enumValue" => {
                if !(value.is_string() || value.is_i64()) {
                    return Err(at.error(format!(
                        "expected a string or an integer, found {}",
                        kind(value)
                    )));
                }
                traits.enum_value = Some(value.clone());
            }
            "smithy.api#timestampFormat" => {
                let format = string()?;
                if !matches!(format.as_str(), "date-time" | "epoch-seconds" | "http-date") {
                    return Err(at.error(format!("unknown timestamp format {format:?}")));
                }
                traits.timestamp_format = Some(format);
            }
            "smithy.api#deprecated" => {
                let object = at.object(value)?;
                let field = |key: &str| at.optional_string(object, key);
                traits.deprecated = Some(Deprecated {
                    message: field("message")?,
                    since: field("since")?,
                });
            }
            "smithy.api#jsonName" => traits.json_name = Some(string()?),
            "smithy.api#input" => traits.input = true,
            "smithy.api#output" => traits.output = true,
            _ => {
                traits.other.insert(id.clone(), value.clone());
            }
        }
    }
    Ok(traits)
}

fn status(at: &Cursor, value: &Value) -> Result<u16, ModelError> {
    value
        .as_u64()
        .and_then(|code| u16::try_from(code).ok())
        .filter(|code| (100..600).contains(code))
        .ok_or_else(|| at.error(format!("expected an HTTP status code, found {value}")))
}

fn bounds(at: &Cursor, value: &Value) -> Result<Bounds, ModelError> {
    let object = at.object(value)?;
    let bound = |key: &str| -> Result<Option<f64>, ModelError> {
        object
            .get(key)
            .map(|v| {
                v.as_f64().ok_or_else(|| {
                    at.key(key)
                        .error(format!("expected a number, found {}", kind(v)))
                })
            })
            .transpose()
    };
    Ok(Bounds {
        min: bound("min")?,
        max: bound("max")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Model, ModelError> {
        Model::parse(Path::new("model.json"), text.as_bytes())
    }

    const SERVICE: &str = r#""a#S": {"type": "service", "operations": [{"target": "a#Op"}]},
        "a#Op": {"type": "operation", "input": {"target": "a#In"}}"#;

    #[test]
    fn bad_json_names_the_file_and_position() {
        let error = parse("{\"smithy\": ").unwrap_err();
        assert!(
            error.to_string().starts_with("model.json: not valid JSON"),
            "{error}"
        );
    }

    #[test]
    fn wrong_type_names_shape_and_path() {
        let text = format!(
            r#"{{"smithy": "2.0", "shapes": {{{SERVICE},
            "a#In": {{"type": "structure", "members": {{"X": {{"target": 3}}}}}}}}}}"#
        );
        let error = parse(&text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "model.json: shape `a#In`: expected a string, found a number at \
             $.shapes[\"a#In\"].members.X.target"
        );
    }

    #[test]
    fn dangling_reference_is_refused() {
        let text = format!(
            r#"{{"smithy": "2.0", "shapes": {{{SERVICE},
            "a#In": {{"type": "structure", "members": {{"X": {{"target": "a#Nope"}}}}}}}}}}"#
        );
        let error = parse(&text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "model.json: shape `a#In`: refers to `a#Nope`, which the model does not define at \
             $.shapes[\"a#In\"].members.X"
        );
    }

    #[test]
    fn bad_trait_value_is_refused() {
        let text = format!(
            r#"{{"smithy": "2.0", "shapes": {{{SERVICE},
            "a#In": {{"type": "structure", "traits": {{"smithy.api#httpError": 99}}}}}}}}"#
        );
        let error = parse(&text).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("at $.shapes[\"a#In\"].traits[\"smithy.api#httpError\"]"),
            "{error}"
        );
    }

    #[test]
    fn prelude_is_available_and_idl_1_refused() {
        let text = format!(
            r#"{{"smithy": "2.0", "shapes": {{{SERVICE}, "a#In": {{"type": "structure"}}}}}}"#
        );
        let model = parse(&text).unwrap();
        assert!(model.shapes.contains_key("smithy.api#String"));
        assert_eq!(model.operations()[0].name(), "Op");
        let error = parse(r#"{"smithy": "1.0", "shapes": {}}"#).unwrap_err();
        assert!(error.to_string().contains("not supported"), "{error}");
    }
}
