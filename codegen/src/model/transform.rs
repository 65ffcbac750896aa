//! Model transforms the later stages rely on, applied once after parsing.

use super::{Shape, ShapeKind, Traits, SYNTHETIC, UNIT};
use std::collections::BTreeMap;

/// Gives every operation whose input or output is `smithy.api#Unit` an empty structure of its
/// own (`smithy.synthetic#<Operation>Input` / `Output`), so that every operation has input and
/// output types, as in the AWS SDKs: a member added to the model later is then not a breaking
/// change of the Rust API.
pub(super) fn synthesize_unit_io(shapes: &mut BTreeMap<String, Shape>) {
    let mut synthetic = Vec::new();
    for shape in shapes.values_mut() {
        let name = shape.name().to_owned();
        let ShapeKind::Operation(operation) = &mut shape.kind else {
            continue;
        };
        for (target, suffix) in [
            (&mut operation.input, "Input"),
            (&mut operation.output, "Output"),
        ] {
            if target != UNIT {
                continue;
            }
            *target = format!("{SYNTHETIC}#{name}{suffix}");
            synthetic.push(Shape {
                id: target.clone(),
                kind: ShapeKind::Structure(Vec::new()),
                traits: Traits {
                    input: suffix == "Input",
                    output: suffix == "Output",
                    ..Traits::default()
                },
            });
        }
    }
    for shape in synthetic {
        shapes.insert(shape.id.clone(), shape);
    }
}
