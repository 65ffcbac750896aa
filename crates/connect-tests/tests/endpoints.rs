//! Endpoints as clients resolve them: the model's rules with FIPS and dual-stack (no network),
//! endpoint overrides that reach a local server, rule errors before anything is sent, and an
//! endpoint whose `sigv4` auth scheme changes how requests are signed.

use connect_mock::{MockResponse, MockServer};
use connect_runtime::endpoint::{
    Condition, EndpointError, EndpointSpec, Expr, Outcome, Parameter, ParameterType, Resolver,
    Rule, RuleSet,
};
use connect_sdk::disassociate_workspace::DisassociateWorkspaceInput;
use connect_sdk::{BuildError, Client, Config, Credentials, SdkError};
use connect_tests::CONNECT_WITHOUT_RULES;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY, None)
}

async fn server(region: &str, service: &str) -> MockServer {
    let credentials = connect_mock::Credentials::new(ACCESS_KEY, SECRET_KEY);
    MockServer::start(credentials, region, service, |_| {
        MockResponse::json(200, r#"{"SuccessfulList":[],"FailedList":[]}"#)
    })
    .await
    .expect("bind 127.0.0.1")
}

fn input() -> DisassociateWorkspaceInput {
    DisassociateWorkspaceInput::builder()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .build()
        .expect("all required members are set")
}

fn url(config: Config) -> Result<String, BuildError> {
    Client::from_conf(config)
        .resolve_endpoint()
        .map(|endpoint| endpoint.url().to_owned())
}

#[test]
fn fips_and_dual_stack_flags_choose_the_endpoint() {
    let config = || Config::builder().region("us-east-1");
    assert_eq!(
        url(config().build()).unwrap(),
        "https://connect.us-east-1.amazonaws.com"
    );
    assert_eq!(
        url(config().use_fips(true).build()).unwrap(),
        "https://connect-fips.us-east-1.amazonaws.com"
    );
    assert_eq!(
        url(config().use_dual_stack(true).build()).unwrap(),
        "https://connect.us-east-1.api.aws"
    );
    assert_eq!(
        url(config().use_fips(true).use_dual_stack(true).build()).unwrap(),
        "https://connect-fips.us-east-1.api.aws"
    );
    let china = Config::builder()
        .region("cn-northwest-1")
        .use_dual_stack(true)
        .build();
    assert_eq!(
        url(china).unwrap(),
        "https://connect.cn-northwest-1.api.amazonwebservices.com.cn"
    );
    // A region newer than the partition table: found by the partition's region regex.
    let future = Config::builder().region("eu-north-9").build();
    assert_eq!(
        url(future).unwrap(),
        "https://connect.eu-north-9.amazonaws.com"
    );
}

#[test]
fn rule_errors_are_typed_build_errors_with_the_rule_message() {
    let rule = |message: &str| BuildError::Endpoint(EndpointError::Rule(message.to_owned()));
    assert_eq!(
        url(Config::builder().build()),
        Err(rule("Invalid Configuration: Missing Region"))
    );
    assert_eq!(
        url(Config::builder()
            .endpoint_url("https://example.com")
            .use_dual_stack(true)
            .build()),
        Err(rule(
            "Invalid Configuration: Dualstack and custom endpoint are not supported"
        ))
    );
    let error = url(Config::builder()
        .endpoint_url("https://example.com")
        .use_fips(true)
        .build())
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "no endpoint: Invalid Configuration: FIPS and custom endpoint are not supported"
    );
}

#[tokio::test]
async fn an_endpoint_override_reaches_the_local_server() {
    let server = server("us-east-1", "connect").await;
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(credentials())
            .endpoint_url(server.endpoint())
            .build(),
    );
    assert_eq!(client.resolve_endpoint().unwrap().url(), server.endpoint());
    client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send()
        .await
        .expect("the local server answers");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0].signature.is_valid(),
        "{:?}",
        requests[0].signature
    );
}

#[tokio::test]
async fn an_endpoint_the_rules_refuse_sends_nothing() {
    let server = server("us-east-1", "connect").await;
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(credentials())
            .endpoint_url(server.endpoint())
            .use_fips(true)
            .build(),
    );
    let error = client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            SdkError::Construction(BuildError::Endpoint(EndpointError::Rule(message)))
                if message == "Invalid Configuration: FIPS and custom endpoint are not supported"
        ),
        "{error}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_client_without_rules_uses_the_endpoint_url_as_it_is() {
    let server = server("us-east-1", "connect").await;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials());
    let client = connect_runtime::Client::new(
        &CONNECT_WITHOUT_RULES,
        config.clone().endpoint_url(server.endpoint()).build(),
    );
    client
        .invoke(&input())
        .await
        .expect("the local server answers");
    assert_eq!(server.requests().len(), 1);
    for config in [
        config.clone().build(),
        config
            .endpoint_url(server.endpoint())
            .use_fips(true)
            .build(),
    ] {
        let error = connect_runtime::Client::new(&CONNECT_WITHOUT_RULES, config)
            .invoke(&input())
            .await
            .unwrap_err();
        assert!(
            matches!(
                &error,
                SdkError::Construction(BuildError::Endpoint(EndpointError::NoRuleSet(_)))
            ),
            "{error}"
        );
    }
    assert_eq!(server.requests().len(), 1);
}

/// An endpoint to `Endpoint` whose `sigv4` auth scheme names another signing region and
/// service, and which adds a header.
static SIGNING_RULES: RuleSet = RuleSet {
    version: "1.0",
    parameters: &[Parameter {
        name: "Endpoint",
        kind: ParameterType::String,
        built_in: Some("SDK::Endpoint"),
        required: true,
        default: None,
    }],
    rules: &[Rule {
        conditions: &[Condition {
            function: "parseURL",
            args: &[Expr::Ref("Endpoint")],
            assign: Some("Url"),
        }],
        outcome: Outcome::Endpoint(EndpointSpec {
            url: Expr::String("{Url#scheme}://{Url#authority}"),
            properties: &[(
                "authSchemes",
                Expr::Array(&[
                    Expr::Record(&[
                        ("name", Expr::String("sigv4a")),
                        ("signingName", Expr::String("not-this-one")),
                    ]),
                    Expr::Record(&[
                        ("name", Expr::String("sigv4")),
                        ("signingRegion", Expr::String("eu-central-1")),
                        ("signingName", Expr::String("other-service")),
                    ]),
                ]),
            )],
            headers: &[("x-endpoint-header", &[Expr::String("from-rules")])],
        }),
    }],
};

#[tokio::test]
async fn the_sigv4_auth_scheme_of_the_endpoint_decides_how_requests_are_signed() {
    // The server checks signatures for eu-central-1 and other-service only.
    let server = server("eu-central-1", "other-service").await;
    static RESOLVER: Resolver = Resolver {
        rule_set: &SIGNING_RULES,
        partitions: &[],
    };
    static SERVICE: connect_runtime::ServiceInfo = connect_runtime::ServiceInfo {
        endpoint_rules: Some(&RESOLVER),
        credential_services: None,
        default_http: connect_http::for_config,
        ..CONNECT_WITHOUT_RULES
    };
    let client = connect_runtime::Client::new(
        &SERVICE,
        Config::builder()
            .region("us-east-1")
            .credentials(credentials())
            .endpoint_url(format!("{}/", server.endpoint()))
            .build(),
    );
    client
        .invoke(&input())
        .await
        .expect("the local server answers");
    let requests = server.requests();
    assert!(
        requests[0].signature.is_valid(),
        "{:?}",
        requests[0].signature
    );
    assert_eq!(requests[0].header("x-endpoint-header"), Some("from-rules"));
    let authorization = requests[0].header("authorization").unwrap_or_default();
    assert!(
        authorization.contains("/eu-central-1/other-service/aws4_request"),
        "{authorization}"
    );
}
