//! [`Value`]: a parsed JSON document, as the readers of generated shapes walk it.

use super::{write_string, Form, ToJson};
use crate::sorted_map::SortedMap;
use std::fmt;
use std::ops::Index;

/// The members of a JSON object, by name; of a name given twice, the last value is kept, as
/// botocore (Python's `json`) keeps it.
pub type Map = SortedMap<Value>;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number. Whole numbers that fit 64 bits are held as such; any other number keeps its
/// text, so that `bigInteger`, `bigDecimal` and fractional epoch seconds are read digit for
/// digit rather than through an `f64`.
#[derive(Clone, PartialEq)]
pub struct Number(Repr);

#[derive(Clone)]
enum Repr {
    Signed(i64),
    Unsigned(u64),
    /// A fraction, an exponent, or a whole number beyond 64 bits; valid JSON number text.
    Text(Box<str>),
}

impl PartialEq for Repr {
    /// Numbers of the same value are equal however they were spelled (`1e2` and `100.0`);
    /// whole numbers are not equal to fractions, as in the typed readers.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Signed(a), Self::Signed(b)) => a == b,
            (Self::Unsigned(a), Self::Unsigned(b)) => a == b,
            (Self::Text(a), Self::Text(b)) => a == b || a.parse::<f64>().ok() == b.parse().ok(),
            _ => false,
        }
    }
}

impl Number {
    /// The number of `text`, valid JSON number text (the parser checks it) that is `whole`
    /// when it has neither a fraction nor an exponent.
    pub(super) fn from_json_text(text: &str, whole: bool) -> Self {
        let signed = || text.parse().ok().map(Repr::Signed);
        let unsigned = || text.parse().ok().map(Repr::Unsigned);
        let held = whole.then(|| signed().or_else(unsigned)).flatten();
        Self(held.unwrap_or_else(|| Repr::Text(text.into())))
    }

    /// A finite float as a number; JSON has no NaN or infinities.
    pub fn from_f64(value: f64) -> Option<Self> {
        value
            .is_finite()
            // `{:?}` keeps a point or an exponent (`1.0`, `1e300`), so the text stays a float's.
            .then(|| Self(Repr::Text(format!("{value:?}").into())))
    }

    /// The number as an `i64`, if it is whole and fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Signed(value) => Some(value),
            Repr::Unsigned(value) => i64::try_from(value).ok(),
            Repr::Text(_) => None,
        }
    }

    /// The number as a `u64`, if it is whole, not negative, and fits.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Repr::Signed(value) => u64::try_from(value).ok(),
            Repr::Unsigned(value) => Some(value),
            Repr::Text(_) => None,
        }
    }

    /// The number as the nearest `f64` (infinite beyond its range, as Python reads `1e400`).
    pub fn as_f64(&self) -> Option<f64> {
        match &self.0 {
            Repr::Signed(value) => Some(*value as f64),
            Repr::Unsigned(value) => Some(*value as f64),
            Repr::Text(text) => text.parse().ok(),
        }
    }
}

impl fmt::Display for Number {
    /// The number's JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Signed(value) => value.fmt(f),
            Repr::Unsigned(value) => value.fmt(f),
            Repr::Text(text) => f.write_str(text),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

impl Value {
    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// A whole number that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Number(number) => number.as_i64(),
            _ => None,
        }
    }

    /// A whole, non-negative number that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(number) => number.as_u64(),
            _ => None,
        }
    }

    /// A number, as the nearest `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(number) => number.as_f64(),
            _ => None,
        }
    }

    /// A boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members of an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Self::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The members of an object, to change.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Self::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Member `name` of an object; `None` for a missing member or any other value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object()?.get(name)
    }

    /// The kind of value, as error messages name it: "a string", "an object", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }
}

static NULL: Value = Value::Null;

impl Index<&str> for Value {
    type Output = Value;

    /// Member `name` of an object; `null` when missing or not an object.
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

impl Index<usize> for Value {
    type Output = Value;

    /// Item `index` of an array; `null` when missing or not an array.
    fn index(&self, index: usize) -> &Value {
        self.as_array()
            .and_then(|items| items.get(index))
            .unwrap_or(&NULL)
    }
}

/// Compact JSON text, members in name order.
impl ToJson for Value {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        match self {
            Self::Null => out.extend_from_slice(b"null"),
            Self::Bool(value) => value.write_json(out, form),
            Self::Number(number) => out.extend_from_slice(number.to_string().as_bytes()),
            Self::String(text) => write_string(out, text),
            Self::Array(items) => items.write_json(out, form),
            Self::Object(members) => {
                out.push(b'{');
                for (index, (name, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.push(b',');
                    }
                    write_string(out, name);
                    out.push(b':');
                    value.write_json(out, form);
                }
                out.push(b'}');
            }
        }
    }
}

impl fmt::Display for Value {
    /// Compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = super::to_vec(self, Form::Document);
        // Only valid UTF-8 goes in: strings and names, and ASCII around them.
        f.write_str(&String::from_utf8_lossy(&bytes))
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, text: &str) -> bool {
        self.as_str() == Some(text)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, text: &&str) -> bool {
        self.as_str() == Some(*text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}
