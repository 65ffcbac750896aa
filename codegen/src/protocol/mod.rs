//! Protocols: where each member of an input, an output or an error goes on the wire. Each
//! protocol is a module with the same shape, chosen by the service's protocol trait; it
//! decides, and returns its decisions as [`Bindings`] for the emitters, which know no
//! protocol. A new protocol is a new module here (and its answer reader in the runtime).

mod aws_json;
mod aws_query;
mod http;
mod rest_json1;

pub use http::{HostSegment, PathSegment};

use crate::ir::{Identity, Index, OperationIr};
use crate::model::{Member, Shape};
use crate::GenerateError;

/// The protocols this generator speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
}

impl Protocol {
    /// The service's protocol: the first of its protocol traits this generator speaks, in
    /// the model's order.
    pub fn of(index: &Index) -> Result<Self, GenerateError> {
        let service = index.model().service_shape();
        let declared = &service.traits.protocols;
        declared
            .iter()
            .find_map(|id| match id.as_str() {
                "aws.protocols#restJson1" => Some(Self::RestJson1),
                "aws.protocols#awsJson1_0" => Some(Self::AwsJson1_0),
                "aws.protocols#awsJson1_1" => Some(Self::AwsJson1_1),
                "aws.protocols#awsQuery" => Some(Self::AwsQuery),
                _ => None,
            })
            .ok_or_else(|| {
                GenerateError::new(
                    &service.id,
                    "the service declares no protocol this generator speaks (restJson1, \
                     awsJson1_0, awsJson1_1, awsQuery)",
                )
            })
    }

    /// The runtime's name for the protocol (`connect_runtime::Protocol::<variant>`).
    pub fn runtime_variant(self) -> &'static str {
        match self {
            Self::RestJson1 => "RestJson1",
            Self::AwsJson1_0 => "AwsJson1_0",
            Self::AwsJson1_1 => "AwsJson1_1",
            Self::AwsQuery => "AwsQuery",
        }
    }

    /// Whether JSON bodies use `@jsonName` (restJson1 does; the awsJson protocols do not).
    pub fn json_names(self) -> bool {
        self == Self::RestJson1
    }

    /// Where the members of `operation` go.
    pub fn bindings<'m>(
        self,
        index: &Index<'m>,
        identity: &Identity,
        operation: &OperationIr<'m>,
    ) -> Result<Bindings<'m>, GenerateError> {
        let mut bindings = match self {
            Self::RestJson1 => rest_json1::bindings(index, operation)?,
            Self::AwsJson1_0 | Self::AwsJson1_1 => {
                aws_json::bindings(index, identity, operation, self)?
            }
            Self::AwsQuery => aws_query::bindings(identity, operation),
        };
        bindings.request.host_prefix = http::host_prefix(operation)?;
        Ok(bindings)
    }
}

/// Where the members of an operation's input, output and errors go.
pub struct Bindings<'m> {
    /// The request.
    pub request: Request<'m>,
    /// A successful answer.
    pub response: Response<'m>,
    /// Each modeled error's answer, in the operation's order.
    pub errors: Vec<ErrorBinding<'m>>,
}

/// How a modeled error is named and read.
pub struct ErrorBinding<'m> {
    /// The error's shape.
    pub shape: &'m Shape,
    /// The code error answers name it with: the shape's name, or its `@awsQueryError` code
    /// under awsQuery.
    pub code: String,
    /// Where its members are.
    pub response: Response<'m>,
}

/// Members and the names they are bound to (header names, prefixes, query parameters).
pub type Named<'m> = Vec<(&'m Member, String)>;

/// How an input becomes a request.
pub struct Request<'m> {
    /// The HTTP method.
    pub method: String,
    /// The path: literals and labels.
    pub path: Vec<PathSegment<'m>>,
    /// The URI's literal query (`list&type=a` in `/things?list&type=a`), as written.
    pub literal_query: String,
    /// `@httpQuery` members and their parameter names.
    pub query: Named<'m>,
    /// The `@httpQueryParams` member, if any.
    pub query_params: Option<&'m Member>,
    /// `@httpHeader` members and their header names (lower case).
    pub headers: Named<'m>,
    /// `@httpPrefixHeaders` members and their prefixes (lower case).
    pub prefix_headers: Named<'m>,
    /// The member bound to the `Content-Type` header, if any: when set, its value is the
    /// request's content type, in place of the body's (Smithy's test `RestJsonTestPayloadBlob`).
    pub content_type_member: Option<&'m Member>,
    /// Headers every request of the operation has (awsJson's `x-amz-target`).
    pub fixed_headers: Vec<(String, String)>,
    /// The body.
    pub body: Body<'m>,
    /// The host prefix (`@endpoint`), literals and `@hostLabel` members.
    pub host_prefix: Option<Vec<HostSegment<'m>>>,
}

/// How an answer (success or error) is read.
pub struct Response<'m> {
    /// `@httpHeader` members and their header names (lower case).
    pub headers: Named<'m>,
    /// `@httpPrefixHeaders` members and their prefixes (lower case).
    pub prefix_headers: Named<'m>,
    /// The `@httpResponseCode` member, if any.
    pub status_code: Option<&'m Member>,
    /// The body.
    pub body: Body<'m>,
}

/// What a body holds.
pub enum Body<'m> {
    /// No body.
    Empty,
    /// A JSON object of these members (possibly none: `{}`), with this content type.
    Json {
        /// The members, in the model's order.
        members: Vec<&'m Member>,
        /// The `Content-Type` of requests.
        content_type: &'static str,
    },
    /// awsQuery's form-encoded request body: `Action`, `Version`, then these members.
    Form {
        /// The members, in the model's order.
        members: Vec<&'m Member>,
        /// The `Action`: the operation's name.
        action: String,
        /// The `Version`: the service's API version.
        version: String,
    },
    /// An XML answer of these members: for a success, inside the `(response, result)`
    /// wrapper elements; for an error, in the `<Error>` element.
    Xml {
        /// The members, in the model's order.
        members: Vec<&'m Member>,
        /// `<{Operation}Response>` and `<{Operation}Result>`, for a successful answer.
        wrapper: Option<(String, String)>,
    },
    /// One member is the whole body (`@httpPayload`).
    Payload {
        /// The member.
        member: &'m Member,
        /// What it is, which says how it is written.
        kind: PayloadKind,
        /// The `Content-Type` of requests.
        content_type: String,
        /// Whether a request whose member is unset still sends an empty JSON object `{}`
        /// (with the content type) rather than no body: restJson1 does for a structure, not
        /// for a union (Smithy's tests `RestJsonHttpWithHeadersButNoPayload` and
        /// `RestJsonHttpPayloadWithUnsetUnion`).
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
