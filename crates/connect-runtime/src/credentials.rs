//! AWS credentials, kept out of `Debug` output.

use std::fmt;

/// An access key pair, with an optional session token for temporary credentials.
///
/// The secret key and the session token never appear in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Credentials from explicit values.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set,
    /// `AWS_SESSION_TOKEN`; `None` when either of the first two is missing or empty.
    pub fn from_env() -> Option<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup` (testable without
    /// touching the process environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let non_empty = |name: &str| lookup(name).filter(|value| !value.is_empty());
        Some(Self::new(
            non_empty("AWS_ACCESS_KEY_ID")?,
            non_empty("AWS_SECRET_ACCESS_KEY")?,
            non_empty("AWS_SESSION_TOKEN"),
        ))
    }

    /// The access key id (not a secret: it appears in every signed request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let credentials = Credentials::new("AKID", "s3cr3t", Some("t0k3n".into()));
        let shown = format!("{credentials:?} {credentials:#?}");
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("s3cr3t"));
        assert!(!shown.contains("t0k3n"));
    }

    #[test]
    fn environment_needs_both_keys() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(
            Credentials::from_lookup(env(&[("AWS_ACCESS_KEY_ID", "A")])),
            None
        );
        assert_eq!(
            Credentials::from_lookup(env(&[
                ("AWS_ACCESS_KEY_ID", "A"),
                ("AWS_SECRET_ACCESS_KEY", "")
            ])),
            None
        );
        let full = Credentials::from_lookup(env(&[
            ("AWS_ACCESS_KEY_ID", "A"),
            ("AWS_SECRET_ACCESS_KEY", "S"),
            ("AWS_SESSION_TOKEN", "T"),
        ]))
        .unwrap();
        assert_eq!(full, Credentials::new("A", "S", Some("T".into())));
    }
}
