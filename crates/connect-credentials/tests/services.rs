//! `CREDENTIAL_SERVICES` against connect-mock on 127.0.0.1: what goes on the wire for each
//! service (method, path, query, headers, body, signed or not) and how answers and errors
//! become credentials, tokens and `CredentialsError`s that hold no secret.

use connect_credentials::CREDENTIAL_SERVICES;
use connect_mock::{MockResponse, MockServer, RecordedRequest};
use connect_runtime::credentials::services::{
    AssumeRole, AssumeRoleWithWebIdentity, CredentialServices, SsoRefreshToken, SsoRoleCredentials,
};
use connect_runtime::{Config, Credentials, CredentialsError};
use std::time::{Duration, SystemTime};

const REGION: &str = "us-east-1";

fn config(server: &MockServer, credentials: Option<Credentials>) -> Config {
    let builder = Config::builder()
        .region(REGION)
        .endpoint_url(server.endpoint());
    match credentials {
        Some(credentials) => builder.credentials(credentials),
        None => builder,
    }
    .build()
}

fn mock_keys() -> connect_mock::Credentials {
    connect_mock::Credentials::new("AKIDMOCK", "mock-secret")
}

fn body(request: &RecordedRequest) -> &str {
    std::str::from_utf8(&request.body).unwrap()
}

/// The request went out as the model's `@auth([])` says: with no signature at all.
fn assert_unsigned(request: &RecordedRequest) {
    for header in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        assert_eq!(request.header(header), None, "{header} in {request:?}");
    }
}

/// Neither the `Display` nor the `Debug` of `error` holds any of `secrets`.
fn assert_no_secret(error: &CredentialsError, secrets: &[&str]) {
    let shown = format!("{error} {error:?}");
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
}

#[tokio::test]
async fn get_role_credentials_sends_the_token_unsigned_and_reads_the_expiry() {
    let server = MockServer::start_unsigned(|_| {
        MockResponse::json(
            200,
            r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret",
                "sessionToken": "sso-session", "expiration": 1893456000123}}"#,
        )
    })
    .await
    .unwrap();
    let credentials = CREDENTIAL_SERVICES
        .sso_role_credentials(
            config(&server, None),
            SsoRoleCredentials {
                access_token: "sso-access-token".into(),
                account_id: "123456789012".into(),
                role_name: "Admin Role".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        credentials,
        Credentials::new("ASIASSO", "sso-secret", Some("sso-session".into()))
            .with_expiry(SystemTime::UNIX_EPOCH + Duration::from_millis(1_893_456_000_123))
    );
    let [request] = &server.requests()[..] else {
        panic!("one request: {:?}", server.requests());
    };
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        "/federation/credentials?role_name=Admin%20Role&account_id=123456789012"
    );
    assert_eq!(
        request.header("x-amz-sso_bearer_token"),
        Some("sso-access-token")
    );
    assert_unsigned(request);
}

#[tokio::test]
async fn get_role_credentials_errors_keep_code_and_message() {
    let server = MockServer::start_unsigned(|_| {
        MockResponse::json(401, r#"{"message": "Session token not found or invalid"}"#)
            .with_header("x-amzn-ErrorType", "UnauthorizedException")
    })
    .await
    .unwrap();
    let error = CREDENTIAL_SERVICES
        .sso_role_credentials(
            config(&server, None),
            SsoRoleCredentials {
                access_token: "expired-access-token".into(),
                account_id: "123456789012".into(),
                role_name: "Admin".into(),
            },
        )
        .await
        .unwrap_err();
    let CredentialsError::Service {
        service,
        operation,
        code,
        message,
        reason,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!((*service, *operation), ("SSO", "GetRoleCredentials"));
    assert_eq!(code.as_deref(), Some("UnauthorizedException"));
    assert_eq!(
        message.as_deref(),
        Some("Session token not found or invalid")
    );
    assert!(reason.contains("HTTP 401"), "{reason}");
    assert!(
        error
            .to_string()
            .starts_with("SSO GetRoleCredentials failed: "),
        "{error}"
    );
    assert_no_secret(&error, &["expired-access-token"]);
}

#[tokio::test]
async fn an_answer_without_credentials_is_refused() {
    let server = MockServer::start_unsigned(|_| {
        MockResponse::json(200, r#"{"roleCredentials": {"accessKeyId": "ASIASSO"}}"#)
    })
    .await
    .unwrap();
    let error = CREDENTIAL_SERVICES
        .sso_role_credentials(
            config(&server, None),
            SsoRoleCredentials {
                access_token: "t".into(),
                account_id: "123456789012".into(),
                role_name: "Admin".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "SSO GetRoleCredentials failed: the answer has no secretAccessKey"
    );
}

#[tokio::test]
async fn create_token_refreshes_unsigned() {
    let server = MockServer::start_unsigned(|_| {
        MockResponse::json(
            200,
            r#"{"accessToken": "new-access-token", "tokenType": "Bearer", "expiresIn": 3600,
                "refreshToken": "new-refresh-token"}"#,
        )
    })
    .await
    .unwrap();
    let before = SystemTime::now();
    let token = CREDENTIAL_SERVICES
        .sso_refresh_token(
            config(&server, None),
            SsoRefreshToken {
                client_id: "client-id".into(),
                client_secret: "client-secret".into(),
                refresh_token: "old-refresh-token".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(token.access_token, "new-access-token");
    assert_eq!(token.refresh_token.as_deref(), Some("new-refresh-token"));
    let after = SystemTime::now();
    assert!(
        token.expires_at >= before + Duration::from_secs(3600)
            && token.expires_at <= after + Duration::from_secs(3600)
    );
    let shown = format!("{token:?}");
    assert!(!shown.contains("new-access-token") && !shown.contains("new-refresh-token"));
    let [request] = &server.requests()[..] else {
        panic!("one request: {:?}", server.requests());
    };
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/token")
    );
    assert_unsigned(request);
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({
            "clientId": "client-id",
            "clientSecret": "client-secret",
            "grantType": "refresh_token",
            "refreshToken": "old-refresh-token",
        })
    );
}

#[tokio::test]
async fn create_token_errors_hold_no_secret() {
    let server = MockServer::start_unsigned(|_| {
        MockResponse::json(
            400,
            r#"{"error": "invalid_grant", "error_description": "the refresh token expired"}"#,
        )
        .with_header("x-amzn-ErrorType", "InvalidGrantException")
    })
    .await
    .unwrap();
    let error = CREDENTIAL_SERVICES
        .sso_refresh_token(
            config(&server, None),
            SsoRefreshToken {
                client_id: "client-id".into(),
                client_secret: "client-secret-value".into(),
                refresh_token: "refresh-token-value".into(),
            },
        )
        .await
        .unwrap_err();
    let CredentialsError::Service {
        service,
        operation,
        code,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!((*service, *operation), ("SSO OIDC", "CreateToken"));
    assert_eq!(code.as_deref(), Some("InvalidGrantException"));
    assert_no_secret(&error, &["client-secret-value", "refresh-token-value"]);
    // A token without a lifetime is refused rather than kept forever.
    let server = MockServer::start_unsigned(|_| MockResponse::json(200, r#"{"accessToken": "a"}"#))
        .await
        .unwrap();
    let error = CREDENTIAL_SERVICES
        .sso_refresh_token(
            config(&server, None),
            SsoRefreshToken {
                client_id: "c".into(),
                client_secret: "s".into(),
                refresh_token: "r".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "SSO OIDC CreateToken failed: the answer has no positive expiresIn"
    );
}

#[tokio::test]
async fn assume_role_is_signed_and_its_xml_errors_are_read() {
    let server = MockServer::start(mock_keys(), REGION, "sts", |_| {
        xml(
            403,
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/u is not authorized to perform: sts:AssumeRole</Message>
  </Error>
  <RequestId>4a2c5f5e-0000-4000-8000-000000000000</RequestId>
</ErrorResponse>"#,
        )
    })
    .await
    .unwrap();
    let error = CREDENTIAL_SERVICES
        .assume_role(
            config(
                &server,
                Some(Credentials::new("AKIDMOCK", "mock-secret", None)),
            ),
            AssumeRole {
                role_arn: "arn:aws:iam::123456789012:role/r".into(),
                role_session_name: "session".into(),
                external_id: Some("external".into()),
                duration_seconds: Some(3600),
                mfa: Some(("arn:aws:iam::123456789012:mfa/u".into(), "654321".into())),
            },
        )
        .await
        .unwrap_err();
    let CredentialsError::Service {
        service,
        operation,
        code,
        message,
        reason,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!((*service, *operation), ("STS", "AssumeRole"));
    assert_eq!(code.as_deref(), Some("AccessDenied"));
    assert!(
        message.as_deref().unwrap().ends_with("sts:AssumeRole"),
        "{message:?}"
    );
    assert!(reason.contains("HTTP 403"), "{reason}");
    assert_no_secret(&error, &["mock-secret", "654321"]);
    let [request] = &server.requests()[..] else {
        panic!(
            "one request (AccessDenied is not retried): {:?}",
            server.requests()
        );
    };
    assert!(request.signature.is_valid(), "{:?}", request.signature);
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        body(request),
        "Action=AssumeRole&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=session\
         &DurationSeconds=3600&ExternalId=external\
         &SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fu&TokenCode=654321"
    );
}

/// An awsQuery answer: XML, as STS sends it.
fn xml(status: u16, body: &str) -> MockResponse {
    MockResponse {
        headers: vec![("content-type".into(), "text/xml".into())],
        body: body.as_bytes().to_vec(),
        ..MockResponse::json(status, "")
    }
}

fn web_identity(token: &str) -> AssumeRoleWithWebIdentity {
    AssumeRoleWithWebIdentity {
        role_arn: "arn:aws:iam::123456789012:role/web".into(),
        role_session_name: "pod".into(),
        web_identity_token: token.into(),
        duration_seconds: None,
    }
}

#[tokio::test]
async fn assume_role_with_web_identity_goes_unsigned_even_with_keys_at_hand() {
    let server = MockServer::start_unsigned(|_| {
        xml(
            200,
            r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>ASIAWEB</AccessKeyId>
      <SecretAccessKey>web-secret</SecretAccessKey>
      <SessionToken>web-session</SessionToken>
      <Expiration>2030-01-01T00:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#,
        )
    })
    .await
    .unwrap();
    // Keys in the configuration are not used: the model says `@auth([])`, the token is the
    // proof.
    let credentials = CREDENTIAL_SERVICES
        .assume_role_with_web_identity(
            config(
                &server,
                Some(Credentials::new("AKIDMOCK", "mock-secret", None)),
            ),
            web_identity("the-web-token"),
        )
        .await
        .unwrap();
    assert_eq!(
        credentials,
        Credentials::new("ASIAWEB", "web-secret", Some("web-session".into()))
            .with_expiry(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000))
    );
    let [request] = &server.requests()[..] else {
        panic!("one request: {:?}", server.requests());
    };
    assert_unsigned(request);
    assert_eq!(
        body(request),
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb&RoleSessionName=pod\
         &WebIdentityToken=the-web-token"
    );
}

#[tokio::test]
async fn assume_role_with_web_identity_errors_are_typed_without_the_token() {
    let server = MockServer::start_unsigned(|_| {
        xml(
            400,
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>ExpiredTokenException</Code>
    <Message>Token expired: current date/time 1700000000 must be before the expiration date/time 1600000000</Message>
  </Error>
  <RequestId>5e7d0000-0000-4000-8000-000000000000</RequestId>
</ErrorResponse>"#,
        )
    })
    .await
    .unwrap();
    let error = CREDENTIAL_SERVICES
        .assume_role_with_web_identity(config(&server, None), web_identity("secret-web-token"))
        .await
        .unwrap_err();
    let CredentialsError::Service {
        service,
        operation,
        code,
        message,
        reason,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!((*service, *operation), ("STS", "AssumeRoleWithWebIdentity"));
    assert_eq!(code.as_deref(), Some("ExpiredTokenException"));
    assert!(
        message.as_deref().unwrap().starts_with("Token expired"),
        "{message:?}"
    );
    assert!(reason.contains("HTTP 400"), "{reason}");
    assert!(
        error
            .to_string()
            .starts_with("STS AssumeRoleWithWebIdentity failed: "),
        "{error}"
    );
    assert_no_secret(&error, &["secret-web-token"]);
}
