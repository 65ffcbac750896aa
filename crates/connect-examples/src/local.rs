//! A local stand-in for a service: a server on 127.0.0.1 that checks each request's SigV4
//! signature (for the service's signing name) and gives one answer.

use connect_mock::{MockResponse, MockServer};
use connect_runtime::{Config, Credentials};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";

/// A server checking signatures for `signing_name` and answering every request with `answer`,
/// a 200 with that JSON body.
pub async fn serve(
    signing_name: &'static str,
    answer: &'static str,
) -> std::io::Result<MockServer> {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, REGION, signing_name, move |_| {
        MockResponse::json(200, answer)
    })
    .await
}

/// The configuration of a client of `server`: its endpoint, region and credentials.
pub fn config(server: &MockServer) -> Config {
    Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .endpoint_url(server.endpoint())
        .build()
}

/// What `server` received: one line per request; an error when a signature did not check.
pub fn received(server: &MockServer) -> Result<Vec<String>, String> {
    server
        .requests()
        .iter()
        .map(|request| {
            if request.signature.is_valid() {
                Ok(format!(
                    "{} {} (signature valid)",
                    request.method, request.target
                ))
            } else {
                Err(format!(
                    "{} {}: {:?}",
                    request.method, request.target, request.signature
                ))
            }
        })
        .collect()
}
