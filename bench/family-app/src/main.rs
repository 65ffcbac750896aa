//! Calls CreateCase once against `$ENDPOINT` and prints the result.

use connectcases_sdk::{Client, Config, Credentials};

#[tokio::main]
async fn main() {
    let endpoint = std::env::var("ENDPOINT").unwrap_or("http://127.0.0.1:18080".into());
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(endpoint)
        .build();
    let client = Client::from_conf(config);
    let output = client
        .create_case()
        .domain_id("domain-1")
        .template_id("template-1")
        .set_fields(Some(Vec::new()))
        .send()
        .await;
    println!("{output:?}");
}
