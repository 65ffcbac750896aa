//! Reading the JSON AST: serde_json values into the typed [`Model`], every error naming the
//! file, the shape and the JSON path.

use super::support::{self, Support};
use super::transform;
use super::{
    prelude, sha256_hex, AwsQueryError, AwsService, Bounds, Deprecated, EnumDefinition, Http,
    Member, Model, ModelError, Operation, Paginated, Refusal, Resource, Retryable, Service, Shape,
    ShapeKind, Simple, Traits, UNIT,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

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
        for key in top.keys() {
            // `metadata` holds validation suppressions and tool settings, never shapes.
            if !matches!(key.as_str(), "smithy" | "shapes" | "metadata") {
                return Err(root.key(key).error("unknown top-level key"));
            }
        }
        let version = root.key("smithy");
        let version_text = version.string(root.field(top, "smithy")?)?;
        if !version_text.starts_with("2.") {
            return Err(version.error(format!(
                "Smithy IDL version {version_text:?} is not supported (expected 2.x)"
            )));
        }
        let shapes_at = root.key("shapes");
        let error = |path: String, problem: String| ModelError {
            file: file.to_path_buf(),
            shape: None,
            path,
            problem,
        };
        let mut json_shapes = shapes_at.object(root.field(top, "shapes")?)?.clone();
        transform::flatten_mixins(&mut json_shapes)
            .map_err(|(path, problem)| error(path, problem))?;
        let mut shapes = BTreeMap::new();
        for (id, value) in &json_shapes {
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
        let mut services = shapes
            .values()
            .filter(|shape| matches!(shape.kind, ShapeKind::Service(_)));
        let service = match (services.next(), services.next()) {
            (Some(service), None) => service.id.clone(),
            (None, _) => return Err(shapes_at.error("the model has no service shape")),
            (Some(_), Some(_)) => return Err(shapes_at.error("the model has several services")),
        };
        let mut model = Model {
            shapes,
            service,
            sha256: sha256_hex(bytes),
        };
        // The transforms index shapes by the references they follow: those must exist.
        model.check_references(file)?;
        transform::apply(&mut model.shapes, &model.service)
            .map_err(|(path, problem)| error(path, problem))?;
        model.check_references(file)?;
        Ok(model)
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
            if let ShapeKind::Service(service) = &shape.kind {
                for (index, id) in service.operations.iter().enumerate() {
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

/// The keys a shape of each kind may have besides `type` and `traits`.
fn allowed_keys(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "enum" | "intEnum" | "structure" | "union" => &["members"],
        "list" | "set" => &["member"],
        "map" => &["key", "value"],
        "operation" => &["input", "output", "errors"],
        "service" => &["version", "operations", "resources", "errors", "rename"],
        "resource" => &[
            "identifiers",
            "properties",
            "create",
            "put",
            "read",
            "update",
            "delete",
            "list",
            "operations",
            "collectionOperations",
            "resources",
        ],
        _ => &[],
    }
}

/// A shape (its mixins already flattened into it).
fn parse_shape(at: &Cursor, id: &str, value: &Value) -> Result<Shape, ModelError> {
    let object = at.object(value)?;
    let type_at = at.key("type");
    let type_name = type_at.string(at.field(object, "type")?)?;
    let Some(kind_support) = support::of_kind(type_name) else {
        return Err(type_at.error(format!("unknown shape type `{type_name}`")));
    };
    for key in object.keys() {
        if key != "type" && key != "traits" && !allowed_keys(type_name).contains(&key.as_str()) {
            return Err(at
                .key(key)
                .error(format!("unknown key for a `{type_name}` shape")));
        }
    }
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
        "enum" => members().map(ShapeKind::Enum),
        "intEnum" => members().map(ShapeKind::IntEnum),
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
        "service" => parse_service(at, object).map(ShapeKind::Service),
        _ => parse_resource(at, object).map(ShapeKind::Resource),
    }?;
    let mut refusals = Vec::new();
    if let Support::Refused(reason) = kind_support {
        refusals.push(Refusal {
            what: format!("a `{type_name}` shape"),
            reason,
            path: type_at.path.clone(),
        });
    }
    let traits = match object.get("traits") {
        Some(traits) => parse_traits(&at.key("traits"), traits, &mut refusals)?,
        None => Traits::default(),
    };
    if traits.streaming && type_name == "union" {
        refusals.push(Refusal {
            what: "smithy.api#streaming".into(),
            reason: support::EVENT_STREAM,
            path: at.key("traits").key("smithy.api#streaming").path,
        });
    }
    let mut shape = Shape {
        id: id.to_owned(),
        kind,
        traits,
        refusals,
    };
    collect_member_refusals(&mut shape);
    Ok(shape)
}

/// Refusals of member traits belong to the shape that holds the members.
fn collect_member_refusals(shape: &mut Shape) {
    let members: Vec<&Member> = match &shape.kind {
        ShapeKind::List(member) => vec![member],
        ShapeKind::Map(key, value) => vec![key, value],
        _ => shape.members().iter().collect(),
    };
    let found: Vec<Refusal> = members
        .into_iter()
        .flat_map(|member| member.refusals.iter().cloned())
        .collect();
    shape.refusals.extend(found);
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
    for key in object.keys() {
        if key != "target" && key != "traits" {
            return Err(at.key(key).error("unknown key for a member"));
        }
    }
    let target_at = at.key("target");
    let target = target_at.string(at.field(object, "target")?)?.to_owned();
    let mut refusals = Vec::new();
    let traits = match object.get("traits") {
        Some(traits) => parse_traits(&at.key("traits"), traits, &mut refusals)?,
        None => Traits::default(),
    };
    Ok(Member {
        name: name.to_owned(),
        target,
        traits,
        refusals,
    })
}

/// A list of `{"target": id}` references.
fn references(at: &Cursor, value: &Value) -> Result<Vec<String>, ModelError> {
    let list = value
        .as_array()
        .ok_or_else(|| at.error(format!("expected an array, found {}", kind(value))))?;
    list.iter()
        .enumerate()
        .map(|(index, item)| {
            let item_at = at.index(index);
            let target_at = item_at.key("target");
            Ok(target_at
                .string(item_at.field(item_at.object(item)?, "target")?)?
                .to_owned())
        })
        .collect()
}

/// `object[key]` as a list of references, empty when absent.
fn reference_list(
    at: &Cursor,
    object: &Map<String, Value>,
    key: &str,
) -> Result<Vec<String>, ModelError> {
    match object.get(key) {
        Some(list) => references(&at.key(key), list),
        None => Ok(Vec::new()),
    }
}

fn parse_operation(at: &Cursor, object: &Map<String, Value>) -> Result<Operation, ModelError> {
    let reference = |key: &str| match object.get(key) {
        Some(_) => at.target(object, key),
        None => Ok(UNIT.to_owned()),
    };
    Ok(Operation {
        input: reference("input")?,
        output: reference("output")?,
        errors: reference_list(at, object, "errors")?,
    })
}

fn parse_service(at: &Cursor, object: &Map<String, Value>) -> Result<Service, ModelError> {
    let mut rename = BTreeMap::new();
    if let Some(value) = object.get("rename") {
        let rename_at = at.key("rename");
        for (id, name) in rename_at.object(value)? {
            rename.insert(id.clone(), rename_at.key(id).string(name)?.to_owned());
        }
    }
    Ok(Service {
        operations: reference_list(at, object, "operations")?,
        resources: reference_list(at, object, "resources")?,
        errors: reference_list(at, object, "errors")?,
        rename,
        version: at.optional_string(object, "version")?,
    })
}

fn parse_resource(at: &Cursor, object: &Map<String, Value>) -> Result<Resource, ModelError> {
    let mut operations = Vec::new();
    for key in ["create", "put", "read", "update", "delete", "list"] {
        if object.contains_key(key) {
            operations.push(at.target(object, key)?);
        }
    }
    operations.extend(reference_list(at, object, "operations")?);
    operations.extend(reference_list(at, object, "collectionOperations")?);
    Ok(Resource {
        operations,
        resources: reference_list(at, object, "resources")?,
    })
}

/// The traits of a shape or member. A trait the support table does not list is an error; a
/// refused one is recorded in `refusals` with its path; an ignored one is read past.
fn parse_traits(
    at: &Cursor,
    value: &Value,
    refusals: &mut Vec<Refusal>,
) -> Result<Traits, ModelError> {
    let mut traits = Traits::default();
    for (id, value) in at.object(value)? {
        let at = at.key(id);
        match support::of_trait(id) {
            None => {
                return Err(at.error(format!(
                    "trait `{id}` is unknown to this generator: add it to the support table \
                     (codegen/src/model/support.rs) as supported, ignored or refused"
                )))
            }
            Some(Support::Ignored(_)) => continue,
            Some(Support::Refused(reason)) => {
                refusals.push(Refusal {
                    what: id.clone(),
                    reason,
                    path: at.path.clone(),
                });
                continue;
            }
            Some(Support::Supported) => read_trait(&at, id, value, &mut traits)?,
        }
    }
    Ok(traits)
}

/// Reads one supported trait into `traits`.
fn read_trait(at: &Cursor, id: &str, value: &Value, traits: &mut Traits) -> Result<(), ModelError> {
    let string = || at.string(value).map(str::to_owned);
    match id {
        "smithy.api#documentation" => traits.documentation = Some(string()?),
        "smithy.api#required" => traits.required = true,
        "smithy.api#clientOptional" => traits.client_optional = true,
        "smithy.api#default" => traits.default = Some(value.clone()),
        "smithy.api#addedDefault" => traits.added_default = true,
        "smithy.api#http" => traits.http = Some(http(at, value)?),
        "smithy.api#httpLabel" => traits.http_label = true,
        "smithy.api#httpQuery" => traits.http_query = Some(string()?),
        "smithy.api#httpQueryParams" => traits.http_query_params = true,
        "smithy.api#httpHeader" => traits.http_header = Some(string()?),
        "smithy.api#httpPrefixHeaders" => traits.http_prefix_headers = Some(string()?),
        "smithy.api#httpPayload" => traits.http_payload = true,
        "smithy.api#httpResponseCode" => traits.http_response_code = true,
        "smithy.api#httpError" => traits.http_error = Some(status(at, value)?),
        "smithy.api#endpoint" => {
            let object = at.object(value)?;
            let prefix = at
                .key("hostPrefix")
                .string(at.field(object, "hostPrefix")?)?;
            traits.host_prefix = Some(prefix.to_owned());
        }
        "smithy.api#hostLabel" => traits.host_label = true,
        "smithy.api#error" => {
            let kind = string()?;
            if kind != "client" && kind != "server" {
                return Err(at.error(format!("expected \"client\" or \"server\", found {kind:?}")));
            }
            traits.error = Some(kind);
        }
        "smithy.api#retryable" => {
            let object = at.object(value)?;
            let throttling = match object.get("throttling") {
                None => false,
                Some(flag) => flag
                    .as_bool()
                    .ok_or_else(|| at.key("throttling").error("expected a boolean"))?,
            };
            traits.retryable = Some(Retryable { throttling });
        }
        "smithy.api#length" => traits.length = Some(bounds(at, value)?),
        "smithy.api#range" => traits.range = Some(bounds(at, value)?),
        "smithy.api#pattern" => traits.pattern = Some(string()?),
        "smithy.api#uniqueItems" => traits.unique_items = true,
        "smithy.api#sensitive" => traits.sensitive = true,
        "smithy.api#sparse" => traits.sparse = true,
        "smithy.api#streaming" => traits.streaming = true,
        "smithy.api#requiresLength" => traits.requires_length = true,
        "smithy.api#mediaType" => traits.media_type = Some(string()?),
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
        "smithy.api#enum" => traits.legacy_enum = Some(legacy_enum(at, value)?),
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
        "smithy.api#xmlName" => traits.xml_name = Some(string()?),
        "smithy.api#xmlFlattened" => traits.xml_flattened = true,
        "aws.protocols#awsQueryError" => {
            let object = at.object(value)?;
            traits.aws_query_error = Some(AwsQueryError {
                code: at.key("code").string(at.field(object, "code")?)?.to_owned(),
                http_response_code: status(
                    &at.key("httpResponseCode"),
                    at.field(object, "httpResponseCode")?,
                )?,
            });
        }
        "smithy.api#input" => traits.input = true,
        "smithy.api#output" => traits.output = true,
        "smithy.api#mixin" => traits.mixin = true,
        "smithy.api#auth" => {
            let list = value
                .as_array()
                .ok_or_else(|| at.error(format!("expected an array, found {}", kind(value))))?;
            let schemes = list
                .iter()
                .enumerate()
                .map(|(index, scheme)| at.index(index).string(scheme).map(str::to_owned))
                .collect::<Result<_, _>>()?;
            traits.auth = Some(schemes);
        }
        "smithy.api#optionalAuth" => traits.optional_auth = true,
        "smithy.api#title" => traits.title = Some(string()?),
        "aws.api#service" => {
            let object = at.object(value)?;
            traits.aws_service = Some(AwsService {
                sdk_id: at
                    .key("sdkId")
                    .string(at.field(object, "sdkId")?)?
                    .to_owned(),
                endpoint_prefix: at.optional_string(object, "endpointPrefix")?,
            });
        }
        "aws.auth#sigv4" => {
            let object = at.object(value)?;
            traits.sigv4 = Some(at.key("name").string(at.field(object, "name")?)?.to_owned());
        }
        "aws.protocols#restJson1"
        | "aws.protocols#awsJson1_0"
        | "aws.protocols#awsJson1_1"
        | "aws.protocols#awsQuery" => traits.protocols.push(id.to_owned()),
        "smithy.rules#endpointRuleSet" => traits.endpoint_rule_set = Some(value.clone()),
        "smithy.rules#endpointTests" => traits.endpoint_tests = Some(value.clone()),
        _ => return Err(at.error(format!("trait `{id}` is listed as supported but not read"))),
    }
    Ok(())
}

fn http(at: &Cursor, value: &Value) -> Result<Http, ModelError> {
    let object = at.object(value)?;
    let code = match object.get("code") {
        None => 200,
        Some(code) => status(&at.key("code"), code)?,
    };
    Ok(Http {
        method: at
            .key("method")
            .string(at.field(object, "method")?)?
            .to_owned(),
        uri: at.key("uri").string(at.field(object, "uri")?)?.to_owned(),
        code,
    })
}

/// The values of the legacy `smithy.api#enum` trait.
fn legacy_enum(at: &Cursor, value: &Value) -> Result<Vec<EnumDefinition>, ModelError> {
    let list = value
        .as_array()
        .ok_or_else(|| at.error(format!("expected an array, found {}", kind(value))))?;
    list.iter()
        .enumerate()
        .map(|(index, item)| {
            let item_at = at.index(index);
            let object = item_at.object(item)?;
            let tags = object.get("tags").and_then(Value::as_array);
            let deprecated = object.get("deprecated").and_then(Value::as_bool) == Some(true)
                || tags.is_some_and(|tags| tags.iter().any(|tag| tag == "deprecated"));
            Ok(EnumDefinition {
                value: item_at
                    .key("value")
                    .string(item_at.field(object, "value")?)?
                    .to_owned(),
                name: item_at.optional_string(object, "name")?,
                documentation: item_at.optional_string(object, "documentation")?,
                deprecated,
            })
        })
        .collect()
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
