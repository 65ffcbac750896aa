//! The family's services as subcommand groups, `connect <service> <operation>`, as the AWS
//! CLI's `aws <service> <operation>`: each signs with its own name, speaks its own protocol
//! and takes the same flags, `--input-json`, skeletons, pagination and exit statuses as
//! Connect's own operations.

use connect_cli_support::exit;
use connect_cli_tests::{body, run, run_with, Server};
use connect_mock::MockResponse;
use serde_json::{json, Value};

#[test]
fn a_rest_json_service_signs_with_its_own_name_and_follows_pages() {
    let server = Server::signed_as(
        "cases",
        [
            MockResponse::json(
                200,
                r#"{"domains": [{"domainId": "d-1"}], "nextToken": "t2"}"#,
            ),
            MockResponse::json(200, r#"{"domains": [{"domainId": "d-2"}]}"#),
        ],
    );
    let result = run(
        &server,
        &["connectcases", "list-domains", "--max-results", "1"],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert!(request.signature.is_valid(), "{:?}", request.signature);
        assert_eq!(request.method, "POST");
    }
    assert_eq!(requests[0].target, "/domains-list?maxResults=1");
    assert_eq!(
        requests[1].target,
        "/domains-list?maxResults=1&nextToken=t2"
    );
    let printed: Value = serde_json::from_str(&result.out).unwrap();
    assert_eq!(
        printed,
        json!({"domains": [{"domainId": "d-1"}, {"domainId": "d-2"}]})
    );
}

#[test]
fn an_aws_json_service_sends_its_target_and_content_type() {
    let server = Server::signed_as(
        "voiceid",
        [MockResponse::json(
            200,
            r#"{"DomainSummaries": [{"DomainId": "abcdefghijklmnopqrstuv", "CreatedAt": 1700000000.5}]}"#,
        )],
    );
    let result = run(
        &server,
        &[
            "voice-id",
            "list-domains",
            "--max-results",
            "2",
            "--no-paginate",
        ],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let request = server.only_request();
    assert!(request.signature.is_valid(), "{:?}", request.signature);
    assert_eq!(request.target, "/");
    assert_eq!(request.header("x-amz-target"), Some("VoiceID.ListDomains"));
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(body(&request), json!({"MaxResults": 2}));
    let printed: Value = serde_json::from_str(&result.out).unwrap();
    assert_eq!(
        printed["DomainSummaries"][0]["CreatedAt"],
        json!("2023-11-14T22:13:20.5Z")
    );
}

#[test]
fn a_participant_token_goes_in_its_header() {
    let server = Server::signed_as(
        "execute-api",
        [MockResponse::json(
            200,
            r#"{"InitialContactId": "c-1", "Transcript": []}"#,
        )],
    );
    let result = run(
        &server,
        &[
            "connectparticipant",
            "get-transcript",
            "--connection-token",
            "token-1",
            "--contact-id",
            "c-1",
            "--no-paginate",
        ],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let request = server.only_request();
    assert!(request.signature.is_valid(), "{:?}", request.signature);
    assert_eq!(request.target, "/participant/transcript");
    assert_eq!(request.header("x-amz-bearer"), Some("token-1"));
    assert_eq!(body(&request), json!({"ContactId": "c-1"}));
}

#[test]
fn a_group_s_errors_and_usage_exit_as_connect_s_do() {
    let server = Server::signed_as(
        "cases",
        [MockResponse::json(
            404,
            r#"{"__type": "ResourceNotFoundException", "message": "no such domain"}"#,
        )],
    );
    let result = run(
        &server,
        &["connectcases", "get-domain", "--domain-id", "d-9"],
    );
    assert_eq!(result.status, exit::SERVICE, "{}", result.err);
    assert!(
        result.err.contains(
            "An error occurred (ResourceNotFoundException) when calling the GetDomain operation: no such domain"
        ),
        "{}",
        result.err
    );
    // A required member missing: refused, nothing sent.
    let server = Server::signed_as("cases", []);
    let result = run(&server, &["connectcases", "get-domain"]);
    assert_eq!(result.status, exit::USAGE);
    assert!(result.err.contains("--domain-id"), "{}", result.err);
    let result = run(
        &server,
        &[
            "connectcases",
            "get-domain",
            "--input-json",
            r#"{"domainId": 7}"#,
        ],
    );
    assert_eq!(result.status, exit::USAGE, "{}", result.err);
    assert!(result.err.contains("domainId"), "{}", result.err);
    assert!(server.requests().is_empty());
    // A service with no operation named, and an operation of another service.
    assert_eq!(run_with(&[], &["wisdom"]).status, exit::USAGE);
    assert_eq!(run_with(&[], &["wisdom", "list-users"]).status, exit::USAGE);
}

#[test]
fn help_skeletons_and_completions_cover_every_service() {
    let result = run_with(&[], &["--help"]);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    for group in [
        "appintegrations",
        "connect-contact-lens",
        "connectcampaigns",
        "connectcampaignsv2",
        "connectcases",
        "connecthealth",
        "connectparticipant",
        "customer-profiles",
        "qconnect",
        "voice-id",
        "wisdom",
    ] {
        assert!(
            result.out.contains(group),
            "{group} missing from\n{}",
            result.out
        );
        let help = run_with(&[], &[group, "--help"]);
        assert_eq!(help.status, exit::OK, "{group}: {}", help.err);
        assert!(help.out.contains("Operations"), "{group}: {}", help.out);
    }
    let result = run_with(&[], &["connectcases", "create-case", "--help"]);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert!(
        result.out.contains("--template-id <STRING>"),
        "{}",
        result.out
    );
    let result = run_with(
        &[],
        &[
            "customer-profiles",
            "create-domain",
            "--generate-input-skeleton",
        ],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    let skeleton: Value = serde_json::from_str(&result.out).unwrap();
    assert_eq!(skeleton["DomainName"], json!(""));
    assert_eq!(skeleton["DefaultExpirationDays"], json!(0));
    for shell in ["bash", "zsh", "fish"] {
        let result = run_with(&[], &["completions", shell]);
        assert_eq!(result.status, exit::OK, "{shell}: {}", result.err);
        for text in [
            "connectcases",
            "create-case",
            "template-id",
            "voice-id",
            "disassociate-workspace",
        ] {
            assert!(result.out.contains(text), "{shell}: {text}");
        }
    }
}
