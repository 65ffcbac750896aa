//! [`Datum`]s written as JSON, with the runtime's `ToJson` rules and the typed `ToJson`'s
//! choices: members in the model's order under the form's names, unset ones left out,
//! timestamps in their member's format (epoch seconds by default), map keys sorted.

use super::datum::Datum;
use super::{Binding, Member, OperationSchema, Shape, ShapeId};
use crate::encoding::timestamp::TimestampFormat;
use crate::json::{Form, ObjectWriter, Timestamp, ToJson};

/// The document form of `value`, a structure of shape `shape` (an input or an output: every
/// member under its model name).
pub(crate) fn document(operation: &OperationSchema, shape: ShapeId, value: &Datum) -> Vec<u8> {
    let mut out = Vec::new();
    Json::new(operation.shapes, shape, None, value).write_json(&mut out, Form::Document);
    out
}

/// The JSON body of a request: the input's members bound to the body, in the wire form.
pub(crate) fn request_body(operation: &OperationSchema, values: &[Option<Datum>]) -> Vec<u8> {
    let members = super::input::input_members(operation);
    let mut out = Vec::new();
    let mut object = ObjectWriter::new(&mut out, Form::Wire);
    let bindings = operation.request.members;
    for (index, (member, set)) in members.iter().zip(values).enumerate() {
        let in_body = bindings.get(index).is_none_or(|b| *b == Binding::Body);
        if let (true, Some(set)) = (in_body, set) {
            let json = Json::new(operation.shapes, member.target, Some(member), set);
            object.member(member.json_name, &json);
        }
    }
    object.finish();
    out
}

/// The wire form of `value`, reached through `member`: a JSON payload.
pub(crate) fn payload(shapes: &'static [Shape], member: &'static Member, value: &Datum) -> Vec<u8> {
    let mut out = Vec::new();
    Json::new(shapes, member.target, Some(member), value).write_json(&mut out, Form::Wire);
    out
}

/// A value of shape `shape`, reached through `member` (whose timestamp format it takes), as
/// the typed value's `ToJson` writes it.
struct Json<'a> {
    shapes: &'static [Shape],
    shape: ShapeId,
    member: Option<&'static Member>,
    value: &'a Datum,
}

impl<'a> Json<'a> {
    fn new(
        shapes: &'static [Shape],
        shape: ShapeId,
        member: Option<&'static Member>,
        value: &'a Datum,
    ) -> Self {
        Self {
            shapes,
            shape,
            member,
            value,
        }
    }

    fn child(&self, member: &'static Member, value: &'a Datum) -> Json<'a> {
        Json::new(self.shapes, member.target, Some(member), value)
    }

    fn format(&self) -> TimestampFormat {
        self.member
            .and_then(|member| member.timestamp_format)
            .unwrap_or(TimestampFormat::EpochSeconds)
    }
}

impl ToJson for Json<'_> {
    fn write_json(&self, out: &mut Vec<u8>, form: Form) {
        let shape = &self.shapes[self.shape as usize];
        match (shape, self.value) {
            (_, Datum::Null) => out.extend_from_slice(b"null"),
            (_, Datum::Bool(value)) => value.write_json(out, form),
            (_, Datum::Int(value)) => value.write_json(out, form),
            // Held at single precision: written as the typed `f32` writes itself.
            (Shape::Float32, Datum::Float(value)) => (*value as f32).write_json(out, form),
            (_, Datum::Float(value)) => value.write_json(out, form),
            (_, Datum::BigInteger(value)) => value.write_json(out, form),
            (_, Datum::BigDecimal(value)) => value.write_json(out, form),
            (_, Datum::Text(value)) => value.write_json(out, form),
            (_, Datum::Blob(value)) => value.write_json(out, form),
            (_, Datum::Time(value)) => Timestamp(value, self.format()).write_json(out, form),
            (_, Datum::Document(value)) => value.write_json(out, form),
            (Shape::List { item, .. }, Datum::List(items)) => {
                let items: Vec<Json<'_>> = items.iter().map(|v| self.child(item, v)).collect();
                items.write_json(out, form);
            }
            (Shape::Map { value, .. }, Datum::Map(entries)) => {
                let mut object = ObjectWriter::new(out, form);
                for (key, entry) in entries {
                    object.member(key, &self.child(value, entry));
                }
                object.finish();
            }
            (Shape::Structure(members), Datum::Struct(values)) => {
                let mut object = ObjectWriter::new(out, form);
                for (member, value) in members.iter().zip(values) {
                    if let Some(value) = value {
                        let key = form.name(member.json_name, member.name);
                        object.member(key, &self.child(member, value));
                    }
                }
                object.finish();
            }
            (Shape::Union(members), Datum::Union(index, value)) => {
                let member = &members[*index];
                let mut object = ObjectWriter::new(out, form);
                let key = form.name(member.json_name, member.name);
                object.member(key, &self.child(member, value));
                object.finish();
            }
            // Never sent: validation refuses an unknown member first (as the typed unions'
            // `Unknown`, written as the nearest valid JSON).
            (_, Datum::Unknown(_)) | (_, _) => ObjectWriter::new(out, form).finish(),
        }
    }
}
