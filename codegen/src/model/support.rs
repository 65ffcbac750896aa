//! What this generator does with every Smithy trait and shape kind it knows: **supported**
//! (generated, and on the wire where it belongs), **ignored** (with why it cannot change what
//! goes on the wire) or **refused** (with why; the operations that reach it are not generated,
//! and the service's manifest must say so). A trait or kind that is not in these tables stops
//! the model reader with an error naming the shape, the trait and the JSON path.

/// What the generator does with a trait or shape kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    /// Read and acted on.
    Supported,
    /// Read past: it documents the model for other tools, or concerns servers or other
    /// protocols, and cannot change a request or the reading of an answer of this SDK.
    Ignored(&'static str),
    /// Not generated: the operations that reach it are left out, each named with this reason.
    Refused(&'static str),
}

use Support::{Ignored, Refused, Supported};

const SERVER_ONLY: Support = Ignored("describes server behaviour; clients send the same request");
const DOCS_ONLY: Support = Ignored("documents the model for people and other tools");
const OTHER_TOOLS: Support =
    Ignored("read by IAM, CloudFormation or ARN tooling, never on the wire");

const CONTEXT_PARAMS: Support =
    Refused("endpoint parameters bound to configuration or input members are not supported yet");

/// Every trait the generator knows, by shape id.
pub const TRAITS: &[(&str, Support)] = &[
    ("smithy.api#addedDefault", Supported),
    ("smithy.api#auth", Supported),
    ("smithy.api#clientOptional", Supported),
    ("smithy.api#cors", SERVER_ONLY),
    ("smithy.api#default", Supported),
    ("smithy.api#deprecated", Supported),
    ("smithy.api#documentation", Supported),
    ("smithy.api#endpoint", Supported),
    ("smithy.api#enum", Supported),
    ("smithy.api#enumValue", Supported),
    ("smithy.api#error", Supported),
    (
        "smithy.api#eventHeader",
        Refused("event streams are not supported by this generator yet"),
    ),
    (
        "smithy.api#eventPayload",
        Refused("event streams are not supported by this generator yet"),
    ),
    ("smithy.api#examples", DOCS_ONLY),
    ("smithy.api#externalDocumentation", DOCS_ONLY),
    ("smithy.api#hostLabel", Supported),
    ("smithy.api#http", Supported),
    (
        "smithy.api#httpChecksumRequired",
        Refused("request checksums (Content-MD5) are not supported by this generator yet"),
    ),
    ("smithy.api#httpError", Supported),
    ("smithy.api#httpHeader", Supported),
    ("smithy.api#httpLabel", Supported),
    ("smithy.api#httpPayload", Supported),
    ("smithy.api#httpPrefixHeaders", Supported),
    ("smithy.api#httpQuery", Supported),
    ("smithy.api#httpQueryParams", Supported),
    ("smithy.api#httpResponseCode", Supported),
    ("smithy.api#idempotencyToken", Supported),
    ("smithy.api#idempotent", Supported),
    ("smithy.api#input", Supported),
    ("smithy.api#internal", DOCS_ONLY),
    ("smithy.api#jsonName", Supported),
    ("smithy.api#length", Supported),
    ("smithy.api#mediaType", Supported),
    ("smithy.api#mixin", Supported),
    ("smithy.api#nestedProperties", OTHER_TOOLS),
    ("smithy.api#notProperty", OTHER_TOOLS),
    ("smithy.api#optionalAuth", Supported),
    ("smithy.api#output", Supported),
    ("smithy.api#paginated", Supported),
    ("smithy.api#pattern", Supported),
    ("smithy.api#private", DOCS_ONLY),
    ("smithy.api#property", OTHER_TOOLS),
    ("smithy.api#range", Supported),
    ("smithy.api#readonly", SERVER_ONLY),
    ("smithy.api#recommended", DOCS_ONLY),
    ("smithy.api#references", OTHER_TOOLS),
    (
        "smithy.api#requestCompression",
        Refused("request compression is not supported by this generator yet"),
    ),
    ("smithy.api#required", Supported),
    ("smithy.api#requiresLength", Supported),
    ("smithy.api#resourceIdentifier", OTHER_TOOLS),
    ("smithy.api#retryable", Supported),
    ("smithy.api#sensitive", Supported),
    ("smithy.api#since", DOCS_ONLY),
    ("smithy.api#sparse", Supported),
    ("smithy.api#streaming", Supported),
    ("smithy.api#suppress", DOCS_ONLY),
    ("smithy.api#tags", DOCS_ONLY),
    ("smithy.api#timestampFormat", Supported),
    ("smithy.api#title", Supported),
    ("smithy.api#uniqueItems", Supported),
    ("smithy.api#unstable", DOCS_ONLY),
    (
        "smithy.api#xmlAttribute",
        Refused("XML attributes are not supported by this generator yet (awsQuery answers are read from elements only; restXml is not supported)"),
    ),
    ("smithy.api#xmlFlattened", Supported),
    ("smithy.api#xmlName", Supported),
    (
        "smithy.api#xmlNamespace",
        Ignored("awsQuery requests carry no namespace, and answers are read by local names, whatever namespace they declare; restXml, which writes namespaces, is refused"),
    ),
    ("smithy.rules#clientContextParams", CONTEXT_PARAMS),
    ("smithy.rules#contextParam", CONTEXT_PARAMS),
    ("smithy.rules#endpointRuleSet", Supported),
    ("smithy.rules#endpointTests", Supported),
    ("smithy.rules#operationContextParams", CONTEXT_PARAMS),
    ("smithy.rules#staticContextParams", CONTEXT_PARAMS),
    ("smithy.test#httpRequestTests", DOCS_ONLY),
    ("smithy.test#httpResponseTests", DOCS_ONLY),
    ("smithy.test#smokeTests", DOCS_ONLY),
    ("smithy.waiters#waitable", Ignored("waiters are not generated; calls are unaffected")),
    ("aws.api#arn", OTHER_TOOLS),
    ("aws.api#arnReference", OTHER_TOOLS),
    ("aws.api#clientDiscoveredEndpoint", Refused("endpoint discovery is not supported")),
    ("aws.api#clientEndpointDiscovery", Refused("endpoint discovery is not supported")),
    ("aws.api#controlPlane", DOCS_ONLY),
    ("aws.api#dataPlane", DOCS_ONLY),
    ("aws.api#service", Supported),
    ("aws.auth#cognitoUserPools", Ignored("an auth scheme this SDK does not use; SigV4 is used")),
    ("aws.auth#sigv4", Supported),
    (
        "aws.auth#sigv4a",
        Ignored("the services that offer SigV4a also offer SigV4, which this SDK uses"),
    ),
    (
        "aws.auth#unsignedPayload",
        Refused("signing without the payload's hash is not supported for whole operations yet"),
    ),
    ("aws.cloudformation#cfnAdditionalIdentifier", OTHER_TOOLS),
    ("aws.cloudformation#cfnDefaultValue", OTHER_TOOLS),
    ("aws.cloudformation#cfnExcludeProperty", OTHER_TOOLS),
    ("aws.cloudformation#cfnMutability", OTHER_TOOLS),
    ("aws.cloudformation#cfnName", OTHER_TOOLS),
    ("aws.cloudformation#cfnResource", OTHER_TOOLS),
    (
        "aws.endpoints#dualStackOnlyEndpoints",
        Ignored("the model's endpoint rule set, which this SDK runs, already encodes it"),
    ),
    (
        "aws.endpoints#standardRegionalEndpoints",
        Ignored("the model's endpoint rule set, which this SDK runs, already encodes it"),
    ),
    ("aws.iam#actionName", OTHER_TOOLS),
    ("aws.iam#actionPermissionDescription", OTHER_TOOLS),
    ("aws.iam#conditionKeys", OTHER_TOOLS),
    ("aws.iam#conditionKeyValue", OTHER_TOOLS),
    ("aws.iam#defineConditionKeys", OTHER_TOOLS),
    ("aws.iam#disableConditionKeyInference", OTHER_TOOLS),
    ("aws.iam#iamAction", OTHER_TOOLS),
    ("aws.iam#iamResource", OTHER_TOOLS),
    ("aws.iam#requiredActions", OTHER_TOOLS),
    ("aws.iam#supportedPrincipalTypes", OTHER_TOOLS),
    ("aws.protocols#awsJson1_0", Supported),
    ("aws.protocols#awsJson1_1", Supported),
    ("aws.protocols#awsQuery", Supported),
    (
        "aws.protocols#awsQueryCompatible",
        Refused("awsQuery-compatible error codes (x-amzn-query-error) are not supported yet"),
    ),
    ("aws.protocols#awsQueryError", Supported),
    (
        "aws.protocols#ec2Query",
        Refused("the ec2Query protocol is not supported by this generator yet"),
    ),
    (
        "aws.protocols#ec2QueryName",
        Refused("the ec2Query protocol is not supported by this generator yet"),
    ),
    (
        "aws.protocols#httpChecksum",
        Refused("flexible checksums are not supported by this generator yet"),
    ),
    ("aws.protocols#restJson1", Supported),
    (
        "aws.protocols#restXml",
        Refused("the restXml protocol is not supported by this generator yet"),
    ),
];

/// Every shape kind (the `type` of a JSON AST shape) and what the generator does with it.
pub const KINDS: &[(&str, Support)] = &[
    ("blob", Supported),
    ("boolean", Supported),
    ("string", Supported),
    ("byte", Supported),
    ("short", Supported),
    ("integer", Supported),
    ("long", Supported),
    ("float", Supported),
    ("double", Supported),
    ("bigInteger", Supported),
    ("bigDecimal", Supported),
    ("timestamp", Supported),
    ("document", Supported),
    ("enum", Supported),
    ("intEnum", Supported),
    ("list", Supported),
    ("set", Supported),
    ("map", Supported),
    ("structure", Supported),
    ("union", Supported),
    ("operation", Supported),
    ("service", Supported),
    ("resource", Supported),
];

/// Under awsQuery, a document has no form: neither the form-encoded request nor the XML
/// answer can hold one.
pub const AWS_QUERY_DOCUMENT: &str =
    "awsQuery has no form for documents (Smithy's awsQuery protocol does not support them)";
/// Under awsQuery, a `@streaming` blob has no body of its own to travel in.
pub const AWS_QUERY_STREAM: &str =
    "awsQuery sends every member in the form-encoded body and reads answers as XML: a stream has no place in either";
/// Under awsQuery, nulls in collections have no form.
pub const AWS_QUERY_SPARSE: &str =
    "awsQuery has no form for a null item of a `@sparse` list or map";
/// Under awsQuery, a union member with no value has no form.
pub const AWS_QUERY_UNIT: &str =
    "awsQuery has no form for a union member that targets smithy.api#Unit";

/// A `@streaming` union is an event stream.
pub const EVENT_STREAM: &str =
    "event streams (`@streaming` unions) are not supported by this generator yet";

/// What the generator does with trait `id`, if it knows it.
pub fn of_trait(id: &str) -> Option<Support> {
    TRAITS
        .iter()
        .find(|(name, _)| *name == id)
        .map(|(_, support)| *support)
}

/// What the generator does with shape kind `kind`, if it knows it.
pub fn of_kind(kind: &str) -> Option<Support> {
    KINDS
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, support)| *support)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_listed_once_and_in_order() {
        for table in [TRAITS, KINDS] {
            let mut names: Vec<&str> = table.iter().map(|(name, _)| *name).collect();
            names.dedup();
            assert_eq!(names.len(), table.len(), "a name is listed twice in a row");
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "a name is listed twice");
        }
    }
}
