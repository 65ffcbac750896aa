//! The exact request each DisassociateWorkspace input becomes, and how answers are read.

use connect_runtime::{BuildError, HttpResponse, Operation};
use connect_sdk::disassociate_workspace::{
    DisassociateWorkspaceInput, DisassociateWorkspaceOutput,
};
use connect_sdk::types::FailedBatchAssociationSummary;

fn input(instance: &str, workspace: &str, arns: &[&str]) -> DisassociateWorkspaceInput {
    arns.iter()
        .fold(DisassociateWorkspaceInput::builder(), |builder, arn| {
            builder.resource_arns(*arn)
        })
        .instance_id(instance)
        .workspace_id(workspace)
        .build()
        .expect("all required members are set")
}

#[test]
fn plain_request() {
    let request = input(
        "inst-1",
        "ws-1",
        &["arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1"],
    )
    .to_request()
    .unwrap();
    insta::assert_snapshot!(request.to_string(), @r#"
    POST /workspaces/inst-1/ws-1/disassociate
    content-type: application/json

    {"ResourceArns":["arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1"]}
    "#);
}

#[test]
fn several_arns_keep_their_order_and_escape_json() {
    let request = input("i", "w", &["b", "a", "quote\" back\\slash", "😹"])
        .to_request()
        .unwrap();
    insta::assert_snapshot!(request.to_string(), @r#"
    POST /workspaces/i/w/disassociate
    content-type: application/json

    {"ResourceArns":["b","a","quote\" back\\slash","😹"]}
    "#);
}

#[test]
fn hostile_labels_cannot_change_the_path() {
    let cases = [
        // Smithy's restJson1 label test vector.
        (
            " %:/?#[]@!$&'()*+,;=😹",
            "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9",
        ),
        ("../../instance", "..%2F..%2Finstance"),
        ("a/b", "a%2Fb"),
        ("q?x=1", "q%3Fx%3D1"),
        ("frag#ment", "frag%23ment"),
        ("100%", "100%25"),
        ("two words", "two%20words"),
        ("ünïcødé", "%C3%BCn%C3%AFc%C3%B8d%C3%A9"),
        ("...", "..."),
        ("-_.~", "-_.~"),
    ];
    for (value, encoded) in cases {
        let request = input(value, value, &["arn"]).to_request().unwrap();
        assert_eq!(
            request.path_and_query,
            format!("/workspaces/{encoded}/{encoded}/disassociate"),
            "label {value:?}"
        );
    }
}

#[test]
fn labels_that_would_vanish_are_refused() {
    for value in ["", ".", ".."] {
        let error = input(value, "ws-1", &["arn"]).to_request().unwrap_err();
        assert!(
            matches!(
                error,
                BuildError::InvalidLabel {
                    member: "InstanceId",
                    ..
                }
            ),
            "{value:?}: {error}"
        );
        let error = input("inst-1", value, &["arn"]).to_request().unwrap_err();
        assert!(
            matches!(
                error,
                BuildError::InvalidLabel {
                    member: "WorkspaceId",
                    ..
                }
            ),
            "{value:?}: {error}"
        );
    }
}

#[test]
fn missing_required_members_are_named() {
    let builder = DisassociateWorkspaceInput::builder();
    let missing =
        |builder: connect_sdk::disassociate_workspace::DisassociateWorkspaceInputBuilder| {
            builder.build().unwrap_err().to_string()
        };
    assert_eq!(
        missing(builder.clone().workspace_id("w").resource_arns("a")),
        "DisassociateWorkspace: required member `InstanceId` is not set"
    );
    assert_eq!(
        missing(builder.clone().instance_id("i").resource_arns("a")),
        "DisassociateWorkspace: required member `WorkspaceId` is not set"
    );
    assert_eq!(
        missing(builder.clone().instance_id("i").workspace_id("w")),
        "DisassociateWorkspace: required member `ResourceArns` is not set"
    );
    // An explicitly cleared list is as missing as one never set.
    assert_eq!(
        missing(
            builder
                .instance_id("i")
                .workspace_id("w")
                .resource_arns("a")
                .set_resource_arns(None)
        ),
        "DisassociateWorkspace: required member `ResourceArns` is not set"
    );
}

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("x-amzn-requestid".into(), "req-1".into())],
        body: body.as_bytes().to_vec().into(),
    }
}

fn parse(body: &str) -> Result<DisassociateWorkspaceOutput, connect_runtime::DecodeError> {
    DisassociateWorkspaceInput::parse_output(answer(200, body))
}

/// The answer as the documentation shows it (Response Syntax), with values filled in.
const DOCUMENTED_ANSWER: &str = r#"{
    "SuccessfulList": [
        {"ResourceArn": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a1"}
    ],
    "FailedList": [
        {
            "ResourceArn": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a2",
            "ErrorCode": "404",
            "ErrorMessage": "Resource not associated"
        }
    ]
}"#;

#[test]
fn documented_answer_parses() {
    let output = parse(DOCUMENTED_ANSWER).unwrap();
    let successful = output.successful_list.as_deref().unwrap();
    assert_eq!(successful.len(), 1);
    assert_eq!(
        successful[0].resource_arn.as_deref(),
        Some("arn:aws:connect:us-east-1:123456789012:instance/i/agent/a1")
    );
    let failed = output.failed_list.as_deref().unwrap();
    let mut expected = FailedBatchAssociationSummary::default();
    expected.resource_arn =
        Some("arn:aws:connect:us-east-1:123456789012:instance/i/agent/a2".into());
    expected.error_code = Some("404".into());
    expected.error_message = Some("Resource not associated".into());
    assert_eq!(failed, [expected]);
    insta::assert_debug_snapshot!(output);
}

#[test]
fn unknown_fields_are_ignored_and_absent_lists_are_none() {
    let output =
        parse(r#"{"SuccessfulList": [{"ResourceArn": "a", "New": 1}], "Extra": {"x": [1]}}"#)
            .unwrap();
    assert_eq!(
        output.successful_list.unwrap()[0].resource_arn.as_deref(),
        Some("a")
    );
    assert_eq!(output.failed_list, None);
    assert_eq!(parse("").unwrap(), DisassociateWorkspaceOutput::default());
    assert_eq!(parse(r#"{"FailedList": null}"#).unwrap().failed_list, None);
}

#[test]
fn malformed_answers_are_errors_with_a_path() {
    let cases = [
        ("{", "not valid JSON"),
        ("[]", "expected object, found an array at $"),
        (
            r#"{"SuccessfulList": {}}"#,
            "expected array, found an object at $.SuccessfulList",
        ),
        (
            r#"{"FailedList": [{"ErrorCode": 404}]}"#,
            "expected string, found a number at $.FailedList[0].ErrorCode",
        ),
    ];
    for (body, expected) in cases {
        let error = parse(body).unwrap_err().to_string();
        assert!(error.contains(expected), "{body}: {error}");
    }
}
