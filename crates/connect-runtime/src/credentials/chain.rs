//! The default credentials chain, in the AWS SDKs' order: the environment's keys, the profile
//! (static keys, assumed roles, web identity, IAM Identity Center, `credential_process`), a web
//! identity the environment describes, the container credentials endpoint, and the instance
//! metadata service. The first source that has credentials gives them; a source that has none
//! says why, and the chain goes on; a source that is configured but fails ends the search with
//! its error.

use super::calls::{self, Calls};
use super::container::ContainerCredentials;
use super::imds::ImdsCredentials;
use super::process::CredentialProcessProvider;
use super::profile_chain::{self, Base, CredentialSource, Plan, Role};
use super::services::AssumeRole;
use super::sso::{SsoCredentialsProvider, SsoSettings};
use super::web_identity::WebIdentityCredentials;
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture, ProviderContext};
use crate::config::loader::{Env, Fs};
use crate::config::profile::Profiles;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Gives the current code of an MFA device (its serial number or ARN), for profiles that
/// assume a role with `mfa_serial`.
pub type MfaTokenProvider = Arc<dyn Fn(&str) -> Result<String, String> + Send + Sync>;

/// Everything the chain needs, read by the loader.
pub(crate) struct DefaultChain {
    pub(crate) env: Env,
    pub(crate) fs: Fs,
    pub(crate) profile_name: String,
    /// What chose the profile (`AWS_PROFILE`, ...), for messages.
    pub(crate) chosen_by: Option<&'static str>,
    pub(crate) profiles: Profiles,
    /// The shared files as read, for the "nothing found" message.
    pub(crate) files: String,
    pub(crate) calls: Calls,
    pub(crate) mfa: Option<MfaTokenProvider>,
    /// The container endpoint the environment names, if any.
    pub(crate) container: Option<ContainerCredentials>,
    /// The instance metadata service, unless `AWS_EC2_METADATA_DISABLED` is true; shared with
    /// the region lookup, so that both use one session token.
    pub(crate) imds: Option<Arc<ImdsCredentials>>,
    pub(crate) context: OnceLock<ProviderContext>,
}

// The profiles and environment hold secrets: their own Debug shows names only.
impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("env", &self.env)
            .field("fs", &self.fs)
            .field("profile", &self.profile_name)
            .field("profiles", &self.profiles)
            .field("mfa", &self.mfa.as_ref().map(|_| "a token provider"))
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.resolve())
    }

    fn bind(&self, context: &ProviderContext) {
        let _ = self.context.set(context.clone());
        if let Some(container) = &self.container {
            container.bind(context);
        }
        if let Some(imds) = &self.imds {
            imds.bind(context);
        }
    }
}

/// What one source of the chain found: credentials, or why it had none.
enum Found {
    Credentials(Credentials),
    Nothing(String),
}

impl DefaultChain {
    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut looked = vec!["the config builder: no credentials set".to_owned()];
        // One source after the other: a later source is not even asked (no process run, no
        // request sent) once an earlier one has given credentials.
        for source in 0..5 {
            let found = match source {
                0 => self.environment(),
                1 => self.profile().await,
                2 => self.web_identity_from_env().await,
                3 => self.container().await,
                _ => self.instance_metadata().await,
            };
            match found? {
                Found::Credentials(credentials) => return Ok(credentials),
                Found::Nothing(why) => looked.push(why),
            }
        }
        Err(CredentialsError::NotFound { looked })
    }

    /// The container endpoint of `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI`: once
    /// named, its failure is the chain's.
    async fn container(&self) -> Result<Found, CredentialsError> {
        let Some(container) = &self.container else {
            return Ok(Found::Nothing(
                "container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and \
                 AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"
                    .into(),
            ));
        };
        container
            .provide_credentials()
            .await
            .map(Found::Credentials)
    }

    /// The instance metadata service: a service that does not answer, or knows no role, is a
    /// place looked in (off EC2, that is the usual case); any other failure is the chain's.
    async fn instance_metadata(&self) -> Result<Found, CredentialsError> {
        let Some(imds) = &self.imds else {
            return Ok(Found::Nothing(
                "instance metadata service: AWS_EC2_METADATA_DISABLED is true".into(),
            ));
        };
        match imds.provide_credentials().await {
            Ok(credentials) => Ok(Found::Credentials(credentials)),
            Err(CredentialsError::NotFound { looked }) => Ok(Found::Nothing(looked.join("; "))),
            Err(error) => Err(error),
        }
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    fn environment(&self) -> Result<Found, CredentialsError> {
        let id = self.env.get("AWS_ACCESS_KEY_ID");
        let secret = self.env.get("AWS_SECRET_ACCESS_KEY");
        let why = match (id, secret) {
            (Some(id), Some(secret)) => {
                tracing::debug!("credentials from the environment");
                let token = self.env.get("AWS_SESSION_TOKEN");
                return Ok(Found::Credentials(Credentials::new(id, secret, token)));
            }
            (None, None) => "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            (Some(_), None) => "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            (None, Some(_)) => "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
        };
        Ok(Found::Nothing(format!("environment variables: {why}")))
    }

    /// The selected profile, whatever kind of credentials it describes.
    async fn profile(&self) -> Result<Found, CredentialsError> {
        let name = &self.profile_name;
        let chosen = match self.chosen_by {
            Some(by) => format!(" (chosen by {by})"),
            None => String::new(),
        };
        if self.profiles.get(name).is_none() {
            let why = format!("profile `{name}`{chosen}: not in {}", self.files);
            return Ok(Found::Nothing(why));
        }
        let Some(plan) = profile_chain::plan(&self.profiles, name)? else {
            return Ok(Found::Nothing(format!(
                "profile `{name}`{chosen} in {}: no credentials (keys, role, web identity, \
                 IAM Identity Center or credential_process)",
                self.files
            )));
        };
        let credentials = self.credentials_of(plan).await?;
        tracing::debug!(profile = %name, "credentials from the profile");
        Ok(Found::Credentials(credentials))
    }

    /// `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN`.
    async fn web_identity_from_env(&self) -> Result<Found, CredentialsError> {
        let Some(provider) = WebIdentityCredentials::from_env(&self.env, &self.fs, &self.calls)
        else {
            return Ok(Found::Nothing(
                "web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set"
                    .into(),
            ));
        };
        self.bound(&provider)?;
        let credentials = provider.provide_credentials().await?;
        tracing::debug!("credentials from the environment's web identity");
        Ok(Found::Credentials(credentials))
    }

    /// The base credentials of `plan`, then each of its roles assumed in turn.
    async fn credentials_of(&self, plan: Plan) -> Result<Credentials, CredentialsError> {
        let mut credentials = self.base(plan.base).await?;
        for role in plan.roles {
            credentials = self.assume(role, credentials).await?;
        }
        Ok(credentials)
    }

    async fn base(&self, base: Base) -> Result<Credentials, CredentialsError> {
        match base {
            Base::Static(credentials) => Ok(credentials),
            Base::WebIdentity {
                role_arn,
                token_file,
                session_name,
            } => {
                let provider = WebIdentityCredentials::with_calls(
                    role_arn,
                    token_file,
                    session_name,
                    self.fs.clone(),
                    self.calls.clone(),
                );
                self.bound(&provider)?;
                provider.provide_credentials().await
            }
            Base::Source(CredentialSource::Environment) => match self.environment()? {
                Found::Credentials(credentials) => Ok(credentials),
                Found::Nothing(why) => Err(self.no_source("Environment", &why)),
            },
            Base::Sso { profile } => {
                let settings = self
                    .profiles
                    .get(&profile)
                    .map(|found| SsoSettings::from_profile(&profile, found, &self.profiles))
                    .transpose()?
                    .ok_or_else(|| self.vanished(&profile))?;
                // The loader resolved the two services' endpoints, the profile's included.
                let provider =
                    SsoCredentialsProvider::new(settings, self.env.clone(), self.fs.clone())
                        .endpoint_urls(
                            self.calls.endpoint_url("SSO").map(str::to_owned),
                            self.calls.endpoint_url("SSO OIDC").map(str::to_owned),
                        );
                self.bound(&provider)?;
                provider.provide_credentials().await
            }
            Base::Process { profile, command } => {
                let file = self
                    .profiles
                    .get(&profile)
                    .and_then(|found| found.get("credential_process"))
                    .map(|property| property.file.to_path_buf())
                    .ok_or_else(|| self.vanished(&profile))?;
                CredentialProcessProvider::new(profile, file, &command)?
                    .provide_credentials()
                    .await
            }
            Base::Source(CredentialSource::EcsContainer) => match &self.container {
                Some(container) => container.provide_credentials().await,
                None => Err(self.no_source(
                    "EcsContainer",
                    "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor \
                     AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
                )),
            },
            Base::Source(CredentialSource::Ec2InstanceMetadata) => match &self.imds {
                Some(imds) => imds.provide_credentials().await,
                None => {
                    Err(self.no_source("Ec2InstanceMetadata", "AWS_EC2_METADATA_DISABLED is true"))
                }
            },
        }
    }

    /// The profile's `credential_source` names a source the environment turned off or left
    /// out.
    fn no_source(&self, source: &str, why: &str) -> CredentialsError {
        CredentialsError::InvalidProfile {
            profile: self.profile_name.clone(),
            reason: format!("its credential_source is {source}, but {why}"),
        }
    }

    /// A profile the plan named is not in the files: the plan was made from them, so this is a
    /// bug, reported rather than panicking.
    fn vanished(&self, profile: &str) -> CredentialsError {
        CredentialsError::InvalidProfile {
            profile: profile.to_owned(),
            reason: "it is no longer in the files read".into(),
        }
    }

    /// STS `AssumeRole` for `role`, signed with `credentials`.
    async fn assume(
        &self,
        role: Role,
        credentials: Credentials,
    ) -> Result<Credentials, CredentialsError> {
        let context = calls::bound(&self.context, "assume role")?;
        let services = calls::services(context, "assume role")?;
        let mfa = match &role.mfa_serial {
            None => None,
            Some(serial) => Some((serial.clone(), self.mfa_code(&role, serial)?)),
        };
        let request = AssumeRole {
            role_arn: role.role_arn,
            role_session_name: role.session_name.unwrap_or_else(calls::session_name),
            external_id: role.external_id,
            duration_seconds: role.duration_seconds,
            mfa,
        };
        tracing::debug!(profile = %role.profile, role_arn = %request.role_arn, "assuming a role");
        let config = self.calls.config(context, "STS", None, Some(credentials));
        services.assume_role(config, request).await
    }

    fn mfa_code(&self, role: &Role, serial: &str) -> Result<String, CredentialsError> {
        let Some(provider) = &self.mfa else {
            return Err(CredentialsError::InvalidProfile {
                profile: role.profile.clone(),
                reason: format!(
                    "it assumes a role with `mfa_serial` {serial}, which needs the device's \
                     current code: give one with ConfigLoader::mfa_token_provider"
                ),
            });
        };
        provider(serial).map_err(|reason| {
            CredentialsError::provider(format!("the MFA code for {serial}: {reason}"))
        })
    }

    /// Hands the chain's client context on to a source it runs.
    fn bound(&self, provider: &dyn ProvideCredentials) -> Result<(), CredentialsError> {
        provider.bind(calls::bound(&self.context, "default chain")?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::transport::{HttpClient, PreparedRequest, SendFuture};
    use crate::config::Config;
    use crate::credentials::services::{
        AssumeRoleWithWebIdentity, CredentialServices, SsoRefreshToken, SsoRoleCredentials,
        TokenFuture,
    };
    use std::sync::Mutex;

    /// Answers every call with credentials named after what was asked, recording the calls.
    #[derive(Debug, Default)]
    struct FakeSts {
        calls: Mutex<Vec<String>>,
    }

    impl CredentialServices for FakeSts {
        fn assume_role(&self, config: Config, request: AssumeRole) -> ProvideFuture<'_> {
            let signer = config.credentials().map(|c| c.access_key_id().to_owned());
            self.calls.lock().unwrap().push(format!(
                "AssumeRole {} as {} in {} mfa {:?}",
                request.role_arn,
                signer.unwrap_or_default(),
                config.region().unwrap_or_default(),
                request.mfa,
            ));
            let id = format!("from-{}", request.role_arn);
            Box::pin(async move { Ok(Credentials::new(id, "secret", Some("token".into()))) })
        }

        fn assume_role_with_web_identity(
            &self,
            config: Config,
            request: AssumeRoleWithWebIdentity,
        ) -> ProvideFuture<'_> {
            self.calls.lock().unwrap().push(format!(
                "AssumeRoleWithWebIdentity {} token {} signed {}",
                request.role_arn,
                request.web_identity_token,
                config.credentials().is_some(),
            ));
            let id = format!("web-{}", request.role_arn);
            Box::pin(async move { Ok(Credentials::new(id, "secret", Some("token".into()))) })
        }

        fn sso_role_credentials(&self, _: Config, _: SsoRoleCredentials) -> ProvideFuture<'_> {
            unreachable!("no SSO profile in these tests")
        }

        fn sso_refresh_token(&self, _: Config, _: SsoRefreshToken) -> TokenFuture<'_> {
            unreachable!("no SSO profile in these tests")
        }
    }

    #[derive(Debug)]
    struct NoHttp;

    impl HttpClient for NoHttp {
        fn send(&self, request: PreparedRequest) -> SendFuture<'_> {
            panic!("nothing may be sent here: {}", request.url)
        }
    }

    fn chain(vars: &[(&str, &str)], config: &str, services: &'static FakeSts) -> DefaultChain {
        let mut profiles = Profiles::default();
        profiles
            .merge(
                config,
                crate::config::profile::FileKind::Config,
                std::path::Path::new("/h/.aws/config"),
            )
            .unwrap();
        let chain = DefaultChain {
            env: Env::from_vars(vars.iter().copied()),
            fs: Fs::from_files([("/var/token", "jwt-1\n")]),
            profile_name: "dev".into(),
            chosen_by: None,
            profiles,
            files: "the config file".into(),
            calls: Calls {
                region: Some("eu-west-2".into()),
                endpoints: Vec::new(),
            },
            mfa: Some(Arc::new(|serial: &str| Ok(format!("123456 for {serial}")))),
            container: None,
            imds: None,
            context: OnceLock::new(),
        };
        chain.bind(&ProviderContext {
            http: Arc::new(NoHttp),
            sleep: Arc::new(crate::sleep::TokioSleep),
            services: Some(services),
        });
        chain
    }

    fn leak() -> &'static FakeSts {
        Box::leak(Box::default())
    }

    #[tokio::test]
    async fn roles_are_assumed_in_turn_each_signed_with_the_credentials_before_it() {
        let sts = leak();
        let config = "[profile dev]\nrole_arn = arn:outer\nsource_profile = middle\n\
                      mfa_serial = arn:mfa\n\
                      [profile middle]\nrole_arn = arn:inner\nsource_profile = keys\n\
                      [profile keys]\naws_access_key_id = AKID\naws_secret_access_key = S\n";
        let credentials = chain(&[], config, sts).provide_credentials().await.unwrap();
        assert_eq!(credentials.access_key_id(), "from-arn:outer");
        assert_eq!(
            *sts.calls.lock().unwrap(),
            [
                "AssumeRole arn:inner as AKID in eu-west-2 mfa None",
                "AssumeRole arn:outer as from-arn:inner in eu-west-2 mfa \
                 Some((\"arn:mfa\", \"123456 for arn:mfa\"))",
            ]
        );
    }

    #[tokio::test]
    async fn a_web_identity_comes_after_the_profile_and_reads_its_token_file() {
        let sts = leak();
        let vars = [
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/token"),
            ("AWS_ROLE_ARN", "arn:pod"),
        ];
        let credentials = chain(&vars, "[profile other]\nregion = x\n", sts)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(credentials.access_key_id(), "web-arn:pod");
        assert_eq!(
            *sts.calls.lock().unwrap(),
            ["AssumeRoleWithWebIdentity arn:pod token jwt-1 signed false"]
        );
        // The environment's keys come first of all.
        let keys = [("AWS_ACCESS_KEY_ID", "E"), ("AWS_SECRET_ACCESS_KEY", "ES")];
        let vars: Vec<_> = vars.iter().chain(&keys).copied().collect();
        let credentials = chain(&vars, "", leak())
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(credentials.access_key_id(), "E");
    }

    #[tokio::test]
    async fn a_missing_token_file_and_a_missing_mfa_provider_are_errors() {
        let config = "[profile dev]\nrole_arn = arn:r\nweb_identity_token_file = /nope\n";
        let error = chain(&[], config, leak())
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("/nope cannot be read: no such file"),
            "{error}"
        );
        let config = "[profile dev]\nrole_arn = arn:r\ncredential_source = Environment\n\
                      mfa_serial = arn:mfa\n";
        let vars = [("AWS_ACCESS_KEY_ID", "E"), ("AWS_SECRET_ACCESS_KEY", "ES")];
        let mut without_mfa = chain(&vars, config, leak());
        without_mfa.mfa = None;
        let plan = profile_chain::plan(&without_mfa.profiles, "dev")
            .unwrap()
            .unwrap();
        let error = without_mfa
            .credentials_of(plan)
            .await
            .unwrap_err()
            .to_string();
        // The source's keys are found (the environment's), the MFA code is not.
        assert!(error.contains("mfa_token_provider"), "{error}");
        assert!(error.contains("profile `dev`"), "{error}");
    }
}
