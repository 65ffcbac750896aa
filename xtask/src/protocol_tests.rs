//! The AWS protocol test suites, as botocore ships them (`../shared/conformance/protocol-tests`,
//! described in its README), converted into Smithy 2.0 JSON AST models: one service per
//! protocol, merging the request and answer files, so that the generator can generate each
//! like any service model.
//!
//! Botocore's shape format is a lossy form of Smithy's, and what it lost stays lost here:
//! Smithy's `byte`, `short` and `intEnum` shapes arrive as `integer` and stay `integer`;
//! defaults are not recorded. Each suite defines its own shapes: a name that several suites
//! define must mean the same shape in all of them.
//!
//! Every botocore key is either mapped to Smithy, or listed in [`IGNORED_KEYS`] (it carries
//! nothing for Smithy 2), or an error naming the suite and the shape: a key this converter does
//! not know is noticed, never dropped.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;
use std::path::Path;

/// The two files of one protocol, parsed: the requests (`input/`) and the answers (`output/`).
#[derive(Clone, Debug)]
pub struct Suites {
    pub input: Value,
    pub output: Value,
}

/// A protocol whose suites can be converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
}

impl Protocol {
    /// Every protocol, in the order `cargo xtask protocol-models` writes them.
    pub const ALL: [Protocol; 3] = [
        Protocol::RestJson1,
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
    ];

    /// The name of this protocol's files in botocore's `input/` and `output/` folders.
    pub fn suite_file(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "rest-json.json",
            Protocol::AwsJson1_0 => "json_1_0.json",
            Protocol::AwsJson1_1 => "json.json",
        }
    }

    /// The file `cargo xtask protocol-models` writes the converted model to.
    pub fn model_file(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "restjson.json",
            Protocol::AwsJson1_0 => "json10.json",
            Protocol::AwsJson1_1 => "json11.json",
        }
    }

    fn is_rest(self) -> bool {
        self == Protocol::RestJson1
    }

    /// The service, named as in Smithy's `aws.protocoltests.*` models that the suites come from.
    fn service(self) -> Service {
        match self {
            Protocol::RestJson1 => Service {
                namespace: "aws.protocoltests.restjson",
                name: "RestJson",
                protocol_trait: "aws.protocols#restJson1",
                sdk_id: "Rest Json Protocol",
                endpoint_prefix: "restjson",
                title: "Sample Rest Json Protocol Service",
                botocore_protocol: "rest-json",
                json_version: None,
            },
            Protocol::AwsJson1_0 => Service {
                namespace: "aws.protocoltests.json10",
                name: "JsonRpc10",
                protocol_trait: "aws.protocols#awsJson1_0",
                sdk_id: "Json Rpc 10",
                endpoint_prefix: "jsonrpc10",
                title: "Sample Json 1.0 Protocol Service",
                botocore_protocol: "json",
                json_version: Some("1.0"),
            },
            Protocol::AwsJson1_1 => Service {
                namespace: "aws.protocoltests.json",
                name: "JsonProtocol",
                protocol_trait: "aws.protocols#awsJson1_1",
                sdk_id: "Json Protocol",
                endpoint_prefix: "jsonprotocol",
                title: "Sample Json 1.1 Protocol Service",
                botocore_protocol: "json",
                json_version: Some("1.1"),
            },
        }
    }
}

/// The service shape of one protocol and what its suites' metadata must say.
struct Service {
    namespace: &'static str,
    /// For the JSON protocols also the suites' `targetPrefix`: Smithy derives `X-Amz-Target`
    /// from the service name.
    name: &'static str,
    protocol_trait: &'static str,
    sdk_id: &'static str,
    /// Also the sigv4 signing name.
    endpoint_prefix: &'static str,
    title: &'static str,
    /// The suites' `metadata.protocol`.
    botocore_protocol: &'static str,
    /// The suites' `metadata.jsonVersion`, for the JSON protocols.
    json_version: Option<&'static str>,
}

/// Reads `dir/input/<file>` and `dir/output/<file>` of `protocol`.
pub fn load(dir: &Path, protocol: Protocol) -> Result<Suites, String> {
    let read = |folder: &str| -> Result<Value, String> {
        let path = dir.join(folder).join(protocol.suite_file());
        let bytes = std::fs::read(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        serde_json::from_slice(&bytes)
            .map_err(|error| format!("{}: not valid JSON: {error}", path.display()))
    };
    Ok(Suites {
        input: read("input")?,
        output: read("output")?,
    })
}

/// The Smithy 2.0 JSON AST of `protocol`'s service, from its suites.
pub fn convert(protocol: Protocol, suites: &Suites) -> Result<Value, String> {
    let service = protocol.service();
    let read = read_suites(&service, suites)?;
    let mut operations = read
        .givens
        .values()
        .map(|givens| merge_operation(givens))
        .collect::<Result<Vec<_>, _>>()?;
    let mut converter = Converter {
        protocol,
        namespace: service.namespace,
        botocore: &read.shapes,
        json_values: BTreeSet::new(),
    };
    let mut shapes = converter.shapes()?;
    assign_io(&mut operations, &read.shapes, &mut shapes)?;
    for operation in &operations {
        let shape = operation_shape(protocol, service.namespace, operation, &shapes)?;
        insert_new(&mut shapes, operation.name, shape)
            .map_err(|error| operation.at().error(error))?;
    }
    let roots = operations.iter().map(|operation| operation.name.to_owned());
    keep_reachable(service.namespace, roots.collect(), &mut shapes);
    let service_shape = service_shape(&service, &read.version, &operations);
    insert_new(&mut shapes, service.name, service_shape)?;
    let shapes: Map<String, Value> = shapes
        .into_iter()
        .map(|(name, shape)| (format!("{}#{name}", service.namespace), shape))
        .collect();
    Ok(json!({ "smithy": "2.0", "shapes": shapes }))
}

// Smithy trait ids.
const API: &str = "smithy.api#";
const UNIT: &str = "smithy.api#Unit";

fn trait_id(name: &str) -> String {
    format!("{API}{name}")
}

/// Botocore keys that carry nothing for Smithy 2. `box` is Smithy 1's nullability hint: a
/// Smithy 2 member is optional unless `required` (or defaulted, which botocore does not
/// record). `wrapper` marks the query protocols' XML wrapper elements: nothing in JSON.
const IGNORED_KEYS: &[&str] = &["box", "wrapper"];

/// Keys of a suite; `clientEndpoint` is the endpoint the test client uses, not the model's.
const SUITE_KEYS: &[&str] = &[
    "description",
    "metadata",
    "shapes",
    "cases",
    "clientEndpoint",
];
const METADATA_KEYS: &[&str] = &[
    "protocol",
    "protocols",
    "apiVersion",
    "jsonVersion",
    "targetPrefix",
];
const GIVEN_KEYS: &[&str] = &[
    "name",
    "http",
    "input",
    "output",
    "errors",
    "documentation",
    "idempotent",
    "endpoint",
    "requestcompression",
    "httpChecksumRequired",
];
/// The `given` keys every case of an operation must agree on (input, output and errors merge).
const AGREED_KEYS: &[&str] = &[
    "http",
    "documentation",
    "idempotent",
    "endpoint",
    "requestcompression",
    "httpChecksumRequired",
];
/// Keys every botocore shape may have, whatever its type.
const SHAPE_KEYS: &[&str] = &["type", "documentation", "sensitive"];
/// Keys of a reference to a shape: a list's member, a map's key or value.
const REFERENCE_KEYS: &[&str] = &["shape", "documentation", "timestampFormat", "jsonvalue"];
/// Further keys of a structure's member.
const MEMBER_KEYS: &[&str] = &["location", "locationName", "hostLabel", "idempotencyToken"];

/// The keys a botocore shape of type `kind` may have beside [`SHAPE_KEYS`]; `None` for a type
/// this converter does not know.
fn type_keys(kind: &str) -> Option<&'static [&'static str]> {
    let keys: &'static [&'static str] = match kind {
        "structure" => &[
            "members",
            "required",
            "union",
            "document",
            "exception",
            "error",
            "fault",
            "payload",
        ],
        "string" => &["enum"],
        "timestamp" => &["timestampFormat"],
        "blob" => &["streaming"],
        "list" => &["member"],
        "map" => &["key", "value"],
        "boolean" | "integer" | "long" | "float" | "double" | "bigInteger" | "bigDecimal" => &[],
        _ => return None,
    };
    Some(keys)
}

/// Where a problem is, for error messages: the suite, and the shape or case in it.
#[derive(Clone)]
struct At<'a> {
    suite: &'a str,
    place: String,
}

impl<'a> At<'a> {
    fn suite(suite: &'a str) -> Self {
        At {
            suite,
            place: String::new(),
        }
    }

    fn shape(suite: &'a str, name: &str) -> Self {
        At {
            suite,
            place: format!("shape `{name}`"),
        }
    }

    fn case(&self, id: &str) -> Self {
        At {
            suite: self.suite,
            place: format!("case `{id}`"),
        }
    }

    fn member(&self, name: &str) -> Self {
        At {
            suite: self.suite,
            place: format!("{}, member `{name}`", self.place),
        }
    }

    fn error(&self, problem: impl Display) -> String {
        if self.place.is_empty() {
            format!("suite {:?}: {problem}", self.suite)
        } else {
            format!("suite {:?}: {}: {problem}", self.suite, self.place)
        }
    }
}

/// Fails on a key of `object` that is in none of `allowed` nor in [`IGNORED_KEYS`].
fn check_keys(at: &At, object: &Map<String, Value>, allowed: &[&[&str]]) -> Result<(), String> {
    let known =
        |key: &str| IGNORED_KEYS.contains(&key) || allowed.iter().any(|keys| keys.contains(&key));
    match object.keys().find(|key| !known(key)) {
        Some(key) => Err(at.error(format!("unknown botocore key `{key}`"))),
        None => Ok(()),
    }
}

/// The string at `key`, if any; anything else there is an error.
fn string_field<'v>(
    at: &At,
    object: &'v Map<String, Value>,
    key: &str,
) -> Result<Option<&'v str>, String> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(at.error(format!("`{key}` is {other}, expected a string"))),
    }
}

fn required_string<'v>(
    at: &At,
    object: &'v Map<String, Value>,
    key: &str,
) -> Result<&'v str, String> {
    string_field(at, object, key)?.ok_or_else(|| at.error(format!("no `{key}`")))
}

fn optional_bool(at: &At, object: &Map<String, Value>, key: &str) -> Result<Option<bool>, String> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(other) => Err(at.error(format!("`{key}` is {other}, expected true or false"))),
    }
}

/// Whether the boolean at `key` is true (absent is false).
fn flag(at: &At, object: &Map<String, Value>, key: &str) -> Result<bool, String> {
    Ok(optional_bool(at, object, key)?.unwrap_or(false))
}

fn object_at<'v>(at: &At, value: &'v Value, what: &str) -> Result<&'v Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| at.error(format!("{what} is {value}, expected an object")))
}

/// Smithy's `identifier`: `_* ALPHA (ALPHA / DIGIT / _)*`.
fn is_identifier(name: &str) -> bool {
    let rest = name.trim_start_matches('_');
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn check_identifier(at: &At, what: &str, name: &str) -> Result<(), String> {
    if is_identifier(name) {
        Ok(())
    } else {
        Err(at.error(format!("{what} `{name}` is not a Smithy identifier")))
    }
}

/// A botocore shape and the first suite that defines it.
struct Source<'a> {
    suite: &'a str,
    shape: &'a Map<String, Value>,
}

impl Source<'_> {
    fn kind(&self) -> &str {
        self.shape.get("type").and_then(Value::as_str).unwrap_or("")
    }
}

/// One case's `given`: the operation as that case sees it.
#[derive(Clone)]
struct Given<'a> {
    suite: &'a str,
    case: &'a str,
    name: &'a str,
    given: &'a Map<String, Value>,
    input: Option<&'a str>,
    output: Option<&'a str>,
    errors: Vec<&'a str>,
}

impl<'a> Given<'a> {
    fn at(&self) -> At<'a> {
        At::suite(self.suite).case(self.case)
    }
}

/// What the suites of one protocol say, before conversion.
struct Read<'a> {
    version: String,
    shapes: BTreeMap<&'a str, Source<'a>>,
    /// Every case's `given`, by operation name, in file order (requests first).
    givens: BTreeMap<&'a str, Vec<Given<'a>>>,
}

fn read_suites<'a>(service: &Service, suites: &'a Suites) -> Result<Read<'a>, String> {
    let mut read = Read {
        version: String::new(),
        shapes: BTreeMap::new(),
        givens: BTreeMap::new(),
    };
    // The apiVersion, and the suite that first gave it.
    let mut version: Option<(&str, &str)> = None;
    for (file, list) in [("input", &suites.input), ("output", &suites.output)] {
        let list = list
            .as_array()
            .ok_or_else(|| format!("the {file} file is not a JSON array of suites"))?;
        for (index, suite) in list.iter().enumerate() {
            let suite = suite
                .as_object()
                .ok_or_else(|| format!("suite #{index} of the {file} file is not an object"))?;
            let description = suite
                .get("description")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("suite #{index} of the {file} file has no description"))?;
            let at = At::suite(description);
            let suite_version = read_suite(service, &at, suite, &mut read)?;
            match version {
                Some((first, from)) if first != suite_version => {
                    return Err(at.error(format!(
                        "apiVersion {suite_version:?} differs from {first:?} of suite {from:?}"
                    )))
                }
                Some(_) => {}
                None => version = Some((suite_version, description)),
            }
        }
    }
    read.version = version
        .map(|(version, _)| version.to_owned())
        .unwrap_or_default();
    if read.givens.is_empty() {
        return Err("the suites have no cases".into());
    }
    Ok(read)
}

/// Adds one suite's shapes and cases to `read`; returns its `apiVersion`.
fn read_suite<'a>(
    service: &Service,
    at: &At<'a>,
    suite: &'a Map<String, Value>,
    read: &mut Read<'a>,
) -> Result<&'a str, String> {
    check_keys(at, suite, &[SUITE_KEYS])?;
    let metadata = suite.get("metadata").unwrap_or(&Value::Null);
    let version = check_metadata(service, at, object_at(at, metadata, "`metadata`")?)?;
    let empty = &Value::Null;
    let shapes = object_at(at, suite.get("shapes").unwrap_or(empty), "`shapes`")?;
    for (name, shape) in shapes {
        add_shape(at.suite, name, shape, &mut read.shapes)?;
    }
    check_shape_references(at.suite, shapes)?;
    let cases = suite
        .get("cases")
        .and_then(Value::as_array)
        .ok_or_else(|| at.error("`cases` is not an array"))?;
    for case in cases {
        let given = read_case(at, case)?;
        check_given_references(&given, shapes)?;
        read.givens.entry(given.name).or_default().push(given);
    }
    Ok(version)
}

/// Checks that the suite's metadata is this protocol's; returns its `apiVersion`.
fn check_metadata<'a>(
    service: &Service,
    at: &At,
    metadata: &'a Map<String, Value>,
) -> Result<&'a str, String> {
    check_keys(at, metadata, &[METADATA_KEYS])?;
    let expect = |key: &str, expected: Option<&str>, why: &str| -> Result<(), String> {
        let found = string_field(at, metadata, key)?;
        if found == expected {
            return Ok(());
        }
        let show = |value: Option<&str>| value.map_or("absent".into(), |text| format!("{text:?}"));
        Err(at.error(format!(
            "metadata.{key} is {}, expected {}{why}",
            show(found),
            show(expected)
        )))
    };
    expect("protocol", Some(service.botocore_protocol), "")?;
    expect("jsonVersion", service.json_version, "")?;
    let target_why = match service.json_version {
        Some(_) => format!(
            " (the service is `{}`, and Smithy derives X-Amz-Target from the service name)",
            service.name
        ),
        None => " (restJson1 has no target prefix)".into(),
    };
    expect(
        "targetPrefix",
        service.json_version.map(|_| service.name),
        &target_why,
    )?;
    if let Some(protocols) = metadata.get("protocols") {
        let listed = protocols.as_array().is_some_and(|list| {
            list.iter()
                .any(|protocol| protocol == service.botocore_protocol)
        });
        if !listed {
            return Err(at.error(format!(
                "metadata.protocols is {protocols}, expected a list with {:?}",
                service.botocore_protocol
            )));
        }
    }
    required_string(at, metadata, "apiVersion")
}

/// Adds a suite's shape to the shapes of all suites, where a name must mean one shape.
fn add_shape<'a>(
    suite: &'a str,
    name: &'a str,
    shape: &'a Value,
    shapes: &mut BTreeMap<&'a str, Source<'a>>,
) -> Result<(), String> {
    let at = At::shape(suite, name);
    check_identifier(&at, "shape name", name)?;
    let shape = object_at(&at, shape, "the shape")?;
    match shapes.get(name) {
        Some(first) if first.shape != shape => {
            Err(at.error(format!("defined differently in suite {:?}", first.suite)))
        }
        Some(_) => Ok(()),
        None => {
            shapes.insert(name, Source { suite, shape });
            Ok(())
        }
    }
}

/// The shapes a botocore shape's members, list member, map key and value refer to; malformed
/// references are left for the conversion to report.
fn member_references(shape: &Map<String, Value>) -> Vec<&str> {
    let members = shape.get("members").and_then(Value::as_object);
    let containers = ["member", "key", "value"].map(|key| shape.get(key));
    members
        .into_iter()
        .flat_map(|members| members.values())
        .chain(containers.into_iter().flatten())
        .filter_map(|reference| reference.get("shape").and_then(Value::as_str))
        .collect()
}

/// Every shape a suite's shapes refer to is defined in the suite itself, as botocore reads it.
fn check_shape_references(suite: &str, shapes: &Map<String, Value>) -> Result<(), String> {
    for (name, shape) in shapes {
        let Some(shape) = shape.as_object() else {
            continue;
        };
        if let Some(missing) = member_references(shape)
            .into_iter()
            .find(|target| !shapes.contains_key(*target))
        {
            return Err(At::shape(suite, name).error(format!(
                "refers to `{missing}`, which the suite does not define"
            )));
        }
    }
    Ok(())
}

fn check_given_references(given: &Given, shapes: &Map<String, Value>) -> Result<(), String> {
    let references = given.input.iter().chain(&given.output).chain(&given.errors);
    match references
        .into_iter()
        .find(|name| !shapes.contains_key(**name))
    {
        Some(missing) => Err(given.at().error(format!(
            "`given` refers to `{missing}`, which the suite does not define"
        ))),
        None => Ok(()),
    }
}

fn read_case<'a>(at: &At<'a>, case: &'a Value) -> Result<Given<'a>, String> {
    let case = object_at(at, case, "a case")?;
    let id = string_field(at, case, "id")?.ok_or_else(|| at.error("a case has no `id`"))?;
    let at = at.case(id);
    let given = object_at(&at, case.get("given").unwrap_or(&Value::Null), "`given`")?;
    check_keys(&at, given, &[GIVEN_KEYS])?;
    let name = required_string(&at, given, "name")?;
    check_identifier(&at, "operation name", name)?;
    let errors = match given.get("errors") {
        None => Vec::new(),
        Some(Value::Array(errors)) => errors
            .iter()
            .map(|error| shape_reference(&at, "an error", error))
            .collect::<Result<_, _>>()?,
        Some(other) => return Err(at.error(format!("`errors` is {other}, expected a list"))),
    };
    let reference = |key: &str| {
        let value = given.get(key);
        value
            .map(|value| shape_reference(&at, key, value))
            .transpose()
    };
    Ok(Given {
        suite: at.suite,
        case: id,
        name,
        given,
        input: reference("input")?,
        output: reference("output")?,
        errors,
    })
}

/// The shape name of a `given`'s `{"shape": ...}`.
fn shape_reference<'a>(at: &At, what: &str, value: &'a Value) -> Result<&'a str, String> {
    let object = object_at(at, value, what)?;
    check_keys(at, object, &[&["shape"]])?;
    required_string(at, object, "shape")
}

/// An operation as all its cases together describe it.
struct Operation<'a> {
    name: &'a str,
    /// The first case's `given`: all cases agree on everything but input, output and errors.
    first: Given<'a>,
    /// The botocore input shape; after [`assign_io`], the operation's own input structure.
    input: Option<String>,
    output: Option<String>,
    errors: Vec<&'a str>,
}

impl<'a> Operation<'a> {
    fn at(&self) -> At<'a> {
        self.first.at()
    }

    fn io(&mut self, role: Role) -> &mut Option<String> {
        match role {
            Role::Input => &mut self.input,
            Role::Output => &mut self.output,
        }
    }
}

/// Merges the `given`s of one operation's cases: input comes from the requests, output and
/// errors from the answers (errors unioned); anything two cases both state must agree.
fn merge_operation<'a>(givens: &[Given<'a>]) -> Result<Operation<'a>, String> {
    let first = givens.first().ok_or("an operation without cases")?;
    let mut input: Option<&Given> = None;
    let mut output: Option<&Given> = None;
    let mut errors: Vec<&str> = Vec::new();
    for given in givens {
        for key in AGREED_KEYS {
            let (a, b) = (first.given.get(*key), given.given.get(*key));
            if a != b {
                return Err(disagreement(first, given, key, a, b));
            }
        }
        merge_reference(&mut input, given, |given| given.input, "input")?;
        merge_reference(&mut output, given, |given| given.output, "output")?;
        for error in &given.errors {
            if !errors.contains(error) {
                errors.push(error);
            }
        }
    }
    Ok(Operation {
        name: first.name,
        first: first.clone(),
        input: input.and_then(|given| given.input).map(str::to_owned),
        output: output.and_then(|given| given.output).map(str::to_owned),
        errors,
    })
}

/// Keeps in `seen` the first case that names a shape for `key`; a case naming another fails.
/// A case that names none says nothing: answers omit the input, error answers the output.
fn merge_reference<'g, 'a>(
    seen: &mut Option<&'g Given<'a>>,
    given: &'g Given<'a>,
    shape: fn(&Given<'a>) -> Option<&'a str>,
    key: &str,
) -> Result<(), String> {
    if shape(given).is_none() {
        return Ok(());
    }
    match *seen {
        Some(first) if shape(first) != shape(given) => {
            let value = |given: &Given<'a>| shape(given).map(|name| json!({ "shape": name }));
            Err(disagreement(
                first,
                given,
                key,
                value(first).as_ref(),
                value(given).as_ref(),
            ))
        }
        Some(_) => Ok(()),
        None => {
            *seen = Some(given);
            Ok(())
        }
    }
}

fn disagreement(a: &Given, b: &Given, key: &str, va: Option<&Value>, vb: Option<&Value>) -> String {
    let show = |value: Option<&Value>| value.map_or("nothing".to_owned(), Value::to_string);
    format!(
        "operation `{}`: case `{}` (suite {:?}) and case `{}` (suite {:?}) disagree on `{key}`: \
         {} vs {}",
        a.name,
        a.case,
        a.suite,
        b.case,
        b.suite,
        show(va),
        show(vb)
    )
}

/// A member of a Smithy shape: its target and traits.
struct Member {
    target: String,
    traits: Map<String, Value>,
}

impl Member {
    fn into_json(self) -> Value {
        let mut member = json!({ "target": self.target });
        with_traits(&mut member, self.traits);
        member
    }
}

/// Sets `traits` on a Smithy shape or member, unless there are none.
fn with_traits(shape: &mut Value, traits: Map<String, Value>) {
    if let (Some(shape), false) = (shape.as_object_mut(), traits.is_empty()) {
        shape.insert("traits".into(), Value::Object(traits));
    }
}

/// Adds one trait to a Smithy shape.
fn add_trait(shape: &mut Value, id: &str, value: Value) {
    let traits = shape
        .as_object_mut()
        .map(|shape| shape.entry("traits").or_insert_with(|| json!({})));
    if let Some(Value::Object(traits)) = traits {
        traits.insert(id.to_owned(), value);
    }
}

/// Adds an operation or the service, whose name must not be a shape's.
fn insert_new(
    shapes: &mut BTreeMap<String, Value>,
    name: &str,
    shape: Value,
) -> Result<(), String> {
    if shapes.contains_key(name) {
        return Err(format!(
            "`{name}` names both a shape and an operation or the service"
        ));
    }
    shapes.insert(name.to_owned(), shape);
    Ok(())
}

/// Converts botocore shapes into Smithy shapes of one namespace.
struct Converter<'a> {
    protocol: Protocol,
    namespace: &'static str,
    botocore: &'a BTreeMap<&'a str, Source<'a>>,
    /// Targets of `jsonvalue` members: Smithy puts the media type on the target string, so
    /// each gets a copy `<Name>JsonValue` that carries it.
    json_values: BTreeSet<&'a str>,
}

impl<'a> Converter<'a> {
    fn id(&self, name: &str) -> String {
        format!("{}#{name}", self.namespace)
    }

    /// Every botocore shape converted, and the `<Name>JsonValue` strings, by name.
    fn shapes(&mut self) -> Result<BTreeMap<String, Value>, String> {
        let botocore = self.botocore;
        let mut shapes = BTreeMap::new();
        for (name, source) in botocore {
            let at = At::shape(source.suite, name);
            shapes.insert(name.to_string(), self.shape(&at, name, source.shape)?);
        }
        for target in &self.json_values {
            let mut shape = shapes
                .get(*target)
                .cloned()
                .ok_or_else(|| format!("no shape `{target}` for its JSON value"))?;
            add_trait(
                &mut shape,
                &trait_id("mediaType"),
                json!("application/json"),
            );
            shapes.insert(json_value_name(target), shape);
        }
        Ok(shapes)
    }

    fn shape(&mut self, at: &At, name: &str, shape: &Map<String, Value>) -> Result<Value, String> {
        let kind = required_string(at, shape, "type")?;
        let keys = type_keys(kind).ok_or_else(|| at.error(format!("unknown type `{kind}`")))?;
        check_keys(at, shape, &[SHAPE_KEYS, keys])?;
        let mut traits = Map::new();
        documentation(at, shape, &mut traits)?;
        if flag(at, shape, "sensitive")? {
            traits.insert(trait_id("sensitive"), json!({}));
        }
        let mut smithy = match kind {
            "structure" => self.structure(at, name, shape, &mut traits)?,
            "string" => string_shape(at, shape)?,
            "timestamp" => {
                if let Some(format) = shape.get("timestampFormat") {
                    traits.insert(trait_id("timestampFormat"), timestamp_format(at, format)?);
                }
                json!({ "type": "timestamp" })
            }
            "blob" => {
                if flag(at, shape, "streaming")? {
                    traits.insert(trait_id("streaming"), json!({}));
                }
                json!({ "type": "blob" })
            }
            "list" => json!({ "type": "list", "member": self.reference(at, shape, "member")? }),
            "map" => json!({
                "type": "map",
                "key": self.reference(at, shape, "key")?,
                "value": self.reference(at, shape, "value")?,
            }),
            // Also Smithy's byte, short and intEnum, which botocore writes as `integer`.
            _ => json!({ "type": kind }),
        };
        with_traits(&mut smithy, traits);
        Ok(smithy)
    }

    /// A botocore `structure`: a Smithy structure, union or document.
    fn structure(
        &mut self,
        at: &At,
        name: &str,
        shape: &Map<String, Value>,
        traits: &mut Map<String, Value>,
    ) -> Result<Value, String> {
        let empty = Map::new();
        let members = match shape.get("members") {
            None => &empty,
            Some(members) => object_at(at, members, "`members`")?,
        };
        if flag(at, shape, "document")? {
            return document_shape(at, shape, members);
        }
        let union = flag(at, shape, "union")?;
        let required = required_members(at, shape, members, union)?;
        let payload = self.payload_member(at, shape, members)?;
        error_traits(at, name, shape, union, traits)?;
        let mut smithy_members = Map::new();
        for (member_name, member) in members {
            let member_at = at.member(member_name);
            check_identifier(&member_at, "member name", member_name)?;
            let mut member = self.structure_member(&member_at, member_name, member)?;
            if required.contains(member_name.as_str()) {
                member.traits.insert(trait_id("required"), json!({}));
            }
            if payload == Some(member_name.as_str()) {
                member.traits.insert(trait_id("httpPayload"), json!({}));
            }
            smithy_members.insert(member_name.clone(), member.into_json());
        }
        let kind = if union { "union" } else { "structure" };
        Ok(json!({ "type": kind, "members": smithy_members }))
    }

    /// The member named by `payload`: restJson1's `httpPayload`.
    fn payload_member<'s>(
        &self,
        at: &At,
        shape: &'s Map<String, Value>,
        members: &Map<String, Value>,
    ) -> Result<Option<&'s str>, String> {
        let Some(payload) = string_field(at, shape, "payload")? else {
            return Ok(None);
        };
        if !self.protocol.is_rest() {
            return Err(at.error("`payload`: awsJson binds nothing to HTTP"));
        }
        if !members.contains_key(payload) {
            return Err(at.error(format!("the payload `{payload}` is not a member")));
        }
        Ok(Some(payload))
    }

    /// A list's member, a map's key or value.
    fn reference(
        &mut self,
        at: &At,
        shape: &Map<String, Value>,
        key: &str,
    ) -> Result<Value, String> {
        let at = at.member(key);
        let reference = object_at(&at, shape.get(key).unwrap_or(&Value::Null), "the member")?;
        check_keys(&at, reference, &[REFERENCE_KEYS])?;
        Ok(self.member(&at, reference)?.into_json())
    }

    fn structure_member(&mut self, at: &At, name: &str, value: &Value) -> Result<Member, String> {
        let member = object_at(at, value, "the member")?;
        check_keys(at, member, &[REFERENCE_KEYS, MEMBER_KEYS])?;
        let mut smithy = self.member(at, member)?;
        let target = required_string(at, member, "shape")?;
        let target_kind = self.botocore.get(target).map_or("", |source| source.kind());
        self.binding(at, name, member, target_kind, &mut smithy.traits)?;
        for key in ["hostLabel", "idempotencyToken"] {
            if flag(at, member, key)? {
                smithy.traits.insert(trait_id(key), json!({}));
            }
        }
        Ok(smithy)
    }

    /// What a member and a list member, map key or value have in common: target,
    /// documentation, timestamp format and JSON value.
    fn member(&mut self, at: &At, member: &Map<String, Value>) -> Result<Member, String> {
        let target = required_string(at, member, "shape")?;
        let (&target, source) = self
            .botocore
            .get_key_value(target)
            .ok_or_else(|| at.error(format!("targets `{target}`, which no suite defines")))?;
        let mut traits = Map::new();
        documentation(at, member, &mut traits)?;
        if let Some(format) = member.get("timestampFormat") {
            if source.kind() != "timestamp" {
                return Err(at.error("`timestampFormat` on a member that is not a timestamp"));
            }
            traits.insert(trait_id("timestampFormat"), timestamp_format(at, format)?);
        }
        let target = if flag(at, member, "jsonvalue")? {
            self.json_value(at, target, source)?
        } else {
            self.id(target)
        };
        Ok(Member { target, traits })
    }

    /// The id of the string that carries the JSON media type for `target`.
    fn json_value(&mut self, at: &At, target: &'a str, source: &Source) -> Result<String, String> {
        if source.kind() != "string" || source.shape.contains_key("enum") {
            return Err(at.error(format!("`jsonvalue` on `{target}`, which is not a string")));
        }
        let name = json_value_name(target);
        if self.botocore.contains_key(name.as_str()) {
            return Err(at.error(format!(
                "`{name}`, the name for `{target}` with the JSON media type, is taken"
            )));
        }
        self.json_values.insert(target);
        Ok(self.id(&name))
    }

    /// The member's `location` as an HTTP binding trait, or its body `locationName`.
    fn binding(
        &self,
        at: &At,
        name: &str,
        member: &Map<String, Value>,
        target_kind: &str,
        traits: &mut Map<String, Value>,
    ) -> Result<(), String> {
        let location_name = string_field(at, member, "locationName")?;
        let Some(location) = string_field(at, member, "location")? else {
            return self.body_name(at, name, location_name, traits);
        };
        if !self.protocol.is_rest() {
            return Err(at.error(format!(
                "`location: {location}`: awsJson binds nothing to HTTP"
            )));
        }
        let (id, value) = http_binding(at, name, location, location_name, target_kind)?;
        traits.insert(trait_id(id), value);
        Ok(())
    }

    /// A body member's `locationName`: restJson1's `jsonName`; awsJson does not rename.
    fn body_name(
        &self,
        at: &At,
        name: &str,
        location_name: Option<&str>,
        traits: &mut Map<String, Value>,
    ) -> Result<(), String> {
        match location_name {
            Some(json_name) if json_name != name && self.protocol.is_rest() => {
                traits.insert(trait_id("jsonName"), json!(json_name));
                Ok(())
            }
            Some(json_name) if json_name != name => Err(at.error(format!(
                "`locationName: {json_name}` renames the member, which awsJson does not do"
            ))),
            _ => Ok(()),
        }
    }
}

fn json_value_name(target: &str) -> String {
    format!("{target}JsonValue")
}

/// The restJson1 binding trait (name without namespace, value) of a member's `location`.
fn http_binding(
    at: &At,
    name: &str,
    location: &str,
    location_name: Option<&str>,
    target_kind: &str,
) -> Result<(&'static str, Value), String> {
    let wire_name = location_name.unwrap_or(name);
    let expect_target = |kind: &str| {
        if target_kind == kind {
            Ok(())
        } else {
            Err(at.error(format!("`location: {location}` needs a {kind} target")))
        }
    };
    Ok(match location {
        // Smithy binds a label by member name: `{name}` in the URI.
        "uri" if wire_name != name => {
            return Err(at.error(format!(
                "the URI label `{wire_name}` is not the member name"
            )))
        }
        "uri" => ("httpLabel", json!({})),
        "querystring" if target_kind == "map" => ("httpQueryParams", json!({})),
        "querystring" => ("httpQuery", json!(wire_name)),
        "header" => ("httpHeader", json!(wire_name)),
        "headers" => {
            expect_target("map")?;
            ("httpPrefixHeaders", json!(location_name.unwrap_or("")))
        }
        "statusCode" => {
            expect_target("integer")?;
            ("httpResponseCode", json!({}))
        }
        other => return Err(at.error(format!("unknown location `{other}`"))),
    })
}

fn documentation(
    at: &At,
    object: &Map<String, Value>,
    traits: &mut Map<String, Value>,
) -> Result<(), String> {
    if let Some(text) = string_field(at, object, "documentation")? {
        traits.insert(trait_id("documentation"), json!(text));
    }
    Ok(())
}

fn timestamp_format(at: &At, format: &Value) -> Result<Value, String> {
    let smithy = match format.as_str() {
        Some("iso8601") => "date-time",
        Some("rfc822") => "http-date",
        Some("unixTimestamp") => "epoch-seconds",
        _ => return Err(at.error(format!("unknown timestampFormat {format}"))),
    };
    Ok(json!(smithy))
}

/// A botocore string: a Smithy `enum` when it lists values, else a `string`.
fn string_shape(at: &At, shape: &Map<String, Value>) -> Result<Value, String> {
    let Some(values) = shape.get("enum") else {
        return Ok(json!({ "type": "string" }));
    };
    let values = values
        .as_array()
        .ok_or_else(|| at.error(format!("`enum` is {values}, expected a list")))?;
    let mut members = Map::new();
    // Smithy member names must differ even ignoring case.
    let mut names = BTreeMap::new();
    for value in values {
        let Some(text) = value.as_str().filter(|text| !text.is_empty()) else {
            return Err(at.error(format!("the enum value {value} is not a non-empty string")));
        };
        let name = enum_member_name(text);
        if let Some(other) = names.insert(name.to_ascii_lowercase(), text) {
            return Err(at.error(format!(
                "the enum values {other:?} and {text:?} both make the member name `{name}`"
            )));
        }
        let traits = json!({ trait_id("enumValue"): text });
        members.insert(name, json!({ "target": UNIT, "traits": traits }));
    }
    Ok(json!({ "type": "enum", "members": members }))
}

/// An enum value as a Smithy identifier: other characters become `_`, and a `V` goes in front
/// of what cannot start one (`1` → `V1`, `foo-bar` → `foo_bar`).
fn enum_member_name(value: &str) -> String {
    let name: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if is_identifier(&name) {
        name
    } else {
        format!("V{name}")
    }
}

/// A botocore `document: true` structure, which Smithy has as a `document` shape.
fn document_shape(
    at: &At,
    shape: &Map<String, Value>,
    members: &Map<String, Value>,
) -> Result<Value, String> {
    let structural = [
        "required",
        "union",
        "payload",
        "exception",
        "error",
        "fault",
    ];
    if let Some(key) = structural.iter().find(|key| shape.contains_key(**key)) {
        return Err(at.error(format!("a document cannot have `{key}`")));
    }
    if !members.is_empty() {
        return Err(at.error("a document cannot have members"));
    }
    Ok(json!({ "type": "document" }))
}

fn required_members<'s>(
    at: &At,
    shape: &'s Map<String, Value>,
    members: &Map<String, Value>,
    union: bool,
) -> Result<BTreeSet<&'s str>, String> {
    let Some(required) = shape.get("required") else {
        return Ok(BTreeSet::new());
    };
    if union {
        return Err(at.error("a union's members cannot be required"));
    }
    let list = required
        .as_array()
        .ok_or_else(|| at.error(format!("`required` is {required}, expected a list")))?;
    let mut names = BTreeSet::new();
    for name in list {
        match name.as_str() {
            Some(name) if members.contains_key(name) => names.insert(name),
            _ => return Err(at.error(format!("the required {name} is not a member"))),
        };
    }
    Ok(names)
}

/// `exception`, `fault` and `error` as Smithy's `error` (client unless a fault) and
/// `httpError` traits.
fn error_traits(
    at: &At,
    name: &str,
    shape: &Map<String, Value>,
    union: bool,
    traits: &mut Map<String, Value>,
) -> Result<(), String> {
    let fault = flag(at, shape, "fault")?;
    let exception = flag(at, shape, "exception")?;
    let empty = Map::new();
    let error = match shape.get("error") {
        Some(error) => object_at(at, error, "`error`")?,
        None if fault || exception => &empty,
        None => return Ok(()),
    };
    if union {
        return Err(at.error("a union cannot be an error"));
    }
    check_keys(at, error, &[&["httpStatusCode", "senderFault", "code"]])?;
    let sender_fault = optional_bool(at, error, "senderFault")?;
    if fault && sender_fault == Some(true) {
        return Err(at.error("both `fault` and `senderFault`"));
    }
    let kind = if fault || sender_fault == Some(false) {
        "server"
    } else {
        "client"
    };
    traits.insert(trait_id("error"), json!(kind));
    if let Some(status) = error.get("httpStatusCode") {
        traits.insert(trait_id("httpError"), json!(status_code(at, status)?));
    }
    // The JSON protocols name an error by its shape: a different code has no Smithy form.
    match string_field(at, error, "code")? {
        Some(code) if code != name => {
            Err(at.error(format!("the error code `{code}` is not the shape name")))
        }
        _ => Ok(()),
    }
}

fn status_code(at: &At, value: &Value) -> Result<u16, String> {
    value
        .as_u64()
        .and_then(|code| u16::try_from(code).ok())
        .filter(|code| (100..600).contains(code))
        .ok_or_else(|| at.error(format!("{value} is not an HTTP status code")))
}

#[derive(Clone, Copy)]
enum Role {
    Input,
    Output,
}

impl Role {
    /// The suffix of an operation's own copy, and the name of the trait that marks it.
    fn name(self) -> &'static str {
        match self {
            Role::Input => "Input",
            Role::Output => "Output",
        }
    }

    fn trait_name(self) -> &'static str {
        match self {
            Role::Input => "input",
            Role::Output => "output",
        }
    }
}

/// An operation's own input or output structure, before it joins the shapes.
struct Own<'a> {
    name: String,
    shape: Value,
    /// The botocore shape it comes from.
    original: String,
    /// Whether it is a copy of a shared shape, rather than the shape itself.
    copy: bool,
    at: At<'a>,
}

/// Gives every operation an input and output structure of its own, marked `@input` /
/// `@output` as Smithy wants: a botocore shape used for one operation's input or output only
/// keeps its name; one used more than once, or also as a member or error, is copied per use as
/// `<Operation>Input` / `<Operation>Output`, and dropped when nothing else targets it.
fn assign_io(
    operations: &mut [Operation],
    botocore: &BTreeMap<&str, Source>,
    shapes: &mut BTreeMap<String, Value>,
) -> Result<(), String> {
    let uses = io_uses(operations);
    let targeted = targeted_shapes(botocore, operations);
    let shared =
        |name: &str| uses.get(name).is_some_and(|count| *count > 1) || targeted.contains(name);
    let mut owns = Vec::new();
    for operation in operations.iter_mut() {
        let at = operation.at();
        let name = operation.name;
        for role in [Role::Input, Role::Output] {
            let io = operation.io(role);
            let Some(original) = io.clone() else {
                continue;
            };
            let shape = io_structure(shapes, &at, name, role, &original)?;
            let copy = shared(&original);
            let own = match copy {
                true => format!("{name}{}", role.name()),
                false => original.clone(),
            };
            *io = Some(own.clone());
            let at = at.clone();
            owns.push(Own {
                name: own,
                shape,
                original,
                copy,
                at,
            });
        }
    }
    let replaced = uses
        .keys()
        .filter(|name| shared(name) && !targeted.contains(name.as_str()));
    for name in replaced {
        shapes.remove(name);
    }
    for own in owns {
        if own.copy && shapes.contains_key(&own.name) {
            return Err(own.at.error(format!(
                "`{}`, the name for the operation's own copy of `{}`, is taken",
                own.name, own.original
            )));
        }
        shapes.insert(own.name, own.shape);
    }
    Ok(())
}

/// How many times each botocore shape is an operation's input or output.
fn io_uses(operations: &[Operation]) -> BTreeMap<String, usize> {
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for operation in operations {
        for shape in operation.input.iter().chain(&operation.output) {
            *uses.entry(shape.clone()).or_default() += 1;
        }
    }
    uses
}

/// The shapes that members and list members, map keys and values target, and the errors.
fn targeted_shapes<'a>(
    botocore: &BTreeMap<&'a str, Source<'a>>,
    operations: &[Operation<'a>],
) -> BTreeSet<&'a str> {
    let members = botocore
        .values()
        .flat_map(|source| member_references(source.shape));
    let errors = operations
        .iter()
        .flat_map(|operation| operation.errors.iter().copied());
    members.chain(errors).collect()
}

/// A copy of the structure `original`, marked as the input or output of `operation`.
fn io_structure(
    shapes: &BTreeMap<String, Value>,
    at: &At,
    operation: &str,
    role: Role,
    original: &str,
) -> Result<Value, String> {
    let mut shape = shapes.get(original).cloned().unwrap_or(Value::Null);
    let kind = shape.get("type").and_then(Value::as_str).unwrap_or("");
    if kind != "structure" {
        return Err(at.error(format!(
            "the {} of operation `{operation}` is `{original}`, a {kind}, not a structure",
            role.trait_name()
        )));
    }
    add_trait(&mut shape, &trait_id(role.trait_name()), json!({}));
    Ok(shape)
}

fn operation_shape(
    protocol: Protocol,
    namespace: &str,
    operation: &Operation,
    shapes: &BTreeMap<String, Value>,
) -> Result<Value, String> {
    let at = operation.at();
    let target = |name: &str| json!({ "target": format!("{namespace}#{name}") });
    let mut smithy = Map::new();
    smithy.insert("type".into(), json!("operation"));
    for (key, shape) in [("input", &operation.input), ("output", &operation.output)] {
        if let Some(name) = shape {
            smithy.insert(key.into(), target(name));
        }
    }
    for error in &operation.errors {
        let is_error = shapes
            .get(*error)
            .and_then(|shape| shape.pointer("/traits/smithy.api#error"))
            .is_some();
        if !is_error {
            return Err(at.error(format!("the error `{error}` is not an exception shape")));
        }
    }
    if !operation.errors.is_empty() {
        let errors = operation.errors.iter().map(|error| target(error));
        smithy.insert("errors".into(), errors.collect());
    }
    let mut smithy = Value::Object(smithy);
    with_traits(
        &mut smithy,
        operation_traits(protocol, &at, operation.first.given)?,
    );
    Ok(smithy)
}

fn operation_traits(
    protocol: Protocol,
    at: &At,
    given: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let mut traits = Map::new();
    http_trait(protocol, at, given, &mut traits)?;
    documentation(at, given, &mut traits)?;
    if flag(at, given, "idempotent")? {
        traits.insert(trait_id("idempotent"), json!({}));
    }
    if let Some(endpoint) = given.get("endpoint") {
        let endpoint = object_at(at, endpoint, "`endpoint`")?;
        check_keys(at, endpoint, &[&["hostPrefix"]])?;
        let prefix = required_string(at, endpoint, "hostPrefix")?;
        traits.insert(trait_id("endpoint"), json!({ "hostPrefix": prefix }));
    }
    if let Some(compression) = given.get("requestcompression") {
        let encodings = request_compression(at, compression)?;
        traits.insert(
            trait_id("requestCompression"),
            json!({ "encodings": encodings }),
        );
    }
    if flag(at, given, "httpChecksumRequired")? {
        traits.insert(trait_id("httpChecksumRequired"), json!({}));
    }
    Ok(traits)
}

fn request_compression<'v>(at: &At, compression: &'v Value) -> Result<Vec<&'v str>, String> {
    let compression = object_at(at, compression, "`requestcompression`")?;
    check_keys(at, compression, &[&["encodings"]])?;
    let encodings = compression.get("encodings").and_then(Value::as_array);
    encodings
        .ok_or_else(|| at.error("`requestcompression` has no list of `encodings`"))?
        .iter()
        .map(|encoding| {
            encoding
                .as_str()
                .ok_or_else(|| at.error(format!("the encoding {encoding} is not a string")))
        })
        .collect()
}

/// `given.http` as restJson1's `http` trait. Smithy's awsJson operations have none: their
/// cases must say `POST /`.
fn http_trait(
    protocol: Protocol,
    at: &At,
    given: &Map<String, Value>,
    traits: &mut Map<String, Value>,
) -> Result<(), String> {
    let Some(http) = given.get("http") else {
        return match protocol.is_rest() {
            true => Err(at.error("no `http`: a restJson1 operation needs a method and URI")),
            false => Ok(()),
        };
    };
    let http = object_at(at, http, "`http`")?;
    check_keys(at, http, &[&["method", "requestUri", "responseCode"]])?;
    let method = required_string(at, http, "method")?;
    let uri = required_string(at, http, "requestUri")?;
    let code = http.get("responseCode").map(|code| status_code(at, code));
    let code = code.transpose()?.filter(|code| *code != 200);
    if !protocol.is_rest() {
        return match (method, uri, code) {
            ("POST", "/", None) => Ok(()),
            _ => Err(at.error(format!(
                "`http` is {}, but awsJson operations are POST / answering 200",
                Value::Object(http.clone())
            ))),
        };
    }
    let mut smithy = json!({ "method": method, "uri": uri });
    if let (Some(code), Some(object)) = (code, smithy.as_object_mut()) {
        object.insert("code".into(), json!(code));
    }
    traits.insert(trait_id("http"), smithy);
    Ok(())
}

/// Drops the shapes no operation reaches: botocore shapes replaced by the operations' own
/// copies, and any that no case uses.
fn keep_reachable(namespace: &str, roots: Vec<String>, shapes: &mut BTreeMap<String, Value>) {
    let prefix = format!("{namespace}#");
    let mut reached: BTreeSet<String> = roots.iter().cloned().collect();
    let mut todo = roots;
    while let Some(name) = todo.pop() {
        let Some(shape) = shapes.get(&name) else {
            continue;
        };
        for target in references(shape) {
            if let Some(local) = target.strip_prefix(&prefix) {
                if reached.insert(local.to_owned()) {
                    todo.push(local.to_owned());
                }
            }
        }
    }
    shapes.retain(|name, _| reached.contains(name));
}

/// The shape ids a Smithy shape refers to.
fn references(shape: &Value) -> Vec<&str> {
    let single = ["member", "key", "value", "input", "output"].map(|key| shape.get(key));
    let members = shape.get("members").and_then(Value::as_object);
    let errors = shape.get("errors").and_then(Value::as_array);
    single
        .into_iter()
        .flatten()
        .chain(members.into_iter().flat_map(|members| members.values()))
        .chain(errors.into_iter().flatten())
        .filter_map(|reference| reference.get("target").and_then(Value::as_str))
        .collect()
}

fn service_shape(service: &Service, version: &str, operations: &[Operation]) -> Value {
    let operations: Vec<Value> = operations
        .iter()
        .map(|operation| json!({ "target": format!("{}#{}", service.namespace, operation.name) }))
        .collect();
    let mut traits = Map::new();
    traits.insert(
        "aws.api#service".into(),
        json!({ "sdkId": service.sdk_id, "endpointPrefix": service.endpoint_prefix }),
    );
    traits.insert(
        "aws.auth#sigv4".into(),
        json!({ "name": service.endpoint_prefix }),
    );
    traits.insert(service.protocol_trait.into(), json!({}));
    traits.insert(trait_id("title"), json!(service.title));
    json!({
        "type": "service",
        "version": version,
        "operations": operations,
        "traits": traits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const REST: &str = "aws.protocoltests.restjson#";

    fn rest_metadata() -> Value {
        json!({ "protocol": "rest-json", "protocols": ["rest-json"], "apiVersion": "2019-12-16" })
    }

    fn json10_metadata() -> Value {
        json!({
            "protocol": "json",
            "protocols": ["json"],
            "apiVersion": "2020-07-14",
            "jsonVersion": "1.0",
            "targetPrefix": "JsonRpc10",
        })
    }

    fn suite(description: &str, metadata: Value, shapes: Value, cases: Value) -> Value {
        json!({ "description": description, "metadata": metadata, "shapes": shapes, "cases": cases })
    }

    /// A case of operation `Op` whose `given` has `more` beside the name and the restJson1
    /// `POST /op`.
    fn case(id: &str, more: Value) -> Value {
        let mut given = json!({
            "name": "Op",
            "http": { "method": "POST", "requestUri": "/op", "responseCode": 200 },
        });
        if let (Some(given), Value::Object(more)) = (given.as_object_mut(), more) {
            given.extend(more);
        }
        json!({ "id": id, "given": given, "params": {}, "serialized": {} })
    }

    /// One restJson1 request suite, "Suite A", with `shapes` and a case `A1` of `Op`.
    fn rest(shapes: Value, given: Value) -> Result<Value, String> {
        let input = suite(
            "Suite A",
            rest_metadata(),
            shapes,
            json!([case("A1", given)]),
        );
        let suites = Suites {
            input: json!([input]),
            output: json!([]),
        };
        convert(Protocol::RestJson1, &suites)
    }

    /// `rest` with `shapes`, and `Input` the input of `Op`; returns the converted `Input`.
    fn rest_input(shapes: Value) -> Value {
        let model = rest(shapes, json!({ "input": { "shape": "Input" } })).unwrap();
        shape(&model, "Input").clone()
    }

    fn json10(shapes: Value, given: Value) -> Result<Value, String> {
        let mut case = case("J1", given);
        case["given"]["http"] = json!({ "method": "POST", "requestUri": "/" });
        let input = suite("Suite J", json10_metadata(), shapes, json!([case]));
        let suites = Suites {
            input: json!([input]),
            output: json!([]),
        };
        convert(Protocol::AwsJson1_0, &suites)
    }

    fn shape<'m>(model: &'m Value, name: &str) -> &'m Value {
        &model["shapes"][format!("{REST}{name}").as_str()]
    }

    fn target(name: &str) -> Value {
        json!(format!("{REST}{name}"))
    }

    fn assert_error(result: Result<Value, String>, parts: &[&str]) {
        let error = result.expect_err("the conversion should fail");
        for part in parts {
            assert!(error.contains(part), "{error:?} does not say {part:?}");
        }
    }

    #[test]
    fn one_operation_becomes_a_whole_model() {
        let shapes = json!({
            "GreetInput": {
                "type": "structure",
                "members": { "name": { "shape": "String" } },
            },
            "String": { "type": "string" },
        });
        let given = json!({
            "http": { "method": "PUT", "requestUri": "/greet", "responseCode": 201 },
            "input": { "shape": "GreetInput" },
            "documentation": "<p>Greets.</p>",
            "idempotent": true,
            "httpChecksumRequired": true,
            "requestcompression": { "encodings": ["gzip"] },
        });
        let expected = json!({
            "smithy": "2.0",
            "shapes": {
                "aws.protocoltests.restjson#GreetInput": {
                    "type": "structure",
                    "members": { "name": { "target": target("String") } },
                    "traits": { "smithy.api#input": {} },
                },
                "aws.protocoltests.restjson#Op": {
                    "type": "operation",
                    "input": { "target": target("GreetInput") },
                    "traits": {
                        "smithy.api#http": { "method": "PUT", "uri": "/greet", "code": 201 },
                        "smithy.api#documentation": "<p>Greets.</p>",
                        "smithy.api#idempotent": {},
                        "smithy.api#requestCompression": { "encodings": ["gzip"] },
                        "smithy.api#httpChecksumRequired": {},
                    },
                },
                "aws.protocoltests.restjson#RestJson": {
                    "type": "service",
                    "version": "2019-12-16",
                    "operations": [{ "target": target("Op") }],
                    "traits": {
                        "aws.api#service": {
                            "sdkId": "Rest Json Protocol",
                            "endpointPrefix": "restjson",
                        },
                        "aws.auth#sigv4": { "name": "restjson" },
                        "aws.protocols#restJson1": {},
                        "smithy.api#title": "Sample Rest Json Protocol Service",
                    },
                },
                "aws.protocoltests.restjson#String": { "type": "string" },
            },
        });
        assert_eq!(rest(shapes, given).unwrap(), expected);
    }

    #[test]
    fn structures_required_unions_documents_and_errors() {
        let shapes = json!({
            "Input": {
                "type": "structure",
                "required": ["id"],
                "documentation": "<p>In.</p>",
                "members": {
                    "id": { "shape": "String", "documentation": "<p>Who.</p>" },
                    "choice": { "shape": "Choice" },
                    "doc": { "shape": "Document" },
                    "secret": { "shape": "Secret" },
                },
            },
            "Choice": { "type": "structure", "union": true, "members": { "a": { "shape": "String" } } },
            "Document": { "type": "structure", "document": true, "members": {} },
            "Secret": { "type": "string", "sensitive": true },
            "String": { "type": "string" },
            "Number": { "type": "integer", "box": true },
            "BadRequest": {
                "type": "structure",
                "exception": true,
                "error": { "httpStatusCode": 400, "senderFault": true },
                "members": { "Message": { "shape": "String" } },
            },
            "Broken": { "type": "structure", "exception": true, "fault": true, "members": {} },
            "Plain": { "type": "structure", "exception": true, "members": {} },
        });
        let given = json!({
            "input": { "shape": "Input" },
            "errors": [{ "shape": "BadRequest" }, { "shape": "Broken" }, { "shape": "Plain" }],
        });
        let model = rest(shapes, given).unwrap();
        assert_eq!(
            shape(&model, "Input"),
            &json!({
                "type": "structure",
                "members": {
                    "id": {
                        "target": target("String"),
                        "traits": {
                            "smithy.api#documentation": "<p>Who.</p>",
                            "smithy.api#required": {},
                        },
                    },
                    "choice": { "target": target("Choice") },
                    "doc": { "target": target("Document") },
                    "secret": { "target": target("Secret") },
                },
                "traits": { "smithy.api#documentation": "<p>In.</p>", "smithy.api#input": {} },
            })
        );
        assert_eq!(
            shape(&model, "Choice"),
            &json!({ "type": "union", "members": { "a": { "target": target("String") } } })
        );
        assert_eq!(shape(&model, "Document"), &json!({ "type": "document" }));
        assert_eq!(
            shape(&model, "Secret"),
            &json!({ "type": "string", "traits": { "smithy.api#sensitive": {} } })
        );
        assert_eq!(
            shape(&model, "BadRequest")["traits"],
            json!({ "smithy.api#error": "client", "smithy.api#httpError": 400 })
        );
        assert_eq!(
            shape(&model, "Broken"),
            &json!({ "type": "structure", "members": {}, "traits": { "smithy.api#error": "server" } })
        );
        assert_eq!(
            shape(&model, "Plain")["traits"],
            json!({ "smithy.api#error": "client" })
        );
        // Not reached from the operation: `box` ignored, and the unused shape dropped.
        assert_eq!(shape(&model, "Number"), &Value::Null);
        let members: Vec<&String> = shape(&model, "Input")["members"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(
            members,
            ["id", "choice", "doc", "secret"],
            "botocore's order"
        );
    }

    #[test]
    fn errors_in_structures_are_named() {
        let input = |extra: Value| {
            let mut shape = json!({ "type": "structure", "members": { "a": { "shape": "S" } } });
            if let (Some(shape), Value::Object(extra)) = (shape.as_object_mut(), extra) {
                shape.extend(extra);
            }
            json!({ "Input": shape, "S": { "type": "string" } })
        };
        let with_input = || json!({ "input": { "shape": "Input" } });
        for (extra, problem) in [
            (
                json!({ "required": ["b"] }),
                "the required \"b\" is not a member",
            ),
            (
                json!({ "union": true, "required": ["a"] }),
                "cannot be required",
            ),
            (
                json!({ "document": true }),
                "a document cannot have members",
            ),
            (json!({ "payload": "b" }), "the payload `b` is not a member"),
            (
                json!({ "exception": true, "fault": true, "error": { "senderFault": true } }),
                "both `fault` and `senderFault`",
            ),
            (
                json!({ "error": { "code": "Other" } }),
                "the error code `Other`",
            ),
            (
                json!({ "error": { "httpStatusCode": 42 } }),
                "42 is not an HTTP status code",
            ),
            (
                json!({ "union": "yes" }),
                "`union` is \"yes\", expected true or false",
            ),
        ] {
            assert_error(
                rest(input(extra), with_input()),
                &["suite \"Suite A\"", "shape `Input`", problem],
            );
        }
    }

    #[test]
    fn enums_get_identifier_member_names_and_keep_their_values() {
        let model = rest(
            json!({
                "Input": { "type": "structure", "members": { "e": { "shape": "E" } } },
                "E": { "type": "string", "enum": ["Foo", "1", "FOO_BAR", "foo-bar.baz", "_0"] },
            }),
            json!({ "input": { "shape": "Input" } }),
        )
        .unwrap();
        let value = |text: &str| json!({ "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": text } });
        assert_eq!(
            shape(&model, "E"),
            &json!({
                "type": "enum",
                "members": {
                    "Foo": value("Foo"),
                    "V1": value("1"),
                    "FOO_BAR": value("FOO_BAR"),
                    "foo_bar_baz": value("foo-bar.baz"),
                    "V_0": value("_0"),
                },
            })
        );
        let clash = json!({
            "Input": { "type": "structure", "members": { "e": { "shape": "E" } } },
            "E": { "type": "string", "enum": ["a-b", "A_B"] },
        });
        assert_error(
            rest(clash, json!({ "input": { "shape": "Input" } })),
            &[
                "shape `E`",
                "\"a-b\" and \"A_B\" both make the member name `A_B`",
            ],
        );
    }

    #[test]
    fn timestamp_formats_on_shapes_and_members() {
        let shapes = json!({
            "Input": {
                "type": "structure",
                "members": {
                    "plain": { "shape": "Timestamp" },
                    "onTarget": { "shape": "HttpDate" },
                    "onMember": { "shape": "Timestamp", "timestampFormat": "iso8601" },
                    "epoch": { "shape": "Timestamp", "timestampFormat": "unixTimestamp" },
                    "list": { "shape": "Dates" },
                },
            },
            "Timestamp": { "type": "timestamp" },
            "HttpDate": { "type": "timestamp", "timestampFormat": "rfc822" },
            "Dates": {
                "type": "list",
                "member": { "shape": "Timestamp", "timestampFormat": "rfc822" },
            },
        });
        let model = rest(shapes, json!({ "input": { "shape": "Input" } })).unwrap();
        let format = |format: &str| json!({ "smithy.api#timestampFormat": format });
        let members = &shape(&model, "Input")["members"];
        assert_eq!(members["plain"], json!({ "target": target("Timestamp") }));
        assert_eq!(members["onTarget"], json!({ "target": target("HttpDate") }));
        assert_eq!(members["onMember"]["traits"], format("date-time"));
        assert_eq!(members["epoch"]["traits"], format("epoch-seconds"));
        assert_eq!(shape(&model, "Timestamp"), &json!({ "type": "timestamp" }));
        assert_eq!(
            shape(&model, "HttpDate"),
            &json!({ "type": "timestamp", "traits": format("http-date") })
        );
        assert_eq!(
            shape(&model, "Dates"),
            &json!({
                "type": "list",
                "member": { "target": target("Timestamp"), "traits": format("http-date") },
            })
        );
        let bad = json!({
            "Input": { "type": "structure", "members": { "t": { "shape": "T" } } },
            "T": { "type": "timestamp", "timestampFormat": "iso8601-ish" },
        });
        assert_error(
            rest(bad, json!({ "input": { "shape": "Input" } })),
            &["shape `T`", "unknown timestampFormat \"iso8601-ish\""],
        );
    }

    #[test]
    fn locations_become_http_binding_traits() {
        let input = rest_input(json!({
            "Input": {
                "type": "structure",
                "required": ["label"],
                "payload": "body",
                "members": {
                    "label": { "shape": "String", "location": "uri", "locationName": "label" },
                    "query": { "shape": "String", "location": "querystring", "locationName": "q" },
                    "params": { "shape": "Map", "location": "querystring" },
                    "header": { "shape": "String", "location": "header", "locationName": "X-H" },
                    "prefixed": { "shape": "Map", "location": "headers", "locationName": "x-p-" },
                    "all": { "shape": "Map", "location": "headers", "locationName": "" },
                    "status": { "shape": "Integer", "location": "statusCode" },
                    "body": { "shape": "Blob" },
                },
            },
            "String": { "type": "string" },
            "Integer": { "type": "integer" },
            "Blob": { "type": "blob", "streaming": true },
            "Map": {
                "type": "map",
                "key": { "shape": "String" },
                "value": { "shape": "String" },
            },
        }));
        let traits = |name: &str| input["members"][name]["traits"].clone();
        assert_eq!(
            traits("label"),
            json!({ "smithy.api#httpLabel": {}, "smithy.api#required": {} })
        );
        assert_eq!(traits("query"), json!({ "smithy.api#httpQuery": "q" }));
        assert_eq!(
            traits("params"),
            json!({ "smithy.api#httpQueryParams": {} })
        );
        assert_eq!(traits("header"), json!({ "smithy.api#httpHeader": "X-H" }));
        assert_eq!(
            traits("prefixed"),
            json!({ "smithy.api#httpPrefixHeaders": "x-p-" })
        );
        assert_eq!(traits("all"), json!({ "smithy.api#httpPrefixHeaders": "" }));
        assert_eq!(
            traits("status"),
            json!({ "smithy.api#httpResponseCode": {} })
        );
        assert_eq!(traits("body"), json!({ "smithy.api#httpPayload": {} }));
        for (member, problem) in [
            (
                json!({ "shape": "S", "location": "uri", "locationName": "other" }),
                "URI label `other`",
            ),
            (
                json!({ "shape": "S", "location": "cookie" }),
                "unknown location `cookie`",
            ),
            (
                json!({ "shape": "S", "location": "statusCode" }),
                "needs a integer target",
            ),
        ] {
            let shapes = json!({
                "Input": { "type": "structure", "members": { "m": member } },
                "S": { "type": "string" },
            });
            assert_error(
                rest(shapes, json!({ "input": { "shape": "Input" } })),
                &["shape `Input`, member `m`", problem],
            );
        }
    }

    #[test]
    fn body_location_names_are_json_names_only_for_rest_json() {
        let shapes = json!({
            "Input": {
                "type": "structure",
                "members": {
                    "renamed": { "shape": "S", "locationName": "Renamed" },
                    "same": { "shape": "S", "locationName": "same" },
                },
            },
            "S": { "type": "string" },
        });
        let given = json!({ "input": { "shape": "Input" } });
        let model = rest(shapes.clone(), given.clone()).unwrap();
        assert_eq!(
            shape(&model, "Input")["members"],
            json!({
                "renamed": { "target": target("S"), "traits": { "smithy.api#jsonName": "Renamed" } },
                "same": { "target": target("S") },
            })
        );
        assert_error(
            json10(shapes, given),
            &[
                "suite \"Suite J\"",
                "shape `Input`, member `renamed`",
                "awsJson does not",
            ],
        );
    }

    #[test]
    fn json_protocols_bind_nothing_to_http() {
        let shapes = json!({
            "Input": { "type": "structure", "members": { "m": { "shape": "S" } } },
            "S": { "type": "string" },
        });
        let model = json10(
            shapes,
            json!({ "input": { "shape": "Input" }, "idempotent": true }),
        );
        let model = model.unwrap();
        assert_eq!(
            model["shapes"]["aws.protocoltests.json10#Op"],
            json!({
                "type": "operation",
                "input": { "target": "aws.protocoltests.json10#Input" },
                "traits": { "smithy.api#idempotent": {} },
            })
        );
        let service = &model["shapes"]["aws.protocoltests.json10#JsonRpc10"]["traits"];
        assert_eq!(service["aws.protocols#awsJson1_0"], json!({}));
        assert_eq!(service["aws.api#service"]["sdkId"], "Json Rpc 10");
        let header = json!({
            "Input": {
                "type": "structure",
                "members": { "m": { "shape": "S", "location": "header", "locationName": "X" } },
            },
            "S": { "type": "string" },
        });
        assert_error(
            json10(header, json!({ "input": { "shape": "Input" } })),
            &["member `m`", "awsJson binds nothing to HTTP"],
        );
        let mut case = case("J1", json!({}));
        case["given"]["http"] = json!({ "method": "GET", "requestUri": "/x" });
        let suites = Suites {
            input: json!([suite(
                "Suite J",
                json10_metadata(),
                json!({}),
                json!([case])
            )]),
            output: json!([]),
        };
        assert_error(
            convert(Protocol::AwsJson1_0, &suites),
            &["case `J1`", "awsJson operations are POST /"],
        );
    }

    #[test]
    fn host_prefix_and_host_label() {
        let shapes = json!({
            "Input": {
                "type": "structure",
                "required": ["label"],
                "members": { "label": { "shape": "S", "hostLabel": true } },
            },
            "S": { "type": "string" },
        });
        let given = json!({
            "input": { "shape": "Input" },
            "endpoint": { "hostPrefix": "foo.{label}." },
        });
        let model = rest(shapes, given).unwrap();
        assert_eq!(
            shape(&model, "Op")["traits"]["smithy.api#endpoint"],
            json!({ "hostPrefix": "foo.{label}." })
        );
        assert_eq!(
            shape(&model, "Input")["members"]["label"]["traits"],
            json!({ "smithy.api#hostLabel": {}, "smithy.api#required": {} })
        );
    }

    #[test]
    fn json_values_target_a_string_with_the_media_type() {
        let shapes = json!({
            "Input": {
                "type": "structure",
                "members": {
                    "body": { "shape": "Json", "jsonvalue": true },
                    "header": {
                        "shape": "Json",
                        "jsonvalue": true,
                        "location": "header",
                        "locationName": "X-Json",
                    },
                    "plain": { "shape": "Json" },
                },
            },
            "Json": { "type": "string", "documentation": "<p>JSON text.</p>" },
        });
        let model = rest(shapes, json!({ "input": { "shape": "Input" } })).unwrap();
        let members = &shape(&model, "Input")["members"];
        assert_eq!(
            members["body"],
            json!({ "target": target("JsonJsonValue") })
        );
        assert_eq!(members["header"]["target"], target("JsonJsonValue"));
        assert_eq!(members["plain"]["target"], target("Json"));
        assert_eq!(
            shape(&model, "JsonJsonValue"),
            &json!({
                "type": "string",
                "traits": {
                    "smithy.api#documentation": "<p>JSON text.</p>",
                    "smithy.api#mediaType": "application/json",
                },
            })
        );
        assert_eq!(
            shape(&model, "Json"),
            &json!({ "type": "string", "traits": {
            "smithy.api#documentation": "<p>JSON text.</p>",
        } })
        );
        let number = json!({
            "Input": { "type": "structure", "members": { "n": { "shape": "N", "jsonvalue": true } } },
            "N": { "type": "integer" },
        });
        assert_error(
            rest(number, json!({ "input": { "shape": "Input" } })),
            &["member `n`", "`jsonvalue` on `N`, which is not a string"],
        );
    }

    /// Two operations of one suite pair: `A` sends `Shared`, `B` sends and answers `Shared`,
    /// `C` answers `Own`, and `Nested` is both `D`'s input and a member of `Own`.
    fn shared_suites() -> Suites {
        let shapes = json!({
            "Shared": { "type": "structure", "members": { "s": { "shape": "S" } } },
            "Own": { "type": "structure", "members": { "n": { "shape": "Nested" } } },
            "Nested": { "type": "structure", "members": {} },
            "S": { "type": "string" },
        });
        let op = |name: &str, io: Value| {
            let mut case = case(&format!("{name}1"), io);
            case["given"]["name"] = json!(name);
            case
        };
        let input_cases = json!([
            op("A", json!({ "input": { "shape": "Shared" } })),
            op("B", json!({ "input": { "shape": "Shared" } })),
            op("D", json!({ "input": { "shape": "Nested" } })),
        ]);
        let output_cases = json!([
            op("B", json!({ "output": { "shape": "Shared" } })),
            op("C", json!({ "output": { "shape": "Own" } })),
        ]);
        Suites {
            input: json!([suite(
                "Requests",
                rest_metadata(),
                shapes.clone(),
                input_cases
            )]),
            output: json!([suite("Answers", rest_metadata(), shapes, output_cases)]),
        }
    }

    #[test]
    fn shared_input_and_output_shapes_are_copied_per_operation() {
        let model = convert(Protocol::RestJson1, &shared_suites()).unwrap();
        let io = |operation: &str, key: &str| shape(&model, operation)[key]["target"].clone();
        assert_eq!(io("A", "input"), target("AInput"));
        assert_eq!(io("B", "input"), target("BInput"));
        assert_eq!(io("B", "output"), target("BOutput"));
        assert_eq!(
            io("C", "output"),
            target("Own"),
            "used once: keeps its name"
        );
        assert_eq!(io("D", "input"), target("DInput"), "also a member: copied");
        let copy = |traits: Value| {
            json!({
                "type": "structure",
                "members": { "s": { "target": target("S") } },
                "traits": traits,
            })
        };
        assert_eq!(
            shape(&model, "AInput"),
            &copy(json!({ "smithy.api#input": {} }))
        );
        assert_eq!(
            shape(&model, "BOutput"),
            &copy(json!({ "smithy.api#output": {} }))
        );
        assert_eq!(
            shape(&model, "Shared"),
            &Value::Null,
            "replaced by its copies"
        );
        assert_eq!(
            shape(&model, "Nested"),
            &json!({ "type": "structure", "members": {} })
        );
        assert_eq!(
            shape(&model, "Own")["traits"],
            json!({ "smithy.api#output": {} })
        );
        let mut taken = shared_suites();
        taken.input[0]["shapes"]["AInput"] = json!({ "type": "string" });
        taken.output[0]["shapes"]["AInput"] = json!({ "type": "string" });
        assert_error(
            convert(Protocol::RestJson1, &taken),
            &[
                "case `A1`",
                "`AInput`, the name for the operation's own copy of `Shared`",
            ],
        );
        // A shared shape that members still target keeps its name, even `<Operation>Input`.
        let mut targeted = shared_suites();
        for file in [&mut targeted.input, &mut targeted.output] {
            let shapes = &mut file[0]["shapes"];
            shapes["AInput"] = shapes["Shared"].clone();
            shapes["Own"]["members"]["again"] = json!({ "shape": "AInput" });
            for case in file[0]["cases"].as_array_mut().unwrap() {
                if case["given"]["input"]["shape"] == "Shared" {
                    case["given"]["input"]["shape"] = json!("AInput");
                }
            }
        }
        assert_error(
            convert(Protocol::RestJson1, &targeted),
            &["`AInput`, the name for the operation's own copy of `AInput`, is taken"],
        );
    }

    #[test]
    fn cases_merge_input_output_and_errors() {
        let shapes = json!({
            "In": { "type": "structure", "members": {} },
            "Out": { "type": "structure", "members": {} },
            "E1": { "type": "structure", "exception": true, "members": {} },
            "E2": { "type": "structure", "exception": true, "members": {} },
        });
        let requests = json!([
            case("R1", json!({ "input": { "shape": "In" } })),
            case("R2", json!({ "input": { "shape": "In" } }))
        ]);
        let answers = json!([
            case("S1", json!({ "output": { "shape": "Out" } })),
            case("F1", json!({ "errors": [{ "shape": "E2" }] })),
            case(
                "F2",
                json!({ "errors": [{ "shape": "E1" }, { "shape": "E2" }] })
            ),
        ]);
        let suites = Suites {
            input: json!([suite("Requests", rest_metadata(), shapes.clone(), requests)]),
            output: json!([suite("Answers", rest_metadata(), shapes, answers)]),
        };
        let model = convert(Protocol::RestJson1, &suites).unwrap();
        let op = shape(&model, "Op");
        assert_eq!(op["input"]["target"], target("In"));
        assert_eq!(op["output"]["target"], target("Out"));
        assert_eq!(
            op["errors"],
            json!([{ "target": target("E2") }, { "target": target("E1") }])
        );
    }

    #[test]
    fn contradicting_givens_are_an_error_naming_both_cases() {
        let shapes = json!({
            "In": { "type": "structure", "members": {} },
            "Other": { "type": "structure", "members": {} },
        });
        let other_uri = json!({ "http": { "method": "POST", "requestUri": "/elsewhere" } });
        for (second, key) in [
            (json!({ "input": { "shape": "Other" } }), "`input`"),
            (other_uri, "`http`"),
            (json!({ "idempotent": true }), "`idempotent`"),
        ] {
            let cases = json!([
                case("First", json!({ "input": { "shape": "In" } })),
                case("Second", second)
            ]);
            let suites = Suites {
                input: json!([suite("Suite A", rest_metadata(), shapes.clone(), cases)]),
                output: json!([]),
            };
            assert_error(
                convert(Protocol::RestJson1, &suites),
                &[
                    "operation `Op`",
                    "case `First`",
                    "case `Second`",
                    "disagree on",
                    key,
                ],
            );
        }
    }

    #[test]
    fn unknown_types_and_keys_are_errors_naming_suite_and_shape() {
        let given = json!({ "input": { "shape": "Input" } });
        let unknown_type = json!({
            "Input": { "type": "structure", "members": { "m": { "shape": "Odd" } } },
            "Odd": { "type": "set", "member": { "shape": "Input" } },
        });
        assert_error(
            rest(unknown_type, given.clone()),
            &["suite \"Suite A\"", "shape `Odd`", "unknown type `set`"],
        );
        let unknown_key =
            json!({ "Input": { "type": "structure", "members": {}, "xmlNamespace": "x" } });
        assert_error(
            rest(unknown_key, given.clone()),
            &[
                "suite \"Suite A\"",
                "shape `Input`",
                "unknown botocore key `xmlNamespace`",
            ],
        );
        let member_key = json!({
            "Input": { "type": "structure", "members": { "m": { "shape": "S", "flattened": true } } },
            "S": { "type": "string" },
        });
        assert_error(
            rest(member_key, given),
            &[
                "shape `Input`, member `m`",
                "unknown botocore key `flattened`",
            ],
        );
        assert_error(
            rest(json!({}), json!({ "authtype": "none" })),
            &["case `A1`", "unknown botocore key `authtype`"],
        );
    }

    #[test]
    fn target_prefix_must_be_the_service_name() {
        let mut metadata = json10_metadata();
        metadata["targetPrefix"] = json!("Other");
        let mut case = case("J1", json!({}));
        case["given"]["http"] = json!({ "method": "POST", "requestUri": "/" });
        let suites = Suites {
            input: json!([suite("Suite J", metadata, json!({}), json!([case]))]),
            output: json!([]),
        };
        assert_error(
            convert(Protocol::AwsJson1_0, &suites),
            &[
                "suite \"Suite J\"",
                "metadata.targetPrefix is \"Other\", expected \"JsonRpc10\"",
            ],
        );
    }

    #[test]
    fn malformed_suites_are_errors() {
        let convert_input = |input: Value| {
            let suites = Suites {
                input,
                output: json!([]),
            };
            convert(Protocol::RestJson1, &suites)
        };
        let cases = json!([case("A1", json!({}))]);
        for (input, problem) in [
            (json!({}), "not a JSON array of suites"),
            (json!([7]), "suite #0 of the input file is not an object"),
            (
                json!([{ "metadata": rest_metadata() }]),
                "has no description",
            ),
            (
                json!([suite(
                    "S",
                    json!({ "protocol": "json" }),
                    json!({}),
                    cases.clone()
                )]),
                "metadata.protocol",
            ),
            (
                json!([suite("S", rest_metadata(), json!([]), cases.clone())]),
                "`shapes` is [], expected an object",
            ),
            (
                json!([suite("S", rest_metadata(), json!({}), json!({}))]),
                "`cases` is not an array",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({}),
                    json!([{ "given": {} }])
                )]),
                "a case has no `id`",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({}),
                    json!([{ "id": "X" }])
                )]),
                "case `X`: `given` is null",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({}),
                    json!([case("X", json!({ "name": 3 }))])
                )]),
                "`name` is 3",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({}),
                    json!([case("X", json!({ "input": { "shape": "Gone" } }))])
                )]),
                "refers to `Gone`",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({ "A": { "type": "list", "member": { "shape": "Gone" } } }),
                    cases.clone()
                )]),
                "shape `A`: refers to `Gone`",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({ "A": { "members": {} } }),
                    cases.clone()
                )]),
                "shape `A`: no `type`",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({ "A-B": { "type": "string" } }),
                    cases.clone()
                )]),
                "`A-B` is not a Smithy identifier",
            ),
            (
                json!([suite(
                    "S",
                    rest_metadata(),
                    json!({}),
                    json!([case("X", json!({ "http": { "method": "GET" } }))])
                )]),
                "case `X`: no `requestUri`",
            ),
            (
                json!([suite("S", rest_metadata(), json!({}), json!([]))]),
                "the suites have no cases",
            ),
        ] {
            assert_error(convert_input(input), &[problem]);
        }
    }

    #[test]
    fn a_shape_must_mean_the_same_in_every_suite() {
        let cases = json!([case("A1", json!({}))]);
        let first = suite(
            "First",
            rest_metadata(),
            json!({ "S": { "type": "string" } }),
            cases.clone(),
        );
        let second = suite(
            "Second",
            rest_metadata(),
            json!({ "S": { "type": "integer" } }),
            cases,
        );
        let suites = Suites {
            input: json!([first]),
            output: json!([second]),
        };
        assert_error(
            convert(Protocol::RestJson1, &suites),
            &["suite \"Second\": shape `S`: defined differently in suite \"First\""],
        );
    }

    fn suites_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/protocol-tests")
    }

    /// Every `given.name` of every case of both files.
    fn given_names(suites: &Suites) -> BTreeSet<String> {
        [&suites.input, &suites.output]
            .into_iter()
            .flat_map(|file| file.as_array().into_iter().flatten())
            .flat_map(|suite| suite["cases"].as_array().into_iter().flatten())
            .filter_map(|case| case["given"]["name"].as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn the_real_suites_convert_and_the_generator_reads_them() {
        for (protocol, operation_count) in [
            (Protocol::RestJson1, 58),
            (Protocol::AwsJson1_0, 10),
            (Protocol::AwsJson1_1, 16),
        ] {
            let suites = load(&suites_dir(), protocol).unwrap();
            let model = convert(protocol, &suites).unwrap_or_else(|error| panic!("{error}"));
            let bytes = serde_json::to_vec_pretty(&model).unwrap();
            let path = Path::new(protocol.model_file());
            let parsed = connect_codegen::Model::parse(path, &bytes)
                .unwrap_or_else(|error| panic!("{error}"));
            let operations: BTreeSet<String> = parsed
                .operations()
                .iter()
                .map(|operation| operation.name().to_owned())
                .collect();
            assert_eq!(operations, given_names(&suites), "{protocol:?}");
            assert_eq!(operations.len(), operation_count, "{protocol:?}");
        }
    }

    /// Every JSON pointer below `value`, `value` itself first.
    fn pointers(value: &Value, at: String, all: &mut Vec<String>) {
        all.push(at.clone());
        let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
        match value {
            Value::Object(object) => {
                for (key, child) in object {
                    pointers(child, format!("{at}/{}", escape(key)), all);
                }
            }
            Value::Array(list) => {
                for (index, child) in list.iter().enumerate() {
                    pointers(child, format!("{at}/{index}"), all);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn any_part_of_a_real_suite_set_to_null_fails_cleanly_or_converts() {
        let suites = load(&suites_dir(), Protocol::AwsJson1_0).unwrap();
        for output in [false, true] {
            let mut all = Vec::new();
            let file = if output {
                &suites.output
            } else {
                &suites.input
            };
            pointers(file, String::new(), &mut all);
            for pointer in all {
                let mut broken = suites.clone();
                let file = if output {
                    &mut broken.output
                } else {
                    &mut broken.input
                };
                if let Some(node) = file.pointer_mut(&pointer) {
                    *node = Value::Null;
                }
                // No panic: test data may go unnoticed, anything the model needs is an error
                // that names its suite.
                if let Err(error) = convert(Protocol::AwsJson1_0, &broken) {
                    assert!(error.contains("suite"), "{pointer}: {error}");
                }
            }
        }
    }

    #[test]
    fn conversion_is_deterministic_and_keeps_member_order() {
        let suites = load(&suites_dir(), Protocol::RestJson1).unwrap();
        let text = || serde_json::to_string_pretty(&convert(Protocol::RestJson1, &suites).unwrap());
        assert_eq!(text().unwrap(), text().unwrap());
        let model = convert(Protocol::RestJson1, &suites).unwrap();
        let botocore = &suites.input[0]["shapes"];
        for (name, botocore_shape) in botocore.as_object().unwrap() {
            let Some(members) = shape(&model, name)["members"].as_object() else {
                continue;
            };
            if let Some(botocore_members) = botocore_shape["members"].as_object() {
                assert!(members.keys().eq(botocore_members.keys()), "{name}");
            }
        }
    }
}
