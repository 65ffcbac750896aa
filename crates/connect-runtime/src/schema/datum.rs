//! Values read against their shapes: what the typed structures hold, held as data. A JSON
//! document (an input's document form, an answer's body) is read into a [`Datum`] with the
//! protocols' reading rules ([`crate::json`]), so that what is written from it afterwards (a
//! request, an output's document form) is what the typed values would write.

use super::{Member, Shape, ShapeId};
use crate::encoding::timestamp::{DateTime, TimestampFormat};
use crate::json::{self, Form, FromJson, JsonError, Value};
use aws_smithy_types::{BigDecimal, BigInteger, Blob, Document};

/// One value of a shape, as a typed field holds it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Datum {
    /// `null` in a `@sparse` collection.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number of any width.
    Int(i64),
    /// A `double`, or a `float` widened from its 32 bits.
    Float(f64),
    /// A `bigInteger`.
    BigInteger(BigInteger),
    /// A `bigDecimal`.
    BigDecimal(BigDecimal),
    /// A string or an enum's value.
    Text(String),
    /// A blob.
    Blob(Blob),
    /// A timestamp.
    Time(DateTime),
    /// A document.
    Document(Document),
    /// A list's items.
    List(Vec<Datum>),
    /// A map's entries, by key.
    Map(Vec<(String, Datum)>),
    /// A structure's members, by index; `None` is unset.
    Struct(Vec<Option<Datum>>),
    /// A union set to the member at this index.
    Union(usize, Box<Datum>),
    /// A union set to a member the model does not have (its name).
    Unknown(String),
}

impl Datum {
    /// The text of a string or enum.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The members of a structure.
    pub(crate) fn members(&self) -> &[Option<Datum>] {
        match self {
            Self::Struct(members) => members,
            _ => &[],
        }
    }
}

/// Reads JSON into [`Datum`]s of a service's shapes, in one of the two [`Form`]s: member names
/// and `@default`s as that form has them.
#[derive(Clone, Copy)]
pub(crate) struct Reader {
    pub(crate) shapes: &'static [Shape],
    pub(crate) form: Form,
}

impl Reader {
    /// The shape `id` names.
    pub(crate) fn shape(&self, id: ShapeId) -> &'static Shape {
        &self.shapes[id as usize]
    }

    /// A member's key in this form.
    pub(crate) fn key(&self, member: &Member) -> &'static str {
        self.form.name(member.json_name, member.name)
    }

    /// The value `json` (not `null`) holds for `member`.
    pub(crate) fn value(&self, member: &'static Member, json: &Value) -> Result<Datum, JsonError> {
        let format = member
            .timestamp_format
            .unwrap_or(TimestampFormat::EpochSeconds);
        match self.shape(member.target) {
            Shape::Boolean => bool::read_json(json, self.form).map(Datum::Bool),
            Shape::Integer(width) => integer(json, *width).map(Datum::Int),
            Shape::Float => f64::read_json(json, self.form).map(Datum::Float),
            Shape::Float32 => f32::read_json(json, self.form).map(|v| Datum::Float(v.into())),
            Shape::BigInteger => BigInteger::read_json(json, self.form).map(Datum::BigInteger),
            Shape::BigDecimal => BigDecimal::read_json(json, self.form).map(Datum::BigDecimal),
            Shape::String | Shape::MediaTypeString | Shape::Enum(_) => {
                String::read_json(json, self.form).map(Datum::Text)
            }
            Shape::Blob | Shape::Stream => Blob::read_json(json, self.form).map(Datum::Blob),
            Shape::Timestamp => json::timestamp(json, format).map(Datum::Time),
            Shape::Document => Document::read_json(json, self.form).map(Datum::Document),
            Shape::List { item, sparse } => self.list(item, *sparse, json),
            Shape::Map { value, sparse, .. } => self.map(value, *sparse, json),
            Shape::Structure(members) => self.structure(members, json, |_| true),
            Shape::Union(members) => self.union(members, json),
        }
    }

    /// Whether `null` is kept as an item of a collection of `item`s: in a `@sparse` one, and
    /// as a document (which holds `null` itself).
    fn keeps_null(&self, item: &Member, sparse: bool) -> bool {
        sparse || matches!(self.shape(item.target), Shape::Document)
    }

    /// An item or map value: `null` as the collection keeps it.
    fn entry(&self, item: &'static Member, json: &Value) -> Result<Datum, JsonError> {
        match (json, self.shape(item.target)) {
            (Value::Null, Shape::Document) => Ok(Datum::Document(Document::Null)),
            (Value::Null, _) => Ok(Datum::Null),
            _ => self.value(item, json),
        }
    }

    fn list(&self, item: &'static Member, sparse: bool, json: &Value) -> Result<Datum, JsonError> {
        let items = json
            .as_array()
            .ok_or_else(|| JsonError::expected("array", json))?;
        let keeps_null = self.keeps_null(item, sparse);
        items
            .iter()
            .enumerate()
            .filter(|(_, item)| keeps_null || !item.is_null())
            .map(|(index, json)| self.entry(item, json).map_err(|e| e.at_index(index)))
            .collect::<Result<_, _>>()
            .map(Datum::List)
    }

    fn map(&self, value: &'static Member, sparse: bool, json: &Value) -> Result<Datum, JsonError> {
        let keeps_null = self.keeps_null(value, sparse);
        // In key order, as the object's members are.
        let entries = json::object(json)?
            .iter()
            .filter(|(_, json)| keeps_null || !json.is_null())
            .map(|(key, json)| {
                let read = self.entry(value, json).map_err(|e| e.at_member(key))?;
                Ok((key.to_owned(), read))
            })
            .collect::<Result<Vec<_>, JsonError>>()?;
        Ok(Datum::Map(entries))
    }

    /// A structure, reading only the members `read` takes (the body's, for an answer's
    /// output); in the wire form a member left out takes its `@default`.
    pub(crate) fn structure(
        &self,
        members: &'static [Member],
        json: &Value,
        read: impl Fn(usize) -> bool,
    ) -> Result<Datum, JsonError> {
        let object = json::object(json)?;
        let mut values = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let value = match object.get(self.key(member)) {
                _ if !read(index) || matches!(self.shape(member.target), Shape::Stream) => None,
                None | Some(Value::Null) => self.default(member),
                Some(json) => Some(
                    self.value(member, json)
                        .map_err(|e| e.at_member(self.key(member)))?,
                ),
            };
            values.push(value);
        }
        Ok(Datum::Struct(values))
    }

    /// A member's `@default`, which only the wire form fills in.
    fn default(&self, member: &'static Member) -> Option<Datum> {
        let text = member.default.filter(|_| self.form == Form::Wire)?;
        let json = json::parse_value(text.as_bytes()).ok()?;
        self.value(member, &json).ok()
    }

    fn union(&self, members: &'static [Member], json: &Value) -> Result<Datum, JsonError> {
        let (name, value) = json::union_member(json)?;
        let Some(index) = members.iter().position(|member| self.key(member) == name) else {
            return Ok(Datum::Unknown(name.to_owned()));
        };
        let read = self
            .value(&members[index], value)
            .map_err(|e| e.at_member(name))?;
        Ok(Datum::Union(index, Box::new(read)))
    }
}

/// A whole number of `width`, as the typed integers read it.
fn integer(json: &Value, width: super::Width) -> Result<i64, JsonError> {
    use super::Width;
    let (fits, name): (fn(i64) -> bool, &str) = match width {
        Width::Byte => (|n| i8::try_from(n).is_ok(), "i8"),
        Width::Short => (|n| i16::try_from(n).is_ok(), "i16"),
        Width::Integer => (|n| i32::try_from(n).is_ok(), "i32"),
        Width::Long => (|_| true, "i64"),
    };
    json.as_i64()
        .filter(|number| fits(*number))
        .ok_or_else(|| JsonError::expected(name, json))
}
