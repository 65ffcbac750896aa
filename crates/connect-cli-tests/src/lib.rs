//! The harness of the `connect` tool's tests in `tests/`: the tool run in-process against
//! connect-mock on 127.0.0.1, with what it printed and the requests the server got.

use connect_cli_support::{Context, Writer};
use connect_mock::{sequence, Credentials, MockResponse, MockServer, RecordedRequest};
use connect_runtime::{Env, Fs};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// The access key id the mock accepts.
pub const KEY: &str = "AKIDCLITEST";
/// The secret key the mock accepts.
pub const SECRET: &str = "cli-secret-access-key";

/// A mock endpoint on its own runtime (the tool blocks the test's thread on its own).
pub struct Server {
    /// The mock endpoint.
    pub server: MockServer,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    /// A server of Amazon Connect that gives `responses` in turn.
    pub fn answering(responses: impl IntoIterator<Item = MockResponse>) -> Self {
        Self::signed_as("connect", responses)
    }

    /// A server that checks signatures of `signing_name` (the service's SigV4 name) and gives
    /// `responses` in turn.
    pub fn signed_as(
        signing_name: &'static str,
        responses: impl IntoIterator<Item = MockResponse>,
    ) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let server = runtime
            .block_on(MockServer::start(
                Credentials::new(KEY, SECRET),
                "us-east-1",
                signing_name,
                sequence(responses),
            ))
            .expect("the server starts");
        Self {
            server,
            _runtime: runtime,
        }
    }

    /// A server that answers `{}` once.
    pub fn ok() -> Self {
        Self::answering([MockResponse::json(200, "{}")])
    }

    /// Every request the server got.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    /// The one request the server got.
    pub fn only_request(&self) -> RecordedRequest {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "{requests:#?}");
        requests[0].clone()
    }
}

/// What one run of the tool did.
pub struct Run {
    /// The exit status.
    pub status: u8,
    /// What it printed on stdout.
    pub out: String,
    /// What it printed on stderr.
    pub err: String,
}

/// `connect args...` in-process with `env` as its environment (the instance metadata service
/// off, unless `env` turns it on) and no files.
pub fn run_with(env: &[(&str, &str)], args: &[&str]) -> Run {
    run_with_files(env, &[], args)
}

/// `connect args...` in-process with `env` as its environment and `files` as its file system.
pub fn run_with_files(env: &[(&str, &str)], files: &[(&str, &str)], args: &[&str]) -> Run {
    let out = Arc::new(Mutex::new(Vec::new()));
    let err = Arc::new(Mutex::new(Vec::new()));
    let context = Context {
        // Off unless a test turns it on: the default would ask 169.254.169.254.
        env: Env::from_vars(
            std::iter::once(("AWS_EC2_METADATA_DISABLED", "true")).chain(env.iter().copied()),
        ),
        fs: Fs::from_files(files.iter().copied()),
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

/// Credentials and region the mock accepts.
pub const CREDENTIALS: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", KEY),
    ("AWS_SECRET_ACCESS_KEY", SECRET),
    ("AWS_REGION", "us-east-1"),
];

/// `connect --endpoint-url <server> args...` with credentials and region in the environment.
pub fn run(server: &Server, args: &[&str]) -> Run {
    let endpoint = server.server.endpoint();
    let mut all = vec!["--endpoint-url", endpoint.as_str()];
    all.extend_from_slice(args);
    run_with(CREDENTIALS, &all)
}

/// The request's body as JSON.
pub fn body(request: &RecordedRequest) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}
