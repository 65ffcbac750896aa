//! An operation's input in its document form, read as the typed input's `FromJson` and builder
//! read it.

use super::datum::{Datum, Reader};
use super::{Member, OperationSchema, Shape};
use crate::error::BuildError;
use crate::json::{self, Form, JsonError, Value};
use std::fmt;

/// An input document checked against its operation's input shape: every member of the
/// type the model gives it, the required ones set, idempotency tokens filled in. Made by
/// [`read_input`]; sent by [`Client::invoke_document`](crate::Client::invoke_document), every
/// attempt with the same tokens.
pub struct DocumentInput {
    operation: &'static OperationSchema,
    value: Datum,
}

/// Reads `doc`, the document form of an input of `operation`, as the typed input's `FromJson`
/// does: a member of the wrong type is an error at its JSON path, a union must have exactly
/// one member set, members the model does not have are ignored; then, as its builder does,
/// a required member left out is an error naming the operation and the member, and an
/// `@idempotencyToken` left out gets a fresh token.
pub fn read_input(
    operation: &'static OperationSchema,
    doc: &Value,
) -> Result<DocumentInput, JsonError> {
    let reader = Reader {
        shapes: operation.shapes,
        form: Form::Document,
    };
    let members = input_members(operation);
    let Datum::Struct(mut values) = reader.structure(members, doc, |_| true)? else {
        unreachable!("a structure reads as one");
    };
    build(operation, members, &mut values).map_err(|error| JsonError::new(error.to_string()))?;
    Ok(DocumentInput {
        operation,
        value: Datum::Struct(values),
    })
}

/// The members of `operation`'s input structure.
pub(crate) fn input_members(operation: &OperationSchema) -> &'static [Member] {
    structure_members(operation.shapes, operation.input)
}

/// The members of the structure `id` names (none if it is not a structure).
pub(crate) fn structure_members(shapes: &'static [Shape], id: super::ShapeId) -> &'static [Member] {
    match &shapes[id as usize] {
        Shape::Structure(members) => members,
        _ => &[],
    }
}

/// Whether the typed input holds `member` as a plain value, which its builder demands.
pub(crate) fn is_plain(member: &Member) -> bool {
    member.required && !member.client_optional
}

/// What the typed builder does with the members read: tokens filled, required ones demanded.
fn build(
    operation: &'static OperationSchema,
    members: &'static [Member],
    values: &mut [Option<Datum>],
) -> Result<(), BuildError> {
    for (member, value) in members.iter().zip(values.iter_mut()) {
        if member.idempotency_token && value.is_none() {
            *value = Some(Datum::Text(crate::idempotency_token()));
        } else if is_plain(member) && value.is_none() {
            return Err(BuildError::MissingMember {
                operation: operation.name,
                member: member.name,
            });
        }
    }
    Ok(())
}

impl DocumentInput {
    /// The operation this is an input of.
    pub fn operation(&self) -> &'static OperationSchema {
        self.operation
    }

    /// The input's document form, as the typed input's `ToJson` writes it (with the tokens
    /// filled in).
    pub fn to_document(&self) -> Value {
        let bytes = super::write::document(self.operation, self.operation.input, &self.value);
        json::parse(&bytes).unwrap_or(Value::Null)
    }

    pub(crate) fn value(&self) -> &Datum {
        &self.value
    }
}

/// The input with its sensitive members redacted, as the typed inputs' `Debug` shows them.
impl fmt::Debug for DocumentInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = super::redact::Redacted {
            shapes: self.operation.shapes,
            member: None,
            shape: self.operation.input,
            value: &self.value,
        };
        f.debug_struct(self.operation.name)
            .field("input", &shown)
            .finish()
    }
}

impl OperationSchema {
    /// Whether request header `name` is bound to a sensitive member: interceptors see it
    /// redacted, as the typed operations' `SENSITIVE_HEADERS`.
    pub(crate) fn is_sensitive_header(&self, name: &str) -> bool {
        let members = input_members(self);
        self.request
            .members
            .iter()
            .zip(members)
            .any(|(binding, member)| match binding {
                super::Binding::Header(header) => {
                    member.sensitive && header.eq_ignore_ascii_case(name)
                }
                _ => false,
            })
    }
}
