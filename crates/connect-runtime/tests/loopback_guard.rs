//! The tests' safety switch: with `CONNECT_SDK_LOOPBACK_ONLY` set, the default transport panics
//! before it sends anything anywhere but loopback, also when a credential source's default
//! address kicks in. Its own test binary with a single test: it sets the variable for the
//! whole process.

use connect_http::ReqwestClient;
use connect_mock::{MockResponse, MockServer};
use connect_runtime::client::transport::LOOPBACK_ONLY;
use connect_runtime::credentials::{
    ContainerCredentials, ContainerSettings, ImdsCredentials, ImdsEndpointMode, ImdsSettings,
};
use connect_runtime::sleep::TokioSleep;
use connect_runtime::{Body, HttpClient, PreparedRequest, ProvideCredentials, ProviderContext};
use std::sync::Arc;

fn get(url: &str) -> PreparedRequest {
    PreparedRequest {
        method: "GET",
        url: url.to_owned(),
        headers: Vec::new(),
        body: Body::empty(),
    }
}

/// The message of the panic that sending to `url` causes.
async fn panic_of(http: Arc<ReqwestClient>, url: &str) -> String {
    let request = get(url);
    let outcome = tokio::spawn(async move { http.send(request).await.map(drop) }).await;
    let Err(error) = outcome else {
        panic!("{url} was let through: {outcome:?}");
    };
    let payload = error.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_else(|| format!("a panic without a message: {payload:?}"))
}

/// The message of the panic that asking `provider` for credentials causes.
async fn panic_of_provider(
    provider: impl ProvideCredentials + 'static,
    http: Arc<ReqwestClient>,
) -> String {
    provider.bind(&ProviderContext {
        http,
        sleep: Arc::new(TokioSleep),
        services: None,
    });
    let outcome = tokio::spawn(async move { provider.provide_credentials().await.map(drop) }).await;
    let Err(error) = outcome else {
        panic!("the provider was let through: {outcome:?}");
    };
    let payload = error.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn the_default_transport_refuses_every_host_but_loopback() {
    std::env::set_var(LOOPBACK_ONLY, "1");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = MockServer::start_unsigned(|_| MockResponse::json(200, "{}"))
            .await
            .unwrap();
        let http = Arc::new(ReqwestClient::new(None).unwrap());
        let answer = http.send(get(&server.endpoint())).await.expect("sent");
        assert_eq!(answer.status, 200);
        // Other loopback names are let through too: nobody listens there, so the connection
        // fails, but nothing panics.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        for url in [
            format!("http://localhost:{port}/"),
            format!("http://[::1]:{port}/"),
        ] {
            assert!(http.send(get(&url)).await.is_err(), "{url}");
        }
        for url in [
            "http://169.254.169.254/latest/api/token",
            "http://[fd00:ec2::254]/latest/api/token",
            "http://169.254.170.2/v2/credentials/task",
            "http://169.254.170.23/v1/credentials",
            "https://connect.us-east-1.amazonaws.com/",
        ] {
            let message = panic_of(http.clone(), url).await;
            assert!(
                message.contains(url) && message.contains(LOOPBACK_ONLY),
                "{message}"
            );
        }
        assert_eq!(server.requests().len(), 1);

        // Credential sources whose default address kicked in.
        for (provider, url) in [
            (
                ImdsCredentials::new(ImdsSettings::default()),
                "http://169.254.169.254/latest/api/token",
            ),
            (
                ImdsCredentials::new(
                    ImdsSettings::default().with_endpoint_mode(ImdsEndpointMode::IPv6),
                ),
                "http://[fd00:ec2::254]/latest/api/token",
            ),
        ] {
            let message = panic_of_provider(provider, http.clone()).await;
            assert!(
                message.contains(url) && message.contains(LOOPBACK_ONLY),
                "{message}"
            );
        }
        let ecs = ContainerCredentials::new(
            ContainerSettings::relative_uri("/v2/credentials/task").unwrap(),
        );
        let message = panic_of_provider(ecs, http.clone()).await;
        assert!(
            message.contains("http://169.254.170.2/v2/credentials/task"),
            "{message}"
        );
    });
}
