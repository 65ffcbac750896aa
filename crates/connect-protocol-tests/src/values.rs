//! JSON values compared exactly: the same members (absent, `null` and empty all differ), the
//! same items in the same order, numbers by value.

use serde_json::Value;

/// Adds to `differences` every place where `got` differs from `expected`, named by its path
/// from `path`. Numbers are equal when both are the same integer, or else the same `f64`
/// (`1` and `1.0` are equal, as JSON numbers are).
pub fn compare_values(path: &str, expected: &Value, got: &Value, differences: &mut Vec<String>) {
    match (expected, got) {
        (Value::Object(expected), Value::Object(got)) => {
            let extra = got.keys().filter(|key| !expected.contains_key(*key));
            for key in expected.keys().chain(extra) {
                let at = format!("{path}.{key}");
                match (expected.get(key), got.get(key)) {
                    (Some(left), Some(right)) => compare_values(&at, left, right, differences),
                    (Some(left), None) => {
                        differences.push(format!("{at}: expected {left}, absent"))
                    }
                    (None, Some(right)) => {
                        differences.push(format!("{at}: not expected, got {right}"))
                    }
                    (None, None) => {}
                }
            }
        }
        (Value::Array(expected), Value::Array(got)) if expected.len() == got.len() => {
            for (at, (left, right)) in expected.iter().zip(got).enumerate() {
                compare_values(&format!("{path}[{at}]"), left, right, differences);
            }
        }
        (Value::Number(left), Value::Number(right)) if same_number(left, right) => {}
        _ if expected == got => {}
        _ => differences.push(format!("{path}: expected {expected}, got {got}")),
    }
}

fn same_number(left: &serde_json::Number, right: &serde_json::Number) -> bool {
    match (left.as_i64(), right.as_i64(), left.as_u64(), right.as_u64()) {
        (Some(left), Some(right), ..) => left == right,
        (.., Some(left), Some(right)) => left == right,
        _ => left.as_f64() == right.as_f64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn differences(expected: Value, got: Value) -> Vec<String> {
        let mut differences = Vec::new();
        compare_values("$", &expected, &got, &mut differences);
        differences
    }

    #[test]
    fn absent_null_and_empty_differ() {
        assert_eq!(
            differences(json!({"a": []}), json!({})),
            ["$.a: expected [], absent"]
        );
        assert_eq!(
            differences(json!({"a": null}), json!({"a": []})),
            ["$.a: expected null, got []"]
        );
        assert_eq!(
            differences(json!({}), json!({"b": {}})),
            ["$.b: not expected, got {}"]
        );
    }

    #[test]
    fn numbers_compare_by_value_and_lists_by_order() {
        assert!(differences(json!([1, 1.5, "NaN"]), json!([1.0, 1.5, "NaN"])).is_empty());
        assert_eq!(differences(json!([1, 2]), json!([2, 1])).len(), 2);
        assert_eq!(differences(json!([1]), json!([1, 1])).len(), 1);
        assert_eq!(
            differences(json!(9007199254740993u64), json!(9007199254740992u64)).len(),
            1
        );
    }
}
