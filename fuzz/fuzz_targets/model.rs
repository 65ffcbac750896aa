//! The generator's model parser: any bytes give a model or a typed error, never a panic; an
//! error about a JSON document (not its syntax) names the JSON path of the problem. Byte 0
//! chooses whether the rest is the input as it is or an edit of a small valid model (codegen's
//! test fixture, every kind of shape and constraint).
#![no_main]

use connect_codegen::Model;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const FIXTURE: &str = include_str!("../../codegen/tests/fixtures/constraints.json");

fuzz_target!(|data: &[u8]| {
    let [choice, rest @ ..] = data else {
        return;
    };
    let input = if choice & 1 == 0 {
        rest.to_vec()
    } else {
        connect_fuzz::splice(FIXTURE.as_bytes(), rest)
    };
    let parsed =
        connect_fuzz::within_bounds(input.len(), || Model::parse(Path::new("fuzz.json"), &input));
    if let Err(error) = parsed {
        let valid_json = serde_json::from_slice::<serde_json::Value>(&input).is_ok();
        assert!(
            !valid_json || error.path.starts_with('$'),
            "no JSON path in: {error}"
        );
        assert!(!error.problem.is_empty());
    }
});
