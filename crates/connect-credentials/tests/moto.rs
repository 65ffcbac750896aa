//! STS through `CREDENTIAL_SERVICES` against moto_server (the `moto` Python package's mock of
//! AWS), an implementation of STS nobody here wrote: `AssumeRole` signed with static keys,
//! `AssumeRoleWithWebIdentity` unsigned, and the credentials they hand out used to sign
//! `GetCallerIdentity`, whose answer must name the assumed role.
//!
//! Which server: `CONNECT_MOTO_ENDPOINT` (a running moto_server's URL; `cargo xtask test`
//! starts one), else each test starts its own `moto_server` from `PATH` on 127.0.0.1 and stops
//! it when done. Without either the tests fail, saying how to install moto.

use connect_credentials::CREDENTIAL_SERVICES;
use connect_runtime::credentials::services::{
    AssumeRole, AssumeRoleWithWebIdentity, CredentialServices,
};
use connect_runtime::{Config, Credentials, CredentialsError};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

const REGION: &str = "us-east-1";
/// moto's default account.
const ACCOUNT: &str = "123456789012";
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A moto_server to talk to: one started elsewhere, or one this test started and stops on
/// drop (also when the test panics).
struct Moto {
    endpoint: String,
    child: Option<Child>,
}

impl Moto {
    fn get() -> Self {
        if let Ok(endpoint) = std::env::var("CONNECT_MOTO_ENDPOINT") {
            return Self {
                endpoint,
                child: None,
            };
        }
        let mut child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", "0"])
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "these tests need moto_server ({error}): install it with \
                     `pip install 'moto[server]==5.2.5'`, or set CONNECT_MOTO_ENDPOINT to the \
                     URL of a running moto_server"
                )
            });
        let (sender, receiver) = mpsc::channel();
        for pipe in [
            child
                .stderr
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
            child
                .stdout
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        let mut moto = Self {
            endpoint: String::new(),
            child: Some(child),
        };
        let mut seen = Vec::new();
        loop {
            match receiver.recv_timeout(START_TIMEOUT) {
                Ok(line) => {
                    if let Some(address) = line
                        .split("Running on http://")
                        .nth(1)
                        .and_then(|rest| rest.split_whitespace().next())
                    {
                        moto.endpoint = format!("http://{address}");
                        return moto;
                    }
                    seen.push(line);
                }
                Err(error) => panic!(
                    "moto_server did not say where it listens ({error:?}); it printed:\n{}",
                    seen.join("\n")
                ),
            }
        }
    }

    /// The configuration a provider hands the services: region, endpoint, and for a signed
    /// call the credentials to sign with.
    fn config(&self, credentials: Option<Credentials>) -> Config {
        let builder = Config::builder()
            .region(REGION)
            .endpoint_url(&self.endpoint);
        match credentials {
            Some(credentials) => builder.credentials(credentials),
            None => builder,
        }
        .build()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The ARN of the role the caller assumed, as STS names it: the session under the role.
async fn caller_arn(moto: &Moto, credentials: Credentials) -> String {
    let client = sts_sdk::Client::from_conf(moto.config(Some(credentials)));
    let identity = client
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|error| panic!("GetCallerIdentity: {error}"));
    assert_eq!(identity.account.as_deref(), Some(ACCOUNT));
    identity.arn.expect("GetCallerIdentity names the caller")
}

fn assert_temporary(credentials: &Credentials) {
    assert!(
        credentials.access_key_id().starts_with("ASIA"),
        "{credentials:?}"
    );
    assert!(!credentials.secret_access_key().is_empty());
    assert!(credentials
        .session_token()
        .is_some_and(|token| !token.is_empty()));
    let expiry = credentials.expiry().expect("assumed credentials expire");
    let left = expiry
        .duration_since(SystemTime::now())
        .expect("the credentials are still valid");
    // moto hands out the duration asked for (15 minutes here), give or take its clock.
    assert!(
        left > Duration::from_secs(10 * 60) && left <= Duration::from_secs(16 * 60),
        "{left:?}"
    );
}

#[tokio::test]
async fn assume_role_signed_with_static_keys() {
    let moto = Moto::get();
    let role = format!("arn:aws:iam::{ACCOUNT}:role/connect-credentials-test");
    let credentials = CREDENTIAL_SERVICES
        .assume_role(
            moto.config(Some(Credentials::new("AKIDSTATIC", "static-secret", None))),
            AssumeRole {
                role_arn: role.clone(),
                role_session_name: "assume-role-test".into(),
                external_id: Some("external-id".into()),
                duration_seconds: Some(900),
                mfa: Some(("arn:aws:iam::123456789012:mfa/user".into(), "123456".into())),
            },
        )
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_temporary(&credentials);
    // The Debug of what came back names the key id only.
    let shown = format!("{credentials:?}");
    assert!(!shown.contains(credentials.secret_access_key()), "{shown}");
    assert!(
        !shown.contains(credentials.session_token().unwrap()),
        "{shown}"
    );
    assert_eq!(
        caller_arn(&moto, credentials).await,
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/connect-credentials-test/assume-role-test")
    );
}

#[tokio::test]
async fn assume_role_with_web_identity_is_unsigned() {
    let moto = Moto::get();
    let role = format!("arn:aws:iam::{ACCOUNT}:role/connect-web-identity-test");
    // No credentials in the configuration: the call is sent unsigned, as the model says
    // (`@auth([])`), or it could not be sent at all.
    let credentials = CREDENTIAL_SERVICES
        .assume_role_with_web_identity(
            moto.config(None),
            AssumeRoleWithWebIdentity {
                role_arn: role,
                role_session_name: "web-identity-test".into(),
                web_identity_token: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl".into(),
                duration_seconds: Some(900),
            },
        )
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_temporary(&credentials);
    assert_eq!(
        caller_arn(&moto, credentials).await,
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/connect-web-identity-test/web-identity-test")
    );
}

#[tokio::test]
async fn an_unusable_input_names_service_and_operation() {
    let moto = Moto::get();
    // A session name of one character breaks the model's length constraint: nothing is sent.
    let error = CREDENTIAL_SERVICES
        .assume_role(
            moto.config(Some(Credentials::new("AKIDSTATIC", "static-secret", None))),
            AssumeRole {
                role_arn: format!("arn:aws:iam::{ACCOUNT}:role/r"),
                role_session_name: "x".into(),
                external_id: None,
                duration_seconds: None,
                mfa: None,
            },
        )
        .await
        .unwrap_err();
    let CredentialsError::Service {
        service,
        operation,
        code,
        reason,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!((*service, *operation, code), ("STS", "AssumeRole", &None));
    assert!(reason.contains("RoleSessionName"), "{reason}");
}
