//! `connect --debug`: the SDK's traces on stderr, and never a secret. Its own test binary, so
//! that no other test shares the process-wide tracing state (callsite interest is cached per
//! process, and tests on other threads would race with this one's subscriber).

use connect_cli_support::{exit, Context, Writer};
use connect_mock::{sequence, Credentials, MockResponse, MockServer, RecordedRequest};
use connect_runtime::{Env, Fs};
use serde_json::Value;
use std::sync::{Arc, Mutex};

const KEY: &str = "AKIDCLITEST";
const SECRET: &str = "cli-secret-access-key";

/// A mock endpoint on its own runtime (the tool blocks the test's thread on its own).
struct Server {
    server: MockServer,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    fn answering(responses: impl IntoIterator<Item = MockResponse>) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let server = runtime
            .block_on(MockServer::start(
                Credentials::new(KEY, SECRET),
                "us-east-1",
                "connect",
                sequence(responses),
            ))
            .expect("the server starts");
        Self {
            server,
            _runtime: runtime,
        }
    }

    fn ok() -> Self {
        Self::answering([MockResponse::json(200, "{}")])
    }

    fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    fn only_request(&self) -> RecordedRequest {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "{requests:#?}");
        requests[0].clone()
    }
}

struct Run {
    status: u8,
    out: String,
    err: String,
}

fn run_with(env: &[(&str, &str)], args: &[&str]) -> Run {
    let out = Arc::new(Mutex::new(Vec::new()));
    let err = Arc::new(Mutex::new(Vec::new()));
    let context = Context {
        env: Env::from_vars(env.iter().copied()),
        fs: Fs::from_files(Vec::<(String, String)>::new()),
        out: Writer::buffer(out.clone()),
        err: Writer::buffer(err.clone()),
    };
    let status = connect_cli::run(
        std::iter::once("connect").chain(args.iter().copied()),
        context,
    );
    let text =
        |buffer: &Arc<Mutex<Vec<u8>>>| String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
    Run {
        status,
        out: text(&out),
        err: text(&err),
    }
}

const CREDENTIALS: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", KEY),
    ("AWS_SECRET_ACCESS_KEY", SECRET),
    ("AWS_REGION", "us-east-1"),
];

/// `connect --endpoint-url <server> args...` with credentials and region in the environment.
fn run(server: &Server, args: &[&str]) -> Run {
    let endpoint = server.server.endpoint();
    let mut all = vec!["--endpoint-url", endpoint.as_str()];
    all.extend_from_slice(args);
    run_with(CREDENTIALS, &all)
}

fn body(request: &RecordedRequest) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

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
    assert!(result.err.contains("connect.operation"), "{}", result.err);
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
