//! Endpoint resolution with Smithy endpoint rule sets.
//!
//! A service's model carries a rule set (`smithy.rules#endpointRuleSet`): parameters such as
//! `Region` and `UseFIPS`, and a tree of rules whose conditions call a small standard library
//! (`isSet`, `stringEquals`, `aws.partition`, ...) and end in an endpoint or an error. The
//! generator writes the rule set and the AWS partition table as static data ([`RuleSet`],
//! [`Partition`]); this module walks that data for a set of [`Params`] and returns the
//! [`Endpoint`], or the rule set's error. Nothing here knows about a particular service.
//!
//! Supported functions: `isSet`, `not`, `booleanEquals`, `stringEquals`, `getAttr`,
//! `coalesce`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, `aws.partition`,
//! `aws.parseArn` and `aws.isVirtualHostableS3Bucket`. Any other function is reported as
//! [`EndpointError::UnknownFunction`] when a rule calls it.

mod eval;
mod functions;
mod partition;

use crate::sorted_map::SortedMap;
use std::fmt;

/// A rule set: its parameters and its rules, in order.
#[derive(Debug)]
pub struct RuleSet {
    /// The rules engine version the rule set declares, e.g. `1.0`.
    pub version: &'static str,
    /// The parameters rules may refer to.
    pub parameters: &'static [Parameter],
    /// The rules, tried in order until one matches.
    pub rules: &'static [Rule],
}

/// A parameter of a rule set.
#[derive(Debug)]
pub struct Parameter {
    /// The name rules refer to it by, e.g. `Region`.
    pub name: &'static str,
    /// The type of its value.
    pub kind: ParameterType,
    /// The built-in value it is bound to, e.g. `AWS::Region` or `SDK::Endpoint`.
    pub built_in: Option<&'static str>,
    /// Whether resolution refuses to start without a value (after the default).
    pub required: bool,
    /// The value used when none is given.
    pub default: Option<Literal>,
}

/// The type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterType {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `stringArray`
    StringArray,
}

impl ParameterType {
    fn name(self) -> &'static str {
        match self {
            Self::String => "a string",
            Self::Boolean => "a boolean",
            Self::StringArray => "an array of strings",
        }
    }

    fn admits(self, value: &Value) -> bool {
        match (self, value) {
            (Self::String, Value::String(_)) | (Self::Boolean, Value::Boolean(_)) => true,
            (Self::StringArray, Value::Array(items)) => {
                items.iter().all(|item| matches!(item, Value::String(_)))
            }
            _ => false,
        }
    }
}

/// A constant: a parameter's default, or a value of the partition table.
#[derive(Clone, Copy, Debug)]
pub enum Literal {
    /// A string.
    String(&'static str),
    /// A boolean.
    Boolean(bool),
    /// An array of strings.
    StringArray(&'static [&'static str]),
}

impl From<Literal> for Value {
    fn from(literal: Literal) -> Self {
        match literal {
            Literal::String(text) => Value::String(text.to_owned()),
            Literal::Boolean(value) => Value::Boolean(value),
            Literal::StringArray(items) => Value::Array(
                items
                    .iter()
                    .map(|item| Value::String((*item).to_owned()))
                    .collect(),
            ),
        }
    }
}

/// A rule: conditions, all of which must hold, and what the rule leads to.
#[derive(Debug)]
pub struct Rule {
    /// Conditions, evaluated in order; the first that fails ends the rule.
    pub conditions: &'static [Condition],
    /// An endpoint, an error, or more rules.
    pub outcome: Outcome,
}

/// What a rule leads to when its conditions hold.
#[derive(Debug)]
pub enum Outcome {
    /// Resolution ends with this endpoint.
    Endpoint(EndpointSpec),
    /// Resolution ends with this error message (a string, usually a template).
    Error(Expr),
    /// These rules are tried in order; if none matches, resolution fails.
    Tree(&'static [Rule]),
}

/// The endpoint an endpoint rule produces, before evaluation.
#[derive(Debug)]
pub struct EndpointSpec {
    /// The URL (a template, a reference or a function call that gives a string).
    pub url: Expr,
    /// Properties, such as `authSchemes`.
    pub properties: &'static [(&'static str, Expr)],
    /// Headers to send, each with one or more values.
    pub headers: &'static [(&'static str, &'static [Expr])],
}

/// A condition: a function call, whose result may be assigned to a name for later conditions
/// and the rule's outcome.
#[derive(Debug)]
pub struct Condition {
    /// The function, e.g. `isSet` or `aws.partition`.
    pub function: &'static str,
    /// Its arguments.
    pub args: &'static [Expr],
    /// The name the result is bound to, if any.
    pub assign: Option<&'static str>,
}

/// An expression of a rule set.
#[derive(Debug)]
pub enum Expr {
    /// A string, which may be a template: `{Region}` and `{PartitionResult#dnsSuffix}` are
    /// replaced by values, `{{` and `}}` stand for braces.
    String(&'static str),
    /// A boolean.
    Boolean(bool),
    /// An integer.
    Integer(i64),
    /// An array.
    Array(&'static [Expr]),
    /// A record (an object with named members).
    Record(&'static [(&'static str, Expr)]),
    /// The value of a parameter or of an assigned name.
    Ref(&'static str),
    /// A function call.
    Call {
        /// The function.
        function: &'static str,
        /// Its arguments.
        args: &'static [Expr],
    },
}

/// An AWS partition, as `aws.partition` returns it.
#[derive(Debug)]
pub struct Partition {
    /// The partition's id, e.g. `aws-cn`.
    pub id: &'static str,
    /// The pattern that the partition's region names match (its `regionRegex`).
    pub region_pattern: RegionPattern,
    /// The regions the partition lists by name, e.g. `eu-west-2`.
    pub regions: &'static [&'static str],
    /// What `aws.partition` returns for its regions: `name`, `dnsSuffix`, `supportsFIPS`, ...
    pub outputs: &'static [(&'static str, Literal)],
    /// Listed regions for which some outputs differ, with those outputs.
    pub region_overrides: &'static [(&'static str, &'static [(&'static str, Literal)])],
}

/// A partition's `regionRegex`, which the generator reads into pieces that must match the
/// whole region name one after the other, e.g. `^(us|eu)\-\w+\-\d+$` as
/// `[OneOf(["us", "eu"]), OneOf(["-"]), Word, OneOf(["-"]), Digits]`. The table's regexes use
/// nothing else, and a few lines match these pieces where a regex engine would cost the build
/// of every application a second; the generator refuses a regex outside this form.
#[derive(Clone, Copy, Debug)]
pub struct RegionPattern(pub &'static [RegionPiece]);

/// A piece of a [`RegionPattern`].
#[derive(Clone, Copy, Debug)]
pub enum RegionPiece {
    /// One of these texts: a literal, or a group of alternatives (`(us|eu)`).
    OneOf(&'static [&'static str]),
    /// One or more ASCII letters, digits or underscores (`\w+`).
    Word,
    /// One or more ASCII digits (`\d+`).
    Digits,
}

/// What endpoints are resolved with: a rule set and the partition table its `aws.partition`
/// calls read.
#[derive(Clone, Copy, Debug)]
pub struct Resolver {
    /// The rule set.
    pub rule_set: &'static RuleSet,
    /// The AWS partitions.
    pub partitions: &'static [Partition],
}

impl Resolver {
    /// Resolves the endpoint for `params`: the first rule whose conditions hold decides.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        eval::resolve(self, params)
    }

    /// The parameters bound to built-in values, as given by `built_in` (which receives the
    /// built-in's name, e.g. `AWS::Region`).
    pub fn built_in_params(&self, built_in: impl Fn(&str) -> Option<Value>) -> Params {
        let mut params = Params::new();
        for parameter in self.rule_set.parameters {
            if let Some(value) = parameter.built_in.and_then(&built_in) {
                params.insert(parameter.name, value);
            }
        }
        params
    }
}

/// A value during resolution: a parameter, an assigned result, or part of the endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string.
    String(String),
    /// A boolean.
    Boolean(bool),
    /// An integer.
    Integer(i64),
    /// An array.
    Array(Vec<Value>),
    /// A record (an object with named members).
    Record(SortedMap<Value>),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Boolean(value) => Some(*value),
            _ => None,
        }
    }

    /// The members, if this is a record.
    pub fn as_record(&self) -> Option<&SortedMap<Value>> {
        match self {
            Self::Record(members) => Some(members),
            _ => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Self::String(_) => "a string",
            Self::Boolean(_) => "a boolean",
            Self::Integer(_) => "an integer",
            Self::Array(_) => "an array",
            Self::Record(_) => "a record",
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::String(text)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Self::Boolean(value)
    }
}

/// The values of a rule set's parameters, by parameter name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    values: SortedMap<Value>,
}

impl Params {
    /// No parameter set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets parameter `name` to `value`.
    pub fn set(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.insert(name, value);
        self
    }

    /// Sets parameter `name` to `value`.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        self.values.insert(name.into(), value.into());
    }

    /// The value of parameter `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }
}

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    headers: SortedMap<Vec<String>>,
    properties: SortedMap<Value>,
}

impl Endpoint {
    /// An endpoint with only a URL.
    pub fn from_url(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            headers: SortedMap::new(),
            properties: SortedMap::new(),
        }
    }

    /// The URL requests go to (scheme, host, optional port and base path).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Headers every request to this endpoint carries.
    pub fn headers(&self) -> &SortedMap<Vec<String>> {
        &self.headers
    }

    /// The endpoint's properties, such as `authSchemes`.
    pub fn properties(&self) -> &SortedMap<Value> {
        &self.properties
    }

    /// The first entry of the `authSchemes` property whose `name` is `scheme` (e.g. `sigv4`):
    /// its `signingName`, `signingRegion`, ... adjust how requests are signed.
    pub fn auth_scheme(&self, scheme: &str) -> Option<&SortedMap<Value>> {
        let Some(Value::Array(schemes)) = self.properties.get("authSchemes") else {
            return None;
        };
        schemes
            .iter()
            .filter_map(Value::as_record)
            .find(|entry| entry.get("name").and_then(Value::as_str) == Some(scheme))
    }
}

/// Why no endpoint could be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// An error rule of the rule set matched; this is its message, e.g.
    /// `Invalid Configuration: Missing Region`.
    Rule(String),
    /// No rule matched (the rule set, or a tree of it, was exhausted).
    NoRuleMatched,
    /// The client has no rule set, and what is configured cannot be honoured without one.
    NoRuleSet(&'static str),
    /// A required parameter has no value and no default.
    MissingParameter(&'static str),
    /// A parameter's value is of the wrong type.
    InvalidParameter {
        /// The parameter.
        name: String,
        /// The type it must have.
        expected: &'static str,
    },
    /// A value was given for a parameter the rule set does not declare.
    UnknownParameter(String),
    /// A rule calls a function this engine does not implement.
    UnknownFunction(&'static str),
    /// A function was called with arguments it cannot take.
    InvalidArgument {
        /// The function.
        function: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A rule refers to a name that is neither a parameter nor assigned before.
    UnboundReference(String),
    /// A template string cannot be expanded.
    InvalidTemplate {
        /// The template.
        template: &'static str,
        /// Why.
        reason: String,
    },
    /// An endpoint's URL, header or error message is not a string.
    NotAString(&'static str),
    /// A value an endpoint or an error is made of (a property, an array item, a record
    /// member) is unset.
    UnsetValue(&'static str),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rule(message) => f.write_str(message),
            Self::NoRuleMatched => f.write_str("no endpoint rule matched the parameters"),
            Self::NoRuleSet(reason) => write!(f, "no endpoint rule set: {reason}"),
            Self::MissingParameter(name) => write!(f, "endpoint parameter `{name}` is required"),
            Self::InvalidParameter { name, expected } => {
                write!(f, "endpoint parameter `{name}` must be {expected}")
            }
            Self::UnknownParameter(name) => {
                write!(f, "the rule set has no endpoint parameter `{name}`")
            }
            Self::UnknownFunction(name) => {
                write!(
                    f,
                    "the endpoint rules call `{name}`, which is not supported"
                )
            }
            Self::InvalidArgument { function, reason } => {
                write!(f, "endpoint rule function `{function}`: {reason}")
            }
            Self::UnboundReference(name) => {
                write!(
                    f,
                    "the endpoint rules refer to `{name}`, which is not defined"
                )
            }
            Self::InvalidTemplate { template, reason } => {
                write!(f, "endpoint rule template {template:?}: {reason}")
            }
            Self::NotAString(what) => write!(f, "the endpoint's {what} is not a string"),
            Self::UnsetValue(what) => write!(f, "an endpoint rule's {what} has no value"),
        }
    }
}

impl std::error::Error for EndpointError {}
