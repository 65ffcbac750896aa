//! [`Config::load`]: region, credentials and retry settings from the environment and the shared
//! AWS files, the way the AWS SDKs find them.
//!
//! - Region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` in the profile.
//! - Credentials (resolved at the first call, then cached): `AWS_ACCESS_KEY_ID`,
//!   `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, then `aws_access_key_id`,
//!   `aws_secret_access_key` and `aws_session_token` in the profile.
//! - Maximum attempts: `AWS_MAX_ATTEMPTS`, then `max_attempts` in the profile.
//! - The profile: [`ConfigLoader::profile`], then `AWS_PROFILE`, then `default`; files
//!   `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (default
//!   `~/.aws/credentials`), the credentials file winning where both set a key.
//!
//! Values set on the [`ConfigBuilder`] that `load` returns win over all of these.

use super::profile::{self, FileKind, Profile, Profiles};
use super::{Config, ConfigBuilder};
use crate::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};
use crate::retry::RetryConfig;
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the loader reads environment variables: the process, or a fixed set (for tests).
#[derive(Clone)]
pub struct Env(EnvSource);

#[derive(Clone)]
enum EnvSource {
    Process,
    Vars(Arc<HashMap<String, String>>),
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Self(EnvSource::Process)
    }

    /// Exactly these variables and no other.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let vars = vars
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()))
            .collect();
        Self(EnvSource::Vars(Arc::new(vars)))
    }

    /// The value of `name`, if set, not empty and valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.0 {
            EnvSource::Process => std::env::var(name).ok(),
            EnvSource::Vars(vars) => vars.get(name).cloned(),
        };
        value.filter(|value| !value.is_empty())
    }
}

// Variables hold secrets: Debug names them without their values.
impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            EnvSource::Process => f.write_str("Env::process()"),
            EnvSource::Vars(vars) => {
                let mut names: Vec<&String> = vars.keys().collect();
                names.sort();
                f.debug_tuple("Env::from_vars").field(&names).finish()
            }
        }
    }
}

/// Where the loader reads files: the real file system, or a fixed set (for tests).
#[derive(Clone)]
pub struct Fs(FsSource);

#[derive(Clone)]
enum FsSource {
    Real,
    Files(Arc<HashMap<PathBuf, Vec<u8>>>),
}

impl Fs {
    /// The real file system.
    pub fn real() -> Self {
        Self(FsSource::Real)
    }

    /// Exactly these files and no other.
    pub fn from_files<P: Into<PathBuf>, C: Into<Vec<u8>>>(
        files: impl IntoIterator<Item = (P, C)>,
    ) -> Self {
        let files = files
            .into_iter()
            .map(|(path, contents)| (path.into(), contents.into()))
            .collect();
        Self(FsSource::Files(Arc::new(files)))
    }

    /// The contents of `path`; `None` when there is no such file.
    pub(crate) fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        match &self.0 {
            FsSource::Real => match std::fs::read(path) {
                Ok(contents) => Ok(Some(contents)),
                Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(error) => Err(error),
            },
            FsSource::Files(files) => Ok(files.get(path).cloned()),
        }
    }
}

// File contents hold secrets: Debug names the files only.
impl fmt::Debug for Fs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            FsSource::Real => f.write_str("Fs::real()"),
            FsSource::Files(files) => {
                let mut paths: Vec<&PathBuf> = files.keys().collect();
                paths.sort();
                f.debug_tuple("Fs::from_files").field(&paths).finish()
            }
        }
    }
}

/// The configuration could not be loaded.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// A shared config or credentials file does not follow the format.
    Malformed {
        /// The file.
        file: PathBuf,
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A shared config or credentials file exists but could not be read.
    Unreadable {
        /// The file.
        file: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// A setting has a value that cannot be used.
    InvalidValue {
        /// Where it is set, e.g. `AWS_MAX_ATTEMPTS`.
        setting: String,
        /// The value found.
        value: String,
        /// What would be accepted.
        expected: &'static str,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed {
                file,
                line,
                message,
            } => write!(f, "{}, line {line}: {message}", file.display()),
            Self::Unreadable { file, error } => {
                write!(f, "{} cannot be read: {error}", file.display())
            }
            Self::InvalidValue {
                setting,
                value,
                expected,
            } => write!(f, "{setting} is `{value}`, but must be {expected}"),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unreadable { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Reads configuration from the environment and the shared AWS files; see [`Config::load`].
#[derive(Clone, Debug)]
pub struct ConfigLoader {
    env: Env,
    fs: Fs,
    profile: Option<String>,
}

impl Default for ConfigLoader {
    fn default() -> Self {
        Self {
            env: Env::process(),
            fs: Fs::real(),
            profile: None,
        }
    }
}

impl ConfigLoader {
    /// Reads environment variables from `env` instead of the process.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Reads files from `fs` instead of the real file system.
    pub fn fs(mut self, fs: Fs) -> Self {
        self.fs = fs;
        self
    }

    /// Uses profile `name`, whatever `AWS_PROFILE` says.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads the environment and the files now, and returns a builder with what they set: a
    /// region if one is found, a credentials provider that searches the environment then the
    /// profile at the first call (and caches what it finds), and the maximum attempts.
    ///
    /// A missing region or missing credentials are reported when a request is made, before
    /// anything is sent; a file that exists but is malformed or unreadable, or an invalid
    /// setting, is an error now.
    pub fn load(self) -> Result<ConfigBuilder, LoadError> {
        let env = self.env;
        let (profile_name, chosen_by) = match (self.profile, env.get("AWS_PROFILE")) {
            (Some(name), _) => (name, Some("ConfigLoader::profile")),
            (None, Some(name)) => (name, Some("AWS_PROFILE")),
            (None, None) => ("default".to_owned(), None),
        };
        let home = home_dir(&env);
        let mut profiles = Profiles::default();
        let mut files = Vec::new();
        // The config file first, so that the credentials file wins.
        for (kind, variable, default) in [
            (FileKind::Config, "AWS_CONFIG_FILE", ".aws/config"),
            (
                FileKind::Credentials,
                "AWS_SHARED_CREDENTIALS_FILE",
                ".aws/credentials",
            ),
        ] {
            let path = match env.get(variable) {
                Some(path) => profile::expand_home(&path, home.as_deref()),
                None => match &home {
                    Some(home) => home.join(default),
                    None => {
                        files.push(FileState::NoHome(kind));
                        continue;
                    }
                },
            };
            let contents = self.fs.read(&path).map_err(|error| LoadError::Unreadable {
                file: path.clone(),
                error,
            })?;
            let Some(bytes) = contents else {
                files.push(FileState::Missing(kind, path));
                continue;
            };
            let text = std::str::from_utf8(&bytes).map_err(|error| LoadError::Malformed {
                file: path.clone(),
                line: profile::line_of_invalid_utf8(&bytes, &error),
                message: "the file is not valid UTF-8".into(),
            })?;
            profiles
                .merge(text, kind, &path)
                .map_err(|error| LoadError::Malformed {
                    file: path.clone(),
                    line: error.line,
                    message: error.message,
                })?;
            files.push(FileState::Read(kind, path));
        }

        let profile = profiles.get(&profile_name);
        let from_profile = |key: &str| {
            profile
                .and_then(|profile| profile.get(key))
                .filter(|property| !property.value.is_empty())
                .map(|property| {
                    let setting = format!(
                        "`{key}` of profile `{profile_name}` in {}",
                        property.file.display()
                    );
                    (property.value.clone(), setting)
                })
        };
        let region = env
            .get("AWS_REGION")
            .or_else(|| env.get("AWS_DEFAULT_REGION"))
            .or_else(|| from_profile("region").map(|(value, _)| value));
        let max_attempts = env
            .get("AWS_MAX_ATTEMPTS")
            .map(|value| (value, "AWS_MAX_ATTEMPTS".to_owned()))
            .or_else(|| from_profile("max_attempts"))
            .map(|(value, setting)| match value.parse::<u32>() {
                Ok(attempts) if attempts >= 1 => Ok(attempts),
                _ => Err(LoadError::InvalidValue {
                    setting,
                    value,
                    expected: "a whole number of attempts, 1 or more",
                }),
            })
            .transpose()?;

        let chain = DefaultCredentialsChain {
            env,
            profile_name,
            chosen_by,
            profiles,
            files,
        };
        let mut builder = ConfigBuilder::default().credentials_provider(chain);
        if let Some(region) = region {
            builder = builder.region(region);
        }
        if let Some(attempts) = max_attempts {
            builder = builder.retry_config(RetryConfig::standard().with_max_attempts(attempts));
        }
        Ok(builder)
    }
}

impl Config {
    /// A loader that reads the process environment and the real files; see [`ConfigLoader`].
    pub fn loader() -> ConfigLoader {
        ConfigLoader::default()
    }

    /// What the AWS SDKs read by default: `Config::loader().load()`.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), connect_runtime::LoadError> {
    /// let config = connect_runtime::Config::load()?.build();
    /// # let _ = config;
    /// # Ok(())
    /// # }
    /// ```
    pub fn load() -> Result<ConfigBuilder, LoadError> {
        Self::loader().load()
    }
}

/// The home directory: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` and `HOMEPATH`.
fn home_dir(env: &Env) -> Option<PathBuf> {
    env.get("HOME")
        .or_else(|| env.get("USERPROFILE"))
        .or_else(|| Some(env.get("HOMEDRIVE")? + &env.get("HOMEPATH")?))
        .map(PathBuf::from)
}

/// What became of one of the two files, for the "nothing found" error.
#[derive(Debug)]
enum FileState {
    NoHome(FileKind),
    Missing(FileKind, PathBuf),
    Read(FileKind, PathBuf),
}

impl fmt::Display for FileState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoHome(kind) => write!(
                f,
                "the {} (no home directory: HOME is not set)",
                kind.describe()
            ),
            Self::Missing(kind, path) => {
                write!(
                    f,
                    "the {} {} (no such file)",
                    kind.describe(),
                    path.display()
                )
            }
            Self::Read(kind, path) => write!(f, "the {} {}", kind.describe(), path.display()),
        }
    }
}

/// Keys that ask for credentials this SDK cannot get. The first group takes precedence over
/// static keys in the AWS SDKs, so the profile cannot be used without them; `credential_process`
/// comes after static keys.
const BEFORE_STATIC_KEYS: &[&str] = &["role_arn", "web_identity_token_file"];
const AFTER_STATIC_KEYS: &[&str] = &["credential_process"];

/// The environment, then the profile.
#[derive(Debug)]
struct DefaultCredentialsChain {
    env: Env,
    profile_name: String,
    chosen_by: Option<&'static str>,
    profiles: Profiles,
    files: Vec<FileState>,
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(self.resolve()))
    }
}

impl DefaultCredentialsChain {
    fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut looked = vec!["the config builder: no credentials set".to_owned()];
        let id = self.env.get("AWS_ACCESS_KEY_ID");
        let secret = self.env.get("AWS_SECRET_ACCESS_KEY");
        let environment = match (id, secret) {
            (Some(id), Some(secret)) => {
                tracing::debug!("credentials from the environment");
                return Ok(Credentials::new(
                    id,
                    secret,
                    self.env.get("AWS_SESSION_TOKEN"),
                ));
            }
            (None, None) => "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            (Some(_), None) => "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            (None, Some(_)) => "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
        };
        looked.push(format!("environment variables: {environment}"));

        let name = &self.profile_name;
        let chosen = match self.chosen_by {
            Some(by) => format!(" (chosen by {by})"),
            None => String::new(),
        };
        let files = self
            .files
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" and ");
        match self.profiles.get(name) {
            None => looked.push(format!("profile `{name}`{chosen}: not in {files}")),
            Some(profile) => match self.profile_credentials(profile)? {
                Some(credentials) => {
                    tracing::debug!(profile = %name, "credentials from the profile");
                    return Ok(credentials);
                }
                None => looked.push(format!(
                    "profile `{name}`{chosen} in {files}: no aws_access_key_id or \
                     aws_secret_access_key"
                )),
            },
        }
        Err(CredentialsError::NotFound { looked })
    }

    /// The profile's static keys; `None` when it has none and nothing else this SDK knows.
    fn profile_credentials(
        &self,
        profile: &Profile,
    ) -> Result<Option<Credentials>, CredentialsError> {
        let not_supported = |key: &str| {
            profile
                .get(key)
                .map(|property| CredentialsError::NotSupported {
                    profile: self.profile_name.clone(),
                    key: key.to_owned(),
                    file: property.file.to_path_buf(),
                })
        };
        let sso_key = profile.keys().find(|key| key.starts_with("sso_"));
        if let Some(error) = BEFORE_STATIC_KEYS
            .iter()
            .copied()
            .chain(sso_key.map(String::as_str))
            .find_map(not_supported)
        {
            return Err(error);
        }
        let value = |key: &str| {
            profile
                .get(key)
                .filter(|property| !property.value.is_empty())
        };
        let incomplete = |present: &profile::Property, missing| CredentialsError::Incomplete {
            location: format!(
                "profile `{}` in {}",
                self.profile_name,
                present.file.display()
            ),
            missing,
        };
        match (value("aws_access_key_id"), value("aws_secret_access_key")) {
            (Some(id), Some(secret)) => Ok(Some(Credentials::new(
                id.value.clone(),
                secret.value.clone(),
                value("aws_session_token").map(|token| token.value.clone()),
            ))),
            (Some(id), None) => Err(incomplete(id, "aws_secret_access_key")),
            (None, Some(secret)) => Err(incomplete(secret, "aws_access_key_id")),
            (None, None) => match AFTER_STATIC_KEYS.iter().copied().find_map(not_supported) {
                Some(error) => Err(error),
                None => Ok(None),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = "/home/me";

    fn loader(vars: &[(&str, &str)], files: &[(&str, &str)]) -> ConfigLoader {
        let mut env: Vec<(&str, &str)> = vec![("HOME", HOME)];
        env.extend_from_slice(vars);
        Config::loader()
            .env(Env::from_vars(env.iter().copied()))
            .fs(Fs::from_files(files.iter().copied()))
    }

    async fn credentials(loader: ConfigLoader) -> Result<Credentials, CredentialsError> {
        let config = loader.load().expect("loads").build();
        let provider = config.credentials_provider().expect("a provider");
        provider.provide_credentials().await
    }

    const CONFIG: &str = "/home/me/.aws/config";
    const CREDENTIALS: &str = "/home/me/.aws/credentials";

    #[test]
    fn region_comes_from_the_environment_then_the_profile() {
        let files = [(CONFIG, "[default]\nregion = from-profile\n")];
        let region = |vars: &[(&str, &str)]| {
            loader(vars, &files)
                .load()
                .unwrap()
                .build()
                .region()
                .map(str::to_owned)
        };
        assert_eq!(region(&[]).as_deref(), Some("from-profile"));
        assert_eq!(
            region(&[("AWS_DEFAULT_REGION", "default-region")]).as_deref(),
            Some("default-region")
        );
        assert_eq!(
            region(&[("AWS_DEFAULT_REGION", "d"), ("AWS_REGION", "r")]).as_deref(),
            Some("r")
        );
        assert_eq!(
            region(&[("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "")]).as_deref(),
            Some("from-profile")
        );
        let none = loader(&[], &[]).load().unwrap().build();
        assert_eq!(none.region(), None);
        // Explicit values set after loading win.
        let explicit = loader(&[("AWS_REGION", "r")], &files)
            .load()
            .unwrap()
            .region("explicit")
            .build();
        assert_eq!(explicit.region(), Some("explicit"));
    }

    #[tokio::test]
    async fn environment_credentials_come_before_the_profile() {
        let files = [(
            CREDENTIALS,
            "[default]\naws_access_key_id = P\naws_secret_access_key = PS\n",
        )];
        let env = [
            ("AWS_ACCESS_KEY_ID", "E"),
            ("AWS_SECRET_ACCESS_KEY", "ES"),
            ("AWS_SESSION_TOKEN", "ET"),
        ];
        let found = credentials(loader(&env, &files)).await.unwrap();
        assert_eq!(found, Credentials::new("E", "ES", Some("ET".into())));
        // Half a key pair in the environment is passed over, and said so if nothing is found.
        let found = credentials(loader(&env[..1], &files)).await.unwrap();
        assert_eq!(found, Credentials::new("P", "PS", None));
        let error = credentials(loader(&env[..1], &[])).await.unwrap_err();
        assert!(
            error
                .to_string()
                .contains("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn profiles_are_chosen_by_loader_then_aws_profile_then_default() {
        let files = [
            (
                CONFIG,
                "[default]\nregion = r-default\n[profile dev]\nregion = r-dev\n\
                 [profile ops]\nregion = r-ops\n[prod]\nregion = not-a-profile-here\n",
            ),
            (
                CREDENTIALS,
                "[default]\naws_access_key_id = D\naws_secret_access_key = DS\n\
                 [dev]\naws_access_key_id = V\naws_secret_access_key = VS\n\
                 aws_session_token = VT\n\
                 [ops]\naws_access_key_id = O\naws_secret_access_key = OS\n",
            ),
        ];
        for (vars, chosen, expected_id, expected_region) in [
            (&[][..], None, "D", "r-default"),
            (&[("AWS_PROFILE", "dev")][..], None, "V", "r-dev"),
            (&[("AWS_PROFILE", "dev")][..], Some("ops"), "O", "r-ops"),
        ] {
            let mut loader = loader(vars, &files);
            if let Some(name) = chosen {
                loader = loader.profile(name);
            }
            let config = loader.clone().load().unwrap().build();
            assert_eq!(config.region(), Some(expected_region));
            let found = credentials(loader).await.unwrap();
            assert_eq!(found.access_key_id(), expected_id);
        }
        let dev = credentials(loader(&[("AWS_PROFILE", "dev")], &files))
            .await
            .unwrap();
        assert_eq!(dev.session_token(), Some("VT"));
        // `[prod]` in the config file is not a profile.
        let config = loader(&[("AWS_PROFILE", "prod")], &files)
            .load()
            .unwrap()
            .build();
        assert_eq!(config.region(), None);
    }

    #[tokio::test]
    async fn the_credentials_file_wins_over_the_config_file() {
        let files = [
            (
                CONFIG,
                "[default]\naws_access_key_id = C\naws_secret_access_key = CS\nregion = cr\n",
            ),
            (
                CREDENTIALS,
                "[default]\naws_access_key_id = K\nregion = kr\n",
            ),
        ];
        let config = loader(&[], &files).load().unwrap().build();
        assert_eq!(config.region(), Some("kr"));
        let found = credentials(loader(&[], &files)).await.unwrap();
        assert_eq!(found, Credentials::new("K", "CS", None));
    }

    #[tokio::test]
    async fn file_locations_come_from_the_environment_with_home_expanded() {
        let files = [
            ("/etc/aws-config", "[profile x]\nregion = rx\n"),
            (
                "/home/me/creds",
                "[x]\naws_access_key_id = X\naws_secret_access_key = XS\n",
            ),
            (
                CREDENTIALS,
                "[x]\naws_access_key_id = WRONG\naws_secret_access_key = W\n",
            ),
        ];
        let vars = [
            ("AWS_PROFILE", "x"),
            ("AWS_CONFIG_FILE", "/etc/aws-config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "~/creds"),
        ];
        let config = loader(&vars, &files).load().unwrap().build();
        assert_eq!(config.region(), Some("rx"));
        let found = credentials(loader(&vars, &files)).await.unwrap();
        assert_eq!(found.access_key_id(), "X");
        // Windows-style home variables.
        let windows = Config::loader()
            .env(Env::from_vars([
                ("HOMEDRIVE", "C:"),
                ("HOMEPATH", "/Users/me"),
                ("AWS_PROFILE", "x"),
            ]))
            .fs(Fs::from_files([(
                "C:/Users/me/.aws/config",
                "[profile x]\nregion = w\n",
            )]))
            .load()
            .unwrap()
            .build();
        assert_eq!(windows.region(), Some("w"));
    }

    #[tokio::test]
    async fn unsupported_ways_name_the_profile_key_and_file() {
        let cases = [
            (
                "role_arn = arn:aws:iam::1:role/r\nsource_profile = base",
                "role_arn",
            ),
            (
                "sso_start_url = https://x\nsso_region = us-east-1",
                "sso_region",
            ),
            ("sso_session = corp", "sso_session"),
            ("web_identity_token_file = /t", "web_identity_token_file"),
            ("credential_process = /bin/creds", "credential_process"),
            // A role wins over static keys in the AWS SDKs: using the keys would be another identity.
            (
                "aws_access_key_id = A\naws_secret_access_key = S\nrole_arn = arn",
                "role_arn",
            ),
        ];
        for (properties, key) in cases {
            let text = format!("[profile dev]\n{properties}\n");
            let files = [(CONFIG, text.as_str())];
            let error = credentials(loader(&[("AWS_PROFILE", "dev")], &files))
                .await
                .unwrap_err();
            assert_eq!(
                error,
                CredentialsError::NotSupported {
                    profile: "dev".into(),
                    key: key.into(),
                    file: PathBuf::from(CONFIG),
                },
                "{properties}"
            );
            let text = error.to_string();
            assert!(
                text.contains("profile `dev` in /home/me/.aws/config"),
                "{text}"
            );
            assert!(text.contains("does not support"), "{text}");
        }
        // Static keys come before credential_process, as in the AWS SDKs.
        let files = [(
            CREDENTIALS,
            "[default]\naws_access_key_id = A\naws_secret_access_key = S\ncredential_process = x\n",
        )];
        assert_eq!(
            credentials(loader(&[], &files))
                .await
                .unwrap()
                .access_key_id(),
            "A"
        );
    }

    #[tokio::test]
    async fn half_a_key_pair_in_a_profile_is_an_error() {
        let files = [(CREDENTIALS, "[default]\naws_access_key_id = A\n")];
        let error = credentials(loader(&[], &files)).await.unwrap_err();
        assert_eq!(
            error,
            CredentialsError::Incomplete {
                location: "profile `default` in /home/me/.aws/credentials".into(),
                missing: "aws_secret_access_key",
            }
        );
    }

    #[tokio::test]
    async fn nothing_found_lists_every_place_looked() {
        let error = credentials(loader(&[], &[])).await.unwrap_err();
        let CredentialsError::NotFound { looked } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(
            looked,
            &[
                "the config builder: no credentials set",
                "environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
                "profile `default`: not in the shared config file /home/me/.aws/config (no such \
                 file) and the shared credentials file /home/me/.aws/credentials (no such file)",
            ]
        );

        let files = [(CONFIG, "[profile dev]\nregion = r\n")];
        let error = credentials(loader(&[("AWS_PROFILE", "dev")], &files))
            .await
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains(
                "(3) profile `dev` (chosen by AWS_PROFILE) in the shared config file \
                 /home/me/.aws/config and the shared credentials file \
                 /home/me/.aws/credentials (no such file): no aws_access_key_id"
            ),
            "{text}"
        );

        let homeless = Config::loader()
            .env(Env::from_vars([("AWS_PROFILE", "x")]))
            .fs(Fs::from_files::<&str, &str>([]));
        let text = credentials(homeless).await.unwrap_err().to_string();
        assert!(
            text.contains("profile `x` (chosen by AWS_PROFILE): not in the shared config file (no home directory: HOME is not set)"),
            "{text}"
        );
    }

    #[test]
    fn malformed_files_are_errors_naming_file_and_line() {
        let files = [(
            CREDENTIALS,
            "[default]\naws_access_key_id = A\nnot a property\n",
        )];
        let error = loader(&[], &files).load().unwrap_err();
        let LoadError::Malformed { file, line, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!((file.as_path(), *line), (Path::new(CREDENTIALS), 3));
        assert_eq!(
            error.to_string(),
            "/home/me/.aws/credentials, line 3: expected `key = value`, a `[section]` header \
             or a comment, found `not a property`"
        );
        let binary: &[(&str, &[u8])] = &[(CONFIG, b"[default]\n\xfe\xff")];
        let error = Config::loader()
            .env(Env::from_vars([("HOME", HOME)]))
            .fs(Fs::from_files(binary.iter().copied()))
            .load()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "/home/me/.aws/config, line 2: the file is not valid UTF-8"
        );
    }

    #[test]
    fn max_attempts_comes_from_the_environment_then_the_profile() {
        let files = [(CONFIG, "[default]\nmax_attempts = 5\n")];
        let attempts = |vars: &[(&str, &str)]| {
            loader(vars, &files)
                .load()
                .map(|builder| builder.build().retry_config().max_attempts())
        };
        assert_eq!(attempts(&[]).unwrap(), 5);
        assert_eq!(attempts(&[("AWS_MAX_ATTEMPTS", "2")]).unwrap(), 2);
        for bad in ["0", "-1", "three", "99999999999"] {
            let error = attempts(&[("AWS_MAX_ATTEMPTS", bad)]).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("AWS_MAX_ATTEMPTS is `{bad}`, but must be a whole number of attempts, 1 or more")
            );
        }
        let files = [(CONFIG, "[default]\nmax_attempts = many\n")];
        let error = loader(&[], &files).load().unwrap_err();
        assert!(
            error.to_string().starts_with(
                "`max_attempts` of profile `default` in /home/me/.aws/config is `many`"
            ),
            "{error}"
        );
        let default = loader(&[], &[]).load().unwrap().build();
        assert_eq!(default.retry_config().max_attempts(), 3);
    }

    #[test]
    fn debug_output_shows_no_secret() {
        let files = [(
            CREDENTIALS,
            "[default]\naws_access_key_id = AKID\naws_secret_access_key = file-secret\n",
        )];
        let vars = [
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_SESSION_TOKEN", "env-token"),
        ];
        let loader = loader(&vars, &files);
        let config = loader.clone().load().unwrap().build();
        let shown = format!("{loader:?} {config:?} {config:#?}");
        for secret in ["file-secret", "env-secret", "env-token"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("AWS_SESSION_TOKEN"), "{shown}");
    }

    #[test]
    fn real_files_are_read_and_unreadable_ones_are_errors() {
        let home =
            std::env::temp_dir().join(format!("connect-runtime-loader-{}", std::process::id()));
        let aws = home.join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(aws.join("config"), "[profile real]\nregion = eu-north-1\n").unwrap();
        // A directory where the credentials file should be cannot be read as a file.
        std::fs::create_dir_all(aws.join("credentials")).unwrap();
        let home_text = home.to_str().unwrap().to_owned();
        let load = |vars: Vec<(&str, &str)>| Config::loader().env(Env::from_vars(vars)).load();
        let error = load(vec![("HOME", &home_text)]).unwrap_err();
        assert!(
            matches!(&error, LoadError::Unreadable { file, .. } if file.ends_with(".aws/credentials")),
            "{error}"
        );
        let elsewhere = home.join("none").to_str().unwrap().to_owned();
        let config = load(vec![
            ("HOME", &home_text),
            ("AWS_SHARED_CREDENTIALS_FILE", &elsewhere),
            ("AWS_PROFILE", "real"),
        ])
        .unwrap()
        .build();
        assert_eq!(config.region(), Some("eu-north-1"));
        std::fs::remove_dir_all(&home).unwrap();
    }
}
