//! JSON documents of the JSON protocols (restJson1, awsJson1_0, awsJson1_1), without serde
//! derive.
//!
//! Generated shapes implement [`ToJson`] and [`FromJson`] with plain code: no proc macro to
//! compile, and the protocols' rules (members left out when unset, unknown members ignored,
//! `null` read as unset except in `@sparse` collections, floats as `"NaN"`/`"Infinity"`, blobs
//! in base64) are spelled out once, here.

use crate::encoding::timestamp::{from_text, DateTime, TimestampFormat};
use aws_smithy_types::{BigDecimal, BigInteger, Blob, Document, Number as SmithyNumber};
use std::collections::HashMap;
use std::fmt;

mod parse;
mod value;

pub use value::{Map, Number, Value};

/// The two JSON forms of a value.
///
/// They differ where the protocol renames members (`@jsonName` in restJson1) and for the
/// inputs and outputs of operations, whose wire form is their body only (members bound to the
/// URI, headers or the status code travel elsewhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// What goes on the wire: members under their JSON names; reading an answer, a member the
    /// service leaves out takes its `@default`, as Smithy asks of clients.
    Wire,
    /// What a person writes and reads (the request syntax of the AWS documentation, the
    /// `connect` tool's `--input-json` and output): every member under its name in the model;
    /// what is left out stays unset, and so is never sent, since a `false` or `0` nobody chose
    /// must not overwrite what the caller meant to keep.
    Document,
}

impl Form {
    /// `default()` when reading the wire form, else `None`.
    pub fn default_value<T>(self, default: impl FnOnce() -> T) -> Option<T> {
        match self {
            Self::Wire => Some(default()),
            Self::Document => None,
        }
    }

    /// `wire` in the wire form, `model` in the document form: a member's name.
    pub fn name<'a>(self, wire: &'a str, model: &'a str) -> &'a str {
        match self {
            Self::Wire => wire,
            Self::Document => model,
        }
    }
}

/// Writes a value as JSON.
pub trait ToJson {
    /// Appends the JSON text of `self`, in `form`, to `out`.
    fn write_json(&self, out: &mut Vec<u8>, form: Form);
}

/// Reads a value from a parsed JSON document.
pub trait FromJson: Sized {
    /// Whether `null` is a value of this type (an item of a `@sparse` list or map): dense
    /// collections drop `null` entries, sparse ones keep them.
    const NULLABLE: bool = false;

    /// The value `json` holds in `form`, or what did not match.
    fn read_json(json: &Value, form: Form) -> Result<Self, JsonError>;

    /// The value `json` holds in its document form, as a caller writes it (an input, a value
    /// given to a tool).
    fn from_json(json: &Value) -> Result<Self, JsonError> {
        Self::read_json(json, Form::Document)
    }
}

/// The JSON text of `value` in `form`.
pub fn to_vec<T: ToJson + ?Sized>(value: &T, form: Form) -> Vec<u8> {
    let mut out = Vec::new();
    value.write_json(&mut out, form);
    out
}

/// Parses `bytes` as JSON and reads a `T` in its document form; an empty text reads as `{}`.
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, JsonError> {
    read_slice(bytes, Form::Document)
}

/// Parses an answer's body and reads a `T` in its wire form; an empty body reads as `{}`, as
/// the protocols allow for answers whose members are all unset.
pub fn answer_from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, JsonError> {
    read_slice(bytes, Form::Wire)
}

/// `bytes` parsed as JSON (`{}` when empty).
pub fn parse(bytes: &[u8]) -> Result<Value, JsonError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    parse_value(bytes)
}

/// `bytes` parsed as one JSON value; an empty text is an error.
pub fn parse_value(bytes: &[u8]) -> Result<Value, JsonError> {
    parse::parse_value(bytes)
}

fn read_slice<T: FromJson>(bytes: &[u8], form: Form) -> Result<T, JsonError> {
    T::read_json(&parse(bytes)?, form)
}

/// Writes a JSON object member by member, skipping nothing: callers leave unset members out.
pub struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    form: Form,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object whose members are written in `form`.
    pub fn new(out: &'a mut Vec<u8>, form: Form) -> Self {
        // A document's first write allocates once for a typical request body, rather than
        // growing the buffer from a few bytes by doubling.
        if out.capacity() == 0 {
            out.reserve(256);
        }
        out.push(b'{');
        Self {
            out,
            form,
            empty: true,
        }
    }

    /// The form members are written in.
    pub fn form(&self) -> Form {
        self.form
    }

    /// Writes one member.
    pub fn member<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        write_string(self.out, name);
        self.out.push(b':');
        value.write_json(self.out, self.form);
    }

    /// Closes the object.
    pub fn finish(self) {
        self.out.push(b'}');
    }
}

fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Runs of bytes that need no escape are copied whole; only `"`, `\` and control
    // characters are escaped (every other character, ASCII or not, is valid JSON as is).
    let mut start = 0;
    while let Some(offset) = bytes[start..]
        .iter()
        .position(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\')
    {
        let index = start + offset;
        out.extend_from_slice(&bytes[start..index]);
        match bytes[index] {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            byte => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let (high, low) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]);
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
            }
        }
        start = index + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

impl ToJson for str {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        write_string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        write_string(out, self);
    }
}

/// Smithy's `Unit`, an empty structure.
impl ToJson for () {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        out.extend_from_slice(b"{}");
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! integer_json {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn write_json(&self, out: &mut Vec<u8>, _: Form) {
                out.extend_from_slice(self.to_string().as_bytes());
            }
        }

        impl FromJson for $ty {
            fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
                json.as_i64()
                    .and_then(|number| <$ty>::try_from(number).ok())
                    .ok_or_else(|| JsonError::expected(stringify!($ty), json))
            }
        }
    )*};
}
integer_json!(i8, i16, i32, i64);

macro_rules! float_json {
    ($($ty:ty),*) => {$(
        // JSON has no NaN or infinities: the protocol spells them as strings.
        impl ToJson for $ty {
            fn write_json(&self, out: &mut Vec<u8>, _: Form) {
                if self.is_nan() {
                    write_string(out, "NaN");
                } else if self.is_infinite() {
                    write_string(out, if *self > 0.0 { "Infinity" } else { "-Infinity" });
                } else {
                    out.extend_from_slice(self.to_string().as_bytes());
                }
            }
        }

        impl FromJson for $ty {
            fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
                match json {
                    Value::Number(number) => number.as_f64().map(|value| value as $ty),
                    Value::String(text) => match text.as_str() {
                        "NaN" => Some(<$ty>::NAN),
                        "Infinity" => Some(<$ty>::INFINITY),
                        "-Infinity" => Some(<$ty>::NEG_INFINITY),
                        _ => None,
                    },
                    _ => None,
                }
                .ok_or_else(|| JsonError::expected(stringify!($ty), json))
            }
        }
    )*};
}
float_json!(f32, f64);

/// Arbitrary-precision numbers are JSON numbers, written digit for digit in JSON's own spelling
/// (the types also accept `+5`, `.5` or leading zeros, which JSON does not).
impl ToJson for BigInteger {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        out.extend_from_slice(json_number(self.as_ref()).as_bytes());
    }
}

impl ToJson for BigDecimal {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        out.extend_from_slice(json_number(self.as_ref()).as_bytes());
    }
}

/// `text`, a number the big-number types accept, as a JSON number: no `+`, no leading zeros,
/// a digit on both sides of the decimal point.
fn json_number(text: &str) -> String {
    let (sign, unsigned) = match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..]),
        Some(b'+') => ("", &text[1..]),
        _ => ("", text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => unsigned.split_at(at),
        None => (unsigned, ""),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let point = if fraction.is_empty() { "" } else { "." };
    format!("{sign}{whole}{point}{fraction}{exponent}")
}

/// Read digit for digit, from the number's text.
impl FromJson for BigInteger {
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        big_number(json, "integer")
    }
}

impl FromJson for BigDecimal {
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        big_number(json, "number")
    }
}

/// A big number from its JSON text, digit for digit; `expected` names it in the error.
fn big_number<T: std::str::FromStr>(json: &Value, expected: &str) -> Result<T, JsonError> {
    match json {
        Value::Number(number) => number.to_string().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| JsonError::expected(expected, json))
}

impl ToJson for DateTime {
    /// Epoch seconds, the JSON protocols' default for timestamps in bodies.
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        Timestamp(self, TimestampFormat::EpochSeconds).write_json(out, form);
    }
}

impl FromJson for DateTime {
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        timestamp(json, TimestampFormat::EpochSeconds)
    }
}

/// A timestamp written in a given format: a number for epoch seconds, else a string
/// (`@timestampFormat`).
#[derive(Clone, Copy, Debug)]
pub struct Timestamp<'a>(pub &'a DateTime, pub TimestampFormat);

impl ToJson for Timestamp<'_> {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        let Timestamp(value, format) = *self;
        // Formatting fails only for years outside 0..=9999; such a value is written as epoch
        // seconds, which always exist, rather than lost.
        match (format, value.fmt(format)) {
            (TimestampFormat::EpochSeconds, Ok(text)) => out.extend_from_slice(text.as_bytes()),
            (_, Ok(text)) => write_string(out, &text),
            (_, Err(_)) => out.extend_from_slice(value.secs().to_string().as_bytes()),
        }
    }
}

/// A timestamp read in `format`; epoch seconds may be a number or, as some services send them,
/// a numeric string, or an RFC 3339 date-time string (moto_server sends those where the model
/// says epoch seconds; botocore reads them too: docs/CONFORMANCE.md).
pub fn timestamp(json: &Value, format: TimestampFormat) -> Result<DateTime, JsonError> {
    match (format, json) {
        // Parsed from the number's text, not through f64, so that milliseconds stay exact.
        (TimestampFormat::EpochSeconds, Value::Number(number)) => {
            DateTime::from_str(&number.to_string(), format)
                .map_err(|error| JsonError::new(format!("{number} is not a timestamp: {error}")))
        }
        (TimestampFormat::EpochSeconds, Value::String(text)) => DateTime::from_str(text, format)
            .or_else(|error| {
                DateTime::from_str(text, TimestampFormat::DateTimeWithOffset).map_err(|_| error)
            })
            .map_err(|error| JsonError::new(format!("{text:?} is not a timestamp: {error}"))),
        (_, Value::String(text)) => from_text(text, format)
            .map_err(|error| JsonError::new(format!("{text:?} is not a timestamp: {error}"))),
        (TimestampFormat::HttpDate | TimestampFormat::DateTime, _) => {
            Err(JsonError::expected("a timestamp string", json))
        }
        _ => Err(JsonError::expected("a timestamp", json)),
    }
}

/// Member `name` of `object` as a timestamp in `format`, `None` when absent or null.
pub fn timestamp_member(
    object: &Map,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<DateTime>, JsonError> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => timestamp(value, format)
            .map(Some)
            .map_err(|error| error.at_member(name)),
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        out.push(b'[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            item.write_json(out, form);
        }
        out.push(b']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        self.as_slice().write_json(out, form);
    }
}

impl<K, T> ToJson for HashMap<K, T>
where
    K: AsRef<str>,
    T: ToJson,
{
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        let mut entries: Vec<(&str, &dyn ToJson)> = Vec::with_capacity(self.len());
        for (key, value) in self {
            entries.push((key.as_ref(), value));
        }
        write_sorted(entries, out, form);
    }
}

/// A map's entries as an object, by key: sorted keys keep requests (and their signatures)
/// deterministic. Not generic, so that the sort is compiled once, here, rather than in every
/// crate with a map of its own.
fn write_sorted(mut entries: Vec<(&str, &dyn ToJson)>, out: &mut Vec<u8>, form: Form) {
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut object = ObjectWriter::new(out, form);
    for (key, value) in entries {
        object.member(key, value);
    }
    object.finish();
}

impl FromJson for String {
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        json.as_str()
            .map(str::to_owned)
            .ok_or_else(|| JsonError::expected("string", json))
    }
}

/// Any JSON, as is.
impl FromJson for Value {
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        Ok(json.clone())
    }
}

impl FromJson for bool {
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        json.as_bool()
            .ok_or_else(|| JsonError::expected("boolean", json))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    /// `null` entries of a dense list are dropped, as the protocol asks of clients; a sparse
    /// list (`Vec<Option<T>>`) keeps them.
    fn read_json(json: &Value, form: Form) -> Result<Self, JsonError> {
        let items = json
            .as_array()
            .ok_or_else(|| JsonError::expected("array", json))?;
        // A loop rather than an iterator chain: this is compiled once per item type, in the
        // crate of the type, and the chain's adapters cost several times its code.
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if T::NULLABLE || !item.is_null() {
                list.push(T::read_json(item, form).map_err(|error| error.at_index(index))?);
            }
        }
        Ok(list)
    }
}

impl<K, T> FromJson for HashMap<K, T>
where
    K: for<'a> From<&'a str> + Eq + std::hash::Hash,
    T: FromJson,
{
    /// `null` values of a dense map are dropped, as the protocol asks of clients; a sparse map
    /// (`HashMap<K, Option<T>>`) keeps them.
    fn read_json(json: &Value, form: Form) -> Result<Self, JsonError> {
        let members = object(json)?;
        let mut map = HashMap::with_capacity(members.len());
        for (key, value) in members {
            if T::NULLABLE || !value.is_null() {
                let value = T::read_json(value, form).map_err(|error| error.at_member(key))?;
                map.insert(K::from(key), value);
            }
        }
        Ok(map)
    }
}

/// A member of a recursive shape, boxed: written and read as the value it holds.
impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        (**self).write_json(out, form);
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read_json(json: &Value, form: Form) -> Result<Self, JsonError> {
        T::read_json(json, form).map(Box::new)
    }
}

/// An item of a `@sparse` list or map: `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    const NULLABLE: bool = true;

    fn read_json(json: &Value, form: Form) -> Result<Self, JsonError> {
        match json {
            Value::Null => Ok(None),
            value => T::read_json(value, form).map(Some),
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        match self {
            Some(value) => value.write_json(out, form),
            None => out.extend_from_slice(b"null"),
        }
    }
}

/// Blobs travel in JSON as base64 text.
impl ToJson for Blob {
    fn write_json(&self, out: &mut Vec<u8>, _: Form) {
        write_string(out, &aws_smithy_types::base64::encode(self.as_ref()));
    }
}

impl FromJson for Blob {
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        let text = json
            .as_str()
            .ok_or_else(|| JsonError::expected("base64 string", json))?;
        aws_smithy_types::base64::decode(text)
            .map(Blob::new)
            .map_err(|error| JsonError::new(format!("not valid base64: {error}")))
    }
}

/// A document is any JSON value.
impl ToJson for Document {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        match self {
            Document::Object(members) => members.write_json(out, form),
            Document::Array(items) => items.write_json(out, form),
            Document::Number(SmithyNumber::PosInt(value)) => {
                out.extend_from_slice(value.to_string().as_bytes())
            }
            Document::Number(SmithyNumber::NegInt(value)) => value.write_json(out, form),
            Document::Number(SmithyNumber::Float(value)) => value.write_json(out, form),
            Document::String(text) => write_string(out, text),
            Document::Bool(value) => value.write_json(out, form),
            Document::Null => out.extend_from_slice(b"null"),
        }
    }
}

impl FromJson for Document {
    const NULLABLE: bool = true;

    /// A document's values have no model: both forms are the same.
    fn read_json(json: &Value, _: Form) -> Result<Self, JsonError> {
        Ok(match json {
            Value::Null => Document::Null,
            Value::Bool(value) => Document::Bool(*value),
            Value::Number(number) => Document::Number(match (number.as_u64(), number.as_i64()) {
                (Some(value), _) => SmithyNumber::PosInt(value),
                (None, Some(value)) => SmithyNumber::NegInt(value),
                _ => SmithyNumber::Float(number.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(text) => Document::String(text.clone()),
            Value::Array(items) => Document::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        Document::read_json(item, Form::Document)
                            .map_err(|error| error.at_index(index))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(members) => Document::Object(
                members
                    .iter()
                    .map(|(key, value)| {
                        Document::read_json(value, Form::Document)
                            .map(|value| (key.to_owned(), value))
                            .map_err(|error| error.at_member(key))
                    })
                    .collect::<Result<_, _>>()?,
            ),
        })
    }
}

/// The timestamps of a list, each written and read in a format other than epoch seconds (the
/// list's member has `@timestampFormat`).
#[derive(Clone, Copy, Debug)]
pub struct Timestamps<'a, C: ?Sized>(pub &'a C, pub TimestampFormat);

impl ToJson for Timestamps<'_, [DateTime]> {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        let items: Vec<Timestamp<'_>> = self.0.iter().map(|item| Timestamp(item, self.1)).collect();
        items.write_json(out, form);
    }
}

impl<K: AsRef<str>> ToJson for Timestamps<'_, HashMap<K, DateTime>> {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        let entries: HashMap<&str, Timestamp<'_>> = self
            .0
            .iter()
            .map(|(key, value)| (key.as_ref(), Timestamp(value, self.1)))
            .collect();
        entries.write_json(out, form);
    }
}

/// Member `name` of `object` as a list of timestamps in `format`.
pub fn timestamp_list_member(
    object: &Map,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<Vec<DateTime>>, JsonError> {
    let Some(value) = object.get(name).filter(|value| !value.is_null()) else {
        return Ok(None);
    };
    let items = value
        .as_array()
        .ok_or_else(|| JsonError::expected("array", value).at_member(name))?;
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| !item.is_null())
        .map(|(index, item)| {
            timestamp(item, format).map_err(|error| error.at_index(index).at_member(name))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Member `name` of `object` as a map of timestamps in `format`.
pub fn timestamp_map_member<K>(
    object: &Map,
    name: &str,
    format: TimestampFormat,
) -> Result<Option<HashMap<K, DateTime>>, JsonError>
where
    K: for<'a> From<&'a str> + Eq + std::hash::Hash,
{
    let Some(value) = object.get(name).filter(|value| !value.is_null()) else {
        return Ok(None);
    };
    let entries = self::object(value).map_err(|error| error.at_member(name))?;
    entries
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(key, value)| {
            timestamp(value, format)
                .map(|value| (K::from(key), value))
                .map_err(|error| error.at_member(key).at_member(name))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// The members of a JSON object.
pub fn object(json: &Value) -> Result<&Map, JsonError> {
    json.as_object()
        .ok_or_else(|| JsonError::expected("object", json))
}

/// Reads member `name` of `object`: absent or `null` is `None`; unknown members are ignored by
/// simply never being asked for.
pub fn member<T: FromJson>(object: &Map, name: &str, form: Form) -> Result<Option<T>, JsonError> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        // A match rather than `map` and `map_err`: each of those is compiled per `T`.
        Some(value) => match T::read_json(value, form) {
            Ok(value) => Ok(Some(value)),
            Err(error) => Err(error.at_member(name)),
        },
    }
}

/// The one member set in a union's object, or why there is not exactly one. A `__type` key
/// is not a member: services may name the union's shape in it, which clients ignore (Smithy's
/// protocol tests `RestJsonDeserializeIgnoreType`, `AwsJson10DeserializeIgnoreType`).
pub fn union_member(json: &Value) -> Result<(&str, &Value), JsonError> {
    let mut set = object(json)?
        .iter()
        .filter(|(name, value)| !value.is_null() && *name != "__type");
    match (set.next(), set.next()) {
        (Some((name, value)), None) => Ok((name, value)),
        (None, _) => Err(JsonError::new("a union with no member set")),
        (Some(_), Some(_)) => Err(JsonError::new("a union with more than one member set")),
    }
}

/// Where and how a JSON document departs from the shape it should have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Path segments from the leaf up (built while the error travels outwards).
    path: Vec<String>,
    problem: String,
    /// Where in the text a syntax error is: line and column, from 1.
    position: Option<(usize, usize)>,
}

impl JsonError {
    /// An error at the current position.
    pub fn new(problem: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            problem: problem.into(),
            position: None,
        }
    }

    /// Text that is not JSON: `problem` at `line` and `column`.
    fn syntax(problem: &str, line: usize, column: usize) -> Self {
        Self {
            position: Some((line, column)),
            ..Self::new(format!("not valid JSON: {problem}"))
        }
    }

    /// The line and column (from 1) of a syntax error; `None` for an error of shape.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position
    }

    /// `expected` was wanted, `found` was there.
    pub fn expected(expected: &str, found: &Value) -> Self {
        Self::new(format!("expected {expected}, found {}", found.kind()))
    }

    /// The same error, one object member further out.
    pub fn at_member(mut self, name: &str) -> Self {
        self.path.push(format!(".{name}"));
        self
    }

    /// The same error, one array index further out.
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.push(format!("[{index}]"));
        self
    }

    /// The JSON path of the problem, e.g. `$.FailedList[0].ResourceArn`.
    pub fn path(&self) -> String {
        let mut path = String::from("$");
        for segment in self.path.iter().rev() {
            path.push_str(segment);
        }
        path
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{} at line {line} column {column}", self.problem),
            None => write!(f, "{} at {}", self.problem, self.path()),
        }
    }
}

impl std::error::Error for JsonError {}

#[cfg(test)]
mod tests;
