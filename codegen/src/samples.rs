//! Deterministic sample values for every shape: the JSON of an operation's input (its document
//! form, every member by model name) and of its answer, for the generated wire tests.
//!
//! Values follow the model where it is cheap to: enum values, `length` and `range` bounds, list
//! and map sizes. Strings bound to the URI, the query or a header carry characters that must be
//! percent-encoded, so that the snapshots show the encoding.

use crate::index::Index;
use crate::model::{Member, Shape, ShapeKind, Simple};
use serde_json::{json, Map, Value};

/// Structures nested deeper than this are left out (optional members only).
const MAX_DEPTH: usize = 8;

/// Epoch seconds of every sample timestamp: 2023-11-14T22:13:20Z.
const TIMESTAMP: i64 = 1_700_000_000;

/// Builds sample values over one model.
pub struct Samples<'i, 'm> {
    index: &'i Index<'m>,
}

impl<'i, 'm> Samples<'i, 'm> {
    /// Samples for the shapes of `index`'s model.
    pub fn new(index: &'i Index<'m>) -> Self {
        Self { index }
    }

    /// The sample of structure `shape`, every member set.
    pub fn structure(&self, shape: &Shape) -> Value {
        self.value(&shape.id, None, &mut Vec::new())
            .unwrap_or_else(|| json!({}))
    }

    /// A sample of shape `id` reached through `member`; `None` when the value would recurse
    /// into a shape already on `stack` or too deep.
    fn value(&self, id: &str, member: Option<&Member>, stack: &mut Vec<String>) -> Option<Value> {
        let model = self.index.model();
        let shape = model.shape(id);
        let traits = |pick: fn(&crate::model::Traits) -> Option<crate::model::Bounds>| {
            member
                .and_then(|member| pick(&member.traits))
                .or_else(|| pick(&shape.traits))
                .unwrap_or_default()
        };
        let length = traits(|t| t.length);
        let count = length.min.map_or(1, |min| min.max(1.0) as usize).min(3);
        match &shape.kind {
            ShapeKind::Simple(simple) => {
                Some(self.simple(*simple, member, traits(|t| t.range), length))
            }
            ShapeKind::Enum(members) => {
                let first = members.first()?;
                Some(match &first.traits.enum_value {
                    Some(value) => value.clone(),
                    None => Value::String(first.name.clone()),
                })
            }
            ShapeKind::List(item) => {
                if stack.len() > MAX_DEPTH || stack.contains(&item.target) {
                    return (length.min.unwrap_or(0.0) == 0.0).then(|| json!([]));
                }
                // Plain strings get a suffix so that items differ; enum values must stay valid.
                let plain = matches!(
                    model.shape(&item.target).kind,
                    ShapeKind::Simple(Simple::String)
                );
                let items = (0..count)
                    .map(|at| match self.value(&item.target, Some(item), stack)? {
                        Value::String(text) if plain && at > 0 => {
                            Some(Value::String(format!("{text}{at}")))
                        }
                        value => Some(value),
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(Value::Array(items))
            }
            ShapeKind::Map(key, value) => {
                let mut map = Map::new();
                for at in 0..count {
                    let key = match self.value(&key.target, Some(key), stack)? {
                        Value::String(text) => self.map_key(&key.target, text, at),
                        _ => return None,
                    };
                    map.insert(key, self.value(&value.target, Some(value), stack)?);
                }
                Some(Value::Object(map))
            }
            ShapeKind::Structure(members) => {
                if stack.len() > MAX_DEPTH || stack.iter().any(|seen| seen == id) {
                    return None;
                }
                stack.push(id.to_owned());
                let mut object = Map::new();
                for member in members {
                    match self.value(&member.target, Some(member), stack) {
                        Some(value) => {
                            object.insert(member.name.clone(), value);
                        }
                        None if member.traits.required => {
                            stack.pop();
                            return None;
                        }
                        None => {}
                    }
                }
                stack.pop();
                Some(Value::Object(object))
            }
            ShapeKind::Union(members) => {
                if stack.len() > MAX_DEPTH || stack.iter().any(|seen| seen == id) {
                    return None;
                }
                stack.push(id.to_owned());
                let set = members.iter().find_map(|member| {
                    let value = if member.target == crate::prelude::UNIT {
                        json!({})
                    } else {
                        self.value(&member.target, Some(member), stack)?
                    };
                    Some(json!({ member.name.clone(): value }))
                });
                stack.pop();
                set
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource => None,
        }
    }

    fn simple(
        &self,
        simple: Simple,
        member: Option<&Member>,
        range: crate::model::Bounds,
        length: crate::model::Bounds,
    ) -> Value {
        let name = member.map_or("Value", |member| member.name.as_str());
        match simple {
            Simple::String => Value::String(string(name, member, length)),
            Simple::Boolean => Value::Bool(true),
            Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::IntEnum => {
                let low = range.min.map_or(1.0, f64::ceil);
                let value = range.max.map_or(low, |max| low.min(max.floor()));
                json!(value as i64)
            }
            Simple::Float | Simple::Double => {
                let low = range.min.map_or(1.5, |min| min + 0.5);
                json!(range.max.map_or(low, |max| low.min(max)))
            }
            Simple::Timestamp => {
                match member.and_then(|member| self.index.timestamp_format(member)) {
                    Some("date-time") => json!("2023-11-14T22:13:20Z"),
                    Some("http-date") => json!("Tue, 14 Nov 2023 22:13:20 GMT"),
                    _ => json!(TIMESTAMP),
                }
            }
            Simple::Blob | Simple::Document | Simple::BigInteger | Simple::BigDecimal => {
                Value::Null
            }
        }
    }

    /// The `at`-th key of a map: enum keys take successive values, strings a suffix.
    fn map_key(&self, key: &str, first: String, at: usize) -> String {
        match &self.index.model().shape(key).kind {
            ShapeKind::Enum(values) => values
                .get(at)
                .map(|value| match &value.traits.enum_value {
                    Some(Value::String(text)) => text.clone(),
                    _ => value.name.clone(),
                })
                .unwrap_or(first),
            _ if at == 0 => first,
            _ => format!("{first}{at}"),
        }
    }
}

/// A string for member `name`, within `length`; values bound outside the body carry characters
/// that must be percent-encoded.
fn string(name: &str, member: Option<&Member>, length: crate::model::Bounds) -> String {
    let bound = member.is_some_and(|member| {
        member.traits.http_label
            || member.traits.http_query.is_some()
            || member.traits.http_header.is_some()
    });
    let mut text = if bound {
        format!("{name} 1/a+b")
    } else {
        format!("{name}-1")
    };
    let min = length.min.map_or(0, |min| min as usize);
    let max = length.max.map_or(usize::MAX, |max| max as usize);
    while text.chars().count() < min {
        text.push('x');
    }
    if text.chars().count() > max {
        text = text.chars().take(max).collect();
    }
    text
}
