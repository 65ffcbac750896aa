//! Clock skew: a signature carries the time it was made, and AWS services refuse one more than
//! about 5 minutes away from their own clock. When an answer says so, the client learns how far
//! off its clock is from the answer's `Date` header, signs every later request with the
//! corrected time, and tries the refused request once more.
//!
//! The codes are those the AWS SDKs take for a skewed clock (Java's and JavaScript's lists):
//! `RequestTimeTooSkewed`, `RequestExpired`, `RequestInTheFuture`, `InvalidSignatureException`,
//! `SignatureDoesNotMatch` and `AuthFailure`. Some of them also mean a signature that is
//! simply wrong, so the code alone is not enough: the answer's `Date` must be at least
//! [`THRESHOLD`] away from the (corrected) time the client signed with. A wrong signature from
//! a client whose clock is right is therefore not retried.

use crate::encoding::timestamp::{from_text, TimestampFormat};
use crate::error::ErrorMetadata;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

const SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// How far from the service's clock the client's must be for a refusal to be taken as skew:
/// under the 5 minutes SigV4 allows, so that a clock just past the limit (plus the time the
/// answer took) is corrected too.
const THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// How far the service's clock is ahead of the client's, learned from answers; shared by the
/// clones of a client.
#[derive(Debug, Default)]
pub(crate) struct ClockSkew {
    /// Milliseconds to add to the client's clock (negative when it is ahead).
    offset_ms: AtomicI64,
}

impl ClockSkew {
    /// `now` on the service's clock.
    pub(crate) fn corrected(&self, now: SystemTime) -> SystemTime {
        shift(now, self.offset_ms.load(Ordering::Acquire))
    }

    /// Learns the offset from an error answer (its metadata and `Date` header) received at
    /// `now` on the client's clock. True when the answer refused the request for its time and
    /// the offset changed: the request is worth signing again.
    pub(crate) fn learn(&self, meta: &ErrorMetadata, date: Option<&str>, now: SystemTime) -> bool {
        let Some(code) = meta.code() else {
            return false;
        };
        if !SKEW_CODES.contains(&code) {
            return false;
        }
        let Some(server) = date
            .and_then(|date| from_text(date.trim(), TimestampFormat::HttpDate).ok())
            .and_then(|date| SystemTime::try_from(date).ok())
        else {
            return false;
        };
        let offset = millis_between(now, server);
        let previous = self.offset_ms.load(Ordering::Acquire);
        if offset.abs_diff(previous) < THRESHOLD.as_millis() as u64 {
            return false;
        }
        self.offset_ms.store(offset, Ordering::Release);
        tracing::debug!(
            code,
            offset_seconds = offset / 1000,
            "the service's clock differs from ours: signing with its time"
        );
        true
    }
}

/// `time` moved by `offset_ms` (saturating at the ends of `SystemTime`).
fn shift(time: SystemTime, offset_ms: i64) -> SystemTime {
    let by = Duration::from_millis(offset_ms.unsigned_abs());
    let shifted = if offset_ms >= 0 {
        time.checked_add(by)
    } else {
        time.checked_sub(by)
    };
    shifted.unwrap_or(time)
}

/// `to - from` in milliseconds.
fn millis_between(from: SystemTime, to: SystemTime) -> i64 {
    match to.duration_since(from) {
        Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX),
        Err(behind) => i64::try_from(behind.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(code: &str) -> ErrorMetadata {
        ErrorMetadata::new(Some(code.into()), None, 403, None)
    }

    /// 2023-11-14T22:13:20Z.
    fn at(seconds_after: i64) -> SystemTime {
        shift(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            seconds_after * 1000,
        )
    }

    const DATE: &str = "Tue, 14 Nov 2023 22:13:20 GMT";

    #[test]
    fn a_skew_code_with_a_distant_date_teaches_the_offset() {
        for code in SKEW_CODES {
            let skew = ClockSkew::default();
            // Our clock is an hour behind the service's.
            assert!(skew.learn(&meta(code), Some(DATE), at(-3_600)), "{code}");
            assert_eq!(skew.corrected(at(-3_600)), at(0));
            // Learned once: the same answer again changes nothing.
            assert!(!skew.learn(&meta(code), Some(DATE), at(-3_600)));
        }
        // A clock ahead of the service's is corrected backwards.
        let skew = ClockSkew::default();
        assert!(skew.learn(&meta("RequestInTheFuture"), Some(DATE), at(900)));
        assert_eq!(skew.corrected(at(1_000)), at(100));
    }

    #[test]
    fn nothing_is_learned_without_a_skew_code_a_date_or_a_distant_date() {
        let skew = ClockSkew::default();
        assert!(!skew.learn(&meta("AccessDeniedException"), Some(DATE), at(-3_600)));
        assert!(!skew.learn(&meta("InvalidSignatureException"), None, at(-3_600)));
        assert!(!skew.learn(
            &meta("InvalidSignatureException"),
            Some("yesterday"),
            at(-3_600)
        ));
        assert!(!skew.learn(&ErrorMetadata::default(), Some(DATE), at(-3_600)));
        // Three minutes off: under the threshold, a wrong signature rather than a wrong clock.
        assert!(!skew.learn(&meta("SignatureDoesNotMatch"), Some(DATE), at(-180)));
        assert_eq!(skew.corrected(at(7)), at(7));
    }

    #[test]
    fn extreme_times_saturate() {
        let skew = ClockSkew::default();
        assert!(skew.learn(&meta("RequestExpired"), Some(DATE), SystemTime::UNIX_EPOCH));
        let _ = skew.corrected(SystemTime::UNIX_EPOCH);
        assert_eq!(millis_between(at(0), at(-1)), -1_000);
        let _ = shift(SystemTime::UNIX_EPOCH, i64::MIN);
        let _ = shift(at(0), i64::MAX);
    }
}
