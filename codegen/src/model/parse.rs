//! Reading the JSON AST: serde_json values into the typed [`Model`], every error naming the
//! file, the shape and the JSON path.

use super::transform::synthesize_unit_io;
use super::{
    prelude, sha256_hex, Bounds, Deprecated, Http, Member, Model, ModelError, Operation, Paginated,
    Shape, ShapeKind, Simple, Traits, UNIT,
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
        let version = root.key("smithy");
        let version_text = version.string(root.field(top, "smithy")?)?;
        if !version_text.starts_with("2.") {
            return Err(version.error(format!(
                "Smithy IDL version {version_text:?} is not supported (expected 2.x)"
            )));
        }
        let shapes_at = root.key("shapes");
        let mut shapes = BTreeMap::new();
        for (id, value) in shapes_at.object(root.field(top, "shapes")?)? {
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
        synthesize_unit_io(&mut shapes);
        let mut services = shapes
            .values()
            .filter(|shape| matches!(shape.kind, ShapeKind::Service(_)));
        let service = match (services.next(), services.next()) {
            (Some(service), None) => service.id.clone(),
            (None, _) => return Err(shapes_at.error("the model has no service shape")),
            (Some(_), Some(_)) => return Err(shapes_at.error("the model has several services")),
        };
        let model = Model {
            shapes,
            service,
            sha256: sha256_hex(bytes),
        };
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
            if let ShapeKind::Service(operations) = &shape.kind {
                for (index, id) in operations.iter().enumerate() {
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

fn parse_shape(at: &Cursor, id: &str, value: &Value) -> Result<Shape, ModelError> {
    let object = at.object(value)?;
    let type_at = at.key("type");
    let type_name = type_at.string(at.field(object, "type")?)?;
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
        "enum" | "intEnum" => members().map(ShapeKind::Enum),
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
        "service" => {
            let list_at = at.key("operations");
            let mut operations = Vec::new();
            if let Some(list) = object.get("operations") {
                let list = list
                    .as_array()
                    .ok_or_else(|| list_at.error("expected an array"))?;
                for (index, reference) in list.iter().enumerate() {
                    let item = list_at.index(index);
                    let target = item.key("target");
                    operations.push(
                        target
                            .string(item.field(item.object(reference)?, "target")?)?
                            .to_owned(),
                    );
                }
            }
            Ok(ShapeKind::Service(operations))
        }
        "resource" => Ok(ShapeKind::Resource),
        other => Err(type_at.error(format!("unknown shape type `{other}`"))),
    }?;
    let traits = match object.get("traits") {
        Some(traits) => parse_traits(&at.key("traits"), traits)?,
        None => Traits::default(),
    };
    Ok(Shape {
        id: id.to_owned(),
        kind,
        traits,
    })
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
    let target_at = at.key("target");
    let target = target_at.string(at.field(object, "target")?)?.to_owned();
    let traits = match object.get("traits") {
        Some(traits) => parse_traits(&at.key("traits"), traits)?,
        None => Traits::default(),
    };
    Ok(Member {
        name: name.to_owned(),
        target,
        traits,
    })
}

fn parse_operation(at: &Cursor, object: &Map<String, Value>) -> Result<Operation, ModelError> {
    let reference = |key: &str| match object.get(key) {
        Some(_) => at.target(object, key),
        None => Ok(UNIT.to_owned()),
    };
    let mut errors = Vec::new();
    if let Some(list) = object.get("errors") {
        let list_at = at.key("errors");
        let list = list
            .as_array()
            .ok_or_else(|| list_at.error(format!("expected an array, found {}", kind(list))))?;
        for (index, item) in list.iter().enumerate() {
            let item_at = list_at.index(index);
            let target_at = item_at.key("target");
            errors.push(
                target_at
                    .string(item_at.field(item_at.object(item)?, "target")?)?
                    .to_owned(),
            );
        }
    }
    Ok(Operation {
        input: reference("input")?,
        output: reference("output")?,
        errors,
    })
}

fn parse_traits(at: &Cursor, value: &Value) -> Result<Traits, ModelError> {
    let mut traits = Traits::default();
    for (id, value) in at.object(value)? {
        let at = at.key(id);
        let string = || at.string(value).map(str::to_owned);
        match id.as_str() {
            "smithy.api#documentation" => traits.documentation = Some(string()?),
            "smithy.api#required" => traits.required = true,
            "smithy.api#default" => traits.default = Some(value.clone()),
            "smithy.api#addedDefault" => traits.added_default = true,
            "smithy.api#http" => {
                let object = at.object(value)?;
                let code = match object.get("code") {
                    None => 200,
                    Some(code) => status(&at.key("code"), code)?,
                };
                traits.http = Some(Http {
                    method: at
                        .key("method")
                        .string(at.field(object, "method")?)?
                        .to_owned(),
                    uri: at.key("uri").string(at.field(object, "uri")?)?.to_owned(),
                    code,
                });
            }
            "smithy.api#httpLabel" => traits.http_label = true,
            "smithy.api#httpQuery" => traits.http_query = Some(string()?),
            "smithy.api#httpHeader" => traits.http_header = Some(string()?),
            "smithy.api#httpPayload" => traits.http_payload = true,
            "smithy.api#httpError" => traits.http_error = Some(status(&at, value)?),
            "smithy.api#error" => {
                let kind = string()?;
                if kind != "client" && kind != "server" {
                    return Err(
                        at.error(format!("expected \"client\" or \"server\", found {kind:?}"))
                    );
                }
                traits.error = Some(kind);
            }
            "smithy.api#length" => traits.length = Some(bounds(&at, value)?),
            "smithy.api#range" => traits.range = Some(bounds(&at, value)?),
            "smithy.api#pattern" => traits.pattern = Some(string()?),
            "smithy.api#sensitive" => traits.sensitive = true,
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
            "smithy.api#input" => traits.input = true,
            "smithy.api#output" => traits.output = true,
            _ => {
                traits.other.insert(id.clone(), value.clone());
            }
        }
    }
    Ok(traits)
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
