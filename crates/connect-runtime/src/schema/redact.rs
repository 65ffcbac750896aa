//! `Debug` of document inputs: sensitive members shown as a placeholder, never their value, as
//! the typed inputs' `Debug` shows them.

use super::datum::Datum;
use super::{Member, Shape, ShapeId};
use crate::interceptor::REDACTED;
use std::fmt;

/// A value of shape `shape`, reached through `member` (if any), shown with what is sensitive
/// redacted.
pub(crate) struct Redacted<'a> {
    pub(crate) shapes: &'static [Shape],
    pub(crate) member: Option<&'static Member>,
    pub(crate) shape: ShapeId,
    pub(crate) value: &'a Datum,
}

impl<'a> Redacted<'a> {
    fn child(&self, member: &'static Member, value: &'a Datum) -> Redacted<'a> {
        Redacted {
            shapes: self.shapes,
            member: Some(member),
            shape: member.target,
            value,
        }
    }
}

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.member.is_some_and(|member| member.sensitive) {
            return f.write_str(&format!("{REDACTED:?}"));
        }
        let shape = &self.shapes[self.shape as usize];
        match (shape, self.value) {
            (Shape::Structure(members), Datum::Struct(values)) => {
                let mut out = f.debug_map();
                for (member, value) in members.iter().zip(values) {
                    if let Some(value) = value {
                        out.entry(&member.name, &self.child(member, value));
                    }
                }
                out.finish()
            }
            (Shape::Union(members), Datum::Union(index, value)) => {
                let member = &members[*index];
                f.debug_map()
                    .entry(&member.name, &self.child(member, value))
                    .finish()
            }
            (Shape::List { item, .. }, Datum::List(items)) => f
                .debug_list()
                .entries(items.iter().map(|value| self.child(item, value)))
                .finish(),
            (Shape::Map { key, value, .. }, Datum::Map(entries)) => {
                let mut out = f.debug_map();
                for (name, entry) in entries {
                    let name: &dyn fmt::Debug = if key.sensitive { &REDACTED } else { name };
                    out.entry(name, &self.child(value, entry));
                }
                out.finish()
            }
            (_, value) => scalar(value, f),
        }
    }
}

/// A value that holds no other, as its typed field's `Debug` shows it.
fn scalar(value: &Datum, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match value {
        Datum::Null => f.write_str("None"),
        Datum::Bool(value) => fmt::Debug::fmt(value, f),
        Datum::Int(value) => fmt::Debug::fmt(value, f),
        Datum::Float(value) => fmt::Debug::fmt(value, f),
        Datum::BigInteger(value) => fmt::Debug::fmt(value, f),
        Datum::BigDecimal(value) => fmt::Debug::fmt(value, f),
        Datum::Text(value) => fmt::Debug::fmt(value, f),
        Datum::Blob(value) => fmt::Debug::fmt(value, f),
        Datum::Time(value) => fmt::Debug::fmt(value, f),
        Datum::Document(value) => fmt::Debug::fmt(value, f),
        Datum::Unknown(name) => f.debug_tuple("Unknown").field(name).finish(),
        other => fmt::Debug::fmt(other, f),
    }
}
