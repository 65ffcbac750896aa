//! The default HTTP client reads no proxy variable of the process on its own: only the
//! `Config` decides (`Config::load` reads them from the loader's environment). Alone in its
//! test binary, because it sets the process environment.

use connect_mock::{MockResponse, MockServer, Proxy};
use connect_sdk::{Client, Config, Credentials, Env, Fs};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";

#[tokio::test]
async fn proxy_variables_of_the_process_are_not_read_behind_the_configs_back() {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    let server = MockServer::start(credentials, REGION, "connect", |_| {
        MockResponse::json(200, "{}")
    })
    .await
    .expect("bind 127.0.0.1");
    let proxy = Proxy::start().await.unwrap();
    for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        std::env::set_var(name, proxy.url());
    }
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    let explicit = Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .endpoint_url(server.endpoint());
    let loaded = Config::loader()
        .env(Env::from_vars([
            ("HOME", "/home/me"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ("AWS_REGION", REGION),
        ]))
        .fs(Fs::from_files::<&str, &str>([]))
        .load()
        .unwrap()
        .endpoint_url(server.endpoint());
    for config in [explicit, loaded] {
        Client::from_conf(config.build())
            .disassociate_workspace()
            .instance_id("i")
            .workspace_id("w")
            .resource_arns("a")
            .send()
            .await
            .unwrap();
    }
    assert_eq!(server.requests().len(), 2);
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());
}
