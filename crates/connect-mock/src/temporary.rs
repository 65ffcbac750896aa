//! Temporary credentials as the local credential endpoints hand them out, and the RFC 3339
//! timestamps their answers carry.

use crate::json_escape;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// An access key pair with a session token and an expiry: what the instance metadata service
/// and the container credentials endpoints answer. The secret key and the token never appear
/// in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct TemporaryCredentials {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `SecretAccessKey`.
    pub secret_access_key: String,
    /// `Token`.
    pub session_token: String,
    /// `Expiration`, written in whole seconds.
    pub expiration: SystemTime,
}

impl TemporaryCredentials {
    /// Credentials from any string-like values, valid until `expiration`.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: impl Into<String>,
        expiration: SystemTime,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: session_token.into(),
            expiration,
        }
    }

    /// The body of `GET /latest/meta-data/iam/security-credentials/<role>`, as EC2 writes it.
    #[must_use]
    pub fn imds_json(&self) -> String {
        format!(
            "{{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"{}\",\n  \"Type\" : \
             \"AWS-HMAC\",\n  {}\n}}",
            rfc3339(SystemTime::now()),
            self.members(),
        )
    }

    /// The body a container credentials endpoint (ECS, EKS Pod Identity) answers.
    #[must_use]
    pub fn container_json(&self) -> String {
        format!(
            "{{\"RoleArn\":\"arn:aws:iam::111122223333:role/fake-task\",{}}}",
            self.members()
        )
    }

    fn members(&self) -> String {
        format!(
            "\"AccessKeyId\" : \"{}\",\n  \"SecretAccessKey\" : \"{}\",\n  \"Token\" : \"{}\",\n  \
             \"Expiration\" : \"{}\"",
            json_escape(&self.access_key_id),
            json_escape(&self.secret_access_key),
            json_escape(&self.session_token),
            rfc3339(self.expiration),
        )
    }
}

// Hand-written so that a secret never ends up in test logs or panic messages.
impl fmt::Debug for TemporaryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TemporaryCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &"** redacted **")
            .field("expiration", &rfc3339(self.expiration))
            .finish()
    }
}

/// `time` as an RFC 3339 UTC date-time in whole seconds, e.g. `2021-09-18T03:31:56Z` (times
/// before 1970 are written as the epoch: no credential endpoint has a use for them).
#[must_use]
pub fn rfc3339(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let (days, of_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The Gregorian date `days` after 1970-01-01, counted in 400-year eras of 146,097 days that
/// start on March 1st (so that the leap day ends a year).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(seconds: u64) -> String {
        rfc3339(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    #[test]
    fn dates_are_written_in_utc_to_the_second() {
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(1_631_935_916), "2021-09-18T03:31:56Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00Z");
        assert_eq!(at(1_704_067_199), "2023-12-31T23:59:59Z");
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(rfc3339(before), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn answers_carry_every_member_and_debug_hides_the_secrets() {
        let expiry = UNIX_EPOCH + Duration::from_secs(1_631_935_916);
        let credentials = TemporaryCredentials::new("ASIAFAKE", "s3cr3t\"x", "t0k3n", expiry);
        let imds = credentials.imds_json();
        for part in [
            "\"Code\" : \"Success\"",
            "\"AccessKeyId\" : \"ASIAFAKE\"",
            "\"SecretAccessKey\" : \"s3cr3t\\\"x\"",
            "\"Token\" : \"t0k3n\"",
            "\"Expiration\" : \"2021-09-18T03:31:56Z\"",
        ] {
            assert!(imds.contains(part), "{part} in {imds}");
        }
        assert!(credentials.container_json().contains("\"RoleArn\""));
        let shown = format!("{credentials:?}");
        assert!(shown.contains("ASIAFAKE") && shown.contains("2021-09-18T03:31:56Z"));
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("t0k3n"),
            "{shown}"
        );
    }
}
