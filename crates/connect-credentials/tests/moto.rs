//! STS through `CREDENTIAL_SERVICES` against moto_server (the `moto` Python package's mock of
//! AWS), an implementation of STS nobody here wrote: `AssumeRole` signed with static keys,
//! `AssumeRoleWithWebIdentity` unsigned, and the credentials they hand out used to sign
//! `GetCallerIdentity`, whose answer must name the assumed role.
//!
//! Which server: [`connect_mock::Moto`] (`CONNECT_MOTO_ENDPOINT`, which `cargo xtask test`
//! sets, else one started here from `PATH`).

use connect_credentials::CREDENTIAL_SERVICES;
use connect_mock::Moto;
use connect_runtime::credentials::services::{
    AssumeRole, AssumeRoleWithWebIdentity, CredentialServices,
};
use connect_runtime::{Config, Credentials, CredentialsError};
use std::time::{Duration, SystemTime};

const REGION: &str = "us-east-1";
/// moto's default account.
const ACCOUNT: &str = "123456789012";

/// The configuration a provider hands the services: region, endpoint, and for a signed call
/// the credentials to sign with.
fn config(moto: &Moto, credentials: Option<Credentials>) -> Config {
    let builder = Config::builder()
        .region(REGION)
        .endpoint_url(moto.endpoint());
    match credentials {
        Some(credentials) => builder.credentials(credentials),
        None => builder,
    }
    .build()
}

/// The ARN of the role the caller assumed, as STS names it: the session under the role.
async fn caller_arn(moto: &Moto, credentials: Credentials) -> String {
    let client = sts_sdk::Client::from_conf(config(moto, Some(credentials)));
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
            config(
                &moto,
                Some(Credentials::new("AKIDSTATIC", "static-secret", None)),
            ),
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
            config(&moto, None),
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
            config(
                &moto,
                Some(Credentials::new("AKIDSTATIC", "static-secret", None)),
            ),
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
