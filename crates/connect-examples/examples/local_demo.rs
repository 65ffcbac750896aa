//! DisassociateWorkspace against a local stand-in for Amazon Connect on 127.0.0.1.
//!
//! The server checks the request's SigV4 signature with its own implementation and answers
//! with the documented response syntax. Run: `cargo run -p connect-examples --example local_demo`.

use connect_mock::{MockResponse, MockServer};
use connect_sdk::{Client, Config, Credentials};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start(
        connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY),
        "us-east-1",
        "connect",
        |request| {
            // Answer for each ARN sent: the first succeeds, the others fail, as a real batch can.
            let body = String::from_utf8_lossy(&request.body).into_owned();
            let arns: Vec<&str> = body
                .split('"')
                .filter(|part| part.starts_with("arn:"))
                .collect();
            let successful = arns
                .iter()
                .take(1)
                .map(|arn| format!(r#"{{"ResourceArn":"{arn}"}}"#));
            let failed = arns.iter().skip(1).map(|arn| {
                format!(
                    r#"{{"ResourceArn":"{arn}","ErrorCode":"404","ErrorMessage":"Not associated"}}"#
                )
            });
            MockResponse::json(
                200,
                format!(
                    r#"{{"SuccessfulList":[{}],"FailedList":[{}]}}"#,
                    successful.collect::<Vec<_>>().join(","),
                    failed.collect::<Vec<_>>().join(",")
                ),
            )
        },
    )
    .await?;
    println!("local Amazon Connect stand-in at {}", server.endpoint());

    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .endpoint_url(server.endpoint())
        .build();
    let client = Client::from_conf(config);

    let output = client
        .disassociate_workspace()
        .instance_id("inst-1")
        .workspace_id("ws-1")
        .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1")
        .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a2")
        .send()
        .await?;
    println!("{output:#?}");

    for request in server.requests() {
        println!(
            "server saw: {} {} ({} bytes), signature: {:?}",
            request.method,
            request.target,
            request.body.len(),
            request.signature
        );
        if !request.signature.is_valid() {
            return Err("the server refused the signature".into());
        }
    }
    Ok(())
}
