//! Rust names for model names: the one place that knows about keywords and collisions.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const PLAIN_KEYWORDS: &[&str] = &["crate", "self", "super", "Self"];

/// Names a generated type must not take: they would shadow the prelude or the types generated
/// code uses by name.
const TYPE_COLLISIONS: &[&str] = &[
    "Option", "Result", "Some", "None", "Ok", "Err", "String", "Vec", "Box", "HashMap", "Client",
    "Config", "Unknown", "Self",
];

/// A field or method name: `ResourceArns` → `resource_arns`, `Type` → `r#type`.
pub fn field(name: &str) -> Ident {
    let snake = name.to_snake_case();
    ident(&snake)
}

/// A method or field name as text, without the raw prefix: for names built on it
/// (`set_type`) and for messages.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// Whether a builder method called `method` (taking `mut self`) breaks the convention Rust
/// names follow for `is_`, `as_`, `to_` and `from_` methods: a member of the model named
/// `IsMultiline` keeps its name, as in the AWS SDKs, so its setter says why it may.
pub fn breaks_self_convention(method: &str) -> bool {
    ["is_", "as_", "to_", "from_"]
        .iter()
        .any(|prefix| method.starts_with(prefix))
}

/// A type name: `ARN` → `Arn`, `Result` → `ResultValue`.
pub fn type_name(name: &str) -> Ident {
    let mut camel = name.to_upper_camel_case();
    if TYPE_COLLISIONS.contains(&camel.as_str()) {
        camel.push_str("Value");
    }
    ident(&camel)
}

/// An enum or union variant: `AGENT_ARN` → `AgentArn`; `Unknown` is kept for unknown values.
pub fn variant(name: &str) -> Ident {
    let mut camel = name.to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel.insert(0, 'V');
    }
    if camel == "Unknown" || camel == "Self" {
        camel.push_str("Value");
    }
    ident(&camel)
}

/// The crate-name and feature form of an operation: `DisassociateWorkspace` →
/// `disassociate-workspace`.
pub fn kebab(name: &str) -> String {
    name.to_kebab_case()
}

/// The package of the runtime every generated crate uses (model-independent, shared by all
/// services).
pub const RUNTIME_PACKAGE: &str = "connect-runtime";

/// The package of the default HTTP client (reqwest over rustls), beside the runtime: only the
/// client crates depend on it, so that the others compile while reqwest does.
pub const HTTP_PACKAGE: &str = "connect-http";

/// The packages of one service's crates, all named after the service so that services never
/// collide (`TagResource` exists in nearly every service): `connect` gives `connect-sdk`,
/// `connect-types`, `connect-tag-resource`, ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packages {
    service: String,
}

impl Packages {
    /// The packages of the service called `service` (its AWS CLI name, e.g. `connect`).
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    /// The service's name, the prefix of every package.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The client crate, e.g. `connect-sdk`.
    pub fn sdk(&self) -> String {
        format!("{}-sdk", self.service)
    }

    /// The shared-types crate, e.g. `connect-types`.
    pub fn types(&self) -> String {
        format!("{}-types", self.service)
    }

    /// The crate of operation `operation`, e.g. `connect-disassociate-workspace`.
    pub fn operation(&self, operation: &str) -> String {
        format!("{}-{}", self.service, kebab(operation))
    }

    /// The sample inputs and answers, e.g. `connect-samples`.
    pub fn samples(&self) -> String {
        format!("{}-samples", self.service)
    }

    /// The runner of the AWS protocol test cases, e.g. `rest-json-protocol-cases`.
    pub fn cases(&self) -> String {
        format!("{}-cases", self.service)
    }

    /// Every operation's answer readers in one table, e.g. `connect-answers`.
    pub fn answers(&self) -> String {
        format!("{}-answers", self.service)
    }
}

/// The Rust name of a package: `connect-sdk` → `connect_sdk`.
pub fn crate_ident(package: &str) -> Ident {
    ident(&package.replace('-', "_"))
}

/// A Rust identifier from an already-cased name, raw when it is a keyword.
fn ident(text: &str) -> Ident {
    if RAW_KEYWORDS.contains(&text) {
        Ident::new_raw(text, Span::call_site())
    } else if PLAIN_KEYWORDS.contains(&text) {
        Ident::new(&format!("{text}_value"), Span::call_site())
    } else {
        Ident::new(text, Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_keywords_raw() {
        assert_eq!(field("ResourceArns").to_string(), "resource_arns");
        assert_eq!(field("Type").to_string(), "r#type");
        assert_eq!(field("Self").to_string(), "self_value");
        assert_eq!(field("ARN").to_string(), "arn");
    }

    #[test]
    fn types_avoid_prelude_names() {
        assert_eq!(type_name("ARN").to_string(), "Arn");
        assert_eq!(type_name("Result").to_string(), "ResultValue");
        assert_eq!(
            type_name("FailedBatchAssociationSummary").to_string(),
            "FailedBatchAssociationSummary"
        );
    }

    #[test]
    fn variants() {
        assert_eq!(variant("INVALID_FILE_SIZE").to_string(), "InvalidFileSize");
        assert_eq!(variant("UNKNOWN").to_string(), "UnknownValue");
        assert_eq!(variant("_1080P").to_string(), "V1080p");
    }

    #[test]
    fn operation_forms() {
        assert_eq!(kebab("DisassociateWorkspace"), "disassociate-workspace");
        assert_eq!(snake("DisassociateWorkspace"), "disassociate_workspace");
    }
}
