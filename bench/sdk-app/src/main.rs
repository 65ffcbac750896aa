//! Calls DisassociateWorkspace `$N` times against `$ENDPOINT`, as the peer and floor apps do.

use connect_sdk::{Client, Config, Credentials};

#[tokio::main]
async fn main() {
    let endpoint = std::env::var("ENDPOINT").unwrap_or("http://127.0.0.1:18080".into());
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(endpoint)
        .build();
    let client = Client::from_conf(config);
    let started = std::time::Instant::now();
    for _ in 0..n {
        let output = client
            .disassociate_workspace()
            .instance_id("inst-1")
            .workspace_id("ws-1")
            .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1")
            .send()
            .await;
        if n == 1 {
            println!("{output:?}");
        }
    }
    eprintln!("{n} requests in {:?}", started.elapsed());
}
