//! An application of its own, outside the SDK's workspace: two operations of connect-sdk,
//! configured the way applications are (region, credentials and endpoint from the
//! environment), against the endpoint the test gives it in `AWS_ENDPOINT_URL_CONNECT`.

use connect_sdk::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_conf(Config::load()?.build());

    let output = client
        .disassociate_workspace()
        .instance_id("inst-1")
        .workspace_id("ws-1")
        .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1")
        .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a2")
        .send()
        .await?;
    for done in output.successful_list.unwrap_or_default() {
        println!("disassociated {}", done.resource_arn.unwrap_or_default());
    }
    for failed in output.failed_list.unwrap_or_default() {
        println!(
            "not disassociated {}: {} {}",
            failed.resource_arn.unwrap_or_default(),
            failed.error_code.unwrap_or_default(),
            failed.error_message.unwrap_or_default()
        );
    }

    let mut users = client
        .list_users()
        .instance_id("inst-1")
        .into_paginator()
        .items();
    while let Some(user) = users.next().await {
        let user = user?;
        println!(
            "user {} {}",
            user.id.unwrap_or_default(),
            user.username.unwrap_or_default()
        );
    }
    Ok(())
}
