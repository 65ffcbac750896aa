//! What a profile's credentials are made of, as the AWS SDKs read the shared files: where the
//! first credentials come from (static keys, a web identity, IAM Identity Center, a process,
//! or a `credential_source`), then the roles assumed one after the other (`role_arn` with
//! `source_profile`, which may chain through several profiles).
//!
//! In a profile, `role_arn` comes first (with `source_profile` or `credential_source`, or with
//! `web_identity_token_file` for a web identity), then IAM Identity Center (`sso_session` or
//! `sso_start_url`), static keys, and `credential_process`.

use super::CredentialsError;
use crate::config::profile::{Profile, Profiles};
use crate::credentials::Credentials;

/// A profile's credentials: `base`, then each of `roles` assumed with the credentials before it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) base: Base,
    pub(crate) roles: Vec<Role>,
}

/// Where the first credentials of a [`Plan`] come from.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Base {
    /// `aws_access_key_id`, `aws_secret_access_key` (and `aws_session_token`).
    Static(Credentials),
    /// `web_identity_token_file` with the profile's `role_arn`.
    WebIdentity {
        role_arn: String,
        token_file: String,
        session_name: Option<String>,
    },
    /// IAM Identity Center: the profile named here has `sso_session` or `sso_start_url`.
    Sso { profile: String },
    /// `credential_process` of the profile named here.
    Process { profile: String, command: String },
    /// `credential_source`.
    Source(CredentialSource),
}

/// The values `credential_source` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CredentialSource {
    /// `Environment`: the environment variables' keys.
    Environment,
    /// `Ec2InstanceMetadata`: the instance's role, from IMDS.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the container credentials endpoint.
    EcsContainer,
}

/// One role to assume, as a profile with `role_arn` describes it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Role {
    /// The profile that names the role.
    pub(crate) profile: String,
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<i32>,
    pub(crate) mfa_serial: Option<String>,
}

/// The plan of profile `name`; `Ok(None)` when the profile exists but names no credentials at
/// all (the default chain then looks further). A profile reached through `source_profile`
/// must have credentials.
pub(crate) fn plan(profiles: &Profiles, name: &str) -> Result<Option<Plan>, CredentialsError> {
    let mut roles = Vec::new();
    let mut visited: Vec<String> = Vec::new();
    let mut current = name.to_owned();
    loop {
        let profile = profiles.get(&current).ok_or_else(|| {
            let by = visited.last().cloned().unwrap_or_default();
            invalid(
                &by,
                format!("its `source_profile` `{current}` is in neither the config nor the credentials file"),
            )
        })?;
        if visited.contains(&current) {
            visited.push(current);
            return Err(invalid(
                name,
                format!(
                    "its roles loop through source_profile: {}",
                    visited.join(" -> ")
                ),
            ));
        }
        let Some(role_arn) = value(profile, "role_arn") else {
            return match base(profile, &current)? {
                Some(base) => Ok(Some(Plan {
                    base,
                    roles: reversed(roles),
                })),
                None if visited.is_empty() => Ok(None),
                None => Err(invalid(
                    &current,
                    "it is a source_profile but has no credentials: no keys, role, web \
                     identity, IAM Identity Center or credential_process"
                        .into(),
                )),
            };
        };
        if let Some(token_file) = value(profile, "web_identity_token_file") {
            let base = Base::WebIdentity {
                role_arn: role_arn.to_owned(),
                token_file: token_file.to_owned(),
                session_name: value(profile, "role_session_name").map(str::to_owned),
            };
            return Ok(Some(Plan {
                base,
                roles: reversed(roles),
            }));
        }
        roles.push(role(profile, &current, role_arn)?);
        match (
            value(profile, "source_profile"),
            value(profile, "credential_source"),
        ) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    &current,
                    "it sets both `source_profile` and `credential_source`: choose one".into(),
                ))
            }
            (None, Some(source)) => {
                let base = Base::Source(credential_source(&current, source)?);
                return Ok(Some(Plan {
                    base,
                    roles: reversed(roles),
                }));
            }
            (None, None) => {
                return Err(invalid(
                    &current,
                    "it sets `role_arn` but neither `source_profile` nor `credential_source`"
                        .into(),
                ))
            }
            // A profile that is its own source uses its own keys for the first role.
            (Some(source), None) if source == current && has_keys(profile) => {
                let base = Base::Static(static_keys(profile, &current)?);
                return Ok(Some(Plan {
                    base,
                    roles: reversed(roles),
                }));
            }
            (Some(source), None) => {
                visited.push(current);
                current = source.to_owned();
            }
        }
    }
}

/// The roles were collected from the selected profile down to the source: they are assumed
/// the other way round.
fn reversed(mut roles: Vec<Role>) -> Vec<Role> {
    roles.reverse();
    roles
}

/// A profile without `role_arn`: IAM Identity Center, static keys, then `credential_process`.
fn base(profile: &Profile, name: &str) -> Result<Option<Base>, CredentialsError> {
    if value(profile, "sso_session").is_some() || value(profile, "sso_start_url").is_some() {
        return Ok(Some(Base::Sso {
            profile: name.to_owned(),
        }));
    }
    if has_keys(profile) || value(profile, "aws_secret_access_key").is_some() {
        return static_keys(profile, name).map(|keys| Some(Base::Static(keys)));
    }
    Ok(
        value(profile, "credential_process").map(|command| Base::Process {
            profile: name.to_owned(),
            command: command.to_owned(),
        }),
    )
}

fn has_keys(profile: &Profile) -> bool {
    value(profile, "aws_access_key_id").is_some()
}

fn static_keys(profile: &Profile, name: &str) -> Result<Credentials, CredentialsError> {
    let location = |key: &str| {
        let file = profile
            .get(key)
            .map(|property| property.file.display().to_string())
            .unwrap_or_default();
        format!("profile `{name}` in {file}")
    };
    match (
        value(profile, "aws_access_key_id"),
        value(profile, "aws_secret_access_key"),
    ) {
        (Some(id), Some(secret)) => Ok(Credentials::new(
            id,
            secret,
            value(profile, "aws_session_token").map(str::to_owned),
        )),
        (Some(_), None) => Err(CredentialsError::Incomplete {
            location: location("aws_access_key_id"),
            missing: "aws_secret_access_key",
        }),
        _ => Err(CredentialsError::Incomplete {
            location: location("aws_secret_access_key"),
            missing: "aws_access_key_id",
        }),
    }
}

fn role(profile: &Profile, name: &str, role_arn: &str) -> Result<Role, CredentialsError> {
    let duration_seconds = value(profile, "duration_seconds")
        .map(|text| {
            text.parse::<i32>()
                .ok()
                .filter(|seconds| *seconds > 0)
                .ok_or_else(|| {
                    invalid(
                        name,
                        format!("`duration_seconds` is `{text}`, not a number of seconds"),
                    )
                })
        })
        .transpose()?;
    Ok(Role {
        profile: name.to_owned(),
        role_arn: role_arn.to_owned(),
        session_name: value(profile, "role_session_name").map(str::to_owned),
        external_id: value(profile, "external_id").map(str::to_owned),
        duration_seconds,
        mfa_serial: value(profile, "mfa_serial").map(str::to_owned),
    })
}

fn credential_source(name: &str, source: &str) -> Result<CredentialSource, CredentialsError> {
    match source {
        "Environment" => Ok(CredentialSource::Environment),
        "Ec2InstanceMetadata" => Ok(CredentialSource::Ec2InstanceMetadata),
        "EcsContainer" => Ok(CredentialSource::EcsContainer),
        other => Err(invalid(
            name,
            format!(
                "`credential_source` is `{other}`; it must be Environment, \
                 Ec2InstanceMetadata or EcsContainer"
            ),
        )),
    }
}

/// A non-empty value of `key`.
fn value<'p>(profile: &'p Profile, key: &str) -> Option<&'p str> {
    profile
        .get(key)
        .map(|property| property.value.as_str())
        .filter(|value| !value.is_empty())
}

fn invalid(profile: &str, reason: String) -> CredentialsError {
    CredentialsError::InvalidProfile {
        profile: profile.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::profile::FileKind;
    use std::path::Path;

    fn profiles(config: &str) -> Profiles {
        let mut profiles = Profiles::default();
        profiles
            .merge(config, FileKind::Config, Path::new("/h/.aws/config"))
            .unwrap();
        profiles
    }

    fn role(profile: &str, arn: &str) -> Role {
        Role {
            profile: profile.into(),
            role_arn: arn.into(),
            session_name: None,
            external_id: None,
            duration_seconds: None,
            mfa_serial: None,
        }
    }

    #[test]
    fn roles_chain_through_source_profiles_and_are_assumed_from_the_source_up() {
        let files = profiles(
            "[profile top]\nrole_arn = arn:top\nsource_profile = middle\n\
             external_id = x\nrole_session_name = me\nduration_seconds = 900\n\
             [profile middle]\nrole_arn = arn:middle\nsource_profile = keys\n\
             [profile keys]\naws_access_key_id = A\naws_secret_access_key = S\n",
        );
        let plan = plan(&files, "top").unwrap().unwrap();
        assert_eq!(plan.base, Base::Static(Credentials::new("A", "S", None)));
        let top = Role {
            session_name: Some("me".into()),
            external_id: Some("x".into()),
            duration_seconds: Some(900),
            ..role("top", "arn:top")
        };
        assert_eq!(plan.roles, vec![role("middle", "arn:middle"), top]);
    }

    #[test]
    fn a_role_profile_may_be_its_own_source_or_name_a_credential_source() {
        let files = profiles(
            "[profile self]\nrole_arn = arn:self\nsource_profile = self\n\
             aws_access_key_id = A\naws_secret_access_key = S\n\
             [profile ec2]\nrole_arn = arn:ec2\ncredential_source = Ec2InstanceMetadata\n\
             [profile web]\nrole_arn = arn:web\nweb_identity_token_file = /t\n\
             [profile sso-source]\nrole_arn = arn:r\nsource_profile = sso\n\
             [profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n",
        );
        let self_plan = plan(&files, "self").unwrap().unwrap();
        assert_eq!(self_plan.roles, vec![role("self", "arn:self")]);
        assert!(matches!(self_plan.base, Base::Static(_)));
        let ec2 = plan(&files, "ec2").unwrap().unwrap();
        assert_eq!(
            ec2.base,
            Base::Source(CredentialSource::Ec2InstanceMetadata)
        );
        let web = plan(&files, "web").unwrap().unwrap();
        assert!(web.roles.is_empty());
        assert_eq!(
            web.base,
            Base::WebIdentity {
                role_arn: "arn:web".into(),
                token_file: "/t".into(),
                session_name: None
            }
        );
        let sso = plan(&files, "sso-source").unwrap().unwrap();
        assert_eq!(
            sso.base,
            Base::Sso {
                profile: "sso".into()
            }
        );
    }

    #[test]
    fn identity_center_then_keys_then_a_process() {
        let files = profiles(
            "[profile both]\nsso_start_url = https://x\naws_access_key_id = A\n\
             aws_secret_access_key = S\n\
             [profile keys]\naws_access_key_id = A\naws_secret_access_key = S\n\
             credential_process = never\n\
             [profile process]\ncredential_process = /bin/creds --json\n\
             [profile empty]\nregion = eu-west-1\n",
        );
        assert!(matches!(
            plan(&files, "both").unwrap().unwrap().base,
            Base::Sso { .. }
        ));
        assert!(matches!(
            plan(&files, "keys").unwrap().unwrap().base,
            Base::Static(_)
        ));
        assert_eq!(
            plan(&files, "process").unwrap().unwrap().base,
            Base::Process {
                profile: "process".into(),
                command: "/bin/creds --json".into()
            }
        );
        assert_eq!(plan(&files, "empty").unwrap(), None);
    }

    #[test]
    fn broken_profiles_are_errors_that_say_which_and_why() {
        let files = profiles(
            "[profile loop-a]\nrole_arn = arn:a\nsource_profile = loop-b\n\
             [profile loop-b]\nrole_arn = arn:b\nsource_profile = loop-a\n\
             [profile dangling]\nrole_arn = arn:d\nsource_profile = missing\n\
             [profile no-source]\nrole_arn = arn:n\n\
             [profile both]\nrole_arn = arn:b\nsource_profile = x\ncredential_source = Environment\n\
             [profile bad-source]\nrole_arn = arn:b\ncredential_source = Laptop\n\
             [profile empty-source]\nrole_arn = arn:e\nsource_profile = empty\n\
             [profile empty]\nregion = x\n\
             [profile half]\naws_access_key_id = A\n\
             [profile duration]\nrole_arn = arn:d\ncredential_source = Environment\n\
             duration_seconds = soon\n",
        );
        let error = |name: &str| plan(&files, name).unwrap_err().to_string();
        assert!(
            error("loop-a").contains("loop-a -> loop-b -> loop-a"),
            "{}",
            error("loop-a")
        );
        assert!(error("dangling").contains("`missing` is in neither"));
        assert!(error("dangling").contains("profile `dangling`"));
        assert!(error("no-source").contains("neither `source_profile` nor"));
        assert!(error("both").contains("both `source_profile` and `credential_source`"));
        assert!(error("bad-source").contains("`Laptop`"));
        assert!(error("empty-source").contains("profile `empty`"));
        assert!(error("half").contains("aws_secret_access_key"));
        assert!(error("duration").contains("`soon`"));
    }
}
