//! Web identity (EKS IAM roles for service accounts, and any OIDC federation): a token file
//! exchanged for a role's credentials with STS `AssumeRoleWithWebIdentity`, an unsigned call.
//! The file is read again at every refresh, since the platform rotates the token in it.

use super::calls::{self, Calls};
use super::services::AssumeRoleWithWebIdentity;
use super::{CredentialsError, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::config::loader::{Env, Fs};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Credentials for `role_arn`, assumed with the token in `token_file`.
#[derive(Debug)]
pub struct WebIdentityCredentials {
    role_arn: String,
    token_file: PathBuf,
    session_name: Option<String>,
    fs: Fs,
    calls: Calls,
    context: OnceLock<ProviderContext>,
}

impl WebIdentityCredentials {
    /// A role assumed with the token in `token_file`, read through `fs`, the session named
    /// `session_name` (or a unique name).
    pub fn new(
        role_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
        session_name: Option<String>,
        fs: Fs,
    ) -> Self {
        Self::with_calls(role_arn, token_file, session_name, fs, Calls::default())
    }

    pub(crate) fn with_calls(
        role_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
        session_name: Option<String>,
        fs: Fs,
        calls: Calls,
    ) -> Self {
        Self {
            role_arn: role_arn.into(),
            token_file: token_file.into(),
            session_name,
            fs,
            calls,
            context: OnceLock::new(),
        }
    }

    /// The source the environment describes: `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`
    /// (and `AWS_ROLE_SESSION_NAME`); `None` unless both are set.
    pub(crate) fn from_env(env: &Env, fs: &Fs, calls: &Calls) -> Option<Self> {
        let token_file = env.get("AWS_WEB_IDENTITY_TOKEN_FILE")?;
        let role_arn = env.get("AWS_ROLE_ARN")?;
        Some(Self::with_calls(
            role_arn,
            token_file,
            env.get("AWS_ROLE_SESSION_NAME"),
            fs.clone(),
            calls.clone(),
        ))
    }

    async fn fetch(&self) -> Result<super::Credentials, CredentialsError> {
        let context = calls::bound(&self.context, "web identity")?;
        let services = calls::services(context, "web identity")?;
        let token = self
            .fs
            .read(&self.token_file)
            .map_err(|error| self.unreadable(&error.to_string()))?
            .ok_or_else(|| self.unreadable("no such file"))?;
        let token = String::from_utf8(token)
            .map_err(|_| self.unreadable("not UTF-8 text"))?
            .trim()
            .to_owned();
        if token.is_empty() {
            return Err(self.unreadable("the file is empty"));
        }
        let request = AssumeRoleWithWebIdentity {
            role_arn: self.role_arn.clone(),
            role_session_name: self
                .session_name
                .clone()
                .unwrap_or_else(calls::session_name),
            web_identity_token: token,
            duration_seconds: None,
        };
        let config = self.calls.config(context, "STS", None, None);
        services
            .assume_role_with_web_identity(config, request)
            .await
    }

    fn unreadable(&self, reason: &str) -> CredentialsError {
        CredentialsError::provider(format!(
            "the web identity token file {} cannot be read: {reason}",
            self.token_file.display()
        ))
    }
}

impl ProvideCredentials for WebIdentityCredentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }

    fn bind(&self, context: &ProviderContext) {
        let _ = self.context.set(context.clone());
    }
}
