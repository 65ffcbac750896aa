//! Timestamps: the [`DateTime`] type generated code uses, and the text forms the protocol
//! binds them to.
//!
//! `DateTime` is `aws-smithy-types`' type, the one `aws-sdk-*` users already know; the crate is
//! in the dependency tree anyway through `aws-sigv4`.

use super::{EncodeError, Place};
pub use aws_smithy_types::date_time::Format as TimestampFormat;
pub use aws_smithy_types::DateTime;

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
}
