//! Endpoint resolution: the service's rule set (`smithy.rules#endpointRuleSet`) and the AWS
//! partition table become static data in the client crate (`src/endpoint.rs`), which
//! `connect_runtime::endpoint` walks; the service's endpoint test cases
//! (`smithy.rules#endpointTests`) become `tests/endpoint_rules.rs`, one test each.
//!
//! The data is Rust, not embedded JSON: nothing is parsed when a client is made, and a rule
//! set the engine could not read fails here, at generation, with the JSON path of the problem.

use super::crates::Files;
use super::region_regex;
use super::Plan;
use crate::ir::naming::{self, crate_ident};
use crate::model::{sha256_hex, ModelError};
use crate::render::{inner_docs, rust_file};
use crate::GenerateError;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const RULE_SET_TRAIT: &str = "smithy.rules#endpointRuleSet";
const TESTS_TRAIT: &str = "smithy.rules#endpointTests";

/// The built-in parameters the runtime's client binds to its configuration. A required parameter without a default must be one of them, or no call
/// could ever resolve an endpoint.
const CLIENT_BUILT_INS: &[&str] = &[
    "AWS::Region",
    "AWS::UseFIPS",
    "AWS::UseDualStack",
    "SDK::Endpoint",
];

/// The AWS partition table (`partitions.json`, as botocore and the Smithy rules engine ship
/// it): for each partition, its regions, its region regex and what `aws.partition` returns.
pub struct Partitions {
    /// The file it was read from, for messages.
    pub file: PathBuf,
    /// The sha256 of the file, written into the generated data.
    pub sha256: String,
    /// The table's own version, e.g. `1.1`.
    pub version: String,
    partitions: Vec<PartitionEntry>,
}

struct PartitionEntry {
    id: String,
    /// The pieces of its `regionRegex`.
    region_pattern: Vec<region_regex::Piece>,
    /// Regions by name, with the outputs that differ for them.
    regions: Vec<(String, Vec<(String, Constant)>)>,
    outputs: Vec<(String, Constant)>,
}

/// A string, boolean or string-array constant.
enum Constant {
    String(String),
    Boolean(bool),
    StringArray(Vec<String>),
}

impl Constant {
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(text) => Some(Self::String(text.clone())),
            Value::Bool(value) => Some(Self::Boolean(*value)),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Self::StringArray),
            _ => None,
        }
    }

    fn tokens(&self) -> TokenStream {
        match self {
            Self::String(text) => quote! { Literal::String(#text) },
            Self::Boolean(value) => quote! { Literal::Boolean(#value) },
            Self::StringArray(items) => quote! { Literal::StringArray(&[#(#items),*]) },
        }
    }
}

impl Partitions {
    /// Reads and checks the partition table at `path`.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path)
            .map_err(|error| partition_error(path, "", format!("cannot read: {error}")))?;
        Self::parse(path, &bytes)
    }

    /// Parses partition table `bytes`; `file` names them in errors.
    pub fn parse(file: &Path, bytes: &[u8]) -> Result<Self, ModelError> {
        let error = |path: &str, problem: String| partition_error(file, path, problem);
        let json: Value =
            serde_json::from_slice(bytes).map_err(|e| error("", format!("not valid JSON: {e}")))?;
        let version = json
            .get("version")
            .and_then(Value::as_str)
            .ok_or_else(|| error("$.version", "expected a string".into()))?
            .to_owned();
        let list = json
            .get("partitions")
            .and_then(Value::as_array)
            .ok_or_else(|| error("$.partitions", "expected an array".into()))?;
        let mut partitions = Vec::new();
        for (i, partition) in list.iter().enumerate() {
            let at = format!("$.partitions[{i}]");
            let field = |key: &str| {
                partition
                    .get(key)
                    .ok_or_else(|| error(&at, format!("missing `{key}`")))
            };
            let string = |key: &str| {
                field(key)?
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| error(&format!("{at}.{key}"), "expected a string".into()))
            };
            let object = |key: &str| {
                field(key)?
                    .as_object()
                    .ok_or_else(|| error(&format!("{at}.{key}"), "expected an object".into()))
            };
            let id = string("id")?;
            let region_regex = string("regionRegex")?;
            let region_pattern = region_regex::parse(&region_regex).map_err(|problem| {
                error(
                    &format!("{at}.regionRegex"),
                    format!("cannot match the region regex {region_regex:?}: {problem}"),
                )
            })?;
            let outputs = constants(object("outputs")?, &[], &format!("{at}.outputs"), file)?;
            let mut regions = Vec::new();
            for (name, region) in object("regions")? {
                let region_at = format!("{at}.regions[{name:?}]");
                let region = region
                    .as_object()
                    .ok_or_else(|| error(&region_at, "expected an object".into()))?;
                // The description is for people; everything else overrides an output.
                let overrides = constants(region, &["description"], &region_at, file)?;
                regions.push((name.clone(), overrides));
            }
            partitions.push(PartitionEntry {
                id,
                region_pattern,
                regions,
                outputs,
            });
        }
        Ok(Self {
            file: file.to_path_buf(),
            sha256: sha256_hex(bytes),
            version,
            partitions,
        })
    }
}

fn partition_error(file: &Path, path: &str, problem: String) -> ModelError {
    ModelError {
        file: file.to_path_buf(),
        shape: None,
        path: path.to_owned(),
        problem,
    }
}

/// The members of `object` but `skip`, each a constant.
fn constants(
    object: &Map<String, Value>,
    skip: &[&str],
    at: &str,
    file: &Path,
) -> Result<Vec<(String, Constant)>, ModelError> {
    object
        .iter()
        .filter(|(key, _)| !skip.contains(&key.as_str()))
        .map(|(key, value)| {
            let constant = Constant::from_json(value).ok_or_else(|| {
                partition_error(
                    file,
                    &format!("{at}.{key}"),
                    "expected a string, a boolean or an array of strings".into(),
                )
            })?;
            Ok((key.clone(), constant))
        })
        .collect()
}

/// Whether the service has endpoint rules (a service without them, such as the protocol test
/// services, sends to the configured endpoint URL).
pub fn has_rules(plan: &Plan) -> bool {
    plan.index
        .model()
        .service_shape()
        .traits
        .endpoint_rule_set
        .is_some()
}

/// Writes the client crate's `src/endpoint.rs` and `tests/endpoint_rules.rs` into `files`.
pub fn endpoint_files(
    plan: &Plan,
    partitions: &Partitions,
    files: &mut Files,
) -> Result<(), GenerateError> {
    let service = plan.index.model().service_shape();
    let header = &plan.header;
    let error = |problem: String| GenerateError::new(&service.id, problem);
    let rule_set = service
        .traits
        .endpoint_rule_set
        .as_ref()
        .ok_or_else(|| error(format!("the service has no `{RULE_SET_TRAIT}` trait")))?;
    let mut reader = RuleSetReader {
        service: &service.id,
        parameters: Vec::new(),
        scope: Vec::new(),
    };
    let (rule_set_tokens, parameter_docs) = reader.rule_set(rule_set)?;
    let partition_tokens = partitions.partitions.iter().map(|partition| {
        let PartitionEntry {
            id,
            region_pattern,
            regions,
            outputs,
        } = partition;
        let names = regions.iter().map(|(name, _)| name);
        let overrides = regions
            .iter()
            .filter(|(_, overrides)| !overrides.is_empty())
            .map(|(name, overrides)| {
                let overrides = pairs(overrides);
                quote! { (#name, &[#overrides]) }
            });
        let outputs = pairs(outputs);
        let region_pattern = region_regex::tokens(region_pattern);
        quote! {
            Partition {
                id: #id,
                region_pattern: #region_pattern,
                regions: &[#(#names),*],
                outputs: &[#outputs],
                region_overrides: &[#(#overrides),*],
            }
        }
    });
    let module_docs = inner_docs(&format!(
        "How `Client` finds the endpoint of a request: the model's endpoint rule set and the AWS \
         partition table, as static data that `connect_runtime::endpoint` walks.\n\n\
         The partition table is `partitions.json` version {} (sha256 {}).",
        partitions.version, partitions.sha256
    ));
    let rule_set_docs = inner_lines(&format!(
        "The endpoint rule set of the model (`{RULE_SET_TRAIT}`).\n\nParameters:\n\n{}",
        parameter_docs.join("\n")
    ));
    let data = quote! {
        #module_docs

        pub use connect_runtime::endpoint::{Endpoint, EndpointError, Params, Resolver, Value};
        use connect_runtime::endpoint::{
            Condition, EndpointSpec, Expr, Literal, Outcome, Parameter, ParameterType,
            Partition, RegionPattern, RegionPiece, Rule, RuleSet,
        };

        /// The rule set and partition table `Client` resolves endpoints with.
        pub static RESOLVER: Resolver = Resolver {
            rule_set: &RULE_SET,
            partitions: PARTITIONS,
        };

        #rule_set_docs
        pub static RULE_SET: RuleSet = #rule_set_tokens;

        /// The AWS partitions: the regions each lists, the pattern of the others (its
        /// `regionRegex`), and what `aws.partition` returns for them.
        pub static PARTITIONS: &[Partition] = &[#(#partition_tokens),*];
    };
    let dir = plan.layout.sdk();
    let data_path = format!("{dir}/src/endpoint.rs");
    files.insert(data_path.clone(), rust_file(header, &data_path, data)?);
    let tests = service
        .traits
        .endpoint_tests
        .as_ref()
        .ok_or_else(|| error(format!("the service has no `{TESTS_TRAIT}` trait")))?;
    let sdk = crate_ident(&plan.index.packages().sdk());
    let tests = endpoint_tests(&service.id, &sdk, tests)?;
    let tests_path = format!("{dir}/tests/endpoint_rules.rs");
    files.insert(tests_path.clone(), rust_file(header, &tests_path, tests)?);
    Ok(())
}

/// `#[doc]` attributes for an item.
fn inner_lines(markdown: &str) -> TokenStream {
    let lines = markdown.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

fn pairs(pairs: &[(String, Constant)]) -> TokenStream {
    let pairs = pairs.iter().map(|(key, value)| {
        let value = value.tokens();
        quote! { (#key, #value) }
    });
    quote! { #(#pairs),* }
}

/// Reads a rule set's JSON into tokens, checking its structure and that every reference names
/// a parameter or a value assigned before it, in scope.
struct RuleSetReader<'a> {
    service: &'a str,
    parameters: Vec<String>,
    /// Names assigned by the conditions of the rules being read, innermost last.
    scope: Vec<String>,
}

/// Where an expression stands: objects are records only among endpoint properties.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Argument,
    Property,
}

impl RuleSetReader<'_> {
    fn error(&self, at: &str, problem: impl Into<String>) -> GenerateError {
        GenerateError::new(
            self.service,
            format!("{RULE_SET_TRAIT} at {at}: {}", problem.into()),
        )
    }

    fn object<'v>(
        &self,
        value: &'v Value,
        at: &str,
    ) -> Result<&'v Map<String, Value>, GenerateError> {
        value
            .as_object()
            .ok_or_else(|| self.error(at, "expected an object"))
    }

    fn array<'v>(&self, value: &'v Value, at: &str) -> Result<&'v [Value], GenerateError> {
        value
            .as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| self.error(at, "expected an array"))
    }

    fn string<'v>(&self, value: &'v Value, at: &str) -> Result<&'v str, GenerateError> {
        value
            .as_str()
            .ok_or_else(|| self.error(at, "expected a string"))
    }

    fn field<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
        at: &str,
    ) -> Result<&'v Value, GenerateError> {
        object
            .get(key)
            .ok_or_else(|| self.error(at, format!("missing `{key}`")))
    }

    /// The rule set, and a Markdown line documenting each parameter.
    fn rule_set(&mut self, json: &Value) -> Result<(TokenStream, Vec<String>), GenerateError> {
        let at = "$";
        let object = self.object(json, at)?;
        let version = self.string(self.field(object, "version", at)?, "$.version")?;
        let parameters = self.object(self.field(object, "parameters", at)?, "$.parameters")?;
        let mut parameter_tokens = Vec::new();
        let mut docs = Vec::new();
        for (name, parameter) in parameters {
            let at = format!("$.parameters.{name}");
            let (tokens, doc) = self.parameter(name, parameter, &at)?;
            parameter_tokens.push(tokens);
            docs.push(doc);
            self.parameters.push(name.clone());
        }
        let rules = self.rules(self.field(object, "rules", at)?, "$.rules")?;
        let tokens = quote! {
            RuleSet {
                version: #version,
                parameters: &[#(#parameter_tokens),*],
                rules: #rules,
            }
        };
        Ok((tokens, docs))
    }

    fn parameter(
        &self,
        name: &str,
        json: &Value,
        at: &str,
    ) -> Result<(TokenStream, String), GenerateError> {
        let object = self.object(json, at)?;
        let kind_name = self.string(self.field(object, "type", at)?, &format!("{at}.type"))?;
        let (kind, matches): (TokenStream, fn(&Constant) -> bool) =
            match kind_name.to_ascii_lowercase().as_str() {
                "string" => (quote! { ParameterType::String }, |c| {
                    matches!(c, Constant::String(_))
                }),
                "boolean" => (quote! { ParameterType::Boolean }, |c| {
                    matches!(c, Constant::Boolean(_))
                }),
                "stringarray" => (quote! { ParameterType::StringArray }, |c| {
                    matches!(c, Constant::StringArray(_))
                }),
                other => {
                    return Err(self.error(
                        &format!("{at}.type"),
                        format!("unknown parameter type {other:?}"),
                    ))
                }
            };
        let built_in = object
            .get("builtIn")
            .map(|value| self.string(value, &format!("{at}.builtIn")))
            .transpose()?;
        let required = match object.get("required") {
            None => false,
            Some(value) => value
                .as_bool()
                .ok_or_else(|| self.error(&format!("{at}.required"), "expected a boolean"))?,
        };
        let default = object
            .get("default")
            .map(|value| {
                Constant::from_json(value).filter(matches).ok_or_else(|| {
                    self.error(&format!("{at}.default"), format!("expected {kind_name}"))
                })
            })
            .transpose()?;
        if required && default.is_none() && !built_in.is_some_and(|b| CLIENT_BUILT_INS.contains(&b))
        {
            return Err(self.error(
                at,
                "a required parameter without a default must be bound to a built-in the client \
                 sets (AWS::Region, AWS::UseFIPS, AWS::UseDualStack or SDK::Endpoint)",
            ));
        }
        let built_in_tokens = match built_in {
            Some(built_in) => quote! { Some(#built_in) },
            None => quote! { None },
        };
        let default_tokens = match &default {
            Some(constant) => {
                let constant = constant.tokens();
                quote! { Some(#constant) }
            }
            None => quote! { None },
        };
        let documentation = object
            .get("documentation")
            .and_then(Value::as_str)
            .unwrap_or("(undocumented)");
        let binding = built_in
            .map(|b| format!(", built-in `{b}`"))
            .unwrap_or_default();
        let doc = format!("- `{name}` ({kind_name}{binding}): {documentation}");
        let tokens = quote! {
            Parameter {
                name: #name,
                kind: #kind,
                built_in: #built_in_tokens,
                required: #required,
                default: #default_tokens,
            }
        };
        Ok((tokens, doc))
    }

    fn rules(&mut self, json: &Value, at: &str) -> Result<TokenStream, GenerateError> {
        let rules = self
            .array(json, at)?
            .iter()
            .enumerate()
            .map(|(i, rule)| self.rule(rule, &format!("{at}[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(quote! { &[#(#rules),*] })
    }

    fn rule(&mut self, json: &Value, at: &str) -> Result<TokenStream, GenerateError> {
        let object = self.object(json, at)?;
        let kind = self.string(self.field(object, "type", at)?, &format!("{at}.type"))?;
        let depth = self.scope.len();
        let conditions = match object.get("conditions") {
            Some(conditions) => {
                let conditions_at = format!("{at}.conditions");
                self.array(conditions, &conditions_at)?
                    .iter()
                    .enumerate()
                    .map(|(i, condition)| {
                        self.condition(condition, &format!("{conditions_at}[{i}]"))
                    })
                    .collect::<Result<Vec<_>, _>>()?
            }
            None => Vec::new(),
        };
        let outcome = match kind {
            "endpoint" => {
                let endpoint_at = format!("{at}.endpoint");
                let endpoint = self.endpoint(self.field(object, "endpoint", at)?, &endpoint_at)?;
                quote! { Outcome::Endpoint(#endpoint) }
            }
            "error" => {
                let message = self.expr(
                    self.field(object, "error", at)?,
                    &format!("{at}.error"),
                    Place::Argument,
                )?;
                quote! { Outcome::Error(#message) }
            }
            "tree" => {
                let rules = self.rules(self.field(object, "rules", at)?, &format!("{at}.rules"))?;
                quote! { Outcome::Tree(#rules) }
            }
            other => {
                return Err(self.error(
                    &format!("{at}.type"),
                    format!("unknown rule type {other:?}"),
                ))
            }
        };
        self.scope.truncate(depth);
        Ok(quote! {
            Rule {
                conditions: &[#(#conditions),*],
                outcome: #outcome,
            }
        })
    }

    fn condition(&mut self, json: &Value, at: &str) -> Result<TokenStream, GenerateError> {
        let object = self.object(json, at)?;
        let (function, args) = self.call(object, at)?;
        let assign = match object.get("assign") {
            Some(name) => {
                let name = self.string(name, &format!("{at}.assign"))?;
                if self
                    .parameters
                    .iter()
                    .chain(&self.scope)
                    .any(|bound| bound == name)
                {
                    return Err(self.error(
                        &format!("{at}.assign"),
                        format!("`{name}` is already a parameter or assigned in scope"),
                    ));
                }
                self.scope.push(name.to_owned());
                quote! { Some(#name) }
            }
            None => quote! { None },
        };
        Ok(quote! {
            Condition {
                function: #function,
                args: #args,
                assign: #assign,
            }
        })
    }

    /// The function name and argument tokens of a `{"fn": .., "argv": [..]}` object.
    fn call(
        &self,
        object: &Map<String, Value>,
        at: &str,
    ) -> Result<(String, TokenStream), GenerateError> {
        let function = self.string(self.field(object, "fn", at)?, &format!("{at}.fn"))?;
        let argv_at = format!("{at}.argv");
        let args = self
            .array(self.field(object, "argv", at)?, &argv_at)?
            .iter()
            .enumerate()
            .map(|(i, arg)| self.expr(arg, &format!("{argv_at}[{i}]"), Place::Argument))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((function.to_owned(), quote! { &[#(#args),*] }))
    }

    fn endpoint(&self, json: &Value, at: &str) -> Result<TokenStream, GenerateError> {
        let object = self.object(json, at)?;
        let url = self.expr(
            self.field(object, "url", at)?,
            &format!("{at}.url"),
            Place::Argument,
        )?;
        let mut properties = Vec::new();
        if let Some(json) = object.get("properties") {
            let properties_at = format!("{at}.properties");
            for (name, value) in self.object(json, &properties_at)? {
                let value =
                    self.expr(value, &format!("{properties_at}.{name}"), Place::Property)?;
                properties.push(quote! { (#name, #value) });
            }
        }
        let mut headers = Vec::new();
        if let Some(json) = object.get("headers") {
            let headers_at = format!("{at}.headers");
            for (name, values) in self.object(json, &headers_at)? {
                let values_at = format!("{headers_at}.{name}");
                let values = self
                    .array(values, &values_at)?
                    .iter()
                    .enumerate()
                    .map(|(i, value)| {
                        self.expr(value, &format!("{values_at}[{i}]"), Place::Argument)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                headers.push(quote! { (#name, &[#(#values),*]) });
            }
        }
        Ok(quote! {
            EndpointSpec {
                url: #url,
                properties: &[#(#properties),*],
                headers: &[#(#headers),*],
            }
        })
    }

    fn expr(&self, json: &Value, at: &str, place: Place) -> Result<TokenStream, GenerateError> {
        Ok(match json {
            Value::String(text) => quote! { Expr::String(#text) },
            Value::Bool(value) => quote! { Expr::Boolean(#value) },
            Value::Number(number) => {
                let value = number
                    .as_i64()
                    .ok_or_else(|| self.error(at, "only integers are supported"))?;
                let value = Literal::i64_unsuffixed(value);
                quote! { Expr::Integer(#value) }
            }
            Value::Array(items) => {
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.expr(item, &format!("{at}[{i}]"), place))
                    .collect::<Result<Vec<_>, _>>()?;
                quote! { Expr::Array(&[#(#items),*]) }
            }
            Value::Object(object) if object.contains_key("ref") => {
                let name = self.string(&object["ref"], &format!("{at}.ref"))?;
                if !self
                    .parameters
                    .iter()
                    .chain(&self.scope)
                    .any(|bound| bound == name)
                {
                    return Err(self.error(
                        at,
                        format!("`{name}` is neither a parameter nor assigned before, in scope"),
                    ));
                }
                quote! { Expr::Ref(#name) }
            }
            Value::Object(object) if object.contains_key("fn") => {
                let (function, args) = self.call(object, at)?;
                quote! { Expr::Call { function: #function, args: #args } }
            }
            Value::Object(object) if place == Place::Property => {
                let members = object
                    .iter()
                    .map(|(name, value)| {
                        let value = self.expr(value, &format!("{at}.{name}"), place)?;
                        Ok(quote! { (#name, #value) })
                    })
                    .collect::<Result<Vec<_>, GenerateError>>()?;
                quote! { Expr::Record(&[#(#members),*]) }
            }
            Value::Object(_) => {
                return Err(self.error(at, "expected a string, boolean, array, `ref` or `fn`"))
            }
            Value::Null => return Err(self.error(at, "null is not an expression")),
        })
    }
}

/// What the generated tests name beyond `Params` and `EndpointError`.
#[derive(Default)]
struct Needs {
    value: bool,
    map: bool,
}

/// The endpoint test cases as a test file: each case's parameters are resolved with the
/// generated rule set and compared with the expected URL, headers and properties, or error.
fn endpoint_tests(
    service: &str,
    sdk: &proc_macro2::Ident,
    json: &Value,
) -> Result<TokenStream, GenerateError> {
    let error = |at: &str, problem: &str| {
        GenerateError::new(service, format!("{TESTS_TRAIT} at {at}: {problem}"))
    };
    let cases = json
        .get("testCases")
        .and_then(Value::as_array)
        .ok_or_else(|| error("$.testCases", "expected an array"))?;
    let mut names = BTreeSet::new();
    let mut needs = Needs::default();
    let mut tests = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let at = format!("$.testCases[{i}]");
        let documentation = case
            .get("documentation")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Endpoint test case {i}"));
        let name = test_name(&documentation, &mut names);
        let mut params = Vec::new();
        if let Some(given) = case.get("params") {
            let given = given
                .as_object()
                .ok_or_else(|| error(&format!("{at}.params"), "expected an object"))?;
            for (param, value) in given {
                let value = value_tokens(value, &mut needs)
                    .ok_or_else(|| error(&format!("{at}.params.{param}"), "expected a value"))?;
                params.push(quote! { .set(#param, #value) });
            }
        }
        let expect = case
            .get("expect")
            .and_then(Value::as_object)
            .ok_or_else(|| error(&format!("{at}.expect"), "expected an object"))?;
        let check = if let Some(message) = expect.get("error") {
            let message = message
                .as_str()
                .ok_or_else(|| error(&format!("{at}.expect.error"), "expected a string"))?;
            quote! {
                assert_eq!(
                    RESOLVER.resolve(&params),
                    Err(EndpointError::Rule(#message.to_owned()))
                );
            }
        } else if let Some(endpoint) = expect.get("endpoint") {
            endpoint_check(
                endpoint,
                &format!("{at}.expect.endpoint"),
                &error,
                &mut needs,
            )?
        } else {
            return Err(error(
                &format!("{at}.expect"),
                "expected `error` or `endpoint`",
            ));
        };
        let doc = format!(" {documentation}");
        tests.push(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let params = Params::new() #(#params)*;
                #check
            }
        });
    }
    let docs = inner_docs(&format!(
        "The endpoint test cases of the model (`{TESTS_TRAIT}`), each resolved with the \
         generated rule set and partition table."
    ));
    let runtime = super::paths::runtime();
    let map_import = needs.map.then(|| quote! { use #runtime::SortedMap; });
    let value_import = needs.value.then(|| quote! { Value, });
    Ok(quote! {
        #docs

        use #sdk::endpoint::{EndpointError, Params, #value_import RESOLVER};
        #map_import

        #(#tests)*
    })
}

fn endpoint_check(
    endpoint: &Value,
    at: &str,
    error: &impl Fn(&str, &str) -> GenerateError,
    needs: &mut Needs,
) -> Result<TokenStream, GenerateError> {
    let url = endpoint
        .get("url")
        .and_then(Value::as_str)
        .ok_or_else(|| error(&format!("{at}.url"), "expected a string"))?;
    let mut checks = vec![quote! { assert_eq!(endpoint.url(), #url); }];
    if let Some(headers) = endpoint.get("headers") {
        let headers = headers
            .as_object()
            .ok_or_else(|| error(&format!("{at}.headers"), "expected an object"))?;
        let entries = headers
            .iter()
            .map(|(name, values)| {
                let values = values
                    .as_array()
                    .and_then(|values| values.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
                    .ok_or_else(|| error(&format!("{at}.headers.{name}"), "expected strings"))?;
                Ok(quote! { (#name.to_owned(), vec![#(#values.to_owned()),*]) })
            })
            .collect::<Result<Vec<_>, GenerateError>>()?;
        needs.map = true;
        checks.push(quote! {
            let headers = SortedMap::from([#(#entries),*]);
            assert_eq!(endpoint.headers(), &headers);
        });
    }
    if let Some(properties) = endpoint.get("properties") {
        let properties = properties
            .as_object()
            .ok_or_else(|| error(&format!("{at}.properties"), "expected an object"))?;
        needs.map = true;
        let entries = properties
            .iter()
            .map(|(name, value)| {
                let value = nested_value(value, needs)
                    .ok_or_else(|| error(&format!("{at}.properties.{name}"), "expected a value"))?;
                Ok(quote! { (#name.to_owned(), #value) })
            })
            .collect::<Result<Vec<_>, GenerateError>>()?;
        checks.push(quote! {
            let properties = SortedMap::from([#(#entries),*]);
            assert_eq!(endpoint.properties(), &properties);
        });
    }
    Ok(quote! {
        let endpoint = RESOLVER
            .resolve(&params)
            .unwrap_or_else(|error| panic!("no endpoint: {error}"));
        #(#checks)*
    })
}

/// A JSON value as a `connect_runtime::endpoint::Value` expression (strings and booleans
/// directly, as `Params::set` takes them; nested values spelled out).
fn value_tokens(json: &Value, needs: &mut Needs) -> Option<TokenStream> {
    Some(match json {
        Value::String(text) => quote! { #text },
        Value::Bool(value) => quote! { #value },
        other => nested_value(other, needs)?,
    })
}

fn nested_value(json: &Value, needs: &mut Needs) -> Option<TokenStream> {
    needs.value = true;
    Some(match json {
        Value::String(text) => quote! { Value::String(#text.to_owned()) },
        Value::Bool(value) => quote! { Value::Boolean(#value) },
        Value::Number(number) => {
            let value = Literal::i64_unsuffixed(number.as_i64()?);
            quote! { Value::Integer(#value) }
        }
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| nested_value(item, needs))
                .collect::<Option<Vec<_>>>()?;
            quote! { Value::Array(vec![#(#items),*]) }
        }
        Value::Object(members) => {
            needs.map = true;
            let members = members
                .iter()
                .map(|(name, value)| {
                    let value = nested_value(value, needs)?;
                    Some(quote! { (#name.to_owned(), #value) })
                })
                .collect::<Option<Vec<_>>>()?;
            quote! { Value::Record(SortedMap::from([#(#members),*])) }
        }
        Value::Null => return None,
    })
}

/// A test function name from a test case's documentation, unique among `taken`.
fn test_name(documentation: &str, taken: &mut BTreeSet<String>) -> proc_macro2::Ident {
    let snake: String = naming::snake(documentation)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let base = if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("case_{snake}")
    } else {
        snake
    };
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    naming::field(&name)
}
