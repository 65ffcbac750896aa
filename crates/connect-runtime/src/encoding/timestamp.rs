//! Timestamps: the [`DateTime`] type generated code uses, and the text forms the protocol
//! binds them to.
//!
//! `DateTime` is `aws-smithy-types`' type, the one `aws-sdk-*` users already know; the crate is
//! in the dependency tree anyway through `aws-sigv4`.

use super::{EncodeError, Place};
use aws_smithy_types::date_time::DateTimeParseError;
pub use aws_smithy_types::date_time::Format as TimestampFormat;
pub use aws_smithy_types::DateTime;

/// `text` read as a timestamp in `format`. A date-time may carry a UTC offset
/// (`2019-12-16T22:48:18-01:00`), as RFC 3339 allows and Smithy's protocol tests ask clients
/// to read (`RestJsonDateTimeWithNegativeOffset`); `aws-smithy-types`' `DateTime` format alone
/// refuses offsets.
pub fn from_text(text: &str, format: TimestampFormat) -> Result<DateTime, DateTimeParseError> {
    DateTime::from_str(text, format).or_else(|error| match format {
        TimestampFormat::DateTime => {
            DateTime::from_str(text, TimestampFormat::DateTimeWithOffset).map_err(|_| error)
        }
        _ => Err(error),
    })
}

/// `value` as text in `format`, for a query parameter or a header of member `member`.
pub fn to_text(
    member: &'static str,
    value: &DateTime,
    format: TimestampFormat,
) -> Result<String, EncodeError> {
    value.fmt(format).map_err(|error| EncodeError {
        member,
        place: Place::Value,
        reason: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_has_its_text() {
        let value = DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000);
        let text = |format| to_text("Time", &value, format).unwrap();
        assert_eq!(text(TimestampFormat::EpochSeconds), "1515531081.123");
        assert_eq!(text(TimestampFormat::DateTime), "2018-01-09T20:51:21.123Z");
        assert_eq!(
            text(TimestampFormat::HttpDate),
            "Tue, 09 Jan 2018 20:51:21 GMT"
        );
    }

    #[test]
    fn date_times_may_carry_an_offset() {
        let value = DateTime::from_secs(1_576_540_098);
        for text in [
            "2019-12-16T23:48:18Z",
            "2019-12-16T22:48:18-01:00",
            "2019-12-17T00:48:18+01:00",
        ] {
            assert_eq!(from_text(text, TimestampFormat::DateTime).unwrap(), value);
        }
        let error = from_text("2019-12-16T23:48:18", TimestampFormat::DateTime).unwrap_err();
        assert!(error.to_string().contains("invalid"), "{error}");
        // Other formats are read as they are.
        assert!(from_text("2019-12-16T23:48:18Z", TimestampFormat::HttpDate).is_err());
    }
}
