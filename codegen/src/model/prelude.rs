//! The Smithy prelude: shapes every model may target without defining them.

use super::{Shape, ShapeKind, Simple, Traits, UNIT};
use serde_json::Value;

/// The prelude's shapes.
pub fn shapes() -> Vec<Shape> {
    let simple = [
        ("Blob", Simple::Blob),
        ("Boolean", Simple::Boolean),
        ("String", Simple::String),
        ("Byte", Simple::Byte),
        ("Short", Simple::Short),
        ("Integer", Simple::Integer),
        ("Long", Simple::Long),
        ("Float", Simple::Float),
        ("Double", Simple::Double),
        ("BigInteger", Simple::BigInteger),
        ("BigDecimal", Simple::BigDecimal),
        ("Timestamp", Simple::Timestamp),
        ("Document", Simple::Document),
    ];
    // The primitive variants are the same types with a zero default.
    let primitive = [
        ("PrimitiveBoolean", Simple::Boolean, Value::Bool(false)),
        ("PrimitiveByte", Simple::Byte, Value::from(0)),
        ("PrimitiveShort", Simple::Short, Value::from(0)),
        ("PrimitiveInteger", Simple::Integer, Value::from(0)),
        ("PrimitiveLong", Simple::Long, Value::from(0)),
        ("PrimitiveFloat", Simple::Float, Value::from(0)),
        ("PrimitiveDouble", Simple::Double, Value::from(0)),
    ];
    let shape = |name: &str, kind, default| Shape {
        id: format!("smithy.api#{name}"),
        kind,
        traits: Traits {
            default,
            ..Traits::default()
        },
        refusals: Vec::new(),
    };
    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, kind)| shape(name, ShapeKind::Simple(kind), None))
        .collect();
    shapes.extend(
        primitive
            .into_iter()
            .map(|(name, kind, default)| shape(name, ShapeKind::Simple(kind), Some(default))),
    );
    shapes.push(Shape {
        id: UNIT.to_owned(),
        kind: ShapeKind::Structure(Vec::new()),
        traits: Traits::default(),
        refusals: Vec::new(),
    });
    shapes
}
