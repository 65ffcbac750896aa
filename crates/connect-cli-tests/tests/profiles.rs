//! `connect --profile` with the profiles the AWS CLI users have: an assumed role and an IAM
//! Identity Center session. The services the SDK calls for credentials are local fakes (STS
//! answering AssumeRole, the portal answering GetRoleCredentials), and the Amazon Connect mock
//! checks that the call is signed with the credentials they handed out.

use connect_cli_support::exit;
use connect_cli_tests::run_with_files;
use connect_mock::{Credentials, MockResponse, MockServer, RecordedRequest};

const HOME: &str = "/home/cli";

/// A server on a runtime of its own (the tool blocks the test's thread).
struct Local {
    server: MockServer,
    _runtime: tokio::runtime::Runtime,
}

impl Local {
    fn start(
        signed_by: Option<(&str, &str)>,
        answer: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let server = runtime
            .block_on(async {
                match signed_by {
                    Some((id, secret)) => {
                        let credentials = Credentials::new(id, secret);
                        MockServer::start(credentials, "us-east-1", "connect", answer).await
                    }
                    None => MockServer::start_unsigned(answer).await,
                }
            })
            .expect("the server starts");
        Self {
            server,
            _runtime: runtime,
        }
    }
}

fn list_users(endpoint: &str, profile: &str) -> [String; 6] {
    [
        "--profile",
        profile,
        "--endpoint-url",
        endpoint,
        "list-users",
        "--instance-id",
    ]
    .map(str::to_owned)
}

fn run(
    env: &[(&str, &str)],
    files: &[(&str, &str)],
    args: &[String],
    instance: &str,
) -> (u8, String) {
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.push(instance);
    let run = run_with_files(env, files, &all);
    (run.status, format!("{}{}", run.out, run.err))
}

#[test]
fn a_role_profile_assumes_the_role_with_its_source_profiles_keys() {
    let sts = Local::start(None, |_| {
        MockResponse::json(
            200,
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId>\
             <SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>\
             <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>\
             <Arn>arn:aws:sts::123456789012:assumed-role/ops/cli</Arn>\
             <AssumedRoleId>AROAEXAMPLE:cli</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>\
             <ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></AssumeRoleResponse>",
        )
        .with_content_type("text/xml")
    });
    let connect = Local::start(Some(("ASIAROLE", "role-secret")), |_| {
        MockResponse::json(200, r#"{"UserSummaryList": []}"#)
    });
    let config = "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\n\
                  source_profile = base\nrole_session_name = cli\nregion = us-east-1\n\
                  [profile base]\naws_access_key_id = AKIDBASE\n\
                  aws_secret_access_key = base-secret\n";
    let sts_url = sts.server.endpoint();
    let env = [("HOME", HOME), ("AWS_ENDPOINT_URL_STS", sts_url.as_str())];
    let files = [("/home/cli/.aws/config", config)];
    let args = list_users(&connect.server.endpoint(), "ops");
    let (status, output) = run(&env, &files, &args, "inst-1");
    assert_eq!(status, exit::OK, "{output}");

    let assume = &sts.server.requests()[0];
    let form = String::from_utf8_lossy(&assume.body).into_owned();
    assert!(form.contains("Action=AssumeRole"), "{form}");
    assert!(form.contains("RoleSessionName=cli"), "{form}");
    let authorization = assume.header("authorization").unwrap_or_default();
    assert!(
        authorization.contains("Credential=AKIDBASE/"),
        "{authorization}"
    );
    let call = &connect.server.requests()[0];
    assert!(call.signature.is_valid(), "{:?}", call.signature);
    assert_eq!(call.header("x-amz-security-token"), Some("role-token"));
}

#[test]
fn an_sso_profile_uses_the_cached_token_and_an_expired_one_says_to_sign_in() {
    let portal = Local::start(None, |request| {
        if request.header("x-amz-sso_bearer_token") != Some("cached-token") {
            return MockResponse::json(401, r#"{"message":"bad token"}"#);
        }
        MockResponse::json(
            200,
            r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret",
                "sessionToken":"sso-token","expiration":4070908800000}}"#,
        )
    });
    let connect = Local::start(Some(("ASIASSO", "sso-secret")), |_| {
        MockResponse::json(200, r#"{"UserSummaryList": []}"#)
    });
    let config = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
                  sso_role_name = Reader\nregion = us-east-1\n\
                  [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                  sso_region = us-east-1\n";
    // sha1("corp"), as `aws sso login` names the cache file.
    let cache = "/home/cli/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
    let token = |expires: &str| {
        format!(
            r#"{{"startUrl":"https://corp.awsapps.com/start","region":"us-east-1",
                 "accessToken":"cached-token","expiresAt":"{expires}"}}"#
        )
    };
    let portal_url = portal.server.endpoint();
    let env = [
        ("HOME", HOME),
        ("AWS_ENDPOINT_URL_SSO", portal_url.as_str()),
    ];
    let args = list_users(&connect.server.endpoint(), "dev");

    let valid = token("2099-01-01T00:00:00Z");
    let files = [("/home/cli/.aws/config", config), (cache, valid.as_str())];
    let (status, output) = run(&env, &files, &args, "inst-1");
    assert_eq!(status, exit::OK, "{output}");
    let call = &connect.server.requests()[0];
    assert!(call.signature.is_valid(), "{:?}", call.signature);
    assert_eq!(call.header("x-amz-security-token"), Some("sso-token"));

    let expired = token("2020-01-01T00:00:00Z");
    let files = [("/home/cli/.aws/config", config), (cache, expired.as_str())];
    let (status, output) = run(&env, &files, &args, "inst-2");
    assert_eq!(status, exit::CONFIG, "{output}");
    assert!(output.contains("aws sso login --profile dev"), "{output}");
    assert!(!output.contains("cached-token"), "{output}");
    assert_eq!(connect.server.requests().len(), 1, "nothing more was sent");
}
