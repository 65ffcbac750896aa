//! How long an error answer asks the client to wait before trying again: `x-amz-retry-after`
//! (milliseconds, the AWS services' header) or `Retry-After` (HTTP: seconds, or a date).
//!
//! The hint stretches the backoff, within bounds: the wait is at least the backoff (so that
//! many clients told the same thing do not all come back at once), at most 5 s more than it,
//! as the AWS SDKs' newer retry behaviour allows, and never more than `max_backoff` (20 s by
//! default), so that no answer can park a call. A hint that asks for less than the backoff
//! changes nothing. Only answers that are retried anyway are affected: a hint never makes an
//! error retryable.

use crate::encoding::timestamp::{from_text, TimestampFormat};
use std::time::{Duration, SystemTime};

/// The most a hint adds to the backoff.
const MAX_STRETCH: Duration = Duration::from_secs(5);

/// The wait an answer whose headers are looked up with `header` asks for, from `now`; `None`
/// without a readable hint.
pub(crate) fn requested<'a>(
    header: impl Fn(&str) -> Option<&'a str>,
    now: SystemTime,
) -> Option<Duration> {
    if let Some(millis) =
        header("x-amz-retry-after").and_then(|value| value.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_millis(millis));
    }
    let value = header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = from_text(value, TimestampFormat::HttpDate).ok()?;
    let at = SystemTime::try_from(date).ok()?;
    // A date in the past asks for no wait.
    Some(at.duration_since(now).unwrap_or_default())
}

/// The wait before a retry: `backoff`, stretched towards `hint` within the bounds above.
pub(crate) fn bounded(
    backoff: Duration,
    hint: Option<Duration>,
    max_backoff: Duration,
) -> Duration {
    let Some(hint) = hint else {
        return backoff;
    };
    let ceiling = backoff.saturating_add(MAX_STRETCH).min(max_backoff);
    hint.min(ceiling).max(backoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Duration = Duration::from_secs(1_700_000_000);

    fn hint(headers: &[(&'static str, &'static str)]) -> Option<Duration> {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| *value)
        };
        requested(header, SystemTime::UNIX_EPOCH + NOW)
    }

    #[test]
    fn hints_are_read_from_either_header() {
        assert_eq!(hint(&[]), None);
        assert_eq!(
            hint(&[("x-amz-retry-after", "1500")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            hint(&[("retry-after", " 3 ")]),
            Some(Duration::from_secs(3))
        );
        // The AWS header wins.
        assert_eq!(
            hint(&[("retry-after", "9"), ("x-amz-retry-after", "250")]),
            Some(Duration::from_millis(250))
        );
        // 2023-11-14T22:13:20Z is NOW; seven seconds later, and one in the past.
        assert_eq!(
            hint(&[("retry-after", "Tue, 14 Nov 2023 22:13:27 GMT")]),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            hint(&[("retry-after", "Tue, 14 Nov 2023 22:13:00 GMT")]),
            Some(Duration::ZERO)
        );
        for unreadable in ["soon", "-1", "1.5", ""] {
            assert_eq!(hint(&[("retry-after", unreadable)]), None, "{unreadable}");
            assert_eq!(
                hint(&[("x-amz-retry-after", unreadable)]),
                None,
                "{unreadable}"
            );
        }
    }

    #[test]
    fn the_hint_stretches_the_backoff_by_at_most_five_seconds_and_the_cap() {
        let ms = Duration::from_millis;
        let max = Duration::from_secs(20);
        assert_eq!(bounded(ms(300), None, max), ms(300));
        assert_eq!(bounded(ms(300), Some(ms(3_000)), max), ms(3_000));
        assert_eq!(bounded(ms(300), Some(ms(600_000)), max), ms(5_300));
        assert_eq!(bounded(ms(300), Some(ms(10)), max), ms(300));
        assert_eq!(bounded(ms(18_000), Some(ms(60_000)), max), max);
        assert_eq!(bounded(ms(100), Some(ms(900)), ms(500)), ms(500));
        assert_eq!(
            bounded(Duration::MAX, Some(Duration::MAX), Duration::MAX),
            Duration::MAX
        );
    }
}
