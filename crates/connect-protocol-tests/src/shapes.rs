//! A suite's botocore shapes, and the two conversions they guide: botocore's parameter form
//! (a case's `params`) into the SDK's document form, and the SDK's document form of an output
//! or error into the form of botocore's parsed result (a case's `result` or `error`).
//!
//! The forms differ only in timestamps and blobs. Botocore's params and results carry
//! timestamps as epoch seconds; the document form carries a timestamp in its member's declared
//! format (`@timestampFormat`, botocore's `timestampFormat` on the member or its shape): an
//! RFC 3339 string for `iso8601`, an HTTP date for `rfc822`, else epoch seconds. Botocore's
//! blobs are text; the document form's are base64. Everything else (`jsonvalue` strings among
//! them) is the same in both.

use connect_runtime::{DateTime, TimestampFormat};
use serde_json::{Map, Number, Value};

/// The shapes of one suite, by name.
#[derive(Debug)]
pub struct Shapes {
    shapes: Object,
}

/// A botocore shape, or a reference to one (a structure's member, a list's member, a map's key
/// or value: its `shape` and what the reference adds, `timestampFormat`, `location`, ...).
pub type Object = Map<String, Value>;

/// The leaf conversion of a walk: a value of type `kind`, with its shape and the reference
/// that reached it.
type Leaf = fn(&str, &Object, &Object, &Value) -> Result<Value, String>;

impl Shapes {
    /// The shapes of a suite's `shapes`.
    pub fn new(shapes: Object) -> Self {
        Self { shapes }
    }

    /// The members of structure `name`, each with its reference (target, location, ...).
    pub fn members(&self, name: &str) -> Result<Vec<(&str, &Object)>, String> {
        let shape = self.shape(name)?;
        let members = shape.get("members").and_then(Value::as_object);
        Ok(members
            .into_iter()
            .flatten()
            .filter_map(|(member, reference)| Some((member.as_str(), reference.as_object()?)))
            .collect())
    }

    /// `params` (botocore's parameter form) as the document form of structure `input`; with no
    /// input shape, the params must be empty.
    pub fn document(&self, params: &Value, input: Option<&str>) -> Result<Value, String> {
        match input {
            Some(input) => self.walk(params, &reference(input), to_document),
            None if params.as_object().is_some_and(Map::is_empty) => Ok(params.clone()),
            None => Err(format!("params {params} for an operation without input")),
        }
    }

    /// `value`, the SDK's document form of structure `shape`, as botocore's parser gives it.
    pub fn botocore(&self, value: &Value, shape: &str) -> Result<Value, String> {
        self.walk(value, &reference(shape), to_botocore)
    }

    fn shape(&self, name: &str) -> Result<&Object, String> {
        self.shapes
            .get(name)
            .and_then(Value::as_object)
            .ok_or_else(|| format!("the suite has no shape `{name}`"))
    }

    /// `value` of the shape `reference` targets, its timestamps and blobs converted by `leaf`.
    fn walk(&self, value: &Value, reference: &Object, leaf: Leaf) -> Result<Value, String> {
        let name = reference
            .get("shape")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("a reference without shape: {reference:?}"))?;
        let shape = self.shape(name)?;
        let kind = shape
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let nested = |key: &str| -> Result<&Object, String> {
            shape
                .get(key)
                .and_then(Value::as_object)
                .ok_or_else(|| format!("`{name}` has no `{key}`"))
        };
        // `null` is an item of a sparse list or map: nothing to convert.
        if value.is_null() {
            return Ok(Value::Null);
        }
        let is_document = shape.get("document").and_then(Value::as_bool) == Some(true);
        match (kind, value) {
            ("structure", _) if is_document => Ok(value.clone()),
            ("structure", Value::Object(members)) => {
                let shapes = shape.get("members").and_then(Value::as_object);
                members
                    .iter()
                    .map(|(member, value)| {
                        let reference = shapes
                            .and_then(|shapes| shapes.get(member))
                            .and_then(Value::as_object)
                            .ok_or_else(|| format!("`{member}` is not a member of `{name}`"))?;
                        let converted = self
                            .walk(value, reference, leaf)
                            .map_err(|error| format!("{member}: {error}"))?;
                        Ok((member.clone(), converted))
                    })
                    .collect::<Result<_, String>>()
                    .map(Value::Object)
            }
            ("list", Value::Array(items)) => {
                let member = nested("member")?;
                items
                    .iter()
                    .map(|item| self.walk(item, member, leaf))
                    .collect::<Result<_, _>>()
                    .map(Value::Array)
            }
            ("map", Value::Object(entries)) => {
                let value_reference = nested("value")?;
                entries
                    .iter()
                    .map(|(key, value)| Ok((key.clone(), self.walk(value, value_reference, leaf)?)))
                    .collect::<Result<_, String>>()
                    .map(Value::Object)
            }
            ("structure" | "list" | "map", _) => Err(format!("{value} is not a {kind}")),
            _ => leaf(kind, shape, reference, value),
        }
    }
}

/// A reference to shape `name`, as a structure's member would make it.
fn reference(name: &str) -> Object {
    Map::from_iter([("shape".to_owned(), Value::String(name.to_owned()))])
}

/// The declared timestamp format: the reference's, else the shape's.
fn timestamp_format<'a>(shape: &'a Object, reference: &'a Object) -> Option<&'a str> {
    reference
        .get("timestampFormat")
        .or_else(|| shape.get("timestampFormat"))
        .and_then(Value::as_str)
}

/// A params value in the document form.
fn to_document(
    kind: &str,
    shape: &Object,
    reference: &Object,
    value: &Value,
) -> Result<Value, String> {
    match kind {
        "timestamp" => {
            let time = instant(value)?;
            let format = match timestamp_format(shape, reference) {
                Some("iso8601") => TimestampFormat::DateTime,
                Some("rfc822") => TimestampFormat::HttpDate,
                _ => return Ok(value.clone()),
            };
            time.fmt(format)
                .map(Value::String)
                .map_err(|error| format!("{value} cannot be written: {error}"))
        }
        // A streaming blob is a stream, which the document form cannot hold.
        "blob" if shape.get("streaming").and_then(Value::as_bool) == Some(true) => {
            Err("a @streaming blob has no document form".to_owned())
        }
        "blob" => {
            let text = value
                .as_str()
                .ok_or_else(|| format!("the blob {value} is not text"))?;
            Ok(Value::String(aws_smithy_types::base64::encode(text)))
        }
        _ => Ok(value.clone()),
    }
}

/// A value of the SDK's document form as botocore's parser gives it.
fn to_botocore(kind: &str, _: &Object, _: &Object, value: &Value) -> Result<Value, String> {
    match kind {
        "timestamp" => epoch_seconds(&instant(value)?),
        "blob" => {
            let text = value
                .as_str()
                .ok_or_else(|| format!("the blob {value} is not base64 text"))?;
            let bytes = aws_smithy_types::base64::decode(text)
                .map_err(|error| format!("{value} is not base64: {error}"))?;
            String::from_utf8(bytes)
                .map(Value::String)
                .map_err(|_| format!("the blob {value} is not UTF-8 text"))
        }
        _ => Ok(value.clone()),
    }
}

/// The instant a timestamp denotes: epoch seconds (a number), or a date-time or HTTP date.
pub fn instant(value: &Value) -> Result<DateTime, String> {
    let parsed = match value {
        // From the number's text, not through f64, so that milliseconds stay exact.
        Value::Number(number) => {
            DateTime::from_str(&number.to_string(), TimestampFormat::EpochSeconds).ok()
        }
        Value::String(text) => DateTime::from_str(text, TimestampFormat::DateTime)
            .or_else(|_| DateTime::from_str(text, TimestampFormat::HttpDate))
            .ok(),
        _ => None,
    };
    parsed.ok_or_else(|| format!("{value} is not a timestamp"))
}

/// Epoch seconds as a JSON number: an integer when whole, as botocore's results hold them.
fn epoch_seconds(time: &DateTime) -> Result<Value, String> {
    let text = time
        .fmt(TimestampFormat::EpochSeconds)
        .map_err(|error| format!("{time:?}: {error}"))?;
    serde_json::from_str::<Number>(&text)
        .map(Value::Number)
        .map_err(|error| format!("{text}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shapes() -> Shapes {
        let shapes = json!({
            "Input": {"type": "structure", "members": {
                "plain": {"shape": "Time"},
                "iso": {"shape": "Time", "timestampFormat": "iso8601"},
                "onShape": {"shape": "HttpTime"},
                "data": {"shape": "Data"},
                "list": {"shape": "Times"},
                "doc": {"shape": "Doc"}
            }},
            "Time": {"type": "timestamp"},
            "HttpTime": {"type": "timestamp", "timestampFormat": "rfc822"},
            "Data": {"type": "blob"},
            "Times": {"type": "list", "member": {"shape": "Time", "timestampFormat": "iso8601"}},
            "Doc": {"type": "structure", "members": {}, "document": true}
        });
        Shapes::new(shapes.as_object().unwrap().clone())
    }

    #[test]
    fn params_take_the_declared_timestamp_format_and_base64_blobs() {
        let params = json!({
            "plain": 946845296,
            "iso": 946845296.123,
            "onShape": 946845296,
            "data": "binary-value",
            "list": [1, null],
            "doc": {"data": "not a blob"}
        });
        let document = shapes().document(&params, Some("Input")).unwrap();
        assert_eq!(
            document,
            json!({
                "plain": 946845296,
                "iso": "2000-01-02T20:34:56.123Z",
                "onShape": "Sun, 02 Jan 2000 20:34:56 GMT",
                "data": "YmluYXJ5LXZhbHVl",
                "list": ["1970-01-01T00:00:01Z", null],
                "doc": {"data": "not a blob"}
            })
        );
        let error = shapes()
            .document(&json!({"other": 1}), Some("Input"))
            .unwrap_err();
        assert_eq!(error, "`other` is not a member of `Input`");
        assert!(shapes().document(&json!({"a": 1}), None).is_err());
    }

    #[test]
    fn outputs_read_back_as_epoch_seconds_and_text() {
        let written = json!({
            "plain": 946845296,
            "iso": "2000-01-02T20:34:56.123Z",
            "onShape": "Sun, 02 Jan 2000 20:34:56 GMT",
            "data": "YmluYXJ5LXZhbHVl"
        });
        assert_eq!(
            shapes().botocore(&written, "Input").unwrap(),
            json!({
                "plain": 946845296,
                "iso": 946845296.123,
                "onShape": 946845296,
                "data": "binary-value"
            })
        );
        let error = shapes()
            .botocore(&json!({"data": "//8="}), "Input")
            .unwrap_err();
        assert_eq!(error, "data: the blob \"//8=\" is not UTF-8 text");
    }
}
