//! Calls DisassociateWorkspace `$N` times against `$ENDPOINT`: the peer application
//! (`../shared/bench/peer-app`) written on this SDK, statement for statement, so that
//! `cargo xtask bench-compile` compiles the same program on both. `cargo xtask bench-requests`
//! gives all three applications the same concurrent mode (`$C` tasks) in a patched copy.

use connect_sdk::{Client, Config, Credentials};

#[tokio::main]
async fn main() {
    let endpoint = std::env::var("ENDPOINT").unwrap_or("http://127.0.0.1:18080".into());
    let n: usize = std::env::var("N").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(endpoint)
        .build();
    let client = Client::from_conf(config);
    let t = std::time::Instant::now();
    for _ in 0..n {
        let out = client
            .disassociate_workspace()
            .instance_id("inst-1")
            .workspace_id("ws-1")
            .resource_arns("arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1")
            .send()
            .await;
        if n == 1 {
            println!("{out:?}");
        }
    }
    eprintln!("{} requests in {:?}", n, t.elapsed());
}
