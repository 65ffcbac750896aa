//! `--ca-bundle`: the tool trusts a private CA for one run, over `AWS_CA_BUNDLE` and the
//! profile's `ca_bundle`, and refuses an unusable bundle with the configuration exit status
//! before sending anything.

use connect_cli_support::exit;
use connect_cli_tests::*;
use connect_mock::tls::{TestCa, TlsFront};
use connect_mock::{Credentials, MockResponse, MockServer};

/// An HTTPS mock (a TLS front on its own runtime, relaying to connect-mock).
struct Https {
    ca: TestCa,
    server: MockServer,
    front: TlsFront,
    _runtime: tokio::runtime::Runtime,
}

fn https() -> Https {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let ca = TestCa::new("connect-cli-tests CA").unwrap();
    let (server, front) = runtime.block_on(async {
        let server = MockServer::start(
            Credentials::new(KEY, SECRET),
            "us-east-1",
            "connect",
            |_| MockResponse::json(200, "{}"),
        )
        .await
        .unwrap();
        let front = TlsFront::start(&ca, server.address()).await.unwrap();
        (server, front)
    });
    Https {
        ca,
        server,
        front,
        _runtime: runtime,
    }
}

const ARGS: &[&str] = &[
    "disassociate-workspace",
    "--instance-id",
    "i",
    "--workspace-id",
    "w",
    "--resource-arns",
    "a",
];

fn env_with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut env = CREDENTIALS.to_vec();
    env.extend_from_slice(&[("HOME", "/home/me"), ("AWS_EC2_METADATA_DISABLED", "true")]);
    env.extend_from_slice(extra);
    env
}

#[test]
fn the_flag_trusts_the_bundle_and_wins_over_the_environment() {
    let https = https();
    let pem = https.ca.pem();
    let endpoint = https.front.endpoint();
    let files = [
        ("/certs/ca.pem", pem.as_str()),
        ("/certs/other.pem", "no certificate"),
    ];
    let mut args = vec!["--endpoint-url", endpoint.as_str()];
    args.extend_from_slice(ARGS);
    // Without it, the private CA is not trusted (exit 255: the connection failed).
    let untrusted = run_with_files(&env_with(&[("AWS_MAX_ATTEMPTS", "1")]), &files, &args);
    assert_eq!(untrusted.status, exit::OTHER, "{}", untrusted.err);
    assert!(https.server.requests().is_empty());
    let mut flagged = vec!["--ca-bundle", "/certs/ca.pem"];
    flagged.extend_from_slice(&args);
    // AWS_CA_BUNDLE names a file without certificates, which the flag replaces.
    let env = env_with(&[("AWS_CA_BUNDLE", "/certs/other.pem")]);
    let result = run_with_files(&env, &files, &flagged);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(result.out, "{}\n");
    let requests = https.server.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].signature.is_valid());
}

#[test]
fn the_profile_bundle_is_read_and_the_flag_wins_over_it() {
    let https = https();
    let pem = https.ca.pem();
    let endpoint = https.front.endpoint();
    let config = "[default]\nca_bundle = ~/certs/ca.pem\n";
    let mut files = vec![
        ("/home/me/.aws/config", config),
        ("/home/me/certs/ca.pem", pem.as_str()),
        ("/certs/other.pem", "no certificate"),
    ];
    let mut args = vec!["--endpoint-url", endpoint.as_str()];
    args.extend_from_slice(ARGS);
    // The profile's bundle alone is trusted, as the SDK reads it.
    let result = run_with_files(&env_with(&[]), &files, &args);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(https.server.requests().len(), 1);
    // The flag replaces the profile's bundle, even with a file the profile's would reject.
    files[0] = (
        "/home/me/.aws/config",
        "[default]\nca_bundle = /certs/other.pem\n",
    );
    let mut flagged = vec!["--ca-bundle", "/home/me/certs/ca.pem"];
    flagged.extend_from_slice(&args);
    let result = run_with_files(&env_with(&[]), &files, &flagged);
    assert_eq!(result.status, exit::OK, "{}", result.err);
    assert_eq!(https.server.requests().len(), 2);
    // Without the flag, that profile's bundle is an error naming the key, profile and file.
    let result = run_with_files(&env_with(&[]), &files, &args);
    assert_eq!(result.status, exit::CONFIG, "{}", result.err);
    assert!(
        result.err.contains(
            "the CA bundle /certs/other.pem (`ca_bundle` of profile `default` in \
             /home/me/.aws/config) cannot be used"
        ),
        "{}",
        result.err
    );
    assert_eq!(https.server.requests().len(), 2);
}

#[test]
fn an_unusable_bundle_is_a_configuration_error_naming_the_file() {
    let https = https();
    let endpoint = https.front.endpoint();
    let mut args = vec![
        "--ca-bundle",
        "/certs/none.pem",
        "--endpoint-url",
        endpoint.as_str(),
    ];
    args.extend_from_slice(ARGS);
    let result = run_with_files(&env_with(&[]), &[], &args);
    assert_eq!(result.status, exit::CONFIG, "{}", result.err);
    assert!(
        result
            .err
            .contains("--ca-bundle /certs/none.pem cannot be used: there is no such file"),
        "{}",
        result.err
    );
    assert!(https.server.requests().is_empty());
}

#[test]
fn a_bundle_without_certificates_is_refused_too() {
    let mut args = vec!["--ca-bundle", "/certs/empty.pem"];
    args.extend_from_slice(ARGS);
    let files = [("/certs/empty.pem", "no certificate")];
    let result = run_with_files(&env_with(&[]), &files, &args);
    assert_eq!(result.status, exit::CONFIG, "{}", result.err);
    assert!(
        result
            .err
            .contains("--ca-bundle /certs/empty.pem cannot be used: "),
        "{}",
        result.err
    );
}
