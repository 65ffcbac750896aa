//! Property tests of the model parser: arbitrary bytes, and a small valid model
//! (tests/fixtures/constraints.json) with nodes replaced, removed or renamed, give a model or a
//! typed `ModelError`, never a panic; an error about a JSON document (rather than its syntax)
//! names the JSON path of the problem. Bounded for CI (`PROPTEST_CASES` overrides the count);
//! the `model` cargo-fuzz target in `fuzz/` searches further.

use connect_codegen::Model;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;
use std::path::Path;

const FIXTURE: &str = include_str!("fixtures/constraints.json");

fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(2048);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let parsed = std::panic::catch_unwind(|| Model::parse(Path::new("fuzz.json"), bytes))
        .map_err(|_| TestCaseError::fail("the parser panicked"))?;
    if let Err(error) = parsed {
        prop_assert!(!error.problem.is_empty(), "{error}");
        if serde_json::from_slice::<Value>(bytes).is_ok() {
            prop_assert!(error.path.starts_with('$'), "no JSON path: {error}");
        }
    }
    Ok(())
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::from(1e300)),
        Just(Value::from(-1)),
        Just(Value::from(70000)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "a#Op",
            "a#Id",
            "a#Missing",
            "smithy.api#Unit",
            "smithy.api#String",
            "string",
            "structure",
            "union",
            "enum",
            "service",
            "operation",
            "1.0",
            "2.0",
            "#",
            "",
        ])
        .prop_map(Value::from),
        Just(Value::Array(Vec::new())),
        Just(Value::Object(serde_json::Map::new())),
    ]
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Value),
    Remove,
    Rename(String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => leaf().prop_map(Mutation::Replace),
        1 => Just(Mutation::Remove),
        1 => ".{0,10}".prop_map(Mutation::Rename),
    ]
}

fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                pointers(member, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn mutate(document: &mut Value, index: &Index, mutation: &Mutation) {
    let mut all = Vec::new();
    pointers(document, String::new(), &mut all);
    let pointer = all[index.index(all.len())].clone();
    match mutation {
        Mutation::Replace(value) => {
            if let Some(node) = document.pointer_mut(&pointer) {
                *node = value.clone();
            }
        }
        Mutation::Remove | Mutation::Rename(_) => {
            let Some((parent, last)) = pointer.rsplit_once('/') else {
                return;
            };
            let name = last.replace("~1", "/").replace("~0", "~");
            let Some(Value::Object(members)) = document.pointer_mut(parent) else {
                return;
            };
            let Some(value) = members.remove(&name) else {
                return;
            };
            if let Mutation::Rename(new) = mutation {
                members.insert(new.clone(), value);
            }
        }
    }
}

#[test]
fn the_fixture_parses() {
    Model::parse(Path::new("constraints.json"), FIXTURE.as_bytes())
        .unwrap_or_else(|error| panic!("{error}"));
}

#[test]
fn arbitrary_bytes_give_a_model_error() {
    runner()
        .run(&prop::collection::vec(any::<u8>(), 0..256), |bytes| {
            check(&bytes)
        })
        .unwrap();
}

#[test]
fn mutated_models_give_a_model_or_a_model_error() {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let strategy = prop::collection::vec((any::<Index>(), mutation()), 1..4);
    runner()
        .run(&strategy, |mutations| {
            let mut document = fixture.clone();
            for (index, mutation) in &mutations {
                mutate(&mut document, index, mutation);
            }
            check(document.to_string().as_bytes())
        })
        .unwrap();
}

/// Nesting far deeper than any model: serde_json's recursion limit makes it an error, not a
/// stack overflow.
#[test]
fn deep_nesting_is_an_error() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let error = Model::parse(Path::new("deep.json"), text.as_bytes()).unwrap_err();
        assert!(error.problem.contains("recursion limit"), "{error}");
    }
}
