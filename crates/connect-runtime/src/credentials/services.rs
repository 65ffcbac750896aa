//! The AWS services credential providers call: STS (assume a role, with or without a web
//! identity), IAM Identity Center's portal (a role's credentials for an SSO access token) and
//! SSO OIDC (a fresh access token). The runtime does not know how to call them: the SDK that
//! builds a client hands it an implementation ([`ServiceInfo::credential_services`]), generated
//! from the services' own models.
//!
//! [`ServiceInfo::credential_services`]: crate::ServiceInfo::credential_services

use super::{CredentialsError, ProvideFuture};
use crate::config::Config;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

/// STS `AssumeRole`.
#[derive(Clone, PartialEq, Eq)]
pub struct AssumeRole {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `ExternalId`.
    pub external_id: Option<String>,
    /// `DurationSeconds`.
    pub duration_seconds: Option<i32>,
    /// `SerialNumber` and `TokenCode`: the MFA device and its current code.
    pub mfa: Option<(String, String)>,
}

/// STS `AssumeRoleWithWebIdentity` (an unsigned call: the token is the proof).
#[derive(Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentity {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `WebIdentityToken`: the token file's contents.
    pub web_identity_token: String,
    /// `DurationSeconds`.
    pub duration_seconds: Option<i32>,
}

/// IAM Identity Center portal `GetRoleCredentials` (unsigned: the access token is the proof).
#[derive(Clone, PartialEq, Eq)]
pub struct SsoRoleCredentials {
    /// `x-amz-sso_bearer_token`: the access token `aws sso login` obtained.
    pub access_token: String,
    /// `account_id`.
    pub account_id: String,
    /// `role_name`.
    pub role_name: String,
}

/// SSO OIDC `CreateToken` with the `refresh_token` grant (unsigned).
#[derive(Clone, PartialEq, Eq)]
pub struct SsoRefreshToken {
    /// `clientId`: the registered client of the token cache.
    pub client_id: String,
    /// `clientSecret`.
    pub client_secret: String,
    /// `refreshToken`.
    pub refresh_token: String,
}

/// What SSO OIDC `CreateToken` answers.
#[derive(Clone, PartialEq, Eq)]
pub struct SsoToken {
    /// `accessToken`.
    pub access_token: String,
    /// When the access token expires (`expiresIn` seconds after the answer).
    pub expires_at: SystemTime,
    /// `refreshToken`, when the service gives a new one.
    pub refresh_token: Option<String>,
}

/// What [`CredentialServices::sso_refresh_token`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<SsoToken, CredentialsError>> + Send + 'a>>;

/// Calls the services that credential providers need. Each call gets a [`Config`] of its own,
/// made by the provider: the region and endpoint of the service to call (the standard settings
/// for STS, SSO and SSO OIDC applied), the HTTP client of the client that needs credentials,
/// and, for a signed call, the credentials to sign it with.
pub trait CredentialServices: fmt::Debug + Send + Sync {
    /// STS `AssumeRole`, signed with `config`'s credentials.
    fn assume_role(&self, config: Config, request: AssumeRole) -> ProvideFuture<'_>;

    /// STS `AssumeRoleWithWebIdentity`.
    fn assume_role_with_web_identity(
        &self,
        config: Config,
        request: AssumeRoleWithWebIdentity,
    ) -> ProvideFuture<'_>;

    /// The portal's `GetRoleCredentials`.
    fn sso_role_credentials(
        &self,
        config: Config,
        request: SsoRoleCredentials,
    ) -> ProvideFuture<'_>;

    /// SSO OIDC `CreateToken`, refreshing an access token.
    fn sso_refresh_token(&self, config: Config, request: SsoRefreshToken) -> TokenFuture<'_>;
}

// The requests hold secrets (tokens, client secrets): Debug names what is asked, never them.
impl fmt::Debug for AssumeRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRole")
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.role_session_name)
            .field(
                "external_id",
                &self.external_id.as_ref().map(|_| "** redacted **"),
            )
            .field("duration_seconds", &self.duration_seconds)
            .field("mfa", &self.mfa.as_ref().map(|(serial, _)| serial))
            .finish()
    }
}

impl fmt::Debug for AssumeRoleWithWebIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleWithWebIdentity")
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.role_session_name)
            .field("web_identity_token", &"** redacted **")
            .field("duration_seconds", &self.duration_seconds)
            .finish()
    }
}

impl fmt::Debug for SsoRoleCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoRoleCredentials")
            .field("access_token", &"** redacted **")
            .field("account_id", &self.account_id)
            .field("role_name", &self.role_name)
            .finish()
    }
}

impl fmt::Debug for SsoRefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoRefreshToken")
            .field("client_id", &self.client_id)
            .field("client_secret", &"** redacted **")
            .field("refresh_token", &"** redacted **")
            .finish()
    }
}

impl fmt::Debug for SsoToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoToken")
            .field("access_token", &"** redacted **")
            .field("expires_at", &self.expires_at)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}
