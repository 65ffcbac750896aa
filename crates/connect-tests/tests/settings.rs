//! The settings `Config::load` reads besides region and credentials, each end to end: loaded
//! from an injected environment and file system, then used by real calls to connect-mock on
//! 127.0.0.1 (endpoint URLs per service, FIPS and dual-stack, the user agent's app id, default
//! timeouts, a CA bundle in front of an HTTPS mock, proxies).
//!
//! Every environment given to the loader disables the instance metadata service and holds
//! credentials, so that no test could ever reach 169.254.169.254.

use connect_mock::tls::{TestCa, TlsFront};
use connect_mock::{BlackHole, MockResponse, MockServer, Proxy, RecordedRequest, SignatureCheck};
use connect_runtime::protocol::ErrorBody;
use connect_runtime::sleep::Sleep;
use connect_runtime::{
    BuildError, DecodeError, ErrorMetadata, HttpRequest, HttpResponse, Protocol, ServiceInfo,
    Unhandled,
};
use connect_sdk::{
    AsyncSleep, Client, Config, ConfigBuilder, Env, Fs, LoadError, RetryConfig, SdkError,
    TimeoutKind,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const HOME: &str = "/home/me";
const CONFIG_FILE: &str = "/home/me/.aws/config";
/// How long a test waits for something that should happen at once, before failing instead of
/// hanging; never a bound on how fast the code must be.
const PATIENCE: Duration = Duration::from_secs(30);

async fn server() -> MockServer {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, REGION, "connect", |_| {
        MockResponse::json(200, "{}")
    })
    .await
    .expect("bind 127.0.0.1")
}

/// The loader over `vars` (with a home, no metadata service, credentials and a region) and
/// `files`.
fn load(vars: &[(&str, &str)], files: &[(&str, &str)]) -> Result<ConfigBuilder, LoadError> {
    let mut env = vec![
        ("HOME", HOME),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_REGION", REGION),
    ];
    env.extend_from_slice(vars);
    Config::loader()
        .env(Env::from_vars(env))
        .fs(Fs::from_files(files.iter().copied()))
        .load()
}

async fn call(client: &Client) -> Result<(), SdkError<impl std::error::Error>> {
    let call = client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send();
    tokio::time::timeout(PATIENCE, call)
        .await
        .expect("the call ends")
        .map(drop)
}

/// Two services without endpoint rules (their requests go to the configured URL as it is),
/// signed as `connect` so that the mock accepts them: what STS and SSO OIDC are to the
/// credential providers.
static STS: ServiceInfo = without_rules("STS");
static SSO_OIDC: ServiceInfo = without_rules("SSO OIDC");

const fn without_rules(sdk_id: &'static str) -> ServiceInfo {
    ServiceInfo {
        name: "connect",
        sdk_id,
        version: "2017-08-08",
        signing_name: "connect",
        protocol: Protocol::RestJson1,
        endpoint_rules: None,
        credential_services: None,
        default_http: connect_http::for_config,
    }
}

/// `POST /ping`, answered with anything.
#[derive(Debug)]
struct Ping;

#[derive(Debug)]
struct PingError;

impl connect_runtime::OperationError for PingError {
    fn from_answer(
        _: &ErrorMetadata,
        _: &ErrorBody,
        _: &HttpResponse,
    ) -> Option<Result<Self, DecodeError>> {
        None
    }

    fn unhandled(_: Unhandled) -> Self {
        Self
    }

    fn is_unhandled(&self) -> bool {
        true
    }

    // Nothing of the answer is kept.

    fn code_and_status(&self) -> (Option<&str>, u16) {
        (None, 500)
    }
}

impl connect_runtime::Operation for Ping {
    const NAME: &'static str = "Ping";
    type Output = ();
    type Error = PingError;

    fn to_request(&self) -> Result<HttpRequest, BuildError> {
        Ok(HttpRequest {
            method: "POST",
            path_and_query: "/ping".into(),
            headers: vec![("content-type".into(), "application/json".into())],
            host_prefix: None,
            body: b"{}".to_vec().into(),
        })
    }

    fn parse_output(_: HttpResponse) -> Result<(), DecodeError> {
        Ok(())
    }
}

async fn ping(service: &'static ServiceInfo, config: &Config) {
    let client = connect_runtime::Client::new(service, config.clone());
    tokio::time::timeout(PATIENCE, client.invoke(&Ping))
        .await
        .expect("the call ends")
        .unwrap_or_else(|error| panic!("{}: {error}", service.sdk_id));
}

fn only_request(server: &MockServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(requests[0].signature, SignatureCheck::Valid);
    requests[0].clone()
}

#[tokio::test]
async fn each_service_goes_to_its_configured_endpoint_url() {
    let (connect, global, oidc) = (server().await, server().await, server().await);
    let file = format!(
        "[default]\nservices = local\nendpoint_url = http://127.0.0.1:9/never\n\
         [services local]\nsso_oidc =\n  endpoint_url = {}\n",
        oidc.endpoint()
    );
    let vars = [
        ("AWS_ENDPOINT_URL_CONNECT", connect.endpoint()),
        ("AWS_ENDPOINT_URL", global.endpoint()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let config = load(&vars, &[(CONFIG_FILE, &file)]).unwrap().build();
    assert_eq!(
        config.endpoint_url_for("Connect"),
        Some(connect.endpoint().as_str())
    );
    // The services section is for SSO OIDC only, and the global variable wins over it.
    assert_eq!(
        config.endpoint_url_for("SSO OIDC"),
        Some(global.endpoint().as_str())
    );
    call(&Client::from_conf(config.clone())).await.unwrap();
    assert_eq!(
        only_request(&connect).target,
        "/workspaces/i/w/disassociate"
    );
    ping(&STS, &config).await;
    assert_eq!(only_request(&global).target, "/ping");

    // Without the global variable, SSO OIDC's entry of the services section applies; STS falls
    // back to the profile's endpoint_url.
    let config = load(&vars[..1], &[(CONFIG_FILE, &file)]).unwrap().build();
    ping(&SSO_OIDC, &config).await;
    assert_eq!(only_request(&oidc).target, "/ping");
    assert_eq!(
        config.endpoint_url_for("STS"),
        Some("http://127.0.0.1:9/never")
    );

    // Ignored: the rules choose the regional endpoint again.
    let ignored = load(
        &[
            vars[0],
            vars[1],
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ],
        &[(CONFIG_FILE, &file)],
    )
    .unwrap()
    .build();
    let endpoint = Client::from_conf(ignored).resolve_endpoint().unwrap();
    assert_eq!(endpoint.url(), "https://connect.us-east-1.amazonaws.com");

    // A URL set on the builder wins for every service.
    let explicit = server().await;
    let config = load(&vars, &[(CONFIG_FILE, &file)])
        .unwrap()
        .endpoint_url(explicit.endpoint())
        .build();
    call(&Client::from_conf(config.clone())).await.unwrap();
    ping(&STS, &config).await;
    assert_eq!(explicit.requests().len(), 2);
    assert_eq!(connect.requests().len(), 1);
    assert_eq!(global.requests().len(), 1);
}

#[tokio::test]
async fn fips_and_dual_stack_choose_the_endpoint() {
    let url = |vars: &[(&str, &str)], file: &str| {
        let config = load(vars, &[(CONFIG_FILE, file)]).unwrap().build();
        Client::from_conf(config)
            .resolve_endpoint()
            .map(|endpoint| endpoint.url().to_owned())
    };
    assert_eq!(
        url(&[], "").unwrap(),
        "https://connect.us-east-1.amazonaws.com"
    );
    assert_eq!(
        url(&[("AWS_USE_FIPS_ENDPOINT", "true")], "").unwrap(),
        "https://connect-fips.us-east-1.amazonaws.com"
    );
    assert_eq!(
        url(&[], "[default]\nuse_dualstack_endpoint = true\n").unwrap(),
        "https://connect.us-east-1.api.aws"
    );
    assert_eq!(
        url(
            &[("AWS_USE_DUALSTACK_ENDPOINT", "false")],
            "[default]\nuse_dualstack_endpoint = true\nuse_fips_endpoint = true\n"
        )
        .unwrap(),
        "https://connect-fips.us-east-1.amazonaws.com"
    );
    // With an endpoint URL, the rules refuse FIPS before anything is sent.
    let server = server().await;
    let config = load(
        &[
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_ENDPOINT_URL", &server.endpoint()),
        ],
        &[],
    )
    .unwrap()
    .build();
    let error = call(&Client::from_conf(config)).await.unwrap_err();
    assert!(
        matches!(error, SdkError::Construction(BuildError::Endpoint(_))),
        "{error}"
    );
    assert!(server.requests().is_empty());
    let error = load(&[("AWS_USE_FIPS_ENDPOINT", "sometimes")], &[]).unwrap_err();
    assert!(matches!(error, LoadError::InvalidValue { .. }), "{error}");
}

#[tokio::test]
async fn the_app_id_is_in_both_user_agents() {
    let server = server().await;
    let config = load(
        &[("AWS_ENDPOINT_URL", &server.endpoint())],
        &[(CONFIG_FILE, "[default]\nsdk_ua_app_id = billing-batch\n")],
    )
    .unwrap()
    .build();
    call(&Client::from_conf(config)).await.unwrap();
    let request = only_request(&server);
    for header in ["user-agent", "x-amz-user-agent"] {
        let value = request.header(header).unwrap();
        assert!(value.ends_with(" app/billing-batch"), "{header}: {value}");
    }
    // Set in code, characters a header cannot hold are sent as `-`.
    let server = self::server().await;
    let config = load(&[("AWS_ENDPOINT_URL", &server.endpoint())], &[])
        .unwrap()
        .app_id("my app\n1")
        .build();
    call(&Client::from_conf(config)).await.unwrap();
    let value = only_request(&server)
        .header("user-agent")
        .unwrap()
        .to_owned();
    assert!(value.ends_with(" app/my-app-1"), "{value}");
}

/// Records every wait and returns at once.
#[derive(Clone, Debug, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl AsyncSleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

#[tokio::test]
async fn every_attempt_is_bounded_by_default_and_the_bound_can_be_changed() {
    let server = server().await;
    // The injected timer fires at once: an attempt under the default timeout ends as soon as
    // it starts, which shows the default is there without waiting a minute for it.
    let sleep = RecordingSleep::default();
    let config = load(&[("AWS_ENDPOINT_URL", &server.endpoint())], &[])
        .unwrap()
        .sleep_impl(sleep.clone())
        .build();
    assert_eq!(config.attempt_timeout(), Some(Duration::from_secs(60)));
    let error = call(&Client::from_conf(config)).await.unwrap_err();
    let SdkError::Timeout(timeout) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        (timeout.kind(), timeout.limit()),
        (TimeoutKind::Attempt, Duration::from_secs(60))
    );
    // Three attempts, each raced against the default: timed-out attempts are retried.
    let deadlines = sleep.0.lock().unwrap().clone();
    assert_eq!(
        deadlines
            .iter()
            .filter(|wait| **wait == Duration::from_secs(60))
            .count(),
        3,
        "{deadlines:?}"
    );
    // Turned off, the same call goes through.
    let config = load(&[("AWS_ENDPOINT_URL", &server.endpoint())], &[])
        .unwrap()
        .sleep_impl(RecordingSleep::default())
        .attempt_timeout(None)
        .build();
    call(&Client::from_conf(config)).await.unwrap();
    // Changed, the new bound is the one raced.
    let sleep = RecordingSleep::default();
    let config = load(&[("AWS_ENDPOINT_URL", &server.endpoint())], &[])
        .unwrap()
        .sleep_impl(sleep.clone())
        .attempt_timeout(Duration::from_secs(7))
        .retry_config(RetryConfig::disabled())
        .build();
    let error = call(&Client::from_conf(config)).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "timed out: the attempt timeout of 7s elapsed"
    );
}

/// Waits for real: the connect timeout is the HTTP client's own timer, which no injected sleep
/// replaces. One attempt of 3.1 s against a listener that never completes a handshake.
#[tokio::test]
async fn connections_are_bounded_by_default() {
    let hole = BlackHole::start().await.expect("bind 127.0.0.1");
    let config = load(&[("AWS_ENDPOINT_URL", &hole.endpoint())], &[])
        .unwrap()
        .retry_config(RetryConfig::disabled())
        .build();
    assert_eq!(config.connect_timeout(), Some(Duration::from_millis(3_100)));
    let error = call(&Client::from_conf(config)).await.unwrap_err();
    let SdkError::Timeout(timeout) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        (timeout.kind(), timeout.limit()),
        (TimeoutKind::Connect, Duration::from_millis(3_100))
    );
}

/// A mock behind HTTPS whose certificate a CA made for the test signed.
struct Https {
    ca: TestCa,
    server: MockServer,
    front: TlsFront,
}

async fn https() -> Https {
    let ca = TestCa::new("connect-tests CA").unwrap();
    let server = server().await;
    let front = TlsFront::start(&ca, server.address()).await.unwrap();
    Https { ca, server, front }
}

#[tokio::test]
async fn a_ca_bundle_makes_a_private_ca_trusted() {
    let https = https().await;
    let pem = https.ca.pem();
    let endpoint = https.front.endpoint();
    let files = [("/home/me/certs/ca.pem", pem.as_str())];
    // Not trusted without it: the handshake fails and nothing reaches the mock.
    let untrusted = load(&[("AWS_ENDPOINT_URL", &endpoint)], &files)
        .unwrap()
        .retry_config(RetryConfig::disabled())
        .build();
    let error = call(&Client::from_conf(untrusted)).await.unwrap_err();
    assert!(matches!(error, SdkError::Dispatch(_)), "{error}");
    assert!(https.server.requests().is_empty());
    // From the environment (with `~`), then from the profile.
    let config = load(
        &[
            ("AWS_ENDPOINT_URL", &endpoint),
            ("AWS_CA_BUNDLE", "~/certs/ca.pem"),
        ],
        &files,
    )
    .unwrap()
    .build();
    assert_eq!(config.ca_bundle().map(|bundle| bundle.len()), Some(1));
    call(&Client::from_conf(config)).await.unwrap();
    let profile = "[default]\nca_bundle = /home/me/certs/ca.pem\n";
    let config = load(
        &[("AWS_ENDPOINT_URL", &endpoint)],
        &[files[0], (CONFIG_FILE, profile)],
    )
    .unwrap()
    .build();
    call(&Client::from_conf(config)).await.unwrap();
    let requests = https.server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|request| request.signature.is_valid()));
}

#[test]
fn unusable_ca_bundles_are_load_errors_naming_the_file() {
    let missing = load(&[("AWS_CA_BUNDLE", "/etc/none.pem")], &[]).unwrap_err();
    assert_eq!(
        missing.to_string(),
        "the CA bundle /etc/none.pem (AWS_CA_BUNDLE) cannot be used: there is no such file"
    );
    let error = load(
        &[],
        &[
            ("/ca.pem", "not a certificate"),
            (CONFIG_FILE, "[default]\nca_bundle = /ca.pem\n"),
        ],
    )
    .unwrap_err();
    let LoadError::InvalidCaBundle { file, setting, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(file.to_str(), Some("/ca.pem"));
    assert_eq!(
        setting,
        "`ca_bundle` of profile `default` in /home/me/.aws/config"
    );
    assert!(
        error.to_string().contains("holds no PEM certificate"),
        "{error}"
    );
    // A directory cannot be read as a file.
    let directory = std::env::temp_dir();
    let error = Config::loader()
        .env(Env::from_vars([
            ("HOME", HOME),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_CA_BUNDLE", directory.to_str().unwrap()),
        ]))
        .load()
        .unwrap_err();
    assert!(error.to_string().contains("cannot be read"), "{error}");
}

#[tokio::test]
async fn http_endpoints_go_through_http_proxy_unless_no_proxy_says_otherwise() {
    let server = server().await;
    let proxy = Proxy::start().await.unwrap();
    let endpoint = server.endpoint();
    let vars = [
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("http_proxy", &proxy.url()),
        // The lower-case variable wins.
        ("HTTP_PROXY", "http://127.0.0.1:9"),
    ];
    let config = load(&vars, &[]).unwrap().build();
    call(&Client::from_conf(config)).await.unwrap();
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let address = endpoint.trim_start_matches("http://");
    assert!(
        seen[0].starts_with(&format!(
            "POST http://{address}/workspaces/i/w/disassociate"
        )),
        "{seen:?}"
    );
    // Relayed as sent: the mock checked the signature.
    only_request(&server);

    for no_proxy in ["127.0.0.1", "localhost,127.0.0.0/8", "*"] {
        let mut bypass = vars.to_vec();
        bypass.push(("NO_PROXY", no_proxy));
        let config = load(&bypass, &[]).unwrap().build();
        call(&Client::from_conf(config)).await.unwrap();
        assert_eq!(proxy.requests().len(), 1, "{no_proxy}");
    }
    assert_eq!(server.requests().len(), 4);
    // HTTPS_PROXY is for https endpoints only.
    let config = load(&[vars[0], ("HTTPS_PROXY", &proxy.url())], &[])
        .unwrap()
        .build();
    call(&Client::from_conf(config)).await.unwrap();
    assert_eq!(proxy.requests().len(), 1);
}

#[tokio::test]
async fn https_endpoints_are_tunnelled_through_https_proxy() {
    let https = https().await;
    let proxy = Proxy::start().await.unwrap();
    let pem = https.ca.pem();
    let endpoint = https.front.endpoint();
    let config = load(
        &[
            ("AWS_ENDPOINT_URL", &endpoint),
            ("AWS_CA_BUNDLE", "/ca.pem"),
            ("HTTPS_PROXY", &proxy.url()),
        ],
        &[("/ca.pem", &pem)],
    )
    .unwrap()
    .build();
    call(&Client::from_conf(config)).await.unwrap();
    let address = endpoint.trim_start_matches("https://");
    assert_eq!(proxy.requests(), [format!("CONNECT {address} HTTP/1.1")]);
    assert!(https.server.requests()[0].signature.is_valid());
    let error = load(&[("HTTPS_PROXY", "socks9://x")], &[]).unwrap_err();
    assert!(
        error.to_string().starts_with("HTTPS_PROXY is `socks9://x`"),
        "{error}"
    );
}
