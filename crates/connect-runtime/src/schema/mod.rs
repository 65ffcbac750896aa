//! Operations described as data, for callers that hold inputs and outputs as JSON documents
//! (feature `schema`): the `connect` tool sends any operation of any service this way, without
//! compiling a typed path per operation.
//!
//! A service's [`Shape`]s and [`OperationSchema`]s are generated from its model, from the same
//! protocol bindings as the typed crates. [`Client::invoke_document`](crate::Client) reads an
//! input in its document form (the members under their model names, as the AWS CLI's
//! `--input-json` takes them), checks it as the typed input's builder and validation would,
//! writes the request as the typed input would, and reads the answer into the output's
//! document form (timestamps as epoch seconds, blobs in base64), as the typed output's `ToJson`
//! writes it. The protocols' rules stay in [`crate::json`] and [`crate::encoding`]: this
//! module only walks the shapes.

mod check;
mod datum;
mod input;
mod output;
mod redact;
mod request;
#[cfg(test)]
mod tests;
mod write;

pub use input::{read_input, DocumentInput};
pub use output::read_output;

use crate::encoding::timestamp::TimestampFormat;
use crate::service::Auth;
#[cfg(feature = "patterns")]
use crate::validate::Pattern;

/// An index into a service's shape table ([`OperationSchema::shapes`]).
pub type ShapeId = u32;

/// One shape of the model: what a member holds.
#[derive(Debug)]
pub enum Shape {
    /// `boolean`.
    Boolean,
    /// `byte`, `short`, `integer`, `long` or `intEnum`: a whole number of this width.
    Integer(Width),
    /// `double`: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    Float,
    /// `float` (32 bits): as [`Shape::Float`], but held, and so written back, at single
    /// precision (`0.1f32` is written `0.1`, not `0.10000000149011612`).
    Float32,
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// `string`.
    String,
    /// A `string` with `@mediaType`: text in bodies, base64 in headers.
    MediaTypeString,
    /// `enum` (or a `string` with the `enum` trait): its values, which are sent as given
    /// (a value the model does not list is still sent, as the typed enums keep unknown ones).
    Enum(&'static [&'static str]),
    /// `blob`: base64 in the document form and in JSON bodies.
    Blob,
    /// A `@streaming` blob.
    Stream,
    /// `timestamp`.
    Timestamp,
    /// `document`: any JSON.
    Document,
    /// `list`.
    List {
        /// The item.
        item: Member,
        /// `@sparse`: `null` items are kept.
        sparse: bool,
    },
    /// `map` (keys are strings or string enums).
    Map {
        /// The key.
        key: Member,
        /// The value.
        value: Member,
        /// `@sparse`: `null` values are kept.
        sparse: bool,
    },
    /// `structure`: its members, in the model's order.
    Structure(&'static [Member]),
    /// `union`: its members; exactly one is set.
    Union(&'static [Member]),
}

/// The width of a whole number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// `byte`: 8 bits.
    Byte,
    /// `short`: 16 bits.
    Short,
    /// `integer` or `intEnum`: 32 bits.
    Integer,
    /// `long`: 64 bits.
    Long,
}

/// A member of a structure or union, or the item, key or value of a collection.
#[derive(Debug)]
pub struct Member {
    /// The member's name in the model: its key in the document form (empty for an item, key
    /// or value).
    pub name: &'static str,
    /// Its key in JSON bodies: `@jsonName` under restJson1, else the name.
    pub json_name: &'static str,
    /// What it holds.
    pub target: ShapeId,
    /// `@required`: a member of an operation's input the builder refuses to build without
    /// (unless [`Member::client_optional`]); a member of any other structure the validation
    /// reports when unset.
    pub required: bool,
    /// `@clientOptional` on a required member of an operation's input: the builder builds
    /// without it, and the validation reports it when unset.
    pub client_optional: bool,
    /// `@sensitive` (on the member or its target): never shown by `Debug` or in traces.
    pub sensitive: bool,
    /// `@idempotencyToken`: a UUID v4 is filled in when the input leaves it out.
    pub idempotency_token: bool,
    /// The member's `@timestampFormat` (on the member or its target), if any; otherwise
    /// each location's default applies (epoch seconds in JSON bodies, HTTP dates in headers,
    /// date-times in the URI).
    pub timestamp_format: Option<TimestampFormat>,
    /// The `@default` value, as JSON text: what an answer that leaves the member out holds,
    /// as the typed output's wire form reads it.
    pub default: Option<&'static str>,
    /// The constraints checked before anything is sent.
    pub constraints: Constraints,
}

/// The model's constraints on a member (its own traits and its target's), which the typed
/// input's validation checks: `length` and `range` and `pattern` only when constraints are
/// on, `uniqueItems` likewise.
#[derive(Debug)]
pub struct Constraints {
    /// `length`: Unicode scalar values of a string, bytes of a blob, items of a list,
    /// entries of a map.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `range`.
    pub range: Option<Range>,
    /// `pattern`: a `static` of the generated table (a pattern compiles on first use, so it
    /// cannot be a constant, and a table's members cannot hold one inline).
    #[cfg(feature = "patterns")]
    pub pattern: Option<&'static Pattern>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

impl Constraints {
    /// No constraint.
    pub const NONE: Self = Self {
        length: None,
        range: None,
        #[cfg(feature = "patterns")]
        pattern: None,
        unique_items: false,
    };
}

/// A `range` constraint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Range {
    /// On a whole number.
    Integer(Option<i64>, Option<i64>),
    /// On a float, double or big number.
    Float(Option<f64>, Option<f64>),
}

/// One operation: its name, its shapes, and where its members go on the wire.
#[derive(Debug)]
pub struct OperationSchema {
    /// The operation's name in the model, e.g. `DisassociateWorkspace`.
    pub name: &'static str,
    /// The service's shape table, which [`ShapeId`]s index.
    pub shapes: &'static [Shape],
    /// The input structure.
    pub input: ShapeId,
    /// The output structure.
    pub output: ShapeId,
    /// How requests are authenticated.
    pub auth: Auth,
    /// The modeled errors whose code is retryable, with whether each is throttling.
    pub retryable: &'static [(&'static str, bool)],
    /// How the input becomes a request.
    pub request: Request,
    /// How a successful answer becomes the output.
    pub response: Response,
}

/// How an input becomes a request.
#[derive(Debug)]
pub struct Request {
    /// The HTTP method.
    pub method: &'static str,
    /// The path: literals and labels.
    pub path: &'static [PathPart],
    /// The URI's literal query (`list&type=a` in `/things?list&type=a`), as written.
    pub literal_query: &'static str,
    /// The host prefix (`@endpoint`), if any.
    pub host_prefix: Option<&'static [HostPart]>,
    /// Headers every request of the operation has (awsJson's `x-amz-target`).
    pub fixed_headers: &'static [(&'static str, &'static str)],
    /// Where each member of the input structure goes, in its order.
    pub members: &'static [Binding],
    /// What the body holds.
    pub body: Body,
}

/// How a successful answer becomes the output.
#[derive(Debug)]
pub struct Response {
    /// Where each member of the output structure comes from, in its order.
    pub members: &'static [Binding],
    /// What the body holds.
    pub body: Body,
}

/// One piece of a URI path.
#[derive(Debug)]
pub enum PathPart {
    /// Text written as it is.
    Literal(&'static str),
    /// The input member at this index, `greedy` for `{Name+}`.
    Label {
        /// The member's index in the input structure.
        member: usize,
        /// Whether its `/` separate segments.
        greedy: bool,
    },
}

/// One piece of a host prefix.
#[derive(Debug)]
pub enum HostPart {
    /// Text written as it is.
    Literal(&'static str),
    /// The input member at this index (`@hostLabel`).
    Label(usize),
}

/// Where a top-level member of an input or output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A member of the JSON body (every member under the awsJson protocols). A `@hostLabel`
    /// member is also in [`Request::host_prefix`].
    Body,
    /// A URI label (requests only; its place is in [`Request::path`]).
    Label,
    /// `@httpQuery`: the parameter's name.
    Query(&'static str),
    /// `@httpQueryParams`: a map of parameters.
    QueryParams,
    /// `@httpHeader`: the header's name, in lower case.
    Header(&'static str),
    /// `@httpPrefixHeaders`: the prefix, in lower case.
    PrefixHeaders(&'static str),
    /// `@httpResponseCode` (answers only).
    StatusCode,
    /// `@httpPayload`: the whole body (see [`Body::Payload`]).
    Payload,
}

/// What a body holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// No body.
    Empty,
    /// A JSON object of the members bound to [`Binding::Body`] (possibly none: `{}`), with
    /// this content type.
    Json(&'static str),
    /// One member is the whole body.
    Payload {
        /// The member's index.
        member: usize,
        /// What it holds.
        kind: PayloadKind,
        /// The `Content-Type` of requests.
        content_type: &'static str,
        /// Whether a request whose member is unset still sends `{}` with the content type.
        empty_object_when_unset: bool,
    },
}

/// The kinds of `@httpPayload` members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// A structure, union or document: its JSON.
    Json,
    /// A string or string enum: its text.
    Text,
    /// A blob: its bytes.
    Blob,
    /// A `@streaming` blob: a stream.
    Stream,
}
