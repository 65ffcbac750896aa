//! Calls DisassociateWorkspace `$N` times against `$ENDPOINT`, as the peer and floor apps do;
//! with `$C` above 1, `$C` tasks share the client and the `$N` requests (`cargo xtask
//! bench-requests` gives the reference apps the same mode).

use connect_sdk::{Client, Config, Credentials};

#[tokio::main]
async fn main() {
    let endpoint = std::env::var("ENDPOINT").unwrap_or("http://127.0.0.1:18080".into());
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let c: usize = std::env::var("C")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1)
        .max(1);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(endpoint)
        .build();
    let client = Client::from_conf(config);
    let run = |count: usize| {
        let client = client.clone();
        async move {
            for _ in 0..count {
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
        }
    };
    let started = std::time::Instant::now();
    if c == 1 {
        run(n).await;
    } else {
        let tasks: Vec<_> = (0..c)
            .map(|i| tokio::spawn(run(n / c + usize::from(i < n % c))))
            .collect();
        for task in tasks {
            task.await.expect("a request task panicked");
        }
    }
    eprintln!("{n} requests in {:?}", started.elapsed());
}
