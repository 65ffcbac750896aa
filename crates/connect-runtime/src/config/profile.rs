//! The shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`) in the
//! format the AWS SDKs and CLI share.
//!
//! - `[section]` headers, `key = value` properties; lines whose first non-blank character is
//!   `#` or `;` are comments, and so is the rest of a line after a header, or after a `#` or
//!   `;` that follows whitespace in a value (`region = eu-west-1 # Ireland`).
//! - In the config file profiles are `[profile name]`, except `[default]`; `[sso-session x]`
//!   and `[services x]` sections are kept beside them, other section types skipped, and a bare
//!   `[name]` is skipped with a warning. In the credentials file profiles are `[name]`, and `[profile name]` is skipped
//!   with a warning.
//! - A line that starts with whitespace continues the previous property's value (unless it is a
//!   comment or a section header).
//! - Keys are case-insensitive. A profile set twice has its properties merged, later values
//!   winning; the credentials file wins over the config file.
//! - Anything else is an error that names the line; nothing here panics.

use crate::sorted_map::SortedMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which of the two files a text comes from: they spell profile headers differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `~/.aws/config` (or `AWS_CONFIG_FILE`).
    Config,
    /// `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`).
    Credentials,
}

impl FileKind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::Config => "shared config file",
            Self::Credentials => "shared credentials file",
        }
    }
}

/// A property's value and the file that set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Property {
    pub(crate) value: String,
    pub(crate) file: Arc<Path>,
}

/// The properties of one profile, by lower-case key.
pub(crate) type Profile = SortedMap<Property>;

/// The profiles of both files, and the config file's `[sso-session]` and `[services]` sections
/// (whose properties are stored as a profile's are).
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Profiles {
    profiles: SortedMap<Profile>,
    sso_sessions: SortedMap<Profile>,
    services: SortedMap<Profile>,
}

// Values can be secrets: Debug shows profile names and keys only.
impl fmt::Debug for Profiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.profiles
                    .iter()
                    .map(|(name, profile)| (name, profile.keys().collect::<Vec<_>>())),
            )
            .finish()
    }
}

/// A line of a profile file that does not follow the format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Profile,
    SsoSession,
    Services,
}

enum Section {
    Kept(Kind, String),
    Skipped,
}

impl Profiles {
    /// The profile called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The `[sso-session name]` section.
    pub(crate) fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// The `[services name]` section.
    pub(crate) fn services(&self, name: &str) -> Option<&Profile> {
        self.services.get(name)
    }

    fn sections(&mut self, kind: Kind) -> &mut SortedMap<Profile> {
        match kind {
            Kind::Profile => &mut self.profiles,
            Kind::SsoSession => &mut self.sso_sessions,
            Kind::Services => &mut self.services,
        }
    }

    /// Adds the profiles of `text`, read from `file`; a property already present is replaced.
    pub(crate) fn merge(
        &mut self,
        text: &str,
        kind: FileKind,
        file: &Path,
    ) -> Result<(), ParseError> {
        let file: Arc<Path> = Arc::from(file);
        let mut section: Option<Section> = None;
        let mut last_key: Option<String> = None;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let error = |message: String| ParseError { line, message };
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
                continue;
            }
            if let Some(header) = trimmed.strip_prefix('[') {
                let Some((name, rest)) = header.split_once(']') else {
                    return Err(error(format!(
                        "the section header `{trimmed}` has no closing `]`"
                    )));
                };
                let rest = rest.trim();
                if !rest.is_empty() && !rest.starts_with(['#', ';']) {
                    return Err(error(format!(
                        "unexpected `{rest}` after the section header `[{name}]`"
                    )));
                }
                let parsed = section_of(name.trim(), kind, &file).map_err(error)?;
                if let Section::Kept(kind, name) = &parsed {
                    self.sections(*kind)
                        .get_or_insert_with(name, SortedMap::new);
                }
                section = Some(parsed);
                last_key = None;
                continue;
            }
            if raw.starts_with([' ', '\t']) {
                match (&section, &last_key) {
                    (Some(Section::Kept(kind, name)), Some(key)) => {
                        let (kind, name) = (*kind, name.clone());
                        if let Some(property) = self
                            .sections(kind)
                            .get_mut(&name)
                            .and_then(|profile| profile.get_mut(key))
                        {
                            property.value.push('\n');
                            property.value.push_str(trimmed);
                        }
                    }
                    (Some(Section::Skipped), Some(_)) => {}
                    _ => {
                        return Err(error(
                            "a line that starts with whitespace continues a property, but no \
                             property precedes it"
                                .into(),
                        ))
                    }
                }
                continue;
            }
            let Some((key, value)) = raw.split_once('=') else {
                return Err(error(format!(
                    "expected `key = value`, a `[section]` header or a comment, found `{trimmed}`"
                )));
            };
            let key = key.trim().to_ascii_lowercase();
            if key.is_empty() {
                return Err(error("a property needs a name before its `=`".into()));
            }
            match &section {
                None => {
                    let header = match kind {
                        FileKind::Config => "[profile name]",
                        FileKind::Credentials => "[name]",
                    };
                    return Err(error(format!(
                        "property `{key}` comes before any section: add a `{header}` line above it"
                    )));
                }
                Some(Section::Kept(kind, name)) => {
                    let property = Property {
                        value: strip_comment(value).trim().to_owned(),
                        file: Arc::clone(&file),
                    };
                    let (kind, name) = (*kind, name.clone());
                    self.sections(kind)
                        .get_or_insert_with(&name, SortedMap::new)
                        .insert(key.clone(), property);
                }
                Some(Section::Skipped) => {}
            }
            last_key = Some(key);
        }
        Ok(())
    }
}

/// The section a header names, or `Skipped` for sections of other types.
fn section_of(name: &str, kind: FileKind, file: &Path) -> Result<Section, String> {
    if name.is_empty() {
        return Err("a section header needs a name: `[]` is empty".into());
    }
    let (section, section_name) = match kind {
        FileKind::Credentials => (Kind::Profile, name),
        FileKind::Config if name == "default" => (Kind::Profile, name),
        FileKind::Config if name == "profile" => {
            return Err("`[profile]` needs a profile name after `profile`".into())
        }
        FileKind::Config => {
            let typed = [
                ("profile", Kind::Profile),
                ("sso-session", Kind::SsoSession),
                ("services", Kind::Services),
            ]
            .into_iter()
            .find_map(|(prefix, kind)| Some((kind, typed_name(name, prefix)?)));
            match typed {
                Some(found) => found,
                None if is_profile_name(name) => {
                    tracing::warn!(
                        file = %file.display(),
                        "section `[{name}]` in the config file is skipped: profiles there are \
                         written `[profile {name}]`"
                    );
                    return Ok(Section::Skipped);
                }
                // Section types the SDK has no use for.
                None => return Ok(Section::Skipped),
            }
        }
    };
    if is_profile_name(section_name) {
        Ok(Section::Kept(section, section_name.to_owned()))
    } else {
        tracing::warn!(
            file = %file.display(),
            "section `[{name}]` in the {} is skipped: `{section_name}` is not a name",
            kind.describe()
        );
        Ok(Section::Skipped)
    }
}

/// The name of a `[<section_type> name]` header.
fn typed_name<'n>(header: &'n str, section_type: &str) -> Option<&'n str> {
    header
        .strip_prefix(section_type)
        .filter(|rest| rest.starts_with([' ', '\t']))
        .map(str::trim)
}

/// The sub-properties of a property whose value is indented `key = value` lines (the
/// `[services]` section's `connect =` followed by `  endpoint_url = ...`), keys in lower case.
pub(crate) fn sub_properties(value: &str) -> SortedMap<String> {
    value
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .filter(|(key, _)| !key.is_empty())
        .collect()
}

/// A profile name is one word of printable characters.
fn is_profile_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `value` up to a `#` or `;` that follows whitespace.
fn strip_comment(value: &str) -> &str {
    let mut previous_blank = false;
    for (index, c) in value.char_indices() {
        if previous_blank && (c == '#' || c == ';') {
            return &value[..index];
        }
        previous_blank = c == ' ' || c == '\t';
    }
    value
}

/// The line (1-based) of the first byte that is not UTF-8.
pub(crate) fn line_of_invalid_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> usize {
    1 + bytes[..error.valid_up_to()]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// `path` with a leading `~` replaced by `home`.
pub(crate) fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    let rest = if path == "~" {
        Some("")
    } else {
        path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"))
    };
    match (rest, home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(kind: FileKind, text: &str) -> Result<Profiles, ParseError> {
        let mut profiles = Profiles::default();
        profiles.merge(text, kind, Path::new("/h/.aws/file"))?;
        Ok(profiles)
    }

    fn value<'a>(profiles: &'a Profiles, profile: &str, key: &str) -> Option<&'a str> {
        profiles
            .get(profile)?
            .get(key)
            .map(|property| property.value.as_str())
    }

    fn error_line(kind: FileKind, text: &str) -> (usize, String) {
        let error = parse(kind, text).unwrap_err();
        (error.line, error.message)
    }

    #[test]
    fn sso_session_and_services_sections_are_kept_beside_profiles() {
        let text = "[profile dev]\nsso_session = corp\nservices = local\n\
                    [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                    sso_region = eu-west-1\n\
                    [services local]\nconnect =\n  endpoint_url = http://127.0.0.1:4566\n\
                    sts =\n  endpoint_url = http://127.0.0.1:5000\n\
                    [plugins x]\nkey = skipped\n";
        let profiles = parse(FileKind::Config, text).unwrap();
        assert_eq!(value(&profiles, "dev", "sso_session"), Some("corp"));
        let session = profiles.sso_session("corp").unwrap();
        assert_eq!(session["sso_region"].value, "eu-west-1");
        let services = profiles.services("local").unwrap();
        let connect = sub_properties(&services["connect"].value);
        assert_eq!(connect["endpoint_url"], "http://127.0.0.1:4566");
        let sts = sub_properties(&services["sts"].value);
        assert_eq!(sts["endpoint_url"], "http://127.0.0.1:5000");
        assert!(profiles.get("x").is_none() && profiles.services("x").is_none());
        // A profile is not a session, nor the other way round.
        assert!(profiles.sso_session("dev").is_none() && profiles.get("corp").is_none());
    }

    #[test]
    fn config_file_headers_comments_and_whitespace() {
        let text = "\
# a comment
; another
[default]
region=us-east-1
  [profile dev]   # trailing comment
Region = eu-west-1 # Ireland
output = json;not a comment
empty =
[ profile  spaced ]
key = a#b c;d
\tcontinued
    # indented comment
[sso-session corp]
sso_region = us-east-1
[bare]
region = ignored
[profile default]
extra = yes
";
        let profiles = parse(FileKind::Config, text).unwrap();
        assert_eq!(value(&profiles, "default", "region"), Some("us-east-1"));
        assert_eq!(value(&profiles, "default", "extra"), Some("yes"));
        assert_eq!(value(&profiles, "dev", "region"), Some("eu-west-1"));
        assert_eq!(
            value(&profiles, "dev", "output"),
            Some("json;not a comment")
        );
        assert_eq!(value(&profiles, "dev", "empty"), Some(""));
        assert_eq!(
            value(&profiles, "spaced", "key"),
            Some("a#b c;d\ncontinued")
        );
        assert!(profiles.get("corp").is_none());
        assert!(profiles.get("sso-session corp").is_none());
        assert!(profiles.get("bare").is_none());
    }

    #[test]
    fn credentials_file_names_profiles_without_prefix() {
        let text = "[default]\r\naws_access_key_id = A\r\n[profile dev]\r\naws_access_key_id = B\r\n[dev]\r\nAWS_ACCESS_KEY_ID=C\r\n";
        let profiles = parse(FileKind::Credentials, text).unwrap();
        assert_eq!(value(&profiles, "default", "aws_access_key_id"), Some("A"));
        assert_eq!(value(&profiles, "dev", "aws_access_key_id"), Some("C"));
        assert!(profiles.get("profile dev").is_none());
    }

    #[test]
    fn later_values_and_files_win() {
        let mut profiles = Profiles::default();
        profiles
            .merge(
                "[profile a]\nregion = r1\nk = 1\n[profile a]\nregion = r2\n",
                FileKind::Config,
                Path::new("/c"),
            )
            .unwrap();
        profiles
            .merge("[a]\nk = 2\n", FileKind::Credentials, Path::new("/k"))
            .unwrap();
        let a = profiles.get("a").unwrap();
        assert_eq!(a["region"].value, "r2");
        assert_eq!(&*a["region"].file, Path::new("/c"));
        assert_eq!(a["k"].value, "2");
        assert_eq!(&*a["k"].file, Path::new("/k"));
    }

    #[test]
    fn malformed_lines_are_errors_naming_the_line() {
        use FileKind::{Config, Credentials};
        let cases: &[(FileKind, &str, usize, &str)] = &[
            (
                Config,
                "region = x\n",
                1,
                "comes before any section: add a `[profile name]`",
            ),
            (Credentials, "\n\nk = v", 3, "add a `[name]` line"),
            (Config, "[default\nk = v", 1, "has no closing `]`"),
            (Config, "[default] x", 1, "unexpected `x`"),
            (Config, "[default]\njust words", 2, "expected `key = value`"),
            (Config, "[default]\n= v", 2, "needs a name before its `=`"),
            (Config, "[]\n", 1, "`[]` is empty"),
            (Config, "[profile]\n", 1, "needs a profile name"),
            (
                Config,
                "[default]\n  continued",
                2,
                "no property precedes it",
            ),
            (Config, "  indented = 1\n", 1, "no property precedes it"),
        ];
        for (kind, text, line, message) in cases {
            let (found_line, found) = error_line(*kind, text);
            assert_eq!(found_line, *line, "{text:?}: {found}");
            assert!(found.contains(message), "{text:?}: {found}");
        }
    }

    #[test]
    fn debug_shows_no_values() {
        let profiles = parse(
            FileKind::Credentials,
            "[p]\naws_secret_access_key = s3cr3t\n",
        )
        .unwrap();
        let shown = format!("{profiles:?}");
        assert!(shown.contains("aws_secret_access_key"), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn home_is_expanded_only_at_the_start() {
        let home = Path::new("/home/me");
        assert_eq!(expand_home("~/x/y", Some(home)), home.join("x/y"));
        assert_eq!(expand_home("~", Some(home)), home.to_path_buf());
        assert_eq!(expand_home("/a/~/b", Some(home)), PathBuf::from("/a/~/b"));
        assert_eq!(
            expand_home("~other/x", Some(home)),
            PathBuf::from("~other/x")
        );
        assert_eq!(expand_home("~/x", None), PathBuf::from("~/x"));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut bytes = b"[default]\nregion = a\nkey = ".to_vec();
        bytes.extend([0xff, b'\n']);
        let error = std::str::from_utf8(&bytes).unwrap_err();
        assert_eq!(line_of_invalid_utf8(&bytes, &error), 3);
    }
}
