//! The services credential providers call, through the SDKs generated from their own models:
//! STS (`AssumeRole`, `AssumeRoleWithWebIdentity`), IAM Identity Center's portal
//! (`GetRoleCredentials`, service SSO) and SSO OIDC (`CreateToken`).
//!
//! The SDKs of other services hand [`CREDENTIAL_SERVICES`] to the runtime
//! (`ServiceInfo::credential_services`); the runtime's providers call it with a [`Config`] of
//! their own making (region, endpoint, the HTTP client of the client that needs credentials,
//! and for `AssumeRole` the credentials to sign with). Each call builds its service's client
//! from that configuration, sends one request, and maps the answer to [`Credentials`] (with
//! their expiry) or an [`SsoToken`]; a failure is a [`CredentialsError::Service`] naming the
//! service and operation, with the service's code and message. No secret (keys, session
//! tokens, web identity tokens, access and refresh tokens, client secrets) is ever part of an
//! error or of `Debug` output.
#![warn(missing_docs)]

use connect_runtime::credentials::services::{
    AssumeRole, AssumeRoleWithWebIdentity, CredentialServices, SsoRefreshToken, SsoRoleCredentials,
    SsoToken, TokenFuture,
};
use connect_runtime::credentials::ProvideFuture;
use connect_runtime::{Config, Credentials, CredentialsError, DateTime, SdkError};
use std::time::{Duration, SystemTime};

/// The services, as the runtime calls them.
pub static CREDENTIAL_SERVICES: Services = Services;

/// Calls STS, the IAM Identity Center portal and SSO OIDC with their generated clients.
#[derive(Clone, Copy, Debug, Default)]
pub struct Services;

impl CredentialServices for Services {
    fn assume_role(&self, config: Config, request: AssumeRole) -> ProvideFuture<'_> {
        Box::pin(async move {
            const OPERATION: &str = "AssumeRole";
            let client = sts_sdk::Client::from_conf(config);
            let mut call = client
                .assume_role()
                .role_arn(request.role_arn)
                .role_session_name(request.role_session_name)
                .set_external_id(request.external_id)
                .set_duration_seconds(request.duration_seconds);
            if let Some((serial_number, token_code)) = request.mfa {
                call = call.serial_number(serial_number).token_code(token_code);
            }
            let output = call
                .send()
                .await
                .map_err(|error| failed(STS, OPERATION, &error))?;
            sts_credentials(OPERATION, output.credentials)
        })
    }

    fn assume_role_with_web_identity(
        &self,
        config: Config,
        request: AssumeRoleWithWebIdentity,
    ) -> ProvideFuture<'_> {
        Box::pin(async move {
            const OPERATION: &str = "AssumeRoleWithWebIdentity";
            let client = sts_sdk::Client::from_conf(config);
            let output = client
                .assume_role_with_web_identity()
                .role_arn(request.role_arn)
                .role_session_name(request.role_session_name)
                .web_identity_token(request.web_identity_token)
                .set_duration_seconds(request.duration_seconds)
                .send()
                .await
                .map_err(|error| failed(STS, OPERATION, &error))?;
            sts_credentials(OPERATION, output.credentials)
        })
    }

    fn sso_role_credentials(
        &self,
        config: Config,
        request: SsoRoleCredentials,
    ) -> ProvideFuture<'_> {
        Box::pin(async move {
            const OPERATION: &str = "GetRoleCredentials";
            let client = sso_sdk::Client::from_conf(config);
            let output = client
                .get_role_credentials()
                .access_token(request.access_token)
                .account_id(request.account_id)
                .role_name(request.role_name)
                .send()
                .await
                .map_err(|error| failed(SSO, OPERATION, &error))?;
            let Some(role) = output.role_credentials else {
                return Err(lacking(SSO, OPERATION, "roleCredentials"));
            };
            let keys = key_pair(
                SSO,
                OPERATION,
                [
                    ("accessKeyId", role.access_key_id),
                    ("secretAccessKey", role.secret_access_key),
                    ("sessionToken", role.session_token),
                ],
            )?;
            // Milliseconds since the epoch.
            let expiration = role
                .expiration
                .ok_or_else(|| lacking(SSO, OPERATION, "expiration"))?;
            let expiry = u64::try_from(expiration)
                .ok()
                .and_then(|millis| {
                    SystemTime::UNIX_EPOCH.checked_add(Duration::from_millis(millis))
                })
                .ok_or_else(|| {
                    invalid(
                        SSO,
                        OPERATION,
                        format!("expiration {expiration} is not a time"),
                    )
                })?;
            Ok(keys.with_expiry(expiry))
        })
    }

    fn sso_refresh_token(&self, config: Config, request: SsoRefreshToken) -> TokenFuture<'_> {
        Box::pin(async move {
            const OPERATION: &str = "CreateToken";
            let client = sso_oidc_sdk::Client::from_conf(config);
            let asked = SystemTime::now();
            let output = client
                .create_token()
                .client_id(request.client_id)
                .client_secret(request.client_secret)
                .grant_type("refresh_token")
                .refresh_token(request.refresh_token)
                .send()
                .await
                .map_err(|error| failed(SSO_OIDC, OPERATION, &error))?;
            let access_token = output
                .access_token
                .filter(|token| !token.is_empty())
                .ok_or_else(|| lacking(SSO_OIDC, OPERATION, "accessToken"))?;
            let expires_in = output
                .expires_in
                .and_then(|seconds| u64::try_from(seconds).ok())
                .filter(|seconds| *seconds > 0)
                .ok_or_else(|| lacking(SSO_OIDC, OPERATION, "positive expiresIn"))?;
            Ok(SsoToken {
                access_token,
                // Counted from when the token was asked for: the service's clock started
                // no earlier than that.
                expires_at: asked + Duration::from_secs(expires_in),
                refresh_token: output.refresh_token.filter(|token| !token.is_empty()),
            })
        })
    }
}

/// The services' names in errors, as their `sdkId`s spell them.
const STS: &str = "STS";
const SSO: &str = "SSO";
const SSO_OIDC: &str = "SSO OIDC";

/// A call that failed: the service's code and message when it answered with an error, and
/// the error's text (which holds no secret: inputs are never printed, only member names).
fn failed<E>(
    service: &'static str,
    operation: &'static str,
    error: &SdkError<E>,
) -> CredentialsError {
    let (code, message) = match error {
        SdkError::Service(error) => (
            error.meta().code().map(str::to_owned),
            error.meta().message().map(str::to_owned),
        ),
        _ => (None, None),
    };
    CredentialsError::Service {
        service,
        operation,
        code,
        message,
        reason: error.to_string(),
    }
}

/// An answer that lacks `what`.
fn lacking(service: &'static str, operation: &'static str, what: &str) -> CredentialsError {
    invalid(service, operation, format!("the answer has no {what}"))
}

fn invalid(service: &'static str, operation: &'static str, reason: String) -> CredentialsError {
    CredentialsError::Service {
        service,
        operation,
        code: None,
        message: None,
        reason,
    }
}

/// The three parts of temporary credentials, each named for the error when it is missing.
fn key_pair(
    service: &'static str,
    operation: &'static str,
    [(id_name, id), (secret_name, secret), (token_name, token)]: [(&str, Option<String>); 3],
) -> Result<Credentials, CredentialsError> {
    let present = |name: &str, value: Option<String>| {
        value
            .filter(|value| !value.is_empty())
            .ok_or_else(|| lacking(service, operation, name))
    };
    Ok(Credentials::new(
        present(id_name, id)?,
        present(secret_name, secret)?,
        Some(present(token_name, token)?),
    ))
}

/// STS's `Credentials` as the runtime's, valid until their `Expiration`.
fn sts_credentials(
    operation: &'static str,
    credentials: Option<sts_sdk::types::Credentials>,
) -> Result<Credentials, CredentialsError> {
    let credentials = credentials.ok_or_else(|| lacking(STS, operation, "Credentials"))?;
    let keys = key_pair(
        STS,
        operation,
        [
            ("AccessKeyId", credentials.access_key_id),
            ("SecretAccessKey", credentials.secret_access_key),
            ("SessionToken", credentials.session_token),
        ],
    )?;
    let expiration: DateTime = credentials
        .expiration
        .ok_or_else(|| lacking(STS, operation, "Expiration"))?;
    let expiry = SystemTime::try_from(expiration)
        .map_err(|error| invalid(STS, operation, format!("Expiration is not a time: {error}")))?;
    Ok(keys.with_expiry(expiry))
}
