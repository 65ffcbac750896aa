//! DisassociateWorkspace against Amazon Connect.
//!
//! ```text
//! AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
//!   cargo run -p connect-examples --example disassociate_workspace -- INSTANCE_ID WORKSPACE_ID ARN...
//! AWS_PROFILE=work cargo run -p connect-examples --example disassociate_workspace -- ...
//! ```
//!
//! Region and credentials are found as the AWS SDKs find them: environment variables, then the
//! profile in `~/.aws/config` and `~/.aws/credentials`.
//!
//! `CONNECT_ENDPOINT_URL` sends the request elsewhere (a proxy, a local server).

use connect_sdk::disassociate_workspace::DisassociateWorkspaceError;
use connect_sdk::{Client, Config, SdkError};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [instance_id, workspace_id, arns @ ..] = args.as_slice() else {
        eprintln!("usage: disassociate_workspace INSTANCE_ID WORKSPACE_ID RESOURCE_ARN...");
        return ExitCode::from(2);
    };
    let mut config = match Config::load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Ok(url) = std::env::var("CONNECT_ENDPOINT_URL") {
        config = config.endpoint_url(url);
    }
    let client = Client::from_conf(config.build());
    let call = arns.iter().fold(
        client
            .disassociate_workspace()
            .instance_id(instance_id)
            .workspace_id(workspace_id),
        |call, arn| call.resource_arns(arn),
    );
    match call.send().await {
        Ok(output) => {
            println!("{output:#?}");
            ExitCode::SUCCESS
        }
        Err(SdkError::Service(error)) => {
            match error.err() {
                DisassociateWorkspaceError::ResourceNotFoundException(_) => {
                    eprintln!("no such instance or workspace");
                }
                DisassociateWorkspaceError::ThrottlingException(_) => {
                    eprintln!("throttled: try again later");
                }
                _ => {}
            }
            eprintln!("error: {}", error.meta());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
