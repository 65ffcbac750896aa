//! [`Config::load`]: region, credentials and retry settings from the environment and the shared
//! AWS files, the way the AWS SDKs find them.
//!
//! - Region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` in the profile, then
//!   (asked by the first call) the EC2 instance metadata service, unless
//!   `AWS_EC2_METADATA_DISABLED` is `true`.
//! - Credentials (resolved at the first call, then cached), the default chain of
//!   [`crate::credentials`]: the environment's keys, the profile (keys, roles, web identity,
//!   IAM Identity Center, `credential_process`), the environment's web identity, the
//!   container endpoint, the instance metadata service. The calls the chain makes to STS, SSO
//!   and SSO OIDC go to the endpoint URLs configured for those services, read as every
//!   service's are (`config/endpoints.rs`).
//! - Retries (`AWS_RETRY_MODE`, `AWS_MAX_ATTEMPTS`), endpoints (`AWS_ENDPOINT_URL_<SERVICE>`,
//!   `AWS_ENDPOINT_URL`, the profile's `services` section and `endpoint_url`), FIPS and
//!   dual-stack, the CA bundle, proxies and the user agent's application id: each variable,
//!   then its profile key, as `config/settings.rs` lists them.
//! - The profile: [`ConfigLoader::profile`], then `AWS_PROFILE`, then `default`; files
//!   `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (default
//!   `~/.aws/credentials`), the credentials file winning where both set a key.
//!
//! Values set on the [`ConfigBuilder`] that `load` returns win over all of these.

use super::profile::{self, FileKind, Profiles};
use super::settings::{Settings, Sources};
use super::{Config, ConfigBuilder};
use crate::credentials::calls::{self, Calls};
use crate::credentials::chain::{DefaultChain, MfaTokenProvider};
use crate::credentials::container::ContainerCredentials;
use crate::credentials::imds::{ImdsCredentials, ImdsRegion};
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

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

    /// The names of the variables that start with `prefix` (to read `AWS_ENDPOINT_URL_<SERVICE>`
    /// for every service at once).
    pub(crate) fn names_starting_with(&self, prefix: &str) -> Vec<String> {
        let mut names: Vec<String> = match &self.0 {
            EnvSource::Process => std::env::vars_os()
                .filter_map(|(name, _)| name.into_string().ok())
                .filter(|name| name.starts_with(prefix))
                .collect(),
            EnvSource::Vars(vars) => vars
                .keys()
                .filter(|name| name.starts_with(prefix))
                .cloned()
                .collect(),
        };
        names.sort();
        names
    }
}

// Variables hold secrets: Debug names them without their values.
impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            EnvSource::Process => f.write_str("Env::process()"),
            EnvSource::Vars(vars) => {
                // Owned and sorted as `names_starting_with` sorts them: one sort compiled.
                let mut names: Vec<String> = vars.keys().cloned().collect();
                names.sort();
                f.debug_tuple("Env::from_vars").field(&names).finish()
            }
        }
    }
}

/// Where the loader and the credential providers read and write files: the real file system, or
/// files held in memory (for tests).
///
/// Clones share their files: what one writes, the others read.
#[derive(Clone)]
pub struct Fs {
    source: FsSource,
    read_only: bool,
}

#[derive(Clone)]
enum FsSource {
    Real,
    Files(Arc<Mutex<HashMap<PathBuf, Vec<u8>>>>),
}

impl Fs {
    /// The real file system.
    pub fn real() -> Self {
        Self {
            source: FsSource::Real,
            read_only: false,
        }
    }

    /// Exactly these files and no other, in memory; writes add or replace files there.
    pub fn from_files<P: Into<PathBuf>, C: Into<Vec<u8>>>(
        files: impl IntoIterator<Item = (P, C)>,
    ) -> Self {
        let files = files
            .into_iter()
            .map(|(path, contents)| (path.into(), contents.into()))
            .collect();
        Self {
            source: FsSource::Files(Arc::new(Mutex::new(files))),
            read_only: false,
        }
    }

    /// The same files, but every write fails (as on a read-only file system).
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// The contents of `path`; `None` when there is no such file.
    pub fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        match &self.source {
            FsSource::Real => match std::fs::read(path) {
                Ok(contents) => Ok(Some(contents)),
                Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(error) => Err(error),
            },
            FsSource::Files(files) => Ok(lock(files).get(path).cloned()),
        }
    }

    /// Replaces the contents of `path` (or creates it) at once: readers see the old contents or
    /// the new, never part of them. Its directory must exist. A real file is written readable
    /// by its owner only, since what credential providers write holds secrets.
    pub fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        if self.read_only {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file system is read-only",
            ));
        }
        match &self.source {
            FsSource::Real => write_atomically(path, contents),
            FsSource::Files(files) => {
                lock(files).insert(path.to_path_buf(), contents.to_vec());
                Ok(())
            }
        }
    }
}

/// The files, even if a thread panicked while holding them (a map is never left half-written).
fn lock(files: &Mutex<HashMap<PathBuf, Vec<u8>>>) -> MutexGuard<'_, HashMap<PathBuf, Vec<u8>>> {
    files.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes a uniquely named file beside `path`, then renames it over `path`: a rename within a
/// directory replaces the file in one step on every platform, so a process reading `path` at the
/// same time (the AWS CLI, another SDK) never sees a truncated file.
fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let mut temporary_name = name.to_os_string();
    temporary_name.push(format!(".{}.tmp", crate::random::uuid_v4()));
    let temporary = path.with_file_name(temporary_name);
    let written = write_new_private_file(&temporary, contents)
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        // Best effort: the rename failed or the file is incomplete; leave no litter.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn write_new_private_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

// File contents hold secrets: Debug names the files only.
impl fmt::Debug for Fs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let read_only = if self.read_only { ".read_only()" } else { "" };
        match &self.source {
            FsSource::Real => write!(f, "Fs::real(){read_only}"),
            FsSource::Files(files) => {
                let files = lock(files);
                // As text, so that the sort is the one `Env`'s names use.
                let mut paths: Vec<String> = files
                    .keys()
                    .map(|path| path.display().to_string())
                    .collect();
                paths.sort();
                f.debug_tuple("Fs::from_files").field(&paths).finish()?;
                f.write_str(read_only)
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
    /// The CA bundle (`AWS_CA_BUNDLE`, `ca_bundle`) is missing, unreadable, or holds no usable
    /// certificate.
    InvalidCaBundle {
        /// The file.
        file: PathBuf,
        /// Where it is named, e.g. `AWS_CA_BUNDLE`.
        setting: String,
        /// What is wrong.
        reason: String,
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
            Self::InvalidCaBundle {
                file,
                setting,
                reason,
            } => write!(
                f,
                "the CA bundle {} ({setting}) cannot be used: {reason}",
                file.display()
            ),
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
#[derive(Clone)]
pub struct ConfigLoader {
    env: Env,
    fs: Fs,
    profile: Option<String>,
    ca_bundle: Option<PathBuf>,
    mfa: Option<MfaTokenProvider>,
}

impl Default for ConfigLoader {
    fn default() -> Self {
        Self {
            env: Env::process(),
            fs: Fs::real(),
            profile: None,
            ca_bundle: None,
            mfa: None,
        }
    }
}

impl fmt::Debug for ConfigLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigLoader")
            .field("env", &self.env)
            .field("fs", &self.fs)
            .field("profile", &self.profile)
            .field("ca_bundle", &self.ca_bundle)
            .field("mfa", &self.mfa.as_ref().map(|_| "a token provider"))
            .finish()
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

    /// Trusts the certificates of the PEM file at `path` (read through the loader's [`Fs`]),
    /// whatever `AWS_CA_BUNDLE` and the profile say (the `connect` tool's `--ca-bundle`).
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }

    /// Asks `provider` for the current code of an MFA device (given its `mfa_serial`) when a
    /// profile assumes a role that requires one; without it, such a profile is an error.
    pub fn mfa_token_provider(
        mut self,
        provider: impl Fn(&str) -> Result<String, String> + Send + Sync + 'static,
    ) -> Self {
        self.mfa = Some(Arc::new(provider));
        self
    }

    /// Reads the environment and the files now, and returns a builder with what they set: a
    /// region if one is found, a credentials provider that searches the environment then the
    /// profile at the first call (and caches what it finds), and the other settings (retries,
    /// endpoints, TLS, proxies, user agent).
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
        // Retries, endpoints, TLS, proxies, the user agent: config/settings.rs.
        let settings = Settings::read(
            &Sources {
                env: &env,
                fs: &self.fs,
                profiles: &profiles,
                profile_name: &profile_name,
                home: home.as_deref(),
            },
            self.ca_bundle.as_deref(),
        )?;

        let files = files
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" and ");
        let calls = credential_calls(region.clone(), &settings);
        let container = ContainerCredentials::from_env(&env, &self.fs);
        let imds = ImdsCredentials::from_env_and_profile(&env, profile).map(Arc::new);
        let chain = DefaultChain {
            env,
            fs: self.fs,
            profile_name,
            chosen_by,
            profiles,
            files,
            calls,
            mfa: self.mfa,
            container,
            imds: imds.clone(),
            context: OnceLock::new(),
        };
        let mut builder = ConfigBuilder::default().credentials_provider(chain);
        match (region, imds) {
            (Some(region), _) => builder = builder.region(region),
            (None, Some(imds)) => {
                builder.config.region_from_imds = Some(Arc::new(ImdsRegion::new(imds)));
            }
            (None, None) => {}
        }
        Ok(settings.apply(builder))
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

/// Where the credentials chain's calls go. STS, SSO and SSO OIDC are called where their own
/// clients would send: the URLs configured for them (`AWS_ENDPOINT_URL_STS`, ..., the profile's
/// services section, the global ones, unless ignored), resolved by the code that resolves every
/// service's. A URL set on the builder later is the client's service's, not theirs.
fn credential_calls(region: Option<String>, settings: &Settings) -> Calls {
    Calls {
        region,
        endpoints: calls::SERVICES
            .into_iter()
            .filter_map(|sdk_id| Some((sdk_id, settings.endpoint_url_for(sdk_id)?.to_owned())))
            .collect(),
    }
}

/// The home directory: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` and `HOMEPATH`.
pub(crate) fn home_dir(env: &Env) -> Option<PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{Credentials, CredentialsError};

    const HOME: &str = "/home/me";

    fn loader(vars: &[(&str, &str)], files: &[(&str, &str)]) -> ConfigLoader {
        // The instance metadata service is the chain's last source: these tests stop before it
        // (tests/imds.rs asks a fake one).
        let mut env: Vec<(&str, &str)> =
            vec![("HOME", HOME), ("AWS_EC2_METADATA_DISABLED", "true")];
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
    async fn static_keys_come_before_credential_process() {
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
                "web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set",
                "container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and \
                 AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
                "instance metadata service: AWS_EC2_METADATA_DISABLED is true",
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
                 /home/me/.aws/credentials (no such file): no credentials (keys, role, web \
                 identity, IAM Identity Center or credential_process)"
            ),
            "{text}"
        );

        let homeless = Config::loader()
            .env(Env::from_vars([
                ("AWS_PROFILE", "x"),
                ("AWS_EC2_METADATA_DISABLED", "true"),
            ]))
            .fs(Fs::from_files::<&str, &str>([]));
        let text = credentials(homeless).await.unwrap_err().to_string();
        assert!(
            text.contains("profile `x` (chosen by AWS_PROFILE): not in the shared config file (no home directory: HOME is not set)"),
            "{text}"
        );
    }

    #[test]
    fn credential_calls_take_the_endpoints_configured_for_sts_sso_and_sso_oidc() {
        let endpoints = |vars: &[(&str, &str)], config: &str| {
            let mut env = vec![("HOME", HOME)];
            env.extend_from_slice(vars);
            let env = Env::from_vars(env);
            let fs = Fs::from_files([(CONFIG, config)]);
            let mut profiles = Profiles::default();
            profiles
                .merge(config, FileKind::Config, Path::new(CONFIG))
                .unwrap();
            let sources = Sources {
                env: &env,
                fs: &fs,
                profiles: &profiles,
                profile_name: "default",
                home: Some(Path::new(HOME)),
            };
            let settings = Settings::read(&sources, None).unwrap();
            credential_calls(Some("r".into()), &settings).endpoints
        };
        let config = "[default]\nservices = s\n[services s]\nsso_oidc =\n  endpoint_url = \
                      http://127.0.0.1:3\nconnect =\n  endpoint_url = http://127.0.0.1:9\n";
        let vars = [
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1"),
            ("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:2"),
        ];
        let url = |port: u16| format!("http://127.0.0.1:{port}");
        assert_eq!(
            endpoints(&vars, config),
            [("STS", url(1)), ("SSO", url(2)), ("SSO OIDC", url(3))]
        );
        assert_eq!(endpoints(&[], ""), []);
        // The global variable fills in for the services without their own.
        let global = [vars[0], ("AWS_ENDPOINT_URL", "http://127.0.0.1:4")];
        assert_eq!(
            endpoints(&global, ""),
            [("STS", url(1)), ("SSO", url(4)), ("SSO OIDC", url(4))]
        );
        // Ignored: none, the services' own endpoints.
        let mut ignored = vars.to_vec();
        ignored.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        assert_eq!(endpoints(&ignored, config), []);
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
    fn files_in_memory_are_shared_by_clones_unless_read_only() {
        let fs = Fs::from_files([("/a", "old")]);
        let clone = fs.clone();
        clone.write(Path::new("/a"), b"new").unwrap();
        clone.write(Path::new("/b"), b"added").unwrap();
        assert_eq!(
            fs.read(Path::new("/a")).unwrap().as_deref(),
            Some(&b"new"[..])
        );
        assert_eq!(
            fs.read(Path::new("/b")).unwrap().as_deref(),
            Some(&b"added"[..])
        );
        assert_eq!(fs.read(Path::new("/c")).unwrap(), None);

        let read_only = fs.read_only();
        let error = read_only.write(Path::new("/a"), b"refused").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(
            read_only.read(Path::new("/a")).unwrap().as_deref(),
            Some(&b"new"[..])
        );
        assert_eq!(
            format!("{read_only:?}"),
            r#"Fs::from_files(["/a", "/b"]).read_only()"#
        );
    }

    #[test]
    fn real_writes_replace_the_file_whole_and_leave_nothing_beside_it() {
        let dir = std::env::temp_dir().join(format!("connect-runtime-fs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("token.json");
        std::fs::write(&path, "a longer old content").unwrap();
        let fs = Fs::real();
        fs.write(&path, b"new").unwrap();
        assert_eq!(fs.read(&path).unwrap().as_deref(), Some(&b"new"[..]));
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["token.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A missing directory is an error, and the read-only switch holds for real files too.
        assert!(fs.write(&dir.join("none/token.json"), b"x").is_err());
        assert!(Fs::real().read_only().write(&path, b"refused").is_err());
        assert_eq!(fs.read(&path).unwrap().as_deref(), Some(&b"new"[..]));
        std::fs::remove_dir_all(&dir).unwrap();
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
