//! The `connect` tool run in-process against connect-mock on 127.0.0.1: each kind of flag,
//! `--input-json` and `file://`, exit statuses, pagination, tables, completions, skeletons,
//! help and `--debug` traces.

use connect_cli_support::exit;
use connect_cli_tests::*;
use connect_mock::MockResponse;
use serde_json::{json, Value};

#[test]
fn string_list_enum_timestamp_and_json_flags_make_the_body() {
    let server = Server::ok();
    let result = run(
        &server,
        &[
            "create-notification",
            "--instance-id",
            "inst-1",
            "--expires-at",
            "2024-05-01T12:00:00Z",
            "--recipients",
            "arn:a",
            "arn:b",
            "--priority",
            "HIGH",
            "--content",
            r#"{"en_US":"Hello"}"#,
            "--client-token",
            "token-1",
        ],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(result.out, "{}\n");
    let request = server.only_request();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, "/notifications/inst-1");
    assert!(request.signature.is_valid(), "{:?}", request.signature);
    assert_eq!(
        body(&request),
        json!({
            "ExpiresAt": 1714564800,
            "Recipients": ["arn:a", "arn:b"],
            "Priority": "HIGH",
            "Content": {"en_US": "Hello"},
            "ClientToken": "token-1",
        })
    );
}

#[test]
fn timestamps_take_epoch_seconds_and_dates() {
    for (given, sent) in [
        ("1714564800", json!(1714564800)),
        ("1714564800.5", json!(1714564800.5)),
        ("2024-05-01", json!(1714521600)),
        ("2024-05-01T14:00:00+02:00", json!(1714564800)),
        ("2024-05-01T10:30:00-01:30", json!(1714564800)),
    ] {
        let server = Server::ok();
        let result = run(
            &server,
            &[
                "create-notification",
                "--instance-id=i",
                "--recipients=r",
                "--content={}",
                "--client-token=t",
                "--expires-at",
                given,
            ],
        );
        assert_eq!(result.status, exit::OK, "{given}: {}", result.err);
        assert_eq!(body(&server.only_request())["ExpiresAt"], sent, "{given}");
    }
}

#[test]
fn booleans_integers_and_enum_lists_parse() {
    let server = Server::ok();
    let result = run(
        &server,
        &[
            "create-instance",
            "--identity-management-type",
            "CONNECT_MANAGED",
            "--inbound-calls-enabled",
            "true",
            "--outbound-calls-enabled",
            "false",
            "--client-token",
            "t",
        ],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(
        body(&server.only_request()),
        json!({
            "ClientToken": "t",
            "IdentityManagementType": "CONNECT_MANAGED",
            "InboundCallsEnabled": true,
            "OutboundCallsEnabled": false,
        })
    );

    let server = Server::ok();
    let result = run(
        &server,
        &[
            "list-queues",
            "--instance-id",
            "i",
            "--queue-types",
            "STANDARD",
            "AGENT",
            "--max-results",
            "7",
        ],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(
        server.only_request().target,
        "/queues-summary/i?queueTypes=STANDARD&queueTypes=AGENT&maxResults=7"
    );
}

#[test]
fn input_json_and_json_members_read_files_and_flags_override() {
    let dir = std::env::temp_dir().join(format!("connect-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("input.json");
    std::fs::write(
        &input,
        r#"{"InstanceId":"from-json","Recipients":["r1"],"Content":{"en_US":"x"},"ClientToken":"t"}"#,
    )
    .unwrap();
    let content = dir.join("content.json");
    std::fs::write(&content, r#"{"en_US":"from a file"}"#).unwrap();
    let server = Server::ok();
    let input_arg = format!("file://{}", input.display());
    let content_arg = format!("file://{}", content.display());
    let result = run(
        &server,
        &[
            "create-notification",
            "--input-json",
            &input_arg,
            "--instance-id",
            "from-flag",
            "--content",
            &content_arg,
        ],
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let request = server.only_request();
    assert_eq!(request.target, "/notifications/from-flag");
    assert_eq!(
        body(&request),
        json!({"Recipients": ["r1"], "Content": {"en_US": "from a file"}, "ClientToken": "t"})
    );
}

#[test]
fn bad_command_lines_and_inputs_exit_252_and_send_nothing() {
    let server = Server::ok();
    let cases: &[&[&str]] = &[
        // Missing required flags.
        &["disassociate-workspace", "--instance-id", "i"],
        // Unknown operation and flag.
        &["disassociate-workspaces"],
        &["list-users", "--instance-id", "i", "--colour", "red"],
        // A value outside the enum, not a number, not a boolean, not a timestamp.
        &[
            "list-queues",
            "--instance-id",
            "i",
            "--queue-types",
            "MEDIUM",
        ],
        &["list-users", "--instance-id", "i", "--max-results", "many"],
        &[
            "create-instance",
            "--identity-management-type",
            "SAML",
            "--inbound-calls-enabled",
            "yes",
            "--outbound-calls-enabled",
            "true",
        ],
        &[
            "create-notification",
            "--instance-id=i",
            "--recipients=r",
            "--content={}",
            "--expires-at",
            "yesterday",
        ],
        // JSON that is not JSON, not an object, or a missing file.
        &[
            "create-notification",
            "--instance-id=i",
            "--recipients=r",
            "--content",
            "{en_US",
        ],
        &["list-users", "--input-json", "[1]"],
        &[
            "list-users",
            "--input-json",
            "file:///nonexistent/connect-cli-input.json",
        ],
        // JSON of the wrong type for a member, and a required member missing from it.
        &["list-users", "--input-json", r#"{"InstanceId": 5}"#],
        &["list-users", "--input-json", r#"{"MaxResults": 5}"#],
        // Constraints of the model: MaxResults is 1..=1000, InstanceId at most 100 characters.
        &["list-users", "--instance-id", "i", "--max-results", "5000"],
    ];
    for args in cases {
        let result = run(&server, args);
        assert_eq!(
            result.status,
            exit::USAGE,
            "{args:?}: {}{}",
            result.out,
            result.err
        );
        assert!(result.err.contains("error"), "{args:?}: {}", result.err);
        assert!(result.out.is_empty(), "{args:?}: {}", result.out);
    }
    assert!(server.requests().is_empty());
    let result = run(
        &server,
        &["list-users", "--instance-id", "i", "--max-results", "5000"],
    );
    assert!(
        result.err.contains("MaxResults: range 1..=1000, got 5000"),
        "{}",
        result.err
    );
}

#[test]
fn a_service_error_exits_254_with_code_message_and_request_id() {
    let server = Server::answering(
        [MockResponse::json(404, r#"{"message":"no such instance"}"#)
            .with_header("x-amzn-ErrorType", "ResourceNotFoundException")
            .with_header("x-amzn-RequestId", "req-123")],
    );
    let result = run(&server, &["list-users", "--instance-id", "i"]);
    assert_eq!(result.status, exit::SERVICE, "{}", result.err);
    assert_eq!(
        result.err,
        "An error occurred (ResourceNotFoundException) when calling the ListUsers operation: \
         no such instance\nHTTP status: 404, request id: req-123\n"
    );
    assert!(result.out.is_empty());
}

#[test]
fn configuration_errors_exit_253_and_transport_errors_255() {
    let server = Server::ok();
    let endpoint = server.server.endpoint();
    let no_region = run_with(
        &CREDENTIALS[..2],
        &[
            "--endpoint-url",
            &endpoint,
            "list-users",
            "--instance-id",
            "i",
        ],
    );
    assert_eq!(no_region.status, exit::CONFIG, "{}", no_region.err);
    assert!(no_region.err.contains("region"), "{}", no_region.err);
    let no_credentials = run_with(
        &[("AWS_REGION", "us-east-1")],
        &[
            "--endpoint-url",
            &endpoint,
            "list-users",
            "--instance-id",
            "i",
        ],
    );
    assert_eq!(
        no_credentials.status,
        exit::CONFIG,
        "{}",
        no_credentials.err
    );
    assert!(server.requests().is_empty());

    // A port nobody listens on: the connection is refused (after the SDK's retries).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let refused = run_with(
        &[CREDENTIALS, &[("AWS_MAX_ATTEMPTS", "1")]].concat(),
        &["--endpoint-url", &url, "list-users", "--instance-id", "i"],
    );
    assert_eq!(refused.status, exit::OTHER, "{}", refused.err);
    assert!(refused.err.contains("ListUsers"), "{}", refused.err);
}

#[test]
fn paginated_operations_follow_tokens_and_merge_items() {
    let pages = [
        r#"{"UserSummaryList":[{"Id":"u1","Username":"ana"}],"NextToken":"page-2"}"#,
        r#"{"UserSummaryList":[{"Id":"u2","Username":"bo"}],"NextToken":"page-3"}"#,
        r#"{"UserSummaryList":[{"Id":"u3","Username":"cy"}]}"#,
    ];
    let server = Server::answering(pages.map(|page| MockResponse::json(200, page)));
    let result = run(
        &server,
        &["list-users", "--instance-id", "i", "--max-results", "1"],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let output: Value = serde_json::from_str(&result.out).unwrap();
    assert_eq!(
        output,
        json!({
            "UserSummaryList": [
                {"Id": "u1", "Username": "ana"},
                {"Id": "u2", "Username": "bo"},
                {"Id": "u3", "Username": "cy"},
            ],
        })
    );
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/users-summary/i?maxResults=1",
            "/users-summary/i?nextToken=page-2&maxResults=1",
            "/users-summary/i?nextToken=page-3&maxResults=1",
        ]
    );

    let server = Server::answering([MockResponse::json(200, pages[0])]);
    let result = run(
        &server,
        &["list-users", "--instance-id", "i", "--no-paginate"],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let output: Value = serde_json::from_str(&result.out).unwrap();
    assert_eq!(output["NextToken"], "page-2");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn timestamps_print_in_iso_8601() {
    let page = r#"{"UserSummaryList":[{"Id":"u1","LastModifiedTime":1700000000.25}]}"#;
    let server = Server::answering([MockResponse::json(200, page)]);
    let result = run(&server, &["list-users", "--instance-id", "i"]);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let output: Value = serde_json::from_str(&result.out).unwrap();
    assert_eq!(
        output,
        json!({"UserSummaryList": [{"Id": "u1", "LastModifiedTime": "2023-11-14T22:13:20.25Z"}]})
    );
}

#[test]
fn a_repeated_token_ends_the_pages() {
    let page = r#"{"UserSummaryList":[{"Id":"u1"}],"NextToken":"same"}"#;
    let server = Server::answering([MockResponse::json(200, page)]);
    let result = run(&server, &["list-users", "--instance-id", "i"]);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn table_output_shows_members_and_items() {
    let page = r#"{"UserSummaryList":[{"Id":"u1","Username":"ana"},{"Id":"u2","Username":"bo"}]}"#;
    let server = Server::answering([MockResponse::json(200, page)]);
    let result = run(
        &server,
        &["--output", "table", "list-users", "--instance-id", "i"],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(
        result.out,
        "ListUsers.UserSummaryList\n\
         +----+----------+\n\
         | Id | Username |\n\
         +----+----------+\n\
         | u1 | ana      |\n\
         | u2 | bo       |\n\
         +----+----------+\n"
    );
}

#[test]
fn completions_generate_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let result = run_with(&[], &["completions", shell]);
        assert_eq!(result.status, exit::OK, "{shell}: {}", result.err);
        assert!(result.out.contains("disassociate-workspace"), "{shell}");
        assert!(result.out.contains("resource-arns"), "{shell}");
    }
    let result = run_with(&[], &["completions", "tcsh"]);
    assert_eq!(result.status, exit::USAGE);
}

#[test]
fn help_lists_operations_and_global_options_and_shows_the_model_docs() {
    let result = run_with(&[], &["--help"]);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    for text in [
        "disassociate-workspace",
        "list-users",
        "--region",
        "--profile",
        "--endpoint-url",
        "--output",
        "--no-paginate",
        "--debug",
        "254 service error",
    ] {
        assert!(
            result.out.contains(text),
            "{text} missing from\n{}",
            result.out
        );
    }
    let result = run_with(&[], &["list-users", "--help"]);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert!(result
        .out
        .contains("Provides summary information about the users"));
    assert!(result.out.contains("--instance-id <STRING>"));
    let required = result
        .out
        .find("Required members")
        .expect("a heading for required flags");
    let optional = result
        .out
        .find("Optional members")
        .expect("a heading for optional flags");
    let instance_id = result.out.find("--instance-id").unwrap();
    let max_results = result.out.find("--max-results").unwrap();
    assert!(required < instance_id && instance_id < optional && optional < max_results);
    assert!(
        result.out.contains("find-instance-arn.html"),
        "{}",
        result.out
    );
    let result = run_with(&[], &["list-queues", "-h"]);
    assert!(result.out.contains("STANDARD"), "{}", result.out);
    // No operation: usage on stderr.
    let result = run_with(&[], &[]);
    assert_eq!(result.status, exit::USAGE);
}

#[test]
fn the_skeleton_lists_every_member() {
    let result = run_with(&[], &["create-notification", "--generate-input-skeleton"]);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let skeleton: Value = serde_json::from_str(&result.out).unwrap();
    assert_eq!(
        skeleton,
        json!({
            "InstanceId": "",
            "ExpiresAt": 0,
            "Recipients": [""],
            "Priority": "HIGH",
            "Content": {"en_US": ""},
            "Tags": {"KeyName": ""},
            "PredefinedNotificationId": "",
            "ClientToken": "",
        })
    );
}

#[test]
fn members_left_out_of_input_json_are_not_sent_even_with_a_default() {
    // The bug users hit: `FieldValueUnion.BooleanValue` has `@default(false)`, and a rule that
    // sets a string field went out with two values in a structure the service reads as a
    // one-of.
    let server = Server::ok();
    let input = json!({
        "InstanceId": "inst-1",
        "Name": "close-cases",
        "TriggerEventSource": {"EventSourceName": "OnCaseUpdate"},
        "Function": "{}",
        "PublishStatus": "PUBLISHED",
        "ClientToken": "token-1",
        "Actions": [{
            "ActionType": "UPDATE_CASE",
            "UpdateCaseAction": {"Fields": [{"Id": "status", "Value": {"StringValue": "closed"}}]},
        }],
    });
    let result = run(
        &server,
        &["create-rule", "--input-json", &input.to_string()],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let mut sent = input;
    sent.as_object_mut().unwrap().remove("InstanceId");
    assert_eq!(body(&server.only_request()), sent);
}
