//! `connect --debug`: the SDK's traces on stderr, and never a secret. Its own test binary, so
//! that no other test shares the process-wide tracing state (callsite interest is cached per
//! process, and tests on other threads would race with this one's subscriber).

use connect_cli_support::exit;
use connect_cli_tests::*;

#[test]
fn debug_traces_the_call_without_secrets() {
    let server = Server::ok();
    let endpoint = server.server.endpoint();
    let token = "session-token-must-not-show";
    let env = [CREDENTIALS, &[("AWS_SESSION_TOKEN", token)]].concat();
    let result = run_with(
        &env,
        &[
            "--debug",
            "--endpoint-url",
            &endpoint,
            "create-user",
            "--instance-id",
            "i",
            "--username",
            "ana",
            "--password",
            "hunter2-password",
            "--security-profile-ids",
            "sp",
            "--routing-profile-id",
            "rp",
        ],
    );
    assert_eq!(result.status, exit::OK, "{}", result.err);
    // The output still goes to stdout, the traces to stderr.
    assert_eq!(result.out, "{}\n");
    let request = server.only_request();
    assert_eq!(body(&request)["Password"], "hunter2-password");
    assert!(
        result
            .err
            .contains(r#"operation{service="connect" operation="CreateUser""#),
        "{}",
        result.err
    );
    assert!(result.err.contains("CreateUser"), "{}", result.err);
    let authorization = request.header("authorization").unwrap();
    let signature = authorization.rsplit("Signature=").next().unwrap();
    for secret in [SECRET, token, "hunter2-password", signature] {
        assert!(
            !result.err.contains(secret),
            "{secret} traced:\n{}",
            result.err
        );
    }
    // Without --debug, nothing on stderr.
    let server = Server::ok();
    let result = run(&server, &["list-users", "--instance-id", "i"]);
    assert_eq!(result.err, "");
}
