//! The Smithy 2.0 JSON AST, read into typed structures.
//!
//! Every trait and shape kind the generator meets is in its support table ([`support`]):
//! supported, ignored (with why it cannot change what goes on the wire) or refused (with why);
//! anything else is an error. Every error names the file, the shape and the JSON path.

mod parse;
pub mod prelude;
pub mod support;
mod transform;

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// A parsed model, its transforms applied: mixins flattened, operations bound to resources
/// listed on the service, the service's common errors added to every operation, legacy
/// `enum` traits turned into enum shapes, and `Unit` inputs and outputs replaced.
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
    /// What this generator refuses about the shape (its kind, or a trait of it or of its
    /// members): the operations that reach it are not generated.
    pub refusals: Vec<Refusal>,
}

/// A construct of the model this generator refuses, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The shape kind or trait refused, e.g. `smithy.api#requestCompression`.
    pub what: String,
    /// Why.
    pub reason: &'static str,
    /// The JSON path, e.g. `$.shapes["a#Op"].traits["smithy.api#requestCompression"]`.
    pub path: String,
}

/// The kinds of Smithy shape.
#[derive(Debug)]
pub enum ShapeKind {
    /// Simple shapes (`string`, `integer`, `timestamp`, ...), by their Smithy name.
    Simple(Simple),
    /// `enum`: string values (also a `string` with the legacy `smithy.api#enum` trait).
    Enum(Vec<Member>),
    /// `intEnum`: integer values.
    IntEnum(Vec<Member>),
    /// `list` (and the deprecated `set`).
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
    Service(Service),
    /// `resource`.
    Resource(Resource),
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
}

impl Simple {
    /// Numbers and booleans: what Rust holds as a `Copy` primitive.
    pub fn is_copy(self) -> bool {
        matches!(
            self,
            Self::Boolean
                | Self::Byte
                | Self::Short
                | Self::Integer
                | Self::Long
                | Self::Float
                | Self::Double
        )
    }
}

/// An operation's input, output and errors.
#[derive(Debug)]
pub struct Operation {
    /// Input structure (`smithy.api#Unit` when none).
    pub input: String,
    /// Output structure (`smithy.api#Unit` when none).
    pub output: String,
    /// Error structures (the service's common errors included).
    pub errors: Vec<String>,
}

/// A service shape.
#[derive(Debug, Default)]
pub struct Service {
    /// The operations bound to the service directly and through its resources.
    pub operations: Vec<String>,
    /// The resources bound to the service.
    pub resources: Vec<String>,
    /// Errors every operation can return.
    pub errors: Vec<String>,
    /// `rename`: new names for shapes of other namespaces whose names collide.
    pub rename: BTreeMap<String, String>,
    /// The API version.
    pub version: Option<String>,
}

/// A resource shape: what matters here is which operations and resources it binds.
#[derive(Debug, Default)]
pub struct Resource {
    /// Lifecycle operations, `operations` and `collectionOperations`.
    pub operations: Vec<String>,
    /// Child resources.
    pub resources: Vec<String>,
}

/// A member of an aggregate shape.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name as in the model, e.g. `InstanceId`.
    pub name: String,
    /// The target shape id.
    pub target: String,
    /// Traits applied to the member.
    pub traits: Traits,
    /// Refused traits of the member (also listed on the shape that holds it).
    pub refusals: Vec<Refusal>,
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

/// One value of the legacy `smithy.api#enum` trait.
#[derive(Clone, Debug)]
pub struct EnumDefinition {
    /// The value sent.
    pub value: String,
    /// The constant's name, if the model gives one.
    pub name: Option<String>,
    /// Documentation.
    pub documentation: Option<String>,
    /// Deprecated values stay readable.
    pub deprecated: bool,
}

/// `aws.api#service`.
#[derive(Clone, Debug, Default)]
pub struct AwsService {
    /// `sdkId`, e.g. `Connect`.
    pub sdk_id: String,
    /// `endpointPrefix`, e.g. `connect`.
    pub endpoint_prefix: Option<String>,
}

/// `@retryable`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Retryable {
    /// Whether the error means the caller is sending too fast.
    pub throttling: bool,
}

/// The traits the generator acts on, typed; the support table (`support.rs`) lists every trait
/// it knows, those it ignores among them (and why); an unknown trait is an error.
#[derive(Clone, Debug, Default)]
pub struct Traits {
    /// `documentation`: HTML.
    pub documentation: Option<String>,
    /// `required`.
    pub required: bool,
    /// `clientOptional`: required, but optional for clients.
    pub client_optional: bool,
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
    /// `httpQueryParams`.
    pub http_query_params: bool,
    /// `httpHeader`: the header name.
    pub http_header: Option<String>,
    /// `httpPrefixHeaders`: the header name prefix.
    pub http_prefix_headers: Option<String>,
    /// `httpPayload`.
    pub http_payload: bool,
    /// `httpResponseCode`.
    pub http_response_code: bool,
    /// `httpError`: the status code.
    pub http_error: Option<u16>,
    /// `endpoint`: the host prefix pattern, e.g. `{Label}.data.`.
    pub host_prefix: Option<String>,
    /// `hostLabel`.
    pub host_label: bool,
    /// `error`: `client` or `server`.
    pub error: Option<String>,
    /// `retryable`.
    pub retryable: Option<Retryable>,
    /// `length`.
    pub length: Option<Bounds>,
    /// `range`.
    pub range: Option<Bounds>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `sensitive`.
    pub sensitive: bool,
    /// `sparse`.
    pub sparse: bool,
    /// `streaming`.
    pub streaming: bool,
    /// `requiresLength`: a streamed blob whose length must be known before sending.
    pub requires_length: bool,
    /// `mediaType`.
    pub media_type: Option<String>,
    /// `idempotencyToken`.
    pub idempotency_token: bool,
    /// `idempotent`.
    pub idempotent: bool,
    /// `paginated`.
    pub paginated: Option<Paginated>,
    /// `enumValue`: a string or an integer.
    pub enum_value: Option<Value>,
    /// The legacy `enum` trait on a string.
    pub legacy_enum: Option<Vec<EnumDefinition>>,
    /// `timestampFormat`.
    pub timestamp_format: Option<String>,
    /// `deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `jsonName`.
    pub json_name: Option<String>,
    /// `xmlName`: the member's element name in XML, and its key in awsQuery requests.
    pub xml_name: Option<String>,
    /// `xmlFlattened`: a list's items (a map's entries) directly in the containing structure.
    pub xml_flattened: bool,
    /// `aws.protocols#awsQueryError`: an error's code (and HTTP status) under awsQuery.
    pub aws_query_error: Option<AwsQueryError>,
    /// `input`.
    pub input: bool,
    /// `output`.
    pub output: bool,
    /// Not a trait: the structure is the one the generator gives an operation whose input or
    /// output is `smithy.api#Unit` (a copy of a structure the model declares is not).
    pub stands_for_unit: bool,
    /// `mixin`: the shape only lends its members and traits to others.
    pub mixin: bool,
    /// `auth`: the auth schemes of an operation or service, in order of preference.
    pub auth: Option<Vec<String>>,
    /// `optionalAuth`.
    pub optional_auth: bool,
    /// `title`.
    pub title: Option<String>,
    /// `aws.api#service`.
    pub aws_service: Option<AwsService>,
    /// `aws.auth#sigv4`: the signing name.
    pub sigv4: Option<String>,
    /// The protocol traits the service declares (`aws.protocols#restJson1`, ...).
    pub protocols: Vec<String>,
    /// `smithy.rules#endpointRuleSet`, as JSON.
    pub endpoint_rule_set: Option<Value>,
    /// `smithy.rules#endpointTests`, as JSON.
    pub endpoint_tests: Option<Value>,
}

/// `aws.protocols#awsQueryError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsQueryError {
    /// The code awsQuery answers name the error with (`<Code>`).
    pub code: String,
    /// The HTTP status of its answers.
    pub http_response_code: u16,
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

    /// The service shape.
    pub fn service_shape(&self) -> &Shape {
        self.shape(&self.service)
    }

    /// The service's operations (those bound through resources included), sorted by name.
    pub fn operations(&self) -> Vec<&Shape> {
        let ShapeKind::Service(service) = &self.service_shape().kind else {
            unreachable!("Model::parse keeps only a service shape as the service")
        };
        let mut operations: Vec<&Shape> =
            service.operations.iter().map(|id| self.shape(id)).collect();
        operations.sort_by(|a, b| a.name().cmp(b.name()));
        operations
    }
}

impl Model {
    /// Whether an operation's input or output `id` is `Unit` or the structure that stands for
    /// it: the model gives the operation no input or output at all (an empty structure it
    /// declares is one).
    pub fn is_unit_io(&self, id: &str) -> bool {
        id == UNIT
            || self
                .shapes
                .get(id)
                .is_some_and(|shape| shape.traits.stands_for_unit)
    }
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
            | ShapeKind::Enum(members)
            | ShapeKind::IntEnum(members) => members,
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
            ShapeKind::Service(service) => {
                for (index, id) in service.operations.iter().enumerate() {
                    references.push((id, format!("operations[{index}]")));
                }
                for (index, id) in service.errors.iter().enumerate() {
                    references.push((id, format!("errors[{index}]")));
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
