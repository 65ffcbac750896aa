//! The endpoint rule set and test generator on small hand-written models: what it writes for
//! features the Connect rule set does not use, and the errors for rule sets and partition
//! tables it cannot read.

use connect_codegen::emit::endpoints::{endpoint_files, Partitions};
use connect_codegen::emit::{Layout, Plan};
use connect_codegen::ir::Index;
use connect_codegen::{Files, GenerateError, Model};
use serde_json::{json, Value};
use std::path::Path;

const PARTITIONS: &str = r#"{
  "version": "1.1",
  "partitions": [{
    "id": "aws",
    "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
    "regions": {
      "aws-global": {"description": "global", "supportsFIPS": false},
      "us-east-1": {"description": "N. Virginia"}
    },
    "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "supportsFIPS": true}
  }]
}"#;

fn partitions() -> Partitions {
    Partitions::parse(Path::new("partitions.json"), PARTITIONS.as_bytes())
        .unwrap_or_else(|error| panic!("{error}"))
}

fn model(rule_set: Value, tests: Value) -> Model {
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "example#Service": {
                "type": "service",
                "traits": {
                    "aws.protocols#restJson1": {},
                    "smithy.rules#endpointRuleSet": rule_set,
                    "smithy.rules#endpointTests": tests,
                }
            }
        }
    });
    Model::parse(Path::new("model.json"), model.to_string().as_bytes())
        .unwrap_or_else(|error| panic!("{error}"))
}

fn generate(rule_set: Value, tests: Value) -> Result<Files, GenerateError> {
    let model = model(rule_set, tests);
    let layout = Layout::new("services/example", "crates/connect-runtime");
    let plan = Plan::new(Index::new(&model), layout, &[], "// header\n".into())?;
    let mut files = Files::new();
    endpoint_files(&plan, &partitions(), &mut files)?;
    Ok(files)
}

fn region_parameter() -> Value {
    json!({"Region": {"type": "string", "builtIn": "AWS::Region", "documentation": "The region."}})
}

#[test]
fn properties_headers_and_region_overrides_are_written_and_tested() {
    let rule_set = json!({
        "version": "1.0",
        "parameters": region_parameter(),
        "rules": [{
            "type": "endpoint",
            "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Partition"}
            ],
            "endpoint": {
                "url": "https://svc.{Region}.{Partition#dnsSuffix}",
                "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]},
                "headers": {"x-region": [{"ref": "Region"}]}
            }
        }]
    });
    let tests = json!({"testCases": [{
        "documentation": "With properties",
        "params": {"Region": "us-east-1"},
        "expect": {"endpoint": {
            "url": "https://svc.us-east-1.amazonaws.com",
            "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "us-east-1"}]},
            "headers": {"x-region": ["us-east-1"]}
        }}
    }]});
    let files = generate(rule_set, tests).unwrap();
    let data = &files["services/example/sdk/src/endpoint.rs"];
    assert!(
        data.contains(
            r#"region_overrides: &[("aws-global", &[("supportsFIPS", Literal::Boolean(false))])]"#
        ),
        "{data}"
    );
    assert!(
        data.contains(r#"regions: &["aws-global", "us-east-1"]"#),
        "{data}"
    );
    assert!(data.contains(r#"assign: Some("Partition")"#), "{data}");
    assert!(
        data.contains(r#"("signingRegion", Expr::String("{Region}"))"#),
        "{data}"
    );
    let tests = &files["services/example/sdk/tests/endpoint_rules.rs"];
    let compact: String = tests.split_whitespace().collect();
    for expected in [
        "fnwith_properties()",
        "useconnect_runtime::SortedMap;",
        r#"("signingRegion".to_owned(),Value::String("us-east-1".to_owned()))"#,
        "assert_eq!(endpoint.properties(),&properties);",
        r#"("x-region".to_owned(),vec!["us-east-1".to_owned()])"#,
        "assert_eq!(endpoint.headers(),&headers);",
    ] {
        assert!(compact.contains(expected), "{expected} in {tests}");
    }
}

#[test]
fn test_names_are_unique_identifiers() {
    let rule_set = json!({
        "version": "1.0",
        "parameters": region_parameter(),
        "rules": [{"type": "error", "conditions": [], "error": "no"}]
    });
    let case = json!({"documentation": "Same name", "expect": {"error": "no"}});
    let tests =
        json!({"testCases": [case, case, {"documentation": "1 type", "expect": {"error": "no"}}]});
    let files = generate(rule_set, tests).unwrap();
    let tests = &files["services/example/sdk/tests/endpoint_rules.rs"];
    for name in ["fn same_name()", "fn same_name_2()", "fn case_1_type()"] {
        assert!(tests.contains(name), "{name} in {tests}");
    }
}

#[test]
fn rule_sets_the_engine_cannot_read_are_refused_with_their_json_path() {
    let cases = [
        (
            json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Nowhere"}}}]),
            "$.rules[0].endpoint.url: `Nowhere` is neither a parameter nor assigned before, in scope",
        ),
        (
            json!([{"type": "sometimes", "conditions": []}]),
            "$.rules[0].type: unknown rule type \"sometimes\"",
        ),
        (
            json!([{"type": "tree", "conditions": [
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Region"}
            ], "rules": []}]),
            "$.rules[0].conditions[0].assign: `Region` is already a parameter or assigned in scope",
        ),
        (
            json!([
                {"type": "tree", "conditions": [
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}
                ], "rules": [{"type": "error", "conditions": [], "error": "x"}]},
                {"type": "error", "conditions": [], "error": {"ref": "P"}}
            ]),
            "$.rules[1].error: `P` is neither a parameter nor assigned before, in scope",
        ),
        (
            json!([{"type": "error", "conditions": [], "error": {"name": "record"}}]),
            "$.rules[0].error: expected a string, boolean, array, `ref` or `fn`",
        ),
        (
            json!([{"type": "error", "conditions": [], "error": 1.5}]),
            "$.rules[0].error: only integers are supported",
        ),
    ];
    for (rules, message) in cases {
        let rule_set = json!({"version": "1.0", "parameters": region_parameter(), "rules": rules});
        let error = generate(rule_set, json!({"testCases": []})).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("shape `example#Service`: smithy.rules#endpointRuleSet at {message}")
        );
    }
}

#[test]
fn a_required_parameter_the_client_cannot_set_is_refused() {
    let rule_set = json!({
        "version": "1.0",
        "parameters": {"Bucket": {"type": "string", "required": true, "documentation": "A bucket."}},
        "rules": []
    });
    let error = generate(rule_set, json!({"testCases": []})).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("$.parameters.Bucket: a required parameter without a default must be bound"),
        "{error}"
    );
    let rule_set = json!({
        "version": "1.0",
        "parameters": {"Flag": {"type": "boolean", "required": true, "default": "yes"}},
        "rules": []
    });
    let error = generate(rule_set, json!({"testCases": []})).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("$.parameters.Flag.default: expected boolean"),
        "{error}"
    );
}

#[test]
fn partition_tables_are_checked_when_read() {
    let cases = [
        (r#"{"version": "1.1"}"#, "partitions.json: expected an array at $.partitions"),
        (
            r#"{"version": "1.1", "partitions": [{"id": "aws", "regionRegex": "^(open", "regions": {}, "outputs": {}}]}"#,
            "partitions.json: cannot match the region regex \"^(open\": it must be anchored",
        ),
        (
            r#"{"version": "1.1", "partitions": [{"id": "aws", "regionRegex": "^us.east$", "regions": {}, "outputs": {}}]}"#,
            "partitions.json: cannot match the region regex \"^us.east$\": `.` is not supported at $.partitions[0].regionRegex",
        ),
        (
            r#"{"version": "1.1", "partitions": [{"id": "aws", "regionRegex": "^a$", "outputs": {}}]}"#,
            "partitions.json: missing `regions` at $.partitions[0]",
        ),
        (
            r#"{"version": "1.1", "partitions": [{"id": "aws", "regionRegex": "^a$", "regions": {}, "outputs": {"n": 1}}]}"#,
            "partitions.json: expected a string, a boolean or an array of strings at $.partitions[0].outputs.n",
        ),
    ];
    for (text, message) in cases {
        let error = Partitions::parse(Path::new("partitions.json"), text.as_bytes())
            .err()
            .unwrap_or_else(|| panic!("{text} was accepted"));
        assert!(error.to_string().starts_with(message), "{error}");
    }
}
