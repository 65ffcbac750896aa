//! A document input checked against the model's constraints, as the typed input's generated
//! `Validate` checks it: the same checks, in the same order, at the same paths, through the
//! same [`Validator`].

use super::datum::Datum;
use super::input::{input_members, is_plain, DocumentInput};
use super::{Member, Range, Shape};
use crate::validate::{Path, ValidationError, Validator};

impl DocumentInput {
    /// Checks the input before anything is sent: required members and unions always,
    /// `length`, `range`, `pattern` and `uniqueItems` when `constraints` is true; every
    /// violation is reported, in the order of the input's members.
    pub fn validate(&self, constraints: bool) -> Result<(), ValidationError> {
        let operation = self.operation();
        let mut out = Validator::new(constraints);
        let checker = Checker {
            shapes: operation.shapes,
        };
        let members = input_members(operation);
        checker.structure(members, self.value().members(), true, &Path::ROOT, &mut out);
        out.finish(operation.name)
    }
}

struct Checker {
    shapes: &'static [Shape],
}

impl Checker {
    /// The members of a structure, in order; `input` for the operation's input, whose
    /// required members its builder already demanded.
    fn structure(
        &self,
        members: &'static [Member],
        values: &[Option<Datum>],
        input: bool,
        path: &Path<'_>,
        out: &mut Validator,
    ) {
        for (member, value) in members.iter().zip(values) {
            let at = path.member(member.name);
            match value {
                Some(value) => self.value(member, value, &at, out),
                // An input's plain members cannot be unset: its builder demands them.
                None if member.required
                    && !member.idempotency_token
                    && !(input && is_plain(member)) =>
                {
                    out.missing(&at)
                }
                None => {}
            }
        }
    }

    /// Every check of `value`, reached through `member`, at `path`.
    fn value(&self, member: &'static Member, value: &Datum, path: &Path<'_>, out: &mut Validator) {
        let constraints = &member.constraints;
        let shape = &self.shapes[member.target as usize];
        match (shape, value) {
            (_, Datum::Text(text)) => self.text(member, text, path, out),
            (_, Datum::Blob(blob)) => {
                if let Some((min, max)) = constraints.length {
                    out.count(path, blob.as_ref().len(), min, max);
                }
            }
            (_, Datum::Int(number)) => {
                if let Some(Range::Integer(min, max)) = constraints.range {
                    out.integer_range(path, *number, min, max);
                }
            }
            (_, Datum::Float(number)) => {
                if let Some(Range::Float(min, max)) = constraints.range {
                    out.float_range(path, *number, min, max);
                }
            }
            (Shape::List { item, .. }, Datum::List(items)) => {
                self.list(member, item, items, path, out)
            }
            (Shape::Map { key, value, .. }, Datum::Map(entries)) => {
                self.map(member, (key, value), entries, path, out)
            }
            (Shape::Structure(members), Datum::Struct(values)) => {
                self.structure(members, values, false, path, out)
            }
            (Shape::Union(members), Datum::Union(index, value)) => {
                let member = &members[*index];
                self.value(member, value, &path.member(member.name), out);
            }
            (_, Datum::Unknown(name)) => out.unknown_member(path, name),
            _ => {}
        }
    }

    /// `length`, then `pattern` if the length is right.
    fn text(&self, member: &'static Member, text: &str, path: &Path<'_>, out: &mut Validator) {
        let constraints = &member.constraints;
        let length_ok = match constraints.length {
            Some((min, max)) => out.string_length(path, text, min, max),
            None => true,
        };
        #[cfg(feature = "patterns")]
        if let (true, Some(pattern)) = (length_ok, constraints.pattern) {
            out.pattern(path, text, pattern);
        }
        #[cfg(not(feature = "patterns"))]
        let _ = length_ok;
    }

    /// `length`, `uniqueItems`, then each item.
    fn list(
        &self,
        member: &'static Member,
        item: &'static Member,
        items: &[Datum],
        path: &Path<'_>,
        out: &mut Validator,
    ) {
        if let Some((min, max)) = member.constraints.length {
            out.count(path, items.len(), min, max);
        }
        if member.constraints.unique_items {
            out.unique_items(path, items);
        }
        for (index, value) in items.iter().enumerate() {
            if *value != Datum::Null {
                self.value(item, value, &path.index(index), out);
            }
        }
    }

    /// `length`, then each entry's key and value.
    fn map(
        &self,
        member: &'static Member,
        (key, entry): (&'static Member, &'static Member),
        entries: &[(String, Datum)],
        path: &Path<'_>,
        out: &mut Validator,
    ) {
        if let Some((min, max)) = member.constraints.length {
            out.count(path, entries.len(), min, max);
        }
        for (name, value) in entries {
            self.text(key, name, &path.key(name), out);
            if *value != Datum::Null {
                self.value(entry, value, &path.value(name), out);
            }
        }
    }
}
