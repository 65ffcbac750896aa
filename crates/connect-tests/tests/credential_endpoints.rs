//! Where the default credentials chain sends its own calls: STS (`AssumeRole`), the IAM
//! Identity Center portal (sdkId `SSO`) and SSO OIDC go to the endpoint URLs configured for
//! those services, read by the same code as any client's (`AWS_ENDPOINT_URL_<SERVICE>`,
//! `AWS_ENDPOINT_URL`, the profile's `services` section), while the URL set on the builder
//! stays the Connect client's. Every server is connect-mock on 127.0.0.1; the Connect mock
//! checks the signature against the credentials the chain should have obtained, so they are
//! proved by use.

use connect_mock::{MockResponse, MockServer, RecordedRequest};
use connect_sdk::{Client, Config, Env, Fs};
use std::time::{Duration, SystemTime};

const REGION: &str = "eu-west-2";
const HOME: &str = "/home/me";
const CONFIG_FILE: &str = "/home/me/.aws/config";
const CREDENTIALS_FILE: &str = "/home/me/.aws/credentials";

/// The keys of the role's source profile, which sign `AssumeRole`.
const BASE_KEY: &str = "AKIDBASE";
const BASE_SECRET: &str = "base-secret";
/// What STS and the portal hand out.
const ROLE_KEY: &str = "ASIAROLE";
const ROLE_SECRET: &str = "role-secret";
const ROLE_TOKEN: &str = "role-session-token";

/// A Connect mock that accepts only requests signed with the role's credentials.
async fn connect_mock_server() -> MockServer {
    let credentials = connect_mock::Credentials::new(ROLE_KEY, ROLE_SECRET);
    MockServer::start(credentials, REGION, "connect", |_| {
        MockResponse::json(200, "{}")
    })
    .await
    .unwrap()
}

/// An STS mock that checks the base keys' signature and answers `AssumeRole`.
async fn sts_mock() -> MockServer {
    let credentials = connect_mock::Credentials::new(BASE_KEY, BASE_SECRET);
    MockServer::start(credentials, REGION, "sts", |_| {
        let body = format!(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <AssumeRoleResult><Credentials><AccessKeyId>{ROLE_KEY}</AccessKeyId>\
             <SecretAccessKey>{ROLE_SECRET}</SecretAccessKey>\
             <SessionToken>{ROLE_TOKEN}</SessionToken>\
             <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
             <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>\
             <Arn>arn:aws:sts::123456789012:assumed-role/deploy/s</Arn></AssumedRoleUser>\
             </AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId>\
             </ResponseMetadata></AssumeRoleResponse>"
        );
        MockResponse {
            headers: vec![("content-type".into(), "text/xml".into())],
            body: body.into_bytes(),
            ..MockResponse::json(200, "")
        }
    })
    .await
    .unwrap()
}

/// Loads `vars` and `files`, points the Connect client at `connect`, and makes one call.
async fn call_with(vars: &[(&str, &str)], files: &[(&str, &str)], connect: &MockServer) {
    let mut env = vec![
        ("HOME", HOME),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_REGION", REGION),
    ];
    env.extend_from_slice(vars);
    let config = Config::loader()
        .env(Env::from_vars(env))
        .fs(Fs::from_files(files.iter().copied()))
        .load()
        .unwrap()
        .endpoint_url(connect.endpoint())
        .build();
    let client = Client::from_conf(config);
    let call = client
        .disassociate_workspace()
        .instance_id("i")
        .workspace_id("w")
        .resource_arns("a")
        .send();
    tokio::time::timeout(Duration::from_secs(30), call)
        .await
        .expect("the call ends")
        .unwrap();
}

/// The one request `server` got.
fn only(server: &MockServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.into_iter().next().unwrap()
}

/// The Connect call was signed with the role's credentials.
fn assert_signed_with_the_role(connect: &MockServer) {
    let request = only(connect);
    assert!(request.signature.is_valid(), "{:?}", request.signature);
    assert_eq!(request.header("x-amz-security-token"), Some(ROLE_TOKEN));
}

const ROLE_PROFILE: &str = "[default]\nrole_arn = arn:aws:iam::123456789012:role/deploy\n\
                            source_profile = base\n";
const BASE_KEYS: &str =
    "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";

#[tokio::test]
async fn assume_role_goes_to_aws_endpoint_url_sts_not_to_the_builders_url() {
    let (connect, sts) = (connect_mock_server().await, sts_mock().await);
    let url = sts.endpoint();
    let files = [(CONFIG_FILE, ROLE_PROFILE), (CREDENTIALS_FILE, BASE_KEYS)];
    call_with(&[("AWS_ENDPOINT_URL_STS", &url)], &files, &connect).await;
    let assume = only(&sts);
    assert!(assume.signature.is_valid(), "{:?}", assume.signature);
    let body = String::from_utf8(assume.body.clone()).unwrap();
    assert!(body.starts_with("Action=AssumeRole&"), "{body}");
    assert_signed_with_the_role(&connect);
}

#[tokio::test]
async fn assume_role_goes_to_the_profiles_services_section_or_the_global_url() {
    // The profile's `[services]` section, as a Connect client would read it for `connect`.
    let (connect, sts) = (connect_mock_server().await, sts_mock().await);
    let config = format!(
        "{ROLE_PROFILE}services = local\n[services local]\nsts =\n  endpoint_url = {}\n",
        sts.endpoint()
    );
    let files = [
        (CONFIG_FILE, config.as_str()),
        (CREDENTIALS_FILE, BASE_KEYS),
    ];
    call_with(&[], &files, &connect).await;
    only(&sts);
    assert_signed_with_the_role(&connect);

    // AWS_ENDPOINT_URL applies to STS too; the builder's URL still wins for Connect.
    let (connect, sts) = (connect_mock_server().await, sts_mock().await);
    let url = sts.endpoint();
    let files = [(CONFIG_FILE, ROLE_PROFILE), (CREDENTIALS_FILE, BASE_KEYS)];
    call_with(&[("AWS_ENDPOINT_URL", &url)], &files, &connect).await;
    only(&sts);
    assert_signed_with_the_role(&connect);
}

#[tokio::test]
async fn sso_and_sso_oidc_go_to_the_endpoints_of_the_profiles_services_section() {
    let portal = MockServer::start_unsigned(|_| {
        MockResponse::json(
            200,
            format!(
                r#"{{"roleCredentials": {{"accessKeyId": "{ROLE_KEY}",
                    "secretAccessKey": "{ROLE_SECRET}", "sessionToken": "{ROLE_TOKEN}",
                    "expiration": 4070908800000}}}}"#
            ),
        )
    })
    .await
    .unwrap();
    let oidc = MockServer::start_unsigned(|_| {
        MockResponse::json(
            200,
            r#"{"accessToken": "fresh-access-token", "tokenType": "Bearer",
                "expiresIn": 3600, "refreshToken": "fresh-refresh-token"}"#,
        )
    })
    .await
    .unwrap();
    let connect = connect_mock_server().await;
    let config = format!(
        "[default]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = Developer\nservices = local\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
         sso_region = {REGION}\n\
         [services local]\nsso =\n  endpoint_url = {}\nsso_oidc =\n  endpoint_url = {}\n",
        portal.endpoint(),
        oidc.endpoint()
    );
    // A token two minutes from expiry: refreshed through SSO OIDC first.
    let now = SystemTime::now();
    let token = format!(
        r#"{{"accessToken": "old-access-token", "expiresAt": "{}",
            "refreshToken": "old-refresh-token", "clientId": "client-id",
            "clientSecret": "client-secret", "registrationExpiresAt": "{}"}}"#,
        connect_mock::rfc3339(now + Duration::from_secs(120)),
        connect_mock::rfc3339(now + Duration::from_secs(86_400)),
    );
    // `aws sso login` names the cache file after the SHA-1 of the session's name, `corp`.
    let cache = "/home/me/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
    let files = [(CONFIG_FILE, config.as_str()), (cache, token.as_str())];
    call_with(&[], &files, &connect).await;
    let refresh = only(&oidc);
    assert_eq!(refresh.target, "/token");
    let role = only(&portal);
    assert!(
        role.target.starts_with("/federation/credentials?"),
        "{}",
        role.target
    );
    assert_eq!(
        role.header("x-amz-sso_bearer_token"),
        Some("fresh-access-token")
    );
    assert_signed_with_the_role(&connect);
}
