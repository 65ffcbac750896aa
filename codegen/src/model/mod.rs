//! The Smithy 2.0 JSON AST, read into typed structures.
//!
//! Only what the generator acts on is typed; every other trait is kept as JSON so that nothing
//! in the model is silently lost. Every error names the file, the shape and the JSON path.

mod parse;
pub mod prelude;
mod transform;

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

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

/// `smithy.api#Unit`: the input or output of an operation that has none.
pub const UNIT: &str = "smithy.api#Unit";

/// Namespace of the shapes the generator adds to the model.
pub const SYNTHETIC: &str = "smithy.synthetic";

impl Model {
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
}

/// Whether an operation's input or output `id` is `Unit` or stands for it: the operation sends
/// or receives no members.
pub fn is_empty_io(id: &str) -> bool {
    id == UNIT || id.starts_with(&format!("{SYNTHETIC}#"))
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
